"""The message bar: an error may come with one offered action, and only that error."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from hvdesk.core.errors import HvdeskError
from hvdesk.ui.message_bar import MessageBar


def test_an_offer_is_a_button_that_acts_once_and_leaves_with_its_message(qtbot: Any) -> None:
    bar = MessageBar()
    qtbot.addWidget(bar)
    bar.show()
    pressed: list[str] = []
    bar.show_error(HvdeskError("Could not start 'a'"), ("Do it", lambda: pressed.append("a")))
    assert bar.action_button.isVisible() and bar.action_button.text() == "Do it"

    qtbot.mouseClick(bar.action_button, Qt.MouseButton.LeftButton)
    assert pressed == ["a"] and bar.isHidden()  # pressed: the message is done

    bar.show_error(HvdeskError("Could not start 'b'"), ("Do it", lambda: pressed.append("b")))
    bar.show_error(HvdeskError("Could not pause 'c'"))  # a later message without an offer
    assert bar.isVisible() and not bar.action_button.isVisible()
    bar.action_button.click()  # even programmatically: 'b's action is gone with its message
    assert pressed == ["a"]
    bar.show_info("Done.")
    assert not bar.action_button.isVisible()
