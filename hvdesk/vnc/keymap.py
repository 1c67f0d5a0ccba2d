"""Keyboard tables: what the console sends for a Qt key event.

Two ways to send a key (see RfbClient.key_event):
- a scancode, through QEMU's ExtendedKeyEvent: the physical key, so the guest's
  own layout applies. QEMU numbers keys by "qnum": the PC/XT set 1 scancode, with
  the 0xE0 prefix of extended keys folded into the high bit (Right Ctrl, E0 1D,
  is 0x9D). On X11 (and Qt's Wayland plugin) QKeyEvent.nativeScanCode() is the X
  keycode, which is the Linux evdev code + 8: `qnum_from_x11_keycode()`.
- an X keysym, the portable fallback: `keysym_from_qt()` from QKeyEvent.key(),
  .text() and whether the key is on the keypad.

Pure tables, no widgets.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent

X11_KEYCODE_OFFSET = 8

# Linux evdev key code -> XT scancode set 1, where values from 0x100 stand for the
# 0xE0 prefix (the "XT KBD" column of the keycode map database QEMU uses).
_EVDEV_TO_XT: dict[int, int] = {
    **{code: code for code in range(1, 85)},  # Esc .. keypad '.': identical
    85: 0x76,  # Zenkaku/Hankaku
    86: 0x56,  # the 102nd key (ISO <>)
    87: 0x57,  # F11
    88: 0x58,  # F12
    89: 0x73,  # Ro
    90: 0x78,  # Katakana
    91: 0x77,  # Hiragana
    92: 0x79,  # Henkan
    93: 0x70,  # Katakana/Hiragana
    94: 0x7B,  # Muhenkan
    95: 0x5C,  # keypad JP comma
    96: 0x11C,  # keypad Enter
    97: 0x11D,  # Right Ctrl
    98: 0x135,  # keypad /
    # The Print Screen key (KEY_SYSRQ): QEMU's "print" (E0 37), which its PS/2
    # keyboard turns into SysRq (0x54) by itself while Alt is held.
    99: 0x137,
    100: 0x138,  # Right Alt (AltGr)
    102: 0x147,  # Home
    103: 0x148,  # Up
    104: 0x149,  # Page Up
    105: 0x14B,  # Left
    106: 0x14D,  # Right
    107: 0x14F,  # End
    108: 0x150,  # Down
    109: 0x151,  # Page Down
    110: 0x152,  # Insert
    111: 0x153,  # Delete
    113: 0x120,  # Mute
    114: 0x12E,  # Volume Down
    115: 0x130,  # Volume Up
    116: 0x15E,  # Power
    117: 0x59,  # keypad =
    118: 0x14E,  # keypad +/-
    119: 0x146,  # Pause
    121: 0x7E,  # keypad comma
    123: 0x10D,  # Hanja
    124: 0x7D,  # Yen
    125: 0x15B,  # Left Meta (Windows)
    126: 0x15C,  # Right Meta
    127: 0x15D,  # Compose (Menu)
    128: 0x168,  # Stop
    138: 0x175,  # Help
    140: 0x121,  # Calculator
    142: 0x15F,  # Sleep
    143: 0x163,  # Wake up
    150: 0x102,  # WWW
    155: 0x16C,  # Mail
    156: 0x166,  # Bookmarks
    157: 0x16B,  # Computer
    158: 0x16A,  # Back
    159: 0x169,  # Forward
    163: 0x119,  # Next song
    164: 0x122,  # Play/Pause
    165: 0x110,  # Previous song
    166: 0x124,  # Stop CD
    172: 0x132,  # Home page
    173: 0x167,  # Refresh
    183: 0x5D,  # F13
    184: 0x5E,  # F14
    185: 0x5F,  # F15
    186: 0x55,  # F16
    187: 0x103,  # F17
    188: 0x177,  # F18
    189: 0x104,  # F19
    190: 0x5A,  # F20
    191: 0x74,  # F21
    192: 0x179,  # F22
    193: 0x6D,  # F23
    194: 0x6F,  # F24
}


def _qnum(xt: int) -> int:
    return xt if xt < 0x100 else 0x80 | (xt & 0x7F)


EVDEV_TO_QNUM: dict[int, int] = {code: _qnum(xt) for code, xt in _EVDEV_TO_XT.items()}


def qnum_from_evdev(code: int) -> int | None:
    """The QEMU scancode of a Linux evdev key code, or None for keys QEMU lacks."""
    return EVDEV_TO_QNUM.get(code)


def qnum_from_x11_keycode(keycode: int) -> int | None:
    """The QEMU scancode of an X11/xkb keycode (QKeyEvent.nativeScanCode() on xcb
    and Wayland), or None."""
    return EVDEV_TO_QNUM.get(keycode - X11_KEYCODE_OFFSET)


def _k(name: str) -> int:
    return int(getattr(Qt.Key, name).value)


# Qt.Key -> X keysym for keys that carry no text.
_QT_SPECIAL: dict[str, int] = {
    "Key_Escape": 0xFF1B,
    "Key_Tab": 0xFF09,
    "Key_Backtab": 0xFE20,  # ISO_Left_Tab
    "Key_Backspace": 0xFF08,
    "Key_Return": 0xFF0D,
    "Key_Enter": 0xFF8D,  # KP_Enter
    "Key_Insert": 0xFF63,
    "Key_Delete": 0xFFFF,
    "Key_Pause": 0xFF13,
    "Key_Print": 0xFF61,
    "Key_SysReq": 0xFF15,
    "Key_Clear": 0xFF0B,
    "Key_Home": 0xFF50,
    "Key_End": 0xFF57,
    "Key_Left": 0xFF51,
    "Key_Up": 0xFF52,
    "Key_Right": 0xFF53,
    "Key_Down": 0xFF54,
    "Key_PageUp": 0xFF55,
    "Key_PageDown": 0xFF56,
    "Key_Shift": 0xFFE1,
    "Key_Control": 0xFFE3,
    "Key_Meta": 0xFFE7,
    "Key_Alt": 0xFFE9,
    "Key_AltGr": 0xFE03,  # ISO_Level3_Shift
    "Key_CapsLock": 0xFFE5,
    "Key_NumLock": 0xFF7F,
    "Key_ScrollLock": 0xFF14,
    "Key_Super_L": 0xFFEB,
    "Key_Super_R": 0xFFEC,
    "Key_Menu": 0xFF67,
    "Key_Hyper_L": 0xFFED,
    "Key_Hyper_R": 0xFFEE,
    "Key_Help": 0xFF6A,
    "Key_Multi_key": 0xFF20,
    "Key_Codeinput": 0xFF37,
    "Key_Mode_switch": 0xFF7E,
    "Key_Select": 0xFF60,
    "Key_Execute": 0xFF62,
    "Key_Undo": 0xFF65,
    "Key_Redo": 0xFF66,
    "Key_Find": 0xFF68,
    "Key_Cancel": 0xFF69,
    "Key_Kanji": 0xFF21,
    "Key_Muhenkan": 0xFF22,
    "Key_Henkan": 0xFF23,
    "Key_Romaji": 0xFF24,
    "Key_Hiragana": 0xFF25,
    "Key_Katakana": 0xFF26,
    "Key_Hiragana_Katakana": 0xFF27,
    "Key_Zenkaku": 0xFF28,
    "Key_Hankaku": 0xFF29,
    "Key_Zenkaku_Hankaku": 0xFF2A,
    "Key_Hangul": 0xFF31,
    "Key_Hangul_Hanja": 0xFF34,
    "Key_VolumeDown": 0x1008FF11,
    "Key_VolumeMute": 0x1008FF12,
    "Key_VolumeUp": 0x1008FF13,
    "Key_MediaPlay": 0x1008FF14,
    "Key_MediaStop": 0x1008FF15,
    "Key_MediaPrevious": 0x1008FF16,
    "Key_MediaNext": 0x1008FF17,
}
# Keys on the keypad (KeypadModifier) have keysyms of their own.
_QT_KEYPAD: dict[str, int] = {
    **{f"Key_{d}": 0xFFB0 + d for d in range(10)},
    "Key_Asterisk": 0xFFAA,
    "Key_Plus": 0xFFAB,
    "Key_Comma": 0xFFAC,
    "Key_Minus": 0xFFAD,
    "Key_Period": 0xFFAE,
    "Key_Slash": 0xFFAF,
    "Key_Enter": 0xFF8D,
    "Key_Return": 0xFF8D,
    "Key_Equal": 0xFFBD,
    "Key_Home": 0xFF95,
    "Key_Left": 0xFF96,
    "Key_Up": 0xFF97,
    "Key_Right": 0xFF98,
    "Key_Down": 0xFF99,
    "Key_PageUp": 0xFF9A,
    "Key_PageDown": 0xFF9B,
    "Key_End": 0xFF9C,
    "Key_Clear": 0xFF9D,  # KP_Begin (keypad 5 without Num Lock)
    "Key_Insert": 0xFF9E,
    "Key_Delete": 0xFF9F,
}

QT_TO_KEYSYM: dict[int, int] = {_k(name): sym for name, sym in _QT_SPECIAL.items()}
QT_TO_KEYSYM.update({_k(f"Key_F{n}"): 0xFFBE + n - 1 for n in range(1, 36)})
# Qt's dead-key codes follow X's order: Key_Dead_Grave .. Key_Dead_Horn.
QT_TO_KEYSYM.update(
    {
        code: 0xFE50 + code - _k("Key_Dead_Grave")
        for code in range(_k("Key_Dead_Grave"), _k("Key_Dead_Horn") + 1)
    }
)
QT_KEYPAD_TO_KEYSYM: dict[int, int] = {_k(name): sym for name, sym in _QT_KEYPAD.items()}


def keysym_from_text(text: str) -> int | None:
    """The keysym for one typed character: Latin-1 characters are their own
    keysym, others 0x01000000 + code point; None for control characters."""
    if len(text) != 1:
        return None
    code = ord(text)
    if code < 0x20 or 0x7F <= code < 0xA0:
        return None
    return code if code <= 0xFF else 0x01000000 | code


def keysym_from_qt(key: int, text: str = "", keypad: bool = False) -> int | None:
    """The X keysym for a Qt key event (QKeyEvent.key(), .text(), and whether its
    modifiers include KeypadModifier), or None when there is none to send."""
    if keypad and key in QT_KEYPAD_TO_KEYSYM:
        return QT_KEYPAD_TO_KEYSYM[key]
    if key in QT_TO_KEYSYM:
        return QT_TO_KEYSYM[key]
    typed = keysym_from_text(text)
    if typed is not None:
        return typed
    if ord("A") <= key <= ord("Z"):
        return key + 0x20  # the unshifted keysym (text is a control code with Ctrl held)
    if 0x20 <= key <= 0xFF:
        return key
    return None


def qnum_from_native(native_scan_code: int) -> int | None:
    """qnum_from_x11_keycode() for QKeyEvent.nativeScanCode(), where 0 means unknown."""
    return qnum_from_x11_keycode(native_scan_code) if native_scan_code else None


def keysym_for_event(event: QKeyEvent) -> int:
    """The keysym for a QKeyEvent, or 0 when it has none."""
    keypad = bool(event.modifiers() & Qt.KeyboardModifier.KeypadModifier)
    return keysym_from_qt(int(event.key()), event.text(), keypad) or 0
