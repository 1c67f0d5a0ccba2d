"""Domain XML for a new VM (`build_domain_xml`): q35, BIOS or UEFI (+ Secure Boot),
virtio or emulated buses per OS profile, the ISO as a SATA CD-ROM booted first, a USB
tablet, VNC on a UNIX socket (local) or loopback with a password (remote), libosinfo
metadata and a memory balloon with statistics."""

from __future__ import annotations

import secrets
import string
import xml.etree.ElementTree as ET

from hvdesk.core.domain_info import LIBOSINFO_NS
from hvdesk.core.hostfacts import HostFacts
from hvdesk.core.vmspec import Firmware, NewVmSpec

ET.register_namespace("libosinfo", LIBOSINFO_NS)


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    el = ET.SubElement(parent, tag, {k.rstrip("_"): v for k, v in attrs.items()})
    if text is not None:
        el.text = text
    return el


def vnc_password() -> str:
    """VNC passwords are at most 8 characters."""
    alphabet = string.ascii_letters + string.digits
    return "".join(secrets.choice(alphabet) for _ in range(8))


def _os_element(root: ET.Element, spec: NewVmSpec, host: HostFacts) -> None:
    os_el = _sub(root, "os")
    type_attrs = {"arch": "x86_64"}
    if host.machine:
        type_attrs["machine"] = host.machine
    _sub(os_el, "type", "hvm", **type_attrs)
    if spec.firmware is not Firmware.BIOS:
        os_el.set("firmware", "efi")
        secure = "yes" if spec.firmware is Firmware.UEFI_SECURE else "no"
        fw = _sub(os_el, "firmware")
        _sub(fw, "feature", enabled=secure, name="secure-boot")
        _sub(fw, "feature", enabled=secure, name="enrolled-keys")
    if spec.kernel is not None:
        _sub(os_el, "kernel", spec.kernel.kernel)
        if spec.kernel.initrd:
            _sub(os_el, "initrd", spec.kernel.initrd)
        if spec.kernel.cmdline:
            _sub(os_el, "cmdline", spec.kernel.cmdline)


def _features(root: ET.Element, spec: NewVmSpec, domain_type: str) -> None:
    features = _sub(root, "features")
    _sub(features, "acpi")
    _sub(features, "apic")
    if spec.profile.family == "winnt" and domain_type == "kvm":
        hyperv = _sub(features, "hyperv", mode="custom")
        _sub(hyperv, "relaxed", state="on")
        _sub(hyperv, "vapic", state="on")
        _sub(hyperv, "spinlocks", state="on", retries="8191")
    if spec.firmware is Firmware.UEFI_SECURE:
        _sub(features, "smm", state="on")


def _disk(
    devices: ET.Element, path: str, fmt: str, bus: str, dev: str, boot: int, cdrom: bool = False
) -> None:
    disk = _sub(devices, "disk", type="file", device="cdrom" if cdrom else "disk")
    driver = _sub(disk, "driver", name="qemu", type=fmt)
    if not cdrom:
        driver.set("discard", "unmap")  # freed guest blocks shrink the thin image
    _sub(disk, "source", file=path)
    _sub(disk, "target", dev=dev, bus=bus)
    if cdrom:
        _sub(disk, "readonly")
    _sub(disk, "boot", order=str(boot))


def _network(devices: ET.Element, spec: NewVmSpec) -> None:
    choice = spec.network
    if choice.kind == "none":
        return
    iface = _sub(devices, "interface", type=choice.kind)
    if choice.kind == "network":
        _sub(iface, "source", network=choice.source)
    elif choice.kind == "bridge":
        _sub(iface, "source", bridge=choice.source.strip())
    _sub(iface, "model", type="virtio" if spec.uses_virtio else spec.profile.emulated_nic)


def _graphics(devices: ET.Element, host: HostFacts, password: str | None) -> None:
    if host.local:
        # libvirt picks a socket path; the console connects with openGraphicsFD.
        graphics = _sub(devices, "graphics", type="vnc")
        _sub(graphics, "listen", type="socket")
        return
    graphics = _sub(
        devices, "graphics", type="vnc", port="-1", autoport="yes", listen="127.0.0.1",
        passwd=password or vnc_password(),
    )  # fmt: skip
    _sub(graphics, "listen", type="address", address="127.0.0.1")


def build_domain_xml(
    spec: NewVmSpec,
    domain_type: str,
    caps: HostFacts,
    *,
    disk_format: str = "qcow2",
    password: str | None = None,
) -> str:
    """The domain XML for `spec` on a host with `caps` (see HostFacts)."""
    root = ET.Element("domain", type=domain_type)
    _sub(root, "name", spec.name)
    metadata = _sub(root, "metadata")
    libosinfo = ET.SubElement(metadata, f"{{{LIBOSINFO_NS}}}libosinfo")
    ET.SubElement(libosinfo, f"{{{LIBOSINFO_NS}}}os", id=spec.profile.id)
    _sub(root, "memory", str(spec.memory_mib), unit="MiB")
    _sub(root, "currentMemory", str(spec.memory_mib), unit="MiB")
    _sub(root, "vcpu", str(spec.vcpus), placement="static")
    _os_element(root, spec, caps)
    _features(root, spec, domain_type)
    if domain_type == "kvm":
        _sub(root, "cpu", mode="host-passthrough", check="none", migratable="on")
    clock = _sub(root, "clock", offset="localtime" if spec.profile.family == "winnt" else "utc")
    _sub(clock, "timer", name="rtc", tickpolicy="catchup")
    _sub(clock, "timer", name="pit", tickpolicy="delay")
    _sub(clock, "timer", name="hpet", present="no")
    _sub(root, "on_poweroff", "destroy")
    _sub(root, "on_reboot", "restart")
    _sub(root, "on_crash", "destroy")
    pm = _sub(root, "pm")
    _sub(pm, "suspend-to-mem", enabled="no")
    _sub(pm, "suspend-to-disk", enabled="no")

    devices = _sub(root, "devices")
    disk_bus = "virtio" if spec.uses_virtio else "sata"
    disk_path = spec.disk_path()
    if spec.iso:
        cd_dev = "sdb" if disk_path and disk_bus == "sata" else "sda"
        _disk(devices, spec.iso, "raw", "sata", cd_dev, boot=1, cdrom=True)
    if disk_path:
        dev = "vda" if disk_bus == "virtio" else "sda"
        _disk(devices, disk_path, disk_format, disk_bus, dev, boot=2 if spec.iso else 1)
    _network(devices, spec)
    serial = _sub(devices, "serial", type="pty")
    _sub(serial, "target", port="0")
    console = _sub(devices, "console", type="pty")
    _sub(console, "target", type="serial", port="0")
    _sub(devices, "input", type="tablet", bus="usb")
    _graphics(devices, caps, password)
    video = _sub(devices, "video")
    _sub(video, "model", type="vga", vram="16384", heads="1", primary="yes")
    if spec.uses_virtio:
        rng = _sub(devices, "rng", model="virtio")
        _sub(rng, "backend", "/dev/urandom", model="random")
    balloon = _sub(devices, "memballoon", model="virtio")
    _sub(balloon, "stats", period="5")
    ET.indent(root, "  ")
    return ET.tostring(root, encoding="unicode") + "\n"
