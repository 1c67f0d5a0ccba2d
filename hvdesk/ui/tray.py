"""A tray icon listing the running VMs (where the desktop has a tray): click one to show
its console; the icon itself shows or hides the manager window."""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QMenu, QSystemTrayIcon

from hvdesk.core.connection import Connection
from hvdesk.i18n import fill
from hvdesk.ui.icons import app_icon, state_icon
from hvdesk.ui.main_window import MainWindow


class RunningVmsTray(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.icon = QSystemTrayIcon(app_icon(), self)
        self.icon.setToolTip("hvdesk")
        self.menu = QMenu()
        self.menu.aboutToShow.connect(self.rebuild)
        self.icon.setContextMenu(self.menu)
        self.icon.activated.connect(self._activated)
        # State changes come in bursts (a host reconnecting): rebuild once after them.
        self._pending = QTimer(self)
        self._pending.setSingleShot(True)
        self._pending.setInterval(200)
        self._pending.timeout.connect(self.rebuild)
        window.manager.connectionAdded.connect(self._follow)
        for conn in window.manager.connections:
            self._follow(conn)
        self.rebuild()

    def _follow(self, conn: Connection) -> None:
        for signal in (conn.vmAdded, conn.vmChanged, conn.vmRemoved, conn.vmsReset):
            signal.connect(lambda *_: self._pending.start())

    @classmethod
    def create(cls, window: MainWindow) -> RunningVmsTray | None:
        if not QSystemTrayIcon.isSystemTrayAvailable():
            return None
        tray = cls(window)
        tray.icon.show()
        return tray

    def hide(self) -> None:
        self.icon.hide()

    def running_names(self) -> list[str]:
        return [a.text() for a in self.menu.actions() if a.data() == "vm"]

    def rebuild(self) -> None:
        self.menu.clear()
        running = [
            vm
            for conn in self.window.manager.connections
            for vm in conn.vms.values()
            if vm.state.is_active
        ]
        if not running:
            none = self.menu.addAction(self.tr("No virtual machine is running"))
            none.setEnabled(False)
        for vm in sorted(running, key=lambda v: v.name.lower()):
            action = self.menu.addAction(state_icon(vm.state), vm.name)
            action.setData("vm")
            action.triggered.connect(lambda _=False, v=vm: self.window.show_console(v))
        self.menu.addSeparator()
        show = self.menu.addAction(self.tr("Show hvdesk"))
        show.triggered.connect(self._show_window)
        count = len(running)
        self.icon.setToolTip(fill(self.tr("hvdesk: %1 running"), count) if count else "hvdesk")

    def _show_window(self) -> None:
        self.window.show()
        self.window.raise_()
        self.window.activateWindow()

    def _activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason is QSystemTrayIcon.ActivationReason.Trigger:
            if self.window.isVisible() and self.window.isActiveWindow():
                self.window.hide()
            else:
                self._show_window()
