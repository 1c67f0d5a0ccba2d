"""Zlib (6): a u32 length, then zlib data that inflates to the rectangle's Raw
pixels. One zlib stream lasts the whole connection.

Inflated a piece at a time (BoundedInflater), then copied into the image in bands.
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Iterator

from hvdesk.vnc.encodings.base import Host, Rect
from hvdesk.vnc.encodings.inflate import BoundedInflater
from hvdesk.vnc.errors import ProtocolError
from hvdesk.vnc.limits import WORK_PIXEL
from hvdesk.vnc.pixels import (
    BYTES_PER_PIXEL,
    FILL_BAND_PIXELS,
    bands,
    blit,
    make_opaque_in_bands,
)


class ZlibDecoder:
    def __init__(self, host: Host) -> None:
        self.host = host
        self._stream = zlib.decompressobj()
        self._rect = Rect(0, 0, 0, 0, 0)
        self._inflater: BoundedInflater | None = None

    def start(self, rect: Rect) -> None:
        self._rect = rect
        self.host.reader.read(4, self._length, "a Zlib rectangle")

    def _length(self, data: memoryview) -> None:
        (length,) = struct.unpack(">I", data)
        r = self._rect
        raw = r.w * r.h * BYTES_PER_PIXEL
        limit = self.host.limits.max_compressed(raw)
        if length > limit:
            raise ProtocolError(
                f"The VNC server sent {length} bytes of Zlib data for a "
                f"{r.w}×{r.h} rectangle (at most {limit} make sense)."
            )
        self.host.charge(r.w * r.h * WORK_PIXEL)
        self._inflater = BoundedInflater(self._stream, raw, "Zlib rectangle")
        reader = self.host.reader
        reader.stream(length, self._inflater.feeder(reader), self._done, "a Zlib rectangle")

    def _done(self) -> None:
        assert self._inflater is not None
        r = self._rect
        pixels = self._inflater.result(r.w * r.h * BYTES_PER_PIXEL)
        self._inflater = None
        self.host.reader.defer(self._draw(pixels))

    def _draw(self, pixels: bytearray) -> Iterator[None]:
        r = self._rect
        image = self.host.framebuffer
        row = r.w * BYTES_PER_PIXEL
        view = memoryview(pixels)
        for top, rows in bands(r.w, r.h, FILL_BAND_PIXELS):
            blit(image, r.x, r.y + top, r.w, rows, view[top * row : (top + rows) * row])
            yield
        if self.host.fill_padding:
            yield from make_opaque_in_bands(image, r.x, r.y, r.w, r.h)
        self.host.rect_done(True)
