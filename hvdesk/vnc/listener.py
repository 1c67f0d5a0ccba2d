"""What the RFB client tells its user (the console widget). Called on the asyncio
loop's thread, in stream order."""

from __future__ import annotations

from typing import Protocol

from PySide6.QtGui import QImage


class ConsoleListener(Protocol):
    def connected(self, name: str, width: int, height: int) -> None:
        """The handshake is done; the framebuffer has this size (all black so far)."""

    def framebuffer_resized(self, width: int, height: int) -> None:
        """DesktopSize / ExtendedDesktopSize: the framebuffer image was replaced."""

    def framebuffer_updated(self, x: int, y: int, width: int, height: int) -> None:
        """One FramebufferUpdate finished; this is the bounding box of what changed."""

    def cursor_changed(self, image: QImage | None, hot_x: int, hot_y: int) -> None:
        """RichCursor / AlphaCursor (ARGB32 image), or None for an invisible cursor."""

    def pointer_mode_changed(self, absolute: bool) -> None:
        """PointerTypeChange: the guest has (or lost) an absolute pointing device."""

    def leds_changed(self, scroll_lock: bool, num_lock: bool, caps_lock: bool) -> None: ...

    def clipboard_received(self, text: str) -> None: ...

    def bell(self) -> None: ...

    def closed(self, error: str | None) -> None:
        """The connection ended: error is None for a clean close, else a sentence."""
