"""New VM: every validation rule, the domain XML of each variant (validated by libvirt's
test driver against its schema), and create_vm's all-or-nothing rollback."""

from __future__ import annotations

import asyncio
import dataclasses
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import libvirt
import pytest

from hvdesk.core import newvm, storage
from hvdesk.core.connection import Connection
from hvdesk.core.domain_info import parse_domain_xml
from hvdesk.core.errors import HvdeskError
from hvdesk.core.hostfacts import NO_NETWORK, USER_NAT, HostFacts, NetworkChoice, probe_host
from hvdesk.core.image_chain import ImageChain, inspect_image
from hvdesk.core.newvm import (
    Field,
    Firmware,
    ImportDisk,
    KernelBoot,
    NewDisk,
    NewVmSpec,
    advise,
    build_domain_xml,
    create_vm,
    validate,
)
from hvdesk.core.osinfo import GENERIC, OsProfile
from hvdesk.core.storage import Cancelled, PoolInfo

NEWVM_HOST = Path(__file__).resolve().parents[1] / "fixtures" / "newvm-host.xml"
POOL_DIR = "/var/lib/hvdesk-test/pool"
GIB = 1024**3

LINUX = OsProfile(
    id="http://debian.org/debian/11", short_id="debian11", name="Debian 11", family="linux",
    memory_mib=1024, min_memory_mib=512, vcpus=2, disk_gib=20, virtio_disk=True,
    virtio_net=True, e1000e=True, uefi=True,
)  # fmt: skip
WINDOWS = OsProfile(
    id="http://microsoft.com/win/11", short_id="win11", name="Microsoft Windows 11",
    family="winnt", memory_mib=4096, min_memory_mib=4096, vcpus=2, disk_gib=64,
    e1000e=True, uefi=True, needs_uefi=True,
)  # fmt: skip


@pytest.fixture
def conn(aio: Any) -> Iterator[Connection]:
    """A private copy of the New-VM test host: a pool, a network, the VM 'existing'."""
    connection = Connection(f"test://{NEWVM_HOST}")
    assert aio.run(connection.open()), connection.status_text()
    yield connection
    aio.run(connection.close())


@pytest.fixture
def iso(tmp_path: Path) -> Path:
    path = tmp_path / "install.iso"
    path.write_bytes(b"\0" * 4096)
    return path


def local_host(tmp_path: Path, **changes: Any) -> HostFacts:
    facts = HostFacts(
        uri="qemu:///embed?root=/x", kind="embedded", local=True, memory_mib=4096, cpus=4,
        domain_type="qemu", machine="q35", uefi=True, secure_boot=True,
        default_disk_dir=str(tmp_path / "images"),
    )  # fmt: skip
    return dataclasses.replace(facts, **changes)


def good_spec(tmp_path: Path, iso_path: Path, /, **changes: Any) -> NewVmSpec:
    spec = NewVmSpec(
        name="fresh", profile=LINUX, memory_mib=1024, vcpus=2,
        disk=NewDisk(10, str(tmp_path / "images")), iso=str(iso_path),
    )  # fmt: skip
    return dataclasses.replace(spec, **changes)


def check(spec: NewVmSpec, conn: Connection, host: HostFacts) -> dict[str, str]:
    return validate(spec, conn, host)


# ---- validation: one test per rule, each with the sentence the user reads ----------------


def test_a_good_spec_has_no_errors(conn: Connection, tmp_path: Path, iso: Path) -> None:
    assert check(good_spec(tmp_path, iso), conn, local_host(tmp_path)) == {}


@pytest.mark.parametrize(
    ("name", "sentence"),
    [
        ("", "Enter a name for the virtual machine."),
        ("   ", "Enter a name for the virtual machine."),
        ("web/db", "A name cannot contain '/'."),
        ("tab\there", "A name cannot contain control characters such as tabs or line breaks."),
        ("line\nbreak", "A name cannot contain control characters such as tabs or line breaks."),
        (" padded", "A name cannot start or end with a space."),
        ("padded ", "A name cannot start or end with a space."),
        (".hidden", "A name cannot start with '.' or '-'."),
        ("-option", "A name cannot start with '.' or '-'."),
        ("x" * 101, "A name can have at most 100 characters."),
        (
            "existing",
            "Test driver (newvm-host.xml) already has a virtual machine named 'existing'.",
        ),
    ],
)
def test_name_rules(conn: Connection, tmp_path: Path, iso: Path, name: str, sentence: str) -> None:
    errors = check(good_spec(tmp_path, iso, name=name), conn, local_host(tmp_path))
    assert errors == {Field.NAME: sentence}


def test_names_people_use_are_fine(conn: Connection, tmp_path: Path, iso: Path) -> None:
    for name in ("Windows 11 (work)", "débian-12_ß", "web.example.org", "x" * 100, "EXISTING"):
        assert check(good_spec(tmp_path, iso, name=name), conn, local_host(tmp_path)) == {}


def test_a_name_the_host_reported_is_taken_too(conn: Connection, tmp_path: Path, iso: Path) -> None:
    host = local_host(tmp_path, vm_names=frozenset({"fresh"}))
    assert Field.NAME in check(good_spec(tmp_path, iso), conn, host)


def test_memory_rules(conn: Connection, tmp_path: Path, iso: Path) -> None:
    host = local_host(tmp_path)
    assert check(good_spec(tmp_path, iso, memory_mib=0), conn, host) == {
        Field.MEMORY: "Memory must be more than 0 MiB."
    }
    assert check(good_spec(tmp_path, iso, memory_mib=4097), conn, host) == {
        Field.MEMORY: "The host has only 4,096 MiB of memory; give the VM less."
    }
    assert check(good_spec(tmp_path, iso, memory_mib=4096), conn, host) == {}
    assert advise(good_spec(tmp_path, iso, memory_mib=4000), host) == {
        Field.MEMORY: "That leaves little memory for the host and its other VMs."
    }
    assert advise(good_spec(tmp_path, iso, memory_mib=256), host) == {
        Field.MEMORY: "Debian 11 needs at least 512 MiB."
    }


def test_vcpu_rules(conn: Connection, tmp_path: Path, iso: Path) -> None:
    host = local_host(tmp_path)
    assert check(good_spec(tmp_path, iso, vcpus=0), conn, host) == {
        Field.VCPUS: "A VM needs at least one virtual CPU."
    }
    assert check(good_spec(tmp_path, iso, vcpus=256), conn, host) == {
        Field.VCPUS: "A VM can have at most 255 virtual CPUs."
    }
    # More than the host has is allowed, with a warning.
    assert check(good_spec(tmp_path, iso, vcpus=8), conn, host) == {}
    assert advise(good_spec(tmp_path, iso, vcpus=8), host) == {
        Field.VCPUS: "The host has 4 CPUs; more virtual CPUs than that make the VM slower."
    }


def test_firmware_rules(conn: Connection, tmp_path: Path, iso: Path) -> None:
    uefi = good_spec(tmp_path, iso, firmware=Firmware.UEFI)
    secure = good_spec(tmp_path, iso, firmware=Firmware.UEFI_SECURE)
    assert check(uefi, conn, local_host(tmp_path, uefi=False, secure_boot=False)) == {
        Field.FIRMWARE: "UEFI firmware (OVMF) is not available on this host: choose BIOS, "
        "or install the ovmf package there."
    }
    assert check(secure, conn, local_host(tmp_path, secure_boot=False)) == {
        Field.FIRMWARE: "This host's UEFI firmware has no Secure Boot: choose UEFI."
    }
    assert check(secure, conn, local_host(tmp_path)) == {}
    win_bios = good_spec(tmp_path, iso, profile=WINDOWS, memory_mib=4096)
    assert advise(win_bios, local_host(tmp_path, memory_mib=8192)) == {
        Field.FIRMWARE: "Microsoft Windows 11 needs UEFI firmware."
    }


def test_network_rules(conn: Connection, tmp_path: Path, iso: Path) -> None:
    host = local_host(tmp_path)
    assert check(good_spec(tmp_path, iso, network=NetworkChoice("bridge", " ")), conn, host) == {
        Field.NETWORK: "Enter the name of the host's bridge (e.g. br0)."
    }
    for choice in (USER_NAT, NO_NETWORK, NetworkChoice("bridge", "br0")):
        assert check(good_spec(tmp_path, iso, network=choice), conn, host) == {}


def test_iso_rules(conn: Connection, tmp_path: Path, iso: Path) -> None:
    host = local_host(tmp_path)
    missing = tmp_path / "missing.iso"
    assert check(good_spec(tmp_path, iso, iso=str(missing)), conn, host) == {
        Field.ISO: f"The installation ISO {missing} does not exist."
    }
    assert check(good_spec(tmp_path, iso, iso="install.iso"), conn, host) == {
        Field.ISO: "Give the full path of the installation ISO (starting with /)."
    }
    assert check(good_spec(tmp_path, iso, iso=str(tmp_path)), conn, host) == {
        Field.ISO: f"The installation ISO {tmp_path} is not a file."
    }
    dangling = tmp_path / "dangling.iso"
    dangling.symlink_to(missing)
    assert check(good_spec(tmp_path, iso, iso=str(dangling)), conn, host) == {
        Field.ISO: f"The installation ISO {dangling} does not exist."
    }
    # On another computer the paths are the other computer's: libvirt checks them.
    pool = PoolInfo("default", str(tmp_path / "images"), 100 * GIB, True)
    remote = local_host(tmp_path, local=False, pools=(pool,))
    assert check(good_spec(tmp_path, iso, iso=str(missing)), conn, remote) == {}


_AS_NOBODY = """
import json, sys
from hvdesk.core import newvm
print(json.dumps([newvm._readable_file_error(sys.argv[1], "installation ISO"),
                  newvm.storage.can_create_in(sys.argv[2])]))
"""


@pytest.mark.skipif(shutil.which("setpriv") is None, reason="needs setpriv (util-linux)")
def test_an_unreadable_iso_and_an_unwritable_folder_as_an_ordinary_user() -> None:
    """Root reads and writes everything: these two rules are checked as user nobody."""
    if os.getuid() != 0:
        pytest.skip("needs root to switch to user nobody")
    base = Path(tempfile.mkdtemp(prefix="hvd-perm-"))
    try:
        base.chmod(0o755)
        secret = base / "secret.iso"
        secret.write_bytes(b"\0" * 2048)
        secret.chmod(0o600)
        locked = base / "locked"
        locked.mkdir(mode=0o755)
        out = subprocess.run(
            ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups",
             sys.executable, "-c", _AS_NOBODY,
             str(secret), str(locked / "images")],
            capture_output=True, text=True, cwd=Path(__file__).resolve().parents[2],
        )  # fmt: skip
        assert out.returncode == 0, out.stderr
        iso_error, writable = json.loads(out.stdout)
        assert iso_error == f"The installation ISO {secret} is not readable: check its permissions."
        assert writable is False
    finally:
        shutil.rmtree(base)


@pytest.fixture
def immutable_dir(tmp_path: Path) -> Iterator[Path]:
    """A folder nobody, not even root, may write into (chattr +i; chmod for non-root)."""
    folder = tmp_path / "locked"
    folder.mkdir()
    if os.getuid() == 0:
        if subprocess.run(["chattr", "+i", str(folder)], capture_output=True).returncode:
            pytest.skip("this filesystem has no immutable flag")
    else:
        folder.chmod(0o500)
    yield folder
    if os.getuid() == 0:
        subprocess.run(["chattr", "-i", str(folder)], check=True)
    else:
        folder.chmod(0o700)


def test_kernel_rules(conn: Connection, tmp_path: Path) -> None:
    host = local_host(tmp_path)
    kernel = tmp_path / "vmlinuz"
    kernel.write_bytes(b"k")
    spec = good_spec(tmp_path, Path(), iso="", kernel=KernelBoot("", "", ""))
    assert check(spec, conn, host) == {Field.KERNEL: "Choose the kernel."}
    spec = dataclasses.replace(spec, kernel=KernelBoot(str(kernel), str(tmp_path / "none")))
    assert check(spec, conn, host) == {
        Field.INITRD: f"The initrd {tmp_path / 'none'} does not exist."
    }
    spec = dataclasses.replace(spec, kernel=KernelBoot(str(kernel), "", "console=ttyS0"))
    assert check(spec, conn, host) == {}


def test_disk_size_rules(conn: Connection, tmp_path: Path, iso: Path) -> None:
    host = local_host(tmp_path)
    where = str(tmp_path / "images")
    assert check(good_spec(tmp_path, iso, disk=NewDisk(0, where)), conn, host) == {
        Field.DISK_SIZE: "The disk size must be more than 0 GiB."
    }
    free = storage.free_bytes(tmp_path)
    huge = NewDisk(free // GIB + 10, where)
    error = check(good_spec(tmp_path, iso, disk=huge), conn, host)[Field.DISK_SIZE]
    assert error.startswith("Only ") and f" are free in {where}; the disk needs " in error


def test_disk_location_rules(
    conn: Connection, tmp_path: Path, iso: Path, immutable_dir: Path
) -> None:
    host = local_host(tmp_path)
    assert check(good_spec(tmp_path, iso, disk=NewDisk(1, "")), conn, host) == {
        Field.DISK_LOCATION: "Choose the folder for the disk image."
    }
    assert check(good_spec(tmp_path, iso, disk=NewDisk(1, "images")), conn, host) == {
        Field.DISK_LOCATION: "Give the full path of the folder (starting with /)."
    }
    assert check(good_spec(tmp_path, iso, disk=NewDisk(1, str(iso))), conn, host) == {
        Field.DISK_LOCATION: f"{iso} is not a folder."
    }
    below = immutable_dir / "vms"
    assert check(good_spec(tmp_path, iso, disk=NewDisk(1, str(below))), conn, host) == {
        Field.DISK_LOCATION: f"You cannot write in {below}: choose another folder."
    }
    (tmp_path / "images").mkdir()
    (tmp_path / "images" / "fresh.qcow2").write_bytes(b"")
    assert check(good_spec(tmp_path, iso), conn, host) == {
        Field.DISK_LOCATION: f"{tmp_path / 'images' / 'fresh.qcow2'} already exists: "
        "choose another name or folder."
    }


def test_pool_rules_on_another_computer(conn: Connection, tmp_path: Path, iso: Path) -> None:
    pool = PoolInfo("default", "/srv/vms", 5 * GIB, True)
    remote = local_host(tmp_path, local=False, kind="system", pools=(pool,))
    assert check(good_spec(tmp_path, iso, disk=NewDisk(4, "/srv/vms")), conn, remote) == {}
    assert check(good_spec(tmp_path, iso, disk=NewDisk(6, "/srv/vms")), conn, remote) == {
        Field.DISK_SIZE: "Only 5.0 GiB are free in /srv/vms; the disk needs 6.0 GiB."
    }
    assert check(good_spec(tmp_path, iso, disk=NewDisk(1, "/home/me")), conn, remote) == {
        Field.DISK_LOCATION: "On another computer, disk images go into a libvirt storage "
        "pool: choose the folder of one of its pools."
    }


def test_import_rules(aio: Any, conn: Connection, tmp_path: Path, immutable_dir: Path) -> None:
    host = local_host(tmp_path)
    image = tmp_path / "old.vmdk"
    subprocess.run(["qemu-img", "create", "-q", "-f", "vmdk", str(image), "1G"], check=True)
    info = aio.run(inspect_image(str(image)))
    where = str(tmp_path / "images")

    def spec(disk: ImportDisk) -> NewVmSpec:
        return NewVmSpec("imported", GENERIC, 1024, 1, disk=disk)

    def with_top(**changes: Any) -> ImageChain:
        return dataclasses.replace(info, layers=(dataclasses.replace(info.top, **changes),))

    assert check(spec(ImportDisk(str(image), True, where, info)), conn, host) == {}
    assert check(spec(ImportDisk(str(image), False, "", info)), conn, host) == {}
    assert check(spec(ImportDisk(str(tmp_path / "no.vmdk"), True, where)), conn, host) == {
        Field.IMPORT: f"The disk image {tmp_path / 'no.vmdk'} does not exist."
    }
    qed = with_top(format="qed")
    assert check(spec(ImportDisk(str(image), True, where, qed)), conn, host) == {
        Field.IMPORT: f"{image} is a qed image, which hvdesk cannot import (qcow2, raw, VMDK, "
        "VDI, VHD and VHDX can)."
    }
    big = with_top(actual_size=storage.free_bytes(tmp_path) + 10 * GIB)
    error = check(spec(ImportDisk(str(image), True, where, big)), conn, host)
    assert error[Field.DISK_LOCATION].startswith("Only ")
    remote = local_host(tmp_path, local=False, pools=(PoolInfo("p", where, 100 * GIB, True),))
    assert check(spec(ImportDisk(str(image), True, where, info)), conn, remote) == {
        Field.IMPORT: "Converting an image works on this computer's connections; on another "
        "computer use the image in place."
    }
    frozen = immutable_dir.parent / "frozen.qcow2"
    subprocess.run(["qemu-img", "create", "-q", "-f", "qcow2", str(frozen), "1M"], check=True)
    if os.getuid() == 0:
        subprocess.run(["chattr", "+i", str(frozen)], check=True)
    else:
        frozen.chmod(0o400)
    try:
        assert check(spec(ImportDisk(str(frozen), False)), conn, host) == {
            Field.IMPORT: f"{frozen} is read-only for you; the VM must write to its disk: "
            "convert a copy instead."
        }
    finally:
        if os.getuid() == 0:
            subprocess.run(["chattr", "-i", str(frozen)], check=True)


def test_an_image_another_vm_uses_is_not_taken_in_place(
    aio: Any, conn: Connection, tmp_path: Path
) -> None:
    image = tmp_path / "shared.qcow2"
    subprocess.run(["qemu-img", "create", "-q", "-f", "qcow2", str(image), "1M"], check=True)
    xml = (
        "<domain type='test'><name>owner</name><memory unit='MiB'>64</memory>"
        "<os><type arch='x86_64'>hvm</type></os><devices><disk type='file' device='disk'>"
        f"<source file='{image}'/><target dev='vda' bus='virtio'/></disk></devices></domain>"
    )
    aio.run(conn.call(lambda c: c.defineXML(xml)))
    aio.wait_until(lambda: any(vm.name == "owner" for vm in conn.vms.values()))
    spec = NewVmSpec("second", GENERIC, 512, 1, disk=ImportDisk(str(image), False))
    assert check(spec, conn, local_host(tmp_path)) == {
        Field.IMPORT: f"{image} is the disk of 'owner': convert a copy instead, or choose "
        "another image."
    }


# ---- domain XML, validated by libvirt ---------------------------------------------------

FIRMWARES = list(Firmware)
NETWORKS = [USER_NAT, NetworkChoice("network", "default"), NetworkChoice("bridge", "br0"),
            NO_NETWORK]  # fmt: skip


def define_validated(aio: Any, conn: Connection, xml: str) -> str:
    """defineXML with VIR_DOMAIN_DEFINE_VALIDATE (libvirt's RNG schema); the XML read back."""

    def define(c: Any) -> str:
        dom = c.defineXMLFlags(xml, libvirt.VIR_DOMAIN_DEFINE_VALIDATE)
        text = str(dom.XMLDesc(0))
        dom.undefine()
        return text

    result: str = aio.run(conn.call(define))
    return result


@pytest.mark.parametrize("firmware", FIRMWARES, ids=[f.name for f in FIRMWARES])
@pytest.mark.parametrize("paravirt", [True, False], ids=["virtio", "emulated"])
@pytest.mark.parametrize("network", NETWORKS, ids=[n.kind for n in NETWORKS])
@pytest.mark.parametrize("local", [True, False], ids=["local", "remote"])
def test_each_variant_is_valid_domain_xml(
    aio: Any,
    conn: Connection,
    tmp_path: Path,
    firmware: Firmware,
    paravirt: bool,
    network: NetworkChoice,
    local: bool,
) -> None:
    host = local_host(tmp_path, local=local, domain_type="test", machine="")
    spec = NewVmSpec(
        "variant", LINUX if paravirt else GENERIC, 768, 2, firmware,
        NewDisk(4, POOL_DIR), iso="/srv/iso/debian-11.iso", network=network,
    )  # fmt: skip
    xml = build_domain_xml(spec, "test", host, password="s3cret")
    back = parse_domain_xml(define_validated(aio, conn, xml))
    assert back.os_id == LINUX.id if paravirt else GENERIC.id
    assert back.firmware == {
        Firmware.BIOS: "BIOS", Firmware.UEFI: "UEFI", Firmware.UEFI_SECURE: "UEFI with Secure Boot",
    }[firmware]  # fmt: skip
    assert (back.memory_mib, back.vcpus) == (768, 2)
    (cdrom,) = [d for d in back.disks if d.device == "cdrom"]
    (disk,) = [d for d in back.disks if d.device == "disk"]
    assert (cdrom.device, cdrom.bus, cdrom.readonly, cdrom.source) == (
        "cdrom", "sata", True, "/srv/iso/debian-11.iso",
    )  # fmt: skip
    assert (disk.device, disk.format, disk.source) == ("disk", "qcow2", f"{POOL_DIR}/variant.qcow2")
    assert (disk.bus, disk.target) == (("virtio", "vda") if paravirt else ("sata", "sda"))
    if network.kind == "none":
        assert back.nics == ()
    else:
        (nic,) = back.nics
        assert (nic.kind, nic.source) == (network.kind, network.source)
        assert nic.model == ("virtio" if paravirt else "e1000")


def test_the_xml_has_what_hvdesk_promises(tmp_path: Path) -> None:
    host = local_host(tmp_path)
    spec = NewVmSpec(
        "promise", LINUX, 1024, 2, Firmware.UEFI_SECURE, NewDisk(8, "/vms"), iso="/i.iso"
    )
    root = ET.fromstring(build_domain_xml(spec, "qemu", host))
    assert root.get("type") == "qemu"
    assert root.find("os/type").get("machine") == "q35"  # type: ignore[union-attr]
    assert root.find("os").get("firmware") == "efi"  # type: ignore[union-attr]
    features = {f.get("name"): f.get("enabled") for f in root.findall("os/firmware/feature")}
    assert features == {"secure-boot": "yes", "enrolled-keys": "yes"}
    assert root.find("features/smm").get("state") == "on"  # type: ignore[union-attr]
    boots = {d.get("device"): d.find("boot").get("order") for d in root.findall("devices/disk")}  # type: ignore[union-attr]
    assert boots == {"cdrom": "1", "disk": "2"}  # CD first, then the disk
    assert root.find("devices/input[@type='tablet'][@bus='usb']") is not None
    graphics = root.find("devices/graphics")
    assert graphics is not None and graphics.get("type") == "vnc"
    assert [(el.get("type"), el.get("address")) for el in graphics] == [("socket", None)]
    balloon = root.find("devices/memballoon")
    assert balloon is not None and balloon.find("stats").get("period") == "5"  # type: ignore[union-attr]
    assert root.find("devices/rng[@model='virtio']") is not None
    assert root.find("cpu") is None  # TCG: QEMU's default model
    kvm = ET.fromstring(build_domain_xml(spec, "kvm", host))
    assert kvm.find("cpu").get("mode") == "host-passthrough"  # type: ignore[union-attr]


def test_a_remote_display_listens_on_loopback_with_a_password(tmp_path: Path) -> None:
    host = local_host(tmp_path, local=False)
    spec = NewVmSpec("remote", GENERIC, 512, 1)
    first = ET.fromstring(build_domain_xml(spec, "qemu", host)).find("devices/graphics")
    second = ET.fromstring(build_domain_xml(spec, "qemu", host)).find("devices/graphics")
    assert first is not None and second is not None
    assert (first.get("listen"), first.get("autoport")) == ("127.0.0.1", "yes")
    assert [(el.get("type"), el.get("address")) for el in first] == [("address", "127.0.0.1")]
    password = first.get("passwd", "")
    assert len(password) == 8 and password.isalnum()
    assert password != second.get("passwd")  # generated for each VM


def test_kernel_boot_windows_and_no_disk(tmp_path: Path) -> None:
    host = local_host(tmp_path)
    spec = NewVmSpec("k", GENERIC, 256, 1, kernel=KernelBoot("/b/vmlinuz", "/b/initrd", "quiet"))
    root = ET.fromstring(build_domain_xml(spec, "qemu", host))
    assert [(el.tag, el.text) for el in root.find("os")][1:] == [  # type: ignore[union-attr]
        ("kernel", "/b/vmlinuz"), ("initrd", "/b/initrd"), ("cmdline", "quiet"),
    ]  # fmt: skip
    assert root.findall("devices/disk") == []
    win = NewVmSpec("w", WINDOWS, 4096, 2, Firmware.UEFI, NewDisk(64, "/vms"), iso="/w.iso")
    root = ET.fromstring(build_domain_xml(win, "kvm", host))
    assert root.find("clock").get("offset") == "localtime"  # type: ignore[union-attr]
    assert root.find("features/hyperv/relaxed") is not None
    assert {(d.get("device"), d.find("target").get("dev"), d.find("target").get("bus"))  # type: ignore[union-attr]
            for d in root.findall("devices/disk")} == {("cdrom", "sdb", "sata"),
                                                       ("disk", "sda", "sata")}  # fmt: skip
    assert root.find("devices/interface/model").get("type") == "e1000e"  # type: ignore[union-attr]


def test_names_and_paths_are_escaped(aio: Any, conn: Connection, tmp_path: Path) -> None:
    host = local_host(tmp_path, domain_type="test", machine="")
    spec = NewVmSpec("a <b> & 'c'", GENERIC, 256, 1, NewDisk(1, POOL_DIR), iso="/x/<&>.iso")
    back = parse_domain_xml(define_validated(aio, conn, build_domain_xml(spec, "test", host)))
    assert back.name == "a <b> & 'c'"
    assert back.disks[0].source == "/x/<&>.iso"


# ---- create_vm, all or nothing ------------------------------------------------------


def domain_names(aio: Any, conn: Connection) -> set[str]:
    names: list[str] = aio.run(conn.call(lambda c: [d.name() for d in c.listAllDomains(0)]))
    return set(names)


def volume_names(aio: Any, conn: Connection) -> set[str]:
    def names(c: Any) -> list[str]:
        return [v.name() for v in c.storagePoolLookupByName("default").listAllVolumes(0)]

    result: list[str] = aio.run(conn.call(names))
    return set(result)


def test_create_in_a_pool_defines_starts_and_reports_progress(
    aio: Any, conn: Connection, iso: Path
) -> None:
    host = aio.run(probe_host(conn))
    assert (host.kind, host.domain_type, host.default_disk_dir) == ("test", "test", POOL_DIR)
    assert host.default_network() == NetworkChoice("network", "default")
    spec = NewVmSpec("made", LINUX, 512, 1, disk=NewDisk(4, POOL_DIR), iso=str(iso),
                     network=host.default_network(), start=True)  # fmt: skip
    steps: list[tuple[float | None, str]] = []
    started = time.monotonic()
    uuid = aio.run(create_vm(spec, conn, lambda f, t: steps.append((f, t)), host=host))
    elapsed = time.monotonic() - started
    assert [t for _, t in steps] == [
        "Creating the disk image made.qcow2", "Defining the VM", "Starting the VM", "Done",
    ]  # fmt: skip
    assert volume_names(aio, conn) == {"made.qcow2"}
    # The define's re-read may arrive before or after the start's; the list ends Running.
    aio.wait_until(lambda: uuid in conn.vms and conn.vms[uuid].state.value == "Running")
    vm = conn.vms[uuid]
    assert vm.name == "made"
    assert vm.config.os_id == LINUX.id and vm.config.disks[1].source == f"{POOL_DIR}/made.qcow2"
    assert elapsed < 5


def test_create_refuses_an_invalid_spec_and_makes_nothing(
    aio: Any, conn: Connection, tmp_path: Path
) -> None:
    spec = NewVmSpec("existing", GENERIC, 0, 1, disk=NewDisk(1, str(tmp_path)))
    with pytest.raises(HvdeskError) as info:
        aio.run(create_vm(spec, conn, host=local_host(tmp_path, domain_type="test")))
    assert info.value.sentence() == (
        "Could not create 'existing'. Test driver (newvm-host.xml) already has a virtual "
        "machine named 'existing'. Memory must be more than 0 MiB."
    )
    assert list(tmp_path.iterdir()) == []


class Injected(Exception):
    pass


def _after(real: Any, what: str) -> Any:
    """Wrap a step: do it for real, then fail (so there is something to roll back)."""
    if asyncio.iscoroutinefunction(real):

        async def failing_coro(*args: Any, **kwargs: Any) -> Any:
            await real(*args, **kwargs)
            raise HvdeskError(f"Injected failure after {what}")

        return failing_coro

    def failing(*args: Any, **kwargs: Any) -> Any:
        real(*args, **kwargs)
        raise libvirt.libvirtError(f"injected failure after {what}")

    return failing


# (step to break, spec's disk kind)
STEPS = [
    ("create_qcow2", "file"),
    ("create_volume", "pool"),
    ("convert_image", "convert"),
    ("_define", "file"),
    ("_define", "pool"),
    ("_start", "file"),
    ("_start", "in-place"),
]


@pytest.mark.parametrize(("step", "kind"), STEPS, ids=[f"{s}-{k}" for s, k in STEPS])
def test_a_failure_at_any_step_leaves_nothing_behind(
    aio: Any,
    conn: Connection,
    tmp_path: Path,
    iso: Path,
    monkeypatch: pytest.MonkeyPatch,
    step: str,
    kind: str,
) -> None:
    images = tmp_path / "images"
    source = tmp_path / "source.qcow2"
    subprocess.run(["qemu-img", "create", "-q", "-f", "qcow2", str(source), "16M"], check=True)
    disk: NewDisk | ImportDisk = {
        "file": NewDisk(1, str(images)),
        "pool": NewDisk(1, POOL_DIR),
        "convert": ImportDisk(str(source), True, str(images)),
        "in-place": ImportDisk(str(source), False),
    }[kind]
    module = storage if step in ("create_qcow2", "create_volume", "convert_image") else newvm
    monkeypatch.setattr(module, step, _after(getattr(module, step), step))
    host = aio.run(probe_host(conn))
    spec = NewVmSpec("doomed", LINUX, 512, 1, disk=disk, iso=str(iso), start=True)
    before = sorted(p.name for p in tmp_path.rglob("*"))

    with pytest.raises(HvdeskError) as info:
        aio.run(create_vm(spec, conn, host=host))

    sentence = info.value.sentence()
    assert sentence.startswith("Could not create 'doomed'. ")
    assert sentence.endswith("Nothing was left behind."), sentence
    if step in ("_define", "_start"):
        assert f"injected failure after {step}" in sentence
    assert "doomed" not in domain_names(aio, conn)  # no half-defined VM
    assert volume_names(aio, conn) == set()  # no orphan volume
    assert sorted(p.name for p in tmp_path.rglob("*")) == before  # no orphan file
    assert source.exists()  # and the user's own image is never touched


def test_a_failed_rollback_says_what_is_left(
    aio: Any, conn: Connection, tmp_path: Path, iso: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(newvm, "_start", _after(newvm._start, "_start"))

    def stuck(_conn: Any, _uuid: str) -> None:
        raise libvirt.libvirtError("the host refused")

    monkeypatch.setattr(newvm, "_remove_domain", stuck)
    spec = NewVmSpec("stuck", LINUX, 512, 1, disk=NewDisk(1, str(tmp_path)), iso=str(iso),
                     start=True)  # fmt: skip
    with pytest.raises(HvdeskError) as info:
        aio.run(create_vm(spec, conn, host=local_host(tmp_path, domain_type="test")))
    disk = tmp_path / "stuck.qcow2"
    assert info.value.hint == (
        "Some of it could not be removed: the VM 'stuck' is still defined (the host refused); "
        f"its disk {disk} was kept for it"
    )
    assert disk.exists()  # a VM that is still defined keeps the disk it points at


def test_cancel_after_the_define_undoes_it(
    aio: Any, conn: Connection, tmp_path: Path, iso: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cancel = asyncio.Event()
    loop = asyncio.get_event_loop()
    real = newvm._define

    def define_then_cancel(c: Any, xml: str, made: Any) -> str:
        uuid = real(c, xml, made)
        loop.call_soon_threadsafe(cancel.set)
        time.sleep(0.05)  # the click lands while the call is still "running"
        return uuid

    monkeypatch.setattr(newvm, "_define", define_then_cancel)
    spec = NewVmSpec("undone", LINUX, 512, 1, disk=NewDisk(1, str(tmp_path / "i")), iso=str(iso))
    with pytest.raises(Cancelled) as info:
        aio.run(create_vm(spec, conn, None, cancel, host=local_host(tmp_path, domain_type="test")))
    assert info.value.sentence() == "Creating 'undone' was cancelled. Nothing was left behind."
    assert "undone" not in domain_names(aio, conn)
    assert not (tmp_path / "i" / "undone.qcow2").exists()


def test_cancelling_the_task_mid_call_waits_for_it_then_rolls_back(
    aio: Any, conn: Connection, tmp_path: Path, iso: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    entered = threading.Event()
    real = newvm._define

    def slow_define(c: Any, xml: str, made: Any) -> str:
        entered.set()
        time.sleep(0.3)  # a libvirt call cannot be interrupted
        return real(c, xml, made)

    monkeypatch.setattr(newvm, "_define", slow_define)
    spec = NewVmSpec("interrupted", LINUX, 512, 1, disk=NewDisk(1, str(tmp_path)), iso=str(iso))
    task = asyncio.ensure_future(
        create_vm(spec, conn, host=local_host(tmp_path, domain_type="test"))
    )
    aio.wait_until(entered.is_set)
    task.cancel()
    aio.wait_until(task.done)
    assert task.cancelled()
    assert "interrupted" not in domain_names(aio, conn)  # defined after the cancel: undone
    assert not (tmp_path / "interrupted.qcow2").exists()
