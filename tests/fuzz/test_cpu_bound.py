"""Hostile servers that make the client work: small inputs that cost much CPU.

Each case is a stream a server thread sends over a real socket pair to the real
client (connect_rfb: QtSocketTransport on the qasync loop) with the default limits,
while tests.support.rfb_stall.StallMeter measures the GUI thread. Properties:

* no input keeps the GUI thread from its event loop for more than 50 ms of its CPU
  time (DESIGN rule 10);
* each case ends, within a bounded time, either decoded correctly (its last update
  reported, the pixels right) or disconnected with the sentence that says why.

The inputs are built here, quickly, from the protocol's description (not with the
client's decoders), and compress to a few kilobytes each.
"""

from __future__ import annotations

import asyncio
import socket
import struct
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from PySide6.QtGui import QColor, QImage

from hvdesk.vnc.client import REMOTE_ENCODINGS, connect_rfb
from tests.fuzz.counter import RUNS
from tests.support import rfb_server as srv
from tests.support.aio import AsyncRunner
from tests.support.rfb_server import RGB, RecordingListener
from tests.support.rfb_stall import StallMeter, StreamingServer

MAX_STALL = 0.050  # seconds of GUI-thread CPU between two turns of the event loop
MAX_CASE_SECONDS = 30.0  # wall time for a case to end, on a slow and busy machine
WORK = (
    "The VNC server asked for far more work than showing its screen needs, so hvdesk "
    "closed the connection to stay responsive."
)


@dataclass
class Case:
    width: int
    height: int
    stream: bytes
    updates: int = 0  # framebuffer_updated calls when decoded
    closed: str | None = None  # or the sentence it is disconnected with
    checks: list[tuple[int, int, RGB]] = field(default_factory=list)  # x, y, colour


# -- building the inputs ------------------------------------------------------------------


def tight_rect(x: int, y: int, w: int, h: int, control: int, body: bytes) -> bytes:
    return srv.header(x, y, w, h, srv.TIGHT) + bytes([control]) + body


def zlib_sync(stream: Any, data: bytes) -> bytes:
    return bytes(stream.compress(data) + stream.flush(zlib.Z_SYNC_FLUSH))


def smooth(x: int, y: int, w: int, h: int) -> RGB:
    """A picture the gradient filter predicts exactly inside: f(x) + g(y) per channel."""
    return (x * 100 // w + y * 100 // h, x * 120 // w + 20, y * 150 // h + 30)


def gradient_data(w: int, h: int) -> bytes:
    """Tight's gradient filter applied to smooth(): differences along the first row
    and column, zero inside (the prediction left + above - above-left is exact)."""
    out = bytearray(w * h * 3)

    def diff(a: RGB, b: RGB) -> bytes:
        return bytes((p - q) & 0xFF for p, q in zip(a, b, strict=True))

    zero = (0, 0, 0)
    for x in range(w):
        out[3 * x : 3 * x + 3] = diff(smooth(x, 0, w, h), smooth(x - 1, 0, w, h) if x else zero)
    for y in range(1, h):
        out[3 * y * w : 3 * y * w + 3] = diff(smooth(0, y, w, h), smooth(0, y - 1, w, h))
    return bytes(out)


def gradient_rect(w: int, h: int, stream: Any) -> bytes:
    data = zlib_sync(stream, gradient_data(w, h))
    # Stream 0, explicit filter: gradient (2).
    return tight_rect(0, 0, w, h, 0x40, bytes([2]) + srv.compact_length(len(data)) + data)


def gradient_case() -> Case:
    w, h = 1024, 512
    stream = zlib.compressobj()
    checks = [(x, y, smooth(x, y, w, h)) for x, y in ((0, 0), (1023, 0), (0, 511), (700, 300))]
    return Case(1024, 768, srv.update(gradient_rect(w, h, stream)), updates=1, checks=checks)


def gradient_bomb() -> Case:
    w, h = 256, 192
    stream = zlib.compressobj()
    rects = [gradient_rect(w, h, stream) for _ in range(40)]
    return Case(w, h, srv.update(*rects), closed=WORK)


def zrle_runs(w: int, h: int, stream: Any, colour: RGB) -> bytes:
    """Every tile plain RLE, in runs of one pixel of the same colour."""
    r, g, b = colour
    tiles = bytearray()
    for ty in range(0, h, 64):
        for tx in range(0, w, 64):
            count = min(64, w - tx) * min(64, h - ty)
            tiles += b"\x80" + bytes((b, g, r, 0)) * count
    data = zlib_sync(stream, bytes(tiles))
    return srv.header(0, 0, w, h, srv.ZRLE) + struct.pack(">I", len(data)) + data


def zrle_case() -> Case:
    stream = zlib.compressobj()
    colour = (12, 34, 56)
    checks = [(0, 0, colour), (1023, 767, colour), (500, 400, colour)]
    return Case(1024, 768, srv.update(zrle_runs(1024, 768, stream, colour)), 1, None, checks)


def zrle_bomb() -> Case:
    stream = zlib.compressobj()
    rects = [zrle_runs(512, 384, stream, (1, 2, 3)) for _ in range(4)]
    return Case(512, 384, srv.update(*rects), closed=WORK)


def inflate_case() -> Case:
    """One Zlib rectangle that inflates to 32 MiB (within its cap) from ~40 KB."""
    w, h = 4096, 2048
    row = srv.bgrx([(x & 0xFF, 200, 100) for x in range(w)])
    stream = zlib.compressobj()
    data = stream.compress(row * h) + stream.flush(zlib.Z_SYNC_FLUSH)
    rect = srv.header(0, 0, w, h, srv.ZLIB) + struct.pack(">I", len(data)) + data
    checks = [(0, 0, (0, 200, 100)), (4095, 2047, (255, 200, 100)), (300, 1000, (44, 200, 100))]
    return Case(w, h, srv.update(rect), 1, None, checks)


def fills(count: int, width: int, colour: RGB) -> bytes:
    """An update of `count` Tight fills of one pixel each, on the first two rows."""
    fill = bytes(colour)
    rects = [tight_rect(i % width, (i // width) % 2, 1, 1, 0x80, fill) for i in range(count)]
    return srv.update(*rects)


def many_rects_case() -> Case:
    colour = (9, 99, 199)
    checks = [(0, 0, colour), (1023, 1, colour), (0, 2, (0, 0, 0))]
    return Case(1024, 768, fills(20000, 1024, colour), 1, None, checks)


def many_rects_bomb() -> Case:
    return Case(512, 384, fills(65535, 512, (1, 2, 3)), closed=WORK)


def big_jpeg() -> Case:
    w, h = 2048, 1024
    image = QImage(w, h, QImage.Format.Format_RGB32)
    image.fill(QColor(30, 60, 90))
    data = srv.jpeg_bytes(image, 50)
    rect = tight_rect(0, 0, w, h, 0x90, srv.compact_length(len(data)) + data)
    sentence = (
        "The VNC server sent a malformed Tight rectangle: a 2048×1024 JPEG image "
        "(at most 524288 pixels in one)."
    )
    return Case(w, h, srv.update(rect), closed=sentence)


def huge_resize() -> Case:
    marker = srv.raw_rect(8191, 8191, 1, 1, [(7, 8, 9)])
    checks = [(0, 0, (0, 0, 0)), (8191, 8191, (7, 8, 9)), (4000, 6000, (0, 0, 0))]
    stream = srv.update(srv.desktop_size(8192, 8192)) + srv.update(marker)
    return Case(64, 48, stream, 1, None, checks)


CASES: dict[str, Callable[[], Case]] = {
    "tight gradient, 1024×512": gradient_case,
    "tight gradient, 40 screens in one update": gradient_bomb,
    "zrle runs of one pixel, 1024×768": zrle_case,
    "zrle runs of one pixel, 4 screens in one update": zrle_bomb,
    "zlib inflating to 32 MiB": inflate_case,
    "20000 rectangles in one update": many_rects_case,
    "65535 rectangles on a small screen": many_rects_bomb,
    "a 2048×1024 jpeg": big_jpeg,
    "a resize to 8192×8192": huge_resize,
}


# -- running a case -------------------------------------------------------------------------


def run_case(aio: AsyncRunner, case: Case) -> tuple[RecordingListener, list[RGB], StallMeter]:
    """Serve the case to a client; (what its listener heard, its pixels at the case's
    checks, the meter)."""
    ours, theirs = socket.socketpair()
    ours.setblocking(False)
    server = StreamingServer(theirs, case.width, case.height, case.stream)
    listener = RecordingListener()
    meter = StallMeter()
    meter.start()
    server.start()
    try:
        client = aio.run(connect_rfb(ours, listener, encodings=REMOTE_ENCODINGS))
        started = time.monotonic()

        def ended() -> bool:
            # An update is reported once all its rectangles are decoded.
            return bool(listener.of("closed")) or (
                case.updates > 0 and len(listener.of("framebuffer_updated")) >= case.updates
            )

        aio.wait_until(ended, timeout=MAX_CASE_SECONDS)
        elapsed = time.monotonic() - started
        pixels = [client.framebuffer.pixelColor(x, y) for x, y, _ in case.checks]
        client.close()
        aio.run(asyncio.sleep(0.02))
    finally:
        meter.stop()
        server.close()
    assert elapsed < MAX_CASE_SECONDS
    return listener, [(p.red(), p.green(), p.blue()) for p in pixels], meter


@pytest.fixture(autouse=True)
def _count() -> None:
    RUNS["cpu-bound"] += 1


@pytest.mark.parametrize("name", CASES)
def test_hostile_work_never_stalls_the_gui_thread(aio: AsyncRunner, name: str) -> None:
    case = CASES[name]()
    listener, pixels, meter = run_case(aio, case)
    closed = listener.of("closed")
    if case.closed is not None:
        assert closed == [(case.closed,)], meter.summary()  # exactly once
    else:
        assert closed in ([], [(None,)]), closed
        assert len(listener.of("framebuffer_updated")) == case.updates
        assert pixels == [colour for _, _, colour in case.checks]
    assert meter.worst_cpu <= MAX_STALL, meter.summary()
