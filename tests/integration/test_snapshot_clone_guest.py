"""Snapshots and clones of the tiny guest on the embedded QEMU driver, under TCG: a
snapshot of the running guest (memory included) and a revert to it; full and linked
clones that boot; a clone's rollback when libvirt refuses to undefine it."""

from __future__ import annotations

import asyncio
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import libvirt
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from hvdesk.core import clone, snapshots, storage
from hvdesk.core.clone import CloneMode
from hvdesk.core.connection import Connection
from hvdesk.core.rename import rename_vm
from hvdesk.core.vm import VirtualMachine, VmState
from hvdesk.ui.clone_dialog import CloneDialog
from tests.guest.build import READY_MARKER, GuestImage
from tests.guest.domain import guest_domain_xml

pytestmark = pytest.mark.integration

KEY_H = 35  # Linux input keycode; the guest echoes it to its serial port as KEY:h


def serial_text(path: Path) -> str:
    return path.read_text(errors="replace") if path.exists() else ""


def define_guest(
    aio: Any, conn: Connection, image: GuestImage, root: Path, name: str
) -> tuple[VirtualMachine, Path]:
    disk = root / f"{name}.qcow2"
    subprocess.run(["qemu-img", "create", "-q", "-f", "qcow2", str(disk), "16M"], check=True)
    serial = root / f"{name}.serial"
    xml = guest_domain_xml(name, image, serial_log=serial, disk=disk)
    uuid = aio.run(conn.call(lambda c: c.defineXML(xml).UUIDString()))
    aio.wait_until(lambda: uuid in conn.vms)
    return conn.vms[uuid], serial


def test_snapshot_of_the_running_guest_and_revert(
    aio: Any, embedded: Connection, guest_image: GuestImage, embed_root: Path
) -> None:
    vm, serial = define_guest(aio, embedded, guest_image, embed_root, "snappy")
    assert snapshots.snapshot_blocker(vm) == ""
    aio.run(vm.start())
    aio.wait_until(lambda: READY_MARKER in serial_text(serial), timeout=90)

    aio.run(snapshots.take_snapshot(vm, "booted", "the guest at its prompt"), timeout=120)
    tree = aio.run(snapshots.list_snapshots(vm))
    booted = tree.snapshots["booted"]
    assert tree.current == "booted" and booted.state == "running" and booted.has_memory
    assert booted.memory_bytes and booted.memory_bytes > 1024 * 1024  # read by qemu-img
    aio.wait_until(lambda: embedded.vms[vm.uuid].state is VmState.RUNNING)

    aio.run(vm.force_off())
    assert embedded.vms[vm.uuid].state is VmState.SHUTOFF
    aio.run(snapshots.revert_to(vm, "booted", save_current_as="off"), timeout=120)
    aio.wait_until(lambda: embedded.vms[vm.uuid].state is VmState.RUNNING)
    # The guest resumed from memory: it answers a key without booting again.
    aio.run(
        embedded.call_domain(
            vm.uuid, lambda d: d.sendKey(libvirt.VIR_KEYCODE_SET_LINUX, 0, [KEY_H], 1, 0)
        )
    )
    aio.wait_until(lambda: "KEY:h" in serial_text(serial), timeout=60)
    assert serial_text(serial).count(READY_MARKER) <= 1
    tree = aio.run(snapshots.list_snapshots(vm))
    assert set(tree.snapshots) == {"booted", "off"}
    assert tree.snapshots["off"].state == "shutoff" and not tree.snapshots["off"].has_memory

    aio.run(snapshots.delete_snapshot(vm, "off"), timeout=60)
    assert set(aio.run(snapshots.list_snapshots(vm)).snapshots) == {"booted"}
    aio.run(vm.force_off())
    aio.run(rename_vm(embedded.vms[vm.uuid], "renamed"))  # libvirt 9.0 keeps the snapshots
    aio.wait_until(lambda: embedded.vms[vm.uuid].name == "renamed")
    renamed = embedded.vms[vm.uuid]
    assert set(aio.run(snapshots.list_snapshots(renamed)).snapshots) == {"booted"}


def test_raw_disks_refuse_snapshots_in_a_sentence(
    aio: Any, embedded: Connection, guest_image: GuestImage, embed_root: Path
) -> None:
    disk = embed_root / "raw.img"
    subprocess.run(["qemu-img", "create", "-q", "-f", "raw", str(disk), "4M"], check=True)
    xml = guest_domain_xml("rawdisk", guest_image, serial_log=embed_root / "raw.serial")
    xml = xml.replace(
        "</devices>",
        "<disk type='file' device='disk'><driver name='qemu' type='raw'/>"
        f"<source file='{disk}'/><target dev='vdb' bus='virtio'/></disk></devices>",
    )
    uuid = aio.run(embedded.call(lambda c: c.defineXML(xml).UUIDString()))
    aio.wait_until(lambda: uuid in embedded.vms)
    assert "vdb (raw)" in snapshots.snapshot_blocker(embedded.vms[uuid])
    aio.run(rename_vm(embedded.vms[uuid], "raw disk"))  # the QEMU driver renames
    aio.wait_until(lambda: embedded.vms[uuid].name == "raw disk")


def test_full_and_linked_clones_boot(
    aio: Any, embedded: Connection, guest_image: GuestImage, embed_root: Path
) -> None:
    source, serial = define_guest(aio, embedded, guest_image, embed_root, "original")
    original_disk = embed_root / "original.qcow2"

    full_uuid = aio.run(clone.clone_vm(source, "full-copy"), timeout=120)
    aio.wait_until(lambda: full_uuid in embedded.vms)
    full = embedded.vms[full_uuid]
    full_disk = next(d.source for d in full.config.disks if d.device == "disk")
    assert full_disk == str(embed_root / "full-copy.qcow2")
    assert aio.run(storage.image_info(full_disk)).backing_file == ""
    aio.run(full.start())
    aio.wait_until(lambda: READY_MARKER in serial_text(serial), timeout=90)
    aio.run(full.force_off())

    linked_uuid = aio.run(clone.clone_vm(source, "linked-copy", CloneMode.LINKED), timeout=120)
    aio.wait_until(lambda: linked_uuid in embedded.vms)
    linked = embedded.vms[linked_uuid]
    linked_disk = next(d.source for d in linked.config.disks if d.device == "disk")
    info = aio.run(storage.image_info(linked_disk))
    assert info.backing_file == str(original_disk)
    # The original went on an overlay of its own: the base stays as the clone saw it.
    aio.wait_until(
        lambda: (
            next(d.source for d in embedded.vms[source.uuid].config.disks if d.device == "disk")
            == str(embed_root / "original-1.qcow2")
        )
    )
    own_overlay = aio.run(storage.image_info(embed_root / "original-1.qcow2"))
    assert own_overlay.backing_file == str(original_disk)
    names = aio.run(snapshots.snapshot_names(embedded.vms[source.uuid]))
    assert names == ["Base of linked-copy"]
    serial.unlink()
    aio.run(linked.start())
    aio.wait_until(lambda: READY_MARKER in serial_text(serial), timeout=90)
    aio.run(linked.force_off())
    serial.unlink()
    aio.run(embedded.vms[source.uuid].start())  # the original still boots, on its overlay
    aio.wait_until(lambda: READY_MARKER in serial_text(serial), timeout=90)


@pytest.fixture
def stale_save(embedded: Connection, embed_root: Path) -> Iterator[Callable[[str], Path]]:
    """stale_save(name): a managed-save file at the path libvirt gives VM `name`, as an
    earlier VM of that name can leave; removed before the VMs are cleaned up."""
    made: list[Path] = []

    def make(name: str) -> Path:
        path = embed_root / "lib" / "qemu" / "save" / f"{name}.save"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"an earlier '{name}' saved its state here")
        made.append(path)
        return path

    yield make
    for path in made:
        path.unlink(missing_ok=True)


def cancel_once_defining(cancel: asyncio.Event) -> Callable[[float | None, str], None]:
    """A user pressing Cancel while "Defining …" shows: the clone is defined by then."""

    def progress(_fraction: float | None, text: str) -> None:
        if text.startswith("Defining"):
            cancel.set()

    return progress


def test_a_refused_undefine_keeps_the_clone_and_its_files_and_says_so(
    aio: Any,
    embedded: Connection,
    guest_image: GuestImage,
    embed_root: Path,
    stale_save: Callable[[str], Path],
) -> None:
    """A managed-save file already at the clone's path (left by an earlier VM of that
    name) makes libvirt refuse to undefine the clone, whatever the flags short of deleting
    that file, which is not the clone's."""
    source, _serial = define_guest(aio, embedded, guest_image, embed_root, "keeper")
    stale = stale_save("kept")
    cancel = asyncio.Event()
    with pytest.raises(clone.CloneLeftBehind) as caught:
        aio.run(
            clone.clone_vm(source, "kept", CloneMode.LINKED, progress=cancel_once_defining(cancel),
                           cancel=cancel),
            timeout=60,
        )  # fmt: skip
    overlay = embed_root / "kept.qcow2"
    assert caught.value.sentence() == (
        "Cloning 'keeper' was cancelled. The clone 'kept' is still there (libvirt: "
        "Requested operation is not valid: Refusing to undefine while domain managed save "
        f"image exists), so the files it uses were kept: {overlay}. Delete 'kept' with its "
        "disks to remove them."
    )
    assert overlay.exists()  # the clone still points at it
    aio.wait_until(lambda: "kept" in {vm.name for vm in embedded.vms.values()})
    kept = next(vm for vm in embedded.vms.values() if vm.name == "kept")
    assert [d.source for d in kept.config.disks if d.device == "disk"] == [str(overlay)]
    assert stale.read_text() == "an earlier 'kept' saved its state here"


def test_a_uefi_variable_file_not_made_by_the_clone_is_kept_and_the_rollback_completes(
    aio: Any, embedded: Connection, embed_root: Path
) -> None:
    """libvirt makes a VM's UEFI variables at its first start; a file already at the
    clone's path is someone else's: the rollback keeps it and still undefines the clone."""
    disk = embed_root / "firmware.qcow2"
    subprocess.run(["qemu-img", "create", "-q", "-f", "qcow2", str(disk), "16M"], check=True)
    xml = f"""<domain type='qemu'><name>firmware</name><memory unit='MiB'>64</memory>
      <os><type arch='x86_64' machine='q35'>hvm</type>
        <loader readonly='yes' type='pflash'>/usr/share/OVMF/OVMF_CODE_4M.fd</loader></os>
      <features><acpi/></features>
      <devices><disk type='file' device='disk'><driver name='qemu' type='qcow2'/>
        <source file='{disk}'/><target dev='vda' bus='virtio'/></disk></devices></domain>"""
    uuid = aio.run(embedded.call(lambda c: c.defineXML(xml).UUIDString()))
    aio.wait_until(lambda: uuid in embedded.vms)
    variables = embed_root / "lib" / "qemu" / "nvram" / "firmware-copy_VARS.fd"
    variables.parent.mkdir(parents=True, exist_ok=True)
    variables.write_text("an earlier 'firmware-copy' kept its variables here")
    before = sorted(p.name for p in embed_root.iterdir())
    cancel = asyncio.Event()
    with pytest.raises(storage.Cancelled) as caught:
        aio.run(
            clone.clone_vm(embedded.vms[uuid], "firmware-copy", CloneMode.LINKED,
                           progress=cancel_once_defining(cancel), cancel=cancel),
            timeout=60,
        )  # fmt: skip
    assert caught.value.sentence() == ("Cloning 'firmware' was cancelled. Nothing was left behind.")
    assert sorted(p.name for p in embed_root.iterdir()) == before
    assert variables.read_text() == "an earlier 'firmware-copy' kept its variables here"
    aio.wait_until(lambda: "firmware-copy" not in {vm.name for vm in embedded.vms.values()})


def test_the_clone_dialog_stays_open_and_names_what_a_cancel_left_behind(
    aio: Any,
    qtbot: Any,
    embedded: Connection,
    guest_image: GuestImage,
    embed_root: Path,
    stale_save: Callable[[str], Path],
) -> None:
    """Cancel pressed while the clone is being defined, and libvirt refuses to undefine
    it: the dialog no longer closes as if nothing had happened."""
    source, _serial = define_guest(aio, embedded, guest_image, embed_root, "dialog-src")
    stale_save("dialog-copy")
    dialog = CloneDialog(source)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.name_edit.setText("dialog-copy")
    dialog.linked.setChecked(True)
    show_progress = dialog._progress
    cancel = dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel)

    def progress(fraction: float | None, text: str) -> None:
        show_progress(fraction, text)
        if text.startswith("Defining"):  # the user presses Cancel at that moment
            qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)

    dialog._progress = progress  # type: ignore[method-assign]
    qtbot.mouseClick(dialog.clone_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.running, timeout=60000)
    qtbot.wait(50)  # the done callbacks (show the problem, close or not) have run
    assert dialog.isVisible()
    assert dialog.problem.isVisible() and dialog.problem.is_error
    text = dialog.problem.text()
    assert text.startswith("Cloning 'dialog-src' was cancelled. The clone 'dialog-copy' is still")
    assert str(embed_root / "dialog-copy.qcow2") in text
    assert (embed_root / "dialog-copy.qcow2").exists()
