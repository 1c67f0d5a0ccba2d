"""Which VMs use which files: each disk's image and every file below it (backing files,
data files, extents), so that a delete never removes a file another VM needs and an
image another VM needs is never attached as a writable disk (DESIGN rule 4).

A running VM's XML carries its chain (<backingStore>, `Disk.backing`); an inactive
VM's usually does not. Then, on this computer, qemu-img reads the chain in the format
the XML gives (`image_chain.disk_chain`, the rules for images from outside); on
another computer, or where the file cannot be read here, the host's storage pool
describes it (`image_chain.volume_chain`). What cannot be read stays unknown: the disk
itself is still counted. qemu-img's answers are kept while the files are unchanged.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import libvirt

from hvdesk.core import storage
from hvdesk.core.domain_info import Disk
from hvdesk.core.errors import HvdeskError
from hvdesk.core.image_chain import ImageChain, RefKind, disk_chain, volume_chain
from hvdesk.core.uris import is_local
from hvdesk.i18n import fill, translate

if TYPE_CHECKING:
    from hvdesk.core.connection import Connection
    from hvdesk.core.vm import VirtualMachine

# Formats whose images never name another file.
_SELF_CONTAINED = frozenset({"raw", "", "iso", "vdi", "vpc", "vhdx"})
_CONCURRENT_READS = 4
_CACHE_SIZE = 4096


@dataclass(frozen=True)
class FileUser:
    """One VM's use of one file."""

    uuid: str
    name: str
    target: str  # the VM's disk (vda, sda…) this file is part of
    writes: bool  # the VM writes to it (its own disk, or that disk's data file/extent)
    base: bool  # the file lies below the VM's disk image (a backing file, data file…)


@dataclass(frozen=True)
class DiskUsage:
    """Files (normalised paths, and their real paths where known) -> who uses them."""

    users_by_path: Mapping[str, tuple[FileUser, ...]] = field(default_factory=dict)
    below_disk: Mapping[tuple[str, str], tuple[str, ...]] = field(default_factory=dict)

    def users(self, paths: str | Iterable[str], besides: str = "") -> tuple[FileUser, ...]:
        """Who uses any of `paths`, other VMs than `besides` (a UUID)."""
        wanted = [paths] if isinstance(paths, str) else list(paths)
        found: dict[tuple[str, str, bool], FileUser] = {}
        for path in wanted:
            for user in self.users_by_path.get(os.path.normpath(path), ()):
                if user.uuid != besides:
                    found.setdefault((user.uuid, user.target, user.base), user)
        return tuple(found.values())

    def names(self, paths: str | Iterable[str], besides: str = "") -> tuple[str, ...]:
        return tuple(sorted({u.name for u in self.users(paths, besides)}))

    def below(self, uuid: str, target: str) -> tuple[str, ...]:
        """The files below a VM's disk image (its backing files first)."""
        return self.below_disk.get((uuid, target), ())


class _Builder:
    def __init__(self) -> None:
        self.users: dict[str, list[FileUser]] = {}
        self.below: dict[tuple[str, str], list[str]] = {}

    def add(self, path: str, user: FileUser, aliases: Iterable[str] = ()) -> None:
        for key in {os.path.normpath(path), *(os.path.normpath(a) for a in aliases if a)}:
            entries = self.users.setdefault(key, [])
            if user not in entries:
                entries.append(user)
        if user.base:
            self.below.setdefault((user.uuid, user.target), []).append(path)

    def done(self) -> DiskUsage:
        return DiskUsage(
            {k: tuple(v) for k, v in self.users.items()},
            {k: tuple(dict.fromkeys(v)) for k, v in self.below.items()},
        )


def _writes(disk: Disk) -> bool:
    return disk.device == "disk" and not disk.readonly


def _add_disk(builder: _Builder, vm: VirtualMachine, disk: Disk, real: str = "") -> None:
    builder.add(disk.source, FileUser(vm.uuid, vm.name, disk.target, _writes(disk), False), [real])
    for layer in disk.backing:
        builder.add(layer.path, FileUser(vm.uuid, vm.name, disk.target, False, True))


def usage_from_configs(vms: Iterable[VirtualMachine]) -> DiskUsage:
    """What the VMs' XML alone says (their disks, and <backingStore> where libvirt gave
    it): no file is read, fine on the GUI thread. `read_disk_usage` knows more."""
    builder = _Builder()
    for vm in vms:
        for disk in vm.config.disks:
            if disk.source:
                _add_disk(builder, vm, disk)
    return builder.done()


def _needs_reading(disk: Disk) -> bool:
    return (
        bool(disk.source)
        and not disk.backing_known
        and disk.format not in _SELF_CONTAINED
        and disk.source_kind in ("file", "block")
        and disk.source.startswith("/")
    )


async def read_disk_usage(connection: Connection) -> DiskUsage:
    """Every VM's disks on `connection` with their whole chains (off the GUI thread)."""
    vms = list(connection.vms.values())
    local = is_local(connection.uri)
    wanted = {(d.source, d.format) for vm in vms for d in vm.config.disks if _needs_reading(d)}
    chains: dict[tuple[str, str], tuple[tuple[str, bool], ...]] = {}
    if local:
        limit = asyncio.Semaphore(_CONCURRENT_READS)

        async def read(key: tuple[str, str]) -> None:
            async with limit:
                chain = await _local_chain(*key)
            if chain is not None:
                chains[key] = _files_below(chain)

        await asyncio.gather(*(read(key) for key in wanted))
    unread = [path for path, fmt in wanted if (path, fmt) not in chains]
    if unread:  # another computer, or a file this user cannot read: ask the pools
        by_path = await _volume_chains(connection, unread)
        for path, fmt in wanted:
            if (path, fmt) not in chains and path in by_path:
                chains[(path, fmt)] = by_path[path]
    reals = await storage.in_thread(_real_paths, vms) if local else {}
    builder = _Builder()
    for vm in vms:
        for disk in vm.config.disks:
            if not disk.source:
                continue
            _add_disk(builder, vm, disk, reals.get(disk.source, ""))
            for path, written in chains.get((disk.source, disk.format), ()):
                user = FileUser(vm.uuid, vm.name, disk.target, written and _writes(disk), True)
                builder.add(path, user)
    return builder.done()


def _files_below(chain: ImageChain) -> tuple[tuple[str, bool], ...]:
    """(path, whether writing the disk writes it): data files and extents are written
    with the image, backing files only read."""
    return tuple((ref.path, ref.kind is not RefKind.BACKING) for ref in chain.references)


def _real_paths(vms: list[VirtualMachine]) -> dict[str, str]:
    """Worker thread: each local disk's real path, so a symbolic link matches its file."""
    reals = {}
    for vm in vms:
        for disk in vm.config.disks:
            if disk.source.startswith("/"):
                reals[disk.source] = os.path.realpath(disk.source)
    return reals


# ---- reading chains ------------------------------------------------------------------


@dataclass(frozen=True)
class _Cached:
    chain: ImageChain
    stamps: tuple[tuple[int, int, int, int], ...]  # each layer's device, inode, size, mtime


_cache: dict[tuple[str, str], _Cached] = {}


def _stamps(paths: Iterable[str]) -> tuple[tuple[int, int, int, int], ...] | None:
    """Worker thread: what changes when a layer's file changes; None if one is gone."""
    stamps = []
    for path in paths:
        try:
            st = os.stat(path)
        except OSError:
            return None
        stamps.append((st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns))
    return tuple(stamps)


async def _local_chain(path: str, fmt: str) -> ImageChain | None:
    """A local disk's chain through qemu-img (kept while its layers are unchanged);
    None where it cannot be read."""
    key = (path, fmt)
    cached = _cache.get(key)
    if cached is not None:
        paths = [layer.path for layer in cached.chain.layers]
        if await storage.in_thread(_stamps, paths) == cached.stamps:
            return cached.chain
    try:
        chain = await disk_chain(path, fmt)
    except (HvdeskError, OSError):  # e.g. a root-owned image: the pool may still tell
        return None
    stamps = await storage.in_thread(_stamps, [layer.path for layer in chain.layers])
    if stamps is not None:
        if len(_cache) >= _CACHE_SIZE:
            _cache.pop(next(iter(_cache)))
        _cache[key] = _Cached(chain, stamps)
    return chain


async def _volume_chains(
    connection: Connection, paths: list[str]
) -> dict[str, tuple[tuple[str, bool], ...]]:
    def read(conn: libvirt.virConnect) -> dict[str, tuple[tuple[str, bool], ...]]:
        found = {}
        for path in paths:
            with contextlib.suppress(libvirt.libvirtError, HvdeskError):
                found[path] = _files_below(volume_chain(conn, path))
        return found

    try:
        return await connection.call(read)
    except Exception:  # the host went away: what is known from the XML still counts
        return {}


# ---- the rule for an image taken as a writable disk ----------------------------------------


def writable_use_problem(
    path: str, chain: ImageChain | None, usage: DiskUsage, besides: str = ""
) -> str:
    """A sentence when the image at `path` must not become a VM's writable disk: a VM
    uses it (as its disk or below it), or a file it is built on is one a VM writes.
    `besides`: a VM whose own use does not count. "" when it may."""
    own = [path, chain.real_path] if chain is not None and chain.real_path else [path]
    users = usage.users(own, besides)
    disk_of = sorted({u.name for u in users if not u.base})
    if disk_of:
        return fill(
            translate(
                "DiskUsage",
                "%1 is the disk of '%2': convert a copy instead, or choose another image.",
            ),
            path,
            "', '".join(disk_of),
        )
    if users:
        return fill(
            translate(
                "DiskUsage",
                "%1 is a base image other VMs are built on ('%2'): writing to it would "
                "corrupt their disks. Convert a copy instead, or choose another image.",
            ),
            path,
            "', '".join(sorted({u.name for u in users})),
        )
    for ref in chain.references if chain is not None else ():
        writers = sorted({u.name for u in usage.users(ref.path, besides) if u.writes})
        if writers:
            return fill(
                translate(
                    "DiskUsage",
                    "%1 is built on %2, which '%3' writes to: the image would change under "
                    "this VM. Convert a copy instead, or choose another image.",
                ),
                path,
                ref.path,
                "', '".join(writers),
            )
    return ""
