"""System: memory, vCPUs and topology, firmware, machine type, boot order (in the form
the VM's definition uses: device classes, a position per device, or none beside a
bootloader)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from hvdesk.core.accel import describe_domain_type
from hvdesk.core.domxml import BootEntry, BootForm, DomainXml, DomainXmlError
from hvdesk.core.settings_apply import SettingsChange
from hvdesk.ui.settings.page import PageContext, SettingsPage


def _spin(name: str, accessible: str, suffix: str = "") -> QSpinBox:
    spin = QSpinBox()
    spin.setObjectName(name)
    spin.setAccessibleName(accessible)
    spin.setSuffix(suffix)
    spin.setMinimum(1)
    spin.setMaximum(1024 * 1024 * 16)
    return spin


class SystemPage(SettingsPage):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("System"), parent)
        form = self.form()
        self.memory = _spin("settingsMemory", self.tr("Memory"), " MiB")
        self.memory.setSingleStep(256)
        self.current_memory = _spin("settingsCurrentMemory", self.tr("Current memory"), " MiB")
        self.current_memory.setSingleStep(256)
        self.vcpus = _spin("settingsVcpus", self.tr("Virtual CPUs"))
        self.max_vcpus = _spin("settingsMaxVcpus", self.tr("Maximum virtual CPUs"))
        self.topology = QCheckBox(self.tr("Set the CPU topology"))
        self.topology.setObjectName("settingsTopology")
        self.sockets = _spin("settingsSockets", self.tr("Sockets"))
        self.cores = _spin("settingsCores", self.tr("Cores"))
        self.threads = _spin("settingsThreads", self.tr("Threads"))
        topo_row = QWidget()
        topo_layout = QHBoxLayout(topo_row)
        topo_layout.setContentsMargins(0, 0, 0, 0)
        for label, spin in (
            (self.tr("sockets"), self.sockets),
            (self.tr("cores"), self.cores),
            (self.tr("threads"), self.threads),
        ):
            topo_layout.addWidget(spin)
            topo_layout.addWidget(QLabel(label))
        topo_layout.addStretch(1)
        self.topo_row = topo_row
        self.topology.toggled.connect(topo_row.setEnabled)
        self.firmware = QComboBox()
        self.firmware.setObjectName("settingsFirmware")
        self.firmware.setAccessibleName(self.tr("Firmware"))
        self.machine = QComboBox()
        self.machine.setObjectName("settingsMachine")
        self.machine.setAccessibleName(self.tr("Machine type"))
        self.machine.setEditable(True)
        self.acceleration = QLabel()
        self.boot = QListWidget()
        self.boot.setObjectName("settingsBootOrder")
        self.boot.setAccessibleName(self.tr("Boot order"))
        self.boot.setMaximumHeight(110)
        up = QPushButton(self.tr("Up"))
        up.setObjectName("settingsBootUp")
        down = QPushButton(self.tr("Down"))
        down.setObjectName("settingsBootDown")
        up.clicked.connect(lambda: self._move(-1))
        down.clicked.connect(lambda: self._move(1))
        boot_row = QWidget()
        boot_layout = QHBoxLayout(boot_row)
        boot_layout.setContentsMargins(0, 0, 0, 0)
        boot_layout.addWidget(self.boot, 1)
        buttons = QVBoxLayout()
        buttons.addWidget(up)
        buttons.addWidget(down)
        buttons.addStretch(1)
        boot_layout.addLayout(buttons)
        self.boot_row = boot_row
        self.boot_note = self.note("")
        self.boot_note.setObjectName("settingsBootNote")

        form.addRow(self.tr("&Memory:"), self.memory)
        form.addRow(self.tr("C&urrent memory:"), self.current_memory)
        self.memory_note = self.note("")
        form.addRow(self.memory_note)
        form.addRow(self.tr("&Virtual CPUs:"), self.vcpus)
        form.addRow(self.tr("Ma&ximum vCPUs:"), self.max_vcpus)
        form.addRow("", self.topology)
        form.addRow(self.tr("Topology:"), topo_row)
        form.addRow(self.tr("&Firmware:"), self.firmware)
        form.addRow(self.tr("Mac&hine type:"), self.machine)
        form.addRow(self.tr("Acceleration:"), self.acceleration)
        form.addRow(self.tr("&Boot order:"), boot_row)
        form.addRow("", self.boot_note)
        self.outer.addStretch(1)
        self._doc_values: dict[str, object] = {}
        self._host_memory = 0
        # The host's alias -> canonical machine name, once loaded.
        self._canonical_machine: Callable[[str], str] = str
        self._boot_names = {
            "hd": self.tr("Hard disk"),
            "cdrom": self.tr("CD/DVD"),
            "network": self.tr("Network (PXE)"),
            "fd": self.tr("Floppy"),
        }
        self._device_names = {
            "hd": self.tr("Hard disk {0}"),
            "cdrom": self.tr("CD/DVD {0}"),
            "fd": self.tr("Floppy {0}"),
            "network": self.tr("Network adapter {0}"),
            "hostdev": self.tr("Host device {0}"),
            "redirdev": self.tr("Redirected device ({0})"),
        }

    def load(self, doc: DomainXml, ctx: PageContext) -> None:
        host = ctx.host
        self._host_memory = host.memory_mib
        self._canonical_machine = host.canonical_machine
        self.memory.setMaximum(max(host.memory_mib, doc.memory_kib // 1024))
        self.current_memory.setMaximum(self.memory.maximum())
        self.memory.setValue(doc.memory_kib // 1024)
        self.current_memory.setValue(doc.current_memory_kib // 1024)
        self.memory_note.setText(
            self.tr("The host has {0} MiB. A running VM's current memory changes at once "
                    "(balloon); the maximum at the next boot.").format(host.memory_mib)
        )  # fmt: skip
        current, maximum = doc.vcpus
        top = max(host.max_vcpus, maximum)
        for spin in (self.vcpus, self.max_vcpus, self.sockets, self.cores, self.threads):
            spin.setMaximum(top)
        self.vcpus.setValue(current)
        self.max_vcpus.setValue(maximum)
        topology = doc.topology
        self.topology.setChecked(topology is not None)
        self.topo_row.setEnabled(topology is not None)
        sockets, cores, threads = topology or (1, maximum, 1)
        self.sockets.setValue(sockets)
        self.cores.setValue(cores)
        self.threads.setValue(threads)
        self.firmware.clear()
        self.firmware.addItem(self.tr("BIOS"), "bios")
        self.firmware.addItem(self.tr("UEFI"), "efi")
        firmware = doc.firmware
        if firmware == "kernel":
            self.firmware.clear()
            self.firmware.addItem(self.tr("Direct kernel boot"), "kernel")
            self.firmware.setEnabled(False)
        else:
            model = self.firmware.model()
            uefi_item = model.index(1, 0)
            if not host.uefi and firmware != "efi":
                model.setData(uefi_item, 0, Qt.ItemDataRole.UserRole - 1)  # disabled
                self.firmware.setToolTip(self.tr("This host has no UEFI firmware for VMs"))
            self.firmware.setCurrentIndex(self.firmware.findData(firmware))
        self.machine.clear()
        for name in host.machines:
            self.machine.addItem(name)
        if doc.machine and self.machine.findText(doc.machine) < 0:
            self.machine.addItem(doc.machine)
        self.machine.setCurrentText(doc.machine)
        self.acceleration.setText(describe_domain_type(ctx.vm.config.domain_type))
        self._load_boot(doc)
        self._doc_values = self._values()

    def _load_boot(self, doc: DomainXml) -> None:
        """The boot order as the VM has it, in the form its definition uses."""
        self.boot.clear()
        form = doc.boot_form
        entries = {e.key: e for e in doc.boot_entries()}
        order = doc.boot_order
        for key in [*order, *(k for k in entries if k not in order)]:
            entry = entries.get(key, BootEntry(key, key))
            item = QListWidgetItem(self._boot_label(entry, form))
            item.setData(Qt.ItemDataRole.UserRole, key)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if key in order else Qt.CheckState.Unchecked)
            self.boot.addItem(item)
        self.boot_row.setEnabled(form != BootForm.BOOTLOADER)
        if form == BootForm.BOOTLOADER:
            note = self.tr("Started by the bootloader {0} on the host: no boot order applies.")
            self.boot_note.setText(note.format(doc.bootloader))
        elif form == BootForm.DEVICES:
            self.boot_note.setText(
                self.tr("This VM gives each device its own place in the boot order.")
            )
        else:
            self.boot_note.setText("")

    def _boot_label(self, entry: BootEntry, form: str) -> str:
        if form == BootForm.OS:
            return self._boot_names.get(entry.key, entry.key)
        return self._device_names.get(entry.kind, "{0}").format(entry.name or entry.key)

    def _move(self, step: int) -> None:
        row = self.boot.currentRow()
        if row < 0 or not 0 <= row + step < self.boot.count():
            return
        item = self.boot.takeItem(row)
        self.boot.insertItem(row + step, item)
        self.boot.setCurrentRow(row + step)

    def boot_order(self) -> list[str]:
        order = []
        for row in range(self.boot.count()):
            item = self.boot.item(row)
            if item.checkState() == Qt.CheckState.Checked:
                order.append(str(item.data(Qt.ItemDataRole.UserRole)))
        return order

    def _values(self) -> dict[str, object]:
        return {
            "memory": (self.memory.value(), self.current_memory.value()),
            "vcpus": (self.vcpus.value(), self.max_vcpus.value()),
            "topology": (self.sockets.value(), self.cores.value(), self.threads.value())
            if self.topology.isChecked()
            else None,
            "firmware": self.firmware.currentData(),
            "machine": self.machine.currentText().strip(),
            "boot": self.boot_order(),
        }

    def save(self, doc: DomainXml, change: SettingsChange) -> None:
        now, was = self._values(), self._doc_values
        memory, current_memory = self.memory.value(), self.current_memory.value()
        if now["memory"] != was["memory"]:
            if memory > self._host_memory:
                raise DomainXmlError(
                    self.tr("{0} MiB is more memory than the host has ({1} MiB)").format(
                        memory, self._host_memory
                    ),
                    hint=self.tr("Choose at most {0} MiB").format(self._host_memory),
                )
            if current_memory > memory:
                raise DomainXmlError(
                    self.tr("The current memory ({0} MiB) is more than the maximum ({1} MiB)")
                    .format(current_memory, memory),
                    hint=self.tr("Lower the current memory or raise the maximum"),
                )  # fmt: skip
            doc.set_memory(memory * 1024, current_memory * 1024)
        vcpus, max_vcpus = self.vcpus.value(), self.max_vcpus.value()
        if now["vcpus"] != was["vcpus"] or now["topology"] != was["topology"]:
            if vcpus > max_vcpus:
                raise DomainXmlError(
                    self.tr("{0} vCPUs is more than the maximum of {1}").format(vcpus, max_vcpus),
                    hint=self.tr("Raise the maximum number of vCPUs first"),
                )
            doc.set_vcpus(vcpus, max_vcpus)
            topology = now["topology"]
            doc.set_topology(topology if isinstance(topology, tuple) else None)
        if now["firmware"] != was["firmware"] and now["firmware"] in ("bios", "efi"):
            doc.set_firmware(str(now["firmware"]))
        if now["machine"] != was["machine"]:
            # As libvirt will store it, so that reading the definition back matches.
            doc.set_machine(self._canonical_machine(str(now["machine"])))
        if now["boot"] != was["boot"]:
            if not now["boot"]:
                raise DomainXmlError(self.tr("Tick at least one device to boot from"))
            doc.set_boot_order(self.boot_order())
