"""Pixel formats and the bulk pixel operations the decoders share.

The client always works in one pixel format, NATIVE: 32 bits per pixel, depth 24,
little-endian, red shift 16 — QEMU's own format, and byte for byte
`QImage.Format_RGB32` (B, G, R, X in memory). Everything here works on whole rows
or whole buffers with C-level slicing (bytes.translate, extended-slice
assignment); there are no per-pixel Python loops. Large rectangles are worked on in
bands of rows (`bands`), one band per step of a job (hvdesk.vnc.reader.Job), so
that no single call holds the GUI thread for long.
"""

from __future__ import annotations

import struct
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import cast

from PySide6.QtCore import QRect
from PySide6.QtGui import QColor, QImage, QPainter

Buffer = bytes | bytearray | memoryview


@dataclass(frozen=True)
class PixelFormat:
    bits_per_pixel: int
    depth: int
    big_endian: bool
    true_colour: bool
    red_max: int
    green_max: int
    blue_max: int
    red_shift: int
    green_shift: int
    blue_shift: int

    _STRUCT = struct.Struct(">BBBBHHHBBBxxx")

    @classmethod
    def unpack(cls, data: Buffer) -> PixelFormat:
        bpp, depth, be, tc, rmax, gmax, bmax, rs, gs, bs = cls._STRUCT.unpack(data)
        return cls(bpp, depth, bool(be), bool(tc), rmax, gmax, bmax, rs, gs, bs)

    def pack(self) -> bytes:
        return self._STRUCT.pack(
            self.bits_per_pixel,
            self.depth,
            int(self.big_endian),
            int(self.true_colour),
            self.red_max,
            self.green_max,
            self.blue_max,
            self.red_shift,
            self.green_shift,
            self.blue_shift,
        )


NATIVE = PixelFormat(32, 24, False, True, 255, 255, 255, 16, 8, 0)
BYTES_PER_PIXEL = 4
OPAQUE_BLACK = b"\x00\x00\x00\xff"


def is_native(fmt: PixelFormat) -> bool:
    """Whether pixels in fmt are bytes B, G, R, X (the depth may say 24 or 32)."""
    return (
        fmt.bits_per_pixel == 32
        and fmt.true_colour
        and not fmt.big_endian
        and (fmt.red_max, fmt.green_max, fmt.blue_max) == (255, 255, 255)
        and (fmt.red_shift, fmt.green_shift, fmt.blue_shift) == (16, 8, 0)
    )


def image_bits(image: QImage) -> memoryview:
    """The image's pixel memory, writable. Ask again after anything that may have
    replaced it: a QImage detaches (copies) its data when a copy of it exists."""
    return cast(memoryview, image.bits())


def new_framebuffer(width: int, height: int) -> QImage:
    """An RGB32 image whose pixels are not set yet: the client paints it black in
    bands (`paint_black`); filling 8192×8192 at once takes ~140 ms here."""
    return QImage(width, height, QImage.Format.Format_RGB32)


# Pixels per band of a job (expanding 3-byte pixels: ~3 ms here).
BAND_PIXELS = 128 * 1024
# Pixels per band where the work is a plain fill or copy (~0.5 ms here, more when the
# pages are touched for the first time).
FILL_BAND_PIXELS = 512 * 1024


def bands(w: int, h: int, pixels: int = BAND_PIXELS) -> Iterator[tuple[int, int]]:
    """(first row, row count) of the bands of about `pixels` pixels (at least one
    row each) that a w×h rectangle splits into."""
    rows = max(1, pixels // max(w, 1))
    for y in range(0, h, rows):
        yield y, min(rows, h - y)


def paint_black(image: QImage) -> Iterator[None]:
    """Fill the whole image with opaque black, a band per step."""
    w = image.width()
    for y, rows in bands(w, image.height(), FILL_BAND_PIXELS):
        fill(image, 0, y, w, rows, OPAQUE_BLACK)
        yield


def fill_in_bands(image: QImage, x: int, y: int, w: int, h: int, pixel: bytes) -> Iterator[None]:
    """fill(), a band per step."""
    for top, rows in bands(w, h, FILL_BAND_PIXELS):
        fill(image, x, y + top, w, rows, pixel)
        yield


def blit(image: QImage, x: int, y: int, w: int, h: int, data: Buffer) -> None:
    """Copy w*h native pixels (rows of w*4 bytes) into image at (x, y)."""
    if w == 0 or h == 0:
        return
    bits = image_bits(image)
    stride = image.bytesPerLine()
    row = w * BYTES_PER_PIXEL
    src = memoryview(data)
    if x == 0 and row == stride:
        bits[y * stride : (y + h) * stride] = src[: row * h]
        return
    if h >= _PAINTER_ROWS:
        # One C-level copy of all rows; a Python loop costs ~0.4 ms for 500 rows.
        source = QImage(src, w, h, row, QImage.Format.Format_RGB32)
        painter = QPainter(image)
        try:
            painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_Source)
            painter.drawImage(x, y, source)
        finally:
            painter.end()
        return
    offset = y * stride + x * BYTES_PER_PIXEL
    for r in range(0, row * h, row):
        bits[offset : offset + row] = src[r : r + row]
        offset += stride


# blit() copies rectangles of at least this many rows with a QPainter.
_PAINTER_ROWS = 32


def fill(image: QImage, x: int, y: int, w: int, h: int, pixel: bytes) -> None:
    """Fill a rectangle with one native pixel (4 bytes)."""
    if w == 0 or h == 0:
        return
    bits = image_bits(image)
    stride = image.bytesPerLine()
    row = pixel * w
    if x == 0 and len(row) == stride:
        bits[y * stride : (y + h) * stride] = row * h
        return
    offset = y * stride + x * BYTES_PER_PIXEL
    for _ in range(h):
        bits[offset : offset + len(row)] = row
        offset += stride


_OPAQUE = QColor(0, 0, 0, 255)


def make_opaque(image: QImage, x: int, y: int, w: int, h: int) -> None:
    """Set the padding byte of a rectangle's pixels to 0xff, as Format_RGB32 requires.

    QEMU sends it as 0; Qt copies it into ARGB32 targets (a window's backing store),
    where it would mean "transparent". Two C-level ways, whichever costs less:

    * a large rectangle: the whole image seen as (non-premultiplied) ARGB32 and
      converted in place to RGB32, which is `pixel | 0xff000000` over the whole
      buffer in one vectorised pass (~0.1 ms for 1024x768, single-threaded);
    * a small one: with the image seen as premultiplied ARGB, adding opaque black
      to the rectangle saturates alpha and leaves colour alone (a QPainter pass,
      ~15x slower per pixel, split over Qt's thread pool for large areas).
    """
    if w == 0 or h == 0:
        return
    if w * h * _WHOLE_IMAGE_FRACTION >= image.width() * image.height():
        image.reinterpretAsFormat(QImage.Format.Format_ARGB32)
        image.convertTo(QImage.Format.Format_RGB32)
        return
    image.reinterpretAsFormat(QImage.Format.Format_ARGB32_Premultiplied)
    painter = QPainter(image)
    try:
        painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_Plus)
        painter.fillRect(QRect(x, y, w, h), _OPAQUE)
    finally:
        painter.end()
        image.reinterpretAsFormat(QImage.Format.Format_RGB32)


# make_opaque converts the whole image when the rectangle is at least this fraction
# (1/n) of it: the whole-image pass is about this much cheaper per pixel.
_WHOLE_IMAGE_FRACTION = 8


def opaque_in_one_pass(image: QImage, w: int, h: int) -> bool:
    """Whether make_opaque() does a w×h rectangle in one short call: the whole-image
    pass (~0.2 ns an image pixel, 15 ms for 8192×8192), or a small rectangle."""
    return w * h <= BAND_PIXELS or w * h * _WHOLE_IMAGE_FRACTION >= image.width() * image.height()


def make_opaque_in_bands(image: QImage, x: int, y: int, w: int, h: int) -> Iterator[None]:
    """make_opaque(), a band per step where it paints the rectangle (~4 ns a pixel)."""
    if opaque_in_one_pass(image, w, h):
        make_opaque(image, x, y, w, h)
        return
    for top, rows in bands(w, h):
        make_opaque(image, x, y + top, w, rows)
        yield


def expand_bgr24(data: Buffer, count: int) -> bytearray:
    """count 3-byte pixels B, G, R (ZRLE's CPIXEL) -> native B, G, R, 0xff."""
    src = memoryview(data)
    out = bytearray(b"\xff") * (count * 4)
    out[0::4] = src[0 : 3 * count : 3]
    out[1::4] = src[1 : 3 * count : 3]
    out[2::4] = src[2 : 3 * count : 3]
    return out


def expand_rgb24(data: Buffer, count: int) -> bytearray:
    """count 3-byte pixels R, G, B (Tight's TPIXEL) -> native B, G, R, 0xff."""
    src = memoryview(data)
    out = bytearray(b"\xff") * (count * 4)
    out[0::4] = src[2 : 3 * count : 3]
    out[1::4] = src[1 : 3 * count : 3]
    out[2::4] = src[0 : 3 * count : 3]
    return out


def _bit_tables(bits: int) -> list[bytes]:
    """For each field of a byte holding 8/bits fields (most significant first), a
    translate table byte -> that field's value."""
    per_byte = 8 // bits
    mask = (1 << bits) - 1
    return [bytes((b >> (8 - bits * (i + 1))) & mask for b in range(256)) for i in range(per_byte)]


_BIT_TABLES = {bits: _bit_tables(bits) for bits in (1, 2, 4)}


def unpack_indices(packed: Buffer, w: int, h: int, bits: int) -> bytes:
    """Rows of bit fields (most significant first, each row padded to a byte) ->
    one byte per pixel, w*h of them."""
    if bits == 8:
        return bytes(packed[: w * h])
    per_byte = 8 // bits
    row_bytes = (w + per_byte - 1) // per_byte
    src = bytes(packed[: row_bytes * h])
    wide = bytearray(len(src) * per_byte)
    for i, table in enumerate(_BIT_TABLES[bits]):
        wide[i::per_byte] = src.translate(table)
    padded = row_bytes * per_byte
    if padded == w:
        return bytes(wide)
    return b"".join(wide[r : r + w] for r in range(0, padded * h, padded))


def palette_lookup(indices: bytes, palette: Sequence[bytes]) -> bytearray:
    """Indices (one byte each, all < len(palette)) -> native pixels."""
    out = bytearray(len(indices) * 4)
    for channel in range(4):
        table = bytes(p[channel] for p in palette).ljust(256, b"\0")
        out[channel::4] = indices.translate(table)
    return out
