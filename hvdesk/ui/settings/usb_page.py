"""USB: pass host USB devices through (where the connection lists them)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QWidget

from hvdesk.core.domxml import DomainXml
from hvdesk.core.settings_apply import SettingsChange
from hvdesk.ui.settings.page import PageContext, SettingsPage


class UsbPage(SettingsPage):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("USB"), parent)
        self.status = self.note("")
        self.devices = QListWidget()
        self.devices.setObjectName("settingsUsb")
        self.devices.setAccessibleName(self.tr("Host USB devices"))
        self.outer.addWidget(self.note(self.tr("Tick the host's USB devices this VM may use:")))
        self.outer.addWidget(self.devices, 1)
        self.outer.addWidget(self.status)
        self._loaded: set[tuple[str, str]] = set()

    def load(self, doc: DomainXml, ctx: PageContext) -> None:
        self.devices.clear()
        attached = set(doc.usb_host_devices())
        self._loaded = attached
        listed = ctx.host.usb or ()
        shown: set[tuple[str, str]] = set()
        for dev in listed:
            key = (dev.vendor, dev.product)
            self._add(key, f"{dev.description or self.tr('USB device')} ({dev.vendor[2:]}:"
                      f"{dev.product[2:]})", key in attached)  # fmt: skip
            shown.add(key)
        for key in sorted(attached - shown):
            self._add(key, self.tr("{0}:{1} (not plugged in now)").format(*key), True)
        if ctx.host.usb is None:
            self.status.setText(
                self.tr("This connection does not list the host's USB devices; devices already "
                        "passed through are shown and can be removed.")
            )  # fmt: skip
        elif not listed:
            self.status.setText(self.tr("The host has no USB devices to pass through."))
        else:
            self.status.setText(self.tr("A device in use by the host is taken from it."))

    def _add(self, key: tuple[str, str], text: str, checked: bool) -> None:
        item = QListWidgetItem(text)
        item.setData(Qt.ItemDataRole.UserRole, key)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
        self.devices.addItem(item)

    def chosen(self) -> set[tuple[str, str]]:
        out = set()
        for row in range(self.devices.count()):
            item = self.devices.item(row)
            if item.checkState() == Qt.CheckState.Checked:
                vendor, product = item.data(Qt.ItemDataRole.UserRole)
                out.add((str(vendor), str(product)))
        return out

    def save(self, doc: DomainXml, change: SettingsChange) -> None:
        chosen = self.chosen()
        for key in sorted(self._loaded - chosen):
            doc.remove_usb_host(*key)
        for key in sorted(chosen - self._loaded):
            doc.add_usb_host(*key)
