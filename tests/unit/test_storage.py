"""Disk images: qemu-img create/info/convert (on the qasync loop) and storage pools."""

from __future__ import annotations

import asyncio
import os
import stat
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from hvdesk.core import storage
from hvdesk.core.connection import Connection
from hvdesk.core.errors import HvdeskError
from hvdesk.core.storage import Cancelled

NEWVM_HOST = Path(__file__).resolve().parents[1] / "fixtures" / "newvm-host.xml"
POOL_DIR = "/var/lib/hvdesk-test/pool"
MIB = 1024**2


@pytest.fixture
def pool_host(aio: Any) -> Iterator[Connection]:
    conn = Connection(f"test://{NEWVM_HOST}")
    assert aio.run(conn.open()), conn.status_text()
    yield conn
    aio.run(conn.close())


def qemu_img(*args: str) -> str:
    return subprocess.run(["qemu-img", *args], check=True, capture_output=True, text=True).stdout


def random_raw(path: Path, size: int) -> Path:
    with open(path, "wb") as out:
        for _ in range(size // MIB):
            out.write(os.urandom(MIB))
    return path


# ---- create --------------------------------------------------------------------------


def test_create_makes_a_thin_private_qcow2(aio: Any, tmp_path: Path) -> None:
    image = tmp_path / "new" / "dir" / "vm.qcow2"  # missing folders are made
    aio.run(storage.create_qcow2(image, 20 * 1024**3))
    assert stat.S_IMODE(image.stat().st_mode) == 0o600 and storage.is_private(image)
    info = aio.run(storage.image_info(image))
    assert (info.format, info.virtual_size) == ("qcow2", 20 * 1024**3)
    assert info.actual_size < MIB  # thin: 20 GiB promised, almost nothing used


def test_create_never_overwrites_a_file(aio: Any, tmp_path: Path) -> None:
    precious = tmp_path / "vm.qcow2"
    precious.write_bytes(b"the user's data")
    with pytest.raises(HvdeskError) as info:
        aio.run(storage.create_qcow2(precious, MIB))
    assert info.value.sentence() == (
        f"Could not create {precious}. A file with that name already exists."
    )
    assert precious.read_bytes() == b"the user's data"  # untouched, not "rolled back"


def test_a_failed_qemu_img_leaves_no_file(aio: Any, tmp_path: Path) -> None:
    image = tmp_path / "huge.qcow2"
    with pytest.raises(HvdeskError) as info:
        aio.run(storage.create_qcow2(image, 2**70))  # beyond what qcow2 can address
    assert info.value.what == "qemu-img create failed" and info.value.detail
    assert not image.exists()


FORMATS = [("raw", "raw"), ("vmdk", "VMDK"), ("vdi", "VDI"), ("vpc", "VHD"), ("vhdx", "VHDX")]


@pytest.mark.parametrize(("fmt", "name"), [*FORMATS, ("qcow2", "QCOW2")])
def test_image_info_detects_each_importable_format(
    aio: Any, tmp_path: Path, fmt: str, name: str
) -> None:
    image = tmp_path / f"disk.{fmt}"
    qemu_img("create", "-q", "-f", fmt, str(image), "64M")
    info = aio.run(storage.image_info(image))
    assert info.format == fmt and info.format_name == name
    assert info.virtual_size >= 64 * MIB  # VHD rounds up to its geometry


def test_image_info_of_something_else_fails_with_qemu_img_words(aio: Any, tmp_path: Path) -> None:
    with pytest.raises(HvdeskError) as info:
        aio.run(storage.image_info(tmp_path / "missing.vmdk"))
    assert "No such file or directory" in info.value.detail


def test_a_qemu_img_that_hangs_is_killed_after_its_timeout(aio: Any, tmp_path: Path) -> None:
    pipe = tmp_path / "pipe.vmdk"
    os.mkfifo(pipe)  # qemu-img blocks opening it: nobody ever writes
    with pytest.raises(HvdeskError) as info:
        aio.run(storage.run_qemu_img("info", "-f", "raw", str(pipe), timeout=0.5))
    assert (info.value.what, info.value.detail) == (
        "qemu-img info failed",
        "it did not finish within 0.5 seconds",
    )
    out = subprocess.run(["pgrep", "-f", f"qemu-img info.*{pipe}"], capture_output=True)
    assert out.stdout == b""  # killed, not left behind


# ---- convert ---------------------------------------------------------------------------


def test_convert_reports_progress_and_makes_an_identical_private_copy(
    aio: Any, tmp_path: Path
) -> None:
    source = tmp_path / "src.vmdk"
    raw = random_raw(tmp_path / "src.raw", 32 * MIB)
    qemu_img("convert", "-q", "-O", "vmdk", str(raw), str(source))
    target = tmp_path / "images" / "copy.qcow2"
    seen: list[tuple[float | None, str]] = []
    aio.run(storage.convert_image(source, target, "vmdk", lambda f, t: seen.append((f, t))))
    fractions = [f for f, _ in seen if f is not None]
    assert fractions and fractions[-1] == 1.0
    assert fractions == sorted(fractions)
    assert {t for _, t in seen} == {"Converting src.vmdk"}
    assert storage.is_private(target)
    assert aio.run(storage.image_info(target)).format == "qcow2"
    qemu_img("compare", "-q", str(source), str(target))  # raises if the contents differ
    assert source.exists()  # the original stays


def test_cancelling_a_conversion_stops_qemu_img_and_removes_the_partial_copy(
    aio: Any, tmp_path: Path
) -> None:
    source = random_raw(tmp_path / "big.raw", 256 * MIB)
    target = tmp_path / "copy.qcow2"
    cancel = asyncio.Event()
    seen: list[float | None] = []

    def progress(fraction: float | None, _text: str) -> None:
        seen.append(fraction)
        cancel.set()  # at the first sign of life

    with pytest.raises(Cancelled) as info:
        aio.run(storage.convert_image(source, target, "raw", progress, cancel))
    assert info.value.what == "Converting big.raw was cancelled"
    assert seen and seen[-1] is not None and seen[-1] < 1.0
    assert not target.exists()
    out = subprocess.run(["pgrep", "-f", f"qemu-img convert.*{target}"], capture_output=True)
    assert out.stdout == b""  # no qemu-img left running


def test_a_failed_conversion_says_why_and_leaves_nothing(aio: Any, tmp_path: Path) -> None:
    source = tmp_path / "not-really.qcow2"
    source.write_bytes(b"plain text, not an image" * 100)
    target = tmp_path / "copy.qcow2"
    with pytest.raises(HvdeskError) as info:
        aio.run(storage.convert_image(source, target, "qcow2"))
    assert info.value.what == "Could not convert not-really.qcow2"
    assert "qcow2" in info.value.detail.lower()  # qemu-img's own words
    assert not target.exists()


# ---- local free space and permissions ---------------------------------------------------


def test_free_space_and_writability_use_the_nearest_existing_folder(tmp_path: Path) -> None:
    future = tmp_path / "not" / "yet"
    assert storage.nearest_existing(future) == tmp_path
    st = os.statvfs(tmp_path)
    assert abs(storage.free_bytes(future) - st.f_bavail * st.f_frsize) < 64 * MIB
    assert storage.can_create_in(future)
    afile = tmp_path / "file"
    afile.write_text("x")
    assert not storage.can_create_in(afile / "below")  # a file is no folder


# ---- storage pools (libvirt's test driver) ---------------------------------------------


def test_pools_are_listed_and_matched_by_folder(aio: Any, pool_host: Connection) -> None:
    pools = aio.run(pool_host.call(storage.list_pools))
    assert [(p.name, p.path, p.active) for p in pools] == [("default", POOL_DIR, True)]
    assert pools[0].available == 100 * 1024**3
    assert storage.pool_for_directory(pools, POOL_DIR + "/") == pools[0]
    assert storage.pool_for_directory(pools, "/elsewhere") is None


def test_a_volume_is_created_in_the_pool_and_deleted_again(aio: Any, pool_host: Connection) -> None:
    path = aio.run(storage.create_volume(pool_host, "default", "new.qcow2", 8 * 1024**3))
    assert path == f"{POOL_DIR}/new.qcow2"

    def describe(conn: Any) -> str:
        return str(conn.storageVolLookupByPath(path).XMLDesc(0))

    xml = aio.run(pool_host.call(describe))
    assert "<format type='qcow2'/>" in xml and "<capacity unit='bytes'>8589934592<" in xml
    with pytest.raises(HvdeskError) as info:
        aio.run(storage.create_volume(pool_host, "default", "new.qcow2", MIB))
    assert "already exists" in info.value.sentence()
    aio.run(storage.delete_volume(pool_host, path))
    with pytest.raises(HvdeskError):
        aio.run(storage.delete_volume(pool_host, path))


def test_no_pools_where_the_driver_has_no_storage(aio: Any) -> None:
    class NoStorage:
        def listAllStoragePools(self, _flags: int) -> list[Any]:
            import libvirt

            raise libvirt.libvirtError("this function is not supported by the connection driver")

    assert storage.list_pools(NoStorage()) == ()  # type: ignore[arg-type]
