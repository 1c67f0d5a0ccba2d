"""RFB protocol numbers (RFC 6143 and the community extensions QEMU speaks)."""

from __future__ import annotations

import struct

# Security types.
SEC_INVALID = 0
SEC_NONE = 1
SEC_VNC_AUTH = 2
SECURITY_NAMES = {
    5: "RA2",
    6: "RA2ne",
    16: "Tight",
    17: "Ultra",
    18: "TLS",
    19: "VeNCrypt",
    20: "SASL",
    30: "Apple Remote Desktop",
}

# Client to server messages.
MSG_SET_PIXEL_FORMAT = 0
MSG_SET_ENCODINGS = 2
MSG_FRAMEBUFFER_UPDATE_REQUEST = 3
MSG_KEY_EVENT = 4
MSG_POINTER_EVENT = 5
MSG_CLIENT_CUT_TEXT = 6
MSG_SET_DESKTOP_SIZE = 251
MSG_QEMU = 255
QEMU_EXTENDED_KEY_EVENT = 0

# Server to client messages.
MSG_FRAMEBUFFER_UPDATE = 0
MSG_SET_COLOUR_MAP_ENTRIES = 1
MSG_BELL = 2
MSG_SERVER_CUT_TEXT = 3

# Encodings.
ENC_RAW = 0
ENC_ZLIB = 6
ENC_TIGHT = 7
ENC_ZRLE = 16
# Pseudo-encodings.
ENC_DESKTOP_SIZE = -223
ENC_RICH_CURSOR = -239
ENC_POINTER_TYPE_CHANGE = -257
ENC_QEMU_EXTENDED_KEY_EVENT = -258
ENC_LED_STATE = -261
ENC_EXTENDED_DESKTOP_SIZE = -308
ENC_ALPHA_CURSOR = -314
ENC_EXTENDED_CLIPBOARD = struct.unpack(">i", bytes.fromhex("c0a1e5ce"))[0]
ENC_COMPRESS_LEVEL_0 = -256  # .. -247: a hint, never a rectangle
ENC_QUALITY_LEVEL_0 = -32  # .. -23: the Tight JPEG quality hint, never a rectangle

ENCODING_NAMES = {
    ENC_RAW: "Raw",
    ENC_ZLIB: "Zlib",
    ENC_TIGHT: "Tight",
    ENC_ZRLE: "ZRLE",
    ENC_DESKTOP_SIZE: "DesktopSize",
    ENC_RICH_CURSOR: "RichCursor",
    ENC_POINTER_TYPE_CHANGE: "PointerTypeChange",
    ENC_QEMU_EXTENDED_KEY_EVENT: "QEMU ExtendedKeyEvent",
    ENC_LED_STATE: "LED state",
    ENC_EXTENDED_DESKTOP_SIZE: "ExtendedDesktopSize",
    ENC_ALPHA_CURSOR: "AlphaCursor",
}


def encoding_name(encoding: int) -> str:
    return ENCODING_NAMES.get(encoding, str(encoding))


def is_hint(encoding: int) -> bool:
    """Pseudo-encodings that only tell the server something: never sent back as rectangles."""
    return (
        ENC_COMPRESS_LEVEL_0 <= encoding <= ENC_COMPRESS_LEVEL_0 + 9
        or ENC_QUALITY_LEVEL_0 <= encoding <= ENC_QUALITY_LEVEL_0 + 9
        or encoding == ENC_EXTENDED_CLIPBOARD
    )
