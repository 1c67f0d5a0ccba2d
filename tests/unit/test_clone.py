"""Cloning: the XML rewrite (pure), full and linked clones with real qemu-img files on the
test driver, and rollback on cancel and failure."""

from __future__ import annotations

import asyncio
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

from hvdesk.core import clone, storage
from hvdesk.core.clone import CloneMode, MacPolicy
from hvdesk.core.connection import Connection
from hvdesk.core.errors import HvdeskError
from hvdesk.core.storage import Cancelled
from hvdesk.core.vm import VirtualMachine

SOURCE_XML = """<domain type='test'>
  <name>src</name>
  <uuid>aaaaaaaa-1111-4111-8111-111111111111</uuid>
  <metadata><other:x xmlns:other="http://example.org/other">keep</other:x></metadata>
  <memory unit='MiB'>64</memory>
  <os><type arch='x86_64'>hvm</type>
    <loader readonly='yes' type='pflash'>/usr/share/OVMF/OVMF_CODE.fd</loader>
    <nvram>/var/lib/nvram/src_VARS.fd</nvram></os>
  <devices>
    <disk type='file' device='disk'><driver name='qemu' type='raw'/>
      <source file='{a}'/><target dev='vda' bus='virtio'/></disk>
    <disk type='file' device='disk'><driver name='qemu' type='qcow2'/>
      <source file='{b}'/><target dev='vdb' bus='virtio'/></disk>
    <disk type='file' device='disk'><driver name='qemu' type='raw'/>
      <source file='/srv/shared.img'/><target dev='vdc' bus='virtio'/><shareable/></disk>
    <disk type='file' device='cdrom'><driver name='qemu' type='raw'/>
      <source file='/srv/install.iso'/><target dev='sda' bus='sata'/><readonly/></disk>
    <interface type='user'><mac address='52:54:00:12:34:56'/><model type='virtio'/></interface>
    <graphics type='vnc' socket='/run/src.vnc'/>
    <unknown-device flavour='mint'/>
  </devices>
</domain>"""


def make_image(path: Path, fmt: str, size: str = "4M") -> None:
    subprocess.run(["qemu-img", "create", "-q", "-f", fmt, str(path), size], check=True)


def define_source(aio: Any, conn: Connection, tmp_path: Path) -> VirtualMachine:
    make_image(tmp_path / "a.img", "raw")
    make_image(tmp_path / "b.qcow2", "qcow2")
    xml = SOURCE_XML.format(a=tmp_path / "a.img", b=tmp_path / "b.qcow2")
    xml = xml.replace("aaaaaaaa-1111", "bbbbbbbb-1111")
    uid = aio.run(conn.call(lambda c: c.defineXML(xml).UUIDString()))
    aio.wait_until(lambda: uid in conn.vms)
    return conn.vms[uid]


def test_the_clone_xml_changes_only_what_must_differ(tmp_path: Path) -> None:
    xml = SOURCE_XML.format(a=tmp_path / "a.img", b=tmp_path / "b.qcow2")
    disks = clone.plan_disks(xml, "copy", CloneMode.FULL)
    copied = {d.target: d.new_path for d in disks if d.copy}
    assert copied == {
        "vda": str(tmp_path / "copy-vda.qcow2"),
        "vdb": str(tmp_path / "copy-vdb.qcow2"),
    }
    assert {d.target for d in disks if not d.copy} == {"vdc", "sda"}
    root = ET.fromstring(clone.clone_xml(xml, "copy", disks, MacPolicy.NEW))
    assert root.findtext("name") == "copy" and root.find("uuid") is None
    sources = {
        d.find("target").get("dev"): (d.find("source").get("file"), d.find("driver").get("type"))  # type: ignore[union-attr]
        for d in root.iterfind("devices/disk")
    }
    assert sources["vda"] == (str(tmp_path / "copy-vda.qcow2"), "qcow2")
    assert sources["vdc"] == ("/srv/shared.img", "raw")  # shareable: shared
    assert sources["sda"] == ("/srv/install.iso", "raw")  # media: shared
    assert root.find("devices/interface/mac") is None  # libvirt makes a new one
    graphics = root.find("devices/graphics")
    assert graphics is not None and graphics.get("socket") is None
    assert root.find("os/nvram") is None and root.find("os/loader") is not None
    assert root.find("devices/unknown-device").get("flavour") == "mint"  # type: ignore[union-attr]
    assert "keep" in ET.tostring(root.find("metadata"), encoding="unicode")  # type: ignore[arg-type]
    kept = ET.fromstring(clone.clone_xml(xml, "copy", disks, MacPolicy.KEEP))
    assert kept.find("devices/interface/mac").get("address") == "52:54:00:12:34:56"  # type: ignore[union-attr]


def test_network_disks_are_refused_with_a_reason() -> None:
    xml = (
        "<domain><name>n</name><devices><disk type='network' device='disk'>"
        "<source protocol='nbd' name='x'/><target dev='vda'/></disk></devices></domain>"
    )
    with pytest.raises(HvdeskError, match="Disk vda cannot be cloned"):
        clone.plan_disks(xml, "copy", CloneMode.FULL)


def test_full_clone_copies_writable_disks(aio: Any, host: Connection, tmp_path: Path) -> None:
    source = define_source(aio, host, tmp_path)
    steps: list[tuple[float | None, str]] = []
    uuid = aio.run(clone.clone_vm(source, "copy", progress=lambda f, t: steps.append((f, t))))
    aio.wait_until(lambda: uuid in host.vms)
    copy = host.vms[uuid]
    assert copy.name == "copy" and uuid != source.uuid
    paths = {d.target: d.source for d in copy.config.disks}
    for target in ("vda", "vdb"):
        info = aio.run(storage.image_info(paths[target]))
        assert info.format == "qcow2" and info.backing_file == ""
        assert storage.is_private(paths[target])
    assert paths["vdc"] == "/srv/shared.img"
    assert copy.config.nics[0].mac != "52:54:00:12:34:56"
    assert any(t.startswith("Copying") for _, t in steps)
    assert clone.suggest_name(source) == "src Clone"
    with pytest.raises(HvdeskError, match="already has a virtual machine named 'copy'"):
        aio.run(clone.clone_vm(source, "copy"))


def test_linked_clones_need_the_qemu_driver(aio: Any, host: Connection, tmp_path: Path) -> None:
    source = define_source(aio, host, tmp_path)
    before = sorted(p.name for p in tmp_path.iterdir())
    assert "QEMU driver" in clone.linked_blocker(source)
    with pytest.raises(HvdeskError, match="QEMU driver"):
        aio.run(clone.clone_vm(source, "linked", CloneMode.LINKED))
    assert sorted(p.name for p in tmp_path.iterdir()) == before


def test_cancel_leaves_nothing_behind(aio: Any, host: Connection, tmp_path: Path) -> None:
    source = define_source(aio, host, tmp_path)
    before = sorted(p.name for p in tmp_path.iterdir())
    cancel = asyncio.Event()

    def progress(_fraction: float | None, text: str) -> None:
        if "b.qcow2" in text:  # the first disk is copied by then
            cancel.set()

    with pytest.raises(Cancelled, match="cancelled"):
        aio.run(clone.clone_vm(source, "gone", progress=progress, cancel=cancel))
    assert sorted(p.name for p in tmp_path.iterdir()) == before
    assert "gone" not in {vm.name for vm in host.vms.values()}


def test_a_failed_define_removes_the_copies(aio: Any, host: Connection, tmp_path: Path) -> None:
    source = define_source(aio, host, tmp_path)
    before = sorted(p.name for p in tmp_path.iterdir())
    # A name libvirt's test driver refuses only at define time would be racy; a file in
    # the way of the second disk fails the copy after the first one was made.
    (tmp_path / "blocked-vdb.qcow2").write_text("someone else's")
    with pytest.raises(HvdeskError, match="already exists"):
        aio.run(clone.clone_vm(source, "blocked"))
    assert sorted(p.name for p in tmp_path.iterdir()) == [*before, "blocked-vdb.qcow2"]
    assert (tmp_path / "blocked-vdb.qcow2").read_text() == "someone else's"


def test_a_running_vm_is_not_cloned(aio: Any, host: Connection) -> None:
    web = next(vm for vm in host.vms.values() if vm.name == "web")
    assert "Shut 'web' down first" in clone.clone_problem(web, "web2")


def test_a_disk_is_copied_in_the_format_its_definition_names_never_a_probed_one(
    aio: Any, host: Connection, tmp_path: Path
) -> None:
    """A disk whose definition names no format is raw to libvirt's QEMU driver. The guest
    may have written a qcow2 header into it whose backing file is any file on the host:
    probing would copy that file into the clone."""
    secret = tmp_path / "secret.raw"
    secret.write_bytes(b"TOPSECRET" * 1000)
    disk = tmp_path / "guest-written.img"
    subprocess.run(
        ["qemu-img", "create", "-q", "-f", "qcow2", "-F", "raw", "-b", str(secret), str(disk)],
        check=True,
    )
    xml = f"""<domain type='test'><name>probe-me</name><memory unit='MiB'>64</memory>
      <os><type arch='x86_64'>hvm</type></os><devices>
      <disk type='file' device='disk'><source file='{disk}'/><target dev='vda'/></disk>
      </devices></domain>"""
    uid = aio.run(host.call(lambda c: c.defineXML(xml).UUIDString()))
    aio.wait_until(lambda: uid in host.vms)
    assert clone.plan_disks(xml, "copy", CloneMode.FULL)[0].source_format == "raw"
    uuid = aio.run(clone.clone_vm(host.vms[uid], "copy"))
    aio.wait_until(lambda: uuid in host.vms)
    copy = next(d.source for d in host.vms[uuid].config.disks)
    seen = tmp_path / "seen.raw"
    subprocess.run(["qemu-img", "convert", "-f", "qcow2", "-O", "raw", copy, str(seen)], check=True)
    data = seen.read_bytes()
    assert data.startswith(b"QFI\xfb")  # the guest's bytes, as they are
    assert b"TOPSECRET" not in data
