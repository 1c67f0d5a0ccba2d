"""Machine → Create Launcher…, and the launcher leaving with its VM."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QMenu

from hvdesk.core.launchers import launcher_name, read_fields
from hvdesk.core.vm import Action
from hvdesk.ui.delete_dialog import DeleteDialog
from hvdesk.ui.launcher_dialog import CreateLauncherDialog
from tests.gui.conftest import VMS_XML, WindowDriver


def test_create_launcher_from_the_machine_menu_then_delete_removes_it(
    ui: WindowDriver, isolated_xdg: Path
) -> None:
    window = ui.window
    window.launchers._desktop = isolated_xdg / "Desktop"  # not the real Desktop
    machine_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Machine")
    assert isinstance(machine_menu, QMenu)
    assert window.create_launcher_action in machine_menu.actions()
    ui.click_row("alpha")
    assert window.create_launcher_action.isEnabled()
    window.create_launcher_action.trigger()
    dialog = window.findChild(CreateLauncherDialog)
    assert dialog is not None and dialog.isVisible()
    dialog.on_desktop.setFocus()
    ui.qtbot.keyClick(dialog.on_desktop, Qt.Key.Key_Space)
    assert dialog.on_desktop.isChecked()
    ok = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
    ui.qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)

    vm = ui.vm("alpha")
    name = launcher_name(vm.connection.uri, vm.uuid)
    menu_file = isolated_xdg / "data" / "applications" / name
    desk_file = isolated_xdg / "Desktop" / name
    assert read_fields(menu_file)["Name"] == "alpha"
    assert desk_file.is_file()

    ui.press(Action.DELETE)
    delete = window.findChild(DeleteDialog)
    assert delete is not None
    ui.qtbot.mouseClick(delete.delete_button, Qt.MouseButton.LeftButton)
    ui.aio.wait_until(lambda: "alpha" not in ui.visible_names())
    ui.aio.wait_until(lambda: not menu_file.exists() and not desk_file.exists())


def test_create_launcher_needs_exactly_one_vm(ui: WindowDriver) -> None:
    ui.click_row("alpha")
    ui.click_row("beta", Qt.KeyboardModifier.ControlModifier)
    assert not ui.window.create_launcher_action.isEnabled()


def test_deleting_a_vm_leaves_the_launcher_of_its_copy_on_another_host(
    make_window: Any, tmp_path: Path, isolated_xdg: Path
) -> None:
    """Two hosts hold VMs with the same UUIDs (copies of one fixture): each alpha gets a
    launcher; deleting alpha on the second host removes only that one."""
    copies = []
    for host in ("first", "second"):
        (tmp_path / host).mkdir()
        copies.append(tmp_path / host / "vms.xml")
        shutil.copy(VMS_XML, copies[-1])
    ui: WindowDriver = make_window(*(f"test://{path}" for path in copies))
    window = ui.window
    window.launchers._desktop = isolated_xdg / "Desktop"
    first, second = window.manager.connections
    made = {}
    for conn in (first, second):
        window.select_vm(next(vm for vm in conn.vms.values() if vm.name == "alpha"))
        window.create_launcher_action.trigger()
        dialog = window.findChild(CreateLauncherDialog)
        ok = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
        ui.qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
        ui.aio.wait_until(lambda: window.findChild(CreateLauncherDialog) is None)
        vm = next(vm for vm in conn.vms.values() if vm.name == "alpha")
        made[conn] = isolated_xdg / "data" / "applications" / launcher_name(conn.uri, vm.uuid)
    assert made[first] != made[second]
    assert all(path.is_file() for path in made.values())
    assert read_fields(made[second])["X-Hvdesk-URI"] == second.uri

    window.select_vm(next(vm for vm in second.vms.values() if vm.name == "alpha"))
    ui.press(Action.DELETE)
    delete = window.findChild(DeleteDialog)
    ui.qtbot.mouseClick(delete.delete_button, Qt.MouseButton.LeftButton)
    ui.aio.wait_until(lambda: "alpha" not in {vm.name for vm in second.vms.values()})
    ui.aio.wait_until(lambda: not made[second].exists())
    assert made[first].is_file()
    assert read_fields(made[first])["Name"] == "alpha"
