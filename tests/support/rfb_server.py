"""A scripted RFB server for tests, and a listener that records what the client reports.

The server runs on the test's asyncio loop, on one end of a socketpair (or any
connected stream socket): the test drives it step by step — handshake, then
updates built with the encoders below, clipboard messages, or arbitrary bytes —
and reads back what the client sent. The encoders are written from the protocol
description, independently of the client's decoders.

    server, client_sock = RfbServer.pair(width=64, height=48)
    client, hello = await asyncio.gather(connect_rfb(client_sock, listener), server.handshake())
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
import struct
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QBuffer, QByteArray, QIODevice
from PySide6.QtGui import QImage

RGB = tuple[int, int, int]

# RFB numbers, spelled out here rather than imported: the server is the client's
# independent counterpart.
RAW, ZLIB, TIGHT, ZRLE = 0, 6, 7, 16
DESKTOP_SIZE, RICH_CURSOR, POINTER_TYPE, QEMU_KEY, LED_STATE = -223, -239, -257, -258, -261
EXT_DESKTOP_SIZE, ALPHA_CURSOR = -308, -314
EXT_CLIPBOARD = -1063131698  # 0xC0A1E5CE as S32
CLIP_TEXT, CLIP_CAPS, CLIP_REQUEST, CLIP_PEEK, CLIP_NOTIFY, CLIP_PROVIDE = (
    1,
    1 << 24,
    1 << 25,
    1 << 26,
    1 << 27,
    1 << 28,
)

# QEMU's native pixel format: 32 bpp, depth 24, little-endian, true colour, red shift 16.
NATIVE_FORMAT = struct.pack(">BBBBHHHBBBxxx", 32, 24, 0, 1, 255, 255, 255, 16, 8, 0)
# A 16-bit format, for a server the client must send SetPixelFormat to.
RGB565_FORMAT = struct.pack(">BBBBHHHBBBxxx", 16, 16, 0, 1, 31, 63, 31, 11, 5, 0)

# VNC Authentication: the challenge this server sends and, per password, the
# response, computed with OpenSSL's DES (`openssl enc -des-ecb -nopad` with the
# bit-reversed password as the key), not with hvdesk's DES.
CHALLENGE = bytes(range(16))
KNOWN_RESPONSES = {
    "secret": bytes.fromhex("ee22539f33a5983ec12f9c2edbc995dd"),
    "password123": bytes.fromhex("b866924125c8eebb9debc1db61c538e2"),
}


# -- pixels -----------------------------------------------------------------------


def bgrx(pixels: Sequence[RGB], x_byte: int = 0) -> bytes:
    """Pixels in QEMU's native format; the padding byte is 0 like QEMU's."""
    return b"".join(bytes((b, g, r, x_byte)) for r, g, b in pixels)


def picture(w: int, h: int, seed: int = 0) -> list[RGB]:
    """A deterministic w×h picture with many colours."""
    return [
        ((x * 37 + y * 11 + seed) & 0xFF, (x * 5 + y * 29 + 3 * seed) & 0xFF, (x ^ y ^ seed) & 0xFF)
        for y in range(h)
        for x in range(w)
    ]


def few_colours(w: int, h: int, colours: Sequence[RGB]) -> list[RGB]:
    """A w×h picture using only the given colours (stripes and blocks)."""
    n = len(colours)
    return [colours[((x // 3) + (y // 2) * 7) % n] for y in range(h) for x in range(w)]


def header(x: int, y: int, w: int, h: int, encoding: int) -> bytes:
    return struct.pack(">HHHHi", x, y, w, h, encoding)


def update(*rects: bytes, count: int | None = None) -> bytes:
    """A FramebufferUpdate message holding the given encoded rectangles."""
    return struct.pack(">BxH", 0, len(rects) if count is None else count) + b"".join(rects)


# -- encodings -----------------------------------------------------------------------


def raw_rect(x: int, y: int, w: int, h: int, pixels: Sequence[RGB]) -> bytes:
    return header(x, y, w, h, RAW) + bgrx(pixels)


class ZlibEncoder:
    """Zlib encoding: one deflate stream for the connection, flushed per rectangle."""

    def __init__(self) -> None:
        self.stream = zlib.compressobj()

    def rect(self, x: int, y: int, w: int, h: int, pixels: Sequence[RGB]) -> bytes:
        data = self.stream.compress(bgrx(pixels)) + self.stream.flush(zlib.Z_SYNC_FLUSH)
        return header(x, y, w, h, ZLIB) + struct.pack(">I", len(data)) + data


def compact_length(n: int) -> bytes:
    out = bytearray([n & 0x7F])
    if n > 0x7F:
        out[0] |= 0x80
        out.append((n >> 7) & 0x7F)
        if n > 0x3FFF:
            out[1] |= 0x80
            out.append((n >> 14) & 0xFF)
    return bytes(out)


def tpixels(pixels: Sequence[RGB]) -> bytes:
    return b"".join(bytes(p) for p in pixels)


class TightEncoder:
    """Tight encoding with its four zlib streams."""

    def __init__(self) -> None:
        self.streams = [zlib.compressobj() for _ in range(4)]

    def fill(self, x: int, y: int, w: int, h: int, colour: RGB) -> bytes:
        return header(x, y, w, h, TIGHT) + bytes([0x80]) + bytes(colour)

    def jpeg(self, x: int, y: int, w: int, h: int, data: bytes) -> bytes:
        return header(x, y, w, h, TIGHT) + bytes([0x90]) + compact_length(len(data)) + data

    def basic(
        self,
        x: int,
        y: int,
        w: int,
        h: int,
        pixels: Sequence[RGB],
        *,
        filter: str = "copy",
        stream: int = 0,
        reset: int = 0,
        explicit: bool = True,
    ) -> bytes:
        for i in range(4):
            if reset & (1 << i):
                self.streams[i] = zlib.compressobj()
        control = reset | (stream << 4)
        body = b""
        if filter == "copy":
            if explicit:
                control |= 0x40
                body += bytes([0])
            data = tpixels(pixels)
        elif filter == "palette":
            control |= 0x40
            palette = list(dict.fromkeys(pixels))
            assert 1 <= len(palette) <= 256
            body += bytes([1, len(palette) - 1]) + tpixels(palette)
            index = {c: i for i, c in enumerate(palette)}
            if len(palette) == 2:
                data = pack_bits([index[p] for p in pixels], w, h, 1)
            else:
                data = bytes(index[p] for p in pixels)
        elif filter == "gradient":
            control |= 0x40
            body += bytes([2])
            data = gradient(pixels, w, h)
        else:
            raise ValueError(filter)
        out = header(x, y, w, h, TIGHT) + bytes([control]) + body
        if len(data) < 12:
            return out + data
        z = self.streams[stream]
        compressed = z.compress(data) + z.flush(zlib.Z_SYNC_FLUSH)
        return out + compact_length(len(compressed)) + compressed


def gradient(pixels: Sequence[RGB], w: int, h: int) -> bytes:
    """Tight's gradient filter: each channel minus clamp(left + up - up-left)."""
    out = bytearray()
    for y in range(h):
        for x in range(w):
            for c in range(3):
                left = pixels[y * w + x - 1][c] if x else 0
                up = pixels[(y - 1) * w + x][c] if y else 0
                upleft = pixels[(y - 1) * w + x - 1][c] if x and y else 0
                predicted = min(max(left + up - upleft, 0), 255)
                out.append((pixels[y * w + x][c] - predicted) & 0xFF)
    return bytes(out)


def pack_bits(values: Sequence[int], w: int, h: int, bits: int) -> bytes:
    """Rows of bit fields, most significant first, each row padded to whole bytes."""
    out = bytearray()
    for y in range(h):
        acc, n = 0, 0
        for x in range(w):
            acc = (acc << bits) | values[y * w + x]
            n += bits
            if n == 8:
                out.append(acc)
                acc, n = 0, 0
        if n:
            out.append(acc << (8 - n))
    return bytes(out)


def run_length(n: int) -> bytes:
    n -= 1
    return b"\xff" * (n // 255) + bytes([n % 255])


class ZrleEncoder:
    """ZRLE: one deflate stream; tiles in the given subencoding where the tile allows
    it ("raw", "solid", "packed", "rle", "prle"), raw otherwise."""

    def __init__(self) -> None:
        self.stream = zlib.compressobj()

    def rect(
        self, x: int, y: int, w: int, h: int, pixels: Sequence[RGB], mode: str = "raw"
    ) -> bytes:
        data = bytearray()
        for ty in range(0, h, 64):
            for tx in range(0, w, 64):
                tw, th = min(64, w - tx), min(64, h - ty)
                tile = [pixels[(ty + j) * w + tx + i] for j in range(th) for i in range(tw)]
                data += self.tile(tile, tw, th, mode)
        return self.rect_from_tiles(x, y, w, h, bytes(data))

    def rect_from_tiles(self, x: int, y: int, w: int, h: int, tiles: bytes) -> bytes:
        z = self.stream.compress(tiles) + self.stream.flush(zlib.Z_SYNC_FLUSH)
        return header(x, y, w, h, ZRLE) + struct.pack(">I", len(z)) + z

    @staticmethod
    def cpixel(p: RGB) -> bytes:
        r, g, b = p
        return bytes((b, g, r))

    def tile(self, tile: Sequence[RGB], w: int, h: int, mode: str) -> bytes:
        palette = list(dict.fromkeys(tile))
        cp = self.cpixel
        if mode == "solid" and len(palette) == 1:
            return b"\x01" + cp(palette[0])
        if mode == "packed" and 2 <= len(palette) <= 16:
            bits = 1 if len(palette) == 2 else 2 if len(palette) <= 4 else 4
            index = {c: i for i, c in enumerate(palette)}
            return (
                bytes([len(palette)])
                + b"".join(cp(c) for c in palette)
                + pack_bits([index[p] for p in tile], w, h, bits)
            )
        if mode == "rle":
            out = bytearray(b"\x80")
            for colour, n in runs(tile):
                out += cp(colour) + run_length(n)
            return bytes(out)
        if mode == "prle" and 2 <= len(palette) <= 127:
            index = {c: i for i, c in enumerate(palette)}
            out = bytearray([128 + len(palette)]) + b"".join(cp(c) for c in palette)
            for colour, n in runs(tile):
                if n == 1:
                    out.append(index[colour])
                else:
                    out += bytes([index[colour] | 0x80]) + run_length(n)
            return bytes(out)
        return b"\x00" + b"".join(cp(p) for p in tile)


def runs(pixels: Sequence[RGB]) -> list[tuple[RGB, int]]:
    out: list[tuple[RGB, int]] = []
    for p in pixels:
        if out and out[-1][0] == p:
            out[-1] = (p, out[-1][1] + 1)
        else:
            out.append((p, 1))
    return out


def rich_cursor(
    hot_x: int, hot_y: int, w: int, h: int, pixels: Sequence[RGB], mask: Sequence[bool]
) -> bytes:
    return (
        header(hot_x, hot_y, w, h, RICH_CURSOR)
        + bgrx(pixels)
        + pack_bits([int(m) for m in mask], w, h, 1)
    )


def alpha_cursor(hot_x: int, hot_y: int, w: int, h: int, rgba: Sequence[tuple[int, ...]]) -> bytes:
    """rgba: straight (not premultiplied) colours; sent premultiplied, B G R A."""
    data = bytearray()
    for r, g, b, a in rgba:
        data += bytes(((b * a + 127) // 255, (g * a + 127) // 255, (r * a + 127) // 255, a))
    return header(hot_x, hot_y, w, h, ALPHA_CURSOR) + struct.pack(">i", RAW) + bytes(data)


def desktop_size(w: int, h: int) -> bytes:
    return header(0, 0, w, h, DESKTOP_SIZE)


def ext_desktop_size(
    w: int,
    h: int,
    *,
    reason: int = 0,
    status: int = 0,
    screens: Sequence[tuple[int, int, int, int, int, int]] | None = None,
) -> bytes:
    screens = [(0, 0, 0, w, h, 0)] if screens is None else screens
    return (
        header(reason, status, w, h, EXT_DESKTOP_SIZE)
        + struct.pack(">Bxxx", len(screens))
        + b"".join(struct.pack(">IHHHHI", *s) for s in screens)
    )


def pointer_type(absolute: bool, w: int = 640, h: int = 480) -> bytes:
    return header(int(absolute), 0, w, h, POINTER_TYPE)


def qemu_key_ack(w: int = 640, h: int = 480) -> bytes:
    return header(0, 0, w, h, QEMU_KEY)


def led_state(state: int) -> bytes:
    return header(0, 0, 1, 1, LED_STATE) + bytes([state])


def server_cut_text(text: str) -> bytes:
    data = text.encode("latin-1")
    return struct.pack(">Bxxxi", 3, len(data)) + data


def ext_clipboard(flags: int, payload: bytes = b"") -> bytes:
    return struct.pack(">Bxxxi", 3, -(4 + len(payload))) + struct.pack(">I", flags) + payload


def ext_provide_text(text: str) -> bytes:
    data = text.replace("\n", "\r\n").encode("utf-8") + b"\0"
    return ext_clipboard(
        CLIP_PROVIDE | CLIP_TEXT, zlib.compress(struct.pack(">I", len(data)) + data)
    )


def jpeg_bytes(image: QImage, quality: int = 90) -> bytes:
    array = QByteArray()
    buffer = QBuffer(array)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    assert image.save(buffer, "JPEG", quality)  # type: ignore[call-overload]
    buffer.close()
    return bytes(array.data())


# -- what the client sends -------------------------------------------------------------


@dataclass
class Hello:
    """What the client said during the handshake."""

    version: bytes = b""
    security: int | None = None
    response: bytes = b""
    shared: int | None = None


@dataclass
class Msg:
    kind: str
    fields: tuple[Any, ...] = ()
    data: bytes = b""


@dataclass
class Security:
    """What the server offers. version 3.3 uses `types[0]` as the dictated type."""

    types: Sequence[int] = (1,)
    password: str | None = None  # for type 2
    refuse: str | None = None  # refuse the connection with this reason
    fail_auth: str | None = None  # fail the security result with this reason
    result_for_none: bool = True  # 3.8 sends a SecurityResult after None


@dataclass
class RfbServer:
    reader: asyncio.StreamReader
    writer: asyncio.StreamWriter
    width: int = 64
    height: int = 48
    name: str = "test desktop"
    version: bytes = b"RFB 003.008\n"
    security: Security = field(default_factory=Security)
    pixel_format: bytes = NATIVE_FORMAT
    zlib: ZlibEncoder = field(default_factory=ZlibEncoder)
    tight: TightEncoder = field(default_factory=TightEncoder)
    zrle: ZrleEncoder = field(default_factory=ZrleEncoder)

    @classmethod
    async def on(cls, sock: socket.socket, **kwargs: Any) -> RfbServer:
        reader, writer = await asyncio.open_connection(sock=sock)
        return cls(reader, writer, **kwargs)

    # -- sending -----------------------------------------------------------------------

    async def send(self, data: bytes) -> None:
        self.writer.write(data)
        await self.writer.drain()

    async def update(self, *rects: bytes) -> None:
        await self.send(update(*rects))

    def close(self) -> None:
        self.writer.close()

    # -- the handshake -----------------------------------------------------------------

    async def handshake(self) -> Hello:
        """Play the server's side; stops quietly where the client hangs up."""
        hello = Hello()
        with contextlib.suppress(ConnectionError, asyncio.IncompleteReadError):
            await self._handshake(hello)
        return hello

    async def _handshake(self, hello: Hello) -> None:
        sec = self.security
        await self.send(self.version)
        hello.version = await self.reader.readexactly(12)
        minor = int(hello.version[8:11])
        if minor == 3:
            if sec.refuse is not None:
                await self.send(struct.pack(">I", 0) + self._string(sec.refuse))
                return
            hello.security = sec.types[0]
            await self.send(struct.pack(">I", sec.types[0]))
        else:
            if sec.refuse is not None:
                await self.send(b"\0" + self._string(sec.refuse))
                return
            await self.send(bytes([len(sec.types), *sec.types]))
            hello.security = (await self.reader.readexactly(1))[0]
        if hello.security == 2:
            await self.send(CHALLENGE)
            hello.response = await self.reader.readexactly(16)
            ok = sec.fail_auth is None and hello.response == KNOWN_RESPONSES.get(
                sec.password or "", b"?"
            )
            if not ok:
                await self.send(struct.pack(">I", 1))
                if minor >= 8:
                    await self.send(self._string(sec.fail_auth or "Authentication failed"))
                return
            await self.send(struct.pack(">I", 0))
        elif hello.security == 1 and minor >= 8 and sec.result_for_none:
            if sec.fail_auth is not None:
                await self.send(struct.pack(">I", 1) + self._string(sec.fail_auth))
                return
            await self.send(struct.pack(">I", 0))
        elif hello.security not in (1, 2):
            return
        hello.shared = (await self.reader.readexactly(1))[0]
        name = self.name.encode()
        await self.send(
            struct.pack(">HH", self.width, self.height)
            + self.pixel_format
            + struct.pack(">I", len(name))
            + name
        )
        return

    @staticmethod
    def _string(text: str) -> bytes:
        data = text.encode()
        return struct.pack(">I", len(data)) + data

    # -- reading what the client sends ---------------------------------------------------

    async def message(self) -> Msg:
        r = self.reader
        kind = (await r.readexactly(1))[0]
        if kind == 0:
            return Msg("set_pixel_format", (), (await r.readexactly(19))[3:])
        if kind == 2:
            (count,) = struct.unpack(">xH", await r.readexactly(3))
            data = await r.readexactly(4 * count)
            return Msg("set_encodings", struct.unpack(f">{count}i", data))
        if kind == 3:
            return Msg("update_request", struct.unpack(">BHHHH", await r.readexactly(9)))
        if kind == 4:
            return Msg("key", struct.unpack(">BxxI", await r.readexactly(7)))
        if kind == 5:
            return Msg("pointer", struct.unpack(">BHH", await r.readexactly(5)))
        if kind == 6:
            (length,) = struct.unpack(">xxxi", await r.readexactly(7))
            if length >= 0:
                return Msg("cut_text", (), await r.readexactly(length))
            payload = await r.readexactly(-length)
            (flags,) = struct.unpack(">I", payload[:4])
            return Msg("ext_clipboard", (flags,), payload[4:])
        if kind == 251:
            w, h, n = struct.unpack(">xHHBx", await r.readexactly(7))
            screens = [struct.unpack(">IHHHHI", await r.readexactly(16)) for _ in range(n)]
            return Msg("set_desktop_size", (w, h, screens))
        if kind == 255:
            _sub, down, keysym, keycode = struct.unpack(">BHII", await r.readexactly(11))
            return Msg("qemu_key", (down, keysym, keycode))
        raise AssertionError(f"unknown client message type {kind}")

    async def message_of(self, kind: str, timeout: float = 5.0) -> Msg:
        """The next message of this kind, skipping others (update requests...)."""
        while True:
            msg = await asyncio.wait_for(self.message(), timeout)
            if msg.kind == kind:
                return msg

    async def setup(self) -> tuple[Msg | None, Msg, Msg]:
        """What a client sends after ServerInit: (SetPixelFormat or None, SetEncodings,
        the first FramebufferUpdateRequest)."""
        first = await self.message()
        pixel_format = None
        if first.kind == "set_pixel_format":
            pixel_format, first = first, await self.message()
        assert first.kind == "set_encodings", first
        request = await self.message()
        assert request.kind == "update_request", request
        return pixel_format, first, request


def server_pair() -> tuple[socket.socket, socket.socket]:
    """(server end, client end): the client end is non-blocking, as open_console's."""
    a, b = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
    b.setblocking(False)
    return a, b


# -- the listener ------------------------------------------------------------------------


class RecordingListener:
    """A ConsoleListener that records every call as (name, args)."""

    def __init__(self) -> None:
        self.events: list[tuple[str, tuple[Any, ...]]] = []
        self._seen: dict[str, int] = {}

    def _add(self, name: str, *args: Any) -> None:
        self.events.append((name, args))

    def connected(self, name: str, width: int, height: int) -> None:
        self._add("connected", name, width, height)

    def framebuffer_resized(self, width: int, height: int) -> None:
        self._add("framebuffer_resized", width, height)

    def framebuffer_updated(self, x: int, y: int, width: int, height: int) -> None:
        self._add("framebuffer_updated", x, y, width, height)

    def cursor_changed(self, image: QImage | None, hot_x: int, hot_y: int) -> None:
        self._add("cursor_changed", image, hot_x, hot_y)

    def pointer_mode_changed(self, absolute: bool) -> None:
        self._add("pointer_mode_changed", absolute)

    def leds_changed(self, scroll_lock: bool, num_lock: bool, caps_lock: bool) -> None:
        self._add("leds_changed", scroll_lock, num_lock, caps_lock)

    def clipboard_received(self, text: str) -> None:
        self._add("clipboard_received", text)

    def bell(self) -> None:
        self._add("bell")

    def closed(self, error: str | None) -> None:
        self._add("closed", error)

    def of(self, name: str) -> list[tuple[Any, ...]]:
        return [args for n, args in self.events if n == name]

    async def next(self, name: str, timeout: float = 5.0) -> tuple[Any, ...]:
        """The arguments of the next call of `name` not returned before."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            calls = self.of(name)
            seen = self._seen.get(name, 0)
            if len(calls) > seen:
                self._seen[name] = seen + 1
                return calls[seen]
            if loop.time() > deadline:
                raise TimeoutError(f"no {name} call within {timeout} s; events: {self.events}")
            await asyncio.sleep(0.002)


# -- driving the client without a socket ----------------------------------------------


class FakeTransport(asyncio.Transport):
    """What RfbClient writes goes to `sent`; close() only records it (the test
    decides when connection_lost follows), and so do pause_reading() and
    resume_reading() (the test feeds no bytes while `paused`)."""

    def __init__(self) -> None:
        super().__init__()
        self.sent = bytearray()
        self.closing = False
        self.paused = False

    def pause_reading(self) -> None:
        self.paused = True

    def resume_reading(self) -> None:
        self.paused = False

    def is_reading(self) -> bool:
        return not self.paused

    def write(self, data: bytes | bytearray | memoryview) -> None:
        self.sent += data

    def is_closing(self) -> bool:
        return self.closing

    def close(self) -> None:
        self.closing = True

    def abort(self) -> None:
        self.closing = True


def server_init(
    width: int, height: int, name: bytes = b"fake", pixel_format: bytes = NATIVE_FORMAT
) -> bytes:
    return struct.pack(">HH", width, height) + pixel_format + struct.pack(">I", len(name)) + name


def handshake_bytes(width: int, height: int, name: bytes = b"fake") -> bytes:
    """A 3.8 server's side of a handshake with security None, in one piece."""
    return b"RFB 003.008\n" + b"\x01\x01" + struct.pack(">I", 0) + server_init(width, height, name)


def striped_update(width: int, height: int, seed: int) -> bytes:
    """A whole-screen Raw FramebufferUpdate: one pseudo-random row repeated."""
    return update(raw_rect(0, 0, width, height, picture(width, 1, seed) * height))


def feed_in_pieces(protocol: asyncio.BufferedProtocol, data: bytes, piece: int) -> None:
    """Hand data to a BufferedProtocol as a transport would, at most `piece` bytes at a
    time (what one recv_into gives)."""
    view = memoryview(data)
    while view:
        buf = memoryview(protocol.get_buffer(-1))
        n = min(buf.nbytes, len(view), piece)
        buf[:n] = view[:n]
        view = view[n:]
        protocol.buffer_updated(n)
