"""Settings → Preferences…: what the user sets is kept, and the theme applies at once."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication, QWidget

from hvdesk.core import preferences
from hvdesk.core.config import ConnectionStore
from hvdesk.ui.preferences_dialog import PreferencesDialog
from hvdesk.ui.theme import apply_theme


def _dialog(qtbot: Any, tmp_path: Path) -> PreferencesDialog:
    store = ConnectionStore(tmp_path / "connections.json")
    store.save(["test:///default"])
    dialog = PreferencesDialog(store)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_choices_are_saved_under_xdg_config(qtbot: Any, tmp_path: Path, isolated_xdg: Path) -> None:
    dialog = _dialog(qtbot, tmp_path)
    assert dialog.uris() == ["test:///default"]
    assert dialog.stats_interval.value() == 1000  # the default
    qtbot.keyClicks(dialog.new_uri, "qemu:///session")
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    dialog.stats_interval.setValue(99999)  # beyond the range: held at 60000
    dialog.host_key.setCurrentIndex(dialog.host_key.findData("Scroll_Lock"))
    dialog.scaling.setCurrentIndex(1)
    dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()

    assert ConnectionStore(tmp_path / "connections.json").load() == [
        "test:///default",
        "qemu:///session",
    ]
    assert preferences.stats_interval_ms() == 60000
    assert preferences.console_host_key() == "Scroll_Lock"
    assert not preferences.console_scale_to_fit()
    conf = isolated_xdg / "config" / "hvdesk" / "hvdesk.conf"
    settings = QSettings(str(conf), QSettings.Format.IniFormat)
    assert settings.value("stats/interval_ms") in (60000, "60000")


def test_a_bad_address_is_explained_and_not_added(qtbot: Any, tmp_path: Path) -> None:
    dialog = _dialog(qtbot, tmp_path)
    qtbot.keyClicks(dialog.new_uri, "not a uri")
    qtbot.keyClick(dialog.new_uri, Qt.Key.Key_Return)
    assert dialog.uri_error.isVisible()
    assert dialog.uri_error.text().startswith("'not a uri' is not a libvirt URI.")
    assert dialog.uris() == ["test:///default"]


def test_cancel_keeps_what_was_there(qtbot: Any, tmp_path: Path) -> None:
    dialog = _dialog(qtbot, tmp_path)
    dialog.connections.setCurrentRow(0)
    qtbot.mouseClick(dialog.remove_button, Qt.MouseButton.LeftButton)
    assert dialog.uris() == []
    dialog.buttons.button(dialog.buttons.StandardButton.Cancel).click()
    assert ConnectionStore(tmp_path / "connections.json").load() == ["test:///default"]


def test_dark_theme_applies_at_once_and_system_restores(qtbot: Any, tmp_path: Path) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    apply_theme("system")  # remember the test process's own look first
    before = app.palette().color(QPalette.ColorRole.Window)
    dialog = _dialog(qtbot, tmp_path)
    dialog.theme.setCurrentIndex(dialog.theme.findData("dark"))
    dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    try:
        assert preferences.theme() == "dark"
        assert app.style().name().lower() == "fusion"
        assert app.palette().color(QPalette.ColorRole.Window).lightness() < 80
    finally:
        apply_theme("system")
    assert app.palette().color(QPalette.ColorRole.Window) == before


def test_tab_walks_every_control_in_screen_order(qtbot: Any, tmp_path: Path) -> None:
    dialog = _dialog(qtbot, tmp_path)
    dialog.connections.setCurrentRow(0)  # Remove is enabled, so it takes focus too
    expected: list[QWidget] = [
        dialog.new_uri, dialog.add_button, dialog.remove_button, dialog.stats_interval,
        dialog.host_key, dialog.scaling, dialog.theme,
    ]  # fmt: skip
    # Walk the focus chain from the list; inner widgets (a spin box's editor) count as
    # their control.
    controls = [dialog.connections, *expected]
    seen: list[QWidget] = []
    widget: QWidget = dialog.connections
    for _ in range(200):
        widget = widget.nextInFocusChain()
        owner = next((c for c in controls if c is widget or c.isAncestorOf(widget)), None)
        tabbable = bool(widget.focusPolicy() & Qt.FocusPolicy.TabFocus) and widget.isEnabled()
        if owner is not None and tabbable and (not seen or seen[-1] is not owner):
            seen.append(owner)
        if widget is dialog.connections:
            break
    assert seen[: len(expected)] == expected
    for control in (dialog.connections, dialog.new_uri, dialog.host_key, dialog.theme):
        assert control.accessibleName()
