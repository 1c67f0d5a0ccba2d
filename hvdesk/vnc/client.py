"""The RFB client: an explicit state machine on an asyncio.BufferedProtocol.

    client = await connect_rfb(sock, listener, password=..., encodings=LOCAL_ENCODINGS)

`connect_rfb` returns once ServerInit has arrived (after `listener.connected()`),
or raises an `RfbError` saying in a sentence why the handshake failed; the
listener hears nothing of a failed handshake. From then on every event reaches
the listener on the loop's thread, in stream order (data that arrived with
ServerInit is decoded at once, so other calls may come before connect_rfb
returns), and the connection ends with exactly one `listener.closed(error)`:
None when either side closed it cleanly (`close()`, or the server hanging up
between messages), else a sentence (a malformed or oversized stream, a server
closing mid-message, a socket error).
Nothing the server sends raises out of the protocol into the event loop.

Protocol: RFB 3.8, 3.7 and 3.3; security None and VNC Authentication; ClientInit
always shared. The client never asks the server to convert pixels when the
server's own format is QEMU's (32 bpp, little-endian, red shift 16 — byte for
byte QImage.Format_RGB32); any other server is sent SetPixelFormat for that
format, so every decoder writes one format. Raw rectangles that span whole rows
are received by the socket straight into the framebuffer image.

Pipelining: as soon as one FramebufferUpdate has been decoded the client asks
for the next incremental update of the whole framebuffer, then calls
`listener.framebuffer_updated()` with the bounding box of the pixels it changed.
Updates that changed no pixels (QEMU sends LED, cursor, pointer-mode and key
acknowledgements as updates of their own) are not reported.

Decisions:
- `absolute_pointer` starts True: RFB pointer events carry absolute positions,
  and a server that does not know PointerTypeChange treats them so. QEMU sends
  PointerTypeChange right after SetEncodings; when it says relative (the guest
  has a mouse, no tablet), `pointer_event(dx, dy, buttons)` takes motion deltas,
  sent as 0x7FFF + delta in each u16 coordinate (QEMU subtracts 0x7FFF), each
  clamped to -0x7FFF..0x8000; send (0, 0, buttons) for a button change alone.
- `supports_clipboard` is True once the server announced the Extended Clipboard
  with text; plain Latin-1 ServerCutText / ClientCutText work regardless.
- Raw is always accepted (RFB requires every client to take it); any other
  rectangle encoding the client did not ask for ends the connection.
- Framebuffer pixels are always opaque (0xffRRGGBB), as Format_RGB32 requires:
  QEMU sends the padding byte as 0, and the client sets it in one C-level pass
  per rectangle.

Bounded work (DESIGN rule 10): on a running event loop the client decodes in
slices of `limits.slice_seconds`. When a slice is spent with work left (decoders
make heavy work resumable jobs, see reader.py), it pauses the transport — the
kernel's socket buffer holds what the server sends meanwhile — and goes on at the
loop's next turn, so input and painting run in between; reading resumes when the
work is done. Work is also counted (limits.py): a server that asks for more than
`limits.max_work(area)` between two completed updates is disconnected with a
sentence, and `failure` keeps the error that ended a connection.

Clipboard: `clipboard_from_guest` (the guest's clipboard is requested and reported
to the listener) and `clipboard_to_guest` (the server's requests for what
`cut_text()` offered are answered) let the console allow clipboard traffic only
while it has the focus and the user shares the clipboard; both start False (until
the console says otherwise, the guest's clipboard goes nowhere).
"""

from __future__ import annotations

import asyncio
import logging
import re
import socket
import struct
from collections.abc import Callable, Iterator, Sequence
from enum import Enum

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QImage

from hvdesk.i18n import fill, translate
from hvdesk.vnc import clipboard
from hvdesk.vnc.des import vnc_auth_response
from hvdesk.vnc.encodings.alpha_cursor import AlphaCursorDecoder
from hvdesk.vnc.encodings.base import Decoder, Rect
from hvdesk.vnc.encodings.cursor import RichCursorDecoder
from hvdesk.vnc.encodings.desktop_size import DesktopSizeDecoder
from hvdesk.vnc.encodings.extended_desktop_size import SCREEN, ExtendedDesktopSizeDecoder
from hvdesk.vnc.encodings.led_state import LedStateDecoder
from hvdesk.vnc.encodings.pointer_type import PointerTypeDecoder
from hvdesk.vnc.encodings.qemu_key import QemuKeyDecoder
from hvdesk.vnc.encodings.raw import RawDecoder
from hvdesk.vnc.encodings.tight import TightDecoder
from hvdesk.vnc.encodings.zlib import ZlibDecoder
from hvdesk.vnc.encodings.zrle import ZrleDecoder
from hvdesk.vnc.errors import AuthenticationError, ProtocolError, RfbError
from hvdesk.vnc.limits import (
    DEFAULT_LIMITS,
    WORK_FILL_SHIFT,
    WORK_MESSAGE,
    WORK_PIXEL,
    WORK_RECT,
    Limits,
)
from hvdesk.vnc.listener import ConsoleListener
from hvdesk.vnc.pixels import (
    NATIVE,
    PixelFormat,
    is_native,
    make_opaque,
    new_framebuffer,
    paint_black,
)
from hvdesk.vnc.qt_transport import QtSocketTransport
from hvdesk.vnc.reader import Reader
from hvdesk.vnc.rfb import (
    ENC_ALPHA_CURSOR,
    ENC_COMPRESS_LEVEL_0,
    ENC_DESKTOP_SIZE,
    ENC_EXTENDED_CLIPBOARD,
    ENC_EXTENDED_DESKTOP_SIZE,
    ENC_LED_STATE,
    ENC_POINTER_TYPE_CHANGE,
    ENC_QEMU_EXTENDED_KEY_EVENT,
    ENC_QUALITY_LEVEL_0,
    ENC_RAW,
    ENC_RICH_CURSOR,
    ENC_TIGHT,
    ENC_ZLIB,
    ENC_ZRLE,
    MSG_BELL,
    MSG_CLIENT_CUT_TEXT,
    MSG_FRAMEBUFFER_UPDATE,
    MSG_FRAMEBUFFER_UPDATE_REQUEST,
    MSG_KEY_EVENT,
    MSG_POINTER_EVENT,
    MSG_QEMU,
    MSG_SERVER_CUT_TEXT,
    MSG_SET_COLOUR_MAP_ENTRIES,
    MSG_SET_DESKTOP_SIZE,
    MSG_SET_ENCODINGS,
    MSG_SET_PIXEL_FORMAT,
    QEMU_EXTENDED_KEY_EVENT,
    SEC_NONE,
    SEC_VNC_AUTH,
    SECURITY_NAMES,
    is_hint,
)

log = logging.getLogger(__name__)

_PSEUDO = (
    ENC_EXTENDED_DESKTOP_SIZE,
    ENC_DESKTOP_SIZE,
    ENC_ALPHA_CURSOR,
    ENC_RICH_CURSOR,
    ENC_POINTER_TYPE_CHANGE,
    ENC_QEMU_EXTENDED_KEY_EVENT,
    ENC_LED_STATE,
    ENC_EXTENDED_CLIPBOARD,
)
# Locally Raw is by far the fastest (QEMU memcpys, the socket writes into the image).
LOCAL_ENCODINGS: tuple[int, ...] = (ENC_RAW, *_PSEUDO)
# Over a network: QEMU takes the first pixel encoding it knows. The hints ask for
# zlib level 6 and JPEG quality 7 where the server allows lossy Tight.
REMOTE_ENCODINGS: tuple[int, ...] = (
    ENC_TIGHT,
    ENC_ZRLE,
    ENC_ZLIB,
    ENC_RAW,
    ENC_COMPRESS_LEVEL_0 + 6,
    ENC_QUALITY_LEVEL_0 + 7,
    *_PSEUDO,
)

PIXEL_ENCODINGS = frozenset((ENC_RAW, ENC_ZLIB, ENC_TIGHT, ENC_ZRLE))
_DECODERS: dict[int, Callable[[RfbClient], Decoder]] = {
    ENC_RAW: RawDecoder,
    ENC_ZLIB: ZlibDecoder,
    ENC_TIGHT: TightDecoder,
    ENC_ZRLE: ZrleDecoder,
    ENC_DESKTOP_SIZE: DesktopSizeDecoder,
    ENC_EXTENDED_DESKTOP_SIZE: ExtendedDesktopSizeDecoder,
    ENC_RICH_CURSOR: RichCursorDecoder,
    ENC_ALPHA_CURSOR: AlphaCursorDecoder,
    ENC_POINTER_TYPE_CHANGE: PointerTypeDecoder,
    ENC_QEMU_EXTENDED_KEY_EVENT: QemuKeyDecoder,
    ENC_LED_STATE: LedStateDecoder,
}

_VERSION = re.compile(rb"RFB (\d{3})\.(\d{3})\n")

HandshakeDone = Callable[[RfbError | None], None]
# Makes the framebuffer (width, height): an RGB32 QImage whose pixels the client then
# paints black (in slices); the console's lives in memory the X server shares
# (hvdesk.ui.xshm).
FramebufferFactory = Callable[[int, int], QImage]


class State(Enum):
    """Where in the stream the client is; the value names what it waits for."""

    VERSION = "the server's protocol version"
    SECURITY = "the server's security types"
    REASON = "the server's reason for refusing"
    CHALLENGE = "the authentication challenge"
    SECURITY_RESULT = "the authentication result"
    SERVER_INIT = "the server's framebuffer description"
    MESSAGE = "the next message"
    UPDATE = "a framebuffer update"
    COLOUR_MAP = "a colour map"
    CUT_TEXT = "clipboard text"
    CLOSED = "nothing"


class Phase(Enum):
    HANDSHAKE = 0
    CONNECTED = 1
    CLOSED = 2


def _sentence(prefix: str, reason: str) -> str:
    reason = reason.strip().rstrip(".")
    return f"{prefix}: {reason}." if reason else f"{prefix}."


def _why(exc: BaseException) -> str:
    return (exc.strerror if isinstance(exc, OSError) else None) or str(exc)


class RfbClient(asyncio.BufferedProtocol):
    """One connection to a VNC server. Create it with `connect_rfb()`.

    framebuffer: the screen, QImage.Format_RGB32, owned by the client and written
    in place; replaced by a new (black) image when the server resizes it, after
    which `listener.framebuffer_resized()` is called. `framebuffer_factory` makes
    it. Draw it, don't keep copies of it (`QImage(client.framebuffer)` shares its
    memory until one side writes, and that memory may go with the client).

    failure: the error that ended the connection from this side (a malformed or
    hostile stream, or a bug), None while it runs and after any other end.
    """

    def __init__(
        self,
        listener: ConsoleListener,
        *,
        password: str | None = None,
        encodings: Sequence[int] = LOCAL_ENCODINGS,
        limits: Limits = DEFAULT_LIMITS,
        on_handshake: HandshakeDone | None = None,
        framebuffer_factory: FramebufferFactory = new_framebuffer,
    ) -> None:
        unknown = [e for e in encodings if e not in _DECODERS and not is_hint(e)]
        if unknown:
            raise ValueError(f"hvdesk cannot decode encodings {unknown}")
        self.listener = listener
        self.limits = limits
        self._new_framebuffer = framebuffer_factory
        self.reader = Reader()
        self.framebuffer = QImage()
        self.width = 0
        self.height = 0
        self.name = ""
        self.version = (3, 8)
        self.absolute_pointer = True
        self.supports_qemu_keys = False
        self.supports_set_desktop_size = False
        self.supports_clipboard = False
        self.state = State.VERSION
        self._phase = Phase.HANDSHAKE
        self._password = password
        self._encodings = tuple(dict.fromkeys(encodings))
        self._decoders: dict[int, Decoder] = {
            e: _DECODERS[e](self) for e in (*self._encodings, ENC_RAW) if e in _DECODERS
        }
        self._on_handshake = on_handshake
        self._transport: asyncio.BaseTransport | None = None
        self._security = 0
        self._server_format = NATIVE
        self._rect = Rect(0, 0, 0, 0, 0)
        self._refusal: tuple[type[RfbError], str] = (RfbError, "")
        self._remaining = 0
        self._bbox: tuple[int, int, int, int] | None = None
        self._resized = False  # within this update: the request sent at its start is stale
        self._screens: list[tuple[int, int, int, int, int, int]] = []
        self._clip_actions = 0  # the server's extended clipboard actions
        self._clip_text: str | None = None  # what we announced with notify
        self._closing = False  # close() was called
        self._reported = False
        self._fill_padding = True
        self.failure: RfbError | None = None
        self.clipboard_from_guest = False
        self.clipboard_to_guest = False
        self._loop: asyncio.AbstractEventLoop | None = None
        self._continuation: asyncio.Handle | None = None  # the rest of a spent slice
        self._work = 0  # units asked for since the last completed update
        self._work_limit = limits.max_work(0)

    @property
    def fill_padding(self) -> bool:
        """Whether decoders set the padding byte of the server's pixels to 0xff.

        QEMU sends it as 0, and Qt copies it as is into a backing store that has
        alpha, where it means "transparent" wherever the window system honours
        alpha (Wayland, translucent windows). A listener whose display ignores it
        (an X11 window of depth 24) turns this off and saves a pass over every
        update."""
        return self._fill_padding

    @fill_padding.setter
    def fill_padding(self, fill: bool) -> None:
        if fill and not self._fill_padding and not self.framebuffer.isNull():
            make_opaque(self.framebuffer, 0, 0, self.width, self.height)
        self._fill_padding = fill

    # -- asyncio.BufferedProtocol ----------------------------------------------------

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self._transport = transport
        try:
            self._loop = asyncio.get_running_loop()
        except RuntimeError:
            self._loop = None  # fed by hand (tests): no loop to give turns to
        else:
            self.reader.slice_seconds = self.limits.slice_seconds
        self._expect(State.VERSION, 12, self._on_version)

    def get_buffer(self, sizehint: int) -> memoryview:
        return self.reader.get_buffer()

    def buffer_updated(self, nbytes: int) -> None:
        self._run(self.reader.filled, nbytes)

    def _run(self, work: Callable[..., None], *args: int) -> None:
        """Run the reader; a failure ends the connection; a spent slice pauses the
        transport until the rest has run at the loop's next turn."""
        try:
            work(*args)
        except RfbError as exc:
            self._fail(exc)
            return
        except Exception as exc:  # a bug here or in the listener: end this connection only
            log.exception("RFB client failed")
            self._fail(
                RfbError(
                    fill(
                        translate("VncClient", "The console connection failed inside hvdesk: %1."),
                        repr(exc),
                    )
                )
            )
            return
        if self.reader.suspended and self._continuation is None:
            transport = self._transport
            assert self._loop is not None  # slices are set only with a loop
            if isinstance(transport, asyncio.ReadTransport):
                transport.pause_reading()
            self._continuation = self._loop.call_soon(self._continue)

    def _continue(self) -> None:
        self._continuation = None
        if self.reader.stopped:
            return
        self._run(self.reader.resume)
        transport = self._transport
        if (
            not self.reader.suspended
            and not self.reader.stopped
            and isinstance(transport, asyncio.ReadTransport)
        ):
            transport.resume_reading()

    def _cancel_continuation(self) -> None:
        handle, self._continuation = self._continuation, None
        if handle is not None:
            handle.cancel()

    def get_buffers(self) -> list[memoryview] | None:
        """For QtSocketTransport: rows of the image for one scattered read, or None."""
        return self.reader.get_buffers()

    def bytes_expected(self) -> int:
        """For QtSocketTransport: the socket may wait for this many bytes."""
        return self.reader.bytes_expected()

    def eof_received(self) -> bool:
        return False  # let the transport close; connection_lost() tells the listener

    def connection_lost(self, exc: Exception | None) -> None:
        at_boundary = self.state is State.MESSAGE and not self.reader.buffered
        at_boundary = at_boundary and not self.reader.busy
        self.reader.stopped = True
        self._cancel_continuation()
        if isinstance(exc, (BrokenPipeError, ConnectionResetError)):
            exc = None  # the server hung up, found out while writing to it
        if self._phase is Phase.HANDSHAKE:
            if exc is not None:
                error = RfbError(
                    _sentence(
                        translate("VncClient", "The connection to the VNC server failed"), _why(exc)
                    )
                )
            else:
                error = RfbError(
                    fill(
                        translate(
                            "VncClient",
                            "The VNC server closed the connection while waiting for %1.",
                        ),
                        self.reader.what or self.state.value,
                    )
                )
            self._handshake_done(error)
        elif self._closing or (exc is None and at_boundary):
            self._report_closed(None)
        elif exc is not None:
            self._report_closed(_sentence("The connection to the VNC server was lost", _why(exc)))
        else:
            self._report_closed(
                f"The VNC server closed the connection in the middle of {self.reader.what}."
            )
        self._phase = Phase.CLOSED
        self.state = State.CLOSED
        self._transport = None

    # -- the public API ----------------------------------------------------------------

    @property
    def connected(self) -> bool:
        return self._phase is Phase.CONNECTED and not self._closing

    def key_event(self, down: bool, keysym: int, scancode: int | None = None) -> None:
        """A key press or release. With a scancode (QEMU "qnum", see keymap.py) and a
        server that acknowledged QEMU's ExtendedKeyEvent, the scancode is sent (the
        guest's own keyboard layout applies); otherwise a KeyEvent with the X keysym.
        Nothing is sent for keysym 0 without a usable scancode."""
        if not self.connected:
            return
        if scancode and self.supports_qemu_keys:
            self._send(
                struct.pack(
                    ">BBHII",
                    MSG_QEMU,
                    QEMU_EXTENDED_KEY_EVENT,
                    int(down),
                    keysym & 0xFFFFFFFF,
                    scancode & 0xFFFFFFFF,
                )
            )
        elif keysym:
            self._send(struct.pack(">BBxxI", MSG_KEY_EVENT, int(down), keysym & 0xFFFFFFFF))

    def pointer_event(self, x: int, y: int, buttons: int) -> None:
        """Pointer position and RFB button mask (bit 0 left, 1 middle, 2 right, 3/4
        wheel up/down, 5/6 wheel left/right). Absolute mode: framebuffer coordinates,
        clamped to it. Relative mode (absolute_pointer False): x, y are deltas."""
        if not self.connected:
            return
        if self.absolute_pointer:
            px = min(max(x, 0), max(self.width - 1, 0))
            py = min(max(y, 0), max(self.height - 1, 0))
        else:
            px = min(max(0x7FFF + x, 0), 0xFFFF)
            py = min(max(0x7FFF + y, 0), 0xFFFF)
        self._send(struct.pack(">BBHH", MSG_POINTER_EVENT, buttons & 0xFF, px, py))

    def cut_text(self, text: str) -> None:
        """Offer text as the guest's clipboard: as UTF-8 through the Extended
        Clipboard where the server has it, else as Latin-1 ClientCutText (other
        characters become '?'). Longer text than the clipboard limit is cut."""
        if not self.connected:
            return
        text = text[: self.limits.max_clipboard]
        if self.supports_clipboard and self._clip_actions & clipboard.NOTIFY:
            self._clip_text = text
            self._send(clipboard.notify_message(True))
        elif self.supports_clipboard and self._clip_actions & clipboard.PROVIDE:
            self._send(clipboard.provide_message(text))
        else:
            data = text.replace("\r\n", "\n").encode("latin-1", errors="replace")
            data = data[: self.limits.max_clipboard]
            self._send(struct.pack(">BxxxI", MSG_CLIENT_CUT_TEXT, len(data)) + data)

    def set_desktop_size(self, width: int, height: int) -> None:
        """Ask the server for a framebuffer of this size (ExtendedDesktopSize's
        SetDesktopSize); does nothing where the server does not support it. The
        answer arrives as a resize (`listener.framebuffer_resized`) or not at all."""
        if not self.connected or not self.supports_set_desktop_size:
            return
        width = min(max(width, 1), self.limits.max_width)
        height = min(max(height, 1), self.limits.max_height)
        screen_id, flags = (self._screens[0][0], self._screens[0][5]) if self._screens else (0, 0)
        self._send(
            struct.pack(">BxHHBx", MSG_SET_DESKTOP_SIZE, width, height, 1)
            + SCREEN.pack(screen_id, 0, 0, width, height, flags)
        )

    def request_update(self, incremental: bool = True) -> None:
        """Ask for an update of the whole framebuffer now (the client already asks
        for the next one after each update)."""
        if self.connected:
            self._request(incremental)

    def close(self) -> None:
        """End the connection; `listener.closed(None)` follows."""
        if self._phase is Phase.CLOSED or self._closing:
            return
        self._closing = True
        self.reader.stopped = True
        self._cancel_continuation()
        if self._transport is not None:
            self._transport.close()

    # -- failures --------------------------------------------------------------------

    def _fail(self, error: RfbError) -> None:
        if self._phase is Phase.CLOSED or self._reported:
            return
        log.info("VNC connection ends: %s", error)
        self.reader.stopped = True
        self._cancel_continuation()
        self.failure = error
        if self._phase is Phase.HANDSHAKE:
            self._handshake_done(error)
        else:
            self._report_closed(str(error))
        if self._transport is not None:
            self._transport.close()

    def abort_handshake(self, error: RfbError) -> None:
        """connect_rfb() gave up (timeout, cancellation): close without reporting."""
        self._on_handshake = None
        self._fail(error)

    def _handshake_done(self, error: RfbError | None) -> None:
        callback, self._on_handshake = self._on_handshake, None
        if error is not None:
            self._reported = True
        if callback is not None:
            callback(error)

    def _report_closed(self, error: str | None) -> None:
        if self._reported:
            return
        self._reported = True
        try:
            self.listener.closed(error)
        except Exception:  # the listener's bug must not reach the event loop either
            log.exception("The console listener failed in closed()")

    # -- sending -----------------------------------------------------------------------

    def _send(self, data: bytes) -> None:
        transport = self._transport
        if transport is not None and not transport.is_closing():
            assert isinstance(transport, asyncio.WriteTransport)
            transport.write(data)

    def _request(self, incremental: bool) -> None:
        self._send(
            struct.pack(
                ">BBHHHH",
                MSG_FRAMEBUFFER_UPDATE_REQUEST,
                int(incremental),
                0,
                0,
                self.width,
                self.height,
            )
        )

    # -- receiving: the handshake ------------------------------------------------------

    def _expect(self, state: State, n: int, handler: Callable[[memoryview], None]) -> None:
        self.state = state
        self.reader.read(n, handler, state.value)

    def _on_version(self, data: memoryview) -> None:
        match = _VERSION.fullmatch(bytes(data))
        if match is None:
            raise RfbError(
                "The other end is not a VNC server: it did not start with an RFB version."
            )
        major, minor = int(match[1]), int(match[2])
        if major != 3 or minor < 3:
            raise RfbError(
                f"The VNC server speaks RFB {major}.{minor}, which hvdesk does not support."
            )
        # 3.8 and later (Apple's 3.889) -> 3.8; 3.4-3.6 were never published: 3.3.
        minor = 8 if minor >= 8 else 7 if minor == 7 else 3
        self.version = (3, minor)
        self._send(b"RFB 003.%03d\n" % minor)
        if minor == 3:
            self._expect(State.SECURITY, 4, self._on_security_33)
        else:
            self._expect(State.SECURITY, 1, self._on_security_count)

    def _on_security_33(self, data: memoryview) -> None:
        (kind,) = struct.unpack(">I", data)
        if kind == 0:
            self._read_reason(RfbError, "The VNC server refused the connection")
        elif kind in (SEC_NONE, SEC_VNC_AUTH):
            self._use_security(kind)
        else:
            raise RfbError(
                f"The VNC server requires {SECURITY_NAMES.get(kind, f'security type {kind}')}, "
                "which hvdesk does not support."
            )

    def _on_security_count(self, data: memoryview) -> None:
        count = data[0]
        if count == 0:
            self._read_reason(RfbError, "The VNC server refused the connection")
        else:
            self._expect(State.SECURITY, count, self._on_security_list)

    def _on_security_list(self, data: memoryview) -> None:
        offered = list(data)
        if SEC_NONE in offered:
            choice = SEC_NONE
        elif SEC_VNC_AUTH in offered:
            choice = SEC_VNC_AUTH
        else:
            names = ", ".join(SECURITY_NAMES.get(k, f"type {k}") for k in offered)
            raise RfbError(
                f"The VNC server offers only security types hvdesk does not support ({names})."
            )
        self._send(bytes([choice]))
        self._use_security(choice)

    def _use_security(self, kind: int) -> None:
        self._security = kind
        if kind == SEC_VNC_AUTH:
            if self._password is None:
                raise AuthenticationError(
                    translate(
                        "VncClient", "The VNC server asks for a password, and none was given."
                    )
                )
            self._expect(State.CHALLENGE, 16, self._on_challenge)
        elif self.version >= (3, 8):
            self._expect(State.SECURITY_RESULT, 4, self._on_security_result)
        else:
            self._client_init()

    def _on_challenge(self, data: memoryview) -> None:
        assert self._password is not None
        self._send(vnc_auth_response(self._password, bytes(data)))
        self._expect(State.SECURITY_RESULT, 4, self._on_security_result)

    def _on_security_result(self, data: memoryview) -> None:
        (result,) = struct.unpack(">I", data)
        if result == 0:
            self._client_init()
            return
        if self._security == SEC_VNC_AUTH:
            kind: type[RfbError] = AuthenticationError
            prefix = translate("VncClient", "The VNC server refused the password")
        else:
            kind, prefix = RfbError, translate("VncClient", "The VNC server refused the connection")
        if self.version >= (3, 8):
            self._read_reason(kind, prefix)
        else:
            raise kind(prefix + ".")

    def _read_reason(self, kind: type[RfbError], prefix: str) -> None:
        self._refusal = (kind, prefix)
        self._expect(State.REASON, 4, self._on_reason_length)

    def _on_reason_length(self, data: memoryview) -> None:
        (length,) = struct.unpack(">I", data)
        kind, prefix = self._refusal
        if length > self.limits.max_reason:
            raise kind(fill(translate("VncClient", "%1 (with a reason too long to show)."), prefix))
        self._expect(State.REASON, length, self._on_reason)

    def _on_reason(self, data: memoryview) -> None:
        kind, prefix = self._refusal
        raise kind(_sentence(prefix, bytes(data).decode("utf-8", errors="replace")))

    def _client_init(self) -> None:
        self._send(b"\x01")  # shared: never disconnect other viewers
        self._expect(State.SERVER_INIT, 24, self._on_server_init)

    def _on_server_init(self, data: memoryview) -> None:
        width, height, fmt, name_length = struct.unpack(">HH16sI", data)
        limits = self.limits
        if not (0 < width <= limits.max_width and 0 < height <= limits.max_height):
            raise ProtocolError(
                f"The VNC server announced a {width}×{height} framebuffer; hvdesk accepts "
                f"1×1 to {limits.max_width}×{limits.max_height}."
            )
        if name_length > limits.max_name:
            raise ProtocolError(
                f"The VNC server sent a desktop name of {name_length} bytes; hvdesk accepts "
                f"at most {limits.max_name}."
            )
        self.width, self.height = width, height
        self._server_format = PixelFormat.unpack(fmt)
        self._expect(State.SERVER_INIT, name_length, self._on_name)

    def _on_name(self, data: memoryview) -> None:
        self.name = bytes(data).decode("utf-8", errors="replace")
        self.reader.defer(self._set_up())

    def _set_up(self) -> Iterator[None]:
        framebuffer = self._new_framebuffer(self.width, self.height)
        yield from paint_black(framebuffer)
        self.framebuffer = framebuffer
        self._work_limit = self.limits.max_work(self.width * self.height)
        if not is_native(self._server_format):
            self._send(struct.pack(">Bxxx", MSG_SET_PIXEL_FORMAT) + NATIVE.pack())
        self._send(
            struct.pack(">BxH", MSG_SET_ENCODINGS, len(self._encodings))
            + b"".join(struct.pack(">i", e) for e in self._encodings)
        )
        self._request(incremental=False)
        self._phase = Phase.CONNECTED
        self._expect_message()
        self.listener.connected(self.name, self.width, self.height)
        self._handshake_done(None)

    # -- receiving: messages -----------------------------------------------------------

    def _expect_message(self) -> None:
        self.reader.shrink()
        self._expect(State.MESSAGE, 1, self._on_message_type)

    def _on_message_type(self, data: memoryview) -> None:
        self.charge(WORK_MESSAGE)
        kind = data[0]
        if kind == MSG_FRAMEBUFFER_UPDATE:
            self._expect(State.UPDATE, 3, self._on_update)
        elif kind == MSG_SET_COLOUR_MAP_ENTRIES:
            self._expect(State.COLOUR_MAP, 5, self._on_colour_map)
        elif kind == MSG_BELL:
            self._expect_message()
            self.listener.bell()
        elif kind == MSG_SERVER_CUT_TEXT:
            self._expect(State.CUT_TEXT, 7, self._on_cut_text)
        else:
            raise ProtocolError(
                fill(
                    translate("VncClient", "The VNC server sent a message of unknown type %1."),
                    kind,
                )
            )

    def _on_colour_map(self, data: memoryview) -> None:
        # Only for colour-mapped formats, which the client never uses: skip it.
        (count,) = struct.unpack(">xxxH", data)
        self.reader.stream(count * 6, lambda _chunk: None, self._expect_message, "a colour map")

    def _on_update(self, data: memoryview) -> None:
        (self._remaining,) = struct.unpack(">xH", data)
        # Ask for the next update as this one starts: the server (QEMU sends when its
        # refresh tick finds a request pending) prepares it while we receive this one.
        self._request(incremental=True)
        self._bbox = None
        self._resized = False
        if self._remaining:
            self._expect(State.UPDATE, 12, self._on_rect)
        else:
            self._update_done()

    def _on_rect(self, data: memoryview) -> None:
        self.charge(WORK_RECT)
        rect = Rect(*struct.unpack(">HHHHi", data))
        decoder = self._decoders.get(rect.encoding)
        if decoder is None and rect.encoding in self._encodings:
            raise ProtocolError(
                f"The VNC server sent a rectangle in encoding {rect.encoding}, "
                "which is a setting, not a rectangle encoding."
            )
        if decoder is None:
            raise ProtocolError(
                f"The VNC server sent a rectangle in encoding {rect.encoding}, "
                "which hvdesk did not ask for."
            )
        if rect.encoding in PIXEL_ENCODINGS and (
            rect.x + rect.w > self.width or rect.y + rect.h > self.height
        ):
            raise ProtocolError(
                f"The VNC server sent a {rect.w}×{rect.h} rectangle at ({rect.x}, {rect.y}), "
                f"outside its {self.width}×{self.height} framebuffer."
            )
        self._rect = rect
        decoder.start(rect)

    def rect_done(self, changed: bool) -> None:
        if changed:
            r = self._rect
            if self._bbox is None:
                self._bbox = (r.x, r.y, r.x + r.w, r.y + r.h)
            else:
                x0, y0, x1, y1 = self._bbox
                self._bbox = (
                    min(x0, r.x),
                    min(y0, r.y),
                    max(x1, r.x + r.w),
                    max(y1, r.y + r.h),
                )
        self._remaining -= 1
        if self._remaining:
            self._expect(State.UPDATE, 12, self._on_rect)
        else:
            self._update_done()

    def _update_done(self) -> None:
        if self._resized:
            self._request(incremental=True)  # one that covers the new size
        self._work = 0
        self._work_limit = self.limits.max_work(self.width * self.height)
        self._expect_message()
        if self._bbox is not None:
            x0, y0, x1, y1 = self._bbox
            # A resize within the update may have shrunk the framebuffer since.
            x1, y1 = min(x1, self.width), min(y1, self.height)
            if x1 > x0 and y1 > y0:
                self.listener.framebuffer_updated(x0, y0, x1 - x0, y1 - y0)

    def _on_cut_text(self, data: memoryview) -> None:
        (length,) = struct.unpack(">xxxi", data)
        size = -length if length < 0 else length
        limit = self.limits.max_clipboard
        if size > limit:
            raise ProtocolError(
                f"The VNC server sent {size} bytes of clipboard data; hvdesk accepts at most "
                f"{limit}."
            )
        self.charge(size >> WORK_FILL_SHIFT)
        if length >= 0:
            self.reader.collect(size, self._on_latin1_text, "clipboard text")
        else:
            self.reader.collect(size, self._on_extended_clipboard, "clipboard data")

    def _on_latin1_text(self, data: bytearray) -> None:
        self._expect_message()
        if self.clipboard_from_guest:
            text = bytes(data).decode("latin-1").replace("\r\n", "\n")
            self.listener.clipboard_received(text)

    def _on_extended_clipboard(self, data: bytearray) -> None:
        self._expect_message()
        message = clipboard.parse(bytes(data))
        if message.has(clipboard.CAPS):
            self._clip_actions = message.flags & ~clipboard.FORMAT_MASK
            self.supports_clipboard = bool(message.formats & clipboard.TEXT)
            self._send(clipboard.caps_message(self.limits.max_clipboard))
            return
        if self.clipboard_to_guest:
            if (
                message.has(clipboard.REQUEST)
                and message.formats & clipboard.TEXT
                and self._clip_text is not None
            ):
                self._send(clipboard.provide_message(self._clip_text))
            if message.has(clipboard.PEEK):
                self._send(clipboard.notify_message(self._clip_text is not None))
        if message.has(clipboard.NOTIFY):
            self._clip_text = None  # the guest's clipboard replaced ours
            if message.formats & clipboard.TEXT and self.clipboard_from_guest:
                self._send(clipboard.request_message())
        has_text = message.formats & clipboard.TEXT
        if message.has(clipboard.PROVIDE) and has_text and self.clipboard_from_guest:
            self.reader.defer(self._receive_provided(message))

    def _receive_provided(self, message: clipboard.Message) -> Iterator[None]:
        inflater = clipboard.inflater(self.limits.max_clipboard)
        yield from inflater.inflate(message.payload)
        data = inflater.result()
        self.charge(len(data) * WORK_PIXEL >> 2)
        text = clipboard.text_from_provided(data)
        if self.clipboard_from_guest:  # it may have changed while this was inflated
            self.listener.clipboard_received(text)

    # -- what decoders report (encodings.base.Host) ------------------------------------

    def resize(self, width: int, height: int) -> Iterator[None]:
        if (width, height) == (self.width, self.height):
            return
        area = width * height
        self._work_limit = max(self._work_limit, self.limits.max_work(area))
        self.charge(area >> WORK_FILL_SHIFT)
        framebuffer = self._new_framebuffer(width, height)
        yield from paint_black(framebuffer)
        self.width, self.height = width, height
        self.framebuffer = framebuffer
        self._resized = True
        self.listener.framebuffer_resized(width, height)

    def charge(self, units: int) -> None:
        self._work += units
        if self._work > self._work_limit:
            raise ProtocolError(
                translate(
                    "VncClient",
                    "The VNC server asked for far more work than showing its screen needs, "
                    "so hvdesk closed the connection to stay responsive.",
                )
            )

    def set_cursor(self, image: QImage | None, hot_x: int, hot_y: int) -> None:
        self.listener.cursor_changed(image, hot_x, hot_y)

    def set_pointer_mode(self, absolute: bool) -> None:
        self.absolute_pointer = absolute
        self.listener.pointer_mode_changed(absolute)

    def set_leds(self, scroll_lock: bool, num_lock: bool, caps_lock: bool) -> None:
        self.listener.leds_changed(scroll_lock, num_lock, caps_lock)

    def enable_qemu_keys(self) -> None:
        self.supports_qemu_keys = True

    def set_screens(self, screens: list[tuple[int, int, int, int, int, int]]) -> None:
        self.supports_set_desktop_size = True
        self._screens = screens

    def desktop_size_refused(self, status: int) -> None:
        self.supports_set_desktop_size = True
        reasons = {1: "resizing is prohibited", 2: "out of resources", 3: "invalid layout"}
        log.info("The VNC server refused the new size: %s", reasons.get(status, status))


async def connect_rfb(
    sock: socket.socket,
    listener: ConsoleListener,
    *,
    password: str | None = None,
    encodings: Sequence[int] = LOCAL_ENCODINGS,
    timeout: float = 10.0,
    framebuffer_factory: FramebufferFactory = new_framebuffer,
) -> RfbClient:
    """Speak RFB on a connected socket (see hvdesk.core.console.open_console) and
    return the client once the server has described its framebuffer. Raises
    RfbError (AuthenticationError for a missing or refused password) with a
    sentence when the handshake fails or takes longer than `timeout` seconds."""
    loop = asyncio.get_running_loop()
    done: asyncio.Future[None] = loop.create_future()

    def handshake_done(error: RfbError | None) -> None:
        if done.done():
            return
        if error is None:
            done.set_result(None)
        else:
            done.set_exception(error)

    client = RfbClient(
        listener,
        password=password,
        encodings=encodings,
        on_handshake=handshake_done,
        framebuffer_factory=framebuffer_factory,
    )
    try:
        if QCoreApplication.instance() is not None:
            # The Qt event loop is running this coroutine (qasync): read in the
            # socket notifier's slot, without asyncio's per-read bookkeeping.
            QtSocketTransport(loop, sock, client)
        else:
            await loop.create_connection(lambda: client, sock=sock)
    except OSError as exc:
        sock.close()
        raise RfbError(
            _sentence(
                translate("VncClient", "Could not use the connection to the VNC server"), str(exc)
            )
        ) from exc
    try:
        await asyncio.wait_for(asyncio.shield(done), timeout)
    except TimeoutError:
        error = RfbError(
            fill(
                translate(
                    "VncClient",
                    "The VNC server did not finish its handshake within %1 seconds "
                    "(waiting for %2).",
                ),
                f"{timeout:g}",
                client.reader.what,
            )
        )
        client.abort_handshake(error)
        raise error from None
    except asyncio.CancelledError:
        client.abort_handshake(
            RfbError(translate("VncClient", "Connecting to the VNC server was cancelled."))
        )
        raise
    return client
