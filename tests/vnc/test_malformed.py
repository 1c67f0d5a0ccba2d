"""A hostile or broken server: every malformed stream ends that connection with one
listener.closed(sentence), and nothing reaches the event loop (the `run` fixture
fails the test if an exception does)."""

from __future__ import annotations

import asyncio
import struct
import zlib
from collections.abc import Callable
from typing import Any

import pytest
from PySide6.QtCore import QBuffer, QByteArray, QIODevice
from PySide6.QtGui import QColor, QImage, QImageWriter

from hvdesk.vnc.client import REMOTE_ENCODINGS
from tests.support.rfb_server import (
    TIGHT,
    ZLIB,
    ZRLE,
    alpha_cursor,
    bgrx,
    compact_length,
    desktop_size,
    ext_desktop_size,
    header,
    jpeg_bytes,
    picture,
    raw_rect,
    update,
)
from tests.vnc.conftest import open_session


def _local() -> tuple[int, ...]:
    from hvdesk.vnc.client import LOCAL_ENCODINGS

    return LOCAL_ENCODINGS


CASES: dict[str, tuple[bytes, bool, bool, str]] = {
    # name: (data, remote encodings, server closes after, the sentence)
    "rect wider than the framebuffer": (
        update(header(0, 0, 65, 1, 0)),
        False,
        False,
        "The VNC server sent a 65×1 rectangle at (0, 0), outside its 64×48 framebuffer.",
    ),
    "rect outside the framebuffer": (
        update(header(60, 40, 10, 10, 0)),
        False,
        False,
        "The VNC server sent a 10×10 rectangle at (60, 40), outside its 64×48 framebuffer.",
    ),
    "rect far outside on one axis": (
        update(header(0, 65535, 1, 1, 0)),
        False,
        False,
        "The VNC server sent a 1×1 rectangle at (0, 65535), outside its 64×48 framebuffer.",
    ),
    "unknown encoding": (
        update(header(0, 0, 1, 1, 5)),  # Hextile, never asked for
        False,
        False,
        "The VNC server sent a rectangle in encoding 5, which hvdesk did not ask for.",
    ),
    "an encoding asked for only remotely": (
        update(header(0, 0, 1, 1, ZRLE)),
        False,
        False,
        "The VNC server sent a rectangle in encoding 16, which hvdesk did not ask for.",
    ),
    "a setting sent back as a rectangle": (
        update(header(0, 0, 1, 1, -1063131698)),  # the Extended Clipboard's number
        False,
        False,
        "The VNC server sent a rectangle in encoding -1063131698, which is a setting, not a "
        "rectangle encoding.",
    ),
    "unknown message type": (
        b"\x07",
        False,
        False,
        "The VNC server sent a message of unknown type 7.",
    ),
    "truncated raw rectangle": (
        update(header(0, 0, 10, 10, 0)) + bgrx(picture(10, 5)),
        False,
        True,
        "The VNC server closed the connection in the middle of a Raw rectangle.",
    ),
    "truncated rectangle header": (
        b"\x00\x00\x00\x02" + raw_rect(0, 0, 1, 1, [(1, 2, 3)]) + b"\x00\x00",
        False,
        True,
        "The VNC server closed the connection in the middle of a framebuffer update.",
    ),
    "oversized cut text": (
        struct.pack(">Bxxxi", 3, 1024 * 1024 + 1),
        False,
        False,
        "The VNC server sent 1048577 bytes of clipboard data; hvdesk accepts at most 1048576.",
    ),
    "oversized extended clipboard": (
        struct.pack(">Bxxxi", 3, -(2**31)),
        False,
        False,
        "The VNC server sent 2147483648 bytes of clipboard data; hvdesk accepts at most 1048576.",
    ),
    "cursor too large": (
        update(header(0, 0, 257, 1, -239)),
        False,
        False,
        "The VNC server sent a 257×1 cursor; hvdesk accepts at most 256×256.",
    ),
    "alpha cursor in another encoding": (
        update(header(0, 0, 1, 1, -314) + struct.pack(">i", 16)),
        False,
        False,
        "The VNC server sent a cursor in ZRLE encoding; hvdesk reads alpha cursors in Raw only.",
    ),
    "resize beyond the limit": (
        update(desktop_size(9000, 10)),
        False,
        False,
        "The VNC server sent a 9000×10 framebuffer; hvdesk accepts at most 8192×8192.",
    ),
    "resize to nothing": (
        update(desktop_size(0, 10)),
        False,
        False,
        "The VNC server resized its framebuffer to 0×10, which is empty.",
    ),
    "too many screens": (
        update(ext_desktop_size(64, 48, screens=[(i, 0, 0, 1, 1, 0) for i in range(17)])),
        False,
        False,
        "The VNC server described 17 screens; hvdesk accepts at most 16.",
    ),
}


@pytest.mark.parametrize("case", CASES)
def test_malformed_stream_ends_the_connection_with_a_sentence(run: Any, case: str) -> None:
    data, remote, close, sentence = CASES[case]

    async def scenario() -> None:
        s = await open_session(encodings=REMOTE_ENCODINGS if remote else _local())
        await s.server.send(data)
        if close:
            s.server.close()
        (error,) = await s.listener.next("closed")
        assert error == sentence
        await asyncio.sleep(0.02)
        assert len(s.listener.of("closed")) == 1
        assert not s.client.connected
        s.server.close()

    run(scenario())


def zlib_rect(data: bytes, w: int = 8, h: int = 8, length: int | None = None) -> bytes:
    n = len(data) if length is None else length
    return update(header(0, 0, w, h, ZLIB) + struct.pack(">I", n) + data)


def tight_rect(control: int, body: bytes, w: int = 8, h: int = 8) -> bytes:
    return update(header(0, 0, w, h, TIGHT) + bytes([control]) + body)


def zrle_tiles(tiles: bytes, w: int = 8, h: int = 8) -> bytes:
    z = zlib.compress(tiles)
    return update(header(0, 0, w, h, ZRLE) + struct.pack(">I", len(z)) + z)


REMOTE_CASES: dict[str, tuple[bytes, str]] = {
    "zlib bomb": (
        zlib_rect(zlib.compress(bytes(50 * 1024 * 1024), 9)),
        "The VNC server's Zlib rectangle inflates to more data than it should hold (256 bytes).",
    ),
    "zlib data that is not zlib": (
        zlib_rect(b"this is not deflate data"),
        "The VNC server's Zlib rectangle is not valid zlib data (Error -3 while "
        "decompressing data: incorrect header check).",
    ),
    "zlib rectangle short of pixels": (
        zlib_rect(zlib.compress(bytes(100))),
        "The VNC server's Zlib rectangle inflates to 100 bytes instead of 256.",
    ),
    "zlib length beyond reason": (
        zlib_rect(b"", length=0xFFFFFFFF),
        "The VNC server sent 4294967295 bytes of Zlib data for a 8×8 rectangle "
        "(at most 66048 make sense).",
    ),
    "tight png": (
        tight_rect(0xA0, b""),
        "The VNC server sent TightPNG data, which hvdesk did not ask for.",
    ),
    "tight unknown compression": (
        tight_rect(0xF0, b""),
        "The VNC server sent a malformed Tight rectangle: compression type 15, which does "
        "not exist.",
    ),
    "tight unknown filter": (
        tight_rect(0x40, b"\x07"),
        "The VNC server sent a malformed Tight rectangle: filter 7, which does not exist.",
    ),
    "tight palette index beyond the palette": (
        # 3 colours, 2×2 pixels sent raw (4 bytes < 12), one index is 5.
        tight_rect(0x40, b"\x01\x02" + bytes(9) + b"\x00\x01\x05\x02", w=2, h=2),
        "The VNC server sent a malformed Tight rectangle: a palette index beyond its 3 colours.",
    ),
    "tight zlib bomb": (
        tight_rect(
            0x00,
            compact_length(len(z := zlib.compress(bytes(4 * 1024 * 1024), 9))) + z,
        ),
        "The VNC server's Tight rectangle inflates to more data than it should hold (192 bytes).",
    ),
    "tight jpeg that is not": (
        tight_rect(0x90, compact_length(10) + b"not a jpeg"),
        "The VNC server sent a malformed Tight rectangle: a JPEG image that does not decode.",
    ),
    "zrle run past its tile": (
        zrle_tiles(b"\x80" + b"\x01\x02\x03" + b"\xff\x00"),  # a run of 256 in 64 pixels
        "The VNC server sent a malformed ZRLE rectangle: a run goes past the end of its tile.",
    ),
    "zrle unknown subencoding": (
        zrle_tiles(b"\x11"),
        "The VNC server sent a malformed ZRLE rectangle: tile subencoding 17, which does "
        "not exist.",
    ),
    "zrle palette index beyond the palette": (
        zrle_tiles(bytes([130]) + bytes(6) + b"\x05" + b"\x00" * 63),
        "The VNC server sent a malformed ZRLE rectangle: a palette index beyond its 2 colours.",
    ),
    "zrle tiles short of data": (
        zrle_tiles(b"\x00" + bytes(10)),
        "The VNC server sent a malformed ZRLE rectangle: its tiles need more data than it holds.",
    ),
    "zrle data left over": (
        zrle_tiles(b"\x01\x00\x00\x00" + b"extra"),
        "The VNC server sent a malformed ZRLE rectangle: 5 bytes left over after the last tile.",
    ),
    "zrle bomb": (
        zrle_tiles(bytes(30 * 1024 * 1024)),
        "The VNC server's ZRLE rectangle inflates to more data than it should hold (638 bytes).",
    ),
}


@pytest.mark.parametrize("case", REMOTE_CASES)
def test_malformed_compressed_data(run: Any, case: str) -> None:
    data, sentence = REMOTE_CASES[case]

    async def scenario() -> None:
        s = await open_session(encodings=REMOTE_ENCODINGS)
        await s.server.send(data)
        (error,) = await s.listener.next("closed")
        assert error == sentence
        await asyncio.sleep(0.02)
        assert len(s.listener.of("closed")) == 1
        s.server.close()

    run(scenario())


def test_an_alpha_cursor_cut_short(run: Any) -> None:
    async def scenario() -> None:
        s = await open_session()
        await s.server.send(update(alpha_cursor(0, 0, 4, 4, [(1, 2, 3, 4)] * 16))[:-10])
        s.server.close()
        assert await s.listener.next("closed") == (
            "The VNC server closed the connection in the middle of a cursor shape.",
        )

    run(scenario())


def test_a_jpeg_of_the_wrong_size(run: Any) -> None:
    async def scenario() -> None:
        image = QImage(4, 4, QImage.Format.Format_RGB32)
        image.fill(QColor(1, 2, 3))
        s = await open_session(encodings=REMOTE_ENCODINGS)
        await s.server.send(update(s.server.tight.jpeg(0, 0, 8, 8, jpeg_bytes(image))))
        assert await s.listener.next("closed") == (
            "The VNC server sent a malformed Tight rectangle: a 4×4 JPEG image for a 8×8 "
            "rectangle.",
        )
        s.server.close()

    run(scenario())


def _jpeg(progressive: bool = False) -> bytes:
    image = QImage(16, 8, QImage.Format.Format_RGB32)
    image.fill(QColor(10, 200, 30))
    if not progressive:
        return jpeg_bytes(image)
    array = QByteArray()
    buffer = QBuffer(array)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QImageWriter(buffer, b"jpeg")
    writer.setProgressiveScanWrite(True)
    assert writer.write(image)
    return bytes(array.data())


JPEG_CASES: dict[str, tuple[Callable[[], bytes], str]] = {
    "progressive": (
        lambda: _jpeg(progressive=True),
        "a JPEG image that is not baseline (progressive, lossless or arithmetic)",
    ),
    "two scans": (
        lambda: _jpeg()[:-2] + b"\xff\xda\x00\x08\x01\x01\x00\x00\x3f\x00" + b"\xff\xd9",
        "a JPEG image in more than one scan",
    ),
    "many header segments": (
        lambda: b"\xff\xd8" + b"\xff\xe1\x00\x02" * 70 + _jpeg()[2:],
        "a JPEG image with more than 64 header segments",
    ),
    "fill bytes before a marker": (
        lambda: b"\xff\xd8\xff" + _jpeg()[2:],
        "a JPEG image that does not decode",
    ),
}


@pytest.mark.parametrize("case", JPEG_CASES)
def test_a_tight_jpeg_must_be_one_baseline_scan(run: Any, case: str) -> None:
    """A JPEG is decoded in one call: only a single baseline scan costs what its pixels
    cost (a progressive one may hold thousands of scans over them)."""
    make, why = JPEG_CASES[case]

    async def scenario() -> None:
        s = await open_session(encodings=REMOTE_ENCODINGS)
        await s.server.send(update(s.server.tight.jpeg(0, 0, 16, 8, make())))
        assert await s.listener.next("closed") == (
            f"The VNC server sent a malformed Tight rectangle: {why}.",
        )
        s.server.close()

    run(scenario())


def test_tight_rectangles_are_at_most_2048_wide_except_fills(run: Any) -> None:
    async def scenario() -> None:
        s = await open_session(encodings=REMOTE_ENCODINGS, width=3000, height=4)
        await s.server.update(s.server.tight.fill(0, 0, 3000, 4, (1, 2, 3)))
        assert await s.listener.next("framebuffer_updated") == (0, 0, 3000, 4)
        await s.server.update(header(0, 0, 2049, 1, TIGHT) + b"\x00")
        assert await s.listener.next("closed") == (
            "The VNC server sent a malformed Tight rectangle: a 2049 pixels wide rectangle "
            "(at most 2048).",
        )
        s.server.close()

    run(scenario())
