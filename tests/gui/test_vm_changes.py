"""Snapshots tab, clone, rename, groups, delete with snapshots and batch actions, driven
through the manager window on libvirt's test driver."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QTreeWidgetItem

from hvdesk.core import snapshots
from hvdesk.core.vm import Action, VirtualMachine
from hvdesk.ui.batch import run_batch
from hvdesk.ui.clone_dialog import CloneDialog
from hvdesk.ui.delete_dialog import DeleteDialog
from hvdesk.ui.group_dialog import GroupDialog
from hvdesk.ui.rename_dialog import RenameDialog
from hvdesk.ui.snapshots import (
    ConfirmDeleteSnapshot,
    RevertDialog,
    SnapshotPropertiesDialog,
    SnapshotsPane,
    TakeSnapshotDialog,
)
from hvdesk.ui.vm_tree_model import Column
from tests.gui.conftest import WindowDriver


def tree_rows(pane: SnapshotsPane) -> list[tuple[int, str]]:
    """(depth, text) of every row, in display order."""
    rows: list[tuple[int, str]] = []

    def walk(item: QTreeWidgetItem, depth: int) -> None:
        rows.append((depth, item.text(0)))
        for i in range(item.childCount()):
            walk(item.child(i), depth + 1)

    for i in range(pane.tree.topLevelItemCount()):
        walk(pane.tree.topLevelItem(i), 0)
    return rows


def open_snapshots(ui: WindowDriver, name: str) -> SnapshotsPane:
    ui.click_row(name)
    pane = ui.window.snapshots_pane
    ui.window.side_tabs.setCurrentWidget(pane)
    ui.aio.wait_until(lambda: pane.vm is ui.vm(name) and pane.isVisible())
    return pane


def select_snapshot(pane: SnapshotsPane, name: str) -> None:
    found = pane.tree.findItems(name, Qt.MatchFlag.MatchExactly | Qt.MatchFlag.MatchRecursive)
    pane.tree.setCurrentItem(found[0])


def ok(dialog: object) -> None:
    buttons = dialog.buttons  # type: ignore[attr-defined]
    button = buttons.findChild(object, "okButton")
    assert button.isEnabled()
    button.click()


@pytest.mark.xvfb
def test_snapshot_tab_take_revert_delete_properties(ui: WindowDriver) -> None:
    pane = open_snapshots(ui, "alpha")
    assert tree_rows(pane) == [(0, "Current State")]
    assert "No snapshots yet" in pane.note.text()
    assert not pane.revert_action.isEnabled()  # the Current State row is selected

    take = pane.take()
    assert isinstance(take, TakeSnapshotDialog)
    assert take.name_edit.text() == "Snapshot 1"
    assert take.buttons.findChild(object, "okButton").isDefault()  # Enter takes it
    take.name_edit.setText("a/b")
    assert (
        "'/'" in take.problem.text() and not take.buttons.findChild(object, "okButton").isEnabled()
    )
    take.name_edit.setText("Installed")
    take.description_edit.setPlainText("clean install")
    ok(take)
    ui.aio.wait_until(lambda: tree_rows(pane) == [(0, "Installed"), (1, "Current State")])
    pane.take_action.trigger()
    ui.aio.wait_until(
        lambda: (d := ui.window.findChildren(TakeSnapshotDialog)) and d[-1].isVisible()
    )
    second = ui.window.findChildren(TakeSnapshotDialog)[-1]
    ok(second)  # "Snapshot 2"
    ui.aio.wait_until(
        lambda: tree_rows(pane) == [(0, "Installed"), (1, "Snapshot 2"), (2, "Current State")]
    )

    select_snapshot(pane, "Installed")
    revert = pane.revert()
    assert isinstance(revert, RevertDialog)
    assert revert.keep_current.isChecked()  # the safe default keeps the present state
    assert revert.buttons.button(QDialogButtonBox.StandardButton.Cancel).isDefault()
    ok(revert)
    ui.aio.wait_until(lambda: len(tree_rows(pane)) == 4)
    assert tree_rows(pane) == [
        (0, "Installed"),
        (1, "Snapshot 2"),
        (2, "Snapshot 3"),  # the state before reverting, kept
        (1, "Current State"),  # now built on Installed
    ]

    select_snapshot(pane, "Snapshot 2")
    confirm = pane.delete()
    assert isinstance(confirm, ConfirmDeleteSnapshot)
    assert confirm.buttons.button(QDialogButtonBox.StandardButton.Cancel).isDefault()
    ok(confirm)
    ui.aio.wait_until(lambda: "Snapshot 2" not in [t for _, t in tree_rows(pane)])
    assert (1, "Snapshot 3") in tree_rows(pane)  # its child moved up to its parent

    select_snapshot(pane, "Installed")
    props = pane.properties()
    assert isinstance(props, SnapshotPropertiesDialog)
    assert props.description.toPlainText() == "clean install"
    props.description.setPlainText("with updates")
    ok(props)
    vm = ui.vm("alpha")
    ui.aio.wait_until(
        lambda: (
            ui.aio.run(snapshots.list_snapshots(vm)).snapshots["Installed"].description
            == "with updates"
        )
    )


def test_the_tab_follows_the_selection(ui: WindowDriver) -> None:
    ui.aio.run(snapshots.take_snapshot(ui.vm("beta"), "beta-snap"))
    pane = open_snapshots(ui, "beta")
    ui.aio.wait_until(lambda: (0, "beta-snap") in tree_rows(pane))
    ui.click_row("alpha")
    ui.aio.wait_until(lambda: tree_rows(pane) == [(0, "Current State")])
    ui.click_row("gamma", Qt.KeyboardModifier.ControlModifier)
    assert pane.vm is None and "Select one" in pane.note.text()


def _define_with_disk(ui: WindowDriver, tmp_path: Path, name: str) -> VirtualMachine:
    disk = tmp_path / f"{name}.qcow2"
    subprocess.run(["qemu-img", "create", "-q", "-f", "qcow2", str(disk), "8M"], check=True)
    xml = (
        f"<domain type='test'><name>{name}</name><memory unit='MiB'>64</memory>"
        "<os><type arch='x86_64'>hvm</type></os><devices>"
        "<disk type='file' device='disk'><driver name='qemu' type='qcow2'/>"
        f"<source file='{disk}'/><target dev='vda' bus='virtio'/></disk>"
        "<interface type='user'><mac address='52:54:00:aa:bb:cc'/></interface>"
        "</devices></domain>"
    )
    uid = ui.aio.run(ui.connection.call(lambda c: c.defineXML(xml).UUIDString()))
    ui.aio.wait_until(lambda: uid in ui.connection.vms)
    return ui.connection.vms[uid]


@pytest.mark.xvfb
def test_clone_dialog_copies_and_selects_the_clone(ui: WindowDriver, tmp_path: Path) -> None:
    _define_with_disk(ui, tmp_path, "orig")
    ui.click_row("orig")
    action = ui.window.edit_actions.clone_action
    assert action.isEnabled()
    action.trigger()
    dialog = ui.window.findChild(CloneDialog)
    assert dialog is not None and dialog.isVisible()
    assert dialog.name_edit.text() == "orig Clone"
    assert not dialog.linked.isEnabled()  # the test driver makes no overlays
    assert "QEMU driver" in dialog.linked_note.text()
    assert dialog.clone_button.isDefault()
    dialog.name_edit.setText("beta")
    assert "already has a virtual machine named 'beta'" in dialog.problem.text()
    assert not dialog.clone_button.isEnabled()
    dialog.name_edit.setText("copy")
    ui.qtbot.mouseClick(dialog.clone_button, Qt.MouseButton.LeftButton)
    ui.aio.wait_until(lambda: [vm.name for vm in ui.window.selected_vms()] == ["copy"])
    copy = ui.vm("copy")
    assert copy.config.disks[0].source == str(tmp_path / "copy.qcow2")
    assert copy.config.nics[0].mac != "52:54:00:aa:bb:cc"
    assert (tmp_path / "copy.qcow2").exists()


def test_clone_is_refused_for_a_running_vm(ui: WindowDriver) -> None:
    ui.click_row("beta")
    assert not ui.window.edit_actions.clone_action.isEnabled()
    dialog = ui.window.edit_actions.clone(ui.vm("beta"))
    assert dialog is not None
    assert "Shut 'beta' down first" in dialog.problem.text()
    assert not dialog.clone_button.isEnabled()
    dialog.reject()


def test_rename_dialog(ui: WindowDriver) -> None:
    ui.click_row("gamma")
    ui.window.edit_actions.rename_action.trigger()
    dialog = ui.window.findChild(RenameDialog)
    assert dialog is not None and dialog.name_edit.text() == "gamma"
    assert not dialog.rename_button.isEnabled() and dialog.problem.text() == ""
    dialog.name_edit.setText("beta")
    assert "already has a virtual machine named 'beta'" in dialog.problem.text()
    dialog.name_edit.setText("delta")
    assert dialog.rename_button.isEnabled()
    ui.qtbot.mouseClick(dialog.rename_button, Qt.MouseButton.LeftButton)
    ui.aio.wait_until(lambda: ui.visible_names() == ["alpha", "beta", "delta"])
    ui.click_row("beta")
    assert not ui.window.edit_actions.rename_action.isEnabled()  # running


def test_groups_show_in_a_column_and_the_filter_matches_them(ui: WindowDriver) -> None:
    assert ui.window.tree.isColumnHidden(Column.GROUP)  # no VM has a group yet
    ui.click_row("alpha")
    ui.click_row("gamma", Qt.KeyboardModifier.ControlModifier)
    dialog = ui.window.edit_actions.move_to_group()
    assert isinstance(dialog, GroupDialog)
    dialog.group_edit.setEditText("Lab\tone")
    assert not dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled()
    dialog.group_edit.setEditText("Lab machines")
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    ui.aio.wait_until(lambda: ui.row_texts("gamma")[Column.GROUP] == "Lab machines")
    assert ui.row_texts("alpha")[Column.GROUP] == "Lab machines"
    ui.aio.wait_until(lambda: not ui.window.tree.isColumnHidden(Column.GROUP))
    assert ui.row_texts("beta")[Column.GROUP] == ""
    ui.qtbot.keyClicks(ui.window.filter_edit, "lab mach")
    ui.aio.wait_until(lambda: ui.visible_names() == ["alpha", "gamma"])
    ui.window.filter_edit.clear()
    # The next dialog offers the groups the host already has.
    ui.click_row("beta")
    again = ui.window.edit_actions.move_to_group()
    assert again is not None
    assert [again.group_edit.itemText(i) for i in range(again.group_edit.count())] == [
        "Lab machines"
    ]
    again.reject()


def test_delete_names_the_snapshots_that_will_be_lost(ui: WindowDriver) -> None:
    ui.aio.run(snapshots.take_snapshot(ui.vm("alpha"), "before upgrade"))
    ui.click_row("alpha")
    ui.press(Action.DELETE)
    dialog = ui.window.findChild(DeleteDialog)
    assert dialog is not None
    ui.aio.wait_until(lambda: "before upgrade" in dialog.snapshots_label.text())
    assert "Snapshots of 'alpha' that will be lost" in dialog.snapshots_label.text()
    ui.qtbot.mouseClick(dialog.delete_button, Qt.MouseButton.LeftButton)
    ui.aio.wait_until(lambda: "alpha" not in ui.visible_names())


def test_batch_actions_run_on_every_selected_vm(ui: WindowDriver) -> None:
    ui.click_row("alpha")
    ui.click_row("gamma", Qt.KeyboardModifier.ControlModifier)
    ui.press(Action.START)
    ui.wait_state("alpha", "Running")
    ui.wait_state("gamma", "Running")
    assert not ui.window.message_bar.isVisible()


def test_batch_failures_come_in_one_message(ui: WindowDriver) -> None:
    beta, alpha, gamma = ui.vm("beta"), ui.vm("alpha"), ui.vm("gamma")
    jobs = [(beta, beta.pause()), (alpha, alpha.pause()), (gamma, gamma.pause())]
    ui.window.tasks.run(run_batch("Could not pause %1 of %2 VMs", jobs), "Could not pause")
    ui.aio.wait_until(lambda: ui.window.message_bar.isVisible())
    text = ui.window.message_bar.text()
    assert text.startswith("Could not pause 2 of 3 VMs.")
    assert "'alpha':" in text and "'gamma':" in text and "'beta'" not in text
    ui.wait_state("beta", "Paused")


def test_cancel_in_the_clone_dialog_leaves_nothing(ui: WindowDriver, tmp_path: Path) -> None:
    _define_with_disk(ui, tmp_path, "orig")
    before = sorted(p.name for p in tmp_path.iterdir())
    ui.click_row("orig")
    dialog = ui.window.edit_actions.clone()
    assert dialog is not None
    dialog.name_edit.setText("never")
    ui.qtbot.mouseClick(dialog.clone_button, Qt.MouseButton.LeftButton)
    assert dialog.running and not dialog.name_edit.isEnabled()
    # Cancel while it runs: the clone stops, rolls back, then the dialog closes.
    dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel).click()
    ui.aio.wait_until(lambda: ui.window.findChild(CloneDialog) is None)
    assert "never" not in ui.visible_names()
    assert sorted(p.name for p in tmp_path.iterdir()) == before
