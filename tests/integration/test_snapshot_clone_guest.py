"""Snapshots and clones of the tiny guest on the embedded QEMU driver, under TCG: a
snapshot of the running guest (memory included) and a revert to it; full and linked
clones that boot."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import libvirt
import pytest

from hvdesk.core import clone, snapshots, storage
from hvdesk.core.clone import CloneMode
from hvdesk.core.connection import Connection
from hvdesk.core.rename import rename_vm
from hvdesk.core.vm import VirtualMachine, VmState
from tests.guest.build import READY_MARKER, GuestImage
from tests.guest.domain import guest_domain_xml
from tests.support.embedded import remove_all_vms, shared_connection

pytestmark = pytest.mark.integration

KEY_H = 35  # Linux input keycode; the guest echoes it to its serial port as KEY:h


@pytest.fixture
def embedded(aio: Any, embed_root: Path) -> Iterator[Connection]:
    conn = shared_connection(aio, embed_root)
    yield conn
    remove_all_vms(aio, conn, embed_root)


def serial_text(path: Path) -> str:
    return path.read_text(errors="replace") if path.exists() else ""


def define_guest(
    aio: Any, conn: Connection, image: GuestImage, root: Path, name: str
) -> tuple[VirtualMachine, Path]:
    disk = root / f"{name}.qcow2"
    subprocess.run(["qemu-img", "create", "-q", "-f", "qcow2", str(disk), "16M"], check=True)
    serial = root / f"{name}.serial"
    xml = guest_domain_xml(name, image, serial_log=serial, disk=disk)
    uuid = aio.run(conn.call(lambda c: c.defineXML(xml).UUIDString()))
    aio.wait_until(lambda: uuid in conn.vms)
    return conn.vms[uuid], serial


def test_snapshot_of_the_running_guest_and_revert(
    aio: Any, embedded: Connection, guest_image: GuestImage, embed_root: Path
) -> None:
    vm, serial = define_guest(aio, embedded, guest_image, embed_root, "snappy")
    assert snapshots.snapshot_blocker(vm) == ""
    aio.run(vm.start())
    aio.wait_until(lambda: READY_MARKER in serial_text(serial), timeout=90)

    aio.run(snapshots.take_snapshot(vm, "booted", "the guest at its prompt"), timeout=120)
    tree = aio.run(snapshots.list_snapshots(vm))
    booted = tree.snapshots["booted"]
    assert tree.current == "booted" and booted.state == "running" and booted.has_memory
    assert booted.memory_bytes and booted.memory_bytes > 1024 * 1024  # read by qemu-img
    aio.wait_until(lambda: embedded.vms[vm.uuid].state is VmState.RUNNING)

    aio.run(vm.force_off())
    assert embedded.vms[vm.uuid].state is VmState.SHUTOFF
    aio.run(snapshots.revert_to(vm, "booted", save_current_as="off"), timeout=120)
    aio.wait_until(lambda: embedded.vms[vm.uuid].state is VmState.RUNNING)
    # The guest resumed from memory: it answers a key without booting again.
    aio.run(
        embedded.call_domain(
            vm.uuid, lambda d: d.sendKey(libvirt.VIR_KEYCODE_SET_LINUX, 0, [KEY_H], 1, 0)
        )
    )
    aio.wait_until(lambda: "KEY:h" in serial_text(serial), timeout=60)
    assert serial_text(serial).count(READY_MARKER) <= 1
    tree = aio.run(snapshots.list_snapshots(vm))
    assert set(tree.snapshots) == {"booted", "off"}
    assert tree.snapshots["off"].state == "shutoff" and not tree.snapshots["off"].has_memory

    aio.run(snapshots.delete_snapshot(vm, "off"), timeout=60)
    assert set(aio.run(snapshots.list_snapshots(vm)).snapshots) == {"booted"}
    aio.run(vm.force_off())
    aio.run(rename_vm(embedded.vms[vm.uuid], "renamed"))  # libvirt 9.0 keeps the snapshots
    aio.wait_until(lambda: embedded.vms[vm.uuid].name == "renamed")
    renamed = embedded.vms[vm.uuid]
    assert set(aio.run(snapshots.list_snapshots(renamed)).snapshots) == {"booted"}


def test_raw_disks_refuse_snapshots_in_a_sentence(
    aio: Any, embedded: Connection, guest_image: GuestImage, embed_root: Path
) -> None:
    disk = embed_root / "raw.img"
    subprocess.run(["qemu-img", "create", "-q", "-f", "raw", str(disk), "4M"], check=True)
    xml = guest_domain_xml("rawdisk", guest_image, serial_log=embed_root / "raw.serial")
    xml = xml.replace(
        "</devices>",
        "<disk type='file' device='disk'><driver name='qemu' type='raw'/>"
        f"<source file='{disk}'/><target dev='vdb' bus='virtio'/></disk></devices>",
    )
    uuid = aio.run(embedded.call(lambda c: c.defineXML(xml).UUIDString()))
    aio.wait_until(lambda: uuid in embedded.vms)
    assert "vdb (raw)" in snapshots.snapshot_blocker(embedded.vms[uuid])
    aio.run(rename_vm(embedded.vms[uuid], "raw disk"))  # the QEMU driver renames
    aio.wait_until(lambda: embedded.vms[uuid].name == "raw disk")


def test_full_and_linked_clones_boot(
    aio: Any, embedded: Connection, guest_image: GuestImage, embed_root: Path
) -> None:
    source, serial = define_guest(aio, embedded, guest_image, embed_root, "original")
    original_disk = embed_root / "original.qcow2"

    full_uuid = aio.run(clone.clone_vm(source, "full-copy"), timeout=120)
    aio.wait_until(lambda: full_uuid in embedded.vms)
    full = embedded.vms[full_uuid]
    full_disk = next(d.source for d in full.config.disks if d.device == "disk")
    assert full_disk == str(embed_root / "full-copy.qcow2")
    assert aio.run(storage.image_info(full_disk)).backing_file == ""
    aio.run(full.start())
    aio.wait_until(lambda: READY_MARKER in serial_text(serial), timeout=90)
    aio.run(full.force_off())

    linked_uuid = aio.run(clone.clone_vm(source, "linked-copy", CloneMode.LINKED), timeout=120)
    aio.wait_until(lambda: linked_uuid in embedded.vms)
    linked = embedded.vms[linked_uuid]
    linked_disk = next(d.source for d in linked.config.disks if d.device == "disk")
    info = aio.run(storage.image_info(linked_disk))
    assert info.backing_file == str(original_disk)
    # The original went on an overlay of its own: the base stays as the clone saw it.
    aio.wait_until(
        lambda: (
            next(d.source for d in embedded.vms[source.uuid].config.disks if d.device == "disk")
            == str(embed_root / "original-1.qcow2")
        )
    )
    own_overlay = aio.run(storage.image_info(embed_root / "original-1.qcow2"))
    assert own_overlay.backing_file == str(original_disk)
    names = aio.run(snapshots.snapshot_names(embedded.vms[source.uuid]))
    assert names == ["Base of linked-copy"]
    serial.unlink()
    aio.run(linked.start())
    aio.wait_until(lambda: READY_MARKER in serial_text(serial), timeout=90)
    aio.run(linked.force_off())
    serial.unlink()
    aio.run(embedded.vms[source.uuid].start())  # the original still boots, on its overlay
    aio.wait_until(lambda: READY_MARKER in serial_text(serial), timeout=90)
