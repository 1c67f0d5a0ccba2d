"""Hardware-assisted (KVM) or emulated (TCG) virtualisation.

hvdesk prefers KVM where the host offers it and lets the user (a setting) or the
environment (`HVDESK_ACCEL=tcg`) force TCG, e.g. on hosts that are VMs themselves
where KVM is advertised but does not work.

Where a KVM guest fails to start because KVM does not work there
(errors.kvm_start_error), the user can switch that VM to TCG (`switch_to_tcg`) and
hvdesk remembers the host (`remember_tcg_host`, config.TcgHostStore): new VMs there are
made for TCG, and a KVM VM started there is switched first. `HVDESK_ACCEL=kvm` (or
auto) overrides that memory; Preferences forgets a host.
"""

from __future__ import annotations

import os
import xml.etree.ElementTree as ET
from enum import Enum

import libvirt

from hvdesk.core.config import TcgHostStore
from hvdesk.core.domxml import DomainXml
from hvdesk.core.errors import HvdeskError, refused_flags
from hvdesk.i18n import fill, translate


class AccelPreference(Enum):
    AUTO = "auto"  # KVM when the host offers it
    TCG = "tcg"  # always emulate


def _env_preference() -> AccelPreference | None:
    env = os.environ.get("HVDESK_ACCEL", "").strip().lower()
    if env == "tcg":
        return AccelPreference.TCG
    if env in ("kvm", "auto"):
        return AccelPreference.AUTO
    return None


def effective_preference(setting: AccelPreference, uri: str | None = None) -> AccelPreference:
    """The environment wins over everything; then, for the host `uri`, the memory that
    KVM does not work there; then the stored setting."""
    env = _env_preference()
    if env is not None:
        return env
    if uri is not None and uri in TcgHostStore.default():
        return AccelPreference.TCG
    return setting


def tcg_remembered(uri: str) -> bool:
    """KVM VMs on `uri` start with software emulation: the user chose it there after KVM
    failed (unless HVDESK_ACCEL=kvm or auto says to use KVM)."""
    return _env_preference() is not AccelPreference.AUTO and uri in TcgHostStore.default()


def remember_tcg_host(uri: str) -> None:
    TcgHostStore.default().add(uri)


def host_offers_kvm(conn: libvirt.virConnect, arch: str = "x86_64") -> bool:
    """Ask the driver's domain capabilities, which check /dev/kvm and the QEMU binary."""
    try:
        caps = conn.getDomainCapabilities(None, arch, None, "kvm", 0)
    except libvirt.libvirtError:
        return False
    return "<domain>kvm</domain>" in caps


def domain_type_for(
    kvm_available: bool, preference: AccelPreference, uri: str | None = None
) -> str:
    """The `<domain type=…>` to define new VMs with (on the host `uri`, when given)."""
    if kvm_available and effective_preference(preference, uri) is AccelPreference.AUTO:
        return "kvm"
    return "qemu"


# ---- switching a KVM VM to TCG ----------------------------------------------------------


def tcg_cpu_modes(conn: libvirt.virConnect, arch: str) -> frozenset[str]:
    """Worker thread: the <cpu mode=…> values libvirt offers a TCG guest of `arch`
    (none when the driver cannot say)."""
    try:
        caps = ET.fromstring(conn.getDomainCapabilities(None, arch, None, "qemu", 0))
    except (libvirt.libvirtError, ET.ParseError):
        return frozenset()
    return frozenset(
        mode.get("name", "") for mode in caps.iterfind("cpu/mode") if mode.get("supported") == "yes"
    )


def tcg_definition(xml: str, cpu_modes: frozenset[str]) -> str:
    """A KVM guest's definition made for software emulation: `<domain type='qemu'>`,
    and `<cpu mode='host-passthrough'>` (the host's own CPU, which only KVM can hand
    over) becomes 'maximum', every feature the emulator has, where libvirt offers it
    (`cpu_modes`), else the emulator's default CPU. Everything else stays as written."""
    doc = DomainXml(xml)
    doc.root.set("type", "qemu")
    cpu = doc.root.find("cpu")
    if cpu is not None and cpu.get("mode") == "host-passthrough":
        if "maximum" in cpu_modes:
            cpu.set("mode", "maximum")
        else:
            cpu.attrib.pop("mode")
            cpu.attrib.pop("migratable", None)  # only for host-passthrough and maximum
    return doc.to_string()


def switch_to_tcg(dom: libvirt.virDomain) -> None:
    """Worker thread: redefine the stopped VM `dom` for software emulation
    (`tcg_definition`) and check that libvirt kept it so."""
    if dom.isActive():
        raise HvdeskError(
            fill(translate("Accel", "'%1' is running and was left as it is"), dom.name())
        )
    if dom.hasManagedSaveImage(0):
        raise HvdeskError(
            fill(translate("Accel", "'%1' has a saved state that only KVM can resume"), dom.name()),
            hint=translate(
                "Accel", "Discard its saved state first, then start it with software emulation"
            ),
        )
    conn = dom.connect()
    xml = dom.XMLDesc(libvirt.VIR_DOMAIN_XML_INACTIVE | libvirt.VIR_DOMAIN_XML_SECURE)
    os_type = DomainXml(xml).root.find("os/type")
    arch = (os_type.get("arch") if os_type is not None else None) or "x86_64"
    new_xml = tcg_definition(xml, tcg_cpu_modes(conn, arch))
    try:
        redefined = conn.defineXMLFlags(new_xml, libvirt.VIR_DOMAIN_DEFINE_VALIDATE)
    except libvirt.libvirtError as exc:
        if not refused_flags(exc):
            raise
        redefined = conn.defineXML(new_xml)
    kept = DomainXml(redefined.XMLDesc(libvirt.VIR_DOMAIN_XML_INACTIVE)).root.get("type")
    if kept != "qemu":
        raise HvdeskError(
            fill(translate("Accel", "'%1' was not switched to software emulation"), dom.name()),
            fill(translate("Accel", "libvirt kept the type '%1'"), kept or ""),
        )


def describe_domain_type(domain_type: str) -> str:
    return {
        "kvm": translate("Accel", "KVM (hardware-assisted)"),
        "qemu": translate("Accel", "TCG (emulated, slower)"),
        "test": translate("Accel", "none (libvirt's test driver)"),
    }.get(domain_type, domain_type or translate("Accel", "unknown"))


def short_accel(domain_type: str) -> str:
    """For the list: KVM or TCG; nothing for drivers without that choice (test, xen…)."""
    return {"kvm": "KVM", "qemu": "TCG"}.get(domain_type, "")
