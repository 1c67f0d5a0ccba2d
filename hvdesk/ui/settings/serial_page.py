"""Serial / Console: a serial port on a pseudo-terminal, paired with the text console."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QWidget

from hvdesk.core.domxml import DomainXml
from hvdesk.core.settings_apply import SettingsChange
from hvdesk.ui.settings.page import PageContext, SettingsPage


class SerialPage(SettingsPage):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Serial / Console"), parent)
        self.serial = QCheckBox(self.tr("&Serial console (a pseudo-terminal on the host)"))
        self.serial.setObjectName("settingsSerial")
        self.outer.addWidget(self.serial)
        self.outer.addWidget(
            self.note(
                self.tr("Linux guests print to it with console=ttyS0; `virsh console` and "
                        "other terminals attach to it. Removing it removes every serial port.")
            )
        )  # fmt: skip
        self.outer.addStretch(1)
        self._loaded = False

    def load(self, doc: DomainXml, ctx: PageContext) -> None:
        self._loaded = doc.has_serial_console
        self.serial.setChecked(self._loaded)

    def save(self, doc: DomainXml, change: SettingsChange) -> None:
        if self.serial.isChecked() != self._loaded:
            doc.set_serial_console(self.serial.isChecked())
