"""Run coroutines on the qasync loop from a test, while Qt processes events."""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from typing import Any, TypeVar

T = TypeVar("T")


class AsyncRunner:
    def __init__(self, qtbot: Any, loop: asyncio.AbstractEventLoop) -> None:
        self.qtbot = qtbot
        self.loop = loop

    def run(self, coro: Coroutine[Any, Any, T], timeout: float = 15.0) -> T:
        """Run coro on the qasync loop while Qt processes events; return its result."""
        task = asyncio.ensure_future(coro)
        self.qtbot.waitUntil(task.done, timeout=int(timeout * 1000))
        return task.result()

    def wait_until(self, predicate: Any, timeout: float = 15.0) -> None:
        self.qtbot.waitUntil(predicate, timeout=int(timeout * 1000))
