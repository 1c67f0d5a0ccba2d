"""PointerTypeChange (-257, QEMU): x != 0 means the guest has an absolute pointing
device (a tablet); 0 means relative (a mouse). No data."""

from __future__ import annotations

from hvdesk.vnc.encodings.base import Host, Rect


class PointerTypeDecoder:
    def __init__(self, host: Host) -> None:
        self.host = host

    def start(self, rect: Rect) -> None:
        self.host.set_pointer_mode(rect.x != 0)
        self.host.rect_done(False)
