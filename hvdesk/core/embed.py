"""The embedded QEMU driver: `qemu:///embed?root=DIR`, libvirt inside this process.

The driver reads DIR/etc/qemu.conf; hvdesk writes it so that a fresh machine works
without virtlogd and without a separate `libvirt-qemu` user.
"""

from __future__ import annotations

import grp
import os
import pwd
from pathlib import Path
from urllib.parse import quote

from hvdesk.core import libvirt_uri

MANAGED_MARKER = "# Written by hvdesk."


def default_root() -> Path:
    data_home = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(data_home) / "hvdesk" / "libvirt"


def embed_uri(root: Path | None = None) -> str:
    root = root or default_root()
    # The path's bytes, so a name that is not UTF-8 comes back as it was (root_from_uri).
    return "qemu:///embed?root=" + quote(os.fsencode(root), safe="/")


def qemu_conf_text() -> str:
    # QEMU runs as the user of this process: as root the driver would otherwise switch
    # to `libvirt-qemu`, which cannot read the user's files.
    user = pwd.getpwuid(os.getuid()).pw_name
    group = grp.getgrgid(os.getgid()).gr_name
    return "\n".join(
        [
            MANAGED_MARKER + " Edit freely: hvdesk leaves a file without this line alone.",
            # No virtlogd daemon: QEMU's stdout/stderr go straight to a file.
            'stdio_handler = "file"',
            f'user = "{user}"',
            f'group = "{group}"',
            # No ownership-tracking xattrs: shared read-only files (a kernel, an ISO) used
            # by guests of several roots would otherwise confuse each root's counts.
            "remember_owner = 0",
            "",
        ]
    )


def prepare_root(root: Path) -> None:
    """Create the root and its qemu.conf (unless the user wrote their own: a file
    without the marker line). Compared as bytes: a file of ours someone saved in
    another encoding is rewritten like any other edit, not a UnicodeDecodeError."""
    etc = root / "etc"
    etc.mkdir(parents=True, exist_ok=True, mode=0o700)
    conf = etc / "qemu.conf"
    wanted = qemu_conf_text().encode()
    if conf.exists():
        present = conf.read_bytes()
        if MANAGED_MARKER.encode() not in present or present == wanted:
            return
    tmp = conf.with_suffix(".tmp")
    tmp.write_bytes(wanted)
    tmp.replace(conf)


def root_from_uri(uri: str) -> Path | None:
    """The root a `qemu:///embed?root=DIR` URI names, read as libvirt reads it (its first
    `root`, decoded once); None for any other URI, or one without a root."""
    try:
        parsed = libvirt_uri.parse(uri)
    except ValueError:
        return None
    if parsed.scheme != "qemu" or parsed.path != "/embed":
        return None
    root = parsed.first("root")
    return Path(root) if root else None
