"""Every pixel encoding, pixel for pixel. The expected pictures are built by the test
(tests.support.rfb_server.picture / few_colours), encoded by the scripted server's
own encoders, and compared with what the client wrote into its framebuffer."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtGui import QColor, QImage, QPainter

from hvdesk.vnc.client import REMOTE_ENCODINGS, RfbClient
from tests.support.rfb_server import (
    RGB,
    FakeTransport,
    RecordingListener,
    feed_in_pieces,
    few_colours,
    handshake_bytes,
    jpeg_bytes,
    picture,
    raw_rect,
    update,
)
from tests.vnc.conftest import Session, open_session, region, rgb_at

RED, GREEN, BLUE, WHITE, BLACK = (255, 0, 0), (0, 255, 0), (0, 0, 255), (255, 255, 255), (0, 0, 0)
PALETTE5 = (RED, GREEN, BLUE, (10, 20, 30), (200, 100, 50))


async def remote_session(**options: Any) -> Session:
    return await open_session(encodings=REMOTE_ENCODINGS, **options)


# -- Raw -------------------------------------------------------------------------------


def test_raw_whole_rows_go_straight_into_the_image(run: Any) -> None:
    async def scenario() -> None:
        s = await open_session(width=64, height=48)
        full = picture(64, 48)
        await s.server.update(raw_rect(0, 0, 64, 48, full))
        assert await s.listener.next("framebuffer_updated") == (0, 0, 64, 48)
        assert region(s.client.framebuffer, 0, 0, 64, 48) == full
        band = picture(64, 5, seed=7)
        await s.server.update(raw_rect(0, 40, 64, 5, band))
        assert await s.listener.next("framebuffer_updated") == (0, 40, 64, 5)
        assert region(s.client.framebuffer, 0, 40, 64, 5) == band
        assert region(s.client.framebuffer, 0, 0, 64, 40) == full[: 64 * 40]
        s.close()

    run(scenario())


def test_raw_partial_rectangles(run: Any) -> None:
    async def scenario() -> None:
        s = await open_session(width=64, height=48)
        a, b = picture(10, 7, seed=1), picture(1, 48, seed=2)
        await s.server.update(raw_rect(5, 6, 10, 7, a), raw_rect(63, 0, 1, 48, b))
        # One call per update, with the bounding box of its rectangles.
        assert await s.listener.next("framebuffer_updated") == (5, 0, 59, 48)
        assert region(s.client.framebuffer, 5, 6, 10, 7) == a
        assert region(s.client.framebuffer, 63, 0, 1, 48) == b
        assert rgb_at(s.client.framebuffer, 4, 6) == BLACK
        s.close()

    run(scenario())


def test_raw_large_partial_rectangle_goes_into_its_rows(run: Any) -> None:
    """> 256 KiB, not whole rows: scattered over the image's rows by the socket
    (recvmsg_into), and not a byte more: the update after it lands too, and the
    pixels around the rectangle stay as they were."""

    async def scenario() -> None:
        s = await open_session(width=400, height=300)
        big = picture(390, 290, seed=3)
        small = picture(4, 2, seed=4)
        await s.server.update(raw_rect(10, 5, 390, 290, big))
        await s.server.update(raw_rect(0, 296, 4, 2, small))
        assert await s.listener.next("framebuffer_updated") == (10, 5, 390, 290)
        assert await s.listener.next("framebuffer_updated") == (0, 296, 4, 2)
        image = s.client.framebuffer
        assert region(image, 10, 5, 390, 290) == big
        assert region(image, 0, 296, 4, 2) == small
        assert region(image, 0, 5, 10, 290) == [BLACK] * (10 * 290)  # left of it
        assert region(image, 0, 295, 400, 1) == [BLACK] * 400  # below it
        s.close()

    run(scenario())


def test_raw_partial_rows_arriving_in_odd_pieces(qapp: Any) -> None:
    """The same rectangle fed in pieces that end mid-row, through the reader's own
    buffer (a transport without scattered reads)."""
    client = RfbClient(RecordingListener())
    client.connection_made(FakeTransport())
    feed_in_pieces(client, handshake_bytes(400, 300), 4096)
    big = picture(300, 250, seed=5)
    feed_in_pieces(client, update(raw_rect(50, 20, 300, 250, big)), 7777)
    assert region(client.framebuffer, 50, 20, 300, 250) == big
    assert region(client.framebuffer, 0, 20, 50, 250) == [BLACK] * (50 * 250)


def test_raw_arriving_a_few_bytes_at_a_time(run: Any) -> None:
    async def scenario() -> None:
        s = await open_session(width=32, height=16)
        full, part = picture(32, 16, seed=4), picture(5, 3, seed=5)
        data = update(raw_rect(0, 0, 32, 16, full)) + update(raw_rect(2, 2, 5, 3, part))
        for i in range(0, len(data), 7):
            await s.server.send(data[i : i + 7])
        await s.listener.next("framebuffer_updated")
        await s.listener.next("framebuffer_updated")
        expected = list(full)
        for j in range(3):
            expected[(2 + j) * 32 + 2 : (2 + j) * 32 + 7] = part[j * 5 : j * 5 + 5]
        assert region(s.client.framebuffer, 0, 0, 32, 16) == expected
        s.close()

    run(scenario())


def test_an_empty_rectangle_changes_nothing(run: Any) -> None:
    async def scenario() -> None:
        s = await open_session()
        await s.server.update(raw_rect(3, 3, 0, 5, []))
        await s.server.update(raw_rect(1, 1, 1, 1, [RED]))
        assert await s.listener.next("framebuffer_updated") == (1, 1, 1, 1)
        assert len(s.listener.of("framebuffer_updated")) == 1
        s.close()

    run(scenario())


def test_each_update_is_followed_by_an_incremental_request(run: Any) -> None:
    async def scenario() -> None:
        s = await open_session(width=16, height=8)
        for seed in range(3):
            await s.server.update(raw_rect(0, 0, 16, 8, picture(16, 8, seed)))
            request = await s.server.message_of("update_request")
            assert request.fields == (1, 0, 0, 16, 8)
        s.close()

    run(scenario())


# -- Zlib ------------------------------------------------------------------------------


def test_zlib_rectangles_share_one_stream(run: Any) -> None:
    async def scenario() -> None:
        s = await remote_session(width=64, height=48)
        rects = [(0, 0, 64, 20, 1), (5, 20, 30, 28, 2), (40, 30, 24, 18, 3)]
        for x, y, w, h, seed in rects:
            await s.server.update(s.server.zlib.rect(x, y, w, h, picture(w, h, seed)))
            assert await s.listener.next("framebuffer_updated") == (x, y, w, h)
        for x, y, w, h, seed in rects:
            assert region(s.client.framebuffer, x, y, w, h) == picture(w, h, seed)
        s.close()

    run(scenario())


# -- Tight -----------------------------------------------------------------------------


def test_tight_fill(run: Any) -> None:
    async def scenario() -> None:
        s = await remote_session()
        await s.server.update(s.server.tight.fill(4, 5, 20, 10, (12, 34, 56)))
        assert await s.listener.next("framebuffer_updated") == (4, 5, 20, 10)
        assert region(s.client.framebuffer, 4, 5, 20, 10) == [(12, 34, 56)] * 200
        assert rgb_at(s.client.framebuffer, 3, 5) == BLACK
        s.close()

    run(scenario())


@pytest.mark.parametrize(
    ("filter", "explicit", "w", "h", "colours"),
    [
        ("copy", True, 30, 20, None),
        ("copy", False, 30, 20, None),
        ("copy", True, 2, 1, None),  # 6 bytes: sent uncompressed
        ("palette", True, 13, 9, (RED, BLUE)),  # 1 bit per pixel, rows padded
        ("palette", True, 61, 3, (RED, BLUE)),
        ("palette", True, 21, 17, PALETTE5),  # 1 byte per pixel
        ("palette", True, 2, 2, (GREEN,)),  # 4 bytes: uncompressed
        ("gradient", True, 25, 15, None),
    ],
)
def test_tight_basic(
    run: Any, filter: str, explicit: bool, w: int, h: int, colours: tuple[RGB, ...] | None
) -> None:
    async def scenario() -> None:
        s = await remote_session()
        pixels = few_colours(w, h, colours) if colours else picture(w, h, seed=w)
        rect = s.server.tight.basic(3, 2, w, h, pixels, filter=filter, explicit=explicit)
        await s.server.update(rect)
        assert await s.listener.next("framebuffer_updated") == (3, 2, w, h)
        assert region(s.client.framebuffer, 3, 2, w, h) == pixels
        s.close()

    run(scenario())


def test_tight_streams_and_resets(run: Any) -> None:
    async def scenario() -> None:
        s = await remote_session()
        tight = s.server.tight
        steps = [(0, 0), (1, 0), (1, 0), (2, 0), (1, 0b0010), (3, 0b1111), (0, 0)]
        for i, (stream, reset) in enumerate(steps):
            pixels = picture(20, 10, seed=i)
            await s.server.update(tight.basic(0, 0, 20, 10, pixels, stream=stream, reset=reset))
            await s.listener.next("framebuffer_updated")
            assert region(s.client.framebuffer, 0, 0, 20, 10) == pixels, f"step {i}"
        s.close()

    run(scenario())


def test_tight_jpeg(run: Any) -> None:
    async def scenario() -> None:
        s = await remote_session()
        image = QImage(40, 24, QImage.Format.Format_RGB32)
        image.fill(QColor(200, 30, 60))
        painter = QPainter(image)
        painter.fillRect(0, 0, 20, 24, QColor(20, 160, 240))
        painter.end()
        data = jpeg_bytes(image)
        decoded = QImage.fromData(data, "JPEG")  # type: ignore[arg-type]
        expected = decoded.convertToFormat(QImage.Format.Format_RGB32)
        await s.server.update(s.server.tight.jpeg(10, 12, 40, 24, data))
        assert await s.listener.next("framebuffer_updated") == (10, 12, 40, 24)
        assert region(s.client.framebuffer, 10, 12, 40, 24) == region(expected, 0, 0, 40, 24)
        s.close()

    run(scenario())


# -- ZRLE ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("mode", "colours"),
    [
        ("raw", None),
        ("solid", (GREEN,)),
        ("packed", (RED, BLUE)),  # 1 bit
        ("packed", (RED, GREEN, BLUE)),  # 2 bits
        ("packed", PALETTE5),  # 4 bits
        ("rle", None),
        ("rle", PALETTE5),
        ("prle", PALETTE5),
    ],
)
def test_zrle_tiles(run: Any, mode: str, colours: tuple[RGB, ...] | None) -> None:
    async def scenario() -> None:
        s = await remote_session(width=160, height=100)
        # 150×90: two tile columns and rows, the last ones partial (86×26).
        pixels = few_colours(150, 90, colours) if colours else picture(150, 90, seed=9)
        await s.server.update(s.server.zrle.rect(5, 7, 150, 90, pixels, mode))
        assert await s.listener.next("framebuffer_updated") == (5, 7, 150, 90)
        assert region(s.client.framebuffer, 5, 7, 150, 90) == pixels
        s.close()

    run(scenario())


def test_zrle_long_runs_cross_rows(run: Any) -> None:
    async def scenario() -> None:
        s = await remote_session(width=64, height=64)
        # Runs of 300 and 1000 pixels: lengths of several bytes, across rows.
        pixels = [RED] * 300 + [WHITE] * 1000 + [BLUE] * (4096 - 1300)
        await s.server.update(s.server.zrle.rect(0, 0, 64, 64, pixels, "rle"))
        await s.listener.next("framebuffer_updated")
        assert region(s.client.framebuffer, 0, 0, 64, 64) == pixels
        await s.server.update(s.server.zrle.rect(0, 0, 64, 64, pixels[::-1], "prle"))
        await s.listener.next("framebuffer_updated")
        assert region(s.client.framebuffer, 0, 0, 64, 64) == pixels[::-1]
        s.close()

    run(scenario())


def test_padding_is_left_alone_when_the_display_ignores_it(run: Any) -> None:
    """QEMU's padding byte is 0. With fill_padding off (an X11 depth-24 window) Raw
    pixels land as sent, colours intact; turning it on makes the whole image opaque."""

    async def scenario() -> None:
        s = await open_session(width=64, height=48)
        s.client.fill_padding = False
        full = picture(64, 48)
        partial = picture(20, 40, seed=3)  # more rows than blit's per-row loop takes
        await s.server.update(raw_rect(0, 0, 64, 48, full), raw_rect(30, 4, 20, 40, partial))
        await s.listener.next("framebuffer_updated")
        image = s.client.framebuffer
        padding = bytes(image.constBits())[3::4]
        assert set(padding) == {0}, "the padding byte was rewritten"
        assert rgb_at(image, 0, 0) == full[0]
        assert rgb_at(image, 30 + 19, 4 + 39) == partial[-1]
        s.client.fill_padding = True
        assert region(image, 0, 0, 64, 48)[64 * 4 + 30] == partial[0]  # opaque check inside
        await s.server.update(raw_rect(0, 0, 64, 2, full[:128]))
        await s.listener.next("framebuffer_updated")
        assert region(s.client.framebuffer, 0, 0, 64, 2) == full[:128]
        s.close()

    run(scenario())
