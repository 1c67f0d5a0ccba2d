"""The details pane: a VirtualBox-style summary of the selected VM or host."""

from __future__ import annotations

from html import escape

from PySide6.QtWidgets import QTextBrowser, QWidget

from hvdesk.core import preferences
from hvdesk.core.accel import describe_domain_type, domain_type_for
from hvdesk.core.connection import Connection
from hvdesk.core.domain_info import Disk
from hvdesk.core.vm import VirtualMachine
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


_DEVICE_NAMES = {"cdrom": "CD/DVD", "floppy": "Floppy"}


def _disk_line(disk: Disk, sizes: dict[str, tuple[int, int]] | None) -> str:
    where = escape(disk.source) if disk.source else "<i>empty</i>"
    text = f"{escape(disk.target)} ({escape(disk.bus or '?')}): {where}"
    if sizes is not None and disk.target in sizes:
        capacity, allocation = sizes[disk.target]
        text += f" — {format_bytes(capacity)}, {format_bytes(allocation)} used"
    elif sizes is None and disk.source and disk.device == "disk":
        text += " — measuring…"
    return text


def vm_html(
    vm: VirtualMachine,
    sizes: dict[str, tuple[int, int]] | None,
    pending: tuple[str, ...] = (),
) -> str:
    c = vm.config
    state = escape(vm.state.value)
    general = [
        ("Name", escape(vm.name)),
        ("State", state),
        ("Operating system", escape(c.os_name or "Not specified")),
    ]
    if c.group:
        general.append(("Group", escape(c.group)))
    if c.title:
        general.append(("Title", escape(c.title)))
    if c.description:
        general.append(("Description", escape(c.description)))
    system = [
        ("Processors", f"{c.vcpus} vCPU" + ("s" if c.vcpus != 1 else "")),
        ("Memory", format_mib(c.memory_mib)),
        ("Firmware", escape(c.firmware)),
        ("Machine", escape(f"{c.arch} {c.machine}".strip() or "default")),
    ]
    if vm.state.is_active:
        system.append(("Acceleration", escape(describe_domain_type(c.domain_type))))
    else:
        system.append(
            ("Acceleration", escape(describe_domain_type(c.domain_type)) + " when started")
        )
    storage = [(_DEVICE_NAMES.get(d.device, "Disk"), _disk_line(d, sizes)) for d in c.disks]
    storage = storage or [("", "No disks")]
    network = [
        (
            "Adapter",
            escape(
                f"{n.model or 'default'} NIC, {n.kind}"
                + (f" ({n.source})" if n.source else "")
                + f", MAC {n.mac or 'automatic'}"
            ),
        )
        for n in c.nics
    ] or [("", "Not attached")]
    display = [
        ("Remote display", escape(f"{d.kind.upper()} on {d.where}")) for d in c.displays
    ] or [("", "No display")]
    sections = [
        _section("General", general),
        _section("System", system),
        _section("Display", display),
        _section("Storage", storage),
        _section("Network", network),
    ]
    if pending:  # saved settings the running VM takes at its next boot
        sections.insert(
            0, _section("Pending changes", [("At next boot", escape(", ".join(pending)))])
        )
    return _page("".join(sections))


_HOST_ACCEL = {
    True: "KVM available (hardware-assisted)",
    False: "TCG only (software emulation, slower)",
    None: "checking…",
}


def connection_html(conn: Connection) -> str:
    new_vm_type = domain_type_for(
        conn.host is not None and bool(conn.host.kvm), preferences.accel_preference()
    )
    rows = [("Address", escape(conn.uri)), ("Status", escape(conn.status_text()))]
    if conn.host is not None:
        host = conn.host
        rows += [
            ("Host name", escape(host.hostname)),
            ("Processors", str(host.cpus)),
            ("Memory", format_mib(host.memory_mib)),
            ("Acceleration", _HOST_ACCEL[host.kvm]),
            ("New VMs use", escape(describe_domain_type(new_vm_type))),
            (
                "Virtual machines",
                f"{len(conn.vms)} ({sum(vm.state.is_active for vm in conn.vms.values())} running)",
            ),
        ]
    return _page(_section(conn.name, rows))


def selection_html(vms: list[VirtualMachine]) -> str:
    running = sum(vm.state.is_active for vm in vms)
    vcpus = sum(vm.config.vcpus for vm in vms)
    memory = sum(vm.config.memory_mib for vm in vms)
    rows = [
        ("Selected", f"{len(vms)} VMs, {running} running"),
        ("vCPUs in total", str(vcpus)),
        ("Memory in total", format_mib(memory)),
    ]
    return _page(_section("Selection", rows))


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
        self.setAccessibleName("Details")
        self.show_nothing()

    def show_nothing(self, has_vms: bool = True) -> None:
        if has_vms:
            text = "Select a virtual machine to see its details."
        else:
            text = (
                "No virtual machines yet. Create one with <b>New</b> (Ctrl+N), or drop an "
                "installer ISO or a disk image on this window."
            )
        self.setHtml(_page(f"<p style='color:gray'>{text}</p>"))
