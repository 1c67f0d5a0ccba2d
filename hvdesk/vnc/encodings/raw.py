"""Raw (0): w*h native pixels.

The fast path: a rectangle that spans whole framebuffer rows is one contiguous
region of the image, so the socket receives straight into `framebuffer.bits()`.
A large narrower one is received into its rows of the image too, one scattered
read over many rows (Reader.receive_rows). Small ones arrive in the reader's buffer
and are copied in. Raw costs what its bytes cost to receive: only the rectangle is
charged, and a large rectangle's padding bytes are set in bands.
"""

from __future__ import annotations

from collections.abc import Iterator

from hvdesk.vnc.encodings.base import Host, Rect
from hvdesk.vnc.pixels import (
    BYTES_PER_PIXEL,
    blit,
    image_bits,
    make_opaque,
    make_opaque_in_bands,
    opaque_in_one_pass,
)

# Rectangles up to this size are read into the reader's buffer, larger ones straight
# into the image.
SMALL = 256 * 1024


class RawDecoder:
    def __init__(self, host: Host) -> None:
        self.host = host
        self._rect = Rect(0, 0, 0, 0, 0)

    def start(self, rect: Rect) -> None:
        host = self.host
        self._rect = rect
        size = rect.w * rect.h * BYTES_PER_PIXEL
        if size == 0:
            host.rect_done(False)
        elif rect.x == 0 and rect.w == host.width:
            image = host.framebuffer
            offset = rect.y * image.bytesPerLine()

            def target() -> memoryview:
                # Asked afresh each time: a QImage can detach (copy its data) when
                # someone holds a copy of it, and a memoryview would then point at
                # the wrong pixels.
                return image_bits(image)[offset : offset + size]

            host.reader.receive_into(size, target, self._received_in_place, "a Raw rectangle")
        elif size <= SMALL:
            host.reader.read(size, self._received, "a Raw rectangle")
        else:
            image = host.framebuffer
            stride = image.bytesPerLine()
            row = rect.w * BYTES_PER_PIXEL
            left = rect.y * stride + rect.x * BYTES_PER_PIXEL

            def rows(first: int, count: int) -> list[memoryview]:
                bits = image_bits(image)  # afresh, as target() above
                start = left + first * stride
                return [bits[o : o + row] for o in range(start, start + count * stride, stride)]

            host.reader.receive_rows(rect.h, row, rows, self._received_in_place, "a Raw rectangle")

    def _received_in_place(self) -> None:
        host, r = self.host, self._rect
        if host.fill_padding:
            if not opaque_in_one_pass(host.framebuffer, r.w, r.h):
                host.reader.defer(self._opaque())
                return
            make_opaque(host.framebuffer, r.x, r.y, r.w, r.h)
        host.rect_done(True)

    def _opaque(self) -> Iterator[None]:
        r = self._rect
        yield from make_opaque_in_bands(self.host.framebuffer, r.x, r.y, r.w, r.h)
        self.host.rect_done(True)

    def _received(self, data: memoryview) -> None:
        r = self._rect
        image = self.host.framebuffer
        blit(image, r.x, r.y, r.w, r.h, data)
        if self.host.fill_padding:
            make_opaque(image, r.x, r.y, r.w, r.h)
        self.host.rect_done(True)
