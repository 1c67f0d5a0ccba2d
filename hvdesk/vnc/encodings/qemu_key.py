"""QEMU ExtendedKeyEvent (-258): the server's acknowledgement that it takes key
events as scancodes. No data."""

from __future__ import annotations

from hvdesk.vnc.encodings.base import Host, Rect


class QemuKeyDecoder:
    def __init__(self, host: Host) -> None:
        self.host = host

    def start(self, rect: Rect) -> None:
        self.host.enable_qemu_keys()
        self.host.rect_done(False)
