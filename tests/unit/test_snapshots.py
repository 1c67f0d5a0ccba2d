"""Snapshots on libvirt's test driver: the tree, take, revert, delete, blockers."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from hvdesk.core import snapshots
from hvdesk.core.connection import Connection
from hvdesk.core.errors import HvdeskError
from hvdesk.core.vm import VirtualMachine, VmState
from tests.support.core import vm_named


def define(
    aio: Any, conn: Connection, name: str, disk_xml: str, dtype: str = "test"
) -> VirtualMachine:
    xml = (
        f"<domain type='{dtype}'><name>{name}</name><memory unit='MiB'>64</memory>"
        f"<os><type arch='x86_64'>hvm</type></os><devices>{disk_xml}</devices></domain>"
    )
    uid = aio.run(conn.call(lambda c: c.defineXML(xml).UUIDString()))
    aio.wait_until(lambda: uid in conn.vms)
    return conn.vms[uid]


def test_the_tree_follows_parents_and_the_current_snapshot(aio: Any, host: Connection) -> None:
    vm = vm_named(host, "web")
    assert len(aio.run(snapshots.list_snapshots(vm))) == 0
    aio.run(snapshots.take_snapshot(vm, "installed", "fresh <install> & updates"))
    aio.run(snapshots.take_snapshot(vm, "configured"))
    aio.run(snapshots.revert_to(vm, "installed"))
    aio.run(snapshots.take_snapshot(vm, "experiment"))
    tree = aio.run(snapshots.list_snapshots(vm))
    assert [s.name for s in tree.roots()] == ["installed"]
    assert sorted(s.name for s in tree.children("installed")) == ["configured", "experiment"]
    assert tree.current == "experiment"
    installed = tree.snapshots["installed"]
    assert installed.description == "fresh <install> & updates"
    assert installed.created > 0 and not installed.external


def test_delete_merges_children_into_the_parent(aio: Any, host: Connection) -> None:
    vm = vm_named(host, "web")
    for name in ("a", "b", "c"):
        aio.run(snapshots.take_snapshot(vm, name))
    aio.run(snapshots.delete_snapshot(vm, "b"))
    tree = aio.run(snapshots.list_snapshots(vm))
    assert set(tree.snapshots) == {"a", "c"}
    assert tree.snapshots["c"].parent == "a"  # c kept, re-parented
    assert aio.run(snapshots.snapshot_names(vm)) == ["a", "c"]


def test_revert_can_keep_the_current_state_first(aio: Any, host: Connection) -> None:
    vm = vm_named(host, "web")
    assert vm.state is VmState.RUNNING
    aio.run(snapshots.take_snapshot(vm, "running"))
    aio.run(vm.force_off())
    aio.run(snapshots.revert_to(vm, "running", save_current_as="before revert"))
    tree = aio.run(snapshots.list_snapshots(vm))
    assert set(tree.snapshots) == {"running", "before revert"}
    assert tree.snapshots["before revert"].state == "shutoff"
    assert tree.current == "running"
    aio.wait_until(lambda: vm_named(host, "web").state is VmState.RUNNING)


def test_bad_names_are_refused_in_sentences(aio: Any, host: Connection) -> None:
    vm = vm_named(host, "web")
    aio.run(snapshots.take_snapshot(vm, "one"))
    with pytest.raises(HvdeskError, match="already a snapshot named 'one'"):
        aio.run(snapshots.take_snapshot(vm, "one"))
    assert "Enter a name" in snapshots.name_problem("  ", {})
    assert "'/'" in snapshots.name_problem("a/b", {})
    assert snapshots.name_problem("Snapshot 2", {}) == ""
    tree = aio.run(snapshots.list_snapshots(vm))
    assert snapshots.suggest_name(tree) == "Snapshot 2"
    with pytest.raises(HvdeskError, match="snapshot 'missing'"):
        aio.run(snapshots.delete_snapshot(vm, "missing"))


def test_qemu_vms_need_qcow2_disks(aio: Any, host: Connection, tmp_path: Path) -> None:
    raw = (
        "<disk type='file' device='disk'><driver name='qemu' type='raw'/>"
        f"<source file='{tmp_path}/a.img'/><target dev='vda' bus='virtio'/></disk>"
        "<disk type='file' device='cdrom'><driver name='qemu' type='raw'/>"
        f"<source file='{tmp_path}/cd.iso'/><target dev='sda' bus='sata'/><readonly/></disk>"
    )
    vm = define(aio, host, "rawvm", raw, dtype="qemu")
    blocker = snapshots.snapshot_blocker(vm)
    assert "must all be qcow2" in blocker and "vda (raw)" in blocker
    assert "sda" not in blocker  # a read-only CD-ROM is not snapshotted
    with pytest.raises(HvdeskError, match="must all be qcow2"):
        aio.run(snapshots.take_snapshot(vm, "x"))
    qcow = raw.replace(
        "<driver name='qemu' type='raw'/><source file='" + str(tmp_path) + "/a.img'",
        "<driver name='qemu' type='qcow2'/><source file='" + str(tmp_path) + "/a.qcow2'",
    )
    assert snapshots.snapshot_blocker(define(aio, host, "qcowvm", qcow, dtype="qemu")) == ""
    assert snapshots.snapshot_blocker(vm_named(host, "web")) == ""  # the test driver


def test_snapshot_xml_and_parsing_round_trip() -> None:
    xml = snapshots.snapshot_xml("a <b>", "c & d", running_qemu=True)
    assert "<memory snapshot='internal'/>" in xml
    info = snapshots.parse_snapshot_xml(
        xml.replace("</domainsnapshot>", "<state>running</state></domainsnapshot>"), True
    )
    assert (info.name, info.description, info.has_memory, info.current) == (
        "a <b>",
        "c & d",
        True,
        True,
    )
    external = snapshots.parse_snapshot_xml(
        "<domainsnapshot><name>e</name><state>disk-snapshot</state>"
        "<disks><disk name='vda' snapshot='external'/></disks></domainsnapshot>",
        False,
    )
    assert external.external and not external.has_memory


def test_description_can_be_changed(aio: Any, host: Connection) -> None:
    vm = vm_named(host, "web")
    aio.run(snapshots.take_snapshot(vm, "s", "old"))
    aio.run(snapshots.set_description(vm, "s", "new words"))
    tree = aio.run(snapshots.list_snapshots(vm))
    assert tree.snapshots["s"].description == "new words"
    assert tree.current == "s"
