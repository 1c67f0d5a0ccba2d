"""A time-series chart painted with QPainter: a title, a legend, labelled axes, hover values.

QPainter rather than QtCharts/QtGraphs (PySide6-Addons, ~60 MB more) or pyqtgraph (numpy):
a chart here is a few polylines over the last 1-60 minutes, repainted once a tick and
only when its VM has a new sample; a plain widget does that in well under a
millisecond, follows the palette and adds no dependency.
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPainterPath, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from hvdesk.i18n import translate
from hvdesk.ui.charts.colors import fill_color, grid_color, series_color
from hvdesk.ui.charts.units import nice_ceiling


@dataclass(frozen=True)
class Series:
    label: str
    values: Sequence[float]  # aligned with the chart's times; NaN is a gap


def _since(seconds: float) -> str:
    if seconds < 0.5:
        return translate("TimeChart", "now")
    if seconds < 120:
        return translate("TimeChart", "−{0} s").format(round(seconds))
    return translate("TimeChart", "−{0} min").format(f"{seconds / 60:g}")


class TimeChart(QWidget):
    def __init__(
        self,
        title: str,
        formatter: Callable[[float], str],
        *,
        fixed_max: float | None = None,
        ceiling: Callable[[float], float] = nice_ceiling,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.title = title
        self.ceiling = ceiling
        self.formatter = formatter
        self.fixed_max = fixed_max
        self.times: list[float] = []
        self.series: list[Series] = []
        self.now = 0.0
        self.window_s = 60.0
        self._hover_x: float | None = None
        self.empty_text = translate(
            "TimeChart", "No figures yet"
        )  # shown while no series has a value
        self.setMouseTracking(True)
        self.setAccessibleName(title)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def sizeHint(self) -> QSize:
        return QSize(420, 150)

    def minimumSizeHint(self) -> QSize:
        return QSize(220, 110)

    def set_data(
        self, times: Sequence[float], series: Sequence[Series], now: float, window_s: float
    ) -> None:
        self.times = list(times)
        self.series = list(series)
        self.now = now
        self.window_s = window_s
        self.update()

    def clear(self) -> None:
        self.set_data([], [], 0.0, self.window_s)

    def has_figures(self) -> bool:
        """Whether any series has a known value in the shown time range."""
        start = bisect.bisect_left(self.times, self.now - self.window_s)
        return any(not math.isnan(v) for s in self.series for v in s.values[start:])

    # ---- geometry ------------------------------------------------------------------------

    def y_max(self) -> float:
        if self.fixed_max is not None:
            return self.fixed_max
        start = bisect.bisect_left(self.times, self.now - self.window_s)
        peak = max(
            (v for s in self.series for v in s.values[start:] if not math.isnan(v)), default=0.0
        )
        return self.ceiling(peak)

    def plot_rect(self) -> QRectF:
        fm = self.fontMetrics()
        top_max = self.y_max()
        label_width = max(
            fm.horizontalAdvance(self.formatter(v)) for v in (top_max, top_max / 2, 0.0)
        )
        line = fm.height()
        return QRectF(
            label_width + 10,
            line + 8,
            max(10.0, self.width() - label_width - 18),
            max(10.0, self.height() - 2 * line - 14),
        )

    def _x(self, rect: QRectF, t: float) -> float:
        return rect.right() - (self.now - t) / self.window_s * rect.width()

    # ---- hover ---------------------------------------------------------------------------

    def index_at(self, x: float) -> int | None:
        if not self.times:
            return None
        rect = self.plot_rect()
        t = self.now - (rect.right() - x) / rect.width() * self.window_s
        i = bisect.bisect_left(self.times, t)
        candidates = [j for j in (i - 1, i) if 0 <= j < len(self.times)]
        best = min(candidates, key=lambda j: abs(self.times[j] - t))
        if self.times[best] < self.now - self.window_s:
            return None
        if abs(self._x(rect, self.times[best]) - x) > 8:  # no sample under the pointer
            return None
        return best

    def hover_text(self, x: float) -> str | None:
        """What the tooltip says with the pointer at x: when, then each series' value."""
        index = self.index_at(x)
        if index is None:
            return None
        lines = [f"{self.title} — {_since(self.now - self.times[index])}"]
        for s in self.series:
            value = s.values[index] if index < len(s.values) else math.nan
            lines.append(f"{s.label}: {self.formatter(value)}")
        return "\n".join(lines)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        x = event.position().x()
        self._hover_x = x
        text = self.hover_text(x)
        if text:
            QToolTip.showText(event.globalPosition().toPoint(), text, self)
        else:
            QToolTip.hideText()
        self.update()

    def leaveEvent(self, event: object) -> None:
        self._hover_x = None
        self.update()

    # ---- painting ------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        text = palette.color(QPalette.ColorRole.WindowText)
        fm = self.fontMetrics()
        rect = self.plot_rect()
        painter.fillRect(rect, palette.color(QPalette.ColorRole.Base))

        # Title left, legend right.
        painter.setPen(text)
        title_font = painter.font()
        title_font.setBold(True)
        painter.setFont(title_font)
        painter.drawText(QPointF(2, fm.ascent() + 2), self.title)
        painter.setFont(self.font())
        x = float(self.width() - 4)
        for i in reversed(range(len(self.series))):
            label = self.series[i].label
            x -= fm.horizontalAdvance(label)
            painter.setPen(text)
            painter.drawText(QPointF(x, fm.ascent() + 2), label)
            x -= 14
            painter.fillRect(QRectF(x, 2 + fm.ascent() / 2 - 4, 10, 8), series_color(palette, i))
            x -= 10

        # Grid and axes: value lines at 0, half and the top; time marks at both ends.
        top_max = self.y_max()
        painter.setPen(QPen(grid_color(palette), 1))
        for fraction in (0.0, 0.5, 1.0):
            y = rect.bottom() - fraction * rect.height()
            painter.drawLine(QPointF(rect.left(), y), QPointF(rect.right(), y))
            label = self.formatter(top_max * fraction)
            painter.setPen(text)
            painter.drawText(
                QRectF(0, y - fm.height() / 2, rect.left() - 6, fm.height()),
                int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
                label,
            )
            painter.setPen(QPen(grid_color(palette), 1))
        painter.setPen(text)
        base_y = rect.bottom() + 4
        for fraction, align in (
            (1.0, Qt.AlignmentFlag.AlignLeft),
            (0.5, Qt.AlignmentFlag.AlignHCenter),
            (0.0, Qt.AlignmentFlag.AlignRight),
        ):
            label = _since(self.window_s * fraction)
            x_at = rect.right() - fraction * rect.width()
            width = fm.horizontalAdvance(label) + 4
            left = {
                Qt.AlignmentFlag.AlignLeft: x_at,
                Qt.AlignmentFlag.AlignHCenter: x_at - width / 2,
                Qt.AlignmentFlag.AlignRight: x_at - width,
            }[align]
            painter.drawText(QRectF(left, base_y, width, fm.height()), int(align), label)

        if not self.has_figures():
            painter.setPen(text)
            painter.drawText(rect, int(Qt.AlignmentFlag.AlignCenter), self.empty_text)

        # The series, clipped to the plot.
        painter.save()
        painter.setClipRect(rect)
        for i, s in enumerate(self.series):
            color = series_color(palette, i)
            path = self._path(rect, s.values, top_max)
            if i == 0:
                self._fill_under(painter, rect, s.values, top_max, fill_color(color, 0.18))
            painter.setPen(QPen(color, 1.6))
            painter.drawPath(path)
        painter.restore()

        if self._hover_x is not None and rect.left() <= self._hover_x <= rect.right():
            marker = QColor(text)
            marker.setAlphaF(0.4)
            painter.setPen(QPen(marker, 1, Qt.PenStyle.DashLine))
            painter.drawLine(
                QPointF(self._hover_x, rect.top()), QPointF(self._hover_x, rect.bottom())
            )
        painter.end()

    def _points(
        self, rect: QRectF, values: Sequence[float], top_max: float
    ) -> list[QPointF | None]:
        """Screen points of the visible samples (None for gaps), at most ~2 per pixel."""
        start = max(0, bisect.bisect_left(self.times, self.now - self.window_s) - 1)
        count = min(len(self.times), len(values)) - start
        step = max(1, int(count / max(1.0, rect.width() * 2)))
        points: list[QPointF | None] = []
        for i in range(start, start + count, step):
            chunk = [v for v in values[i : i + step] if not math.isnan(v)]
            if not chunk:
                points.append(None)
                continue
            value = max(chunk)  # a short peak survives the thinning
            y = rect.bottom() - min(value, top_max * 1.05) / top_max * rect.height()
            points.append(QPointF(self._x(rect, self.times[i]), y))
        return points

    def _path(self, rect: QRectF, values: Sequence[float], top_max: float) -> QPainterPath:
        path = QPainterPath()
        pen_down = False
        for point in self._points(rect, values, top_max):
            if point is None:
                pen_down = False
            elif pen_down:
                path.lineTo(point)
            else:
                path.moveTo(point)
                pen_down = True
        return path

    def _fill_under(
        self,
        painter: QPainter,
        rect: QRectF,
        values: Sequence[float],
        top_max: float,
        color: QColor,
    ) -> None:
        run: list[QPointF] = []
        for point in [*self._points(rect, values, top_max), None]:
            if point is not None:
                run.append(point)
                continue
            if len(run) > 1:
                area = QPainterPath(QPointF(run[0].x(), rect.bottom()))
                for p in run:
                    area.lineTo(p)
                area.lineTo(QPointF(run[-1].x(), rect.bottom()))
                area.closeSubpath()
                painter.fillPath(area, color)
            run = []
