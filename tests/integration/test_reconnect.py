"""A libvirt daemon that dies and comes back: hvdesk says so, retries, and resynchronises.

The daemon is a private libvirtd serving only the test driver (tests/support/daemon.py).
Its test driver keeps its state in the daemon, so a killed daemon comes back with a fresh
`test:///default` host: VMs defined before the kill are gone after the restart, and the
one built-in VM, "test", is running again whatever was done to it before.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator
from typing import Any

import libvirt
import pytest

from hvdesk.core import events
from hvdesk.core.connection import Connection, ConnectionState
from hvdesk.core.errors import HvdeskError
from hvdesk.core.vm import Action, VmState
from tests.support.core import Recorder, vm_named
from tests.support.daemon import PrivateLibvirtd
from tests.support.loop_errors import loop_errors  # noqa: F401

pytestmark = pytest.mark.integration

RETRY_DELAYS = (0.2, 0.5)
EXTRA_XML = (
    "<domain type='test'><name>extra</name><memory unit='MiB'>64</memory>"
    "<os><type arch='x86_64'>hvm</type></os></domain>"
)


@pytest.fixture
def daemon() -> Iterator[PrivateLibvirtd]:
    events.ensure_event_loop()  # hvdesk's libvirt event loop, before any open
    with PrivateLibvirtd() as d:
        yield d


@pytest.fixture
def connection(aio: Any, daemon: PrivateLibvirtd) -> Iterator[Connection]:
    conn = Connection(daemon.uri, retry_delays=RETRY_DELAYS)
    assert aio.run(conn.open()) is True, conn.status_text()
    yield conn
    aio.run(conn.close())


def raw_open(uri: str) -> libvirt.virConnect:
    return libvirt.open(uri)


def close_quietly(conn: libvirt.virConnect) -> None:
    with contextlib.suppress(libvirt.libvirtError):
        conn.close()


def test_connected_to_the_private_daemon(connection: Connection) -> None:
    assert connection.state is ConnectionState.CONNECTED
    assert connection.name == "Test driver (default)"
    assert vm_named(connection, "test").state is VmState.RUNNING


def test_daemon_killed_and_restarted(
    aio: Any, daemon: PrivateLibvirtd, connection: Connection
) -> None:
    rec = Recorder(connection)
    test_vm = vm_named(connection, "test")

    # Another program changes the host: hvdesk follows through events.
    raw = raw_open(daemon.uri)
    try:
        extra_uuid = raw.defineXML(EXTRA_XML).UUIDString()
        raw.lookupByName("test").destroy()
    finally:
        close_quietly(raw)
    aio.wait_until(lambda: extra_uuid in connection.vms, timeout=5)
    aio.wait_until(lambda: test_vm.state is VmState.SHUTOFF, timeout=5)
    extra_vm = connection.vms[extra_uuid]

    daemon.kill()
    aio.wait_until(lambda: connection.state is ConnectionState.RECONNECTING, timeout=5)
    assert connection.error is not None
    assert connection.error.what == "Lost the connection to Test driver (default)"
    assert connection.error.detail == "the other end closed it"
    assert connection.status_text().startswith(
        "Connection lost (the other end closed it); reconnecting, attempt "
    )
    # While the host is away its VMs stay listed, but nothing can be done to them.
    assert connection.vms[test_vm.uuid] is test_vm
    assert not any(test_vm.can(action) for action in Action)
    with pytest.raises(HvdeskError, match="not connected"):
        aio.run(test_vm.start())

    # Retries keep failing while the daemon is down, and say why.
    aio.wait_until(lambda: connection.retry_attempt >= 3, timeout=5)
    assert connection.state is ConnectionState.RECONNECTING
    assert connection.error is not None
    assert "Failed to connect socket" in connection.error.detail, connection.error.detail
    assert "reconnecting, attempt" in connection.status_text()

    daemon.start()
    aio.wait_until(lambda: connection.state is ConnectionState.CONNECTED, timeout=10)
    assert connection.error is None
    assert connection.status_text() == "Connected"

    # Resynchronised: the same object for the same uuid, the lost VM removed, no reset.
    assert connection.vms[test_vm.uuid] is test_vm
    assert test_vm.state is VmState.RUNNING  # the fresh daemon runs it again
    assert test_vm in rec.of("changed")
    assert extra_uuid not in connection.vms
    assert rec.of("removed") == [extra_vm]
    assert rec.of("reset") == []
    assert [vm.name for vm in connection.sorted_vms()] == ["test"]
    states = rec.of("state")
    assert ConnectionState.RECONNECTING in states and states[-1] is ConnectionState.CONNECTED

    # The new connection listens again: a change from outside arrives as an event.
    raw = raw_open(daemon.uri)
    try:
        again_uuid = raw.defineXML(EXTRA_XML).UUIDString()
    finally:
        close_quietly(raw)
    aio.wait_until(lambda: again_uuid in connection.vms, timeout=5)
    assert again_uuid != extra_uuid
    assert connection.vms[again_uuid] in rec.of("added")

    # And actions work again.
    aio.run(test_vm.pause())
    aio.wait_until(lambda: test_vm.state is VmState.PAUSED, timeout=5)


def test_clean_daemon_stop_is_a_lost_connection_too(
    aio: Any, daemon: PrivateLibvirtd, connection: Connection
) -> None:
    test_vm = vm_named(connection, "test")
    daemon.stop()
    aio.wait_until(lambda: connection.state is ConnectionState.RECONNECTING, timeout=5)
    daemon.start()
    aio.wait_until(lambda: connection.state is ConnectionState.CONNECTED, timeout=10)
    assert connection.vms[test_vm.uuid] is test_vm


def test_close_while_reconnecting_stops_retrying(
    aio: Any, daemon: PrivateLibvirtd, connection: Connection
) -> None:
    daemon.kill()
    aio.wait_until(lambda: connection.state is ConnectionState.RECONNECTING, timeout=5)
    aio.run(connection.close())
    assert connection.state is ConnectionState.DISCONNECTED
    assert connection.vms == {}
    daemon.start()
    deadline = time.monotonic() + 1.5  # three retry periods
    aio.wait_until(lambda: time.monotonic() > deadline, timeout=5)
    assert connection.state is ConnectionState.DISCONNECTED
    assert connection.vms == {}


def test_open_while_the_daemon_is_down_fails_and_can_be_retried(
    aio: Any, daemon: PrivateLibvirtd
) -> None:
    daemon.kill()
    conn = Connection(daemon.uri, retry_delays=RETRY_DELAYS)
    try:
        assert aio.run(conn.open()) is False
        assert conn.state is ConnectionState.FAILED
        assert conn.error is not None
        assert "Failed to connect socket" in conn.error.detail
        assert "libvirt daemon is running" in conn.error.sentence()
        daemon.start()
        assert aio.run(conn.open()) is True
        assert vm_named(conn, "test").state is VmState.RUNNING
    finally:
        aio.run(conn.close())


@pytest.mark.usefixtures("loop_errors")
def test_the_retry_loop_outlives_an_unexpected_exception(
    aio: Any, daemon: PrivateLibvirtd, connection: Connection, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A retry that fails with something other than libvirt's or hvdesk's errors is one
    more failed attempt, told in the status; the loop goes on and reconnects. (Injected
    where each attempt's opening thread starts: every failure known to happen there is
    now a sentence of its own, this stands for the next kind.)"""
    daemon.kill()
    aio.wait_until(lambda: connection.state is ConnectionState.RECONNECTING, timeout=5)
    failures = []

    def broken() -> None:
        failures.append(connection.retry_attempt)
        raise UnicodeDecodeError("utf-8", b"\xff", 0, 1, "invalid start byte")

    monkeypatch.setattr(events, "ensure_event_loop", broken)
    aio.wait_until(lambda: len(failures) >= 2, timeout=5)
    aio.wait_until(lambda: connection.retry_attempt > failures[1], timeout=5)
    assert connection.state is ConnectionState.RECONNECTING
    assert connection.status_text().startswith(
        "Connection lost (UnicodeDecodeError: 'utf-8' codec can't decode byte 0xff in "
        "position 0: invalid start byte); reconnecting, attempt "
    )
    monkeypatch.undo()
    daemon.start()
    aio.wait_until(lambda: connection.state is ConnectionState.CONNECTED, timeout=10)
    assert vm_named(connection, "test").state is VmState.RUNNING
