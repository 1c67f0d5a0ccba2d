"""One virtual machine: what libvirt last told us about it, and what can be done to it."""

from __future__ import annotations

import contextlib
import itertools
import os
import threading
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import libvirt

from hvdesk.core import accel
from hvdesk.core.disk_usage import DiskUsage, read_disk_usage, usage_from_configs
from hvdesk.core.domain_info import Disk, DomainConfig, parse_domain_xml
from hvdesk.core.errors import HvdeskError, from_libvirt, kvm_start_error, refused_flags
from hvdesk.core.uris import is_local
from hvdesk.i18n import QT_TRANSLATE_NOOP, TranslatedEnum, fill, translate

if TYPE_CHECKING:
    from hvdesk.core.connection import Connection


class VmState(TranslatedEnum):
    RUNNING = QT_TRANSLATE_NOOP("VmState", "Running")
    PAUSED = QT_TRANSLATE_NOOP("VmState", "Paused")
    SHUTTING_DOWN = QT_TRANSLATE_NOOP("VmState", "Shutting down")
    SHUTOFF = QT_TRANSLATE_NOOP("VmState", "Powered off")
    SAVED = QT_TRANSLATE_NOOP("VmState", "Saved")
    CRASHED = QT_TRANSLATE_NOOP("VmState", "Crashed")
    SUSPENDED = QT_TRANSLATE_NOOP("VmState", "Suspended (guest)")
    UNKNOWN = QT_TRANSLATE_NOOP("VmState", "Unknown")

    # label: the state in the user's language (the value stays English for scripts and logs).

    @property
    def is_active(self) -> bool:
        return self in _ACTIVE


_ACTIVE = {VmState.RUNNING, VmState.PAUSED, VmState.SHUTTING_DOWN, VmState.SUSPENDED}

_FROM_LIBVIRT = {
    libvirt.VIR_DOMAIN_NOSTATE: VmState.UNKNOWN,
    libvirt.VIR_DOMAIN_RUNNING: VmState.RUNNING,
    libvirt.VIR_DOMAIN_BLOCKED: VmState.RUNNING,
    libvirt.VIR_DOMAIN_PAUSED: VmState.PAUSED,
    libvirt.VIR_DOMAIN_SHUTDOWN: VmState.SHUTTING_DOWN,
    libvirt.VIR_DOMAIN_SHUTOFF: VmState.SHUTOFF,
    libvirt.VIR_DOMAIN_CRASHED: VmState.CRASHED,
    libvirt.VIR_DOMAIN_PMSUSPENDED: VmState.SUSPENDED,
}


class Action(TranslatedEnum):
    START = QT_TRANSLATE_NOOP("Action", "Start")
    SHUTDOWN = QT_TRANSLATE_NOOP("Action", "Shut down")
    REBOOT = QT_TRANSLATE_NOOP("Action", "Reboot")
    FORCE_OFF = QT_TRANSLATE_NOOP("Action", "Force off")
    PAUSE = QT_TRANSLATE_NOOP("Action", "Pause")
    RESUME = QT_TRANSLATE_NOOP("Action", "Resume")
    SAVE = QT_TRANSLATE_NOOP("Action", "Save state")
    DISCARD_SAVE = QT_TRANSLATE_NOOP("Action", "Discard saved state")
    DELETE = QT_TRANSLATE_NOOP("Action", "Delete")
    CONSOLE = QT_TRANSLATE_NOOP("Action", "Show console")


_ALLOWED: dict[Action, set[VmState]] = {
    Action.START: {VmState.SHUTOFF, VmState.SAVED, VmState.CRASHED},
    Action.SHUTDOWN: {VmState.RUNNING},
    Action.REBOOT: {VmState.RUNNING},
    Action.FORCE_OFF: {VmState.RUNNING, VmState.PAUSED, VmState.SHUTTING_DOWN, VmState.SUSPENDED},
    Action.PAUSE: {VmState.RUNNING},
    Action.RESUME: {VmState.PAUSED},
    Action.SAVE: {VmState.RUNNING, VmState.PAUSED},
    Action.DISCARD_SAVE: {VmState.SAVED},
    Action.DELETE: {VmState.SHUTOFF, VmState.SAVED, VmState.CRASHED},
    Action.CONSOLE: {VmState.RUNNING, VmState.PAUSED, VmState.SHUTTING_DOWN},
}


@dataclass(frozen=True)
class DomainSnapshot:
    """What one round of libvirt calls said about a domain."""

    uuid: str
    name: str
    state: VmState
    config: DomainConfig
    persistent: bool
    has_managed_save: bool
    # SnapshotReader's number for this read: of two reads of one domain, the one with the
    # higher number saw the later state (0: not numbered).
    read_seq: int = field(default=0, compare=False)


class SnapshotReader:
    """Reads one connection's domains, numbering each read.

    Reads run on several worker threads and may finish in any order: a re-read issued
    before a start can arrive after the start's own read. The numbers are taken under
    one lock with the read itself, so a higher number is a later state, and
    `Connection.apply_snapshot` drops a read older than the one it already applied."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._numbers = itertools.count(1)

    def read(self, dom: libvirt.virDomain) -> DomainSnapshot:
        """Worker thread: one domain's state and configuration, numbered."""
        with self._lock:
            return snapshot_domain(dom, next(self._numbers))

    def read_uuid(self, conn: libvirt.virConnect, uuid: str) -> tuple[int, DomainSnapshot | None]:
        """Worker thread: the domain `uuid` (None: it is gone), and the read's number."""
        with self._lock:
            number = next(self._numbers)
            try:
                return number, snapshot_domain(conn.lookupByUUIDString(uuid), number)
            except libvirt.libvirtError as exc:
                if exc.get_error_code() == libvirt.VIR_ERR_NO_DOMAIN:
                    return number, None
                raise


def snapshot_domain(dom: libvirt.virDomain, read_seq: int = 0) -> DomainSnapshot:
    """Worker thread: read one domain's state and configuration."""
    raw_state, _reason = dom.state(0)
    persistent = bool(dom.isPersistent())
    managed = False
    if persistent and raw_state == libvirt.VIR_DOMAIN_SHUTOFF:
        with contextlib.suppress(libvirt.libvirtError):  # unsupported by some drivers
            managed = bool(dom.hasManagedSaveImage(0))
    state = _FROM_LIBVIRT.get(raw_state, VmState.UNKNOWN)
    if managed:
        state = VmState.SAVED
    return DomainSnapshot(
        uuid=dom.UUIDString(),
        name=dom.name(),
        state=state,
        config=parse_domain_xml(dom.XMLDesc(0)),
        persistent=persistent,
        has_managed_save=managed,
        read_seq=read_seq,
    )


@dataclass(frozen=True)
class DeletePlan:
    """Which disks a delete may remove, and which it must keep because others use them."""

    removable: tuple[Disk, ...]
    shared: tuple[tuple[Disk, tuple[str, ...]], ...] = field(default_factory=tuple)
    # Files below this VM's disks (its base images) that other VMs are built on too:
    # (path, their names). Never removed; named so the user knows why.
    shared_bases: tuple[tuple[str, tuple[str, ...]], ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class DeleteResult:
    removed: tuple[str, ...]
    failed: tuple[tuple[str, str], ...]  # (path, why)


class VirtualMachine:
    def __init__(self, connection: Connection, snapshot: DomainSnapshot) -> None:
        self.connection = connection
        self.snapshot = snapshot

    @property
    def uuid(self) -> str:
        return self.snapshot.uuid

    @property
    def name(self) -> str:
        return self.snapshot.name

    @property
    def state(self) -> VmState:
        return self.snapshot.state

    @property
    def config(self) -> DomainConfig:
        return self.snapshot.config

    def update(self, snapshot: DomainSnapshot) -> bool:
        changed = snapshot != self.snapshot
        self.snapshot = snapshot
        return changed

    def can(self, action: Action) -> bool:
        if not self.connection.is_connected:
            return False
        if action in (Action.DELETE, Action.SAVE) and not self.snapshot.persistent:
            return False
        return self.state in _ALLOWED[action]

    # ---- actions ------------------------------------------------------------------------

    async def _run(
        self,
        what: str,
        fn: Callable[[libvirt.virDomain], object],
        explain: Callable[[str, BaseException], HvdeskError | None] = lambda _w, _e: None,
    ) -> None:
        """`what`: the translated failure sentence, %1 the VM's name; `explain` may tell a
        failure better than from_libvirt (None: it cannot)."""

        def act_and_read(dom: libvirt.virDomain) -> DomainSnapshot:
            fn(dom)
            return self.connection.snapshots.read(dom)  # the caller sees the new state at once

        try:
            snapshot = await self.connection.call_domain(self.uuid, act_and_read)
        except Exception as exc:
            self.connection.refresh_vm(self.uuid)
            failure = fill(what, self.name)
            raise (explain(failure, exc) or from_libvirt(failure, exc)) from exc
        self.connection.apply_snapshot(self.uuid, snapshot)

    async def start(self) -> None:
        """Start the VM. A KVM VM on a host where the user chose software emulation after
        KVM failed there is switched to TCG first (`start_with_tcg`); a KVM failure
        raises errors.KvmUnusableError, which offers that."""
        if self.config.domain_type == "kvm" and accel.tcg_remembered(self.connection.uri):
            await self.start_with_tcg()
            return
        uri, uuid, kvm = self.connection.uri, self.uuid, self.config.domain_type == "kvm"

        def explain(what: str, exc: BaseException) -> HvdeskError | None:
            return kvm_start_error(what, exc, uri, uuid) if kvm else None

        # create() resumes from a managed save image when there is one.
        await self._run(
            translate("VirtualMachine", "Could not start '%1'"), lambda dom: dom.create(), explain
        )

    async def start_with_tcg(self) -> None:
        """Switch the VM's definition from KVM to software emulation (TCG), remember that
        KVM does not work on its host, and start it."""
        what = translate("VirtualMachine", "Could not start '%1' with software emulation")
        try:
            await self.connection.call_domain(self.uuid, accel.switch_to_tcg)
        except Exception as exc:
            self.connection.refresh_vm(self.uuid)
            raise from_libvirt(fill(what, self.name), exc) from exc
        accel.remember_tcg_host(self.connection.uri)
        await self._run(what, lambda dom: dom.create())

    async def shutdown(self) -> None:
        def acpi_shutdown(dom: libvirt.virDomain) -> None:
            try:
                dom.shutdownFlags(libvirt.VIR_DOMAIN_SHUTDOWN_ACPI_POWER_BTN)
            except libvirt.libvirtError as exc:
                if not refused_flags(exc):
                    raise
                dom.shutdown()  # the driver picks its own method

        await self._run(translate("VirtualMachine", "Could not shut down '%1'"), acpi_shutdown)

    async def reboot(self) -> None:
        await self._run(
            translate("VirtualMachine", "Could not reboot '%1'"), lambda dom: dom.reboot(0)
        )

    async def force_off(self) -> None:
        await self._run(
            translate("VirtualMachine", "Could not force off '%1'"), lambda dom: dom.destroy()
        )

    async def pause(self) -> None:
        await self._run(
            translate("VirtualMachine", "Could not pause '%1'"), lambda dom: dom.suspend()
        )

    async def resume(self) -> None:
        await self._run(
            translate("VirtualMachine", "Could not resume '%1'"), lambda dom: dom.resume()
        )

    async def save_state(self) -> None:
        await self._run(
            translate("VirtualMachine", "Could not save the state of '%1'"),
            lambda dom: dom.managedSave(0),
        )

    async def discard_saved_state(self) -> None:
        await self._run(
            translate("VirtualMachine", "Could not discard the saved state of '%1'"),
            lambda dom: dom.managedSaveRemove(0),
        )

    def media_drives(self) -> tuple[Disk, ...]:
        """CD/DVD drives with a disc in them."""
        return tuple(d for d in self.config.disks if d.device == "cdrom" and d.source)

    async def eject(self, target: str) -> None:
        """Take the disc out of a CD/DVD drive, now and in the saved definition."""

        def eject_disc(dom: libvirt.virDomain) -> None:
            root = ET.fromstring(dom.XMLDesc(0))
            drive = next(
                (
                    d
                    for d in root.iterfind("devices/disk[@device='cdrom']")
                    if (t := d.find("target")) is not None and t.get("dev") == target
                ),
                None,
            )
            if drive is None:
                raise HvdeskError(
                    fill(
                        translate("VirtualMachine", "'%1' has no CD/DVD drive %2"),
                        self.name,
                        target,
                    )
                )
            for source in drive.findall("source"):
                drive.remove(source)
            flags = libvirt.VIR_DOMAIN_AFFECT_CONFIG
            if dom.isActive():
                flags |= libvirt.VIR_DOMAIN_AFFECT_LIVE
            dom.updateDeviceFlags(ET.tostring(drive, encoding="unicode"), flags)

        await self._run(
            fill(
                translate("VirtualMachine", "Could not eject the disc in %1 of '%2'"), target, "%1"
            ),
            eject_disc,
        )

    async def disk_sizes(self) -> dict[str, tuple[int, int]]:
        """target -> (capacity, allocation) in bytes, for the disks libvirt can measure."""

        def measure(dom: libvirt.virDomain) -> dict[str, tuple[int, int]]:
            sizes = {}
            for disk in self.config.disks:
                if disk.source and disk.target:
                    with contextlib.suppress(libvirt.libvirtError):
                        capacity, allocation, _physical = dom.blockInfo(disk.target, 0)
                        sizes[disk.target] = (int(capacity), int(allocation))
            return sizes

        return await self.connection.call_domain(self.uuid, measure)

    # ---- delete (DESIGN rule 4: never remove a disk another VM uses) -------------------

    def plan_delete(self, usage: DiskUsage | None = None) -> DeletePlan:
        """What a delete may remove: this VM's own writable disk files that no other VM
        uses, as its disk or anywhere below its disk (a linked clone's base). Without
        `usage` only what the VMs' XML says is known: `read_delete_plan` reads the
        chains the XML leaves out."""
        if usage is None:
            usage = usage_from_configs(self.connection.vms.values())
        removable: list[Disk] = []
        shared: list[tuple[Disk, tuple[str, ...]]] = []
        bases: dict[str, tuple[str, ...]] = {}
        for disk in self.config.disks:
            for path in usage.below(self.uuid, disk.target):
                others = usage.names(path, besides=self.uuid)
                if others:
                    bases.setdefault(path, others)
            # CD-ROM media are installers and shared by nature: never offered for removal.
            if disk.device != "disk" or not disk.source or disk.readonly:
                continue
            others = usage.names(disk.source, besides=self.uuid)
            if others:
                shared.append((disk, others))
            elif disk.is_local_file:  # a path: "pool/volume" names no file here
                removable.append(disk)
        return DeletePlan(tuple(removable), tuple(shared), tuple(bases.items()))

    async def read_delete_plan(self) -> DeletePlan:
        """plan_delete with every VM's chain read (qemu-img or the host's pools)."""
        return self.plan_delete(await read_disk_usage(self.connection))

    async def delete(self, remove_disks: tuple[Disk, ...] = ()) -> DeleteResult:
        """Undefine the VM, then remove the chosen disks. A running VM is refused."""
        if self.state.is_active:
            raise HvdeskError(
                fill(translate("VirtualMachine", "'%1' is running and was not deleted"), self.name),
                hint=translate("VirtualMachine", "Shut it down or force it off first"),
            )
        plan = await self.read_delete_plan() if remove_disks else DeletePlan(())
        allowed = {d.source for d in plan.removable}
        refused = [d.source for d in remove_disks if d.source not in allowed]
        if refused:
            raise HvdeskError(
                fill(translate("VirtualMachine", "'%1' was not deleted"), self.name),
                fill(
                    translate("VirtualMachine", "Another VM uses %1, or is built on it"),
                    ", ".join(refused),
                ),
                translate("VirtualMachine", "Keep that disk, or remove it from the other VM first"),
            )
        local = is_local(self.connection.uri)

        def undefine_and_remove(conn: libvirt.virConnect) -> DeleteResult:
            dom = conn.lookupByUUIDString(self.uuid)
            if dom.isActive():
                raise HvdeskError(
                    fill(
                        translate("VirtualMachine", "'%1' started meanwhile and was not deleted"),
                        self.name,
                    )
                )
            basic = (
                libvirt.VIR_DOMAIN_UNDEFINE_MANAGED_SAVE
                | libvirt.VIR_DOMAIN_UNDEFINE_SNAPSHOTS_METADATA
            )
            # Drivers without checkpoints or NVRAM refuse those flags; the basic ones
            # still drop a managed save image, which a plain undefine() refuses to leave.
            for flags in (
                basic
                | libvirt.VIR_DOMAIN_UNDEFINE_CHECKPOINTS_METADATA
                | libvirt.VIR_DOMAIN_UNDEFINE_NVRAM,
                basic,
                0,
            ):
                try:
                    if flags:
                        dom.undefineFlags(flags)
                    else:
                        dom.undefine()
                    break
                except libvirt.libvirtError as exc:
                    if not flags or not refused_flags(exc):
                        raise
            # Only after the VM is gone: a failed undefine must lose no data.
            removed, failed = [], []
            for disk in remove_disks:
                why = _remove_volume(conn, disk.source, local)
                if why is None:
                    removed.append(disk.source)
                else:
                    failed.append((disk.source, why))
            return DeleteResult(tuple(removed), tuple(failed))

        try:
            return await self.connection.call(undefine_and_remove)
        except Exception as exc:
            raise from_libvirt(
                fill(translate("VirtualMachine", "Could not delete '%1'"), self.name), exc
            ) from exc
        finally:
            self.connection.refresh_vm(self.uuid)


def _remove_volume(conn: libvirt.virConnect, path: str, local: bool) -> str | None:
    """Delete a disk image through its storage pool, or as a file on a local host."""
    try:
        conn.storageVolLookupByPath(path).delete(0)
        return None
    except libvirt.libvirtError as exc:
        pool_error = exc.get_error_message() or str(exc)
    if not local:
        return pool_error
    if os.path.exists(path) and not os.path.isfile(path):
        # A device node or folder outside any pool: removing its name frees nothing.
        return translate("VirtualMachine", "it is not an image file")
    try:
        os.remove(path)
    except FileNotFoundError:
        return translate("VirtualMachine", "the file no longer exists")
    except OSError as exc:
        return exc.strerror or str(exc)
    return None
