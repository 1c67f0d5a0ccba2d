"""Shared folders: host folders a guest mounts with virtiofs (where the host supports it)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QWidget,
)

from hvdesk.core.domxml import DomainXml
from hvdesk.core.settings_apply import SettingsChange
from hvdesk.ui.settings.page import PageContext, SettingsPage


class SharedFoldersPage(SettingsPage):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Shared folders"), parent)
        self.status = self.note("")
        self.outer.addWidget(self.status)
        self.folders = QTreeWidget()
        self.folders.setObjectName("settingsSharedFolders")
        self.folders.setAccessibleName(self.tr("Shared folders"))
        self.folders.setHeaderLabels([self.tr("Host folder"), self.tr("Mount tag")])
        self.folders.setRootIsDecorated(False)
        self.outer.addWidget(self.folders, 1)
        row = QHBoxLayout()
        self.folder = QLineEdit()
        self.folder.setObjectName("settingsShareFolder")
        self.folder.setAccessibleName(self.tr("Host folder"))
        self.folder.setPlaceholderText(self.tr("/path/on/the/host"))
        browse = QPushButton(self.tr("Browse…"))
        browse.clicked.connect(self._browse)
        self.tag = QLineEdit()
        self.tag.setObjectName("settingsShareTag")
        self.tag.setAccessibleName(self.tr("Mount tag"))
        self.tag.setPlaceholderText(self.tr("tag"))
        self.tag.setMaximumWidth(120)
        self.add_button = QPushButton(self.tr("&Add"))
        self.add_button.setObjectName("settingsShareAdd")
        self.add_button.clicked.connect(self._add_row)
        self.remove_button = QPushButton(self.tr("&Remove"))
        self.remove_button.setObjectName("settingsShareRemove")
        self.remove_button.clicked.connect(self._remove_row)
        for w in (self.folder, browse, self.tag, self.add_button, self.remove_button):
            row.addWidget(w, 1 if w is self.folder else 0)
        self.controls = row
        self.outer.addLayout(row)
        self.outer.addWidget(
            self.note(self.tr("In a Linux guest: mount -t virtiofs <tag> /mnt. Changes apply "
                              "at the next boot; the VM's memory becomes shared memory."))
        )  # fmt: skip
        self._loaded: list[tuple[str, str]] = []

    def _browse(self) -> None:
        dialog = QFileDialog(self, self.tr("Folder to share"))
        dialog.setFileMode(QFileDialog.FileMode.Directory)
        dialog.fileSelected.connect(self.folder.setText)
        dialog.open()

    def load(self, doc: DomainXml, ctx: PageContext) -> None:
        self.folders.clear()
        self._loaded = doc.shared_folders()
        for folder, tag in self._loaded:
            QTreeWidgetItem(self.folders, [folder, tag])
        available = ctx.host.virtiofs
        for w in (self.folder, self.tag, self.add_button):
            w.setEnabled(available)
        if available:
            self.status.setText(self.tr("Folders shared with the guest through virtiofs:"))
        else:
            self.status.setText(
                self.tr("Shared folders are unavailable: this host's QEMU or libvirt does not "
                        "offer virtiofs (virtiofsd). Folders shared already can be removed.")
            )  # fmt: skip

    def _add_row(self) -> None:
        folder, tag = self.folder.text().strip(), self.tag.text().strip()
        if folder and tag:
            QTreeWidgetItem(self.folders, [folder, tag])
            self.folder.clear()
            self.tag.clear()

    def _remove_row(self) -> None:
        item = self.folders.currentItem()
        if item is not None:
            self.folders.takeTopLevelItem(self.folders.indexOfTopLevelItem(item))

    def rows(self) -> list[tuple[str, str]]:
        items = [self.folders.topLevelItem(i) for i in range(self.folders.topLevelItemCount())]
        return [(item.text(0), item.text(1)) for item in items if item is not None]

    def save(self, doc: DomainXml, change: SettingsChange) -> None:
        rows = self.rows()
        for _folder, tag in self._loaded:
            if (_folder, tag) not in rows:
                doc.remove_shared_folder(tag)
        for folder, tag in rows:
            if (folder, tag) not in self._loaded:
                doc.add_shared_folder(folder, tag)
