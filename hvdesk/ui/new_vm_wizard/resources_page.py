"""Page 3, Resources: name, memory, vCPUs, firmware, disk and network."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QWidget,
)

from hvdesk.core.hostfacts import USER_NAT, HostFacts, NetworkChoice
from hvdesk.core.newvm import MAX_VCPUS, Field, Firmware, NewDisk
from hvdesk.core.osinfo import OsProfile
from hvdesk.i18n import fill, translate
from hvdesk.ui.new_vm_wizard.widgets import AmountField, FieldGroup, GroupPage, PathField

MAX_MEMORY_MIB = 16 * 1024 * 1024  # the spin box may go past the host: validation says so
MAX_DISK_GIB = 64 * 1024


class ResourcesGroup(FieldGroup):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.touched: set[str] = set()  # fields the user set: defaults no longer apply
        self.name = QLineEdit()
        self.name.setObjectName("vmName")
        self.name.setAccessibleName(self.tr("Name"))
        self.memory = AmountField(self.tr("Memory"), self.tr(" MiB"), MAX_MEMORY_MIB, 64)
        self.memory.setObjectName("memory")
        self.vcpus = AmountField(self.tr("Virtual CPUs"), "", MAX_VCPUS, 1)
        self.vcpus.setObjectName("vcpus")
        self.firmware = QComboBox()
        self.firmware.setObjectName("firmware")
        self.firmware.setAccessibleName(self.tr("Firmware"))
        for fw in Firmware:
            self.firmware.addItem(translate("Firmware", fw.value), fw)
        self.make_disk = QCheckBox(self.tr("Create a virtual hard disk"))
        self.make_disk.setObjectName("makeDisk")
        self.make_disk.setChecked(True)
        self.disk_size = QSpinBox()
        self.disk_size.setObjectName("diskSize")
        self.disk_size.setAccessibleName(self.tr("Disk size"))
        self.disk_size.setRange(0, MAX_DISK_GIB)
        self.disk_size.setSuffix(self.tr(" GiB"))
        self.disk_size.setValue(20)
        self.thin_note = QLabel(self.tr("grows as the guest writes"))
        self.disk_dir = PathField(self.tr("Disk folder"), directory=True)
        self.disk_dir.setObjectName("diskFolder")
        self.network = QComboBox()
        self.network.setObjectName("network")
        self.network.setAccessibleName(self.tr("Network"))
        self.network.addItem(USER_NAT.describe(), USER_NAT)
        self.bridge = QLineEdit()
        self.bridge.setObjectName("bridge")
        self.bridge.setAccessibleName(self.tr("Bridge"))
        self.bridge.setPlaceholderText(self.tr("bridge name, e.g. br0"))
        self.bridge.hide()

        size_row = QWidget()
        size_layout = QHBoxLayout(size_row)
        size_layout.setContentsMargins(0, 0, 0, 0)
        size_layout.addWidget(self.disk_size)
        size_layout.addWidget(self.thin_note, 1)
        self.size_row = size_row
        network_row = QWidget()
        network_layout = QHBoxLayout(network_row)
        network_layout.setContentsMargins(0, 0, 0, 0)
        network_layout.addWidget(self.network, 1)
        network_layout.addWidget(self.bridge)

        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(self.tr("&Name:"), self.name)
        form.addRow("", self.message_label(Field.NAME))
        form.addRow(self.tr("&Memory:"), self.memory)
        form.addRow("", self.message_label(Field.MEMORY))
        form.addRow(self.tr("&Virtual CPUs:"), self.vcpus)
        form.addRow("", self.message_label(Field.VCPUS))
        form.addRow(self.tr("&Firmware:"), self.firmware)
        form.addRow("", self.message_label(Field.FIRMWARE))
        form.addRow("", self.make_disk)
        form.addRow(self.tr("Disk &size:"), size_row)
        form.addRow("", self.message_label(Field.DISK_SIZE))
        form.addRow(self.tr("Disk &folder:"), self.disk_dir)
        form.addRow("", self.message_label(Field.DISK_LOCATION))
        form.addRow(self.tr("Ne&twork:"), network_row)
        form.addRow("", self.message_label(Field.NETWORK))
        self.form = form

        def touch(field: str) -> None:
            self.touched.add(field)
            self.changed.emit()

        self.name.textEdited.connect(lambda *_: touch(Field.NAME))
        self.name.textChanged.connect(lambda *_: self.changed.emit())
        self.memory.valueChanged.connect(lambda *_: touch(Field.MEMORY))
        self.vcpus.valueChanged.connect(lambda *_: touch(Field.VCPUS))
        self.firmware.activated.connect(lambda *_: touch(Field.FIRMWARE))
        self.firmware.currentIndexChanged.connect(lambda *_: self.changed.emit())
        self.disk_size.valueChanged.connect(lambda *_: touch(Field.DISK_SIZE))
        self.make_disk.toggled.connect(lambda *_: touch("make_disk"))
        self.disk_dir.edit.textEdited.connect(lambda *_: self.touched.add(Field.DISK_LOCATION))
        self.disk_dir.changed.connect(lambda *_: self.changed.emit())
        self.network.currentIndexChanged.connect(self._network_changed)
        self.bridge.textChanged.connect(lambda *_: self.changed.emit())

    # ---- what the host offers --------------------------------------------------------

    def set_host(self, host: HostFacts) -> None:
        was_touched = set(self.touched)
        self.memory.set_host_total(
            host.memory_mib, fill(self.tr("of %1 MiB"), f"{host.memory_mib:,}"), 64
        )
        self.vcpus.set_host_total(host.cpus, fill(self.tr("of %1"), host.cpus), 1)
        model = self.firmware.model()
        assert isinstance(model, QStandardItemModel)
        for row, fw in enumerate(Firmware):
            available = fw is Firmware.BIOS or (
                host.uefi and (fw is Firmware.UEFI or host.secure_boot)
            )
            item = model.item(row)
            item.setEnabled(available)
            item.setToolTip(
                "" if available else self.tr("This host's libvirt offers no such firmware")
            )
        self.network.blockSignals(True)
        self.network.clear()
        for choice in host.network_choices():
            self.network.addItem(choice.describe(), choice)
        self.network.blockSignals(False)
        self._network_changed()
        if Field.DISK_LOCATION not in self.touched:
            self.disk_dir.setText(host.default_disk_dir)
        self.touched = was_touched

    def apply_defaults(self, profile: OsProfile, host: HostFacts | None, name: str) -> None:
        """Profile recommendations for the fields the user has not set."""
        was_touched = set(self.touched)
        if Field.NAME not in self.touched:
            self.name.setText(name)
        if Field.MEMORY not in self.touched:
            memory = profile.memory_mib
            if host is not None:
                memory = min(memory, max(64, (host.memory_mib * 3 // 4) // 64 * 64))
            self.memory.setValue(memory)
        if Field.VCPUS not in self.touched:
            self.vcpus.setValue(min(profile.vcpus, host.cpus) if host else profile.vcpus)
        if Field.DISK_SIZE not in self.touched:
            self.disk_size.setValue(profile.disk_gib)
        if Field.FIRMWARE not in self.touched and host is not None:
            firmware = Firmware.BIOS
            if profile.needs_uefi and host.uefi:
                firmware = Firmware.UEFI_SECURE if host.secure_boot else Firmware.UEFI
            self.firmware.setCurrentIndex(list(Firmware).index(firmware))
        self.touched = was_touched

    def show_disk_fields(self, make_choice: bool, size: bool, location: bool) -> None:
        """make_choice: the "create a disk" box; size/location: the new image's fields."""
        self.make_disk.setVisible(make_choice)
        want = self.make_disk.isChecked() or not make_choice
        for widget, visible in ((self.size_row, size and want), (self.disk_dir, location and want)):
            widget.setVisible(visible)
            label = self.form.labelForField(widget)
            if label is not None:
                label.setVisible(visible)

    def suggest_disk(self, wanted: bool) -> None:
        if "make_disk" not in self.touched:
            self.make_disk.blockSignals(True)
            self.make_disk.setChecked(wanted)
            self.make_disk.blockSignals(False)

    # ---- values ------------------------------------------------------------------------

    def vm_name(self) -> str:
        return self.name.text()

    def firmware_choice(self) -> Firmware:
        value = self.firmware.currentData()
        return value if isinstance(value, Firmware) else Firmware.BIOS

    def new_disk(self) -> NewDisk | None:
        if not self.make_disk.isChecked():
            return None
        return NewDisk(float(self.disk_size.value()), self.disk_dir.text())

    def network_choice(self) -> NetworkChoice:
        choice = self.network.currentData()
        if not isinstance(choice, NetworkChoice):
            return USER_NAT
        if choice.kind == "bridge":
            return NetworkChoice("bridge", self.bridge.text().strip())
        return choice

    def _network_changed(self, *_: object) -> None:
        choice = self.network.currentData()
        self.bridge.setVisible(isinstance(choice, NetworkChoice) and choice.kind == "bridge")
        self.changed.emit()


class ResourcesPage(GroupPage):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(
            translate("NewVmWizard", "Name and resources"),
            translate(
                "NewVmWizard",
                "Memory and CPUs are taken from the host while the VM runs; the disk image "
                "is thin: it uses only what the guest writes.",
            ),
            parent,
        )
        self.setObjectName("resourcesPage")
        self.waiting = QLabel(self.tr("Reading what the host offers…"))
        self.waiting.setObjectName("hostWaiting")
        self.waiting.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.box.addWidget(self.waiting)
