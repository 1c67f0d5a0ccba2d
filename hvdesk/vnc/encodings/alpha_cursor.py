"""AlphaCursor (-314): the rect's x, y are the hotspot; an S32 encoding follows,
then the cursor in that encoding with a fixed format: 32 bpp little-endian, alpha
in the top byte, colour premultiplied by alpha (QImage.Format_ARGB32_Premultiplied).
QEMU sends Raw, the only encoding accepted here.

QEMU before 10.0 sends its cursor with straight (not premultiplied) alpha, against
the specification. Data that cannot be premultiplied — a colour channel above its
alpha — is therefore taken as straight alpha.
"""

from __future__ import annotations

import struct
from operator import le

from PySide6.QtGui import QImage

from hvdesk.vnc.encodings.base import Host, Rect, check_size
from hvdesk.vnc.errors import ProtocolError
from hvdesk.vnc.limits import WORK_CURSOR_PIXEL
from hvdesk.vnc.pixels import image_bits
from hvdesk.vnc.rfb import ENC_RAW, encoding_name


class AlphaCursorDecoder:
    def __init__(self, host: Host) -> None:
        self.host = host
        self._rect = Rect(0, 0, 0, 0, 0)

    def start(self, rect: Rect) -> None:
        limits = self.host.limits
        check_size(rect, limits.max_cursor_width, limits.max_cursor_height, "cursor")
        self._rect = rect
        self.host.reader.read(4, self._encoding, "a cursor shape")

    def _encoding(self, data: memoryview) -> None:
        (encoding,) = struct.unpack(">i", data)
        if encoding != ENC_RAW:
            raise ProtocolError(
                f"The VNC server sent a cursor in {encoding_name(encoding)} encoding; "
                "hvdesk reads alpha cursors in Raw only."
            )
        r = self._rect
        self.host.charge(r.w * r.h * WORK_CURSOR_PIXEL)
        self.host.reader.read(r.w * r.h * 4, self._pixels, "a cursor shape")

    def _pixels(self, data: memoryview) -> None:
        r = self._rect
        if r.w == 0 or r.h == 0:
            self.host.set_cursor(None, 0, 0)
        else:
            premultiplied = all(map(le, map(max, data[0::4], data[1::4], data[2::4]), data[3::4]))
            if premultiplied:
                image = QImage(r.w, r.h, QImage.Format.Format_ARGB32_Premultiplied)
                image_bits(image)[:] = data
                image = image.convertToFormat(QImage.Format.Format_ARGB32)
            else:
                image = QImage(r.w, r.h, QImage.Format.Format_ARGB32)
                image_bits(image)[:] = data
            self.host.set_cursor(image, min(r.x, r.w - 1), min(r.y, r.h - 1))
        self.host.rect_done(False)
