"""Tight (7): per rectangle a compression-control byte, then a fill colour, a JPEG
image, or "basic" data — copy, palette or gradient filtered — that is sent as is
when under 12 bytes and otherwise zlib-compressed on one of four streams.

Pixels are TPIXELs: with the client's format (32 bpp, depth 24, 8-bit channels)
three bytes R, G, B. Lengths use Tight's compact form (1–3 bytes, up to 4 MiB).
"""

from __future__ import annotations

import zlib

from PySide6.QtCore import QBuffer, QIODevice
from PySide6.QtGui import QImage, QImageReader

from hvdesk.vnc.encodings.base import Host, Rect
from hvdesk.vnc.encodings.inflate import BoundedInflater
from hvdesk.vnc.errors import ProtocolError
from hvdesk.vnc.pixels import blit, expand_rgb24, fill, palette_lookup, unpack_indices

TPIXEL = 3
MIN_TO_COMPRESS = 12

FILL = 0x8
JPEG = 0x9
PNG = 0xA
FILTER_COPY = 0
FILTER_PALETTE = 1
FILTER_GRADIENT = 2


def _bad(detail: str) -> ProtocolError:
    return ProtocolError(f"The VNC server sent a malformed Tight rectangle: {detail}.")


class TightDecoder:
    def __init__(self, host: Host) -> None:
        self.host = host
        self._streams = [zlib.decompressobj() for _ in range(4)]
        self._rect = Rect(0, 0, 0, 0, 0)
        self._stream_id = 0
        self._filter = FILTER_COPY
        self._palette: list[bytes] = []
        self._size = 0  # bytes of (uncompressed) basic data
        self._length = 0
        self._length_shift = 0
        self._length_then = self._jpeg_length
        self._inflater: BoundedInflater | None = None

    def start(self, rect: Rect) -> None:
        self._rect = rect
        self.host.reader.read(1, self._control, "a Tight rectangle")

    def _control(self, data: memoryview) -> None:
        control = data[0]
        for i in range(4):
            if control & (1 << i):
                self._streams[i] = zlib.decompressobj()
        kind = control >> 4
        reader = self.host.reader
        if kind == FILL:
            reader.read(TPIXEL, self._fill, "a Tight rectangle")
        elif kind == JPEG:
            self._read_length(self._jpeg_length)
        elif kind == PNG:
            raise ProtocolError("The VNC server sent TightPNG data, which hvdesk did not ask for.")
        elif kind & 0x8:
            raise _bad(f"compression type {kind}, which does not exist")
        else:
            self._stream_id = kind & 0x3
            if kind & 0x4:
                reader.read(1, self._filter_id, "a Tight rectangle")
            else:
                self._basic(FILTER_COPY)

    def _fill(self, data: memoryview) -> None:
        r = self._rect
        pixel = bytes((data[2], data[1], data[0], 0xFF))
        fill(self.host.framebuffer, r.x, r.y, r.w, r.h, pixel)
        self.host.rect_done(r.w > 0 and r.h > 0)

    # -- compact lengths -------------------------------------------------------------

    def _read_length(self, then: object) -> None:
        self._length = 0
        self._length_shift = 0
        self._length_then = then  # type: ignore[assignment]
        self.host.reader.read(1, self._length_byte, "a Tight rectangle")

    def _length_byte(self, data: memoryview) -> None:
        b = data[0]
        if self._length_shift == 14:  # the third byte has 8 bits
            self._length |= b << 14
            self._length_then()
            return
        self._length |= (b & 0x7F) << self._length_shift
        self._length_shift += 7
        if b & 0x80:
            self.host.reader.read(1, self._length_byte, "a Tight rectangle")
        else:
            self._length_then()

    # -- JPEG --------------------------------------------------------------------------

    def _jpeg_length(self) -> None:
        limit = self.host.limits.max_jpeg
        if self._length > limit:
            raise _bad(f"a JPEG image of {self._length} bytes (at most {limit})")
        self.host.reader.collect(self._length, self._jpeg, "a Tight JPEG rectangle")

    def _jpeg(self, data: bytearray) -> None:
        r = self._rect
        if not data.startswith(b"\xff\xd8"):  # SOI: spare Qt's reader (and its warnings)
            raise _bad("a JPEG image that does not decode")
        buffer = QBuffer()
        buffer.setData(bytes(data))
        buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        reader = QImageReader(buffer, b"jpeg")
        size = reader.size()  # from the header: nothing is decoded (or allocated) yet
        if size.isValid() and (size.width(), size.height()) != (r.w, r.h):
            raise _bad(f"a {size.width()}×{size.height()} JPEG image for a {r.w}×{r.h} rectangle")
        image = reader.read()
        if image.isNull() or (image.width(), image.height()) != (r.w, r.h):
            raise _bad("a JPEG image that does not decode")
        image = image.convertToFormat(QImage.Format.Format_RGB32)
        # 32-bit rows are never padded: the image's memory is exactly w*h pixels.
        blit(self.host.framebuffer, r.x, r.y, r.w, r.h, image.constBits())
        self.host.rect_done(r.w > 0 and r.h > 0)

    # -- basic compression -------------------------------------------------------------

    def _filter_id(self, data: memoryview) -> None:
        kind = data[0]
        if kind == FILTER_PALETTE:
            self.host.reader.read(1, self._palette_size, "a Tight rectangle")
        elif kind in (FILTER_COPY, FILTER_GRADIENT):
            self._basic(kind)
        else:
            raise _bad(f"filter {kind}, which does not exist")

    def _palette_size(self, data: memoryview) -> None:
        size = data[0] + 1
        self.host.reader.read(size * TPIXEL, self._palette_colours, "a Tight rectangle")

    def _palette_colours(self, data: memoryview) -> None:
        raw = bytes(data)
        self._palette = [
            bytes((raw[i + 2], raw[i + 1], raw[i], 0xFF)) for i in range(0, len(raw), TPIXEL)
        ]
        self._basic(FILTER_PALETTE)

    def _basic(self, kind: int) -> None:
        self._filter = kind
        r = self._rect
        if kind == FILTER_PALETTE:
            self._size = ((r.w + 7) // 8) * r.h if len(self._palette) == 2 else r.w * r.h
        else:
            self._size = r.w * r.h * TPIXEL
        if self._size < MIN_TO_COMPRESS:
            self.host.reader.read(self._size, self._decode, "a Tight rectangle")
        else:
            self._read_length(self._zlib_length)

    def _zlib_length(self) -> None:
        limit = self.host.limits.max_compressed(self._size)
        if self._length > limit:
            raise _bad(f"{self._length} bytes of zlib data for {self._size} bytes of pixels")
        self._inflater = BoundedInflater(
            self._streams[self._stream_id], self._size, "Tight rectangle"
        )
        self.host.reader.stream(
            self._length, self._inflater.feed, self._inflated, "a Tight rectangle"
        )

    def _inflated(self) -> None:
        assert self._inflater is not None
        data = self._inflater.result(self._size)
        self._inflater = None
        self._decode(memoryview(data))

    def _decode(self, data: memoryview) -> None:
        r = self._rect
        count = r.w * r.h
        if self._filter == FILTER_PALETTE:
            size = len(self._palette)
            bits = 1 if size == 2 else 8
            indices = unpack_indices(data, r.w, r.h, bits)
            if indices and max(indices) >= size:
                raise _bad(f"a palette index beyond its {size} colours")
            pixels = palette_lookup(indices, self._palette)
        elif self._filter == FILTER_GRADIENT:
            pixels = expand_rgb24(_ungradient(bytes(data), r.w, r.h), count)
        else:
            pixels = expand_rgb24(data, count)
        blit(self.host.framebuffer, r.x, r.y, r.w, r.h, pixels)
        self.host.rect_done(count > 0)


def _ungradient(data: bytes, w: int, h: int) -> bytes:
    """Undo Tight's gradient filter: each channel was sent as its difference from
    left + above - above-left (clamped to 0..255), modulo 256.

    A per-pixel loop: each prediction needs the pixel just decoded. QEMU uses this
    filter only for smooth true-colour areas without JPEG.
    """
    row = w * 3
    out = bytearray(len(data))
    prev = bytes(row + 3)  # the row above, with a zero pixel in front
    for y in range(h):
        base = y * row
        cur = bytearray(row + 3)
        for i in range(3, row + 3):
            p = cur[i - 3] + prev[i] - prev[i - 3]
            p = 0 if p < 0 else 255 if p > 255 else p
            cur[i] = (p + data[base + i - 3]) & 0xFF
        out[base : base + row] = cur[3:]
        prev = bytes(cur)
    return bytes(out)
