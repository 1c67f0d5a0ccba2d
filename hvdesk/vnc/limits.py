"""How much a VNC server may make the client allocate or compute (DESIGN rule 8).

Every size read from the wire is checked against these before memory is touched.
`Limits` carries them so that tests (and the fuzzer) can shrink them; the client
uses `DEFAULT_LIMITS`.
"""

from __future__ import annotations

from dataclasses import dataclass

MAX_FRAMEBUFFER_WIDTH = 8192
MAX_FRAMEBUFFER_HEIGHT = 8192
MAX_CURSOR_WIDTH = 256
MAX_CURSOR_HEIGHT = 256
MAX_NAME_BYTES = 4 * 1024  # desktop name (ServerInit)
MAX_REASON_BYTES = 4 * 1024  # a failure reason during the handshake
MAX_CLIPBOARD_BYTES = 10 * 1024 * 1024  # cut text, on the wire and once inflated
# A compressed rectangle's data may be at most this many times its raw size, plus
# MAX_COMPRESSED_SLACK bytes: zlib never needs more for data it could not shrink.
MAX_COMPRESSED_RATIO = 2
MAX_COMPRESSED_SLACK = 64 * 1024
MAX_JPEG_BYTES = 16 * 1024 * 1024  # one Tight JPEG rectangle
MAX_SCREENS = 16  # ExtendedDesktopSize screens (the wire allows 255)


@dataclass(frozen=True)
class Limits:
    max_width: int = MAX_FRAMEBUFFER_WIDTH
    max_height: int = MAX_FRAMEBUFFER_HEIGHT
    max_cursor_width: int = MAX_CURSOR_WIDTH
    max_cursor_height: int = MAX_CURSOR_HEIGHT
    max_name: int = MAX_NAME_BYTES
    max_reason: int = MAX_REASON_BYTES
    max_clipboard: int = MAX_CLIPBOARD_BYTES
    max_jpeg: int = MAX_JPEG_BYTES
    max_screens: int = MAX_SCREENS

    def max_compressed(self, raw_size: int) -> int:
        """The most compressed bytes a rectangle of raw_size bytes may arrive in."""
        return raw_size * MAX_COMPRESSED_RATIO + MAX_COMPRESSED_SLACK


DEFAULT_LIMITS = Limits()
