"""The manager window: connections and VMs, actions on the selection, details, errors."""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QItemSelection,
    QModelIndex,
    QPoint,
    QSortFilterProxyModel,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import (
    QAction,
    QActionGroup,
    QCloseEvent,
    QDragEnterEvent,
    QDropEvent,
    QKeySequence,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QMessageBox,
    QSplitter,
    QStyle,
    QTabWidget,
    QToolBar,
    QTreeView,
    QVBoxLayout,
    QWidget,
    QWizard,
)

from hvdesk import __version__
from hvdesk.core import preferences
from hvdesk.core.accel import AccelPreference, effective_preference
from hvdesk.core.connection import Connection, ConnectionState
from hvdesk.core.domain_info import Disk
from hvdesk.core.errors import HvdeskError, KvmUnusableError
from hvdesk.core.launchers import Launchers
from hvdesk.core.manager import ConnectionManager
from hvdesk.core.settings_apply import ApplyResult, read_pending
from hvdesk.core.stats import StatsHub
from hvdesk.core.vm import Action, DeleteResult, VirtualMachine, VmState
from hvdesk.i18n import QT_TRANSLATE_NOOP, fill, translate
from hvdesk.ui import allocation, overview
from hvdesk.ui.activity import ActivityPane, hold_while_shown
from hvdesk.ui.add_connection import AddConnectionDialog
from hvdesk.ui.batch import run_batch
from hvdesk.ui.charts.sparkline import SparklineColumn
from hvdesk.ui.console_window import ConsoleDock, ConsoleView, ConsoleWindow
from hvdesk.ui.delete_dialog import DeleteDialog
from hvdesk.ui.details import DetailsPane, connection_html, selection_html, vm_html
from hvdesk.ui.drops import vm_source_from
from hvdesk.ui.icons import state_icon
from hvdesk.ui.launcher_dialog import CreateLauncherDialog
from hvdesk.ui.message_bar import MessageBar
from hvdesk.ui.new_vm_wizard import open_new_vm_wizard
from hvdesk.ui.preferences_dialog import PreferencesDialog
from hvdesk.ui.settings import SettingsDialog, describe_result, open_settings
from hvdesk.ui.snapshots import SnapshotsPane
from hvdesk.ui.tasks import TaskRunner
from hvdesk.ui.vm_edit_actions import VmEditActions
from hvdesk.ui.vm_tree_model import FILTER_ROLE, SORT_ROLE, Column, VmTreeModel

_SHORTCUTS = {
    Action.START: "Ctrl+T",  # Ctrl+S opens Settings, as in VirtualBox
    Action.SHUTDOWN: "Ctrl+H",
    Action.REBOOT: "Ctrl+R",
    Action.FORCE_OFF: "Ctrl+Shift+H",
    Action.PAUSE: "Ctrl+P",
    Action.RESUME: "Ctrl+Shift+P",
    Action.DELETE: "Del",
    Action.CONSOLE: "Ctrl+Return",
}

_ICONS = {
    Action.START: VmState.RUNNING,
    Action.SHUTDOWN: VmState.SHUTTING_DOWN,
    Action.FORCE_OFF: VmState.SHUTOFF,
    Action.PAUSE: VmState.PAUSED,
    Action.RESUME: VmState.RUNNING,
    Action.SAVE: VmState.SAVED,
}

# What a failed action says, for one VM (%1: its name) and for several (%1 of %2 VMs).
_FAILURES = {
    Action.START: (
        QT_TRANSLATE_NOOP("MainWindow", "Could not start '%1'"),
        QT_TRANSLATE_NOOP("MainWindow", "Could not start %1 of %2 VMs"),
    ),
    Action.SHUTDOWN: (
        QT_TRANSLATE_NOOP("MainWindow", "Could not shut down '%1'"),
        QT_TRANSLATE_NOOP("MainWindow", "Could not shut down %1 of %2 VMs"),
    ),
    Action.REBOOT: (
        QT_TRANSLATE_NOOP("MainWindow", "Could not reboot '%1'"),
        QT_TRANSLATE_NOOP("MainWindow", "Could not reboot %1 of %2 VMs"),
    ),
    Action.FORCE_OFF: (
        QT_TRANSLATE_NOOP("MainWindow", "Could not force off '%1'"),
        QT_TRANSLATE_NOOP("MainWindow", "Could not force off %1 of %2 VMs"),
    ),
    Action.PAUSE: (
        QT_TRANSLATE_NOOP("MainWindow", "Could not pause '%1'"),
        QT_TRANSLATE_NOOP("MainWindow", "Could not pause %1 of %2 VMs"),
    ),
    Action.RESUME: (
        QT_TRANSLATE_NOOP("MainWindow", "Could not resume '%1'"),
        QT_TRANSLATE_NOOP("MainWindow", "Could not resume %1 of %2 VMs"),
    ),
    Action.SAVE: (
        QT_TRANSLATE_NOOP("MainWindow", "Could not save the state of '%1'"),
        QT_TRANSLATE_NOOP("MainWindow", "Could not save the state of %1 of %2 VMs"),
    ),
    Action.DISCARD_SAVE: (
        QT_TRANSLATE_NOOP("MainWindow", "Could not discard the saved state of '%1'"),
        QT_TRANSLATE_NOOP("MainWindow", "Could not discard the saved state of %1 of %2 VMs"),
    ),
}


class MainWindow(QMainWindow):
    consoleOpened = Signal(object)
    consoleClosed = Signal()

    def __init__(self, manager: ConnectionManager, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.manager = manager
        self.tasks = TaskRunner(self)
        self.consoles: dict[str, ConsoleWindow] = {}
        self._sizes: dict[str, dict[str, tuple[int, int]]] = {}  # disk sizes by VM uuid
        self._pending: dict[str, tuple[str, ...]] = {}  # settings waiting for the next boot
        self.setWindowTitle("hvdesk")
        self.setAcceptDrops(True)  # an ISO or disk image dropped here opens the wizard
        self.resize(1180, 720)

        self.model = VmTreeModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setRecursiveFilteringEnabled(True)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.proxy.setSortRole(SORT_ROLE)
        self.proxy.setFilterKeyColumn(Column.NAME)
        self.proxy.setFilterRole(FILTER_ROLE)  # names and group names

        self.filter_edit = QLineEdit()
        self.filter_edit.setPlaceholderText(self.tr("Filter by name or group  (Ctrl+F)"))
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.setAccessibleName(self.tr("Filter virtual machines"))
        self.filter_edit.textChanged.connect(self._filter_changed)

        self.tree = QTreeView()
        self.tree.setObjectName("vmTree")
        self.tree.setAccessibleName(self.tr("Virtual machines"))
        self.tree.setModel(self.proxy)
        self.tree.setUniformRowHeights(True)  # keeps a 1000-VM list cheap to lay out
        self.tree.setTextElideMode(Qt.TextElideMode.ElideMiddle)  # "web-…-0169" stays distinct
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        # The model keeps VMs in name order itself; the proxy sorts only when the user
        # asks for another order (sorting 1000 rows through Python's data() costs ~100 ms).
        header = self.tree.header()
        header.setSectionsClickable(True)
        header.setSortIndicatorShown(True)
        header.setSortIndicator(Column.NAME, Qt.SortOrder.AscendingOrder)
        header.sortIndicatorChanged.connect(self._sort_changed)
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.tree.customContextMenuRequested.connect(self._context_menu)
        self.tree.doubleClicked.connect(self._double_clicked)
        self.tree.setExpandsOnDoubleClick(False)
        # Names keep a readable width; the sparklines take what is left, and a narrow
        # window scrolls sideways rather than squeezing the names away.
        header.setStretchLastSection(True)
        for column, width in (
            (Column.NAME, 190),
            (Column.STATE, 105),
            (Column.OS, 110),
            (Column.VCPUS, 55),
            (Column.MEMORY, 75),
            (Column.ACCEL, 95),
            (Column.GROUP, 100),
        ):
            header.resizeSection(column, width)
        self.tree.setColumnHidden(Column.GROUP, True)  # until a VM has a group
        self.tree.selectionModel().selectionChanged.connect(self._selection_changed)
        self.proxy.dataChanged.connect(self._data_changed)
        self.proxy.rowsInserted.connect(self._rows_inserted)
        self.proxy.layoutChanged.connect(self._span_connection_rows)
        self.proxy.modelReset.connect(self._span_connection_rows)
        self.proxy.rowsRemoved.connect(lambda *_: self._selection_changed())
        # The count follows the model's rows: every VM listed, filtered out or not.
        self.model.rowsInserted.connect(self._update_status)
        self.model.rowsRemoved.connect(self._update_status)
        self.model.modelReset.connect(self._update_status)

        self.message_bar = MessageBar()
        self.tasks.failed.connect(self.show_failure)
        self.details = DetailsPane()
        # The details pane shares its place with a docked console.
        self.console_dock = ConsoleDock()
        self.console_dock.detachRequested.connect(self.detach_console)
        self.side_tabs = QTabWidget()
        self.side_tabs.setObjectName("sideTabs")
        self.side_tabs.setDocumentMode(True)
        self.side_tabs.addTab(self.details, self.tr("Details"))
        self.side_tabs.addTab(self.console_dock, self.tr("Console"))
        self.snapshots_pane = SnapshotsPane(self.tasks)
        self.side_tabs.addTab(self.snapshots_pane, self.tr("Snapshots"))
        # Live statistics: sampled while this window is on screen (see hvdesk/core/stats.py).
        # No Qt parent: windows that hold it release it while this window is torn down.
        self.stats = StatsHub(manager)
        self.activity = ActivityPane(self.stats)
        self.side_tabs.addTab(self.activity, self.tr("Activity"))
        self.sparklines = SparklineColumn(self.tree, Column.ACTIVITY, self.stats)
        hold_while_shown(self.stats, self)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.filter_edit)
        left_layout.addWidget(self.tree)
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(self.side_tabs)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([760, 420])
        central = QWidget()
        central_layout = QVBoxLayout(central)
        central_layout.setContentsMargins(6, 6, 6, 6)
        central_layout.addWidget(self.message_bar)
        central_layout.addWidget(splitter, 1)
        self.setCentralWidget(central)

        self.actions_by_kind: dict[Action, QAction] = {}
        self.edit_actions = VmEditActions(self)  # clone, rename, move to group
        self._build_actions()
        self._build_menus_and_toolbar()
        self.status_label = QLabel()
        self.status_label.setTextFormat(Qt.TextFormat.PlainText)
        self.statusBar().addWidget(self.status_label)
        # Counting every VM on each change would be quadratic in an event storm: coalesce.
        self._status_timer = QTimer(self)
        self._status_timer.setSingleShot(True)
        self._status_timer.setInterval(100)
        self._status_timer.timeout.connect(self._update_status)

        manager.connectionAdded.connect(self._connection_added)
        manager.connectionRemoved.connect(self._connection_removed)
        for conn in manager.connections:
            self._connection_added(conn)
        self._selection_changed()

    # ---- building ---------------------------------------------------------------------

    def _build_actions(self) -> None:
        for action in Action:
            label = action.label + ("…" if action is Action.DELETE else "")
            qaction = QAction(label, self)
            qaction.setObjectName(f"action{action.name.title().replace('_', '')}")
            if action in _SHORTCUTS:
                qaction.setShortcut(QKeySequence(_SHORTCUTS[action]))
            if action in _ICONS:
                qaction.setIcon(state_icon(_ICONS[action]))
            qaction.triggered.connect(lambda _=False, a=action: self.trigger(a))
            self.actions_by_kind[action] = qaction
        style = self.style()
        self.actions_by_kind[Action.DELETE].setIcon(
            style.standardIcon(QStyle.StandardPixmap.SP_TrashIcon)
        )
        self.actions_by_kind[Action.CONSOLE].setIcon(
            style.standardIcon(QStyle.StandardPixmap.SP_ComputerIcon)
        )
        self.actions_by_kind[Action.REBOOT].setIcon(
            style.standardIcon(QStyle.StandardPixmap.SP_BrowserReload)
        )
        self.new_vm_action = QAction(self.tr("New…"), self)
        self.new_vm_action.setObjectName("actionNew")
        self.new_vm_action.setShortcut(QKeySequence.StandardKey.New)
        self.new_vm_action.setIcon(style.standardIcon(QStyle.StandardPixmap.SP_FileIcon))
        self.new_vm_action.triggered.connect(lambda: self.show_new_vm_wizard())
        self.settings_action = QAction(self.tr("Settings…"), self)
        self.settings_action.setObjectName("actionSettings")
        self.settings_action.setShortcut(QKeySequence("Ctrl+S"))
        self.settings_action.setIcon(
            style.standardIcon(QStyle.StandardPixmap.SP_FileDialogDetailedView)
        )
        self.settings_action.triggered.connect(lambda: self.show_settings())
        self.add_connection_action = QAction(self.tr("Add Connection…"), self)
        self.add_connection_action.triggered.connect(self.show_add_connection)
        self.connect_action = QAction(self.tr("Connect"), self)
        self.connect_action.triggered.connect(self._connect_selected)
        self.disconnect_action = QAction(self.tr("Disconnect"), self)
        self.disconnect_action.triggered.connect(self._disconnect_selected)
        self.remove_connection_action = QAction(self.tr("Remove Connection"), self)
        self.remove_connection_action.triggered.connect(self._remove_selected_connection)
        self.launchers = Launchers(parent=self)
        self.create_launcher_action = QAction(self.tr("Create &Launcher…"), self)
        self.create_launcher_action.setObjectName("actionCreateLauncher")
        self.create_launcher_action.triggered.connect(self.create_launcher)

    def _build_menus_and_toolbar(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu(self.tr("&File"))
        file_menu.addAction(self.add_connection_action)
        file_menu.addAction(self.connect_action)
        file_menu.addAction(self.disconnect_action)
        file_menu.addAction(self.remove_connection_action)
        file_menu.addSeparator()
        quit_action = file_menu.addAction(self.tr("Quit"))
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        machine_menu = bar.addMenu(self.tr("&Machine"))
        machine_menu.addAction(self.new_vm_action)
        machine_menu.addSeparator()
        self._add_vm_actions(machine_menu)
        view_menu = bar.addMenu(self.tr("&View"))
        find = view_menu.addAction(self.tr("Filter…"))
        find.setShortcut(QKeySequence.StandardKey.Find)
        find.triggered.connect(lambda: self.filter_edit.setFocus())
        view_menu.addSeparator()
        self.overview_action = view_menu.addAction(self.tr("Overview of Running VMs"))
        self.overview_action.setShortcut(QKeySequence("Ctrl+Shift+O"))
        self.overview_action.triggered.connect(self.show_overview)
        self.allocation_action = view_menu.addAction(self.tr("Host Allocation"))
        self.allocation_action.setShortcut(QKeySequence("Ctrl+Shift+A"))
        self.allocation_action.triggered.connect(self.show_allocation)
        settings_menu = bar.addMenu(self.tr("&Settings"))
        accel_menu = settings_menu.addMenu(self.tr("Acceleration for Virtual Machines"))
        self.accel_group = QActionGroup(self)
        labels = {
            AccelPreference.AUTO: self.tr("Hardware (KVM) when available"),
            AccelPreference.TCG: self.tr("Always emulate (TCG)"),
        }
        stored = preferences.accel_preference()
        forced = effective_preference(stored) is not stored
        for pref, label in labels.items():
            item = accel_menu.addAction(label)
            item.setCheckable(True)
            item.setChecked(effective_preference(stored) is pref)
            item.setEnabled(not forced)
            if forced:
                item.setToolTip(self.tr("Set by the HVDESK_ACCEL environment variable"))
            item.triggered.connect(lambda _=False, p=pref: preferences.set_accel_preference(p))
            self.accel_group.addAction(item)
        settings_menu.addSeparator()
        preferences_action = settings_menu.addAction(self.tr("&Preferences…"))
        preferences_action.setObjectName("actionPreferences")
        preferences_action.setShortcut(QKeySequence("Ctrl+,"))  # Qt has none for X11
        preferences_action.triggered.connect(self.show_preferences)
        help_menu = bar.addMenu(self.tr("&Help"))
        about = help_menu.addAction(self.tr("About hvdesk"))
        about.triggered.connect(self._about)

        toolbar = QToolBar(self.tr("Machine"))
        toolbar.setObjectName("machineToolbar")
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        toolbar.setMovable(False)
        toolbar.addAction(self.new_vm_action)
        toolbar.addAction(self.settings_action)
        toolbar.addSeparator()
        for action in (
            Action.START,
            Action.SHUTDOWN,
            Action.PAUSE,
            Action.RESUME,
            Action.FORCE_OFF,
            Action.CONSOLE,
            Action.DELETE,
        ):
            toolbar.addAction(self.actions_by_kind[action])
        self.addToolBar(toolbar)

    def _add_vm_actions(self, menu: QMenu) -> None:
        menu.addAction(self.settings_action)
        menu.addSeparator()
        groups = [
            (Action.START, Action.CONSOLE),
            (Action.SHUTDOWN, Action.REBOOT, Action.FORCE_OFF),
            (Action.PAUSE, Action.RESUME, Action.SAVE, Action.DISCARD_SAVE),
            (Action.DELETE,),
        ]
        for i, group in enumerate(groups):
            if i:
                menu.addSeparator()
            for action in group:
                menu.addAction(self.actions_by_kind[action])
        menu.addSeparator()
        self.edit_actions.add_to(menu)
        menu.addAction(self.create_launcher_action)

    # ---- connections ------------------------------------------------------------------

    def _connection_added(self, conn: Connection) -> None:
        self.model.add_connection(conn)
        conn.stateChanged.connect(self._connection_state_changed)
        conn.vmsReset.connect(self._expand)
        conn.problemReported.connect(self.message_bar.show_error)
        self.launchers.follow(conn)
        self._expand(conn)

    def _connection_removed(self, conn: Connection) -> None:
        conn.stateChanged.disconnect(self._connection_state_changed)
        conn.vmsReset.disconnect(self._expand)
        conn.problemReported.disconnect(self.message_bar.show_error)
        self.model.remove_connection(conn)
        self._span_connection_rows()
        self._selection_changed()

    def _sort_changed(self, column: int, order: Qt.SortOrder) -> None:
        if column == Column.NAME and order == Qt.SortOrder.AscendingOrder:
            self.proxy.sort(-1)  # the model's own order
        else:
            self.proxy.sort(column, order)

    def _expand(self, conn: Connection) -> None:
        self.tree.expand(self.proxy.mapFromSource(self.model.connection_index(conn)))
        self._update_status()

    def _connection_state_changed(self, conn: Connection) -> None:
        if conn.state in (ConnectionState.FAILED, ConnectionState.RECONNECTING) and conn.error:
            if conn.retry_attempt <= 1:  # once per loss, not on every retry
                self.message_bar.show_error(conn.error)
        elif conn.state is ConnectionState.CONNECTED and self.message_bar.refers_to(conn.name):
            self.message_bar.hide()
        self._selection_changed()
        self._update_status()

    def open_connection(self, conn: Connection) -> asyncio.Future[bool]:
        return self.tasks.run(conn.open(), fill(self.tr("Could not connect to %1"), conn.name))

    def show_add_connection(self) -> AddConnectionDialog:
        dialog = AddConnectionDialog([c.uri for c in self.manager.connections], self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def accepted() -> None:
            try:
                conn = self.manager.add(dialog.uri(), save=True)
            except HvdeskError as exc:
                self.message_bar.show_error(exc)
                return
            self.open_connection(conn)

        dialog.accepted.connect(accepted)
        dialog.open()  # not exec(): a nested loop would stall the asyncio tasks
        return dialog

    def _selected_connection(self) -> Connection | None:
        index = self.tree.currentIndex()
        return self.model.connection_at(self.proxy.mapToSource(index))

    def _connect_selected(self) -> None:
        conn = self._selected_connection()
        if conn is not None:
            self.open_connection(conn)

    def _disconnect_selected(self) -> None:
        conn = self._selected_connection()
        if conn is not None:
            self.tasks.run(conn.close(), fill(self.tr("Could not disconnect from %1"), conn.name))

    def _remove_selected_connection(self) -> None:
        conn = self._selected_connection()
        if conn is not None:
            self.tasks.run(
                self.manager.remove(conn), fill(self.tr("Could not remove %1"), conn.name)
            )

    # ---- selection, actions -----------------------------------------------------------

    def selected_vms(self) -> list[VirtualMachine]:
        vms = []
        for index in self.tree.selectionModel().selectedRows(Column.NAME):
            vm = self.model.vm_at(self.proxy.mapToSource(index))
            if vm is not None:
                vms.append(vm)
        return vms

    def select_vm(self, vm: VirtualMachine) -> None:
        index = self.proxy.mapFromSource(self.model.vm_index(vm))
        self.tree.setCurrentIndex(index)
        self.tree.scrollTo(index)

    def trigger(self, action: Action) -> None:
        vms = [vm for vm in self.selected_vms() if vm.can(action)]
        if not vms:
            return
        if action is Action.DELETE:
            self.confirm_delete(vms)
            return
        if action is Action.CONSOLE:
            for vm in vms:
                self.show_console(vm)
            return
        jobs = []
        for vm in vms:
            start: Callable[[], Coroutine[Any, Any, object]] = functools.partial(
                allocation.start_checked, self, vm
            )
            coro: Callable[[], Coroutine[Any, Any, object]] = {
                Action.START: start,
                Action.SHUTDOWN: vm.shutdown,
                Action.REBOOT: vm.reboot,
                Action.FORCE_OFF: vm.force_off,
                Action.PAUSE: vm.pause,
                Action.RESUME: vm.resume,
                Action.SAVE: vm.save_state,
                Action.DISCARD_SAVE: vm.discard_saved_state,
            }[action]
            jobs.append((vm, coro()))
        # Several VMs: one message naming each that failed, not one message per VM.
        single, several = _FAILURES[action]
        self.tasks.run(
            run_batch(translate("MainWindow", several), jobs),
            fill(translate("MainWindow", single), vms[0].name),
        )

    def _update_actions(self) -> None:
        vms = self.selected_vms()
        for action, qaction in self.actions_by_kind.items():
            qaction.setEnabled(any(vm.can(action) for vm in vms))
        conn = self._selected_connection()
        self.connect_action.setEnabled(conn is not None and not conn.is_connected)
        self.disconnect_action.setEnabled(
            conn is not None and conn.state is not ConnectionState.DISCONNECTED
        )
        self.remove_connection_action.setEnabled(conn is not None)
        self.edit_actions.update(vms)
        self.create_launcher_action.setEnabled(len(vms) == 1)
        self.new_vm_action.setEnabled(any(c.is_connected for c in self.manager.connections))
        self.settings_action.setEnabled(
            len(vms) == 1 and vms[0].connection.is_connected and vms[0].snapshot.persistent
        )

    def _selection_changed(self, *_: QItemSelection) -> None:
        self._update_actions()
        self._update_details()

    def _data_changed(self, top_left: QModelIndex, bottom_right: QModelIndex) -> None:
        self._status_timer.start()
        parent = top_left.parent()
        shown = [*self.tree.selectionModel().selectedRows(), self.tree.currentIndex()]
        for index in shown:  # a handful, however many rows changed
            if index.parent() == parent and top_left.row() <= index.row() <= bottom_right.row():
                self._update_actions()
                self._update_details(remeasure=False)
                return

    def _rows_inserted(self, parent: QModelIndex, *_: int) -> None:
        if not parent.isValid():
            self._span_connection_rows()
        if not self.tree.selectionModel().hasSelection():
            self._update_details(remeasure=False)  # the first VM ends the empty-list hint

    def _span_connection_rows(self) -> None:
        root = QModelIndex()
        for row in range(self.proxy.rowCount()):
            self.tree.setFirstColumnSpanned(row, root, True)
            self.tree.expand(self.proxy.index(row, 0))

    def _update_details(self, remeasure: bool = True) -> None:
        vms = self.selected_vms()
        self.snapshots_pane.set_vm(vms[0] if len(vms) == 1 else None)
        self.activity.set_vm(vms[0] if len(vms) == 1 else None)
        if len(vms) > 1:
            self.details.setHtml(selection_html(vms))
        elif len(vms) == 1:
            vm = vms[0]
            sizes = None if remeasure else self._sizes.get(vm.uuid)
            self.details.setHtml(vm_html(vm, sizes, self._pending_for(vm)))
            if remeasure and vm.connection.is_connected:
                self._measure_disks(vm)
                self._check_pending(vm)
        else:
            conn = self._selected_connection()
            if conn is not None:
                self.details.setHtml(connection_html(conn))
            else:
                self.details.show_nothing(any(c.vms for c in self.manager.connections))

    def _measure_disks(self, vm: VirtualMachine) -> None:
        def show(sizes: dict[str, tuple[int, int]]) -> None:
            self._sizes[vm.uuid] = sizes
            if self.selected_vms() == [vm]:
                self.details.setHtml(vm_html(vm, sizes, self._pending_for(vm)))

        self.tasks.run(
            vm.disk_sizes(), fill(self.tr("Could not measure the disks of '%1'"), vm.name), show
        )

    def _pending_for(self, vm: VirtualMachine) -> tuple[str, ...]:
        return self._pending.get(vm.uuid, ()) if vm.state.is_active else ()

    def _check_pending(self, vm: VirtualMachine) -> None:
        """Saved settings a running VM takes only at its next boot, for the details pane."""

        def show(pending: tuple[str, ...]) -> None:
            if pending == self._pending_for(vm):
                return
            self._pending[vm.uuid] = pending
            if self.selected_vms() == [vm]:
                self.details.setHtml(vm_html(vm, self._sizes.get(vm.uuid), pending))

        if vm.state.is_active:
            self.tasks.run(
                read_pending(vm),
                fill(self.tr("Could not read the settings of '%1'"), vm.name),
                show,
            )
        else:
            self._pending.pop(vm.uuid, None)

    def show_settings(self, vm: VirtualMachine | None = None) -> SettingsDialog | None:
        vms = [vm] if vm is not None else self.selected_vms()
        if len(vms) != 1:
            return None
        target = vms[0]
        dialog = open_settings(target, self)

        def applied(result: object) -> None:
            if isinstance(result, ApplyResult):
                self.statusBar().showMessage(describe_result(result, bool(result.pending)), 10000)
                self._pending[target.uuid] = result.pending
                if self.selected_vms() == [target]:
                    self._update_details()

        dialog.applied.connect(applied)
        return dialog

    def _update_status(self, *_: object) -> None:
        self._show_group_column_if_used()
        states = [vm.state for vm in self.model.vms()]  # what the list holds, as it holds it
        paused = states.count(VmState.PAUSED)
        running = sum(state.is_active for state in states) - paused
        # No plural forms to get wrong ("1 virtual machines"): a count after a label.
        if paused:
            text = self.tr("Virtual machines: %1 — %2 running, %3 paused")
        else:
            text = self.tr("Virtual machines: %1 — %2 running")
        self.status_label.setText(fill(text, len(states), running, paused))

    def _show_group_column_if_used(self) -> None:
        used = any(vm.config.group for c in self.manager.connections for vm in c.vms.values())
        if used == self.tree.isColumnHidden(Column.GROUP):
            self.tree.setColumnHidden(Column.GROUP, not used)

    def _filter_changed(self, text: str) -> None:
        self.proxy.setFilterFixedString(text)
        self.tree.expandAll()

    # ---- double-click, console, delete -------------------------------------------------

    def _double_clicked(self, index: QModelIndex) -> None:
        source = self.proxy.mapToSource(index)
        vm = self.model.vm_at(source)
        if vm is not None:
            self.launch(vm)
            return
        conn = self.model.connection_at(source)
        if conn is not None and not conn.is_connected:
            self.open_connection(conn)
        else:
            self.tree.setExpanded(index, not self.tree.isExpanded(index))

    def launch(self, vm: VirtualMachine) -> None:
        """Start the VM if it is off, then show its console."""

        async def start_then_show() -> None:
            try:
                if vm.can(Action.START) and not await allocation.start_checked(self, vm):
                    return  # the user kept the host from over-committing its memory
            except KvmUnusableError as exc:  # offered: TCG, and then the console
                self.show_failure(exc, then=self.show_console)
                return
            self.show_console(vm)

        self.tasks.run(start_then_show(), fill(self.tr("Could not start '%1'"), vm.name))

    # ---- failures, and KVM that does not work -------------------------------------------

    def show_failure(
        self, error: HvdeskError, then: Callable[[VirtualMachine], object] | None = None
    ) -> None:
        """The message bar; a KVM failure offers to start with software emulation (TCG),
        after which `then(vm)` runs for each VM that started."""
        if isinstance(error, KvmUnusableError):
            refs = error.vms
            offer = (error.offer, lambda: self.start_with_tcg(refs, then))
            self.message_bar.show_error(error, offer)
        else:
            self.message_bar.show_error(error)

    def _find_vm(self, uri: str, uuid: str) -> VirtualMachine | None:
        conn = next((c for c in self.manager.connections if c.uri == uri), None)
        return conn.vms.get(uuid) if conn is not None else None

    def start_with_tcg(
        self,
        refs: tuple[tuple[str, str], ...],
        then: Callable[[VirtualMachine], object] | None = None,
    ) -> asyncio.Future[None]:
        """Switch these VMs ((URI, UUID) each) to software emulation and start them; the
        message bar then says what hvdesk remembers from now on."""
        vms = [vm for uri, uuid in refs if (vm := self._find_vm(uri, uuid)) is not None]

        async def switch_and_start() -> None:
            if not vms:
                raise HvdeskError(
                    self.tr("The VM is no longer there"),
                    hint=self.tr("It may have been deleted or its host disconnected"),
                )
            await run_batch(
                self.tr("Could not start %1 of %2 VMs with software emulation"),
                [(vm, vm.start_with_tcg()) for vm in vms],
            )
            self.message_bar.show_info(_remembered_tcg(vms))
            for vm in vms:
                if then is not None:
                    then(vm)

        names = ", ".join(f"'{vm.name}'" for vm in vms)
        return self.tasks.run(
            switch_and_start(), fill(self.tr("Could not start %1 with software emulation"), names)
        )

    def show_console(self, vm: VirtualMachine) -> ConsoleWindow | ConsoleView:
        if self.console_dock.holds(vm) and self.console_dock.view is not None:
            view = self.console_dock.view
            self.side_tabs.setCurrentWidget(self.console_dock)
            view.widget.setFocus()
            self.consoleOpened.emit(view)
            return view
        window = self.consoles.get(vm.uuid) or self._console_window(vm)
        window.show()
        window.raise_()
        window.activateWindow()
        self.consoleOpened.emit(window)
        return window

    def _console_window(self, vm: VirtualMachine, view: ConsoleView | None = None) -> ConsoleWindow:
        window = ConsoleWindow(vm, self, view=view)
        window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        window.destroyed.connect(functools.partial(self._console_destroyed, vm.uuid, window))
        window.dockRequested.connect(self.dock_console)
        self.consoles[vm.uuid] = window
        return window

    def _console_destroyed(self, uuid: str, window: ConsoleWindow, *_: object) -> None:
        if self.consoles.get(uuid) is window:
            del self.consoles[uuid]
        self.consoleClosed.emit()

    def dock_console(self, window: ConsoleWindow) -> None:
        """Move a console window's view into the Console tab (one console docks at a time)."""
        view = window.take_view()
        self.consoles.pop(window.vm.uuid, None)
        window.close()
        if view is None:
            return
        self.detach_console()  # the console docked before goes back into a window
        self.console_dock.set_view(view)
        self.side_tabs.setCurrentWidget(self.console_dock)
        if self.isHidden():  # hvdesk --console shows the console window alone
            self.show()
        self.raise_()
        self.activateWindow()
        view.widget.setFocus()

    def detach_console(self, *_: object) -> ConsoleWindow | None:
        view = self.console_dock.take_view()
        if view is None:
            return None
        self.side_tabs.setCurrentWidget(self.details)
        window = self._console_window(view.vm, view)
        window.show()
        window.raise_()
        window.activateWindow()
        return window

    def confirm_delete(self, vms: list[VirtualMachine]) -> DeleteDialog:
        dialog = DeleteDialog(vms, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        async def delete(vm: VirtualMachine, disks: tuple[Disk, ...]) -> None:
            result: DeleteResult = await vm.delete(disks)
            self.launchers.remove(vm.connection.uri, vm.uuid)  # gone: so are its launchers
            if result.failed:
                lines = "; ".join(f"{path}: {why}" for path, why in result.failed)
                raise HvdeskError(
                    fill(self.tr("'%1' was deleted, but some disks were not"), vm.name), lines
                )

        def accepted() -> None:
            # Read the choice now: the dialog is gone when the deletes run.
            jobs = [(vm, delete(vm, dialog.disks_to_remove(vm))) for vm in vms]
            self.tasks.run(
                run_batch(self.tr("Could not delete %1 of %2 VMs"), jobs),
                fill(self.tr("Could not delete '%1'"), vms[0].name),
            )

        dialog.accepted.connect(accepted)
        dialog.open()
        return dialog

    def create_launcher(self) -> CreateLauncherDialog | None:
        vms = self.selected_vms()
        if len(vms) != 1:
            return None
        dialog = CreateLauncherDialog(vms[0], self.launchers, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def accepted() -> None:
            try:
                dialog.write_launchers()
            except HvdeskError as exc:
                self.message_bar.show_error(exc)

        dialog.accepted.connect(accepted)
        dialog.open()
        return dialog

    def show_preferences(self) -> PreferencesDialog:
        dialog = PreferencesDialog(self.manager.store, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    # ---- misc --------------------------------------------------------------------------

    def _context_menu(self, pos: QPoint) -> None:
        index = self.tree.indexAt(pos)
        if not index.isValid():
            return
        menu = QMenu(self)
        if self.model.vm_at(self.proxy.mapToSource(index)) is not None:
            self._add_vm_actions(menu)
        else:
            for action in (
                self.connect_action,
                self.disconnect_action,
                self.remove_connection_action,
            ):
                menu.addAction(action)
        menu.popup(self.tree.viewport().mapToGlobal(pos))

    def _about(self) -> None:
        box = QMessageBox(
            QMessageBox.Icon.Information,
            self.tr("About hvdesk"),
            fill(
                self.tr("hvdesk %1\nVirtual machines on your desktop, through libvirt and QEMU."),
                __version__,
            ),
            QMessageBox.StandardButton.Ok,
            self,
        )
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()

    # ---- new VMs --------------------------------------------------------------------------

    def _target_connection(self) -> Connection | None:
        """Where a new VM goes: the selected host if it is connected, else the first one."""
        selected = self._selected_connection()
        if selected is not None and selected.is_connected:
            return selected
        return next((c for c in self.manager.connections if c.is_connected), None)

    def show_new_vm_wizard(self, source: Path | None = None) -> QWizard | None:
        conn = self._target_connection()
        if conn is None:
            self.message_bar.show_error(
                HvdeskError(
                    self.tr("No VM can be created yet"),
                    self.tr("No connection is open"),
                    self.tr("Connect to a host first (File → Add Connection)"),
                )
            )
            return None
        wizard: QWizard

        def created(uuid: str) -> None:
            start_error = getattr(wizard, "start_error", None)
            if isinstance(start_error, KvmUnusableError):  # made, but KVM cannot start it
                self.show_failure(start_error, then=self.show_console)
            vm = conn.vms.get(uuid)
            if vm is not None:
                self.select_vm(vm)
                if getattr(wizard, "console_requested", False):
                    self.show_console(vm)

        wizard = open_new_vm_wizard(self, conn, iso=source, on_created=created)
        return wizard

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if vm_source_from(event.mimeData()) is not None:
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        source = vm_source_from(event.mimeData())
        if source is not None:
            event.acceptProposedAction()
            self.show_new_vm_wizard(source)

    def show_overview(self) -> QWidget:
        return overview.show_overview(self, self.manager, self.stats)

    def show_allocation(self) -> QWidget:
        conn = self._selected_connection() or self._target_connection()
        return allocation.show_allocation(self, self.manager, self.stats, conn)

    def closeEvent(self, event: QCloseEvent) -> None:
        for window in list(self.consoles.values()):
            window.close()
        self.console_dock.close_view()
        super().closeEvent(event)


def _remembered_tcg(vms: list[VirtualMachine]) -> str:
    """What starting with software emulation changed, and what hvdesk now remembers."""
    names = ", ".join(f"'{vm.name}'" for vm in vms)
    hosts = ", ".join(dict.fromkeys(vm.connection.name for vm in vms))
    return fill(
        translate(
            "MainWindow",
            "Started %1 with software emulation (TCG); the change is saved. KVM does not "
            "work on %2: new VMs there use TCG, and KVM VMs there switch to TCG when they "
            "start. Settings → Preferences lets you try KVM again.",
        ),
        names,
        hosts,
    )
