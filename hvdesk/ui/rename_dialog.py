"""Rename a VM (it must be off); the name is checked as it is typed."""

from __future__ import annotations

import asyncio

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from hvdesk.core.errors import HvdeskError, from_libvirt
from hvdesk.core.rename import rename_problem, rename_vm
from hvdesk.core.vm import VirtualMachine
from hvdesk.ui.new_vm_wizard.widgets import MessageLabel


class RenameDialog(QDialog):
    def __init__(self, vm: VirtualMachine, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vm = vm
        self._task: asyncio.Future[None] | None = None
        self.setWindowTitle(self.tr("Rename '{name}'").format(name=vm.name))
        self.name_edit = QLineEdit(vm.name)
        self.name_edit.setAccessibleName(self.tr("New name"))
        self.name_edit.selectAll()
        note = QLabel(self.tr("Disk image files keep their names."))
        note.setStyleSheet("color:#606060;")
        self.problem = MessageLabel("problem")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.rename_button = self.buttons.addButton(
            self.tr("Rename"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.rename_button.setDefault(True)
        self.rename_button.clicked.connect(self.start)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(self.tr("&Name:"), self.name_edit)
        layout = QVBoxLayout(self)
        # Grow when a message or the progress bar appears, never squeeze the text.
        layout.setSizeConstraint(QLayout.SizeConstraint.SetMinimumSize)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self.name_edit.textChanged.connect(self._validate)
        self._validate()
        self.setMinimumWidth(420)

    def _validate(self) -> None:
        text = self.name_edit.text()
        problem = rename_problem(self.vm, text)
        # Unchanged is not a mistake worth red text: the button just waits.
        self.problem.show_message("" if text == self.vm.name else problem)
        if self.isVisible():
            self.adjustSize()  # room for the message, however long
        self.rename_button.setEnabled(not problem and self._task is None)

    def start(self) -> None:
        if self._task is not None or rename_problem(self.vm, self.name_edit.text()):
            return
        self.rename_button.setEnabled(False)
        self._task = asyncio.ensure_future(rename_vm(self.vm, self.name_edit.text()))
        self._task.add_done_callback(self._finished)

    def _finished(self, task: asyncio.Future[None]) -> None:
        self._task = None
        if task.cancelled():
            return
        exc = task.exception()
        if exc is None:
            self.accept()
            return
        error = (
            exc if isinstance(exc, HvdeskError) else from_libvirt(self.tr("Could not rename"), exc)
        )
        self.problem.show_message(error.sentence())
        self.adjustSize()
        self.rename_button.setEnabled(True)
