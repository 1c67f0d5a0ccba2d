"""Apply a Settings dialog's changes: live where libvirt allows, always to the definition.

The dialog edits the inactive XML with `DomainXml` and lists the changes a running VM can
take at once as `LiveChange`s (balloon, vCPU hotplug, CD media, disk and NIC hotplug).
`apply_settings` runs them, then defines the edited XML. Any failure undoes the live
changes already made, in reverse order, and leaves the old definition (libvirt's define is
atomic); the error says what libvirt refused, and what could not be taken back.

After the define, libvirt's definition is read back and every setting the change wrote is
compared with what was intended: one libvirt dropped or altered is named in the result.
Disks grow only after the definition was saved (a grown qcow2 cannot be shrunk back), so a
refused definition has changed no disk; a grow that fails afterwards is named in the result.
The schema check applies to what hvdesk changed: when libvirt's own, untouched definition of
the VM already fails libvirt's schema, the change is defined without it and the result says
so. What only takes effect at the next boot is reported back as pending (`pending_changes`:
the inactive XML differs from the live one).
"""

from __future__ import annotations

import asyncio
import json
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

import libvirt

from hvdesk.core import storage
from hvdesk.core.domxml import DomainXml, DomainXmlError, Written, element_xml, not_kept
from hvdesk.core.errors import HvdeskError, from_libvirt, refused_flags
from hvdesk.i18n import fill, translate

if TYPE_CHECKING:
    import xml.etree.ElementTree as ET

    from hvdesk.core.vm import VirtualMachine

READ_INACTIVE = libvirt.VIR_DOMAIN_XML_INACTIVE | libvirt.VIR_DOMAIN_XML_SECURE
_LIVE = libvirt.VIR_DOMAIN_AFFECT_LIVE


@dataclass(frozen=True)
class LiveChange:
    """One change to the running VM, and how to take it back."""

    what: str  # "memory to 1024 MiB", for messages
    do: Callable[[libvirt.virDomain], object]
    undo: Callable[[libvirt.virDomain], object]


def live_memory(new_kib: int, old_kib: int) -> LiveChange:
    """The balloon's target (the current memory) of a running VM."""
    return LiveChange(
        translate("SettingsApply", "memory to {0} MiB").format(new_kib // 1024),
        lambda dom: dom.setMemoryFlags(new_kib, _LIVE),
        lambda dom: dom.setMemoryFlags(old_kib, _LIVE),
    )


def live_vcpus(new: int, old: int) -> LiveChange:
    return LiveChange(
        translate("SettingsApply", "{0} vCPUs").format(new),
        lambda dom: dom.setVcpusFlags(new, _LIVE),
        lambda dom: dom.setVcpusFlags(old, _LIVE),
    )


def live_attach(device: ET.Element, what: str) -> LiveChange:
    xml = element_xml(device)
    return LiveChange(
        what,
        lambda dom: dom.attachDeviceFlags(xml, _LIVE),
        lambda dom: dom.detachDeviceFlags(xml, _LIVE),
    )


def live_detach(device: ET.Element, what: str) -> LiveChange:
    xml = element_xml(device)
    return LiveChange(
        what,
        lambda dom: dom.detachDeviceFlags(xml, _LIVE),
        lambda dom: dom.attachDeviceFlags(xml, _LIVE),
    )


def live_update(device: ET.Element, old: ET.Element, what: str) -> LiveChange:
    """Change a device in place (CD-ROM media)."""
    xml, old_xml = element_xml(device), element_xml(old)
    return LiveChange(
        what,
        lambda dom: dom.updateDeviceFlags(xml, _LIVE),
        lambda dom: dom.updateDeviceFlags(old_xml, _LIVE),
    )


@dataclass(frozen=True)
class NewImage:
    """A disk image the change creates first (and removes again if the change fails)."""

    path: str
    size_bytes: int


@dataclass(frozen=True)
class DiskResize:
    target: str
    path: str
    format: str  # the disk's <driver type=…> in its definition; never probed from the file
    size_bytes: int


@dataclass
class SettingsChange:
    xml: str  # the edited inactive definition
    live: list[LiveChange] = field(default_factory=list)
    new_images: list[NewImage] = field(default_factory=list)
    resizes: list[DiskResize] = field(default_factory=list)
    autostart: bool | None = None  # None: unchanged
    written: tuple[Written, ...] = ()  # what the setters wrote, checked after the define


@dataclass(frozen=True)
class ApplyResult:
    applied_live: tuple[str, ...]
    pending: tuple[str, ...]  # sections that change at the next boot
    not_kept: tuple[str, ...] = ()  # settings libvirt's saved definition does not have as set
    not_grown: tuple[str, ...] = ()  # sentences: disks left at their size, and why
    autostart_refused: str = ""  # libvirt's words when autostart could not be changed
    unvalidated: str = ""  # libvirt's words: its own definition fails its schema, so unchecked

    @property
    def problems(self) -> tuple[str, ...]:
        """Sentences about what was asked for and did not happen (the rest was saved)."""
        found = []
        if self.not_kept:
            found.append(
                fill(
                    translate(
                        "SettingsApply",
                        "libvirt did not keep these settings as they were set: %1. It may "
                        "not support them for this VM; the other settings were saved.",
                    ),
                    ", ".join(self.not_kept),
                )
            )
        found.extend(self.not_grown)
        if self.autostart_refused:
            found.append(
                fill(
                    translate(
                        "SettingsApply", "Autostart was not changed: %1. The settings were saved."
                    ),
                    self.autostart_refused,
                )
            )
        return tuple(found)


# ---- reading --------------------------------------------------------------------------


@dataclass(frozen=True)
class CurrentSettings:
    inactive_xml: str
    live_xml: str  # == inactive_xml when the VM is off
    running: bool
    autostart: bool
    autostart_supported: bool


async def read_settings(vm: VirtualMachine) -> CurrentSettings:
    def read(dom: libvirt.virDomain) -> CurrentSettings:
        inactive = dom.XMLDesc(READ_INACTIVE)
        running = bool(dom.isActive())
        live = dom.XMLDesc(libvirt.VIR_DOMAIN_XML_SECURE) if running else inactive
        supported = True
        try:
            autostart = bool(dom.autostart())
        except libvirt.libvirtError:
            autostart, supported = False, False
        return CurrentSettings(inactive, live, running, autostart, supported)

    try:
        return await vm.connection.call_domain(vm.uuid, read)
    except Exception as exc:
        raise from_libvirt(
            translate("SettingsApply", "Could not read the settings of '{0}'").format(vm.name), exc
        ) from exc


def libvirt_words(exc: libvirt.libvirtError, limit: int = 600) -> str:
    """libvirt's message on one line (schema errors come as many), not endless."""
    text = "; ".join(line.strip() for line in (exc.get_error_message() or str(exc)).splitlines())
    text = text.strip("; ")
    return text if len(text) <= limit else text[: limit - 1] + "…"


# ---- applying -------------------------------------------------------------------------


def define_validated(conn: libvirt.virConnect, xml: str, old_xml: str = "") -> str:
    """defineXML with libvirt's schema validation where the driver offers it.

    When the new XML fails the schema and `old_xml` (libvirt's own definition, untouched)
    fails it too, the check cannot tell what the change did: define without it and return
    libvirt's words about the old XML (else "")."""
    try:
        conn.defineXMLFlags(xml, libvirt.VIR_DOMAIN_DEFINE_VALIDATE)
        return ""
    except libvirt.libvirtError as exc:
        if refused_flags(exc):
            conn.defineXML(xml)
            return ""
        if exc.get_error_code() != libvirt.VIR_ERR_XML_INVALID_SCHEMA or not old_xml:
            raise
        already = schema_problem(old_xml)
        if not already:
            raise  # the change broke the schema
    conn.defineXML(xml)
    return already


def schema_problem(xml: str) -> str:
    """libvirt's words if `xml` fails libvirt's domain schema, else "".

    libvirt has no public validator, so this is a validating define on a private test
    driver opened for the purpose and closed again: the VM's own host is not touched."""
    with tempfile.TemporaryDirectory(prefix="hvdesk-schema-") as folder:
        node = Path(folder, "node.xml")
        node.write_text("<node/>")
        conn = libvirt.open(f"test://{node}")
    try:
        conn.defineXMLFlags(xml, libvirt.VIR_DOMAIN_DEFINE_VALIDATE)
    except libvirt.libvirtError as exc:
        if exc.get_error_code() == libvirt.VIR_ERR_XML_INVALID_SCHEMA:
            return libvirt_words(exc)
    finally:
        conn.close()
    return ""


def _undo_live(dom: libvirt.virDomain, done: list[LiveChange]) -> list[str]:
    """Take back the live changes made, newest first; what could not be, with libvirt's words."""
    failed = []
    for live in reversed(done):
        try:
            live.undo(dom)
        except libvirt.libvirtError as exc:
            failed.append(f"{live.what} ({libvirt_words(exc)})")
    return failed


def _still_live(hint: str, not_undone: list[str]) -> str:
    """`hint`, unless a live change could not be undone: then say which ones stay."""
    if not not_undone:
        return hint
    return fill(
        translate(
            "SettingsApply",
            "The saved settings were not changed, but the running VM keeps these changes, "
            "which could not be taken back: %1",
        ),
        "; ".join(not_undone),
    )


def _apply_live(dom: libvirt.virDomain, change: SettingsChange, done: list[LiveChange]) -> None:
    for live in change.live:
        try:
            live.do(dom)
        except libvirt.libvirtError as exc:
            not_undone = _undo_live(dom, done)
            done.clear()
            raise HvdeskError(
                translate("SettingsApply", "The running VM refused the change of {0}").format(
                    live.what
                ),
                libvirt_words(exc),
                _still_live(
                    translate(
                        "SettingsApply",
                        "Nothing was changed; shut the VM down to make this change",
                    ),
                    not_undone,
                ),
            ) from exc
        done.append(live)


def _define(conn: libvirt.virConnect, dom: libvirt.virDomain, change: SettingsChange) -> str:
    try:
        return define_validated(conn, change.xml, dom.XMLDesc(READ_INACTIVE))
    except libvirt.libvirtError as exc:
        raise HvdeskError(
            translate("SettingsApply", "libvirt refused the new settings"),
            libvirt_words(exc),
            translate("SettingsApply", "The previous settings are kept"),
        ) from exc


def _apply_on_worker(
    uuid: str, change: SettingsChange
) -> Callable[[libvirt.virConnect], ApplyResult]:
    """Worker thread: live changes, define, read back, autostart."""

    def run(conn: libvirt.virConnect) -> ApplyResult:
        dom = conn.lookupByUUIDString(uuid)
        running = bool(dom.isActive())
        done: list[LiveChange] = []
        try:
            if running:
                _apply_live(dom, change, done)
            unvalidated = _define(conn, dom, change)
        except HvdeskError as exc:
            exc.hint = _still_live(exc.hint, _undo_live(dom, done))
            raise
        except BaseException:
            _undo_live(dom, done)
            raise
        kept_xml = dom.XMLDesc(READ_INACTIVE)
        autostart_refused = ""
        if change.autostart is not None:
            try:
                dom.setAutostart(int(change.autostart))
            except libvirt.libvirtError as exc:
                autostart_refused = libvirt_words(exc)
        pending: tuple[str, ...] = ()
        if running:
            pending = pending_changes(dom.XMLDesc(libvirt.VIR_DOMAIN_XML_SECURE), kept_xml)
        return ApplyResult(
            tuple(c.what for c in done),
            pending,
            not_kept=not_kept(change.written, DomainXml(change.xml), DomainXml(kept_xml)),
            autostart_refused=autostart_refused,
            unvalidated=unvalidated,
        )

    return run


async def apply_settings(vm: VirtualMachine, change: SettingsChange) -> ApplyResult:
    """Create new images, apply live, define, then grow disks. If the definition is
    refused: the old one stays, live changes are undone, new images removed and no disk
    was grown. A disk that cannot grow afterwards is named in the result."""
    created: list[str] = []
    what = translate("SettingsApply", "Could not change the settings of '{0}'").format(vm.name)
    try:
        for image in change.new_images:
            await storage.create_qcow2(image.path, image.size_bytes, created.append)
        result = await vm.connection.call(_apply_on_worker(vm.uuid, change))
    except Exception as exc:
        error = from_libvirt(what, exc)
        left = await _remove_new_images(created)
        if left:
            more = translate("SettingsApply", "These new images could not be removed: %1")
            error.hint = " ".join(
                part for part in (error.hint.rstrip("."), fill(more, ", ".join(left))) if part
            )
        raise error from exc
    finally:
        vm.connection.refresh_vm(vm.uuid)
    not_grown = []
    for resize in change.resizes:
        try:
            await resize_disk(vm, resize)
        except Exception as exc:
            not_grown.append(_not_grown(resize, from_libvirt(what, exc)))
    return replace(result, not_grown=tuple(not_grown))


async def _remove_new_images(paths: list[str]) -> list[str]:
    """Remove the images this change created; the ones that stay, with the reason."""
    left = []
    for path in paths:
        try:
            await storage.in_thread(storage.remove_file, path)
        except OSError as exc:
            left.append(f"{path} ({exc.strerror or exc})")
    return left


def _not_grown(resize: DiskResize, error: HvdeskError) -> str:
    reason = error.detail or error.what
    return fill(
        translate("SettingsApply", "Disk %1 was not grown: %2. The other settings were saved."),
        resize.target,
        reason.rstrip("."),
    )


async def resize_disk(vm: VirtualMachine, resize: DiskResize) -> None:
    """Grow a disk: blockResize while the VM runs, a pool volume's resize, or qemu-img
    on this machine. Shrinking is refused (it would cut the guest's data)."""

    def by_libvirt(conn: libvirt.virConnect) -> bool:
        dom = conn.lookupByUUIDString(vm.uuid)
        if dom.isActive():
            capacity = dom.blockInfo(resize.target, 0)[0]
            _refuse_shrink(resize, int(capacity))
            dom.blockResize(resize.target, resize.size_bytes, libvirt.VIR_DOMAIN_BLOCK_RESIZE_BYTES)
            return True
        try:
            vol = conn.storageVolLookupByPath(resize.path)
        except libvirt.libvirtError:
            return False  # not in a pool: qemu-img below
        _refuse_shrink(resize, int(vol.info()[1]))
        vol.resize(resize.size_bytes, 0)
        return True

    if await vm.connection.call(by_libvirt):
        return
    if not os.path.exists(resize.path):
        raise HvdeskError(
            translate("SettingsApply", "Could not resize {0}").format(resize.target),
            translate("SettingsApply", "{0} is not a file on this machine").format(resize.path),
        )
    # The format is the definition's, stated to qemu-img: probing a file the guest writes
    # would let the guest choose how the host reads it (DESIGN rule 9).
    info = await _qemu_img(
        resize, "info", "--output=json", "--force-share", "-f", resize.format, resize.path
    )
    _refuse_shrink(resize, _virtual_size(resize, info))
    await _qemu_img(resize, "resize", "-f", resize.format, resize.path, str(resize.size_bytes))


async def _qemu_img(resize: DiskResize, *args: str) -> bytes:
    proc = await asyncio.create_subprocess_exec(
        storage.qemu_img(),
        *args,
        stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await proc.communicate()
    if proc.returncode != 0:
        raise HvdeskError(
            translate("SettingsApply", "qemu-img could not resize {0}").format(resize.path),
            err.decode(errors="replace").strip().removeprefix("qemu-img: "),
        )
    return out


def _virtual_size(resize: DiskResize, info_json: bytes) -> int:
    try:
        return int(json.loads(info_json)["virtual-size"])
    except (ValueError, KeyError, TypeError) as exc:
        raise HvdeskError(
            translate("SettingsApply", "Could not read the size of {0}").format(resize.path),
            str(exc),
        ) from exc


def _refuse_shrink(resize: DiskResize, capacity: int) -> None:
    if resize.size_bytes < capacity:
        raise HvdeskError(
            translate("SettingsApply", "{0} was not made smaller").format(resize.target),
            translate("SettingsApply", "Shrinking a disk would cut off the guest's data"),
            translate("SettingsApply", "Choose a size of at least the current one"),
        )


# ---- what waits for the next boot -------------------------------------------------------


def _facts(doc: DomainXml) -> dict[str, object]:
    """What each section of the dialog shows, for comparing two definitions."""

    def disks() -> list[tuple[str, ...]]:
        out = []
        for d in doc.disks():
            t, s, drv = d.find("target"), d.find("source"), d.find("driver")
            out.append(
                (
                    t.get("dev", "") if t is not None else "",
                    t.get("bus", "") if t is not None else "",
                    (s.get("file") or s.get("dev") or "") if s is not None else "",
                    drv.get("cache", "") if drv is not None else "",
                )
            )
        return sorted(out)

    def nics() -> list[tuple[str, ...]]:
        out = []
        for n in doc.nics():
            m, model = n.find("mac"), n.find("model")
            out.append(
                (
                    m.get("address", "") if m is not None else "",
                    n.get("type", ""),
                    model.get("type", "") if model is not None else "",
                )
            )
        return sorted(out)

    return {
        translate("SettingsApply", "Memory"): doc.memory_kib,
        translate("SettingsApply", "Processors"): (doc.vcpus[0], doc.topology),
        translate("SettingsApply", "Maximum vCPUs"): doc.vcpus[1],
        translate("SettingsApply", "Firmware"): doc.firmware,
        translate("SettingsApply", "Machine type"): doc.machine,
        translate("SettingsApply", "Boot order"): doc.boot_order,
        translate("SettingsApply", "Video"): doc.video_model,
        translate("SettingsApply", "Remote display"): doc.vnc[0] if doc.vnc else None,
        translate("SettingsApply", "Storage"): disks(),
        translate("SettingsApply", "Network"): nics(),
        translate("SettingsApply", "Serial console"): doc.has_serial_console,
        translate("SettingsApply", "USB devices"): sorted(doc.usb_host_devices()),
        translate("SettingsApply", "Shared folders"): sorted(doc.shared_folders()),
    }


def pending_changes(live_xml: str, inactive_xml: str) -> tuple[str, ...]:
    """The sections whose saved settings differ from the running VM's."""
    try:
        live, saved = _facts(DomainXml(live_xml)), _facts(DomainXml(inactive_xml))
    except DomainXmlError:
        return ()
    return tuple(name for name, value in saved.items() if live.get(name) != value)


async def read_pending(vm: VirtualMachine) -> tuple[str, ...]:
    """Pending changes of a running VM (empty when it is off)."""

    def read(dom: libvirt.virDomain) -> tuple[str, ...]:
        if not dom.isActive() or not dom.isPersistent():
            return ()
        return pending_changes(
            dom.XMLDesc(libvirt.VIR_DOMAIN_XML_SECURE), dom.XMLDesc(READ_INACTIVE)
        )

    return await vm.connection.call_domain(vm.uuid, read)


# ---- what a running VM can take now -----------------------------------------------------


def _by_target(doc: DomainXml) -> dict[str, ET.Element]:
    out = {}
    for disk in doc.disks():
        target = disk.find("target")
        if target is not None and target.get("dev"):
            out[target.get("dev", "")] = disk
    return out


def _by_mac(doc: DomainXml) -> dict[str, ET.Element]:
    out = {}
    for nic in doc.nics():
        mac = nic.find("mac")
        if mac is not None and mac.get("address"):
            out[mac.get("address", "").lower()] = nic
    return out


def _source(disk: ET.Element) -> str:
    source = disk.find("source")
    return (source.get("file") or source.get("dev") or "") if source is not None else ""


def plan_live(old: DomainXml, new: DomainXml, live: DomainXml) -> list[LiveChange]:
    """The changes from `old` to `new` (inactive definitions) a running VM described by
    `live` can take now: balloon, vCPU count, CD media, disks and NICs added or removed."""
    changes: list[LiveChange] = []
    if new.memory_kib == live.memory_kib and new.current_memory_kib != old.current_memory_kib:
        changes.append(live_memory(new.current_memory_kib, live.current_memory_kib))
    if new.vcpus[1] == live.vcpus[1] and new.vcpus[0] != old.vcpus[0]:
        changes.append(live_vcpus(new.vcpus[0], live.vcpus[0]))
    old_disks, new_disks, live_disks = _by_target(old), _by_target(new), _by_target(live)
    for target in old_disks:
        if target not in new_disks and target in live_disks:
            changes.append(
                live_detach(
                    live_disks[target],
                    translate("SettingsApply", "removing disk {0}").format(target),
                )
            )
    for target, disk in new_disks.items():
        if target not in old_disks and target not in live_disks:
            changes.append(
                live_attach(disk, translate("SettingsApply", "adding disk {0}").format(target))
            )
        elif (
            target in old_disks
            and target in live_disks
            and disk.get("device") in ("cdrom", "floppy")
            and _source(disk) != _source(old_disks[target])
            and _source(live_disks[target]) != _source(disk)
        ):
            what = translate("SettingsApply", "the disc in {0}").format(target)
            changes.append(live_update(disk, live_disks[target], what))
    old_nics, new_nics, live_nics = _by_mac(old), _by_mac(new), _by_mac(live)
    for mac in old_nics:
        if mac not in new_nics and mac in live_nics:
            what = translate("SettingsApply", "removing network adapter {0}").format(mac)
            changes.append(live_detach(live_nics[mac], what))
    for mac, nic in new_nics.items():
        if mac not in old_nics and mac not in live_nics:
            changes.append(
                live_attach(
                    nic, translate("SettingsApply", "adding network adapter {0}").format(mac)
                )
            )
    return changes
