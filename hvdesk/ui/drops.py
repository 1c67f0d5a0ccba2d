"""Files dropped on the manager window: an installer ISO or a disk image starts the wizard."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMimeData

# What the New-VM wizard takes: installer media, and the disk formats qemu-img reads.
VM_SOURCE_SUFFIXES = (".iso", ".img", ".qcow2", ".raw", ".vmdk", ".vdi", ".vhd", ".vhdx")


def vm_source_from(mime: QMimeData) -> Path | None:
    """The one local ISO or disk image in a drag, or None."""
    if not mime.hasUrls():
        return None
    urls = mime.urls()
    if len(urls) != 1 or not urls[0].isLocalFile():
        return None
    path = Path(urls[0].toLocalFile())
    return path if path.suffix.lower() in VM_SOURCE_SUFFIXES else None
