"""The New-VM wizard (VirtualBox style): Source, Operating system, Resources, Summary.

Entry point for the main window, drag-and-drop of an ISO and `hvdesk --new [PATH]`:

    wizard = open_new_vm_wizard(window, connection, iso=path, on_created=callback)

The wizard is window-modal, shown with open() (never exec(): a nested event loop would
stall qasync); Create runs `hvdesk.core.newvm.create_vm` as an asyncio task. After a
successful creation `on_created(uuid)` is called once and the wizard closes;
`wizard.console_requested` says whether the user asked to start the VM and open its
console (the VM is then running).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget, QWizard

from hvdesk.core.connection import Connection
from hvdesk.ui.new_vm_wizard.wizard import NewVmWizard, PageId

__all__ = ["NewVmWizard", "PageId", "open_new_vm_wizard"]


def open_new_vm_wizard(
    parent: QWidget,
    connection: Connection,
    *,
    iso: Path | None = None,
    on_created: Callable[[str], None] | None = None,
) -> QWizard:
    """Show the wizard for `connection` (pre-filled with `iso`); it deletes itself on close."""
    wizard = NewVmWizard(connection, parent, iso=iso, on_created=on_created)
    wizard.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    wizard.open()
    return wizard
