"""Hostile disk images, made with the real qemu-img: each one names a host file (the
"secret") that `qemu-img convert` and QEMU would read into a guest disk.

- `backing_image`: a qcow2 in a download folder whose backing file is `../secret.txt`.
- `extent_descriptor`: a VMDK descriptor with a FLAT extent `"../secret.txt"`.
- `data_file_image`: a qcow2 whose external data file is the secret.
- `guest_bytes`: what a guest would read from a qcow2, through qemu-img itself.
- `linked_pair`: a base image and a linked clone's overlay on it.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

SECRET = b"TOP SECRET HOST DATA\n" * 100


def qemu_img(*args: str | Path) -> str:
    return subprocess.run(
        ["qemu-img", *map(str, args)], check=True, capture_output=True, text=True
    ).stdout


def secret_file(tmp_path: Path) -> Path:
    secret = tmp_path / "secret.txt"
    secret.write_bytes(SECRET)
    return secret


def download_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "download"
    folder.mkdir(exist_ok=True)
    return folder


def backing_image(tmp_path: Path, name: str = "evil.qcow2") -> Path:
    """A qcow2 whose backing file is ../secret.txt (raw), next to the download folder."""
    secret_file(tmp_path)
    image = download_dir(tmp_path) / name
    subprocess.run(
        ["qemu-img", "create", "-q", "-f", "qcow2", "-b", "../secret.txt", "-F", "raw",
         name, "1M"],
        cwd=image.parent, check=True,
    )  # fmt: skip
    return image


EXTENT_DESCRIPTOR = """# Disk DescriptorFile
version=1
CID=fffffffe
parentCID=ffffffff
createType="monolithicFlat"

# Extent description
RW {sectors} FLAT "{extent}" 0

# The Disk Data Base
#DDB
ddb.virtualHWVersion = "4"
ddb.adapterType = "ide"
"""


def extent_descriptor(
    tmp_path: Path, extent: str = "../secret.txt", name: str = "evil.vmdk"
) -> Path:
    """A VMDK descriptor (text) whose one FLAT extent is `extent` (the secret by default)."""
    secret_file(tmp_path)
    image = download_dir(tmp_path) / name
    sectors = (len(SECRET) + 511) // 512
    image.write_text(EXTENT_DESCRIPTOR.format(sectors=sectors, extent=extent))
    return image


def data_file_image(tmp_path: Path, name: str = "evil-data.qcow2") -> Path:
    """A qcow2 whose external (raw) data file is the secret. qemu-img create empties the
    data file it is given, so the image is made first and the secret written after."""
    secret = tmp_path / "secret.txt"
    secret.unlink(missing_ok=True)
    image = download_dir(tmp_path) / name
    qemu_img("create", "-q", "-f", "qcow2", "-o", f"data_file={secret},data_file_raw=on",
             image, "1M")  # fmt: skip
    secret.write_bytes(SECRET)
    return image


def guest_bytes(disk: Path, tmp_path: Path, fmt: str = "qcow2") -> bytes:
    """Every byte a guest reads from `disk`, as qemu-img reads it."""
    raw = tmp_path / f"{disk.name}.as-guest.raw"
    qemu_img("convert", "-f", fmt, "-O", "raw", disk, raw)
    try:
        return raw.read_bytes()
    finally:
        raw.unlink()


def linked_pair(folder: Path) -> tuple[Path, Path]:
    """A base image and a linked clone's overlay on it (as hvdesk's linked clone makes)."""
    base, overlay = folder / "base.qcow2", folder / "clone.qcow2"
    qemu_img("create", "-q", "-f", "qcow2", base, "16M")
    qemu_img("create", "-q", "-f", "qcow2", "-b", base, "-F", "qcow2", overlay)
    return base, overlay
