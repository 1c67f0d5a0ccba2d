"""DesktopSize (-223): the rect's w, h are the framebuffer's new size. No data."""

from __future__ import annotations

from hvdesk.vnc.encodings.base import Host, Rect, check_size
from hvdesk.vnc.errors import ProtocolError


def check_framebuffer_size(host: Host, w: int, h: int) -> None:
    limits = host.limits
    check_size(Rect(0, 0, w, h, 0), limits.max_width, limits.max_height, "framebuffer")
    if w == 0 or h == 0:
        raise ProtocolError(f"The VNC server resized its framebuffer to {w}×{h}, which is empty.")


class DesktopSizeDecoder:
    def __init__(self, host: Host) -> None:
        self.host = host

    def start(self, rect: Rect) -> None:
        check_framebuffer_size(self.host, rect.w, rect.h)
        self.host.resize(rect.w, rect.h)
        self.host.rect_done(False)
