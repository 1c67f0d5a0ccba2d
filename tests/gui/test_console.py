"""The VNC console against the scripted RFB server (tests/support/rfb_server.py).

The VMs come from libvirt's test driver (tests/gui/vms.xml: alpha is off, beta runs),
so the console follows real Connection signals; only the display is scripted: each
connection attempt gets one end of a socket pair, an `RfbServer` the other.
"""

from __future__ import annotations

import struct
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QEvent, QObject, QPoint, QPointF, QRect, Qt
from PySide6.QtGui import (
    QGuiApplication,
    QImage,
    QKeyEvent,
    QPaintEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import QApplication, QLineEdit, QMenu

from hvdesk.core import preferences
from hvdesk.core.errors import HvdeskError
from hvdesk.ui import console as console_module
from hvdesk.ui.console import CLIPBOARD_INTERVAL_MS, ConsoleState, ScaleMode
from hvdesk.ui.console_window import ConsoleWindow
from tests.gui.conftest import VMS_XML
from tests.support.console_driver import (
    BLUE,
    GREEN,
    LETTERBOX,
    RED,
    YELLOW,
    Console,
    H,
    ScriptedDisplay,
    W,
    fb_pixel,
    quadrants,
    rgb,
)
from tests.support.rfb_server import (
    CLIP_CAPS,
    CLIP_NOTIFY,
    CLIP_PEEK,
    CLIP_PROVIDE,
    CLIP_REQUEST,
    CLIP_TEXT,
    RfbServer,
    desktop_size,
    ext_clipboard,
    ext_desktop_size,
    ext_provide_text,
    led_state,
    raw_rect,
    rich_cursor,
    server_cut_text,
    update,
)
from tests.support.rfb_stall import StallMeter
from tests.support.window import WindowDriver

# X keycodes (evdev + 8) and keysyms of the keys the tests press.
KEY_A = (38, 0x61, Qt.Key.Key_A, "a")  # evdev 30 -> qnum 0x1e
KEY_C = (54, 0x63, Qt.Key.Key_C, "c")  # evdev 46 -> qnum 0x2e
SHIFT_L = (50, 0xFFE1, Qt.Key.Key_Shift, "")  # evdev 42 -> qnum 0x2a
CONTROL_R = (105, 0xFFE4, Qt.Key.Key_Control, "")  # evdev 97 -> qnum 0x9d


@pytest.fixture
def ui(make_window: Any) -> WindowDriver:
    driver: WindowDriver = make_window(f"test://{VMS_XML}")
    assert driver.connection.is_connected
    return driver


@pytest.fixture
def console(ui: WindowDriver) -> Iterator[Console]:
    made = Console(ui, "beta", ScriptedDisplay())
    yield made
    made.close()


@pytest.fixture
def make_console(ui: WindowDriver) -> Iterator[Callable[..., Console]]:
    made: list[Console] = []

    def make(vm_name: str = "beta", display: ScriptedDisplay | None = None) -> Console:
        made.append(Console(ui, vm_name, display or ScriptedDisplay()))
        return made[-1]

    yield make
    for one in made:
        one.close()


# ---- the screen ------------------------------------------------------------------------


@pytest.mark.xvfb
def test_the_widget_shows_the_servers_pixels_scaled_to_fit(console: Console) -> None:
    server = console.connected()
    console.show_quadrants(server)
    widget = console.widget
    target, sx, sy = widget.display_geometry()
    # Scaled to fit and letterboxed: the 4:3 screen is as tall as the widget, centred.
    assert target.height() == widget.height()
    assert abs(target.width() / target.height() - W / H) < 0.02
    assert abs(target.center().x() - widget.rect().center().x()) <= 1
    shot = widget.grab().toImage()
    for fx, fy, colour in ((16, 12, RED), (48, 12, GREEN), (16, 36, BLUE), (48, 36, YELLOW)):
        x, y = int(target.x() + (fx + 0.5) * sx), int(target.y() + (fy + 0.5) * sy)
        assert rgb(shot, x, y) == colour, (fx, fy)
    if target.x() > 2:
        assert shot.pixelColor(1, widget.height() // 2) == LETTERBOX
    # An X11 window of depth 24 ignores the padding byte, so the client skips filling
    # it; what the X server shows must still be the server's colours.
    xcb = QGuiApplication.platformName() == "xcb"
    assert widget.client is not None
    assert widget.client.fill_padding is not xcb
    if xcb:
        screen = QGuiApplication.primaryScreen().grabWindow(widget.winId()).toImage()
        for fx, fy, colour in ((16, 12, RED), (48, 36, YELLOW)):
            x, y = int(target.x() + (fx + 0.5) * sx), int(target.y() + (fy + 0.5) * sy)
            assert rgb(screen, x, y) == colour, (fx, fy)


def test_an_update_repaints_only_the_changed_region(console: Console) -> None:
    server = console.connected()
    console.show_quadrants(server)
    painted: list[QRect] = []

    class PaintSpy(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint:
                assert isinstance(event, QPaintEvent)
                painted.append(event.rect())
            return False

    spy = PaintSpy()
    console.widget.installEventFilter(spy)
    console.qtbot.wait(50)
    painted.clear()
    console.aio.run(server.update(raw_rect(10, 10, 4, 3, [(255, 255, 255)] * 12)))
    console.aio.wait_until(lambda: bool(painted))
    console.widget.removeEventFilter(spy)
    expected = console.widget.map_rect_to_widget(QRect(10, 10, 4, 3))
    assert all(expected.contains(rect) for rect in painted), (painted, expected)
    area = sum(r.width() * r.height() for r in painted)
    assert area < console.widget.width() * console.widget.height() / 20
    shot = console.widget.grab().toImage()
    centre = console.widget.map_rect_to_widget(QRect(11, 11, 2, 1)).center()
    assert rgb(shot, centre.x(), centre.y()) == (255, 255, 255)


def test_one_to_one_shows_every_pixel_once_with_scroll_bars(make_console: Any) -> None:
    display = ScriptedDisplay(width=900, height=700)
    console: Console = make_console(display=display)
    server = console.connected()
    pixels = [((x * 7) & 0xFF, (y * 3) & 0xFF, 0x80) for y in range(700) for x in range(900)]
    console.aio.run(server.update(raw_rect(0, 0, 900, 700, pixels)))
    console.aio.wait_until(lambda: fb_pixel(console.widget, 899, 699) == pixels[-1])
    console.view.set_scale_mode(ScaleMode.ONE_TO_ONE)
    assert console.view.one_to_one_action.isChecked()
    widget = console.widget
    console.aio.wait_until(lambda: widget.size().width() == 900 and widget.height() == 700)
    scroll = console.view.scroll_area
    assert scroll.horizontalScrollBar().maximum() > 0  # 900 wide in a 700 px window
    assert widget.display_geometry() == (QRect(0, 0, 900, 700), 1.0, 1.0)
    shot = widget.grab().toImage()
    for x, y in ((0, 0), (123, 45), (899, 699), (450, 350)):
        assert rgb(shot, x, y) == pixels[y * 900 + x]
    # A click maps 1:1, wherever the view is scrolled.
    scroll.horizontalScrollBar().setValue(150)
    console.click(QPoint(640, 321))
    msg = console.message(server, "pointer")
    assert msg.fields[1:] == (640, 321)
    console.view.fit_action.trigger()
    console.aio.wait_until(lambda: widget.width() <= scroll.viewport().width())
    assert scroll.horizontalScrollBar().maximum() == 0


def test_the_framebuffer_resizing_keeps_the_picture_fitted(console: Console) -> None:
    server = console.connected()
    console.aio.run(server.update(desktop_size(128, 48)))
    console.aio.wait_until(lambda: console.widget.framebuffer_size().width() == 128)
    target, _, _ = console.widget.display_geometry()
    assert target.width() == console.widget.width()  # now as wide as the widget
    assert abs(target.width() / target.height() - 128 / 48) < 0.02
    assert "128 × 48" in console.view.info_label.text()
    console.aio.run(server.update(led_state(0b110)))  # Num Lock and Caps Lock on
    console.aio.wait_until(lambda: "Caps Num" in console.view.info_label.text())
    assert console.widget.leds == (False, True, True)


def test_resize_guest_to_window_asks_the_server_for_the_viewport_size(console: Console) -> None:
    server = console.connected()
    action = console.view.resize_guest_action
    assert not action.isEnabled()  # the server has not said it can
    console.aio.run(server.update(ext_desktop_size(W, H)))
    console.aio.wait_until(action.isEnabled)
    action.trigger()
    viewport = console.view.scroll_area.viewport().size()
    msg = console.message(server, "set_desktop_size")
    assert msg.fields[:2] == (viewport.width(), viewport.height())
    # The server agrees: the framebuffer takes the window's size, shown 1:1.
    width, height = msg.fields[:2]
    console.aio.run(server.update(ext_desktop_size(width, height, reason=1)))
    console.aio.wait_until(lambda: console.widget.framebuffer_size().width() == width)
    assert console.widget.display_geometry()[1:] == (1.0, 1.0)
    # The window grows: after it rests, the guest is asked again.
    console.window.resize(console.window.width() + 40, console.window.height())
    msg = console.message(server, "set_desktop_size")
    assert msg.fields[0] == console.view.scroll_area.viewport().width()


# ---- keyboard --------------------------------------------------------------------------


def test_keys_go_to_the_guest_as_qemu_scancodes_with_keysyms(console: Console) -> None:
    server = console.connected()
    console.capture()
    console.key(True, KEY_A)
    assert console.message(server, "qemu_key").fields == (1, 0x61, 0x1E)
    # Auto-repeat: more presses, one release.
    console.key(True, KEY_A, autorep=True)
    console.key(False, KEY_A, autorep=True)
    console.key(True, KEY_A, autorep=True)
    console.key(False, KEY_A)
    assert console.message(server, "qemu_key").fields == (1, 0x61, 0x1E)
    assert console.message(server, "qemu_key").fields == (1, 0x61, 0x1E)
    assert console.message(server, "qemu_key").fields == (0, 0x61, 0x1E)
    # Right Ctrl's scancode has the extended bit: qnum 0x9d (it is not the host key here).
    console.view.set_host_key("Menu")
    console.key(True, CONTROL_R)
    console.key(False, CONTROL_R)
    assert console.message(server, "qemu_key").fields == (1, 0xFFE3, 0x9D)
    assert console.message(server, "qemu_key").fields == (0, 0xFFE3, 0x9D)


@pytest.mark.xvfb
def test_the_hosts_caps_and_num_lock_are_given_to_the_guest_on_x11(console: Console) -> None:
    """X11 says the host's lock state in each key event (LockMask 0x02, Mod2 0x10);
    where the guest's LEDs differ, a tap of that lock key goes first, once."""
    server = console.connected()
    console.capture()
    with console.qtbot.waitSignal(console.widget.ledsChanged):
        console.aio.run(server.update(led_state(0b000)))  # the guest: all locks off

    def press_a(host_locks: int) -> None:
        code, keysym, qt_key, text = KEY_A
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            event = QKeyEvent(kind, qt_key, Qt.KeyboardModifier.NoModifier, code, keysym,
                              host_locks, text)  # fmt: skip
            QApplication.sendEvent(console.widget, event)

    def keys_until_a() -> list[tuple[int, int, int]]:
        seen = []
        while True:
            fields = console.message(server, "qemu_key").fields
            if fields[2] == 0x1E:
                assert console.message(server, "qemu_key").fields == (0, 0x61, 0x1E)
                return seen
            seen.append(fields)

    caps = [(1, 0xFFE5, 0x3A), (0, 0xFFE5, 0x3A)]
    num = [(1, 0xFF7F, 0x45), (0, 0xFF7F, 0x45)]
    x11 = QGuiApplication.platformName() == "xcb"
    press_a(0x02 | 0x10)  # host: Caps Lock and Num Lock on
    assert keys_until_a() == (caps + num if x11 else [])
    press_a(0x02 | 0x10)  # the guest's LED message has not come back yet: no second tap
    assert keys_until_a() == []
    with console.qtbot.waitSignal(console.widget.ledsChanged):
        console.aio.run(server.update(led_state(0b110)))  # the guest: Num and Caps on
    press_a(0x10)  # the user turned Caps Lock off on the host meanwhile
    assert keys_until_a() == (caps if x11 else [])


def test_leaving_the_console_releases_the_keys_held_down(console: Console) -> None:
    server = console.connected()
    other = QLineEdit()
    console.window.layout().addWidget(other)
    console.capture()
    console.key(True, SHIFT_L)
    console.key(True, KEY_A)
    assert console.message(server, "qemu_key").fields == (1, 0xFFE1, 0x2A)
    assert console.message(server, "qemu_key").fields == (1, 0x61, 0x1E)
    assert len(console.widget.pressed_keys()) == 2
    other.setFocus()  # e.g. the user clicked elsewhere while holding them
    console.aio.wait_until(lambda: not console.widget.captured)
    released = {console.message(server, "qemu_key").fields for _ in range(2)}
    assert released == {(0, 0x61, 0x1E), (0, 0xFFE1, 0x2A)}
    assert console.widget.pressed_keys() == []
    # The releases that arrive later (at the other widget) are not sent twice.
    console.key(False, KEY_A)
    console.key(True, KEY_C)  # not captured: not the guest's
    console.capture()
    console.key(True, KEY_C)
    assert console.message(server, "qemu_key").fields == (1, 0x63, 0x2E)


def test_the_status_line_wraps_instead_of_widening_the_view(console: Console) -> None:
    """Docked, the view's minimum width is the main window's splitter limit: a long
    status sentence (free, captured, paused) must wrap, not move the splitter."""
    console.connected()
    view, label = console.view, console.view.capture_label
    widths = []

    def check() -> None:
        assert label.text()
        text_width = label.fontMetrics().horizontalAdvance(label.text())
        assert view.minimumSizeHint().width() < text_width
        widths.append(view.minimumSizeHint().width())

    check()  # "Click the screen to type into the VM"
    console.capture()
    assert label.text().startswith("Keyboard captured")
    check()
    console.widget.set_overlay("VM is paused")
    check()
    assert len(set(widths)) == 1, widths


@pytest.mark.xvfb
def test_the_host_key_releases_the_capture_and_is_never_sent(console: Console) -> None:
    server = console.connected()
    console.capture()
    label = console.view.capture_label
    assert "captured — press Right Ctrl to release" in label.text()
    console.key(True, KEY_A)
    console.key(True, CONTROL_R)  # the host key while 'a' is down
    console.key(False, CONTROL_R)
    assert not console.widget.captured
    assert label.text() == "Click the screen to type into the VM"
    fields = [console.message(server, "qemu_key").fields for _ in range(2)]
    assert fields == [(1, 0x61, 0x1E), (0, 0x61, 0x1E)]  # 'a' released, no Ctrl at all
    console.key(True, KEY_C)  # released: the key stays on this computer
    # A click takes the keyboard back (and is the guest's click, the pointer being absolute).
    console.click(console.widget.rect().center())
    assert console.widget.captured
    assert console.message(server, "pointer").fields[0] == 1
    console.key(True, KEY_C)
    assert console.message(server, "qemu_key").fields == (1, 0x63, 0x2E)
    # Host key + F is a command (full screen in a console window), not a guest key.
    console.key(True, CONTROL_R)
    console.key(True, (41, 0x66, Qt.Key.Key_F, "f"))
    console.key(False, (41, 0x66, Qt.Key.Key_F, "f"))
    console.key(False, CONTROL_R)
    assert console.widget.captured  # a combination does not toggle the capture
    console.key(True, KEY_A)
    assert console.message(server, "qemu_key").fields == (1, 0x61, 0x1E)


def test_host_key_and_delete_sends_ctrl_alt_del(console: Console) -> None:
    server = console.connected()
    console.capture()
    delete = (119, 0xFFFF, Qt.Key.Key_Delete, "")  # evdev 111
    console.key(True, CONTROL_R)
    console.key(True, delete)
    console.key(False, delete)
    console.key(False, CONTROL_R)
    codes = [console.message(server, "qemu_key").fields[::2] for _ in range(6)]
    assert codes == [(1, 0x1D), (1, 0x38), (1, 0xD3), (0, 0xD3), (0, 0x38), (0, 0x1D)]
    assert console.widget.captured and console.widget.pressed_keys() == []


def test_the_host_key_can_be_changed(console: Console) -> None:
    console.connected()
    console.capture()
    menu_item = next(a for a in console.view.host_key_group.actions() if a.data() == "Scroll_Lock")
    menu_item.trigger()
    assert preferences.console_host_key() == "Scroll_Lock"
    assert "press Scroll Lock to release" in console.view.capture_label.text()
    console.key(True, CONTROL_R)
    console.key(False, CONTROL_R)
    assert console.widget.captured  # Right Ctrl is a guest key now
    scroll_lock = (78, 0xFF14, Qt.Key.Key_ScrollLock, "")
    console.key(True, scroll_lock)
    console.key(False, scroll_lock)
    assert not console.widget.captured


def test_send_key_menu_sends_scancode_sequences(console: Console) -> None:
    server = console.connected()
    menu = console.view.send_key_menu
    cad = next(a for a in menu.actions() if a.text() == "Ctrl+Alt+Del")
    cad.trigger()
    fields = [console.message(server, "qemu_key").fields for _ in range(6)]
    assert [(down, code) for down, _, code in fields] == [
        (1, 0x1D), (1, 0x38), (1, 0xD3), (0, 0xD3), (0, 0x38), (0, 0x1D),
    ]  # fmt: skip
    assert [keysym for _, keysym, _ in fields[:3]] == [0xFFE3, 0xFFE9, 0xFFFF]
    submenu = next(a.menu() for a in menu.actions() if a.text().startswith("Ctrl+Alt+F1"))
    assert isinstance(submenu, QMenu)
    f7 = next(a for a in submenu.actions() if a.text() == "Ctrl+Alt+F7")
    f7.trigger()
    codes = [console.message(server, "qemu_key").fields[2] for _ in range(6)]
    assert codes == [0x1D, 0x38, 0x41, 0x41, 0x38, 0x1D]
    next(a for a in menu.actions() if a.text() == "Print Screen").trigger()
    assert [console.message(server, "qemu_key").fields for _ in range(2)] == [
        (1, 0xFF61, 0xB7),
        (0, 0xFF61, 0xB7),
    ]
    assert "Sent Print Screen" in console.view.notice_label.text()


# ---- pointer ---------------------------------------------------------------------------


def test_the_pointer_is_mapped_through_the_scale(console: Console) -> None:
    server = console.connected()
    widget = console.widget
    target, sx, sy = widget.display_geometry()
    assert sx > 5  # 64x48 in a ~700x500 widget

    def at(fx: float, fy: float) -> QPoint:
        return QPoint(int(target.x() + fx * sx), int(target.y() + fy * sy))

    console.click(at(10.5, 20.5))
    assert console.message(server, "pointer").fields == (1, 10, 20)
    assert console.message(server, "pointer").fields == (0, 10, 20)
    console.qtbot.mouseClick(widget, Qt.MouseButton.RightButton, pos=at(63.9, 47.9))
    assert console.message(server, "pointer").fields == (4, 63, 47)
    assert console.message(server, "pointer").fields == (0, 63, 47)
    # The letterbox beside the picture clamps to the edge.
    if target.x() > 2:
        console.move(QPoint(1, target.center().y()))
        msg = console.message(server, "pointer")
        assert msg.fields[1] == 0
    # The wheel: one notch is a press and release of button 4 (up) or 5 (down).
    pos = QPointF(at(32.5, 24.5))
    wheel = QWheelEvent(
        pos, widget.mapToGlobal(pos), QPoint(), QPoint(0, -120), Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False,
    )  # fmt: skip
    QApplication.sendEvent(widget, wheel)
    assert console.message(server, "pointer").fields == (16, 32, 24)
    assert console.message(server, "pointer").fields == (0, 32, 24)


@pytest.mark.xvfb
def test_a_relative_pointer_is_grabbed_by_a_click_and_sends_motion(make_console: Any) -> None:
    console: Console = make_console(display=ScriptedDisplay(absolute=False))
    server = console.connected()
    widget = console.widget
    console.aio.wait_until(lambda: not widget.absolute_pointer)
    console.capture()
    assert "click to capture the mouse" in console.view.capture_label.text()
    console.click(widget.rect().center())  # takes the pointer; not the guest's click
    assert widget.pointer_grabbed
    assert widget.cursor().shape() == Qt.CursorShape.BlankCursor
    assert "Keyboard and mouse captured" in console.view.capture_label.text()
    centre = widget.rect().center()
    console.move(centre + QPoint(5, -3))
    msg = console.message(server, "pointer")
    assert msg.fields == (0, 0x7FFF + 5, 0x7FFF - 3)  # QEMU subtracts 0x7FFF
    # The guest's cursor shape is hidden while grabbed, and back after the release.
    console.aio.run(server.update(rich_cursor(1, 1, 4, 4, [(255, 255, 255)] * 16, [True] * 16)))
    console.qtbot.wait(50)
    assert widget.cursor().shape() == Qt.CursorShape.BlankCursor
    console.key(True, CONTROL_R)
    console.key(False, CONTROL_R)
    assert not widget.pointer_grabbed and not widget.captured
    assert widget.cursor().shape() == Qt.CursorShape.BitmapCursor


def test_the_guests_cursor_becomes_the_widgets_cursor(console: Console) -> None:
    server = console.connected()
    pixels = [(255, 255, 255)] * 64
    console.aio.run(server.update(rich_cursor(2, 3, 8, 8, pixels, [True] * 64)))
    widget = console.widget
    console.aio.wait_until(lambda: widget.cursor().shape() == Qt.CursorShape.BitmapCursor)
    cursor = widget.cursor()
    scale = widget.scale()
    assert abs(cursor.pixmap().width() - 8 * scale) <= 1  # scaled with the screen
    assert abs(cursor.hotSpot().x() - 2 * scale) <= 1
    # An empty cursor shape: the guest draws none.
    console.aio.run(server.update(rich_cursor(0, 0, 0, 0, [], [])))
    console.aio.wait_until(lambda: widget.cursor().shape() == Qt.CursorShape.BlankCursor)


# ---- clipboard and screenshot ----------------------------------------------------------


def test_clipboard_text_goes_both_ways(console: Console) -> None:
    server = console.connected()
    console.capture()
    clipboard = QGuiApplication.clipboard()
    console.aio.run(server.send(bytes([2])))  # Bell: a beep here, nothing else
    console.aio.run(server.send(server_cut_text("from the guest")))
    console.aio.wait_until(lambda: clipboard.text() == "from the guest")
    assert console.view.copy_action.isEnabled()
    assert console.view.clipboard_label.text().startswith("The guest set the clipboard at ")
    clipboard.setText("from the host")
    console.view.paste_action.trigger()
    assert console.message(server, "cut_text").data == b"from the host"
    console.view.copy_action.trigger()  # the guest's text back on this clipboard
    assert clipboard.text() == "from the guest"
    clipboard.setText("hi!")
    console.view.type_action.trigger()
    keysyms = [console.message(server, "key").fields for _ in range(6)]
    assert keysyms == [(1, 0x68), (0, 0x68), (1, 0x69), (0, 0x69), (1, 0x21), (0, 0x21)]


def away_from_the_console(console: Console) -> QLineEdit:
    """Another widget in the console's window, with the focus."""
    other = QLineEdit()
    console.window.layout().addWidget(other)
    console.capture()  # the window is active
    other.setFocus()
    console.aio.wait_until(lambda: other.hasFocus() and not console.widget.hasFocus())
    return other


def read_by_client(console: Console, server: RfbServer) -> None:
    """Wait until the client has read everything the server sent so far."""
    with console.qtbot.waitSignal(console.widget.ledsChanged):
        console.aio.run(server.update(led_state(0)))


@pytest.mark.xvfb
def test_the_guest_sets_the_clipboard_only_while_focused_and_shared(console: Console) -> None:
    server = console.connected()
    view, clipboard = console.view, QGuiApplication.clipboard()
    assert view.share_clipboard_action.isChecked()  # a guest on this machine: shared
    clipboard.setText("the host's own")
    other = away_from_the_console(console)
    console.aio.run(server.send(server_cut_text("sent while away")))
    read_by_client(console, server)
    console.qtbot.wait(2 * CLIPBOARD_INTERVAL_MS)
    assert clipboard.text() == "the host's own"
    assert view.clipboard_label.text() == ""
    console.capture()  # back: what came meanwhile is not applied either
    console.qtbot.wait(2 * CLIPBOARD_INTERVAL_MS)
    assert clipboard.text() == "the host's own"

    console.aio.run(server.send(server_cut_text("sent while focused")))
    console.aio.wait_until(lambda: clipboard.text() == "sent while focused")
    assert view.clipboard_label.text().startswith("The guest set the clipboard at ")

    # Not shared: nothing the guest sends reaches this clipboard, focused or not.
    view.share_clipboard_action.trigger()
    assert not view.share_clipboard_action.isChecked()
    console.aio.run(server.send(server_cut_text("not shared")))
    read_by_client(console, server)
    console.qtbot.wait(2 * CLIPBOARD_INTERVAL_MS)
    assert clipboard.text() == "sent while focused"
    # Paste is the user's own act: it still sends this computer's text.
    clipboard.setText("pasted on purpose")
    view.paste_action.trigger()
    assert console.message(server, "cut_text").data == b"pasted on purpose"
    other.deleteLater()


def test_the_share_clipboard_switch_is_remembered_per_vm(make_console: Any) -> None:
    first: Console = make_console("beta")
    first.connected()
    first.view.share_clipboard_action.trigger()  # off for beta
    again: Console = make_console("beta")
    assert not again.view.share_clipboard_action.isChecked()
    assert not again.widget.share_clipboard
    other: Console = make_console("alpha")
    assert other.view.share_clipboard_action.isChecked()
    vm = again.vm
    assert not preferences.console_share_clipboard(vm.connection.uri, vm.uuid)
    # Off by default for a guest on another host.
    assert not preferences.console_share_clipboard("qemu+ssh://admin@far/system", vm.uuid)


@pytest.mark.xvfb
def test_no_extended_clipboard_traffic_while_the_console_is_not_focused(
    console: Console,
) -> None:
    server = console.connected()
    console.capture()
    flags = CLIP_CAPS | CLIP_PROVIDE | CLIP_NOTIFY | CLIP_REQUEST | CLIP_PEEK | CLIP_TEXT
    console.aio.run(server.send(ext_clipboard(flags, struct.pack(">I", 0))))
    assert console.message(server, "ext_clipboard").fields[0] & CLIP_CAPS
    QGuiApplication.clipboard().setText("pasted")
    console.view.paste_action.trigger()
    assert console.message(server, "ext_clipboard").fields == (CLIP_NOTIFY | CLIP_TEXT,)

    away_from_the_console(console)
    # The guest asks for the pasted text, peeks, and offers its own: no answer.
    console.aio.run(server.send(ext_clipboard(CLIP_REQUEST | CLIP_TEXT)))
    console.aio.run(server.send(ext_clipboard(CLIP_PEEK)))
    console.aio.run(server.send(ext_clipboard(CLIP_NOTIFY | CLIP_TEXT)))
    read_by_client(console, server)
    console.capture()
    # Focused again: the guest's next offer is asked for, and applied.
    console.aio.run(server.send(ext_clipboard(CLIP_NOTIFY | CLIP_TEXT)))
    assert console.message(server, "ext_clipboard").fields == (CLIP_REQUEST | CLIP_TEXT,)
    console.aio.run(server.send(ext_provide_text("from the guest")))
    console.aio.wait_until(lambda: QGuiApplication.clipboard().text() == "from the guest")


@pytest.mark.xvfb
def test_a_guest_flooding_the_clipboard_sets_it_a_few_times_a_second(console: Console) -> None:
    server = console.connected()
    console.capture()
    changes: list[str] = []
    clipboard = QGuiApplication.clipboard()
    clipboard.dataChanged.connect(lambda: changes.append(clipboard.text()))
    started = time.monotonic()
    console.aio.run(server.send(b"".join(server_cut_text(f"text {i}") for i in range(500))))
    console.aio.wait_until(lambda: clipboard.text() == "text 499")
    elapsed = time.monotonic() - started
    assert len(changes) <= 2 + elapsed * 1000 / CLIPBOARD_INTERVAL_MS, changes
    assert console.widget.guest_clipboard == "text 499"


def test_a_screenshot_is_a_png_of_the_framebuffer(console: Console, tmp_path: Path) -> None:
    server = console.connected()
    console.show_quadrants(server)
    path = tmp_path / "shot.png"
    assert console.view.save_screenshot(str(path))
    image = QImage(str(path))
    assert (image.width(), image.height()) == (W, H)
    assert image.format() != QImage.Format.Format_Invalid
    for x, y in ((0, 0), (W - 1, 0), (0, H - 1), (W - 1, H - 1), (31, 23), (32, 24)):
        assert rgb(image, x, y) == quadrants()[y * W + x]
    assert path.read_bytes().startswith(b"\x89PNG")
    assert f"Screenshot saved to {path}" in console.view.notice_label.text()
    assert not console.view.save_screenshot(str(tmp_path / "missing" / "dir" / "x.png"))
    assert "Could not save" in console.view.notice_label.text()
    dialog = console.view.choose_screenshot_file()  # opens without blocking
    assert dialog is not None and dialog.isVisible()
    assert dialog.selectedFiles()[0].endswith(".png")
    assert dialog.directory().absolutePath() == str(tmp_path)  # where the last one went
    dialog.reject()


# ---- the session: states and reconnecting --------------------------------------------


def test_a_vm_that_is_off_says_so(make_console: Any) -> None:
    display = ScriptedDisplay()
    console: Console = make_console("alpha", display)
    view = console.view
    assert view.session.state is ConsoleState.OFF
    assert view.status_text() == "VM is off"
    assert view.stack.currentWidget() is view.message_page
    assert view.title_label.text() == "VM is off"
    assert not view.reconnect_button.isVisible()
    assert display.attempts == 0
    # It connects by itself when the VM starts.
    console.ui.aio.run(console.vm.start())
    server = console.connected()
    assert view.stack.currentWidget() is view.scroll_area
    console.show_quadrants(server)


def test_a_paused_vm_is_veiled_and_takes_no_input(console: Console) -> None:
    server = console.connected()
    console.show_quadrants(server)
    console.capture()
    console.aio.run(console.vm.pause())
    console.aio.wait_until(lambda: console.session.state is ConsoleState.PAUSED)
    assert console.view.status_text() == "VM is paused"
    assert console.widget.overlay_text == "VM is paused"
    assert not console.widget.captured
    shot = console.widget.grab().toImage()
    centre = console.widget.rect().center()
    r, g, b = rgb(shot, centre.x() // 2, centre.y() // 2)
    assert r < 200 and (r, g, b) != RED  # the red quadrant, dimmed
    console.key(True, KEY_A)  # not sent
    console.aio.run(console.vm.resume())
    console.aio.wait_until(lambda: console.session.state is ConsoleState.CONNECTED)
    assert console.widget.overlay_text == ""
    console.capture()
    console.key(True, KEY_C)
    assert console.message(server, "qemu_key").fields == (1, 0x63, 0x2E)


def test_a_failed_connection_says_why_and_reconnects_on_request(make_console: Any) -> None:
    display = ScriptedDisplay()
    display.fail_with = HvdeskError(
        "Could not reach the display of 'beta'", "No such file or directory"
    )
    console: Console = make_console("beta", display)
    view = console.view
    console.aio.wait_until(lambda: view.session.state is ConsoleState.FAILED)
    assert view.status_text() == (
        "Connection failed: Could not reach the display of 'beta'. No such file or directory."
    )
    assert view.title_label.text() == "Connection failed"
    assert view.detail_label.text() == (
        "Could not reach the display of 'beta'. No such file or directory."
    )
    assert view.reconnect_button.isVisible()
    assert display.attempts == 1  # a first failure is not retried by itself
    display.fail_with = None
    console.qtbot.mouseClick(view.reconnect_button, Qt.MouseButton.LeftButton)
    console.connected()
    assert view.stack.currentWidget() is view.scroll_area


def test_it_reconnects_when_the_display_drops_while_the_vm_runs(console: Console) -> None:
    first = console.connected()
    console.show_quadrants(first)
    first.close()
    console.aio.wait_until(lambda: len(console.display.servers) == 2, timeout=10)
    second = console.connected()
    assert console.session.client is not None
    console.aio.run(second.update(raw_rect(0, 0, W, H, [(10, 20, 30)] * (W * H))))
    console.aio.wait_until(lambda: fb_pixel(console.widget, 5, 5) == (10, 20, 30))
    # Input goes to the new connection.
    console.capture()
    console.key(True, KEY_A)
    assert console.message(second, "qemu_key").fields == (1, 0x61, 0x1E)


def test_reconnecting_backs_off_and_shows_why(console: Console) -> None:
    first = console.connected()
    console.display.fail_with = HvdeskError("Could not reach the display of 'beta'", "Refused")
    first.close()
    session = console.session
    console.aio.wait_until(lambda: session.state is ConsoleState.RECONNECTING)
    assert console.view.status_text() == "Reconnecting…"
    console.aio.wait_until(lambda: console.display.attempts >= 4, timeout=10)
    assert session.retry_in == 0.2  # the last of this test's delays, not faster
    assert "Refused" in console.view.detail_label.text()
    assert console.view.reconnect_button.isVisible()
    console.display.fail_with = None
    console.aio.wait_until(lambda: session.state is ConsoleState.CONNECTED, timeout=10)
    assert session.retry_attempt == 0 or session.client is not None


@pytest.mark.parametrize(
    ("shows_pixels", "malformed", "resets"),
    [(True, False, True), (False, False, False), (True, True, False)],
    ids=["useful", "showed-nothing", "ended-for-a-malformed-stream"],
)
def test_only_a_connection_that_did_useful_work_resets_the_back_off(
    console: Console, monkeypatch: pytest.MonkeyPatch, shows_pixels: bool, malformed: bool,
    resets: bool,
) -> None:  # fmt: skip
    monkeypatch.setattr(console_module, "STABLE_AFTER", 0.2)
    session = console.session
    console.connected().close()  # a first drop: the back-off starts
    console.aio.wait_until(lambda: len(console.display.servers) == 2, timeout=10)
    assert session.retry_attempt == 1
    second = console.connected()
    if shows_pixels:
        console.show_quadrants(second)
    console.qtbot.wait(300)  # longer than STABLE_AFTER
    if malformed:
        console.aio.run(second.send(b"\x99"))  # no such message type
    else:
        second.close()
    console.aio.wait_until(lambda: session.state is ConsoleState.RECONNECTING)
    assert (session.retry_attempt, session.retry_in) == ((1, 0.05) if resets else (2, 0.1))
    if malformed:
        assert "a message of unknown type 153" in console.view.detail_label.text()


def test_a_server_that_asks_for_too_much_work_is_disconnected_with_a_sentence(
    console: Console,
) -> None:
    server = console.connected()
    flood = update(*[raw_rect(i % W, 0, 1, 1, [(1, 2, 3)]) for i in range(65535)])
    meter = StallMeter()
    meter.start()
    server.writer.write(flood)  # the client hangs up before it is all sent
    console.aio.wait_until(lambda: console.session.state is ConsoleState.RECONNECTING)
    meter.stop()
    assert console.view.detail_label.text().startswith(
        "The display connection was lost: The VNC server asked for far more work than "
        "showing its screen needs, so hvdesk closed the connection to stay responsive."
    )
    assert meter.worst_cpu <= 0.05, meter.summary()


def test_the_vm_stopping_ends_the_console_without_retries(console: Console) -> None:
    server = console.connected()
    console.aio.run(console.vm.force_off())
    console.aio.wait_until(lambda: console.session.state is ConsoleState.OFF)
    assert console.view.status_text() == "VM is off"
    attempts = console.display.attempts
    server.close()
    console.qtbot.wait(300)
    assert console.display.attempts == attempts


def test_disconnecting_the_host_ends_the_console_and_connecting_brings_it_back(
    console: Console,
) -> None:
    console.connected()
    conn = console.ui.connection
    console.aio.run(conn.close())
    console.aio.wait_until(lambda: console.session.client is None)
    assert console.view.status_text() == f"Not connected to {conn.name}"
    assert not console.view.reconnect_button.isVisible()
    assert console.aio.run(conn.open())
    console.aio.wait_until(lambda: len(console.display.servers) == 2)
    console.connected()
    console.qtbot.wait(100)
    assert len(console.display.servers) == 2  # one attempt, not cancelled by host events
    # The session follows the VM object the reconnected host made.
    assert console.session.vm is console.ui.vm("beta")
    assert console.view.vm is console.session.vm


# ---- windows: console window, dock, detach ----------------------------------------------


def test_the_console_window_docks_into_the_main_window_and_detaches(ui: WindowDriver) -> None:
    vm = ui.vm("beta")
    window = ui.window.show_console(vm)
    assert isinstance(window, ConsoleWindow)
    assert window.windowTitle() == "beta — Console"
    view = window.view
    assert view is not None
    toolbar_texts = [a.text() for a in view.toolbar.actions()]
    assert "Fullscreen" in toolbar_texts and "Dock in main window" in toolbar_texts
    window.dock_action.trigger()
    dock = ui.window.console_dock
    assert dock.view is view and dock.holds(vm)
    assert ui.window.side_tabs.currentWidget() is dock
    ui.aio.wait_until(lambda: vm.uuid not in ui.window.consoles)
    texts = [a.text() for a in view.toolbar.actions()]
    assert "Detach" in texts and "Fullscreen" not in texts and "Dock in main window" not in texts
    # Showing the console again shows the docked one.
    assert ui.window.show_console(vm) is view
    dock.detach_action.trigger()
    detached = ui.window.consoles[vm.uuid]
    assert detached.view is view and dock.view is None
    assert view.session.vm is vm  # the same session: no new connection
    assert "Detach" not in [a.text() for a in view.toolbar.actions()]
    detached.close()


def test_full_screen_hides_the_toolbar_and_shows_a_small_one(ui: WindowDriver) -> None:
    window = ui.window.show_console(ui.vm("beta"))
    assert isinstance(window, ConsoleWindow)
    ui.qtbot.waitExposed(window)
    window.fullscreen_action.trigger()
    view = window.view
    assert view is not None
    ui.aio.wait_until(lambda: not view.toolbar.isVisible())
    assert window.mini_bar.isVisible()
    ui.aio.wait_until(lambda: not window.mini_bar.isVisible(), timeout=5)  # it hides
    window.leave_action.trigger()
    assert not window.fullscreen_action.isChecked()
    assert view.toolbar.isVisible() and view.status_line.isVisible()
    window.close()


# ---- hvdesk --console -----------------------------------------------------------------


def _hvdesk(*args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    import os

    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "HVDESK_REPORT_READY": "1"}
    return subprocess.run(
        [sys.executable, "-m", "hvdesk", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env,
    )


def test_command_line_console_of_an_unknown_vm_fails_clearly() -> None:
    result = _hvdesk("--connect", f"test://{VMS_XML}", "--console", "nosuch")
    assert result.returncode == 3, result.stderr  # 3: no such VM (see hvdesk --help)
    assert "hvdesk: There is no VM named 'nosuch' (nor with that UUID)" in result.stderr
    assert "Traceback" not in result.stderr


def test_command_line_console_opens_the_vms_console() -> None:
    import os

    # By UUID. beta's display socket does not exist on this machine: the console says so.
    app = subprocess.Popen(
        [sys.executable, "-m", "hvdesk", "--connect", f"test://{VMS_XML}",
         "--console", "22222222-2222-4222-8222-222222222222"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen", "HVDESK_REPORT_READY": "1"},
    )  # fmt: skip
    try:
        assert app.stdout is not None
        line = next(line for line in app.stdout if line.startswith("HVDESK_CONSOLE "))
    finally:
        app.terminate()
        app.wait(10)
    _, _, state, message = line.rstrip("\n").split(" ", 3)
    assert state == "failed"
    assert message.startswith("Connection failed: Could not reach the display of 'beta'.")
