"""What every Settings page is: load from a DomainXml, save back only what changed."""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFormLayout, QLabel, QVBoxLayout, QWidget

from hvdesk.core.domxml import DomainXml
from hvdesk.core.settings_apply import CurrentSettings, SettingsChange
from hvdesk.core.settings_host import SettingsHost
from hvdesk.core.vm import VirtualMachine


@dataclass
class PageContext:
    vm: VirtualMachine
    current: CurrentSettings
    host: SettingsHost
    sizes: dict[str, tuple[int, int]] = field(default_factory=dict)  # target -> capacity, used

    @property
    def running(self) -> bool:
        return self.current.running


class SettingsPage(QWidget):
    """A section of the dialog. `save` raises DomainXmlError for a value it cannot take;
    it calls a setter only where the user changed something, so an untouched page leaves
    the XML exactly as it was."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = title
        self.setAccessibleName(title)
        self.outer = QVBoxLayout(self)
        heading = QLabel(f"<b>{title}</b>")
        heading.setTextFormat(Qt.TextFormat.RichText)
        self.outer.addWidget(heading)

    def form(self) -> QFormLayout:
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.outer.addLayout(form)
        return form

    def note(self, text: str) -> QLabel:
        label = QLabel(text)
        label.setWordWrap(True)
        label.setStyleSheet("color: palette(placeholder-text);")
        return label

    def load(self, doc: DomainXml, ctx: PageContext) -> None:
        raise NotImplementedError

    def save(self, doc: DomainXml, change: SettingsChange) -> None:
        raise NotImplementedError

    async def verify(self) -> None:
        """Checks that must read files or ask libvirt, run right before the change is
        applied (off the GUI thread); HvdeskError stops it. Most pages have none."""
