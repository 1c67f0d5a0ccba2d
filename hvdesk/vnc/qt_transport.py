"""A socket transport for the RFB protocol, woken by QSocketNotifier directly.

asyncio's selector transport on qasync costs two trips through the event loop per
readable event (qasync's notifier slot schedules a call_soon, which is a zero-timer)
and one recv per trip. For a console receiving 50-100 MB/s that bookkeeping was the
largest share of the client's CPU. This transport keeps asyncio's protocol contract
(BufferedProtocol: get_buffer / buffer_updated / eof_received / connection_lost, on
the same Qt event loop, no threads) but reads in the notifier's own slot, and keeps
reading while the socket fills the protocol's buffers completely. A protocol may also
offer several buffers for one read (optional `get_buffers()`: recvmsg_into scatters
the bytes over them), e.g. the rows of a rectangle narrower than the image.

On TCP (remote consoles) the transport also asks the kernel not to wake it before
the protocol can make progress (SO_RCVLOWAT, from the protocol's optional
`bytes_expected()`): a 3 MB Raw frame then arrives in a few large reads instead of
dozens of small ones. poll() ignores that option on UNIX sockets, where it is not set.

A protocol busy with work of its own (the RFB client decoding in slices) calls
pause_reading(): nothing is read meanwhile, and the kernel's socket buffer holds the
server back. Writes go straight to the socket; what the socket does not take waits in a backlog
sent when the socket is writable again (RFB client messages are small).
"""

from __future__ import annotations

import asyncio
import logging
import socket
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QSocketNotifier

log = logging.getLogger(__name__)

# At most this many bytes per wake-up, so one busy connection cannot hold the GUI
# thread: the notifier fires again at once when more is waiting.
READ_BUDGET = 8 * 1024 * 1024

# SO_RCVLOWAT: only waits of at least LOW_WATER_MIN bytes are worth the syscalls;
# at most LOW_WATER_MAX, so the kernel never holds more than that back.
LOW_WATER_MIN = 64 * 1024
LOW_WATER_MAX = 1024 * 1024


class QtSocketTransport(asyncio.Transport):
    def __init__(
        self,
        loop: asyncio.AbstractEventLoop,
        sock: socket.socket,
        protocol: asyncio.BufferedProtocol,
    ) -> None:
        super().__init__({"socket": sock})
        sock.setblocking(False)
        self._loop = loop
        self._sock = sock
        self._protocol = protocol
        self._backlog = bytearray()
        self._closing = False  # close() or a failure: no more reads or writes
        self._finished = False  # connection_lost is scheduled
        expected = getattr(protocol, "bytes_expected", None)
        tcp = sock.family in (socket.AF_INET, socket.AF_INET6)
        self._bytes_expected: Callable[[], int] | None = expected if tcp else None
        self._low_water = 1
        # Optional: buffers for one scattered read (recvmsg_into), e.g. the rows of a
        # rectangle narrower than the image; None when the plain buffer is to be used.
        self._get_buffers: Callable[[], list[memoryview] | None] | None = getattr(
            protocol, "get_buffers", None
        )
        fd = sock.fileno()
        self._reader = QSocketNotifier(fd, QSocketNotifier.Type.Read)
        self._reader.setEnabled(False)
        self._reader.activated.connect(self._read_ready)
        self._writer = QSocketNotifier(fd, QSocketNotifier.Type.Write)
        self._writer.setEnabled(False)
        self._writer.activated.connect(self._write_ready)
        # As asyncio does: connection_made first, then reading starts.
        loop.call_soon(protocol.connection_made, self)
        loop.call_soon(self._start_reading)

    # -- asyncio.BaseTransport ------------------------------------------------------

    def is_closing(self) -> bool:
        return self._closing

    def close(self) -> None:
        """Stop reading; send what is in the backlog, then end the connection."""
        if self._closing:
            return
        self._closing = True
        self._reader.setEnabled(False)
        if not self._backlog:
            self._finish(None)

    def abort(self) -> None:
        self._closing = True
        self._backlog.clear()
        self._finish(None)

    def get_protocol(self) -> asyncio.BaseProtocol:
        return self._protocol

    def set_protocol(self, protocol: asyncio.BaseProtocol) -> None:
        raise NotImplementedError("QtSocketTransport keeps the protocol it was made with")

    # -- asyncio.ReadTransport ------------------------------------------------------

    def is_reading(self) -> bool:
        return self._reader.isEnabled()

    def pause_reading(self) -> None:
        self._reader.setEnabled(False)

    def resume_reading(self) -> None:
        if not self._closing:
            if self._bytes_expected is not None:
                # Set while the protocol was busy: what it waits for may have changed.
                self._update_low_water(self._bytes_expected())
            self._reader.setEnabled(True)

    # -- asyncio.WriteTransport -----------------------------------------------------

    def write(self, data: bytes | bytearray | memoryview) -> None:
        if self._closing:
            return
        if not self._backlog:
            try:
                sent = self._sock.send(data)
            except (BlockingIOError, InterruptedError):
                sent = 0
            except OSError as exc:
                self._fail(exc)
                return
            if sent == len(data):
                return
            data = memoryview(data)[sent:]
            self._writer.setEnabled(True)
        self._backlog += data

    def get_write_buffer_size(self) -> int:
        return len(self._backlog)

    def can_write_eof(self) -> bool:
        return False

    # -- the notifiers ----------------------------------------------------------------

    def _start_reading(self) -> None:
        if not self._closing:
            self._reader.setEnabled(True)

    def _read_ready(self, *_: Any) -> None:
        self._read()
        if self._bytes_expected is not None and not self._closing:
            self._update_low_water(self._bytes_expected())

    def _update_low_water(self, expected: int) -> None:
        low_water = min(expected, LOW_WATER_MAX) if expected >= LOW_WATER_MIN else 1
        if low_water == self._low_water:
            return
        try:
            self._sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVLOWAT, low_water)
        except OSError as exc:  # not worth failing for: wake up for every piece
            log.debug("SO_RCVLOWAT refused: %s", exc)
            self._bytes_expected = None
            return
        self._low_water = low_water

    def _read(self) -> None:
        protocol = self._protocol
        recv_into = self._sock.recv_into
        recvmsg_into = self._sock.recvmsg_into
        get_buffers = self._get_buffers
        budget = READ_BUDGET
        while not self._closing and self._reader.isEnabled():
            try:
                buffers = get_buffers() if get_buffers is not None else None
                if buffers:
                    size = sum(b.nbytes for b in buffers)
                    received = recvmsg_into(buffers)[0]
                else:
                    buf = memoryview(protocol.get_buffer(-1))
                    size = buf.nbytes
                    if not size:
                        raise RuntimeError("the protocol offered an empty buffer")
                    received = recv_into(buf)
            except (BlockingIOError, InterruptedError):
                return
            except OSError as exc:
                self._fail(exc)
                return
            except Exception as exc:  # the protocol's bug: end this connection only
                self._report(exc, "get_buffer() failed")
                return
            if received == 0:
                self._eof()
                return
            try:
                protocol.buffer_updated(received)
            except Exception as exc:
                self._report(exc, "buffer_updated() failed")
                return
            budget -= received
            # A read that did not fill the buffer emptied the socket (a stream socket
            # returns all it has, up to the size asked for).
            if received < size or budget <= 0:
                return

    def _write_ready(self, *_: Any) -> None:
        try:
            sent = self._sock.send(self._backlog)
        except (BlockingIOError, InterruptedError):
            return
        except OSError as exc:
            self._fail(exc)
            return
        del self._backlog[:sent]
        if not self._backlog:
            self._writer.setEnabled(False)
            if self._closing:
                self._finish(None)

    # -- ending -------------------------------------------------------------------------

    def _eof(self) -> None:
        self._reader.setEnabled(False)
        try:
            keep_open = self._protocol.eof_received()
        except Exception as exc:
            self._report(exc, "eof_received() failed")
            return
        if not keep_open:
            self.close()

    def _report(self, exc: Exception, what: str) -> None:
        self._loop.call_exception_handler(
            {"message": f"RFB transport: {what}", "exception": exc, "transport": self}
        )
        self._fail(exc)

    def _fail(self, exc: Exception) -> None:
        self._closing = True
        self._backlog.clear()
        self._finish(exc)

    def _finish(self, exc: Exception | None) -> None:
        if self._finished:
            return
        self._finished = True
        # Notifiers go before the descriptor they watch is closed.
        for notifier in (self._reader, self._writer):
            notifier.setEnabled(False)
            notifier.activated.disconnect()
            notifier.deleteLater()
        self._loop.call_soon(self._connection_lost, exc)

    def _connection_lost(self, exc: Exception | None) -> None:
        try:
            self._protocol.connection_lost(exc)
        finally:
            self._sock.close()
