"""zlib inflation with a ceiling on the output (no zlib bombs)."""

from __future__ import annotations

import zlib

from hvdesk.vnc.errors import ProtocolError


class BoundedInflater:
    """Feeds compressed chunks into a (possibly long-lived) decompressor and keeps the
    output, refusing more than `cap` bytes of it."""

    def __init__(self, decompressor: zlib._Decompress, cap: int, what: str) -> None:
        self._d = decompressor
        self._cap = cap
        self._what = what
        self.out = bytearray()

    def feed(self, chunk: memoryview | bytes) -> None:
        data: bytes | memoryview = chunk
        try:
            while data:
                room = self._cap - len(self.out)
                # max_length 0 would mean "no limit": ask for 1 byte to see if any is left.
                piece = self._d.decompress(data, room if room > 0 else 1)
                if piece:
                    if room <= 0:
                        raise ProtocolError(
                            f"The VNC server's {self._what} inflates to more data than it "
                            f"should hold ({self._cap} bytes)."
                        )
                    self.out += piece
                tail = self._d.unconsumed_tail
                if not piece and len(tail) >= len(data):
                    break  # no progress possible (input held back by zlib)
                data = tail
        except zlib.error as exc:
            raise ProtocolError(
                f"The VNC server's {self._what} is not valid zlib data ({exc})."
            ) from exc

    def result(self, expected: int | None = None) -> bytearray:
        if expected is not None and len(self.out) != expected:
            raise ProtocolError(
                f"The VNC server's {self._what} inflates to {len(self.out)} bytes "
                f"instead of {expected}."
            )
        return self.out
