"""What reaches the asyncio loop's exception handler during a test: a task that raised
and that nobody awaited, a callback that raised. Import the fixture into a test module:

    from tests.support.loop_errors import loop_errors  # noqa: F401
"""

from __future__ import annotations

import asyncio
import gc
from collections.abc import Iterator
from typing import Any

import pytest


@pytest.fixture
def loop_errors(qasync_loop: asyncio.AbstractEventLoop) -> Iterator[list[dict[str, Any]]]:
    errors: list[dict[str, Any]] = []
    gc.collect()  # what earlier tests left to be collected reports to the handler before
    previous = qasync_loop.get_exception_handler()
    qasync_loop.set_exception_handler(lambda _loop, context: errors.append(context))
    yield errors
    gc.collect()  # a task that failed unobserved reports when it is collected
    qasync_loop.set_exception_handler(previous)
    assert errors == [], f"an exception reached the event loop instead of the user: {errors}"
