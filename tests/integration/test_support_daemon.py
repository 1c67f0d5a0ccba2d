"""Self-tests of tests/support: the private libvirtd and the misbehaving TCP endpoints."""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import libvirt
import pytest

from hvdesk.core import events
from tests.support.daemon import DaemonStartError, PrivateLibvirtd
from tests.support.silent_server import RefusingPort, SilentTcpServer

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module", autouse=True)
def libvirt_event_loop() -> None:
    """libvirt's default event loop, hvdesk's own: registered and started once per process.

    The remote driver only notices a dead peer (and fires close callbacks, sends
    keepalives) while an event loop runs. A second thread running
    virEventRunDefaultImpl() in the same process must be avoided, so these tests share
    hvdesk's.
    """
    events.ensure_event_loop()


@pytest.fixture
def daemon() -> Iterator[PrivateLibvirtd]:
    with PrivateLibvirtd() as d:
        yield d


@dataclass
class CloseRecorder:
    """A close callback that records (reason, monotonic time) of each call."""

    fired: threading.Event = field(default_factory=threading.Event)
    calls: list[tuple[int, float]] = field(default_factory=list)

    def __call__(self, conn: libvirt.virConnect, reason: int, opaque: Any) -> None:
        self.calls.append((reason, time.monotonic()))
        self.fired.set()


def _close_quietly(conn: libvirt.virConnect) -> None:
    with contextlib.suppress(libvirt.libvirtError):
        conn.unregisterCloseCallback()
    with contextlib.suppress(libvirt.libvirtError):
        conn.close()


@dataclass
class OpenAttempt:
    """``libvirt.open(uri)`` on a daemon thread, so a test can watch it hang."""

    uri: str
    done: threading.Event = field(default_factory=threading.Event)
    conn: libvirt.virConnect | None = None
    error: libvirt.libvirtError | None = None
    elapsed: float | None = None

    def start(self) -> OpenAttempt:
        threading.Thread(target=self._run, name=f"open {self.uri}", daemon=True).start()
        return self

    def _run(self) -> None:
        t0 = time.monotonic()
        try:
            self.conn = libvirt.open(self.uri)
        except libvirt.libvirtError as e:
            self.error = e
        finally:
            self.elapsed = time.monotonic() - t0
            self.done.set()


# -- private daemon -------------------------------------------------------------------


def test_private_daemon_serves_test_driver(daemon: PrivateLibvirtd) -> None:
    assert daemon.running
    assert daemon.last_start_seconds is not None
    assert daemon.last_start_seconds < 2.0, daemon.last_start_seconds
    assert daemon.socket_path.is_socket()
    assert daemon.uri == f"test+unix:///default?socket={daemon.socket_path}"

    conn = libvirt.open(daemon.uri)
    try:
        assert [d.name() for d in conn.listAllDomains()] == ["test"]
        assert conn.getType() == "TEST"
    finally:
        conn.close()


def test_close_callback_fires_on_kill_and_reopen_after_restart(
    daemon: PrivateLibvirtd,
) -> None:
    conn = libvirt.open(daemon.uri)
    recorder = CloseRecorder()
    conn.registerCloseCallback(recorder, None)
    try:
        conn.setKeepAlive(1, 2)
        assert conn.isAlive() == 1
        killed_at = time.monotonic()
        daemon.kill()
        assert not daemon.running

        assert recorder.fired.wait(5.0), "close callback did not fire within 5 s of SIGKILL"
        reason, fired_at = recorder.calls[0]
        assert reason == libvirt.VIR_CONNECT_CLOSE_REASON_EOF
        assert fired_at - killed_at < 5.0
        assert conn.isAlive() == 0
        with pytest.raises(libvirt.libvirtError):
            conn.listAllDomains()

        daemon.start()
        # The old connection stays dead; only a new open reaches the new daemon.
        with pytest.raises(libvirt.libvirtError):
            conn.listAllDomains()
        conn2 = libvirt.open(daemon.uri)
        try:
            assert [d.name() for d in conn2.listAllDomains()] == ["test"]
        finally:
            conn2.close()
        assert len(recorder.calls) == 1
    finally:
        _close_quietly(conn)


def test_keepalive_detects_paused_daemon(daemon: PrivateLibvirtd) -> None:
    """A daemon that keeps the socket open but stops answering (SIGSTOP)."""
    conn = libvirt.open(daemon.uri)
    recorder = CloseRecorder()
    conn.registerCloseCallback(recorder, None)
    try:
        conn.setKeepAlive(1, 2)
        paused_at = time.monotonic()
        daemon.pause()
        assert recorder.fired.wait(10.0), "keepalive did not close the connection in 10 s"
        reason, fired_at = recorder.calls[0]
        assert reason == libvirt.VIR_CONNECT_CLOSE_REASON_KEEPALIVE
        # interval 1 s * (count 2 + 1), plus scheduling slack
        assert 1.5 < fired_at - paused_at < 6.0, fired_at - paused_at
    finally:
        daemon.resume()
        _close_quietly(conn)


def test_stop_then_start_again(daemon: PrivateLibvirtd) -> None:
    daemon.stop()
    assert not daemon.running
    assert not daemon.socket_path.exists()  # a clean shutdown removes its sockets
    daemon.start()
    conn = libvirt.open(daemon.uri)
    try:
        assert conn.numOfDomains() == 1
    finally:
        conn.close()


def test_start_failure_raises_with_log(tmp_path: Path) -> None:
    broken = PrivateLibvirtd(extra_config={"max_workers": "not-a-number"})
    try:
        with pytest.raises(DaemonStartError, match="max_workers"):
            broken.start()
        assert not broken.running
    finally:
        broken.cleanup()
    assert not broken.base_dir.exists()


# -- misbehaving hosts ----------------------------------------------------------------


def test_open_blocks_on_silent_server() -> None:
    with SilentTcpServer() as server:
        uri = server.uri()
        assert uri == f"qemu+tcp://127.0.0.1:{server.port}/system"
        attempt = OpenAttempt(uri).start()
        try:
            assert server.wait_for_connection(timeout=2.0)
            assert not attempt.done.wait(2.0), (
                f"open() returned on a silent server: {attempt.conn or attempt.error}"
            )
            assert server.received, "libvirt sent nothing on the connection"
        finally:
            server.close()
        # The server hanging up (EOF) is what finally releases the blocked open().
        assert attempt.done.wait(5.0), "open() still blocked after the server closed"
    assert attempt.conn is None
    assert isinstance(attempt.error, libvirt.libvirtError)


def test_open_fails_fast_on_refusing_port() -> None:
    with RefusingPort() as refusing:
        t0 = time.monotonic()
        with pytest.raises(libvirt.libvirtError) as excinfo:
            libvirt.open(refusing.uri())
        assert time.monotonic() - t0 < 2.0
    assert excinfo.value.get_error_code() == libvirt.VIR_ERR_SYSTEM_ERROR
    assert "refused" in str(excinfo.value).lower()
