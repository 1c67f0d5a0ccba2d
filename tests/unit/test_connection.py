"""connection: opening, the VM list, lifecycle events without polling, closing, failures.

Everything runs against libvirt's real test driver. `test:///<file>` gives each open a
private copy of the fixture host; `test:///default` is one host shared by every
connection of this process, so a second, raw libvirt connection can change it "from
outside" and hvdesk's Connection must notice through its events.
"""

from __future__ import annotations

import contextlib
import socket
import time
import uuid as uuidlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import libvirt
import pytest

from hvdesk.core import events
from hvdesk.core.connection import Connection, ConnectionState, HostInfo
from hvdesk.core.errors import HvdeskError
from hvdesk.core.vm import DomainSnapshot, VirtualMachine, VmState
from tests.support.core import HOSTS_URI, Recorder
from tests.support.loop_errors import loop_errors  # noqa: F401
from tests.support.silent_server import RefusingPort

FIXTURE_STATES = {
    "db": VmState.SHUTOFF,
    "kernel": VmState.RUNNING,
    "paused": VmState.PAUSED,
    "saved": VmState.SAVED,
    "secure": VmState.SHUTOFF,
    "web": VmState.RUNNING,
}


class CountingConnection(Connection):
    """A real Connection that counts how often it (re)reads the whole VM list."""

    full_loads = 0

    def _watch_and_load(self, *args: Any) -> tuple[HostInfo, list[DomainSnapshot]]:
        self.full_loads += 1
        return super()._watch_and_load(*args)


def domain_xml(name: str, uid: str = "", disks: tuple[str, ...] = ()) -> str:
    devices = "".join(
        f"<disk type='file' device='disk'><source file='{path}'/>"
        f"<target dev='vd{chr(ord('a') + i)}' bus='virtio'/></disk>"
        for i, path in enumerate(disks)
    )
    uuid_el = f"<uuid>{uid}</uuid>" if uid else ""
    return (
        f"<domain type='test'><name>{name}</name>{uuid_el}<memory unit='MiB'>64</memory>"
        f"<os><type arch='x86_64'>hvm</type></os><devices>{devices}</devices></domain>"
    )


@pytest.fixture
def outside() -> Iterator[libvirt.virConnect]:
    """A raw libvirt connection to test:///default: "another program" on the same host."""
    events.ensure_event_loop()  # before the first open, as in hvdesk
    conn = libvirt.open("test:///default")
    before = {d.UUIDString() for d in conn.listAllDomains()}
    yield conn
    # Leave the shared host as found.
    for dom in conn.listAllDomains():
        if dom.UUIDString() not in before:
            with contextlib.suppress(libvirt.libvirtError):
                if dom.isActive():
                    dom.destroy()
            with contextlib.suppress(libvirt.libvirtError):
                dom.undefine()
    conn.close()


def unique(prefix: str) -> str:
    return f"{prefix}-{uuidlib.uuid4().hex[:8]}"


def open_connection(aio: Any, uri: str, cls: type[Connection] = Connection) -> Connection:
    conn = cls(uri)
    assert aio.run(conn.open()) is True, conn.status_text()
    return conn


# ---- opening ---------------------------------------------------------------------------


def test_open_fixture_host_lists_vms_with_states(aio: Any) -> None:
    conn = Connection(HOSTS_URI)
    rec = Recorder(conn)
    assert conn.state is ConnectionState.DISCONNECTED
    assert conn.name == "Test driver (hosts.xml)"
    try:
        assert aio.run(conn.open()) is True
        assert conn.state is ConnectionState.CONNECTED and conn.is_connected
        assert conn.error is None
        assert conn.status_text() == "Connected"
        states = rec.of("state")
        assert states[:2] == [ConnectionState.CONNECTING, ConnectionState.CONNECTED]
        assert set(states[2:]) <= {ConnectionState.CONNECTED}  # e.g. the KVM probe's answer
        assert rec.of("reset") == [None]  # one reset for the first full list, no per-VM noise
        assert rec.of("added") == []
        assert {vm.name: vm.state for vm in conn.vms.values()} == FIXTURE_STATES
        assert [vm.name for vm in conn.sorted_vms()] == sorted(FIXTURE_STATES)
        web = next(vm for vm in conn.vms.values() if vm.name == "web")
        assert web.uuid == "6876642d-0000-4000-8000-000000000001"
        assert conn.vms[web.uuid] is web
        assert web.config.os_name == "Debian 12"
        assert web.snapshot.persistent
        saved = next(vm for vm in conn.vms.values() if vm.name == "saved")
        assert saved.snapshot.has_managed_save
    finally:
        aio.run(conn.close())


def test_host_info(aio: Any) -> None:
    conn = open_connection(aio, HOSTS_URI)
    try:
        # From the fixture's <node><cpu>/<memory>; the test driver reports the real hostname.
        # Whether KVM works is probed after the list is shown: the test driver has none.
        aio.wait_until(lambda: conn.host is not None and conn.host.kvm is not None, timeout=5)
        assert conn.host == HostInfo(
            hostname=socket.gethostname(), cpus=4, memory_mib=8192, arch="x86_64", kvm=False
        )
    finally:
        aio.run(conn.close())


def test_open_default_test_driver(aio: Any) -> None:
    conn = open_connection(aio, "test:///default")
    try:
        assert conn.name == "Test driver (default)"
        # libvirt's built-in default host always has its running domain "test".
        test_vm = next(vm for vm in conn.vms.values() if vm.name == "test")
        assert test_vm.state is VmState.RUNNING
        assert conn.host is not None and conn.host.cpus >= 1
        aio.wait_until(lambda: conn.host is not None and conn.host.kvm is False, timeout=5)
    finally:
        aio.run(conn.close())


def test_open_twice_reads_the_list_once(aio: Any) -> None:
    conn = open_connection(aio, HOSTS_URI, CountingConnection)
    try:
        vms = dict(conn.vms)
        assert aio.run(conn.open()) is True
        assert isinstance(conn, CountingConnection) and conn.full_loads == 1
        assert conn.vms == vms
    finally:
        aio.run(conn.close())


def test_each_open_of_a_fixture_file_is_a_private_host(aio: Any) -> None:
    first = open_connection(aio, HOSTS_URI)
    second = open_connection(aio, HOSTS_URI)
    try:
        web_uuid = "6876642d-0000-4000-8000-000000000001"
        aio.run(first.vms[web_uuid].force_off())
        aio.wait_until(lambda: first.vms[web_uuid].state is VmState.SHUTOFF)
        time.sleep(0.1)
        aio.run(second.call(lambda c: c.getHostname()))  # let any stray event through
        assert second.vms[web_uuid].state is VmState.RUNNING
    finally:
        aio.run(first.close())
        aio.run(second.close())


# ---- lifecycle events, no polling -------------------------------------------------------


def test_outside_state_changes_arrive_as_events(aio: Any, outside: libvirt.virConnect) -> None:
    name = unique("evt")
    dom = outside.defineXML(domain_xml(name))
    conn = open_connection(aio, "test:///default", CountingConnection)
    assert isinstance(conn, CountingConnection)
    rec = Recorder(conn)
    try:
        vm = conn.vms[dom.UUIDString()]
        assert vm.state is VmState.SHUTOFF

        dom.create()
        aio.wait_until(lambda: vm.state is VmState.RUNNING, timeout=5)
        dom.suspend()
        aio.wait_until(lambda: vm.state is VmState.PAUSED, timeout=5)
        dom.destroy()
        aio.wait_until(lambda: vm.state is VmState.SHUTOFF, timeout=5)

        changed = rec.of("changed")
        assert changed and all(v is vm for v in changed)  # the same object, updated in place
        assert conn.vms[vm.uuid] is vm
        assert rec.of("reset") == [] and rec.of("added") == [] and rec.of("removed") == []
        assert conn.full_loads == 1  # no listAllDomains after the first load
    finally:
        aio.run(conn.close())


def test_outside_define_and_undefine(aio: Any, outside: libvirt.virConnect) -> None:
    conn = open_connection(aio, "test:///default", CountingConnection)
    assert isinstance(conn, CountingConnection)
    rec = Recorder(conn)
    try:
        name = unique("added")
        dom = outside.defineXML(domain_xml(name))
        uid = dom.UUIDString()
        aio.wait_until(lambda: uid in conn.vms, timeout=5)
        (added,) = rec.of("added")
        assert added is conn.vms[uid]
        assert (added.name, added.state) == (name, VmState.SHUTOFF)

        dom.undefine()
        aio.wait_until(lambda: uid not in conn.vms, timeout=5)
        assert rec.of("removed") == [added]
        assert rec.of("reset") == []
        assert conn.full_loads == 1
    finally:
        aio.run(conn.close())


def test_transient_domain_appears_and_vanishes(aio: Any, outside: libvirt.virConnect) -> None:
    conn = open_connection(aio, "test:///default")
    try:
        dom = outside.createXML(domain_xml(unique("transient")), 0)
        uid = dom.UUIDString()
        aio.wait_until(lambda: uid in conn.vms, timeout=5)
        vm = conn.vms[uid]
        assert vm.state is VmState.RUNNING
        assert not vm.snapshot.persistent
        dom.destroy()  # a transient domain is gone when it stops
        aio.wait_until(lambda: uid not in conn.vms, timeout=5)
    finally:
        aio.run(conn.close())


# ---- closing ---------------------------------------------------------------------------


def test_close_empties_the_list_and_stops_listening(aio: Any, outside: libvirt.virConnect) -> None:
    conn = open_connection(aio, "test:///default")
    rec = Recorder(conn)
    old_vms = list(conn.vms.values())
    assert old_vms
    aio.run(conn.close())
    assert conn.vms == {}
    assert conn.host is None
    assert conn.state is ConnectionState.DISCONNECTED and not conn.is_connected
    assert rec.of("reset") == [None]
    assert rec.of("state") == [ConnectionState.DISCONNECTED]
    assert all(not vm.can(action) for vm in old_vms for action in _all_actions())

    with pytest.raises(HvdeskError, match="not connected"):
        aio.run(conn.call(lambda c: c.getHostname()))

    # Nothing comes back through a stale event.
    dom = outside.defineXML(domain_xml(unique("after-close")))
    dom.create()
    deadline = time.monotonic() + 0.3
    aio.wait_until(lambda: time.monotonic() > deadline)
    assert conn.vms == {}
    assert rec.of("added") == []

    # And it can be opened again.
    assert aio.run(conn.open()) is True
    assert dom.UUIDString() in conn.vms
    aio.run(conn.close())


def test_close_of_a_never_opened_connection() -> None:
    conn = Connection("test:///default")
    rec = Recorder(conn)
    # close() needs no loop when there is nothing to close; run it to completion by hand.
    coro = conn.close()
    with pytest.raises(StopIteration):
        coro.send(None)
    assert rec.of("reset") == []
    assert conn.state is ConnectionState.DISCONNECTED


def _all_actions() -> list[Any]:
    from hvdesk.core.vm import Action

    return list(Action)


# ---- failures --------------------------------------------------------------------------


@pytest.mark.parametrize("uri", ["not a uri", "", "qemu:///nowhere", "qemu:///embed"])
def test_bad_uri_raises_from_the_constructor(uri: str) -> None:
    with pytest.raises(HvdeskError) as info:
        Connection(uri)
    assert info.value.sentence().endswith(".")


def test_refused_port_fails_with_a_readable_error(aio: Any) -> None:
    with RefusingPort() as refusing:
        conn = Connection(refusing.uri())
        rec = Recorder(conn)
        started = time.monotonic()
        assert aio.run(conn.open(), timeout=10) is False
        assert time.monotonic() - started < 5
    assert conn.state is ConnectionState.FAILED
    assert rec.of("state") == [ConnectionState.CONNECTING, ConnectionState.FAILED]
    assert conn.error is not None
    sentence = conn.error.sentence()
    assert sentence.startswith("Could not connect to QEMU on 127.0.0.1.")
    assert "Connection refused" in sentence
    assert "libvirt daemon is running" in sentence  # the hint says what to do
    assert conn.status_text() == sentence
    assert conn.vms == {}
    with pytest.raises(HvdeskError, match="not connected"):
        aio.run(conn.call(lambda c: c.getHostname()))


def test_missing_fixture_file_fails_with_a_readable_error(aio: Any, tmp_path: Path) -> None:
    conn = Connection(f"test://{tmp_path}/missing.xml")
    assert aio.run(conn.open()) is False
    assert conn.state is ConnectionState.FAILED
    assert conn.error is not None
    assert conn.error.what == "Could not connect to Test driver (missing.xml)"
    assert "missing.xml" in conn.error.detail
    # A failed connection can be tried again.
    assert aio.run(conn.open()) is False
    assert conn.state is ConnectionState.FAILED


def test_failed_call_on_a_live_connection_keeps_it_connected(aio: Any) -> None:
    conn = open_connection(aio, HOSTS_URI)
    try:
        with pytest.raises(libvirt.libvirtError):
            aio.run(conn.call(lambda c: c.lookupByName("no-such-vm")))
        assert conn.state is ConnectionState.CONNECTED
        assert aio.run(conn.call(lambda c: c.numOfDomains())) == 3  # web, kernel, paused
    finally:
        aio.run(conn.close())


def test_vm_objects_are_virtual_machines(aio: Any) -> None:
    conn = open_connection(aio, HOSTS_URI)
    try:
        assert all(isinstance(vm, VirtualMachine) for vm in conn.vms.values())
        assert all(vm.connection is conn for vm in conn.vms.values())
    finally:
        aio.run(conn.close())


# ---- background work survives anything -------------------------------------------------


class Problems:
    """The sentences a Connection reports from its background work (problemReported)."""

    def __init__(self, conn: Connection) -> None:
        self.sentences: list[str] = []
        conn.problemReported.connect(lambda error: self.sentences.append(error.sentence()))


@pytest.mark.usefixtures("loop_errors")
def test_a_batch_applies_the_other_vms_when_one_cannot_be_read(
    aio: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """libvirt normalises the XML it returns, so no real domain makes hvdesk's reading
    raise: a ValueError is injected for one VM of the batch, as a malformed answer from a
    remote daemon would cause. The rest of the batch is still applied."""
    from hvdesk.core import vm as vm_module  # what the connection reads domains with

    conn = open_connection(aio, HOSTS_URI)
    problems = Problems(conn)
    real = vm_module.snapshot_domain

    def web_cannot_be_read(dom: libvirt.virDomain, read_seq: int = 0) -> DomainSnapshot:
        if dom.name() == "web":
            raise ValueError("unexpected element <cpu> in the answer")
        return real(dom, read_seq)

    try:
        monkeypatch.setattr(vm_module, "snapshot_domain", web_cannot_be_read)

        def change_both(c: libvirt.virConnect) -> None:
            c.lookupByName("db").create()
            c.lookupByName("web").suspend()

        aio.run(conn.call(change_both))
        by_name = {vm.name: vm for vm in conn.vms.values()}
        conn.refresh_vm(by_name["web"].uuid)
        conn.refresh_vm(by_name["db"].uuid)  # the same batch
        aio.wait_until(lambda: by_name["db"].state is VmState.RUNNING)
        aio.wait_until(lambda: bool(problems.sentences))
        assert by_name["web"].state is VmState.RUNNING  # as it was: not read
        assert problems.sentences[0] == (
            "Could not read the state of 'web'. ValueError: unexpected element <cpu> in the "
            "answer. It is shown as it was; the other VMs are up to date."
        )
        # The next batch reads it again.
        monkeypatch.setattr(vm_module, "snapshot_domain", real)
        conn.refresh_vm(by_name["web"].uuid)
        aio.wait_until(lambda: by_name["web"].state is VmState.PAUSED)
        assert conn.is_connected
    finally:
        aio.run(conn.close())


@pytest.mark.usefixtures("loop_errors")
def test_an_unexpected_failure_while_opening_is_a_sentence(
    aio: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every failure we know of while opening is a libvirtError or an OSError; this one
    stands for the next kind (injected where the opening thread starts libvirt's loop)."""

    def broken() -> None:
        raise RuntimeError("the event loop could not start")

    monkeypatch.setattr(events, "ensure_event_loop", broken)
    conn = Connection(HOSTS_URI)
    assert aio.run(conn.open()) is False
    assert conn.state is ConnectionState.FAILED
    assert conn.status_text() == (
        "Could not connect to Test driver (hosts.xml). RuntimeError: the event loop could not "
        "start."
    )
    monkeypatch.undo()
    assert aio.run(conn.open()) is True  # tried again, it works
    aio.run(conn.close())


@pytest.mark.usefixtures("loop_errors")
def test_work_handed_over_from_libvirts_thread_that_fails_is_told(aio: Any) -> None:
    import threading

    conn = open_connection(aio, HOSTS_URI)
    problems = Problems(conn)
    try:

        def fails() -> None:
            raise KeyError("no such callback id")

        thread = threading.Thread(target=conn._hand_over, args=(fails,))  # as libvirt's does
        thread.start()
        thread.join()
        aio.wait_until(lambda: bool(problems.sentences))
        assert problems.sentences == [
            "Could not follow libvirt's news. KeyError: 'no such callback id'."
        ]
        assert conn.is_connected
    finally:
        aio.run(conn.close())


def test_a_read_that_finishes_after_a_newer_one_is_dropped(aio: Any) -> None:
    """Re-reads run on several worker threads, so one issued before a start can finish
    after the start's own read (the list then showed a running VM as off until its next
    event). Two real reads of the test driver, applied in the wrong order."""
    conn = open_connection(aio, HOSTS_URI)
    try:
        vm = next(v for v in conn.vms.values() if v.name == "db")
        assert vm.state is VmState.SHUTOFF
        uuid = vm.uuid
        number, before_start = aio.run(conn.call(lambda c: conn.snapshots.read_uuid(c, uuid)))
        aio.run(vm.start())  # applies its own, later read
        assert vm.state is VmState.RUNNING
        conn.apply_snapshot(uuid, before_start, number)  # the earlier read, late
        assert vm.state is VmState.RUNNING
        # A late "gone" is dropped too: the VM was there in a later read.
        conn.apply_snapshot(uuid, None, number)
        assert uuid in conn.vms
    finally:
        aio.run(conn.close())
