"""X11 MIT-SHM: the console's framebuffer in memory the X server shares, put on screen
without a copy on our side.

Qt paints a widget by copying its image into the window's backing store and then
flushing that to the X server: for a 1024x768 frame that copy and Qt's repaint cost
about 0.8 ms of CPU (tests/bench/bench_qt_paint.py), a third of all the console
spent per frame. TigerVNC's viewer skips it
by decoding into a shared-memory XImage and asking the server to show it; this module
does the same for hvdesk. It speaks to the X server over its own XCB connection
(libxcb and libxcb-shm, which Qt's xcb platform plugin already needs), through ctypes.

- `ShmFramebuffer` is a QImage (RGB32) whose pixels live in a System V shared-memory
  segment attached to the X server; the RFB client decodes into it as into any QImage.
  The segment is released when the image object is garbage-collected, so it lives
  exactly as long as the client holding it.
- `XShmDisplay.put()` shows a rectangle of it in an X window (ShmPutImage); `fill()`
  paints the window's margins.

`XShmDisplay.instance()` is None wherever this cannot work: another platform than xcb,
no MIT-SHM, an X server that cannot see our memory (a remote display), or
HVDESK_NO_XSHM=1. Callers then paint through Qt as before.
"""

from __future__ import annotations

import contextlib
import ctypes
import logging
import os
from typing import ClassVar

from PySide6.QtCore import QPoint, QRect
from PySide6.QtGui import QColor, QGuiApplication, QImage

log = logging.getLogger(__name__)

_IPC_PRIVATE = 0
_IPC_CREAT = 0o1000
_IPC_RMID = 0
_SHM_FAILED = ctypes.c_void_p(-1).value
_Z_PIXMAP = 2
_GC_FOREGROUND = 1 << 2
# The only window depth we put pixels into: RGB32's padding byte is then ignored.
DEPTH = 24


class _Cookie(ctypes.Structure):
    _fields_ = [("sequence", ctypes.c_uint)]


class _Rectangle(ctypes.Structure):
    _fields_ = [
        ("x", ctypes.c_int16),
        ("y", ctypes.c_int16),
        ("width", ctypes.c_uint16),
        ("height", ctypes.c_uint16),
    ]


class _GeometryReply(ctypes.Structure):
    _fields_ = [
        ("response_type", ctypes.c_uint8),
        ("depth", ctypes.c_uint8),
        ("sequence", ctypes.c_uint16),
        ("length", ctypes.c_uint32),
        ("root", ctypes.c_uint32),
        ("x", ctypes.c_int16),
        ("y", ctypes.c_int16),
        ("width", ctypes.c_uint16),
        ("height", ctypes.c_uint16),
        ("border_width", ctypes.c_uint16),
    ]


class _ExtensionReply(ctypes.Structure):
    _fields_ = [
        ("response_type", ctypes.c_uint8),
        ("pad0", ctypes.c_uint8),
        ("sequence", ctypes.c_uint16),
        ("length", ctypes.c_uint32),
        ("present", ctypes.c_uint8),
        ("major_opcode", ctypes.c_uint8),
        ("first_event", ctypes.c_uint8),
        ("first_error", ctypes.c_uint8),
    ]


class _Libraries:
    """libc's shm calls, libxcb and libxcb-shm with their signatures."""

    def __init__(self) -> None:
        c = ctypes
        self.libc = c.CDLL(None, use_errno=True)
        self.libc.shmget.argtypes = [c.c_int, c.c_size_t, c.c_int]
        self.libc.shmat.argtypes = [c.c_int, c.c_void_p, c.c_int]
        self.libc.shmat.restype = c.c_void_p
        self.libc.shmdt.argtypes = [c.c_void_p]
        self.libc.shmctl.argtypes = [c.c_int, c.c_int, c.c_void_p]
        self.libc.free.argtypes = [c.c_void_p]
        self.xcb = xcb = c.CDLL("libxcb.so.1")
        self.shm = shm = c.CDLL("libxcb-shm.so.0")
        conn, u8, u16, u32, i16 = c.c_void_p, c.c_uint8, c.c_uint16, c.c_uint32, c.c_int16
        for name, restype, argtypes in (
            ("xcb_connect", c.c_void_p, [c.c_char_p, c.c_void_p]),
            ("xcb_connection_has_error", c.c_int, [conn]),
            ("xcb_disconnect", None, [conn]),
            ("xcb_generate_id", u32, [conn]),
            ("xcb_flush", c.c_int, [conn]),
            ("xcb_request_check", c.c_void_p, [conn, _Cookie]),
            ("xcb_poll_for_event", c.c_void_p, [conn]),
            ("xcb_create_gc_checked", _Cookie, [conn, u32, u32, u32, c.c_void_p]),
            ("xcb_change_gc", _Cookie, [conn, u32, u32, c.c_void_p]),
            ("xcb_poly_fill_rectangle", _Cookie, [conn, u32, u32, u32, c.c_void_p]),
            ("xcb_get_geometry", _Cookie, [conn, u32]),
            ("xcb_get_geometry_reply", c.POINTER(_GeometryReply), [conn, _Cookie, c.c_void_p]),
            ("xcb_get_extension_data", c.POINTER(_ExtensionReply), [conn, c.c_void_p]),
            ("xcb_get_input_focus", _Cookie, [conn]),
            ("xcb_get_input_focus_reply", c.c_void_p, [conn, _Cookie, c.c_void_p]),
        ):
            function = getattr(xcb, name)
            function.restype, function.argtypes = restype, argtypes
        for name, restype, argtypes in (
            ("xcb_shm_attach_checked", _Cookie, [conn, u32, u32, u8]),
            ("xcb_shm_detach", _Cookie, [conn, u32]),
            (
                "xcb_shm_put_image",
                _Cookie,
                [conn, u32, u32, u16, u16, u16, u16, u16, u16, i16, i16, u8, u8, u8, u32, u32],
            ),
        ):
            function = getattr(shm, name)
            function.restype, function.argtypes = restype, argtypes
        self.shm_extension = c.addressof(c.c_char.in_dll(shm, "xcb_shm_id"))


class _Segment:
    """One shared-memory segment, mapped here and attached to the X server. The
    kernel frees it once both have let go (it is marked for removal at once, so a
    crash leaks nothing)."""

    def __init__(self, display: XShmDisplay, size: int) -> None:
        libs = display.libs
        self.display = display
        self.size = size
        self.seg = 0
        self.address = 0
        shmid = libs.libc.shmget(_IPC_PRIVATE, size, _IPC_CREAT | 0o600)
        if shmid < 0:
            raise OSError(ctypes.get_errno(), f"shmget of {size} bytes failed")
        try:
            address = libs.libc.shmat(shmid, None, 0)
            if address in (None, _SHM_FAILED):
                raise OSError(ctypes.get_errno(), "shmat failed")
            self.address = address
            seg = libs.xcb.xcb_generate_id(display.conn)
            error = libs.xcb.xcb_request_check(
                display.conn, libs.shm.xcb_shm_attach_checked(display.conn, seg, shmid, 1)
            )
            if error:
                libs.libc.free(error)
                raise OSError("the X server could not attach the shared memory")
            self.seg = seg
        except BaseException:
            self.release()
            raise
        finally:
            libs.libc.shmctl(shmid, _IPC_RMID, None)

    def release(self) -> None:
        libs = self.display.libs
        if self.seg and self.display.conn:
            libs.shm.xcb_shm_detach(self.display.conn, self.seg)
            libs.xcb.xcb_flush(self.display.conn)
        self.seg = 0
        if self.address:
            libs.libc.shmdt(self.address)
            self.address = 0


class ShmFramebuffer(QImage):
    """An RGB32 QImage over a shared-memory segment the X server can read.

    The segment goes when this object does. Draw it or copy it (`copy()`), but keep
    no shallow copies (`QImage(image)`): they would point into released memory."""

    def __init__(self, segment: _Segment, width: int, height: int) -> None:
        pixels = memoryview((ctypes.c_char * segment.size).from_address(segment.address))
        # PySide wraps memory it is given in place, writable (no copy).
        super().__init__(pixels.cast("B"), width, height, width * 4, QImage.Format.Format_RGB32)
        self.segment = segment

    def __del__(self) -> None:
        with contextlib.suppress(Exception):  # at interpreter exit ctypes may be gone
            self.segment.release()

    def still_shared(self) -> bool:
        """False once Qt has moved the pixels elsewhere (a shallow copy was written
        to): then only painting through Qt shows them."""
        pixels = self.bits()  # what the decoders write to; the same call they make
        return bool(
            self.segment.seg
            and ctypes.addressof(ctypes.c_char.from_buffer(pixels)) == self.segment.address
        )


class XShmDisplay:
    """This process's own connection to the X server Qt shows its windows on."""

    _instance: ClassVar[XShmDisplay | None] = None
    _probed: ClassVar[bool] = False

    @classmethod
    def instance(cls) -> XShmDisplay | None:
        """The shared connection, or None where MIT-SHM cannot be used (see module)."""
        if not cls._probed:
            cls._probed = True
            if QGuiApplication.platformName() == "xcb" and not os.environ.get("HVDESK_NO_XSHM"):
                try:
                    cls._instance = cls(_Libraries())
                except (OSError, AttributeError, ValueError) as exc:  # no library, symbol, X
                    log.info("Painting the console through Qt: %s", exc)
        return cls._instance

    def __init__(self, libs: _Libraries) -> None:
        self.libs = libs
        self.conn: int | None = libs.xcb.xcb_connect(None, None)
        if not self.conn or libs.xcb.xcb_connection_has_error(self.conn):
            self.conn = None
            raise OSError("cannot connect to the X server")
        self._gc = 0  # one graphics context serves every window of depth DEPTH
        self._foreground = -1
        self._depths: dict[int, int] = {}
        try:
            extension = libs.xcb.xcb_get_extension_data(self.conn, libs.shm_extension)
            if not extension or not extension.contents.present:
                raise OSError("the X server has no MIT-SHM extension")
            # Proves the server shares memory with us (a remote display cannot).
            _Segment(self, 4096).release()
        except OSError:
            libs.xcb.xcb_disconnect(self.conn)
            self.conn = None
            raise

    def new_framebuffer(self, width: int, height: int) -> QImage:
        """A framebuffer in shared memory; a plain QImage if the segment cannot be
        had (e.g. the system's shared-memory limit). Its pixels are not set: the
        RFB client paints it black, a band at a time."""
        try:
            return ShmFramebuffer(_Segment(self, width * height * 4), width, height)
        except OSError as exc:
            log.info("A %dx%d framebuffer in shared memory failed: %s", width, height, exc)
            return QImage(width, height, QImage.Format.Format_RGB32)

    def window_depth(self, window: int) -> int:
        """The window's depth (0 if the server does not know the window)."""
        depth = self._depths.get(window)
        if depth is None:
            xcb = self.libs.xcb
            cookie = xcb.xcb_get_geometry(self.conn, window)
            reply = xcb.xcb_get_geometry_reply(self.conn, cookie, None)
            depth = reply.contents.depth if reply else 0
            if reply:
                self.libs.libc.free(reply)
            self._depths[window] = depth
        return depth

    def forget_window(self, window: int) -> None:
        self._depths.pop(window, None)

    def _context(self, window: int) -> int:
        if not self._gc:
            xcb = self.libs.xcb
            gc = xcb.xcb_generate_id(self.conn)
            error = xcb.xcb_request_check(
                self.conn, xcb.xcb_create_gc_checked(self.conn, gc, window, 0, None)
            )
            if error:
                self.libs.libc.free(error)
                raise OSError("the X server refused a graphics context")
            self._gc = gc
        return self._gc

    def put(self, window: int, image: ShmFramebuffer, source: QRect, target: QPoint) -> None:
        """Show `source` of the image at `target` in the window (of depth DEPTH)."""
        gc = self._context(window)
        self.libs.shm.xcb_shm_put_image(
            self.conn,
            window,
            gc,
            image.width(),
            image.height(),
            source.x(),
            source.y(),
            source.width(),
            source.height(),
            target.x(),
            target.y(),
            DEPTH,
            _Z_PIXMAP,
            0,
            image.segment.seg,
            0,
        )

    def fill(self, window: int, rects: list[QRect], colour: QColor) -> None:
        """Paint these rectangles of the window in one colour (a TrueColor visual)."""
        if not rects:
            return
        xcb = self.libs.xcb
        gc = self._context(window)
        pixel = colour.rgb() & 0xFFFFFF  # 0xRRGGBB is the pixel value in a 24-bit TrueColor visual
        if pixel != self._foreground:
            value = ctypes.c_uint32(pixel)
            xcb.xcb_change_gc(self.conn, gc, _GC_FOREGROUND, ctypes.byref(value))
            self._foreground = pixel
        boxes = (_Rectangle * len(rects))(
            *(_Rectangle(r.x(), r.y(), r.width(), r.height()) for r in rects)
        )
        xcb.xcb_poly_fill_rectangle(self.conn, window, gc, len(rects), boxes)

    def flush(self) -> None:
        """Send what was asked, and drop what the server said back: errors about a
        window destroyed meanwhile are expected and harmless."""
        xcb = self.libs.xcb
        xcb.xcb_flush(self.conn)
        while event := xcb.xcb_poll_for_event(self.conn):
            self.libs.libc.free(event)

    def sync(self) -> None:
        """Wait until the server has carried out everything sent (for screenshots)."""
        xcb = self.libs.xcb
        # A request with a reply is a round trip: everything before it is done.
        reply = xcb.xcb_get_input_focus_reply(self.conn, xcb.xcb_get_input_focus(self.conn), None)
        if reply:
            self.libs.libc.free(reply)
        self.flush()
