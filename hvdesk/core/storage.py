"""Disk images: thin qcow2 creation, import (convert or use in place), libvirt storage pools.

Where the connection has a storage driver (qemu:///session, qemu:///system, remote
hosts, the test driver) and the chosen folder is a pool's, volumes are made through the
pool (`storageVolCreateXML`); otherwise, on this machine (the embedded driver has no
storage driver), `qemu-img` makes the file. Every call is a coroutine: libvirt calls go
through `Connection.call`, qemu-img through `asyncio.create_subprocess_exec` with an
argument list (never a shell string). New images are mode 0600, created with O_EXCL so
that a rollback only ever deletes a file this module made.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import re
import shutil
import stat
import xml.etree.ElementTree as ET
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar
from xml.sax.saxutils import escape

import libvirt

from hvdesk.core.errors import HvdeskError, from_libvirt
from hvdesk.core.worker import DaemonExecutor
from hvdesk.i18n import fill, translate

if TYPE_CHECKING:
    from hvdesk.core.connection import Connection

# qemu-img's names: "vpc" is VHD.
IMPORT_FORMATS = {"qcow2": "QCOW2", "raw": "raw", "vmdk": "VMDK", "vdi": "VDI", "vpc": "VHD",
                  "vhdx": "VHDX"}  # fmt: skip
IMPORT_SUFFIXES = ("qcow2", "img", "raw", "vmdk", "vdi", "vhd", "vhdx")
IMAGE_MODE = 0o600

ProgressCallback = Callable[[float | None, str], None]  # fraction 0..1 (None: unknown), text

_PROGRESS = re.compile(rb"\((\d+(?:\.\d+)?)/100%\)")

T = TypeVar("T")
# Local file work (stat, small reads, unlink) off the GUI thread. Daemon threads: a hung
# NFS mount must not hold the exit of the process; not the loop's default executor,
# whose threads qasync leaves running at exit.
_files = DaemonExecutor("hvdesk-files", workers=2)


async def in_thread(fn: Callable[..., T], *args: Any) -> T:
    """Run a blocking local-file function on a worker thread and await it."""
    return await asyncio.wrap_future(_files.submit(fn, *args))


class Cancelled(HvdeskError):
    """The user cancelled; whatever was made has been removed."""


@dataclass(frozen=True)
class ImageInfo:
    path: str
    format: str  # qemu-img's name: qcow2, raw, vmdk, vdi, vpc, vhdx…
    virtual_size: int  # bytes the guest sees
    actual_size: int  # bytes used on the host
    backing_file: str = ""

    @property
    def format_name(self) -> str:
        return IMPORT_FORMATS.get(self.format, self.format)


@dataclass(frozen=True)
class PoolInfo:
    name: str
    path: str  # target directory ("" for pools that are not directories)
    available: int  # bytes
    active: bool


def qemu_img() -> str:
    path = shutil.which("qemu-img")
    if path is None:
        raise HvdeskError(
            translate("Storage", "qemu-img is not installed"),
            hint=translate("Hints", "Install the qemu-utils (or qemu-img) package"),
        )
    return path


async def _spawn(args: Sequence[str]) -> asyncio.subprocess.Process:
    """Start qemu-img with `args`, stdout and stderr piped; HvdeskError if it cannot run."""
    try:
        return await asyncio.create_subprocess_exec(
            qemu_img(),
            *args,
            stdin=asyncio.subprocess.DEVNULL,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )
    except OSError as exc:
        raise HvdeskError(
            translate("Storage", "Could not run qemu-img"), exc.strerror or str(exc)
        ) from exc


async def run_qemu_img(*args: str, timeout: float | None = None) -> bytes:
    """Run qemu-img with `args`; its stdout, or HvdeskError with its own message. After
    `timeout` seconds, or when the caller is cancelled, qemu-img is killed."""
    proc = await _spawn(args)
    try:
        out, err = await asyncio.wait_for(proc.communicate(), timeout)
    except BaseException as exc:
        if proc.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                proc.kill()
            await asyncio.shield(proc.wait())
        if isinstance(exc, asyncio.TimeoutError):
            raise HvdeskError(
                fill(translate("Storage", "qemu-img %1 failed"), args[0]),
                fill(translate("Storage", "it did not finish within %1 seconds"), timeout),
            ) from None
        raise
    if proc.returncode != 0:
        raise HvdeskError(
            fill(translate("Storage", "qemu-img %1 failed"), args[0]),
            _qemu_img_message(err) or fill(translate("Storage", "exit status %1"), proc.returncode),
        )
    return out


def _qemu_img_message(stderr: bytes) -> str:
    text = stderr.decode(errors="replace").strip()
    return text.removeprefix("qemu-img: ").splitlines()[-1] if text else ""


# ---- local files -----------------------------------------------------------------------


def nearest_existing(path: str | os.PathLike[str]) -> Path:
    """The path itself or its closest ancestor that exists."""
    current = Path(path).absolute()
    while not current.exists() and current != current.parent:
        current = current.parent
    return current


def free_bytes(directory: str | os.PathLike[str]) -> int:
    """Bytes an unprivileged user may still write where `directory` is (or will be)."""
    st = os.statvfs(nearest_existing(directory))
    return st.f_bavail * st.f_frsize


def can_create_in(directory: str | os.PathLike[str]) -> bool:
    """Whether this process may create `directory` (if needed) and files in it."""
    base = nearest_existing(directory)
    return base.is_dir() and os.access(base, os.W_OK | os.X_OK)


def make_dirs(directory: str | os.PathLike[str]) -> list[str]:
    """Create `directory` and missing parents (0700); the ones made, outermost first."""
    missing: list[Path] = []
    current = Path(directory).absolute()
    while not current.exists() and current != current.parent:
        missing.append(current)
        current = current.parent
    made: list[str] = []
    for folder in reversed(missing):
        try:
            folder.mkdir(mode=0o700)
        except FileExistsError:
            continue
        made.append(str(folder))
    return made


def remove_dirs(folders: list[str]) -> None:
    """Remove folders `make_dirs` made, innermost first, if they are still empty."""
    for folder in reversed(folders):
        with contextlib.suppress(OSError):
            os.rmdir(folder)


def _claim(path: Path) -> None:
    """Create an empty 0600 file that must not exist yet (the rollback's proof of ownership)."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, IMAGE_MODE)
    os.close(fd)


def remove_file(path: str | os.PathLike[str]) -> None:
    with contextlib.suppress(FileNotFoundError):
        os.remove(path)


async def image_info(path: str | os.PathLike[str]) -> ImageInfo:
    """qemu-img info: the format is detected once here and then always stated explicitly."""
    out = await run_qemu_img("info", "--output=json", "--force-share", os.fspath(path))
    try:
        data = json.loads(out)
        return ImageInfo(
            path=os.fspath(path),
            format=str(data["format"]),
            virtual_size=int(data["virtual-size"]),
            actual_size=int(data.get("actual-size", 0)),
            backing_file=str(data.get("backing-filename", "")),
        )
    except (ValueError, KeyError, TypeError) as exc:
        raise HvdeskError(
            fill(translate("Storage", "Could not read the format of %1"), path), str(exc)
        ) from exc


async def create_qcow2(
    path: str | os.PathLike[str],
    size_bytes: int,
    on_claimed: Callable[[str], None] | None = None,
) -> None:
    """A thin qcow2 image; on failure nothing is left. Fails if the file exists.

    `on_claimed(path)` is called once the new, empty file is ours (so a caller's rollback
    can never delete a file that existed before)."""
    target = Path(path)
    await _claim_new(target, on_claimed)
    try:
        await run_qemu_img("create", "-q", "-f", "qcow2", "-o", "preallocation=off",
                           os.fspath(target), str(int(size_bytes)))  # fmt: skip
        os.chmod(target, IMAGE_MODE)
    except BaseException:
        remove_file(target)
        raise


async def _claim_new(target: Path, on_claimed: Callable[[str], None] | None) -> None:
    """Create the empty file exclusively, so a rollback never deletes someone else's file."""
    try:
        await in_thread(_claim, target)
    except FileExistsError:
        raise HvdeskError(
            fill(translate("Storage", "Could not create %1"), target),
            translate("Storage", "A file with that name already exists"),
        ) from None
    except OSError as exc:
        raise HvdeskError(
            fill(translate("Storage", "Could not create %1"), target), exc.strerror or str(exc)
        ) from exc
    if on_claimed is not None:
        on_claimed(str(target))


async def convert_image(
    source: str | os.PathLike[str],
    target: str | os.PathLike[str],
    source_format: str,
    progress: ProgressCallback | None = None,
    cancel: asyncio.Event | None = None,
    on_claimed: Callable[[str], None] | None = None,
) -> None:
    """qemu-img convert to a new qcow2 with progress; cancellable; on failure nothing is
    left. Fails if the target exists; `on_claimed` as for `create_qcow2`."""
    dst = Path(target)
    await _claim_new(dst, on_claimed)
    try:
        await _convert(os.fspath(source), dst, source_format, progress, cancel)
        os.chmod(dst, IMAGE_MODE)
    except BaseException:
        remove_file(dst)
        raise


async def _convert(
    source: str,
    dst: Path,
    source_format: str,
    progress: ProgressCallback | None,
    cancel: asyncio.Event | None,
) -> None:
    args = ["convert", "-p", "--force-share", "-f", source_format, "-O", "qcow2",
            source, os.fspath(dst)]  # fmt: skip
    proc = await _spawn(args)
    assert proc.stdout is not None and proc.stderr is not None
    stderr_task = asyncio.ensure_future(proc.stderr.read())
    cancel_task = asyncio.ensure_future(cancel.wait()) if cancel is not None else None
    name = Path(source).name
    read_task: asyncio.Future[bytes] | None = None
    try:
        buffer = b""
        while True:
            read_task = asyncio.ensure_future(proc.stdout.read(4096))
            waiting = {read_task} | ({cancel_task} if cancel_task else set())
            done, _ = await asyncio.wait(waiting, return_when=asyncio.FIRST_COMPLETED)
            if cancel_task is not None and cancel_task in done:
                raise Cancelled(fill(translate("Storage", "Converting %1 was cancelled"), name))
            chunk = read_task.result()
            if not chunk:
                break
            buffer = (buffer + chunk)[-256:]
            matches = _PROGRESS.findall(buffer)
            if matches and progress is not None:
                progress(
                    min(float(matches[-1]) / 100.0, 1.0),
                    fill(translate("Storage", "Converting %1"), name),
                )
        await proc.wait()
    except BaseException:
        if read_task is not None:
            read_task.cancel()
        if proc.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                proc.kill()
            await asyncio.shield(proc.wait())
        raise
    finally:
        if cancel_task is not None:
            cancel_task.cancel()
        err = await stderr_task
    if proc.returncode != 0:
        raise HvdeskError(
            fill(translate("Storage", "Could not convert %1"), name),
            _qemu_img_message(err)
            or fill(translate("Storage", "qemu-img exited with status %1"), proc.returncode),
        )


def is_private(path: str | os.PathLike[str]) -> bool:
    """Only the owner may read or write the image (mode 0600 or stricter)."""
    return stat.S_IMODE(os.stat(path).st_mode) & 0o077 == 0


# ---- libvirt storage pools -------------------------------------------------------------


def list_pools(conn: libvirt.virConnect) -> tuple[PoolInfo, ...]:
    """Worker thread: the connection's pools; () where there is no storage driver."""
    try:
        pools = conn.listAllStoragePools(0)
    except libvirt.libvirtError:
        return ()
    found = []
    for pool in pools:
        with contextlib.suppress(libvirt.libvirtError):
            active = bool(pool.isActive())
            root = ET.fromstring(pool.XMLDesc(0))
            path = root.findtext("target/path", "").strip()
            available = int(pool.info()[3]) if active else 0
            found.append(PoolInfo(pool.name(), path, available, active))
    return tuple(found)


def pool_for_directory(pools: tuple[PoolInfo, ...], directory: str) -> PoolInfo | None:
    wanted = os.path.normpath(directory)
    for pool in pools:
        if pool.active and pool.path and os.path.normpath(pool.path) == wanted:
            return pool
    return None


def volume_xml(name: str, size_bytes: int) -> str:
    return (
        f"<volume><name>{escape(name)}</name>"
        f"<capacity unit='bytes'>{int(size_bytes)}</capacity>"
        "<allocation unit='bytes'>0</allocation>"
        "<target><format type='qcow2'/>"
        f"<permissions><mode>0{IMAGE_MODE:o}</mode></permissions></target></volume>"
    )


async def create_volume(
    connection: Connection,
    pool: str,
    name: str,
    size_bytes: int,
    on_created: Callable[[str, str], None] | None = None,
) -> str:
    """A thin qcow2 volume in a pool; returns its path. `on_created(pool, name)` is
    called on the worker thread the moment libvirt made it (before anything else can fail),
    so that a rollback knows about it whatever happens next."""

    def create(conn: libvirt.virConnect) -> str:
        storage = conn.storagePoolLookupByName(pool)
        with contextlib.suppress(libvirt.libvirtError):
            storage.refresh(0)  # a file made behind libvirt's back would collide
        try:
            storage.storageVolLookupByName(name)
        except libvirt.libvirtError:
            pass
        else:
            raise HvdeskError(
                fill(translate("Storage", "Could not create %1 in the pool '%2'"), name, pool),
                translate("Storage", "A volume with that name already exists"),
            )
        volume = storage.createXML(volume_xml(name, size_bytes), 0)
        if on_created is not None:
            on_created(pool, name)
        return str(volume.path())

    try:
        return await connection.call(create)
    except Exception as exc:
        raise from_libvirt(
            fill(translate("Storage", "Could not create %1 in the pool '%2'"), name, pool), exc
        ) from exc


async def refresh_pool(connection: Connection, pool: str) -> None:
    def refresh(conn: libvirt.virConnect) -> None:
        conn.storagePoolLookupByName(pool).refresh(0)

    with contextlib.suppress(libvirt.libvirtError, HvdeskError):
        await connection.call(refresh)


async def delete_volume(connection: Connection, path: str) -> None:
    """Delete a volume (by path) through its pool."""

    def delete(conn: libvirt.virConnect) -> None:
        conn.storageVolLookupByPath(path).delete(0)

    try:
        await connection.call(delete)
    except Exception as exc:
        raise from_libvirt(fill(translate("Storage", "Could not delete %1"), path), exc) from exc


async def delete_volume_named(connection: Connection, pool: str, name: str) -> None:
    def delete(conn: libvirt.virConnect) -> None:
        conn.storagePoolLookupByName(pool).storageVolLookupByName(name).delete(0)

    try:
        await connection.call(delete)
    except Exception as exc:
        raise from_libvirt(
            fill(translate("Storage", "Could not delete %1 from the pool '%2'"), name, pool), exc
        ) from exc
