"""Settings → Storage → Add Hard Disk → an existing image: inspected like an import (its
format from the image, every other file it reads listed and accepted, a VM's file
refused), and inspected again right before the change is applied. libvirt's test
driver, real qemu-img, real files."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QDialogButtonBox

from hvdesk.core.connection import Connection
from hvdesk.core.domxml import DomainXml
from hvdesk.core.settings_apply import READ_INACTIVE
from hvdesk.ui.settings import SettingsDialog
from hvdesk.ui.settings.storage_page import AddDiskDialog
from tests.support.core import vm_named
from tests.support.images import backing_image, download_dir, linked_pair, qemu_img, secret_file

OK = QDialogButtonBox.StandardButton.Ok


def inactive_xml(aio: Any, conn: Connection, name: str) -> str:
    vm = vm_named(conn, name)
    xml: str = aio.run(conn.call_domain(vm.uuid, lambda d: d.XMLDesc(READ_INACTIVE)))
    return xml


def open_storage(qtbot: Any, conn: Connection, name: str) -> SettingsDialog:
    dialog = SettingsDialog(vm_named(conn, name))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.ctx is not None, timeout=10000)
    dialog.select_section("storage")
    return dialog


def add_existing(qtbot: Any, dialog: SettingsDialog, image: Path) -> AddDiskDialog:
    add = dialog.storage.ask_add_disk()
    qtbot.waitExposed(add)
    qtbot.mouseClick(add.existing, Qt.MouseButton.LeftButton, pos=QPoint(8, 8))
    add.path.setText(str(image))
    qtbot.mouseClick(add.findChild(QDialogButtonBox).button(OK), Qt.MouseButton.LeftButton)
    return add


def held_or_added(qtbot: Any, dialog: SettingsDialog, add: AddDiskDialog, rows: int) -> None:
    """Wait until the image was added, or the Add dialog says why not."""
    qtbot.waitUntil(
        lambda: len(dialog.storage.rows) != rows or add.error.isVisible(), timeout=10000
    )
    added = dialog.storage.rows[rows:]
    assert not added, f"added at once, as a {added[0].format} disk"


def test_an_existing_image_is_listed_with_what_it_reads_and_added_once_accepted(
    qtbot: Any, aio: Any, host: Connection, tmp_path: Path
) -> None:
    image = backing_image(tmp_path, name="extra.img")  # a qcow2; the suffix says nothing
    secret = tmp_path / "secret.txt"
    dialog = open_storage(qtbot, host, "db")
    rows = len(dialog.storage.rows)
    add = add_existing(qtbot, dialog, image)
    held_or_added(qtbot, dialog, add, rows)
    assert add.isVisible()
    assert add.info.text() == (
        "QCOW2 image: the guest sees 1.0 MiB.\n"
        f"Backing file of extra.img: {secret} (raw, the guest sees 2.5 KiB)"
    )
    assert add.error.text() == (
        f"{image} also reads other files: {secret}. hvdesk reads no file you were not shown: "
        "tick “Also read these files” only if you trust them, or choose another image."
    )
    assert add.accept_files.isVisible() and add.accept_files.text().endswith(f"\n{secret}")
    qtbot.mouseClick(add.accept_files, Qt.MouseButton.LeftButton, pos=QPoint(8, 8))
    qtbot.mouseClick(add.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not add.isVisible())
    row = dialog.storage.rows[-1]
    assert (row.path, row.format, row.accepted) == (str(image), "qcow2", (str(secret),))
    with qtbot.waitSignal(dialog.finished, timeout=10000):
        qtbot.mouseClick(dialog.buttons.button(OK), Qt.MouseButton.LeftButton)
    added = [
        d
        for d in DomainXml(inactive_xml(aio, host, "db")).disks()
        if d.find("source") is not None and d.find("source").get("file") == str(image)  # type: ignore[union-attr]
    ]
    assert len(added) == 1
    assert added[0].find("driver").get("type") == "qcow2"  # type: ignore[union-attr]


def test_a_linked_clones_base_is_not_added_as_a_writable_disk(
    qtbot: Any, aio: Any, host: Connection, tmp_path: Path
) -> None:
    base, overlay = linked_pair(tmp_path)
    xml = (
        "<domain type='test'><name>clone</name><memory unit='MiB'>64</memory>"
        "<os><type arch='x86_64'>hvm</type></os><devices><disk type='file' device='disk'>"
        f"<driver name='qemu' type='qcow2'/><source file='{overlay}'/>"
        "<target dev='vda' bus='virtio'/></disk></devices></domain>"
    )
    aio.run(host.call(lambda c: c.defineXML(xml)))
    aio.wait_until(lambda: any(vm.name == "clone" for vm in host.vms.values()))
    dialog = open_storage(qtbot, host, "db")
    rows = len(dialog.storage.rows)
    add = add_existing(qtbot, dialog, base)
    held_or_added(qtbot, dialog, add, rows)
    assert add.error.text() == (
        f"{base} is a base image other VMs are built on ('clone'): writing to it would "
        "corrupt their disks. Convert a copy instead, or choose another image."
    )
    assert add.isVisible() and len(dialog.storage.rows) == rows
    add.reject()


def test_an_image_changed_after_it_was_added_is_refused_at_ok(
    qtbot: Any, aio: Any, host: Connection, tmp_path: Path
) -> None:
    image = download_dir(tmp_path) / "clean.qcow2"
    qemu_img("create", "-q", "-f", "qcow2", image, "1M")
    before = inactive_xml(aio, host, "db")
    dialog = open_storage(qtbot, host, "db")
    rows = len(dialog.storage.rows)
    add_existing(qtbot, dialog, image)  # nothing else to read: added at once
    qtbot.waitUntil(lambda: len(dialog.storage.rows) == rows + 1, timeout=10000)
    assert dialog.storage.rows[-1].format == "qcow2"
    secret_file(tmp_path)
    qemu_img("rebase", "-u", "-f", "qcow2", "-b", "../secret.txt", "-F", "raw", image)
    qtbot.mouseClick(dialog.buttons.button(OK), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: "was not added" in dialog.status.text() or not dialog.isVisible(), timeout=10000
    )
    assert inactive_xml(aio, host, "db") == before, "the changed image was attached"
    assert dialog.status.text() == (
        f"{image} was not added. {image} changed since you chose it (it now reads: "
        f"{tmp_path / 'secret.txt'}): choose it again to see what it holds now. Remove it "
        "from the list and add it again."
    )
    assert dialog.isVisible()
