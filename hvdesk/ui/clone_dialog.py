"""Clone a VM: name, full or linked, MAC addresses; progress and Cancel while it copies."""

from __future__ import annotations

import asyncio
import contextlib
from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QProgressBar,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from hvdesk.core import clone
from hvdesk.core.clone import CloneMode, MacPolicy
from hvdesk.core.errors import HvdeskError, from_libvirt
from hvdesk.core.vm import VirtualMachine
from hvdesk.ui.new_vm_wizard.widgets import MessageLabel


class CloneDialog(QDialog):
    cloned = Signal(str)  # the new VM's UUID

    def __init__(self, vm: VirtualMachine, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vm = vm
        self._task: asyncio.Future[str] | None = None
        self._cancel = asyncio.Event()
        self.setWindowTitle(self.tr("Clone '{name}'").format(name=vm.name))

        self.name_edit = QLineEdit(clone.suggest_name(vm))
        self.name_edit.setAccessibleName(self.tr("Name of the clone"))
        self.name_edit.selectAll()
        self.full = QRadioButton(self.tr("&Full clone: copies of every writable disk"))
        self.full.setChecked(True)
        self.linked = QRadioButton(
            self.tr("&Linked clone: small overlays on this VM's disks, which stay frozen")
        )
        linked_blocker = clone.linked_blocker(vm)
        self.linked.setEnabled(not linked_blocker)
        self.linked.setToolTip(linked_blocker)
        self.linked_note = QLabel(linked_blocker)
        self.linked_note.setTextFormat(Qt.TextFormat.PlainText)
        self.linked_note.setWordWrap(True)
        self.linked_note.setStyleSheet("color:#606060; margin-left:22px;")
        self.linked_note.setVisible(bool(linked_blocker))
        self.modes = QButtonGroup(self)
        self.modes.addButton(self.full)
        self.modes.addButton(self.linked)
        self.macs = QComboBox()
        self.macs.setAccessibleName(self.tr("MAC address policy"))
        self.macs.addItem(self.tr("Generate new MAC addresses (recommended)"), MacPolicy.NEW)
        self.macs.addItem(self.tr("Keep the MAC addresses (only one may run at a time)"),
                          MacPolicy.KEEP)  # fmt: skip

        copied = [d for d in vm.config.disks if d.device == "disk" and d.source and not d.readonly]
        shared = [d for d in vm.config.disks if d.source and d not in copied]
        lines = [
            self.tr("Copied: {disks}").format(
                disks=", ".join(f"{d.target} ({d.source})" for d in copied) or self.tr("none")
            )
        ]
        if shared:
            lines.append(self.tr("Shared as they are: {disks}").format(
                disks=", ".join(f"{d.target} ({d.source})" for d in shared)))  # fmt: skip
        self.disks_label = QLabel("<br>".join(escape(line) for line in lines))
        self.disks_label.setTextFormat(Qt.TextFormat.RichText)
        self.disks_label.setWordWrap(True)
        self.disks_label.setStyleSheet("color:#606060;")

        self.problem = MessageLabel("problem")
        self.progress = QProgressBar()
        self.progress.setAccessibleName(self.tr("Clone progress"))
        self.progress.hide()
        self.status = QLabel()
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.hide()

        form = QFormLayout()
        form.addRow(self.tr("&Name:"), self.name_edit)
        form.addRow(self.tr("Kind:"), self.full)
        form.addRow("", self.linked)
        form.addRow("", self.linked_note)
        form.addRow(self.tr("&MAC addresses:"), self.macs)
        form.addRow(self.tr("Disks:"), self.disks_label)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.clone_button = self.buttons.addButton(
            self.tr("Clone"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.clone_button.setDefault(True)
        self.clone_button.clicked.connect(self.start)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        # Grow when a message or the progress bar appears, never squeeze the text.
        layout.setSizeConstraint(QLayout.SizeConstraint.SetMinimumSize)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(self.status)
        layout.addWidget(self.progress)
        layout.addWidget(self.buttons)
        self.name_edit.textChanged.connect(self._validate)
        self._validate()
        self.setMinimumWidth(520)

    @property
    def mode(self) -> CloneMode:
        return CloneMode.LINKED if self.linked.isChecked() else CloneMode.FULL

    def _validate(self) -> None:
        problem = clone.clone_problem(self.vm, self.name_edit.text())
        self.problem.show_message(problem)
        self._fit()
        self.clone_button.setEnabled(not problem and self._task is None)

    def _fit(self) -> None:
        # Word-wrapped labels need the height for their width: grow, never clip them.
        if self.isVisible():
            self.adjustSize()

    @property
    def running(self) -> bool:
        return self._task is not None and not self._task.done()

    def start(self) -> None:
        if self.running or clone.clone_problem(self.vm, self.name_edit.text()):
            return
        self._cancel = asyncio.Event()
        for widget in (self.name_edit, self.full, self.linked, self.macs, self.clone_button):
            widget.setEnabled(False)
        self.progress.setRange(0, 0)
        self.progress.show()
        self.status.setText(self.tr("Starting…"))
        self.status.show()
        self._fit()
        self._task = asyncio.ensure_future(
            clone.clone_vm(
                self.vm,
                self.name_edit.text(),
                self.mode,
                self.macs.currentData(),
                self._progress,
                self._cancel,
            )
        )
        self._task.add_done_callback(self._finished)

    def _progress(self, fraction: float | None, text: str) -> None:
        if fraction is None:
            self.progress.setRange(0, 0)
        else:
            self.progress.setRange(0, 1000)
            self.progress.setValue(int(fraction * 1000))
        self.status.setText(text)

    def _finished(self, task: asyncio.Future[str]) -> None:
        self._task = None
        self.progress.hide()
        self.status.hide()
        if task.cancelled():
            return
        exc = task.exception()
        if exc is None:
            self.cloned.emit(task.result())
            self.accept()
            return
        if not self.isVisible():
            return  # cancelled by closing: nothing is left, nothing to say
        error = (
            exc if isinstance(exc, HvdeskError) else from_libvirt(self.tr("Could not clone"), exc)
        )
        self.problem.show_message(error.sentence())
        self._fit()
        self.name_edit.setEnabled(True)
        self.full.setEnabled(True)
        self.linked.setEnabled(not clone.linked_blocker(self.vm))
        self.macs.setEnabled(True)
        self.clone_button.setEnabled(True)

    def reject(self) -> None:
        if self.running:  # Cancel while copying: stop, roll back, then close
            self._cancel.set()
            self.status.setText(self.tr("Cancelling…"))
            assert self._task is not None
            self._task.add_done_callback(self._close_unless_left_behind)
            return
        super().reject()

    def _close_unless_left_behind(self, task: asyncio.Future[str]) -> None:
        """After a cancel: close, unless the rollback left something the user must know
        about (`_finished` shows it)."""
        if not task.cancelled() and isinstance(task.exception(), clone.CloneLeftBehind):
            return
        super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.running:
            event.ignore()
            self.reject()
            return
        with contextlib.suppress(RuntimeError):
            super().closeEvent(event)
