"""The overview: every running VM of every host in one sortable table of live figures."""

from __future__ import annotations

import math
from enum import IntEnum
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
)
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QHeaderView, QLabel, QTableView, QVBoxLayout, QWidget

from hvdesk.core.connection import Connection
from hvdesk.core.manager import ConnectionManager
from hvdesk.core.stats import StatsHub, VmHistory
from hvdesk.core.vm import VirtualMachine
from hvdesk.ui.activity import hold_while_shown
from hvdesk.ui.charts import units

AnyIndex = QModelIndex | QPersistentModelIndex


class Col(IntEnum):
    NAME = 0
    HOST = 1
    CPU = 2
    MEMORY = 3
    READ = 4
    WRITE = 5
    RX = 6
    TX = 7


def _headers() -> dict[Col, str]:
    return {
        Col.NAME: QCoreApplication.translate("Overview", "Name"),
        Col.HOST: QCoreApplication.translate("Overview", "Host"),
        Col.CPU: QCoreApplication.translate("Overview", "CPU"),
        Col.MEMORY: QCoreApplication.translate("Overview", "Memory"),
        Col.READ: QCoreApplication.translate("Overview", "Disk read"),
        Col.WRITE: QCoreApplication.translate("Overview", "Disk write"),
        Col.RX: QCoreApplication.translate("Overview", "Net in"),
        Col.TX: QCoreApplication.translate("Overview", "Net out"),
    }


def _value(history: VmHistory | None, column: Col) -> float:
    if history is None or not history.running:
        return math.nan
    if column is Col.CPU:
        return history.cpu_percent_guest()
    if column is Col.MEMORY:
        used = history.latest("used")
        return used if not math.isnan(used) else history.latest("balloon")
    name = {Col.READ: "read", Col.WRITE: "write", Col.RX: "rx", Col.TX: "tx"}[column]
    return history.latest(name)


def _text(value: float, column: Col) -> str:
    if column is Col.CPU:
        return units.percent(value)
    if column is Col.MEMORY:
        return units.mib(value)
    return units.rate(value)


class OverviewModel(QAbstractTableModel):
    def __init__(self, manager: ConnectionManager, hub: StatsHub, parent: QObject | None = None):
        super().__init__(parent)
        self.manager = manager
        self.hub = hub
        self.rows: list[VirtualMachine] = []
        self._row_of: dict[str, int] = {}
        self.sort_column = Col.CPU
        self.sort_order = Qt.SortOrder.DescendingOrder
        # Lifecycle changes can come in storms: rebuild the row list once per burst.
        self._rebuild_timer = QTimer(self)
        self._rebuild_timer.setSingleShot(True)
        self._rebuild_timer.setInterval(100)
        self._rebuild_timer.timeout.connect(self.rebuild)
        for conn in manager.connections:
            self._watch(conn)
        manager.connectionAdded.connect(self._connection_added)
        manager.connectionRemoved.connect(self._connection_removed)
        hub.sampled.connect(self._sampled)
        self.rebuild()

    def _watch(self, conn: Connection) -> None:
        for signal in (conn.vmAdded, conn.vmRemoved, conn.vmChanged):
            signal.connect(self._soon)
        conn.vmsReset.connect(self._soon)
        conn.stateChanged.connect(self._soon)

    def _connection_added(self, conn: Connection) -> None:
        self._watch(conn)
        self._soon()

    def _connection_removed(self, conn: Connection) -> None:
        for signal in (conn.vmAdded, conn.vmRemoved, conn.vmChanged, conn.vmsReset):
            signal.disconnect(self._soon)
        conn.stateChanged.disconnect(self._soon)
        self.rebuild()

    def _soon(self, *_: object) -> None:
        self._rebuild_timer.start()

    def rebuild(self) -> None:
        self.beginResetModel()
        self.rows = self._sorted(
            [
                vm
                for conn in self.manager.connections
                if conn.is_connected
                for vm in conn.vms.values()
                if vm.state.is_active
            ]
        )
        self._row_of = {vm.uuid: i for i, vm in enumerate(self.rows)}
        self.endResetModel()

    def _sampled(self, _conn: object, uuids: frozenset[str]) -> None:
        if not any(u in self._row_of for u in uuids):
            return
        if self.sort_column in (Col.NAME, Col.HOST):
            # The order stands: repaint the figures only.
            self.dataChanged.emit(
                self.index(0, Col.CPU), self.index(len(self.rows) - 1, len(Col) - 1)
            )
        else:
            self._resort()

    # ---- sorting: here, on keys computed once per row (a proxy model would call data()
    # through Qt for every comparison: ~100 ms for 500 rows each second) -------------------

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.sort_column = Col(column)
        self.sort_order = order
        self._resort()

    def _key(self, vm: VirtualMachine) -> tuple[float | str, str]:
        column = self.sort_column
        if column is Col.NAME:
            return (vm.name.lower(), vm.uuid)
        if column is Col.HOST:
            return (vm.connection.name, vm.name.lower())
        value = _value(self.hub.history(vm), column)
        return (-1.0 if math.isnan(value) else value, vm.name.lower())

    def _sorted(self, rows: list[VirtualMachine]) -> list[VirtualMachine]:
        descending = self.sort_order == Qt.SortOrder.DescendingOrder
        return sorted(rows, key=self._key, reverse=descending)

    def _resort(self) -> None:
        new_rows = self._sorted(self.rows)
        self.layoutAboutToBeChanged.emit()
        old_rows = self.rows
        self.rows = new_rows
        self._row_of = {vm.uuid: i for i, vm in enumerate(new_rows)}
        # Selections and the current cell follow their VM to its new row.
        old = self.persistentIndexList()
        new = [self.index(self._row_of[old_rows[i.row()].uuid], i.column()) for i in old]
        self.changePersistentIndexList(old, new)
        self.layoutChanged.emit()

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(Col)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _headers()[Col(section)]
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        vm = self.rows[index.row()]
        column = Col(index.column())
        if column is Col.NAME:
            if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                return vm.name
            return None
        if column is Col.HOST:
            return vm.connection.name if role == Qt.ItemDataRole.DisplayRole else None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        return _text(_value(self.hub.history(vm), column), column)


class OverviewWindow(QWidget):
    def __init__(self, manager: ConnectionManager, hub: StatsHub, parent: QWidget | None = None):
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("overviewWindow")
        self.setWindowTitle(self.tr("Running VMs — hvdesk"))
        self.resize(900, 420)
        self.hub = hub
        self.model = OverviewModel(manager, hub, self)
        self.table = QTableView()
        self.table.setObjectName("overviewTable")
        self.table.setAccessibleName(self.tr("Running virtual machines"))
        self.table.setModel(self.model)
        self.table.horizontalHeader().setSortIndicator(Col.CPU, Qt.SortOrder.DescendingOrder)
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(Col.NAME, QHeaderView.ResizeMode.Stretch)
        for column in list(Col)[1:]:
            header.resizeSection(column, 95)
        header.resizeSection(Col.HOST, 170)
        self.empty = QLabel(self.tr("No virtual machine is running."))
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(self.empty)
        self.model.modelReset.connect(self._update_empty)
        self._update_empty()
        close = QShortcut(QKeySequence.StandardKey.Close, self)
        close.activated.connect(self.close)
        hold_while_shown(hub, self, all_details=True)  # disk and network of every VM

    def _update_empty(self) -> None:
        self.empty.setVisible(not self.model.rows)

    def cell_text(self, name: str, column: Col) -> str:
        """What the table shows for a VM (by name) in a column."""
        for row in range(self.model.rowCount()):
            if self.model.index(row, Col.NAME).data() == name:
                return str(self.model.index(row, column).data())
        raise LookupError(name)


def show_overview(parent: QWidget, manager: ConnectionManager, hub: StatsHub) -> OverviewWindow:
    """The one overview window of `parent`, created on first use."""
    window = parent.findChild(OverviewWindow)
    if window is None:
        window = OverviewWindow(manager, hub, parent)
    window.show()
    window.raise_()
    window.activateWindow()
    return window
