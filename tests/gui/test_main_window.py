"""The manager window against libvirt's test driver: what a user sees and does."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDialogButtonBox, QLabel

from hvdesk.core.vm import Action
from hvdesk.ui.add_connection import AddConnectionDialog
from hvdesk.ui.console_window import ConsoleWindow
from hvdesk.ui.delete_dialog import DeleteDialog
from hvdesk.ui.vm_tree_model import Column
from tests.gui.conftest import WindowDriver


@pytest.mark.xvfb
def test_list_shows_each_vm_with_state_os_cpus_and_memory(ui: WindowDriver) -> None:
    assert ui.visible_names() == ["alpha", "beta", "gamma"]
    name, state, os_name, vcpus, memory, accel, *_ = ui.row_texts("alpha")
    assert (name, state, os_name, vcpus, memory, accel) == (
        "alpha", "Powered off", "Debian 12", "2", "1 GiB", "",
    )  # fmt: skip
    assert ui.row_texts("beta")[Column.STATE] == "Running"
    assert ui.row_texts("beta")[Column.MEMORY] == "2 GiB"
    assert ui.window.status_label.text() == "Virtual machines: 3 — 1 running"


@pytest.mark.xvfb
def test_runs_on_the_platform_the_suite_asked_for() -> None:
    import os

    # The `make test` second pass sets xcb under Xvfb: a real X window, not offscreen.
    assert QGuiApplication.platformName() == os.environ["QT_QPA_PLATFORM"]


def test_buttons_enable_only_where_the_action_applies(ui: WindowDriver) -> None:
    ui.click_row("alpha")  # powered off
    assert ui.enabled(Action.START) and ui.enabled(Action.DELETE)
    assert not ui.enabled(Action.SHUTDOWN) and not ui.enabled(Action.PAUSE)
    ui.click_row("beta")  # running
    assert ui.enabled(Action.SHUTDOWN) and ui.enabled(Action.PAUSE)
    assert ui.enabled(Action.FORCE_OFF) and ui.enabled(Action.CONSOLE)
    assert not ui.enabled(Action.START) and not ui.enabled(Action.DELETE)
    assert not ui.enabled(Action.RESUME)
    ui.click_row("alpha", Qt.KeyboardModifier.ControlModifier)  # both
    assert sorted(vm.name for vm in ui.window.selected_vms()) == ["alpha", "beta"]
    assert ui.enabled(Action.START) and ui.enabled(Action.SHUTDOWN)


@pytest.mark.xvfb
def test_start_then_shut_down_from_the_toolbar(ui: WindowDriver) -> None:
    ui.click_row("alpha")
    ui.press(Action.START)
    ui.wait_state("alpha", "Running")
    assert "Running" in ui.window.details.toPlainText()
    ui.aio.wait_until(lambda: ui.window.status_label.text() == "Virtual machines: 3 — 2 running")
    assert ui.enabled(Action.SHUTDOWN) and not ui.enabled(Action.START)
    ui.press(Action.SHUTDOWN)
    ui.wait_state("alpha", "Powered off")
    assert ui.enabled(Action.START)


def test_pause_resume_and_save_state(ui: WindowDriver) -> None:
    ui.click_row("beta")
    ui.press(Action.PAUSE)
    ui.wait_state("beta", "Paused")
    status = "Virtual machines: 3 — 0 running, 1 paused"  # paused is not running
    ui.aio.wait_until(lambda: ui.window.status_label.text() == status)
    ui.press(Action.RESUME)
    ui.wait_state("beta", "Running")
    ui.window.actions_by_kind[Action.SAVE].trigger()
    ui.wait_state("beta", "Saved")
    assert ui.enabled(Action.DISCARD_SAVE)
    ui.press(Action.START)  # restores the saved state
    ui.wait_state("beta", "Running")


def test_batch_force_off_of_a_multi_selection(ui: WindowDriver) -> None:
    ui.click_row("alpha")
    ui.press(Action.START)
    ui.wait_state("alpha", "Running")
    ui.click_row("beta", Qt.KeyboardModifier.ControlModifier)
    ui.press(Action.FORCE_OFF)
    ui.wait_state("alpha", "Powered off")
    ui.wait_state("beta", "Powered off")


def test_details_pane_summarises_the_selected_vm(ui: WindowDriver) -> None:
    ui.click_row("alpha")
    text = ui.window.details.toPlainText()
    for expected in ("alpha", "Debian 12", "2 vCPUs", "1 GiB", "BIOS",
                     "/var/lib/hvdesk-test/alpha.qcow2", "52:54:00:00:00:01"):  # fmt: skip
        assert expected in text
    ui.click_row("beta")
    assert "UNIX socket /run/hvdesk-test/beta.vnc" in ui.window.details.toPlainText()


def test_filter_hides_vms_that_do_not_match(ui: WindowDriver) -> None:
    ui.qtbot.keyClicks(ui.window.filter_edit, "AM")
    assert ui.visible_names() == ["gamma"]
    ui.window.filter_edit.clear()
    assert ui.visible_names() == ["alpha", "beta", "gamma"]


def test_the_count_follows_vms_the_filter_hides(ui: WindowDriver) -> None:
    """VMs defined and removed while the filter hides them are counted as they come and go."""
    ui.qtbot.keyClicks(ui.window.filter_edit, "AM")
    assert ui.visible_names() == ["gamma"]
    xml = (
        "<domain type='test'><name>delta</name><memory unit='MiB'>64</memory>"
        "<os><type>hvm</type></os></domain>"
    )
    ui.aio.run(ui.connection.call(lambda conn: conn.defineXML(xml)))
    ui.aio.wait_until(lambda: ui.window.status_label.text() == "Virtual machines: 4 — 1 running")
    ui.aio.run(ui.connection.call(lambda conn: conn.lookupByName("alpha").undefine()))
    ui.aio.run(ui.connection.call(lambda conn: conn.lookupByName("delta").undefine()))
    ui.aio.wait_until(lambda: len(ui.connection.vms) == 2)
    assert ui.visible_names() == ["gamma"]
    ui.aio.wait_until(lambda: ui.window.status_label.text() == "Virtual machines: 2 — 1 running")
    ui.window.filter_edit.clear()
    assert ui.visible_names() == ["beta", "gamma"]
    assert ui.window.status_label.text() == "Virtual machines: 2 — 1 running"


def test_state_changes_from_outside_arrive_as_events(ui: WindowDriver) -> None:
    # Another libvirt client (here, a raw connection of our own) changes the VM.
    # The test driver keeps each file URI's state per connection, so act through ours.
    other = ui.aio.run(ui.connection.call(lambda conn: conn))
    other.lookupByName("beta").suspend()
    ui.wait_state("beta", "Paused")


@pytest.mark.xvfb
def test_double_click_starts_a_powered_off_vm_and_opens_its_console(ui: WindowDriver) -> None:
    with ui.qtbot.waitSignal(ui.window.consoleOpened, timeout=10000) as opened:
        ui.double_click_row("gamma")
    console = opened.args[0]
    assert isinstance(console, ConsoleWindow)
    assert ui.vm("gamma").state.value == "Running"
    # The console follows the VM; gamma has no VNC display, and the console says so.
    ui.aio.wait_until(lambda: console.status_text().startswith("Connection failed:"))
    assert "'gamma' has no VNC display" in console.status_text()
    assert console.isVisible() and console.windowTitle() == "gamma — Console"
    # A second double-click on the running VM raises the same window.
    with ui.qtbot.waitSignal(ui.window.consoleOpened, timeout=10000) as again:
        ui.double_click_row("gamma")
    assert again.args[0] is console


def test_delete_asks_and_cancel_keeps_the_vm(ui: WindowDriver) -> None:
    ui.click_row("alpha")
    ui.press(Action.DELETE)
    dialog = ui.window.findChild(DeleteDialog)
    assert dialog is not None and dialog.isVisible()
    assert not dialog.remove_disks.isChecked()  # the safe default keeps the disks
    dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel).click()
    ui.aio.wait_until(lambda: ui.window.findChild(DeleteDialog) is None)
    assert "alpha" in ui.visible_names()


def test_delete_removes_the_vm_and_keeps_a_shared_disk(ui: WindowDriver) -> None:
    ui.click_row("gamma")  # its disk is shared with beta
    ui.press(Action.DELETE)
    dialog = ui.window.findChild(DeleteDialog)
    assert dialog is not None
    assert not dialog.remove_disks.isVisibleTo(dialog)  # nothing is removable
    labels = " ".join(label.text() for label in dialog.findChildren(QLabel))
    assert "used by beta" in labels
    ui.qtbot.mouseClick(dialog.delete_button, Qt.MouseButton.LeftButton)
    ui.aio.wait_until(lambda: "gamma" not in ui.visible_names())
    assert ui.visible_names() == ["alpha", "beta"]


def test_deleting_a_running_vm_is_refused_with_a_message(ui: WindowDriver) -> None:
    vm = ui.vm("beta")
    with pytest.raises(Exception, match="is running and was not deleted"):
        ui.aio.run(vm.delete())
    assert "beta" in ui.visible_names()
    assert not ui.window.actions_by_kind[Action.DELETE].isEnabled() or not vm.can(Action.DELETE)


def test_a_failed_action_shows_a_readable_message_in_the_window(ui: WindowDriver) -> None:
    vm = ui.vm("alpha")
    ui.click_row("alpha")
    # Remove the VM behind hvdesk's back, then ask to start it before the event lands.
    raw = ui.aio.run(ui.connection.call(lambda conn: conn))
    raw.lookupByName("alpha").undefine()
    ui.window.tasks.run(vm.start(), "Could not start 'alpha'")
    ui.aio.wait_until(lambda: not ui.window.message_bar.isHidden())
    text = ui.window.message_bar.text()
    assert text.startswith("Could not start 'alpha'.")
    assert "Traceback" not in text
    ui.aio.wait_until(lambda: "alpha" not in ui.visible_names())


def test_unreachable_host_shows_a_message_and_the_other_connection_works(
    make_window: Any,
) -> None:
    import socket

    with socket.socket() as sock:  # a port with nothing listening
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    ui: WindowDriver = make_window("test:///default", f"qemu+tcp://127.0.0.1:{port}/system")
    assert ui.window.manager.connections[0].is_connected
    bad = ui.window.manager.connections[1]
    assert bad.state.name == "FAILED"
    ui.aio.wait_until(lambda: not ui.window.message_bar.isHidden())
    assert "Could not connect to QEMU on 127.0.0.1" in ui.window.message_bar.text()
    assert "Connection refused" in ui.window.message_bar.text()
    ui.click_row("test")
    assert ui.enabled(Action.SHUTDOWN)


def test_add_connection_dialog_checks_the_uri_and_saves_it(ui: WindowDriver, tmp_path: Any) -> None:
    dialog = ui.window.show_add_connection()
    ui.qtbot.waitExposed(dialog)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    dialog.custom.click()
    ui.qtbot.keyClicks(dialog.uri_edit, "not a uri")
    assert not ok.isEnabled()
    assert "is not a libvirt URI" in dialog.error.text()
    dialog.uri_edit.clear()
    ui.qtbot.keyClicks(dialog.uri_edit, "test:///default")
    assert ok.isEnabled() and dialog.error.text() == ""
    ui.qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    ui.aio.wait_until(lambda: len(ui.window.manager.connections) == 2)
    added = ui.window.manager.connections[1]
    ui.aio.wait_until(lambda: added.is_connected)
    assert "test" in ui.visible_names()
    assert ui.window.manager.store.load()[-1] == "test:///default"


def test_remote_ssh_choice_builds_the_uri(ui: WindowDriver) -> None:
    dialog = AddConnectionDialog([], ui.window)
    ui.qtbot.addWidget(dialog)
    dialog.remote.click()
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert not ok.isEnabled()  # no host yet
    ui.qtbot.keyClicks(dialog.user, "ada")
    ui.qtbot.keyClicks(dialog.host, "lab.example")
    assert dialog.uri() == "qemu+ssh://ada@lab.example/system"
    assert ok.isEnabled()


def test_names_with_markup_characters_are_shown_as_written(ui: WindowDriver) -> None:
    raw = ui.aio.run(ui.connection.call(lambda conn: conn))
    xml = raw.lookupByName("alpha").XMLDesc(0)
    xml = xml.replace("<name>alpha</name>", "<name>a&lt;b&gt; &amp; 'c'</name>")
    xml = xml.replace(
        "11111111-1111-4111-8111-111111111111", "44444444-4444-4444-8444-444444444444"
    )
    raw.defineXML(xml)
    name = "a<b> & 'c'"
    ui.aio.wait_until(lambda: name in ui.visible_names())
    ui.click_row(name)
    assert f"Name{name}" in ui.window.details.toPlainText().replace("\n", "").replace("\t", "")
    ui.press(Action.DELETE)
    dialog = ui.window.findChild(DeleteDialog)
    assert dialog is not None
    texts = [label.text() for label in dialog.findChildren(QLabel)]
    assert any(f"Delete '{name}'?" in _plain_text(t) for t in texts)
    dialog.reject()


def _plain_text(html: str) -> str:
    from PySide6.QtGui import QTextDocument

    doc = QTextDocument()
    doc.setHtml(html)
    return doc.toPlainText()


def test_clicking_a_column_header_sorts_by_it(ui: WindowDriver) -> None:
    header = ui.window.tree.header()
    section = header.sectionViewportPosition(Column.MEMORY) + 5
    ui.qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(section, 5))
    assert ui.visible_names() == ["gamma", "alpha", "beta"]  # 512 MiB, 1 GiB, 2 GiB
    ui.qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(section, 5))
    assert ui.visible_names() == ["beta", "alpha", "gamma"]
    name = header.sectionViewportPosition(Column.NAME) + 5
    ui.qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(name, 5))
    assert ui.visible_names() == ["alpha", "beta", "gamma"]


def test_removing_a_connection_takes_its_vms_from_the_list(ui: WindowDriver) -> None:
    ui.window.tree.setCurrentIndex(ui.window.proxy.index(0, 0))
    remove = ui.window.remove_connection_action
    assert remove.isEnabled()
    remove.trigger()
    ui.aio.wait_until(lambda: ui.window.proxy.rowCount() == 0)
    assert ui.window.manager.connections == []
    assert ui.window.status_label.text() == "Virtual machines: 0 — 0 running"
    assert not ui.window.manager.store.path.exists()  # it was never saved: nothing to forget


def test_an_empty_host_says_how_to_make_the_first_vm(make_window: Any) -> None:
    empty = Path(__file__).parent / "empty.xml"
    ui: WindowDriver = make_window(f"test://{empty}")
    assert ui.visible_names() == []
    assert "No virtual machines yet. Create one with New" in ui.window.details.toPlainText()
    xml = (
        "<domain type='test'><name>first</name><memory unit='MiB'>64</memory>"
        "<os><type arch='x86_64'>hvm</type></os></domain>"
    )
    ui.aio.run(ui.connection.call(lambda c: c.defineXML(xml)))
    ui.aio.wait_until(lambda: ui.visible_names() == ["first"])
    assert "Select a virtual machine" in ui.window.details.toPlainText()


def test_no_two_actions_share_a_shortcut(ui: WindowDriver) -> None:
    """A shortcut bound twice fires neither (Qt reports it ambiguous)."""
    from PySide6.QtGui import QAction

    owners: dict[str, list[str]] = {}
    for action in ui.window.findChildren(QAction):
        for shortcut in action.shortcuts():
            owners.setdefault(shortcut.toString(), []).append(action.text())
    assert owners, "the window has shortcuts"
    shared = {key: texts for key, texts in owners.items() if len(texts) > 1}
    assert not shared
    # The name column stays readable beside the other columns at the default size.
    assert ui.window.tree.columnWidth(Column.NAME) >= 150
