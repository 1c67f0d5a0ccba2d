"""New VMs on the embedded QEMU driver, booted under TCG: from the tiny guest's ISO, from
an imported disk image, with UEFI and Secure Boot; libvirt validates every XML variant."""

from __future__ import annotations

import asyncio
import dataclasses
import os
import time
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import libvirt
import pytest

from hvdesk.core import newvm, storage
from hvdesk.core.connection import Connection
from hvdesk.core.domain_info import parse_domain_xml
from hvdesk.core.errors import HvdeskError
from hvdesk.core.hostfacts import NO_NETWORK, USER_NAT, HostFacts, NetworkChoice, probe_host
from hvdesk.core.image_chain import inspect_image
from hvdesk.core.newvm import Firmware, ImportDisk, NewDisk, NewVmSpec, build_domain_xml
from hvdesk.core.osinfo import GENERIC, database, detect_iso
from tests.guest.build import GuestImage, pattern_colour
from tests.guest.harness import screenshot
from tests.support.media import convert, guest_iso

pytestmark = pytest.mark.integration

# Where the guest's quadrant pattern is checked (one point per quadrant).
PROBES = ((100, 100), (900, 100), (100, 700), (900, 700))


@pytest.fixture
def host(aio: Any, embedded: Connection) -> HostFacts:
    facts: HostFacts = aio.run(probe_host(embedded), timeout=60)
    return facts


@pytest.fixture(scope="module")
def tiny_iso(guest_image: GuestImage) -> Path:
    return guest_iso(guest_image)


def wait_for_screen(aio: Any, conn: Connection, uuid: str, timeout: float = 90) -> float:
    """Seconds until the guest has drawn its pattern (it boots into it)."""
    started = time.monotonic()
    expected = [pattern_colour(x, y) for x, y in PROBES]
    seen: list[Any] = []
    while time.monotonic() - started < timeout:
        image = aio.run(conn.call_domain(uuid, screenshot))
        if (image.width, image.height) == (1024, 768):
            seen = [image.pixel(x, y) for x, y in PROBES]
            if seen == expected:
                return time.monotonic() - started
        time.sleep(0.5)
    raise AssertionError(f"the guest never drew its pattern; last pixels {seen}")


def domain_names(aio: Any, conn: Connection) -> set[str]:
    names: list[str] = aio.run(conn.call(lambda c: [d.name() for d in c.listAllDomains(0)]))
    return set(names)


# ---- libvirt's QEMU driver validates the XML of every variant --------------------------


@pytest.mark.parametrize("firmware", list(Firmware), ids=[f.name for f in Firmware])
@pytest.mark.parametrize("paravirt", [True, False], ids=["virtio", "emulated"])
@pytest.mark.parametrize(
    "network",
    [USER_NAT, NO_NETWORK, NetworkChoice("bridge", "br0")],
    ids=["user", "none", "bridge"],
)
@pytest.mark.parametrize("local", [True, False], ids=["socket", "loopback"])
def test_the_qemu_driver_accepts_each_variant(
    aio: Any,
    embedded: Connection,
    host: HostFacts,
    firmware: Firmware,
    paravirt: bool,
    network: NetworkChoice,
    local: bool,
) -> None:
    assert (host.kind, host.domain_type, host.machine) == ("embedded", "qemu", "q35")
    assert host.uefi and host.secure_boot, "install the ovmf package"
    profile = database().get("debian11") if paravirt else GENERIC
    assert profile is not None
    spec = NewVmSpec(
        "variant", profile, 512, 2, firmware, NewDisk(4, "/var/lib/hvdesk-test"),
        iso="/srv/iso/install.iso", network=network,
    )  # fmt: skip
    facts = host if local else dataclasses.replace(host, local=False)
    xml = build_domain_xml(spec, host.domain_type, facts)

    def define(c: Any) -> str:
        dom = c.defineXMLFlags(xml, libvirt.VIR_DOMAIN_DEFINE_VALIDATE)
        try:
            return str(dom.XMLDesc(libvirt.VIR_DOMAIN_XML_SECURE))
        finally:
            dom.undefineFlags(libvirt.VIR_DOMAIN_UNDEFINE_NVRAM)

    back = aio.run(embedded.call(define))
    config = parse_domain_xml(back)
    assert config.domain_type == "qemu" and config.machine.startswith("pc-q35")
    assert config.os_id == profile.id
    assert config.firmware == {
        Firmware.BIOS: "BIOS", Firmware.UEFI: "UEFI", Firmware.UEFI_SECURE: "UEFI with Secure Boot"
    }[firmware]  # fmt: skip
    if local:
        assert "<listen type='socket'" in back
    else:
        assert "listen='127.0.0.1'" in back and "passwd=" in back


# ---- creating and booting ----------------------------------------------------------------


def test_create_from_the_guest_iso_boots_it(
    aio: Any, embedded: Connection, host: HostFacts, tiny_iso: Path
) -> None:
    detection = detect_iso(tiny_iso)  # the guest's ISO carries a Debian 11 volume id
    assert detection is not None and detection.profile.short_id == "debian11"
    spec = NewVmSpec(
        "from iso", detection.profile, 256, 1, Firmware.BIOS,
        NewDisk(8, host.default_disk_dir), iso=str(tiny_iso), start=True,
    )  # fmt: skip
    assert newvm.validate(spec, embedded, host) == {}
    started = time.monotonic()
    uuid = aio.run(newvm.create_vm(spec, embedded, host=host), timeout=60)
    created = time.monotonic() - started
    booted = wait_for_screen(aio, embedded, uuid)
    print(f"\ncreate: {created:.2f} s; ISO to the guest's screen under TCG: {booted:.1f} s")

    disk = Path(spec.disk_path())
    assert disk.parent == Path(host.default_disk_dir) and storage.is_private(disk)
    info = aio.run(storage.image_info(disk))
    assert (info.format, info.virtual_size) == ("qcow2", 8 * 1024**3)
    config = parse_domain_xml(aio.run(embedded.call_domain(uuid, lambda d: d.XMLDesc(0))))
    assert config.os_name == "Debian 11" and config.domain_type == "qemu"
    assert [(d.device, d.bus) for d in config.disks] == [("cdrom", "sata"), ("disk", "virtio")]
    assert config.displays[0].where.startswith("UNIX socket ")
    aio.wait_until(lambda: uuid in embedded.vms and embedded.vms[uuid].state.value == "Running")


def test_an_imported_qcow2_boots_in_place(
    aio: Any, embedded: Connection, host: HostFacts, tiny_iso: Path, tmp_path: Path
) -> None:
    # grub-mkrescue makes hybrid images: the ISO's bytes also boot as a hard disk, so
    # this qcow2 (made by qemu-img) really is a bootable disk, not kernel-boot trickery.
    image = convert(tiny_iso, tmp_path / "tiny.qcow2", "qcow2")
    chain = aio.run(inspect_image(str(image)))
    spec = NewVmSpec("imported", GENERIC, 256, 1, disk=ImportDisk(str(image), False, "", chain),
                     start=True)  # fmt: skip
    uuid = aio.run(newvm.create_vm(spec, embedded, host=host), timeout=60)
    wait_for_screen(aio, embedded, uuid)
    config = parse_domain_xml(aio.run(embedded.call_domain(uuid, lambda d: d.XMLDesc(0))))
    ((device, bus, source, fmt),) = [(d.device, d.bus, d.source, d.format) for d in config.disks]
    assert (device, bus, source, fmt) == ("disk", "sata", str(image), "qcow2")
    assert image.exists()  # used where it is: no copy was made
    assert not (Path(host.default_disk_dir) / "imported.qcow2").exists()


def test_an_imported_vmdk_is_converted_and_boots(
    aio: Any, embedded: Connection, host: HostFacts, tiny_iso: Path, tmp_path: Path
) -> None:
    vmdk = convert(tiny_iso, tmp_path / "appliance.vmdk", "vmdk")
    chain = aio.run(inspect_image(str(vmdk)))
    assert chain.format == "vmdk" and chain.files == ()
    steps: list[float] = []
    spec = NewVmSpec(
        "converted", GENERIC, 256, 1,
        disk=ImportDisk(str(vmdk), True, host.default_disk_dir, chain), start=True,
    )  # fmt: skip
    uuid = aio.run(
        newvm.create_vm(spec, embedded, lambda f, _t: steps.append(f) if f else None, host=host),
        timeout=60,
    )
    assert steps and steps[-1] == 1.0
    copy = Path(host.default_disk_dir) / "converted.qcow2"
    assert aio.run(storage.image_info(copy)).format == "qcow2" and storage.is_private(copy)
    wait_for_screen(aio, embedded, uuid)
    assert vmdk.exists()


def test_uefi_with_secure_boot_starts_and_goes_away_completely(
    aio: Any, embedded: Connection, host: HostFacts, embed_root: Path
) -> None:
    spec = NewVmSpec("secure", GENERIC, 256, 1, Firmware.UEFI_SECURE,
                     NewDisk(1, host.default_disk_dir), start=True)  # fmt: skip
    uuid = aio.run(newvm.create_vm(spec, embedded, host=host), timeout=60)
    xml = aio.run(embedded.call_domain(uuid, lambda d: d.XMLDesc(0)))
    assert "secboot" in xml or "ms.fd" in xml  # libvirt picked a Secure Boot OVMF
    nvram = parse_nvram(xml)
    assert nvram.exists()
    aio.wait_until(lambda: uuid in embedded.vms and embedded.vms[uuid].state.value == "Running")
    # The same removal a rollback does: destroy, undefine with NVRAM.
    aio.run(embedded.call(lambda c: newvm._remove_domain(c, uuid)))
    assert "secure" not in domain_names(aio, embedded)
    assert not nvram.exists()


def parse_nvram(xml: str) -> Path:
    text = ET.fromstring(xml).findtext("os/nvram")
    assert text
    return Path(text)


def test_a_start_libvirt_refuses_rolls_everything_back(
    aio: Any, embedded: Connection, host: HostFacts, tiny_iso: Path
) -> None:
    """A real failure, not an injected one: a bridge the host does not have."""
    spec = NewVmSpec(
        "no bridge", GENERIC, 256, 1, disk=NewDisk(1, host.default_disk_dir),
        iso=str(tiny_iso), network=NetworkChoice("bridge", "hvdnobr0"), start=True,
    )  # fmt: skip
    images = Path(host.default_disk_dir)
    with pytest.raises(HvdeskError) as info:
        aio.run(newvm.create_vm(spec, embedded, host=host), timeout=60)
    sentence = info.value.sentence()
    assert sentence.startswith("Could not create 'no bridge'. Starting the VM failed: ")
    assert "hvdnobr0" in sentence and sentence.endswith("Nothing was left behind.")
    assert "no bridge" not in domain_names(aio, embedded)
    assert not images.exists() or os.listdir(images) == []


def test_a_vm_libvirt_will_not_undefine_keeps_its_disk_and_the_message_says_so(
    aio: Any, embedded: Connection, host: HostFacts, tiny_iso: Path, embed_root: Path
) -> None:
    """A real refusal: a save image an earlier VM of that name left at the new VM's path
    makes libvirt refuse to undefine the new VM while it exists, when the user cancels
    once it is defined. That file is not this create's to delete, so the VM stays
    defined, its disk stays with it, and the message says both."""
    stale = embed_root / "lib" / "qemu" / "save" / "left over.save"
    stale.parent.mkdir(parents=True, exist_ok=True)
    stale.write_text("an earlier 'left over' saved its state here")
    spec = NewVmSpec(
        "left over", GENERIC, 256, 1, disk=NewDisk(1, host.default_disk_dir),
        iso=str(tiny_iso),
    )  # fmt: skip
    disk = Path(spec.disk_path())
    cancel = asyncio.Event()

    def cancel_once_defining(_fraction: float | None, text: str) -> None:
        if text.startswith("Defining"):
            cancel.set()

    try:
        with pytest.raises(HvdeskError) as info:
            aio.run(
                newvm.create_vm(spec, embedded, cancel_once_defining, cancel, host=host),
                timeout=60,
            )
        sentence = info.value.sentence()
        assert "Nothing was left behind" not in sentence
        assert "the VM 'left over' is still defined" in sentence
        assert f"its disk {disk} was kept for it" in sentence
        assert "left over" in domain_names(aio, embedded)
        assert disk.exists()  # the defined VM still points at it
        assert stale.read_text() == "an earlier 'left over' saved its state here"
    finally:
        stale.unlink(missing_ok=True)
        disk.unlink(missing_ok=True)
