"""Run the core's coroutines from Qt slots; failures go to the window as sentences."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Coroutine
from typing import Any, TypeVar

import shiboken6
from PySide6.QtCore import QObject, Signal

from hvdesk.core.errors import HvdeskError, from_libvirt

T = TypeVar("T")
log = logging.getLogger(__name__)


class TaskRunner(QObject):
    failed = Signal(object)  # HvdeskError
    busyChanged = Signal(bool)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._tasks: set[asyncio.Future[Any]] = set()

    @property
    def busy(self) -> bool:
        return bool(self._tasks)

    def run(
        self,
        coro: Coroutine[Any, Any, T],
        what: str,
        on_done: Callable[[T], None] | None = None,
    ) -> asyncio.Future[T]:
        """Start coro; on failure emit `failed` with what went wrong, never raise."""
        task = asyncio.ensure_future(coro)
        self._tasks.add(task)
        if len(self._tasks) == 1:
            self.busyChanged.emit(True)
        task.add_done_callback(lambda t: self._finished(t, what, on_done))
        return task

    def _finished(
        self, task: asyncio.Future[T], what: str, on_done: Callable[[T], None] | None
    ) -> None:
        self._tasks.discard(task)
        if not shiboken6.isValid(self):
            # The window that ran it is gone (closed while a libvirt call was in flight):
            # nobody is left to tell, so the failure is only logged.
            if not task.cancelled() and task.exception() is not None:
                log.warning("%s (after its window closed): %s", what, task.exception())
            return
        if not self._tasks:
            self.busyChanged.emit(False)
        if task.cancelled():
            return
        exc = task.exception()
        if exc is not None:
            error = exc if isinstance(exc, HvdeskError) else from_libvirt(what, exc)
            self.failed.emit(error)
        elif on_done is not None:
            on_done(task.result())
