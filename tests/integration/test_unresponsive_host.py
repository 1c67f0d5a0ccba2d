"""A host that accepts the TCP connection and then never answers (DESIGN rule 1).

libvirt's open() blocks on it indefinitely. hvdesk must give up after its open timeout
with a sentence, keep the window (the qasync loop) responsive the whole time, and still
be able to quit while libvirt's call is stuck.
"""

from __future__ import annotations

import asyncio
import itertools
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QTimer

from hvdesk.core.connection import Connection, ConnectionState
from tests.support.silent_server import SilentTcpServer

pytestmark = pytest.mark.integration

OPEN_TIMEOUT = 1.5
REPO = Path(__file__).resolve().parents[2]


def _open_threads(conn: Connection) -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == f"open-{conn.name}"]


def test_silent_host_fails_in_time_without_freezing_the_loop(aio: Any) -> None:
    qt_ticks: list[float] = []
    asyncio_ticks: list[float] = []
    timer = QTimer()
    timer.setInterval(10)
    timer.timeout.connect(lambda: qt_ticks.append(time.monotonic()))

    loop = asyncio.get_event_loop()
    ticking = True

    def asyncio_tick() -> None:
        asyncio_ticks.append(time.monotonic())
        if ticking:
            loop.call_later(0.01, asyncio_tick)

    with SilentTcpServer() as server:
        conn = Connection(server.uri(), open_timeout=OPEN_TIMEOUT)
        states: list[ConnectionState] = []
        conn.stateChanged.connect(lambda *_: states.append(conn.state))
        timer.start()
        loop.call_soon(asyncio_tick)
        started = time.monotonic()
        opened = aio.run(conn.open(), timeout=15)
        elapsed = time.monotonic() - started
        timer.stop()
        ticking = False

        assert opened is False
        assert server.accepted_count >= 1  # libvirt did reach the silent host
        assert conn.state is ConnectionState.FAILED
        assert states == [ConnectionState.CONNECTING, ConnectionState.FAILED]
        assert conn.error is not None
        sentence = conn.error.sentence()
        assert sentence.startswith("Could not connect to QEMU on 127.0.0.1.")
        assert "did not answer within 1.5 seconds" in sentence
        assert conn.status_text() == sentence
        # Qt timers (under qasync) may fire up to 5 % early.
        assert OPEN_TIMEOUT * 0.9 <= elapsed < OPEN_TIMEOUT + 1.5, elapsed

        for name, ticks in (("QTimer", qt_ticks), ("asyncio", asyncio_ticks)):
            assert len(ticks) > 50, f"{name} ticked only {len(ticks)} times in {elapsed:.2f} s"
            longest = max(b - a for a, b in itertools.pairwise(ticks))
            assert longest < 0.2, f"the loop stalled {longest * 1000:.0f} ms ({name})"

        # libvirt's open() is still stuck on a thread that cannot keep the process alive.
        stuck = _open_threads(conn)
        assert stuck and all(t.daemon and t.is_alive() for t in stuck)

        # Trying again fails the same way, and does not wait for the first attempt.
        started = time.monotonic()
        assert aio.run(conn.open(), timeout=15) is False
        assert time.monotonic() - started < OPEN_TIMEOUT + 1.5
        assert conn.state is ConnectionState.FAILED

        # When the host finally hangs up, the stuck attempts end quietly.
        errors: list[threading.ExceptHookArgs] = []
        previous_hook = threading.excepthook
        threading.excepthook = errors.append
        try:
            server.close()
            for thread in stuck + _open_threads(conn):
                thread.join(5)
                assert not thread.is_alive(), "open() still blocked after the host hung up"
        finally:
            threading.excepthook = previous_hook
        assert [f"{e.exc_type.__name__}: {e.exc_value}" for e in errors] == []
        assert conn.state is ConnectionState.FAILED  # a late answer changes nothing


_EXIT_SCRIPT = textwrap.dedent(
    """
    import asyncio, threading, time
    from hvdesk.core.connection import Connection
    from tests.support.silent_server import SilentTcpServer

    server = SilentTcpServer()

    async def main() -> None:
        conn = Connection(server.uri(), open_timeout=0.5)
        print(await conn.open(), conn.state.name, flush=True)
        stuck = [t.name for t in threading.enumerate() if t.name.startswith("open-")]
        print(len(stuck), flush=True)

    asyncio.run(main())
    print("exiting", flush=True)
    """
)


def test_the_process_can_exit_while_open_is_stuck() -> None:
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-c", _EXIT_SCRIPT],
        capture_output=True,
        text=True,
        timeout=30,
        cwd=REPO,
        env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin", "HOME": str(REPO)},
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout.split("\n")[:3] == ["False FAILED", "1", "exiting"], done.stdout
    assert time.monotonic() - started < 15
