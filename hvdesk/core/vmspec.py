"""What the user asked for in the New-VM wizard: `NewVmSpec` and its parts (plain data)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from enum import Enum, StrEnum

from hvdesk.core.hostfacts import USER_NAT, NetworkChoice
from hvdesk.core.image_chain import ImageChain
from hvdesk.core.osinfo import GENERIC, OsProfile
from hvdesk.i18n import QT_TRANSLATE_NOOP

GIB = 1024**3
MAX_NAME = 100
# QEMU refuses more; libvirt's own limit per machine type is higher.
MAX_VCPUS = 255


class Firmware(Enum):
    BIOS = "BIOS"
    UEFI = "UEFI"
    UEFI_SECURE = QT_TRANSLATE_NOOP("Firmware", "UEFI with Secure Boot")


class Field(StrEnum):
    NAME = "name"
    MEMORY = "memory"
    VCPUS = "vcpus"
    FIRMWARE = "firmware"
    DISK_SIZE = "disk_size"
    DISK_LOCATION = "disk_location"
    ISO = "iso"
    IMPORT = "import"
    KERNEL = "kernel"
    INITRD = "initrd"
    NETWORK = "network"


@dataclass(frozen=True)
class NewDisk:
    """A new, thin-provisioned qcow2 image named after the VM in `directory`."""

    size_gib: float
    directory: str


@dataclass(frozen=True)
class ImportDisk:
    """An existing image: converted to a new qcow2 in `directory`, or used where it is.

    `chain` is what the user was shown (`image_chain.inspect_image`); `accepted` the
    other files it reads that the user agreed to (exactly `chain.files`, or nothing).
    Creating inspects the image again and refuses it if anything differs."""

    path: str
    convert: bool = True
    directory: str = ""
    chain: ImageChain | None = None
    accepted: tuple[str, ...] = ()


@dataclass(frozen=True)
class KernelBoot:
    kernel: str
    initrd: str = ""
    cmdline: str = ""


@dataclass(frozen=True)
class NewVmSpec:
    name: str
    profile: OsProfile = GENERIC
    memory_mib: int = 2048
    vcpus: int = 2
    firmware: Firmware = Firmware.BIOS
    disk: NewDisk | ImportDisk | None = None
    iso: str = ""
    kernel: KernelBoot | None = None
    network: NetworkChoice = USER_NAT
    paravirt: bool | None = None  # None: what the OS profile supports
    start: bool = False

    @property
    def uses_virtio(self) -> bool:
        return self.profile.paravirt if self.paravirt is None else self.paravirt

    @property
    def creates_disk(self) -> bool:
        """Whether Create makes a new image (which a rollback deletes)."""
        return isinstance(self.disk, NewDisk) or (
            isinstance(self.disk, ImportDisk) and self.disk.convert
        )

    def disk_path(self) -> str:
        """Where the VM's disk is (or will be); "" without a disk."""
        if isinstance(self.disk, ImportDisk) and not self.disk.convert:
            return self.disk.path
        if isinstance(self.disk, NewDisk | ImportDisk):
            return os.path.join(self.disk.directory, disk_file_name(self.name))
        return ""


def disk_file_name(vm_name: str) -> str:
    return f"{vm_name}.qcow2"
