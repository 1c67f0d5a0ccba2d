"""Move the selected VMs to a group (kept in each VM's hvdesk metadata)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLayout,
    QVBoxLayout,
    QWidget,
)

from hvdesk.core.groups import group_problem, known_groups
from hvdesk.core.vm import VirtualMachine
from hvdesk.ui.new_vm_wizard.widgets import MessageLabel


class GroupDialog(QDialog):
    def __init__(self, vms: list[VirtualMachine], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vms = vms
        self.setWindowTitle(self.tr("Move to Group"))
        others = [vm for conn in {vm.connection for vm in vms} for vm in conn.vms.values()]
        self.group_edit = QComboBox()
        self.group_edit.setEditable(True)
        self.group_edit.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.group_edit.setAccessibleName(self.tr("Group name"))
        self.group_edit.addItems(known_groups(others))
        current = {vm.config.group for vm in vms}
        self.group_edit.setEditText(current.pop() if len(current) == 1 else "")
        line = self.group_edit.lineEdit()
        assert line is not None  # editable
        line.setPlaceholderText(self.tr("No group"))
        line.selectAll()
        intro = QLabel(
            self.tr("Move %n VM(s) to the group (leave empty for no group):", "", len(vms))
        )
        intro.setTextFormat(Qt.TextFormat.PlainText)
        self.problem = MessageLabel("problem")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(self.tr("&Group:"), self.group_edit)
        layout = QVBoxLayout(self)
        # Grow when a message or the progress bar appears, never squeeze the text.
        layout.setSizeConstraint(QLayout.SizeConstraint.SetMinimumSize)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self.group_edit.editTextChanged.connect(self._validate)
        self._validate()
        self.setMinimumWidth(380)

    def group(self) -> str:
        return self.group_edit.currentText().strip()

    def _validate(self) -> None:
        problem = group_problem(self.group_edit.currentText())
        self.problem.show_message(problem)
        if self.isVisible():
            self.adjustSize()
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(not problem)
