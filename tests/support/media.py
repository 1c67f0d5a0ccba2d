"""Installation media and disk images for the New-VM tests, made with the real tools.

- `make_iso()`: a small ISO 9660 image with chosen volume/system/publisher/application
  ids (xorriso, as `mkisofs` would be called), for OS detection.
- `guest_iso()`: the tiny test guest's kernel and initramfs wrapped by grub-mkrescue in a
  BIOS-bootable hybrid ISO (packages grub-pc-bin xorriso mtools), cached like the guest.
  Being hybrid, the same bytes also boot as a hard disk: `qemu-img convert` turns it
  into a bootable qcow2/VMDK for the import tests.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from tests.guest.build import GuestImage, cache_dir
from tests.guest.domain import guest_cmdline

# A real Debian netinst volume id (osinfo-db: "Debian 11.\d+.\d+ amd64 n"): the wizard
# detects Debian 11 from the tiny guest's ISO, as it would from the real one.
GUEST_VOLUME_ID = "Debian 11.5.0 amd64 n"

GRUB_CFG = """set timeout=0
set default=0
menuentry "hvdesk tiny guest" {{
  linux /boot/vmlinuz {cmdline}
  initrd /boot/initrd.gz
}}
"""


def tools_missing(*tools: str) -> list[str]:
    return [t for t in tools if shutil.which(t) is None]


def make_iso(
    path: Path,
    volume_id: str,
    *,
    system_id: str = "LINUX",
    publisher: str = "",
    application: str = "",
) -> Path:
    """An ISO with one small file and exactly these descriptor fields."""
    with tempfile.TemporaryDirectory(prefix="hvd-iso-") as tmp:
        (Path(tmp) / "README.TXT").write_text("hvdesk test medium\n")
        args = ["xorriso", "-as", "mkisofs", "-quiet", "-V", volume_id, "-sysid", system_id]
        if publisher:
            args += ["-publisher", publisher]
        if application:
            args += ["-A", application]
        subprocess.run([*args, "-o", str(path), tmp], check=True, capture_output=True)
    return path


def guest_iso(image: GuestImage, mode: str = "normal") -> Path:
    """The tiny guest as a grub-mkrescue ISO (BIOS boot), built once and cached."""
    cmdline = guest_cmdline(mode)
    grub_cfg = GRUB_CFG.format(cmdline=cmdline)
    digest = hashlib.sha256(
        image.kernel.read_bytes()
        + image.initrd.read_bytes()
        + grub_cfg.encode()
        + GUEST_VOLUME_ID.encode()
    ).hexdigest()[:12]
    out = cache_dir() / "iso" / f"tiny-{digest}.iso"
    if out.exists():
        return out
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="hvd-grub-") as tmp:
        tree = Path(tmp) / "tree"
        (tree / "boot" / "grub").mkdir(parents=True)
        shutil.copyfile(image.kernel, tree / "boot" / "vmlinuz")
        shutil.copyfile(image.initrd, tree / "boot" / "initrd.gz")
        (tree / "boot" / "grub" / "grub.cfg").write_text(grub_cfg)
        partial = Path(tmp) / "tiny.iso"
        proc = subprocess.run(
            ["grub-mkrescue", "-o", str(partial), str(tree), "--", "-volid", GUEST_VOLUME_ID],
            capture_output=True,
            text=True,
        )
        if proc.returncode != 0:
            raise RuntimeError(f"grub-mkrescue failed:\n{proc.stderr}")
        tmp_out = out.with_suffix(f".tmp{os.getpid()}")
        shutil.copyfile(partial, tmp_out)
        tmp_out.replace(out)
    return out


def convert(source: Path, target: Path, fmt: str) -> Path:
    subprocess.run(
        ["qemu-img", "convert", "-q", "-O", fmt, str(source), str(target)],
        check=True,
        capture_output=True,
    )
    return target
