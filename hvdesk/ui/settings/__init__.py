"""The VM Settings dialog (one module per section)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from hvdesk.core.vm import VirtualMachine
from hvdesk.ui.settings.dialog import SettingsDialog, describe_result

__all__ = ["SettingsDialog", "describe_result", "open_settings"]


def open_settings(vm: VirtualMachine, parent: QWidget | None = None) -> SettingsDialog:
    """Show the Settings dialog for vm (not exec(): the asyncio loop keeps running)."""
    dialog = SettingsDialog(vm, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
