"""A ConsoleView on a test-driver VM whose display is a scripted RFB server
(tests/support/rfb_server.py): each connection attempt gets one end of a socket pair."""

from __future__ import annotations

import asyncio
from typing import Any

from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QImage, QKeyEvent, QMouseEvent
from PySide6.QtWidgets import QApplication, QVBoxLayout, QWidget

from hvdesk.core.console import ConsoleEndpoint
from hvdesk.core.errors import HvdeskError
from hvdesk.core.vm import VirtualMachine
from hvdesk.ui.console import ConsoleState, ConsoleWidget, ScaleMode
from hvdesk.ui.console_window import ConsoleView
from tests.support.rfb_server import (
    Msg,
    RfbServer,
    pointer_type,
    qemu_key_ack,
    raw_rect,
    server_pair,
)
from tests.support.window import WindowDriver

W, H = 64, 48
RED, GREEN, BLUE, YELLOW = (255, 0, 0), (0, 255, 0), (0, 0, 255), (255, 255, 0)
LETTERBOX = QColor("#1e1f22")


def quadrants(w: int = W, h: int = H) -> list[tuple[int, int, int]]:
    return [
        (RED, GREEN, BLUE, YELLOW)[(2 if y >= h // 2 else 0) + (1 if x >= w // 2 else 0)]
        for y in range(h)
        for x in range(w)
    ]


class ScriptedDisplay:
    """Stands in for open_console: every connection attempt gets a fresh scripted server,
    which does the handshake and announces what QEMU announces (scancodes, pointer)."""

    def __init__(self, width: int = W, height: int = H, absolute: bool = True) -> None:
        self.width, self.height, self.absolute = width, height, absolute
        self.servers: list[RfbServer] = []
        self.ready: list[asyncio.Future[RfbServer]] = []
        self.fail_with: HvdeskError | None = None
        self.attempts = 0

    async def open(self, vm: VirtualMachine) -> ConsoleEndpoint:
        self.attempts += 1
        if self.fail_with is not None:
            raise self.fail_with
        server_sock, client_sock = server_pair()
        server = await RfbServer.on(server_sock, width=self.width, height=self.height)
        self.servers.append(server)
        self.ready.append(asyncio.ensure_future(self._serve(server)))
        return ConsoleEndpoint(client_sock, None, True)

    def close(self) -> None:
        """Close the server ends here: a StreamWriter left to the garbage collector
        closes itself from whichever thread collects it, which qasync cannot take."""
        for task in self.ready:
            task.cancel()
        for server in self.servers:
            server.close()

    async def _serve(self, server: RfbServer) -> RfbServer:
        await server.handshake()
        await server.setup()
        # QEMU acknowledges its extended key event and says which pointer it has.
        await server.update(
            qemu_key_ack(self.width, self.height),
            pointer_type(self.absolute, self.width, self.height),
        )
        return server


class Console:
    """A ConsoleView on one VM, shown in a test window, and its scripted display."""

    def __init__(self, ui: WindowDriver, vm_name: str, display: ScriptedDisplay) -> None:
        self.ui, self.qtbot, self.aio = ui, ui.qtbot, ui.aio
        self.display = display
        self.vm = ui.vm(vm_name)
        self.view = ConsoleView(
            self.vm,
            session_options={"opener": display.open, "retry_delays": (0.05, 0.1, 0.2)},
        )
        self.view.set_scale_mode(ScaleMode.FIT)
        self.window = QWidget()
        QVBoxLayout(self.window).addWidget(self.view)
        self.window.resize(700, 560)
        self.window.show()
        self.qtbot.waitExposed(self.window)
        self.widget: ConsoleWidget = self.view.widget

    @property
    def session(self) -> Any:
        return self.view.session

    def server(self, timeout: float = 10) -> RfbServer:
        """The latest connection's server, once its handshake is done."""
        self.aio.wait_until(lambda: bool(self.display.ready))
        return self.aio.run(asyncio.wait_for(asyncio.shield(self.display.ready[-1]), timeout))

    def connected(self) -> RfbServer:
        server = self.server()
        self.aio.wait_until(lambda: self.session.state is ConsoleState.CONNECTED)
        self.aio.wait_until(lambda: self.session.client.supports_qemu_keys)
        return server

    def show_quadrants(self, server: RfbServer) -> None:
        self.aio.run(server.update(raw_rect(0, 0, W, H, quadrants())))
        self.aio.wait_until(lambda: fb_pixel(self.widget, W - 1, H - 1) == YELLOW)

    def capture(self) -> None:
        self.window.activateWindow()
        self.qtbot.waitActive(self.window)
        self.widget.setFocus()
        self.aio.wait_until(lambda: self.widget.captured)

    def key(self, down: bool, key: tuple[int, int, Qt.Key, str], **kw: Any) -> None:
        code, keysym, qt_key, text = key
        kind = QEvent.Type.KeyPress if down else QEvent.Type.KeyRelease
        event = QKeyEvent(kind, qt_key, Qt.KeyboardModifier.NoModifier, code, keysym, 0, text, **kw)
        QApplication.sendEvent(self.widget, event)

    def message(self, server: RfbServer, kind: str) -> Msg:
        return self.aio.run(server.message_of(kind))

    def click(self, pos: QPoint, button: Qt.MouseButton = Qt.MouseButton.LeftButton) -> None:
        self.qtbot.mouseClick(self.widget, button, pos=pos)

    def move(self, pos: QPoint) -> None:
        """A pointer move over the widget (QTest's mouseMove warps the real cursor)."""
        local = QPointF(pos)
        event = QMouseEvent(
            QEvent.Type.MouseMove, local, QPointF(self.widget.mapToGlobal(pos)),
            Qt.MouseButton.NoButton, Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier,
        )  # fmt: skip
        QApplication.sendEvent(self.widget, event)

    def close(self) -> None:
        self.view.shutdown()
        self.display.close()
        self.window.close()
        self.window.deleteLater()
        self.qtbot.wait(20)  # the transports finish closing on this loop


def fb_pixel(widget: ConsoleWidget, x: int, y: int) -> tuple[int, int, int] | None:
    image = widget.framebuffer()
    if image is None or image.isNull():
        return None
    colour = image.pixelColor(x, y)
    return colour.red(), colour.green(), colour.blue()


def rgb(image: QImage, x: int, y: int) -> tuple[int, int, int]:
    colour = image.pixelColor(x, y)
    return colour.red(), colour.green(), colour.blue()
