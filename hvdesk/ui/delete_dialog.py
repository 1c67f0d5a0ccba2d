"""Ask before deleting VMs; name what will be lost and keep shared disks."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from hvdesk.core.domain_info import Disk
from hvdesk.core.vm import VirtualMachine


class DeleteDialog(QDialog):
    def __init__(self, vms: list[VirtualMachine], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vms = vms
        names = ", ".join(f"'{vm.name}'" for vm in vms)
        self.setWindowTitle("Delete Virtual Machine" + ("s" if len(vms) > 1 else ""))
        plans = {vm.uuid: vm.plan_delete() for vm in vms}
        self._removable = {vm.uuid: plans[vm.uuid].removable for vm in vms}
        files = [d.source for p in plans.values() for d in p.removable]
        shared = [(d, users) for p in plans.values() for d, users in p.shared]

        layout = QVBoxLayout(self)
        intro = QLabel(
            f"Delete {escape(names)}? Its settings and snapshots are removed for good."
            if len(vms) == 1
            else f"Delete {len(vms)} VMs ({escape(names)})? Their settings and "
            "snapshots are removed for good."
        )
        intro.setTextFormat(Qt.TextFormat.RichText)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.remove_disks = QCheckBox(
            f"Also delete {len(files)} disk image" + ("s" if len(files) != 1 else "")
        )
        self.remove_disks.setChecked(False)  # the safe default keeps the data
        self.remove_disks.setVisible(bool(files))
        layout.addWidget(self.remove_disks)
        if files:
            listing = QLabel("<br>".join(escape(f) for f in files))
            listing.setTextFormat(Qt.TextFormat.RichText)
            listing.setStyleSheet("margin-left:24px; color:#606060;")
            layout.addWidget(listing)
        if shared:
            kept = "<br>".join(
                f"{escape(d.source)} — used by {escape(', '.join(users))}" for d, users in shared
            )
            note = QLabel(f"Kept because other VMs use them:<br>{kept}")
            note.setTextFormat(Qt.TextFormat.RichText)
            note.setWordWrap(True)
            layout.addWidget(note)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.delete_button = self.buttons.addButton(
            "Delete", QDialogButtonBox.ButtonRole.DestructiveRole
        )
        self.delete_button.clicked.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setDefault(True)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(460)

    def disks_to_remove(self, vm: VirtualMachine) -> tuple[Disk, ...]:
        return self._removable[vm.uuid] if self.remove_disks.isChecked() else ()
