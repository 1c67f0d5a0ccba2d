"""Page 4, Summary: what will be made; Create shows progress here and can be cancelled."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QLabel, QProgressBar, QVBoxLayout, QWidget

from hvdesk.core.accel import describe_domain_type
from hvdesk.core.hostfacts import HostFacts
from hvdesk.core.newvm import ImportDisk, NewDisk, NewVmSpec
from hvdesk.i18n import fill, translate
from hvdesk.ui.new_vm_wizard.widgets import ERROR_STYLE, GroupPage


def summary_lines(spec: NewVmSpec, host: HostFacts | None) -> list[tuple[str, str]]:
    rows = [
        (translate("SummaryPage", "Name"), spec.name),
        (translate("SummaryPage", "Operating system"), spec.profile.display_name()),
    ]
    if spec.iso:
        rows.append((translate("SummaryPage", "Installation ISO"), spec.iso))
    if spec.kernel is not None:
        rows.append((translate("SummaryPage", "Kernel"), spec.kernel.kernel))
        if spec.kernel.initrd:
            rows.append((translate("SummaryPage", "Initrd"), spec.kernel.initrd))
        if spec.kernel.cmdline:
            rows.append((translate("SummaryPage", "Command line"), spec.kernel.cmdline))
    rows.append(
        (
            translate("SummaryPage", "Memory"),
            fill(translate("SummaryPage", "%1 MiB"), f"{spec.memory_mib:,}"),
        )
    )
    rows.append((translate("SummaryPage", "Virtual CPUs"), str(spec.vcpus)))
    rows.append((translate("SummaryPage", "Firmware"), translate("Firmware", spec.firmware.value)))
    disk = spec.disk
    if isinstance(disk, NewDisk):
        text = fill(
            translate("SummaryPage", "new %1 GiB qcow2 image %2"),
            f"{disk.size_gib:g}",
            spec.disk_path(),
        )
    elif isinstance(disk, ImportDisk) and disk.convert:
        text = fill(
            translate("SummaryPage", "a qcow2 copy of %1 at %2"), disk.path, spec.disk_path()
        )
    elif isinstance(disk, ImportDisk):
        text = fill(translate("SummaryPage", "%1, used where it is"), disk.path)
    else:
        text = translate("SummaryPage", "none")
    rows.append((translate("SummaryPage", "Disk"), text))
    devices = (
        translate("SummaryPage", "paravirtual (virtio)")
        if spec.uses_virtio
        else translate("SummaryPage", "emulated (SATA, Intel NIC)")
    )
    rows.append((translate("SummaryPage", "Devices"), devices))
    rows.append((translate("SummaryPage", "Network"), spec.network.describe()))
    if host is not None:
        rows.append(
            (translate("SummaryPage", "Acceleration"), describe_domain_type(host.domain_type))
        )
    return rows


class SummaryPage(GroupPage):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(
            translate("NewVmWizard", "Summary"),
            translate("NewVmWizard", "Check the settings, then press Create."),
            parent,
        )
        self.setObjectName("summaryPage")
        self.text = QLabel()
        self.text.setObjectName("summaryText")
        self.text.setTextFormat(Qt.TextFormat.RichText)  # every value is escaped
        self.text.setWordWrap(True)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.start = QCheckBox(self.tr("&Start the VM and open its console"))
        self.start.setObjectName("startVm")
        self.start.setChecked(True)
        self.rows: list[tuple[str, str]] = []
        self.progress = QProgressBar()
        self.progress.setObjectName("createProgress")
        self.progress.setRange(0, 1000)
        self.progress.hide()
        self.status = QLabel()
        self.status.setObjectName("createStatus")
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setWordWrap(True)
        self.status.hide()
        inner = QVBoxLayout()
        inner.addWidget(self.text)
        inner.addStretch(1)
        inner.addWidget(self.start)
        inner.addWidget(self.progress)
        inner.addWidget(self.status)
        self.box.addLayout(inner)

    def show_spec(self, spec: NewVmSpec, host: HostFacts | None) -> None:
        self.rows = summary_lines(spec, host)
        rows = "".join(
            f"<tr><td style='padding-right:12px'><b>{html.escape(k)}:</b></td>"
            f"<td>{html.escape(v)}</td></tr>"
            for k, v in self.rows
        )
        self.text.setText(f"<table>{rows}</table>")

    def plain_text(self) -> str:
        """What the summary says, as the user reads it (for tests and accessibility)."""
        return "\n".join(f"{k}: {v}" for k, v in self.rows)

    def show_progress(self, fraction: float | None, text: str) -> None:
        self.progress.show()
        if fraction is None:
            self.progress.setRange(0, 0)  # busy
        else:
            self.progress.setRange(0, 1000)
            self.progress.setValue(int(fraction * 1000))
        self.show_status(text)

    def show_status(self, text: str, error: bool = False) -> None:
        self.status.setStyleSheet(ERROR_STYLE if error else "")
        self.status.setText(text)
        self.status.setVisible(bool(text))

    def finished(self) -> None:
        self.progress.hide()
