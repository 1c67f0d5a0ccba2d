"""The manager's Clone…, Rename… and Move to Group… actions and the dialogs they open."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu

from hvdesk.core.groups import set_group
from hvdesk.core.vm import VirtualMachine, VmState
from hvdesk.i18n import fill
from hvdesk.ui.batch import run_batch
from hvdesk.ui.clone_dialog import CloneDialog
from hvdesk.ui.group_dialog import GroupDialog
from hvdesk.ui.rename_dialog import RenameDialog

if TYPE_CHECKING:
    from hvdesk.ui.main_window import MainWindow

_OFF = {VmState.SHUTOFF, VmState.CRASHED}


class VmEditActions(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        # Ctrl+O as in VirtualBox (Ctrl+Shift+O is the overview of running VMs).
        self.clone_action = self._action(self.tr("Clone…"), "actionClone", "Ctrl+O")
        self.clone_action.triggered.connect(lambda: self.clone())
        self.rename_action = self._action(self.tr("Rename…"), "actionRename", "F2")
        self.rename_action.triggered.connect(lambda: self.rename())
        self.group_action = self._action(self.tr("Move to Group…"), "actionGroup", "Ctrl+G")
        self.group_action.triggered.connect(lambda: self.move_to_group())

    def _action(self, text: str, name: str, shortcut: str) -> QAction:
        action = QAction(text, self.window)
        action.setObjectName(name)
        action.setShortcut(QKeySequence(shortcut))
        self.window.addAction(action)  # the shortcut works wherever the focus is
        return action

    def add_to(self, menu: QMenu) -> None:
        for action in (self.clone_action, self.rename_action, self.group_action):
            menu.addAction(action)

    def update(self, vms: list[VirtualMachine]) -> None:
        one = vms[0] if len(vms) == 1 and vms[0].connection.is_connected else None
        self.clone_action.setEnabled(one is not None and one.state in _OFF)
        self.rename_action.setEnabled(
            one is not None and one.state in _OFF and one.snapshot.persistent
        )
        self.group_action.setEnabled(bool(vms) and all(vm.connection.is_connected for vm in vms))

    def _one(self) -> VirtualMachine | None:
        vms = self.window.selected_vms()
        return vms[0] if len(vms) == 1 else None

    def clone(self, vm: VirtualMachine | None = None) -> CloneDialog | None:
        vm = vm or self._one()
        if vm is None:
            return None
        dialog = CloneDialog(vm, self.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        conn = vm.connection

        def cloned(uuid: str) -> None:
            if uuid in conn.vms:
                self.window.select_vm(conn.vms[uuid])
                return

            def appeared(new: VirtualMachine) -> None:  # the list reads it a moment later
                if new.uuid == uuid:
                    conn.vmAdded.disconnect(appeared)
                    self.window.select_vm(new)

            conn.vmAdded.connect(appeared)

        dialog.cloned.connect(cloned)
        dialog.open()
        return dialog

    def rename(self, vm: VirtualMachine | None = None) -> RenameDialog | None:
        vm = vm or self._one()
        if vm is None:
            return None
        dialog = RenameDialog(vm, self.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def move_to_group(self) -> GroupDialog | None:
        vms = self.window.selected_vms()
        if not vms:
            return None
        dialog = GroupDialog(vms, self.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def accepted() -> None:
            group = dialog.group()
            jobs = [(vm, set_group(vm, group)) for vm in vms]
            several = (
                self.tr("Could not move %1 of %2 VMs to the group '%3'")
                if group
                else self.tr("Could not take %1 of %2 VMs out of their group")
            )
            self.window.tasks.run(
                run_batch(several, jobs, group), fill(self.tr("Could not move '%1'"), vms[0].name)
            )

        dialog.accepted.connect(accepted)
        dialog.open()
        return dialog
