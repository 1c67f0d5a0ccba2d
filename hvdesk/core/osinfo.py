"""Operating-system profiles from osinfo-db, and which OS an installation ISO holds.

osinfo-db (Debian package `osinfo-db`, files under /usr/share/osinfo) is the catalogue
virt-manager and GNOME Boxes use: names, recommended memory/vCPUs/disk, the devices each
OS drives (virtio or not), UEFI support, and regular expressions that recognise
installation media by their ISO 9660 volume descriptor.

Why hvdesk parses the XML itself rather than use libosinfo through GObject
introspection: libosinfo is a C library reached from Python only through PyGObject
(gir1.2-libosinfo + python3-gi), which cannot be installed into a plain virtualenv and
drags GLib's type system into the process; hvdesk needs a small, stable subset of the
data (the files are a documented format, read in ~0.1 s with ElementTree). The parser is
lazy (nothing is read until a profile is asked for) and cached (once per process), and
follows the two rules of libosinfo that matter here: an OS inherits devices, firmware
and resources from the OSes it `derives-from` or `clones`, and media are matched by
unanchored regular expressions on the volume, system, publisher and application ids.
"""

from __future__ import annotations

import functools
import os
import re
import threading
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from hvdesk.core.errors import HvdeskError
from hvdesk.i18n import QT_TRANSLATE_NOOP, fill, translate

SYSTEM_DIR = Path("/usr/share/osinfo")
UNKNOWN_ID = "http://libosinfo.org/unknown"
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

# PCI ids (vendor 1af4 is Red Hat's virtio) of the devices that decide the buses.
_VIRTIO_BLOCK = {"http://pcisig.com/pci/1af4/1001", "http://pcisig.com/pci/1af4/1042"}
_VIRTIO_NET = {"http://pcisig.com/pci/1af4/1000", "http://pcisig.com/pci/1af4/1041"}
_E1000E = "http://pcisig.com/pci/8086/10d3"

MIB = 1024**2
GIB = 1024**3


@dataclass(frozen=True)
class OsProfile:
    """What hvdesk needs to know about one OS to build a VM for it."""

    id: str  # e.g. http://debian.org/debian/11; UNKNOWN_ID for the generic profile
    short_id: str  # debian11
    name: str  # Debian 11
    vendor: str = ""
    family: str = ""  # linux, winnt, freebsd…
    distro: str = ""
    version: str = ""
    release_date: str = ""
    eol_date: str = ""
    memory_mib: int = 2048  # recommended
    min_memory_mib: int = 0
    vcpus: int = 2
    disk_gib: int = 20
    virtio_disk: bool = False
    virtio_net: bool = False
    e1000e: bool = False  # drives Intel's 82574 (q35's native NIC)
    uefi: bool = False  # the catalogue says UEFI works
    needs_uefi: bool = False  # BIOS is not supported (Windows 11)
    generic: bool = False

    @property
    def paravirt(self) -> bool:
        """Whether the OS drives virtio devices out of the box."""
        return self.virtio_disk and self.virtio_net

    @property
    def emulated_nic(self) -> str:
        return "e1000e" if self.e1000e else "e1000"

    def devices_in_words(self) -> str:
        if self.paravirt:
            return fill(
                translate(
                    "OsProfile",
                    "%1 has drivers for paravirtual (virtio) devices: the VM gets the fastest "
                    "disk and network, made for virtual machines.",
                ),
                self.display_name(),
            )
        return fill(
            translate(
                "OsProfile",
                "%1 gets emulated devices that any operating system drives: a SATA disk and "
                "an Intel network card. They work everywhere but are slower than paravirtual "
                "(virtio) devices.",
            ),
            translate("OsProfile", "This OS") if self.generic else self.name,
        )

    def display_name(self) -> str:
        """The name as shown: osinfo-db's own, or the generic profile's, translated."""
        return translate("OsProfile", self.name) if self.generic else self.name


GENERIC = OsProfile(
    id=UNKNOWN_ID,
    short_id="generic",
    name=QT_TRANSLATE_NOOP("OsProfile", "Other or unknown OS"),
    memory_mib=2048,
    vcpus=2,
    disk_gib=20,
    generic=True,
)


@dataclass(frozen=True)
class MediaPattern:
    """One <media> entry: what an installation ISO of an OS looks like."""

    arch: str
    variant: str
    volume_id: re.Pattern[str] | None
    system_id: re.Pattern[str] | None
    publisher_id: re.Pattern[str] | None
    application_id: re.Pattern[str] | None
    volume_size: int | None
    installer: bool = True
    live: bool = False

    def matches(self, iso: IsoInfo) -> bool:
        if self.volume_id is None:
            return False  # every useful pattern names the volume
        checks = (
            (self.volume_id, iso.volume_id),
            (self.system_id, iso.system_id),
            (self.publisher_id, iso.publisher_id),
            (self.application_id, iso.application_id),
        )
        if any(pattern is not None and not pattern.search(value) for pattern, value in checks):
            return False
        return self.volume_size is None or self.volume_size == iso.volume_size

    @property
    def specificity(self) -> tuple[int, int]:
        """More criteria, then longer patterns, win when several media match."""
        patterns = [self.volume_id, self.system_id, self.publisher_id, self.application_id]
        given = [p for p in patterns if p is not None]
        return (len(given) + (self.volume_size is not None), sum(len(p.pattern) for p in given))


@dataclass(frozen=True)
class IsoInfo:
    """The identifying fields of an ISO 9660 primary volume descriptor."""

    volume_id: str
    system_id: str = ""
    publisher_id: str = ""
    application_id: str = ""
    volume_size: int = 0  # bytes
    bootable: bool = False  # has an El Torito boot record


@dataclass(frozen=True)
class Detection:
    profile: OsProfile
    arch: str
    variant: str
    live: bool
    iso: IsoInfo


# ---- ISO 9660 ------------------------------------------------------------------------

SECTOR = 2048
_FIRST_DESCRIPTOR = 16
_MAX_DESCRIPTORS = 32  # a real image has 2-4; bounded so a hostile file cannot loop us


def _text(raw: bytes) -> str:
    return raw.decode("latin-1").rstrip(" \0")


def parse_volume_descriptors(data: bytes) -> IsoInfo:
    """IsoInfo from an image's bytes starting at sector 16 (offset 32768)."""
    primary: bytes | None = None
    bootable = False
    for index in range(_MAX_DESCRIPTORS):
        block = data[index * SECTOR : (index + 1) * SECTOR]
        if len(block) < SECTOR or block[1:6] != b"CD001":
            break
        kind = block[0]
        if kind == 0 and block[7:30] == b"EL TORITO SPECIFICATION":
            bootable = True
        elif kind == 1 and primary is None:
            primary = block
        elif kind == 255:
            break
    if primary is None:
        raise ValueError("no ISO 9660 primary volume descriptor")
    blocks = int.from_bytes(primary[80:84], "little")
    block_size = int.from_bytes(primary[128:130], "little") or SECTOR
    return IsoInfo(
        volume_id=_text(primary[40:72]),
        system_id=_text(primary[8:40]),
        publisher_id=_text(primary[318:446]),
        application_id=_text(primary[574:702]),
        volume_size=blocks * block_size,
        bootable=bootable,
    )


def read_iso_info(path: str | os.PathLike[str]) -> IsoInfo:
    """Blocking (a few kB read): call it from a worker thread."""
    try:
        with open(path, "rb") as iso:
            iso.seek(_FIRST_DESCRIPTOR * SECTOR)
            data = iso.read(_MAX_DESCRIPTORS * SECTOR)
    except OSError as exc:
        raise HvdeskError(
            fill(translate("OsInfo", "Could not read %1"), path), exc.strerror or str(exc)
        ) from exc
    try:
        return parse_volume_descriptors(data)
    except ValueError as exc:
        raise HvdeskError(
            fill(translate("OsInfo", "%1 is not an ISO 9660 image"), path),
            str(exc),
            translate("Hints", "Choose the operating system from the list"),
        ) from exc


# ---- the catalogue ---------------------------------------------------------------------


@dataclass
class _RawOs:
    """One <os> element as read, before inheritance is applied."""

    id: str
    short_id: str
    name: str
    vendor: str
    family: str
    distro: str
    version: str
    release_date: str
    eol_date: str
    parents: list[str]
    devices: dict[str, bool]  # device id -> supported
    firmware: dict[str, bool]  # "efi"/"bios" (x86) -> supported
    resources: dict[str, dict[str, int]] | None  # recommended/minimum -> ram/n-cpus/storage
    media: list[MediaPattern] = field(default_factory=list)


def _plain_text(el: ET.Element, tag: str) -> str:
    for child in el.findall(tag):
        if child.get(_XML_LANG) is None:
            return (child.text or "").strip()
    return ""


def _compile(el: ET.Element | None) -> re.Pattern[str] | None:
    if el is None or not (el.text or "").strip():
        return None
    try:
        return re.compile(el.text.strip())  # type: ignore[union-attr]
    except re.error:
        return None


def _resources(os_el: ET.Element) -> dict[str, dict[str, int]] | None:
    chosen: ET.Element | None = None
    for res in os_el.findall("resources"):
        if res.get("arch") == "x86_64" or (res.get("arch") == "all" and chosen is None):
            chosen = res
    if chosen is None or (chosen.get("inherit") == "true" and len(chosen) == 0):
        return None
    values: dict[str, dict[str, int]] = {}
    for kind in ("minimum", "recommended"):
        block = chosen.find(kind)
        if block is None:
            continue
        values[kind] = {}
        for key in ("ram", "n-cpus", "storage"):
            text = block.findtext(key)
            if text and text.strip().isdigit():
                values[kind][key] = int(text.strip())
    return values


def _media(os_el: ET.Element) -> list[MediaPattern]:
    patterns = []
    for media in os_el.findall("media"):
        iso = media.find("iso")
        if iso is None:
            continue
        size = iso.findtext("volume-size")
        variant = media.find("variant")
        patterns.append(
            MediaPattern(
                arch=media.get("arch", ""),
                variant=variant.get("id", "") if variant is not None else "",
                volume_id=_compile(iso.find("volume-id")),
                system_id=_compile(iso.find("system-id")),
                publisher_id=_compile(iso.find("publisher-id")),
                application_id=_compile(iso.find("application-id")),
                volume_size=int(size) if size and size.strip().isdigit() else None,
                installer=media.get("installer", "true") != "false",
                live=media.get("live", "false") == "true",
            )
        )
    return patterns


def _parse_os(os_el: ET.Element) -> _RawOs:
    parents = [
        rel.get("id", "") for tag in ("derives-from", "clones") for rel in os_el.findall(tag)
    ]
    devices = {
        dev.get("id", ""): dev.get("supported", "true") != "false"
        for dev in os_el.findall("devices/device")
    }
    firmware = {
        fw.get("type", ""): fw.get("supported", "true") != "false"
        for fw in os_el.findall("firmware")
        if fw.get("arch") in ("x86_64", "i686", None)
    }
    short_ids = [s.text.strip() for s in os_el.findall("short-id") if s.text]
    return _RawOs(
        id=os_el.get("id", ""),
        short_id=short_ids[0] if short_ids else "",
        name=_plain_text(os_el, "name"),
        vendor=_plain_text(os_el, "vendor"),
        family=os_el.findtext("family", "").strip(),
        distro=os_el.findtext("distro", "").strip(),
        version=os_el.findtext("version", "").strip(),
        release_date=os_el.findtext("release-date", "").strip(),
        eol_date=os_el.findtext("eol-date", "").strip(),
        parents=[p for p in parents if p],
        devices=devices,
        firmware=firmware,
        resources=_resources(os_el),
        media=_media(os_el),
    )


def _db_dirs() -> list[Path]:
    """libosinfo's search path: system data, local admin overrides, the user's own."""
    system = Path(os.environ.get("OSINFO_SYSTEM_DIR") or SYSTEM_DIR)
    config_home = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return [system, Path("/etc/osinfo"), Path(config_home) / "osinfo"]


def _natural_version(version: str) -> tuple[tuple[int, str], ...]:
    return tuple((int(p), "") if p.isdigit() else (0, p) for p in re.split(r"[.\-]", version))


class OsDatabase:
    """The OS catalogue. Build it with `load()` (blocking, ~0.1 s) or `database()`."""

    def __init__(self, raw: dict[str, _RawOs]) -> None:
        self._raw = raw
        self._profiles: dict[str, OsProfile] = {}
        for os_id in raw:
            self._profiles[os_id] = self._resolve(os_id)
        self._by_short = {p.short_id: p for p in self._profiles.values() if p.short_id}

    @classmethod
    def load(cls, dirs: Iterable[Path] | None = None) -> OsDatabase:
        raw: dict[str, _RawOs] = {}
        for base in dirs if dirs is not None else _db_dirs():
            for path in sorted((base / "os").glob("*/*.xml")) if (base / "os").is_dir() else []:
                try:
                    root = ET.parse(path).getroot()
                except (ET.ParseError, OSError):
                    continue  # one broken file must not hide the others
                for os_el in root.findall("os"):
                    entry = _parse_os(os_el)
                    if entry.id:
                        raw[entry.id] = entry  # later directories override earlier ones
        return cls(raw)

    # ---- inheritance ---------------------------------------------------------------

    def _ancestry(self, os_id: str) -> Iterator[_RawOs]:
        """The OS, then what it derives from / clones, breadth first, each once."""
        seen: set[str] = set()
        queue = [os_id]
        while queue:
            current = queue.pop(0)
            if current in seen or current not in self._raw:
                continue
            seen.add(current)
            entry = self._raw[current]
            yield entry
            queue.extend(entry.parents)

    def _resolve(self, os_id: str) -> OsProfile:
        chain = list(self._ancestry(os_id))
        own = chain[0]
        devices: dict[str, bool] = {}
        firmware: dict[str, bool] = {}
        resources: dict[str, dict[str, int]] | None = None
        for entry in chain:  # the nearest definition wins
            for dev, ok in entry.devices.items():
                devices.setdefault(dev, ok)
            for fw, ok in entry.firmware.items():
                firmware.setdefault(fw, ok)
            if resources is None and entry.resources:
                resources = entry.resources
        supported = {dev for dev, ok in devices.items() if ok}
        rec = (resources or {}).get("recommended", {})
        minimum = (resources or {}).get("minimum", {})
        ram = rec.get("ram") or minimum.get("ram") or GENERIC.memory_mib * MIB
        storage = rec.get("storage") or minimum.get("storage") or GENERIC.disk_gib * GIB
        cpus = rec.get("n-cpus") or max(minimum.get("n-cpus", 1), GENERIC.vcpus)
        return OsProfile(
            id=own.id,
            short_id=own.short_id,
            name=own.name or own.short_id or own.id,
            vendor=own.vendor,
            family=own.family,
            distro=own.distro,
            version=own.version,
            release_date=own.release_date,
            eol_date=own.eol_date,
            memory_mib=max(64, ram // MIB),
            min_memory_mib=minimum.get("ram", 0) // MIB,
            vcpus=max(1, cpus),
            disk_gib=max(1, -(-storage // GIB)),
            virtio_disk=bool(supported & _VIRTIO_BLOCK),
            virtio_net=bool(supported & _VIRTIO_NET),
            e1000e=_E1000E in supported,
            uefi=firmware.get("efi", False),
            needs_uefi=firmware.get("bios", True) is False,
            generic=own.id == UNKNOWN_ID,
        )

    # ---- queries ---------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self._profiles)

    def get(self, key: str) -> OsProfile | None:
        """By osinfo id (http://debian.org/debian/11) or short id (debian11)."""
        if key in (GENERIC.id, GENERIC.short_id, "unknown"):
            return GENERIC
        return self._profiles.get(key) or self._by_short.get(key)

    def profiles(self) -> list[OsProfile]:
        """Every OS, grouped by distribution, newest release first (not GENERIC)."""
        return sorted(
            (p for p in self._profiles.values() if not p.generic),
            key=lambda p: (
                (p.distro or p.family or p.name).lower(),
                tuple((-n, s) for n, s in _natural_version(p.version)),
                p.name.lower(),
            ),
        )

    def search(self, text: str) -> list[OsProfile]:
        """Profiles whose name, short id, vendor or id contain every word of `text`."""
        words = text.lower().split()
        found = []
        for profile in self.profiles():
            haystack = " ".join(
                (profile.name, profile.short_id, profile.vendor, profile.id, profile.family)
            ).lower()
            if all(word in haystack for word in words):
                found.append(profile)
        return found

    def identify(self, iso: IsoInfo) -> Detection | None:
        """The OS whose installation media look like `iso`, or None."""
        best: tuple[tuple[int, int], bool, str] | None = None
        found: tuple[str, MediaPattern] | None = None
        for os_id, entry in self._raw.items():
            for media in entry.media:
                # Among equally specific matches, x86_64 media: that is the VM hvdesk builds.
                rank = (media.specificity, media.arch == "x86_64", os_id)
                if (best is None or rank > best) and media.matches(iso):
                    best, found = rank, (os_id, media)
        if found is None:
            return None
        os_id, media = found
        return Detection(self._profiles[os_id], media.arch, media.variant, media.live, iso)


_lock = threading.Lock()


@functools.lru_cache(maxsize=1)
def _cached() -> OsDatabase:
    return OsDatabase.load()


def database() -> OsDatabase:
    """The process-wide catalogue, loaded on first use (blocking: use a worker thread)."""
    with _lock:
        return _cached()


def detect_iso(path: str | os.PathLike[str], db: OsDatabase | None = None) -> Detection | None:
    """Blocking: read the ISO's volume descriptor and match it against the catalogue."""
    info = read_iso_info(path)
    return (db or database()).identify(info)
