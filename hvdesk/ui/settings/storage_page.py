"""Storage: disks and CD/DVD drives — add (new or existing image), remove, resize, bus,
cache, change or eject the disc."""

from __future__ import annotations

import asyncio
import os
from dataclasses import dataclass, replace
from pathlib import Path

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from hvdesk.core.disk_usage import DiskUsage, read_disk_usage, writable_use_problem
from hvdesk.core.domxml import CACHE_MODES, DISK_BUSES, DiskSpec, DomainXml, DomainXmlError
from hvdesk.core.errors import HvdeskError
from hvdesk.core.hostfacts import hvdesk_images_dir
from hvdesk.core.image_chain import (
    ImageChain,
    changed_problem,
    describe,
    inspect_image,
    references_problem,
    size_text,
)
from hvdesk.core.settings_apply import DiskResize, NewImage, SettingsChange
from hvdesk.core.vm import VirtualMachine
from hvdesk.i18n import fill
from hvdesk.ui.settings.page import PageContext, SettingsPage

GIB = 1024**3


@dataclass(frozen=True)
class DiskRow:
    """A disk as the page shows it; `target` is None for one added in this dialog."""

    target: str | None
    device: str  # disk | cdrom | floppy | lun
    bus: str
    cache: str
    path: str
    format: str
    capacity: int = 0  # bytes, 0 when unknown
    size_gib: int = 0  # wanted size (new image, or a resize); 0 = unchanged
    create: bool = False  # make a new qcow2 image at path
    # An existing image added here: what the user was shown, and the other files it
    # reads that the user accepted (checked again right before the change is applied).
    chain: ImageChain | None = None
    accepted: tuple[str, ...] = ()


def rows_from(doc: DomainXml, sizes: dict[str, tuple[int, int]]) -> list[DiskRow]:
    rows = []
    for disk in doc.disks():
        target_el, source, driver = disk.find("target"), disk.find("source"), disk.find("driver")
        target = target_el.get("dev", "") if target_el is not None else ""
        path = (source.get("file") or source.get("dev") or "") if source is not None else ""
        rows.append(
            DiskRow(
                target=target,
                device=disk.get("device", "disk"),
                bus=target_el.get("bus", "") if target_el is not None else "",
                cache=(driver.get("cache") if driver is not None else None) or "default",
                path=path,
                # libvirt's QEMU driver reads a disk that names no format as raw.
                format=driver.get("type", "raw") if driver is not None else "raw",
                capacity=sizes.get(target, (0, 0))[0],
            )
        )
    return rows


class AddDiskDialog(QDialog):
    """New qcow2 image or an existing one, and the bus. An existing image is inspected
    (`inspect_image`) when OK is pressed: its format comes from there, every other file
    it reads is listed and must be accepted, and an image a VM uses is refused."""

    def __init__(
        self,
        default_path: str,
        can_create: bool,
        vm: VirtualMachine | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.vm = vm
        self.chain: ImageChain | None = None
        self._usage = DiskUsage()
        self._inspecting: asyncio.Future[tuple[ImageChain, DiskUsage]] | None = None
        self.setWindowTitle(self.tr("Add Hard Disk"))
        layout = QVBoxLayout(self)
        self.create_new = QRadioButton(self.tr("&Create a new disk image (qcow2, grows as used)"))
        self.create_new.setObjectName("addDiskCreate")
        self.existing = QRadioButton(self.tr("Use an &existing disk image"))
        self.existing.setObjectName("addDiskExisting")
        group = QButtonGroup(self)
        group.addButton(self.create_new)
        group.addButton(self.existing)
        self.path = QLineEdit(default_path)
        self.path.setObjectName("addDiskPath")
        self.path.setAccessibleName(self.tr("Image file"))
        browse = QPushButton(self.tr("Browse…"))
        browse.clicked.connect(self._browse)
        self.disk_size = QSpinBox()
        self.disk_size.setObjectName("addDiskSize")
        self.disk_size.setAccessibleName(self.tr("Size"))
        self.disk_size.setRange(1, 64 * 1024)
        self.disk_size.setValue(10)
        self.disk_size.setSuffix(" GiB")
        self.bus = QComboBox()
        self.bus.setObjectName("addDiskBus")
        self.bus.setAccessibleName(self.tr("Bus"))
        for bus in DISK_BUSES:
            self.bus.addItem(bus, bus)
        self.error = QLabel()
        self.error.setObjectName("addDiskError")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #c0392b;")
        self.error.hide()
        self.info = QLabel()
        self.info.setObjectName("addDiskInfo")
        self.info.setTextFormat(Qt.TextFormat.PlainText)
        self.info.setWordWrap(True)
        self.info.hide()
        self.accept_files = QCheckBox()
        self.accept_files.setObjectName("addDiskAcceptFiles")
        self.accept_files.hide()
        layout.addWidget(self.create_new)
        layout.addWidget(self.existing)
        form = QFormLayout()
        path_row = QHBoxLayout()
        path_row.addWidget(self.path, 1)
        path_row.addWidget(browse)
        form.addRow(self.tr("File:"), path_row)
        form.addRow(self.tr("&Size:"), self.disk_size)
        form.addRow(self.tr("&Bus:"), self.bus)
        layout.addLayout(form)
        layout.addWidget(self.info)
        layout.addWidget(self.accept_files)
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self._check_and_accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.path.textChanged.connect(lambda *_: self._forget_image())
        self.existing.toggled.connect(lambda *_: self._forget_image())
        self.finished.connect(lambda *_: self._stop_inspecting())
        self.create_new.toggled.connect(self.disk_size.setEnabled)
        self.create_new.setEnabled(can_create)
        (self.create_new if can_create else self.existing).setChecked(True)
        self.disk_size.setEnabled(can_create)
        self.setMinimumWidth(520)

    def _browse(self) -> None:
        dialog = QFileDialog(self, self.tr("Disk image"))
        dialog.setFileMode(
            QFileDialog.FileMode.ExistingFile
            if self.existing.isChecked()
            else QFileDialog.FileMode.AnyFile
        )
        dialog.fileSelected.connect(self.path.setText)
        dialog.open()

    def _check_and_accept(self) -> None:
        path = self.path.text().strip()
        problem = ""
        if not path.startswith("/"):
            problem = self.tr("Give the image's full path, starting with /")
        elif self.create_new.isChecked() and os.path.exists(path):
            problem = self.tr("{0} exists already; choose another name or use it as an "
                              "existing image").format(path)  # fmt: skip
        if problem:
            self._say(problem)
            return
        if self.create_new.isChecked():
            self.accept()
        elif self.chain is None:
            self._inspect(path)
        elif problem := self._image_problem(path):
            self._say(problem)
        else:
            self.accept()

    def _say(self, problem: str) -> None:
        self.error.setText(problem)
        self.error.setVisible(bool(problem))

    def _stop_inspecting(self) -> None:
        if self._inspecting is not None:
            self._inspecting.cancel()
            self._inspecting = None

    def _forget_image(self) -> None:
        """A different file (or choice): what was shown and accepted no longer holds."""
        self._stop_inspecting()
        self.chain, self._usage = None, DiskUsage()
        self.info.hide()
        self.accept_files.setChecked(False)
        self.accept_files.hide()
        self.ok_button.setEnabled(True)

    def _inspect(self, path: str) -> None:
        connection = self.vm.connection if self.vm is not None else None
        self.info.setText(self.tr("Reading the image…"))
        self.info.show()
        self.ok_button.setEnabled(False)
        self._say("")

        async def inspect() -> tuple[ImageChain, DiskUsage]:
            chain = await inspect_image(path, connection)
            usage = await read_disk_usage(connection) if connection else DiskUsage()
            return chain, usage

        task = asyncio.ensure_future(inspect())
        self._inspecting = task
        task.add_done_callback(lambda t: self._inspected(t, path))

    def _inspected(self, task: asyncio.Future[tuple[ImageChain, DiskUsage]], path: str) -> None:
        if task.cancelled() or not shiboken6.isValid(self) or task is not self._inspecting:
            return
        self._inspecting = None
        self.ok_button.setEnabled(True)
        exc = task.exception()
        if exc is not None:
            error = exc if isinstance(exc, HvdeskError) else HvdeskError(str(exc))
            self.info.hide()
            self._say(error.sentence())
            return
        self.chain, self._usage = task.result()
        lines = [
            fill(
                self.tr("%1 image: the guest sees %2."),
                self.chain.format_name,
                size_text(self.chain.virtual_size),
            ),
            *describe(self.chain),
        ]
        self.info.setText("\n".join(lines))
        files = self.chain.files
        self.accept_files.setText(
            self.tr("Also read these files:") + "".join(f"\n{f}" for f in files)
        )
        self.accept_files.setVisible(bool(files))
        if files:  # the user reads the list and decides: OK again
            self._say(self._image_problem(path))
        else:
            self._check_and_accept()

    def _image_problem(self, path: str) -> str:
        assert self.chain is not None
        return references_problem(self.chain, self.accepted_files()) or writable_use_problem(
            path, self.chain, self._usage
        )

    def accepted_files(self) -> tuple[str, ...]:
        if self.chain is None or not self.accept_files.isChecked():
            return ()
        return self.chain.files

    def row(self) -> DiskRow:
        create = self.create_new.isChecked()
        path = self.path.text().strip()
        return DiskRow(
            target=None,
            device="disk",
            bus=str(self.bus.currentData()),
            cache="default",
            path=path,
            format="qcow2" if create or self.chain is None else self.chain.format,
            size_gib=self.disk_size.value() if create else 0,
            create=create,
            chain=None if create else self.chain,
            accepted=() if create else self.accepted_files(),
        )


class StoragePage(SettingsPage):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Storage"), parent)
        self.tree = QTreeWidget()
        self.tree.setObjectName("settingsDisks")
        self.tree.setAccessibleName(self.tr("Disks and drives"))
        self.tree.setRootIsDecorated(False)
        self.tree.setHeaderLabels([self.tr("Device"), self.tr("Bus"), self.tr("Image")])
        self.tree.setColumnWidth(0, 130)
        self.tree.setColumnWidth(1, 60)
        self.tree.currentItemChanged.connect(self._selected)
        self.outer.addWidget(self.tree, 1)
        buttons = QHBoxLayout()
        self.add_disk_button = QPushButton(self.tr("Add &Hard Disk…"))
        self.add_disk_button.setObjectName("settingsAddDisk")
        self.add_disk_button.clicked.connect(self.ask_add_disk)
        self.add_cd_button = QPushButton(self.tr("Add &CD/DVD Drive"))
        self.add_cd_button.setObjectName("settingsAddCdrom")
        self.add_cd_button.clicked.connect(self._add_cdrom)
        self.remove_button = QPushButton(self.tr("&Remove…"))
        self.remove_button.setObjectName("settingsRemoveDisk")
        self.remove_button.clicked.connect(self.ask_remove)
        for b in (self.add_disk_button, self.add_cd_button, self.remove_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        self.outer.addLayout(buttons)

        form = self.form()
        self.bus = QComboBox()
        self.bus.setObjectName("settingsDiskBus")
        self.bus.setAccessibleName(self.tr("Bus"))
        for bus in DISK_BUSES:
            self.bus.addItem(bus, bus)
        self.cache = QComboBox()
        self.cache.setObjectName("settingsDiskCache")
        self.cache.setAccessibleName(self.tr("Cache mode"))
        for mode in CACHE_MODES:
            self.cache.addItem(mode, mode)
        self.media = QLineEdit()
        self.media.setObjectName("settingsMedia")
        self.media.setAccessibleName(self.tr("Disc image"))
        self.media.setPlaceholderText(self.tr("empty"))
        self.choose_media = QPushButton(self.tr("Choose…"))
        self.choose_media.clicked.connect(self._browse_media)
        self.eject = QPushButton(self.tr("&Eject"))
        self.eject.setObjectName("settingsEject")
        self.eject.clicked.connect(lambda: self.media.setText(""))
        media_row = QWidget()
        media_layout = QHBoxLayout(media_row)
        media_layout.setContentsMargins(0, 0, 0, 0)
        media_layout.addWidget(self.media, 1)
        media_layout.addWidget(self.choose_media)
        media_layout.addWidget(self.eject)
        self.media_row = media_row
        self.disk_size = QSpinBox()
        self.disk_size.setObjectName("settingsDiskSize")
        self.disk_size.setAccessibleName(self.tr("Disk size"))
        self.disk_size.setRange(0, 64 * 1024)
        self.disk_size.setSuffix(" GiB")
        self.size_note = QLabel()
        form.addRow(self.tr("B&us:"), self.bus)
        form.addRow(self.tr("C&ache:"), self.cache)
        form.addRow(self.tr("&Disc:"), media_row)
        form.addRow(self.tr("Si&ze:"), self.disk_size)
        form.addRow("", self.size_note)
        self.bus.activated.connect(lambda _i: self._edit(bus=str(self.bus.currentData())))
        self.cache.activated.connect(lambda _i: self._edit(cache=str(self.cache.currentData())))
        self.media.textEdited.connect(lambda text: self._edit(path=text.strip()))
        self.media.textChanged.connect(self._media_changed)
        self.disk_size.valueChanged.connect(self._size_changed)
        self.rows: list[DiskRow] = []
        self._loaded: list[DiskRow] = []
        self._ctx: PageContext | None = None
        self._filling = False
        self.pending_dialog: QDialog | QMessageBox | None = None

    # ---- loading and showing ---------------------------------------------------------

    def load(self, doc: DomainXml, ctx: PageContext) -> None:
        self._ctx = ctx
        self._loaded = rows_from(doc, ctx.sizes)
        self.rows = list(self._loaded)
        self._refill()
        can_create = ctx.host.local
        self.add_disk_button.setToolTip(
            "" if can_create else self.tr("Only an existing image on that host can be added")
        )

    def _label(self, row: DiskRow) -> list[str]:
        kind = {"cdrom": self.tr("CD/DVD"), "floppy": self.tr("Floppy")}.get(
            row.device, self.tr("Hard disk")
        )
        name = row.target or self.tr("new")
        image = row.path or self.tr("empty")
        if row.create:
            image = self.tr("{0} (new, {1} GiB)").format(row.path, row.size_gib)
        elif row.capacity and row.device == "disk":
            image += f" ({row.capacity / GIB:.1f} GiB)"
        return [f"{kind} {name}", row.bus, image]

    def _refill(self, select: int = 0) -> None:
        self.tree.clear()
        for row in self.rows:
            item = QTreeWidgetItem(self.tree, self._label(row))
            item.setToolTip(2, row.path)
        if self.rows:
            self.tree.setCurrentItem(self.tree.topLevelItem(min(select, len(self.rows) - 1)))  # type: ignore[arg-type]
        else:
            self._selected(None, None)

    def current_row(self) -> int:
        item = self.tree.currentItem()
        return self.tree.indexOfTopLevelItem(item) if item is not None else -1

    def _selected(self, item: QTreeWidgetItem | None, _previous: object) -> None:
        index = self.tree.indexOfTopLevelItem(item) if item is not None else -1
        has = index >= 0
        for w in (self.bus, self.cache, self.remove_button):
            w.setEnabled(has)
        self._filling = True
        try:
            if not has:
                self.media_row.setEnabled(False)
                self.disk_size.setEnabled(False)
                return
            row = self.rows[index]
            self.bus.setCurrentIndex(max(0, self.bus.findData(row.bus)))
            self.cache.setCurrentIndex(max(0, self.cache.findData(row.cache)))
            removable = row.device in ("cdrom", "floppy")
            self.media_row.setEnabled(removable)
            self.media.setText(row.path if removable else "")
            self.eject.setEnabled(removable and bool(row.path))
            resizable = row.device == "disk" and (row.create or row.capacity > 0)
            self.disk_size.setEnabled(resizable)
            if row.create:
                self.disk_size.setMinimum(1)
                self.disk_size.setValue(row.size_gib)
                self.size_note.setText(self.tr("A new image, made when you press OK"))
            elif row.capacity:
                current = -(-row.capacity // GIB)
                self.disk_size.setMinimum(current)  # growing only: shrinking loses data
                self.disk_size.setValue(row.size_gib or current)
                self.size_note.setText(self.tr("Now {0:.1f} GiB; a disk can only grow").format(
                    row.capacity / GIB))  # fmt: skip
            else:
                self.disk_size.setMinimum(0)
                self.disk_size.setValue(0)
                self.size_note.setText(self.tr("Size unknown") if row.device == "disk" else "")
        finally:
            self._filling = False

    def _edit(self, **changes: object) -> None:
        index = self.current_row()
        if index < 0 or self._filling:
            return
        self.rows[index] = replace(self.rows[index], **changes)  # type: ignore[arg-type]
        item = self.tree.topLevelItem(index)
        assert item is not None
        for column, text in enumerate(self._label(self.rows[index])):
            item.setText(column, text)

    def _media_changed(self, text: str) -> None:
        self.eject.setEnabled(bool(text) and self.media_row.isEnabled())
        if not self._filling and not self.media.isModified():  # Eject, Choose…
            self._edit(path=text.strip())

    def _size_changed(self, value: int) -> None:
        index = self.current_row()
        if index < 0 or self._filling:
            return
        row = self.rows[index]
        unchanged = not row.create and value == -(-row.capacity // GIB)
        self._edit(size_gib=0 if unchanged else value)

    def _browse_media(self) -> None:
        dialog = QFileDialog(
            self, self.tr("Disc image"), "", self.tr("Disc images (*.iso);;All files (*)")
        )
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.fileSelected.connect(self.media.setText)
        dialog.open()
        self.pending_dialog = dialog

    # ---- adding and removing ---------------------------------------------------------

    def _default_image_path(self) -> str:
        ctx = self._ctx
        name = ctx.vm.name if ctx else "disk"
        folder = next(
            (
                str(Path(r.path).parent)
                for r in self.rows
                if r.device == "disk" and r.path.startswith("/")
            ),
            str(hvdesk_images_dir()),
        )
        for i in range(1, 100):
            path = Path(folder) / f"{name}-{i}.qcow2"
            if not path.exists() and all(r.path != str(path) for r in self.rows):
                return str(path)
        return str(Path(folder) / f"{name}.qcow2")

    def ask_add_disk(self) -> AddDiskDialog:
        can_create = self._ctx.host.local if self._ctx else False
        vm = self._ctx.vm if self._ctx else None
        dialog = AddDiskDialog(self._default_image_path(), can_create, vm, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self.add_row(dialog.row()))
        dialog.open()
        self.pending_dialog = dialog
        return dialog

    def add_row(self, row: DiskRow) -> None:
        self.rows.append(row)
        self._refill(len(self.rows) - 1)

    def _add_cdrom(self) -> None:
        self.add_row(DiskRow(None, "cdrom", "sata", "default", "", "raw"))

    def ask_remove(self) -> QMessageBox | None:
        index = self.current_row()
        if index < 0:
            return None
        row = self.rows[index]
        if row.target is None:  # added in this dialog: nothing is lost
            del self.rows[index]
            self._refill(index)
            return None
        if row.device == "disk" and row.path:
            text = self.tr(
                "Remove hard disk {0} from '{1}'? The guest loses access to its data. The "
                "image file {2} is kept on the host."
            ).format(row.target, self._ctx.vm.name if self._ctx else "", row.path)
        else:
            text = self.tr("Remove the drive {0}?").format(row.target)
        box = QMessageBox(
            QMessageBox.Icon.Question,
            self.tr("Remove Disk"),
            text,
            QMessageBox.StandardButton.Cancel,
            self,
        )
        remove = box.addButton(self.tr("Remove"), QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def done() -> None:
            if box.clickedButton() is remove and row in self.rows:
                position = self.rows.index(row)
                del self.rows[position]
                self._refill(position)

        box.finished.connect(lambda _r: done())
        box.open()
        self.pending_dialog = box
        return box

    # ---- saving ----------------------------------------------------------------------

    async def verify(self) -> None:
        """Right before the change is applied: each existing image added here is
        inspected again and must be what the user saw and accepted, and no VM's."""
        if self._ctx is None:
            return
        connection = self._ctx.vm.connection
        for row in self.rows:
            if row.target is not None or row.create or row.chain is None:
                continue
            chain = await inspect_image(row.path, connection)
            problem = changed_problem(row.chain, chain) or references_problem(chain, row.accepted)
            if not problem:
                usage = await read_disk_usage(connection)
                problem = writable_use_problem(row.path, chain, usage)
            if problem:
                raise HvdeskError(
                    self.tr("{0} was not added").format(row.path),
                    problem,
                    self.tr("Remove it from the list and add it again"),
                )

    def save(self, doc: DomainXml, change: SettingsChange) -> None:
        kept = {r.target for r in self.rows if r.target}
        for old in self._loaded:
            if old.target and old.target not in kept:
                doc.remove_disk(old.target)
        loaded = {r.target: r for r in self._loaded}
        for row in self.rows:
            if row.target is None:
                continue
            old = loaded[row.target]
            if row.size_gib and row.size_gib * GIB > old.capacity:
                change.resizes.append(
                    DiskResize(row.target, row.path, row.format, row.size_gib * GIB)
                )
            if row.cache != old.cache:
                doc.set_disk_cache(row.target, row.cache)
            if row.path != old.path:
                if row.path and not row.path.startswith("/"):
                    raise DomainXmlError(
                        self.tr("'{0}' is not a full path to a disc image").format(row.path)
                    )
                doc.set_media(row.target, row.path)
            if row.bus != old.bus:
                doc.set_disk_bus(row.target, row.bus)
        for row in self.rows:
            if row.target is not None:
                continue
            bus = row.bus
            if row.device == "cdrom" and bus == "virtio":
                raise DomainXmlError(
                    self.tr("A CD/DVD drive cannot be on the virtio bus"),
                    hint=self.tr("Choose SATA, SCSI or IDE"),
                )
            doc.add_disk(DiskSpec(row.path, bus=bus, device=row.device, format=row.format,
                                  cache=row.cache))  # fmt: skip
            if row.create:
                change.new_images.append(NewImage(row.path, row.size_gib * GIB))
