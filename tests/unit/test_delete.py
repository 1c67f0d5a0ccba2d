"""Delete (DESIGN rule 4): never remove a disk another VM uses, never leave a half-deleted VM."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import libvirt
import pytest

from hvdesk.core.connection import Connection
from hvdesk.core.domain_info import Disk
from hvdesk.core.errors import HvdeskError
from hvdesk.core.vm import DeleteResult, VirtualMachine, VmState
from tests.support.core import vm_named
from tests.support.images import linked_pair, qemu_img

SHARED = "/var/lib/hvdesk-test/shared.qcow2"
NEWVM_HOST = Path(__file__).resolve().parents[1] / "fixtures" / "newvm-host.xml"


def defined_names(aio: Any, conn: Connection) -> set[str]:
    """Asked of libvirt, not of hvdesk's list."""
    names: list[str] = aio.run(conn.call(lambda c: [d.name() for d in c.listAllDomains(0)]))
    return set(names)


def define(
    aio: Any, conn: Connection, name: str, disks: list[Path], fmt: str = "raw", below: str = ""
) -> VirtualMachine:
    """A VM with these disks; `below`: <backingStore> XML, as libvirt gives a running VM."""
    devices = "".join(
        f"<disk type='file' device='disk'><driver name='qemu' type='{fmt}'/>"
        f"<source file='{path}'/>{below}<target dev='vd{chr(ord('a') + i)}' bus='virtio'/></disk>"
        for i, path in enumerate(disks)
    )
    xml = (
        f"<domain type='test'><name>{name}</name><memory unit='MiB'>64</memory>"
        f"<os><type arch='x86_64'>hvm</type></os><devices>{devices}</devices></domain>"
    )
    uid = aio.run(conn.call(lambda c: c.defineXML(xml).UUIDString()))
    aio.wait_until(lambda: uid in conn.vms)
    return conn.vms[uid]


# ---- the plan --------------------------------------------------------------------------


def test_plan_keeps_a_disk_shared_with_another_vm(host: Connection) -> None:
    plan = vm_named(host, "db").plan_delete()
    assert [d.source for d in plan.removable] == ["/var/lib/hvdesk-test/db-data.img"]
    assert [(d.source, users) for d, users in plan.shared] == [(SHARED, ("web",))]


def test_plan_never_offers_cdrom_media(host: Connection) -> None:
    plan = vm_named(host, "web").plan_delete()
    assert plan.removable == ()  # its only disk is shared, its ISO is a CD-ROM
    assert [(d.source, users) for d, users in plan.shared] == [(SHARED, ("db",))]


def test_plan_of_a_vm_without_disks(host: Connection) -> None:
    plan = vm_named(host, "kernel").plan_delete()
    assert (plan.removable, plan.shared) == ((), ())


def test_plan_lists_every_user_of_a_shared_disk(aio: Any, host: Connection, tmp_path: Path) -> None:
    define(aio, host, "third", [Path(SHARED)])
    plan = vm_named(host, "db").plan_delete()
    assert [(d.source, users) for d, users in plan.shared] == [(SHARED, ("third", "web"))]


# ---- refusals --------------------------------------------------------------------------


def test_delete_of_a_running_vm_is_refused(aio: Any, host: Connection) -> None:
    vm = vm_named(host, "web")
    with pytest.raises(HvdeskError) as info:
        aio.run(vm.delete())
    assert info.value.sentence() == (
        "'web' is running and was not deleted. Shut it down or force it off first."
    )
    assert "web" in defined_names(aio, host)
    assert host.vms[vm.uuid] is vm


def test_delete_of_a_paused_vm_is_refused(aio: Any, host: Connection) -> None:
    vm = vm_named(host, "paused")
    with pytest.raises(HvdeskError, match="was not deleted"):
        aio.run(vm.delete())
    assert "paused" in defined_names(aio, host)


def test_refused_disk_raises_before_anything_is_undefined(
    aio: Any, host: Connection, tmp_path: Path
) -> None:
    own, shared = tmp_path / "own.img", tmp_path / "shared.img"
    own.write_bytes(b"own")
    shared.write_bytes(b"shared")
    victim = define(aio, host, "victim", [own, shared])
    define(aio, host, "neighbour", [shared])

    shared_disk = next(d for d in victim.config.disks if d.source == str(shared))
    own_disk = next(d for d in victim.config.disks if d.source == str(own))
    with pytest.raises(HvdeskError) as info:
        aio.run(victim.delete(remove_disks=(own_disk, shared_disk)))
    assert info.value.what == "'victim' was not deleted"
    assert str(shared) in info.value.detail
    assert info.value.sentence().endswith("remove it from the other VM first.")
    assert {"victim", "neighbour"} <= defined_names(aio, host)
    assert host.vms[victim.uuid] is victim
    assert own.read_bytes() == b"own" and shared.read_bytes() == b"shared"


def test_a_disk_that_is_not_the_vms_own_is_refused(
    aio: Any, host: Connection, tmp_path: Path
) -> None:
    stranger = tmp_path / "stranger.img"
    stranger.write_bytes(b"x")
    vm = define(aio, host, "plain", [])
    disk = Disk("disk", "vdz", "virtio", str(stranger), "file", "raw", False)
    with pytest.raises(HvdeskError, match="was not deleted"):
        aio.run(vm.delete(remove_disks=(disk,)))
    assert stranger.exists()
    assert "plain" in defined_names(aio, host)


# ---- deleting --------------------------------------------------------------------------


def test_delete_removes_own_disk_files_but_never_the_shared_one(
    aio: Any, host: Connection, tmp_path: Path
) -> None:
    own, shared = tmp_path / "own.img", tmp_path / "shared.img"
    own.write_bytes(b"own")
    shared.write_bytes(b"shared")
    victim = define(aio, host, "victim", [own, shared])
    neighbour = define(aio, host, "neighbour", [shared])
    removed: list[VirtualMachine] = []
    host.vmRemoved.connect(removed.append)

    plan = victim.plan_delete()
    assert [d.source for d in plan.removable] == [str(own)]
    assert [(d.source, users) for d, users in plan.shared] == [(str(shared), ("neighbour",))]

    result = aio.run(victim.delete(remove_disks=plan.removable))
    assert result == DeleteResult(removed=(str(own),), failed=())
    assert not own.exists()
    assert shared.read_bytes() == b"shared"
    assert "victim" not in defined_names(aio, host)
    aio.wait_until(lambda: victim.uuid not in host.vms)
    assert removed == [victim]
    assert host.vms[neighbour.uuid] is neighbour
    # Once the victim is gone the neighbour owns the disk alone.
    assert [d.source for d in neighbour.plan_delete().removable] == [str(shared)]


def test_delete_keeping_disks(aio: Any, host: Connection, tmp_path: Path) -> None:
    own = tmp_path / "keep.img"
    own.write_bytes(b"keep")
    vm = define(aio, host, "keeper", [own])
    assert aio.run(vm.delete()) == DeleteResult(removed=(), failed=())
    assert own.read_bytes() == b"keep"
    assert "keeper" not in defined_names(aio, host)


def test_a_disk_file_already_gone_is_reported_not_fatal(
    aio: Any, host: Connection, tmp_path: Path
) -> None:
    ghost = tmp_path / "ghost.img"  # never created
    vm = define(aio, host, "ghostly", [ghost])
    result = aio.run(vm.delete(remove_disks=vm.plan_delete().removable))
    assert result.removed == ()
    assert result.failed == ((str(ghost), "the file no longer exists"),)
    assert "ghostly" not in defined_names(aio, host)


def test_delete_a_shut_off_fixture_vm(aio: Any, host: Connection) -> None:
    vm = vm_named(host, "secure")
    assert aio.run(vm.delete()) == DeleteResult(removed=(), failed=())
    aio.wait_until(lambda: vm.uuid not in host.vms)
    assert "secure" not in defined_names(aio, host)


def test_delete_a_vm_with_saved_state(aio: Any, host: Connection) -> None:
    vm = vm_named(host, "saved")
    assert vm.state is VmState.SAVED
    aio.run(vm.delete())
    aio.wait_until(lambda: vm.uuid not in host.vms)
    assert "saved" not in defined_names(aio, host)


def test_delete_of_a_vm_that_started_meanwhile(aio: Any, host: Connection) -> None:
    """hvdesk's state is stale (a start it has not heard of yet): libvirt decides."""
    vm = vm_named(host, "db")

    def start_behind_hvdesks_back(c: libvirt.virConnect) -> None:
        c.lookupByUUIDString(vm.uuid).create()

    aio.run(host.call(start_behind_hvdesks_back))
    # hvdesk may or may not have seen the event yet; the delete must be refused either way.
    with pytest.raises(HvdeskError, match="not deleted"):
        aio.run(vm.delete())
    assert "db" in defined_names(aio, host)


# ---- chains: a linked clone's base is never removed (nor offered) ----------------------


def test_a_disk_a_linked_clone_is_built_on_is_neither_offered_nor_removed(
    aio: Any, host: Connection, tmp_path: Path
) -> None:
    base, overlay = linked_pair(tmp_path)
    original = define(aio, host, "original", [base], fmt="qcow2")
    define(aio, host, "clone", [overlay], fmt="qcow2")  # no <backingStore>: inactive
    base_disk = original.config.disks[0]
    with pytest.raises(HvdeskError) as info:
        aio.run(original.delete(remove_disks=(base_disk,)))
    assert info.value.detail == f"Another VM uses {base}, or is built on it"
    assert base.exists() and "original" in defined_names(aio, host)
    plan = aio.run(original.read_delete_plan())
    assert plan.removable == ()
    assert plan.shared == ((base_disk, ("clone",)),)


def test_a_vm_on_its_own_overlay_offers_that_and_names_the_shared_base(
    aio: Any, host: Connection, tmp_path: Path
) -> None:
    # After a linked clone, the original runs on an overlay of its own over the base.
    base, clone_overlay = linked_pair(tmp_path)
    own_overlay = tmp_path / "original-1.qcow2"
    qemu_img("create", "-q", "-f", "qcow2", "-b", base, "-F", "qcow2", own_overlay)
    original = define(aio, host, "original", [own_overlay], fmt="qcow2")
    define(aio, host, "clone", [clone_overlay], fmt="qcow2")
    plan = aio.run(original.read_delete_plan())
    assert [d.source for d in plan.removable] == [str(own_overlay)]
    assert plan.shared_bases == ((str(base), ("clone",)),)
    result = aio.run(original.delete(remove_disks=plan.removable))
    assert result.removed == (str(own_overlay),)
    assert base.exists() and clone_overlay.exists()


def test_a_chain_libvirt_gives_counts_without_reading_any_file(
    aio: Any, host: Connection, tmp_path: Path
) -> None:
    base = tmp_path / "never-made.qcow2"  # only the XML knows of it
    below = (
        f"<backingStore type='file'><format type='qcow2'/><source file='{base}'/>"
        "<backingStore/></backingStore>"
    )
    original = define(aio, host, "original", [base], fmt="qcow2")
    define(aio, host, "running-clone", [tmp_path / "overlay.qcow2"], fmt="qcow2", below=below)
    plan = original.plan_delete()
    assert plan.removable == ()
    assert [(d.source, users) for d, users in plan.shared] == [(str(base), ("running-clone",))]


def test_a_chain_the_host_pool_describes_protects_its_base_volume(aio: Any) -> None:
    # Files this user cannot read (here: none exist): the pool's volume XML tells.
    conn = Connection(f"test://{NEWVM_HOST}")
    assert aio.run(conn.open()), conn.status_text()
    try:

        def volumes(c: libvirt.virConnect) -> tuple[str, str]:
            pool = c.storagePoolLookupByName("default")
            base = pool.createXML(
                "<volume><name>base.qcow2</name><capacity>16777216</capacity>"
                "<target><format type='qcow2'/></target></volume>",
                0,
            ).path()
            top = pool.createXML(
                "<volume><name>clone.qcow2</name><capacity>16777216</capacity>"
                "<target><format type='qcow2'/></target><backingStore>"
                f"<path>{base}</path><format type='qcow2'/></backingStore></volume>",
                0,
            ).path()
            return base, top

        base, top = aio.run(conn.call(volumes))
        original = define(aio, conn, "original", [Path(base)], fmt="qcow2")
        define(aio, conn, "clone", [Path(top)], fmt="qcow2")
        with pytest.raises(HvdeskError, match="or is built on it"):
            aio.run(original.delete(remove_disks=original.config.disks))
        names = aio.run(conn.call(lambda c: [v.name() for v in c.storagePoolLookupByName(
            "default").listAllVolumes(0)]))  # fmt: skip
        assert "base.qcow2" in names
    finally:
        aio.run(conn.close())


def test_a_volume_named_by_its_pool_is_never_removed_as_a_relative_file(
    aio: Any, host: Connection, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # "pool/volume" is no path: a removal as a file would take whatever the working
    # directory holds under that name.
    monkeypatch.chdir(tmp_path)
    (tmp_path / "pool").mkdir()
    bystander = tmp_path / "pool" / "data.qcow2"
    bystander.write_bytes(b"not the VM's")
    xml = (
        "<domain type='test'><name>volumed</name><memory unit='MiB'>64</memory>"
        "<os><type arch='x86_64'>hvm</type></os><devices><disk type='volume' device='disk'>"
        "<source pool='pool' volume='data.qcow2'/><target dev='vda' bus='virtio'/></disk>"
        "</devices></domain>"
    )
    uid = aio.run(host.call(lambda c: c.defineXML(xml).UUIDString()))
    aio.wait_until(lambda: uid in host.vms)
    vm = host.vms[uid]
    assert vm.plan_delete().removable == ()
    with pytest.raises(HvdeskError, match="was not deleted"):
        aio.run(vm.delete(remove_disks=vm.config.disks))
    assert bystander.read_bytes() == b"not the VM's"
