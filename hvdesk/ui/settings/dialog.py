"""The Settings dialog, in VirtualBox's manner: sections on the left, a page on the
right, OK / Cancel / Apply. It reads the VM's inactive definition, lets each page change
only what the user touched, and applies through `settings_apply` (live where possible)."""

from __future__ import annotations

import asyncio
import contextlib
from typing import Any

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractButton,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QStackedWidget,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from hvdesk.core.domxml import DomainXml, DomainXmlError
from hvdesk.core.errors import HvdeskError, from_libvirt
from hvdesk.core.settings_apply import (
    ApplyResult,
    SettingsChange,
    apply_settings,
    plan_live,
    read_settings,
)
from hvdesk.core.settings_host import probe_settings_host
from hvdesk.core.vm import VirtualMachine
from hvdesk.i18n import translate
from hvdesk.ui.settings.display_page import DisplayPage
from hvdesk.ui.settings.general_page import GeneralPage
from hvdesk.ui.settings.network_page import NetworkPage
from hvdesk.ui.settings.page import PageContext, SettingsPage
from hvdesk.ui.settings.serial_page import SerialPage
from hvdesk.ui.settings.shared_page import SharedFoldersPage
from hvdesk.ui.settings.storage_page import StoragePage
from hvdesk.ui.settings.system_page import SystemPage
from hvdesk.ui.settings.usb_page import UsbPage
from hvdesk.ui.settings.xml_page import XmlPage
from hvdesk.ui.tasks import TaskRunner

_ICONS = {
    "general": QStyle.StandardPixmap.SP_FileDialogInfoView,
    "system": QStyle.StandardPixmap.SP_ComputerIcon,
    "display": QStyle.StandardPixmap.SP_DesktopIcon,
    "storage": QStyle.StandardPixmap.SP_DriveHDIcon,
    "network": QStyle.StandardPixmap.SP_DriveNetIcon,
    "serial": QStyle.StandardPixmap.SP_FileDialogDetailedView,
    "usb": QStyle.StandardPixmap.SP_DriveFDIcon,
    "shared": QStyle.StandardPixmap.SP_DirIcon,
    "xml": QStyle.StandardPixmap.SP_FileDialogContentsView,
}


def describe_result(result: ApplyResult, running: bool) -> str:
    """For the status line: what did not happen first, then what changed now, what waits
    for the next boot, and whether libvirt's schema check could apply."""
    parts = list(result.problems)
    if result.applied_live:
        parts.append(
            translate("SettingsDialog", "Applied to the running VM: {0}.").format(
                ", ".join(result.applied_live)
            )
        )
    if result.pending:
        parts.append(
            translate("SettingsDialog", "At the next boot: {0}.").format(", ".join(result.pending))
        )
    if not parts:
        parts.append(
            translate("SettingsDialog", "Settings saved.")
            if not running
            else translate("SettingsDialog", "Applied.")
        )
    if result.unvalidated:
        parts.append(
            translate(
                "SettingsDialog",
                "Saved without libvirt's schema check: libvirt's own definition of this VM "
                "already fails it ({0}).",
            ).format(result.unvalidated)
        )
    return " ".join(parts)


class SettingsDialog(QDialog):
    applied = Signal(object)  # ApplyResult
    loaded = Signal()

    def __init__(self, vm: VirtualMachine, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vm = vm
        self.setObjectName("settingsDialog")
        self.setWindowTitle(self.tr("{0} — Settings").format(vm.name))
        self.tasks = TaskRunner(self)
        self.tasks.failed.connect(self.show_error)
        self.general = GeneralPage()
        self.system = SystemPage()
        self.display = DisplayPage()
        self.storage = StoragePage()
        self.network = NetworkPage()
        self.serial = SerialPage()
        self.usb = UsbPage()
        self.shared = SharedFoldersPage()
        self.xml = XmlPage()
        self.pages: list[tuple[str, SettingsPage]] = [
            ("general", self.general),
            ("system", self.system),
            ("display", self.display),
            ("storage", self.storage),
            ("network", self.network),
            ("serial", self.serial),
            ("usb", self.usb),
            ("shared", self.shared),
            ("xml", self.xml),
        ]
        self.sections = QListWidget()
        self.sections.setObjectName("settingsSections")
        self.sections.setAccessibleName(self.tr("Sections"))
        self.sections.setIconSize(QSize(20, 20))
        self.stack = QStackedWidget()
        style = self.style()
        for key, page in self.pages:
            self.sections.addItem(page.title)
            item = self.sections.item(self.sections.count() - 1)
            item.setIcon(style.standardIcon(_ICONS[key]))
            item.setData(Qt.ItemDataRole.UserRole, key)
            self.stack.addWidget(page)
        self.sections.setFixedWidth(self.sections.sizeHintForColumn(0) + 44)
        self.sections.currentRowChanged.connect(self._section_changed)

        self.status = QLabel(self.tr("Reading the settings…"))
        self.status.setObjectName("settingsStatus")
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok
            | QDialogButtonBox.StandardButton.Cancel
            | QDialogButtonBox.StandardButton.Apply
        )
        self.buttons.clicked.connect(self._clicked)
        self.buttons.rejected.connect(self.reject)

        body = QHBoxLayout()
        body.addWidget(self.sections)
        body.addWidget(self.stack, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(body, 1)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)
        self.resize(820, 580)

        self.ctx: PageContext | None = None
        self._base_xml = ""  # what the pages were loaded from (the XML tab may replace it)
        self._xml_row = len(self.pages) - 1
        self._previous_row = 0
        self._keep_status = False
        self._set_enabled(False)
        self.sections.setCurrentRow(0)
        self.load()

    # ---- loading -----------------------------------------------------------------------

    def load(self) -> asyncio.Future[Any]:
        async def read() -> PageContext:
            current = await read_settings(self.vm)
            host = await probe_settings_host(self.vm)
            sizes: dict[str, tuple[int, int]] = {}
            with contextlib.suppress(HvdeskError):  # sizes only enable resizing
                sizes = await self.vm.disk_sizes()
            return PageContext(self.vm, current, host, sizes)

        return self.tasks.run(read(), self.tr("Could not read the settings"), self._loaded)

    def _loaded(self, ctx: PageContext) -> None:
        self.ctx = ctx
        self._base_xml = ctx.current.inactive_xml
        self._load_pages(DomainXml(self._base_xml))
        self._set_enabled(True)
        if not self._keep_status:  # after Apply the result stays in view
            self.say(
                self.tr("The VM is running: memory, vCPUs, discs, disks and network adapters "
                        "change at once; the rest at the next boot.")
                if ctx.running
                else ""
            )  # fmt: skip
        self._keep_status = False
        self.loaded.emit()

    def _load_pages(self, doc: DomainXml) -> None:
        assert self.ctx is not None
        for _key, page in self.pages:
            page.load(doc, self.ctx)

    def _set_enabled(self, enabled: bool) -> None:
        self.stack.setEnabled(enabled)
        for button in (QDialogButtonBox.StandardButton.Ok, QDialogButtonBox.StandardButton.Apply):
            self.buttons.button(button).setEnabled(enabled)

    # ---- moving between sections (the XML tab follows the form and back) ---------------

    def select_section(self, key: str) -> None:
        self.sections.setCurrentRow([k for k, _p in self.pages].index(key))

    def _section_changed(self, row: int) -> None:
        previous, self._previous_row = self._previous_row, row
        if self.ctx is not None:
            if row == self._xml_row and previous != self._xml_row:
                try:
                    doc, _change = self.build()
                except HvdeskError as exc:
                    self._previous_row = previous
                    self.sections.setCurrentRow(previous)
                    self.show_error(exc)
                    return
                self.xml.show_xml(doc.to_string())
            elif previous == self._xml_row and row != self._xml_row and self.xml.edited:
                try:
                    doc = self.xml.parsed()
                except DomainXmlError as exc:
                    self._previous_row = previous
                    self.sections.setCurrentRow(previous)
                    self.show_error(exc)
                    return
                self._base_xml = self.xml.editor.toPlainText()
                self._load_pages(doc)
        self.stack.setCurrentIndex(row)

    # ---- applying ----------------------------------------------------------------------

    def build(self) -> tuple[DomainXml, SettingsChange]:
        """The edited definition and the change to apply. HvdeskError names the page."""
        if self.stack.currentWidget() is self.xml and self.xml.edited:
            doc = self.xml.parsed()
            change = SettingsChange(self.xml.editor.toPlainText())
            self.general.save(DomainXml(self._base_xml), change)  # autostart is not XML
            return doc, change
        doc = DomainXml(self._base_xml)
        change = SettingsChange("")
        for key, page in self.pages:
            try:
                page.save(doc, change)
            except HvdeskError as exc:
                self.select_section(key)
                raise exc
        change.xml = doc.to_string()
        change.written = doc.written  # read back after the define
        return doc, change

    def _clicked(self, button: QAbstractButton) -> None:
        role = self.buttons.buttonRole(button)
        if role == QDialogButtonBox.ButtonRole.AcceptRole:
            self.apply(close=True)
        elif role == QDialogButtonBox.ButtonRole.ApplyRole:
            self.apply(close=False)

    def apply(self, close: bool) -> asyncio.Future[Any] | None:
        ctx = self.ctx
        if ctx is None:
            return None
        try:
            doc, change = self.build()
        except HvdeskError as exc:
            self.show_error(exc)
            return None
        unchanged = change.xml == ctx.current.inactive_xml or change.xml == self._loaded_text()
        if unchanged and change.autostart is None and not change.resizes:
            if close:
                self.accept()
            return None
        if ctx.running:
            change.live = plan_live(
                DomainXml(ctx.current.inactive_xml), doc, DomainXml(ctx.current.live_xml)
            )
        self._set_enabled(False)
        self.say(self.tr("Applying…"))

        async def run() -> ApplyResult:
            try:
                for _key, page in self.pages:
                    await page.verify()
                return await apply_settings(self.vm, change)
            except Exception as exc:
                raise from_libvirt(self.tr("Could not change the settings"), exc) from exc

        def done(result: ApplyResult) -> None:
            self.applied.emit(result)
            if close and not result.problems:
                self.accept()
                return
            # Something asked for did not happen: stay, say it, show what the VM has now.
            self.say(describe_result(result, ctx.running), error=bool(result.problems))
            self._keep_status = True
            self.load()

        # On success the reload enables the buttons again; on failure show_error does.
        return self.tasks.run(run(), self.tr("Could not change the settings"), done)

    def _loaded_text(self) -> str:
        return DomainXml(self.ctx.current.inactive_xml).to_string() if self.ctx else ""

    def say(self, text: str, error: bool = False) -> None:
        self.status.setText(text)
        self.status.setStyleSheet("color: #c0392b;" if error else "")

    def show_error(self, error: HvdeskError) -> None:
        self.say(error.sentence(), error=True)
        self._set_enabled(self.ctx is not None)

    def keyPressEvent(self, event: Any) -> None:
        if event.matches(QKeySequence.StandardKey.Save):
            self.apply(close=False)
            return
        super().keyPressEvent(event)
