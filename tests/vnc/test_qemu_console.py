"""The RFB client against real QEMU (7.2): the tiny guest on the embedded driver,
reached through hvdesk's Connection and open_console().

Checks the framebuffer shows the guest's quadrant pattern — pixel values — in
each encoding QEMU offers the client (Raw locally; Tight, ZRLE and Zlib as a
remote client would get them), and that keys typed through the client reach the
guest, which echoes them on its serial port as KEY:<c>.
"""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from functools import partial
from pathlib import Path
from typing import Any

import pytest

from hvdesk.core.connection import Connection
from hvdesk.core.console import open_console
from hvdesk.core.embed import embed_uri
from hvdesk.core.vm import VirtualMachine
from hvdesk.vnc.client import LOCAL_ENCODINGS, RfbClient, connect_rfb
from hvdesk.vnc.encodings.base import Rect
from hvdesk.vnc.rfb import (
    ENC_RAW,
    ENC_TIGHT,
    ENC_ZLIB,
    ENC_ZRLE,
)
from tests.guest.build import FB_HEIGHT, FB_WIDTH, READY_MARKER, GuestImage, pattern_colour
from tests.guest.domain import guest_domain_xml
from tests.support.rfb_server import RecordingListener
from tests.vnc.conftest import rgb_at

pytestmark = pytest.mark.integration

PSEUDO = LOCAL_ENCODINGS[1:]
# Sample points: quadrant centres and pixels either side of the quadrant borders.
XS = (0, FB_WIDTH // 4, FB_WIDTH // 2 - 1, FB_WIDTH // 2, FB_WIDTH - 1)
YS = (0, FB_HEIGHT // 4, FB_HEIGHT // 2 - 1, FB_HEIGHT // 2, FB_HEIGHT - 1)
POINTS = [(x, y) for x in XS for y in YS]


async def _until(predicate: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise TimeoutError(f"{what} within {timeout} s")
        await asyncio.sleep(0.05)


def _serial(path: Path) -> str:
    return path.read_bytes().decode(errors="replace") if path.exists() else ""


@asynccontextmanager
async def _running_guest(
    root: Path, image: GuestImage, workdir: Path
) -> AsyncIterator[tuple[VirtualMachine, Path]]:
    """The tiny guest, started through hvdesk's Connection, booted to its marker."""
    conn = Connection(embed_uri(root))
    assert await conn.open(), conn.status_text()
    serial = workdir / "vnc-guest.serial"
    xml = guest_domain_xml(
        "hvdesk-vnc-test", image, serial_log=serial, vnc_socket=workdir / "vnc-guest.vnc"
    )
    uuid = await conn.call(lambda c: c.defineXML(xml).UUIDString())
    try:
        await _until(lambda: uuid in conn.vms, 10, "the VM did not appear")
        vm = conn.vms[uuid]
        await vm.start()
        await _until(lambda: READY_MARKER in _serial(serial), 90, "the guest did not boot")
        yield vm, serial
    finally:

        def remove(c: Any) -> None:
            dom = c.lookupByUUIDString(uuid)
            if dom.isActive():
                dom.destroy()
            dom.undefine()

        await conn.call(remove)
        conn.shutdown()


def _counting(start: Callable[[Rect], None], seen: Counter[int]) -> Callable[[Rect], None]:
    def counted(rect: Rect) -> None:
        seen[rect.encoding] += 1
        start(rect)

    return counted


def _shows_pattern(client: RfbClient) -> bool:
    if (client.width, client.height) != (FB_WIDTH, FB_HEIGHT):
        return False
    image = client.framebuffer
    return all(rgb_at(image, x, y) == pattern_colour(x, y) for x, y in POINTS)


async def _connect(vm: VirtualMachine, encodings: tuple[int, ...]) -> tuple[RfbClient, Any]:
    endpoint = await open_console(vm)
    assert endpoint.local
    listener = RecordingListener()
    client = await connect_rfb(endpoint.sock, listener, password=endpoint.password,
                               encodings=encodings)  # fmt: skip
    return client, listener


async def _typed(serial: Path, start: int, count: int) -> list[str]:
    def keys() -> list[str]:
        text = serial.read_bytes()[start:].decode(errors="replace")
        return [line.strip()[4:] for line in text.splitlines() if line.startswith("KEY:")]

    await _until(lambda: len(keys()) >= count, 20, f"{count} keys did not reach the guest")
    return keys()


def test_console_of_a_real_guest(
    aio: Any, embed_root: Path, guest_image: GuestImage, tmp_path: Path
) -> None:
    async def scenario() -> None:
        async with _running_guest(embed_root, guest_image, tmp_path) as (vm, serial):
            # The local console: Raw, straight into the framebuffer.
            t0 = time.monotonic()
            client, listener = await _connect(vm, LOCAL_ENCODINGS)
            assert client.name == "QEMU (hvdesk-vnc-test)"
            await _until(lambda: _shows_pattern(client), 20, "the pattern did not show")
            print(
                f"\nfirst full frame (Raw) {1000 * (time.monotonic() - t0):.0f} ms after connecting"
            )
            image = client.framebuffer
            assert image.format() == image.Format.Format_RGB32
            # QEMU acknowledged scancodes and said which pointer the guest uses (relative
            # here: the tiny guest has no USB HID driver, so the PS/2 mouse is active).
            assert client.supports_qemu_keys
            assert listener.of("pointer_mode_changed")[-1] == (client.absolute_pointer,)
            assert listener.of("closed") == []

            # Keys: "a" by scancode (QEMU ExtendedKeyEvent), then "b" by keysym.
            start = serial.stat().st_size
            client.key_event(True, 0x61, 0x1E)
            client.key_event(False, 0x61, 0x1E)
            assert await _typed(serial, start, 1) == ["a"]
            client.key_event(True, 0x62)
            client.key_event(False, 0x62)
            assert await _typed(serial, start, 2) == ["a", "b"]
            # Shift+A by scancodes.
            for down, code, sym in ((1, 0x2A, 0xFFE1), (1, 0x1E, 0x41), (0, 0x1E, 0x41),
                                    (0, 0x2A, 0xFFE1)):  # fmt: skip
                client.key_event(bool(down), sym, code)
            assert await _typed(serial, start, 3) == ["a", "b", "A"]

            # The compressed encodings, each on a connection of its own (shared with the
            # first: QEMU keeps both).
            for name, first in (("Tight", ENC_TIGHT), ("ZRLE", ENC_ZRLE), ("Zlib", ENC_ZLIB)):
                other, other_listener = await _connect(vm, (first, ENC_RAW, *PSEUDO))
                await _until(partial(_shows_pattern, other), 30, f"{name}: no pattern")
                # Prove the encoding: a full update again, counting the rectangles.
                seen: Counter[int] = Counter()
                decoders = other._decoders
                for encoding in (first, ENC_RAW):
                    decoder: Any = decoders[encoding]
                    decoder.start = _counting(decoder.start, seen)
                other.framebuffer.fill(0)
                other.request_update(incremental=False)
                await _until(partial(_shows_pattern, other), 30, f"{name}: no pattern again")
                assert seen[first] > 0 and seen[ENC_RAW] == 0, (name, seen)
                assert other_listener.of("closed") == []
                other.close()
                assert await other_listener.next("closed") == (None,)

            assert listener.of("closed") == []
            client.close()
            assert await listener.next("closed") == (None,)

    aio.run(scenario(), timeout=240)
