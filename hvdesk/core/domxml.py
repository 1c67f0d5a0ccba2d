"""Lossless domain-XML editing: each setting changes only the nodes it owns.

`DomainXml` keeps the whole parsed document — elements and attributes hvdesk does not know,
other tools' <metadata>, comments, attribute order and namespace prefixes — and its setters
touch exactly the nodes named in their docstrings. `to_string()` writes the document back
with its own serializer, because ElementTree's renames foreign namespace prefixes (ns0:)
and libvirt would then report a changed <metadata>.

Every setter also records what it wrote (`written`: the setting's name and how to read it
from any definition), so that after a define the definition libvirt kept can be compared
with the intended one (`not_kept`): a setting libvirt dropped silently is found, whichever
setter wrote it.

Renaming is not here (it is a libvirt call, not an XML edit); nor is autostart (a flag).
"""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

from hvdesk.core.domain_info import LIBOSINFO_NS, to_bytes
from hvdesk.core.errors import HvdeskError
from hvdesk.i18n import fill, translate

DISK_BUSES = ("virtio", "sata", "scsi", "ide")
CACHE_MODES = ("default", "none", "writeback", "writethrough", "directsync", "unsafe")
NIC_MODELS = ("virtio", "e1000", "e1000e", "rtl8139")
NIC_KINDS = ("user", "network", "bridge")
VIDEO_MODELS = ("virtio", "qxl", "vga", "bochs", "ramfb", "cirrus", "none")
BOOT_DEVICES = ("hd", "cdrom", "network", "fd")
# Devices that can carry a per-device <boot order=…> (libvirt 9.0).
_BOOTABLE = ("disk", "interface", "hostdev", "redirdev")
_BOOT_KIND = {"disk": "hd", "cdrom": "cdrom", "floppy": "fd", "lun": "hd"}
_TARGET_PREFIX = {"virtio": "vd", "sata": "sd", "scsi": "sd", "usb": "sd", "ide": "hd", "fdc": "fd"}
_MAC = re.compile(r"^[0-9a-fA-F]{2}(:[0-9a-fA-F]{2}){5}$")
_TAG = re.compile(r"^[A-Za-z0-9_.\-]{1,36}$")


class DomainXmlError(HvdeskError):
    """An edit that cannot be made on this XML (a missing device, a bad value)."""

    line: int | None = None  # where malformed XML went wrong


@dataclass(frozen=True)
class DiskSpec:
    """A disk or CD-ROM to add."""

    path: str  # "" for an empty CD-ROM drive
    bus: str = "virtio"
    device: str = "disk"  # disk | cdrom
    format: str = "qcow2"
    cache: str = "default"
    readonly: bool = False


@dataclass(frozen=True)
class BootEntry:
    """Something a VM can boot from, as `set_boot_order` names it.

    In the <os><boot dev=…> form the key is the device class ("hd", "cdrom", "network",
    "fd"); in the per-device form it names one device ("disk/vda",
    "interface/52:54:00:12:34:56", "hostdev/0", "redirdev/0")."""

    key: str
    kind: str  # hd | cdrom | network | fd | hostdev | redirdev
    name: str = ""  # the device: a disk's target, a MAC, "usb 0x046d:0xc52b"; "" for a class


class BootForm:
    """How a definition states its boot order; libvirt accepts one form at a time."""

    OS = "os"  # <os><boot dev=…/> (or nothing: libvirt's default, the first disk)
    DEVICES = "devices"  # <boot order=…/> inside disks, interfaces, host and redirected devices
    BOOTLOADER = "bootloader"  # <bootloader> (Xen-style): the host's bootloader starts it


@dataclass(frozen=True)
class Written:
    """A setting an edit wrote, and how to read that setting from any definition."""

    setting: str  # the setting's name, for messages ("Boot order", "Disk vda")
    read: Callable[[DomainXml], object]


def not_kept(written: Iterable[Written], intended: DomainXml, kept: DomainXml) -> tuple[str, ...]:
    """The settings whose value in `kept` (libvirt's definition after the define) is not
    the one in `intended` (what was sent)."""
    return tuple(w.setting for w in written if w.read(intended) != w.read(kept))


@dataclass(frozen=True)
class NicSpec:
    kind: str = "user"  # user | network | bridge
    source: str = ""  # network or bridge name
    model: str = "virtio"
    mac: str = ""  # "" lets libvirt choose


# ---- parsing and writing --------------------------------------------------------------


def parse(xml: str) -> tuple[ET.Element, dict[str, str], list[str], tuple[str, str]]:
    """(root, namespace uri -> prefix as written, the uris declared on the root,
    (text before the root, text after it)); comments kept as ET.Comment nodes."""
    prefixes: dict[str, str] = {}
    on_root: list[str] = []
    try:
        seen_root = False
        for event, item in ET.iterparse(io.StringIO(xml), events=("start-ns", "start")):
            if event == "start":
                seen_root = True
                continue
            prefix, uri = item
            prefixes.setdefault(uri, prefix)
            if not seen_root:
                on_root.append(uri)
        parser = ET.XMLParser(target=ET.TreeBuilder(insert_comments=True))
        parser.feed(xml)
        root = parser.close()
    except ET.ParseError as exc:
        line, column = exc.position
        error = DomainXmlError(
            translate("DomainXml", "The XML is not well-formed"),
            fill(
                translate("DomainXml", "line %1, column %2: %3"),
                line,
                column + 1,
                _parse_reason(exc),
            ),
            translate("DomainXml", "Correct the XML at that place"),
        )
        error.line = line
        raise error from exc
    if root.tag != "domain":
        raise DomainXmlError(
            translate("DomainXml", "This is not a domain definition"),
            fill(translate("DomainXml", "the root is <%1>"), root.tag),
        )
    # Comments around the root (and the XML declaration) are kept as written.
    start = re.search(r"<domain[\s>/]", xml)
    end = xml.rfind("</domain>")
    prolog = xml[: start.start()] if start else ""
    epilog = xml[end + len("</domain>") :] if end >= 0 else ""
    return root, prefixes, on_root, (prolog, epilog)


def _parse_reason(exc: ET.ParseError) -> str:
    return str(exc).split(":", 1)[0]


def serialize(
    root: ET.Element,
    prefixes: dict[str, str],
    on_root: Iterable[str] = (),
    around: tuple[str, str] = ("", ""),
) -> str:
    """Write the tree back, declaring each namespace on the root if it was there, else
    where it is first used."""
    out: list[str] = [around[0]]
    _write(root, prefixes, frozenset(), out, list(on_root))
    out.append(around[1])
    return "".join(out)


def _qname(tag: str, prefixes: dict[str, str], declared: set[str], new: list[str]) -> str:
    if not tag.startswith("{"):
        return tag
    uri, local = tag[1:].split("}", 1)
    prefix = prefixes.get(uri)
    if prefix is None:
        prefix = f"ns{len(prefixes)}"
        prefixes[uri] = prefix
    if uri not in declared:
        declared.add(uri)
        new.append(f" xmlns{':' + prefix if prefix else ''}={quoteattr(uri)}")
    return f"{prefix}:{local}" if prefix else local


def _write(
    el: ET.Element,
    prefixes: dict[str, str],
    inherited: frozenset[str],
    out: list[str],
    declare: list[str] | None = None,
) -> None:
    tag_kind: object = el.tag
    if tag_kind is ET.Comment:
        out.append(f"<!--{el.text or ''}-->")
    elif tag_kind is ET.ProcessingInstruction:
        out.append(f"<?{el.text or ''}?>")
    else:
        declared = set(inherited)
        decls: list[str] = []
        tag = _qname(str(el.tag), prefixes, declared, decls)
        for uri in declare or ():
            _qname(f"{{{uri}}}x", prefixes, declared, decls)
        attrs = [f" {_qname(k, prefixes, declared, decls)}={quoteattr(v)}" for k, v in el.items()]
        out.append(f"<{tag}{''.join(decls)}{''.join(attrs)}")
        if el.text or len(el):
            out.append(">")
            if el.text:
                out.append(escape(el.text))
            for child in el:
                _write(child, prefixes, frozenset(declared), out)
            out.append(f"</{tag}>")
        else:
            out.append("/>")
    if el.tail:
        out.append(escape(el.tail))


# ---- small tree helpers ---------------------------------------------------------------


def _child(parent: ET.Element, tag: str, before: Iterable[str] = ()) -> ET.Element:
    """parent's first <tag>, created (before the first of `before`, else last) if missing."""
    el = parent.find(tag)
    if el is None:
        el = ET.Element(tag)
        _insert(parent, el, before)
    return el


def _insert(parent: ET.Element, el: ET.Element, before: Iterable[str] = ()) -> None:
    """Insert el after the last sibling with its tag, else before the first of `before`,
    else at the end; with the indentation its siblings have."""
    children = list(parent)
    same = [i for i, c in enumerate(children) if c.tag == el.tag]
    if same:
        index = same[-1] + 1
    else:
        later = [i for i, c in enumerate(children) if c.tag in set(before)]
        index = later[0] if later else len(children)
    _indent_like(parent, el, index)
    parent.insert(index, el)


def _indent_like(parent: ET.Element, el: ET.Element, index: int) -> None:
    children = list(parent)
    if not children:
        return  # a new (or empty) parent: leave the text as it was
    if index >= len(children):  # appended: it takes the last child's tail, which
        el.tail = children[-1].tail  # closes the parent; the last child gets the sibling indent
        children[-1].tail = children[-2].tail if len(children) > 1 else parent.text
    else:
        el.tail = children[index - 1].tail if index > 0 else parent.text


def _remove(parent: ET.Element, el: ET.Element) -> None:
    """Remove el; when it was the last child, its tail (the closing indent) moves up."""
    children = list(parent)
    index = children.index(el)
    if index == len(children) - 1 and index > 0:
        children[index - 1].tail = el.tail
    parent.remove(el)


def _set_text(root: ET.Element, tag: str, text: str, before: Iterable[str]) -> None:
    el = root.find(tag)
    if not text:
        if el is not None:
            _remove(root, el)
        return
    if el is None:
        el = ET.Element(tag)
        _insert(root, el, before)
    el.text = text


_AFTER_NAME = ("metadata", "maxMemory", "memory", "currentMemory", "vcpu", "os", "devices")


class DomainXml:
    """A domain definition being edited; read it back with `to_string()`."""

    def __init__(self, xml: str) -> None:
        self.root, self._prefixes, self._on_root, self._around = parse(xml)
        self._written: dict[str, Written] = {}

    def to_string(self) -> str:
        return serialize(self.root, dict(self._prefixes), self._on_root, self._around)

    @property
    def written(self) -> tuple[Written, ...]:
        """What the setters called so far wrote (one entry per setting, however often)."""
        return tuple(self._written.values())

    def _wrote(self, key: str, setting: str, read: Callable[[DomainXml], object]) -> None:
        self._written[key] = Written(setting, read)

    def _wrote_disk(self, target: str) -> None:
        setting = fill(translate("DomainXml", "Disk %1"), target)
        self._wrote(f"disk/{target}", setting, lambda d: d._disk_facts(target))

    def _wrote_nic(self, mac: str) -> None:
        setting = fill(translate("DomainXml", "Network adapter %1"), mac)
        self._wrote(f"nic/{mac.lower()}", setting, lambda d: d._nic_facts(mac))

    @property
    def devices(self) -> ET.Element:
        return _child(self.root, "devices")

    def _os(self) -> ET.Element:
        return _child(
            self.root, "os", before=("features", "cpu", "clock", "on_poweroff", "devices")
        )

    # ---- General ----------------------------------------------------------------------

    @property
    def title(self) -> str:
        return self.root.findtext("title", "")

    def set_title(self, title: str) -> None:
        """Owns <title>."""
        if "\n" in title:
            raise DomainXmlError(translate("DomainXml", "A title must be one line"))
        _set_text(self.root, "title", title, before=("description", *_AFTER_NAME))
        self._wrote("title", translate("DomainXml", "Title"), lambda d: d.title)

    @property
    def description(self) -> str:
        return self.root.findtext("description", "")

    def set_description(self, text: str) -> None:
        """Owns <description>."""
        _set_text(self.root, "description", text, before=_AFTER_NAME)
        self._wrote("description", translate("DomainXml", "Description"), lambda d: d.description)

    @property
    def os_id(self) -> str:
        el = self.root.find(f"metadata/{{{LIBOSINFO_NS}}}libosinfo/{{{LIBOSINFO_NS}}}os")
        return el.get("id", "") if el is not None else ""

    def set_os_id(self, os_id: str) -> None:
        """Owns libosinfo's element in <metadata> (other tools' metadata stays)."""
        self._wrote("os", translate("DomainXml", "Operating system"), lambda d: d.os_id)
        metadata = self.root.find("metadata")
        info = metadata.find(f"{{{LIBOSINFO_NS}}}libosinfo") if metadata is not None else None
        if not os_id:
            if metadata is not None and info is not None:
                _remove(metadata, info)
                if not len(metadata):
                    _remove(self.root, metadata)
            return
        if metadata is None:
            metadata = ET.Element("metadata")
            _insert(self.root, metadata, before=_AFTER_NAME[1:])
        self._prefixes.setdefault(LIBOSINFO_NS, "libosinfo")
        if info is None:
            info = ET.Element(f"{{{LIBOSINFO_NS}}}libosinfo")
            _insert(metadata, info)
        os_el = info.find(f"{{{LIBOSINFO_NS}}}os")
        if os_el is None:
            os_el = ET.SubElement(info, f"{{{LIBOSINFO_NS}}}os")
        os_el.set("id", os_id)

    # ---- System -----------------------------------------------------------------------

    @property
    def memory_kib(self) -> int:
        el = self.root.find("memory")
        return to_bytes(el.text or "0", el.get("unit")) // 1024 if el is not None else 0

    @property
    def current_memory_kib(self) -> int:
        el = self.root.find("currentMemory")
        return (
            to_bytes(el.text or "0", el.get("unit")) // 1024 if el is not None else self.memory_kib
        )

    def set_memory(self, maximum_kib: int, current_kib: int | None = None) -> None:
        """Owns <memory> and <currentMemory> (the balloon's target at boot)."""
        current = maximum_kib if current_kib is None else current_kib
        if maximum_kib <= 0 or not 0 < current <= maximum_kib:
            raise DomainXmlError(
                translate("DomainXml", "The memory sizes do not fit"),
                fill(
                    translate("DomainXml", "%1 KiB current with %2 KiB maximum"),
                    current,
                    maximum_kib,
                ),
                translate(
                    "DomainXml", "The current memory must be more than 0 and at most the maximum"
                ),
            )
        for tag, value in (("memory", maximum_kib), ("currentMemory", current)):
            el = _child(self.root, tag, before=("vcpu", "os", "devices"))
            el.text = str(value)
            el.set("unit", "KiB")
        self._wrote(
            "memory",
            translate("DomainXml", "Memory"),
            lambda d: (d.memory_kib, d.current_memory_kib),
        )

    @property
    def vcpus(self) -> tuple[int, int]:
        """(current, maximum)."""
        el = self.root.find("vcpu")
        maximum = int((el.text or "1").strip()) if el is not None else 1
        current = int(el.get("current", maximum)) if el is not None else 1
        return current, maximum

    def set_vcpus(self, current: int, maximum: int | None = None) -> None:
        """Owns <vcpu>'s count and its `current` attribute."""
        top = current if maximum is None else maximum
        if not 0 < current <= top:
            raise DomainXmlError(
                fill(
                    translate("DomainXml", "%1 vCPUs cannot start when the most is %2"),
                    current,
                    top,
                )
            )
        el = _child(self.root, "vcpu", before=("os", "devices"))
        el.text = str(top)
        if current == top:
            el.attrib.pop("current", None)
        else:
            el.set("current", str(current))
        self._wrote("vcpus", translate("DomainXml", "Virtual CPUs"), lambda d: d.vcpus)

    @property
    def topology(self) -> tuple[int, int, int] | None:
        el = self.root.find("cpu/topology")
        if el is None:
            return None
        return int(el.get("sockets", 1)), int(el.get("cores", 1)), int(el.get("threads", 1))

    def set_topology(self, topology: tuple[int, int, int] | None) -> None:
        """Owns <cpu><topology>; None removes it (and an empty <cpu/> it leaves)."""
        self._wrote("topology", translate("DomainXml", "CPU topology"), lambda d: d.topology)
        cpu = self.root.find("cpu")
        if topology is None:
            if cpu is not None and (el := cpu.find("topology")) is not None:
                _remove(cpu, el)
                if not len(cpu) and not cpu.attrib:
                    _remove(self.root, cpu)
            return
        sockets, cores, threads = topology
        _current, maximum = self.vcpus
        if min(topology) < 1 or sockets * cores * threads != maximum:
            raise DomainXmlError(
                translate("DomainXml", "The CPU topology does not match the vCPU count"),
                fill(
                    translate("DomainXml", "%1 sockets × %2 cores × %3 threads is not %4"),
                    sockets,
                    cores,
                    threads,
                    maximum,
                ),
                translate(
                    "DomainXml", "Make sockets × cores × threads equal the maximum number of vCPUs"
                ),
            )
        if cpu is None:
            cpu = ET.Element("cpu")
            _insert(self.root, cpu, before=("clock", "on_poweroff", "on_reboot", "pm", "devices"))
        el = cpu.find("topology")
        if el is None:
            el = ET.Element("topology")
            _insert(cpu, el, before=("feature", "numa", "cache"))
        el.set("sockets", str(sockets))
        if "dies" in el.attrib:
            el.set("dies", "1")
        el.set("cores", str(cores))
        el.set("threads", str(threads))

    @property
    def firmware(self) -> str:
        """'efi' or 'bios' ('kernel' for direct kernel boot, which this does not change)."""
        os_el = self.root.find("os")
        if os_el is None:
            return "bios"
        if os_el.find("kernel") is not None:
            return "kernel"
        loader = os_el.find("loader")
        if os_el.get("firmware") == "efi" or (
            loader is not None and loader.get("type") == "pflash"
        ):
            return "efi"
        return "bios"

    def set_firmware(self, firmware: str) -> None:
        """Owns os@firmware, <os><loader>, <nvram> and <firmware> (libvirt picks the files)."""
        if firmware not in ("bios", "efi"):
            raise DomainXmlError(fill(translate("DomainXml", "Unknown firmware '%1'"), firmware))
        self._wrote("firmware", translate("DomainXml", "Firmware"), lambda d: d.firmware)
        if firmware == self.firmware:
            return
        os_el = self._os()
        for tag in ("loader", "nvram", "firmware"):
            for el in os_el.findall(tag):
                _remove(os_el, el)
        if firmware == "efi":
            os_el.set("firmware", "efi")
        else:
            os_el.attrib.pop("firmware", None)

    @property
    def machine(self) -> str:
        type_el = self.root.find("os/type")
        return type_el.get("machine", "") if type_el is not None else ""

    def set_machine(self, machine: str) -> None:
        """Owns os/type@machine. libvirt stores an alias ("q35") as the machine it stands
        for ("pc-q35-7.2"): give that name, or the read-back reports it as not kept."""
        self._wrote("machine", translate("DomainXml", "Machine type"), lambda d: d.machine)
        type_el = _child(self._os(), "type")
        type_el.text = type_el.text or "hvm"
        if machine:
            type_el.set("machine", machine)
        else:
            type_el.attrib.pop("machine", None)

    @property
    def boot_form(self) -> str:
        """Which form this definition uses for its boot order (a `BootForm` value)."""
        if self.root.find("bootloader") is not None:
            return BootForm.BOOTLOADER
        if any(el.find("boot") is not None for el, _entry in self._bootable()):
            return BootForm.DEVICES
        return BootForm.OS

    @property
    def bootloader(self) -> str:
        return (self.root.findtext("bootloader") or "").strip()

    def boot_entries(self) -> list[BootEntry]:
        """What the boot order can name in this definition's form (none with a bootloader)."""
        form = self.boot_form
        if form == BootForm.OS:
            return [BootEntry(dev, dev) for dev in BOOT_DEVICES]
        if form == BootForm.DEVICES:
            return [entry for _el, entry in self._bootable()]
        return []

    @property
    def boot_order(self) -> list[str]:
        """The keys of `boot_entries()` in boot order, as the VM has it now."""
        form = self.boot_form
        if form == BootForm.OS:
            return [b.get("dev", "") for b in self.root.findall("os/boot")]
        if form == BootForm.DEVICES:
            ordered = []
            for el, entry in self._bootable():
                boot = el.find("boot")
                if boot is not None:
                    ordered.append((_order(boot), entry.key))
            return [key for _n, key in sorted(ordered)]
        return []

    def set_boot_order(self, keys: list[str]) -> None:
        """Owns the boot order in the form the VM already uses, and never the other one
        (libvirt refuses the two together, and drops <os><boot> beside a <bootloader>):
        <os><boot dev=…> elements, or the <boot order=…> of each bootable device."""
        form = self.boot_form
        if form == BootForm.BOOTLOADER:
            raise DomainXmlError(
                translate("DomainXml", "This VM has no boot order to change"),
                fill(translate("DomainXml", "It is started by the bootloader %1"), self.bootloader),
                translate("DomainXml", "Change its <bootloader> in the XML tab instead"),
            )
        known = {e.key for e in self.boot_entries()}
        unknown = [k for k in keys if k not in known]
        if unknown or len(set(keys)) != len(keys):
            raise DomainXmlError(
                fill(translate("DomainXml", "Cannot boot from %1"), ", ".join(unknown or keys))
            )
        if form == BootForm.DEVICES:
            if not keys:
                # No order at all would make libvirt fall back to <os><boot dev='hd'/>.
                raise DomainXmlError(translate("DomainXml", "Choose at least one boot device"))
            self._set_device_boot_order(keys)
        else:
            os_el = self._os()
            for boot in os_el.findall("boot"):
                _remove(os_el, boot)
            for name in keys:
                el = ET.Element("boot", dev=name)
                _insert(
                    os_el, el, before=("bootmenu", "smbios", "bios", "kernel", "initrd", "cmdline")
                )
        self._wrote("boot", translate("DomainXml", "Boot order"), lambda d: d.boot_order)

    def _set_device_boot_order(self, keys: list[str]) -> None:
        position = {key: n for n, key in enumerate(keys, start=1)}
        for el, entry in self._bootable():
            boot = el.find("boot")
            if entry.key not in position:
                if boot is not None:
                    _remove(el, boot)
                continue
            if boot is None:  # a <boot> already there keeps its other attributes (loadparm)
                boot = ET.Element("boot")
                _insert(el, boot, before=("alias", "address"))
            boot.set("order", str(position[entry.key]))

    def _bootable(self) -> list[tuple[ET.Element, BootEntry]]:
        """Each device that can carry a per-device boot order, with its entry."""
        found = []
        counts: dict[str, int] = {}
        for el in self.root.findall("devices/*"):
            tag = str(el.tag)
            if tag not in _BOOTABLE:
                continue
            index = counts.get(tag, 0)
            counts[tag] = index + 1
            found.append((el, _boot_entry(el, tag, index)))
        return found

    # ---- Display ----------------------------------------------------------------------

    def _video(self) -> ET.Element | None:
        return self.root.find("devices/video")

    @property
    def video_model(self) -> str:
        video = self._video()
        model = video.find("model") if video is not None else None
        return model.get("type", "") if model is not None else ""

    def set_video_model(self, model: str) -> None:
        """Owns the first <video>'s <model> (its type; vram and heads only where they no
        longer apply)."""
        if model not in VIDEO_MODELS:
            raise DomainXmlError(fill(translate("DomainXml", "Unknown video model '%1'"), model))
        self._wrote("video", translate("DomainXml", "Video"), lambda d: d.video_model)
        video = self._video()
        if video is None:
            video = ET.Element("video")
            _insert(self.devices, video)
        el = _child(video, "model")
        old = el.get("type")
        el.set("type", model)
        if old != model:
            # Sizes belong to the old model; libvirt fills in the new one's defaults.
            for attr in ("vram", "ram", "vgamem", "vram64"):
                el.attrib.pop(attr, None)
            for acc in el.findall("acceleration"):
                _remove(el, acc)

    def _vnc(self) -> ET.Element | None:
        return self.root.find("devices/graphics[@type='vnc']")

    @property
    def vnc(self) -> tuple[str, str] | None:
        """('socket' | 'loopback', password) or None without VNC."""
        el = self._vnc()
        if el is None:
            return None
        listen = el.find("listen")
        socket = el.get("socket") or (listen is not None and listen.get("type") == "socket")
        return ("socket" if socket else "loopback"), el.get("passwd", "")

    def set_vnc(self, mode: str | None, password: str = "") -> None:
        """Owns the VNC <graphics>: its listen attributes and <listen> children, passwd.
        mode None removes VNC. Never a non-loopback address (DESIGN rule 7)."""
        el = self._vnc()
        self._wrote("vnc", translate("DomainXml", "Remote display"), lambda d: d.vnc)
        if mode is None:
            if el is not None:
                _remove(self.devices, el)
            return
        if mode not in ("socket", "loopback"):
            raise DomainXmlError(fill(translate("DomainXml", "Unknown VNC listen mode '%1'"), mode))
        if len(password) > 8:
            raise DomainXmlError(
                translate("DomainXml", "The VNC password is too long"),
                translate("DomainXml", "VNC uses at most 8 characters"),
            )
        if el is None:
            el = ET.Element("graphics", type="vnc")
            _insert(self.devices, el, before=("video",))
        current = self.vnc
        keep_socket = el.get("socket") if current and current[0] == "socket" else None
        if current is None or current[0] != mode:
            for attr in ("socket", "port", "autoport", "listen", "websocket"):
                el.attrib.pop(attr, None)
            for listen in el.findall("listen"):
                _remove(el, listen)
            if mode == "socket":
                if keep_socket:
                    el.set("socket", keep_socket)
                else:
                    ET.SubElement(el, "listen", type="socket")
            else:
                el.set("port", "-1")
                el.set("autoport", "yes")
                el.set("listen", "127.0.0.1")
                ET.SubElement(el, "listen", type="address", address="127.0.0.1")
        if password:
            el.set("passwd", password)
        else:
            el.attrib.pop("passwd", None)

    # ---- Storage ----------------------------------------------------------------------

    def disks(self) -> list[ET.Element]:
        return self.root.findall("devices/disk")

    def disk(self, target: str) -> ET.Element:
        for d in self.disks():
            t = d.find("target")
            if t is not None and t.get("dev") == target:
                return d
        raise DomainXmlError(fill(translate("DomainXml", "This VM has no disk %1"), target))

    def free_target(self, bus: str) -> str:
        prefix = _TARGET_PREFIX.get(bus, "sd")
        used = {t.get("dev") for t in self.root.findall("devices/disk/target")}
        for i in range(26 * 27):
            suffix = _target_suffix(i)
            if prefix + suffix not in used:
                return prefix + suffix
        raise DomainXmlError(translate("DomainXml", "No free disk name is left on this bus"))

    def _disk_facts(self, target: str) -> tuple[str, ...] | None:
        """What the Storage page sets on a disk, for the read-back; None: no such disk."""
        for d in self.disks():
            t = d.find("target")
            if t is None or t.get("dev") != target:
                continue
            driver, source = d.find("driver"), d.find("source")
            return (
                d.get("device", "disk"),
                t.get("bus", ""),
                (source.get("file") or source.get("dev") or "") if source is not None else "",
                driver.get("cache", "default") if driver is not None else "default",
                str(d.find("readonly") is not None),
            )
        return None

    def disk_element(self, spec: DiskSpec, target: str | None = None) -> ET.Element:
        """A new <disk> (not yet in the document): for add_disk and for hotplug."""
        if spec.bus not in DISK_BUSES:
            raise DomainXmlError(fill(translate("DomainXml", "Unknown disk bus '%1'"), spec.bus))
        disk = ET.Element("disk", type="file", device=spec.device)
        driver = ET.SubElement(disk, "driver", name="qemu", type=spec.format or "raw")
        if spec.cache != "default":
            driver.set("cache", spec.cache)
        if spec.path:
            ET.SubElement(disk, "source", file=spec.path)
        ET.SubElement(disk, "target", dev=target or self.free_target(spec.bus), bus=spec.bus)
        if spec.readonly or spec.device == "cdrom":
            ET.SubElement(disk, "readonly")
        return disk

    def add_disk(self, spec: DiskSpec) -> str:
        """Owns a new <disk>; returns its target name."""
        disk = self.disk_element(spec)
        _insert(self.devices, disk, before=("controller", "interface", "serial", "input"))
        ET.indent(disk, "  ", level=2)
        target = disk.find("target").get("dev", "")  # type: ignore[union-attr]
        self._wrote_disk(target)
        return target

    def remove_disk(self, target: str) -> ET.Element:
        """Owns that <disk>; returns it (for a live detach)."""
        disk = self.disk(target)
        _remove(self.devices, disk)
        self._wrote_disk(target)
        return disk

    def set_disk_bus(self, target: str, bus: str) -> str:
        """Owns the disk's target (dev, bus) and <address> (the old bus's); returns the
        new target name."""
        if bus not in DISK_BUSES:
            raise DomainXmlError(fill(translate("DomainXml", "Unknown disk bus '%1'"), bus))
        disk = self.disk(target)
        target_el = disk.find("target")
        assert target_el is not None  # disk() matched on it
        if target_el.get("bus") == bus:
            return target
        target_el.set("dev", self.free_target(bus))
        target_el.set("bus", bus)
        for address in disk.findall("address"):
            _remove(disk, address)
        new_target = target_el.get("dev", "")
        self._wrote_disk(target)
        self._wrote_disk(new_target)
        return new_target

    def set_disk_cache(self, target: str, cache: str) -> None:
        """Owns the disk's driver@cache."""
        if cache not in CACHE_MODES:
            raise DomainXmlError(fill(translate("DomainXml", "Unknown cache mode '%1'"), cache))
        disk = self.disk(target)
        self._wrote_disk(target)
        driver = disk.find("driver")
        if cache == "default":
            if driver is not None:
                driver.attrib.pop("cache", None)
            return
        if driver is None:
            driver = ET.Element("driver", name="qemu")
            disk.insert(0, driver)
        driver.set("cache", cache)

    def set_media(self, target: str, path: str) -> ET.Element:
        """Owns a CD-ROM's <source>; "" ejects. Returns the drive (for a live update)."""
        disk = self.disk(target)
        if disk.get("device") not in ("cdrom", "floppy"):
            raise DomainXmlError(
                fill(translate("DomainXml", "%1 is not a removable-media drive"), target)
            )
        for source in disk.findall("source"):
            _remove(disk, source)
        if path:
            disk.set("type", "file")
            source = ET.Element("source", file=path)
            _insert(disk, source, before=("target",))
        self._wrote_disk(target)
        return disk

    # ---- Network ----------------------------------------------------------------------

    def nics(self) -> list[ET.Element]:
        return self.root.findall("devices/interface")

    def nic(self, mac: str) -> ET.Element:
        for el in self.nics():
            m = el.find("mac")
            if m is not None and m.get("address", "").lower() == mac.lower():
                return el
        raise DomainXmlError(
            fill(translate("DomainXml", "This VM has no network adapter with MAC %1"), mac)
        )

    def _nic_facts(self, mac: str) -> tuple[str, str, str] | None:
        """What the Network page sets on an adapter, for the read-back; None: no such one."""
        for el in self.nics():
            m = el.find("mac")
            if m is not None and m.get("address", "").lower() == mac.lower():
                return _nic_settings(el)
        return None

    def _nic_summary(self) -> list[tuple[str, str, str]]:
        return sorted(_nic_settings(el) for el in self.nics())

    @staticmethod
    def nic_element(spec: NicSpec) -> ET.Element:
        if spec.kind not in NIC_KINDS:
            raise DomainXmlError(
                fill(translate("DomainXml", "Unknown network kind '%1'"), spec.kind)
            )
        if spec.model not in NIC_MODELS:
            raise DomainXmlError(
                fill(translate("DomainXml", "Unknown network adapter model '%1'"), spec.model)
            )
        el = ET.Element("interface", type=spec.kind)
        if spec.mac:
            ET.SubElement(el, "mac", address=validate_mac(spec.mac))
        if spec.kind == "network":
            ET.SubElement(
                el, "source", network=_required(spec.source, translate("DomainXml", "network"))
            )
        elif spec.kind == "bridge":
            ET.SubElement(
                el, "source", bridge=_required(spec.source, translate("DomainXml", "bridge"))
            )
        ET.SubElement(el, "model", type=spec.model)
        return el

    def add_nic(self, spec: NicSpec) -> ET.Element:
        """Owns a new <interface>."""
        el = self.nic_element(spec)
        _insert(self.devices, el, before=("serial", "console", "input", "graphics", "video"))
        ET.indent(el, "  ", level=2)
        if spec.mac:
            self._wrote_nic(spec.mac)
        else:  # libvirt picks the MAC: compare the adapters without their addresses
            self._wrote(
                "nics", translate("DomainXml", "Network adapters"), lambda d: d._nic_summary()
            )
        return el

    def remove_nic(self, mac: str) -> ET.Element:
        el = self.nic(mac)
        _remove(self.devices, el)
        self._wrote_nic(mac)
        return el

    def set_nic(self, mac: str, spec: NicSpec) -> None:
        """Owns that <interface>'s type, <source>, <model> and <mac>; the rest (driver,
        boot order, address, filter…) stays."""
        el = self.nic(mac)
        new = self.nic_element(spec)
        el.set("type", spec.kind)
        for tag in ("source", "model"):
            for old in el.findall(tag):
                _remove(el, old)
            for part in new.findall(tag):
                _insert(el, part, before=("model", "driver", "address", "boot"))
        if spec.mac and spec.mac.lower() != mac.lower():
            mac_el = el.find("mac")
            assert mac_el is not None  # nic() matched on it
            mac_el.set("address", validate_mac(spec.mac))
            self._wrote_nic(spec.mac)
        self._wrote_nic(mac)

    # ---- Serial / console ---------------------------------------------------------------

    @property
    def has_serial_console(self) -> bool:
        return self.root.find("devices/serial") is not None

    def set_serial_console(self, enabled: bool) -> None:
        """Owns <serial> and the <console>s of type serial."""
        self._wrote(
            "serial", translate("DomainXml", "Serial console"), lambda d: d.has_serial_console
        )
        devices = self.devices
        if not enabled:
            for el in [*devices.findall("serial"), *devices.findall("console")]:
                target = el.find("target")
                if el.tag == "serial" or target is None or target.get("type", "serial") == "serial":
                    _remove(devices, el)
            return
        if self.has_serial_console:
            return
        serial = ET.Element("serial", type="pty")
        ET.SubElement(serial, "target", port="0")
        console = ET.Element("console", type="pty")
        ET.SubElement(console, "target", type="serial", port="0")
        for el in (serial, console):
            _insert(devices, el, before=("channel", "input", "graphics", "video"))
            ET.indent(el, "  ", level=2)

    # ---- USB host devices ---------------------------------------------------------------

    def usb_host_devices(self) -> list[tuple[str, str]]:
        """(vendor id, product id) as written, e.g. ('0x046d', '0xc52b')."""
        found = []
        for el in self.root.findall("devices/hostdev[@type='usb']"):
            vendor, product = el.find("source/vendor"), el.find("source/product")
            if vendor is not None and product is not None:
                found.append((vendor.get("id", ""), product.get("id", "")))
        return found

    @staticmethod
    def usb_host_element(vendor: str, product: str) -> ET.Element:
        el = ET.Element("hostdev", mode="subsystem", type="usb", managed="yes")
        source = ET.SubElement(el, "source")
        ET.SubElement(source, "vendor", id=vendor)
        ET.SubElement(source, "product", id=product)
        return el

    def add_usb_host(self, vendor: str, product: str) -> ET.Element:
        """Owns a new <hostdev type='usb'>."""
        if (vendor, product) in self.usb_host_devices():
            raise DomainXmlError(
                fill(
                    translate("DomainXml", "USB device %1:%2 is already passed through"),
                    vendor,
                    product,
                )
            )
        el = self.usb_host_element(vendor, product)
        _insert(self.devices, el, before=("redirdev", "memballoon", "rng"))
        ET.indent(el, "  ", level=2)
        self._wrote_usb(vendor, product)
        return el

    def _wrote_usb(self, vendor: str, product: str) -> None:
        setting = fill(translate("DomainXml", "USB device %1:%2"), vendor, product)
        self._wrote(
            f"usb/{vendor}:{product}",
            setting,
            lambda d: (vendor, product) in d.usb_host_devices(),
        )

    def remove_usb_host(self, vendor: str, product: str) -> ET.Element:
        for el in self.root.findall("devices/hostdev[@type='usb']"):
            v, p = el.find("source/vendor"), el.find("source/product")
            if v is not None and p is not None and (v.get("id"), p.get("id")) == (vendor, product):
                _remove(self.devices, el)
                self._wrote_usb(vendor, product)
                return el
        raise DomainXmlError(
            fill(translate("DomainXml", "USB device %1:%2 is not passed through"), vendor, product)
        )

    # ---- Shared folders (virtiofs) -----------------------------------------------------

    def shared_folders(self) -> list[tuple[str, str]]:
        """(host folder, mount tag) of the virtiofs filesystems."""
        found = []
        for el in self.root.findall("devices/filesystem"):
            driver = el.find("driver")
            if driver is not None and driver.get("type") == "virtiofs":
                src, tgt = el.find("source"), el.find("target")
                found.append(
                    (
                        src.get("dir", "") if src is not None else "",
                        tgt.get("dir", "") if tgt is not None else "",
                    )
                )
        return found

    def add_shared_folder(self, folder: str, tag: str) -> None:
        """Owns a new <filesystem> and, where it is missing, <memoryBacking>'s shared
        memfd source (virtiofsd needs guest memory it can map)."""
        if not folder.startswith("/"):
            raise DomainXmlError(
                translate("DomainXml", "A shared folder needs an absolute path on the host")
            )
        if not _TAG.match(tag):
            raise DomainXmlError(
                fill(translate("DomainXml", "'%1' cannot be a mount tag"), tag),
                hint=translate("DomainXml", "Use up to 36 letters, digits, '.', '_' or '-'"),
            )
        if tag in {t for _f, t in self.shared_folders()}:
            raise DomainXmlError(
                fill(translate("DomainXml", "The mount tag '%1' is already used"), tag)
            )
        backing = _child(self.root, "memoryBacking", before=("vcpu", "os", "devices"))
        if backing.find("source") is None:
            _insert(backing, ET.Element("source", type="memfd"), before=("access",))
        access = backing.find("access")
        if access is None:
            access = ET.Element("access")
            _insert(backing, access)
        access.set("mode", "shared")
        fs = ET.Element("filesystem", type="mount", accessmode="passthrough")
        ET.SubElement(fs, "driver", type="virtiofs")
        ET.SubElement(fs, "source", dir=folder)
        ET.SubElement(fs, "target", dir=tag)
        _insert(self.devices, fs, before=("interface", "serial", "input"))
        ET.indent(fs, "  ", level=2)
        ET.indent(backing, "  ", level=1)
        self._wrote_shared_folder(tag)

    def _wrote_shared_folder(self, tag: str) -> None:
        self._wrote(
            f"fs/{tag}",
            fill(translate("DomainXml", "Shared folder %1"), tag),
            lambda d: [folder for folder, t in d.shared_folders() if t == tag],
        )

    def remove_shared_folder(self, tag: str) -> None:
        """Owns that <filesystem> (memoryBacking stays: other devices may rely on it)."""
        for el in self.root.findall("devices/filesystem"):
            target = el.find("target")
            if target is not None and target.get("dir") == tag:
                _remove(self.devices, el)
                self._wrote_shared_folder(tag)
                return
        raise DomainXmlError(
            fill(translate("DomainXml", "No shared folder has the mount tag '%1'"), tag)
        )


def _nic_settings(el: ET.Element) -> tuple[str, str, str]:
    """(type, network or bridge, model) of an <interface>."""
    source, model = el.find("source"), el.find("model")
    where = (source.get("network") or source.get("bridge") or "") if source is not None else ""
    return el.get("type", ""), where, model.get("type", "") if model is not None else ""


def _order(boot: ET.Element) -> int:
    try:
        return int(boot.get("order", ""))
    except ValueError:
        return 1 << 30  # libvirt refuses such a value; sort it last rather than fail


def _boot_entry(el: ET.Element, tag: str, index: int) -> BootEntry:
    if tag == "disk":
        target = el.find("target")
        dev = target.get("dev", "") if target is not None else ""
        kind = _BOOT_KIND.get(el.get("device", "disk"), "hd")
        return BootEntry(f"disk/{dev}" if dev else f"disk#{index}", kind, dev)
    if tag == "interface":
        mac_el = el.find("mac")
        mac = mac_el.get("address", "").lower() if mac_el is not None else ""
        return BootEntry(f"interface/{mac}" if mac else f"interface#{index}", "network", mac)
    if tag == "hostdev":
        return BootEntry(f"hostdev/{index}", "hostdev", _hostdev_name(el))
    return BootEntry(f"redirdev/{index}", "redirdev", el.get("bus", ""))


def _hostdev_name(el: ET.Element) -> str:
    """What a passed-through device is on the host: "usb 0x046d:0xc52b", "pci 0x0000:…"."""
    vendor, product = el.find("source/vendor"), el.find("source/product")
    if vendor is not None and product is not None:
        ident = f"{vendor.get('id', '')}:{product.get('id', '')}"
    else:
        address = el.find("source/address")
        parts = ("domain", "bus", "slot", "function", "device")
        ident = ":".join(
            address.get(a, "") for a in parts if address is not None and a in address.attrib
        )
    return f"{el.get('type', '')} {ident}".strip()


def _target_suffix(i: int) -> str:
    """0 -> 'a', 25 -> 'z', 26 -> 'aa' (libvirt's disk naming)."""
    letters = ""
    i += 1
    while i:
        i, rem = divmod(i - 1, 26)
        letters = chr(ord("a") + rem) + letters
    return letters


def validate_mac(mac: str) -> str:
    if not _MAC.match(mac):
        raise DomainXmlError(
            fill(translate("DomainXml", "'%1' is not a MAC address"), mac),
            hint=translate("DomainXml", "Write six pairs of hex digits, e.g. 52:54:00:12:34:56"),
        )
    if int(mac[:2], 16) & 1:
        raise DomainXmlError(
            fill(translate("DomainXml", "'%1' is a multicast address"), mac),
            hint=translate("DomainXml", "The first byte must be even, e.g. 52:54:00:…"),
        )
    return mac.lower()


def _required(value: str, what: str) -> str:
    if not value.strip():
        raise DomainXmlError(
            fill(translate("DomainXml", "Choose a %1 for this network adapter"), what)
        )
    return value.strip()


def element_xml(el: ET.Element) -> str:
    """One device's XML (for attach/detach/update calls)."""
    copy = ET.fromstring(ET.tostring(el))
    copy.tail = None
    return ET.tostring(copy, encoding="unicode")
