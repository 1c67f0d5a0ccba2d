"""SIGTERM and SIGINT (a session logging out, Ctrl+C in a terminal) end hvdesk the
way closing its window does: connections are shut down in order, so nothing libvirt
is running for hvdesk at that moment (a capabilities probe's QEMU) is orphaned.

Python runs its signal handlers only between bytecodes, and an idle Qt event loop
runs none; the C-level handler's wake-up byte (signal.set_wakeup_fd) on a socket
pair wakes the loop through a QSocketNotifier instead.
"""

from __future__ import annotations

import signal
import socket
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QSocketNotifier

QUIT_SIGNALS = (signal.SIGTERM, signal.SIGINT)


class QuitOnSignals:
    def __init__(self, on_signal: Callable[[], None]) -> None:
        self._on_signal = on_signal
        self._reader, self._writer = socket.socketpair()
        for end in (self._reader, self._writer):
            end.setblocking(False)
        self._previous_fd = signal.set_wakeup_fd(self._writer.fileno(), warn_on_full_buffer=False)
        self._previous = {sig: signal.signal(sig, _noted) for sig in QUIT_SIGNALS}
        self._notifier = QSocketNotifier(self._reader.fileno(), QSocketNotifier.Type.Read)
        self._notifier.activated.connect(self._woken)

    def _woken(self, *_: Any) -> None:
        try:
            numbers = self._reader.recv(64)
        except BlockingIOError:
            return
        if any(n in QUIT_SIGNALS for n in numbers):
            self._on_signal()

    def close(self) -> None:
        self._notifier.setEnabled(False)
        signal.set_wakeup_fd(self._previous_fd)
        for sig, handler in self._previous.items():
            signal.signal(sig, handler)
        self._reader.close()
        self._writer.close()


def _noted(signum: int, frame: object) -> None:
    """The Python-level handler: nothing to do, the wake-up byte does the work."""
