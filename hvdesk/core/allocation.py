"""How a host's CPUs, memory and disk space are divided between its guests.

CPU and memory shares come from what hvdesk already knows (the host's totals read when
the connection opened, each VM's parsed configuration): no libvirt call. Disk figures
need the host: `measure_disks` asks libvirt (`blockInfo`, the storage pool) on a worker
thread and falls back to the file system for a local host without pools.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from dataclasses import dataclass
from typing import TYPE_CHECKING

import libvirt

from hvdesk.core.errors import from_libvirt
from hvdesk.core.uris import is_local
from hvdesk.i18n import fill, translate

if TYPE_CHECKING:
    from hvdesk.core.connection import Connection
    from hvdesk.core.vm import VirtualMachine


@dataclass(frozen=True)
class GuestShare:
    uuid: str
    name: str
    vcpus: int
    memory_mib: int


@dataclass(frozen=True)
class HostAllocation:
    """The running guests' vCPUs and memory against the host's."""

    host_name: str
    host_cpus: int
    host_memory_mib: int
    guests: tuple[GuestShare, ...]  # running guests, largest memory first

    @property
    def vcpus(self) -> int:
        return sum(g.vcpus for g in self.guests)

    @property
    def memory_mib(self) -> int:
        return sum(g.memory_mib for g in self.guests)

    @property
    def cpu_overcommitted(self) -> bool:
        return self.vcpus > self.host_cpus

    @property
    def memory_overcommitted(self) -> bool:
        return self.memory_mib > self.host_memory_mib


def host_allocation(conn: Connection) -> HostAllocation | None:
    """None while the host's totals are unknown (not connected)."""
    host = conn.host
    if host is None:
        return None
    guests = sorted(
        (
            GuestShare(vm.uuid, vm.name, vm.config.vcpus, vm.config.memory_mib)
            for vm in conn.vms.values()
            if vm.state.is_active
        ),
        key=lambda g: (-g.memory_mib, g.name.lower()),
    )
    return HostAllocation(conn.name, host.cpus, host.memory_mib, tuple(guests))


@dataclass(frozen=True)
class StartOvercommit:
    """Starting `vm_name` would give running guests more memory than the host has."""

    vm_name: str
    after_mib: int  # the running guests' memory once it runs
    host_mib: int


def start_overcommit(vm: VirtualMachine) -> StartOvercommit | None:
    allocation = host_allocation(vm.connection)
    if allocation is None or vm.state.is_active:
        return None
    after = allocation.memory_mib + vm.config.memory_mib
    if after <= allocation.host_memory_mib:
        return None
    return StartOvercommit(vm.name, after, allocation.host_memory_mib)


@dataclass(frozen=True)
class DiskUse:
    vm_name: str
    target: str
    source: str
    capacity: int | None  # bytes the guest sees
    allocation: int | None  # bytes the image takes on the host
    location: str  # the pool or directory holding it
    location_free: int | None  # bytes free there


def _free_space(conn: libvirt.virConnect, path: str, local: bool) -> tuple[str, int | None]:
    """Worker thread: (where, bytes free) for the place an image lives."""
    with contextlib.suppress(libvirt.libvirtError):
        pool = conn.storageVolLookupByPath(path).storagePoolLookupByVolume()
        _state, _capacity, _allocation, available = pool.info()
        return f"pool {pool.name()}", int(available)
    directory = os.path.dirname(path)
    if local and directory:
        with contextlib.suppress(OSError):
            return directory, shutil.disk_usage(directory).free
    return directory, None


def _measure(conn: libvirt.virConnect, vms: list[VirtualMachine], local: bool) -> list[DiskUse]:
    """Worker thread."""
    rows: list[DiskUse] = []
    free_by_path: dict[str, tuple[str, int | None]] = {}
    for vm in vms:
        dom = None
        with contextlib.suppress(libvirt.libvirtError):
            dom = conn.lookupByUUIDString(vm.uuid)
        for disk in vm.config.disks:
            if disk.device != "disk" or not disk.source or not disk.target:
                continue
            capacity = allocation = None
            if dom is not None:
                with contextlib.suppress(libvirt.libvirtError):
                    capacity, allocation, _physical = (int(v) for v in dom.blockInfo(disk.target))
            directory = os.path.dirname(disk.source)
            if directory not in free_by_path:
                free_by_path[directory] = _free_space(conn, disk.source, local)
            where, free = free_by_path[directory]
            rows.append(
                DiskUse(vm.name, disk.target, disk.source, capacity, allocation, where, free)
            )
    return rows


async def measure_disks(conn: Connection) -> list[DiskUse]:
    """Every disk of every VM on the host: capacity, space used, free space where it is."""
    vms = conn.sorted_vms()
    local = is_local(conn.uri)
    try:
        return await conn.call(lambda c: _measure(c, vms, local))
    except Exception as exc:
        raise from_libvirt(
            fill(translate("Allocation", "Could not measure the disks on %1"), conn.name), exc
        ) from exc
