"""Images from outside: every file they read is found before anything reads it
(hvdesk/core/image_chain.py), with real qemu-img on real files."""

from __future__ import annotations

import os
import socket
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from hvdesk.core.connection import Connection
from hvdesk.core.errors import HvdeskError
from hvdesk.core.image_chain import (
    ImageChain,
    ImageRefused,
    Layer,
    RefKind,
    changed_problem,
    describe,
    has_protocol,
    inspect_image,
    references_problem,
)
from tests.support.images import (
    backing_image,
    data_file_image,
    download_dir,
    extent_descriptor,
    qemu_img,
    secret_file,
)

NEWVM_HOST = Path(__file__).resolve().parents[1] / "fixtures" / "newvm-host.xml"
POOL_DIR = "/var/lib/hvdesk-test/pool"


def refusal(aio: Any, path: Path) -> str:
    with pytest.raises(ImageRefused) as info:
        aio.run(inspect_image(str(path)))
    return info.value.sentence()


# ---- what is found -----------------------------------------------------------------------


def test_a_backing_file_outside_the_image_is_listed_with_its_format(
    aio: Any, tmp_path: Path
) -> None:
    image = backing_image(tmp_path)
    secret = str(tmp_path / "secret.txt")
    chain = aio.run(inspect_image(str(image)))
    assert chain.format == "qcow2" and chain.path == str(image)
    assert [(layer.path, layer.format) for layer in chain.layers] == [
        (str(image), "qcow2"),
        (secret, "raw"),
    ]
    assert chain.files == (secret,)
    assert chain.references[0].kind is RefKind.BACKING
    assert describe(chain) == [
        f"Backing file of evil.qcow2: {secret} (raw, the guest sees 2.5 KiB)"
    ]


def test_the_extent_of_a_vmdk_descriptor_is_listed(aio: Any, tmp_path: Path) -> None:
    chain = aio.run(inspect_image(str(extent_descriptor(tmp_path))))
    secret = str(tmp_path / "secret.txt")
    assert chain.format == "vmdk" and len(chain.layers) == 1
    assert chain.files == (secret,)
    assert describe(chain) == [f"Extent of evil.vmdk: {secret}"]


def test_a_qcow2_data_file_is_listed(aio: Any, tmp_path: Path) -> None:
    chain = aio.run(inspect_image(str(data_file_image(tmp_path))))
    assert chain.files == (str(tmp_path / "secret.txt"),)
    assert chain.references[0].kind is RefKind.DATA_FILE


@pytest.mark.parametrize("subformat", ["monolithicSparse", "streamOptimized"])
def test_a_vmdk_that_holds_its_own_data_reads_no_other_file(
    aio: Any, tmp_path: Path, subformat: str
) -> None:
    image = tmp_path / "appliance.vmdk"
    qemu_img("create", "-q", "-f", "vmdk", "-o", f"subformat={subformat}", image, "8M")
    chain = aio.run(inspect_image(str(image)))
    assert chain.format == "vmdk" and chain.files == () and chain.references == ()


def test_a_chain_of_three_is_walked_layer_by_layer(aio: Any, tmp_path: Path) -> None:
    base = tmp_path / "base.raw"
    base.write_bytes(b"\0" * 4096)
    middle, top = tmp_path / "middle.qcow2", tmp_path / "top.qcow2"
    qemu_img("create", "-q", "-f", "qcow2", "-b", base, "-F", "raw", middle)
    qemu_img("create", "-q", "-f", "qcow2", "-b", "middle.qcow2", "-F", "qcow2", top)
    chain = aio.run(inspect_image(str(top)))
    assert [layer.path for layer in chain.layers] == [str(top), str(middle), str(base)]
    assert chain.files == (str(middle), str(base))
    assert [r.named_by for r in chain.references] == [str(top), str(middle)]


# ---- what is refused, whatever the user accepts -----------------------------------------


@pytest.mark.parametrize(
    "backing",
    ['json:{"driver":"raw","file":{"driver":"file","filename":"/etc/hostname"}}',
     "nbd://127.0.0.1:10809/export", "http://example.invalid/disk.img"],
    ids=["json", "nbd", "http"],
)  # fmt: skip
def test_a_backing_file_that_is_no_plain_path_is_refused(
    aio: Any, tmp_path: Path, backing: str
) -> None:
    image = tmp_path / "odd.qcow2"
    qemu_img("create", "-q", "-f", "qcow2", "-u", "-b", backing, "-F", "raw", image, "1M")
    sentence = refusal(aio, image)
    assert sentence.startswith(f"hvdesk will not use {image}. ")
    assert f"names '{backing}' as its backing file: QEMU would open that as a network" in sentence


def test_a_protocol_two_layers_down_is_refused_before_anything_connects(
    aio: Any, tmp_path: Path
) -> None:
    # qemu-img info --backing-chain on the top opens the middle layer's backing file
    # (measured: it connects). Walking one layer at a time reads the name first.
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    listener.settimeout(0.5)
    port = listener.getsockname()[1]
    middle, top = tmp_path / "middle.qcow2", tmp_path / "top.qcow2"
    qemu_img("create", "-q", "-f", "qcow2", "-u", "-b", f"nbd://127.0.0.1:{port}/x",
             "-F", "raw", middle, "1M")  # fmt: skip
    qemu_img("create", "-q", "-f", "qcow2", "-u", "-b", middle, "-F", "qcow2", top, "1M")
    try:
        sentence = refusal(aio, top)
        assert f"{middle} names 'nbd://127.0.0.1:{port}/x' as its backing file" in sentence
        with pytest.raises(TimeoutError):
            listener.accept()[0].close()  # nobody came
    finally:
        listener.close()


def test_a_pipe_as_an_extent_is_refused_without_hanging(aio: Any, tmp_path: Path) -> None:
    # qemu-img info opens a VMDK's extents itself and blocks for ever on a FIFO.
    os.mkfifo(tmp_path / "pipe")
    image = extent_descriptor(tmp_path, extent="../pipe")
    started = time.monotonic()
    sentence = refusal(aio, image)
    assert time.monotonic() - started < 5
    assert f"names {tmp_path / 'pipe'} as its extent, which is not a regular file" in sentence


def test_a_pipe_as_a_data_file_is_refused(aio: Any, tmp_path: Path) -> None:
    image = data_file_image(tmp_path)
    secret = tmp_path / "secret.txt"
    secret.unlink()
    os.mkfifo(secret)
    sentence = refusal(aio, image)
    assert f"names {secret} as its data file, which is not a regular file" in sentence


def test_a_relative_data_file_is_refused(aio: Any, tmp_path: Path) -> None:
    # QEMU looks for it in its working directory, not next to the image.
    image = data_file_image(tmp_path)
    qemu_img("amend", "-f", "qcow2", "-o", "data_file=secret.txt", image)
    sentence = refusal(aio, image)
    assert "names its data file by a relative path ('secret.txt')" in sentence


def test_a_missing_backing_file_is_refused_with_its_name(aio: Any, tmp_path: Path) -> None:
    image = tmp_path / "orphan.qcow2"
    qemu_img("create", "-q", "-f", "qcow2", "-u", "-b", "gone.qcow2", "-F", "qcow2", image, "1M")
    sentence = refusal(aio, image)
    assert f"names {tmp_path / 'gone.qcow2'} as its backing file, which cannot be read" in (
        sentence
    )


def test_a_chain_that_loops_is_refused(aio: Any, tmp_path: Path) -> None:
    first, second = tmp_path / "a.qcow2", tmp_path / "b.qcow2"
    qemu_img("create", "-q", "-f", "qcow2", "-u", "-b", "b.qcow2", "-F", "qcow2", first, "1M")
    qemu_img("create", "-q", "-f", "qcow2", "-u", "-b", "a.qcow2", "-F", "qcow2", second, "1M")
    assert f"Its chain loops: {first} is named twice" in refusal(aio, first)


def test_a_backing_file_in_a_driver_format_is_refused(aio: Any, tmp_path: Path) -> None:
    secret_file(tmp_path)
    image = tmp_path / "odd.qcow2"
    qemu_img("create", "-q", "-f", "qcow2", "-u", "-b", "secret.txt", "-F", "blkdebug", image, "1M")
    assert "as its backing file in the blkdebug format" in refusal(aio, image)


def test_a_pipe_chosen_as_the_image_is_refused(aio: Any, tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.qcow2")
    assert "It is not a file (a pipe, a device or a folder)" in refusal(
        aio, tmp_path / "pipe.qcow2"
    )


def test_something_that_is_no_image_fails_with_qemu_img_words(aio: Any, tmp_path: Path) -> None:
    with pytest.raises(HvdeskError) as info:
        aio.run(inspect_image(str(tmp_path / "missing.vmdk")))
    assert not isinstance(info.value, ImageRefused)
    assert "No such file or directory" in info.value.sentence()


def test_names_with_a_protocol_are_told_from_paths() -> None:
    assert has_protocol("nbd://host/x") and has_protocol("json:{}") and has_protocol("a:b/c")
    assert not has_protocol("/abs/a:b") and not has_protocol("rel/a:b") and not has_protocol("x")


# ---- acceptance -------------------------------------------------------------------------


def test_only_exactly_the_list_shown_is_accepted(aio: Any, tmp_path: Path) -> None:
    chain = aio.run(inspect_image(str(backing_image(tmp_path))))
    secret = str(tmp_path / "secret.txt")
    problem = references_problem(chain, ())
    assert problem == (
        f"{chain.path} also reads other files: {secret}. hvdesk reads no file you were not "
        "shown: tick “Also read these files” only if you trust them, or choose another image."
    )
    assert references_problem(chain, (secret,)) == ""
    assert references_problem(chain, (secret, "/etc/hostname")) == problem
    plain = ImageChain((Layer("/x.raw", "raw", 1),))
    assert references_problem(plain, ()) == ""


def test_a_change_after_inspection_is_named(aio: Any, tmp_path: Path) -> None:
    image = download_dir(tmp_path) / "clean.qcow2"
    qemu_img("create", "-q", "-f", "qcow2", image, "1M")
    seen = aio.run(inspect_image(str(image)))
    assert seen.files == ()
    secret_file(tmp_path)
    qemu_img("rebase", "-u", "-f", "qcow2", "-b", "../secret.txt", "-F", "raw", image)
    now = aio.run(inspect_image(str(image)))
    assert changed_problem(seen, now) == (
        f"{image} changed since you chose it (it now reads: {tmp_path / 'secret.txt'}): "
        "choose it again to see what it holds now."
    )
    assert changed_problem(now, aio.run(inspect_image(str(image)))) == ""


# ---- another computer: the host's storage pools ----------------------------------------


@pytest.fixture
def pool_host(aio: Any) -> Iterator[Connection]:
    conn = Connection(f"test://{NEWVM_HOST}")
    assert aio.run(conn.open()), conn.status_text()
    yield conn
    aio.run(conn.close())


def make_volume(aio: Any, conn: Connection, name: str, fmt: str, backing: str = "") -> str:
    backing_xml = (
        f"<backingStore><path>{backing}</path><format type='qcow2'/></backingStore>"
        if backing
        else ""
    )
    xml = (
        f"<volume><name>{name}</name><capacity unit='bytes'>{8 * 1024**2}</capacity>"
        f"<target><format type='{fmt}'/></target>{backing_xml}</volume>"
    )
    path: str = aio.run(
        conn.call(lambda c: c.storagePoolLookupByName("default").createXML(xml, 0).path())
    )
    return path


def test_a_volume_is_described_by_its_host(aio: Any, pool_host: Connection) -> None:
    from hvdesk.core.image_chain import volume_chain

    base = make_volume(aio, pool_host, "base.qcow2", "qcow2")
    top = make_volume(aio, pool_host, "top.qcow2", "qcow2", backing=base)
    chain = aio.run(pool_host.call(lambda c: volume_chain(c, top)))
    assert [(layer.path, layer.format) for layer in chain.layers] == [
        (f"{POOL_DIR}/top.qcow2", "qcow2"),
        (f"{POOL_DIR}/base.qcow2", "qcow2"),
    ]
    assert chain.files == (base,)
    with pytest.raises(ImageRefused) as info:
        aio.run(pool_host.call(lambda c: volume_chain(c, "/srv/elsewhere/disk.img")))
    assert "On that host /srv/elsewhere/disk.img is in no storage pool, so nothing can tell" in (
        info.value.sentence()
    )
