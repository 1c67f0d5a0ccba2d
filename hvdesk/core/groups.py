"""VM groups, kept in the domain's <metadata> under hvdesk's own namespace.

    <metadata>
      <hvdesk:vm xmlns:hvdesk="https://hvdesk.example/xmlns/hvdesk/1">
        <hvdesk:group>Web servers</hvdesk:group>
      </hvdesk:vm>
    </metadata>

Written with setMetadata(VIR_DOMAIN_METADATA_ELEMENT, …, NAMESPACE), which replaces only
this namespace's element: other tools' metadata (libosinfo, virt-manager, …) is untouched,
and elements of ours hvdesk does not know yet survive a change of group.
"""

from __future__ import annotations

import contextlib
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from typing import TYPE_CHECKING

import libvirt
from PySide6.QtCore import QCoreApplication

from hvdesk.core.errors import from_libvirt
from hvdesk.i18n import fill, translate

if TYPE_CHECKING:
    from hvdesk.core.vm import DomainSnapshot, VirtualMachine

NAMESPACE = "https://hvdesk.example/xmlns/hvdesk/1"
PREFIX = "hvdesk"
MAX_GROUP = 60


def group_from_domain(root: ET.Element) -> str:
    """The group named in a parsed domain XML, or ""."""
    return (root.findtext(f"metadata/{{{NAMESPACE}}}vm/{{{NAMESPACE}}}group") or "").strip()


def group_problem(group: str) -> str:
    """Why `group` cannot name a group ("" is fine: no group)."""
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in group):
        return QCoreApplication.translate(
            "groups", "A group name cannot contain tabs or line breaks."
        )
    if len(group.strip()) > MAX_GROUP:
        return QCoreApplication.translate(
            "groups", "A group name can have at most {n} characters."
        ).format(n=MAX_GROUP)
    return ""


def known_groups(vms: Iterable[VirtualMachine]) -> list[str]:
    return sorted({vm.config.group for vm in vms if vm.config.group}, key=str.lower)


def _element_with_group(existing: str | None, group: str) -> ET.Element | None:
    """Our element with `group` set (other children kept); None when it ends up empty."""
    root = ET.Element("vm")
    if existing:
        with contextlib.suppress(ET.ParseError):
            parsed = ET.fromstring(existing)
            # libvirt hands the element back without its namespace: plain names.
            root = parsed if parsed.tag.rpartition("}")[2] == "vm" else root
    for old in [c for c in root if c.tag.rpartition("}")[2] == "group"]:
        root.remove(old)
    if group:
        el = ET.Element("group")
        el.text = group
        root.insert(0, el)
    return root if len(root) or root.attrib else None


def _affect_flags(dom: libvirt.virDomain) -> int:
    flags = 0
    if dom.isPersistent():
        flags |= libvirt.VIR_DOMAIN_AFFECT_CONFIG
    if dom.isActive():
        flags |= libvirt.VIR_DOMAIN_AFFECT_LIVE  # the live XML is what the list reads
    return flags


def write_group(dom: libvirt.virDomain, group: str) -> None:
    """Worker thread: set (or with "" remove) the domain's group."""
    group = group.strip()
    flags = _affect_flags(dom)
    read = flags & ~libvirt.VIR_DOMAIN_AFFECT_LIVE or libvirt.VIR_DOMAIN_AFFECT_LIVE
    try:
        existing = dom.metadata(libvirt.VIR_DOMAIN_METADATA_ELEMENT, NAMESPACE, read)
    except libvirt.libvirtError as exc:
        if exc.get_error_code() != libvirt.VIR_ERR_NO_DOMAIN_METADATA:
            raise
        existing = None
    element = _element_with_group(existing, group)
    if element is None:
        if existing is not None:
            dom.setMetadata(libvirt.VIR_DOMAIN_METADATA_ELEMENT, None, None, NAMESPACE, flags)
        return
    xml = ET.tostring(element, encoding="unicode")
    dom.setMetadata(libvirt.VIR_DOMAIN_METADATA_ELEMENT, xml, PREFIX, NAMESPACE, flags)


async def set_group(vm: VirtualMachine, group: str) -> None:
    def write_and_read(dom: libvirt.virDomain) -> DomainSnapshot:
        write_group(dom, group)
        return vm.connection.snapshots.read(dom)

    try:
        snapshot = await vm.connection.call_domain(vm.uuid, write_and_read)
    except Exception as exc:
        vm.connection.refresh_vm(vm.uuid)
        raise from_libvirt(
            fill(translate("groups", "Could not move '%1' to the group '%2'"), vm.name, group), exc
        ) from exc
    vm.connection.apply_snapshot(vm.uuid, snapshot)
