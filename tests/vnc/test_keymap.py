"""Keyboard tables: X11/evdev keycodes -> QEMU scancodes, Qt keys -> X keysyms."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent

from hvdesk.vnc import keymap


@pytest.mark.parametrize(
    ("evdev", "qnum"),
    [
        (1, 0x01),  # Escape
        (30, 0x1E),  # A
        (48, 0x30),  # B
        (2, 0x02),  # 1
        (42, 0x2A),  # Left Shift
        (28, 0x1C),  # Enter
        (57, 0x39),  # Space
        (87, 0x57),  # F11
        (88, 0x58),  # F12
        (86, 0x56),  # ISO <>
        (96, 0x9C),  # keypad Enter (E0 1C)
        (97, 0x9D),  # Right Ctrl (E0 1D)
        (98, 0xB5),  # keypad /
        (99, 0xB7),  # Print Screen (E0 37)
        (100, 0xB8),  # AltGr
        (102, 0xC7),  # Home
        (103, 0xC8),  # Up
        (105, 0xCB),  # Left
        (106, 0xCD),  # Right
        (108, 0xD0),  # Down
        (111, 0xD3),  # Delete
        (119, 0xC6),  # Pause
        (125, 0xDB),  # Left Windows
        (127, 0xDD),  # Menu
        (89, 0x73),  # Ro (JIS)
        (124, 0x7D),  # Yen
    ],
)
def test_evdev_and_x11_keycodes_to_qnum(evdev: int, qnum: int) -> None:
    assert keymap.qnum_from_evdev(evdev) == qnum
    assert keymap.qnum_from_x11_keycode(evdev + 8) == qnum
    assert keymap.qnum_from_native(evdev + 8) == qnum


def test_unknown_keycodes() -> None:
    assert keymap.qnum_from_evdev(0) is None
    assert keymap.qnum_from_evdev(1000) is None
    assert keymap.qnum_from_native(0) is None  # Qt: no native scancode
    assert keymap.qnum_from_x11_keycode(3) is None


def test_every_qnum_is_a_byte_and_unique() -> None:
    values = list(keymap.EVDEV_TO_QNUM.values())
    assert all(0 < v < 0x100 for v in values)
    assert len(set(values)) == len(values)


@pytest.mark.parametrize(
    ("key", "text", "keypad", "keysym"),
    [
        (Qt.Key.Key_Escape, "\x1b", False, 0xFF1B),
        (Qt.Key.Key_Return, "\r", False, 0xFF0D),
        (Qt.Key.Key_Enter, "\r", True, 0xFF8D),
        (Qt.Key.Key_Backspace, "\x08", False, 0xFF08),
        (Qt.Key.Key_Tab, "\t", False, 0xFF09),
        (Qt.Key.Key_F1, "", False, 0xFFBE),
        (Qt.Key.Key_F12, "", False, 0xFFC9),
        (Qt.Key.Key_Left, "", False, 0xFF51),
        (Qt.Key.Key_Left, "", True, 0xFF96),
        (Qt.Key.Key_7, "7", True, 0xFFB7),
        (Qt.Key.Key_Plus, "+", True, 0xFFAB),
        (Qt.Key.Key_Control, "", False, 0xFFE3),
        (Qt.Key.Key_Super_L, "", False, 0xFFEB),
        (Qt.Key.Key_AltGr, "", False, 0xFE03),
        (Qt.Key.Key_Dead_Acute, "", False, 0xFE51),
        (Qt.Key.Key_A, "a", False, 0x61),
        (Qt.Key.Key_A, "A", False, 0x41),
        (Qt.Key.Key_A, "\x01", False, 0x61),  # Ctrl+A: text is a control code
        (Qt.Key.Key_Eacute, "é", False, 0xE9),
        (Qt.Key.Key_unknown, "€", False, 0x010020AC),  # Unicode keysym
        (Qt.Key.Key_Space, " ", False, 0x20),
        (Qt.Key.Key_unknown, "", False, None),
    ],
)
def test_qt_keys_to_keysyms(key: Qt.Key, text: str, keypad: bool, keysym: int | None) -> None:
    assert keymap.keysym_from_qt(int(key.value), text, keypad) == keysym


def test_keysym_for_a_key_event(qapp: Any) -> None:
    event = QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_5, Qt.KeyboardModifier.KeypadModifier, "5")
    assert keymap.keysym_for_event(event) == 0xFFB5
    event = QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier)
    assert keymap.keysym_for_event(event) == 0
