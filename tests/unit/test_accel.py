"""accel: KVM where the host offers it, TCG when the user or the environment says so."""

from __future__ import annotations

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
    short_accel,
)
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
