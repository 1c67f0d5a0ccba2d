"""Ask before deleting VMs; name what will be lost and keep disks other VMs use or are
built on (a linked clone's base)."""

from __future__ import annotations

import asyncio
import contextlib
from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from hvdesk.core.disk_usage import read_disk_usage
from hvdesk.core.domain_info import Disk
from hvdesk.core.snapshots import snapshot_names
from hvdesk.core.vm import DeletePlan, VirtualMachine
from hvdesk.i18n import fill


class DeleteDialog(QDialog):
    def __init__(self, vms: list[VirtualMachine], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vms = vms
        names = ", ".join(f"'{vm.name}'" for vm in vms)
        self.setWindowTitle(
            self.tr("Delete Virtual Machine")
            if len(vms) == 1
            else self.tr("Delete Virtual Machines")
        )
        # What the VMs' XML says, at once; then every chain is read (qemu-img, pools) and
        # the plan shown again. VirtualMachine.delete checks once more before removing.
        self._plans: dict[str, DeletePlan] = {vm.uuid: vm.plan_delete() for vm in vms}

        layout = QVBoxLayout(self)
        intro = QLabel(
            fill(
                self.tr("Delete %1? Its settings and snapshots are removed for good."),
                escape(names),
            )
            if len(vms) == 1
            else fill(
                self.tr("Delete %1 VMs (%2)? Their settings and snapshots are removed for good."),
                len(vms),
                escape(names),
            )
        )
        intro.setTextFormat(Qt.TextFormat.RichText)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.remove_disks = QCheckBox()
        self.remove_disks.setChecked(False)  # the safe default keeps the data
        layout.addWidget(self.remove_disks)
        self.listing = QLabel()
        self.listing.setTextFormat(Qt.TextFormat.RichText)
        self.listing.setStyleSheet("margin-left:24px; color:#606060;")
        layout.addWidget(self.listing)
        self.kept = QLabel()
        self.kept.setObjectName("keptDisks")
        self.kept.setTextFormat(Qt.TextFormat.RichText)
        self.kept.setWordWrap(True)
        layout.addWidget(self.kept)
        self.chains_label = QLabel(self.tr("Checking which disks other VMs are built on…"))
        self.chains_label.setObjectName("chainsLabel")
        layout.addWidget(self.chains_label)
        self._show_plans()
        self._reading = asyncio.ensure_future(self._read_plans())
        self.finished.connect(lambda *_: self._reading.cancel())
        # Snapshots are read while the dialog is open; libvirt drops their metadata
        # with the VM (internal snapshot data goes with a deleted disk).
        self.snapshots_label = QLabel(self.tr("Checking for snapshots…"))
        self.snapshots_label.setObjectName("snapshotsLabel")
        self.snapshots_label.setTextFormat(Qt.TextFormat.PlainText)
        self.snapshots_label.setWordWrap(True)
        layout.addWidget(self.snapshots_label)
        self.snapshots: dict[str, list[str]] = {}
        self._listing = asyncio.ensure_future(self._list_snapshots())
        self.finished.connect(lambda *_: self._listing.cancel())
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.delete_button = self.buttons.addButton(
            self.tr("Delete"), QDialogButtonBox.ButtonRole.DestructiveRole
        )
        self.delete_button.clicked.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setDefault(True)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(460)

    def _show_plans(self) -> None:
        files = [d.source for p in self._plans.values() for d in p.removable]
        self.remove_disks.setText(
            self.tr("Also delete 1 disk image")
            if len(files) == 1
            else fill(self.tr("Also delete %1 disk images"), len(files))
        )
        self.remove_disks.setVisible(bool(files))
        self.listing.setText("<br>".join(escape(f) for f in files))
        self.listing.setVisible(bool(files))
        kept = [
            fill(self.tr("%1 — used by %2"), escape(d.source), escape(", ".join(users)))
            for p in self._plans.values()
            for d, users in p.shared
        ] + [
            fill(
                self.tr("%1 (a base image below the disk) — used by %2"),
                escape(path),
                escape(", ".join(users)),
            )
            for p in self._plans.values()
            for path, users in p.shared_bases
        ]
        self.kept.setText(self.tr("Kept because other VMs use them:") + "<br>" + "<br>".join(kept))
        self.kept.setVisible(bool(kept))

    async def _read_plans(self) -> None:
        """Every chain on the VMs' connections, read once per connection."""
        plans = dict(self._plans)
        by_connection: dict[int, list[VirtualMachine]] = {}
        for vm in self.vms:
            by_connection.setdefault(id(vm.connection), []).append(vm)
        for vms in by_connection.values():
            with contextlib.suppress(Exception):  # the plan from the XML stays
                usage = await read_disk_usage(vms[0].connection)
                plans.update({vm.uuid: vm.plan_delete(usage) for vm in vms})
        with contextlib.suppress(RuntimeError):  # the dialog was closed meanwhile
            before = {u: p.removable for u, p in self._plans.items()}
            self._plans = plans
            if {u: p.removable for u, p in plans.items()} != before:
                self.remove_disks.setChecked(False)  # the user chose from another list
            self._show_plans()
            self.chains_label.hide()

    async def _list_snapshots(self) -> None:
        found: dict[str, list[str]] = {}
        unknown: list[str] = []
        for vm in self.vms:
            try:
                found[vm.uuid] = await snapshot_names(vm)
            except Exception:  # the dialog still works; it says what it could not tell
                unknown.append(vm.name)
        self.snapshots = found
        lines = [
            fill(
                self.tr("Snapshots of '%1' that will be lost: %2"),
                vm.name,
                ", ".join(found[vm.uuid]),
            )
            for vm in self.vms
            if found.get(vm.uuid)
        ]
        if unknown:
            lines.append(
                fill(
                    self.tr("Could not list the snapshots of %1."),
                    ", ".join(f"'{n}'" for n in unknown),
                )
            )
        with contextlib.suppress(RuntimeError):  # the dialog was closed meanwhile
            self.snapshots_label.setText("\n".join(lines))
            self.snapshots_label.setVisible(bool(lines))

    def disks_to_remove(self, vm: VirtualMachine) -> tuple[Disk, ...]:
        return self._plans[vm.uuid].removable if self.remove_disks.isChecked() else ()
