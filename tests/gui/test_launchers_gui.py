"""Machine → Create Launcher…, and the launcher leaving with its VM."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QMenu

from hvdesk.core.launchers import launcher_name, read_fields
from hvdesk.core.vm import Action
from hvdesk.ui.delete_dialog import DeleteDialog
from hvdesk.ui.launcher_dialog import CreateLauncherDialog
from tests.gui.conftest import WindowDriver


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
    menu_file = isolated_xdg / "data" / "applications" / launcher_name(vm.uuid)
    desk_file = isolated_xdg / "Desktop" / launcher_name(vm.uuid)
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
