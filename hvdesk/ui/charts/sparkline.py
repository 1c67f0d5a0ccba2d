"""The manager list's Activity column: a CPU and memory sparkline per running VM.

The delegate paints straight from the VM's history rings; the model holds no figures.
After each sample only the rows on screen whose VM got a new slot are repainted
(viewport().update(rect)), so a 1000-VM list costs what its ~30 visible rows cost.
"""

from __future__ import annotations

import math

from PySide6.QtCore import (
    QEvent,
    QModelIndex,
    QObject,
    QPoint,
    QPointF,
    QRect,
    QSize,
    Qt,
    QTimer,
)
from PySide6.QtGui import QColor, QHelpEvent, QPainter, QPainterPath, QPalette, QPen
from PySide6.QtWidgets import (
    QAbstractItemView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QToolTip,
    QTreeView,
)

from hvdesk.core.stats import StatsHub, VmHistory
from hvdesk.core.vm import VirtualMachine
from hvdesk.i18n import translate
from hvdesk.ui.charts import units
from hvdesk.ui.charts.colors import fill_color, series_color
from hvdesk.ui.vm_tree_model import VM_ROLE

SAMPLES = 60  # the sparkline shows the last minute at the default 1 s tick
TEXT_SAMPLE = "100 %"


def memory_fraction(history: VmHistory) -> list[float]:
    """What the guest uses (or, without balloon statistics, what it was given) of its
    maximum, per slot."""
    memory = history.memory.last(SAMPLES)
    used = history.used.last(SAMPLES)
    balloon = history.balloon.last(SAMPLES)
    out = []
    for total, u, b in zip(memory, used, balloon, strict=True):
        value = u if not math.isnan(u) else b
        out.append(value / total if total and not math.isnan(total) else math.nan)
    return out


def cpu_fraction(history: VmHistory) -> list[float]:
    vcpus = max(1, history.vcpus)
    return [min(1.0, v / vcpus) for v in history.cpu.last(SAMPLES)]


def sparkline_text(history: VmHistory | None) -> str:
    """The figure printed beside the sparkline: CPU % of the VM's vCPUs."""
    if history is None or not history.running:
        return ""
    value = history.cpu_percent_guest()
    return "" if math.isnan(value) else f"{value:.0f} %"


def sparkline_tooltip(vm: VirtualMachine, history: VmHistory | None) -> str:
    if history is None or not history.running:
        return translate("Sparkline", "{0}: no activity (not running)").format(vm.name)
    cpu = history.cpu_percent_guest()
    vcpus = history.vcpus
    lines = [
        translate("Sparkline", "CPU: {0} of {1} vCPU(s)").format(units.percent(cpu), vcpus),
        translate("Sparkline", "Memory: {0} given of {1}").format(
            units.mib(history.latest("balloon")), units.mib(history.latest("memory"))
        ),
    ]
    used = history.latest("used")
    if not math.isnan(used):
        lines.append(translate("Sparkline", "In use by the guest: {0}").format(units.mib(used)))
    return "\n".join(lines)


class SparklineDelegate(QStyledItemDelegate):
    def __init__(self, hub: StatsHub, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.hub = hub

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:  # type: ignore[override]
        size = super().sizeHint(option, index)
        return QSize(100, size.height())

    def _history(self, index: QModelIndex) -> tuple[VirtualMachine | None, VmHistory | None]:
        vm = index.data(VM_ROLE)
        if not isinstance(vm, VirtualMachine):
            return None, None
        return vm, self.hub.history(vm)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:  # type: ignore[override]
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        widget = opt.widget
        style = widget.style() if widget is not None else None
        if style is not None:  # selection and hover background, no text
            style.drawPrimitive(QStyle.PrimitiveElement.PE_PanelItemViewItem, opt, painter, widget)
        _vm, history = self._history(index)
        if history is None or not history.running:
            return
        rect = opt.rect.adjusted(3, 3, -3, -3)
        palette = opt.palette
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        text_role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        fm = opt.fontMetrics
        text_width = fm.horizontalAdvance(TEXT_SAMPLE)
        plot = rect.adjusted(0, 0, -text_width - 4, 0)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        cpu_color = series_color(palette, 0)
        mem_color = series_color(palette, 1)
        if plot.width() > 10:
            self._draw(painter, plot, cpu_fraction(history), cpu_color, fill=True)
            self._draw(painter, plot, memory_fraction(history), mem_color, fill=False)
        painter.setPen(palette.color(text_role))
        painter.drawText(
            rect.adjusted(rect.width() - text_width, 0, 0, 0),
            int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
            sparkline_text(history),
        )
        painter.restore()

    @staticmethod
    def _draw(
        painter: QPainter, plot: QRect, values: list[float], color: QColor, fill: bool
    ) -> None:
        if not values:
            return
        dx = plot.width() / max(1, SAMPLES - 1)
        x0 = plot.right() - (len(values) - 1) * dx
        runs: list[list[QPointF]] = [[]]
        for i, v in enumerate(values):
            if math.isnan(v):
                runs.append([])
                continue
            y = plot.bottom() - max(0.0, min(1.0, v)) * (plot.height() - 1)
            runs[-1].append(QPointF(x0 + i * dx, y))
        for run in runs:
            if len(run) < 2:
                continue
            line = QPainterPath(run[0])
            for p in run[1:]:
                line.lineTo(p)
            if fill:
                area = QPainterPath(line)
                area.lineTo(QPointF(run[-1].x(), plot.bottom()))
                area.lineTo(QPointF(run[0].x(), plot.bottom()))
                area.closeSubpath()
                painter.fillPath(area, fill_color(color, 0.3))
            painter.setPen(QPen(color, 1.2))
            painter.drawPath(line)

    def helpEvent(  # type: ignore[override]
        self,
        event: QHelpEvent,
        view: QAbstractItemView,
        option: QStyleOptionViewItem,
        index: QModelIndex,
    ) -> bool:
        if event.type() != QEvent.Type.ToolTip:
            return super().helpEvent(event, view, option, index)
        vm, history = self._history(index)
        if vm is None:
            return False
        QToolTip.showText(event.globalPos(), sparkline_tooltip(vm, history), view)
        return True


class SparklineColumn(QObject):
    """Puts the delegate on a tree's column and repaints the rows that changed.

    A tree repaints whole rows (every column's data() in Python): 40 rows at once cost
    ~30 ms here. So the rows go out a few at a time, one slice per turn of a short timer:
    the same work per sample, but no single long pause of the GUI thread."""

    ROWS_PER_SLICE = 8
    SLICE_MS = 20

    def __init__(self, tree: QTreeView, column: int, hub: StatsHub) -> None:
        super().__init__(tree)
        self.tree = tree
        self.column = column
        self.delegate = SparklineDelegate(hub, self)
        tree.setItemDelegateForColumn(column, self.delegate)
        hub.sampled.connect(self._sampled)
        self.repainted = 0  # rows repainted so far (for tests and benchmarks)
        self._pending: list[QRect] = []
        self._slicer = QTimer(self)
        self._slicer.setInterval(self.SLICE_MS)
        self._slicer.timeout.connect(self._next_slice)

    def _sampled(self, conn: object, uuids: frozenset[str]) -> None:
        tree = self.tree
        if not tree.isVisible() or tree.isColumnHidden(self.column) or not uuids:
            return
        height = tree.viewport().height()
        index = tree.indexAt(QPoint(1, 1))
        while index.isValid():
            rect = tree.visualRect(index.siblingAtColumn(self.column))
            if rect.top() > height:
                break
            vm = index.data(VM_ROLE)
            if isinstance(vm, VirtualMachine) and vm.connection is conn and vm.uuid in uuids:
                self._pending.append(rect)
            index = tree.indexBelow(index)
        if self._pending and not self._slicer.isActive():
            self._next_slice()
            self._slicer.start()

    def _next_slice(self) -> None:
        chunk = self._pending[: self.ROWS_PER_SLICE]
        del self._pending[: self.ROWS_PER_SLICE]
        viewport = self.tree.viewport()
        for rect in chunk:
            viewport.update(rect)
        self.repainted += len(chunk)
        if not self._pending:
            self._slicer.stop()
