"""Ways into the New-VM wizard from the manager window: the New action, a dropped ISO or
disk image."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QMimeData, QPoint, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QToolBar, QWizard

from tests.support.images import extent_descriptor
from tests.support.window import WindowDriver


def _wizard(ui: WindowDriver) -> Any:
    return ui.window.findChild(QWizard)


def _drag(ui: WindowDriver, path: Path, event: type[QDragEnterEvent] | type[QDropEvent]) -> bool:
    """Send a drag-enter or a drop of `path` to the window; whether it was accepted."""
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    sent = event(
        QPoint(50, 50),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    sent.ignore()
    QApplication.sendEvent(ui.window, sent)
    return sent.isAccepted()


def test_new_opens_the_wizard_for_the_selected_host(ui: WindowDriver) -> None:
    toolbar = ui.window.findChild(QToolBar, "machineToolbar")
    button = toolbar.widgetForAction(ui.window.new_vm_action)
    assert button.isEnabled()
    ui.qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    wizard = _wizard(ui)
    assert wizard is not None and wizard.isVisible()
    wizard.reject()


def test_an_iso_dropped_on_the_window_prefills_the_wizard(ui: WindowDriver, tmp_path: Path) -> None:
    iso = tmp_path / "debian.iso"
    iso.write_bytes(b"\0" * 4096)
    assert _drag(ui, iso, QDragEnterEvent)
    _drag(ui, iso, QDropEvent)
    wizard = _wizard(ui)
    assert wizard is not None
    assert wizard.source.iso_path() == str(iso)
    wizard.reject()


def test_a_text_file_is_not_taken(ui: WindowDriver, tmp_path: Path) -> None:
    note = tmp_path / "notes.txt"
    note.write_text("hello")
    assert not _drag(ui, note, QDragEnterEvent)


def test_without_a_connected_host_new_says_what_to_do(make_window: Any) -> None:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    ui: WindowDriver = make_window(f"qemu+tcp://127.0.0.1:{port}/system")
    assert not ui.window.new_vm_action.isEnabled()
    assert ui.window.show_new_vm_wizard() is None
    assert "Connect to a host first" in ui.window.message_bar.text()
    assert _wizard(ui) is None


def test_a_vm_created_from_the_window_is_selected_and_its_console_opens(
    make_window: Any, tmp_path: Path
) -> None:
    from hvdesk.ui.new_vm_wizard import PageId
    from tests.gui.test_new_vm_wizard import FINISH, NEWVM_HOST, WizardDriver
    from tests.support.media import make_iso

    ui: WindowDriver = make_window(f"test://{NEWVM_HOST}")
    iso = make_iso(tmp_path / "debian-11.5.0-amd64-netinst.iso", "Debian 11.5.0 amd64 n")
    wizard = ui.window.show_new_vm_wizard(iso)
    assert wizard is not None
    driver = WizardDriver(wizard, ui.qtbot, ui.aio)
    driver.wait(lambda: wizard.host is not None and wizard.db is not None, 30)
    driver.next(PageId.OS)
    driver.next(PageId.RESOURCES)
    driver.type_into(wizard.resources.name, "made-here")
    driver.next(PageId.SUMMARY)
    with ui.qtbot.waitSignal(ui.window.consoleOpened, timeout=30000) as opened:
        driver.click(FINISH)
    assert opened.args[0].vm.name == "made-here"
    assert [vm.name for vm in ui.window.selected_vms()] == ["made-here"]
    ui.wait_state("made-here", "Running")


def test_a_dropped_image_that_reads_a_host_file_is_shown_and_held(
    ui: WindowDriver, tmp_path: Path
) -> None:
    image = extent_descriptor(tmp_path)  # hvdesk is registered for .vmdk: one drop is enough
    assert _drag(ui, image, QDragEnterEvent)
    _drag(ui, image, QDropEvent)
    wizard = _wizard(ui)
    assert wizard is not None and wizard.source.import_radio.isChecked()
    info = wizard.source.import_info
    ui.aio.wait_until(lambda: info.text().startswith("VMDK"))
    assert f"Extent of evil.vmdk: {tmp_path / 'secret.txt'}" in info.text()
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    assert wizard.source.accept_files.isVisible()
    wizard.reject()
