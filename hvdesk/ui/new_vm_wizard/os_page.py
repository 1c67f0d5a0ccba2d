"""Page 2, Operating system: detected from the ISO, or chosen from osinfo-db's list;
paravirtual (virtio) or emulated devices, said in plain words."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from hvdesk.core.osinfo import GENERIC, Detection, OsDatabase, OsProfile
from hvdesk.i18n import fill, translate
from hvdesk.ui.new_vm_wizard.widgets import FieldGroup, GroupPage

PROFILE_ROLE = Qt.ItemDataRole.UserRole
MAX_SHOWN = 400  # the whole catalogue is ~800 entries; a search narrows it


class OsGroup(FieldGroup):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db: OsDatabase | None = None
        self.profile: OsProfile = GENERIC
        self.chosen_by_user = False
        self.detected = QLabel(self.tr("Reading the list of operating systems…"))
        self.detected.setObjectName("detectedOs")
        self.detected.setTextFormat(Qt.TextFormat.PlainText)
        self.detected.setWordWrap(True)
        self.search = QLineEdit()
        self.search.setObjectName("osSearch")
        self.search.setAccessibleName(self.tr("Search operating systems"))
        self.search.setPlaceholderText(self.tr("Search, e.g. debian 11, windows 11, fedora"))
        self.search.setClearButtonEnabled(True)
        self.list = QListWidget()
        self.list.setObjectName("osList")
        self.list.setAccessibleName(self.tr("Operating systems"))
        self.devices = QLabel()
        self.devices.setObjectName("osDevices")
        self.devices.setTextFormat(Qt.TextFormat.PlainText)
        self.devices.setWordWrap(True)
        self.virtio_radio = QRadioButton(
            self.tr("&Paravirtual devices (virtio): fastest, needs drivers")
        )
        self.emulated_radio = QRadioButton(
            self.tr("E&mulated devices (SATA disk, Intel network card)")
        )
        self.device_kinds = QButtonGroup(self)
        self.device_kinds.addButton(self.virtio_radio)
        self.device_kinds.addButton(self.emulated_radio)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.detected)
        layout.addWidget(self.search)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.devices)
        layout.addWidget(self.virtio_radio)
        layout.addWidget(self.emulated_radio)
        self.search.textChanged.connect(self._fill)
        self.list.currentItemChanged.connect(self._picked)
        self.device_kinds.buttonToggled.connect(lambda *_: self.changed.emit())
        self._show_profile()

    def set_database(self, db: OsDatabase) -> None:
        self.db = db
        if self.detected.text() == self.tr("Reading the list of operating systems…"):
            self.detected.setText(self.tr("Choose the operating system you will install."))
        self._fill()

    def show_detection(self, detection: Detection | None, note: str) -> None:
        """The ISO's OS (or why there is none); selects it unless the user chose."""
        self.detected.setText(note)
        if detection is not None and not self.chosen_by_user:
            self.select(detection.profile)

    def select(self, profile: OsProfile) -> None:
        self.profile = profile
        if self.search.text():
            self.search.clear()  # refills the list
        for row in range(self.list.count()):
            item = self.list.item(row)
            if item.data(PROFILE_ROLE) == profile.id:
                self.list.blockSignals(True)
                self.list.setCurrentItem(item)
                self.list.blockSignals(False)
                self.list.scrollToItem(item)
                break
        self._show_profile()
        self.changed.emit()

    def paravirt(self) -> bool:
        return self.virtio_radio.isChecked()

    def _fill(self, *_: object) -> None:
        self.list.blockSignals(True)
        self.list.clear()
        profiles = [GENERIC]
        if self.db is not None:
            profiles += self.db.search(self.search.text())[:MAX_SHOWN]
        for profile in profiles:
            label = profile.display_name()
            if profile.eol_date:
                label += "  " + fill(self.tr("(support ended %1)"), profile.eol_date[:4])
            item = QListWidgetItem(label)
            item.setData(PROFILE_ROLE, profile.id)
            self.list.addItem(item)
            if profile.id == self.profile.id:
                self.list.setCurrentItem(item)
        self.list.blockSignals(False)

    def _picked(self, item: QListWidgetItem | None, _previous: object = None) -> None:
        if item is None:
            return
        os_id = str(item.data(PROFILE_ROLE))
        profile = GENERIC if self.db is None else (self.db.get(os_id) or GENERIC)
        self.chosen_by_user = True
        self.profile = profile
        self._show_profile()
        self.changed.emit()

    def _show_profile(self) -> None:
        self.devices.setText(self.profile.devices_in_words())
        (self.virtio_radio if self.profile.paravirt else self.emulated_radio).setChecked(True)


class OsPage(GroupPage):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(
            translate("NewVmWizard", "Operating system"),
            translate(
                "NewVmWizard",
                "The operating system sets the recommended memory, CPUs and disk size, and "
                "which devices the VM gets.",
            ),
            parent,
        )
        self.setObjectName("osPage")
