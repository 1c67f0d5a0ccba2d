"""What a host offers a new VM: memory, CPUs, acceleration, firmware, pools, networks.

Gathered in one worker call (`probe_host`) when the New-VM wizard opens, so that its
pages and `newvm.validate` work from plain data without touching libvirt.
"""

from __future__ import annotations

import contextlib
import os
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import libvirt

from hvdesk.core import preferences
from hvdesk.core.accel import AccelPreference, domain_type_for, host_offers_kvm
from hvdesk.core.embed import root_from_uri
from hvdesk.core.errors import from_libvirt
from hvdesk.core.storage import PoolInfo, list_pools
from hvdesk.core.uris import is_local
from hvdesk.i18n import fill, translate

if TYPE_CHECKING:
    from hvdesk.core.connection import Connection

GUEST_ARCH = "x86_64"


@dataclass(frozen=True)
class NetworkChoice:
    kind: str  # "user" (NAT inside QEMU), "network" (libvirt network), "bridge", "none"
    source: str = ""  # the network or bridge name

    def describe(self) -> str:
        if self.kind == "user":
            return translate(
                "HostFacts", "User-mode NAT (the guest reaches out; nothing reaches in)"
            )
        if self.kind == "network":
            return fill(translate("HostFacts", "Virtual network '%1'"), self.source)
        if self.kind == "bridge":
            return (
                fill(translate("HostFacts", "Bridge %1"), self.source)
                if self.source
                else translate("HostFacts", "Bridge")
            )
        return translate("HostFacts", "No network")


USER_NAT = NetworkChoice("user")
NO_NETWORK = NetworkChoice("none")


@dataclass(frozen=True)
class HostFacts:
    uri: str
    kind: str  # embedded, session, system, test, other
    local: bool  # the host's files are this machine's files
    memory_mib: int
    cpus: int
    domain_type: str  # kvm, qemu (TCG), test…
    machine: str = ""  # "q35", or "" for the driver's default
    uefi: bool = False
    secure_boot: bool = False
    pools: tuple[PoolInfo, ...] = ()
    networks: tuple[str, ...] = ()  # active libvirt networks
    vm_names: frozenset[str] = field(default_factory=frozenset)
    default_disk_dir: str = ""

    @property
    def has_pools(self) -> bool:
        return bool(self.pools)

    @property
    def bridges_allowed(self) -> bool:
        return self.kind in ("system", "test", "other")

    def network_choices(self) -> list[NetworkChoice]:
        """What the network menu offers, the default first."""
        if self.kind in ("embedded", "session"):
            return [USER_NAT, NO_NETWORK]
        nets = sorted(self.networks, key=lambda n: (n != "default", n))
        return [
            *(NetworkChoice("network", n) for n in nets),
            USER_NAT,
            NetworkChoice("bridge", ""),
            NO_NETWORK,
        ]

    def default_network(self) -> NetworkChoice:
        return self.network_choices()[0]


def connection_kind(uri: str) -> str:
    if root_from_uri(uri) is not None:
        return "embedded"
    parts = urlsplit(uri)
    if parts.scheme.split("+", 1)[0] == "test":
        return "test"
    if parts.scheme.startswith("qemu"):
        return parts.path.strip("/") or "other"
    return "other"


def hvdesk_images_dir() -> Path:
    """Where hvdesk keeps disk images on this machine when no pool says otherwise."""
    data_home = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(data_home) / "hvdesk" / "images"


def _guest_domain_types(caps_xml: str) -> list[str]:
    root = ET.fromstring(caps_xml)
    types: list[str] = []
    for guest in root.findall("guest"):
        if guest.findtext("os_type") != "hvm":
            continue
        for arch in guest.findall("arch"):
            for dom in arch.findall("domain"):
                kind = dom.get("type", "")
                if kind and kind not in types and arch.get("name") in (GUEST_ARCH, "i686"):
                    types.append(kind)
    return types


def parse_firmware(domcaps_xml: str) -> tuple[bool, bool]:
    """(UEFI available, Secure Boot available) from domain capabilities."""
    root = ET.fromstring(domcaps_xml)
    os_el = root.find("os")
    if os_el is None or os_el.get("supported") != "yes":
        return False, False
    firmware = {v.text for v in os_el.findall("enum[@name='firmware']/value")}
    loader = os_el.find("loader")
    loaders = [v.text or "" for v in loader.findall("value")] if loader is not None else []
    uefi = "efi" in firmware or any("OVMF" in p or "edk2" in p for p in loaders)
    secure = loader is not None and "yes" in {
        v.text for v in loader.findall("enum[@name='secure']/value")
    }
    return uefi, uefi and secure


def _probe(conn: libvirt.virConnect, uri: str, preference: AccelPreference) -> HostFacts:
    """Worker thread."""
    info = conn.getInfo()
    kind = connection_kind(uri)
    types = _guest_domain_types(conn.getCapabilities())
    machine, uefi, secure = "", False, False
    if "qemu" in types or "kvm" in types or kind in ("embedded", "session", "system"):
        kvm = "kvm" in types and host_offers_kvm(conn, GUEST_ARCH)
        # uri: a host where the user chose TCG after KVM failed gets TCG.
        domain_type = domain_type_for(kvm, preference, uri)
        try:
            domcaps = conn.getDomainCapabilities(None, GUEST_ARCH, "q35", domain_type, 0)
        except libvirt.libvirtError:
            pass  # an old QEMU without q35: the driver's default machine, BIOS only
        else:
            machine = "q35"
            uefi, secure = parse_firmware(domcaps)
    else:
        domain_type = types[0] if types else "qemu"
    pools = list_pools(conn)
    networks: tuple[str, ...] = ()
    with contextlib.suppress(libvirt.libvirtError):
        networks = tuple(
            n.name() for n in conn.listAllNetworks(libvirt.VIR_CONNECT_LIST_NETWORKS_ACTIVE)
        )
    names = frozenset(d.name() for d in conn.listAllDomains(0))
    local = is_local(uri)
    default_pool = next((p for p in pools if p.name == "default" and p.active and p.path), None)
    default_pool = default_pool or next((p for p in pools if p.active and p.path), None)
    if default_pool is not None:
        disk_dir = default_pool.path
    elif local:
        disk_dir = str(hvdesk_images_dir())
    else:
        disk_dir = ""
    return HostFacts(
        uri=uri,
        kind=kind,
        local=local,
        memory_mib=int(info[1]),
        cpus=int(info[2]),
        domain_type=domain_type,
        machine=machine,
        uefi=uefi,
        secure_boot=secure,
        pools=pools,
        networks=networks,
        vm_names=names,
        default_disk_dir=disk_dir,
    )


async def probe_host(connection: Connection) -> HostFacts:
    preference = preferences.accel_preference()  # QSettings: read on the calling thread
    uri = connection.uri
    try:
        return await connection.call(lambda conn: _probe(conn, uri, preference))
    except Exception as exc:
        raise from_libvirt(
            fill(translate("HostFacts", "Could not read what %1 offers"), connection.name), exc
        ) from exc
