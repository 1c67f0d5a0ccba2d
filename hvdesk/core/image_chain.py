"""Disk images from outside: every file reading one would open, found before anything
reads it (DESIGN rule 9).

An image can name other files: a qcow2 its backing file and its data file, a VMDK
descriptor its extents and its parent. `qemu-img convert` and QEMU follow those names
without asking, so a downloaded qcow2 whose backing file is `../.ssh/id_rsa`, or a VMDK
descriptor with a `FLAT` extent on it, becomes a guest disk that starts with that file.

`inspect_image` is the one way hvdesk looks at an image it did not make (the wizard's
import, a file dropped on the window or opened from the file manager, Settings' "use an
existing image"). On this computer it walks the chain one layer at a time with
`qemu-img info --output=json` *without* `--backing-chain`: `--backing-chain` opens a
backing file's own backing file before hvdesk could look at its name (a layer two
levels down naming `nbd://…` made it connect there). Each name is checked before
qemu-img may open it:

- a name QEMU would take for a protocol or driver options (`nbd:`, `http:`, `json:{…}`)
  is refused outright: it is network access or an arbitrary file;
- a referenced file that is not a regular file (a pipe, a device, a folder) is refused:
  opening one can block or act;
- a qcow2 data file named by a relative path is refused: QEMU resolves it against its
  working directory, not the image's folder, so no list could say which file it is;
- a VMDK's extents are opened by `qemu-img info` itself, so the descriptor is read here
  first (`_descriptor_extents`), and qemu-img's own list must not name more.

What remains is the chain (`ImageChain`): its layers and every other file it reads. The
user sees that list and must accept exactly it (`references_problem`); callers inspect
again right before `convert` or a define and refuse when anything differs.

On another computer the host's storage driver answers instead (`storageVolLookupByPath`:
its format and backing chain); an image outside a storage pool there is refused, since
nothing could tell its format.
"""

from __future__ import annotations

import json
import os
import re
import stat
import struct
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import libvirt

from hvdesk.core import storage
from hvdesk.core.errors import HvdeskError, from_libvirt
from hvdesk.core.uris import is_local
from hvdesk.i18n import QT_TRANSLATE_NOOP, TranslatedEnum, fill, translate

if TYPE_CHECKING:
    from hvdesk.core.connection import Connection

MAX_LAYERS = 16
MAX_REFERENCES = 256
INFO_TIMEOUT = 30.0  # seconds for one qemu-img info
INFO_OUTPUT_LIMIT = 1024**2
# QEMU reads a VMDK descriptor up to 1 MiB - 1 and stops at the first NUL.
DESCRIPTOR_LIMIT = 1024**2 - 1
# The formats a layer below the top may have: image formats, never protocol drivers.
LAYER_FORMATS = frozenset(storage.IMPORT_FORMATS) | {"qed", "qcow"}

_VMDK4_MAGIC = b"KDMV"
# An extent line of a VMDK descriptor, read more loosely than QEMU does: QEMU's own
# list (from qemu-img) must be a subset of what is found here.
_EXTENT_LINE = re.compile(r'^\s*RW\s[^"\n]*"([^"\r\n]*)"')


class RefKind(TranslatedEnum):
    BACKING = QT_TRANSLATE_NOOP("RefKind", "backing file")
    DATA_FILE = QT_TRANSLATE_NOOP("RefKind", "data file")
    EXTENT = QT_TRANSLATE_NOOP("RefKind", "extent")


@dataclass(frozen=True)
class Layer:
    path: str
    format: str  # qemu-img's name: qcow2, raw, vmdk…
    virtual_size: int  # bytes the guest sees
    # Bytes used on the host: it grows while a VM writes, so it is no part of identity.
    actual_size: int = field(default=0, compare=False)

    @property
    def format_name(self) -> str:
        return storage.IMPORT_FORMATS.get(self.format, self.format)


@dataclass(frozen=True)
class Reference:
    """A file other than the image itself that reading the image opens."""

    path: str  # absolute, symbolic links resolved: the file QEMU will read
    kind: RefKind
    named_by: str  # the layer whose metadata names it


@dataclass(frozen=True)
class ImageChain:
    """An image as QEMU would read it: its layers (the image first, then each backing
    file) and every other file those layers name (backing files, data files, extents)."""

    layers: tuple[Layer, ...]
    references: tuple[Reference, ...] = ()
    real_path: str = ""  # the image itself, symbolic links resolved ("" when unknown)

    @property
    def top(self) -> Layer:
        return self.layers[0]

    @property
    def path(self) -> str:
        return self.top.path

    @property
    def format(self) -> str:
        return self.top.format

    @property
    def format_name(self) -> str:
        return self.top.format_name

    @property
    def virtual_size(self) -> int:
        return self.top.virtual_size

    @property
    def actual_size(self) -> int:
        """Bytes the chain uses on the host (an upper bound for a converted copy)."""
        return sum(layer.actual_size for layer in self.layers)

    @property
    def files(self) -> tuple[str, ...]:
        """The other files, each once, in the order they were found: the list a user
        accepts."""
        return tuple(dict.fromkeys(ref.path for ref in self.references))


class ImageRefused(HvdeskError):
    """An image hvdesk will not read, whatever the user accepts."""


# ---- rules ----------------------------------------------------------------------------


def has_protocol(name: str) -> bool:
    """Whether QEMU takes `name` for a protocol (`nbd:`, `json:`…): a ':' before any '/'."""
    stop = re.search(r"[:/]", name)
    return stop is not None and stop.group() == ":"


def references_problem(chain: ImageChain, accepted: Iterable[str]) -> str:
    """A sentence when `chain` reads files the user did not accept exactly; else ""."""
    files = chain.files
    if not files or tuple(accepted) == files:
        return ""
    return fill(
        translate(
            "ImageChain",
            "%1 also reads other files: %2. hvdesk reads no file you were not shown: tick "
            "“Also read these files” only if you trust them, or choose another image.",
        ),
        chain.path,
        ", ".join(files),
    )


def changed_problem(accepted: ImageChain, now: ImageChain) -> str:
    """A sentence when the image changed since the user saw it; else ""."""
    if accepted == now:
        return ""
    return fill(
        translate(
            "ImageChain",
            "%1 changed since you chose it (it now reads: %2): choose it again to see what "
            "it holds now.",
        ),
        now.path,
        ", ".join(now.files) or translate("ImageChain", "no other file"),
    )


def describe(chain: ImageChain) -> list[str]:
    """One line per other file, for the wizard and the Settings dialog."""
    layers = {layer.path: layer for layer in chain.layers[1:]}
    lines = []
    for ref in chain.references:
        named_by = os.path.basename(ref.named_by)
        layer = layers.get(ref.path)
        if layer is not None:
            lines.append(
                fill(
                    translate("ImageChain", "%1 of %2: %3 (%4, the guest sees %5)"),
                    ref.kind.label.capitalize(),
                    named_by,
                    ref.path,
                    layer.format_name,
                    size_text(layer.virtual_size),
                )
            )
        else:
            lines.append(
                fill(
                    translate("ImageChain", "%1 of %2: %3"),
                    ref.kind.label.capitalize(),
                    named_by,
                    ref.path,
                )
            )
    return lines


def size_text(n: int) -> str:
    for unit, factor in (("GiB", 1024**3), ("MiB", 1024**2), ("KiB", 1024)):
        if n >= factor:
            return f"{n / factor:,.1f} {unit}"
    return fill(translate("ImageChain", "%1 bytes"), n)


def _refused(image: str, reason: str) -> ImageRefused:
    return ImageRefused(
        fill(translate("ImageChain", "hvdesk will not use %1"), image),
        reason,
        translate(
            "ImageChain",
            "Choose another image, or make a self-contained copy yourself if you know "
            "where it came from",
        ),
    )


# ---- this computer: qemu-img, one layer at a time ---------------------------------------


async def inspect_image(path: str, connection: Connection | None = None) -> ImageChain:
    """The chain of the image at `path`: through qemu-img on this computer, or the
    host's storage pools on another one (`connection` remote). The image's format is
    detected here, once; every layer below is read in the format its parent gives.
    ImageRefused for an image no acceptance can make safe, HvdeskError when it cannot
    be read."""
    if connection is not None and not is_local(connection.uri):
        return await _inspect_volume(connection, path)
    return await _inspect_local(os.path.abspath(path), "")


async def disk_chain(path: str, fmt: str) -> ImageChain:
    """The chain of an existing VM's disk on this computer, read in the format its
    domain XML gives (never probed), by the same rules as an image from outside."""
    return await _inspect_local(os.path.abspath(path), fmt)


async def _inspect_local(top: str, fmt: str) -> ImageChain:
    real = await storage.in_thread(_check_top, top)
    layers: list[Layer] = []
    references: list[Reference] = []
    seen = {real}
    current = top
    while True:
        if len(layers) == MAX_LAYERS:
            raise _refused(
                top,
                fill(translate("ImageChain", "Its chain has more than %1 layers"), MAX_LAYERS),
            )
        layer, named, backing = await _inspect_layer(top, current, fmt)
        layers.append(layer)
        references.extend(named)
        if len(references) > MAX_REFERENCES:
            raise _refused(
                top,
                fill(translate("ImageChain", "It names more than %1 other files"), MAX_REFERENCES),
            )
        if backing is None:
            return ImageChain(tuple(layers), tuple(references), real)
        ref, fmt = backing
        if ref.path in seen:
            raise _refused(
                top,
                fill(
                    translate("ImageChain", "Its chain loops: %1 is named twice"),
                    ref.path,
                ),
            )
        seen.add(ref.path)
        references.append(ref)
        current = ref.path


def _check_top(path: str) -> str:
    """Worker thread: the image itself must be a file or a block device; its real path."""
    try:
        mode = os.stat(path).st_mode
    except OSError as exc:
        raise HvdeskError(
            fill(translate("ImageChain", "Could not read %1"), path), exc.strerror or str(exc)
        ) from exc
    if not (stat.S_ISREG(mode) or stat.S_ISBLK(mode)):
        raise _refused(
            path, translate("ImageChain", "It is not a file (a pipe, a device or a folder)")
        )
    return os.path.realpath(path)


async def _inspect_layer(
    top: str, path: str, fmt: str
) -> tuple[Layer, list[Reference], tuple[Reference, str] | None]:
    """One layer: itself, the data file and extents it names, and its backing file
    (with the format to read it in, "" when the image does not say)."""
    gate = await storage.in_thread(_descriptor_extents, top, path)
    args = ["info", "--output=json", "--force-share"]
    if fmt:
        args += ["-f", fmt]
    out = await storage.run_qemu_img(*args, path, timeout=INFO_TIMEOUT)
    if len(out) > INFO_OUTPUT_LIMIT:
        raise _refused(top, translate("ImageChain", "qemu-img's description of it is too long"))
    data = await storage.in_thread(_parse_info, path, out)  # up to 1 MiB of JSON
    layer = Layer(
        path=path,
        format=str(data["format"]),
        virtual_size=int(data["virtual-size"]),
        actual_size=int(data.get("actual-size", 0)),
    )
    if path != top and layer.format not in LAYER_FORMATS:
        raise _refused(
            top,
            fill(
                translate("ImageChain", "%1 is a %2 image, which hvdesk does not read"),
                path,
                layer.format,
            ),
        )
    details = data.get("format-specific", {}).get("data", {})
    named = [
        *await storage.in_thread(_extents, top, path, details, gate),
        *await storage.in_thread(_data_file, top, path, details),
    ]
    backing = await storage.in_thread(_backing, top, path, data)
    return layer, named, backing


def _parse_info(path: str, out: bytes) -> dict[str, Any]:
    try:
        data = json.loads(out)
        if not isinstance(data, dict):
            raise TypeError("not a JSON object")
        int(data["virtual-size"])
        str(data["format"])
    except (ValueError, KeyError, TypeError) as exc:
        raise HvdeskError(
            fill(translate("ImageChain", "Could not read the format of %1"), path), str(exc)
        ) from exc
    return data


def _vetted(top: str, named_by: str, name: str, resolved: str, kind: RefKind) -> Reference:
    """Worker thread: a reference QEMU may open once the user accepts it, or
    ImageRefused."""
    if has_protocol(name):
        raise _refused(
            top,
            fill(
                translate(
                    "ImageChain",
                    "%1 names '%2' as its %3: QEMU would open that as a network address or "
                    "driver options, not as a file",
                ),
                named_by,
                name,
                kind.label,
            ),
        )
    try:
        mode = os.stat(resolved).st_mode
    except OSError as exc:
        raise _refused(
            top,
            fill(
                translate("ImageChain", "%1 names %2 as its %3, which cannot be read (%4)"),
                named_by,
                resolved,
                kind.label,
                exc.strerror or str(exc),
            ),
        ) from exc
    if not stat.S_ISREG(mode):
        raise _refused(
            top,
            fill(
                translate(
                    "ImageChain",
                    "%1 names %2 as its %3, which is not a regular file (a pipe, a device or "
                    "a folder)",
                ),
                named_by,
                os.path.realpath(resolved),
                kind.label,
            ),
        )
    return Reference(os.path.realpath(resolved), kind, named_by)


def _relative_to(image: str, name: str) -> str:
    """Where QEMU looks for `name` given in `image` (its path_combine): an absolute name
    as it is, any other in the image's folder."""
    if name.startswith("/"):
        return name
    return os.path.join(os.path.dirname(image), name)


def _descriptor_text(path: str) -> bytes:
    """Worker thread: where a VMDK descriptor would be in `path`, up to its first NUL."""
    with open(path, "rb") as image:
        head = image.read(DESCRIPTOR_LIMIT)
        text = head
        if head[:4] == _VMDK4_MAGIC and len(head) >= 44:
            capacity, _grain, desc_offset = struct.unpack_from("<QQQ", head, 12)
            text = b""
            if capacity == 0 and desc_offset:
                image.seek(desc_offset * 512)
                text = image.read(DESCRIPTOR_LIMIT)
    return text.split(b"\0", 1)[0]


def _descriptor_extents(top: str, path: str) -> list[str]:
    """Worker thread: the files a VMDK descriptor in `path` names, read before qemu-img
    opens them: a text descriptor, or the one inside a sparse VMDK whose header says it
    has no data of its own. Names that exist but are not regular files are refused."""
    try:
        text = _descriptor_text(path)
    except OSError as exc:
        raise HvdeskError(
            fill(translate("ImageChain", "Could not read %1"), path), exc.strerror or str(exc)
        ) from exc
    found = []
    for line in text.decode("latin-1").split("\n"):
        match = _EXTENT_LINE.match(line)
        if match is None:
            continue
        resolved = _relative_to(path, match.group(1))
        try:
            mode = os.stat(resolved).st_mode
        except OSError:
            continue  # nothing there to open: qemu-img fails on it by itself
        if not stat.S_ISREG(mode):
            raise _refused(
                top,
                fill(
                    translate(
                        "ImageChain",
                        "%1 names %2 as its %3, which is not a regular file (a pipe, a device "
                        "or a folder)",
                    ),
                    path,
                    os.path.realpath(resolved),
                    RefKind.EXTENT.label,
                ),
            )
        found.append(os.path.realpath(resolved))
    return found


def _extents(top: str, path: str, details: dict[str, Any], gate: list[str]) -> list[Reference]:
    """Worker thread: the extents qemu-img reports, other than the image itself; each
    must be one the descriptor named (else QEMU read it differently from hvdesk)."""
    refs = []
    own = os.path.realpath(path)
    for extent in details.get("extents", []) or []:
        name = str(extent.get("filename", "")) if isinstance(extent, dict) else ""
        resolved = os.path.realpath(_relative_to(path, name))
        if resolved == own:
            continue  # monolithicSparse, streamOptimized: the data is in the file itself
        if resolved not in gate:
            raise _refused(
                top,
                fill(
                    translate(
                        "ImageChain",
                        "QEMU reads %1 as an extent of %2, which hvdesk did not find in it",
                    ),
                    resolved,
                    path,
                ),
            )
        refs.append(_vetted(top, path, name, resolved, RefKind.EXTENT))
    return refs


def _data_file(top: str, path: str, details: dict[str, Any]) -> list[Reference]:
    """Worker thread: a qcow2 external data file."""
    name = details.get("data-file")
    if not name:
        return []
    name = str(name)
    if not has_protocol(name) and not name.startswith("/"):
        raise _refused(
            top,
            fill(
                translate(
                    "ImageChain",
                    "%1 names its data file by a relative path ('%2'), which QEMU looks for "
                    "in whatever folder it runs in",
                ),
                path,
                name,
            ),
        )
    return [_vetted(top, path, name, name, RefKind.DATA_FILE)]


def _backing(top: str, path: str, data: dict[str, Any]) -> tuple[Reference, str] | None:
    """Worker thread: the backing file and the format the image gives for it."""
    name = data.get("backing-filename")
    if not name:
        return None
    name = str(name)
    ref = _vetted(top, path, name, _relative_to(path, name), RefKind.BACKING)
    fmt = str(data.get("backing-filename-format", ""))
    if fmt and fmt not in LAYER_FORMATS:
        raise _refused(
            top,
            fill(
                translate("ImageChain", "%1 names %2 as its backing file in the %3 format"),
                path,
                ref.path,
                fmt,
            ),
        )
    return ref, fmt


# ---- another computer: the host's storage pools ------------------------------------------


async def _inspect_volume(connection: Connection, path: str) -> ImageChain:
    what = fill(translate("ImageChain", "Could not read %1 on %2"), path, connection.name)
    try:
        return await connection.call(lambda conn: volume_chain(conn, path))
    except ImageRefused:
        raise
    except Exception as exc:
        raise from_libvirt(what, exc) from exc


def volume_chain(conn: libvirt.virConnect, path: str) -> ImageChain:
    """Worker thread: the chain of the volume at `path` as the host's storage driver
    describes it (format, capacity, backing files); ImageRefused where the host has no
    volume there (nothing could tell its format)."""
    layers: list[Layer] = []
    references: list[Reference] = []
    current = path
    while current and len(layers) < MAX_LAYERS:
        try:
            volume = conn.storageVolLookupByPath(current)
        except libvirt.libvirtError as exc:
            if not layers:
                raise _refused(
                    path,
                    fill(
                        translate(
                            "ImageChain",
                            "On that host %1 is in no storage pool, so nothing can tell its "
                            "format; put it in a pool's folder and refresh the pool (%2)",
                        ),
                        path,
                        exc.get_error_message() or str(exc),
                    ),
                ) from exc
            return ImageChain(tuple(layers), tuple(references), path)
        root = ET.fromstring(volume.XMLDesc(0))
        fmt = root.find("target/format")
        if fmt is None or not fmt.get("type"):
            raise _refused(
                path,
                fill(translate("ImageChain", "The host does not say the format of %1"), current),
            )
        layers.append(
            Layer(
                current,
                str(fmt.get("type")),
                int(root.findtext("capacity", "0") or 0),
                int(root.findtext("allocation", "0") or 0),
            )
        )
        backing = root.findtext("backingStore/path", "").strip()
        if backing:
            if has_protocol(backing):
                raise _refused(
                    path,
                    fill(
                        translate(
                            "ImageChain",
                            "%1 names '%2' as its backing file: QEMU would open that as a "
                            "network address or driver options, not as a file",
                        ),
                        current,
                        backing,
                    ),
                )
            references.append(Reference(backing, RefKind.BACKING, current))
        current = backing
    return ImageChain(tuple(layers), tuple(references), path)
