"""General: name (shown; renaming is its own action), title, description, OS, autostart."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QComboBox, QLabel, QLineEdit, QPlainTextEdit, QWidget

from hvdesk.core import osinfo
from hvdesk.core.domain_info import os_name_from_id
from hvdesk.core.domxml import DomainXml
from hvdesk.core.settings_apply import SettingsChange
from hvdesk.ui.settings.page import PageContext, SettingsPage


class GeneralPage(SettingsPage):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("General"), parent)
        form = self.form()
        self.name = QLabel()
        self.name.setObjectName("settingsName")
        self.title_edit = QLineEdit()
        self.title_edit.setObjectName("settingsTitle")
        self.title_edit.setAccessibleName(self.tr("Title"))
        self.title_edit.setPlaceholderText(self.tr("a short line shown next to the name"))
        self.description = QPlainTextEdit()
        self.description.setObjectName("settingsDescription")
        self.description.setAccessibleName(self.tr("Description"))
        self.description.setTabChangesFocus(True)
        self.os_combo = QComboBox()
        self.os_combo.setObjectName("settingsOs")
        self.os_combo.setAccessibleName(self.tr("Operating system"))
        self.os_combo.setEditable(True)
        self.os_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.os_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.os_combo.setMinimumContentsLength(28)
        self.autostart = QCheckBox(self.tr("Start this VM when the host starts"))
        self.autostart.setObjectName("settingsAutostart")
        form.addRow(self.tr("Name:"), self.name)
        form.addRow(self.tr("&Title:"), self.title_edit)
        form.addRow(self.tr("&Description:"), self.description)
        form.addRow(self.tr("&Operating system:"), self.os_combo)
        form.addRow("", self.autostart)
        self.outer.addStretch(1)
        self._loaded: tuple[str, str, str, bool] = ("", "", "", False)

    def load(self, doc: DomainXml, ctx: PageContext) -> None:
        self.name.setText(ctx.vm.name)
        self.title_edit.setText(doc.title)
        self.description.setPlainText(doc.description)
        self.os_combo.clear()
        self.os_combo.addItem(self.tr("Not specified"), "")
        try:
            profiles = osinfo.database().profiles()
        except Exception:  # a missing or broken osinfo-db: the current value still shows
            profiles = []
        for profile in profiles:
            self.os_combo.addItem(profile.name, profile.id)
        if doc.os_id and self.os_combo.findData(doc.os_id) < 0:
            self.os_combo.addItem(os_name_from_id(doc.os_id), doc.os_id)
        self.os_combo.setCurrentIndex(max(0, self.os_combo.findData(doc.os_id)))
        self.autostart.setChecked(ctx.current.autostart)
        self.autostart.setEnabled(ctx.current.autostart_supported)
        self._loaded = (doc.title, doc.description, doc.os_id, ctx.current.autostart)

    def os_id(self) -> str:
        index = self.os_combo.findText(self.os_combo.currentText())
        data = self.os_combo.itemData(index if index >= 0 else self.os_combo.currentIndex())
        return str(data or "")

    def save(self, doc: DomainXml, change: SettingsChange) -> None:
        title, description, os_id, autostart = self._loaded
        if self.title_edit.text().strip() != title:
            doc.set_title(self.title_edit.text().strip())
        if self.description.toPlainText().strip() != description.strip():
            doc.set_description(self.description.toPlainText().strip())
        if self.os_id() != os_id:
            doc.set_os_id(self.os_id())
        if self.autostart.isChecked() != autostart:
            change.autostart = self.autostart.isChecked()
