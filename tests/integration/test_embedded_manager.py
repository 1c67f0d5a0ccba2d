"""The manager window on the embedded QEMU driver with the tiny guest, booted under TCG."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from hvdesk.core.accel import AccelPreference, domain_type_for
from hvdesk.core.embed import embed_uri
from hvdesk.core.vm import Action
from hvdesk.ui.vm_tree_model import Column
from tests.conftest import kill_guests, qemu_pids
from tests.guest.build import GuestImage
from tests.guest.domain import guest_domain_xml
from tests.support.window import WindowDriver

pytestmark = pytest.mark.integration

READY = "HVDESK-GUEST-READY"
POWEROFF = "HVDESK-GUEST-POWEROFF"


@pytest.fixture
def embedded(make_window: Any, embed_root: Path) -> Iterator[WindowDriver]:
    """The window on this process's embedded root; the test's VMs are removed afterwards."""
    ui: WindowDriver = make_window(embed_uri(embed_root))
    assert ui.connection.is_connected, ui.connection.status_text()
    yield ui
    kill_guests(embed_root)

    def undefine_all(conn: Any) -> None:
        for dom in conn.listAllDomains(0):
            dom.undefine()

    if ui.connection.is_connected:
        ui.aio.run(ui.connection.call(undefine_all))


def _define_guest(ui: WindowDriver, image: GuestImage, root: Path, name: str = "tiny") -> Path:
    conn = ui.connection
    serial = root / f"{name}.serial"
    ui.aio.wait_until(lambda: conn.host is not None and conn.host.kvm is not None)
    assert conn.host is not None and conn.host.kvm is not None
    domain_type = domain_type_for(conn.host.kvm, AccelPreference.AUTO)  # HVDESK_ACCEL=tcg
    xml = guest_domain_xml(name, image, serial_log=serial, domain_type=domain_type)
    ui.aio.run(conn.call(lambda c: c.defineXML(xml)))
    return serial


def _serial_has(serial: Path, text: str) -> bool:
    return serial.exists() and text in serial.read_text(errors="replace")


def test_start_see_it_boot_shut_down_by_acpi_and_see_the_event(
    embedded: WindowDriver, guest_image: GuestImage, embed_root: Path
) -> None:
    ui = embedded
    serial = _define_guest(ui, guest_image, embed_root)
    # The new VM appears through libvirt's "defined" event.
    ui.aio.wait_until(lambda: "tiny" in ui.visible_names())
    assert ui.row_texts("tiny")[Column.STATE] == "Powered off"

    ui.click_row("tiny")
    ui.press(Action.START)
    ui.wait_state("tiny", "Running", timeout=30)
    assert ui.row_texts("tiny")[Column.ACCEL] == "TCG"
    assert "TCG (emulated, slower)" in ui.window.details.toPlainText()
    ui.aio.wait_until(lambda: _serial_has(serial, READY), timeout=90)

    ui.press(Action.SHUTDOWN)
    # Nothing in hvdesk polls: only the guest's own power-off, reported by libvirt's
    # lifecycle event, can turn the row to "Powered off".
    ui.wait_state("tiny", "Powered off", timeout=60)
    assert _serial_has(serial, POWEROFF)
    assert ui.enabled(Action.START) and not ui.enabled(Action.SHUTDOWN)


def test_starting_a_vm_whose_disk_is_missing_says_so(
    embedded: WindowDriver, guest_image: GuestImage, embed_root: Path
) -> None:
    ui = embedded
    missing = embed_root / "gone.qcow2"
    xml = guest_domain_xml(
        "nodisk", guest_image, serial_log=embed_root / "nodisk.serial", disk=missing
    )
    ui.aio.run(ui.connection.call(lambda c: c.defineXML(xml)))
    ui.aio.wait_until(lambda: "nodisk" in ui.visible_names())
    ui.click_row("nodisk")
    ui.press(Action.START)
    ui.aio.wait_until(lambda: not ui.window.message_bar.isHidden(), timeout=30)
    text = ui.window.message_bar.text()
    assert text.startswith("Could not start 'nodisk'.")
    assert str(missing) in text and "No such file or directory" in text
    assert "A file this VM needs is missing" in text
    assert ui.row_texts("nodisk")[Column.STATE] == "Powered off"
    assert ui.enabled(Action.START)  # the app keeps working


_DEFINE_START_AND_LEAVE = """
import asyncio, sys
from pathlib import Path
from hvdesk.core.config import ConnectionStore
from hvdesk.core.manager import ConnectionManager

async def main():
    uri, xml_file, store = sys.argv[1:4]
    manager = ConnectionManager(ConnectionStore(Path(store)))
    conn = manager.add(uri, save=False)
    assert await conn.open(), conn.status_text()
    xml = Path(xml_file).read_text()
    uuid = await conn.call(lambda c: c.defineXML(xml).UUIDString())
    while uuid not in conn.vms:  # brought by libvirt's "defined" event
        await asyncio.sleep(0.05)
    vm = conn.vms[uuid]
    await vm.start()
    print(vm.state.value, flush=True)
    manager.shutdown()  # what the application does when its window closes


asyncio.run(main())
"""


def test_a_guest_outlives_hvdesk_and_is_shown_again(
    guest_image: GuestImage, tmp_path: Path
) -> None:
    # Separate processes throughout: the embedded driver holds a root (and binds a
    # process to it) until the process exits, as hvdesk does when its window closes.
    root = Path(tempfile.mkdtemp(prefix="hvd-emb-"))
    try:
        uri = embed_uri(root)
        xml_file = tmp_path / "tiny.xml"
        serial = root / "tiny.serial"
        xml_file.write_text(guest_domain_xml("tiny", guest_image, serial_log=serial))
        env = {**os.environ, "XDG_CONFIG_HOME": str(tmp_path / "cfg")}
        first = subprocess.run(
            [sys.executable, "-c", _DEFINE_START_AND_LEAVE, uri, str(xml_file),
             str(tmp_path / "c.json")],
            capture_output=True, text=True, timeout=120, env=env,
        )  # fmt: skip
        assert first.returncode == 0, first.stderr
        assert first.stdout.strip() == "Running"
        assert len(qemu_pids(root)) == 1, "the guest's QEMU should outlive hvdesk"

        # hvdesk itself, started again on the same root, shows the guest running.
        app = subprocess.Popen(
            [sys.executable, "-m", "hvdesk", "--connect", uri],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
            env={**env, "HVDESK_REPORT_READY": "1", "QT_QPA_PLATFORM": "offscreen"},
        )  # fmt: skip
        try:
            rows = _read_rows(app, timeout=60)
        finally:
            app.terminate()  # SIGTERM: hvdesk ends as when its window closes
            assert app.wait(30) == 0, app.communicate()[1][-3000:]
        assert rows == [["tiny", "Running", "—", "1", "128 MiB", "TCG"]]
        deadline = time.monotonic() + 90
        while not _serial_has(serial, READY) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert _serial_has(serial, READY)  # the same guest booted on, undisturbed
        assert len(qemu_pids(root)) == 1  # not restarted, and no probing QEMU left behind
    finally:
        kill_guests(root)
        shutil.rmtree(root, ignore_errors=True)


def _read_rows(app: subprocess.Popen[str], timeout: float) -> list[list[str]]:
    """The rows hvdesk printed after painting its list (HVDESK_REPORT_READY=1)."""
    assert app.stdout is not None
    deadline = time.monotonic() + timeout
    expected: int | None = None
    rows: list[list[str]] = []
    for line in app.stdout:
        if line.startswith("HVDESK_READY "):
            expected = int(line.split()[2])
        elif line.startswith("HVDESK_ROW\t"):
            rows.append(line.rstrip("\n").split("\t")[1:])
        if (expected is not None and len(rows) >= expected) or time.monotonic() > deadline:
            break
    return rows


def test_details_show_disk_capacity_and_use(
    embedded: WindowDriver, guest_image: GuestImage, embed_root: Path
) -> None:
    ui = embedded
    disk = embed_root / "data.qcow2"
    subprocess.run(["qemu-img", "create", "-q", "-f", "qcow2", str(disk), "64M"], check=True)
    xml = guest_domain_xml("withdisk", guest_image, serial_log=embed_root / "d.serial", disk=disk)
    ui.aio.run(ui.connection.call(lambda c: c.defineXML(xml)))
    ui.aio.wait_until(lambda: "withdisk" in ui.visible_names())
    ui.click_row("withdisk")
    ui.aio.wait_until(lambda: "64.0 MiB" in ui.window.details.toPlainText())
    text = ui.window.details.toPlainText()
    assert f"vda (virtio): {disk} — 64.0 MiB," in text
    assert "Direct kernel boot" in text and "128 MiB" in text


_OPEN_AND_LEAVE_WHILE_PROBING = """
import asyncio, subprocess, sys, time
from pathlib import Path
from hvdesk.core.config import ConnectionStore
from hvdesk.core.manager import ConnectionManager

async def main():
    uri, root, store = sys.argv[1:4]
    manager = ConnectionManager(ConnectionStore(Path(store)))
    conn = manager.add(uri, save=False)
    assert await conn.open(), conn.status_text()
    # hvdesk asks whether KVM works right after listing; on a fresh root libvirt runs
    # a QEMU (-machine none) to answer. Leave while it runs, as a quick exit would.
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        probing = subprocess.run(["pgrep", "-f", f"^\\S*qemu-system\\S* .*machine none.*{root}"],
                                 capture_output=True, text=True).stdout.split()
        if probing:
            print("probing", flush=True)
            break
        await asyncio.sleep(0.005)
    manager.shutdown()


asyncio.run(main())
"""


def test_an_exit_during_the_capabilities_probe_leaves_no_qemu_behind(tmp_path: Path) -> None:
    """A process that exits while libvirt probes QEMU would orphan the probing QEMU
    for good: Connection.shutdown lets the probe finish first."""
    root = Path(tempfile.mkdtemp(prefix="hvd-emb-"))
    try:
        env = {**os.environ, "XDG_CONFIG_HOME": str(tmp_path / "cfg")}
        result = subprocess.run(
            [sys.executable, "-c", _OPEN_AND_LEAVE_WHILE_PROBING, embed_uri(root), str(root),
             str(tmp_path / "c.json")],
            capture_output=True, text=True, timeout=120, env=env,
        )  # fmt: skip
        assert result.returncode == 0, result.stderr
        assert result.stdout.strip() == "probing", "the probe was not caught in flight"
        time.sleep(0.5)
        assert qemu_pids(root) == []
    finally:
        kill_guests(root)
        shutil.rmtree(root, ignore_errors=True)
