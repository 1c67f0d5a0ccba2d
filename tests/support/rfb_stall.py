"""Measuring what a VNC server's stream costs the GUI thread.

`StallMeter` ticks a Qt timer every 2 ms on the GUI thread and keeps, between two
ticks, the CPU time the GUI thread spent (time.thread_time: what the thread itself
ran, not time it was preempted by other processes on this busy 2-core machine or
waited for the GIL) and the wall time. The longest CPU gap is the longest the GUI
thread was kept from its event loop by work of its own.

`StreamingServer` is a VNC server on a thread: it sends a 3.8 handshake with
security None and then a prepared stream at once (blocking where the client stops
reading), and reads and drops whatever the client sends until it is closed.
"""

from __future__ import annotations

import contextlib
import select
import socket
import threading
import time

from PySide6.QtCore import QObject, Qt, QTimer

from tests.support.rfb_server import handshake_bytes


class StallMeter(QObject):
    def __init__(self, interval_ms: int = 2) -> None:
        super().__init__()
        self._timer = QTimer(self)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self._tick)
        self.ticks = 0
        self.worst_cpu = 0.0  # seconds of GUI-thread CPU between two ticks
        self.worst_wall = 0.0
        self._cpu = 0.0
        self._wall = 0.0

    def start(self) -> None:
        self._cpu, self._wall = time.thread_time(), time.perf_counter()
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    def _tick(self) -> None:
        cpu, wall = time.thread_time(), time.perf_counter()
        self.worst_cpu = max(self.worst_cpu, cpu - self._cpu)
        self.worst_wall = max(self.worst_wall, wall - self._wall)
        self._cpu, self._wall = cpu, wall
        self.ticks += 1

    def summary(self) -> str:
        return (
            f"longest GUI-thread stall: {self.worst_cpu * 1000:.1f} ms of CPU, "
            f"{self.worst_wall * 1000:.1f} ms wall, over {self.ticks} ticks"
        )


class StreamingServer(threading.Thread):
    """Serves `stream` after a handshake for a width×height framebuffer on `sock`."""

    def __init__(self, sock: socket.socket, width: int, height: int, stream: bytes) -> None:
        super().__init__(daemon=True)
        self._sock = sock
        self._data = handshake_bytes(width, height) + stream
        self._done = threading.Event()
        self.sent = 0

    def run(self) -> None:
        sock = self._sock
        with contextlib.suppress(OSError):
            view = memoryview(self._data)
            while view and not self._done.is_set():
                _, writable, _ = select.select([], [sock], [], 0.05)
                if writable:
                    n = sock.send(view[: 1024 * 1024])
                    view = view[n:]
                    self.sent += n
                self._drain()
            while not self._done.is_set():
                select.select([sock], [], [], 0.05)
                if not self._drain():
                    break

    def _drain(self) -> bool:
        """Read what the client sent; False once it has hung up."""
        try:
            while True:
                if not self._sock.recv(65536, socket.MSG_DONTWAIT):
                    return False
        except BlockingIOError:
            return True

    def close(self) -> None:
        self._done.set()
        self.join(5)
        self._sock.close()
