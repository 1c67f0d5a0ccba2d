"""Add a connection: this computer (embedded, session, system), a host over SSH, any URI."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from hvdesk.core.embed import embed_uri
from hvdesk.core.errors import HvdeskError
from hvdesk.core.uris import validate_uri
from hvdesk.i18n import fill


def ssh_uri(user: str, host: str, instance: str) -> str:
    user_part = f"{user}@" if user else ""
    return f"qemu+ssh://{user_part}{host}/{instance}"


class AddConnectionDialog(QDialog):
    def __init__(self, existing: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Add Connection"))
        self._existing = existing
        self.embedded = QRadioButton(self.tr("This computer, &built in (no libvirt daemon needed)"))
        self.session = QRadioButton(self.tr("This computer, user &session (qemu:///session)"))
        self.system = QRadioButton(self.tr("This computer, s&ystem (qemu:///system)"))
        self.remote = QRadioButton(self.tr("&Another computer, over SSH"))
        self.custom = QRadioButton(self.tr("C&ustom URI"))
        self.kinds = QButtonGroup(self)
        for button in (self.embedded, self.session, self.system, self.remote, self.custom):
            self.kinds.addButton(button)
        self.embedded.setChecked(True)

        self.user = QLineEdit()
        self.user.setPlaceholderText(self.tr("your user name there (optional)"))
        self.host = QLineEdit()
        self.host.setPlaceholderText(self.tr("host name or address"))
        self.instance = QComboBox()
        self.instance.addItems(["system", "session"])
        remote_form = QFormLayout()
        remote_form.setContentsMargins(24, 0, 0, 0)
        remote_form.addRow(self.tr("&User:"), self.user)
        remote_form.addRow(self.tr("&Host:"), self.host)
        remote_form.addRow(self.tr("libvirt &instance:"), self.instance)
        self.remote_box = QWidget()
        self.remote_box.setLayout(remote_form)

        self.uri_edit = QLineEdit()
        self.uri_edit.setPlaceholderText(self.tr("e.g. qemu+tls://host/system or test:///default"))
        self.uri_edit.setAccessibleName(self.tr("Custom URI"))
        self.preview = QLabel()
        self.preview.setTextFormat(Qt.TextFormat.PlainText)
        self.preview.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error = QLabel()
        self.error.setTextFormat(Qt.TextFormat.PlainText)
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color:#c0392b;")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Connect"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        for widget in (
            self.embedded,
            self.session,
            self.system,
            self.remote,
            self.remote_box,
            self.custom,
            self.uri_edit,
            self.preview,
            self.error,
            self.buttons,
        ):
            layout.addWidget(widget)
        for signal in (
            self.kinds.buttonToggled,
            self.user.textChanged,
            self.host.textChanged,
            self.instance.currentTextChanged,
            self.uri_edit.textChanged,
        ):
            signal.connect(self._update)
        self._update()
        self.setMinimumWidth(480)

    def uri(self) -> str:
        if self.embedded.isChecked():
            return embed_uri()
        if self.session.isChecked():
            return "qemu:///session"
        if self.system.isChecked():
            return "qemu:///system"
        if self.remote.isChecked():
            return ssh_uri(
                self.user.text().strip(), self.host.text().strip(), self.instance.currentText()
            )
        return self.uri_edit.text().strip()

    def problem(self) -> str:
        """Why the current input cannot be used, or ''."""
        if self.remote.isChecked() and not self.host.text().strip():
            return self.tr("Enter the host to connect to.")
        uri = self.uri()
        try:
            validate_uri(uri)
        except HvdeskError as exc:
            return exc.sentence()
        if uri in self._existing:
            return self.tr("That connection is already in the list.")
        return ""

    def _update(self) -> None:
        self.remote_box.setEnabled(self.remote.isChecked())
        self.uri_edit.setEnabled(self.custom.isChecked())
        self.preview.setText(fill(self.tr("URI: %1"), self.uri()))
        problem = self.problem() if (not self.custom.isChecked() or self.uri_edit.text()) else ""
        self.error.setText(problem)
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(not self.problem())

    def accept(self) -> None:
        if not self.problem():
            super().accept()
