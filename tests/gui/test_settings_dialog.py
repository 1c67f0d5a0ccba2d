"""The Settings dialog driven like a person would, on libvirt's test driver."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import libvirt
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox, QPushButton

from hvdesk.core.connection import Connection
from hvdesk.core.domxml import DomainXml
from hvdesk.core.settings_apply import READ_INACTIVE
from hvdesk.ui.settings import SettingsDialog
from hvdesk.ui.settings.storage_page import AddDiskDialog
from tests.support.core import HOSTS_URI, vm_named


def inactive_xml(aio: Any, conn: Connection, name: str) -> str:
    vm = vm_named(conn, name)
    xml: str = aio.run(conn.call_domain(vm.uuid, lambda d: d.XMLDesc(READ_INACTIVE)))
    return xml


def open_dialog(qtbot: Any, conn: Connection, name: str) -> SettingsDialog:
    dialog = SettingsDialog(vm_named(conn, name))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.ctx is not None, timeout=10000)
    return dialog


def press(qtbot: Any, dialog: SettingsDialog, which: QDialogButtonBox.StandardButton) -> None:
    qtbot.mouseClick(dialog.buttons.button(which), Qt.MouseButton.LeftButton)


OK = QDialogButtonBox.StandardButton.Ok
APPLY = QDialogButtonBox.StandardButton.Apply


def section(dialog: SettingsDialog) -> str:
    return str(dialog.sections.currentItem().data(Qt.ItemDataRole.UserRole))


def test_every_section_is_listed_and_ok_without_changes_changes_nothing(
    qtbot: Any, aio: Any, host: Connection
) -> None:
    before = inactive_xml(aio, host, "db")
    dialog = open_dialog(qtbot, host, "db")
    titles = [dialog.sections.item(i).text() for i in range(dialog.sections.count())]
    assert titles == [
        "General",
        "System",
        "Display",
        "Storage",
        "Network",
        "Serial / Console",
        "USB",
        "Shared folders",
        "XML",
    ]
    for row in range(dialog.sections.count()):  # visiting every page (XML too) is harmless
        dialog.sections.setCurrentRow(row)
    dialog.sections.setCurrentRow(0)
    with qtbot.waitSignal(dialog.finished, timeout=5000):
        press(qtbot, dialog, OK)
    assert inactive_xml(aio, host, "db") == before


def test_memory_of_a_running_vm_changes_live_and_the_dialog_says_so(
    qtbot: Any, aio: Any, host: Connection
) -> None:
    dialog = open_dialog(qtbot, host, "web")
    dialog.select_section("system")
    dialog.system.current_memory.setValue(1024)
    with qtbot.waitSignal(dialog.applied, timeout=10000) as applied:
        press(qtbot, dialog, APPLY)
    assert applied.args[0].applied_live == ("memory to 1024 MiB",)
    qtbot.waitUntil(lambda: "Applied to the running VM: memory to 1024 MiB" in dialog.status.text())
    vm = vm_named(host, "web")
    live_kib = aio.run(host.call_domain(vm.uuid, lambda d: d.info()[2]))
    assert live_kib == 1024 * 1024
    assert DomainXml(inactive_xml(aio, host, "web")).current_memory_kib == 1024 * 1024


def test_a_bad_value_names_the_page_and_changes_nothing(
    qtbot: Any, aio: Any, host: Connection
) -> None:
    before = inactive_xml(aio, host, "db")
    dialog = open_dialog(qtbot, host, "db")
    dialog.select_section("general")
    dialog.system.current_memory.setValue(dialog.system.memory.value() + 512)
    press(qtbot, dialog, OK)
    assert dialog.isVisible()
    assert section(dialog) == "system"
    assert "is more than the maximum" in dialog.status.text()

    dialog.system.current_memory.setValue(dialog.system.memory.value())
    dialog.select_section("network")
    dialog.network.mac.setText("52:54:00:zz:00:03")
    dialog.network.mac.textEdited.emit("52:54:00:zz:00:03")
    dialog.select_section("general")
    press(qtbot, dialog, OK)
    assert section(dialog) == "network"
    assert "'52:54:00:zz:00:03' is not a MAC address" in dialog.status.text()
    assert inactive_xml(aio, host, "db") == before


def test_removing_a_disk_asks_names_the_image_and_keeps_the_file(
    qtbot: Any, aio: Any, host: Connection
) -> None:
    dialog = open_dialog(qtbot, host, "db")
    dialog.select_section("storage")
    page = dialog.storage
    page.tree.setCurrentItem(page.tree.topLevelItem(1))  # vdb, db-data.img

    box = page.ask_remove()
    assert isinstance(box, QMessageBox)
    assert "Remove hard disk vdb from 'db'?" in box.text()
    assert "/var/lib/hvdesk-test/db-data.img is kept" in box.text()
    box.button(QMessageBox.StandardButton.Cancel).click()
    assert [r.target for r in page.rows] == ["vda", "vdb", "sdb"]

    box = page.ask_remove()
    assert box is not None
    remove = next(b for b in box.findChildren(QPushButton) if b.text() == "Remove")
    remove.click()
    assert [r.target for r in page.rows] == ["vda", "sdb"]
    with qtbot.waitSignal(dialog.finished, timeout=10000):
        press(qtbot, dialog, OK)
    assert "db-data.img" not in inactive_xml(aio, host, "db")


def test_a_new_disk_image_is_created_and_attached(
    qtbot: Any, aio: Any, host: Connection, tmp_path: Path
) -> None:
    dialog = open_dialog(qtbot, host, "db")
    dialog.select_section("storage")
    add = dialog.storage.ask_add_disk()
    assert isinstance(add, AddDiskDialog)
    assert add.create_new.isChecked()
    image = tmp_path / "db-extra.qcow2"
    add.path.setText("relative.qcow2")
    add.findChild(QDialogButtonBox).button(OK).click()
    assert "full path" in add.error.text() and add.isVisible()
    add.path.setText(str(image))
    add.disk_size.setValue(2)
    add.bus.setCurrentIndex(add.bus.findData("scsi"))
    add.findChild(QDialogButtonBox).button(OK).click()
    assert dialog.storage.rows[-1].path == str(image)
    assert dialog.storage.tree.topLevelItem(3).text(2) == f"{image} (new, 2 GiB)"
    with qtbot.waitSignal(dialog.finished, timeout=10000):
        press(qtbot, dialog, OK)
    assert image.exists()
    doc = DomainXml(inactive_xml(aio, host, "db"))
    disk = doc.disk("sda")
    assert disk.find("source").get("file") == str(image)  # type: ignore[union-attr]
    assert disk.find("target").get("bus") == "scsi"  # type: ignore[union-attr]


def test_a_disc_goes_into_the_empty_drive(qtbot: Any, aio: Any, host: Connection) -> None:
    dialog = open_dialog(qtbot, host, "db")
    dialog.select_section("storage")
    page = dialog.storage
    page.tree.setCurrentItem(page.tree.topLevelItem(2))  # the empty sdb
    assert page.media_row.isEnabled() and not page.eject.isEnabled()
    qtbot.keyClicks(page.media, "/srv/iso/tools.iso")
    with qtbot.waitSignal(dialog.finished, timeout=10000):
        press(qtbot, dialog, OK)
    source = DomainXml(inactive_xml(aio, host, "db")).disk("sdb").find("source")
    assert source is not None and source.get("file") == "/srv/iso/tools.iso"


def test_a_network_adapter_is_added_with_a_fresh_mac(
    qtbot: Any, aio: Any, host: Connection
) -> None:
    dialog = open_dialog(qtbot, host, "db")
    dialog.select_section("network")
    qtbot.mouseClick(dialog.network.add_button, Qt.MouseButton.LeftButton)
    mac = dialog.network.mac.text()
    assert mac.startswith("52:54:00:") and len(mac) == 17
    dialog.network.model.setCurrentIndex(dialog.network.model.findData("e1000"))
    dialog.network.model.activated.emit(dialog.network.model.currentIndex())
    with qtbot.waitSignal(dialog.finished, timeout=10000):
        press(qtbot, dialog, OK)
    nic = DomainXml(inactive_xml(aio, host, "db")).nic(mac)
    assert nic.get("type") == "user"
    assert nic.find("model").get("type") == "e1000"  # type: ignore[union-attr]


def test_the_xml_tab_follows_the_form_and_refuses_broken_xml(
    qtbot: Any, aio: Any, host: Connection
) -> None:
    before = inactive_xml(aio, host, "db")
    dialog = open_dialog(qtbot, host, "db")
    dialog.general.title_edit.setText("Database")
    dialog.select_section("xml")
    text = dialog.xml.editor.toPlainText()
    assert "<title>Database</title>" in text

    dialog.xml.editor.setPlainText(text.replace("</memory>", "</memroy>", 1))
    press(qtbot, dialog, OK)
    assert dialog.isVisible()
    assert "The XML is not well-formed. Line" in dialog.status.text()
    assert "mismatched tag" in dialog.status.text()
    assert inactive_xml(aio, host, "db") == before

    # libvirt's schema check: well-formed but not a valid domain
    dialog.xml.editor.setPlainText(text.replace("<vcpu", "<vcpus-please", 1).replace(
        "</vcpu>", "</vcpus-please>", 1))  # fmt: skip
    with qtbot.waitSignal(dialog.tasks.failed, timeout=10000):
        press(qtbot, dialog, OK)
    assert "libvirt refused the new settings" in dialog.status.text()
    assert inactive_xml(aio, host, "db") == before

    dialog.xml.editor.setPlainText(
        text.replace("<title>Database</title>", "<title>From XML</title>")
    )
    dialog.select_section("general")  # the form reloads from the edited XML
    assert dialog.general.title_edit.text() == "From XML"
    with qtbot.waitSignal(dialog.finished, timeout=10000):
        press(qtbot, dialog, OK)
    assert DomainXml(inactive_xml(aio, host, "db")).title == "From XML"


def test_a_refused_live_change_leaves_everything_and_says_what_libvirt_refused(
    qtbot: Any, aio: Any, host: Connection
) -> None:
    """The test driver has no hotplug: adding a NIC to a running VM is refused."""
    before = inactive_xml(aio, host, "web")
    vm = vm_named(host, "web")
    live_before = aio.run(host.call_domain(vm.uuid, lambda d: d.info()[2]))
    dialog = open_dialog(qtbot, host, "web")
    dialog.system.current_memory.setValue(1000)
    dialog.select_section("network")
    qtbot.mouseClick(dialog.network.add_button, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(dialog.tasks.failed, timeout=10000):
        press(qtbot, dialog, OK)
    text = dialog.status.text()
    assert "The running VM refused the change of adding network adapter" in text
    assert "not supported" in text
    assert dialog.isVisible()
    assert inactive_xml(aio, host, "web") == before
    assert aio.run(host.call_domain(vm.uuid, lambda d: d.info()[2])) == live_before


def test_settings_from_the_main_window_and_pending_changes_in_details(
    make_window: Any, qtbot: Any, aio: Any
) -> None:
    ui = make_window(HOSTS_URI)
    window = ui.window
    assert window.settings_action.shortcut().toString() == "Ctrl+S"
    ui.click_row("web")
    assert window.settings_action.isEnabled()
    qtbot.keyClick(window.tree, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    dialog = window.findChild(SettingsDialog)
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.ctx is not None, timeout=10000)
    dialog.system.max_vcpus.setValue(dialog.system.max_vcpus.value() + 2)
    with qtbot.waitSignal(dialog.applied, timeout=10000):
        press(qtbot, dialog, OK)
    qtbot.waitUntil(lambda: "Pending changes" in window.details.toPlainText())
    assert "Maximum vCPUs" in window.details.toPlainText()
    assert "At the next boot: Maximum vCPUs" in window.statusBar().currentMessage()


def test_unknown_parts_of_the_definition_survive_the_dialog(
    qtbot: Any, aio: Any, host: Connection
) -> None:
    """Another tool's metadata stays through a change made in the dialog."""
    vm = vm_named(host, "db")
    xml = inactive_xml(aio, host, "db").replace(
        "<devices>",
        "<metadata><x:keep xmlns:x='urn:other-tool'>mine</x:keep></metadata><devices>",
        1,
    )

    def define(conn: libvirt.virConnect) -> None:
        conn.defineXML(xml)

    aio.run(host.call(define))
    dialog = open_dialog(qtbot, host, "db")
    dialog.serial.serial.setChecked(True)
    with qtbot.waitSignal(dialog.finished, timeout=10000):
        press(qtbot, dialog, OK)
    after = inactive_xml(aio, host, "db")
    assert '<x:keep xmlns:x="urn:other-tool">mine</x:keep>' in after
    assert DomainXml(after).has_serial_console
    assert vm.uuid in host.vms


FIXTURES = Path(__file__).parents[1] / "fixtures" / "domxml"


def define_fixture(aio: Any, conn: Connection, name: str) -> str:
    xml = (FIXTURES / f"{name}.xml").read_text()
    uuid: str = aio.run(conn.call(lambda c: c.defineXML(xml).UUIDString()))
    aio.wait_until(lambda: uuid in conn.vms)
    return conn.vms[uuid].name


def boot_list(dialog: SettingsDialog) -> list[tuple[str, bool]]:
    items = [dialog.system.boot.item(row) for row in range(dialog.system.boot.count())]
    return [(i.text(), i.checkState() == Qt.CheckState.Checked) for i in items]


def test_a_per_device_boot_order_is_shown_and_saved_per_device(
    qtbot: Any, aio: Any, host: Connection
) -> None:
    name = define_fixture(aio, host, "boot_devices")
    dialog = open_dialog(qtbot, host, name)
    dialog.select_section("system")
    assert boot_list(dialog) == [
        ("CD/DVD sda", True),
        ("Hard disk vda", True),
        ("Network adapter 52:54:00:bb:00:01", True),
        ("Host device usb 0x0781:0x5581", True),
        ("Hard disk vdb", False),
        ("Network adapter 52:54:00:bb:00:02", False),
        ("Redirected device (usb)", False),
    ]
    assert "each device its own place" in dialog.system.boot_note.text()
    boot = dialog.system.boot
    boot.item(0).setCheckState(Qt.CheckState.Unchecked)  # no more booting the installer
    boot.setCurrentRow(5)
    boot.item(5).setCheckState(Qt.CheckState.Checked)
    up = dialog.system.findChild(QPushButton, "settingsBootUp")
    for _ in range(2):  # the second adapter before the host device
        qtbot.mouseClick(up, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(dialog.finished, timeout=10000):
        press(qtbot, dialog, OK)
    saved = DomainXml(inactive_xml(aio, host, name))
    assert saved.boot_order == [
        "disk/vda",
        "interface/52:54:00:bb:00:01",
        "interface/52:54:00:bb:00:02",
        "hostdev/0",
    ]
    assert saved.root.find("os/boot") is None


def test_a_vm_started_by_a_bootloader_offers_no_boot_order_and_keeps_its_own(
    qtbot: Any, aio: Any, host: Connection
) -> None:
    """libvirt drops an <os><boot> beside <bootloader> without a word: the dialog must not
    offer one (the old dialog did, and the VM silently lost its boot setup)."""
    name = define_fixture(aio, host, "bootloader")
    dialog = open_dialog(qtbot, host, name)
    dialog.select_section("system")
    assert not dialog.system.boot.isEnabled()
    assert boot_list(dialog) == []
    assert dialog.system.boot_note.text() == (
        "Started by the bootloader /usr/bin/pygrub on the host: no boot order applies."
    )
    dialog.system.memory.setValue(768)
    with qtbot.waitSignal(dialog.finished, timeout=10000):
        press(qtbot, dialog, OK)
    saved = DomainXml(inactive_xml(aio, host, name))
    assert saved.memory_kib == 768 * 1024
    assert saved.bootloader == "/usr/bin/pygrub" and saved.root.find("os/boot") is None


def test_a_disk_that_did_not_grow_keeps_the_dialog_open_and_says_so(
    qtbot: Any, aio: Any, host: Connection
) -> None:
    """The disk of "db" is not a file on this machine, so it cannot grow; the title, saved
    first, is kept, and the dialog says exactly that instead of closing."""
    dialog = open_dialog(qtbot, host, "db")
    dialog.general.title_edit.setText("Database")
    dialog.select_section("storage")
    page = dialog.storage
    page.tree.setCurrentItem(page.tree.topLevelItem(1))  # vdb, db-data.img
    assert page.disk_size.isEnabled()
    page.disk_size.setValue(page.disk_size.value() + 1)
    with qtbot.waitSignal(dialog.applied, timeout=10000):
        press(qtbot, dialog, OK)
    qtbot.waitUntil(lambda: dialog.ctx is not None and dialog.stack.isEnabled(), timeout=10000)
    assert dialog.isVisible()
    assert dialog.status.text().startswith(
        "Disk vdb was not grown: /var/lib/hvdesk-test/db-data.img is not a file on this "
        "machine. The other settings were saved."
    )
    assert "color: #c0392b" in dialog.status.styleSheet()
    assert DomainXml(inactive_xml(aio, host, "db")).title == "Database"
    assert dialog.general.title_edit.text() == "Database"  # the form shows what was saved


def test_a_vm_whose_own_definition_fails_libvirts_schema_can_be_changed(
    qtbot: Any, aio: Any, host: Connection
) -> None:
    name = define_fixture(aio, host, "schema_invalid")
    dialog = open_dialog(qtbot, host, name)
    dialog.system.memory.setValue(256)
    with qtbot.waitSignal(dialog.applied, timeout=10000):
        press(qtbot, dialog, APPLY)
    qtbot.waitUntil(lambda: "Saved without libvirt's schema check" in dialog.status.text())
    assert "failed to validate against schema" in dialog.status.text()
    assert DomainXml(inactive_xml(aio, host, name)).memory_kib == 256 * 1024
