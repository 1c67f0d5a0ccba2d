"""What a host offers a VM's Settings dialog: limits, machines, networks, USB devices,
whether virtiofs shared folders and UEFI work. One worker call, every part optional."""

from __future__ import annotations

import contextlib
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from typing import TYPE_CHECKING

import libvirt

from hvdesk.core.errors import from_libvirt
from hvdesk.core.uris import is_local
from hvdesk.i18n import fill, translate

if TYPE_CHECKING:
    from hvdesk.core.vm import VirtualMachine


@dataclass(frozen=True)
class UsbDevice:
    vendor: str  # "0x046d"
    product: str
    description: str


@dataclass(frozen=True)
class SettingsHost:
    memory_mib: int
    cpus: int
    max_vcpus: int
    machines: tuple[str, ...] = ()
    # ("q35", "pc-q35-7.2"): a define with the alias stores the machine it stands for
    machine_aliases: tuple[tuple[str, str], ...] = ()
    networks: tuple[str, ...] = ()
    uefi: bool = False
    virtiofs: bool = False
    usb: tuple[UsbDevice, ...] | None = None  # None: the connection cannot list them
    local: bool = True

    def canonical_machine(self, name: str) -> str:
        """The machine libvirt stores for `name` (an alias such as "q35" becomes the
        versioned machine it stands for); `name` itself when it is no alias."""
        return dict(self.machine_aliases).get(name, name)


def parse_usb_device(xml: str) -> UsbDevice | None:
    cap = ET.fromstring(xml).find("capability[@type='usb_device']")
    if cap is None:
        return None
    vendor, product = cap.find("vendor"), cap.find("product")
    if vendor is None or product is None:
        return None
    words = " ".join(t for t in ((vendor.text or "").strip(), (product.text or "").strip()) if t)
    return UsbDevice(vendor.get("id", ""), product.get("id", ""), words)


def parse_domcaps(xml: str) -> tuple[bool, bool, int]:
    """(UEFI, virtiofs, max vCPUs) from domain capabilities."""
    root = ET.fromstring(xml)
    firmware = {v.text for v in root.findall("os/enum[@name='firmware']/value")}
    loaders = [v.text or "" for v in root.findall("os/loader/value")]
    uefi = "efi" in firmware or any("OVMF" in p or "edk2" in p for p in loaders)
    fs = root.find("devices/filesystem")
    virtiofs = (
        fs is not None
        and fs.get("supported") == "yes"
        and "virtiofs" in {v.text for v in fs.findall("enum[@name='driverType']/value")}
    )
    vcpu = root.find("vcpu")
    return uefi, virtiofs, int(vcpu.get("max", 0)) if vcpu is not None else 0


def _machines(caps_xml: str, arch: str) -> tuple[tuple[str, ...], tuple[tuple[str, str], ...]]:
    """(every machine name for `arch`, (alias, canonical name) pairs) from capabilities."""
    names: list[str] = []
    aliases: dict[str, str] = {}
    for guest in ET.fromstring(caps_xml).findall("guest"):
        arch_el = guest.find("arch")
        if arch_el is None or arch_el.get("name") != arch:
            continue
        for machine in arch_el.findall("machine"):
            if machine.text and machine.text not in names:
                names.append(machine.text)
            canonical = machine.get("canonical")
            if canonical and canonical not in names:
                names.append(canonical)
            if canonical and machine.text:
                aliases.setdefault(machine.text, canonical)
    return tuple(sorted(names)), tuple(sorted(aliases.items()))


async def probe_settings_host(vm: VirtualMachine) -> SettingsHost:
    config = vm.config
    arch = config.arch or "x86_64"

    def probe(conn: libvirt.virConnect) -> SettingsHost:
        info = conn.getInfo()
        machines: tuple[str, ...] = ()
        aliases: tuple[tuple[str, str], ...] = ()
        with contextlib.suppress(libvirt.libvirtError, ET.ParseError):
            machines, aliases = _machines(conn.getCapabilities(), arch)
        uefi = virtiofs = False
        max_vcpus = 0
        with contextlib.suppress(libvirt.libvirtError, ET.ParseError):
            domcaps = conn.getDomainCapabilities(
                None, arch, config.machine or None, config.domain_type or None, 0
            )
            uefi, virtiofs, max_vcpus = parse_domcaps(domcaps)
        if not max_vcpus:
            with contextlib.suppress(libvirt.libvirtError):
                max_vcpus = int(conn.getMaxVcpus(config.domain_type or None))
        networks: tuple[str, ...] = ()
        with contextlib.suppress(libvirt.libvirtError):
            networks = tuple(n.name() for n in conn.listAllNetworks(0))
        usb: tuple[UsbDevice, ...] | None = None
        with contextlib.suppress(libvirt.libvirtError):
            found = []
            for dev in conn.listAllDevices(libvirt.VIR_CONNECT_LIST_NODE_DEVICES_CAP_USB_DEV):
                with contextlib.suppress(libvirt.libvirtError, ET.ParseError):
                    parsed = parse_usb_device(dev.XMLDesc(0))
                    if parsed is not None:
                        found.append(parsed)
            usb = tuple(found)
        return SettingsHost(
            memory_mib=int(info[1]),
            cpus=int(info[2]),
            max_vcpus=max(max_vcpus, 1),
            machines=machines,
            machine_aliases=aliases,
            networks=networks,
            uefi=uefi,
            virtiofs=virtiofs,
            usb=usb,
            local=is_local(vm.connection.uri),
        )

    try:
        return await vm.connection.call(probe)
    except Exception as exc:
        raise from_libvirt(
            fill(translate("HostFacts", "Could not read what %1 offers"), vm.connection.name), exc
        ) from exc
