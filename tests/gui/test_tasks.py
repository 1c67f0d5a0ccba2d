"""TaskRunner: a coroutine started from a slot reports its failure as a sentence."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from PySide6.QtCore import QObject

from hvdesk.core.errors import HvdeskError
from hvdesk.ui.tasks import TaskRunner
from tests.support.loop_errors import loop_errors  # noqa: F401


@pytest.mark.usefixtures("loop_errors")
def test_a_task_that_fails_after_its_window_is_gone_raises_nowhere(aio: Any) -> None:
    """A libvirt call can outlive the window that started it (closed meanwhile): its
    failure must not raise in the loop's callback ('Signal source has been deleted')."""
    window = QObject()
    runner = TaskRunner(window)
    release = asyncio.Event()

    async def fails_later() -> None:
        await release.wait()
        raise HvdeskError("Could not start 'web'")

    task = runner.run(fails_later(), "Could not start 'web'")
    window.deleteLater()
    aio.wait_until(lambda: not _alive(runner))
    release.set()
    aio.wait_until(task.done)


def test_a_failure_is_emitted_as_the_error(aio: Any) -> None:
    runner = TaskRunner()
    seen: list[HvdeskError] = []
    runner.failed.connect(seen.append)

    async def fails() -> None:
        raise HvdeskError("Could not start 'web'", "the disk is missing")

    runner.run(fails(), "ignored")
    aio.wait_until(lambda: bool(seen))
    assert seen[0].sentence() == "Could not start 'web'. The disk is missing."


def _alive(obj: QObject) -> bool:
    import shiboken6

    return bool(shiboken6.isValid(obj))
