"""Zlib (6): a u32 length, then zlib data that inflates to the rectangle's Raw
pixels. One zlib stream lasts the whole connection."""

from __future__ import annotations

import struct
import zlib

from hvdesk.vnc.encodings.base import Host, Rect
from hvdesk.vnc.encodings.inflate import BoundedInflater
from hvdesk.vnc.errors import ProtocolError
from hvdesk.vnc.pixels import BYTES_PER_PIXEL, blit, make_opaque


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
        raw = self._rect.w * self._rect.h * BYTES_PER_PIXEL
        limit = self.host.limits.max_compressed(raw)
        if length > limit:
            raise ProtocolError(
                f"The VNC server sent {length} bytes of Zlib data for a "
                f"{self._rect.w}×{self._rect.h} rectangle (at most {limit} make sense)."
            )
        self._inflater = BoundedInflater(self._stream, raw, "Zlib rectangle")
        self.host.reader.stream(length, self._inflater.feed, self._done, "a Zlib rectangle")

    def _done(self) -> None:
        assert self._inflater is not None
        r = self._rect
        pixels = self._inflater.result(r.w * r.h * BYTES_PER_PIXEL)
        self._inflater = None
        image = self.host.framebuffer
        blit(image, r.x, r.y, r.w, r.h, pixels)
        if self.host.fill_padding:
            make_opaque(image, r.x, r.y, r.w, r.h)
        self.host.rect_done(True)
