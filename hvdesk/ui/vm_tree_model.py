"""The manager's tree: connections at the top, their VMs below, sorted by name.

Rows are kept in the model in name order; a connection row's internal id is 0, a
VM row's internal id is its connection's row + 1.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator
from enum import IntEnum
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication

from hvdesk.core.accel import short_accel
from hvdesk.core.connection import Connection
from hvdesk.core.vm import VirtualMachine
from hvdesk.i18n import QT_TRANSLATE_NOOP, translate
from hvdesk.ui.icons import host_icon, state_icon

AnyIndex = QModelIndex | QPersistentModelIndex


class Column(IntEnum):
    NAME = 0
    STATE = 1
    OS = 2
    VCPUS = 3
    MEMORY = 4
    ACCEL = 5
    GROUP = 6
    ACTIVITY = 7  # painted by hvdesk.ui.charts.sparkline (CPU and memory)


HEADERS = {
    Column.NAME: QT_TRANSLATE_NOOP("VmTreeModel", "Name"),
    Column.STATE: QT_TRANSLATE_NOOP("VmTreeModel", "State"),
    Column.OS: QT_TRANSLATE_NOOP("VmTreeModel", "OS"),
    Column.VCPUS: QT_TRANSLATE_NOOP("VmTreeModel", "vCPUs"),
    Column.MEMORY: QT_TRANSLATE_NOOP("VmTreeModel", "Memory"),
    Column.ACCEL: QT_TRANSLATE_NOOP("VmTreeModel", "Acceleration"),
    Column.GROUP: QT_TRANSLATE_NOOP("VmTreeModel", "Group"),
    Column.ACTIVITY: QT_TRANSLATE_NOOP("VmTreeModel", "Activity"),
}

VM_ROLE = Qt.ItemDataRole.UserRole + 1
CONNECTION_ROLE = Qt.ItemDataRole.UserRole + 2
SORT_ROLE = Qt.ItemDataRole.UserRole + 3
FILTER_ROLE = Qt.ItemDataRole.UserRole + 4  # what the filter box matches: name and group


def format_mib(mib: int) -> str:
    if mib >= 1024 and mib % 1024 == 0:
        return f"{mib // 1024} GiB"
    if mib >= 1024:
        return f"{mib / 1024:.1f} GiB"
    return f"{mib} MiB"


def _sort_key(vm: VirtualMachine) -> tuple[str, str]:
    return (vm.name.lower(), vm.uuid)


class VmTreeModel(QAbstractItemModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._connections: list[Connection] = []
        self._rows: list[list[VirtualMachine]] = []
        self._keys: list[list[tuple[str, str]]] = []
        self._connected: list[bool] = []

    # ---- connections in and out ---------------------------------------------------------

    @property
    def connections(self) -> list[Connection]:
        return list(self._connections)

    def add_connection(self, conn: Connection) -> None:
        row = len(self._connections)
        self.beginInsertRows(QModelIndex(), row, row)
        self._connections.append(conn)
        vms = conn.sorted_vms()
        self._rows.append(vms)
        self._keys.append([_sort_key(vm) for vm in vms])
        self._connected.append(conn.is_connected)
        self.endInsertRows()
        conn.stateChanged.connect(self._connection_changed)
        conn.vmsReset.connect(self._reset_vms)
        conn.vmAdded.connect(self._insert_vm)
        conn.vmRemoved.connect(self._remove_vm)
        conn.vmChanged.connect(self._vm_changed)

    def remove_connection(self, conn: Connection) -> None:
        row = self._connections.index(conn)
        conn.stateChanged.disconnect(self._connection_changed)
        conn.vmsReset.disconnect(self._reset_vms)
        conn.vmAdded.disconnect(self._insert_vm)
        conn.vmRemoved.disconnect(self._remove_vm)
        conn.vmChanged.disconnect(self._vm_changed)
        # VM rows carry their connection's row in their ids, so all ids change.
        self.beginResetModel()
        del self._connections[row], self._rows[row], self._keys[row], self._connected[row]
        self.endResetModel()

    def vms(self) -> Iterator[VirtualMachine]:
        """Every VM row, connection by connection."""
        for rows in self._rows:
            yield from rows

    def connection_index(self, conn: Connection) -> QModelIndex:
        return self.createIndex(self._connections.index(conn), 0, 0)

    def vm_index(self, vm: VirtualMachine, column: int = 0) -> QModelIndex:
        conn_row = self._connections.index(vm.connection)
        row = self._find(conn_row, vm)
        return self.createIndex(row, column, conn_row + 1) if row >= 0 else QModelIndex()

    # ---- model updates from connection signals ---------------------------------------

    def _find(self, conn_row: int, vm: VirtualMachine) -> int:
        keys = self._keys[conn_row]
        rows = self._rows[conn_row]
        row = bisect.bisect_left(keys, _sort_key(vm))
        if row < len(rows) and rows[row] is vm:
            return row
        # The name changed since the row was placed: look it up by identity.
        for i, other in enumerate(rows):
            if other is vm:
                return i
        return -1

    def _connection_changed(self, conn: Connection) -> None:
        row = self._connections.index(conn)
        top = self.createIndex(row, 0, 0)
        self.dataChanged.emit(top, self.createIndex(row, len(Column) - 1, 0))
        vms = self._rows[row]
        # VMs grey out while their connection is down: repaint them only when that flips
        # (a 1000-VM host would otherwise cost thousands of data() calls per change).
        if vms and self._connected[row] != conn.is_connected:
            self._connected[row] = conn.is_connected
            self.dataChanged.emit(
                self.createIndex(0, 0, row + 1),
                self.createIndex(len(vms) - 1, len(Column) - 1, row + 1),
            )

    def _reset_vms(self, conn: Connection) -> None:
        row = self._connections.index(conn)
        parent = self.createIndex(row, 0, 0)
        if self._rows[row]:
            self.beginRemoveRows(parent, 0, len(self._rows[row]) - 1)
            self._rows[row], self._keys[row] = [], []
            self.endRemoveRows()
        vms = conn.sorted_vms()
        if vms:
            self.beginInsertRows(parent, 0, len(vms) - 1)
            self._rows[row] = vms
            self._keys[row] = [_sort_key(vm) for vm in vms]
            self.endInsertRows()
        self._connected[row] = conn.is_connected

    def _insert_vm(self, vm: VirtualMachine) -> None:
        conn = vm.connection
        conn_row = self._connections.index(conn)
        key = _sort_key(vm)
        row = bisect.bisect_left(self._keys[conn_row], key)
        self.beginInsertRows(self.createIndex(conn_row, 0, 0), row, row)
        self._rows[conn_row].insert(row, vm)
        self._keys[conn_row].insert(row, key)
        self.endInsertRows()

    def _remove_vm(self, vm: VirtualMachine) -> None:
        conn = vm.connection
        conn_row = self._connections.index(conn)
        row = self._find(conn_row, vm)
        if row < 0:
            return
        self.beginRemoveRows(self.createIndex(conn_row, 0, 0), row, row)
        del self._rows[conn_row][row], self._keys[conn_row][row]
        self.endRemoveRows()

    def _vm_changed(self, vm: VirtualMachine) -> None:
        conn = vm.connection
        conn_row = self._connections.index(conn)
        row = self._find(conn_row, vm)
        if row < 0:
            return
        if self._keys[conn_row][row] != _sort_key(vm):  # renamed: move to its new place
            self._remove_vm(vm)
            self._insert_vm(vm)
            return
        self.dataChanged.emit(
            self.createIndex(row, 0, conn_row + 1),
            self.createIndex(row, len(Column) - 1, conn_row + 1),
        )

    # ---- QAbstractItemModel ------------------------------------------------------------

    def index(self, row: int, column: int, parent: AnyIndex = QModelIndex()) -> QModelIndex:  # noqa: B008
        if not self.hasIndex(row, column, parent):
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, column, 0)
        if parent.internalId() == 0:
            return self.createIndex(row, column, parent.row() + 1)
        return QModelIndex()

    def parent(self, index: AnyIndex = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        if not index.isValid() or index.internalId() == 0:
            return QModelIndex()
        return self.createIndex(int(index.internalId()) - 1, 0, 0)

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        if not parent.isValid():
            return len(self._connections)
        if parent.internalId() == 0 and parent.column() == 0:
            return len(self._rows[parent.row()])
        return 0

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return len(Column)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return translate("VmTreeModel", HEADERS[Column(section)])
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def vm_at(self, index: AnyIndex) -> VirtualMachine | None:
        if index.isValid() and index.internalId() != 0:
            return self._rows[int(index.internalId()) - 1][index.row()]
        return None

    def connection_at(self, index: AnyIndex) -> Connection | None:
        if not index.isValid():
            return None
        if index.internalId() == 0:
            return self._connections[index.row()]
        return self._connections[int(index.internalId()) - 1]

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        vm = self.vm_at(index)
        if vm is not None:
            return self._vm_data(vm, Column(index.column()), role)
        conn = self._connections[index.row()]
        return self._connection_data(conn, Column(index.column()), role)

    def _connection_data(self, conn: Connection, column: Column, role: int) -> Any:
        if role == CONNECTION_ROLE:
            return conn
        if role == FILTER_ROLE:
            return conn.name
        if role == Qt.ItemDataRole.DisplayRole and column is Column.NAME:
            # The row spans all columns in the view: name and, unless connected, its state.
            if conn.is_connected:
                return conn.name
            return f"{conn.name} — {conn.state.label}"
        if role == SORT_ROLE:
            return self._connections.index(conn)  # connections keep the order they were added
        if role == Qt.ItemDataRole.DisplayRole and column is Column.STATE:
            return conn.state.label
        if role == Qt.ItemDataRole.DecorationRole and column is Column.NAME:
            return host_icon(conn.is_connected)
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{conn.uri}\n{conn.status_text()}"
        if role == Qt.ItemDataRole.FontRole and column is Column.NAME:
            font = QApplication.font()
            font.setBold(True)
            return font
        return None

    def _vm_data(self, vm: VirtualMachine, column: Column, role: int) -> Any:
        if role == VM_ROLE:
            return vm
        if role == CONNECTION_ROLE:
            return vm.connection
        config = vm.config
        if role == Qt.ItemDataRole.DisplayRole:
            if column is Column.NAME:
                return vm.name
            if column is Column.STATE:
                return vm.state.label
            if column is Column.OS:
                return config.os_name or "—"
            if column is Column.VCPUS:
                return str(config.vcpus)
            if column is Column.MEMORY:
                return format_mib(config.memory_mib)
            if column is Column.ACCEL:
                return short_accel(config.domain_type) if vm.state.is_active else ""
            if column is Column.GROUP:
                return config.group
        if role == FILTER_ROLE:
            return f"{vm.name}\n{config.group}" if config.group else vm.name
        if role == SORT_ROLE:
            if column is Column.VCPUS:
                return config.vcpus
            if column is Column.MEMORY:
                return config.memory_mib
            if column is Column.NAME:
                return vm.name.lower()
            return self._vm_data(vm, column, Qt.ItemDataRole.DisplayRole)
        if role == Qt.ItemDataRole.DecorationRole and column is Column.NAME:
            return state_icon(vm.state)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (Column.VCPUS, Column.MEMORY):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and not vm.connection.is_connected:
            return QApplication.palette().color(
                QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text
            )
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{vm.name}: {vm.state.label}" + (f"\n{config.title}" if config.title else "")
        return None
