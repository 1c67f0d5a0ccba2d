"""Tight (7): per rectangle a compression-control byte, then a fill colour, a JPEG
image, or "basic" data — copy, palette or gradient filtered — that is sent as is
when under 12 bytes and otherwise zlib-compressed on one of four streams.

Pixels are TPIXELs: with the client's format (32 bpp, depth 24, 8-bit channels)
three bytes R, G, B. Lengths use Tight's compact form (1–3 bytes, up to 4 MiB).

Bounded work: rectangles other than fills are at most `limits.max_tight_width`
wide (the specification's 2048); basic data is inflated a piece at a time and
turned into pixels in bands of rows; a JPEG is decoded in one call, so it may have
at most `limits.max_jpeg_pixels` pixels and must be one baseline scan (a
progressive JPEG can hold thousands of scans over the same pixels).
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator

from PySide6.QtCore import QBuffer, QIODevice
from PySide6.QtGui import QImage, QImageReader

from hvdesk.vnc.encodings.base import Host, Rect
from hvdesk.vnc.encodings.inflate import BoundedInflater
from hvdesk.vnc.errors import ProtocolError
from hvdesk.vnc.limits import WORK_FILL_SHIFT, WORK_PIXEL, WORK_SLOW
from hvdesk.vnc.pixels import (
    BAND_PIXELS,
    FILL_BAND_PIXELS,
    bands,
    blit,
    expand_rgb24,
    fill,
    fill_in_bands,
    palette_lookup,
    unpack_indices,
)

TPIXEL = 3
MIN_TO_COMPRESS = 12

FILL = 0x8
JPEG = 0x9
PNG = 0xA
FILTER_COPY = 0
FILTER_PALETTE = 1
FILTER_GRADIENT = 2

# Gradient-filtered pixels per step (~350 ns each here).
GRADIENT_BAND_PIXELS = 4096
# JPEG marker segments before the scan: a baseline JPEG has about ten.
MAX_JPEG_SEGMENTS = 64


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
            return
        if kind == PNG:
            raise ProtocolError("The VNC server sent TightPNG data, which hvdesk did not ask for.")
        if kind & 0x8 and kind != JPEG:
            raise _bad(f"compression type {kind}, which does not exist")
        widest = self.host.limits.max_tight_width
        if self._rect.w > widest:
            raise _bad(f"a {self._rect.w} pixels wide rectangle (at most {widest})")
        if kind == JPEG:
            self._read_length(self._jpeg_length)
        else:
            self._stream_id = kind & 0x3
            if kind & 0x4:
                reader.read(1, self._filter_id, "a Tight rectangle")
            else:
                self._basic(FILTER_COPY)

    def _fill(self, data: memoryview) -> None:
        r = self._rect
        pixel = bytes((data[2], data[1], data[0], 0xFF))
        self.host.charge(r.w * r.h >> WORK_FILL_SHIFT)
        if r.w * r.h <= FILL_BAND_PIXELS:
            fill(self.host.framebuffer, r.x, r.y, r.w, r.h, pixel)
            self.host.rect_done(r.w > 0 and r.h > 0)
        else:
            self.host.reader.defer(self._fill_bands(pixel))

    def _fill_bands(self, pixel: bytes) -> Iterator[None]:
        r = self._rect
        yield from fill_in_bands(self.host.framebuffer, r.x, r.y, r.w, r.h, pixel)
        self.host.rect_done(True)

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
        r = self._rect
        limits = self.host.limits
        if r.w * r.h > limits.max_jpeg_pixels:
            raise _bad(f"a {r.w}×{r.h} JPEG image (at most {limits.max_jpeg_pixels} pixels in one)")
        limit = min(limits.max_jpeg, limits.max_compressed(r.w * r.h * 4))
        if self._length > limit:
            raise _bad(f"a JPEG image of {self._length} bytes (at most {limit})")
        self.host.charge(r.w * r.h * WORK_PIXEL)
        self.host.reader.collect(self._length, self._jpeg, "a Tight JPEG rectangle")

    def _jpeg(self, data: bytearray) -> None:
        r = self._rect
        if not data.startswith(b"\xff\xd8"):  # SOI: spare Qt's reader (and its warnings)
            raise _bad("a JPEG image that does not decode")
        problem = _not_one_baseline_scan(data)
        if problem:
            raise _bad(problem)
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
        slow = WORK_SLOW if kind == FILTER_GRADIENT else 0
        self.host.charge(r.w * r.h * (WORK_PIXEL + slow))
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
        reader = self.host.reader
        feed = self._inflater.feeder(reader)
        reader.stream(self._length, feed, self._inflated, "a Tight rectangle")

    def _inflated(self) -> None:
        assert self._inflater is not None
        data = self._inflater.result(self._size)
        self._inflater = None
        self._decode(data)

    def _decode(self, data: memoryview | bytearray) -> None:
        if self._filter == FILTER_PALETTE:
            job = self._palette_pixels(bytes(data))
        elif self._filter == FILTER_GRADIENT:
            job = self._gradient_pixels(bytes(data))
        else:
            job = self._copied_pixels(bytes(data))
        self.host.reader.defer(job)

    def _copied_pixels(self, data: bytes) -> Iterator[None]:
        r = self._rect
        row = r.w * TPIXEL
        for top, rows in bands(r.w, r.h, BAND_PIXELS):
            pixels = expand_rgb24(data[top * row : (top + rows) * row], r.w * rows)
            blit(self.host.framebuffer, r.x, r.y + top, r.w, rows, pixels)
            yield
        self.host.rect_done(r.w * r.h > 0)

    def _palette_pixels(self, data: bytes) -> Iterator[None]:
        r = self._rect
        size = len(self._palette)
        bits = 1 if size == 2 else 8
        row = (r.w + 7) // 8 if bits == 1 else r.w
        for top, rows in bands(r.w, r.h, BAND_PIXELS):
            indices = unpack_indices(data[top * row : (top + rows) * row], r.w, rows, bits)
            if indices and max(indices) >= size:
                raise _bad(f"a palette index beyond its {size} colours")
            pixels = palette_lookup(indices, self._palette)
            blit(self.host.framebuffer, r.x, r.y + top, r.w, rows, pixels)
            yield
        self.host.rect_done(r.w * r.h > 0)

    def _gradient_pixels(self, data: bytes) -> Iterator[None]:
        r = self._rect
        decoded = ungradient_rows(data, r.w, r.h)
        for top, rows in bands(r.w, r.h, GRADIENT_BAND_PIXELS):
            band = b"".join(next(decoded) for _ in range(rows))
            blit(self.host.framebuffer, r.x, r.y + top, r.w, rows, expand_rgb24(band, r.w * rows))
            yield
        self.host.rect_done(r.w * r.h > 0)


# clamp(p) for p in -255..510, at p + 255.
_CLAMP = bytes(255) + bytes(range(256)) + b"\xff" * 255


def ungradient_rows(data: bytes, w: int, h: int) -> Iterator[bytes]:
    """Undo Tight's gradient filter, a row at a time: each channel was sent as its
    difference from left + above - above-left (clamped to 0..255), modulo 256.

    A per-pixel loop (~350 ns a pixel here): each prediction needs the pixel just
    decoded. QEMU uses this filter only for smooth areas, with lossy compression
    allowed and no JPEG quality asked for.
    """
    row = w * TPIXEL
    above = bytes(row)
    clamp = _CLAMP
    for y in range(h):
        sent = iter(data[y * row : (y + 1) * row])
        up = iter(above)
        out: list[int] = []
        r = g = b = 0  # the pixel on the left
        ur = ug = ub = 0  # the one above it
        for pr, pg, pb, dr, dg, db in zip(up, up, up, sent, sent, sent, strict=True):
            r = (clamp[r + pr - ur + 255] + dr) & 0xFF
            g = (clamp[g + pg - ug + 255] + dg) & 0xFF
            b = (clamp[b + pb - ub + 255] + db) & 0xFF
            out += (r, g, b)
            ur, ug, ub = pr, pg, pb
        above = bytes(out)
        yield above


def _not_one_baseline_scan(data: bytearray) -> str | None:
    """Why a JPEG is not a single baseline (or extended sequential) Huffman scan,
    whose decoding costs about the same per pixel whatever the data; None if it is."""
    pos = 2  # after SOI
    frame = False
    for _ in range(MAX_JPEG_SEGMENTS):
        if pos + 4 > len(data) or data[pos] != 0xFF:
            return "a JPEG image that does not decode"
        marker = data[pos + 1]
        length = int.from_bytes(data[pos + 2 : pos + 4], "big")
        # No fill bytes (libjpeg writes none) and no stand-alone markers here.
        if length < 2 or marker in (0x01, 0xD8, 0xD9, 0xFF) or 0xD0 <= marker <= 0xD7:
            return "a JPEG image that does not decode"
        if marker in (0xC0, 0xC1):
            frame = True
        elif 0xC2 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
            return "a JPEG image that is not baseline (progressive, lossless or arithmetic)"
        elif marker == 0xDA:
            if not frame:
                return "a JPEG image that does not decode"
            if data.find(b"\xff\xda", pos + 2) != -1:
                return "a JPEG image in more than one scan"
            return None
        pos += 2 + length
    return f"a JPEG image with more than {MAX_JPEG_SEGMENTS} header segments"
