"""Settings on the embedded QEMU driver: applied to a running tiny guest (the memory
balloon, a hot-plugged disk), a setting libvirt's QEMU driver drops without a word (read
back and told), and a VM whose own definition fails libvirt's schema."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import libvirt
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

import tests.guest.build as guest_build
from hvdesk.core.connection import Connection
from hvdesk.core.domxml import DomainXml
from hvdesk.core.settings_apply import READ_INACTIVE, SettingsChange, apply_settings, plan_live
from hvdesk.core.vm import VirtualMachine
from hvdesk.ui.settings import SettingsDialog
from tests.guest.build import READY_MARKER, GuestImage
from tests.guest.domain import guest_domain_xml
from tests.guest.harness import wait_for_serial

pytestmark = pytest.mark.integration

# The balloon needs the guest's virtio_balloon driver (and virtio_pci to find it), which
# the default tiny guest does not load: build its variant with them (cached separately).
BALLOON_MODULES = ("virtio_pci", "virtio_balloon", "virtio_blk")


@pytest.fixture
def balloon_guest(monkeypatch: pytest.MonkeyPatch) -> GuestImage:
    monkeypatch.setattr(guest_build, "MODULES", (*guest_build.MODULES, *BALLOON_MODULES))
    return guest_build.build_guest()


def boot(aio: Any, conn: Connection, image: GuestImage, root: Path, name: str) -> VirtualMachine:
    serial = root / f"{name}.serial"
    xml = guest_domain_xml(name, image, serial_log=serial, memory_mib=256).replace(
        "<memballoon model='none'/>",
        "<memballoon model='virtio'><stats period='1'/></memballoon>",
    )
    uuid = aio.run(conn.call(lambda c: c.defineXML(xml).UUIDString()))
    aio.wait_until(lambda: uuid in conn.vms)
    vm = conn.vms[uuid]
    aio.run(vm.start())
    wait_for_serial(serial, READY_MARKER, timeout=90)
    return vm


def live_and_saved(aio: Any, conn: Connection, vm: VirtualMachine) -> tuple[DomainXml, DomainXml]:
    def read(dom: libvirt.virDomain) -> tuple[str, str]:
        return dom.XMLDesc(0), dom.XMLDesc(READ_INACTIVE)

    live, saved = aio.run(conn.call_domain(vm.uuid, read))
    return DomainXml(live), DomainXml(saved)


def test_the_balloon_shrinks_a_running_guest(
    aio: Any, embedded: Connection, balloon_guest: GuestImage, embed_root: Path
) -> None:
    vm = boot(aio, embedded, balloon_guest, embed_root, "balloon")
    live, saved = live_and_saved(aio, embedded, vm)
    assert live.current_memory_kib == 256 * 1024

    saved.set_memory(saved.memory_kib, 160 * 1024)
    change = SettingsChange(saved.to_string())
    change.live = plan_live(live_and_saved(aio, embedded, vm)[1], saved, live)
    result = aio.run(apply_settings(vm, change))
    assert result.applied_live == ("memory to 160 MiB",)
    assert result.pending == ()

    def guest_memory_kib() -> int:
        stats = aio.run(embedded.call_domain(vm.uuid, lambda d: d.memoryStats()))
        return int(stats.get("actual", 0))

    # The guest's balloon driver gives the memory back; QEMU reports what it holds now,
    # and libvirt's live XML follows QEMU's (rate-limited) balloon-change events.
    aio.wait_until(lambda: guest_memory_kib() == 160 * 1024, timeout=60)
    aio.wait_until(
        lambda: live_and_saved(aio, embedded, vm)[0].current_memory_kib == 160 * 1024, timeout=30
    )
    live, saved = live_and_saved(aio, embedded, vm)
    assert saved.current_memory_kib == 160 * 1024
    assert live.memory_kib == saved.memory_kib == 256 * 1024


def test_a_disk_is_hot_plugged_from_the_settings_dialog(
    aio: Any, qtbot: Any, embedded: Connection, balloon_guest: GuestImage, embed_root: Path
) -> None:
    vm = boot(aio, embedded, balloon_guest, embed_root, "hotplug")
    dialog = SettingsDialog(vm)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.ctx is not None, timeout=15000)
    dialog.select_section("storage")
    add = dialog.storage.ask_add_disk()
    image = embed_root / "hotplug-extra.qcow2"
    add.path.setText(str(image))
    add.disk_size.setValue(1)
    add.bus.setCurrentIndex(add.bus.findData("virtio"))
    add.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()
    with qtbot.waitSignal(dialog.applied, timeout=30000) as applied:
        qtbot.mouseClick(
            dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton
        )
    assert applied.args[0].applied_live == ("adding disk vda",)
    assert image.exists()
    live, saved = live_and_saved(aio, embedded, vm)
    for doc in (live, saved):
        source = doc.disk("vda").find("source")
        assert source is not None and source.get("file") == str(image)
    # QEMU holds the block device now: libvirt measures it through the running guest.
    capacity = aio.run(embedded.call_domain(vm.uuid, lambda d: d.blockInfo("vda", 0)[0]))
    assert capacity == 2**30


FIXTURES = Path(__file__).parents[1] / "fixtures" / "domxml"

# One NUMA cell: libvirt's QEMU driver makes <memory> the sum of the cells at every define,
# so a new total memory is dropped silently (measured on libvirt 9.0).
NUMA_VM = """<domain type='qemu'>
  <name>numa</name>
  <memory unit='MiB'>512</memory>
  <vcpu>2</vcpu>
  <os><type arch='x86_64' machine='pc'>hvm</type></os>
  <cpu><numa><cell id='0' cpus='0-1' memory='512' unit='MiB'/></numa></cpu>
  <devices/>
</domain>"""


def define(aio: Any, conn: Connection, xml: str) -> VirtualMachine:
    uuid = aio.run(conn.call(lambda c: c.defineXML(xml).UUIDString()))
    aio.wait_until(lambda: uuid in conn.vms)
    return conn.vms[uuid]


def test_memory_libvirt_drops_is_told_and_the_dialog_stays(
    aio: Any, qtbot: Any, embedded: Connection
) -> None:
    vm = define(aio, embedded, NUMA_VM)
    dialog = SettingsDialog(vm)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.ctx is not None, timeout=15000)
    dialog.system.memory.setValue(1024)
    dialog.system.current_memory.setValue(1024)
    # An alias: libvirt stores the machine it stands for, which is no drop.
    assert dialog.system.machine.currentText().startswith("pc-i440fx-")
    dialog.system.machine.setCurrentText("pc")
    with qtbot.waitSignal(dialog.applied, timeout=30000) as applied:
        qtbot.mouseClick(
            dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton
        )
    assert applied.args[0].not_kept == ("Memory",)
    qtbot.waitUntil(lambda: dialog.stack.isEnabled(), timeout=15000)
    assert dialog.isVisible()
    assert dialog.status.text() == (
        "libvirt did not keep these settings as they were set: Memory. It may not support "
        "them for this VM; the other settings were saved."
    )
    assert dialog.system.memory.value() == 512  # reloaded: what the VM really has
    saved = live_and_saved(aio, embedded, vm)[1]
    assert saved.memory_kib == 512 * 1024
    assert saved.machine.startswith("pc-i440fx-")


def test_a_vm_whose_own_definition_fails_the_schema_is_saved_without_it(
    aio: Any, embedded: Connection
) -> None:
    """schema_invalid.xml was made by this driver: 100 virtio-serial channels."""
    vm = define(aio, embedded, (FIXTURES / "schema_invalid.xml").read_text())
    saved = live_and_saved(aio, embedded, vm)[1]
    saved.set_title("One hundred channels")
    change = SettingsChange(saved.to_string(), written=saved.written)
    result = aio.run(apply_settings(vm, change))
    assert "failed to validate against schema" in result.unvalidated
    assert result.problems == ()
    assert live_and_saved(aio, embedded, vm)[1].title == "One hundred channels"
