"""Hardware-assisted (KVM) or emulated (TCG) virtualisation.

hvdesk prefers KVM where the host offers it and lets the user (a setting) or the
environment (`HVDESK_ACCEL=tcg`) force TCG, e.g. on hosts that are VMs themselves
where KVM is advertised but does not work.
"""

from __future__ import annotations

import os
from enum import Enum

import libvirt

from hvdesk.i18n import translate


class AccelPreference(Enum):
    AUTO = "auto"  # KVM when the host offers it
    TCG = "tcg"  # always emulate


def effective_preference(setting: AccelPreference) -> AccelPreference:
    """The environment wins over the stored setting."""
    env = os.environ.get("HVDESK_ACCEL", "").strip().lower()
    if env == "tcg":
        return AccelPreference.TCG
    if env in ("kvm", "auto"):
        return AccelPreference.AUTO
    return setting


def host_offers_kvm(conn: libvirt.virConnect, arch: str = "x86_64") -> bool:
    """Ask the driver's domain capabilities, which check /dev/kvm and the QEMU binary."""
    try:
        caps = conn.getDomainCapabilities(None, arch, None, "kvm", 0)
    except libvirt.libvirtError:
        return False
    return "<domain>kvm</domain>" in caps


def domain_type_for(kvm_available: bool, preference: AccelPreference) -> str:
    """The `<domain type=…>` to define new VMs with."""
    if kvm_available and effective_preference(preference) is AccelPreference.AUTO:
        return "kvm"
    return "qemu"


def describe_domain_type(domain_type: str) -> str:
    return {
        "kvm": translate("Accel", "KVM (hardware-assisted)"),
        "qemu": translate("Accel", "TCG (emulated, slower)"),
        "test": translate("Accel", "none (libvirt's test driver)"),
    }.get(domain_type, domain_type or translate("Accel", "unknown"))


def short_accel(domain_type: str) -> str:
    """For the list: KVM or TCG; nothing for drivers without that choice (test, xen…)."""
    return {"kvm": "KVM", "qemu": "TCG"}.get(domain_type, "")
