"""Host allocation: the running guests' vCPUs and memory against the host's, disk space
per VM, and the warning before a start that would over-commit the host's memory."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, QTimer, SignalInstance
from PySide6.QtGui import (
    QColor,
    QKeySequence,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
    QShortcut,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QSizePolicy,
    QTableWidget,
    QTableWidgetItem,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from hvdesk.core.allocation import (
    DiskUse,
    HostAllocation,
    StartOvercommit,
    host_allocation,
    measure_disks,
    start_overcommit,
)
from hvdesk.core.connection import Connection
from hvdesk.core.manager import ConnectionManager
from hvdesk.core.stats import StatsHub
from hvdesk.core.vm import VirtualMachine
from hvdesk.i18n import QT_TRANSLATE_NOOP, translate
from hvdesk.ui.charts import units
from hvdesk.ui.charts.colors import is_dark, series_color
from hvdesk.ui.tasks import TaskRunner


def warning_color(palette: QPalette) -> QColor:
    return QColor("#ff7b72") if is_dark(palette) else QColor("#c0262d")


# ---- the warning before a start ---------------------------------------------------------


def overcommit_text(over: StartOvercommit) -> str:
    return translate(
        "Allocation",
        "Starting '{0}' would allocate {1} of this host's {2} of memory to running VMs.",
    ).format(over.vm_name, units.mib(over.after_mib), units.mib(over.host_mib))


def ask_overcommit(parent: QWidget, over: StartOvercommit) -> asyncio.Future[bool]:
    """A non-blocking question (no nested event loop); the future says Start anyway."""
    future: asyncio.Future[bool] = asyncio.get_running_loop().create_future()
    box = QMessageBox(parent)
    box.setObjectName("overcommitWarning")
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(translate("Allocation", "Memory over-commit"))
    box.setText(overcommit_text(over))
    box.setInformativeText(
        translate(
            "Allocation",
            "The guests together could then use more memory than the host has: the host may "
            "swap and slow down, or stop a guest when memory runs out.",
        )
    )
    start = box.addButton(
        translate("Allocation", "Start Anyway"), QMessageBox.ButtonRole.AcceptRole
    )
    cancel = box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(cancel)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

    def finished(_result: int) -> None:
        if not future.done():
            future.set_result(box.clickedButton() is start)

    box.finished.connect(finished)
    box.open()
    return future


async def start_checked(parent: QWidget, vm: VirtualMachine) -> bool:
    """Start the VM, asking first when it would over-commit the host's memory.
    False when the user cancelled."""
    over = start_overcommit(vm)
    if over is not None and not await ask_overcommit(parent, over):
        return False
    await vm.start()
    return True


# ---- the bars ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Segment:
    label: str
    value: float


class AllocationBar(QWidget):
    """One resource: a stacked bar of the guests' shares and a mark at the host's total.
    Past the mark, the bar is over-committed and drawn hatched in the warning colour."""

    def __init__(
        self, title: str, formatter: Callable[[float], str], parent: QWidget | None = None
    ):
        super().__init__(parent)
        self.title = title
        self.formatter = formatter
        self.total = 0.0
        self.segments: list[Segment] = []
        self.setMouseTracking(True)
        self.setAccessibleName(title)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def sizeHint(self) -> QSize:
        return QSize(500, 3 * self.fontMetrics().height() + 30)

    def set_data(self, total: float, segments: list[Segment]) -> None:
        self.total = total
        self.segments = segments
        self.setAccessibleDescription(self.summary())
        self.update()

    @property
    def allocated(self) -> float:
        return sum(s.value for s in self.segments)

    @property
    def overcommitted(self) -> bool:
        return self.allocated > self.total

    def summary(self) -> str:
        share = 100 * self.allocated / self.total if self.total else 0
        text = translate(
            "Allocation", "{0}: {1} of {2} allocated to running VMs ({3:.0f} %)"
        ).format(self.title, self.formatter(self.allocated), self.formatter(self.total), share)
        if self.overcommitted:
            text += " — " + translate("Allocation", "over-committed by {0}").format(
                self.formatter(self.allocated - self.total)
            )
        return text

    def _bar_rect(self) -> QRectF:
        line = self.fontMetrics().height()
        return QRectF(2, line + 6, self.width() - 4, max(12, self.height() - 2 * line - 14))

    def _scale(self, bar: QRectF) -> float:
        return bar.width() / max(self.total, self.allocated, 1e-9)

    def segment_at(self, x: float) -> Segment | None:
        bar = self._bar_rect()
        scale = self._scale(bar)
        left = bar.left()
        for segment in self.segments:
            right = left + segment.value * scale
            if left <= x < right:
                return segment
            left = right
        return None

    def tooltip_at(self, x: float) -> str | None:
        segment = self.segment_at(x)
        if segment is None:
            return None
        share = 100 * segment.value / self.total if self.total else 0
        return translate("Allocation", "{0}: {1} ({2:.0f} % of the host)").format(
            segment.label, self.formatter(segment.value), share
        )

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        text = self.tooltip_at(event.position().x())
        if text:
            QToolTip.showText(event.globalPosition().toPoint(), text, self)
        else:
            QToolTip.hideText()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        palette = self.palette()
        text_color = palette.color(QPalette.ColorRole.WindowText)
        warn = warning_color(palette)
        fm = self.fontMetrics()
        bar = self._bar_rect()
        scale = self._scale(bar)
        painter.setPen(warn if self.overcommitted else text_color)
        painter.drawText(
            QRectF(2, 0, self.width() - 4, fm.height() + 4),
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
            self.summary(),
        )
        painter.fillRect(bar, palette.color(QPalette.ColorRole.Base))
        left = bar.left()
        border = palette.color(QPalette.ColorRole.Base)
        for i, segment in enumerate(self.segments):
            width = segment.value * scale
            rect = QRectF(left, bar.top(), width, bar.height())
            painter.fillRect(rect, series_color(palette, i))
            painter.setPen(QPen(border, 1))
            painter.drawLine(
                QPointF(rect.right(), rect.top()), QPointF(rect.right(), rect.bottom())
            )
            # The label sits in the part within the host's total, clear of its mark.
            host_edge = bar.left() + self.total * scale
            label_rect = rect if rect.right() <= host_edge else QRectF(rect)
            if rect.left() < host_edge < rect.right():
                label_rect.setRight(host_edge - 2)
            if label_rect.width() > fm.horizontalAdvance(segment.label) + 8:
                painter.setPen(palette.color(QPalette.ColorRole.Base))
                painter.drawText(label_rect, int(Qt.AlignmentFlag.AlignCenter), segment.label)
            left += width
        host_x = bar.left() + self.total * scale
        if self.overcommitted:
            over = QRectF(host_x, bar.top(), bar.right() - host_x, bar.height())
            hatch = QColor(warn)
            hatch.setAlphaF(0.55)
            painter.fillRect(over, Qt.BrushStyle.BDiagPattern)
            painter.fillRect(over, hatch)
            painter.setPen(QPen(warn, 2))
            painter.drawRect(over)
        painter.setPen(QPen(text_color, 2))
        painter.drawLine(QPointF(host_x, bar.top() - 3), QPointF(host_x, bar.bottom() + 3))
        painter.setPen(QPen(palette.color(QPalette.ColorRole.Mid), 1))
        painter.drawRect(bar)
        painter.setPen(text_color)
        label = translate("Allocation", "host: {0}").format(self.formatter(self.total))
        width = fm.horizontalAdvance(label) + 4
        x = min(max(2.0, host_x - width), self.width() - width - 2)
        painter.drawText(
            QRectF(x, bar.bottom() + 3, width, fm.height()),
            int(Qt.AlignmentFlag.AlignRight),
            label,
        )
        painter.end()


def _count(value: float) -> str:
    return f"{value:.0f}"


# ---- the window -------------------------------------------------------------------------

DISK_HEADERS = (
    QT_TRANSLATE_NOOP("AllocationWindow", "VM"),
    QT_TRANSLATE_NOOP("AllocationWindow", "Disk"),
    QT_TRANSLATE_NOOP("AllocationWindow", "Image"),
    QT_TRANSLATE_NOOP("AllocationWindow", "Capacity"),
    QT_TRANSLATE_NOOP("AllocationWindow", "Used on host"),
    QT_TRANSLATE_NOOP("AllocationWindow", "Location"),
    QT_TRANSLATE_NOOP("AllocationWindow", "Free there"),
)


class AllocationWindow(QWidget):
    def __init__(
        self,
        manager: ConnectionManager,
        hub: StatsHub,
        connection: Connection | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("allocationWindow")
        self.setWindowTitle(self.tr("Host Allocation — hvdesk"))
        self.resize(900, 560)
        self.manager = manager
        self.hub = hub
        self.tasks = TaskRunner(self)
        self.connection: Connection | None = None
        self.disks: list[DiskUse] = []

        self.host_combo = QComboBox()
        self.host_combo.setAccessibleName(self.tr("Host"))
        self.host_combo.currentIndexChanged.connect(self._host_chosen)
        self.cpu_bar = AllocationBar(self.tr("vCPUs"), _count)
        self.memory_bar = AllocationBar(self.tr("Memory"), units.mib)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.disk_table = QTableWidget(0, len(DISK_HEADERS))
        self.disk_table.setObjectName("diskAllocation")
        self.disk_table.setAccessibleName(self.tr("Disk allocation"))
        self.disk_table.setHorizontalHeaderLabels(
            [translate("AllocationWindow", h) for h in DISK_HEADERS]
        )
        self.disk_table.verticalHeader().hide()
        self.disk_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.disk_table.setSortingEnabled(True)
        header = self.disk_table.horizontalHeader()
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        for column, width in ((0, 120), (1, 50), (3, 85), (4, 95), (5, 150), (6, 85)):
            header.resizeSection(column, width)
        self.measure_button = QPushButton(self.tr("&Measure Again"))
        self.measure_button.clicked.connect(self.measure)
        self.disk_status = QLabel()

        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Host:")))
        top.addWidget(self.host_combo, 1)
        disk_row = QHBoxLayout()
        disk_title = QLabel(self.tr("<b>Disks</b> — virtual capacity, space used on the host"))
        disk_row.addWidget(disk_title, 1)
        disk_row.addWidget(self.disk_status)
        disk_row.addWidget(self.measure_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.cpu_bar)
        layout.addWidget(self.memory_bar)
        layout.addWidget(self.note)
        layout.addLayout(disk_row)
        layout.addWidget(self.disk_table, 1)

        self._refresh_timer = QTimer(self)
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.setInterval(100)
        self._refresh_timer.timeout.connect(self.refresh)
        manager.connectionAdded.connect(self._fill_hosts)
        manager.connectionRemoved.connect(self._fill_hosts)
        close = QShortcut(QKeySequence.StandardKey.Close, self)
        close.activated.connect(self.close)
        self._fill_hosts()
        if connection is not None:
            self.set_connection(connection)

    def _fill_hosts(self, *_: object) -> None:
        current = self.connection
        self.host_combo.blockSignals(True)
        self.host_combo.clear()
        for conn in self.manager.connections:
            self.host_combo.addItem(conn.name, conn)
        self.host_combo.blockSignals(False)
        target = current if current in self.manager.connections else None
        target = target or (self.manager.connections[0] if self.manager.connections else None)
        self.connection = None
        if target is not None:
            self.set_connection(target)

    def _host_chosen(self, row: int) -> None:
        conn = self.host_combo.itemData(row)
        if isinstance(conn, Connection):
            self.set_connection(conn)

    def set_connection(self, conn: Connection) -> None:
        if conn is self.connection:
            return
        old = self.connection
        if old is not None:
            for signal in (
                old.vmAdded,
                old.vmRemoved,
                old.vmChanged,
                old.vmsReset,
                old.stateChanged,
            ):
                signal.disconnect(self._soon)
        self.connection = conn
        for signal in (
            conn.vmAdded,
            conn.vmRemoved,
            conn.vmChanged,
            conn.vmsReset,
            conn.stateChanged,
        ):
            signal.connect(self._soon)
        self.host_combo.setCurrentIndex(self.manager.connections.index(conn))
        self.refresh()
        self.measure()

    def _soon(self, *_: object) -> None:
        self._refresh_timer.start()

    def refresh(self) -> None:
        conn = self.connection
        allocation = host_allocation(conn) if conn is not None else None
        if allocation is None:
            self.cpu_bar.set_data(0, [])
            self.memory_bar.set_data(0, [])
            self.note.setText(self.tr("The host is not connected."))
            return
        self.show_allocation(allocation)

    def show_allocation(self, allocation: HostAllocation) -> None:
        self.cpu_bar.set_data(
            allocation.host_cpus, [Segment(g.name, g.vcpus) for g in allocation.guests]
        )
        self.memory_bar.set_data(
            allocation.host_memory_mib, [Segment(g.name, g.memory_mib) for g in allocation.guests]
        )
        notes = []
        if not allocation.guests:
            notes.append(self.tr("No VM is running on {0}.").format(allocation.host_name))
        if allocation.memory_overcommitted:
            notes.append(
                self.tr("Memory is over-committed: the running VMs may use more than the host has.")
            )
        if allocation.cpu_overcommitted:
            notes.append(
                self.tr("vCPUs are over-committed: the VMs share the host's {0} CPUs.").format(
                    allocation.host_cpus
                )
            )
        self.note.setText(" ".join(notes))
        palette = self.note.palette()
        color = (
            warning_color(self.palette())
            if allocation.memory_overcommitted
            else (self.palette().color(QPalette.ColorRole.WindowText))
        )
        palette.setColor(QPalette.ColorRole.WindowText, color)
        self.note.setPalette(palette)

    def measure(self) -> None:
        conn = self.connection
        if conn is None or not conn.is_connected:
            return
        self.disk_status.setText(self.tr("Measuring…"))

        def show(rows: list[DiskUse]) -> None:
            if conn is self.connection:
                self.show_disks(rows)

        task = self.tasks.run(measure_disks(conn), self.tr("Could not measure the disks"), show)
        task.add_done_callback(lambda _t: self.disk_status.setText(""))

    def show_disks(self, rows: list[DiskUse]) -> None:
        self.disks = rows
        table = self.disk_table
        table.setSortingEnabled(False)
        table.setRowCount(len(rows))
        for r, use in enumerate(rows):
            cells = [
                (use.vm_name, None),
                (use.target, None),
                (use.source, None),
                (units.size(use.capacity), use.capacity),
                (units.size(use.allocation), use.allocation),
                (use.location, None),
                (units.size(use.location_free), use.location_free),
            ]
            for c, (text, number) in enumerate(cells):
                item = QTableWidgetItem(text)
                if number is not None:
                    item.setData(Qt.ItemDataRole.UserRole, number)
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                item.setToolTip(text)
                table.setItem(r, c, item)
        table.setSortingEnabled(True)
        if not rows:
            self.disk_status.setText(self.tr("No VM on this host has a disk image."))

    def disk_row_texts(self, vm_name: str) -> list[list[str]]:
        """The disk table's rows for a VM, as the user reads them."""
        out = []
        for r in range(self.disk_table.rowCount()):
            cells = [self.disk_table.item(r, c) for c in range(self.disk_table.columnCount())]
            texts = [cell.text() if cell is not None else "" for cell in cells]
            if texts[0] == vm_name:
                out.append(texts)
        return out


def _change_signals(conn: Connection) -> tuple[SignalInstance, ...]:
    return (conn.vmAdded, conn.vmRemoved, conn.vmChanged, conn.vmsReset, conn.stateChanged)


def show_allocation(
    parent: QWidget, manager: ConnectionManager, hub: StatsHub, connection: Connection | None
) -> AllocationWindow:
    window = parent.findChild(AllocationWindow)
    if window is None:
        window = AllocationWindow(manager, hub, connection, parent)
    elif connection is not None:
        window.set_connection(connection)
    window.show()
    window.raise_()
    window.activateWindow()
    return window
