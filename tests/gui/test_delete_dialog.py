"""The Delete dialog names the disks it keeps because other VMs are built on them (a
linked clone's base), read from real qcow2 chains on libvirt's test driver."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QLabel

from hvdesk.core.connection import Connection
from hvdesk.core.vm import VirtualMachine
from hvdesk.ui.delete_dialog import DeleteDialog
from tests.support.images import linked_pair, qemu_img


def define(aio: Any, conn: Connection, name: str, disk: Path) -> VirtualMachine:
    xml = (
        f"<domain type='test'><name>{name}</name><memory unit='MiB'>64</memory>"
        "<os><type arch='x86_64'>hvm</type></os><devices><disk type='file' device='disk'>"
        f"<driver name='qemu' type='qcow2'/><source file='{disk}'/>"
        "<target dev='vda' bus='virtio'/></disk></devices></domain>"
    )
    uid = aio.run(conn.call(lambda c: c.defineXML(xml).UUIDString()))
    aio.wait_until(lambda: uid in conn.vms)
    return conn.vms[uid]


def shown_text(dialog: DeleteDialog) -> str:
    return " ".join(label.text() for label in dialog.findChildren(QLabel) if label.isVisible())


def test_the_base_a_clone_is_built_on_is_named_and_not_offered(
    qtbot: Any, aio: Any, host: Connection, tmp_path: Path
) -> None:
    base, overlay = linked_pair(tmp_path)
    original = define(aio, host, "original", base)
    define(aio, host, "clone", overlay)
    dialog = DeleteDialog([original])
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: f"{base} — used by clone" in shown_text(dialog), timeout=10000)
    assert "Kept because other VMs use them:" in shown_text(dialog)
    assert not dialog.remove_disks.isVisible()
    assert dialog.disks_to_remove(original) == ()


def test_a_vm_on_its_own_overlay_is_told_its_base_stays(
    qtbot: Any, aio: Any, host: Connection, tmp_path: Path
) -> None:
    base, clone_overlay = linked_pair(tmp_path)
    own = tmp_path / "original-1.qcow2"
    qemu_img("create", "-q", "-f", "qcow2", "-b", base, "-F", "qcow2", own)
    original = define(aio, host, "original", own)
    define(aio, host, "clone", clone_overlay)
    dialog = DeleteDialog([original])
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: "a base image below the disk" in shown_text(dialog), timeout=10000)
    assert f"{base} (a base image below the disk) — used by clone" in shown_text(dialog)
    assert dialog.remove_disks.isVisible() and dialog.remove_disks.text() == (
        "Also delete 1 disk image"
    )
    assert str(own) in dialog.listing.text() and str(base) not in dialog.listing.text()
    dialog.remove_disks.setChecked(True)
    assert [d.source for d in dialog.disks_to_remove(original)] == [str(own)]
