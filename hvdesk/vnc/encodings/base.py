"""What a decoder sees of the client (the Host), and the rectangle it decodes.

Decoders keep every step of the GUI thread short (DESIGN rule 10): work that grows
with a rectangle's size runs as a job (Reader.defer) in bands of rows or tiles, and
is charged to the host (`Host.charge`) before it is done.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Protocol

from PySide6.QtGui import QImage

from hvdesk.vnc.errors import ProtocolError
from hvdesk.vnc.limits import Limits
from hvdesk.vnc.reader import Reader
from hvdesk.vnc.rfb import encoding_name


@dataclass(frozen=True, slots=True)
class Rect:
    x: int
    y: int
    w: int
    h: int
    encoding: int

    @property
    def name(self) -> str:
        return encoding_name(self.encoding)


class Host(Protocol):
    """The client, as decoders use it."""

    reader: Reader
    limits: Limits
    framebuffer: QImage
    width: int
    height: int
    fill_padding: bool  # set pixels' padding byte to 0xff (see RfbClient.fill_padding)

    def rect_done(self, changed: bool) -> None:
        """The rectangle is decoded; changed: it wrote framebuffer pixels."""

    def charge(self, units: int) -> None:
        """Count work (limits.WORK_*) about to be done; raises ProtocolError when
        the server asks for more than its bound."""

    # What pseudo-encodings report.
    def resize(self, width: int, height: int) -> Iterator[None]:
        """A job: a new (black) framebuffer of this size replaces the old one."""

    def set_cursor(self, image: QImage | None, hot_x: int, hot_y: int) -> None: ...
    def set_pointer_mode(self, absolute: bool) -> None: ...
    def set_leds(self, scroll_lock: bool, num_lock: bool, caps_lock: bool) -> None: ...
    def enable_qemu_keys(self) -> None: ...
    def set_screens(self, screens: list[tuple[int, int, int, int, int, int]]) -> None: ...
    def desktop_size_refused(self, status: int) -> None: ...


class Decoder(Protocol):
    def start(self, rect: Rect) -> None: ...


def check_size(rect: Rect, max_w: int, max_h: int, what: str) -> None:
    if rect.w > max_w or rect.h > max_h:
        raise ProtocolError(
            f"The VNC server sent a {rect.w}×{rect.h} {what}; "
            f"hvdesk accepts at most {max_w}×{max_h}."
        )


Step = Callable[[memoryview], None]
