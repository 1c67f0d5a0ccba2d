"""The manager window when KVM is offered but cannot run a guest, for real.

These machines are VMs themselves: QEMU aborts a `type='kvm'` guest that is handed the
host's CPU ("failed to set MSR 0x10a … kvm_buf_set_msrs: Assertion … failed"). The
tests rely on that real failure and skip, saying so, where KVM works. HVDESK_ACCEL
(the suite sets tcg) is unset: it would decide the acceleration instead of the code
under test.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from hvdesk.core.config import TcgHostStore
from hvdesk.core.embed import embed_uri
from hvdesk.core.vm import Action
from hvdesk.ui.console_window import ConsoleView, ConsoleWindow
from hvdesk.ui.new_vm_wizard import NewVmWizard, PageId
from hvdesk.ui.preferences_dialog import PreferencesDialog
from hvdesk.ui.vm_tree_model import Column
from tests.guest.build import READY_MARKER, GuestImage
from tests.guest.domain import guest_domain_xml
from tests.guest.harness import wait_for_serial
from tests.gui.test_new_vm_wizard import FINISH, WizardDriver
from tests.support.embedded import remove_all_vms
from tests.support.media import guest_iso
from tests.support.window import WindowDriver

pytestmark = pytest.mark.integration

BROKEN = "this computer offers hardware virtualisation (KVM) but cannot use it"
OFFER = "Start with software emulation (TCG)"
HOST_CPU = "<cpu mode='host-passthrough' check='none' migratable='on'/>\n  <features>"


@pytest.fixture
def ui(
    make_window: Any, embed_root: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[WindowDriver]:
    monkeypatch.delenv("HVDESK_ACCEL", raising=False)
    driver: WindowDriver = make_window(embed_uri(embed_root))
    assert driver.connection.is_connected, driver.connection.status_text()
    yield driver
    remove_all_vms(driver.aio, driver.connection, embed_root)


def define_kvm_guest(ui: WindowDriver, image: GuestImage, folder: Path, name: str) -> Path:
    serial = folder / f"{name}.serial"
    xml = guest_domain_xml(name, image, serial_log=serial, domain_type="kvm")
    ui.aio.run(ui.connection.call(lambda c: c.defineXML(xml.replace("<features>", HOST_CPU))))
    ui.aio.wait_until(lambda: name in ui.visible_names())
    return serial


def expect_offer(ui: WindowDriver, name: str, starts_with: str) -> None:
    """The message a user reads, with the offer beside it; skip where KVM just worked."""
    bar = ui.window.message_bar

    def settled() -> bool:
        return not bar.isHidden() or ui.row_texts(name)[Column.STATE] == "Running"

    ui.aio.wait_until(settled, timeout=90)
    if bar.isHidden():
        pytest.skip("KVM runs guests on this host: the failure this test needs does not happen")
    assert bar.text().startswith(starts_with), bar.text()
    assert bar.action_button.isVisible() and bar.action_button.text() == OFFER


def click_offer(ui: WindowDriver) -> None:
    ui.qtbot.mouseClick(ui.window.message_bar.action_button, Qt.MouseButton.LeftButton)


def test_start_offers_tcg_in_the_message_and_the_offer_boots_it_and_is_remembered(
    ui: WindowDriver, guest_image: GuestImage, tmp_path: Path
) -> None:
    serial = define_kvm_guest(ui, guest_image, tmp_path, "nested")
    ui.click_row("nested")
    ui.press(Action.START)
    expect_offer(ui, "nested", f"Could not start 'nested': {BROKEN}, often because it is itself")
    assert "failed to set MSR" in ui.window.message_bar.text()  # QEMU's words, after ours
    assert ui.row_texts("nested")[Column.STATE] == "Powered off"

    click_offer(ui)
    ui.wait_state("nested", "Running", timeout=60)
    assert ui.row_texts("nested")[Column.ACCEL] == "TCG"
    wait_for_serial(serial, READY_MARKER, 90)  # it really boots
    bar = ui.window.message_bar
    ui.aio.wait_until(lambda: not bar.isHidden() and bar.text().startswith("Started "))
    assert bar.text().startswith("Started 'nested' with software emulation (TCG)")
    assert "KVM does not work on QEMU (embedded)" in bar.text()
    assert not bar.action_button.isVisible()

    # Preferences shows the remembered host, and "Try KVM Again" forgets it.
    dialog = ui.window.show_preferences()
    assert isinstance(dialog, PreferencesDialog)
    ui.qtbot.waitExposed(dialog)
    assert dialog.tcg_box.isVisible()
    assert dialog.tcg_host_uris() == [ui.connection.uri]
    assert not dialog.kvm_again_button.isEnabled()
    item = dialog.tcg_hosts.item(0)
    ui.qtbot.mouseClick(
        dialog.tcg_hosts.viewport(),
        Qt.MouseButton.LeftButton,
        pos=dialog.tcg_hosts.visualItemRect(item).center(),
    )
    ui.qtbot.mouseClick(dialog.kvm_again_button, Qt.MouseButton.LeftButton)
    assert dialog.tcg_host_uris() == []
    assert TcgHostStore.default().load() == [ui.connection.uri]  # not before OK
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    ui.qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    assert TcgHostStore.default().load() == []


def test_a_double_click_offers_tcg_and_then_shows_the_console(
    ui: WindowDriver, guest_image: GuestImage, tmp_path: Path
) -> None:
    define_kvm_guest(ui, guest_image, tmp_path, "launched")
    opened: list[Any] = []
    ui.window.consoleOpened.connect(opened.append)
    ui.double_click_row("launched")
    expect_offer(ui, "launched", f"Could not start 'launched': {BROKEN}")
    assert opened == []  # no console for a VM that did not start

    click_offer(ui)
    ui.wait_state("launched", "Running", timeout=60)
    ui.aio.wait_until(lambda: len(opened) == 1)
    shown = opened[0]
    assert isinstance(shown, ConsoleWindow | ConsoleView)
    assert shown.isVisible()
    shown.close()


def test_a_batch_start_offers_tcg_for_the_vms_kvm_failed(
    ui: WindowDriver, guest_image: GuestImage, tmp_path: Path
) -> None:
    define_kvm_guest(ui, guest_image, tmp_path, "one")
    define_kvm_guest(ui, guest_image, tmp_path, "two")
    ui.click_row("one")
    ui.click_row("two", Qt.KeyboardModifier.ControlModifier)
    ui.press(Action.START)
    expect_offer(ui, "one", f"Could not start 2 of 2 VMs. 'one': {BROKEN}")
    assert f"'two': {BROKEN}" in ui.window.message_bar.text()

    click_offer(ui)
    ui.wait_state("one", "Running", timeout=60)
    ui.wait_state("two", "Running", timeout=60)
    assert [ui.row_texts(n)[Column.ACCEL] for n in ("one", "two")] == ["TCG", "TCG"]
    bar = ui.window.message_bar  # the notice comes once both have started
    ui.aio.wait_until(lambda: not bar.isHidden() and bar.text().startswith("Started "))
    assert bar.text().startswith("Started 'one', 'two' with software emulation (TCG)")


def test_the_wizard_keeps_the_vm_kvm_cannot_start_and_the_window_offers_tcg(
    ui: WindowDriver, guest_image: GuestImage
) -> None:
    iso = guest_iso(guest_image)
    wizard = ui.window.show_new_vm_wizard(iso)
    assert isinstance(wizard, NewVmWizard)
    ui.qtbot.waitExposed(wizard)
    driver = WizardDriver(wizard, ui.qtbot, ui.aio)
    driver.wait(lambda: wizard.host is not None and wizard.db is not None, 30)
    assert wizard.host is not None
    if wizard.host.domain_type != "kvm":
        pytest.skip("this host offers no KVM: new VMs are made for TCG")
    driver.next(PageId.OS)
    driver.next(PageId.RESOURCES)
    driver.type_into(wizard.resources.name, "fresh")
    driver.type_number(wizard.resources.memory.spin, 256)
    driver.type_number(wizard.resources.disk_size, 1)
    driver.next(PageId.SUMMARY)
    assert "Acceleration: KVM (hardware-assisted)" in wizard.summary.plain_text()
    assert wizard.summary.start.isChecked()
    driver.click(FINISH)
    driver.wait(lambda: driver.closed, 90)
    ui.aio.wait_until(lambda: "fresh" in ui.visible_names())
    expect_offer(ui, "fresh", f"'fresh' was created but could not start: {BROKEN}")
    assert "fresh" in ui.visible_names()  # kept, not rolled back
    assert ui.row_texts("fresh")[Column.STATE] == "Powered off"
    click_offer(ui)
    ui.wait_state("fresh", "Running", timeout=60)
    assert ui.row_texts("fresh")[Column.ACCEL] == "TCG"
