"""accel: KVM where the host offers it, TCG when the user or the environment says so."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator

import libvirt
import pytest

from hvdesk.core import events
from hvdesk.core.accel import (
    AccelPreference,
    describe_domain_type,
    domain_type_for,
    effective_preference,
    host_offers_kvm,
    remember_tcg_host,
    short_accel,
    tcg_definition,
    tcg_remembered,
)
from hvdesk.core.config import TcgHostStore
from hvdesk.core.domxml import DomainXml
from hvdesk.core.errors import HvdeskError, kvm_start_error
from tests.support.core import HOSTS


@pytest.fixture
def no_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("HVDESK_ACCEL", raising=False)


@pytest.mark.parametrize("value", ["tcg", "TCG", " tcg\n"])
def test_env_tcg_forces_qemu_even_with_kvm(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv("HVDESK_ACCEL", value)
    assert effective_preference(AccelPreference.AUTO) is AccelPreference.TCG
    assert domain_type_for(True, AccelPreference.AUTO) == "qemu"


def test_auto_gives_kvm_when_available(no_env: None) -> None:
    assert domain_type_for(True, AccelPreference.AUTO) == "kvm"
    assert domain_type_for(False, AccelPreference.AUTO) == "qemu"


def test_setting_tcg_forces_qemu(no_env: None) -> None:
    assert effective_preference(AccelPreference.TCG) is AccelPreference.TCG
    assert domain_type_for(True, AccelPreference.TCG) == "qemu"


@pytest.mark.parametrize("value", ["kvm", "auto", "AUTO"])
def test_env_auto_overrides_a_tcg_setting(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv("HVDESK_ACCEL", value)
    assert effective_preference(AccelPreference.TCG) is AccelPreference.AUTO
    assert domain_type_for(True, AccelPreference.TCG) == "kvm"
    assert domain_type_for(False, AccelPreference.TCG) == "qemu"  # no KVM, no wish helps


@pytest.mark.parametrize("value", ["", "bogus", "hvf"])
def test_unknown_env_leaves_the_setting(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv("HVDESK_ACCEL", value)
    assert effective_preference(AccelPreference.TCG) is AccelPreference.TCG
    assert effective_preference(AccelPreference.AUTO) is AccelPreference.AUTO


@pytest.fixture
def test_driver() -> Iterator[libvirt.virConnect]:
    events.ensure_event_loop()
    conn = libvirt.open(f"test://{HOSTS}")
    yield conn
    conn.close()


def test_test_driver_offers_no_kvm(test_driver: libvirt.virConnect) -> None:
    # The test driver has no domain capabilities at all: that means "no KVM", not an error.
    assert host_offers_kvm(test_driver) is False
    assert host_offers_kvm(test_driver, "aarch64") is False


def test_names() -> None:
    assert describe_domain_type("kvm") == "KVM (hardware-assisted)"
    assert describe_domain_type("qemu") == "TCG (emulated, slower)"
    assert describe_domain_type("xen") == "xen"
    assert describe_domain_type("") == "unknown"
    assert (short_accel("kvm"), short_accel("qemu"), short_accel("xen")) == ("KVM", "TCG", "")


# ---- KVM that does not work: recognising it, switching a VM, remembering the host ------

# The guest definition hvdesk gives a KVM VM, with things hvdesk does not know around it.
KVM_VM = """<?xml version="1.0"?>
<!-- written by another tool -->
<domain type='kvm' xmlns:other='https://example.org/other'>
  <name>web</name>
  <metadata><other:note level="2">keep me</other:note></metadata>
  <memory unit='MiB'>256</memory>
  <vcpu placement='static'>2</vcpu>
  <os><type arch='x86_64' machine='q35'>hvm</type></os>
  <features><acpi/><apic/><hyperv mode='custom'><relaxed state='on'/></hyperv></features>
  <cpu mode='host-passthrough' check='none' migratable='on'>
    <topology sockets='1' dies='1' cores='2' threads='1'/>
    <!-- pinned by hand -->
  </cpu>
  <devices><unknown-device x='1'/></devices>
</domain>
"""


def _replaced(xml: str, *changes: tuple[str, str]) -> str:
    for old, new in changes:
        assert old in xml
        xml = xml.replace(old, new, 1)
    return xml


def test_tcg_definition_changes_the_type_and_the_host_cpu_only() -> None:
    out = tcg_definition(KVM_VM, frozenset({"host-model", "maximum", "custom"}))
    expected = _replaced(
        KVM_VM,
        ("<domain type='kvm'", "<domain type='qemu'"),
        ("<cpu mode='host-passthrough'", "<cpu mode='maximum'"),
    )
    # The same document as DomainXml writes any (quotes, namespace declarations first).
    assert out == DomainXml(expected).to_string()
    assert "keep me" in out and "<!-- written by another tool -->" in out


def test_without_a_maximum_cpu_the_emulators_default_cpu_is_used() -> None:
    out = tcg_definition(KVM_VM, frozenset())
    cpu = DomainXml(out).root.find("cpu")
    assert cpu is not None and dict(cpu.attrib) == {"check": "none"}
    assert cpu.find("topology") is not None and "pinned by hand" in out


@pytest.mark.parametrize(
    "cpu", ["<cpu mode='host-model'/>", "<cpu mode='custom'><model>qemu64</model></cpu>", ""]
)
def test_cpus_tcg_can_give_are_kept(cpu: str) -> None:
    xml = f"<domain type='kvm'><name>a</name>{cpu}</domain>"
    out = tcg_definition(xml, frozenset({"host-model", "maximum", "custom"}))
    assert out == DomainXml(xml.replace("type='kvm'", "type='qemu'")).to_string()


def _qemu_as_nobody() -> str:
    """What QEMU really prints when it may not open /dev/kvm (or there is none)."""
    if os.geteuid() != 0 or shutil.which("setpriv") is None:
        pytest.skip("needs root and setpriv to run QEMU as an unprivileged user")
    run = subprocess.run(
        ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups",
         "qemu-system-x86_64", "-accel", "kvm", "-machine", "none", "-nodefaults",
         "-display", "none", "-S"],
        capture_output=True, text=True, timeout=30, stdin=subprocess.DEVNULL,
    )  # fmt: skip
    if run.returncode == 0:
        pytest.skip("the user nobody may use KVM here")
    return run.stderr


def test_qemu_without_access_to_kvm_is_recognised() -> None:
    words = _qemu_as_nobody()
    assert "kvm" in words.lower()  # e.g. "Could not access KVM kernel module: …"
    # As libvirt reports a QEMU that exits at once: its words after libvirt's own.
    cause = HvdeskError("x", f"internal error: process exited while connecting to monitor: {words}")
    error = kvm_start_error("Could not start 'web'", cause, "qemu:///system", "u-1")
    assert error is not None
    assert error.what == (
        "Could not start 'web': QEMU cannot use hardware virtualisation (KVM) on this computer"
    )
    assert error.vms == (("qemu:///system", "u-1"),)
    assert "\n" not in error.detail and words.split("\n")[0].strip() in error.detail


def test_a_remote_host_is_named_instead_of_this_computer() -> None:
    cause = HvdeskError("x", "qemu-system-x86_64: error: failed to set MSR 0x10a to 0x69")
    error = kvm_start_error("Could not start 'web'", cause, "qemu+ssh://root@vmhost/system", "u")
    assert error is not None
    assert "the host vmhost offers hardware virtualisation (KVM) but cannot use it" in error.what


@pytest.mark.parametrize(
    "message",
    [
        "Cannot access storage file '/var/lib/kvm-images/a.qcow2': Permission denied",
        "internal error: qemu unexpectedly closed the monitor: could not open disk image",
        "Requested operation is not valid: domain is already running",
    ],
)
def test_other_failures_are_not_taken_for_kvm(message: str) -> None:
    assert kvm_start_error("Could not start 'a'", HvdeskError("x", message), "q:///", "u") is None


@pytest.fixture
def store() -> TcgHostStore:
    return TcgHostStore.default()


def test_a_remembered_host_makes_new_vms_tcg(no_env: None, store: TcgHostStore) -> None:
    store.add("qemu:///system")
    assert domain_type_for(True, AccelPreference.AUTO, "qemu:///system") == "qemu"
    assert domain_type_for(True, AccelPreference.AUTO, "qemu+ssh://h/system") == "kvm"
    assert domain_type_for(True, AccelPreference.AUTO) == "kvm"  # no host named
    assert tcg_remembered("qemu:///system") and not tcg_remembered("qemu+ssh://h/system")
    store.remove("qemu:///system")
    assert domain_type_for(True, AccelPreference.AUTO, "qemu:///system") == "kvm"


@pytest.mark.parametrize("value", ["kvm", "auto"])
def test_the_environment_overrides_a_remembered_host(
    monkeypatch: pytest.MonkeyPatch, store: TcgHostStore, value: str
) -> None:
    store.add("qemu:///system")
    monkeypatch.setenv("HVDESK_ACCEL", value)
    assert domain_type_for(True, AccelPreference.AUTO, "qemu:///system") == "kvm"
    assert not tcg_remembered("qemu:///system")


def test_the_memory_survives_a_restart_and_a_damaged_file_forgets_it(store: TcgHostStore) -> None:
    remember_tcg_host("qemu:///system")
    remember_tcg_host("qemu:///system")
    assert TcgHostStore.default().load() == ["qemu:///system"]
    for damage in ("{", '{"kvm_unusable": "qemu:///system"}', "[1]", '{"kvm_unusable": [1]}'):
        store.path.write_text(damage)
        assert store.load() == []
        assert not tcg_remembered("qemu:///system")
