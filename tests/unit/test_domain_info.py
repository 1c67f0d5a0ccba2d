"""domain_info: the summary hvdesk shows, read from the fixture XML and from libvirt's own XML."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator

import libvirt
import pytest

from hvdesk.core import events
from hvdesk.core.domain_info import (
    BackingFile,
    Disk,
    Display,
    DomainConfig,
    Nic,
    os_name_from_id,
    parse_domain_xml,
    to_bytes,
)
from tests.support.core import HOSTS, HOSTS_URI


def fixture_domains() -> dict[str, str]:
    """name -> the <domain> element of tests/fixtures/hosts.xml, as written there."""
    root = ET.parse(HOSTS).getroot()
    return {
        str(el.findtext("name")): ET.tostring(el, encoding="unicode")
        for el in root.findall("domain")
    }


@pytest.fixture(scope="module")
def raw() -> Iterator[libvirt.virConnect]:
    events.ensure_event_loop()
    conn = libvirt.open(HOSTS_URI)
    yield conn
    conn.close()


def test_fixture_has_the_expected_domains() -> None:
    assert sorted(fixture_domains()) == ["db", "kernel", "paused", "saved", "secure", "web"]


def test_web_running_debian_bios_with_cdrom_nics_and_vnc_socket() -> None:
    cfg = parse_domain_xml(fixture_domains()["web"])
    assert cfg.name == "web"
    assert cfg.uuid == "6876642d-0000-4000-8000-000000000001"
    assert cfg.domain_type == "test"
    assert cfg.title == "Web server"
    assert cfg.description == "nginx in front of db"
    assert cfg.os_id == "http://debian.org/debian/12"
    assert cfg.os_name == "Debian 12"
    assert (cfg.arch, cfg.machine) == ("x86_64", "pc-q35-7.2")
    assert cfg.firmware == "BIOS"
    assert cfg.vcpus == 2  # current='2' of 4
    assert cfg.memory_mib == 1536  # currentMemory wins over memory (2 GiB)
    assert cfg.disks == (
        Disk("disk", "vda", "virtio", "/var/lib/hvdesk-test/shared.qcow2", "file", "qcow2", False),
        Disk("cdrom", "sda", "sata", "/var/lib/hvdesk-test/debian-12.iso", "file", "raw", True),
    )
    assert cfg.nics == (
        Nic("network", "default", "virtio", "52:54:00:00:00:01"),
        Nic("user", "", "e1000e", "52:54:00:00:00:02"),
    )
    assert cfg.displays == (Display("vnc", "UNIX socket /run/hvdesk-test/web-vnc.sock"),)


def test_db_uefi_two_disks_empty_cdrom_bridge() -> None:
    cfg = parse_domain_xml(fixture_domains()["db"])
    assert cfg.firmware == "UEFI"
    assert cfg.os_id == "" and cfg.os_name == ""
    assert cfg.vcpus == 2
    assert cfg.memory_mib == 4096
    assert [d.target for d in cfg.disks] == ["vda", "vdb", "sdb"]
    empty_cdrom = cfg.disks[2]
    assert (empty_cdrom.device, empty_cdrom.source, empty_cdrom.source_kind) == (
        "cdrom",
        "",
        "none",
    )
    assert empty_cdrom.readonly
    assert not empty_cdrom.is_local_file
    assert cfg.disks[1].format == "raw"
    assert cfg.nics == (Nic("bridge", "br0", "virtio", "52:54:00:00:00:03"),)
    assert cfg.displays == ()


def test_paused_memory_in_default_unit_and_vnc_tcp_port() -> None:
    cfg = parse_domain_xml(fixture_domains()["paused"])
    assert cfg.memory_mib == 512  # 524288 with no unit is KiB
    assert cfg.vcpus == 1
    assert cfg.machine == ""
    assert cfg.disks[0].bus == "ide"
    assert cfg.disks[0].format == ""
    assert cfg.displays == (Display("vnc", "127.0.0.1:5905"),)


def test_secure_boot_pflash_decimal_gigabyte_block_disk_spice() -> None:
    cfg = parse_domain_xml(fixture_domains()["secure"])
    assert cfg.firmware == "UEFI with Secure Boot"
    assert cfg.memory_mib == 10**9 // 1024**2  # 1 GB, decimal: 953 MiB, not 1024
    (disk,) = cfg.disks
    assert (disk.source, disk.source_kind) == ("/dev/hvdesk-test/secure", "block")
    assert disk.is_local_file
    assert cfg.displays == (Display("spice", "automatic port on 127.0.0.1"),)


def test_kernel_direct_boot_no_disks() -> None:
    cfg = parse_domain_xml(fixture_domains()["kernel"])
    assert cfg.firmware == "Direct kernel boot"
    assert cfg.disks == ()
    assert cfg.memory_mib == 128
    assert cfg.os_name == "Fedora cloud 39"
    assert cfg.nics == (Nic("user", "", "virtio", "52:54:00:00:00:06"),)


@pytest.mark.parametrize("name", sorted(fixture_domains()))
def test_libvirts_normalised_xml_gives_the_same_summary(raw: libvirt.virConnect, name: str) -> None:
    """libvirt rewrites units to KiB, adds controllers, addresses, targets: same summary."""
    from_file = parse_domain_xml(fixture_domains()[name])
    live = raw.lookupByName(name).XMLDesc(0)
    assert "unit='KiB'" in live  # libvirt did normalise the memory
    assert parse_domain_xml(live) == from_file
    inactive = raw.lookupByName(name).XMLDesc(libvirt.VIR_DOMAIN_XML_INACTIVE)
    assert parse_domain_xml(inactive) == from_file


@pytest.mark.parametrize(
    ("value", "unit", "expected"),
    [
        ("2048", None, 2048 * 1024),
        ("1", "b", 1),
        ("1", "bytes", 1),
        ("1", "KiB", 1024),
        ("1", "KB", 1000),
        ("1", "k", 1024),
        ("3", "MiB", 3 * 1024**2),
        ("3", "MB", 3 * 1000**2),
        ("1", "G", 1024**3),
        ("1", "GiB", 1024**3),
        ("1", "GB", 10**9),
        ("2", "TiB", 2 * 1024**4),
        ("1.5", "GiB", 3 * 512 * 1024**2),
    ],
)
def test_to_bytes_units(value: str, unit: str | None, expected: int) -> None:
    assert to_bytes(value, unit) == expected


def _domain(os: str = "<os><type>hvm</type></os>", devices: str = "", extra: str = "") -> str:
    return (
        "<domain type='kvm'><name>x</name><uuid>u</uuid>"
        f"<memory unit='MiB'>64</memory>{extra}{os}<devices>{devices}</devices></domain>"
    )


def test_firmware_kinds() -> None:
    def firmware(os: str) -> str:
        return parse_domain_xml(_domain(os=os)).firmware

    assert firmware("<os><type>hvm</type></os>") == "BIOS"
    assert firmware("<os><type>hvm</type><loader type='rom'>/x/bios.bin</loader></os>") == "BIOS"
    assert firmware("<os firmware='efi'><type>hvm</type></os>") == "UEFI"
    assert firmware("<os><type>hvm</type><loader type='pflash'>/x/CODE.fd</loader></os>") == "UEFI"
    assert (
        firmware(
            "<os firmware='efi'><type>hvm</type>"
            "<loader secure='yes' type='pflash'>/x/CODE.secboot.fd</loader></os>"
        )
        == "UEFI with Secure Boot"
    )
    # How virt-install and virt-manager ask for Secure Boot (firmware autoselection):
    assert (
        firmware(
            "<os firmware='efi'><type>hvm</type><firmware>"
            "<feature enabled='yes' name='enrolled-keys'/>"
            "<feature enabled='yes' name='secure-boot'/></firmware></os>"
        )
        == "UEFI with Secure Boot"
    )
    assert (
        firmware(
            "<os firmware='efi'><type>hvm</type><firmware>"
            "<feature enabled='no' name='secure-boot'/></firmware></os>"
        )
        == "UEFI"
    )
    assert firmware("<os><type>hvm</type><kernel>/boot/vmlinuz</kernel></os>") == (
        "Direct kernel boot"
    )


def test_disk_source_kinds() -> None:
    cfg = parse_domain_xml(
        _domain(
            devices=(
                "<disk type='volume' device='disk'><source pool='default' volume='a.qcow2'/>"
                "<target dev='vda' bus='virtio'/></disk>"
                "<disk type='network' device='disk'><source protocol='nbd' name='export'/>"
                "<target dev='vdb' bus='virtio'/></disk>"
                "<disk type='dir' device='floppy'><source dir='/srv/floppy'/>"
                "<target dev='fda'/></disk>"
                "<disk type='file' device='disk'><source file='relative.img'/>"
                "<target dev='vdc'/></disk>"
            )
        )
    )
    volume, network, floppy, relative = cfg.disks
    assert (volume.source, volume.source_kind, volume.is_local_file) == (
        "default/a.qcow2",
        "volume",
        False,
    )
    assert (network.source, network.source_kind, network.is_local_file) == (
        "nbd:export",
        "network",
        False,
    )
    assert (floppy.device, floppy.source, floppy.bus) == ("floppy", "/srv/floppy", "")
    assert not relative.is_local_file  # only absolute paths are files we may touch


def test_a_disks_backing_chain_is_kept() -> None:
    """libvirt's <backingStore> (a running VM's XML): every layer, and whether it ends."""
    cfg = parse_domain_xml(
        _domain(
            devices=(
                "<disk type='file' device='disk'><driver name='qemu' type='qcow2'/>"
                "<source file='/vms/clone.qcow2'/>"
                "<backingStore type='file'><format type='qcow2'/>"
                "<source file='/vms/original-1.qcow2'/>"
                "<backingStore type='block'><format type='raw'/><source dev='/dev/vg/base'/>"
                "<backingStore/></backingStore></backingStore>"
                "<target dev='vda' bus='virtio'/></disk>"
                "<disk type='file' device='disk'><driver name='qemu' type='qcow2'/>"
                "<source file='/vms/inactive.qcow2'/><target dev='vdb' bus='virtio'/></disk>"
                "<disk type='file' device='disk'><driver name='qemu' type='raw'/>"
                "<source file='/vms/plain.img'/><backingStore/>"
                "<target dev='vdc' bus='virtio'/></disk>"
            )
        )
    )
    clone, inactive, plain = cfg.disks
    assert clone.backing == (
        BackingFile("/vms/original-1.qcow2", "qcow2"),
        BackingFile("/dev/vg/base", "raw"),
    )
    assert clone.backing_known
    assert (inactive.backing, inactive.backing_known) == ((), False)  # unknown, not empty
    assert (plain.backing, plain.backing_known) == ((), True)


def test_vcpus_memory_fallbacks() -> None:
    assert parse_domain_xml(_domain(extra="<vcpu> 3 </vcpu>")).vcpus == 3
    assert parse_domain_xml(_domain()).vcpus == 1
    assert parse_domain_xml(_domain()).memory_mib == 64
    no_memory = "<domain type='test'><name>n</name></domain>"
    cfg = parse_domain_xml(no_memory)
    assert (cfg.memory_mib, cfg.disks, cfg.firmware) == (0, (), "BIOS")


def test_displays_auto_port_and_listen_address() -> None:
    cfg = parse_domain_xml(
        _domain(
            devices=(
                "<graphics type='vnc' port='-1' autoport='yes' listen='0.0.0.0'/>"
                "<graphics type='spice' port='5930'><listen type='address' address='::1'/>"
                "</graphics>"
                "<graphics type='vnc'><listen type='socket' socket='/run/v.sock'/></graphics>"
            )
        )
    )
    assert cfg.displays == (
        Display("vnc", "automatic port on 0.0.0.0"),
        Display("spice", "::1:5930"),
        Display("vnc", "UNIX socket /run/v.sock"),
    )


@pytest.mark.parametrize(
    ("os_id", "name"),
    [
        ("", ""),
        ("http://debian.org/debian/12", "Debian 12"),
        ("http://ubuntu.com/ubuntu/24.04", "Ubuntu 24.04"),
        ("http://microsoft.com/win/11", "Windows 11"),
        ("http://redhat.com/rhel/9.4", "RHEL 9.4"),
        ("http://freebsd.org/freebsd/14.0", "FreeBSD 14.0"),
        ("http://libosinfo.org/linux/2022", "Linux 2022"),
    ],
)
def test_os_name_from_id(os_id: str, name: str) -> None:
    assert os_name_from_id(os_id) == name


def test_domain_config_defaults_are_safe() -> None:
    cfg = DomainConfig(name="n", uuid="u", domain_type="qemu")
    assert (cfg.os_name, cfg.firmware, cfg.vcpus, cfg.disks) == ("", "BIOS", 1, ())


def test_a_socket_display_without_a_path_yet_is_still_a_socket() -> None:
    xml = (
        "<domain type='qemu'><name>n</name><uuid>00000000-0000-4000-8000-000000000001</uuid>"
        "<devices><graphics type='vnc'><listen type='socket'/></graphics></devices></domain>"
    )
    assert parse_domain_xml(xml).displays == (Display("vnc", "UNIX socket"),)
