"""State icons, painted so they read on light and dark themes alike."""

from __future__ import annotations

import sys
from functools import cache
from pathlib import Path

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPainterPath, QPen, QPixmap, QPolygonF

from hvdesk import APP_ID
from hvdesk.core.vm import VmState

_COLOURS = {
    VmState.RUNNING: "#2e9e44",
    VmState.PAUSED: "#d9a300",
    VmState.SHUTTING_DOWN: "#d96c00",
    VmState.SHUTOFF: "#8a8f98",
    VmState.SAVED: "#2f6fd6",
    VmState.CRASHED: "#d0342c",
    VmState.SUSPENDED: "#7a5cc7",
    VmState.UNKNOWN: "#8a8f98",
}


def _glyph(painter: QPainter, state: VmState, size: float) -> None:
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor("white"))
    c = size / 2
    u = size / 16
    if state in (VmState.RUNNING, VmState.SHUTTING_DOWN):
        painter.drawPolygon(
            QPolygonF(
                [
                    QPointF(c - 2.5 * u, c - 4 * u),
                    QPointF(c + 4 * u, c),
                    QPointF(c - 2.5 * u, c + 4 * u),
                ]
            )
        )
    elif state is VmState.PAUSED:
        painter.drawRect(QRectF(c - 3.5 * u, c - 4 * u, 2.5 * u, 8 * u))
        painter.drawRect(QRectF(c + 1 * u, c - 4 * u, 2.5 * u, 8 * u))
    elif state is VmState.SAVED:
        painter.drawRect(QRectF(c - 4 * u, c - 4 * u, 8 * u, 8 * u))
        painter.setBrush(QColor(_COLOURS[state]))
        painter.drawRect(QRectF(c - 2 * u, c - 4 * u, 4 * u, 3 * u))
    elif state is VmState.CRASHED:
        pen = QPen(QColor("white"), 2 * u)
        painter.setPen(pen)
        painter.drawLine(QPointF(c - 3 * u, c - 3 * u), QPointF(c + 3 * u, c + 3 * u))
        painter.drawLine(QPointF(c + 3 * u, c - 3 * u), QPointF(c - 3 * u, c + 3 * u))
    else:
        painter.drawRect(QRectF(c - 3.5 * u, c - 3.5 * u, 7 * u, 7 * u))


@cache
def state_icon(state: VmState) -> QIcon:
    icon = QIcon()
    for size in (16, 24, 32, 48):
        pixmap = QPixmap(size, size)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(_COLOURS[state]))
        painter.drawEllipse(QRectF(1, 1, size - 2, size - 2))
        _glyph(painter, state, size)
        painter.end()
        icon.addPixmap(pixmap)
    return icon


@cache
def host_icon(connected: bool) -> QIcon:
    icon = QIcon()
    for size in (16, 24, 32):
        pixmap = QPixmap(size, size)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        colour = QColor("#3b6ea8" if connected else "#8a8f98")
        u = size / 16
        path = QPainterPath()
        path.addRoundedRect(QRectF(1 * u, 2 * u, 14 * u, 9 * u), 1.5 * u, 1.5 * u)
        painter.fillPath(path, colour)
        painter.fillRect(QRectF(3 * u, 4 * u, 10 * u, 5 * u), QColor("white"))
        painter.fillRect(QRectF(6 * u, 11 * u, 4 * u, 2 * u), colour)
        painter.fillRect(QRectF(4 * u, 13 * u, 8 * u, 1.5 * u), colour)
        painter.end()
        icon.addPixmap(pixmap)
    return icon


def app_icon() -> QIcon:
    """The application icon: from the source tree, else the installed icon theme."""
    source = (
        Path(__file__).resolve().parents[2]
        / "icons" / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg"
    )  # fmt: skip
    installed = Path(sys.prefix) / "share" / "icons" / "hicolor" / "scalable" / "apps"
    for path in (source, installed / f"{APP_ID}.svg"):  # a checkout, then a wheel's data
        if path.is_file():
            return QIcon(str(path))
    return QIcon.fromTheme(APP_ID)
