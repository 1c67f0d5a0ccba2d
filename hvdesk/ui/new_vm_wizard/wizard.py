"""The New-VM wizard: guided pages (or one expert page), validation as the user types,
then Create with progress and Cancel. Creation runs as an asyncio task on the qasync
loop; the wizard is shown with open(), never exec()."""

from __future__ import annotations

import asyncio
import os
from collections.abc import Callable, Coroutine
from enum import IntEnum
from pathlib import Path
from typing import Any, TypeVar

import shiboken6
from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QWidget, QWizard

from hvdesk.core import osinfo, storage
from hvdesk.core.connection import Connection
from hvdesk.core.disk_usage import DiskUsage, read_disk_usage
from hvdesk.core.errors import HvdeskError, KvmUnusableError
from hvdesk.core.hostfacts import HostFacts, connection_kind, probe_host
from hvdesk.core.image_chain import ImageChain, ImageRefused, inspect_image
from hvdesk.core.newvm import Field, NewVmSpec, advise, create_vm, validate
from hvdesk.core.osinfo import Detection, OsDatabase
from hvdesk.core.storage import Cancelled
from hvdesk.core.uris import is_local
from hvdesk.i18n import fill
from hvdesk.ui.new_vm_wizard.expert_page import ExpertPage
from hvdesk.ui.new_vm_wizard.os_page import OsGroup, OsPage
from hvdesk.ui.new_vm_wizard.resources_page import ResourcesGroup, ResourcesPage
from hvdesk.ui.new_vm_wizard.source_page import Source, SourceGroup, SourcePage
from hvdesk.ui.new_vm_wizard.summary_page import SummaryPage
from hvdesk.ui.new_vm_wizard.widgets import GroupPage

T = TypeVar("T")
DEBOUNCE_MS = 250
IMAGE_SUFFIXES = {"qcow2", "vmdk", "vdi", "vhd", "vhdx"}  # ".img" is ambiguous: media
GUIDED_SIZE = (680, 620)  # room for a message under every field of the resources page
EXPERT_SIZE = (760, 820)


class PageId(IntEnum):
    SOURCE = 0
    OS = 1
    RESOURCES = 2
    EXPERT = 3
    SUMMARY = 4


def unique_name(base: str, taken: set[str]) -> str:
    base = base.strip().replace("/", "-").lstrip(".-") or "vm"
    if base not in taken:
        return base
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"


class NewVmWizard(QWizard):
    vmCreated = Signal(str)  # uuid

    def __init__(
        self,
        connection: Connection,
        parent: QWidget | None = None,
        *,
        iso: Path | None = None,
        on_created: Callable[[str], None] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("newVmWizard")
        self.setWindowTitle(fill(self.tr("New Virtual Machine — %1"), connection.name))
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.resize(*GUIDED_SIZE)
        self.connection = connection
        self.on_created = on_created
        self.host: HostFacts | None = None
        self.host_error: HvdeskError | None = None
        self.db: OsDatabase | None = None
        self.detection: Detection | None = None
        self.image_chain: ImageChain | None = None
        self.image_problem = ""
        self.disk_usage: DiskUsage | None = None  # read with each image
        self.errors: dict[str, str] = {}
        self.warnings: dict[str, str] = {}
        self.expert = False
        self.created_uuid = ""
        self.console_requested = False  # the VM was started: open its console
        # The VM was made but KVM cannot start it: the caller offers software emulation.
        self.start_error: KvmUnusableError | None = None
        self._tasks: set[asyncio.Future[Any]] = set()
        self._create_task: asyncio.Future[str] | None = None
        self._cancel: asyncio.Event | None = None
        self._generation = {"detect": 0, "info": 0}
        self._last_profile = ""

        self.source = SourceGroup()
        self.os = OsGroup()
        self.resources = ResourcesGroup()
        self.source_page = SourcePage()
        self.os_page = OsPage()
        self.resources_page = ResourcesPage()
        self.expert_page = ExpertPage()
        self.summary = SummaryPage()
        pages: list[tuple[PageId, GroupPage, int]] = [
            (PageId.SOURCE, self.source_page, PageId.OS),
            (PageId.OS, self.os_page, PageId.RESOURCES),
            (PageId.RESOURCES, self.resources_page, PageId.SUMMARY),
            (PageId.EXPERT, self.expert_page, PageId.SUMMARY),
            (PageId.SUMMARY, self.summary, -1),
        ]
        for page_id, page, next_page in pages:
            page.next_page = next_page
            page.complete_check = self._page_complete
            self.setPage(page_id, page)
        self._place_groups()
        self.setButtonText(QWizard.WizardButton.FinishButton, self.tr("&Create"))
        self.setButtonText(QWizard.WizardButton.CustomButton1, self.tr("&Expert Mode"))
        self.setOption(QWizard.WizardOption.HaveCustomButton1, True)
        self.customButtonClicked.connect(self._custom_button)
        self.currentIdChanged.connect(lambda *_: self._revalidate())

        self._detect_timer = self._debouncer(self._start_detection)
        self._info_timer = self._debouncer(self._start_image_info)
        self.source.changed.connect(self._source_changed)
        self.source.iso.changed.connect(lambda *_: self._iso_changed())
        self.source.import_path.changed.connect(lambda *_: self._info_timer.start())
        self.os.changed.connect(self._os_changed)
        self.resources.changed.connect(self._revalidate)
        self.summary.start.toggled.connect(lambda *_: self._revalidate())

        if iso is not None:
            self.set_path(Path(iso))
        self._apply_defaults()
        tasks = self._tasks  # not self: the wizard may be deleted with its parent
        self.destroyed.connect(lambda *_: [t.cancel() for t in list(tasks)])
        self._run(probe_host(connection), self._host_ready, self._host_failed)
        self._run(storage.in_thread(osinfo.database), self._db_ready, self._db_failed)
        self._revalidate()

    def set_path(self, path: Path) -> None:
        """Pre-fill the source: a disk image (by its suffix) is imported, anything else
        is taken for installation media (drag-and-drop, `hvdesk --new PATH`)."""
        if path.suffix.lower().lstrip(".") in IMAGE_SUFFIXES:
            self.source.set_kind(Source.IMPORT)
            self.source.import_path.setText(str(path))
        else:
            self.source.set_kind(Source.ISO)
            self.source.iso.setText(str(path))

    # ---- helpers ---------------------------------------------------------------------

    def _debouncer(self, slot: Callable[[], None]) -> QTimer:
        timer = QTimer(self)
        timer.setSingleShot(True)
        timer.setInterval(DEBOUNCE_MS)
        timer.timeout.connect(slot)
        return timer

    def _run(
        self,
        coro: Coroutine[Any, Any, T],
        done: Callable[[T], None],
        failed: Callable[[HvdeskError], None] | None = None,
    ) -> asyncio.Future[T]:
        task = asyncio.ensure_future(coro)
        self._tasks.add(task)

        def finished(t: asyncio.Future[T]) -> None:
            self._tasks.discard(t)
            if t.cancelled() or not shiboken6.isValid(self):
                return
            exc = t.exception()
            if exc is None:
                done(t.result())
            elif failed is not None:
                failed(exc if isinstance(exc, HvdeskError) else HvdeskError(str(exc)))

        task.add_done_callback(finished)
        return task

    def _provisional_host(self) -> HostFacts:
        """Until the probe answers: enough to check the source page's paths."""
        info = self.connection.host
        return HostFacts(
            uri=self.connection.uri,
            kind=connection_kind(self.connection.uri),
            local=is_local(self.connection.uri),
            memory_mib=info.memory_mib if info else 0,
            cpus=info.cpus if info else 0,
            domain_type="qemu",
        )

    # ---- pages and modes -------------------------------------------------------------

    def _place_groups(self) -> None:
        if self.expert:
            self.expert_page.set_groups([self.source, self.os, self.resources])
            for page in (self.source_page, self.os_page, self.resources_page):
                page.groups = []
            self.setStartId(PageId.EXPERT)
        else:
            self.source_page.set_groups([self.source])
            self.os_page.set_groups([self.os])
            self.resources_page.set_groups([self.resources])
            self.expert_page.groups = []
            self.setStartId(PageId.SOURCE)

    def set_expert(self, expert: bool) -> None:
        if expert == self.expert or self._create_task is not None:
            return
        self.expert = expert
        self._place_groups()
        if expert:
            self.resize(max(self.width(), EXPERT_SIZE[0]), max(self.height(), EXPERT_SIZE[1]))
        self.setButtonText(
            QWizard.WizardButton.CustomButton1,
            self.tr("&Guided Mode") if expert else self.tr("&Expert Mode"),
        )
        self.restart()
        self._revalidate()

    def _custom_button(self, which: int) -> None:
        if which == QWizard.WizardButton.CustomButton1.value:
            self.set_expert(not self.expert)

    def _page_complete(self, page: GroupPage) -> bool:
        if self._create_task is not None:
            return False
        if page is self.summary:
            return self.host is not None and not self.errors
        if any(field in self.errors for field in page.fields()):
            return False
        if page in (self.resources_page, self.expert_page) and self.host is None:
            return False
        return not (page.groups and self.source in page.groups and self._image_pending())

    def _image_pending(self) -> bool:
        return (
            self.source.kind() is Source.IMPORT
            and bool(self.source.import_path.text())
            and self.image_chain is None
            and not self.image_problem
            and Field.IMPORT not in self.errors
        )

    # ---- what the user entered -------------------------------------------------------

    def spec(self) -> NewVmSpec:
        kind = self.source.kind()
        directory = self.resources.disk_dir.text()
        disk: Any = None
        if kind is Source.IMPORT:
            disk = self.source.import_disk(directory, self.image_chain)
        else:
            disk = self.resources.new_disk()
        return NewVmSpec(
            name=self.resources.vm_name(),
            profile=self.os.profile,
            memory_mib=self.resources.memory.value(),
            vcpus=self.resources.vcpus.value(),
            firmware=self.resources.firmware_choice(),
            disk=disk,
            iso=self.source.iso_path(),
            kernel=self.source.kernel_boot(),
            network=self.resources.network_choice(),
            paravirt=self.os.paravirt(),
            start=self.summary.start.isChecked(),
        )

    def _revalidate(self, *_: object) -> None:
        spec = self.spec()
        host = self.host or self._provisional_host()
        errors = validate(spec, self.connection, host, self.disk_usage)
        if self.source.kind() is Source.ISO and not spec.iso:
            errors[Field.ISO] = self.tr("Choose an installation ISO image.")
        if self.source.kind() is Source.IMPORT and self.image_problem:
            errors.setdefault(Field.IMPORT, self.image_problem)
        if self.host is None:  # resources are judged against the real host only
            for field in self.resources.fields():
                errors.pop(field, None)
        self.errors = errors
        self.warnings = advise(spec, host) if self.host else {}
        for group in (self.source, self.os, self.resources):
            group.show_messages(self.errors, self.warnings)
        self.summary.show_spec(spec, self.host)
        for page_id in PageId:
            self.page(page_id).completeChanged.emit()
        self._apply_busy_buttons()

    def _default_name(self) -> str:
        kind = self.source.kind()
        base = "vm"
        if not self.os.profile.generic:
            base = self.os.profile.short_id or base
        elif kind is Source.ISO and self.source.iso.text():
            base = Path(self.source.iso.text()).stem
        elif kind is Source.IMPORT and self.source.import_path.text():
            base = Path(self.source.import_path.text()).stem
        elif kind is Source.KERNEL:
            base = "linux"
        taken = {vm.name for vm in self.connection.vms.values()}
        if self.host is not None:
            taken |= set(self.host.vm_names)
        return unique_name(base, taken)

    def _apply_defaults(self) -> None:
        self.resources.apply_defaults(self.os.profile, self.host, self._default_name())
        kind = self.source.kind()
        convert = self.source.convert_radio.isChecked()
        if kind is Source.IMPORT:
            self.resources.show_disk_fields(False, False, convert)
        else:
            self.resources.suggest_disk(kind is Source.ISO)
            self.resources.show_disk_fields(True, True, True)

    def _source_changed(self) -> None:
        self._apply_defaults()
        self._revalidate()

    def _os_changed(self) -> None:
        if self.os.profile.id != self._last_profile:
            self._last_profile = self.os.profile.id
            self._apply_defaults()
        self._revalidate()

    # ---- async facts -----------------------------------------------------------------

    def _host_ready(self, host: HostFacts) -> None:
        self.host = host
        self.resources_page.waiting.hide()
        self.resources.set_host(host)
        self._apply_defaults()
        self._revalidate()

    def _host_failed(self, error: HvdeskError) -> None:
        self.host_error = error
        self.resources_page.waiting.setText(error.sentence())
        self.resources_page.waiting.setStyleSheet("color:#c0392b;")
        self.summary.show_status(error.sentence(), error=True)

    def _db_ready(self, db: OsDatabase) -> None:
        self.db = db
        self.os.set_database(db)
        if self.source.iso.text():
            self._start_detection()

    def _db_failed(self, error: HvdeskError) -> None:
        self.os.detected.setText(
            fill(self.tr("The list of operating systems is unavailable: %1"), error.what)
        )

    def _iso_changed(self) -> None:
        self.os.chosen_by_user = False  # a new ISO: detect again
        self.detection = None
        self._detect_timer.start()

    def _start_detection(self) -> None:
        path = self.source.iso.text()
        self._generation["detect"] += 1
        generation = self._generation["detect"]
        db = self.db
        if not path or db is None:
            return
        if not (is_local(self.connection.uri) and os.path.isfile(path)):
            self.os.show_detection(None, self.tr("Choose the operating system the ISO holds."))
            return
        self.os.detected.setText(fill(self.tr("Looking at %1…"), Path(path).name))

        def detected(result: Detection | None) -> None:
            if generation != self._generation["detect"]:
                return
            self.detection = result
            name = Path(path).name
            if result is None:
                note = fill(
                    self.tr("%1 is not in the catalogue: choose the operating system below."), name
                )
            else:
                arch = f", {result.arch}" if result.arch else ""
                live = self.tr(" live") if result.live else ""
                volume = result.iso.volume_id
                note = fill(
                    self.tr("Detected from %1: %2 (%3)."),
                    name,
                    result.profile.name + live,
                    volume + arch,
                )
            self.os.show_detection(result, note)

        def failed(error: HvdeskError) -> None:
            if generation == self._generation["detect"]:
                self.os.show_detection(None, f"{error.sentence()}")

        self._run(storage.in_thread(osinfo.detect_iso, path, db), detected, failed)

    def _start_image_info(self) -> None:
        """Inspect the chosen image (every file it reads) and which VMs use which files."""
        path = self.source.import_path.text()
        self._generation["info"] += 1
        generation = self._generation["info"]
        self.image_chain, self.image_problem = None, ""
        self.source.show_chain(None)
        if not self._inspectable(path):
            self._revalidate()
            return
        self.source.show_chain(None, self.tr("Reading the image…"))

        async def inspect() -> tuple[ImageChain, DiskUsage]:
            chain = await inspect_image(path, self.connection)
            return chain, await read_disk_usage(self.connection)

        def done(result: tuple[ImageChain, DiskUsage]) -> None:
            if generation == self._generation["info"]:
                self.image_chain, self.disk_usage = result
                self.source.show_chain(self.image_chain)
                self._revalidate()

        def failed(error: HvdeskError) -> None:
            if generation == self._generation["info"]:
                self.image_problem = (
                    error.sentence()
                    if isinstance(error, ImageRefused)
                    else fill(
                        self.tr("%1 is not a disk image QEMU can read (%2)."), path, error.detail
                    )
                )
                self.source.show_chain(None)
                self._revalidate()

        self._revalidate()
        self._run(inspect(), done, failed)

    def _inspectable(self, path: str) -> bool:
        """A file or device here; any full path on another computer (its pools say)."""
        if not path:
            return False
        if not is_local(self.connection.uri):
            return os.path.isabs(path)
        return os.path.isfile(path) or Path(path).is_block_device()

    # ---- create ----------------------------------------------------------------------

    def accept(self) -> None:
        """Finish (Create) starts the creation; the wizard closes when it succeeded."""
        if self._create_task is not None:
            return
        self._revalidate()
        if self.errors or self.host is None:
            self.summary.show_status(
                " ".join(self.errors.values()) or self.tr("Still reading what the host offers."),
                True,
            )
            return
        spec = self.spec()
        self._cancel = asyncio.Event()
        self._create_task = asyncio.ensure_future(
            create_vm(spec, self.connection, self.summary.show_progress, self._cancel,
                      host=self.host)
        )  # fmt: skip
        self._create_task.add_done_callback(lambda t: self._created(t, spec))
        self._busy(True)

    def _busy(self, busy: bool) -> None:
        self.summary.start.setEnabled(not busy)
        self.summary.completeChanged.emit()  # QWizard re-enables buttons here: then ours
        self._apply_busy_buttons()
        if not busy:
            self.summary.finished()

    def _apply_busy_buttons(self) -> None:
        busy = self._create_task is not None
        for which in (QWizard.WizardButton.BackButton, QWizard.WizardButton.CustomButton1):
            if busy:
                self.button(which).setEnabled(False)
        if not busy:
            self.button(QWizard.WizardButton.CustomButton1).setEnabled(True)
            self.button(QWizard.WizardButton.CancelButton).setEnabled(True)

    def _created(self, task: asyncio.Future[str], spec: NewVmSpec) -> None:
        if not shiboken6.isValid(self):  # the parent window went away meanwhile
            if not task.cancelled() and task.exception() is None and self.on_created:
                self.on_created(task.result())
            return
        self._create_task = None
        self._cancel = None
        self._busy(False)
        if task.cancelled():
            self.summary.show_status(self.tr("Creating the VM was interrupted."), error=True)
            return
        exc = task.exception()
        if isinstance(exc, Cancelled):
            self.summary.show_status(exc.sentence())
            self._revalidate()
            return
        if isinstance(exc, KvmUnusableError):  # the VM exists; only its start failed
            self.start_error = exc
            self._finish_created(exc.vms[0][1], console=False)
            return
        if exc is not None:
            error = exc if isinstance(exc, HvdeskError) else HvdeskError(str(exc))
            self.summary.show_status(error.sentence(), error=True)
            self._revalidate()
            return
        self._finish_created(task.result(), console=spec.start)

    def _finish_created(self, uuid: str, console: bool) -> None:
        self.created_uuid = uuid
        self.console_requested = console
        self._stop_tasks()
        self.vmCreated.emit(self.created_uuid)
        super().accept()  # closes (and, from open_new_vm_wizard, deletes later)
        if self.on_created is not None:
            self.on_created(self.created_uuid)

    def reject(self) -> None:
        """Cancel: during a creation, stop it (it rolls back); otherwise close."""
        if self._create_task is not None:
            if self._cancel is not None:
                self._cancel.set()
            self.summary.show_status(self.tr("Cancelling…"))
            self.button(QWizard.WizardButton.CancelButton).setEnabled(False)
            return
        self._stop_tasks()
        super().reject()

    def _stop_tasks(self) -> None:
        for task in list(self._tasks):
            task.cancel()
        self._tasks.clear()

    @property
    def creating(self) -> bool:
        return self._create_task is not None
