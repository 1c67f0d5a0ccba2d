"""Keyboard and assistive-technology use of the manager window and the New-VM wizard."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QRadioButton,
    QSpinBox,
    QWidget,
    QWizard,
)

from hvdesk.core.vm import Action
from hvdesk.ui.new_vm_wizard import open_new_vm_wizard
from hvdesk.ui.tray import RunningVmsTray
from tests.gui.conftest import WindowDriver


def _tab_chain(start: QWidget, within: QWidget) -> list[QWidget]:
    """The widgets Tab visits from `start`, once round (visible, enabled, tab-focusable)."""
    seen: list[QWidget] = []
    widget = start
    for _ in range(500):
        widget = widget.nextInFocusChain()
        if widget is start:
            break
        if (
            within.isAncestorOf(widget)
            and widget.isVisibleTo(within)
            and widget.isEnabled()
            and widget.focusPolicy() & Qt.FocusPolicy.TabFocus
        ):
            seen.append(widget)
    return seen


def _labelled(widget: QWidget, root: QWidget) -> bool:
    """A screen reader can name it: an accessible name, a text, or a label's buddy."""
    if widget.accessibleName():
        return True
    if isinstance(widget, QAbstractButton) and widget.text():
        return True
    return any(label.buddy() is widget for label in root.findChildren(QLabel))


def test_manager_tab_order_goes_filter_then_list_then_side_pane(ui: WindowDriver) -> None:
    window = ui.window
    chain = _tab_chain(window.filter_edit, window)
    assert chain[0] is window.tree
    side = window.side_tabs
    assert any(side.isAncestorOf(w) for w in chain[1:]), "the details/console tabs are reachable"


def test_every_menu_has_a_mnemonic_and_machine_actions_have_shortcuts(ui: WindowDriver) -> None:
    titles = [a.text() for a in ui.window.menuBar().actions()]
    assert titles and all("&" in t for t in titles), titles
    assert ui.window.create_launcher_action.text().count("&") == 1


def test_wizard_controls_are_named_and_reachable_by_tab(ui: WindowDriver) -> None:
    wizard = open_new_vm_wizard(ui.window, ui.connection)  # deletes itself when closed
    try:
        _check_wizard_page(wizard)
    finally:
        wizard.reject()


def _check_wizard_page(wizard: QWizard) -> None:
    page = wizard.currentPage()
    controls = [
        w
        for w in page.findChildren(QWidget)
        if isinstance(w, QLineEdit | QComboBox | QSpinBox | QListWidget | QAbstractButton)
        and w.isVisibleTo(page)
        and not isinstance(w.parentWidget(), QSpinBox | QComboBox)  # their inner editors
    ]
    assert controls
    unnamed = [w for w in controls if not _labelled(w, page)]
    assert unnamed == [], [type(w).__name__ + ":" + w.objectName() for w in unnamed]
    chain = _tab_chain(wizard, wizard)
    # Radio buttons of a group take one Tab stop (the checked one); arrows move within it.
    enabled = [
        w
        for w in controls
        if w.isEnabled() and not (isinstance(w, QRadioButton) and not w.isChecked())
    ]
    assert [w for w in enabled if w not in chain] == []


def test_tray_menu_lists_the_running_vms(ui: WindowDriver) -> None:
    tray = RunningVmsTray(ui.window)  # built even where no tray is shown
    tray.rebuild()
    assert tray.running_names() == ["beta"]
    assert tray.icon.toolTip() == "hvdesk: 1 running"
    ui.click_row("beta")
    ui.window.trigger(Action.FORCE_OFF)
    ui.wait_state("beta", "Powered off")
    ui.aio.wait_until(lambda: tray.running_names() == [])  # it follows the VMs by itself
    assert tray.icon.toolTip() == "hvdesk"
