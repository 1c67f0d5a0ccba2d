"""Machine → Create Launcher…: where to put a VM's launcher (menu, and the Desktop)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from hvdesk.core.launchers import Launchers, spec_for
from hvdesk.core.vm import VirtualMachine
from hvdesk.i18n import fill


class CreateLauncherDialog(QDialog):
    def __init__(self, vm: VirtualMachine, launchers: Launchers, parent: QWidget | None = None):
        super().__init__(parent)
        self.vm = vm
        self.launchers = launchers
        self.setWindowTitle(self.tr("Create Launcher"))
        text = QLabel(
            fill(
                self.tr(
                    "A launcher starts “%1” and opens its console with one click, from the "
                    "applications menu."
                ),
                vm.name,
            )
        )
        text.setWordWrap(True)
        self.on_desktop = QCheckBox(self.tr("Also put it on the &Desktop"))
        self.on_desktop.setAccessibleName(self.tr("Also put the launcher on the Desktop"))
        self.on_desktop.setToolTip(str(launchers.desktop))
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("C&reate"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addWidget(self.on_desktop)
        layout.addWidget(buttons)
        self.resize(420, self.sizeHint().height())

    def write_launchers(self) -> list[str]:
        """Write the launcher(s); raises HvdeskError with a sentence on failure."""
        paths = self.launchers.create(spec_for(self.vm), self.on_desktop.isChecked())
        return [str(p) for p in paths]
