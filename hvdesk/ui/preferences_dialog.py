"""Settings → Preferences…: the connections opened at start, the charts' sampling interval,
the console's host key and scaling, the colour theme, and the hosts where KVM does not
work (shown once there is one). Kept in QSettings (XDG config), connections.json and
tcg-hosts.json, written when the user presses OK."""

from __future__ import annotations

import itertools

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from hvdesk.core import preferences
from hvdesk.core.config import ConnectionStore, TcgHostStore
from hvdesk.core.errors import HvdeskError
from hvdesk.core.uris import validate_uri
from hvdesk.i18n import translate
from hvdesk.ui.theme import apply_theme


class PreferencesDialog(QDialog):
    def __init__(
        self,
        store: ConnectionStore | None = None,
        parent: QWidget | None = None,
        tcg_store: TcgHostStore | None = None,
    ):
        super().__init__(parent)
        self.store = store or ConnectionStore.default()
        self.tcg_store = tcg_store or TcgHostStore.default()
        self.setWindowTitle(self.tr("Preferences"))
        self.setObjectName("preferencesDialog")

        # ---- connections opened at start
        self.connections = QListWidget()
        self.connections.setAccessibleName(self.tr("Connections opened at start"))
        self.connections.addItems(self.store.load())
        self.connections.setMinimumHeight(80)
        self.connections.setMaximumHeight(130)
        self.new_uri = QLineEdit()
        self.new_uri.setPlaceholderText(self.tr("e.g. qemu+ssh://user@host/system"))
        self.new_uri.setAccessibleName(self.tr("Connection address to add"))
        self.add_button = QPushButton(self.tr("&Add"))
        self.remove_button = QPushButton(self.tr("&Remove"))
        self.uri_error = QLabel()
        self.uri_error.setWordWrap(True)
        self.uri_error.setStyleSheet("color: #c0392b")
        self.uri_error.hide()
        self.add_button.clicked.connect(self._add_uri)
        self.new_uri.installEventFilter(self)
        self.remove_button.clicked.connect(self._remove_uri)
        self.connections.currentRowChanged.connect(self._update_buttons)
        add_row = QHBoxLayout()
        add_row.addWidget(self.new_uri, 1)
        add_row.addWidget(self.add_button)
        add_row.addWidget(self.remove_button)
        connections_box = QGroupBox(self.tr("Connections opened at start"))
        box_layout = QVBoxLayout(connections_box)
        box_layout.addWidget(self.connections)
        box_layout.addLayout(add_row)
        box_layout.addWidget(self.uri_error)

        # ---- hosts where KVM failed and the user chose software emulation
        self.tcg_box = self._tcg_hosts_box()

        # ---- the rest
        self.stats_interval = QSpinBox()
        low, high = preferences.STATS_INTERVAL_RANGE_MS
        self.stats_interval.setRange(low, high)
        self.stats_interval.setSingleStep(250)
        self.stats_interval.setSuffix(self.tr(" ms"))
        self.stats_interval.setValue(preferences.stats_interval_ms())
        self.stats_interval.setAccessibleName(self.tr("Resource chart interval in milliseconds"))

        self.host_key = QComboBox()
        self.host_key.setAccessibleName(self.tr("Console host key"))
        for keysym, label in preferences.HOST_KEYS.items():
            self.host_key.addItem(translate("HostKeys", label), keysym)
        self.host_key.setCurrentIndex(self.host_key.findData(preferences.console_host_key()))

        self.scaling = QComboBox()
        self.scaling.setAccessibleName(self.tr("Console scaling"))
        self.scaling.addItem(self.tr("Scale to fit the window"), True)
        self.scaling.addItem(self.tr("Actual size (1:1)"), False)
        self.scaling.setCurrentIndex(0 if preferences.console_scale_to_fit() else 1)

        self.theme = QComboBox()
        self.theme.setAccessibleName(self.tr("Colour theme"))
        labels = {
            "system": self.tr("Follow the system"),
            "light": self.tr("Light"),
            "dark": self.tr("Dark"),
        }
        for name in preferences.THEMES:
            self.theme.addItem(labels[name], name)
        self.theme.setCurrentIndex(self.theme.findData(preferences.theme()))

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(self.tr("Resource charts &update every:"), self.stats_interval)
        form.addRow(self.tr("Console &host key:"), self.host_key)
        form.addRow(self.tr("Console &scaling:"), self.scaling)
        form.addRow(self.tr("&Theme:"), self.theme)
        hint = QLabel(
            self.tr(
                "The host key, pressed alone, releases the keyboard and pointer from a "
                "console; it is never sent to the guest."
            )
        )
        hint.setWordWrap(True)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(connections_box)
        layout.addWidget(self.tcg_box)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        # Keyboard order follows the screen: list, address, Add, Remove, then the form.
        order = [
            self.connections,
            self.new_uri,
            self.add_button,
            self.remove_button,
            self.tcg_hosts,
            self.kvm_again_button,
            self.stats_interval,
            self.host_key,
            self.scaling,
            self.theme,
        ]
        for before, after in itertools.pairwise(order):
            QWidget.setTabOrder(before, after)
        self._update_buttons()
        self.resize(520, self.sizeHint().height())

    def _tcg_hosts_box(self) -> QGroupBox:
        self.tcg_hosts = QListWidget()
        self.tcg_hosts.setAccessibleName(self.tr("Hosts where KVM does not work"))
        self.tcg_hosts.addItems(self.tcg_store.load())
        self._forgotten_tcg_hosts: list[str] = []
        self.tcg_hosts.setMaximumHeight(80)
        self.kvm_again_button = QPushButton(self.tr("Try &KVM Again"))
        self.kvm_again_button.clicked.connect(self._forget_tcg_host)
        self.tcg_hosts.currentRowChanged.connect(self._update_buttons)
        note = QLabel(
            self.tr(
                "KVM failed on these hosts and you chose software emulation (TCG): new VMs "
                "there use TCG, and KVM VMs there switch to TCG when they start."
            )
        )
        note.setWordWrap(True)
        box = QGroupBox(self.tr("Hosts where KVM does not work"))
        box_layout = QVBoxLayout(box)
        box_layout.addWidget(note)
        row = QHBoxLayout()
        row.addWidget(self.tcg_hosts, 1)
        row.addWidget(self.kvm_again_button, 0, Qt.AlignmentFlag.AlignTop)
        box_layout.addLayout(row)
        box.setVisible(self.tcg_hosts.count() > 0)  # nothing to say on most machines
        return box

    def tcg_host_uris(self) -> list[str]:
        return [self.tcg_hosts.item(i).text() for i in range(self.tcg_hosts.count())]

    def _forget_tcg_host(self) -> None:
        row = self.tcg_hosts.currentRow()
        if row >= 0:
            self._forgotten_tcg_hosts.append(self.tcg_hosts.takeItem(row).text())
        self._update_buttons()

    def uris(self) -> list[str]:
        return [self.connections.item(i).text() for i in range(self.connections.count())]

    def _update_buttons(self, *_: object) -> None:
        self.remove_button.setEnabled(self.connections.currentRow() >= 0)
        self.kvm_again_button.setEnabled(self.tcg_hosts.currentRow() >= 0)

    def _add_uri(self) -> None:
        text = self.new_uri.text().strip()
        if not text:
            return
        try:
            uri = validate_uri(text)
        except HvdeskError as exc:
            self.uri_error.setText(exc.sentence())
            self.uri_error.show()
            return
        self.uri_error.hide()
        if uri not in self.uris():
            self.connections.addItem(uri)
        self.new_uri.clear()

    def _remove_uri(self) -> None:
        row = self.connections.currentRow()
        if row >= 0:
            self.connections.takeItem(row)
        self._update_buttons()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Enter in the address field adds it; it must not press OK and close the dialog.
        if (
            watched is self.new_uri
            and isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        ):
            self._add_uri()
            return True
        return super().eventFilter(watched, event)

    def accept(self) -> None:
        self.store.save(self.uris())
        for uri in self._forgotten_tcg_hosts:  # only these: one may be added meanwhile
            self.tcg_store.remove(uri)
        preferences.set_stats_interval_ms(self.stats_interval.value())
        preferences.set_console_host_key(str(self.host_key.currentData()))
        preferences.set_console_scale_to_fit(bool(self.scaling.currentData()))
        theme = str(self.theme.currentData())
        if theme != preferences.theme():
            preferences.set_theme(theme)
            apply_theme(theme)
        super().accept()
