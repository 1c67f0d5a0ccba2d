"""settings_apply on libvirt's test driver: live changes, the definition, rollback, pending.

The test driver takes memory and vCPU changes of a running VM but has no device hotplug
(attachDeviceFlags is "not supported"), which makes it a real refusal to roll back from.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import libvirt
import pytest

from hvdesk.core.connection import Connection
from hvdesk.core.domxml import DiskSpec, DomainXml, NicSpec
from hvdesk.core.errors import HvdeskError
from hvdesk.core.settings_apply import (
    READ_INACTIVE,
    DiskResize,
    NewImage,
    SettingsChange,
    apply_settings,
    live_attach,
    live_memory,
    pending_changes,
    plan_live,
    read_pending,
    read_settings,
    resize_disk,
    schema_problem,
)
from hvdesk.core.vm import VirtualMachine
from tests.support.core import vm_named

FIXTURES = Path(__file__).parents[1] / "fixtures" / "domxml"


def web(host: Connection) -> VirtualMachine:
    return vm_named(host, "web")  # running in the fixture host


def libvirt_memory(aio: Any, vm: VirtualMachine) -> tuple[int, str]:
    """(live current memory in KiB, the inactive XML)."""

    def read(dom: libvirt.virDomain) -> tuple[int, str]:
        return int(dom.info()[2]), dom.XMLDesc(READ_INACTIVE)

    result: tuple[int, str] = aio.run(vm.connection.call_domain(vm.uuid, read))
    return result


def test_memory_of_a_running_vm_changes_now_and_in_the_definition(
    aio: Any, host: Connection
) -> None:
    vm = web(host)
    current = aio.run(read_settings(vm))
    assert current.running
    doc = DomainXml(current.inactive_xml)
    old = doc.current_memory_kib
    new = old // 2
    doc.set_memory(doc.memory_kib, new)
    result = aio.run(
        apply_settings(vm, SettingsChange(doc.to_string(), live=[live_memory(new, old)]))
    )
    assert result.applied_live == (f"memory to {new // 1024} MiB",)
    live, inactive = libvirt_memory(aio, vm)
    assert live == new
    assert DomainXml(inactive).current_memory_kib == new


def test_a_refused_hotplug_undoes_the_live_changes_and_keeps_the_definition(
    aio: Any, host: Connection
) -> None:
    vm = web(host)
    current = aio.run(read_settings(vm))
    live_before, inactive_before = libvirt_memory(aio, vm)
    doc = DomainXml(current.inactive_xml)
    doc.set_memory(doc.memory_kib, live_before // 2)
    target = doc.add_disk(DiskSpec("/var/lib/hvdesk-test/extra.qcow2"))
    change = SettingsChange(
        doc.to_string(),
        live=[
            live_memory(live_before // 2, live_before),
            live_attach(doc.disk(target), f"disk {target}"),
        ],
    )
    with pytest.raises(HvdeskError) as caught:
        aio.run(apply_settings(vm, change))
    sentence = caught.value.sentence()
    assert f"The running VM refused the change of disk {target}" in sentence
    assert "not supported" in sentence  # libvirt's own words
    assert libvirt_memory(aio, vm) == (live_before, inactive_before)


def test_a_definition_libvirt_refuses_changes_nothing(aio: Any, host: Connection) -> None:
    vm = web(host)
    live_before, inactive_before = libvirt_memory(aio, vm)
    bad = inactive_before.replace("<on_crash>", "<on_crash>bogus")
    assert bad != inactive_before
    change = SettingsChange(bad, live=[live_memory(live_before // 2, live_before)])
    with pytest.raises(HvdeskError) as caught:
        aio.run(apply_settings(vm, change))
    assert "libvirt refused the new settings" in caught.value.sentence()
    assert "failed to validate against schema" in caught.value.sentence()  # libvirt's words
    assert "The previous settings are kept" in caught.value.sentence()
    assert libvirt_memory(aio, vm) == (live_before, inactive_before)


def test_a_change_for_the_next_boot_shows_as_pending(aio: Any, host: Connection) -> None:
    vm = web(host)
    doc = DomainXml(aio.run(read_settings(vm)).inactive_xml)
    assert aio.run(read_pending(vm)) == ()
    doc.set_vcpus(1, 3)
    doc.set_machine("q35")
    result = aio.run(apply_settings(vm, SettingsChange(doc.to_string())))
    assert result.applied_live == ()
    assert set(result.pending) == {"Maximum vCPUs", "Processors", "Machine type"}
    assert aio.run(read_pending(vm)) == result.pending


def test_pending_changes_ignores_what_is_equal() -> None:
    xml = (Path(__file__).parents[1] / "fixtures" / "domxml" / "rich.xml").read_text()
    assert pending_changes(xml, xml) == ()
    doc = DomainXml(xml)
    doc.set_media("sdb", "")
    assert pending_changes(xml, doc.to_string()) == ("Storage",)


def test_a_new_image_is_removed_when_the_change_fails(
    aio: Any, host: Connection, tmp_path: Path
) -> None:
    vm = vm_named(host, "db")
    image = tmp_path / "new.qcow2"
    doc = DomainXml(aio.run(read_settings(vm)).inactive_xml)
    doc.add_disk(DiskSpec(str(image)))
    bad = doc.to_string().replace("<on_crash>", "<on_crash>explode")
    with pytest.raises(HvdeskError, match="libvirt refused"):
        aio.run(apply_settings(vm, SettingsChange(bad, new_images=[NewImage(str(image), 2**20)])))
    assert not image.exists()

    result = aio.run(
        apply_settings(
            vm, SettingsChange(doc.to_string(), new_images=[NewImage(str(image), 2**20)])
        )
    )
    assert result.pending == ()  # the VM is off: everything is the definition
    assert image.exists() and (image.stat().st_mode & 0o777) == 0o600
    aio.wait_until(lambda: str(image) in [d.source for d in vm_named(host, "db").config.disks])


def test_autostart_is_a_flag_not_xml(aio: Any, host: Connection) -> None:
    vm = vm_named(host, "db")
    current = aio.run(read_settings(vm))
    assert current.autostart_supported
    aio.run(apply_settings(vm, SettingsChange(current.inactive_xml, autostart=True)))
    assert aio.run(read_settings(vm)).autostart is True


def virtual_size(image: Path, fmt: str) -> int:
    out = subprocess.run(
        ["qemu-img", "info", "--output=json", "-f", fmt, str(image)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return int(json.loads(out)["virtual-size"])


def test_an_offline_disk_grows_with_qemu_img_and_never_shrinks(
    aio: Any, host: Connection, tmp_path: Path
) -> None:
    vm = vm_named(host, "db")
    image = tmp_path / "grow.qcow2"
    subprocess.run(["qemu-img", "create", "-q", "-f", "qcow2", str(image), "1M"], check=True)
    aio.run(resize_disk(vm, DiskResize("vdb", str(image), "qcow2", 4 * 2**20)))
    assert virtual_size(image, "qcow2") == 4 * 2**20
    with pytest.raises(HvdeskError, match="was not made smaller"):
        aio.run(resize_disk(vm, DiskResize("vdb", str(image), "qcow2", 2**20)))


def test_a_disk_grows_in_the_format_its_definition_names_never_a_probed_one(
    aio: Any, host: Connection, tmp_path: Path
) -> None:
    """The guest writes its disk: a raw disk may hold a qcow2 header the guest wrote.
    Growing it as qcow2 would let the guest decide how the host reads the file."""
    vm = vm_named(host, "db")
    image = tmp_path / "looks-like-qcow2.img"
    subprocess.run(["qemu-img", "create", "-q", "-f", "qcow2", str(image), "64M"], check=True)
    length = image.stat().st_size
    aio.run(resize_disk(vm, DiskResize("vdb", str(image), "raw", length + 2**20)))
    assert image.stat().st_size == length + 2**20  # grown as the raw disk it is
    assert virtual_size(image, "qcow2") == 64 * 2**20  # the header inside is untouched


def test_a_refused_definition_grows_no_disk(aio: Any, host: Connection, tmp_path: Path) -> None:
    """A grown qcow2 cannot be shrunk back: nothing grows before the definition is saved."""
    vm = vm_named(host, "db")
    image = tmp_path / "data.qcow2"
    subprocess.run(["qemu-img", "create", "-q", "-f", "qcow2", str(image), "1M"], check=True)
    before = aio.run(read_settings(vm)).inactive_xml
    bad = before.replace("<on_crash>", "<on_crash>explode")
    grow = DiskResize("vdb", str(image), "qcow2", 8 * 2**20)
    with pytest.raises(HvdeskError) as caught:
        aio.run(apply_settings(vm, SettingsChange(bad, resizes=[grow])))
    assert "The previous settings are kept" in caught.value.sentence()
    assert virtual_size(image, "qcow2") == 2**20
    assert aio.run(read_settings(vm)).inactive_xml == before


def test_a_disk_that_cannot_grow_after_the_save_is_named_and_the_rest_is_saved(
    aio: Any, host: Connection, tmp_path: Path
) -> None:
    vm = vm_named(host, "db")
    doc = DomainXml(aio.run(read_settings(vm)).inactive_xml)
    doc.set_title("Grown or not")
    missing = tmp_path / "gone.qcow2"
    grow = DiskResize("vdb", str(missing), "qcow2", 8 * 2**20)
    result = aio.run(apply_settings(vm, SettingsChange(doc.to_string(), resizes=[grow])))
    assert result.problems == (
        f"Disk vdb was not grown: {missing} is not a file on this machine. "
        "The other settings were saved.",
    )
    assert DomainXml(aio.run(read_settings(vm)).inactive_xml).title == "Grown or not"


# ---- libvirt's own definition fails libvirt's schema -------------------------------------


def test_a_vm_whose_own_definition_fails_the_schema_can_still_be_changed(
    aio: Any, host: Connection
) -> None:
    """tests/fixtures/domxml/schema_invalid.xml is libvirt 9.0's own XML of a VM with 100
    virtio-serial channels: untouched, it fails libvirt's schema (port 100)."""
    xml = (FIXTURES / "schema_invalid.xml").read_text()
    assert "failed to validate against schema" in schema_problem(xml)
    uuid = aio.run(host.call(lambda c: c.defineXML(xml).UUIDString()))
    aio.wait_until(lambda: uuid in host.vms)
    vm = host.vms[uuid]
    doc = DomainXml(aio.run(read_settings(vm)).inactive_xml)
    doc.set_memory(256 * 1024)
    result = aio.run(apply_settings(vm, SettingsChange(doc.to_string(), written=doc.written)))
    assert "failed to validate against schema" in result.unvalidated
    assert result.problems == ()
    assert DomainXml(aio.run(read_settings(vm)).inactive_xml).memory_kib == 256 * 1024


def test_the_schema_still_checks_a_change_to_a_valid_definition(aio: Any, host: Connection) -> None:
    vm = vm_named(host, "db")
    before = aio.run(read_settings(vm)).inactive_xml
    assert schema_problem(before) == ""
    bad = before.replace("<vcpu", "<vcpus-please", 1).replace("</vcpu>", "</vcpus-please>", 1)
    with pytest.raises(HvdeskError, match="failed to validate against schema"):
        aio.run(apply_settings(vm, SettingsChange(bad)))
    assert aio.run(read_settings(vm)).inactive_xml == before


# ---- per-device boot order on libvirt --------------------------------------------------


def test_a_per_device_boot_order_is_saved_as_set(aio: Any, host: Connection) -> None:
    xml = (FIXTURES / "boot_devices.xml").read_text()
    uuid = aio.run(host.call(lambda c: c.defineXML(xml).UUIDString()))
    aio.wait_until(lambda: uuid in host.vms)
    vm = host.vms[uuid]
    doc = DomainXml(aio.run(read_settings(vm)).inactive_xml)
    doc.set_boot_order(["interface/52:54:00:bb:00:01", "disk/vda"])
    result = aio.run(apply_settings(vm, SettingsChange(doc.to_string(), written=doc.written)))
    assert result.problems == ()
    saved = DomainXml(aio.run(read_settings(vm)).inactive_xml)
    assert saved.boot_order == ["interface/52:54:00:bb:00:01", "disk/vda"]
    assert saved.root.find("os/boot") is None


# ---- plan_live: what a running VM can take now -------------------------------------------


def _doc() -> DomainXml:
    return DomainXml((Path(__file__).parents[1] / "fixtures" / "domxml" / "rich.xml").read_text())


def test_plan_live_picks_the_hotpluggable_changes() -> None:
    old, live = _doc(), _doc()
    new = _doc()
    new.set_memory(new.memory_kib, 1024 * 1024)
    new.set_vcpus(3, 4)
    new.remove_disk("sda")
    added = new.add_disk(DiskSpec("/var/lib/images/hot.qcow2"))
    new.set_media("sdb", "/srv/iso/other.iso")
    new.remove_nic("52:54:00:aa:bb:02")
    new.add_nic(NicSpec("user", mac="52:54:00:aa:bb:09"))
    new.set_machine("q35")  # not live: no entry
    whats = [c.what for c in plan_live(old, new, live)]
    assert whats == [
        "memory to 1024 MiB",
        "3 vCPUs",
        "removing disk sda",
        "the disc in sdb",
        f"adding disk {added}",
        "removing network adapter 52:54:00:aa:bb:02",
        "adding network adapter 52:54:00:aa:bb:09",
    ]


def test_plan_live_leaves_a_new_maximum_for_the_next_boot() -> None:
    old, live, new = _doc(), _doc(), _doc()
    new.set_memory(new.memory_kib * 2, new.current_memory_kib * 2)
    new.set_vcpus(2, 8)
    new.set_topology(None)
    assert plan_live(old, new, live) == []
    assert set(pending_changes(live.to_string(), new.to_string())) == {
        "Memory",
        "Maximum vCPUs",
        "Processors",
    }
