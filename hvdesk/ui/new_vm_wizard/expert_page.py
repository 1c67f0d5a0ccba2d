"""Expert mode: source, operating system and resources on one scrollable page."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QGroupBox, QScrollArea, QVBoxLayout, QWidget

from hvdesk.i18n import QT_TRANSLATE_NOOP, translate
from hvdesk.ui.new_vm_wizard.widgets import FieldGroup, GroupPage

_TITLES = (
    QT_TRANSLATE_NOOP("NewVmWizard", "Source"),
    QT_TRANSLATE_NOOP("NewVmWizard", "Operating system"),
    QT_TRANSLATE_NOOP("NewVmWizard", "Name and resources"),
)


class ExpertPage(GroupPage):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(
            translate("NewVmWizard", "New virtual machine"),
            translate("NewVmWizard", "Every setting on one page."),
            parent,
        )
        self.setObjectName("expertPage")
        self.scroller = QScrollArea()
        self.scroller.setWidgetResizable(True)
        self.scroller.setFrameShape(QFrame.Shape.NoFrame)
        self.scroller.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        inner = QWidget()
        self.inner_layout = QVBoxLayout(inner)
        self.frames = [QGroupBox(translate("NewVmWizard", title)) for title in _TITLES]
        for frame in self.frames:
            QVBoxLayout(frame)
            self.inner_layout.addWidget(frame)
        self.scroller.setWidget(inner)
        self.box.addWidget(self.scroller)

    def set_groups(self, groups: list[FieldGroup]) -> None:
        self.groups = groups
        for frame, group in zip(self.frames, groups, strict=True):
            layout = frame.layout()
            assert layout is not None
            layout.addWidget(group)
            group.show()
