"""The tiny test guest on libvirt's embedded QEMU driver, with libvirt-python only.

These check the guest itself (tests/guest/), which the application's integration
tests build on: it boots, draws its pattern, obeys the ACPI power button and echoes
keys to its serial port.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import libvirt
import pytest

from tests.guest.build import (
    FB_HEIGHT,
    FB_WIDTH,
    READY_MARKER,
    GuestImage,
    pattern_colour,
)
from tests.guest.domain import guest_domain_xml
from tests.guest.harness import open_embedded, screenshot, wait_for_serial, wait_for_state

pytestmark = pytest.mark.integration

BOOT_TIMEOUT = 60.0


@dataclass
class Guest:
    dom: Any
    serial_log: Path
    vnc_socket: Path
    boot_seconds: float


@pytest.fixture(scope="module")
def image(guest_image: GuestImage) -> GuestImage:
    return guest_image


@pytest.fixture(scope="module")
def conn(embed_root: Path) -> Iterator[Any]:
    c = open_embedded(embed_root)
    yield c
    c.close()


def boot(conn: Any, image: GuestImage, workdir: Path, name: str, **kwargs: Any) -> Guest:
    """Define and start a guest, and wait for its ready marker."""
    log, vnc = workdir / f"{name}.serial.log", workdir / f"{name}.vnc"
    dom = conn.defineXML(guest_domain_xml(name, image, serial_log=log, vnc_socket=vnc, **kwargs))
    t0 = time.monotonic()
    try:
        dom.create()
        wait_for_serial(log, READY_MARKER, BOOT_TIMEOUT)
    except BaseException:
        remove(dom)
        raise
    return Guest(dom, log, vnc, time.monotonic() - t0)


def remove(dom: Any) -> None:
    if dom.isActive():
        dom.destroy()
    dom.undefine()


@pytest.fixture(scope="module")
def guest(
    conn: Any, image: GuestImage, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Guest]:
    """One booted guest shared by the read-only tests (a boot costs ~5 s under TCG)."""
    g = boot(conn, image, tmp_path_factory.mktemp("guest"), "hvdesk-test-shared")
    yield g
    remove(g.dom)


def test_boots_to_ready_marker(guest: Guest) -> None:
    assert guest.dom.state()[0] == libvirt.VIR_DOMAIN_RUNNING
    assert guest.boot_seconds < BOOT_TIMEOUT
    assert "mode=normal" in guest.serial_log.read_text()
    # The VNC server listens on the requested UNIX socket.
    assert guest.vnc_socket.is_socket()
    print(f"boot to marker: {guest.boot_seconds:.1f} s")


def test_framebuffer_shows_pattern(guest: Guest) -> None:
    shot = screenshot(guest.dom)
    assert (shot.width, shot.height) == (FB_WIDTH, FB_HEIGHT)
    w, h = shot.width, shot.height
    # Quadrant centres and the corners next to the quadrant borders.
    points = [(x, y) for x in (2, w // 4, w // 2 - 3, w // 2 + 2, 3 * w // 4, w - 3)
              for y in (2, h // 4, h // 2 - 3, h // 2 + 2, 3 * h // 4, h - 3)]  # fmt: skip
    wrong = {p: shot.pixel(*p) for p in points if shot.pixel(*p) != pattern_colour(*p, w, h)}
    assert not wrong, f"pixels differing from the pattern: {wrong}"


def test_keys_reach_serial(guest: Guest) -> None:
    start = guest.serial_log.stat().st_size
    linux = libvirt.VIR_KEYCODE_SET_LINUX
    for codes in ([30], [48], [2], [42, 30]):  # a, b, 1, shift+a
        guest.dom.sendKey(linux, 0, codes, len(codes), 0)
    wait_for_serial(guest.serial_log, "KEY:A", 20, start=start)
    typed = [
        line.removeprefix("KEY:")
        # Bytes: read_text() would turn the tty's \r\n into \n and shift the offset.
        for line in guest.serial_log.read_bytes()[start:].decode().splitlines()
        if line.startswith("KEY:")
    ]
    assert typed == ["a", "b", "1", "A"]


def test_acpi_power_button_powers_off(conn: Any, image: GuestImage, tmp_path: Path) -> None:
    g = boot(conn, image, tmp_path, "hvdesk-test-poweroff")
    try:
        t0 = time.monotonic()
        g.dom.shutdownFlags(libvirt.VIR_DOMAIN_SHUTDOWN_ACPI_POWER_BTN)
        wait_for_state(g.dom, libvirt.VIR_DOMAIN_SHUTOFF, BOOT_TIMEOUT)
        # Shut down by the guest, not destroyed by libvirt.
        assert g.dom.state() == [libvirt.VIR_DOMAIN_SHUTOFF, libvirt.VIR_DOMAIN_SHUTOFF_SHUTDOWN]
        assert "HVDESK-GUEST-POWEROFF" in g.serial_log.read_text()
        print(f"power button to shutoff: {time.monotonic() - t0:.1f} s")
    finally:
        remove(g.dom)
