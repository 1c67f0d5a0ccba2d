"""ExtendedDesktopSize (-308): x is the reason (0 server, 1 this client's request,
2 another client's), y the status of this client's request (0 ok), w, h the new
size; then a u8 screen count, 3 padding bytes and 16 bytes per screen. Receiving
one at all means the server accepts SetDesktopSize."""

from __future__ import annotations

import struct

from hvdesk.vnc.encodings.base import Host, Rect
from hvdesk.vnc.encodings.desktop_size import check_framebuffer_size, resize_then_done
from hvdesk.vnc.errors import ProtocolError

REASON_CLIENT = 1
SCREEN = struct.Struct(">IHHHHI")


class ExtendedDesktopSizeDecoder:
    def __init__(self, host: Host) -> None:
        self.host = host
        self._rect = Rect(0, 0, 0, 0, 0)

    def start(self, rect: Rect) -> None:
        self._rect = rect
        self.host.reader.read(4, self._count, "a desktop size change")

    def _count(self, data: memoryview) -> None:
        count = data[0]
        limit = self.host.limits.max_screens
        if count > limit:
            raise ProtocolError(
                f"The VNC server described {count} screens; hvdesk accepts at most {limit}."
            )
        self.host.reader.read(count * SCREEN.size, self._screens, "a desktop size change")

    def _screens(self, data: memoryview) -> None:
        r = self._rect
        screens = [SCREEN.unpack_from(data, i) for i in range(0, len(data), SCREEN.size)]
        if r.x == REASON_CLIENT and r.y != 0:
            self.host.desktop_size_refused(r.y)  # the other fields are undefined
            self.host.rect_done(False)
        else:
            check_framebuffer_size(self.host, r.w, r.h)
            self.host.set_screens(screens)
            self.host.reader.defer(resize_then_done(self.host, r.w, r.h))
