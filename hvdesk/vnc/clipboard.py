"""The Extended Clipboard pseudo-encoding (0xC0A1E5CE): UTF-8 clipboard text in
Server/ClientCutText messages whose length is negative.

Every such message starts with a u32 of flags: formats in the low 16 bits (text is
bit 0), actions in the top byte. `caps` lists the formats and actions a side
supports, each format followed by the largest unsolicited size it takes;
`notify` says which formats the sender now holds, `request` asks for them, `peek`
asks for a notify, `provide` carries the data: one zlib stream holding, for each
format flagged, a u32 size and that many bytes. Text is UTF-8 with CRLF line ends
and a terminating NUL.
"""

from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass

from hvdesk.vnc.encodings.inflate import BoundedInflater
from hvdesk.vnc.errors import ProtocolError

TEXT = 1 << 0
FORMAT_MASK = 0xFFFF
CAPS = 1 << 24
REQUEST = 1 << 25
PEEK = 1 << 26
NOTIFY = 1 << 27
PROVIDE = 1 << 28

OUR_ACTIONS = CAPS | REQUEST | PEEK | NOTIFY | PROVIDE


@dataclass(frozen=True)
class Message:
    flags: int
    payload: bytes  # what follows the flags

    @property
    def formats(self) -> int:
        return self.flags & FORMAT_MASK

    def has(self, action: int) -> bool:
        return bool(self.flags & action)


def parse(data: bytes) -> Message:
    if len(data) < 4:
        raise ProtocolError("The VNC server sent an extended clipboard message without flags.")
    (flags,) = struct.unpack_from(">I", data)
    return Message(flags, data[4:])


def caps_sizes(message: Message) -> dict[int, int]:
    """format bit -> the largest unsolicited size, from a caps message."""
    sizes: dict[int, int] = {}
    pos = 0
    for bit in range(16):
        if message.formats & (1 << bit):
            if pos + 4 > len(message.payload):
                break  # some servers leave sizes out
            (sizes[1 << bit],) = struct.unpack_from(">I", message.payload, pos)
            pos += 4
    return sizes


def inflater(limit: int) -> BoundedInflater:
    """What inflates a provide message's payload (run it as a job: `inflate()`): for
    each format a u32 size and the data; text of at most `limit` bytes."""
    return BoundedInflater(zlib.decompressobj(), limit + 4, "clipboard data")


def text_from_provided(data: bytearray) -> str:
    """The text in an inflated provide payload (text is its first format)."""
    if len(data) < 4:
        raise ProtocolError("The VNC server's clipboard data is cut short.")
    (size,) = struct.unpack_from(">I", data)
    if size > len(data) - 4:
        raise ProtocolError("The VNC server's clipboard text is longer than its data.")
    return from_wire(bytes(data[4 : 4 + size]))


def from_wire(raw: bytes) -> str:
    text = raw.split(b"\0", 1)[0].decode("utf-8", errors="replace")
    return text.replace("\r\n", "\n")


def to_wire(text: str) -> bytes:
    return text.replace("\r\n", "\n").replace("\n", "\r\n").encode("utf-8") + b"\0"


def _message(flags: int, payload: bytes = b"") -> bytes:
    # ClientCutText: type 6, 3 padding bytes, S32 -(length), then flags + payload.
    return struct.pack(">BxxxiI", 6, -(4 + len(payload)), flags) + payload


def caps_message(max_text: int) -> bytes:
    return _message(OUR_ACTIONS | TEXT, struct.pack(">I", max_text))


def notify_message(has_text: bool) -> bytes:
    return _message(NOTIFY | (TEXT if has_text else 0))


def request_message() -> bytes:
    return _message(REQUEST | TEXT)


def provide_message(text: str) -> bytes:
    data = to_wire(text)
    return _message(PROVIDE | TEXT, zlib.compress(struct.pack(">I", len(data)) + data))
