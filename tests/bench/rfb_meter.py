"""A measuring RFB (VNC) proxy: what a viewer receives, counted on the wire.

    viewer --TCP 127.0.0.1:PORT--> RfbMeter --UNIX socket or TCP--> QEMU's VNC server

Every byte is forwarded unchanged, with blocking `recv`/`sendall` on one thread per
direction: the proxy never holds more than one read (<= 1 MiB) and the viewer's pace
still reaches the server through the sockets (back-pressure), so a slow viewer is
not made to look fast by a buffering proxy.

Both directions are also parsed, just enough to count:

* server -> client: the handshake (RFB 3.3/3.7/3.8, security type None), ServerInit,
  then every message: FramebufferUpdate (0) with its rects, SetColourMapEntries (1),
  Bell (2), ServerCutText (3, also the extended-clipboard form), QEMU's messages (255:
  audio). Rect payloads are sized for Raw (w*h*bpp/8) and the pseudo-encodings QEMU
  sends (DesktopSize, ExtendedDesktopSize, RichCursor, XCursor, AlphaCursor with a Raw
  inner encoding, PointerTypeChange, LED state, QEMU key/audio, WMVi). A rect in any
  other (compressed) encoding cannot be sized without decoding it: the session then
  says so in `parse_error` and from there on counts bytes only.
* client -> server: SetPixelFormat (bpp for Raw sizes), SetEncodings (shown in the
  report), FramebufferUpdateRequest, KeyEvent (timestamped, for key latency), pointer,
  cut text, QEMU and TigerVNC extension messages.

A FramebufferUpdate counts once its last byte has been handed to the viewer's socket.
For key latency a session can `watch` one framebuffer pixel: every Raw rect covering it
records the pixel's value with that update's time.

Standalone, it prints a line a second:

    python -m tests.bench.rfb_meter --upstream unix:/path/to/vnc.sock --listen 127.0.0.1:5999
"""

from __future__ import annotations

import argparse
import contextlib
import socket
import struct
import threading
import time
from collections.abc import Callable, Generator
from dataclasses import dataclass, field

# Server -> client message types.
FRAMEBUFFER_UPDATE, SET_COLOUR_MAP, BELL, SERVER_CUT_TEXT = 0, 1, 2, 3
END_CONTINUOUS_UPDATES, SERVER_FENCE, QEMU_SERVER = 150, 248, 255

RAW = 0
ENCODING_NAMES: dict[int, str] = {
    0: "Raw",
    1: "CopyRect",
    2: "RRE",
    5: "Hextile",
    6: "Zlib",
    7: "Tight",
    16: "ZRLE",
    17: "ZYWRLE",
    -260: "TightPNG",
    -223: "DesktopSize",
    -224: "LastRect",
    -239: "RichCursor",
    -240: "XCursor",
    -257: "PointerTypeChange",
    -258: "QEMUExtendedKeyEvent",
    -259: "QEMUAudio",
    -261: "LEDState",
    -307: "DesktopName",
    -308: "ExtendedDesktopSize",
    -309: "xvp",
    -312: "Fence",
    -313: "ContinuousUpdates",
    -314: "AlphaCursor",
    -1063131698: "ExtendedClipboard",  # 0xC0A1E5CE
    0x574D5669: "WMVi",
}


def encoding_name(number: int) -> str:
    if number in ENCODING_NAMES:
        return ENCODING_NAMES[number]
    if -32 <= number <= -23:
        return f"JPEGQuality{number + 32}"
    if -256 <= number <= -247:
        return f"CompressLevel{number + 256}"
    if -512 <= number <= -412:
        return f"FineQuality{number + 512}"
    if -768 <= number <= -763:
        return f"Subsampling{number + 768}"
    return str(number)


class ParseError(Exception):
    """The stream holds something this parser cannot size."""


@dataclass(frozen=True)
class Skip:
    """Parser request: pass `count` payload bytes; if `probe` (an offset into them) is
    set, hand the `probe_len` bytes found there to the parser's `probed` hook."""

    count: int
    probe: int = -1
    probe_len: int = 0


# A parser is a generator: it yields how many header bytes it needs (an int, and
# receives them) or a Skip (and receives b"" when the payload has passed).
Request = int | Skip
Parser = Generator[Request, bytes, None]


class _Feeder:
    """Drives a parser generator over a byte stream without copying payloads."""

    def __init__(self, parser: Parser, probed: Callable[[bytes], None]) -> None:
        self._parser = parser
        self._probed = probed
        self._want: Request = next(parser)
        self._buf = bytearray()
        self._skipped = 0  # bytes of the current Skip already passed
        self.consumed = 0  # stream offset of the next byte
        self.header_start = 0  # stream offset of the header the parser was last sent
        self.broken: str | None = None

    def feed(self, data: memoryview) -> None:
        if self.broken is not None:
            return
        try:
            self._feed(data)
        except ParseError as exc:
            self.broken = str(exc)
        except StopIteration:
            self.broken = "parser finished"

    def _feed(self, data: memoryview) -> None:
        pos, end = 0, len(data)
        base = self.consumed
        while pos < end:
            self.consumed = base + pos
            want = self._want
            if isinstance(want, Skip):
                take = min(want.count - self._skipped, end - pos)
                if want.probe >= 0:
                    lo = max(want.probe, self._skipped)
                    hi = min(want.probe + want.probe_len, self._skipped + take)
                    if lo < hi:
                        self._buf += data[pos + lo - self._skipped : pos + hi - self._skipped]
                        if len(self._buf) == want.probe_len:
                            self._probed(bytes(self._buf))
                            self._buf.clear()
                self._skipped += take
                pos += take
                if self._skipped == want.count:
                    self._skipped = 0
                    self._buf.clear()
                    self._want = self._parser.send(b"")
            else:
                take = min(want - len(self._buf), end - pos)
                self._buf += data[pos : pos + take]
                pos += take
                if len(self._buf) == want:
                    chunk = bytes(self._buf)
                    self._buf.clear()
                    self.header_start = base + pos - want
                    self.consumed = base + pos
                    self._want = self._parser.send(chunk)
            # Zero-length requests (empty payloads) are satisfied at once.
            while (isinstance(self._want, Skip) and self._want.count == 0) or self._want == 0:
                self._want = self._parser.send(b"")
        self.consumed = base + end


@dataclass
class Snapshot:
    """Counters of a session at one instant (time.monotonic())."""

    time: float
    bytes_down: int  # server -> client, forwarded
    bytes_up: int
    updates: int  # FramebufferUpdate messages forwarded
    pixel_updates: int  # ... that carried at least one non-empty pixel rect
    pixels: int  # pixels in pixel rects


@dataclass
class Probe:
    """One framebuffer pixel to watch. `values` gets (time, pixel) for every update with
    a rect covering it, in the client's pixel format; pixel is None when that rect was
    not Raw (its pixels are not decoded here)."""

    x: int
    y: int
    values: list[tuple[float, int | None]] = field(default_factory=list)


class Session:
    """One viewer connection through the meter.

    Counters are written by the two forwarding threads and read by anyone (`snapshot`).
    With `raw_first`, the client's SetEncodings list is reordered in flight (same length,
    Raw moved to the front) so that the server picks Raw: the only change ever made to
    the stream, and only when asked for.
    """

    def __init__(self, number: int, peer: str, raw_first: bool = False) -> None:
        self.number = number
        self.peer = peer
        self.raw_first = raw_first
        self.started = time.monotonic()
        self.ended: float | None = None
        self.bytes_down = 0
        self.bytes_up = 0
        self.updates = 0
        self.pixel_updates = 0
        self.pixels = 0
        self.version = ""
        self.width = 0
        self.height = 0
        self.bpp = 32
        self.pixel_format = b""  # the client's (SetPixelFormat), else the server's
        self.encodings: list[int] = []  # as the client sent them
        self.rewritten: str | None = None  # what raw_first did
        self.rect_encodings: dict[int, int] = {}  # encoding -> rects seen
        self.update_requests = 0
        self.key_events: list[tuple[float, bool, int]] = []  # (time, down, keysym)
        self.pointer_events = 0
        self.parse_error: str | None = None
        self.probe: Probe | None = None
        self._lock = threading.Lock()
        # Set by the s->c parser, applied once the chunk completing them is forwarded.
        self._pending_updates = 0
        self._pending_pixel_updates = 0
        self._pending_pixels = 0
        self._pending_probe: list[int | None] = []
        self._rewrites: list[tuple[int, bytes]] = []  # (stream offset, new bytes)
        self._down = _Feeder(self._server_parser(), self._probed)
        self._up = _Feeder(self._client_parser(), lambda _b: None)
        self._up_time = 0.0

    # ---- reading -----------------------------------------------------------------------

    def snapshot(self) -> Snapshot:
        with self._lock:
            return Snapshot(
                time.monotonic(),
                self.bytes_down,
                self.bytes_up,
                self.updates,
                self.pixel_updates,
                self.pixels,
            )

    def watch(self, x: int, y: int) -> Probe:
        """Start recording framebuffer pixel (x, y) (see Probe)."""
        with self._lock:
            self.probe = Probe(x, y)
            return self.probe

    @property
    def pixel_encoding(self) -> str:
        pixel = [e for e in self.rect_encodings if e >= 0 or e == -260]
        return "+".join(encoding_name(e) for e in sorted(pixel)) or "-"

    @property
    def alive(self) -> bool:
        return self.ended is None

    def describe(self) -> str:
        offered = ",".join(encoding_name(e) for e in self.encodings)
        return (
            f"session {self.number}: RFB {self.version} {self.width}x{self.height} "
            f"{self.bpp} bpp; client offers [{offered}]"
            + (f" ({self.rewritten})" if self.rewritten else "")
            + f"; rects in {self.pixel_encoding}"
            + (f"; parser: {self.parse_error}" if self.parse_error else "")
        )

    # ---- forwarding hooks ------------------------------------------------------------

    def from_server(self, data: memoryview) -> None:
        """Parse a chunk about to be forwarded to the client."""
        self._down.feed(data)
        if self._down.broken is not None and self.parse_error is None:
            self.parse_error = self._down.broken

    def forwarded_to_client(self, count: int) -> None:
        now = time.monotonic()
        with self._lock:
            self.bytes_down += count
            if self._pending_updates:
                self.updates += self._pending_updates
                self.pixel_updates += self._pending_pixel_updates
                self.pixels += self._pending_pixels
                if self.probe is not None:
                    self.probe.values.extend((now, v) for v in self._pending_probe)
                self._pending_updates = self._pending_pixel_updates = self._pending_pixels = 0
                self._pending_probe.clear()

    def from_client(self, data: memoryview) -> None:
        """Parse (and with raw_first maybe edit) a chunk about to go to the server."""
        self._up_time = time.monotonic()
        base = self._up.consumed
        self._up.feed(data)
        for offset, new in self._rewrites:
            if base <= offset and offset + len(new) <= base + len(data):
                data[offset - base : offset - base + len(new)] = new
            else:
                self.rewritten = "SetEncodings split across reads: not reordered"
        self._rewrites.clear()
        with self._lock:
            self.bytes_up += len(data)

    # ---- server -> client ------------------------------------------------------------

    def _probed(self, raw: bytes) -> None:
        self._pending_probe.append(int.from_bytes(raw, "little"))

    def _covers_probe(self, x: int, y: int, w: int, h: int) -> int:
        """Offset of the probe pixel in a Raw rect at (x, y, w, h), or -1."""
        probe = self.probe
        if probe is None or not (x <= probe.x < x + w and y <= probe.y < y + h):
            return -1
        return ((probe.y - y) * w + (probe.x - x)) * (self.bpp // 8)

    def _server_parser(self) -> Parser:
        version = yield 12
        if not version.startswith(b"RFB "):
            raise ParseError(f"not an RFB server: {version!r}")
        self.version = version[4:11].decode("ascii", "replace")
        minor = int(version[8:11]) if version[8:11].isdigit() else 3
        if minor >= 7:
            (count,) = yield 1
            if count == 0:
                raise ParseError("the server refused the connection")
            yield count
            # The client's choice travels the other way; None (1) is all we follow.
            if minor >= 8:
                (result,) = struct.unpack(">I", (yield 4))
                if result != 0:
                    raise ParseError("security handshake failed")
        else:
            (security,) = struct.unpack(">I", (yield 4))
            if security != 1:
                raise ParseError(f"RFB 3.3 security type {security}: not followed")
        init = yield 24
        self.width, self.height = struct.unpack(">HH", init[:4])
        if not self.pixel_format:
            self.pixel_format = init[4:20]
            self.bpp = init[4]
        (name_len,) = struct.unpack(">I", init[20:24])
        yield Skip(name_len)
        while True:
            (kind,) = yield 1
            if kind == FRAMEBUFFER_UPDATE:
                yield from self._update()
            elif kind == SET_COLOUR_MAP:
                _, _first, count = struct.unpack(">BHH", (yield 5))
                yield Skip(6 * count)
            elif kind in (BELL, END_CONTINUOUS_UPDATES):
                pass
            elif kind == SERVER_CUT_TEXT:
                (length,) = struct.unpack(">3xi", (yield 7))
                yield Skip(abs(length))  # negative: extended clipboard
            elif kind == QEMU_SERVER:
                subtype, operation = struct.unpack(">BH", (yield 3))
                if subtype != 1:
                    raise ParseError(f"unknown QEMU server message {subtype}")
                if operation == 2:  # audio data
                    (length,) = struct.unpack(">I", (yield 4))
                    yield Skip(length)
            elif kind == SERVER_FENCE:
                (length,) = struct.unpack(">3xIB", (yield 8))[1:]
                yield Skip(length)
            else:
                raise ParseError(f"unknown server message type {kind}")

    def _update(self) -> Parser:
        (count,) = struct.unpack(">xH", (yield 3))
        pixel_rect = False
        pixels = 0
        for _ in range(count):
            x, y, w, h, encoding = struct.unpack(">HHHHi", (yield 12))
            self.rect_encodings[encoding] = self.rect_encodings.get(encoding, 0) + 1
            bypp = self.bpp // 8
            if encoding >= 0 or encoding == -260:  # a pixel encoding
                pixel_rect = pixel_rect or w * h > 0
                pixels += w * h
                offset = self._covers_probe(x, y, w, h)
                if encoding == RAW:
                    yield Skip(w * h * bypp, offset, bypp if offset >= 0 else 0)
                else:
                    if offset >= 0:
                        self._pending_probe.append(None)
                    yield from self._compressed(encoding, w, h, bypp)
            elif encoding == -223:  # DesktopSize
                self.width, self.height = w, h
            elif encoding == -308:  # ExtendedDesktopSize
                (screens,) = struct.unpack(">B3x", (yield 4))
                yield Skip(16 * screens)
                if y == 0:  # x: reason, y: status; 0 = success
                    self.width, self.height = w, h
            elif encoding == -239:  # RichCursor: pixels then a 1-bit mask
                yield Skip(w * h * bypp + ((w + 7) // 8) * h)
            elif encoding == -240:  # XCursor: two RGB colours, bitmap and mask
                if w * h:
                    yield Skip(6 + 2 * ((w + 7) // 8) * h)
            elif encoding == -314:  # AlphaCursor: an inner encoding, then RGBA
                (inner,) = struct.unpack(">i", (yield 4))
                if inner != RAW:
                    raise ParseError(f"AlphaCursor in {encoding_name(inner)}: not followed")
                yield Skip(w * h * 4)
            elif encoding == -261:  # LED state
                yield 1
            elif encoding == -224:  # LastRect
                break
            elif encoding in (-257, -258, -259, -312, -313):  # no payload
                pass
            elif encoding == 0x574D5669:  # WMVi: the server switched pixel format
                self.pixel_format = yield 16
                self.bpp = self.pixel_format[0]
            elif encoding == -307:  # DesktopName
                (length,) = struct.unpack(">I", (yield 4))
                yield Skip(length)
            else:
                raise ParseError(f"rect in {encoding_name(encoding)}: counting bytes only")
        with self._lock:
            self._pending_updates += 1
            self._pending_pixels += pixels
            if pixel_rect:
                self._pending_pixel_updates += 1

    def _tpixel(self, bypp: int) -> int:
        """Tight's pixel size: 3 bytes for 32 bpp, depth 24, 8 bits a channel."""
        fmt = self.pixel_format
        if len(fmt) == 16 and fmt[0] == 32 and fmt[1] == 24 and fmt[3]:
            rmax, gmax, bmax = struct.unpack(">HHH", fmt[4:10])
            if rmax == gmax == bmax == 255:
                return 3
        return bypp

    def _compressed(self, encoding: int, w: int, h: int, bypp: int) -> Parser:
        """Size a rect in a compressed encoding without decoding its pixels."""
        if encoding in (6, 16, 17):  # Zlib, ZRLE, ZYWRLE: a length, then zlib data
            (length,) = struct.unpack(">I", (yield 4))
            yield Skip(length)
        elif encoding in (7, -260):  # Tight, TightPNG
            yield from self._tight(w, h, self._tpixel(bypp))
        elif encoding == 5:  # Hextile: 16x16 tiles, each with a subencoding byte
            for ty in range(0, h, 16):
                for tx in range(0, w, 16):
                    tw, th = min(16, w - tx), min(16, h - ty)
                    (sub,) = yield 1
                    if sub & 1:  # raw tile
                        yield Skip(tw * th * bypp)
                        continue
                    size = (bypp if sub & 2 else 0) + (bypp if sub & 4 else 0)
                    if size:
                        yield Skip(size)
                    if sub & 8:
                        (subrects,) = yield 1
                        yield Skip(subrects * ((bypp if sub & 16 else 0) + 2))
        elif encoding == 2:  # RRE
            (subrects,) = struct.unpack(">I", (yield 4))
            yield Skip(bypp + subrects * (bypp + 8))
        elif encoding == 1:  # CopyRect
            yield 4
        else:
            raise ParseError(f"rect in {encoding_name(encoding)}: counting bytes only")

    def _tight(self, w: int, h: int, tpixel: int) -> Parser:
        (control,) = yield 1
        kind = control >> 4
        if kind == 8:  # fill: one pixel
            yield tpixel
            return
        if kind in (9, 10):  # JPEG, PNG: a compact length, then the data
            yield Skip((yield from self._compact_length()))
            return
        if kind > 10:
            raise ParseError(f"Tight compression control {control:#x}: not followed")
        filter_id = 0
        if control & 0x40:
            (filter_id,) = yield 1
        if filter_id == 1:  # palette
            (colours,) = yield 1
            colours += 1
            yield Skip(colours * tpixel)
            size = ((w + 7) // 8) * h if colours == 2 else w * h
        elif filter_id in (0, 2):  # copy, gradient
            size = w * h * tpixel
        else:
            raise ParseError(f"Tight filter {filter_id}: not followed")
        if size < 12:  # sent uncompressed
            yield Skip(size)
        else:
            yield Skip((yield from self._compact_length()))

    @staticmethod
    def _compact_length() -> Generator[Request, bytes, int]:
        (byte,) = yield 1
        length = byte & 0x7F
        if byte & 0x80:
            (byte,) = yield 1
            length |= (byte & 0x7F) << 7
            if byte & 0x80:
                (byte,) = yield 1
                length |= byte << 14
        return length

    # ---- client -> server ------------------------------------------------------------

    def _client_parser(self) -> Parser:
        version = yield 12
        minor = int(version[8:11]) if version[8:11].isdigit() else 3
        if minor >= 7:
            yield 1  # the chosen security type
        yield 1  # ClientInit: the shared flag
        while True:
            (kind,) = yield 1
            if kind == 0:  # SetPixelFormat
                fmt = (yield 19)[3:]
                self.pixel_format = fmt
                self.bpp = fmt[0]
            elif kind == 2:  # SetEncodings
                (count,) = struct.unpack(">xH", (yield 3))
                data = yield 4 * count
                self.encodings = list(struct.unpack(f">{count}i", data))
                if self.raw_first:
                    self._raw_first(self._up.header_start, self.encodings)
            elif kind == 3:  # FramebufferUpdateRequest
                yield 9
                self.update_requests += 1
            elif kind == 4:  # KeyEvent
                down, keysym = struct.unpack(">B2xI", (yield 7))
                self.key_events.append((self._up_time, bool(down), keysym))
            elif kind == 5:  # PointerEvent
                yield 5
                self.pointer_events += 1
            elif kind == 6:  # ClientCutText
                (length,) = struct.unpack(">3xi", (yield 7))
                yield Skip(abs(length))
            elif kind == 150:  # EnableContinuousUpdates
                yield 9
            elif kind == 248:  # ClientFence
                (length,) = struct.unpack(">3xIB", (yield 8))[1:]
                yield Skip(length)
            elif kind == 251:  # SetDesktopSize
                (screens,) = struct.unpack(">5xB", (yield 6))
                yield Skip(1 + 16 * screens)
            elif kind == 255:  # QEMU client message
                (subtype,) = yield 1
                if subtype == 0:  # extended key event (with scancode)
                    down, keysym, _code = struct.unpack(">HII", (yield 10))
                    self.key_events.append((self._up_time, bool(down), keysym))
                elif subtype == 1:  # audio
                    (operation,) = struct.unpack(">H", (yield 2))
                    if operation == 2:  # set format
                        yield 6
                else:
                    raise ParseError(f"unknown QEMU client message {subtype}")
            else:
                raise ParseError(f"unknown client message type {kind}")

    def _raw_first(self, offset: int, encodings: list[int]) -> None:
        if RAW not in encodings:
            self.rewritten = "no Raw offered: not reordered"
            return
        order = [RAW, *(e for e in encodings if e != RAW)]
        self._rewrites.append((offset, struct.pack(f">{len(order)}i", *order)))
        self.rewritten = "reordered by the meter: Raw first"


Address = tuple[str, int] | str  # (host, port) or a UNIX socket path


def parse_address(text: str) -> Address:
    if text.startswith("unix:"):
        return text[5:]
    host, _, port = text.rpartition(":")
    return (host or "127.0.0.1", int(port))


def _connect(address: Address) -> socket.socket:
    if isinstance(address, str):
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.connect(address)
        return sock
    return socket.create_connection(address)


class RfbMeter:
    """Accepts viewers on 127.0.0.1:`port` (0: any free port) and relays each to
    `upstream`; one Session per connection, newest last in `sessions`."""

    def __init__(self, upstream: Address, host: str = "127.0.0.1", port: int = 0) -> None:
        self.upstream = upstream
        self.raw_first = False  # for sessions accepted from now on (see Session)
        self._listener = socket.create_server((host, port))
        self.port: int = self._listener.getsockname()[1]
        self.sessions: list[Session] = []
        self._socks: list[socket.socket] = []
        self._threads: list[threading.Thread] = []
        self._closing = False
        self._changed = threading.Condition()
        accept = threading.Thread(target=self._accept, name="rfb-meter-accept", daemon=True)
        accept.start()

    def _accept(self) -> None:
        while not self._closing:
            try:
                client, peer = self._listener.accept()
            except OSError:
                return
            try:
                server = _connect(self.upstream)
            except OSError:
                client.close()
                continue
            for sock in (client, server):
                if sock.family != socket.AF_UNIX:
                    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            session = Session(len(self.sessions) + 1, f"{peer[0]}:{peer[1]}", self.raw_first)
            with self._changed:
                self.sessions.append(session)
                self._socks += [client, server]
                self._changed.notify_all()
            for name, args in (
                ("down", (server, client, session, True)),
                ("up", (client, server, session, False)),
            ):
                thread = threading.Thread(
                    target=self._pump, args=args, name=f"rfb-meter-{name}", daemon=True
                )
                self._threads.append(thread)
                thread.start()

    def _pump(self, src: socket.socket, dst: socket.socket, session: Session, down: bool) -> None:
        buffer = bytearray(1 << 20)
        view = memoryview(buffer)
        try:
            while True:
                count = src.recv_into(buffer)
                if not count:
                    break
                chunk = view[:count]
                if down:
                    session.from_server(chunk)
                    dst.sendall(chunk)
                    session.forwarded_to_client(count)
                else:
                    session.from_client(chunk)
                    dst.sendall(chunk)
        except OSError:
            pass
        finally:
            for sock in (src, dst):
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
            with self._changed:
                if session.ended is None:
                    session.ended = time.monotonic()
                self._changed.notify_all()

    def wait_session(self, count: int, timeout: float) -> Session:
        """Wait until the `count`-th session exists and has received its first update."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while len(self.sessions) < count:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError(f"no VNC connection within {timeout:.0f} s")
                self._changed.wait(min(left, 0.1))
        session = self.sessions[count - 1]
        while session.updates == 0:
            if not session.alive:
                raise RuntimeError(f"the viewer disconnected: {session.describe()}")
            if time.monotonic() > deadline:
                raise TimeoutError(f"no FramebufferUpdate within {timeout:.0f} s")
            time.sleep(0.02)
        return session

    def close(self) -> None:
        self._closing = True
        with contextlib.suppress(OSError):
            self._listener.close()
        for sock in self._socks:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()
        for thread in self._threads:
            thread.join(2)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--upstream", required=True, help="unix:/path or host:port")
    parser.add_argument("--listen", default="127.0.0.1:0", help="host:port (default any port)")
    parser.add_argument("--raw-first", action="store_true", help="reorder SetEncodings: Raw first")
    args = parser.parse_args()
    listen = parse_address(args.listen)
    if isinstance(listen, str):
        parser.error("--listen takes host:port")
    host, port = listen
    meter = RfbMeter(parse_address(args.upstream), host, port)
    meter.raw_first = args.raw_first
    print(f"listening on {host}:{meter.port}", flush=True)
    last: dict[int, Snapshot] = {}
    try:
        while True:
            time.sleep(1)
            for session in meter.sessions:
                if not session.alive and session.number not in last:
                    continue
                snap = session.snapshot()
                prev = last.get(session.number, Snapshot(session.started, 0, 0, 0, 0, 0))
                dt = snap.time - prev.time
                print(
                    f"#{session.number} {(snap.pixel_updates - prev.pixel_updates) / dt:5.1f} "
                    f"updates/s {(snap.bytes_down - prev.bytes_down) / dt / 1e6:6.1f} MB/s  "
                    + session.describe(),
                    flush=True,
                )
                last[session.number] = snap
                if not session.alive:
                    del last[session.number]
    except KeyboardInterrupt:
        pass
    finally:
        meter.close()


if __name__ == "__main__":
    main()
