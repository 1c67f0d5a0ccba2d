"""A window per running VM for its console.

The embedded VNC viewer is still to come; until then the window shows the VM's
state and where its display listens.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from hvdesk.core.vm import VirtualMachine


class ConsoleWindow(QWidget):
    def __init__(self, vm: VirtualMachine, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.vm = vm
        self.setObjectName("consoleWindow")
        self.setWindowTitle(f"{vm.name} — Console")
        self.resize(800, 600)
        self.setStyleSheet("QWidget#consoleWindow { background: #1e1f22; }")
        self.status = QLabel()
        self.status.setTextFormat(Qt.TextFormat.RichText)
        self.status.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.status.setWordWrap(True)
        self.status.setStyleSheet("color: #e8e8e8; font-size: 15px;")
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        vm.connection.vmChanged.connect(self._vm_changed)
        self.refresh()

    def _vm_changed(self, vm: VirtualMachine) -> None:
        if vm is self.vm:
            self.refresh()

    def refresh(self) -> None:
        vm = self.vm
        self.setWindowTitle(f"{vm.name} — Console")
        displays = ", ".join(f"{d.kind.upper()} on {d.where}" for d in vm.config.displays)
        self.status.setText(
            f"<p style='font-size:20px'><b>{escape(vm.name)}</b> is "
            f"{escape(vm.state.value.lower())}.</p>"
            "<p>The built-in screen viewer is not part of this version yet.</p>"
            f"<p>Display: {escape(displays or 'none')}</p>"
        )
