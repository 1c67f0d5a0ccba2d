"""Network: adapters — add, remove, model, user-mode / virtual network / bridge, MAC."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, replace

from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QWidget,
)

from hvdesk.core.domxml import (
    NIC_KINDS,
    NIC_MODELS,
    DomainXml,
    DomainXmlError,
    NicSpec,
    validate_mac,
)
from hvdesk.core.settings_apply import SettingsChange
from hvdesk.ui.settings.page import PageContext, SettingsPage


@dataclass(frozen=True)
class NicRow:
    mac: str  # new adapters get one here, so a live attach can name them
    kind: str
    source: str
    model: str
    origin: str | None = None  # the MAC it was loaded with; None for a new adapter


def random_mac() -> str:
    """A locally administered unicast address in QEMU's 52:54:00 range."""
    return "52:54:00:" + ":".join(f"{b:02x}" for b in secrets.token_bytes(3))


class NetworkPage(SettingsPage):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Network"), parent)
        self.tree = QTreeWidget()
        self.tree.setObjectName("settingsNics")
        self.tree.setAccessibleName(self.tr("Network adapters"))
        self.tree.setRootIsDecorated(False)
        self.tree.setHeaderLabels(
            [self.tr("MAC address"), self.tr("Attached to"), self.tr("Model")]
        )
        self.tree.setColumnWidth(0, 150)
        self.tree.setColumnWidth(1, 180)
        self.tree.currentItemChanged.connect(lambda *_: self._selected())
        self.outer.addWidget(self.tree, 1)
        buttons = QHBoxLayout()
        self.add_button = QPushButton(self.tr("&Add Adapter"))
        self.add_button.setObjectName("settingsAddNic")
        self.add_button.clicked.connect(self.add_adapter)
        self.remove_button = QPushButton(self.tr("&Remove Adapter"))
        self.remove_button.setObjectName("settingsRemoveNic")
        self.remove_button.clicked.connect(self.remove_adapter)
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        self.outer.addLayout(buttons)
        form = self.form()
        self.kind = QComboBox()
        self.kind.setObjectName("settingsNicKind")
        self.kind.setAccessibleName(self.tr("Attached to"))
        names = {
            "user": self.tr("User-mode NAT"),
            "network": self.tr("Virtual network"),
            "bridge": self.tr("Bridge"),
        }
        for kind in NIC_KINDS:
            self.kind.addItem(names[kind], kind)
        self.source = QComboBox()
        self.source.setObjectName("settingsNicSource")
        self.source.setAccessibleName(self.tr("Network or bridge"))
        self.source.setEditable(True)
        self.model = QComboBox()
        self.model.setObjectName("settingsNicModel")
        self.model.setAccessibleName(self.tr("Adapter model"))
        for model in NIC_MODELS:
            self.model.addItem(model, model)
        self.mac = QLineEdit()
        self.mac.setObjectName("settingsNicMac")
        self.mac.setAccessibleName(self.tr("MAC address"))
        self.mac.setInputMask("")
        self.mac.setMaxLength(17)
        self.mac_row = QWidget()
        mac_layout = QHBoxLayout(self.mac_row)
        mac_layout.setContentsMargins(0, 0, 0, 0)
        mac_layout.addWidget(self.mac, 1)
        generate = QPushButton(self.tr("&Generate"))
        generate.clicked.connect(self._generate_mac)
        mac_layout.addWidget(generate)
        form.addRow(self.tr("Attached &to:"), self.kind)
        form.addRow(self.tr("&Name:"), self.source)
        form.addRow(self.tr("&Model:"), self.model)
        form.addRow(self.tr("M&AC address:"), self.mac_row)
        self.kind.activated.connect(lambda _i: self._kind_changed())
        self.source.currentTextChanged.connect(lambda _t: self._store())
        self.model.activated.connect(lambda _i: self._store())
        self.mac.textEdited.connect(lambda _t: self._store())
        self.rows: list[NicRow] = []
        self._loaded: list[NicRow] = []
        self._networks: tuple[str, ...] = ()
        self._filling = False

    def _generate_mac(self) -> None:
        self.mac.setText(random_mac())
        self._store()

    def load(self, doc: DomainXml, ctx: PageContext) -> None:
        self._networks = ctx.host.networks
        rows = []
        for el in doc.nics():
            mac, source, model = el.find("mac"), el.find("source"), el.find("model")
            src = (
                (source.get("network") or source.get("bridge") or "") if source is not None else ""
            )
            rows.append(
                NicRow(
                    mac.get("address", "") if mac is not None else "",
                    el.get("type", ""),
                    src,
                    model.get("type", "") if model is not None else "",
                    origin=mac.get("address", "") if mac is not None else "",
                )
            )
        self._loaded = rows
        self.rows = list(rows)
        self._refill()

    def _label(self, row: NicRow) -> list[str]:
        where = (
            self.kind.itemText(max(0, self.kind.findData(row.kind)))
            if row.kind in NIC_KINDS
            else row.kind
        )
        if row.source:
            where += f" ({row.source})"
        return [row.mac or self.tr("automatic"), where, row.model or self.tr("default")]

    def _refill(self, select: int = 0) -> None:
        self.tree.clear()
        for row in self.rows:
            QTreeWidgetItem(self.tree, self._label(row))
        if self.rows:
            self.tree.setCurrentItem(self.tree.topLevelItem(min(select, len(self.rows) - 1)))  # type: ignore[arg-type]
        self._selected()

    def current_row(self) -> int:
        item = self.tree.currentItem()
        return self.tree.indexOfTopLevelItem(item) if item is not None else -1

    def _selected(self) -> None:
        index = self.current_row()
        for w in (self.kind, self.source, self.model, self.mac_row, self.remove_button):
            w.setEnabled(index >= 0)
        if index < 0:
            return
        row = self.rows[index]
        self._filling = True
        try:
            known = row.kind in NIC_KINDS
            self.kind.setCurrentIndex(max(0, self.kind.findData(row.kind)))
            self._fill_sources(row.kind, row.source)
            if self.model.findData(row.model) < 0 and row.model:
                self.model.addItem(row.model, row.model)
            self.model.setCurrentIndex(max(0, self.model.findData(row.model or "virtio")))
            self.mac.setText(row.mac)
            # An adapter kind hvdesk does not edit (direct, vhostuser…) is shown, kept as is.
            for w in (self.kind, self.source, self.model, self.mac_row):
                w.setEnabled(known)
        finally:
            self._filling = False

    def _fill_sources(self, kind: str, current: str) -> None:
        self.source.clear()
        if kind == "network":
            self.source.addItems(list(self._networks))
        self.source.setEnabled(kind in ("network", "bridge"))
        self.source.setCurrentText(current)
        line = self.source.lineEdit()
        if line is not None:
            line.setPlaceholderText(self.tr("bridge name, e.g. br0") if kind == "bridge" else "")

    def _kind_changed(self) -> None:
        kind = str(self.kind.currentData())
        self._filling = True
        self._fill_sources(
            kind, "default" if kind == "network" and "default" in self._networks else ""
        )
        self._filling = False
        self._store()

    def _store(self) -> None:
        index = self.current_row()
        if index < 0 or self._filling:
            return
        kind = str(self.kind.currentData())
        row = replace(
            self.rows[index],
            kind=kind,
            source=self.source.currentText().strip() if kind != "user" else "",
            model=str(self.model.currentData()),
            mac=self.mac.text().strip().lower(),
        )
        self.rows[index] = row
        item = self.tree.topLevelItem(index)
        assert item is not None
        for column, text in enumerate(self._label(row)):
            item.setText(column, text)

    def add_adapter(self) -> None:
        self.rows.append(NicRow(random_mac(), "user", "", "virtio"))
        self._refill(len(self.rows) - 1)

    def remove_adapter(self) -> None:
        index = self.current_row()
        if index >= 0:
            del self.rows[index]
            self._refill(index)

    def save(self, doc: DomainXml, change: SettingsChange) -> None:
        for row in self.rows:
            validate_mac(row.mac)
        macs = [r.mac for r in self.rows]
        if len(set(macs)) != len(macs):
            raise DomainXmlError(self.tr("Two network adapters have the same MAC address"))
        loaded = {r.origin: r for r in self._loaded if r.origin}
        kept = {r.origin for r in self.rows if r.origin}
        for origin in loaded:
            if origin not in kept:
                doc.remove_nic(origin)
        for row in self.rows:
            spec = NicSpec(row.kind, row.source, row.model, row.mac)
            if row.origin is None:
                doc.add_nic(spec)
            elif row != loaded[row.origin]:
                doc.set_nic(row.origin, spec)
