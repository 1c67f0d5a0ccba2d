"""Fixtures for the RFB client's tests: a client connected to the scripted server."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import pytest
from PySide6.QtGui import QImage

from hvdesk.vnc.client import LOCAL_ENCODINGS, RfbClient, connect_rfb
from tests.support.aio import AsyncRunner
from tests.support.rfb_server import RGB, Hello, Msg, RecordingListener, RfbServer, server_pair


@dataclass
class Session:
    server: RfbServer
    client: RfbClient
    listener: RecordingListener
    hello: Hello
    pixel_format: Msg | None
    encodings: Msg
    first_request: Msg

    def close(self) -> None:
        self.client.close()
        self.server.close()


async def open_session(
    *,
    password: str | None = None,
    encodings: Sequence[int] = LOCAL_ENCODINGS,
    listener: RecordingListener | None = None,
    **server_options: Any,
) -> Session:
    server_sock, client_sock = server_pair()
    server = await RfbServer.on(server_sock, **server_options)
    listener = listener or RecordingListener()
    client, hello = await asyncio.gather(
        connect_rfb(client_sock, listener, password=password, encodings=encodings),
        server.handshake(),
    )
    pixel_format, set_encodings, request = await server.setup()
    return Session(server, client, listener, hello, pixel_format, set_encodings, request)


@pytest.fixture
def run(aio: AsyncRunner) -> Iterator[Callable[[Coroutine[Any, Any, Any]], Any]]:
    """run(coro): run a test scenario on the qasync loop; fail on any error the loop
    saw meanwhile (an exception escaping a protocol callback would be one)."""
    loop = aio.loop
    errors: list[dict[str, Any]] = []
    previous = loop.get_exception_handler()
    loop.set_exception_handler(lambda _loop, context: errors.append(context))

    def runner(coro: Coroutine[Any, Any, Any]) -> Any:
        return aio.run(coro, timeout=60)

    try:
        yield runner
        # Let pending callbacks (connection_lost...) run before looking.
        aio.run(asyncio.sleep(0.05))
        assert not errors, f"errors reached the event loop: {errors}"
    finally:
        loop.set_exception_handler(previous)


def rgb_at(image: QImage, x: int, y: int) -> RGB:
    pixel = image.pixel(x, y)
    return ((pixel >> 16) & 0xFF, (pixel >> 8) & 0xFF, pixel & 0xFF)


def region(image: QImage, x: int, y: int, w: int, h: int) -> list[RGB]:
    """The RGB pixels of a rectangle, row by row, read from the image's memory; also
    checks that every pixel's padding byte is 0xff (Format_RGB32's rule)."""
    bits = bytes(image.constBits())
    stride = image.bytesPerLine()
    out: list[RGB] = []
    for row in range(y, y + h):
        line = bits[row * stride + 4 * x : row * stride + 4 * (x + w)]
        assert set(line[3::4]) <= {0xFF}, f"row {row} has non-opaque pixels"
        out += [(line[i + 2], line[i + 1], line[i]) for i in range(0, len(line), 4)]
    return out
