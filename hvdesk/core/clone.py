"""Clone a VM that is off: a full copy of its disks, or a linked clone on qcow2 overlays.

- Full: every writable disk is copied with `qemu-img convert` to a new qcow2 next to the
  original (progress, cancellable).
- Linked: the clone gets a qcow2 overlay whose backing file is the original disk. The
  original must never change under it, so once the clone is defined the source VM
  continues on an overlay of its own (an external disk snapshot libvirt makes, named
  "Base of <clone>"); both then read the frozen base image and hvdesk never deletes it.

In both the clone has a new name and UUID, and new MAC addresses unless the user keeps
them; read-only and shareable disks and CD/DVD media stay shared. Explicit VNC socket
paths, ports and UEFI variable files are dropped so libvirt makes the clone its own. A
disk's format is the one its definition names (raw where it names none, as libvirt's QEMU
driver reads it), stated to qemu-img: an image is never probed (DESIGN rule 9).

A failure or a cancel removes every file and definition this clone made. If libvirt
refuses to undefine the clone, the clone and the files it points at stay, and the error
names them; "nothing was left behind" is said only when that was checked.
"""

from __future__ import annotations

import asyncio
import os
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape, quoteattr

import libvirt

from hvdesk.core import storage
from hvdesk.core.errors import HvdeskError, from_libvirt, refused_flags
from hvdesk.core.newvm import _name_error
from hvdesk.core.storage import Cancelled, ProgressCallback
from hvdesk.core.uris import is_local
from hvdesk.core.vm import VmState
from hvdesk.i18n import fill, translate

if TYPE_CHECKING:
    from hvdesk.core.vm import VirtualMachine


class CloneMode(Enum):
    FULL = "full"
    LINKED = "linked"


class MacPolicy(Enum):
    NEW = "new"  # libvirt generates fresh addresses (the safe default: no clash on a LAN)
    KEEP = "keep"


@dataclass(frozen=True)
class CloneDisk:
    target: str
    source: str
    source_format: str  # from the disk's <driver type=…>; "raw" where it names none
    copy: bool  # False: shared as it is (read-only, shareable, CD/DVD)
    new_path: str = ""


class CloneLeftBehind(HvdeskError):
    """A clone failed or was cancelled, and its rollback could not remove everything:
    the hint names what is still there."""


_CLONABLE_STATES = {VmState.SHUTOFF, VmState.CRASHED}


def clone_problem(vm: VirtualMachine, name: str) -> str:
    """Why `vm` cannot be cloned as `name` now (a sentence), or ""."""
    taken = {other.name for other in vm.connection.vms.values()}
    problem = _name_error(name, taken, vm.connection.name)
    if problem:
        return problem
    if vm.state not in _CLONABLE_STATES:
        return translate(
            "clone",
            "Shut '{name}' down first: a VM is cloned while it is off, so its disks are "
            "consistent (a saved state is not carried over; discard it or shut down).",
        ).format(name=vm.name)
    if not is_local(vm.connection.uri):
        return translate(
            "clone", "hvdesk clones VMs on this computer only; this connection is remote."
        )
    return ""


def linked_blocker(vm: VirtualMachine) -> str:
    """Why a linked clone of `vm` is not offered here, or "" (the disks are checked later)."""
    if not vm.connection.uri.startswith("qemu"):
        return translate(
            "clone",
            "Linked clones need libvirt's QEMU driver, which makes the overlay that keeps "
            "the original's disks unchanged; this connection cannot.",
        )
    return ""


def suggest_name(vm: VirtualMachine) -> str:
    taken = {other.name for other in vm.connection.vms.values()}
    name, n = fill(translate("clone", "%1 Clone"), vm.name), 2
    while name in taken:
        name, n = fill(translate("clone", "%1 Clone %2"), vm.name, n), n + 1
    return name


def _is_shared(disk: ET.Element) -> bool:
    return (
        disk.get("device", "disk") != "disk"
        or disk.find("readonly") is not None
        or disk.find("shareable") is not None
    )


def _source_path(disk: ET.Element) -> str:
    source = disk.find("source")
    if source is None:
        return ""
    return source.get("file") or source.get("dev") or ""


def plan_disks(xml: str, name: str, mode: CloneMode) -> tuple[CloneDisk, ...]:
    """Which disks are copied (and to where) and which are shared; HvdeskError if a disk
    cannot be cloned."""
    root = ET.fromstring(xml)
    disks: list[CloneDisk] = []
    writable = [d for d in root.iterfind("devices/disk") if not _is_shared(d)]
    for el in root.iterfind("devices/disk"):
        target = el.find("target")
        dev = target.get("dev", "") if target is not None else ""
        driver = el.find("driver")
        # libvirt 9.0's QEMU driver opens a disk that names no format as raw (and writes
        # type='raw' into its definition); never ask the file what it is.
        fmt = (driver.get("type") if driver is not None else None) or "raw"
        path = _source_path(el)
        if _is_shared(el) or (el.find("source") is None):
            disks.append(CloneDisk(dev, path, fmt, copy=False))
            continue
        kind = el.get("type", "file")
        if kind not in ("file", "block") or not path.startswith("/"):
            raise HvdeskError(
                translate("clone", "Disk {dev} cannot be cloned").format(dev=dev),
                translate(
                    "clone", "It is a {kind} disk; hvdesk copies files and devices on this computer"
                ).format(kind=kind),
                translate(
                    "clone", "Remove it from the VM, or copy it yourself and attach the copy"
                ),
            )
        if mode is CloneMode.LINKED and kind != "file":
            raise HvdeskError(
                translate("clone", "A linked clone needs file disks"),
                translate("clone", "Disk {dev} is the device {path}").format(dev=dev, path=path),
                translate("clone", "Make a full clone instead"),
            )
        suffix = "" if len(writable) == 1 else f"-{dev}"
        new_path = str(Path(path).parent / f"{name}{suffix}.qcow2")
        disks.append(CloneDisk(dev, path, fmt, copy=True, new_path=new_path))
    return tuple(disks)


def clone_xml(xml: str, name: str, disks: tuple[CloneDisk, ...], macs: MacPolicy) -> str:
    """The source's inactive XML made into the clone's. Everything not named here
    (devices hvdesk does not know, other tools' metadata) is kept as it is."""
    root = ET.fromstring(xml)
    root.find("name").text = name  # type: ignore[union-attr]
    for uuid in root.findall("uuid"):
        root.remove(uuid)  # libvirt makes a new one
    new_paths = {d.target: d.new_path for d in disks if d.copy}
    for el in root.iterfind("devices/disk"):
        target = el.find("target")
        dev = target.get("dev", "") if target is not None else ""
        if dev not in new_paths:
            continue
        el.set("type", "file")
        source = el.find("source")
        assert source is not None  # plan_disks copied only disks with a source
        source.attrib.pop("dev", None)
        source.set("file", new_paths[dev])
        driver = el.find("driver")
        if driver is None:
            driver = ET.SubElement(el, "driver", name="qemu")
        driver.set("type", "qcow2")
        for backing in el.findall("backingStore"):
            el.remove(backing)
    if macs is MacPolicy.NEW:
        for nic in root.iterfind("devices/interface"):
            for mac in nic.findall("mac"):
                nic.remove(mac)
    for graphics in root.iterfind("devices/graphics"):
        # A path or port of its own would clash with the original's when both run.
        if graphics.attrib.pop("socket", None) is not None and graphics.find("listen") is None:
            ET.SubElement(graphics, "listen", type="socket")
        for listen in graphics.iterfind("listen"):
            listen.attrib.pop("socket", None)
        if graphics.get("port", "-1") != "-1" and graphics.get("autoport") != "yes":
            graphics.set("port", "-1")
            graphics.set("autoport", "yes")
    for channel in root.iterfind("devices/channel[@type='unix']"):
        for source in channel.iterfind("source[@mode='bind']"):
            source.attrib.pop("path", None)
    os_el = root.find("os")
    if os_el is not None:
        for nvram in os_el.findall("nvram"):
            if nvram.get("template"):
                nvram.text = None  # a fresh variable store from the template
            else:
                os_el.remove(nvram)
    return ET.tostring(root, encoding="unicode")


def free_overlay_path(source: str) -> str:
    """Where the source VM's own overlay goes: next to its disk, `<stem>-<n>.qcow2`."""
    path = Path(source)
    n = 1
    while (candidate := path.with_name(f"{path.stem}-{n}.qcow2")).exists():
        n += 1
    return str(candidate)


def base_snapshot_xml(
    clone_name: str, disks: tuple[CloneDisk, ...], overlays: dict[str, str]
) -> str:
    """The external disk-only snapshot that moves the source VM onto overlays
    (`overlays`: target -> the new file libvirt makes)."""
    parts = []
    for d in disks:
        if d.target and d.copy:
            parts.append(
                f"<disk name={quoteattr(d.target)} snapshot='external'><driver type='qcow2'/>"
                f"<source file={quoteattr(overlays[d.target])}/></disk>"
            )
        elif d.target:
            parts.append(f"<disk name={quoteattr(d.target)} snapshot='no'/>")
    name = f"Base of {clone_name}"
    frozen = translate("clone", "Disks frozen as the base of the linked clone")
    return (
        f"<domainsnapshot><name>{escape(name)}</name>"
        f"<description>{escape(frozen)} "
        f"'{escape(clone_name)}'</description>"
        f"<disks>{''.join(parts)}</disks></domainsnapshot>"
    )


# ---- the clone itself ---------------------------------------------------------------


@dataclass
class _Made:
    files: list[str]
    uuid: str = ""


async def clone_vm(
    vm: VirtualMachine,
    name: str,
    mode: CloneMode = CloneMode.FULL,
    macs: MacPolicy = MacPolicy.NEW,
    progress: ProgressCallback | None = None,
    cancel: asyncio.Event | None = None,
) -> str:
    """Clone `vm` as `name`; returns the new VM's UUID. All or nothing."""
    problem = clone_problem(vm, name) or (linked_blocker(vm) if mode is CloneMode.LINKED else "")
    if problem:
        raise HvdeskError(fill(translate("clone", "Could not clone '%1'"), vm.name), problem)
    cancel = cancel or asyncio.Event()
    report: ProgressCallback = progress or (lambda _f, _t: None)
    connection = vm.connection
    flags = libvirt.VIR_DOMAIN_XML_INACTIVE | libvirt.VIR_DOMAIN_XML_SECURE
    try:
        xml = await connection.call_domain(vm.uuid, lambda dom: dom.XMLDesc(flags))
        if mode is CloneMode.LINKED:
            await _check_linkable(vm)
    except Exception as exc:
        raise from_libvirt(fill(translate("clone", "Could not clone '%1'"), vm.name), exc) from exc
    disks = plan_disks(xml, name, mode)
    made = _Made([])
    try:
        copies = [d for d in disks if d.copy]
        for i, disk in enumerate(copies):
            _check_cancel(cancel, name)

            def scaled(fraction: float | None, text: str, i: int = i) -> None:
                overall = None if fraction is None else (i + fraction) / len(copies)
                report(overall, text)

            if mode is CloneMode.FULL:
                scaled(
                    0.0,
                    translate("clone", "Copying {file}").format(file=os.path.basename(disk.source)),
                )
                await storage.convert_image(
                    disk.source, disk.new_path, disk.source_format, scaled, cancel,
                    made.files.append,
                )  # fmt: skip
            else:
                scaled(
                    None,
                    translate("clone", "Linking {file}").format(file=os.path.basename(disk.source)),
                )
                await _create_overlay(disk, made.files.append)
        _check_cancel(cancel, name)
        report(None, translate("clone", "Defining '{name}'").format(name=name))
        new_xml = clone_xml(xml, name, disks, macs)

        def define(conn: libvirt.virConnect) -> str:
            uuid = str(conn.defineXML(new_xml).UUIDString())
            made.uuid = uuid  # known to the rollback even if what follows fails
            return uuid

        await connection.call(define)
        if mode is CloneMode.LINKED:
            _check_cancel(cancel, name)
            report(None, translate("clone", "Freezing the disks of '{name}'").format(name=vm.name))
            overlays = {
                d.target: await storage.in_thread(free_overlay_path, d.source)
                for d in disks
                if d.copy
            }
            snap = base_snapshot_xml(name, disks, overlays)
            await connection.call_domain(
                vm.uuid,
                lambda dom: dom.snapshotCreateXML(
                    snap,
                    libvirt.VIR_DOMAIN_SNAPSHOT_CREATE_DISK_ONLY
                    | libvirt.VIR_DOMAIN_SNAPSHOT_CREATE_ATOMIC,
                ),
            )
    except BaseException as exc:
        left = await asyncio.shield(_rollback(vm, made, name))
        raise _clone_error(vm.name, name, exc, left) from exc
    finally:
        connection.refresh_vm(vm.uuid)
    connection.refresh_vm(made.uuid)
    return made.uuid


def _check_cancel(cancel: asyncio.Event, name: str) -> None:
    if cancel.is_set():
        raise Cancelled(translate("clone", "Cloning as '{name}' was cancelled").format(name=name))


async def _check_linkable(vm: VirtualMachine) -> None:
    """A linked clone freezes the source's disks as they are now: internal snapshots
    inside them would be cut off from the VM that continues on its overlay."""

    def internal_snapshots(dom: libvirt.virDomain) -> list[str]:
        names = []
        for snap in dom.listAllSnapshots(0):
            root = ET.fromstring(snap.getXMLDesc(0))
            if not any(d.get("snapshot") == "external" for d in root.iterfind("disks/disk")):
                names.append(str(snap.getName()))
        return names

    names = await vm.connection.call_domain(vm.uuid, internal_snapshots)
    if names:
        raise HvdeskError(
            translate("clone", "A linked clone of '{name}' is not possible").format(name=vm.name),
            translate("clone", "It has snapshots inside its disks ({names})").format(
                names=", ".join(names)
            ),
            translate("clone", "Make a full clone, or delete those snapshots first"),
        )


async def _create_overlay(disk: CloneDisk, on_claimed: Callable[[str], None]) -> None:
    """A new qcow2 file whose backing file is the source disk (created O_EXCL: a rollback
    only ever deletes a file this clone made)."""
    try:
        fd = await storage.in_thread(
            os.open, disk.new_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC,
            storage.IMAGE_MODE,
        )  # fmt: skip
    except FileExistsError:
        raise HvdeskError(
            fill(translate("clone", "Could not create %1"), disk.new_path),
            translate("clone", "A file with that name already exists"),
        ) from None
    os.close(fd)
    on_claimed(disk.new_path)
    proc = await asyncio.create_subprocess_exec(
        storage.qemu_img(), "create", "-q", "-f", "qcow2", "-b", disk.source,
        "-F", disk.source_format, disk.new_path,
        stdin=asyncio.subprocess.DEVNULL, stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    _, err = await proc.communicate()
    if proc.returncode != 0:
        text = err.decode(errors="replace").strip().removeprefix("qemu-img: ")
        raise HvdeskError(
            fill(translate("clone", "Could not create the overlay %1"), disk.new_path), text
        )
    os.chmod(disk.new_path, storage.IMAGE_MODE)


def _clone_error(source: str, name: str, exc: BaseException, left: str) -> HvdeskError:
    """What the user reads after a failed or cancelled clone: the cause, then what the
    rollback left, or (checked) that it left nothing."""
    cancelled = isinstance(exc, Cancelled | asyncio.CancelledError)
    if cancelled:
        error = HvdeskError(
            translate("clone", "Cloning '{name}' was cancelled").format(name=source)
        )
    else:
        error = from_libvirt(
            fill(translate("clone", "Could not clone '%1' as '%2'"), source, name), exc
        )
    if left:
        return CloneLeftBehind(error.what, error.detail, _then(error.hint, left))
    nothing = translate("clone", "Nothing was left behind")
    kind = Cancelled if cancelled else HvdeskError
    return kind(error.what, error.detail, _then(error.hint, nothing))


def _then(first: str, second: str) -> str:
    return f"{first.rstrip('.')}. {second}" if first else second


async def _rollback(vm: VirtualMachine, made: _Made, name: str) -> str:
    """Undo what this clone made. Returns "" when nothing is left (checked), else a
    sentence naming what stays. Files a still-defined clone points at are never removed."""
    if made.uuid:
        try:
            await vm.connection.call(_undefine_clone(made.uuid))
        except Exception as exc:
            words = from_libvirt("", exc)
            return fill(
                translate(
                    "clone",
                    "The clone '%1' is still there (libvirt: %2), so the files it uses were "
                    "kept: %3. Delete '%1' with its disks to remove them",
                ),
                name,
                (words.detail or words.what).rstrip("."),
                ", ".join(made.files) or translate("clone", "none"),
            )
        finally:
            vm.connection.refresh_vm(made.uuid)
    left = []
    for path in made.files:
        try:
            await storage.in_thread(storage.remove_file, path)
        except OSError as exc:
            left.append(f"{path} ({exc.strerror or exc})")
    if left:
        return fill(translate("clone", "These files could not be removed: %1"), ", ".join(left))
    return ""


def _undefine_clone(uuid: str) -> Callable[[libvirt.virConnect], None]:
    """Worker thread: undefine the clone and check it is gone.

    The UEFI variable file is kept: libvirt makes the clone's only when it first starts,
    so one already there is not this clone's."""

    def undefine(conn: libvirt.virConnect) -> None:
        try:
            dom = conn.lookupByUUIDString(uuid)
        except libvirt.libvirtError as exc:
            if exc.get_error_code() == libvirt.VIR_ERR_NO_DOMAIN:
                return  # already gone
            raise
        try:
            dom.undefineFlags(libvirt.VIR_DOMAIN_UNDEFINE_KEEP_NVRAM)
        except libvirt.libvirtError as exc:
            if not refused_flags(exc):
                raise
            dom.undefine()
        try:
            conn.lookupByUUIDString(uuid)
        except libvirt.libvirtError as exc:
            if exc.get_error_code() == libvirt.VIR_ERR_NO_DOMAIN:
                return
            raise
        # Still there: someone started it meanwhile, and it runs on as a transient VM.
        raise HvdeskError(translate("clone", "it is running"))

    return undefine
