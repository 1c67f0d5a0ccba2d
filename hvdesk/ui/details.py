"""The details pane: a VirtualBox-style summary of the selected VM or host."""

from __future__ import annotations

from html import escape

from PySide6.QtWidgets import QTextBrowser, QWidget

from hvdesk.core import preferences
from hvdesk.core.accel import describe_domain_type, domain_type_for
from hvdesk.core.connection import Connection
from hvdesk.core.domain_info import Disk
from hvdesk.core.vm import VirtualMachine
from hvdesk.i18n import QT_TRANSLATE_NOOP, fill, translate
from hvdesk.ui.vm_tree_model import format_mib


def format_bytes(size: int) -> str:
    value = float(size)
    for unit in ("bytes", "KiB", "MiB", "GiB", "TiB"):
        if value < 1024 or unit == "TiB":
            return f"{value:.0f} {unit}" if unit == "bytes" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{size} bytes"


def _section(title: str, rows: list[tuple[str, str]]) -> str:
    body = "".join(
        f"<tr><td class='k' width='130'>{escape(k)}</td><td>{v}</td></tr>" for k, v in rows
    )
    return f"<h3>{escape(title)}</h3><table>{body}</table>"


_DEVICE_NAMES = {
    "cdrom": QT_TRANSLATE_NOOP("Details", "CD/DVD"),
    "floppy": QT_TRANSLATE_NOOP("Details", "Floppy"),
}


def _disk_line(disk: Disk, sizes: dict[str, tuple[int, int]] | None) -> str:
    where = (
        escape(disk.source) if disk.source else f"<i>{escape(translate('Details', 'empty'))}</i>"
    )
    text = f"{escape(disk.target)} ({escape(disk.bus or '?')}): {where}"
    if sizes is not None and disk.target in sizes:
        capacity, allocation = sizes[disk.target]
        text += " — " + escape(
            fill(
                translate("Details", "%1, %2 used"),
                format_bytes(capacity),
                format_bytes(allocation),
            )
        )
    elif sizes is None and disk.source and disk.device == "disk":
        text += " — " + escape(translate("Details", "measuring…"))
    return text


def vm_html(
    vm: VirtualMachine,
    sizes: dict[str, tuple[int, int]] | None,
    pending: tuple[str, ...] = (),
) -> str:
    c = vm.config
    state = escape(vm.state.label)
    general = [
        (translate("Details", "Name"), escape(vm.name)),
        (translate("Details", "State"), state),
        (
            translate("Details", "Operating system"),
            escape(c.os_name or translate("Details", "Not specified")),
        ),
    ]
    if c.group:
        general.append((translate("Details", "Group"), escape(c.group)))
    if c.title:
        general.append((translate("Details", "Title"), escape(c.title)))
    if c.description:
        general.append((translate("Details", "Description"), escape(c.description)))
    system = [
        (
            translate("Details", "Processors"),
            fill(
                translate("Details", "%1 vCPU")
                if c.vcpus == 1
                else translate("Details", "%1 vCPUs"),
                c.vcpus,
            ),
        ),
        (translate("Details", "Memory"), format_mib(c.memory_mib)),
        (translate("Details", "Firmware"), escape(translate("Firmware", c.firmware))),
        (
            translate("Details", "Machine"),
            escape(f"{c.arch} {c.machine}".strip() or translate("Details", "default")),
        ),
    ]
    if vm.state.is_active:
        system.append(
            (translate("Details", "Acceleration"), escape(describe_domain_type(c.domain_type)))
        )
    else:
        system.append(
            (
                translate("Details", "Acceleration"),
                escape(
                    fill(
                        translate("Details", "%1 when started"), describe_domain_type(c.domain_type)
                    )
                ),
            )
        )
    storage = [
        (
            translate("Details", _DEVICE_NAMES.get(d.device, QT_TRANSLATE_NOOP("Details", "Disk"))),
            _disk_line(d, sizes),
        )
        for d in c.disks
    ]
    storage = storage or [("", translate("Details", "No disks"))]
    network = [
        (
            translate("Details", "Adapter"),
            escape(
                fill(
                    translate("Details", "%1 NIC, %2, MAC %3"),
                    n.model or translate("Details", "default"),
                    n.kind + (f" ({n.source})" if n.source else ""),
                    n.mac or translate("Details", "automatic"),
                )
            ),
        )
        for n in c.nics
    ] or [("", translate("Details", "Not attached"))]
    display = [
        (
            translate("Details", "Remote display"),
            escape(fill(translate("Details", "%1 on %2"), d.kind.upper(), d.where)),
        )
        for d in c.displays
    ] or [("", translate("Details", "No display"))]
    sections = [
        _section(translate("Details", "General"), general),
        _section(translate("Details", "System"), system),
        _section(translate("Details", "Display"), display),
        _section(translate("Details", "Storage"), storage),
        _section(translate("Details", "Network"), network),
    ]
    if pending:  # saved settings the running VM takes at its next boot
        sections.insert(
            0,
            _section(
                translate("Details", "Pending changes"),
                [(translate("Details", "At next boot"), escape(", ".join(pending)))],
            ),
        )
    return _page("".join(sections))


_HOST_ACCEL = {
    True: QT_TRANSLATE_NOOP("Details", "KVM available (hardware-assisted)"),
    False: QT_TRANSLATE_NOOP("Details", "TCG only (software emulation, slower)"),
    None: QT_TRANSLATE_NOOP("Details", "checking…"),
}


def connection_html(conn: Connection) -> str:
    new_vm_type = domain_type_for(
        conn.host is not None and bool(conn.host.kvm), preferences.accel_preference(), conn.uri
    )
    rows = [
        (translate("Details", "Address"), escape(conn.uri)),
        (translate("Details", "Status"), escape(conn.status_text())),
    ]
    if conn.host is not None:
        host = conn.host
        rows += [
            (translate("Details", "Host name"), escape(host.hostname)),
            (translate("Details", "Processors"), str(host.cpus)),
            (translate("Details", "Memory"), format_mib(host.memory_mib)),
            (
                translate("Details", "Acceleration"),
                escape(translate("Details", _HOST_ACCEL[host.kvm])),
            ),
            (translate("Details", "New VMs use"), escape(describe_domain_type(new_vm_type))),
            (
                translate("Details", "Virtual machines"),
                fill(
                    translate("Details", "%1 (%2 running)"),
                    len(conn.vms),
                    sum(vm.state.is_active for vm in conn.vms.values()),
                ),
            ),
        ]
    return _page(_section(conn.name, rows))


def selection_html(vms: list[VirtualMachine]) -> str:
    running = sum(vm.state.is_active for vm in vms)
    vcpus = sum(vm.config.vcpus for vm in vms)
    memory = sum(vm.config.memory_mib for vm in vms)
    rows = [
        (
            translate("Details", "Selected"),
            fill(translate("Details", "%1 VMs, %2 running"), len(vms), running),
        ),
        (translate("Details", "vCPUs in total"), str(vcpus)),
        (translate("Details", "Memory in total"), format_mib(memory)),
    ]
    return _page(_section(translate("Details", "Selection"), rows))


def _page(body: str) -> str:
    return (
        "<style>h3{margin:10px 0 4px 0;} td{padding:1px 12px 1px 0;} "
        "td.k{color:#808080;} table{margin-left:8px;}</style>" + body
    )


class DetailsPane(QTextBrowser):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("detailsPane")
        self.setOpenLinks(False)
        self.setAccessibleName(self.tr("Details"))
        self.show_nothing()

    def show_nothing(self, has_vms: bool = True) -> None:
        if has_vms:
            text = self.tr("Select a virtual machine to see its details.")
        else:
            text = self.tr(
                "No virtual machines yet. Create one with <b>New</b> (Ctrl+N), or drop an "
                "installer ISO or a disk image on this window."
            )
        self.setHtml(_page(f"<p style='color:gray'>{text}</p>"))
