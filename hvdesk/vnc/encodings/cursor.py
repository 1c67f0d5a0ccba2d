"""RichCursor (-239): the cursor shape as w*h pixels and a 1-bit mask; the rect's
x, y are the hotspot. Becomes an ARGB32 image: mask bit -> alpha 0xff, else 0."""

from __future__ import annotations

from PySide6.QtGui import QImage

from hvdesk.vnc.encodings.base import Host, Rect, check_size
from hvdesk.vnc.limits import WORK_PIXEL
from hvdesk.vnc.pixels import BYTES_PER_PIXEL, image_bits, unpack_indices

_ALPHA = bytes([0, 0xFF]) + bytes(254)


class RichCursorDecoder:
    def __init__(self, host: Host) -> None:
        self.host = host
        self._rect = Rect(0, 0, 0, 0, 0)

    def start(self, rect: Rect) -> None:
        limits = self.host.limits
        check_size(rect, limits.max_cursor_width, limits.max_cursor_height, "cursor")
        self.host.charge(rect.w * rect.h * WORK_PIXEL)
        self._rect = rect
        size = rect.w * rect.h * BYTES_PER_PIXEL + ((rect.w + 7) // 8) * rect.h
        self.host.reader.read(size, self._data, "a cursor shape")

    def _data(self, data: memoryview) -> None:
        r = self._rect
        if r.w == 0 or r.h == 0:
            self.host.set_cursor(None, 0, 0)
        else:
            count = r.w * r.h
            argb = bytearray(data[: count * BYTES_PER_PIXEL])
            mask = unpack_indices(data[count * BYTES_PER_PIXEL :], r.w, r.h, 1)
            argb[3::4] = mask.translate(_ALPHA)
            image = QImage(r.w, r.h, QImage.Format.Format_ARGB32)
            image_bits(image)[:] = argb  # 32-bit rows have no padding
            self.host.set_cursor(image, min(r.x, r.w - 1), min(r.y, r.h - 1))
        self.host.rect_done(False)
