"""Errors shown inside the window, above the VM list, instead of traceback dialogs."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QToolButton, QWidget

from hvdesk.core.errors import HvdeskError

_STYLE = {
    "error": "background:#fde7e6; color:#5c1410; border:1px solid #e9a19c; border-radius:4px;",
    "info": "background:#e6f0fd; color:#0f2f5c; border:1px solid #9cbbe9; border-radius:4px;",
}


class MessageBar(QFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("messageBar")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 6, 6)
        self.label = QLabel()
        self.label.setTextFormat(Qt.TextFormat.PlainText)  # names may contain '<'
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.label.setStyleSheet("border:none; background:transparent;")
        self.close_button = QToolButton()
        self.close_button.setText("✕")
        self.close_button.setAccessibleName(self.tr("Dismiss message"))
        self.close_button.setAutoRaise(True)
        self.close_button.clicked.connect(self.hide)
        # What the message offers to do about it (e.g. start with software emulation).
        self.action_button = QPushButton()
        self.action_button.setObjectName("messageAction")
        self.action_button.clicked.connect(self._act)
        self.action_button.hide()
        self._action: Callable[[], object] | None = None
        layout.addWidget(self.label, 1)
        layout.addWidget(self.action_button, 0, Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self.close_button, 0, Qt.AlignmentFlag.AlignTop)
        self.hide()

    def show_error(
        self, error: HvdeskError, offer: tuple[str, Callable[[], object]] | None = None
    ) -> None:
        """`offer`: (button text, what pressing it does); the bar closes when pressed."""
        self._show(error.sentence(), "error", offer)

    def show_info(self, text: str) -> None:
        self._show(text, "info")

    def _act(self) -> None:
        action, self._action = self._action, None
        self.hide()
        if action is not None:
            action()

    def refers_to(self, name: str) -> bool:
        return not self.isHidden() and name in self.label.text()

    def text(self) -> str:
        return self.label.text()

    def _show(
        self, text: str, kind: str, offer: tuple[str, Callable[[], object]] | None = None
    ) -> None:
        self.setStyleSheet(f"QFrame#messageBar {{{_STYLE[kind]}}}")
        self.label.setStyleSheet(f"border:none; background:transparent; color:{_color(kind)};")
        self.label.setText(text)
        self._action = offer[1] if offer is not None else None
        self.action_button.setText(offer[0] if offer is not None else "")
        self.action_button.setVisible(offer is not None)
        self.show()


def _color(kind: str) -> str:
    return "#5c1410" if kind == "error" else "#0f2f5c"
