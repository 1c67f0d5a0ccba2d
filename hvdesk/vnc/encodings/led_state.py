"""LED state (-261): one byte, bit 0 Scroll Lock, bit 1 Num Lock, bit 2 Caps Lock."""

from __future__ import annotations

from hvdesk.vnc.encodings.base import Host, Rect


class LedStateDecoder:
    def __init__(self, host: Host) -> None:
        self.host = host

    def start(self, rect: Rect) -> None:
        self.host.reader.read(1, self._state, "a keyboard LED state")

    def _state(self, data: memoryview) -> None:
        state = data[0]
        self.host.set_leds(bool(state & 1), bool(state & 2), bool(state & 4))
        self.host.rect_done(False)
