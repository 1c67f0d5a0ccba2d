"""Fuzzing the RFB client's state machine with generated server streams (hypothesis).

Inputs are server streams: a handshake (3.3 / 3.7 / 3.8, security None or VNC
Authentication) and a run of messages — framebuffer updates whose rectangles use
every encoding the client knows, built by the test server's encoders with random
geometry (sometimes outside the framebuffer), random bodies, cut texts, extended
clipboard messages — then raw mutations of such streams (flipped, inserted,
deleted, duplicated bytes, truncation) and plain random bytes. Each stream is fed to
an RfbClient on a fake transport in randomly sized pieces, through the same
get_buffer()/buffer_updated() calls asyncio makes, then the connection ends.

In slices: the same on an asyncio loop with a slice of 0 s, so that the client stops
after every step, pauses the transport and goes on at the loop's next turn; some
runs close() the client in the middle of such work.

Properties: no exception leaves the protocol's callbacks; the handshake ends once,
with success or an RfbError sentence; after a successful handshake the listener
hears exactly one closed(), with None or a sentence; nothing is reported before
connected(), nor after close(). Inputs are small and the client runs with small
limits (a 128×128 framebuffer at most), so every example is quick; a hang would trip
the deadline. CPU-bound inputs are in test_cpu_bound.py.

The number of inputs is printed at the end of the run ("RFB fuzz: N ...");
HVDESK_FUZZ_SCALE multiplies the example counts (default 1: ~20 s here).
"""

from __future__ import annotations

import asyncio
import os
import struct
import zlib
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from datetime import timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtGui import QColor, QImage

from hvdesk.vnc.client import LOCAL_ENCODINGS, REMOTE_ENCODINGS, RfbClient
from hvdesk.vnc.errors import RfbError
from hvdesk.vnc.limits import Limits
from tests.fuzz.counter import RUNS
from tests.support import rfb_server as srv
from tests.support.rfb_server import (
    CHALLENGE,
    NATIVE_FORMAT,
    FakeTransport,
    RecordingListener,
)

LIMITS = Limits(
    max_width=128,
    max_height=128,
    max_cursor_width=32,
    max_cursor_height=32,
    max_name=64,
    max_reason=64,
    max_clipboard=4096,
    max_jpeg=4096,
    max_screens=4,
)
SLICED = replace(LIMITS, slice_seconds=0.0)  # every step its own turn of the loop
ALL_ENCODINGS = tuple(dict.fromkeys(REMOTE_ENCODINGS + LOCAL_ENCODINGS))
SCALE = float(os.environ.get("HVDESK_FUZZ_SCALE", "1"))


def fuzz_settings(examples: int) -> settings:
    return settings(
        max_examples=max(1, int(examples * SCALE)),
        deadline=timedelta(seconds=2),
        database=None,  # no .hypothesis directory in the work tree
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )


# -- running one stream ---------------------------------------------------------------


class CheckingListener(RecordingListener):
    def _add(self, name: str, *args: Any) -> None:
        assert not self.of("closed"), f"{name} after closed()"
        if name != "connected":
            assert self.of("connected"), f"{name} before connected()"
        super()._add(name, *args)


def is_sentence(text: object) -> bool:
    """A sentence about the stream: not the client's report of its own failure (a
    bug in the client, or a listener check above failing)."""
    return (
        isinstance(text, str)
        and text[:1].isupper()
        and text.endswith(".")
        and "inside hvdesk" not in text
    )


def drive(stream: bytes, cuts: list[int], encodings: tuple[int, ...] = ALL_ENCODINGS) -> None:
    """Feed stream to a fresh client in pieces ending at the cut positions; end the
    connection; check the properties."""
    listener = CheckingListener()
    outcomes: list[RfbError | None] = []
    client = RfbClient(
        listener, password="secret", encodings=encodings, limits=LIMITS,
        on_handshake=outcomes.append,
    )  # fmt: skip
    client.clipboard_from_guest = client.clipboard_to_guest = True  # fuzz those paths too
    transport = FakeTransport()
    client.connection_made(transport)
    for piece in pieces(stream, cuts):
        if transport.closing:
            break
        feed(client, piece)
    if not transport.closing:
        assert client.eof_received() is False
    client.connection_lost(None)
    check(listener, outcomes)


def drive_in_slices(stream: bytes, cuts: list[int], close_after: int | None) -> None:
    """drive() on an asyncio loop, every step in a slice of its own; close() the
    client after `close_after` pieces (None: never)."""
    listener = CheckingListener()
    outcomes: list[RfbError | None] = []
    heard_before_close: int | None = None

    async def run() -> None:
        nonlocal heard_before_close
        client = RfbClient(
            listener, password="secret", encodings=ALL_ENCODINGS, limits=SLICED,
            on_handshake=outcomes.append,
        )  # fmt: skip
        client.clipboard_from_guest = client.clipboard_to_guest = True
        transport = FakeTransport()
        client.connection_made(transport)
        for count, piece in enumerate(pieces(stream, cuts)):
            if count == close_after:
                heard_before_close = len(listener.events)
                client.close()
            if transport.closing:
                break
            await resumed(transport)
            feed(client, piece)
        await resumed(transport)  # the work the last bytes started
        await asyncio.sleep(0)
        client.connection_lost(None)

    SLICER.submit(LOOP.run_until_complete, run()).result()
    check(listener, outcomes)
    if heard_before_close is not None:
        assert {name for name, _ in listener.events[heard_before_close:]} <= {"closed"}


# A plain asyncio loop of its own, run on a thread of its own: the test process's
# qasync loop counts as running on the main thread (pytest-qt).
LOOP = asyncio.new_event_loop()
SLICER = ThreadPoolExecutor(max_workers=1)


async def resumed(transport: FakeTransport) -> None:
    """Let the loop turn until the client reads again (it paused to go on later)."""
    for _ in range(100_000):
        if not transport.paused or transport.closing:
            return
        await asyncio.sleep(0)
    raise AssertionError("the client never resumed reading")


def pieces(stream: bytes, cuts: list[int]) -> list[bytes]:
    ends = sorted({c % (len(stream) + 1) for c in cuts} | {len(stream)})
    starts = [0, *ends[:-1]]
    return [stream[a:b] for a, b in zip(starts, ends, strict=True) if b > a]


def feed(client: RfbClient, piece: bytes) -> None:
    """As a transport does: into the buffers the client offers (it may offer less)."""
    view = memoryview(piece)
    while view and not client.reader.stopped:
        buf = client.get_buffer(-1)
        assert len(buf) > 0
        n = min(len(buf), len(view))
        buf[:n] = view[:n]
        client.buffer_updated(n)
        view = view[n:]


def check(listener: CheckingListener, outcomes: list[RfbError | None]) -> None:
    assert len(outcomes) == 1, outcomes
    outcome = outcomes[0]
    closed = listener.of("closed")
    if outcome is None:
        assert listener.of("connected")
        assert len(closed) == 1
        assert closed[0][0] is None or is_sentence(closed[0][0]), closed
    else:
        assert isinstance(outcome, RfbError)
        assert is_sentence(str(outcome)), str(outcome)
        assert listener.events == []


# -- generating streams -----------------------------------------------------------------


@st.composite
def handshakes(draw: st.DrawFn) -> tuple[bytes, int, int]:
    """(a server's handshake bytes, framebuffer width, height)."""
    minor = draw(st.sampled_from([3, 7, 8]))
    out = b"RFB 003.%03d\n" % minor
    vnc_auth = draw(st.booleans())
    kind = 2 if vnc_auth else 1
    if minor == 3:
        out += struct.pack(">I", kind)
    else:
        out += bytes([1, kind])
    if vnc_auth:
        out += CHALLENGE + struct.pack(">I", draw(st.sampled_from([0, 0, 0, 1])))
        if minor == 8:
            out += struct.pack(">I", 6) + b"denied"
    elif minor == 8:
        out += struct.pack(">I", 0)
    width = draw(st.integers(1, 48))
    height = draw(st.integers(1, 48))
    if draw(st.integers(0, 9)) == 0:
        width, height = draw(st.integers(0, 200)), draw(st.integers(0, 200))
    fmt = NATIVE_FORMAT if draw(st.integers(0, 4)) else draw(st.binary(min_size=16, max_size=16))
    name = draw(st.binary(max_size=80))
    out += struct.pack(">HH", width, height) + fmt + struct.pack(">I", len(name)) + name
    return out, width, height


class Encoders:
    def __init__(self) -> None:
        self.zlib = srv.ZlibEncoder()
        self.tight = srv.TightEncoder()
        self.zrle = srv.ZrleEncoder()


@st.composite
def geometry(draw: st.DrawFn, width: int, height: int) -> tuple[int, int, int, int]:
    if draw(st.integers(0, 9)) == 0:  # anywhere, often outside
        return tuple(draw(st.integers(0, 300)) for _ in range(4))  # type: ignore[return-value]
    w = draw(st.integers(0, max(width, 1)))
    h = draw(st.integers(0, max(height, 1)))
    x = draw(st.integers(0, max(width - w, 0)))
    y = draw(st.integers(0, max(height - h, 0)))
    return x, y, w, h


@st.composite
def rects(draw: st.DrawFn, enc: Encoders, width: int, height: int) -> bytes:
    x, y, w, h = draw(geometry(width, height))
    colours = draw(st.lists(st.tuples(*[st.integers(0, 255)] * 3), min_size=1, max_size=6))
    pixels = srv.few_colours(w, h, colours) if w * h <= 128 * 128 else []
    kind = draw(
        st.sampled_from(
            ["raw", "zlib", "fill", "tight", "jpeg", "zrle", "cursor", "alpha", "size",
             "extsize", "pointer", "key", "led", "junk"]
        )
    )  # fmt: skip
    if w * h > 128 * 128 and kind not in ("size", "extsize", "pointer", "key", "junk"):
        kind = "junk"
    if kind == "raw":
        return srv.raw_rect(x, y, w, h, pixels)
    if kind == "zlib":
        return enc.zlib.rect(x, y, w, h, pixels)
    if kind == "fill":
        return enc.tight.fill(x, y, w, h, colours[0])
    if kind == "tight":
        tight_filter = draw(st.sampled_from(["copy", "palette", "gradient"]))
        return enc.tight.basic(
            x, y, w, h, pixels,
            filter=tight_filter if pixels else "copy",
            stream=draw(st.integers(0, 3)),
            reset=draw(st.integers(0, 15)),
            explicit=draw(st.booleans()),
        )  # fmt: skip
    if kind == "jpeg":
        if w and h and w * h <= 64 * 64 and draw(st.booleans()):
            image = QImage(w, h, QImage.Format.Format_RGB32)
            image.fill(QColor(*colours[0]))
            return enc.tight.jpeg(x, y, w, h, srv.jpeg_bytes(image))
        return enc.tight.jpeg(x, y, w, h, draw(st.binary(max_size=64)))
    if kind == "zrle":
        mode = draw(st.sampled_from(["raw", "solid", "packed", "rle", "prle"]))
        return enc.zrle.rect(x, y, w, h, pixels, mode)
    if kind in ("cursor", "alpha") and draw(st.integers(0, 5)):
        w, h = min(w, 32), min(h, 32)  # mostly within the cursor limit
        pixels = pixels[: w * h] if len(pixels) >= w * h else srv.few_colours(w, h, colours)
    if kind == "cursor":
        bits = draw(st.binary(min_size=(w * h + 7) // 8, max_size=(w * h + 7) // 8))
        mask = [bool(bits[i // 8] & (0x80 >> (i % 8))) for i in range(w * h)]
        return srv.rich_cursor(x, y, w, h, pixels, mask)
    if kind == "alpha":
        return srv.alpha_cursor(x, y, w, h, [(*c, 128) for c in pixels])
    if kind == "size":
        return srv.desktop_size(w, h)
    if kind == "extsize":
        screens = [(draw(st.integers(0, 9)), 0, 0, w, h, 0)] * draw(st.integers(0, 5))
        return srv.ext_desktop_size(
            w, h, reason=draw(st.integers(0, 3)), status=draw(st.integers(0, 3)), screens=screens
        )
    if kind == "pointer":
        return srv.pointer_type(draw(st.booleans()))
    if kind == "key":
        return srv.qemu_key_ack()
    if kind == "led":
        return srv.led_state(draw(st.integers(0, 255)))
    encoding = draw(st.sampled_from([*ALL_ENCODINGS, 5, 1, -224, -260, 0x574D5669]))
    return srv.header(x, y, w, h, encoding) + draw(st.binary(max_size=40))


@st.composite
def messages(draw: st.DrawFn, enc: Encoders, width: int, height: int) -> bytes:
    kind = draw(st.sampled_from(["update"] * 10 + ["bell", "cut", "clip", "clip", "map", "junk"]))
    if kind == "update":
        body = draw(st.lists(rects(enc, width, height), min_size=1, max_size=4))
        count = len(body) if draw(st.integers(0, 9)) else draw(st.integers(0, 6))
        return srv.update(*body, count=count)
    if kind == "bell":
        return b"\x02"
    if kind == "cut":
        text = draw(st.binary(max_size=60))
        length = len(text) if draw(st.booleans()) else draw(st.integers(-(2**31), 2**31 - 1))
        return struct.pack(">Bxxxi", 3, length) + text
    if kind == "clip":
        flags = draw(st.integers(0, 2**32 - 1)) | draw(st.sampled_from([0, 1 << 24, 1 << 28]))
        if flags & (1 << 28) and draw(st.booleans()):
            text = draw(st.binary(max_size=60))
            payload = zlib.compress(struct.pack(">I", len(text)) + text)
        else:
            payload = draw(st.binary(max_size=40))
        return srv.ext_clipboard(flags, payload)
    if kind == "map":
        count = draw(st.integers(0, 5))
        return struct.pack(">BxHH", 1, 0, count) + bytes(6 * count)
    return draw(st.binary(min_size=1, max_size=20))


@st.composite
def server_streams(draw: st.DrawFn) -> tuple[bytes, bytes]:
    """(the handshake, the messages after it)."""
    handshake, width, height = draw(handshakes())
    enc = Encoders()
    body = draw(st.lists(messages(enc, width, height), min_size=1, max_size=6))
    return handshake, b"".join(body)


@st.composite
def mutated(draw: st.DrawFn) -> bytes:
    """A structured stream with a few bytes changed, mostly after the handshake."""
    handshake, body = draw(server_streams())
    data = bytearray(handshake + body)
    for _ in range(draw(st.integers(1, 4))):
        if not data:
            break
        low = len(handshake) if draw(st.integers(0, 4)) and len(data) > len(handshake) else 0
        i = draw(st.integers(low, len(data) - 1))
        op = draw(st.sampled_from(["flip", "set", "insert", "delete", "dup", "truncate"]))
        if op == "flip":
            data[i] ^= 1 << draw(st.integers(0, 7))
        elif op == "set":
            data[i] = draw(st.sampled_from([0, 1, 0x7F, 0x80, 0xFF]))
        elif op == "insert":
            data[i:i] = draw(st.binary(min_size=1, max_size=8))
        elif op == "delete":
            del data[i : i + draw(st.integers(1, 8))]
        elif op == "dup":
            data[i:i] = data[i : i + draw(st.integers(1, 16))]
        else:
            del data[i:]
    return bytes(data)


cut_lists = st.lists(st.integers(0, 10**6), max_size=12)


# -- the tests ----------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def _qt(qapp: Any) -> None:
    """Decoders paint into QImages: a QGuiApplication must exist."""


# Qt's JPEG reader (libjpeg) warns about the corrupt JPEG data the fuzzer makes.
pytestmark = pytest.mark.qt_log_level_fail("CRITICAL")


@fuzz_settings(900)
@given(stream=server_streams(), cuts=cut_lists)
def test_structured_streams(stream: tuple[bytes, bytes], cuts: list[int]) -> None:
    RUNS["structured"] += 1
    drive(stream[0] + stream[1], cuts)


@fuzz_settings(900)
@given(stream=mutated(), cuts=cut_lists)
def test_mutated_streams(stream: bytes, cuts: list[int]) -> None:
    RUNS["mutated"] += 1
    drive(stream, cuts)


@fuzz_settings(600)
@given(
    prefix=st.sampled_from([b"", b"RFB 003.008\n", srv.handshake_bytes(16, 16)]),
    tail=st.binary(max_size=300),
    cuts=cut_lists,
    local=st.booleans(),
)
def test_random_bytes(prefix: bytes, tail: bytes, cuts: list[int], local: bool) -> None:
    RUNS["random"] += 1
    drive(prefix + tail, cuts, LOCAL_ENCODINGS if local else ALL_ENCODINGS)


@fuzz_settings(300)
@given(
    stream=server_streams(),
    cuts=cut_lists,
    close_after=st.one_of(st.none(), st.integers(0, 12)),
)
def test_streams_in_slices(
    stream: tuple[bytes, bytes], cuts: list[int], close_after: int | None
) -> None:
    RUNS["in slices"] += 1
    drive_in_slices(stream[0] + stream[1], cuts, close_after)
