"""Page 1, Source: an installation ISO, an existing disk image, or a Linux kernel."""

from __future__ import annotations

from enum import Enum

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from hvdesk.core.image_chain import ImageChain, describe, size_text
from hvdesk.core.newvm import Field, ImportDisk, KernelBoot
from hvdesk.core.storage import IMPORT_SUFFIXES
from hvdesk.i18n import QT_TRANSLATE_NOOP, fill, translate
from hvdesk.ui.new_vm_wizard.widgets import FieldGroup, GroupPage, PathField

ISO_FILTERS = [QT_TRANSLATE_NOOP("SourceGroup", "Installation media (*.iso *.ISO *.img)")]
IMAGE_PATTERNS = " ".join(f"*.{s}" for s in IMPORT_SUFFIXES)


class Source(Enum):
    ISO = "iso"
    IMPORT = "import"
    KERNEL = "kernel"


def _indented(*widgets: QWidget) -> QWidget:
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(24, 0, 0, 6)
    for widget in widgets:
        layout.addWidget(widget)
    return box


class SourceGroup(FieldGroup):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.iso_radio = QRadioButton(self.tr("&Install an operating system from an ISO image"))
        self.import_radio = QRadioButton(
            self.tr("Use an &existing disk image (qcow2, raw, VMDK, VDI, VHD)")
        )
        self.kernel_radio = QRadioButton(self.tr("Boot a Linux &kernel directly (advanced)"))
        self.kinds = QButtonGroup(self)
        for button in (self.iso_radio, self.import_radio, self.kernel_radio):
            self.kinds.addButton(button)
        self.iso_radio.setChecked(True)

        self.iso = PathField(
            self.tr("Installation ISO"), [translate("SourceGroup", f) for f in ISO_FILTERS]
        )
        self.import_path = PathField(
            self.tr("Disk image"), [fill(self.tr("Disk images (%1)"), IMAGE_PATTERNS)]
        )
        self.import_info = QLabel()
        self.import_info.setObjectName("importInfo")
        self.import_info.setTextFormat(Qt.TextFormat.PlainText)
        self.import_info.setWordWrap(True)
        # The other files the image reads, accepted as one list (never file by file).
        self.accept_files = QCheckBox()
        self.accept_files.setObjectName("acceptFiles")
        self.accept_files.hide()
        self._shown_files: tuple[str, ...] = ()
        self.convert_radio = QRadioButton(
            self.tr("&Copy it into a new qcow2 image (the original stays untouched)")
        )
        self.in_place_radio = QRadioButton(self.tr("Use the image &where it is"))
        self.import_modes = QButtonGroup(self)
        self.import_modes.addButton(self.convert_radio)
        self.import_modes.addButton(self.in_place_radio)
        self.convert_radio.setChecked(True)
        self.kernel = PathField(self.tr("Kernel"))
        self.initrd = PathField(self.tr("Initrd"))
        self.cmdline = QLineEdit()
        self.cmdline.setAccessibleName(self.tr("Kernel command line"))
        self.cmdline.setPlaceholderText(self.tr("e.g. console=ttyS0 root=/dev/vda1"))
        kernel_form = QWidget()
        form = QFormLayout(kernel_form)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(self.tr("Kernel:"), self.kernel)
        form.addRow("", self.message_label(Field.KERNEL))
        form.addRow(self.tr("Initrd (optional):"), self.initrd)
        form.addRow("", self.message_label(Field.INITRD))
        form.addRow(self.tr("Command line:"), self.cmdline)

        self.iso_box = _indented(self.iso, self.message_label(Field.ISO))
        self.import_box = _indented(
            self.import_path,
            self.message_label(Field.IMPORT),
            self.import_info,
            self.accept_files,
            self.convert_radio,
            self.in_place_radio,
        )
        self.kernel_box = _indented(kernel_form)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for widget in (
            self.iso_radio,
            self.iso_box,
            self.import_radio,
            self.import_box,
            self.kernel_radio,
            self.kernel_box,
        ):
            layout.addWidget(widget)
        layout.addStretch(1)

        self.kinds.buttonToggled.connect(self._kind_toggled)
        self.import_modes.buttonToggled.connect(lambda *_: self.changed.emit())
        self.accept_files.toggled.connect(lambda *_: self.changed.emit())
        for path in (self.iso, self.import_path, self.kernel, self.initrd):
            path.changed.connect(lambda *_: self.changed.emit())
        self.cmdline.textChanged.connect(lambda *_: self.changed.emit())
        self._kind_toggled()

    def _kind_toggled(self, *_: object) -> None:
        kind = self.kind()
        self.iso_box.setEnabled(kind is Source.ISO)
        self.import_box.setEnabled(kind is Source.IMPORT)
        self.kernel_box.setEnabled(kind is Source.KERNEL)
        self.changed.emit()

    def kind(self) -> Source:
        if self.import_radio.isChecked():
            return Source.IMPORT
        if self.kernel_radio.isChecked():
            return Source.KERNEL
        return Source.ISO

    def set_kind(self, kind: Source) -> None:
        {Source.ISO: self.iso_radio, Source.IMPORT: self.import_radio,
         Source.KERNEL: self.kernel_radio}[kind].setChecked(True)  # fmt: skip

    def fields(self) -> set[str]:
        active = {
            Source.ISO: {Field.ISO},
            Source.IMPORT: {Field.IMPORT},
            Source.KERNEL: {Field.KERNEL, Field.INITRD},
        }[self.kind()]
        return {str(f) for f in active}

    def iso_path(self) -> str:
        return self.iso.text() if self.kind() is Source.ISO else ""

    def kernel_boot(self) -> KernelBoot | None:
        if self.kind() is not Source.KERNEL:
            return None
        return KernelBoot(self.kernel.text(), self.initrd.text(), self.cmdline.text().strip())

    def import_disk(self, directory: str, chain: ImageChain | None) -> ImportDisk | None:
        if self.kind() is not Source.IMPORT:
            return None
        accepted = self._shown_files if self.accept_files.isChecked() else ()
        return ImportDisk(
            self.import_path.text(), self.convert_radio.isChecked(), directory, chain, accepted
        )

    def show_chain(self, chain: ImageChain | None, problem: str = "") -> None:
        """What the image is and every other file it reads; a new image is not accepted
        until the user ticks the box again."""
        if chain is not None:
            lines = [
                fill(
                    self.tr("%1 image: the guest sees %2, it uses %3 here."),
                    chain.format_name,
                    size_text(chain.virtual_size),
                    size_text(chain.top.actual_size),
                ),
                *describe(chain),
            ]
            self.import_info.setText("\n".join(lines))
        else:
            self.import_info.setText(problem)
        self.import_info.setVisible(bool(self.import_info.text()))
        self._shown_files = chain.files if chain is not None else ()
        self.accept_files.blockSignals(True)
        self.accept_files.setChecked(False)
        self.accept_files.blockSignals(False)
        self.accept_files.setText(
            self.tr("Also read these files:") + "".join(f"\n{f}" for f in self._shown_files)
        )
        self.accept_files.setVisible(bool(self._shown_files))


class SourcePage(GroupPage):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(
            translate("NewVmWizard", "Source"),
            translate(
                "NewVmWizard",
                "Install an operating system from an ISO image, start from a disk image you "
                "already have, or boot a Linux kernel.",
            ),
            parent,
        )
        self.setObjectName("sourcePage")
