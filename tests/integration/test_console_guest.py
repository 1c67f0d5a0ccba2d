"""The console on a real guest: the tiny test guest on the embedded driver, under TCG.

The guest draws four colour quadrants on its 1024x768 framebuffer and echoes the keys
typed on its keyboard to the serial port (tests/guest/build.py), so the test can see
both directions: pixels from QEMU's VNC server to the widget, scancodes back.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QGuiApplication, QImage, QKeyEvent
from PySide6.QtWidgets import QApplication

from hvdesk.core.connection import Connection
from hvdesk.ui.console import ConsoleState, ScaleMode
from hvdesk.ui.console_window import ConsoleWindow
from hvdesk.ui.xshm import ShmFramebuffer, XShmDisplay
from tests.guest.build import FB_HEIGHT, FB_WIDTH, GuestImage, pattern_colour
from tests.guest.domain import guest_domain_xml
from tests.support.aio import AsyncRunner

pytestmark = pytest.mark.integration

READY = "HVDESK-GUEST-READY"


def _serial_has(serial: Path, text: str) -> bool:
    return serial.exists() and text in serial.read_text(errors="replace")


def _rgb(image: QImage, x: int, y: int) -> tuple[int, int, int]:
    colour = image.pixelColor(x, y)
    return colour.red(), colour.green(), colour.blue()


def test_the_console_shows_the_guest_and_types_into_it(
    embedded: Connection,
    aio: AsyncRunner,
    qtbot: Any,
    guest_image: GuestImage,
    embed_root: Path,
    tmp_path: Path,
) -> None:
    conn = embedded
    serial = embed_root / "console.serial"
    xml = guest_domain_xml(
        "console", guest_image, serial_log=serial, vnc_socket=embed_root / "console.vnc"
    )
    uuid = aio.run(conn.call(lambda c: c.defineXML(xml).UUIDString()))
    aio.wait_until(lambda: uuid in conn.vms)
    vm = conn.vms[uuid]
    aio.run(vm.start())
    window = ConsoleWindow(vm)  # a window of its own, as from the manager or --console
    qtbot.addWidget(window)
    window.show()
    assert window.view is not None
    view, widget = window.view, window.view.widget
    # libvirt hands hvdesk a connected socket (openGraphicsFD): no path, no port.
    aio.wait_until(lambda: view.session.state is ConsoleState.CONNECTED, timeout=30)
    aio.wait_until(lambda: _serial_has(serial, READY), timeout=90)

    def shows_pattern() -> bool:
        image = widget.framebuffer()
        if image is None or (image.width(), image.height()) != (FB_WIDTH, FB_HEIGHT):
            return False
        return all(
            _rgb(image, x, y) == pattern_colour(x, y)
            for x, y in ((100, 100), (900, 100), (100, 700), (900, 700))
        )

    aio.wait_until(shows_pattern, timeout=30)
    # On screen, scaled to the window: each quadrant's middle has its colour.
    shot = widget.grab().toImage()
    target, sx, sy = widget.display_geometry()
    for fx, fy in ((256, 192), (768, 192), (256, 576), (768, 576)):
        x, y = int(target.x() + fx * sx), int(target.y() + fy * sy)
        assert _rgb(shot, x, y) == pattern_colour(fx, fy), (fx, fy)

    # Keys, as X keycodes: QEMU scancodes through the extended key event.
    window.activateWindow()
    qtbot.waitActive(window)
    widget.setFocus()
    aio.wait_until(lambda: widget.captured)
    aio.wait_until(lambda: bool(view.session.client and view.session.client.supports_qemu_keys))
    for code, key, text in ((43, Qt.Key.Key_H, "h"), (31, Qt.Key.Key_I, "i")):
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            event = QKeyEvent(kind, key, Qt.KeyboardModifier.NoModifier, code, 0, 0, text)
            QApplication.sendEvent(widget, event)
    aio.wait_until(lambda: _serial_has(serial, "KEY:h\nKEY:i"), timeout=30)

    path = tmp_path / "guest.png"
    assert view.save_screenshot(str(path))
    saved = QImage(str(path))
    assert (saved.width(), saved.height()) == (FB_WIDTH, FB_HEIGHT)
    assert _rgb(saved, 1000, 760) == pattern_colour(1000, 760)

    aio.run(vm.force_off())
    aio.wait_until(lambda: view.status_text() == "VM is off", timeout=30)
    window.close()


@pytest.mark.x11_only
def test_the_guest_shown_one_to_one_goes_straight_to_the_x_server(
    embedded: Connection,
    aio: AsyncRunner,
    qtbot: Any,
    guest_image: GuestImage,
    embed_root: Path,
) -> None:
    """In a real X server, 1:1: QEMU's pixels land in shared memory and the X server
    shows them from there (hvdesk/ui/xshm.py); read back from the X server."""
    if QGuiApplication.platformName() != "xcb" or XShmDisplay.instance() is None:
        pytest.fail("run this in Xvfb with QT_QPA_PLATFORM=xcb (make test does)")
    xml = guest_domain_xml(
        "direct",
        guest_image,
        serial_log=embed_root / "direct.serial",
        vnc_socket=embed_root / "direct.vnc",
    )
    uuid = aio.run(embedded.call(lambda c: c.defineXML(xml).UUIDString()))
    aio.wait_until(lambda: uuid in embedded.vms)
    vm = embedded.vms[uuid]
    aio.run(vm.start())
    window = ConsoleWindow(vm)
    qtbot.addWidget(window)
    window.show()
    assert window.view is not None
    view, widget = window.view, window.view.widget
    view.set_scale_mode(ScaleMode.ONE_TO_ONE)
    aio.wait_until(lambda: widget.paints_directly, timeout=60)
    window.resize(1000, 700)  # all the points below in view (the rest scrolls)
    points = ((100, 100), (900, 100), (100, 500))

    def screen_shows_pattern() -> bool:
        XShmDisplay.instance().sync()  # type: ignore[union-attr]
        screen = QGuiApplication.primaryScreen().grabWindow(widget.winId()).toImage()
        return all(_rgb(screen, x, y) == pattern_colour(x, y) for x, y in points)

    aio.wait_until(screen_shows_pattern, timeout=90)
    assert isinstance(view.session.client.framebuffer, ShmFramebuffer)  # type: ignore[union-attr]
    aio.run(vm.force_off())
    aio.wait_until(lambda: view.status_text() == "VM is off", timeout=30)
    assert not widget.paints_directly  # the veil "VM is off" is painted by Qt
    window.close()
