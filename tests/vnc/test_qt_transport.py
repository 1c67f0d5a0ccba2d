"""QtSocketTransport on real sockets (socketpairs and loopback TCP), driven by the Qt
event loop as the console uses it."""

from __future__ import annotations

import asyncio
import socket
import threading
from collections.abc import Iterator
from typing import Any

import pytest

from hvdesk.vnc.qt_transport import LOW_WATER_MAX, LOW_WATER_MIN, QtSocketTransport
from tests.support.aio import AsyncRunner


class Sink(asyncio.BufferedProtocol):
    """Keeps every byte; a fixed-size buffer so large transfers take many reads."""

    def __init__(self, buffer_size: int = 4096, expected: int | None = None) -> None:
        self.buf = bytearray(buffer_size)
        self.data = bytearray()
        self.reads = 0
        self.made = False
        self.eof = False
        self.lost: list[Exception | None] = []
        self.expected = expected
        self.transport: QtSocketTransport | None = None

    def connection_made(self, transport: Any) -> None:
        self.made = True
        self.transport = transport

    def get_buffer(self, sizehint: int) -> memoryview:
        return memoryview(self.buf)

    def buffer_updated(self, nbytes: int) -> None:
        self.reads += 1
        self.data += self.buf[:nbytes]

    def eof_received(self) -> bool:
        self.eof = True
        return False

    def connection_lost(self, exc: Exception | None) -> None:
        self.lost.append(exc)

    def bytes_expected(self) -> int:
        if self.expected is None:
            return 1
        return max(self.expected - len(self.data), 1)


@pytest.fixture
def pair() -> Iterator[tuple[socket.socket, socket.socket]]:
    ours, theirs = socket.socketpair()
    yield ours, theirs
    for s in (ours, theirs):
        s.close()


@pytest.fixture
def tcp_pair() -> Iterator[tuple[socket.socket, socket.socket]]:
    with socket.create_server(("127.0.0.1", 0)) as server:
        ours = socket.create_connection(server.getsockname())
        theirs, _ = server.accept()
    yield ours, theirs
    for s in (ours, theirs):
        s.close()


def _receive_available(sock: socket.socket, into: bytearray) -> bool:
    """Append what the (non-blocking) socket holds now; True once its peer has closed."""
    try:
        while data := sock.recv(65536):
            into.extend(data)
        return True
    except BlockingIOError:
        return False


def _pattern(n: int) -> bytes:
    return bytes(i * 7 % 251 for i in range(n))


def test_reads_everything_in_order_and_reports_eof(
    aio: AsyncRunner, pair: tuple[socket.socket, socket.socket]
) -> None:
    ours, theirs = pair
    sink = Sink(buffer_size=4096)
    QtSocketTransport(aio.loop, ours, sink)
    payload = _pattern(300_000)
    sender = threading.Thread(target=theirs.sendall, args=(payload,))
    sender.start()
    aio.wait_until(lambda: len(sink.data) == len(payload))
    sender.join()
    assert sink.made
    assert bytes(sink.data) == payload
    # A full buffer means "more may be waiting": the transport read on in one wake-up.
    assert sink.reads >= len(payload) // 4096
    theirs.shutdown(socket.SHUT_WR)
    aio.wait_until(lambda: sink.lost == [None])
    assert sink.eof
    assert ours.fileno() == -1  # closed after connection_lost


def test_writes_that_the_socket_cannot_take_wait_and_go_in_order(
    aio: AsyncRunner, pair: tuple[socket.socket, socket.socket]
) -> None:
    ours, theirs = pair
    sink = Sink()
    transport = QtSocketTransport(aio.loop, ours, sink)
    aio.wait_until(lambda: sink.made)
    chunks = [_pattern(100_000), b"tail", _pattern(1_000_000)]
    for chunk in chunks:
        transport.write(chunk)
    assert transport.get_write_buffer_size() > 0  # the peer has not read yet
    received = bytearray()
    theirs.setblocking(False)
    total = sum(map(len, chunks))
    aio.wait_until(lambda: _receive_available(theirs, received) or len(received) == total)
    assert bytes(received) == b"".join(chunks)
    assert transport.get_write_buffer_size() == 0


def test_close_sends_the_backlog_first(
    aio: AsyncRunner, pair: tuple[socket.socket, socket.socket]
) -> None:
    ours, theirs = pair
    sink = Sink()
    transport = QtSocketTransport(aio.loop, ours, sink)
    aio.wait_until(lambda: sink.made)
    payload = _pattern(2_000_000)
    transport.write(payload)
    transport.close()
    assert transport.is_closing()
    transport.write(b"after close")  # dropped, not an error
    received = bytearray()
    theirs.setblocking(False)
    aio.wait_until(lambda: _receive_available(theirs, received))  # until the transport closes
    assert bytes(received) == payload
    assert sink.lost == [None]


def test_a_reset_connection_is_lost_with_the_error(
    aio: AsyncRunner, tcp_pair: tuple[socket.socket, socket.socket]
) -> None:
    ours, theirs = tcp_pair
    sink = Sink()
    QtSocketTransport(aio.loop, ours, sink)
    aio.wait_until(lambda: sink.made)
    theirs.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
    theirs.close()  # linger 0: RST
    aio.wait_until(lambda: len(sink.lost) == 1)
    assert isinstance(sink.lost[0], ConnectionResetError)


def test_a_failing_protocol_ends_only_its_connection(
    aio: AsyncRunner, pair: tuple[socket.socket, socket.socket]
) -> None:
    ours, theirs = pair
    reported: list[dict[str, Any]] = []
    previous = aio.loop.get_exception_handler()
    aio.loop.set_exception_handler(lambda _loop, context: reported.append(context))

    class Broken(Sink):
        def buffer_updated(self, nbytes: int) -> None:
            raise ValueError("decoder bug")

    sink = Broken()
    try:
        QtSocketTransport(aio.loop, ours, sink)
        theirs.sendall(b"x")
        aio.wait_until(lambda: len(sink.lost) == 1)
    finally:
        aio.loop.set_exception_handler(previous)
    assert isinstance(sink.lost[0], ValueError)
    assert "buffer_updated" in reported[0]["message"]


def test_tcp_waits_for_what_the_protocol_expects(
    aio: AsyncRunner, tcp_pair: tuple[socket.socket, socket.socket]
) -> None:
    """SO_RCVLOWAT: a protocol waiting for 600 kB is not woken for the first 100 kB,
    and the rest arrives in few reads."""
    ours, theirs = tcp_pair
    size = 600_000
    assert LOW_WATER_MIN < size < LOW_WATER_MAX
    sink = Sink(buffer_size=size, expected=size)
    QtSocketTransport(aio.loop, ours, sink)
    payload = _pattern(size)
    theirs.sendall(b"x")  # one wake-up before the protocol expects much: sets the mark
    sink.expected = size + 1
    aio.wait_until(lambda: len(sink.data) == 1)
    aio.wait_until(
        lambda: ours.getsockopt(socket.SOL_SOCKET, socket.SO_RCVLOWAT) == size, timeout=2
    )
    theirs.sendall(payload[:100_000])
    aio.qtbot.wait(300)
    assert len(sink.data) == 1, "woken before the expected bytes were there"
    sender = threading.Thread(target=theirs.sendall, args=(payload[100_000:],))
    sender.start()
    aio.wait_until(lambda: len(sink.data) == size + 1)
    sender.join()
    assert bytes(sink.data[1:]) == payload
    assert sink.reads <= 6


def test_unix_sockets_keep_the_default_low_water_mark(
    aio: AsyncRunner, pair: tuple[socket.socket, socket.socket]
) -> None:
    ours, theirs = pair
    sink = Sink(expected=900_000)
    QtSocketTransport(aio.loop, ours, sink)
    theirs.sendall(b"abc")
    aio.wait_until(lambda: len(sink.data) == 3)  # poll() ignores SO_RCVLOWAT here
    assert ours.getsockopt(socket.SOL_SOCKET, socket.SO_RCVLOWAT) == 1
