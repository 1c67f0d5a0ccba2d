"""DomainXml on the raw fixture text: what libvirt would drop (comments, unknown elements)
survives hvdesk's own round trip, and each setting's validation speaks in sentences."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from hvdesk.core.domxml import (
    BootForm,
    DiskSpec,
    DomainXml,
    DomainXmlError,
    NicSpec,
    element_xml,
    not_kept,
)

FIXTURES = Path(__file__).parents[1] / "fixtures" / "domxml"


def rich() -> DomainXml:
    return DomainXml((FIXTURES / "rich.xml").read_text())


def c14n(xml: str) -> str:
    return ET.canonicalize(xml, with_comments=True)


@pytest.mark.parametrize("name", [p.stem for p in sorted(FIXTURES.glob("*.xml"))])
def test_an_unedited_document_writes_back_the_same(name: str) -> None:
    text = (FIXTURES / f"{name}.xml").read_text()
    assert c14n(DomainXml(text).to_string()) == c14n(text)


def test_comments_unknown_elements_and_foreign_prefixes_survive_edits() -> None:
    doc = rich()
    doc.set_memory(4 * 1024 * 1024)
    doc.set_title("Renamed title")
    doc.add_disk(DiskSpec("/var/lib/images/extra.qcow2", bus="scsi"))
    doc.set_os_id("http://fedoraproject.org/fedora/40")
    out = doc.to_string()
    for kept in (
        "<!-- the system disk -->",
        "<!-- kept by another tool -->",
        '<vm:tool xmlns:vm="http://example.org/other-tool/1" vm:colour="blue">',
        '<acme:tags xmlns:acme="urn:acme:tags"><acme:tag>ci</acme:tag></acme:tags>',
        '<unknownTopLevel flavour="x">kept by hvdesk</unknownTopLevel>',
        '<futureDevice kind="hypothetical"/>',
        "<qemu:commandline",
        '<qemu:arg value="-no-hpet"/>',
        # attribute order as written
        '<driver name="qemu" type="qcow2" cache="writeback" discard="unmap"/>',
        '<libosinfo:os id="http://fedoraproject.org/fedora/40"/>',
    ):
        assert kept in out
    assert "ns0:" not in out and "ns1:" not in out
    assert "<title>Renamed title</title>" in out


def test_new_elements_take_the_indentation_of_their_siblings() -> None:
    doc = DomainXml((FIXTURES / "kernel.xml").read_text())
    doc.add_nic(NicSpec("user", model="e1000", mac="52:54:00:01:02:03"))
    out = doc.to_string()
    assert (
        '    <interface type="user">\n      <mac address="52:54:00:01:02:03"/>\n'
        '      <model type="e1000"/>\n    </interface>\n    <serial' in out
    )
    assert out.rstrip().endswith("</devices>\n</domain>")


def test_a_new_disk_gets_the_next_free_name_on_its_bus() -> None:
    doc = rich()
    assert doc.add_disk(DiskSpec("/a.qcow2", bus="virtio")) == "vdb"
    assert doc.add_disk(DiskSpec("/b.qcow2", bus="sata")) == "sdc"
    assert doc.add_disk(DiskSpec("/c.qcow2", bus="ide")) == "hda"
    assert doc.set_disk_bus("vda", "sata") == "sdd"
    assert doc.disk("sdd").find("address") is None  # the old bus's address goes with it


def test_media_change_and_eject() -> None:
    doc = rich()
    doc.set_media("hdc", "/srv/iso/new.iso")
    assert doc.disk("hdc").find("source").get("file") == "/srv/iso/new.iso"  # type: ignore[union-attr]
    doc.set_media("sdb", "")
    assert doc.disk("sdb").find("source") is None
    with pytest.raises(DomainXmlError, match="not a removable-media drive"):
        doc.set_media("vda", "/x.iso")
    with pytest.raises(DomainXmlError, match="no disk sdz"):
        doc.remove_disk("sdz")


@pytest.mark.parametrize(
    ("mac", "message"),
    [
        ("52:54:00:12:34", "is not a MAC address"),
        ("zz:54:00:12:34:56", "is not a MAC address"),
        ("01:00:5e:00:00:01", "multicast"),
    ],
)
def test_bad_mac_addresses_are_refused_with_a_reason(mac: str, message: str) -> None:
    with pytest.raises(DomainXmlError, match=message):
        rich().add_nic(NicSpec("user", mac=mac))


def test_a_network_adapter_needs_its_source() -> None:
    with pytest.raises(DomainXmlError, match="Choose a bridge"):
        rich().add_nic(NicSpec("bridge", source=" "))


def test_changing_a_nic_keeps_its_other_parts() -> None:
    doc = rich()
    nic = doc.nic("52:54:00:aa:bb:01")
    ET.SubElement(nic, "driver", queues="4")
    doc.set_nic("52:54:00:aa:bb:01", NicSpec("bridge", "br7", "e1000", ""))
    nic = doc.nic("52:54:00:aa:bb:01")
    assert nic.get("type") == "bridge"
    assert nic.find("source").attrib == {"bridge": "br7"}  # type: ignore[union-attr]
    assert nic.find("driver").get("queues") == "4"  # type: ignore[union-attr]


def test_memory_and_cpu_bounds() -> None:
    doc = rich()
    with pytest.raises(DomainXmlError, match="at most the maximum"):
        doc.set_memory(1024, 2048)
    with pytest.raises(DomainXmlError, match="cannot start when the most is 2"):
        doc.set_vcpus(3, 2)
    doc.set_vcpus(2, 4)
    with pytest.raises(DomainXmlError, match="sockets × cores × threads"):
        doc.set_topology((1, 3, 1))
    doc.set_topology((1, 2, 2))
    topo = doc.root.find("cpu/topology")
    assert topo is not None and topo.attrib == {"sockets": "1", "cores": "2", "threads": "2"}
    assert doc.root.find("cpu/model") is not None  # the rest of <cpu> stays


def test_a_per_device_boot_order_is_edited_per_device() -> None:
    doc = DomainXml((FIXTURES / "boot_devices.xml").read_text())
    assert doc.boot_form == BootForm.DEVICES
    assert doc.boot_order == [
        "disk/sda",
        "disk/vda",
        "interface/52:54:00:bb:00:01",
        "hostdev/0",
    ]
    doc.set_boot_order(["disk/vda", "interface/52:54:00:bb:00:02", "redirdev/0"])
    assert doc.boot_order == ["disk/vda", "interface/52:54:00:bb:00:02", "redirdev/0"]
    assert doc.boot_form == BootForm.DEVICES
    assert doc.root.find("os/boot") is None  # never the other form beside it
    assert sorted(b.get("order", "") for b in doc.root.findall("devices/*/boot")) == ["1", "2", "3"]
    assert doc.disk("vda").find("boot").get("order") == "1"  # type: ignore[union-attr]
    assert doc.disk("sda").find("boot") is None
    assert doc.nic("52:54:00:bb:00:02").find("boot").get("order") == "2"  # type: ignore[union-attr]
    assert doc.nic("52:54:00:bb:00:01").find("boot") is None
    with pytest.raises(DomainXmlError, match="Cannot boot from hd"):
        doc.set_boot_order(["hd"])  # a device class is not this VM's form
    with pytest.raises(DomainXmlError, match="at least one"):
        doc.set_boot_order([])


def test_the_uefi_fixture_keeps_its_per_device_form() -> None:
    doc = DomainXml((FIXTURES / "uefi.xml").read_text())
    assert doc.boot_order == ["disk/sdb", "disk/sda"]
    doc.set_boot_order(["disk/sda", "disk/sdb"])
    assert doc.boot_order == ["disk/sda", "disk/sdb"]
    assert doc.root.find("os/boot") is None


def test_a_vm_started_by_a_bootloader_has_no_boot_order_to_change() -> None:
    text = (FIXTURES / "bootloader.xml").read_text()
    doc = DomainXml(text)
    assert doc.boot_form == BootForm.BOOTLOADER and doc.boot_entries() == []
    with pytest.raises(DomainXmlError) as caught:
        doc.set_boot_order(["hd"])
    assert "started by the bootloader /usr/bin/pygrub" in caught.value.sentence()
    assert c14n(doc.to_string()) == c14n(text)


def test_the_os_form_stays_the_os_form() -> None:
    doc = rich()
    assert doc.boot_form == BootForm.OS and doc.boot_order == ["cdrom", "hd"]
    doc.set_boot_order(["hd", "network"])
    assert doc.boot_order == ["hd", "network"]
    assert doc.root.find("devices/*/boot") is None


def test_not_kept_names_each_setting_that_differs_after_the_define() -> None:
    doc = rich()
    doc.set_memory(4 * 1024 * 1024, 2 * 1024 * 1024)
    doc.set_title("New")
    doc.set_boot_order(["hd"])
    doc.set_disk_cache("vda", "none")
    intended = DomainXml(doc.to_string())
    assert not_kept(doc.written, intended, DomainXml(doc.to_string())) == ()
    kept = DomainXml(doc.to_string())
    kept.root.find("memory").text = "2097152"  # type: ignore[union-attr]
    os_el = kept.root.find("os")
    assert os_el is not None
    for boot in os_el.findall("boot"):
        os_el.remove(boot)
    assert not_kept(doc.written, intended, kept) == ("Memory", "Boot order")


def test_firmware_switch_removes_the_old_loader() -> None:
    doc = DomainXml((FIXTURES / "uefi.xml").read_text())
    os_el = doc.root.find("os")
    assert os_el is not None
    ET.SubElement(os_el, "loader", readonly="yes", type="pflash").text = "/x/OVMF_CODE.fd"
    doc.set_firmware("bios")
    assert doc.firmware == "bios" and os_el.find("loader") is None
    doc.set_firmware("efi")
    assert os_el.get("firmware") == "efi"


def test_vnc_stays_on_a_socket_or_loopback() -> None:
    doc = rich()
    doc.set_vnc("socket", "")
    graphics = doc.root.find("devices/graphics")
    assert graphics is not None
    assert graphics.get("listen") is None and graphics.get("keymap") == "en-us"
    assert [el.attrib for el in graphics.findall("listen")] == [{"type": "socket"}]
    doc.set_vnc("loopback", "pw")
    assert graphics.get("listen") == "127.0.0.1" and graphics.get("passwd") == "pw"
    with pytest.raises(DomainXmlError, match="at most 8"):
        doc.set_vnc("loopback", "123456789")


def test_shared_folder_sets_shared_memory_once() -> None:
    doc = DomainXml((FIXTURES / "minimal.xml").read_text())
    doc.add_shared_folder("/home/u/data", "data")
    doc.add_shared_folder("/home/u/music", "music")
    assert doc.shared_folders() == [("/home/u/data", "data"), ("/home/u/music", "music")]
    assert len(doc.root.findall("memoryBacking/access[@mode='shared']")) == 1
    with pytest.raises(DomainXmlError, match="already used"):
        doc.add_shared_folder("/tmp", "data")
    with pytest.raises(DomainXmlError, match="absolute path"):
        doc.add_shared_folder("relative", "x")
    doc.remove_shared_folder("data")
    assert [t for _f, t in doc.shared_folders()] == ["music"]


def test_serial_console_on_and_off() -> None:
    doc = DomainXml((FIXTURES / "minimal.xml").read_text())
    doc.set_serial_console(True)
    assert doc.has_serial_console
    assert doc.root.find("devices/console/target").get("type") == "serial"  # type: ignore[union-attr]
    doc.set_serial_console(False)
    assert doc.root.find("devices/serial") is None and doc.root.find("devices/console") is None


def test_usb_passthrough_add_and_remove() -> None:
    doc = rich()
    assert doc.usb_host_devices() == [("0x046d", "0xc52b")]
    with pytest.raises(DomainXmlError, match="already passed through"):
        doc.add_usb_host("0x046d", "0xc52b")
    doc.add_usb_host("0x0781", "0x5581")
    doc.remove_usb_host("0x046d", "0xc52b")
    assert doc.usb_host_devices() == [("0x0781", "0x5581")]


def test_malformed_xml_names_the_line() -> None:
    with pytest.raises(DomainXmlError) as caught:
        DomainXml("<domain>\n  <name>x</name>\n  <memory>1</memry>\n</domain>")
    assert "Line 3, column 14: mismatched tag" in caught.value.sentence()
    assert caught.value.line == 3
    with pytest.raises(DomainXmlError, match="not a domain definition"):
        DomainXml("<network/>")


def test_device_xml_for_hotplug_has_no_trailing_text() -> None:
    doc = rich()
    doc.add_disk(DiskSpec("/x.qcow2"))
    xml = element_xml(doc.disk("vdb"))
    assert xml.startswith("<disk") and xml.endswith("</disk>")
