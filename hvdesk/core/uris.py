"""libvirt connection URIs: checking them before libvirt does, and naming them for people."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from hvdesk.core import libvirt_uri
from hvdesk.core.embed import root_from_uri
from hvdesk.core.errors import HvdeskError
from hvdesk.i18n import fill, translate

_SCHEME = re.compile(r"^[a-z][a-z0-9]*(\+[a-z0-9]+)?$")
EXAMPLES = "qemu:///system, qemu:///session, qemu+ssh://user@host/system or test:///default"


def validate_uri(uri: str) -> str:
    """Return the URI stripped, or raise HvdeskError saying what is wrong with it."""
    text = uri.strip()
    if not text:
        raise HvdeskError(
            translate("Uris", "The connection address is empty"),
            hint=fill(translate("Uris", "Examples: %1"), EXAMPLES),
        )
    if any(ch.isspace() for ch in text):
        raise HvdeskError(
            fill(translate("Uris", "'%1' is not a libvirt URI"), text),
            translate("Uris", "It contains spaces"),
            fill(translate("Uris", "Examples: %1"), EXAMPLES),
        )
    try:
        parts = libvirt_uri.parse(text)  # raises ValueError on a bad port
    except ValueError as exc:
        raise HvdeskError(
            fill(translate("Uris", "'%1' is not a libvirt URI"), text),
            str(exc),
            fill(translate("Uris", "Examples: %1"), EXAMPLES),
        ) from None
    if "://" not in text or not _SCHEME.match(parts.scheme):
        raise HvdeskError(
            fill(translate("Uris", "'%1' is not a libvirt URI"), text),
            translate("Uris", "A URI starts with a driver name such as qemu:// or qemu+ssh://"),
            fill(translate("Uris", "Examples: %1"), EXAMPLES),
        )
    if parts.scheme.startswith("qemu") and parts.path not in ("/system", "/session", "/embed"):
        raise HvdeskError(
            fill(translate("Uris", "'%1' names no QEMU connection"), text),
            translate("Uris", "QEMU URIs end in /system, /session or /embed?root=DIR"),
            fill(translate("Uris", "Examples: %1"), EXAMPLES),
        )
    if parts.path == "/embed" and root_from_uri(text) is None:
        raise HvdeskError(
            fill(translate("Uris", "'%1' has no root"), text),
            hint=translate("Hints", "Write it as qemu:///embed?root=/a/dir"),
        )
    return text


def is_local(uri: str) -> bool:
    """True when the hypervisor runs on this machine (its files are our files)."""
    parts = urlsplit(uri)
    transport = parts.scheme.partition("+")[2]
    return transport in ("", "unix") and not parts.hostname


def is_remote(uri: str) -> bool:
    return not is_local(uri)


def display_name(uri: str) -> str:
    parts = libvirt_uri.parse(uri)
    if root_from_uri(uri) is not None:
        return "QEMU (embedded)"
    driver = parts.scheme.split("+", 1)[0]
    kind = {"qemu": "QEMU", "test": "Test", "lxc": "LXC", "xen": "Xen"}.get(driver, driver)
    if parts.host:
        user = f"{parts.user}@" if parts.user else ""
        where = f"{user}{parts.host}"
        return f"{kind} on {where}" + (" (session)" if parts.path == "/session" else "")
    if driver == "test":
        return f"Test driver ({parts.path.rsplit('/', 1)[-1] or 'default'})"
    return f"{kind} ({parts.path.strip('/') or 'default'})"
