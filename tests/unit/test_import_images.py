"""Creating a VM from an image from outside (convert or in place): no file the user was
not shown reaches a guest, an image is inspected again right before it is read, a file
in another VM's chain is never taken as a writable disk, and on another computer the
format comes from the host. Real qemu-img, real files, libvirt's test driver."""

from __future__ import annotations

import socket
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from hvdesk.core import events
from hvdesk.core.connection import Connection
from hvdesk.core.disk_usage import read_disk_usage
from hvdesk.core.errors import HvdeskError
from hvdesk.core.hostfacts import probe_host
from hvdesk.core.image_chain import inspect_image
from hvdesk.core.newvm import Field, ImportDisk, NewVmSpec, create_vm, validate
from hvdesk.core.osinfo import GENERIC
from tests.support.daemon import PrivateLibvirtd
from tests.support.images import (
    SECRET,
    backing_image,
    data_file_image,
    download_dir,
    extent_descriptor,
    guest_bytes,
    linked_pair,
    qemu_img,
    secret_file,
)

NEWVM_HOST = Path(__file__).resolve().parents[1] / "fixtures" / "newvm-host.xml"
HOSTILE: dict[str, Callable[[Path], Path]] = {
    "backing": backing_image,
    "extent": extent_descriptor,
    "data-file": data_file_image,
}


@pytest.fixture
def conn(aio: Any) -> Iterator[Connection]:
    connection = Connection(f"test://{NEWVM_HOST}")
    assert aio.run(connection.open()), connection.status_text()
    yield connection
    aio.run(connection.close())


def domain_names(aio: Any, conn: Connection) -> set[str]:
    names: list[str] = aio.run(conn.call(lambda c: [d.name() for d in c.listAllDomains(0)]))
    return set(names)


def disk_driver(aio: Any, conn: Connection, name: str) -> tuple[str, str]:
    """(source file, driver type) of the VM's first disk, as libvirt keeps it."""
    xml: str = aio.run(conn.call(lambda c: c.lookupByName(name).XMLDesc(0)))
    disk = ET.fromstring(xml).find("devices/disk[@device='disk']")
    assert disk is not None
    return disk.find("source").get("file", ""), disk.find("driver").get("type", "")  # type: ignore[union-attr]


def define_disk_vm(aio: Any, conn: Connection, name: str, path: Path, fmt: str = "qcow2") -> None:
    """A VM whose disk is `path`, defined as virt-install or hvdesk would: no
    <backingStore> (libvirt leaves an inactive VM's chain out of its XML)."""
    xml = (
        f"<domain type='test'><name>{name}</name><memory unit='MiB'>64</memory>"
        "<os><type arch='x86_64'>hvm</type></os><devices><disk type='file' device='disk'>"
        f"<driver name='qemu' type='{fmt}'/><source file='{path}'/>"
        "<target dev='vda' bus='virtio'/></disk></devices></domain>"
    )
    aio.run(conn.call(lambda c: c.defineXML(xml)))
    aio.wait_until(lambda: any(vm.name == name for vm in conn.vms.values()))


# ---- an image that names a host file ------------------------------------------------------


@pytest.mark.parametrize("convert", [True, False], ids=["convert", "in-place"])
@pytest.mark.parametrize("kind", list(HOSTILE))
def test_an_image_that_reads_a_host_file_is_refused_and_nothing_is_made(
    aio: Any, conn: Connection, tmp_path: Path, kind: str, convert: bool
) -> None:
    image = HOSTILE[kind](tmp_path)
    images = tmp_path / "vms"
    spec = NewVmSpec("imported", GENERIC, 256, 1, disk=ImportDisk(str(image), convert, str(images)))
    try:
        aio.run(create_vm(spec, conn))
    except HvdeskError as exc:
        sentence = exc.sentence()
    else:
        if convert:  # what happened before: the guest's disk began with the host file
            leaked = SECRET[:64] in guest_bytes(images / "imported.qcow2", tmp_path)
            pytest.fail(f"the image was imported; the secret reached the guest disk: {leaked}")
        pytest.fail(f"the image was defined in place as {disk_driver(aio, conn, 'imported')}")
    secret = tmp_path / "secret.txt"
    assert sentence.startswith("Could not create 'imported'. ")
    assert f"also reads other files: {secret}." in sentence
    assert "tick “Also read these files” only if you trust them" in sentence
    assert sentence.endswith("Nothing was left behind.")
    assert not images.exists()
    assert "imported" not in domain_names(aio, conn)
    assert secret.read_bytes()[: len(SECRET)] == SECRET  # and nothing wrote to it


def test_the_list_the_user_accepted_is_read_and_nothing_else(
    aio: Any, conn: Connection, tmp_path: Path
) -> None:
    image = backing_image(tmp_path)
    chain = aio.run(inspect_image(str(image)))
    images = tmp_path / "vms"
    accepted = ImportDisk(str(image), True, str(images), chain, chain.files)
    aio.run(create_vm(NewVmSpec("trusted", GENERIC, 256, 1, disk=accepted), conn))
    assert "trusted" in domain_names(aio, conn)
    disk = images / "trusted.qcow2"
    assert guest_bytes(disk, tmp_path).startswith(SECRET)  # the user asked for it
    assert aio.run(inspect_image(str(disk))).files == ()  # the copy stands alone

    other = ImportDisk(str(image), True, str(images), chain, (*chain.files, "/etc/hostname"))
    with pytest.raises(HvdeskError, match="also reads other files"):
        aio.run(create_vm(NewVmSpec("other", GENERIC, 256, 1, disk=other), conn))
    assert not (images / "other.qcow2").exists()


def test_an_image_changed_after_it_was_shown_is_refused(
    aio: Any, conn: Connection, tmp_path: Path
) -> None:
    image = download_dir(tmp_path) / "clean.qcow2"
    qemu_img("create", "-q", "-f", "qcow2", image, "1M")
    shown = aio.run(inspect_image(str(image)))
    secret_file(tmp_path)
    # Between the wizard's look and Create, the file gains a backing file.
    qemu_img("rebase", "-u", "-f", "qcow2", "-b", "../secret.txt", "-F", "raw", image)
    images = tmp_path / "vms"
    spec = NewVmSpec("late", GENERIC, 256, 1, disk=ImportDisk(str(image), True, str(images), shown))
    with pytest.raises(HvdeskError) as info:
        aio.run(create_vm(spec, conn))
    assert f"{image} changed since you chose it (it now reads: {tmp_path / 'secret.txt'})" in (
        info.value.sentence()
    )
    assert not images.exists() and "late" not in domain_names(aio, conn)


# ---- another VM's chain -------------------------------------------------------------------


def test_a_linked_clones_base_is_never_taken_in_place(
    aio: Any, conn: Connection, tmp_path: Path
) -> None:
    base, overlay = linked_pair(tmp_path)
    define_disk_vm(aio, conn, "clone", overlay)
    spec = NewVmSpec("thief", GENERIC, 256, 1, disk=ImportDisk(str(base), False))
    with pytest.raises(HvdeskError) as info:
        aio.run(create_vm(spec, conn))
    assert (
        f"{base} is a base image other VMs are built on ('clone'): writing to it would "
        "corrupt their disks" in info.value.sentence()
    )
    assert "thief" not in domain_names(aio, conn)
    # The wizard knows it before Create: it reads the chains with the image.
    host = aio.run(probe_host(conn))
    usage = aio.run(read_disk_usage(conn))
    chain = aio.run(inspect_image(str(base)))
    shown = NewVmSpec("thief", GENERIC, 256, 1, disk=ImportDisk(str(base), False, "", chain))
    assert validate(shown, conn, host, usage)[Field.IMPORT].startswith(
        f"{base} is a base image other VMs are built on ('clone')"
    )


def test_an_image_built_on_another_vms_writable_disk_is_not_taken_in_place(
    aio: Any, conn: Connection, tmp_path: Path
) -> None:
    base, overlay = linked_pair(tmp_path)
    define_disk_vm(aio, conn, "owner", base)  # owner still writes to the base
    chain = aio.run(inspect_image(str(overlay)))
    disk = ImportDisk(str(overlay), False, "", chain, chain.files)
    with pytest.raises(HvdeskError) as info:
        aio.run(create_vm(NewVmSpec("second", GENERIC, 256, 1, disk=disk), conn))
    assert f"{overlay} is built on {base}, which 'owner' writes to" in info.value.sentence()
    assert "second" not in domain_names(aio, conn)


# ---- another computer: the format from the host's pool ------------------------------------


@pytest.fixture
def remote(aio: Any) -> Iterator[Connection]:
    """A host reached over TCP (hvdesk treats it as another computer): a private
    libvirtd's test driver, whose pool "default-pool" lives at /default-pool."""
    events.ensure_event_loop()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with PrivateLibvirtd(tcp_port=port) as daemon:
        connection = Connection(daemon.tcp_uri_for("test:///default"))
        assert aio.run(connection.open()), connection.status_text()
        yield connection
        aio.run(connection.close())


def test_on_another_computer_an_image_in_place_takes_the_hosts_format(
    aio: Any, remote: Connection
) -> None:
    xml = (
        "<volume><name>appliance.qcow2</name><capacity unit='bytes'>16777216</capacity>"
        "<target><format type='qcow2'/></target></volume>"
    )
    path: str = aio.run(
        remote.call(lambda c: c.storagePoolLookupByName("default-pool").createXML(xml, 0).path())
    )
    host = aio.run(probe_host(remote))
    assert not host.local
    aio.run(create_vm(NewVmSpec("far", GENERIC, 64, 1, disk=ImportDisk(path, False)), remote,
                      host=host))  # fmt: skip
    assert disk_driver(aio, remote, "far") == (path, "qcow2")  # not assumed raw


def test_on_another_computer_an_image_outside_the_pools_is_refused(
    aio: Any, remote: Connection
) -> None:
    host = aio.run(probe_host(remote))
    spec = NewVmSpec("far", GENERIC, 64, 1, disk=ImportDisk("/srv/images/appliance.qcow2", False))
    with pytest.raises(HvdeskError) as info:
        aio.run(create_vm(spec, remote, host=host))
    assert (
        "On that host /srv/images/appliance.qcow2 is in no storage pool, so nothing can tell "
        "its format; put it in a pool's folder and refresh the pool"
    ) in info.value.sentence()
    assert info.value.sentence().endswith("Nothing was left behind.")
    assert "far" not in domain_names(aio, remote)
