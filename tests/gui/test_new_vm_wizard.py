"""The New-VM wizard driven like a person: type, click Next, read the errors, Create.

Most tests run on libvirt's test driver (a pool, a network, the VM 'existing'); the last
one creates a VM from the tiny guest's ISO on the embedded QEMU driver and boots it.
"""

from __future__ import annotations

import os
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import QAbstractButton, QFileDialog, QLineEdit, QWidget, QWizard

from hvdesk.core import newvm
from hvdesk.core.connection import Connection
from hvdesk.core.storage import Cancelled
from hvdesk.ui.new_vm_wizard import NewVmWizard, PageId, open_new_vm_wizard
from hvdesk.ui.new_vm_wizard.wizard import unique_name
from tests.support.images import backing_image, extent_descriptor, qemu_img
from tests.support.media import GUEST_VOLUME_ID, guest_iso, make_iso

NEWVM_HOST = Path(__file__).resolve().parents[1] / "fixtures" / "newvm-host.xml"
POOL_DIR = "/var/lib/hvdesk-test/pool"
NEXT = QWizard.WizardButton.NextButton
FINISH = QWizard.WizardButton.FinishButton
CANCEL = QWizard.WizardButton.CancelButton
EXPERT = QWizard.WizardButton.CustomButton1


class WizardDriver:
    """What a person sees and does in the wizard."""

    def __init__(self, wizard: NewVmWizard, qtbot: Any, aio: Any) -> None:
        self.wizard = wizard
        self.qtbot = qtbot
        self.aio = aio
        self.created: list[str] = []
        self.result: int | None = None  # the dialog's result once it closed
        self.console_requested = False
        wizard.finished.connect(self._finished)

    def _finished(self, result: int) -> None:
        self.result = result
        self.console_requested = self.wizard.console_requested

    @property
    def closed(self) -> bool:
        """The wizard closed (it deletes itself then)."""
        return self.result is not None

    def page(self) -> PageId:
        return PageId(self.wizard.currentId())

    def can(self, which: QWizard.WizardButton) -> bool:
        button = self.wizard.button(which)
        return button.isVisible() and button.isEnabled()

    def click(self, which: QWizard.WizardButton) -> None:
        button = self.wizard.button(which)
        assert button.isVisible() and button.isEnabled(), f"{button.text()} is not clickable"
        self.qtbot.mouseClick(button, Qt.MouseButton.LeftButton)

    def next(self, expect: PageId) -> None:
        self.click(NEXT)
        assert self.page() is expect

    def choose(self, button: QAbstractButton) -> None:
        """Click a radio button or check box on its indicator, as a person would."""
        assert button.isVisible() and button.isEnabled(), f"{button.text()} is not clickable"
        where = QPoint(8, button.height() // 2)
        self.qtbot.mouseClick(button, Qt.MouseButton.LeftButton, pos=where)

    def type_into(self, widget: QWidget, text: str) -> None:
        """Select what is there and type over it, key by key."""
        widget.setFocus()
        self.qtbot.keyClick(widget, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
        if text:
            self.qtbot.keyClicks(widget, text)
        else:
            self.qtbot.keyClick(widget, Qt.Key.Key_Delete)

    def type_number(self, spin: Any, value: int) -> None:
        self.type_into(spin.lineEdit() if hasattr(spin, "lineEdit") else spin, str(value))

    def message(self, field: str) -> str:
        """The visible error or warning under a field ("" when none is shown)."""
        for group in (self.wizard.source, self.wizard.os, self.wizard.resources):
            label = group.messages.get(field)
            if label is not None:
                return label.text() if label.isVisible() else ""
        raise KeyError(field)

    def wait(self, predicate: Any, timeout: float = 10) -> None:
        self.aio.wait_until(predicate, timeout)


@pytest.fixture
def conn(aio: Any) -> Iterator[Connection]:
    connection = Connection(f"test://{NEWVM_HOST}")
    assert aio.run(connection.open()), connection.status_text()
    yield connection
    aio.run(connection.close())


@pytest.fixture
def parent(qtbot: Any) -> QWidget:
    window = QWidget()
    window.resize(300, 200)
    qtbot.addWidget(window)
    window.show()
    return window


@pytest.fixture
def open_wizard(qtbot: Any, aio: Any, parent: QWidget) -> Any:
    def opener(connection: Connection, iso: Path | None = None) -> WizardDriver:
        created: list[str] = []
        wizard = open_new_vm_wizard(parent, connection, iso=iso, on_created=created.append)
        assert isinstance(wizard, NewVmWizard)
        qtbot.waitExposed(wizard)
        driver = WizardDriver(wizard, qtbot, aio)
        driver.created = created
        driver.wait(lambda: wizard.host is not None and wizard.db is not None, 30)
        return driver

    return opener


@pytest.fixture
def debian_iso(tmp_path: Path) -> Path:
    return make_iso(tmp_path / "debian-11.5.0-amd64-netinst.iso", "Debian 11.5.0 amd64 n")


def visible_texts(widget: QWidget) -> str:
    return " ".join(e.text() for e in widget.findChildren(QLineEdit) if e.isVisible() and e.text())


# ---- the guided flow, with mistakes -----------------------------------------------------


@pytest.mark.xvfb
def test_guided_flow_shows_each_mistake_where_it_is_and_creates_the_vm(
    conn: Connection, open_wizard: Any, debian_iso: Path, tmp_path: Path
) -> None:
    ui: WizardDriver = open_wizard(conn)
    wizard = ui.wizard
    assert ui.page() is PageId.SOURCE and wizard.source.iso_radio.isChecked()
    assert ui.message("iso") == "Choose an installation ISO image."
    assert not ui.can(NEXT)

    ui.type_into(wizard.source.iso.edit, str(tmp_path / "nope.iso"))
    assert ui.message("iso") == f"The installation ISO {tmp_path / 'nope.iso'} does not exist."
    assert not ui.can(NEXT)
    ui.type_into(wizard.source.iso.edit, str(debian_iso))
    assert ui.message("iso") == "" and ui.can(NEXT)
    ui.next(PageId.OS)

    # The OS is detected from the ISO's volume id, with devices said in plain words.
    ui.wait(lambda: wizard.os.detected.text().startswith("Detected"))
    assert wizard.os.detected.text() == (
        f"Detected from {debian_iso.name}: Debian 11 (Debian 11.5.0 amd64 n, x86_64)."
    )
    assert wizard.os.list.currentItem().text() == "Debian 11"
    assert wizard.os.virtio_radio.isChecked()
    assert "paravirtual (virtio)" in wizard.os.devices.text()
    # Searching and choosing another OS: Windows 11 gets emulated devices.
    ui.type_into(wizard.os.search, "windows 11")
    names = [wizard.os.list.item(i).text() for i in range(wizard.os.list.count())]
    assert names[0] == "Other or unknown OS" and "Microsoft Windows 11" in names
    assert all("Windows" in n for n in names[1:])
    item = wizard.os.list.findItems("Microsoft Windows 11", Qt.MatchFlag.MatchExactly)[0]
    rect = wizard.os.list.visualItemRect(item)
    ui.qtbot.mouseClick(wizard.os.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert wizard.os.profile.short_id == "win11"
    assert wizard.os.emulated_radio.isChecked()
    assert "SATA disk and an Intel network card" in wizard.os.devices.text()
    ui.type_into(wizard.os.search, "debian 11")
    item = wizard.os.list.findItems("Debian 11", Qt.MatchFlag.MatchExactly)[0]
    rect = wizard.os.list.visualItemRect(item)
    ui.qtbot.mouseClick(wizard.os.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert wizard.os.profile.short_id == "debian11"
    ui.next(PageId.RESOURCES)

    res = wizard.resources
    assert res.name.text() == "debian11"  # from the OS
    assert res.memory.value() == 1024 and res.vcpus.value() == 2  # Debian 11's recommendation
    assert res.memory.total.text() == "of 8,192 MiB" and res.vcpus.total.text() == "of 4"
    assert res.disk_dir.text() == POOL_DIR  # the default pool's folder
    assert res.network.currentText() == "Virtual network 'default'"
    assert ui.can(NEXT)

    for typed, error in [
        ("", "Enter a name for the virtual machine."),
        ("existing", "Test driver (newvm-host.xml) already has a virtual machine named "
                     "'existing'."),
        ("my/vm", "A name cannot contain '/'."),
    ]:  # fmt: skip
        ui.type_into(res.name, typed)
        assert ui.message("name") == error
        assert not ui.can(NEXT)
    ui.type_into(res.name, "web test")
    assert ui.message("name") == "" and ui.can(NEXT)

    ui.type_number(res.memory.spin, 0)
    assert ui.message("memory") == "Memory must be more than 0 MiB." and not ui.can(NEXT)
    ui.type_number(res.memory.spin, 9000)
    assert ui.message("memory") == "The host has only 8,192 MiB of memory; give the VM less."
    assert res.memory.slider.value() == res.memory.slider.maximum() == 8192
    ui.type_number(res.memory.spin, 7168)
    assert ui.message("memory") == "That leaves little memory for the host and its other VMs."
    assert ui.can(NEXT)  # a warning, not an error
    ui.type_number(res.memory.spin, 512)
    assert ui.message("memory") == "Debian 11 needs at least 1,024 MiB." and ui.can(NEXT)
    ui.type_number(res.memory.spin, 1024)
    assert ui.message("memory") == ""
    ui.type_number(res.vcpus.spin, 6)
    assert ui.message("vcpus").startswith("The host has 4 CPUs") and ui.can(NEXT)
    ui.type_number(res.vcpus.spin, 1)

    model = res.firmware.model()
    assert isinstance(model, QStandardItemModel)
    assert [model.item(r).isEnabled() for r in range(3)] == [True, False, False]  # no OVMF

    ui.type_number(res.disk_size, 0)
    assert ui.message("disk_size") == "The disk size must be more than 0 GiB."
    ui.type_number(res.disk_size, 500)
    assert ui.message("disk_size") == (
        f"Only 100.0 GiB are free in {POOL_DIR}; the disk needs 500.0 GiB."
    )
    assert not ui.can(NEXT)
    ui.type_number(res.disk_size, 10)
    assert ui.message("disk_size") == "" and ui.can(NEXT)

    res.network.setFocus()
    res.network.setCurrentIndex(res.network.findText("Bridge"))
    assert res.bridge.isVisible()
    assert ui.message("network") == "Enter the name of the host's bridge (e.g. br0)."
    assert not ui.can(NEXT)
    ui.type_into(res.bridge, "br0")
    assert ui.can(NEXT)
    ui.next(PageId.SUMMARY)

    summary = wizard.summary.plain_text()
    for line in (
        "Name: web test", "Operating system: Debian 11", f"Installation ISO: {debian_iso}",
        "Memory: 1,024 MiB", "Virtual CPUs: 1", "Firmware: BIOS",
        f"Disk: new 10 GiB qcow2 image {POOL_DIR}/web test.qcow2",
        "Devices: paravirtual (virtio)", "Network: Bridge br0",
    ):  # fmt: skip
        assert line in summary.splitlines(), summary
    assert wizard.summary.start.isChecked()
    assert wizard.button(FINISH).text() == "&Create"

    ui.click(FINISH)
    ui.wait(lambda: ui.closed)
    (uuid,) = ui.created
    assert ui.console_requested
    ui.wait(lambda: uuid in conn.vms and conn.vms[uuid].state.value == "Running")
    vm = conn.vms[uuid]
    assert (vm.name, vm.config.memory_mib) == ("web test", 1024)
    assert vm.config.os_name == "Debian 11"
    assert [n.source for n in vm.config.nics] == ["br0"]


def test_going_back_keeps_what_was_entered(
    conn: Connection, open_wizard: Any, debian_iso: Path
) -> None:
    ui: WizardDriver = open_wizard(conn, debian_iso)  # as `hvdesk --new PATH` opens it
    assert ui.wizard.source.iso.text() == str(debian_iso) and ui.can(NEXT)
    ui.next(PageId.OS)
    ui.next(PageId.RESOURCES)
    ui.type_into(ui.wizard.resources.name, "kept")
    ui.click(QWizard.WizardButton.BackButton)
    ui.click(QWizard.WizardButton.BackButton)
    assert ui.page() is PageId.SOURCE and ui.wizard.source.iso.text() == str(debian_iso)
    ui.next(PageId.OS)
    ui.next(PageId.RESOURCES)
    assert ui.wizard.resources.name.text() == "kept"


@pytest.mark.xvfb
def test_browse_opens_a_file_dialog_without_a_nested_loop(
    conn: Connection, open_wizard: Any, tmp_path: Path
) -> None:
    ui: WizardDriver = open_wizard(conn)
    chosen = tmp_path / "chosen.iso"
    chosen.write_bytes(b"\0" * 4096)
    ui.qtbot.mouseClick(ui.wizard.source.iso.browse, Qt.MouseButton.LeftButton)
    dialog = ui.wizard.source.iso.dialog
    assert isinstance(dialog, QFileDialog)
    ui.wait(dialog.isVisible)  # shown with open(): this test keeps running meanwhile
    assert dialog.isModal() and dialog.fileMode() == QFileDialog.FileMode.ExistingFile
    assert dialog.nameFilters()[0] == "Installation media (*.iso *.ISO *.img)"
    dialog.selectFile(str(chosen))
    dialog.accept()
    assert ui.wizard.source.iso.text() == str(chosen)
    assert ui.message("iso") == ""


def test_import_an_image_in_place(
    aio: Any, conn: Connection, open_wizard: Any, tmp_path: Path
) -> None:
    image = tmp_path / "appliance.qcow2"
    subprocess.run(["qemu-img", "create", "-q", "-f", "qcow2", str(image), "16M"], check=True)
    ui: WizardDriver = open_wizard(conn)
    src = ui.wizard.source
    ui.choose(src.import_radio)
    assert ui.message("import") == "Choose the disk image." and not ui.can(NEXT)
    ui.type_into(src.import_path.edit, str(image))
    ui.wait(lambda: src.import_info.text().startswith("QCOW2"))
    assert (
        src.import_info.text()
        == "QCOW2 image: the guest sees 16.0 MiB, it uses "
        + (src.import_info.text().split("it uses ")[1])
    )
    ui.choose(src.in_place_radio)
    assert ui.can(NEXT)
    ui.next(PageId.OS)
    ui.next(PageId.RESOURCES)
    res = ui.wizard.resources
    assert res.name.text() == "appliance"
    assert not res.size_row.isVisible() and not res.disk_dir.isVisible()  # nothing to make
    ui.next(PageId.SUMMARY)
    assert f"Disk: {image}, used where it is" in ui.wizard.summary.plain_text()
    ui.choose(ui.wizard.summary.start)  # do not start
    ui.click(FINISH)
    ui.wait(lambda: ui.closed)
    (uuid,) = ui.created
    assert not ui.console_requested
    ui.wait(lambda: uuid in conn.vms)
    assert conn.vms[uuid].state.value == "Powered off"
    assert [d.source for d in conn.vms[uuid].config.disks] == [str(image)]


def test_kernel_boot_asks_for_a_kernel(conn: Connection, open_wizard: Any, tmp_path: Path) -> None:
    ui: WizardDriver = open_wizard(conn)
    src = ui.wizard.source
    ui.choose(src.kernel_radio)
    assert ui.message("kernel") == "Choose the kernel." and not ui.can(NEXT)
    kernel = tmp_path / "vmlinuz"
    kernel.write_bytes(b"k")
    ui.type_into(src.kernel.edit, str(kernel))
    ui.type_into(src.initrd.edit, str(tmp_path / "missing.img"))
    assert ui.message("initrd") == f"The initrd {tmp_path / 'missing.img'} does not exist."
    ui.type_into(src.initrd.edit, "")
    assert ui.can(NEXT)
    ui.next(PageId.OS)
    ui.next(PageId.RESOURCES)
    assert not ui.wizard.resources.make_disk.isChecked()  # a kernel rarely needs a disk


def test_expert_mode_puts_every_field_on_one_page(
    conn: Connection, open_wizard: Any, debian_iso: Path
) -> None:
    ui: WizardDriver = open_wizard(conn, debian_iso)
    ui.click(EXPERT)
    wizard = ui.wizard
    assert ui.page() is PageId.EXPERT
    assert wizard.button(EXPERT).text() == "&Guided Mode"
    for group in (wizard.source, wizard.os, wizard.resources):
        assert wizard.expert_page.isAncestorOf(group) and group.isVisible()
    ui.type_into(wizard.resources.name, "")
    assert ui.message("name") == "Enter a name for the virtual machine." and not ui.can(NEXT)
    ui.type_into(wizard.resources.name, "expert")
    ui.next(PageId.SUMMARY)
    assert "Name: expert" in wizard.summary.plain_text()
    ui.click(QWizard.WizardButton.BackButton)
    ui.click(EXPERT)  # back to guided: the same values on the separate pages
    assert ui.page() is PageId.SOURCE
    assert wizard.source_page.isAncestorOf(wizard.source)
    assert wizard.resources.name.text() == "expert"


def test_a_failed_create_is_told_on_the_summary_page_and_nothing_remains(
    aio: Any,
    conn: Connection,
    open_wizard: Any,
    debian_iso: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    real = newvm._define

    def define_then_fail(c: Any, xml: str, made: Any) -> str:
        real(c, xml, made)
        import libvirt

        raise libvirt.libvirtError("the host ran out of patience")

    monkeypatch.setattr(newvm, "_define", define_then_fail)
    ui: WizardDriver = open_wizard(conn, debian_iso)
    ui.next(PageId.OS)
    ui.next(PageId.RESOURCES)
    ui.type_into(ui.wizard.resources.name, "unlucky")
    ui.next(PageId.SUMMARY)
    ui.click(FINISH)
    status = ui.wizard.summary.status
    ui.wait(lambda: status.isVisible() and "Nothing was left behind" in status.text())
    assert status.text() == (
        "Could not create 'unlucky'. Defining the VM failed: the host ran out of patience. "
        "Nothing was left behind."
    )
    assert ui.wizard.isVisible() and ui.can(FINISH)  # fix it and try again, or cancel
    assert "unlucky" not in {vm.name for vm in conn.vms.values()}
    names = aio.run(conn.call(lambda c: [d.name() for d in c.listAllDomains(0)]))
    assert "unlucky" not in names
    ui.click(CANCEL)
    assert ui.closed and ui.result == 0
    assert ui.created == []


def test_cancel_during_a_conversion_rolls_back_and_keeps_the_wizard(
    conn: Connection, open_wizard: Any, tmp_path: Path
) -> None:
    raw = tmp_path / "big.raw"
    with open(raw, "wb") as out:
        for _ in range(256):
            out.write(os.urandom(1024**2))
    ui: WizardDriver = open_wizard(conn)
    src = ui.wizard.source
    ui.choose(src.import_radio)
    ui.type_into(src.import_path.edit, str(raw))
    ui.wait(lambda: src.import_info.text().startswith("raw image"))
    assert src.convert_radio.isChecked()
    ui.next(PageId.OS)
    ui.next(PageId.RESOURCES)
    folder = tmp_path / "vms"
    ui.type_into(ui.wizard.resources.disk_dir.edit, str(folder))
    ui.next(PageId.SUMMARY)
    progress = ui.wizard.summary.progress
    ui.click(FINISH)
    assert not ui.can(FINISH) and not ui.can(QWizard.WizardButton.BackButton)
    ui.wait(lambda: progress.isVisible() and progress.value() > 0, 20)
    assert ui.wizard.summary.status.text() == "Converting big.raw"
    ui.click(CANCEL)  # stops the conversion; the wizard stays to say what happened
    status = ui.wizard.summary.status
    ui.wait(lambda: "cancelled" in status.text(), 20)
    assert status.text() == "Creating 'big' was cancelled. Nothing was left behind." or (
        status.text() == "Converting big.raw was cancelled. Nothing was left behind."
    )
    assert ui.wizard.isVisible() and not progress.isVisible()
    assert not folder.exists() and ui.created == []
    ui.click(CANCEL)
    assert ui.closed and ui.result == 0


def test_a_disk_image_given_at_opening_is_imported(
    conn: Connection, open_wizard: Any, tmp_path: Path
) -> None:
    image = tmp_path / "dropped.vmdk"
    subprocess.run(["qemu-img", "create", "-q", "-f", "vmdk", str(image), "8M"], check=True)
    ui: WizardDriver = open_wizard(conn, image)  # e.g. dropped on the window
    assert ui.wizard.source.import_radio.isChecked()
    assert ui.wizard.source.import_path.text() == str(image)
    ui.wait(lambda: ui.wizard.source.import_info.text().startswith("VMDK image"))
    assert ui.can(NEXT)


def test_a_host_that_cannot_be_asked_is_said_and_blocks_the_resources(
    aio: Any, open_wizard: Any, parent: QWidget, qtbot: Any, tmp_path: Path
) -> None:
    conn = Connection(f"test://{NEWVM_HOST}")  # never connected
    wizard = open_new_vm_wizard(parent, conn)
    assert isinstance(wizard, NewVmWizard)
    ui = WizardDriver(wizard, qtbot, aio)
    waiting = wizard.resources_page.waiting
    expected = "Test driver (newvm-host.xml) is not connected. Connect to it first."
    ui.wait(lambda: waiting.text() == expected)
    kernel = tmp_path / "vmlinuz"
    kernel.write_bytes(b"k")
    ui.choose(wizard.source.kernel_radio)
    ui.type_into(wizard.source.kernel.edit, str(kernel))
    ui.next(PageId.OS)
    ui.next(PageId.RESOURCES)
    assert waiting.isVisible() and not ui.can(NEXT)
    ui.click(CANCEL)
    assert ui.closed


def test_default_names_are_made_unique() -> None:
    assert unique_name("debian11", set()) == "debian11"
    assert unique_name("debian11", {"debian11", "debian11-2"}) == "debian11-3"
    assert unique_name("../odd/name", set()) == "odd-name"
    assert unique_name("", set()) == "vm"


def test_cancelled_is_an_error_sentence() -> None:
    assert Cancelled("Creating 'x' was cancelled", hint="Nothing was left behind").sentence() == (
        "Creating 'x' was cancelled. Nothing was left behind."
    )


# ---- the real thing: the embedded QEMU driver ------------------------------------------


@pytest.mark.integration
def test_create_from_the_guest_iso_on_the_embedded_driver_and_it_boots(
    aio: Any, open_wizard: Any, embed_root: Path, guest_image: Any
) -> None:
    from tests.guest.build import pattern_colour
    from tests.guest.harness import screenshot
    from tests.support.embedded import remove_all_vms, shared_connection

    iso = guest_iso(guest_image)
    conn = shared_connection(aio, embed_root)
    try:
        ui: WizardDriver = open_wizard(conn, iso)
        wizard = ui.wizard
        ui.next(PageId.OS)
        ui.wait(lambda: wizard.os.profile.short_id == "debian11")  # its volume id
        assert GUEST_VOLUME_ID in wizard.os.detected.text()
        ui.next(PageId.RESOURCES)
        assert wizard.resources.network.currentText().startswith("User-mode NAT")
        ui.type_into(wizard.resources.name, "tiny from iso")
        ui.type_number(wizard.resources.memory.spin, 256)
        ui.type_number(wizard.resources.disk_size, 2)
        ui.next(PageId.SUMMARY)
        assert "Acceleration: TCG (emulated, slower)" in wizard.summary.plain_text()
        started = time.monotonic()
        ui.click(FINISH)
        ui.wait(lambda: ui.closed, 60)
        created = time.monotonic() - started
        (uuid,) = ui.created
        assert ui.console_requested
        ui.wait(lambda: uuid in conn.vms and conn.vms[uuid].state.value == "Running", 30)
        expected = [pattern_colour(100, 100), pattern_colour(900, 700)]

        def guest_screen() -> bool:
            image = aio.run(conn.call_domain(uuid, screenshot))
            if (image.width, image.height) != (1024, 768):
                return False
            return [image.pixel(100, 100), image.pixel(900, 700)] == expected

        booted = time.monotonic()
        deadline = booted + 90
        while not guest_screen():
            assert time.monotonic() < deadline, "the guest never drew its screen"
            ui.qtbot.wait(500)
        print(f"\nwizard Create: {created:.2f} s; boot to screen {time.monotonic() - booted:.1f} s")
        # And hvdesk's own console shows that screen.
        from hvdesk.ui.console_window import ConsoleView

        view = ConsoleView(conn.vms[uuid])
        ui.qtbot.addWidget(view)
        view.show()

        def console_shows_pattern() -> bool:
            image = view.widget.framebuffer()
            if image is None or image.width() != 1024:
                return False
            seen = [image.pixelColor(x, y).getRgb()[:3] for x, y in ((100, 100), (900, 700))]
            return seen == expected

        ui.wait(console_shows_pattern, 30)
        disk = Path(os.environ["XDG_DATA_HOME"]) / "hvdesk" / "images" / "tiny from iso.qcow2"
        assert disk.exists() and oct(disk.stat().st_mode & 0o777) == "0o600"
    finally:
        remove_all_vms(aio, conn, embed_root)


# ---- images that read other files ------------------------------------------------------


def test_an_image_naming_a_host_file_is_shown_and_refused_until_accepted(
    aio: Any, conn: Connection, open_wizard: Any, tmp_path: Path
) -> None:
    image = backing_image(tmp_path)
    secret = tmp_path / "secret.txt"
    ui: WizardDriver = open_wizard(conn)
    src = ui.wizard.source
    ui.choose(src.import_radio)
    ui.type_into(src.import_path.edit, str(image))
    ui.wait(lambda: src.import_info.text().startswith("QCOW2"))
    assert src.import_info.text().splitlines()[1] == (
        f"Backing file of evil.qcow2: {secret} (raw, the guest sees 2.5 KiB)"
    )
    assert ui.message("import") == (
        f"{image} also reads other files: {secret}. hvdesk reads no file you were not shown: "
        "tick “Also read these files” only if you trust them, or choose another image."
    )
    assert not ui.can(NEXT)
    accept = src.accept_files
    assert accept.isVisible() and not accept.isChecked()
    assert accept.text() == f"Also read these files:\n{secret}"
    ui.choose(accept)
    assert ui.message("import") == "" and ui.can(NEXT)
    # Another image: the acceptance was for that list only.
    ui.type_into(src.import_path.edit, str(extent_descriptor(tmp_path)))
    ui.wait(lambda: src.import_info.text().startswith("VMDK"))
    assert not accept.isChecked() and not ui.can(NEXT)
    assert ui.message("import").startswith(f"{tmp_path / 'download' / 'evil.vmdk'} also reads")


def test_an_image_no_acceptance_can_make_safe_is_refused_with_why(
    conn: Connection, open_wizard: Any, tmp_path: Path
) -> None:
    image = tmp_path / "remote.qcow2"
    qemu_img("create", "-q", "-f", "qcow2", "-u", "-b", "nbd://192.0.2.1/disk", "-F", "raw",
             image, "1M")  # fmt: skip
    ui: WizardDriver = open_wizard(conn, image)  # e.g. opened from the file manager
    src = ui.wizard.source
    ui.wait(lambda: ui.message("import") != "")
    assert ui.message("import") == (
        f"hvdesk will not use {image}. {image} names 'nbd://192.0.2.1/disk' as its backing "
        "file: QEMU would open that as a network address or driver options, not as a file. "
        "Choose another image, or make a self-contained copy yourself if you know where it "
        "came from."
    )
    assert not src.accept_files.isVisible() and not ui.can(NEXT)
