"""ZRLE (16): a u32 length, then zlib data (one stream for the connection) holding
64×64 tiles, each raw, solid, packed-palette, plain RLE or palette RLE.

Pixels are CPIXELs: with the client's format (32 bpp, depth 24) the three low
bytes of each pixel, B, G, R. Runs are checked against the tile, palette indices
against the palette, and the inflated size against what the tiles can need.

Bounded work: the data is inflated a piece at a time and decoded a tile per step
(a tile of 4096 runs of one pixel takes ~2 ms here); each run is charged as slow
work, since a few kilobytes of zlib data can hold a screen of them.
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Iterator

from hvdesk.vnc.encodings.base import Host, Rect
from hvdesk.vnc.encodings.inflate import BoundedInflater
from hvdesk.vnc.errors import ProtocolError
from hvdesk.vnc.limits import WORK_PIXEL, WORK_SLOW
from hvdesk.vnc.pixels import blit, expand_bgr24, palette_lookup, unpack_indices

TILE = 64
CPIXEL = 3
MAX_PALETTE = 127


def max_inflated(w: int, h: int) -> int:
    """The most bytes valid tile data for a w×h rectangle can take: per tile a
    subencoding byte and a palette, and per pixel at most 4 bytes (a plain RLE run
    of one: CPIXEL + length byte)."""
    tiles = ((w + TILE - 1) // TILE) * ((h + TILE - 1) // TILE)
    return tiles * (1 + MAX_PALETTE * CPIXEL) + w * h * (CPIXEL + 1)


def _bad(detail: str) -> ProtocolError:
    return ProtocolError(f"The VNC server sent a malformed ZRLE rectangle: {detail}.")


class ZrleDecoder:
    def __init__(self, host: Host) -> None:
        self.host = host
        self._stream = zlib.decompressobj()
        self._rect = Rect(0, 0, 0, 0, 0)
        self._inflater: BoundedInflater | None = None

    def start(self, rect: Rect) -> None:
        self._rect = rect
        self.host.reader.read(4, self._length, "a ZRLE rectangle")

    def _length(self, data: memoryview) -> None:
        (length,) = struct.unpack(">I", data)
        r = self._rect
        cap = max_inflated(r.w, r.h)
        limit = self.host.limits.max_compressed(cap)
        if length > limit:
            raise _bad(f"{length} bytes of data for {r.w}×{r.h} pixels")
        self.host.charge(r.w * r.h * WORK_PIXEL)
        self._inflater = BoundedInflater(self._stream, cap, "ZRLE rectangle")
        reader = self.host.reader
        reader.stream(length, self._inflater.feeder(reader), self._done, "a ZRLE rectangle")

    def _done(self) -> None:
        assert self._inflater is not None
        data = bytes(self._inflater.result())
        self._inflater = None
        self.host.reader.defer(self._tiles(data))

    def _tiles(self, data: bytes) -> Iterator[None]:
        r = self._rect
        image = self.host.framebuffer
        pos = 0
        for ty in range(r.y, r.y + r.h, TILE):
            th = min(TILE, r.y + r.h - ty)
            for tx in range(r.x, r.x + r.w, TILE):
                tw = min(TILE, r.x + r.w - tx)
                pixels, pos, runs = _tile(data, pos, tw, th)
                if runs:
                    self.host.charge(runs * WORK_SLOW)
                blit(image, tx, ty, tw, th, pixels)
                yield
        if pos != len(data):
            raise _bad(f"{len(data) - pos} bytes left over after the last tile")
        self.host.rect_done(r.w > 0 and r.h > 0)


def _need(data: bytes, pos: int, n: int) -> None:
    if pos + n > len(data):
        raise _bad("its tiles need more data than it holds")


def _palette(data: bytes, pos: int, size: int) -> tuple[list[bytes], int]:
    _need(data, pos, size * CPIXEL)
    palette = [data[p : p + CPIXEL] + b"\xff" for p in range(pos, pos + size * CPIXEL, CPIXEL)]
    return palette, pos + size * CPIXEL


def _run_length(data: bytes, pos: int) -> tuple[int, int]:
    length = 1
    while True:
        if pos >= len(data):
            raise _bad("a run length is cut off")
        b = data[pos]
        pos += 1
        length += b
        if b != 255:
            return length, pos


def _tile(data: bytes, pos: int, w: int, h: int) -> tuple[bytes | bytearray, int, int]:
    """Decode one tile at data[pos:]: (its native pixels, the position after it, the
    runs decoded one by one)."""
    count = w * h
    _need(data, pos, 1)
    sub = data[pos]
    pos += 1
    if sub == 0:  # raw
        _need(data, pos, count * CPIXEL)
        return expand_bgr24(data[pos : pos + count * CPIXEL], count), pos + count * CPIXEL, 0
    if sub == 1:  # solid
        _need(data, pos, CPIXEL)
        return (data[pos : pos + CPIXEL] + b"\xff") * count, pos + CPIXEL, 0
    if 2 <= sub <= 16:  # packed palette
        palette, pos = _palette(data, pos, sub)
        bits = 1 if sub == 2 else 2 if sub <= 4 else 4
        row_bytes = (w * bits + 7) // 8
        _need(data, pos, row_bytes * h)
        indices = unpack_indices(data[pos : pos + row_bytes * h], w, h, bits)
        if max(indices) >= sub:
            raise _bad(f"a palette index beyond its {sub} colours")
        return palette_lookup(indices, palette), pos + row_bytes * h, 0
    if sub == 128:  # plain RLE
        parts = []
        done = 0
        while done < count:
            _need(data, pos, CPIXEL)
            pixel = data[pos : pos + CPIXEL] + b"\xff"
            length, pos = _run_length(data, pos + CPIXEL)
            if done + length > count:
                raise _bad("a run goes past the end of its tile")
            parts.append(pixel * length)
            done += length
        return b"".join(parts), pos, len(parts)
    if sub >= 130:  # palette RLE
        size = sub - 128
        palette, pos = _palette(data, pos, size)
        parts = []
        done = 0
        while done < count:
            _need(data, pos, 1)
            index = data[pos]
            pos += 1
            length = 1
            if index & 0x80:
                index &= 0x7F
                length, pos = _run_length(data, pos)
            if index >= size:
                raise _bad(f"a palette index beyond its {size} colours")
            if done + length > count:
                raise _bad("a run goes past the end of its tile")
            parts.append(palette[index] * length)
            done += length
        return b"".join(parts), pos, len(parts)
    raise _bad(f"tile subencoding {sub}, which does not exist")
