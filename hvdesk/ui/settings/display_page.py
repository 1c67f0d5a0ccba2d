"""Display: video model and the VNC server (a UNIX socket or loopback only)."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit, QWidget

from hvdesk.core.domxml import VIDEO_MODELS, DomainXml
from hvdesk.core.settings_apply import SettingsChange
from hvdesk.ui.settings.page import PageContext, SettingsPage


class DisplayPage(SettingsPage):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Display"), parent)
        form = self.form()
        self.video = QComboBox()
        self.video.setObjectName("settingsVideo")
        self.video.setAccessibleName(self.tr("Video model"))
        for model in VIDEO_MODELS:
            self.video.addItem(model, model)
        self.vnc = QCheckBox(self.tr("Enable the VNC display"))
        self.vnc.setObjectName("settingsVnc")
        self.listen = QComboBox()
        self.listen.setObjectName("settingsVncListen")
        self.listen.setAccessibleName(self.tr("VNC listens on"))
        self.listen.addItem(self.tr("A UNIX socket (this machine only)"), "socket")
        self.listen.addItem(self.tr("Loopback 127.0.0.1 (reach it through SSH)"), "loopback")
        self.password = QLineEdit()
        self.password.setObjectName("settingsVncPassword")
        self.password.setAccessibleName(self.tr("VNC password"))
        self.password.setEchoMode(QLineEdit.EchoMode.PasswordEchoOnEdit)
        self.password.setMaxLength(8)
        self.password.setPlaceholderText(self.tr("none"))
        self.vnc.toggled.connect(self.listen.setEnabled)
        self.vnc.toggled.connect(self.password.setEnabled)
        form.addRow(self.tr("&Video model:"), self.video)
        form.addRow("", self.vnc)
        form.addRow(self.tr("&Listen on:"), self.listen)
        form.addRow(self.tr("&Password:"), self.password)
        form.addRow(
            self.note(
                self.tr("hvdesk never opens VNC on a network address. Changes to the display "
                        "apply at the next boot.")
            ),
        )  # fmt: skip
        self.outer.addStretch(1)
        self._loaded: tuple[str, tuple[str, str] | None] = ("", None)

    def load(self, doc: DomainXml, ctx: PageContext) -> None:
        model = doc.video_model
        if model and self.video.findData(model) < 0:
            self.video.addItem(model, model)
        self.video.setCurrentIndex(max(0, self.video.findData(model or "vga")))
        vnc = doc.vnc
        self.vnc.setChecked(vnc is not None)
        self.listen.setEnabled(vnc is not None)
        self.password.setEnabled(vnc is not None)
        self.listen.setCurrentIndex(self.listen.findData(vnc[0] if vnc else "socket"))
        self.password.setText(vnc[1] if vnc else "")
        self._loaded = (str(self.video.currentData()), vnc)

    def save(self, doc: DomainXml, change: SettingsChange) -> None:
        model, vnc = self._loaded
        if self.video.currentData() != model:
            doc.set_video_model(str(self.video.currentData()))
        wanted = (
            (str(self.listen.currentData()), self.password.text()) if self.vnc.isChecked() else None
        )
        if wanted != vnc:
            doc.set_vnc(wanted[0] if wanted else None, wanted[1] if wanted else "")
