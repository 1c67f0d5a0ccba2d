"""vm: actions on the test driver, what `can()` allows in each state, failures as sentences."""

from __future__ import annotations

import contextlib
import uuid as uuidlib
from collections.abc import Iterator
from typing import Any

import libvirt
import pytest

from hvdesk.core import events
from hvdesk.core.config import TcgHostStore
from hvdesk.core.connection import Connection
from hvdesk.core.errors import HvdeskError
from hvdesk.core.vm import Action, VirtualMachine, VmState
from tests.support.core import HOSTS_URI, vm_named

# What a person may do to a persistent VM in each state (the buttons hvdesk enables).
EXPECTED_ACTIONS = {
    VmState.RUNNING: {
        Action.SHUTDOWN,
        Action.REBOOT,
        Action.FORCE_OFF,
        Action.PAUSE,
        Action.SAVE,
        Action.CONSOLE,
    },
    VmState.PAUSED: {Action.FORCE_OFF, Action.RESUME, Action.SAVE, Action.CONSOLE},
    VmState.SHUTOFF: {Action.START, Action.DELETE},
    VmState.SAVED: {Action.START, Action.DISCARD_SAVE, Action.DELETE},
}


def libvirt_state(aio: Any, vm: VirtualMachine) -> tuple[int, bool]:
    """What libvirt itself says: (virDomainState, has a managed save image)."""

    def read(dom: libvirt.virDomain) -> tuple[int, bool]:
        return int(dom.state(0)[0]), bool(dom.hasManagedSaveImage(0))

    result: tuple[int, bool] = aio.run(vm.connection.call_domain(vm.uuid, read))
    return result


def allowed(vm: VirtualMachine) -> set[Action]:
    return {action for action in Action if vm.can(action)}


# ---- can() -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "state"),
    [
        ("web", VmState.RUNNING),
        ("paused", VmState.PAUSED),
        ("db", VmState.SHUTOFF),
        ("saved", VmState.SAVED),
    ],
)
def test_can_for_each_state(host: Connection, name: str, state: VmState) -> None:
    vm = vm_named(host, name)
    assert vm.state is state
    assert allowed(vm) == EXPECTED_ACTIONS[state]


def test_can_follows_the_state(aio: Any, host: Connection) -> None:
    vm = vm_named(host, "db")
    assert allowed(vm) == EXPECTED_ACTIONS[VmState.SHUTOFF]
    aio.run(vm.start())
    aio.wait_until(lambda: vm.state is VmState.RUNNING)
    assert allowed(vm) == EXPECTED_ACTIONS[VmState.RUNNING]


def test_transient_vm_can_neither_save_nor_delete(aio: Any, host: Connection) -> None:
    xml = (
        "<domain type='test'><name>transient</name><memory unit='MiB'>64</memory>"
        "<os><type arch='x86_64'>hvm</type></os></domain>"
    )
    uid = aio.run(host.call(lambda c: c.createXML(xml, 0).UUIDString()))
    aio.wait_until(lambda: uid in host.vms)
    vm = host.vms[uid]
    assert vm.state is VmState.RUNNING and not vm.snapshot.persistent
    assert allowed(vm) == EXPECTED_ACTIONS[VmState.RUNNING] - {Action.SAVE}


def test_nothing_is_allowed_once_disconnected(aio: Any) -> None:
    conn = Connection(HOSTS_URI)
    assert aio.run(conn.open())
    vm = vm_named(conn, "db")
    assert vm.can(Action.START)
    aio.run(conn.close())
    assert allowed(vm) == set()


# ---- actions ---------------------------------------------------------------------------


def test_start_and_force_off(aio: Any, host: Connection) -> None:
    vm = vm_named(host, "db")
    aio.run(vm.start())
    aio.wait_until(lambda: vm.state is VmState.RUNNING)
    assert libvirt_state(aio, vm) == (libvirt.VIR_DOMAIN_RUNNING, False)
    aio.run(vm.force_off())
    aio.wait_until(lambda: vm.state is VmState.SHUTOFF)
    assert libvirt_state(aio, vm) == (libvirt.VIR_DOMAIN_SHUTOFF, False)
    assert host.vms[vm.uuid] is vm


def test_shutdown_falls_back_when_the_driver_has_no_acpi_button(aio: Any, host: Connection) -> None:
    # The test driver refuses VIR_DOMAIN_SHUTDOWN_ACPI_POWER_BTN; plain shutdown() works.
    vm = vm_named(host, "web")
    aio.run(vm.shutdown())
    aio.wait_until(lambda: vm.state is VmState.SHUTOFF)
    assert libvirt_state(aio, vm)[0] == libvirt.VIR_DOMAIN_SHUTOFF


def test_pause_and_resume(aio: Any, host: Connection) -> None:
    vm = vm_named(host, "web")
    aio.run(vm.pause())
    aio.wait_until(lambda: vm.state is VmState.PAUSED)
    assert libvirt_state(aio, vm)[0] == libvirt.VIR_DOMAIN_PAUSED
    aio.run(vm.resume())
    aio.wait_until(lambda: vm.state is VmState.RUNNING)
    assert libvirt_state(aio, vm)[0] == libvirt.VIR_DOMAIN_RUNNING


def test_resume_the_paused_fixture_vm(aio: Any, host: Connection) -> None:
    vm = vm_named(host, "paused")
    aio.run(vm.resume())
    aio.wait_until(lambda: vm.state is VmState.RUNNING)


def test_force_off_a_paused_vm(aio: Any, host: Connection) -> None:
    vm = vm_named(host, "paused")
    aio.run(vm.force_off())
    aio.wait_until(lambda: vm.state is VmState.SHUTOFF)


def test_save_state_then_start_restores_it(aio: Any, host: Connection) -> None:
    vm = vm_named(host, "web")
    aio.run(vm.save_state())
    aio.wait_until(lambda: vm.state is VmState.SAVED)
    assert vm.snapshot.has_managed_save
    assert libvirt_state(aio, vm) == (libvirt.VIR_DOMAIN_SHUTOFF, True)
    assert allowed(vm) == EXPECTED_ACTIONS[VmState.SAVED]

    aio.run(vm.start())  # create() restores the managed save image
    aio.wait_until(lambda: vm.state is VmState.RUNNING)
    assert not vm.snapshot.has_managed_save
    assert libvirt_state(aio, vm) == (libvirt.VIR_DOMAIN_RUNNING, False)


def test_save_state_of_a_paused_vm(aio: Any, host: Connection) -> None:
    vm = vm_named(host, "paused")
    aio.run(vm.save_state())
    aio.wait_until(lambda: vm.state is VmState.SAVED)


def test_discard_saved_state(aio: Any, host: Connection) -> None:
    vm = vm_named(host, "saved")
    aio.run(vm.discard_saved_state())
    aio.wait_until(lambda: vm.state is VmState.SHUTOFF)
    assert libvirt_state(aio, vm) == (libvirt.VIR_DOMAIN_SHUTOFF, False)
    assert allowed(vm) == EXPECTED_ACTIONS[VmState.SHUTOFF]


def test_reboot_keeps_it_running(aio: Any, host: Connection) -> None:
    vm = vm_named(host, "web")
    aio.run(vm.reboot())
    assert libvirt_state(aio, vm)[0] == libvirt.VIR_DOMAIN_RUNNING
    assert vm.state is VmState.RUNNING


def test_disk_sizes_measure_disks_with_a_source(aio: Any, host: Connection) -> None:
    sizes = aio.run(vm_named(host, "db").disk_sizes())
    # vda and vdb have files (the test driver makes up their sizes); the empty CD-ROM
    # drive sdb has nothing to measure.
    assert sorted(sizes) == ["vda", "vdb"]
    assert all(capacity > 0 and allocation >= 0 for capacity, allocation in sizes.values())
    assert aio.run(vm_named(host, "kernel").disk_sizes()) == {}


# ---- failures --------------------------------------------------------------------------


def test_action_in_the_wrong_state_says_what_failed(aio: Any, host: Connection) -> None:
    vm = vm_named(host, "db")
    with pytest.raises(HvdeskError) as info:
        aio.run(vm.pause())
    sentence = info.value.sentence()
    assert sentence.startswith("Could not pause 'db'.")
    assert "domain 'db' not running" in info.value.detail  # libvirt's own words
    assert sentence.endswith(".") and "Traceback" not in sentence
    assert host.is_connected  # an ordinary refusal does not drop the connection
    assert vm.state is VmState.SHUTOFF


def test_start_of_a_running_vm_is_refused(aio: Any, host: Connection) -> None:
    with pytest.raises(HvdeskError, match=r"^Could not start 'web'\. .*already running"):
        aio.run(vm_named(host, "web").start())


@pytest.fixture
def outside() -> Iterator[libvirt.virConnect]:
    events.ensure_event_loop()
    conn = libvirt.open("test:///default")
    yield conn
    conn.close()


def test_action_on_a_vm_deleted_from_outside(aio: Any, outside: libvirt.virConnect) -> None:
    name = f"gone-{uuidlib.uuid4().hex[:8]}"
    xml = (
        f"<domain type='test'><name>{name}</name><memory unit='MiB'>64</memory>"
        "<os><type arch='x86_64'>hvm</type></os></domain>"
    )
    dom = outside.defineXML(xml)
    conn = Connection("test:///default")
    assert aio.run(conn.open())
    try:
        vm = conn.vms[dom.UUIDString()]
        removed: list[VirtualMachine] = []
        conn.vmRemoved.connect(removed.append)
        dom.undefine()  # another program deletes it

        with pytest.raises(HvdeskError) as info:
            aio.run(vm.start())
        error = info.value
        assert error.what == f"Could not start '{name}'"
        assert "Domain not found" in error.detail  # libvirt's own words
        assert "deleted by another program" in error.hint
        assert error.sentence() == f"{error.what}. {error.detail}. {error.hint}."
        aio.wait_until(lambda: vm.uuid not in conn.vms)
        assert removed == [vm]
        assert conn.is_connected
    finally:
        with contextlib.suppress(libvirt.libvirtError):
            dom.undefine()
        aio.run(conn.close())


# ---- start with software emulation: what it refuses ---------------------------------------


def test_start_with_tcg_refuses_a_running_vm_and_remembers_nothing(
    aio: Any, host: Connection
) -> None:
    vm = vm_named(host, "web")
    with pytest.raises(HvdeskError) as info:
        aio.run(vm.start_with_tcg())
    assert info.value.sentence() == "'web' is running and was left as it is."
    assert host.uri not in TcgHostStore.default()
    assert vm.config.domain_type == "test"  # the definition was not touched


def test_start_with_tcg_refuses_a_saved_state_it_could_not_resume(
    aio: Any, host: Connection
) -> None:
    vm = vm_named(host, "saved")  # a managed save image: made by the accelerator it ran on
    with pytest.raises(HvdeskError) as info:
        aio.run(vm.start_with_tcg())
    assert info.value.sentence() == (
        "'saved' has a saved state that only KVM can resume. "
        "Discard its saved state first, then start it with software emulation."
    )
    assert vm.state is VmState.SAVED and host.uri not in TcgHostStore.default()


def test_a_remembered_host_leaves_vms_that_are_not_kvm_alone(aio: Any, host: Connection) -> None:
    TcgHostStore.default().add(host.uri)
    vm = vm_named(host, "db")
    aio.run(vm.start())
    aio.wait_until(lambda: vm.state is VmState.RUNNING)
    assert vm.config.domain_type == "test"
