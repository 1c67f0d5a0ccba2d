"""Read a domain's XML into the summary the manager shows (read only, no libvirt calls)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

from hvdesk.core.groups import group_from_domain
from hvdesk.i18n import QT_TRANSLATE_NOOP, fill, translate

LIBOSINFO_NS = "http://libosinfo.org/xmlns/libvirt/domain/1.0"

_UNITS = {
    "b": 1,
    "bytes": 1,
    "k": 1024,
    "kib": 1024,
    "kb": 1000,
    "m": 1024**2,
    "mib": 1024**2,
    "mb": 1000**2,
    "g": 1024**3,
    "gib": 1024**3,
    "gb": 1000**3,
    "t": 1024**4,
    "tib": 1024**4,
    "tb": 1000**4,
}


@dataclass(frozen=True)
class BackingFile:
    """One layer below a disk's image, as libvirt's <backingStore> names it."""

    path: str  # a path, or "protocol:name" for a network layer
    format: str


@dataclass(frozen=True)
class Disk:
    device: str  # disk, cdrom, floppy, lun
    target: str  # vda, sda, hdc…
    bus: str
    source: str  # a path, a volume "pool/vol", a network name, or "" when empty
    source_kind: str  # file, block, volume, network, none
    format: str
    readonly: bool
    # The layers below the image, nearest first (libvirt's <backingStore> chain).
    backing: tuple[BackingFile, ...] = ()
    # Whether libvirt gave the whole chain (it does for running VMs; an inactive VM's
    # XML usually has none, and then the chain is unknown, not empty).
    backing_known: bool = False

    @property
    def is_local_file(self) -> bool:
        return self.source_kind in ("file", "block") and self.source.startswith("/")


@dataclass(frozen=True)
class Nic:
    kind: str  # user, network, bridge, direct…
    source: str
    model: str
    mac: str


@dataclass(frozen=True)
class Display:
    kind: str  # vnc, spice…
    where: str  # "unix socket /path", "127.0.0.1:5900", "auto port on 127.0.0.1"


@dataclass(frozen=True)
class DomainConfig:
    name: str
    uuid: str
    domain_type: str  # kvm, qemu (TCG), test…
    title: str = ""
    description: str = ""
    os_id: str = ""
    arch: str = ""
    machine: str = ""
    firmware: str = "BIOS"
    vcpus: int = 1
    memory_mib: int = 0
    disks: tuple[Disk, ...] = field(default_factory=tuple)
    nics: tuple[Nic, ...] = field(default_factory=tuple)
    displays: tuple[Display, ...] = field(default_factory=tuple)
    group: str = ""  # hvdesk's own metadata (core/groups.py)

    @property
    def os_name(self) -> str:
        return os_name_from_id(self.os_id)


def to_bytes(value: str, unit: str | None) -> int:
    return int(float(value) * _UNITS.get((unit or "KiB").lower(), 1024))


# How the families in osinfo ids are written; the catalogue's own names come with osinfo-db.
_FAMILY_NAMES = {
    "win": "Windows", "rhel": "RHEL", "centos": "CentOS", "freebsd": "FreeBSD",
    "openbsd": "OpenBSD", "netbsd": "NetBSD", "opensuse": "openSUSE", "sles": "SLES",
    "archlinux": "Arch Linux", "macos": "macOS", "almalinux": "AlmaLinux", "rocky": "Rocky Linux",
}  # fmt: skip


def os_name_from_id(os_id: str) -> str:
    """'http://debian.org/debian/12' -> 'Debian 12'."""
    if not os_id:
        return ""
    path = os_id.split("://", 1)[-1].split("/", 1)[-1]
    words = [w for w in path.replace("-", " ").split("/") if w]
    if not words:
        return os_id
    family = _FAMILY_NAMES.get(words[0].lower(), words[0].capitalize())
    return " ".join([family, *words[1:]])


def _firmware(os_el: ET.Element | None) -> str:
    if os_el is None:
        return "BIOS"
    if os_el.find("kernel") is not None:
        return QT_TRANSLATE_NOOP("Firmware", "Direct kernel boot")
    loader = os_el.find("loader")
    if os_el.get("firmware") == "efi" or (loader is not None and loader.get("type") == "pflash"):
        secure = loader is not None and loader.get("secure") == "yes"
        # Firmware autoselection (virt-install, virt-manager) asks for it as a feature.
        secure = secure or any(
            f.get("name") == "secure-boot" and f.get("enabled") == "yes"
            for f in os_el.findall("firmware/feature")
        )
        return "UEFI with Secure Boot" if secure else "UEFI"
    return "BIOS"


MAX_BACKING = 64  # a longer <backingStore> nesting is cut here


def _source_text(kind: str, source: ET.Element | None) -> str:
    if source is None:
        return ""
    if kind == "volume":
        return f"{source.get('pool', '')}/{source.get('volume', '')}"
    if kind == "network":
        return f"{source.get('protocol', '')}:{source.get('name', '')}"
    return source.get("file") or source.get("dev") or source.get("dir") or ""


def _backing_chain(el: ET.Element) -> tuple[tuple[BackingFile, ...], bool]:
    """The <backingStore> layers of a disk, and whether the chain is complete (it ends
    in an empty <backingStore/>)."""
    layers: list[BackingFile] = []
    node = el.find("backingStore")
    while node is not None and len(layers) < MAX_BACKING:
        path = _source_text(node.get("type", "file"), node.find("source"))
        if not path:
            return tuple(layers), True  # <backingStore/>: nothing below
        fmt = node.find("format")
        layers.append(BackingFile(path, fmt.get("type", "") if fmt is not None else ""))
        node = node.find("backingStore")
    return tuple(layers), False


def _disk(el: ET.Element) -> Disk:
    kind = el.get("type", "file")
    text = _source_text(kind, el.find("source"))
    target = el.find("target")
    driver = el.find("driver")
    backing, known = _backing_chain(el)
    return Disk(
        device=el.get("device", "disk"),
        target=target.get("dev", "") if target is not None else "",
        bus=target.get("bus", "") if target is not None else "",
        source=text,
        source_kind=kind if text else "none",
        format=driver.get("type", "") if driver is not None else "",
        readonly=el.find("readonly") is not None,
        backing=backing,
        backing_known=known,
    )


def _nic(el: ET.Element) -> Nic:
    source = el.find("source")
    model = el.find("model")
    mac = el.find("mac")
    src = ""
    if source is not None:
        src = source.get("network") or source.get("bridge") or source.get("dev") or ""
    return Nic(
        kind=el.get("type", ""),
        source=src,
        model=model.get("type", "") if model is not None else "",
        mac=mac.get("address", "") if mac is not None else "",
    )


def _display(el: ET.Element) -> Display:
    kind = el.get("type", "")
    listen = el.find("listen")
    socket = el.get("socket") or (listen.get("socket") if listen is not None else None)
    if socket:
        return Display(kind, fill(translate("Details", "UNIX socket %1"), socket))
    if listen is not None and listen.get("type") == "socket":  # path chosen at start
        return Display(kind, translate("Details", "UNIX socket"))
    address = el.get("listen") or (listen.get("address") if listen is not None else None) or ""
    port = el.get("port", "")
    if port and port != "-1":
        return Display(kind, f"{address or '127.0.0.1'}:{port}")
    return Display(kind, fill(translate("Details", "automatic port on %1"), address or "127.0.0.1"))


def parse_domain_xml(xml: str) -> DomainConfig:
    root = ET.fromstring(xml)
    os_el = root.find("os")
    os_type = os_el.find("type") if os_el is not None else None
    memory = root.find("currentMemory")
    if memory is None:
        memory = root.find("memory")
    vcpu = root.find("vcpu")
    vcpus = 1
    if vcpu is not None:
        vcpus = int(vcpu.get("current") or (vcpu.text or "1").strip())
    os_id_el = root.find(f"metadata/{{{LIBOSINFO_NS}}}libosinfo/{{{LIBOSINFO_NS}}}os")
    devices = root.find("devices")
    devs: list[ET.Element] = list(devices) if devices is not None else []
    return DomainConfig(
        name=root.findtext("name", ""),
        uuid=root.findtext("uuid", ""),
        domain_type=root.get("type", ""),
        title=root.findtext("title", ""),
        description=root.findtext("description", ""),
        os_id=os_id_el.get("id", "") if os_id_el is not None else "",
        arch=os_type.get("arch", "") if os_type is not None else "",
        machine=os_type.get("machine", "") if os_type is not None else "",
        firmware=_firmware(os_el),
        vcpus=vcpus,
        memory_mib=to_bytes(memory.text or "0", memory.get("unit")) // 1024**2
        if memory is not None
        else 0,
        disks=tuple(_disk(e) for e in devs if e.tag == "disk"),
        nics=tuple(_nic(e) for e in devs if e.tag == "interface"),
        displays=tuple(_display(e) for e in devs if e.tag == "graphics"),
        group=group_from_domain(root),
    )
