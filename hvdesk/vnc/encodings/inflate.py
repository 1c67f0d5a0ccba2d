"""zlib inflation with a ceiling on the output (no zlib bombs), a piece at a time.

A few kilobytes of zlib data can inflate to the whole ceiling (tens of megabytes,
~3 ns a byte here) in one call; so at most INFLATE_PIECE bytes come out per call, and
what is left of the input becomes a job (hvdesk.vnc.reader.Job) that inflates the
rest piece by piece.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable, Iterator

from hvdesk.vnc.errors import ProtocolError
from hvdesk.vnc.reader import Reader

# Bytes of output per piece: about 3 ms here.
INFLATE_PIECE = 1024 * 1024


class BoundedInflater:
    """Feeds compressed chunks into a (possibly long-lived) decompressor and keeps the
    output, refusing more than `cap` bytes of it."""

    def __init__(self, decompressor: zlib._Decompress, cap: int, what: str) -> None:
        self._d = decompressor
        self._cap = cap
        self._what = what
        self.out = bytearray()

    def feed(self, chunk: memoryview | bytes) -> Iterator[None] | None:
        """Inflate the first piece of chunk now (chunk may be a view that is valid
        only during this call); return a job for the rest, or None if nothing is left."""
        rest = self._piece(chunk)
        return None if rest is None else self._pieces(rest)

    def feeder(self, reader: Reader) -> Callable[[memoryview], None]:
        """A chunk handler for reader.stream(): each chunk's first piece at once, the
        rest as a job the reader runs before the next chunk."""

        def chunk(data: memoryview) -> None:
            rest = self.feed(data)
            if rest is not None:
                reader.defer(rest)

        return chunk

    def inflate(self, data: bytes) -> Iterator[None]:
        """A job that inflates all of data, a piece per step."""
        return self._pieces(data)

    def _pieces(self, data: bytes | None) -> Iterator[None]:
        while data is not None:
            data = self._piece(data)
            yield

    def _piece(self, data: memoryview | bytes) -> bytes | None:
        """Inflate at most INFLATE_PIECE bytes; return the input still to inflate
        (b"" when output may still be pending inside zlib), or None when done."""
        room = self._cap - len(self.out)
        # max_length 0 would mean "no limit": ask for 1 byte to see if any is left.
        most = min(room, INFLATE_PIECE) if room > 0 else 1
        try:
            piece = self._d.decompress(data, most)
        except zlib.error as exc:
            raise ProtocolError(
                f"The VNC server's {self._what} is not valid zlib data ({exc})."
            ) from exc
        if piece:
            if room <= 0:
                raise ProtocolError(
                    f"The VNC server's {self._what} inflates to more data than it "
                    f"should hold ({self._cap} bytes)."
                )
            self.out += piece
        tail = self._d.unconsumed_tail
        if len(piece) == most:
            return tail  # zlib may hold more output, even with no input left
        if tail and len(tail) < len(data):
            return tail
        return None  # all consumed, or no progress possible (input held back by zlib)

    def result(self, expected: int | None = None) -> bytearray:
        if expected is not None and len(self.out) != expected:
            raise ProtocolError(
                f"The VNC server's {self._what} inflates to {len(self.out)} bytes "
                f"instead of {expected}."
            )
        return self.out
