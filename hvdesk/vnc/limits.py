"""How much a VNC server may make the client allocate or compute (DESIGN rules 8, 10).

Every size read from the wire is checked against these before memory is touched.
`Limits` carries them so that tests (and the fuzzer) can shrink them; the client
uses `DEFAULT_LIMITS`.

Work: decoding runs on the GUI thread in slices of `slice_seconds`, the rest
deferred to the next turn of the event loop (see RfbClient). What the server makes
the client do is counted in work units before it is done, by weights measured on
this kind of machine; between two completed updates a server may ask for at most
`Limits.max_work(framebuffer area)` units: `work_screens` times the cost of decoding
the whole screen in the slowest way there is (a per-pixel Python loop), plus
`work_floor`, but never more than `work_ceiling`. A legitimate update costs at most
about one screen of that.
"""

from __future__ import annotations

from dataclasses import dataclass

MAX_FRAMEBUFFER_WIDTH = 8192
MAX_FRAMEBUFFER_HEIGHT = 8192
MAX_CURSOR_WIDTH = 256
MAX_CURSOR_HEIGHT = 256
MAX_NAME_BYTES = 4 * 1024  # desktop name (ServerInit)
MAX_REASON_BYTES = 4 * 1024  # a failure reason during the handshake
# Cut text, on the wire and once inflated; decoded in one call (~5 ms a MiB here).
MAX_CLIPBOARD_BYTES = 1024 * 1024
# A compressed rectangle's data may be at most this many times its raw size, plus
# MAX_COMPRESSED_SLACK bytes: zlib never needs more for data it could not shrink.
MAX_COMPRESSED_RATIO = 2
MAX_COMPRESSED_SLACK = 64 * 1024
MAX_JPEG_BYTES = 16 * 1024 * 1024  # one Tight JPEG rectangle
# One Tight JPEG's pixels: decoded in one call (~14 ns a pixel here, ~7 ms for this
# many). Servers split Tight rectangles to at most 65536 pixels (QEMU, TigerVNC,
# libvncserver).
MAX_JPEG_PIXELS = 512 * 1024
# Tight rectangles other than fills: the Tight specification's widest.
MAX_TIGHT_WIDTH = 2048
MAX_SCREENS = 16  # ExtendedDesktopSize screens (the wire allows 255)

# -- work units: 1 is about one pixel of a C-level pass (~25 ns here, for expanding
# 3-byte pixels; copying, filling and looking up cost less) --
WORK_PIXEL = 1  # a pixel inflated, expanded, looked up, decoded from JPEG, made
WORK_SLOW = 20  # a pixel or run decoded by a Python loop (gradient ~470 ns, ZRLE run ~500 ns)
WORK_FILL_SHIFT = 3  # a filled pixel costs 1/8 (fill ~0.3-2 ns a pixel)
WORK_CURSOR_PIXEL = 5  # an alpha cursor pixel (its alpha check ~120 ns)
WORK_RECT = 512  # a rectangle of any encoding: header, dispatch, bookkeeping (~6-15 µs)
WORK_MESSAGE = 128  # a message (an update's header, a bell, a cut text) (~2-4 µs)
WORK_SCREENS = 2  # an update may cost this many screens of the slowest decoding ...
WORK_FLOOR = 1 << 22  # ... plus this (~0.1 s: small framebuffers, many small messages)
WORK_CEILING = 1 << 28  # ... and at most this, whatever the framebuffer's size (~7 s)
SLICE_SECONDS = 0.010  # decoding at a time before the event loop gets its turn


@dataclass(frozen=True)
class Limits:
    max_width: int = MAX_FRAMEBUFFER_WIDTH
    max_height: int = MAX_FRAMEBUFFER_HEIGHT
    max_cursor_width: int = MAX_CURSOR_WIDTH
    max_cursor_height: int = MAX_CURSOR_HEIGHT
    max_name: int = MAX_NAME_BYTES
    max_reason: int = MAX_REASON_BYTES
    max_clipboard: int = MAX_CLIPBOARD_BYTES
    max_jpeg: int = MAX_JPEG_BYTES
    max_jpeg_pixels: int = MAX_JPEG_PIXELS
    max_tight_width: int = MAX_TIGHT_WIDTH
    max_screens: int = MAX_SCREENS
    work_screens: int = WORK_SCREENS
    work_floor: int = WORK_FLOOR
    work_ceiling: int = WORK_CEILING
    slice_seconds: float = SLICE_SECONDS

    def max_compressed(self, raw_size: int) -> int:
        """The most compressed bytes a rectangle of raw_size bytes may arrive in."""
        return raw_size * MAX_COMPRESSED_RATIO + MAX_COMPRESSED_SLACK

    def max_work(self, area: int) -> int:
        """The most work units a server may ask for between two completed updates,
        for a framebuffer of `area` pixels."""
        work = self.work_screens * area * (WORK_SLOW + WORK_PIXEL) + self.work_floor
        return min(work, self.work_ceiling)


DEFAULT_LIMITS = Limits()
