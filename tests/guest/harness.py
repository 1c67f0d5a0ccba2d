"""Driving the test guest with plain libvirt-python: event loop, embedded
connection, serial log and screenshots."""

from __future__ import annotations

import struct
import time
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import libvirt

from hvdesk.core.embed import embed_uri, prepare_root
from hvdesk.core.events import ensure_event_loop


def start_event_loop() -> None:
    """libvirt's default event loop on a daemon thread, once per process and before
    the first open(): the embedded driver needs it running while any call is in
    flight. hvdesk's own helper, so that tests and application share one loop."""
    ensure_event_loop()


def open_embedded(root: Path) -> Any:
    """A `qemu:///embed?root=...` connection. A process can use one root in its
    lifetime (see the `embed_root` fixture), and a root one process at a time."""
    prepare_root(root)
    start_event_loop()
    return libvirt.open(embed_uri(root))


def wait_for_serial(log: Path, text: str, timeout: float = 60.0, start: int = 0) -> float:
    """Wait until `text` appears in the serial log after byte `start`; return the
    seconds it took. Raises TimeoutError with the log's tail."""
    t0 = time.monotonic()
    needle = text.encode()
    while True:
        data = log.read_bytes() if log.exists() else b""
        if needle in data[start:]:
            return time.monotonic() - t0
        if time.monotonic() - t0 > timeout:
            tail = data[-2000:].decode(errors="replace")
            raise TimeoutError(f"{text!r} not in {log} after {timeout} s; it ends with:\n{tail}")
        time.sleep(0.05)


def wait_for_state(dom: Any, state: int, timeout: float = 60.0) -> float:
    """Wait until dom.state()[0] == state (e.g. libvirt.VIR_DOMAIN_SHUTOFF)."""
    t0 = time.monotonic()
    while dom.state()[0] != state:
        if time.monotonic() - t0 > timeout:
            raise TimeoutError(f"domain state {dom.state()} is not {state} after {timeout} s")
        time.sleep(0.05)
    return time.monotonic() - t0


@dataclass(frozen=True)
class Image:
    width: int
    height: int
    rgb: bytes  # 3 bytes a pixel, rows top to bottom

    def pixel(self, x: int, y: int) -> tuple[int, int, int]:
        i = 3 * (y * self.width + x)
        r, g, b = self.rgb[i : i + 3]
        return r, g, b


def screenshot(dom: Any, screen: int = 0) -> Image:
    """virDomainScreenshot through a virStream, decoded (QEMU sends PNG when it can,
    QEMU < 7.1 PPM)."""
    stream = dom.connect().newStream(0)
    try:
        dom.screenshot(stream, screen, 0)
        chunks: list[bytes] = []
        stream.recvAll(lambda _st, data, acc: acc.append(data) or len(data), chunks)
        stream.finish()
    except libvirt.libvirtError:
        stream.abort()
        raise
    return decode_image(b"".join(chunks))


def decode_image(data: bytes) -> Image:
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return _decode_png(data)
    if data.startswith(b"P6"):
        return _decode_ppm(data)
    raise ValueError(f"unknown image format: {data[:16]!r}")


def _decode_ppm(data: bytes) -> Image:
    # P6 <w> <h> <maxval>\n<binary>; QEMU writes no comments.
    fields = data.split(maxsplit=4)
    width, height, maxval = int(fields[1]), int(fields[2]), int(fields[3])
    if maxval != 255:
        raise ValueError(f"PPM maxval {maxval}")
    return Image(width, height, fields[4][: 3 * width * height])


def _decode_png(data: bytes) -> Image:
    """8-bit RGB/RGBA non-interlaced PNG, which is what QEMU writes."""
    pos, idat, header = 8, bytearray(), b""
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind, body = data[pos + 4 : pos + 8], data[pos + 8 : pos + 8 + length]
        pos += 12 + length
        if kind == b"IHDR":
            header = body
        elif kind == b"IDAT":
            idat += body
        elif kind == b"IEND":
            break
    width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", header)
    if depth != 8 or colour not in (2, 6) or interlace:
        raise ValueError(f"unsupported PNG: depth {depth} colour {colour} interlace {interlace}")
    bpp = 3 if colour == 2 else 4
    stride = width * bpp
    raw = zlib.decompress(bytes(idat))
    out = bytearray()
    prev = bytearray(stride)
    for y in range(height):
        start = y * (stride + 1)
        kind = raw[start]
        row = bytearray(raw[start + 1 : start + 1 + stride])
        if kind == 1:  # Sub
            for i in range(bpp, stride):
                row[i] = (row[i] + row[i - bpp]) & 0xFF
        elif kind == 2:  # Up
            row = bytearray((a + b) & 0xFF for a, b in zip(row, prev, strict=True))
        elif kind == 3:  # Average
            for i in range(stride):
                left = row[i - bpp] if i >= bpp else 0
                row[i] = (row[i] + ((left + prev[i]) >> 1)) & 0xFF
        elif kind == 4:  # Paeth
            for i in range(stride):
                a = row[i - bpp] if i >= bpp else 0
                b, c = prev[i], prev[i - bpp] if i >= bpp else 0
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                pred = a if pa <= pb and pa <= pc else b if pb <= pc else c
                row[i] = (row[i] + pred) & 0xFF
        out += row
        prev = row
    if bpp == 4:
        del out[3::4]
    return Image(width, height, bytes(out))
