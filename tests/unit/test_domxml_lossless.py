"""The lossless property: each setting changes only the nodes it owns, as libvirt sees it.

For every fixture in tests/fixtures/domxml and every setting: define the fixture on
libvirt's test driver, read libvirt's XML, apply the edit with `DomainXml`, define the
result, read libvirt's XML again. With the setting's own nodes masked out of both, the two
documents are equal (canonical XML); the setting reads back the value it was given; and the
read-back check the Settings dialog runs after a define (`not_kept`) finds nothing amiss.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import libvirt
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hvdesk.core.domain_info import LIBOSINFO_NS
from hvdesk.core.domxml import (
    CACHE_MODES,
    DISK_BUSES,
    NIC_MODELS,
    BootForm,
    DiskSpec,
    DomainXml,
    DomainXmlError,
    NicSpec,
    not_kept,
)

FIXTURES = sorted((Path(__file__).parents[1] / "fixtures" / "domxml").glob("*.xml"))
READ_FLAGS = libvirt.VIR_DOMAIN_XML_INACTIVE | libvirt.VIR_DOMAIN_XML_SECURE

Mask = Callable[[ET.Element], None]


@dataclass(frozen=True)
class Edit:
    apply: Callable[[DomainXml], None]
    mask: Mask  # removes the nodes this setting owns (applied to before and after alike)
    check: Callable[[DomainXml], None]  # the new value reads back


def _drop(root: ET.Element, path: str) -> None:
    for el in root.findall(path):
        _detach(root, el)


def _detach(root: ET.Element, el: ET.Element) -> None:
    for parent in root.iter():
        if el in list(parent):
            parent.remove(el)
            return


def _drop_where(root: ET.Element, path: str, keep: Callable[[ET.Element], bool]) -> None:
    for el in root.findall(path):
        if not keep(el):
            _detach(root, el)


def _attr(root: ET.Element, path: str, *names: str) -> None:
    for el in root.findall(path):
        for name in names:
            el.attrib.pop(name, None)


def _target(el: ET.Element) -> str:
    t = el.find("target")
    return t.get("dev", "") if t is not None else ""


def _mac(el: ET.Element) -> str:
    m = el.find("mac")
    return m.get("address", "") if m is not None else ""


def _masks(*masks: Mask) -> Mask:
    def run(root: ET.Element) -> None:
        for mask in masks:
            mask(root)

    return run


def _drop_empty(path: str) -> Mask:
    def run(root: ET.Element) -> None:
        for el in root.findall(path):
            if not len(el) and not el.attrib:
                _detach(root, el)

    return run


# ---- the settings, each a strategy of edits -----------------------------------------------

_text = st.text(
    st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\r"), max_size=40
).map(str.strip)


@st.composite
def title_edits(draw: Any, doc: DomainXml) -> Edit:
    value = draw(_text)

    def check(after: DomainXml) -> None:
        assert after.title == value

    return Edit(lambda d: d.set_title(value), lambda r: _drop(r, "title"), check)


@st.composite
def description_edits(draw: Any, doc: DomainXml) -> Edit:
    value = draw(st.lists(_text, max_size=3).map("\n".join).map(str.strip))

    def check(after: DomainXml) -> None:
        assert after.description == value

    return Edit(lambda d: d.set_description(value), lambda r: _drop(r, "description"), check)


@st.composite
def os_edits(draw: Any, doc: DomainXml) -> Edit:
    value = draw(
        st.sampled_from(["", "http://debian.org/debian/12", "http://microsoft.com/win/11"])
    )

    def check(after: DomainXml) -> None:
        assert after.os_id == value

    mask = _masks(
        lambda r: _drop(r, f"metadata/{{{LIBOSINFO_NS}}}libosinfo"), _drop_empty("metadata")
    )
    return Edit(lambda d: d.set_os_id(value), mask, check)


@st.composite
def memory_edits(draw: Any, doc: DomainXml) -> Edit:
    maximum = draw(st.integers(64, 65536)) * 1024
    current = draw(st.integers(1, maximum // 1024)) * 1024

    def check(after: DomainXml) -> None:
        assert (after.memory_kib, after.current_memory_kib) == (maximum, current)

    mask = _masks(lambda r: _drop(r, "memory"), lambda r: _drop(r, "currentMemory"))
    return Edit(lambda d: d.set_memory(maximum, current), mask, check)


@st.composite
def vcpu_edits(draw: Any, doc: DomainXml) -> Edit:
    topology = draw(st.tuples(st.integers(1, 2), st.integers(1, 4), st.integers(1, 2)))
    maximum = topology[0] * topology[1] * topology[2]
    current = draw(st.integers(1, maximum))
    with_topology = draw(st.booleans()) or doc.topology is not None

    def apply(d: DomainXml) -> None:
        d.set_vcpus(current, maximum)
        d.set_topology(topology if with_topology else None)

    def check(after: DomainXml) -> None:
        assert after.vcpus == (current, maximum)
        assert after.topology == (topology if with_topology else None)

    mask = _masks(
        lambda r: _drop(r, "vcpu"), lambda r: _drop(r, "cpu/topology"), _drop_empty("cpu")
    )
    return Edit(apply, mask, check)


@st.composite
def firmware_edits(draw: Any, doc: DomainXml) -> Edit:
    value = draw(st.sampled_from(["bios", "efi"]))

    def check(after: DomainXml) -> None:
        assert after.firmware == value

    def mask(r: ET.Element) -> None:
        _attr(r, "os", "firmware")
        for tag in ("loader", "nvram", "firmware"):
            _drop(r, f"os/{tag}")

    return Edit(lambda d: d.set_firmware(value), mask, check)


@st.composite
def machine_edits(draw: Any, doc: DomainXml) -> Edit:
    value = draw(st.sampled_from(["pc", "q35", "pc-q35-7.2", "pc-i440fx-7.2"]))

    def check(after: DomainXml) -> None:
        assert after.machine == value

    return Edit(lambda d: d.set_machine(value), lambda r: _attr(r, "os/type", "machine"), check)


@st.composite
def boot_edits(draw: Any, doc: DomainXml) -> Edit:
    form = doc.boot_form
    keys = [e.key for e in doc.boot_entries()]
    if form == BootForm.BOOTLOADER:  # no boot order applies: the edit is refused

        def refused(d: DomainXml) -> None:
            with pytest.raises(DomainXmlError, match="no boot order to change"):
                d.set_boot_order(["hd"])

        return Edit(refused, lambda r: None, lambda after: None)
    value = draw(
        st.permutations(keys).flatmap(lambda p: st.integers(1, len(p)).map(lambda n: p[:n]))
    )

    def check(after: DomainXml) -> None:
        assert after.boot_order == list(value)
        assert after.boot_form == form  # never switched to the other form

    return Edit(
        lambda d: d.set_boot_order(list(value)),
        _masks(lambda r: _drop(r, "os/boot"), lambda r: _drop(r, "devices/*/boot")),
        check,
    )


@st.composite
def video_edits(draw: Any, doc: DomainXml) -> Edit:
    value = draw(st.sampled_from(["virtio", "qxl", "vga", "bochs", "cirrus"]))

    def check(after: DomainXml) -> None:
        assert after.video_model == value

    def mask(r: ET.Element) -> None:
        first = r.find("devices/video")
        if first is not None:
            _detach(r, first)

    return Edit(lambda d: d.set_video_model(value), mask, check)


@st.composite
def vnc_edits(draw: Any, doc: DomainXml) -> Edit:
    mode = draw(st.sampled_from(["socket", "loopback", None]))
    password = draw(st.text("abcXYZ0189", max_size=8))

    def check(after: DomainXml) -> None:
        assert after.vnc == (None if mode is None else (mode, password))

    def mask(r: ET.Element) -> None:
        _drop(r, "devices/graphics[@type='vnc']")
        if no_video:  # libvirt gives a new display its default video adapter
            _drop(r, "devices/video")

    no_video = doc.root.find("devices/video") is None
    return Edit(lambda d: d.set_vnc(mode, password), mask, check)


def _disk_mask(*targets: str) -> Mask:
    def run(root: ET.Element) -> None:
        _drop_where(root, "devices/disk", lambda el: _target(el) not in targets)
        _drop(root, "devices/controller")  # libvirt adds the new bus's controller

    return run


@st.composite
def disk_add_edits(draw: Any, doc: DomainXml) -> Edit:
    bus = draw(st.sampled_from(DISK_BUSES))
    device = draw(st.sampled_from(["disk", "cdrom"]))
    path = draw(st.sampled_from(["/var/lib/images/new.qcow2", "/tmp/other disk.img", ""]))
    if device == "disk":
        path = path or "/var/lib/images/blank.qcow2"
    if device == "cdrom" and bus == "virtio":
        bus = "sata"
    cache = draw(st.sampled_from(CACHE_MODES))
    spec = DiskSpec(path, bus=bus, device=device, cache=cache)
    target = doc.free_target(bus)

    def check(after: DomainXml) -> None:
        disk = after.disk(target)
        assert disk.get("device") == device
        src = disk.find("source")
        assert (src.get("file") if src is not None else "") == path

    return Edit(lambda d: d.add_disk(spec) and None, _disk_mask(target), check)


def _disk_targets(doc: DomainXml, device: str | None = None) -> list[str]:
    return [_target(d) for d in doc.disks() if device is None or d.get("device") == device]


@st.composite
def disk_remove_edits(draw: Any, doc: DomainXml) -> Edit:
    targets = _disk_targets(doc)
    if not targets:
        return draw(disk_add_edits(doc))
    target = draw(st.sampled_from(targets))

    def check(after: DomainXml) -> None:
        assert target not in _disk_targets(after)

    return Edit(lambda d: d.remove_disk(target) and None, _disk_mask(target), check)


@st.composite
def disk_bus_edits(draw: Any, doc: DomainXml) -> Edit:
    targets = _disk_targets(doc, "disk")
    if not targets:
        return draw(disk_add_edits(doc))
    target = draw(st.sampled_from(targets))
    bus = draw(st.sampled_from(DISK_BUSES))
    new_target = target
    current_bus = doc.disk(target).find("target").get("bus")  # type: ignore[union-attr]
    if bus != current_bus:
        new_target = doc.free_target(bus)

    def check(after: DomainXml) -> None:
        assert after.disk(new_target).find("target").get("bus") == bus  # type: ignore[union-attr]

    return Edit(
        lambda d: d.set_disk_bus(target, bus) and None, _disk_mask(target, new_target), check
    )


@st.composite
def disk_cache_edits(draw: Any, doc: DomainXml) -> Edit:
    targets = _disk_targets(doc)
    if not targets:
        return draw(disk_add_edits(doc))
    target = draw(st.sampled_from(targets))
    cache = draw(st.sampled_from(CACHE_MODES))

    def check(after: DomainXml) -> None:
        driver = after.disk(target).find("driver")
        got = driver.get("cache", "default") if driver is not None else "default"
        assert got == cache

    def mask(r: ET.Element) -> None:
        for disk in r.findall("devices/disk"):
            if _target(disk) == target:
                _drop(disk, "driver")

    return Edit(lambda d: d.set_disk_cache(target, cache), mask, check)


@st.composite
def media_edits(draw: Any, doc: DomainXml) -> Edit:
    targets = _disk_targets(doc, "cdrom")
    if not targets:
        return draw(disk_add_edits(doc))
    target = draw(st.sampled_from(targets))
    path = draw(st.sampled_from(["", "/srv/iso/other.iso", "/home/u/Downloads/a b.iso"]))

    def check(after: DomainXml) -> None:
        src = after.disk(target).find("source")
        assert (src.get("file") if src is not None else "") == path

    def mask(r: ET.Element) -> None:
        for disk in r.findall("devices/disk"):
            if _target(disk) == target:
                _drop(disk, "source")
                disk.attrib.pop("type", None)

    return Edit(lambda d: d.set_media(target, path) and None, mask, check)


_macs = st.tuples(st.integers(0, 255), st.integers(0, 255)).map(
    lambda t: f"52:54:00:9a:{t[0]:02x}:{t[1]:02x}"
)


@st.composite
def nic_specs(draw: Any) -> NicSpec:
    kind = draw(st.sampled_from(["user", "network", "bridge"]))
    source = {"user": "", "network": "default", "bridge": "br1"}[kind]
    return NicSpec(kind, source, draw(st.sampled_from(NIC_MODELS)), draw(_macs))


def _nic_mask(*macs: str) -> Mask:
    return lambda root: _drop_where(root, "devices/interface", lambda el: _mac(el) not in macs)


@st.composite
def nic_add_edits(draw: Any, doc: DomainXml) -> Edit:
    spec = draw(nic_specs().filter(lambda s: s.mac not in {_mac(n) for n in doc.nics()}))

    def check(after: DomainXml) -> None:
        el = after.nic(spec.mac)
        assert el.get("type") == spec.kind
        assert el.find("model").get("type") == spec.model  # type: ignore[union-attr]

    return Edit(lambda d: d.add_nic(spec) and None, _nic_mask(spec.mac), check)


@st.composite
def nic_change_edits(draw: Any, doc: DomainXml) -> Edit:
    macs = [_mac(n) for n in doc.nics()]
    if not macs:
        return draw(nic_add_edits(doc))
    mac = draw(st.sampled_from(macs))
    remove = draw(st.booleans())
    spec = draw(nic_specs().filter(lambda s: s.mac not in macs))

    def apply(d: DomainXml) -> None:
        if remove:
            d.remove_nic(mac)
        else:
            d.set_nic(mac, spec)

    def check(after: DomainXml) -> None:
        left = [_mac(n) for n in after.nics()]
        assert mac not in left
        if not remove:
            assert after.nic(spec.mac).get("type") == spec.kind

    return Edit(apply, _nic_mask(mac, spec.mac), check)


@st.composite
def serial_edits(draw: Any, doc: DomainXml) -> Edit:
    enabled = draw(st.booleans())

    def check(after: DomainXml) -> None:
        assert after.has_serial_console == enabled

    return Edit(
        lambda d: d.set_serial_console(enabled),
        _masks(lambda r: _drop(r, "devices/serial"), lambda r: _drop(r, "devices/console")),
        check,
    )


@st.composite
def usb_edits(draw: Any, doc: DomainXml) -> Edit:
    present = doc.usb_host_devices()
    if present and draw(st.booleans()):
        device = draw(st.sampled_from(present))
        add = False
    else:
        device = draw(
            st.sampled_from([("0x1234", "0x5678"), ("0x0781", "0x5581")]).filter(
                lambda d: d not in present
            )
        )
        add = True

    def apply(d: DomainXml) -> None:
        (d.add_usb_host if add else d.remove_usb_host)(*device)

    def check(after: DomainXml) -> None:
        assert (device in after.usb_host_devices()) == add

    return Edit(apply, lambda r: _drop(r, "devices/hostdev[@type='usb']"), check)


@st.composite
def shared_folder_edits(draw: Any, doc: DomainXml) -> Edit:
    present = doc.shared_folders()
    tag = draw(st.from_regex(r"[a-z][a-z0-9_-]{0,10}", fullmatch=True))
    if present and draw(st.booleans()):
        tag = present[0][1]
        add = False
    else:
        add = tag not in {t for _f, t in present}

    def apply(d: DomainXml) -> None:
        if add:
            d.add_shared_folder(f"/srv/shares/{tag}", tag)
        elif tag in {t for _f, t in d.shared_folders()}:
            d.remove_shared_folder(tag)

    def check(after: DomainXml) -> None:
        tags = {t for _f, t in after.shared_folders()}
        assert (tag in tags) == add or not add

    return Edit(
        apply,
        _masks(lambda r: _drop(r, "devices/filesystem"), lambda r: _drop(r, "memoryBacking")),
        check,
    )


SETTINGS: dict[str, Callable[[DomainXml], st.SearchStrategy[Edit]]] = {
    "title": title_edits,
    "description": description_edits,
    "os": os_edits,
    "memory": memory_edits,
    "vcpus": vcpu_edits,
    "firmware": firmware_edits,
    "machine": machine_edits,
    "boot": boot_edits,
    "video": video_edits,
    "vnc": vnc_edits,
    "disk-add": disk_add_edits,
    "disk-remove": disk_remove_edits,
    "disk-bus": disk_bus_edits,
    "disk-cache": disk_cache_edits,
    "media": media_edits,
    "nic-add": nic_add_edits,
    "nic-change": nic_change_edits,
    "serial": serial_edits,
    "usb": usb_edits,
    "shared-folder": shared_folder_edits,
}


@pytest.fixture(scope="module")
def test_driver() -> Iterator[libvirt.virConnect]:
    conn = libvirt.open("test:///default")
    yield conn
    conn.close()


def canonical(root: ET.Element) -> str:
    """Canonical XML; the devices in a fixed order, because libvirt sorts disks by bus and
    name itself (moving a disk to another bus moves it in the list)."""
    devices = root.find("devices")
    if devices is not None:
        key = {id(el): ET.canonicalize(ET.tostring(el), strip_text=True) for el in devices}
        ordered = sorted(devices, key=lambda el: (el.tag, key[id(el)]))
        devices[:] = ordered
    return ET.canonicalize(ET.tostring(root, encoding="unicode"), strip_text=True)


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda p: p.stem)
@pytest.mark.parametrize("setting", sorted(SETTINGS))
@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_a_setting_changes_only_what_it_owns(
    test_driver: libvirt.virConnect, fixture: Path, setting: str, data: Any
) -> None:
    dom = test_driver.defineXML(fixture.read_text())
    before_xml = dom.XMLDesc(READ_FLAGS)
    doc = DomainXml(before_xml)
    if setting == "firmware" and doc.firmware == "kernel":
        return  # direct kernel boot has no firmware choice (the dialog disables it)
    edit = data.draw(SETTINGS[setting](doc), label="edit")
    edit.apply(doc)
    after_xml = test_driver.defineXML(doc.to_string()).XMLDesc(READ_FLAGS)

    edit.check(DomainXml(after_xml))
    assert not_kept(doc.written, DomainXml(doc.to_string()), DomainXml(after_xml)) == ()
    before, after = ET.fromstring(before_xml), ET.fromstring(after_xml)
    edit.mask(before)
    edit.mask(after)
    assert canonical(after) == canonical(before)


def test_masking_would_catch_a_stray_change(test_driver: libvirt.virConnect) -> None:
    """The comparison is not vacuous: an edit outside the owned nodes shows."""
    xml = test_driver.defineXML((FIXTURES[0]).read_text()).XMLDesc(READ_FLAGS)
    doc = DomainXml(xml)
    doc.set_title("changed")
    doc.set_description("also changed")  # not owned by the title setting
    after = ET.fromstring(test_driver.defineXML(doc.to_string()).XMLDesc(READ_FLAGS))
    before = ET.fromstring(xml)
    for root in (before, after):
        _drop(root, "title")
    assert canonical(after) != canonical(before)
