"""DesktopSize (-223): the rect's w, h are the framebuffer's new size. No data."""

from __future__ import annotations

from collections.abc import Iterator

from hvdesk.vnc.encodings.base import Host, Rect, check_size
from hvdesk.vnc.errors import ProtocolError


def check_framebuffer_size(host: Host, w: int, h: int) -> None:
    limits = host.limits
    check_size(Rect(0, 0, w, h, 0), limits.max_width, limits.max_height, "framebuffer")
    if w == 0 or h == 0:
        raise ProtocolError(f"The VNC server resized its framebuffer to {w}×{h}, which is empty.")


def resize_then_done(host: Host, w: int, h: int) -> Iterator[None]:
    """A job: the framebuffer takes the new size, then the rectangle is done."""
    yield from host.resize(w, h)
    host.rect_done(False)


class DesktopSizeDecoder:
    def __init__(self, host: Host) -> None:
        self.host = host

    def start(self, rect: Rect) -> None:
        check_framebuffer_size(self.host, rect.w, rect.h)
        self.host.reader.defer(resize_then_done(self.host, rect.w, rect.h))
