"""The console's direct path on X11: the framebuffer in memory shared with the X server
(MIT-SHM), updates shown 1:1 put straight into the widget's own X window, bypassing
Qt's backing store (hvdesk/ui/xshm.py).

These need a real X server. What the user sees is read back from the X server
(QScreen.grabWindow), not from Qt: that is where the two paths differ.
"""

from __future__ import annotations

import gc
import os
import subprocess
import sys
from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import QEvent, QObject, QPoint
from PySide6.QtGui import QGuiApplication, QImage
from PySide6.QtWidgets import QVBoxLayout, QWidget

from hvdesk.ui.console import ScaleMode
from hvdesk.ui.console_window import ConsoleWindow
from hvdesk.ui.xshm import ShmFramebuffer, XShmDisplay
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
    rgb,
)
from tests.support.rfb_server import desktop_size, raw_rect
from tests.support.window import WindowDriver

pytestmark = pytest.mark.x11_only
LETTERBOX_RGB = (LETTERBOX.red(), LETTERBOX.green(), LETTERBOX.blue())


@pytest.fixture(autouse=True)
def _x11_with_shm() -> XShmDisplay:
    if QGuiApplication.platformName() != "xcb":
        pytest.fail("run these in Xvfb with QT_QPA_PLATFORM=xcb (make test does)")
    display = XShmDisplay.instance()
    assert display is not None, "Xvfb offers MIT-SHM: the direct path must be available"
    return display


@pytest.fixture
def ui(make_window: Any) -> WindowDriver:
    driver: WindowDriver = make_window(f"test://{VMS_XML}")
    return driver


@pytest.fixture
def console(ui: WindowDriver) -> Iterator[Console]:
    made = Console(ui, "beta", ScriptedDisplay())
    made.view.set_scale_mode(ScaleMode.ONE_TO_ONE)
    yield made
    made.close()


def on_screen(console: Console) -> QImage:
    """The widget's X window as the X server shows it."""
    XShmDisplay.instance().sync()  # type: ignore[union-attr]
    window = console.widget.winId()
    return QGuiApplication.primaryScreen().grabWindow(window).toImage()


class PaintCounter(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.paints = 0

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.paints += 1
        return False


def test_updates_shown_one_to_one_go_straight_to_the_x_window(console: Console) -> None:
    server = console.connected()
    console.show_quadrants(server)
    widget = console.widget
    assert widget.client is not None
    assert isinstance(widget.client.framebuffer, ShmFramebuffer)
    assert widget.paints_directly
    screen = on_screen(console)
    for x, y, colour in ((5, 5, RED), (W - 5, 5, GREEN), (5, H - 5, BLUE), (W - 5, H - 5, YELLOW)):
        assert rgb(screen, x, y) == colour, (x, y)
    # The next update reaches the screen without a paint event: Qt is not involved.
    counter = PaintCounter()
    widget.installEventFilter(counter)
    console.aio.run(server.update(raw_rect(0, 0, W // 2, H // 2, [YELLOW] * (W // 2 * H // 2))))
    console.aio.wait_until(lambda: fb_pixel(widget, 0, 0) == YELLOW)
    assert rgb(on_screen(console), 5, 5) == YELLOW
    assert counter.paints == 0
    widget.removeEventFilter(counter)
    # A grab (screenshots, the accessibility tools) still paints the pixels through Qt.
    shot = widget.grab().toImage()
    assert rgb(shot, 5, 5) == YELLOW and rgb(shot, W - 5, H - 5) == YELLOW
    assert rgb(shot, 5, H - 5) == BLUE


def test_fit_at_scale_one_paints_the_margins_directly(console: Console) -> None:
    """Scaled to fit, a guest as wide as the widget and less tall is shown 1:1 between
    two bands: direct, and the bands are filled on the X window too."""
    server = console.connected()
    widget = console.widget
    console.view.set_scale_mode(ScaleMode.FIT)
    console.aio.wait_until(lambda: widget.width() > W * 4)  # fills the view again
    width, height = widget.width(), widget.height() // 2
    console.aio.run(server.update(desktop_size(width, height)))
    console.aio.wait_until(lambda: widget.framebuffer_size().width() == width)
    console.aio.run(server.update(raw_rect(0, 0, width, height, [RED] * (width * height))))
    console.aio.wait_until(lambda: fb_pixel(widget, width - 1, height - 1) == RED)
    target, sx, sy = widget.display_geometry()
    assert (sx, sy) == (1.0, 1.0) and target.top() > 10
    assert widget.paints_directly
    widget.update()  # an exposure: the on-screen paint event draws bands and screen
    console.aio.wait_until(lambda: rgb(on_screen(console), 5, target.top() // 2) == LETTERBOX_RGB)
    screen = on_screen(console)
    assert rgb(screen, width // 2, target.center().y()) == RED
    assert rgb(screen, width // 2, (target.bottom() + widget.height()) // 2) == LETTERBOX_RGB


def test_on_a_scaled_display_qt_paints(console: Console) -> None:
    """With a device pixel ratio of 2 (QT_SCALE_FACTOR=2, as on a HiDPI screen), 1:1 in
    Qt's pixels is 2:1 in the X window's: Qt paints. The next test runs this one again
    in a process of its own with that scale."""
    expected = float(os.environ.get("HVDESK_TEST_EXPECT_DPR", "1"))
    server = console.connected()
    console.show_quadrants(server)
    widget = console.widget
    ratio = widget.devicePixelRatioF()
    assert ratio == expected
    assert widget.paints_directly is (ratio == 1.0)
    screen = on_screen(console)  # in device pixels
    for x, y, colour in ((5, 5, RED), (W - 5, 5, GREEN), (5, H - 5, BLUE), (W - 5, H - 5, YELLOW)):
        assert rgb(screen, int(x * ratio), int(y * ratio)) == colour, (x, y)


def test_the_same_at_device_pixel_ratio_2() -> None:
    node = f"{__file__}::test_on_a_scaled_display_qt_paints"
    environment = {
        **os.environ,
        "QT_QPA_PLATFORM": "xcb",
        "QT_SCALE_FACTOR": "2",
        "HVDESK_TEST_EXPECT_DPR": "2",
    }
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q", node],
        capture_output=True,
        text=True,
        timeout=120,
        env=environment,
        check=False,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    assert "1 passed" in done.stdout


def test_an_overlay_or_scaling_hands_painting_back_to_qt(console: Console) -> None:
    server = console.connected()
    console.show_quadrants(server)
    widget = console.widget
    assert widget.paints_directly
    widget.set_overlay("VM is paused")
    assert not widget.paints_directly
    console.aio.wait_until(lambda: rgb(on_screen(console), 2, 2) != RED)  # veiled, dark
    red, green, blue = rgb(on_screen(console), 2, 2)
    assert red < 160 and green < 40 and blue < 40
    widget.set_overlay("")
    assert widget.paints_directly
    console.aio.wait_until(lambda: rgb(on_screen(console), 2, 2) == RED)
    # Scaled to fit the 700x560 window: Qt scales, and the screen shows it scaled.
    console.view.set_scale_mode(ScaleMode.FIT)
    console.aio.wait_until(lambda: not widget.paints_directly)
    target, sx, _ = widget.display_geometry()
    assert sx > 2
    x, y = target.right() - 10, target.bottom() - 10
    console.aio.wait_until(lambda: rgb(on_screen(console), x, y) == YELLOW)
    # 1:1 again: direct again, and an update shows.
    console.view.set_scale_mode(ScaleMode.ONE_TO_ONE)
    console.aio.wait_until(lambda: widget.paints_directly)
    console.aio.run(server.update(raw_rect(0, 0, 8, 8, [GREEN] * 64)))
    console.aio.wait_until(lambda: rgb(on_screen(console), 2, 2) == GREEN)


def test_a_new_x_window_after_reparenting_is_painted_too(console: Console) -> None:
    """Docking and detaching move the view to another top-level window (Qt moves the
    screen's X window there, or makes a new one): the direct path must follow it."""
    server = console.connected()
    console.show_quadrants(server)
    widget = console.widget
    other = QWidget()
    QVBoxLayout(other).addWidget(console.view)
    other.resize(400, 300)
    other.show()
    console.qtbot.waitExposed(other)
    try:
        assert widget.window() is other
        console.aio.wait_until(lambda: widget.paints_directly)
        console.aio.run(server.update(raw_rect(W - 8, H - 8, 8, 8, [RED] * 64)))
        console.aio.wait_until(lambda: fb_pixel(widget, W - 1, H - 1) == RED)
        console.aio.wait_until(lambda: rgb(on_screen(console), W - 2, H - 2) == RED)
        assert rgb(on_screen(console), 2, 2) == RED  # the quadrant painted on exposure
    finally:
        console.window.layout().addWidget(console.view)
        other.close()
        other.deleteLater()


def _live_segments() -> int:
    """System V shared-memory segments this process made that still exist, once what
    is unreachable is collected and the X server has let go of what we detached."""
    gc.collect()
    XShmDisplay.instance().sync()  # type: ignore[union-attr]
    with open("/proc/sysvipc/shm") as table:
        lines = table.read().splitlines()[1:]
    return sum(1 for line in lines if int(line.split()[4]) == os.getpid())


def test_the_shared_memory_goes_with_the_client(console: Console) -> None:
    server = console.connected()
    console.show_quadrants(server)
    assert _live_segments() == 1
    for _ in range(4):
        servers = len(console.display.ready)
        console.session.reconnect()
        console.aio.wait_until(lambda n=servers: len(console.display.ready) > n)
        server = console.connected()
        console.show_quadrants(server)
    assert _live_segments() == 1
    # The last frame of a closed connection is the widget's own copy.
    console.session.stop()
    console.aio.wait_until(lambda: _live_segments() == 0)  # once the transport has closed
    assert fb_pixel(console.widget, 0, 0) == RED


def test_the_full_screen_bar_shows_above_a_directly_painted_screen(ui: WindowDriver) -> None:
    size = QGuiApplication.primaryScreen().geometry().size()
    display = ScriptedDisplay(size.width(), size.height())
    console = Console(ui, "beta", display)
    window = ConsoleWindow(console.vm, view=console.view)
    try:
        window.show()
        ui.qtbot.waitExposed(window)
        server = console.connected()
        console.view.set_scale_mode(ScaleMode.ONE_TO_ONE)
        window.set_fullscreen(True)
        widget = console.widget
        # The toolbar is gone: the screen starts at the window's top edge, under the bar.
        ui.aio.wait_until(lambda: widget.mapTo(window, QPoint(0, 0)) == QPoint(0, 0))
        ui.aio.wait_until(lambda: widget.paints_directly)
        pixels = size.width() * size.height()
        ui.aio.run(server.update(raw_rect(0, 0, size.width(), size.height(), [RED] * pixels)))
        ui.aio.wait_until(lambda: fb_pixel(widget, size.width() - 1, size.height() - 1) == RED)
        window._show_mini_bar()
        bar = window.mini_bar
        centre = bar.mapTo(window, bar.rect().center())
        XShmDisplay.instance().sync()  # type: ignore[union-attr]
        screen = QGuiApplication.primaryScreen().grabWindow(0).toImage()
        assert rgb(screen, centre.x() + bar.width() // 3, 2) != RED  # the bar, not the guest
        assert rgb(screen, 5, size.height() // 2) == RED
        # The guest is larger than the window: X clips it to the scroll area's viewport,
        # so the scroll bar stays visible.
        scroll_bar = console.view.scroll_area.verticalScrollBar()
        assert scroll_bar.isVisible()
        bar_point = scroll_bar.mapTo(window, scroll_bar.rect().center())
        assert rgb(screen, bar_point.x(), bar_point.y()) != RED
    finally:
        window.set_fullscreen(False)
        console.close()
        window.close()
        window.deleteLater()


_PROBE = """
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from hvdesk.ui.console import ConsoleWidget
from hvdesk.ui.xshm import XShmDisplay
app = QApplication([])
widget = ConsoleWidget()
image = widget.new_framebuffer(32, 16)
native = widget.testAttribute(Qt.WidgetAttribute.WA_NativeWindow)
print(XShmDisplay.instance() is not None, native, type(image).__name__)
"""


@pytest.mark.parametrize(
    ("server_args", "env", "expected"),
    [
        (None, {}, "True True ShmFramebuffer"),
        (None, {"HVDESK_NO_XSHM": "1"}, "False False QImage"),
        ("-extension MIT-SHM", {}, "False False QImage"),
    ],
    ids=["shared-memory", "turned-off", "x-server-without-mit-shm"],
)
def test_without_mit_shm_the_console_paints_through_qt(
    server_args: str | None, env: dict[str, str], expected: str
) -> None:
    command = [sys.executable, "-c", _PROBE]
    if server_args is not None:
        command = ["xvfb-run", "-a", "-s", f"-screen 0 640x480x24 {server_args}", *command]
    environment = {**os.environ, "QT_QPA_PLATFORM": "xcb", **env}
    done = subprocess.run(
        command, capture_output=True, text=True, timeout=60, env=environment, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == expected, done.stderr
    assert "QPainter" not in done.stderr and "Warning" not in done.stderr
