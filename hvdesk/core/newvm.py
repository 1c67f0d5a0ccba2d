"""A new VM: whether it can be made (`validate`, `advise`) and making it (`create_vm`),
all or nothing. What is asked for is a `NewVmSpec` (hvdesk.core.vmspec); its domain XML
comes from `build_domain_xml` (hvdesk.core.newvm_xml); both are re-exported here.

`create_vm` prepares the disk (a thin qcow2, a converted import, or an image used in
place), defines the domain and optionally starts it. Any failure, or a cancel, rolls
back what this call made: the VM is undefined and the disk it created is deleted; a
disk the user brought (in place) and the installation media are never touched. One
exception: a KVM VM that is made but cannot start because KVM does not work on the host
stays, and the errors.KvmUnusableError raised says so and offers software emulation.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
from collections.abc import Awaitable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

import libvirt

from hvdesk.core import storage
from hvdesk.core.disk_usage import (
    DiskUsage,
    read_disk_usage,
    usage_from_configs,
    writable_use_problem,
)
from hvdesk.core.errors import (
    HvdeskError,
    KvmUnusableError,
    from_libvirt,
    kvm_start_error,
    refused_flags,
)
from hvdesk.core.hostfacts import HostFacts, probe_host
from hvdesk.core.image_chain import (
    ImageChain,
    changed_problem,
    inspect_image,
    references_problem,
)
from hvdesk.core.newvm_xml import build_domain_xml, vnc_password
from hvdesk.core.storage import Cancelled, ProgressCallback
from hvdesk.core.vmspec import (
    GIB,
    MAX_NAME,
    MAX_VCPUS,
    Field,
    Firmware,
    ImportDisk,
    KernelBoot,
    NewDisk,
    NewVmSpec,
    disk_file_name,
)
from hvdesk.i18n import fill, translate

if TYPE_CHECKING:
    from hvdesk.core.connection import Connection

__all__ = [
    "MAX_NAME",
    "MAX_VCPUS",
    "Field",
    "Firmware",
    "ImportDisk",
    "KernelBoot",
    "NewDisk",
    "NewVmSpec",
    "advise",
    "build_domain_xml",
    "create_vm",
    "disk_file_name",
    "validate",
    "vnc_password",
]

T = TypeVar("T")


# ---- validation --------------------------------------------------------------------


def _name_error(name: str, taken: set[str], where: str) -> str:
    if not name.strip():
        return translate("NewVm", "Enter a name for the virtual machine.")
    if "/" in name:
        return translate("NewVm", "A name cannot contain '/'.")
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in name):
        return translate(
            "NewVm", "A name cannot contain control characters such as tabs or line breaks."
        )
    if name != name.strip():
        return translate("NewVm", "A name cannot start or end with a space.")
    if name.startswith((".", "-")):
        return translate("NewVm", "A name cannot start with '.' or '-'.")
    if len(name) > MAX_NAME:
        return fill(translate("NewVm", "A name can have at most %1 characters."), MAX_NAME)
    if name in taken:
        return fill(translate("NewVm", "%1 already has a virtual machine named '%2'."), where, name)
    return ""


def _readable_file_error(path: str, what: str) -> str:
    if not path:
        return fill(translate("NewVm", "Choose the %1."), what)
    if not os.path.isabs(path):
        return fill(translate("NewVm", "Give the full path of the %1 (starting with /)."), what)
    if not os.path.exists(path):
        return fill(translate("NewVm", "The %1 %2 does not exist."), what, path)
    if not os.path.isfile(path) and not Path(path).is_block_device():
        return fill(translate("NewVm", "The %1 %2 is not a file."), what, path)
    if not os.access(path, os.R_OK):
        return fill(
            translate("NewVm", "The %1 %2 is not readable: check its permissions."), what, path
        )
    return ""


def _gib(n: float) -> str:
    return f"{n / GIB:,.1f} GiB"


def _location_errors(spec: NewVmSpec, host: HostFacts, needed: int) -> dict[str, str]:
    assert isinstance(spec.disk, NewDisk | ImportDisk)
    errors: dict[str, str] = {}
    directory = spec.disk.directory
    pool = storage.pool_for_directory(host.pools, directory) if directory else None
    if not directory:
        errors[Field.DISK_LOCATION] = translate("NewVm", "Choose the folder for the disk image.")
    elif not os.path.isabs(directory):
        errors[Field.DISK_LOCATION] = translate(
            "NewVm", "Give the full path of the folder (starting with /)."
        )
    elif not host.local and pool is None:
        errors[Field.DISK_LOCATION] = translate(
            "NewVm",
            "On another computer, disk images go into a libvirt storage pool: "
            "choose the folder of one of its pools.",
        )
    elif host.local and os.path.exists(directory) and not os.path.isdir(directory):
        errors[Field.DISK_LOCATION] = fill(translate("NewVm", "%1 is not a folder."), directory)
    elif host.local and not storage.can_create_in(directory):
        errors[Field.DISK_LOCATION] = fill(
            translate("NewVm", "You cannot write in %1: choose another folder."), directory
        )
    elif host.local and os.path.lexists(spec.disk_path()):
        errors[Field.DISK_LOCATION] = fill(
            translate("NewVm", "%1 already exists: choose another name or folder."),
            spec.disk_path(),
        )
    if Field.DISK_LOCATION in errors or needed <= 0:
        return errors
    free = pool.available if pool is not None else storage.free_bytes(directory)
    if needed > free:
        field_ = Field.DISK_SIZE if isinstance(spec.disk, NewDisk) else Field.DISK_LOCATION
        errors[field_] = fill(
            translate("NewVm", "Only %1 are free in %2; the disk needs %3."),
            _gib(free),
            directory,
            _gib(needed),
        )
    return errors


def _disk_errors(spec: NewVmSpec, host: HostFacts, usage: DiskUsage) -> dict[str, str]:
    disk = spec.disk
    if isinstance(disk, NewDisk):
        if disk.size_gib <= 0:
            return {Field.DISK_SIZE: translate("NewVm", "The disk size must be more than 0 GiB.")}
        return _location_errors(spec, host, int(disk.size_gib * GIB))
    if not isinstance(disk, ImportDisk):
        return {}
    if host.local:
        problem = _readable_file_error(disk.path, translate("NewVm", "disk image"))
        if problem:
            return {Field.IMPORT: problem}
    chain = disk.chain
    if chain is not None and chain.format not in storage.IMPORT_FORMATS:
        return {
            Field.IMPORT: fill(
                translate(
                    "NewVm",
                    "%1 is a %2 image, which hvdesk cannot import (qcow2, raw, VMDK, VDI, "
                    "VHD and VHDX can).",
                ),
                disk.path,
                chain.format,
            )
        }
    problem = references_problem(chain, disk.accepted) if chain is not None else ""
    if problem:
        return {Field.IMPORT: problem}
    if not disk.convert:
        problem = writable_use_problem(disk.path, chain, usage)
        if problem:
            return {Field.IMPORT: problem}
        if host.local and not os.access(disk.path, os.W_OK):
            return {
                Field.IMPORT: fill(
                    translate(
                        "NewVm",
                        "%1 is read-only for you; the VM must write to its disk: convert a "
                        "copy instead.",
                    ),
                    disk.path,
                )
            }
        return {}
    if not host.local:
        return {
            Field.IMPORT: translate(
                "NewVm",
                "Converting an image works on this computer's connections; on another "
                "computer use the image in place.",
            )
        }
    needed = chain.actual_size if chain is not None else 0
    return _location_errors(spec, host, needed)


def _media_errors(spec: NewVmSpec, host: HostFacts) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not host.local:
        return errors  # the paths are on the other computer: libvirt checks them
    if spec.iso:
        problem = _readable_file_error(spec.iso, translate("NewVm", "installation ISO"))
        if problem:
            errors[Field.ISO] = problem
    if spec.kernel is not None:
        problem = _readable_file_error(spec.kernel.kernel, translate("NewVm", "kernel"))
        if problem:
            errors[Field.KERNEL] = problem
        if spec.kernel.initrd:
            problem = _readable_file_error(spec.kernel.initrd, translate("NewVm", "initrd"))
            if problem:
                errors[Field.INITRD] = problem
    return errors


def validate(
    spec: NewVmSpec, connection: Connection, host: HostFacts, usage: DiskUsage | None = None
) -> dict[str, str]:
    """Per field, a sentence saying what is wrong; empty when the VM can be created.

    Only local, quick checks (stat, access, statvfs): fine on the GUI thread. `usage`:
    which VMs use which files (`read_disk_usage`); without it, what their XML says.
    """
    errors: dict[str, str] = {}
    taken = set(host.vm_names) | {vm.name for vm in connection.vms.values()}
    problem = _name_error(spec.name, taken, connection.name)
    if problem:
        errors[Field.NAME] = problem
    if spec.memory_mib <= 0:
        errors[Field.MEMORY] = translate("NewVm", "Memory must be more than 0 MiB.")
    elif spec.memory_mib > host.memory_mib:
        errors[Field.MEMORY] = fill(
            translate("NewVm", "The host has only %1 MiB of memory; give the VM less."),
            format(host.memory_mib, ","),
        )
    if spec.vcpus <= 0:
        errors[Field.VCPUS] = translate("NewVm", "A VM needs at least one virtual CPU.")
    elif spec.vcpus > MAX_VCPUS:
        errors[Field.VCPUS] = fill(
            translate("NewVm", "A VM can have at most %1 virtual CPUs."), MAX_VCPUS
        )
    if spec.firmware is not Firmware.BIOS and not host.uefi:
        errors[Field.FIRMWARE] = translate(
            "NewVm",
            "UEFI firmware (OVMF) is not available on this host: choose BIOS, or "
            "install the ovmf package there.",
        )
    elif spec.firmware is Firmware.UEFI_SECURE and not host.secure_boot:
        errors[Field.FIRMWARE] = translate(
            "NewVm", "This host's UEFI firmware has no Secure Boot: choose UEFI."
        )
    if spec.network.kind == "bridge" and not spec.network.source.strip():
        errors[Field.NETWORK] = translate(
            "NewVm", "Enter the name of the host's bridge (e.g. br0)."
        )
    errors.update(_media_errors(spec, host))
    if usage is None:
        usage = usage_from_configs(connection.vms.values())
    errors.update(_disk_errors(spec, host, usage))
    return errors


def advise(spec: NewVmSpec, host: HostFacts) -> dict[str, str]:
    """Per field, a warning that does not stop the creation."""
    notes: dict[str, str] = {}
    if 0 < spec.memory_mib <= host.memory_mib and spec.memory_mib > host.memory_mib * 3 // 4:
        notes[Field.MEMORY] = translate(
            "NewVm", "That leaves little memory for the host and its other VMs."
        )
    elif 0 < spec.memory_mib < spec.profile.min_memory_mib:
        notes[Field.MEMORY] = fill(
            translate("NewVm", "%1 needs at least %2 MiB."),
            spec.profile.name,
            format(spec.profile.min_memory_mib, ","),
        )
    if spec.vcpus > host.cpus:
        notes[Field.VCPUS] = fill(
            translate(
                "NewVm", "The host has %1 CPUs; more virtual CPUs than that make the VM slower."
            ),
            host.cpus,
        )
    if spec.profile.needs_uefi and spec.firmware is Firmware.BIOS:
        notes[Field.FIRMWARE] = fill(
            translate("NewVm", "%1 needs UEFI firmware."), spec.profile.name
        )
    return notes


# ---- creating ------------------------------------------------------------------------


@dataclass
class _Made:
    """What this creation made so far: exactly what a rollback removes."""

    disk_file: str = ""  # made with qemu-img (we claimed the name with O_EXCL)
    disk_volume: tuple[str, str] | None = None  # (pool, volume) made through a pool
    dirs: list[str] = field(default_factory=list)  # folders made for the disk
    uuid: str = ""
    problems: list[str] = field(default_factory=list)

    def claimed(self, path: str) -> None:
        """storage made this file (O_EXCL: it did not exist before)."""
        self.disk_file = path


async def _settle(aw: Awaitable[T]) -> T:
    """Await aw; if this task is cancelled meanwhile, let aw finish first (a libvirt call
    on a worker thread cannot be stopped), so that the rollback sees what it made."""
    future = asyncio.ensure_future(aw)
    try:
        return await asyncio.shield(future)
    except asyncio.CancelledError:
        while not future.done():
            with contextlib.suppress(asyncio.CancelledError):
                await asyncio.wait({future})
        if not future.cancelled():
            future.exception()  # retrieved: no "never retrieved" warning
        raise


def _check(cancel: asyncio.Event, name: str) -> None:
    if cancel.is_set():
        raise Cancelled(fill(translate("NewVm", "Creating '%1' was cancelled"), name))


async def _prepare_disk(
    spec: NewVmSpec,
    connection: Connection,
    host: HostFacts,
    made: _Made,
    progress: ProgressCallback,
    cancel: asyncio.Event,
) -> str:
    """Make (or find) the disk; return its format."""
    disk = spec.disk
    path = spec.disk_path()
    if isinstance(disk, NewDisk):
        size = int(disk.size_gib * GIB)
        progress(
            None, fill(translate("NewVm", "Creating the disk image %1"), os.path.basename(path))
        )
        pool = storage.pool_for_directory(host.pools, disk.directory)
        if pool is not None:

            def record(pool_name: str, volume: str) -> None:  # on the worker thread
                made.disk_volume = (pool_name, volume)

            name = disk_file_name(spec.name)
            await _settle(storage.create_volume(connection, pool.name, name, size, record))
        else:
            made.dirs = await storage.in_thread(storage.make_dirs, disk.directory)
            await storage.create_qcow2(path, size, made.claimed)
        return "qcow2"
    if isinstance(disk, ImportDisk):
        progress(None, fill(translate("NewVm", "Reading %1"), os.path.basename(disk.path)))
        chain = await _chain_as_accepted(disk, connection)
        if not disk.convert:
            problem = writable_use_problem(disk.path, chain, await read_disk_usage(connection))
            if problem:
                raise HvdeskError(problem)
            return chain.format  # the host's word for it, never assumed
        progress(0.0, fill(translate("NewVm", "Converting %1"), os.path.basename(disk.path)))
        made.dirs = await storage.in_thread(storage.make_dirs, disk.directory)
        await storage.convert_image(disk.path, path, chain.format, progress, cancel, made.claimed)
        pool = storage.pool_for_directory(host.pools, disk.directory)
        if pool is not None:
            await storage.refresh_pool(connection, pool.name)
        return "qcow2"
    return "qcow2"


async def _chain_as_accepted(disk: ImportDisk, connection: Connection) -> ImageChain:
    """The image inspected again, right before it is read: it must still be what the
    user was shown, and read no file the user did not accept."""
    chain = await inspect_image(disk.path, connection)
    problem = changed_problem(disk.chain, chain) if disk.chain is not None else ""
    problem = problem or references_problem(chain, disk.accepted)
    if problem:
        raise HvdeskError(problem)
    return chain


def _define(conn: libvirt.virConnect, xml: str, made: _Made) -> str:
    """Worker thread: define, and record the VM at once (before anything can fail)."""
    dom = conn.defineXML(xml)
    made.uuid = dom.UUIDString()
    return made.uuid


def _start(dom: libvirt.virDomain) -> None:
    """Worker thread."""
    dom.create()


async def _start_new(
    connection: Connection, uuid: str, name: str, domain_type: str
) -> KvmUnusableError | None:
    """Start the VM just made. KVM that does not work on the host is returned, not
    raised: the VM is fine and stays (the user may start it with software emulation);
    any other failure is raised and rolls the creation back."""
    try:
        await _settle(connection.call_domain(uuid, _start))
    except Exception as exc:
        what = fill(translate("NewVm", "'%1' was created but could not start"), name)
        kvm = kvm_start_error(what, exc, connection.uri, uuid) if domain_type == "kvm" else None
        if kvm is None:
            raise
        return kvm
    return None


def _remove_domain(conn: libvirt.virConnect, uuid: str) -> None:
    """Worker thread: stop and undefine, with its NVRAM and whatever else it has."""
    try:
        dom = conn.lookupByUUIDString(uuid)
    except libvirt.libvirtError as exc:
        if exc.get_error_code() == libvirt.VIR_ERR_NO_DOMAIN:
            return
        raise
    if dom.isActive():
        dom.destroy()
    # No VIR_DOMAIN_UNDEFINE_MANAGED_SAVE: a VM made a moment ago has saved no state, so a
    # save image at its path is an earlier VM's, not this create's to delete.
    basic = libvirt.VIR_DOMAIN_UNDEFINE_SNAPSHOTS_METADATA
    for flags in (basic | libvirt.VIR_DOMAIN_UNDEFINE_NVRAM, basic, 0):
        try:
            if flags:
                dom.undefineFlags(flags)
            else:
                dom.undefine()
            return
        except libvirt.libvirtError as exc:
            if not flags or not refused_flags(exc):
                raise


async def _rollback(connection: Connection, made: _Made, name: str) -> None:
    uuid = made.uuid
    if uuid:
        try:
            await connection.call(lambda conn: _remove_domain(conn, uuid))
        except Exception as exc:
            made.problems.append(
                fill(
                    translate("NewVm", "the VM '%1' is still defined (%2)"),
                    name,
                    from_libvirt("", exc).detail,
                )
            )
        else:
            made.uuid = ""
        connection.refresh_vm(uuid)
    if made.uuid:
        # The VM is still defined: the disk it points at stays with it.
        kept = made.disk_file or (made.disk_volume[1] if made.disk_volume else "")
        if kept:
            made.problems.append(fill(translate("NewVm", "its disk %1 was kept for it"), kept))
        return
    if made.disk_volume is not None:
        pool, volume = made.disk_volume
        try:
            await storage.delete_volume_named(connection, pool, volume)
        except HvdeskError as exc:
            made.problems.append(
                fill(
                    translate("NewVm", "the disk %1 is still in the pool '%2' (%3)"),
                    volume,
                    pool,
                    exc.detail,
                )
            )
    if made.disk_file:
        try:
            await storage.in_thread(storage.remove_file, made.disk_file)
        except OSError as exc:
            made.problems.append(
                fill(
                    translate("NewVm", "the disk %1 is still there (%2)"),
                    made.disk_file,
                    exc.strerror,
                )
            )
    await storage.in_thread(storage.remove_dirs, made.dirs)


def _failure(name: str, step: str, exc: BaseException, made: _Made) -> HvdeskError:
    if made.problems:
        hint = fill(
            translate("Hints", "Some of it could not be removed: %1"), "; ".join(made.problems)
        )
    else:
        hint = translate("Hints", "Nothing was left behind")
    if isinstance(exc, Cancelled):
        return Cancelled(exc.what, hint=hint)
    if isinstance(exc, HvdeskError):
        detail = exc.what.rstrip(".") + (f": {exc.detail}" if exc.detail else "")
        cause_hint = exc.hint
    else:
        cause = from_libvirt(step, exc)
        detail = fill(translate("NewVm", "%1 failed: %2"), step, cause.detail)
        cause_hint = cause.hint
    if cause_hint:
        hint = f"{cause_hint.rstrip('.')}. {hint}"
    return HvdeskError(fill(translate("NewVm", "Could not create '%1'"), name), detail, hint)


async def create_vm(
    spec: NewVmSpec,
    connection: Connection,
    progress_cb: ProgressCallback | None = None,
    cancel_event: asyncio.Event | None = None,
    *,
    host: HostFacts | None = None,
) -> str:
    """Make the VM of `spec`; its UUID. All or nothing: see the module's docstring.

    Cancel with `cancel_event` (a qemu-img conversion stops at once; a libvirt call in
    progress is finished, then undone) or by cancelling the task (the same rollback).
    """
    progress: ProgressCallback = progress_cb or (lambda _f, _t: None)
    cancel = cancel_event or asyncio.Event()
    if host is None:
        host = await probe_host(connection)
    errors = validate(spec, connection, host)
    if errors:
        raise HvdeskError(
            fill(translate("NewVm", "Could not create '%1'"), spec.name), " ".join(errors.values())
        )
    made = _Made()
    kvm_failure: KvmUnusableError | None = None
    step = translate("NewVm", "Preparing the disk")
    try:
        _check(cancel, spec.name)
        disk_format = await _prepare_disk(spec, connection, host, made, progress, cancel)
        _check(cancel, spec.name)
        step = translate("NewVm", "Defining the VM")
        xml = build_domain_xml(spec, host.domain_type, host, disk_format=disk_format)
        progress(None, step)
        uuid = await _settle(connection.call(lambda conn: _define(conn, xml, made)))
        _check(cancel, spec.name)
        if spec.start:
            step = translate("NewVm", "Starting the VM")
            progress(None, step)
            kvm_failure = await _start_new(connection, uuid, spec.name, host.domain_type)
    except asyncio.CancelledError:
        await _settle(_rollback(connection, made, spec.name))
        raise
    except Exception as exc:
        await _settle(_rollback(connection, made, spec.name))
        raise _failure(spec.name, step, exc, made) from exc
    connection.refresh_vm(uuid)
    if kvm_failure is not None:
        raise kvm_failure
    progress(1.0, "Done")
    return uuid
