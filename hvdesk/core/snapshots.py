"""A VM's snapshots: the tree, take, revert, delete, sizes (no widgets).

With libvirt 9.0's QEMU driver hvdesk takes internal snapshots: disk state (and the
memory state of a running VM) inside the VM's qcow2 images. That needs every writable
disk to be qcow2 and no UEFI variable store (QEMU cannot snapshot a raw pflash);
`snapshot_blocker()` says so before anything is tried. Deleting a snapshot merges its
children into its parent (libvirt's own delete); hvdesk itself never deletes an image
file here, so no base image another snapshot or VM needs can go.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape

import libvirt

from hvdesk.core.errors import HvdeskError, from_libvirt
from hvdesk.core.storage import qemu_img
from hvdesk.core.uris import is_local
from hvdesk.i18n import fill, translate

if TYPE_CHECKING:
    from hvdesk.core.vm import VirtualMachine

MAX_NAME = 100


@dataclass(frozen=True)
class SnapshotInfo:
    name: str
    description: str
    parent: str  # "" for a root
    created: int  # seconds since the epoch
    state: str  # the VM's state when taken: running, paused, shutoff, disk-snapshot…
    current: bool
    has_memory: bool  # a running VM's memory is in it: reverting resumes the guest
    external: bool  # some disk is an external overlay (libvirt 9.0 cannot delete those)
    memory_bytes: int | None = None  # vm-state-size from qemu-img, where known


@dataclass(frozen=True)
class SnapshotTree:
    snapshots: dict[str, SnapshotInfo] = field(default_factory=dict)

    @property
    def current(self) -> str:
        return next((s.name for s in self.snapshots.values() if s.current), "")

    def roots(self) -> list[SnapshotInfo]:
        return self._sorted(s for s in self.snapshots.values() if s.parent not in self.snapshots)

    def children(self, name: str) -> list[SnapshotInfo]:
        return self._sorted(s for s in self.snapshots.values() if s.parent == name)

    def __len__(self) -> int:
        return len(self.snapshots)

    @staticmethod
    def _sorted(items: Iterable[SnapshotInfo]) -> list[SnapshotInfo]:
        return sorted(items, key=lambda s: (s.created, s.name))


def parse_snapshot_xml(xml: str, current: bool) -> SnapshotInfo:
    root = ET.fromstring(xml)
    memory = root.find("memory")
    memory_kind = memory.get("snapshot", "no") if memory is not None else "no"
    state = root.findtext("state", "")
    disks = root.findall("disks/disk")
    return SnapshotInfo(
        name=root.findtext("name", ""),
        description=root.findtext("description", ""),
        parent=root.findtext("parent/name", ""),
        created=int(root.findtext("creationTime", "0") or 0),
        state=state,
        current=current,
        has_memory=memory_kind != "no" and state in ("running", "paused"),
        external=memory_kind == "external" or any(d.get("snapshot") == "external" for d in disks),
    )


def _read_tree(dom: libvirt.virDomain) -> SnapshotTree:
    """Worker thread."""
    found = {}
    for snap in dom.listAllSnapshots(0):
        with contextlib.suppress(libvirt.libvirtError):  # deleted while listing
            info = parse_snapshot_xml(snap.getXMLDesc(0), bool(snap.isCurrent(0)))
            found[info.name] = info
    return SnapshotTree(found)


async def list_snapshots(vm: VirtualMachine) -> SnapshotTree:
    """The VM's snapshots, with memory sizes from its qcow2 images where readable here."""
    try:
        tree = await vm.connection.call_domain(vm.uuid, _read_tree)
    except Exception as exc:
        raise from_libvirt(
            fill(translate("snapshots", "Could not list the snapshots of '%1'"), vm.name), exc
        ) from exc
    if not tree.snapshots or not is_local(vm.connection.uri):
        return tree
    sizes = await _memory_sizes(vm)
    if not sizes:
        return tree
    return SnapshotTree(
        {n: replace(s, memory_bytes=sizes.get(n)) for n, s in tree.snapshots.items()}
    )


async def _memory_sizes(vm: VirtualMachine) -> dict[str, int]:
    """name -> vm-state-size, from `qemu-img info` of the VM's qcow2 disks (internal
    snapshots keep the memory state in one of them). Unknown sizes are left out."""
    sizes: dict[str, int] = {}
    for disk in vm.config.disks:
        if disk.device != "disk" or not disk.is_local_file or disk.format not in ("qcow2", ""):
            continue
        try:
            proc = await asyncio.create_subprocess_exec(
                qemu_img(), "info", "--output=json", "--force-share", disk.source,
                stdin=asyncio.subprocess.DEVNULL, stdout=asyncio.subprocess.PIPE,
                stderr=asyncio.subprocess.DEVNULL,
            )  # fmt: skip
            out, _ = await proc.communicate()
            table = json.loads(out).get("snapshots", []) if proc.returncode == 0 else []
        except (OSError, ValueError, HvdeskError):
            continue
        for entry in table:
            with contextlib.suppress(KeyError, TypeError, ValueError):
                size = int(entry["vm-state-size"])
                sizes[str(entry["name"])] = sizes.get(str(entry["name"]), 0) + size
    return sizes


# ---- what the VM allows ----------------------------------------------------------------


def _is_qemu(vm: VirtualMachine) -> bool:
    return vm.connection.uri.startswith("qemu") or vm.config.domain_type in ("qemu", "kvm")


def snapshot_blocker(vm: VirtualMachine) -> str:
    """Why this VM's snapshots cannot be taken (a sentence), or "" when they can."""
    if not vm.snapshot.persistent:
        return translate(
            "snapshots", "Snapshots need a VM with a saved definition; this one is transient."
        )
    if not _is_qemu(vm):
        return ""
    if vm.config.firmware.startswith("UEFI"):
        return translate(
            "snapshots",
            "QEMU cannot keep snapshots inside a UEFI VM's firmware variables: snapshots "
            "of UEFI VMs are not available with this libvirt.",
        )
    wrong = [
        f"{d.target} ({d.format or 'unknown format'})"
        for d in vm.config.disks
        if d.device == "disk" and not d.readonly and d.source and d.format != "qcow2"
    ]
    if wrong:
        return translate(
            "snapshots",
            "Snapshots are stored inside the VM's disk images, which must all be qcow2; "
            "these are not: {disks}. Clone the VM (full clone makes qcow2 copies) to get "
            "one that allows snapshots.",
        ).format(disks=", ".join(wrong))
    return ""


def name_problem(name: str, taken: set[str] | dict[str, SnapshotInfo]) -> str:
    """Why `name` cannot name a new snapshot, or ""."""
    if not name.strip():
        return translate("snapshots", "Enter a name for the snapshot.")
    if "/" in name or any(ord(ch) < 32 or ord(ch) == 127 for ch in name):
        return translate("snapshots", "A snapshot name cannot contain '/' or control characters.")
    if name != name.strip() or name.startswith("."):
        return translate(
            "snapshots", "A snapshot name cannot start with '.' or a space, or end with a space."
        )
    if len(name) > MAX_NAME:
        return translate("snapshots", "A snapshot name can have at most {n} characters.").format(
            n=MAX_NAME
        )
    if name in taken:
        return translate("snapshots", "There is already a snapshot named '{name}'.").format(
            name=name
        )
    return ""


def suggest_name(tree: SnapshotTree) -> str:
    pattern = translate("snapshots", "Snapshot %1")  # a name the user may keep
    n = len(tree) + 1
    while fill(pattern, n) in tree.snapshots:
        n += 1
    return fill(pattern, n)


def snapshot_xml(name: str, description: str, running_qemu: bool) -> str:
    parts = [f"<name>{escape(name)}</name>"]
    if description:
        parts.append(f"<description>{escape(description)}</description>")
    if running_qemu:
        parts.append("<memory snapshot='internal'/>")  # the guest resumes where it was
    return f"<domainsnapshot>{''.join(parts)}</domainsnapshot>"


# ---- actions ----------------------------------------------------------------------------


def _create(dom: libvirt.virDomain, xml: str) -> None:
    """Worker thread: all-or-nothing where the driver offers it."""
    try:
        dom.snapshotCreateXML(xml, libvirt.VIR_DOMAIN_SNAPSHOT_CREATE_ATOMIC)
    except libvirt.libvirtError as exc:
        if exc.get_error_code() not in (libvirt.VIR_ERR_INVALID_ARG, libvirt.VIR_ERR_NO_SUPPORT):
            raise
        dom.snapshotCreateXML(xml, 0)


async def take_snapshot(vm: VirtualMachine, name: str, description: str = "") -> None:
    """Take a snapshot; a running VM's memory state is included."""
    blocker = snapshot_blocker(vm)
    if blocker:
        raise HvdeskError(
            fill(translate("snapshots", "Could not take a snapshot of '%1'"), vm.name), blocker
        )
    tree = await list_snapshots(vm)
    problem = name_problem(name, tree.snapshots)
    if problem:
        raise HvdeskError(
            fill(translate("snapshots", "Could not take a snapshot of '%1'"), vm.name), problem
        )
    xml = snapshot_xml(name, description, _is_qemu(vm) and vm.state.is_active)
    try:
        await vm.connection.call_domain(vm.uuid, lambda dom: _create(dom, xml))
    except Exception as exc:
        raise from_libvirt(
            fill(translate("snapshots", "Could not take the snapshot '%1' of '%2'"), name, vm.name),
            exc,
        ) from exc
    finally:
        vm.connection.refresh_vm(vm.uuid)


async def revert_to(
    vm: VirtualMachine, name: str, save_current_as: str = "", description: str = ""
) -> None:
    """Go back to snapshot `name`. With `save_current_as`, the present state is first
    kept as a new snapshot of that name; if that fails nothing is reverted."""
    if save_current_as:
        await take_snapshot(vm, save_current_as, description)

    def revert(dom: libvirt.virDomain) -> None:
        dom.revertToSnapshot(dom.snapshotLookupByName(name, 0), 0)

    try:
        await vm.connection.call_domain(vm.uuid, revert)
    except Exception as exc:
        raise from_libvirt(
            fill(
                translate("snapshots", "Could not revert '%1' to the snapshot '%2'"), vm.name, name
            ),
            exc,
        ) from exc
    finally:
        vm.connection.refresh_vm(vm.uuid)


async def delete_snapshot(vm: VirtualMachine, name: str) -> None:
    """Delete one snapshot; its children become children of its parent."""

    def delete(dom: libvirt.virDomain) -> None:
        snap = dom.snapshotLookupByName(name, 0)
        info = parse_snapshot_xml(snap.getXMLDesc(0), False)
        if info.external:
            raise HvdeskError(
                fill(
                    translate("snapshots", "Could not delete the snapshot '%1' of '%2'"),
                    name,
                    vm.name,
                ),
                translate(
                    "snapshots",
                    "It is an external snapshot, whose overlay files other snapshots may "
                    "build on; this libvirt cannot merge those",
                ),
                translate("snapshots", "Keep it, or merge its files with virsh blockcommit"),
            )
        snap.delete(0)

    try:
        await vm.connection.call_domain(vm.uuid, delete)
    except Exception as exc:
        raise from_libvirt(
            fill(
                translate("snapshots", "Could not delete the snapshot '%1' of '%2'"), name, vm.name
            ),
            exc,
        ) from exc
    finally:
        vm.connection.refresh_vm(vm.uuid)


async def set_description(vm: VirtualMachine, name: str, description: str) -> None:
    """Change a snapshot's description (libvirt redefines its metadata; no data moves)."""

    def redefine(dom: libvirt.virDomain) -> None:
        snap = dom.snapshotLookupByName(name, 0)
        current = bool(snap.isCurrent(0))
        root = ET.fromstring(snap.getXMLDesc(libvirt.VIR_DOMAIN_SNAPSHOT_XML_SECURE))
        desc = root.find("description")
        if desc is None:
            desc = ET.Element("description")
            root.insert(1, desc)
        desc.text = description
        flags = libvirt.VIR_DOMAIN_SNAPSHOT_CREATE_REDEFINE
        if current:
            flags |= libvirt.VIR_DOMAIN_SNAPSHOT_CREATE_CURRENT
        dom.snapshotCreateXML(ET.tostring(root, encoding="unicode"), flags)

    try:
        await vm.connection.call_domain(vm.uuid, redefine)
    except Exception as exc:
        raise from_libvirt(
            fill(
                translate("snapshots", "Could not change the snapshot '%1' of '%2'"), name, vm.name
            ),
            exc,
        ) from exc


async def snapshot_names(vm: VirtualMachine) -> list[str]:
    """Names only, for the delete dialog (one cheap call, no sizes)."""

    def names(dom: libvirt.virDomain) -> list[str]:
        return sorted(str(s.getName()) for s in dom.listAllSnapshots(0))

    try:
        return await vm.connection.call_domain(vm.uuid, names)
    except Exception as exc:
        raise from_libvirt(
            fill(translate("snapshots", "Could not list the snapshots of '%1'"), vm.name), exc
        ) from exc
