"""The VNC console: a widget that shows a guest's screen and forwards input to it, and
the session that keeps it connected while the VM runs.

`ConsoleWidget` is the RFB client's listener (hvdesk.vnc.listener.ConsoleListener): it
paints the client's framebuffer, repainting only what changed, scaled to fit (keeping
the aspect ratio, letterboxed) or 1:1 inside a scroll area; on X11, shown 1:1, updates go
from shared memory straight to its X window (hvdesk.ui.xshm). Keyboard input goes to the
guest as QEMU scancodes (plus X keysyms) while the keyboard is captured; the host key
(Right Ctrl unless chosen otherwise) releases it. The clipboard moves only while the
widget has the focus: the guest's text comes to this computer when the user shares
the clipboard with this VM (`set_share_clipboard`); the guest may fetch what the user
pasted to it. It never calls libvirt.

`ConsoleSession` owns the connection: it follows the VM's state through the libvirt
Connection's signals, connects (`open_console` + `connect_rfb`), says what is going on
("VM is off", "VM is paused", "Connecting…", "Connection failed: …"), and reconnects
with back-off when the display's socket drops while the VM still runs.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import Any, cast

from PySide6.QtCore import QEvent, QObject, QPoint, QPointF, QRect, QSize, Qt, QTimer, Signal
from PySide6.QtGui import (
    QColor,
    QCursor,
    QFocusEvent,
    QFont,
    QGuiApplication,
    QImage,
    QKeyEvent,
    QMouseEvent,
    QMoveEvent,
    QPaintEngine,
    QPainter,
    QPaintEvent,
    QPixmap,
    QRegion,
    QResizeEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import QApplication, QWidget

from hvdesk.core import preferences
from hvdesk.core.connection import Connection, ConnectionState
from hvdesk.core.console import ConsoleEndpoint, open_console
from hvdesk.core.errors import HvdeskError
from hvdesk.core.vm import VirtualMachine, VmState
from hvdesk.i18n import QT_TRANSLATE_NOOP, fill, translate
from hvdesk.ui.xshm import DEPTH, ShmFramebuffer, XShmDisplay
from hvdesk.vnc import keymap
from hvdesk.vnc.client import LOCAL_ENCODINGS, REMOTE_ENCODINGS, RfbClient, connect_rfb
from hvdesk.vnc.errors import RfbError
from hvdesk.vnc.pixels import new_framebuffer

BACKGROUND = QColor("#1e1f22")

# RFB pointer button bits.
BUTTON_BITS = {
    Qt.MouseButton.LeftButton: 1,
    Qt.MouseButton.MiddleButton: 2,
    Qt.MouseButton.RightButton: 4,
}
WHEEL_UP, WHEEL_DOWN, WHEEL_LEFT, WHEEL_RIGHT = 8, 16, 32, 64

# A guest may set this computer's clipboard at most this often (each set wakes every
# clipboard manager on the desktop); the latest text wins.
CLIPBOARD_INTERVAL_MS = 250
BELL_INTERVAL = 0.5  # seconds between two beeps at most


# ---- keys the console sends on its own (Send key menu, host key) --------------------


@dataclass(frozen=True)
class Key:
    """One key as the guest sees it: an X keysym and its QEMU (qnum) scancode."""

    keysym: int
    scancode: int


KEYS: dict[str, Key] = {
    "Control_L": Key(0xFFE3, 0x1D),
    "Control_R": Key(0xFFE4, 0x9D),
    "Alt_L": Key(0xFFE9, 0x38),
    "Alt_R": Key(0xFFEA, 0xB8),
    "Shift_L": Key(0xFFE1, 0x2A),
    "Super_L": Key(0xFFEB, 0xDB),
    "Super_R": Key(0xFFEC, 0xDC),
    "Menu": Key(0xFF67, 0xDD),
    "Scroll_Lock": Key(0xFF14, 0x46),
    "Caps_Lock": Key(0xFFE5, 0x3A),
    "Num_Lock": Key(0xFF7F, 0x45),
    "Delete": Key(0xFFFF, 0xD3),
    "BackSpace": Key(0xFF08, 0x0E),
    "Tab": Key(0xFF09, 0x0F),
    "Escape": Key(0xFF1B, 0x01),
    "Print": Key(0xFF61, 0xB7),
    "Sys_Req": Key(0xFF15, 0x54),
    **{f"F{n}": Key(0xFFBE + n - 1, 0x3B + n - 1) for n in range(1, 11)},
    "F11": Key(0xFFC8, 0x57),
    "F12": Key(0xFFC9, 0x58),
}


@dataclass(frozen=True)
class KeyCombo:
    label: str
    keys: tuple[str, ...]  # pressed in this order, released in reverse


SEND_KEYS: tuple[KeyCombo, ...] = (
    KeyCombo("Ctrl+Alt+Del", ("Control_L", "Alt_L", "Delete")),
    KeyCombo("Ctrl+Alt+Backspace", ("Control_L", "Alt_L", "BackSpace")),
    *(KeyCombo(f"Ctrl+Alt+F{n}", ("Control_L", "Alt_L", f"F{n}")) for n in range(1, 13)),
    KeyCombo(QT_TRANSLATE_NOOP("KeyCombo", "Print Screen"), ("Print",)),
    KeyCombo(QT_TRANSLATE_NOOP("KeyCombo", "Alt+Print Screen"), ("Alt_L", "Print")),
    KeyCombo("Alt+Tab", ("Alt_L", "Tab")),
    KeyCombo("Alt+F4", ("Alt_L", "F4")),
    KeyCombo(QT_TRANSLATE_NOOP("KeyCombo", "Super (Windows key)"), ("Super_L",)),
    KeyCombo(QT_TRANSLATE_NOOP("KeyCombo", "Escape"), ("Escape",)),
)


class ScaleMode(Enum):
    FIT = "fit"  # the whole screen in the widget, aspect kept, letterboxed
    ONE_TO_ONE = "1:1"  # one guest pixel per widget pixel, scrolled


# ---- the widget ----------------------------------------------------------------------


class ConsoleWidget(QWidget):
    """Shows one RFB client's framebuffer and sends it the user's input.

    Implements hvdesk.vnc.listener.ConsoleListener; `ConsoleSession` passes it (through
    a relay that drops a superseded client's calls) to `connect_rfb` and `attach`es the
    client it returns.
    """

    captureChanged = Signal(bool)
    framebufferResized = Signal(int, int)  # width, height (also on connect)
    framebufferUpdated = Signal()  # once per finished FramebufferUpdate
    ledsChanged = Signal()
    clipboardReceived = Signal(str)
    hostCombo = Signal(int)  # a Qt key pressed while the host key is held
    disconnected = Signal(object)  # str | None, when used without a session

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("consoleWidget")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(True)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.setAttribute(Qt.WidgetAttribute.WA_KeyCompression, False)
        self.setAccessibleName(self.tr("VM screen"))
        self.client: RfbClient | None = None
        self.name = ""
        self._fb_size = QSize(0, 0)
        self._last_frame: QImage | None = None  # what stays on screen after a disconnect
        self._scale_mode = ScaleMode.FIT
        self._geometry: tuple[QRect, float, float] | None = None  # target, sx, sy
        self.captured = False
        self._capture_suspended = False  # released by the host key: a click takes it back
        self._pointer_grabbed = False
        self.absolute_pointer = True
        self._buttons = 0
        self._wheel_x = 0
        self._wheel_y = 0
        self._sent_mask = -1  # relative mode: the button mask last sent
        self._input_enabled = True
        self.overlay_text = ""
        self._pressed: dict[int, tuple[int, int | None]] = {}  # key id -> (keysym, scancode)
        self._host_keysym = KEYS[preferences.DEFAULT_HOST_KEY].keysym
        self._host_scancode = KEYS[preferences.DEFAULT_HOST_KEY].scancode
        self.host_key_name = preferences.DEFAULT_HOST_KEY
        self._host_down = False
        self._host_used = False
        self._cursor_image: QImage | None = None
        self._cursor_hot = QPoint(0, 0)
        self._cursor_scale = 0.0
        self._cursor_hidden = False  # the guest said "no cursor"
        self.leds = (False, False, False)  # scroll, num, caps
        self._leds_known = False  # the server reports its LEDs: lock keys can be synced
        self.guest_clipboard = ""
        self.share_clipboard = False
        self._clipboard_pending: str | None = None
        self._clipboard_timer = QTimer(self)
        self._clipboard_timer.setSingleShot(True)
        self._clipboard_timer.setInterval(CLIPBOARD_INTERVAL_MS)
        self._clipboard_timer.timeout.connect(self._apply_pending_clipboard)
        self._last_bell = 0.0
        self.set_host_key(preferences.console_host_key())
        # On X11 the framebuffer lives in memory the X server shares, and updates
        # shown 1:1 go from it straight to this widget's own X window (see _sync_direct).
        self._xshm = XShmDisplay.instance()
        self._direct = False
        self._onscreen_paint = False  # the paint event Qt is about to send is on-screen
        self._window = 0
        if self._xshm is not None:
            # Native ancestors too (Qt's default): X then clips the screen to the
            # scroll area and moves it with them. Their siblings need not be native.
            QApplication.setAttribute(Qt.ApplicationAttribute.AA_DontCreateNativeWidgetSiblings)
            self.setAttribute(Qt.WidgetAttribute.WA_NativeWindow)

    # ---- the ConsoleListener contract (called on the GUI thread, in stream order) ----

    def connected(self, name: str, width: int, height: int) -> None:
        self.name = name
        self._set_fb_size(width, height)

    def framebuffer_resized(self, width: int, height: int) -> None:
        self._set_fb_size(width, height)

    def framebuffer_updated(self, x: int, y: int, width: int, height: int) -> None:
        rect = QRect(x, y, width, height)
        if not (self._direct and self._put(rect)):
            self.update(self.map_rect_to_widget(rect))
        self.framebufferUpdated.emit()

    def cursor_changed(self, image: QImage | None, hot_x: int, hot_y: int) -> None:
        self._cursor_hidden = image is None
        self._cursor_image = None if image is None else image.copy()
        self._cursor_hot = QPoint(hot_x, hot_y)
        self._cursor_scale = 0.0
        self._update_cursor()

    def pointer_mode_changed(self, absolute: bool) -> None:
        self.absolute_pointer = absolute
        if absolute:
            self._grab_pointer(False)  # a relative pointer is grabbed by a click only
        self._update_cursor()
        self.captureChanged.emit(self.captured)  # the indicator's wording changes

    def leds_changed(self, scroll_lock: bool, num_lock: bool, caps_lock: bool) -> None:
        self.leds = (scroll_lock, num_lock, caps_lock)
        self._leds_known = True
        self.ledsChanged.emit()

    def clipboard_received(self, text: str) -> None:
        """Only while the client lets the guest's clipboard through (see
        _sync_clipboard): shared with this VM and focused."""
        if not self._takes_guest_clipboard():
            return
        if self._clipboard_timer.isActive():
            self._clipboard_pending = text  # set when the interval is over
            return
        self._set_host_clipboard(text)

    def _apply_pending_clipboard(self) -> None:
        text, self._clipboard_pending = self._clipboard_pending, None
        if text is not None and self.client is not None and self._takes_guest_clipboard():
            self._set_host_clipboard(text)

    def _set_host_clipboard(self, text: str) -> None:
        self.guest_clipboard = text
        QGuiApplication.clipboard().setText(text)
        self._clipboard_timer.start()
        self.clipboardReceived.emit(text)

    def bell(self) -> None:
        now = time.monotonic()
        if now - self._last_bell >= BELL_INTERVAL:
            self._last_bell = now
            QApplication.beep()

    def closed(self, error: str | None) -> None:
        self.detach()
        self.disconnected.emit(error)

    # ---- the client ------------------------------------------------------------------

    def attach(self, client: RfbClient) -> None:
        """Show this client's framebuffer and send it input (after connect_rfb)."""
        self.client = client
        self._last_frame = None
        self.name = client.name
        self.absolute_pointer = client.absolute_pointer
        self._set_fb_size(client.width, client.height)
        self._sync_padding()
        self._sync_clipboard()
        self._update_cursor()
        self._sync_direct()
        self.update()
        if self.hasFocus() and not self._capture_suspended:
            self.set_captured(True)

    def detach(self) -> None:
        """Forget the client (closed or being replaced); the last frame stays painted."""
        if self.client is not None:
            self._release_all_keys()
            # A copy: the client's image (shared memory) may go with the client.
            self._last_frame = self.client.framebuffer.copy()
        self.client = None
        self._buttons = 0
        self._clipboard_pending = None
        self.set_captured(False)
        self._sync_direct()

    # ---- the clipboard ---------------------------------------------------------------

    def set_share_clipboard(self, share: bool) -> None:
        """Whether the guest's clipboard text comes to this computer (while focused)."""
        self.share_clipboard = share
        self._sync_clipboard()

    def _takes_guest_clipboard(self) -> bool:
        return self.share_clipboard and self.hasFocus()

    def _sync_clipboard(self) -> None:
        """No clipboard traffic while the console is not focused; the guest's
        clipboard only when it is shared."""
        client = self.client
        if client is None:
            return
        client.clipboard_to_guest = self.hasFocus()
        client.clipboard_from_guest = self._takes_guest_clipboard()
        if not client.clipboard_from_guest:
            self._clipboard_pending = None

    def framebuffer(self) -> QImage | None:
        if self.client is not None:
            return self.client.framebuffer
        return self._last_frame

    def framebuffer_size(self) -> QSize:
        return QSize(self._fb_size)

    def new_framebuffer(self, width: int, height: int) -> QImage:
        """The client's framebuffer factory: in shared memory where it can be."""
        if self._xshm is not None:
            return self._xshm.new_framebuffer(width, height)
        return new_framebuffer(width, height)

    def _set_fb_size(self, width: int, height: int) -> None:
        size = QSize(width, height)
        if size != self._fb_size:
            self._fb_size = size
            self._geometry = None
            self._cursor_scale = 0.0
            self._apply_scale_mode()
            self.framebufferResized.emit(width, height)
        self._sync_direct()
        self.update()

    # ---- scaling ---------------------------------------------------------------------

    @property
    def scale_mode(self) -> ScaleMode:
        return self._scale_mode

    def set_scale_mode(self, mode: ScaleMode) -> None:
        self._scale_mode = mode
        self._apply_scale_mode()

    def _apply_scale_mode(self) -> None:
        self._geometry = None
        if self._scale_mode is ScaleMode.ONE_TO_ONE and not self._fb_size.isEmpty():
            self.setFixedSize(self._fb_size)  # a scroll area around us scrolls
        else:
            self.setMinimumSize(1, 1)
            self.setMaximumSize(16777215, 16777215)
        self.updateGeometry()
        self._update_cursor()
        self._sync_direct()
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(self._fb_size) if not self._fb_size.isEmpty() else QSize(800, 600)

    def minimumSizeHint(self) -> QSize:
        if self._scale_mode is ScaleMode.ONE_TO_ONE and not self._fb_size.isEmpty():
            return QSize(self._fb_size)
        return QSize(64, 48)

    def display_geometry(self) -> tuple[QRect, float, float]:
        """Where the framebuffer is drawn in the widget, and its x and y scale."""
        if self._geometry is None:
            self._geometry = self._compute_geometry()
        return self._geometry

    def _compute_geometry(self) -> tuple[QRect, float, float]:
        fw, fh = self._fb_size.width(), self._fb_size.height()
        if fw <= 0 or fh <= 0:
            return QRect(), 1.0, 1.0
        ww, wh = self.width(), self.height()
        if self._scale_mode is ScaleMode.ONE_TO_ONE:
            return QRect(max(0, (ww - fw) // 2), max(0, (wh - fh) // 2), fw, fh), 1.0, 1.0
        scale = min(ww / fw, wh / fh)
        w, h = max(1, round(fw * scale)), max(1, round(fh * scale))
        return QRect((ww - w) // 2, (wh - h) // 2, w, h), w / fw, h / fh

    def scale(self) -> float:
        return self.display_geometry()[1]

    def map_rect_to_widget(self, rect: QRect) -> QRect:
        target, sx, sy = self.display_geometry()
        if sx == 1.0 and sy == 1.0:
            return rect.translated(target.topLeft())
        left = int(target.x() + rect.x() * sx)
        top = int(target.y() + rect.y() * sy)
        right = int(target.x() + (rect.x() + rect.width()) * sx + 0.999)
        bottom = int(target.y() + (rect.y() + rect.height()) * sy + 0.999)
        # Smooth scaling blends each pixel with its neighbours: one pixel more each side.
        return QRect(left - 1, top - 1, right - left + 2, bottom - top + 2)

    def map_to_framebuffer(self, pos: QPointF | QPoint) -> QPoint:
        """A widget position as a framebuffer pixel, clamped to the framebuffer."""
        target, sx, sy = self.display_geometry()
        fw, fh = self._fb_size.width(), self._fb_size.height()
        x = int((pos.x() - target.x()) / sx)
        y = int((pos.y() - target.y()) / sy)
        return QPoint(min(max(x, 0), max(fw - 1, 0)), min(max(y, 0), max(fh - 1, 0)))

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._geometry = None
        if self._cursor_image is not None:
            self._update_cursor()
        self._sync_direct()
        super().resizeEvent(event)

    # ---- painting straight to the X window (MIT-SHM) -----------------------------------

    @property
    def paints_directly(self) -> bool:
        """Whether updates go from shared memory to the X window, bypassing Qt's
        backing store (X11, 1:1, nothing drawn over the screen)."""
        return self._direct

    def _sync_direct(self) -> None:
        direct = self._can_paint_directly()
        if direct != self._direct:
            self._direct = direct
            # Qt then neither paints this widget into the window's backing store nor
            # flushes the store over it: what _put() shows stays on screen.
            self.setAttribute(Qt.WidgetAttribute.WA_PaintOnScreen, direct)
            self.update()

    def _can_paint_directly(self) -> bool:
        if self._xshm is None or self.client is None or self.overlay_text:
            return False
        image = self.client.framebuffer
        if not isinstance(image, ShmFramebuffer) or not image.still_shared():
            return False
        target, sx, sy = self.display_geometry()
        if sx != 1.0 or sy != 1.0 or target.isEmpty():
            return False
        if self.devicePixelRatioF() != 1.0:
            return False  # 1:1 in Qt's pixels is not 1:1 in the X window's
        self._window = int(self.internalWinId())  # 0 until Qt made it: WinIdChange
        if not self._window:
            return False
        # A window with alpha (depth 32) would take QEMU's zero padding byte as
        # transparency; only depth 24 ignores it.
        return self._xshm.window_depth(self._window) == DEPTH

    def _put(self, rect: QRect) -> bool:
        """Show this framebuffer rectangle now; False if it must be painted by Qt."""
        image = self.client.framebuffer if self.client is not None else None
        if self._xshm is None or not isinstance(image, ShmFramebuffer) or not image.still_shared():
            self._sync_direct()
            return False
        target = self.display_geometry()[0]
        self._xshm.put(self._window, image, rect, rect.topLeft() + target.topLeft())
        self._xshm.flush()
        return True

    def paintEngine(self) -> QPaintEngine:
        # Qt asks an on-screen widget for its engine just before sending it an
        # on-screen paint event; grab() and render() paint it without asking. So
        # this tells paintEvent which of the two it is serving.
        self._onscreen_paint = True
        return cast(QPaintEngine, None)  # no engine: we put the pixels ourselves

    def _paint_directly(self, region: QRegion) -> None:
        xshm = self._xshm
        image = self.client.framebuffer if self.client is not None else None
        if xshm is None or not self._window:
            return
        target = self.display_geometry()[0]
        margins = region
        if isinstance(image, ShmFramebuffer) and image.still_shared():
            for rect in _rects(region.intersected(QRegion(target))):
                xshm.put(self._window, image, rect.translated(-target.topLeft()), rect.topLeft())
            margins = region.subtracted(QRegion(target))
        xshm.fill(self._window, list(_rects(margins)), BACKGROUND)
        xshm.flush()

    # ---- painting --------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        if self._onscreen_paint:
            self._onscreen_paint = False
            self._paint_directly(event.region())
            return
        painter = QPainter(self)
        region = event.region()
        image = self.framebuffer()
        target, sx, sy = self.display_geometry()
        if image is None or image.isNull() or target.isEmpty():
            painter.fillRect(event.rect(), BACKGROUND)
        elif (
            sx == 1.0
            and sy == 1.0
            and region.rectCount() == 1
            and target.contains(dirty := region.boundingRect())
        ):
            # The common case (one update, 1:1): no region arithmetic.
            painter.drawImage(dirty.topLeft(), image, dirty.translated(-target.topLeft()))
        else:
            for rect in _rects(region.subtracted(QRegion(target))):
                painter.fillRect(rect, BACKGROUND)
            inside = region.intersected(QRegion(target))
            if sx == 1.0 and sy == 1.0:
                for rect in _rects(inside):
                    painter.drawImage(rect.topLeft(), image, rect.translated(-target.topLeft()))
            else:
                # Filtered when shrunk or mildly enlarged; big enlargements stay crisp.
                painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, sx < 2.0)
                painter.setClipRegion(inside)
                painter.drawImage(target, image)
                painter.setClipping(False)
        if self.overlay_text:
            self._paint_overlay(painter)
        painter.end()

    def _paint_overlay(self, painter: QPainter) -> None:
        painter.fillRect(self.rect(), QColor(0, 0, 0, 150))
        font = QFont(self.font())
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        painter.setFont(font)
        # In the middle of what is visible (scrolled 1:1, the widget is larger).
        visible = self.visibleRegion().boundingRect()
        area = self.rect() if visible.isEmpty() else visible
        box = painter.fontMetrics().boundingRect(self.overlay_text).adjusted(-18, -10, 18, 10)
        box.moveCenter(area.center())
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setBrush(QColor(20, 20, 24, 210))
        painter.setPen(Qt.PenStyle.NoPen)
        painter.drawRoundedRect(box, 8, 8)
        painter.setPen(QColor("#f0f0f0"))
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter, self.overlay_text)

    def moveEvent(self, event: QMoveEvent) -> None:
        super().moveEvent(event)
        if self.overlay_text:
            self.update()  # scrolled: the text stays in the middle of the view

    def set_overlay(self, text: str) -> None:
        """A veil with this text over the screen (e.g. "VM is paused"); input stops."""
        if text != self.overlay_text:
            self.overlay_text = text
            self._sync_direct()
            self.update()
        self.set_input_enabled(not text)

    def set_input_enabled(self, enabled: bool) -> None:
        if not enabled:
            self._release_all_keys()
            self.set_captured(False)
        self._input_enabled = enabled
        if enabled and self.hasFocus() and not self._capture_suspended:
            self.set_captured(True)  # e.g. resumed while the console had the focus

    # ---- capture ---------------------------------------------------------------------

    def set_host_key(self, name: str) -> None:
        key = KEYS.get(name) or KEYS[preferences.DEFAULT_HOST_KEY]
        self.host_key_name = name if name in KEYS else preferences.DEFAULT_HOST_KEY
        self._host_keysym, self._host_scancode = key.keysym, key.scancode
        self.captureChanged.emit(self.captured)

    def host_key_label(self) -> str:
        label = preferences.HOST_KEYS.get(self.host_key_name, self.host_key_name)
        return translate("HostKeys", label)

    def set_captured(self, captured: bool) -> None:
        """Take (or give back) the keyboard; giving it back frees the pointer too.

        The pointer is grabbed only by a click, and only when the guest has no absolute
        pointing device (see mousePressEvent)."""
        if captured and not (self.isVisible() and self._input_enabled and self.client):
            return
        if captured == self.captured:
            return
        if captured:
            if _platform_grabs():
                self.grabKeyboard()  # window manager shortcuts go to the guest too
        else:
            self._release_all_keys()
            if _platform_grabs():
                self.releaseKeyboard()
            self._grab_pointer(False)
        self.captured = captured
        self.captureChanged.emit(captured)

    def release_capture(self) -> None:
        """What the host key does: keyboard and pointer back to the desktop until a click."""
        self._capture_suspended = True
        self.set_captured(False)

    @property
    def pointer_grabbed(self) -> bool:
        return self._pointer_grabbed

    def _grab_pointer(self, grab: bool) -> None:
        if grab == self._pointer_grabbed:
            return
        self._pointer_grabbed = grab
        self._sent_mask = -1
        if grab:
            if _platform_grabs():
                self.grabMouse()
            self._warp_to_centre()
        elif _platform_grabs():
            self.releaseMouse()
        self._update_cursor()
        self.captureChanged.emit(self.captured)

    def _warp_to_centre(self) -> None:
        QCursor.setPos(self.mapToGlobal(self.rect().center()))

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        self._sync_clipboard()
        if not self._capture_suspended and event.reason() != Qt.FocusReason.PopupFocusReason:
            self.set_captured(True)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        # Keys held now would stay down in the guest: their releases go elsewhere.
        self._release_all_keys()
        if event.reason() != Qt.FocusReason.PopupFocusReason:
            self.set_captured(False)
        super().focusOutEvent(event)
        self._sync_clipboard()

    def showEvent(self, event: Any) -> None:
        self._sync_padding()  # docked or detached: the window may be another kind
        super().showEvent(event)

    def _sync_padding(self) -> None:
        if self.client is not None:
            self.client.fill_padding = not _window_ignores_alpha(self)

    def hideEvent(self, event: Any) -> None:
        self._release_all_keys()
        self.set_captured(False)
        super().hideEvent(event)

    # ---- keyboard --------------------------------------------------------------------

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.DevicePixelRatioChange:
            self._sync_direct()  # moved to a screen of another scale
        if event.type() == QEvent.Type.WinIdChange and self._xshm is not None:
            # Docked or detached: Qt may have made a new X window for us.
            if self._window:
                self._xshm.forget_window(self._window)
            self._sync_direct()
        # While captured every key is the guest's: no shortcut of ours may take it.
        if event.type() == QEvent.Type.ShortcutOverride and self.captured:
            event.accept()
            return True
        return super().event(event)

    def focusNextPrevChild(self, next: bool) -> bool:
        if self.captured:
            return False  # Tab goes to the guest
        return super().focusNextPrevChild(next)

    def _is_host_key(self, event: QKeyEvent) -> bool:
        # The physical key where the platform says which (Right Alt's keysym depends on
        # the layout: AltGr is ISO_Level3_Shift); else the keysym.
        scancode = keymap_scancode(event)
        if scancode is not None:
            return scancode == self._host_scancode
        return bool(event.nativeVirtualKey() == self._host_keysym)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self._is_host_key(event):
            if not event.isAutoRepeat():
                self._host_down, self._host_used = True, False
            return
        if self._host_down:
            self._host_used = True
            if not event.isAutoRepeat():
                self.hostCombo.emit(event.key())
            return
        if not (self.captured and self.client is not None):
            event.ignore()
            return
        key_id = _key_id(event)
        codes = self._pressed.get(key_id) if event.isAutoRepeat() else None
        if codes is None:
            codes = keymap_codes(event)
            if codes[0] == 0 and codes[1] is None:
                event.ignore()
                return
            self._pressed[key_id] = codes
            self._sync_lock_keys(event)
        self.client.key_event(True, codes[0], codes[1])

    def _sync_lock_keys(self, event: QKeyEvent) -> None:
        """Before a key reaches the guest, give the guest the host's Caps Lock and Num
        Lock state (a tap of the lock key where they differ), as a physical keyboard
        moved between machines would need. The host's state comes from X11's modifier
        bits in the event; other platforms do not say, so nothing is synced there."""
        if not self._leds_known or self.client is None:
            return
        if QGuiApplication.platformName() != "xcb":
            return
        state = event.nativeModifiers()
        scroll, num, caps = self.leds
        host_caps = bool(state & _X11_LOCK_MASK)
        host_num = bool(state & _X11_NUM_LOCK_MASK)
        if host_caps != caps and event.key() != Qt.Key.Key_CapsLock:
            self._tap("Caps_Lock")
            caps = host_caps
        if host_num != num and event.key() != Qt.Key.Key_NumLock:
            self._tap("Num_Lock")
            num = host_num
        # What the guest will show once it has the taps (its LED message follows):
        # the next key must not tap again.
        self.leds = (scroll, num, caps)

    def _tap(self, name: str) -> None:
        assert self.client is not None
        key = KEYS[name]
        self.client.key_event(True, key.keysym, key.scancode)
        self.client.key_event(False, key.keysym, key.scancode)

    def keyReleaseEvent(self, event: QKeyEvent) -> None:
        if event.isAutoRepeat():
            return  # a held key repeats as more presses, like a PC keyboard's; one release
        if self._is_host_key(event):
            was_down, used = self._host_down, self._host_used
            self._host_down = False
            if was_down and not used:
                self.toggle_capture()
            return
        codes = self._pressed.pop(_key_id(event), None)
        if codes is None:
            event.ignore()
            return
        if self.client is not None:
            self.client.key_event(False, codes[0], codes[1])

    def toggle_capture(self) -> None:
        if self.captured:
            self.release_capture()
        else:
            self._capture_suspended = False
            self.setFocus(Qt.FocusReason.OtherFocusReason)
            self.set_captured(True)

    def _release_all_keys(self) -> None:
        pressed, self._pressed = self._pressed, {}
        self._host_down = False
        if self.client is not None:
            for keysym, scancode in reversed(pressed.values()):
                self.client.key_event(False, keysym, scancode)

    def pressed_keys(self) -> list[tuple[int, int | None]]:
        return list(self._pressed.values())

    def send_keys(self, keys: Sequence[str]) -> bool:
        """Press these keys (names in KEYS) in order, then release them in reverse."""
        client = self.client
        if client is None or not self._input_enabled:
            return False
        for name in keys:
            client.key_event(True, KEYS[name].keysym, KEYS[name].scancode)
        for name in reversed(keys):
            client.key_event(False, KEYS[name].keysym, KEYS[name].scancode)
        return True

    def type_text(self, text: str) -> int:
        """Type printable text as keysyms (for guests without a clipboard agent)."""
        client = self.client
        if client is None or not self._input_enabled:
            return 0
        typed = 0
        for char in text:
            keysym = _char_keysym(char)
            if keysym is None:
                continue
            client.key_event(True, keysym, None)
            client.key_event(False, keysym, None)
            typed += 1
        return typed

    # ---- pointer ---------------------------------------------------------------------

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if not (self._input_enabled and self.client is not None):
            return
        if not self.captured:
            self._capture_suspended = False
            self.setFocus(Qt.FocusReason.MouseFocusReason)
            self.set_captured(True)
        if not self.absolute_pointer and not self._pointer_grabbed:
            if self.captured:
                self._grab_pointer(True)
            return  # that click took the pointer; it is not the guest's
        self._buttons |= BUTTON_BITS.get(event.button(), 0)
        self._send_pointer(event.position())

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        bit = BUTTON_BITS.get(event.button(), 0)
        if self._buttons & bit:
            self._buttons &= ~bit
            self._send_pointer(event.position())

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        self._send_pointer(event.position())

    def wheelEvent(self, event: QWheelEvent) -> None:
        if not (self._input_enabled and self.client is not None):
            return
        delta = event.angleDelta()
        self._wheel_y += delta.y()
        self._wheel_x += delta.x()
        pos = event.position()
        while abs(self._wheel_y) >= 120:
            bit = WHEEL_UP if self._wheel_y > 0 else WHEEL_DOWN
            self._wheel_y -= 120 if self._wheel_y > 0 else -120
            self._click_wheel(pos, bit)
        while abs(self._wheel_x) >= 120:
            bit = WHEEL_LEFT if self._wheel_x > 0 else WHEEL_RIGHT
            self._wheel_x -= 120 if self._wheel_x > 0 else -120
            self._click_wheel(pos, bit)
        event.accept()

    def _click_wheel(self, pos: QPointF, bit: int) -> None:
        self._send_pointer(pos, self._buttons | bit)
        self._send_pointer(pos, self._buttons)

    def _send_pointer(self, pos: QPointF, buttons: int | None = None) -> None:
        client = self.client
        if client is None or not self._input_enabled or self._fb_size.isEmpty():
            return
        mask = self._buttons if buttons is None else buttons
        if self.absolute_pointer:
            point = self.map_to_framebuffer(pos)
            client.pointer_event(point.x(), point.y(), mask)
            return
        if not self._pointer_grabbed:
            return  # relative: only a grabbed pointer moves the guest's
        # Relative: the pointer is held at the centre; each move away from it is motion.
        centre = self.rect().center()
        dx, dy = round(pos.x() - centre.x()), round(pos.y() - centre.y())
        if dx or dy or buttons is not None or mask != self._sent_mask:
            client.pointer_event(dx, dy, mask)
            self._sent_mask = mask
        if dx or dy:
            self._warp_to_centre()

    # ---- cursor ----------------------------------------------------------------------

    def _update_cursor(self) -> None:
        if self._pointer_grabbed or self._cursor_hidden:
            self.setCursor(Qt.CursorShape.BlankCursor)
            self._cursor_scale = 0.0  # the guest's shape must be set again afterwards
            return
        image = self._cursor_image
        if image is None or image.isNull():
            self.unsetCursor()
            self._cursor_scale = 0.0
            return
        scale = self.scale() if self._scale_mode is ScaleMode.FIT else 1.0
        if scale == self._cursor_scale:
            return
        self._cursor_scale = scale
        hot = self._cursor_hot
        if abs(scale - 1.0) > 0.05:
            size = QSize(
                max(1, round(image.width() * scale)), max(1, round(image.height() * scale))
            )
            image = image.scaled(
                size,
                Qt.AspectRatioMode.IgnoreAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
            hot = QPoint(round(hot.x() * scale), round(hot.y() * scale))
        self.setCursor(QCursor(QPixmap.fromImage(image), hot.x(), hot.y()))


def _platform_grabs() -> bool:
    """Whether the windowing system lets a window grab keyboard and pointer (X11 does;
    Wayland and the offscreen platform say they cannot)."""
    return QGuiApplication.platformName() == "xcb"


# X11's modifier bits: LockMask is Caps Lock; Num Lock is Mod2 on every common keymap.
_X11_LOCK_MASK = 0x02
_X11_NUM_LOCK_MASK = 0x10


def _window_ignores_alpha(widget: QWidget) -> bool:
    """An X11 window without an alpha channel (depth 24) shows the padding byte of
    its pixels as nothing, so the framebuffer's need not be 0xff. Elsewhere (Wayland,
    translucent windows, grabs) it may mean transparency."""
    handle = widget.window().windowHandle()
    return (
        QGuiApplication.platformName() == "xcb"
        and handle is not None
        and handle.format().alphaBufferSize() <= 0
    )


def _rects(region: QRegion) -> Iterable[QRect]:
    return cast(Iterable[QRect], region)  # PySide's QRegion iterates over its rects


def _key_id(event: QKeyEvent) -> int:
    """What identifies a physical key between its press and release."""
    return event.nativeScanCode() or (1 << 32) | int(event.key())


def keymap_scancode(event: QKeyEvent) -> int | None:
    """The QEMU scancode of the physical key (X keycode on xcb and Wayland), or None."""
    code = event.nativeScanCode()
    return keymap.qnum_from_x11_keycode(code) if code else None


def keymap_codes(event: QKeyEvent) -> tuple[int, int | None]:
    """(X keysym or 0, QEMU scancode or None) for a key event."""
    keypad = bool(event.modifiers() & Qt.KeyboardModifier.KeypadModifier)
    keysym = keymap.keysym_from_qt(event.key(), event.text(), keypad)
    return keysym or 0, keymap_scancode(event)


def _char_keysym(char: str) -> int | None:
    """The keysym that types this character, or None (control characters)."""
    return {"\n": 0xFF0D, "\t": 0xFF09}.get(char) or keymap.keysym_from_text(char)


# ---- the session ------------------------------------------------------------------------


class ConsoleState(Enum):
    OFF = "off"
    CONNECTING = "connecting"
    CONNECTED = "connected"
    PAUSED = "paused"
    RECONNECTING = "reconnecting"
    FAILED = "failed"


RETRY_DELAYS = (0.25, 0.5, 1.0, 2.0, 4.0, 8.0, 15.0, 30.0)
# A connection resets the back-off when it did useful work: it showed the screen
# (an update changed pixels), lasted this long, and was not ended by hvdesk for
# what the server sent (a malformed stream, or far too much work).
STABLE_AFTER = 10.0

Opener = Callable[[VirtualMachine], Awaitable[ConsoleEndpoint]]


class _Relay:
    """The listener one connection attempt gives the RFB client: forwards to the widget
    while the attempt is current, so a superseded client cannot touch the screen."""

    def __init__(self, session: ConsoleSession, attempt: int) -> None:
        self.session = session
        self.attempt = attempt
        self.closed_early: tuple[str | None] | None = None
        self.updates = 0  # updates that changed pixels

    def _current(self) -> bool:
        return self.session._attempt == self.attempt

    def connected(self, name: str, width: int, height: int) -> None:
        if self._current():
            self.session.widget.connected(name, width, height)

    def framebuffer_resized(self, width: int, height: int) -> None:
        if self._current():
            self.session.widget.framebuffer_resized(width, height)

    def framebuffer_updated(self, x: int, y: int, width: int, height: int) -> None:
        if self._current():
            self.updates += 1
            self.session.widget.framebuffer_updated(x, y, width, height)

    def cursor_changed(self, image: QImage | None, hot_x: int, hot_y: int) -> None:
        if self._current():
            self.session.widget.cursor_changed(image, hot_x, hot_y)

    def pointer_mode_changed(self, absolute: bool) -> None:
        if self._current():
            self.session.widget.pointer_mode_changed(absolute)

    def leds_changed(self, scroll_lock: bool, num_lock: bool, caps_lock: bool) -> None:
        if self._current():
            self.session.widget.leds_changed(scroll_lock, num_lock, caps_lock)

    def clipboard_received(self, text: str) -> None:
        if self._current():
            self.session.widget.clipboard_received(text)

    def bell(self) -> None:
        if self._current():
            self.session.widget.bell()

    def closed(self, error: str | None) -> None:
        if self._current():
            self.session._client_closed(self, error)


class ConsoleSession(QObject):
    """Keeps a ConsoleWidget connected to its VM's display while the VM runs.

    States: OFF ("VM is off"), CONNECTING, CONNECTED, PAUSED (connected, screen veiled),
    RECONNECTING (the display dropped while the VM runs: retried with back-off) and
    FAILED (a first connection failed: `reconnect()` tries again).
    """

    stateChanged = Signal(object)  # ConsoleSession

    def __init__(
        self,
        vm: VirtualMachine,
        widget: ConsoleWidget,
        *,
        opener: Opener = open_console,
        connector: Callable[..., Awaitable[RfbClient]] = connect_rfb,
        retry_delays: Sequence[float] = RETRY_DELAYS,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.vm = vm
        self.widget = widget
        self.retry_delays = tuple(retry_delays)
        self._opener = opener
        self._connector = connector
        self.state = ConsoleState.OFF
        self.message = self.tr("VM is off")  # the status in one line ("Connection failed: …")
        self.title = self.tr("VM is off")  # its headline ("Connection failed")
        self.detail = ""  # and the rest
        self.client: RfbClient | None = None
        self.retry_attempt = 0
        self.retry_in = 0.0
        self._attempt = 0
        self._task: asyncio.Task[None] | None = None
        self._backing_off = False  # the task waits before its next attempt
        self._connected_at = 0.0
        self._vm_was_active = False
        self._started = False
        self._stopped = False

    # ---- public ----------------------------------------------------------------------

    @property
    def connection(self) -> Connection:
        return self.vm.connection

    def start(self) -> None:
        """Follow the VM: connect now if it runs, and whenever it starts."""
        if self._started:
            return
        self._started = True
        conn = self.connection
        conn.vmChanged.connect(self._vm_changed)
        conn.vmRemoved.connect(self._vm_removed)
        conn.stateChanged.connect(self._connection_changed)
        self._vm_was_active = False
        self._evaluate()

    def stop(self) -> None:
        """Disconnect for good (the console is closing)."""
        if self._stopped:
            return
        self._stopped = True
        if self._started:
            conn = self.connection
            for signal, slot in (
                (conn.vmChanged, self._vm_changed),
                (conn.vmRemoved, self._vm_removed),
                (conn.stateChanged, self._connection_changed),
            ):
                with contextlib.suppress(RuntimeError):
                    signal.disconnect(slot)
        self._drop_client()

    def reconnect(self) -> None:
        """The user asked: connect again now (ends any wait)."""
        if self._stopped:
            return
        self._drop_client()
        self.retry_attempt = 0
        if self.vm.state.is_active and self.connection.is_connected:
            self._begin_connect(retrying=False)
        else:
            self._evaluate()

    def status_text(self) -> str:
        return self.message

    # ---- following the VM -----------------------------------------------------------

    def _vm_changed(self, vm: VirtualMachine) -> None:
        if vm.uuid == self.vm.uuid:
            self.vm = vm  # after a reconnect of the host the VM is a new object
            self._evaluate()

    def _vm_removed(self, vm: VirtualMachine) -> None:
        if vm.uuid == self.vm.uuid:
            self._evaluate()

    def _connection_changed(self, conn: Connection) -> None:
        if conn.is_connected:
            self.vm = conn.vms.get(self.vm.uuid, self.vm)
            if self._backing_off:
                self._cancel_task()  # the host is back: no need to wait out the back-off
        self._evaluate()

    def _evaluate(self) -> None:
        """Bring the session in line with what libvirt last said about the VM."""
        if self._stopped:
            return
        vm, conn = self.vm, self.connection
        if conn.is_connected and vm.uuid not in conn.vms:
            self._drop_client()
            self._set_state(
                ConsoleState.OFF, self.tr("VM no longer exists"), self.tr("It was deleted.")
            )
            return
        if conn.state is ConnectionState.DISCONNECTED:
            # Disconnected on purpose: the console goes with the host's connection.
            self._drop_client()
            self._set_state(
                ConsoleState.RECONNECTING,
                fill(self.tr("Not connected to %1"), conn.name),
                fill(self.tr("Connect to %1 to see the screen of '%2'."), conn.name, vm.name),
            )
            return
        active = vm.state.is_active
        started_now = active and not self._vm_was_active
        self._vm_was_active = active
        if conn.is_connected and not active:
            self._drop_client()
            self.retry_attempt = 0
            if vm.state is VmState.SAVED:
                detail = fill(
                    self.tr("Start '%1' to see its screen (its state is saved)."), vm.name
                )
            else:
                detail = fill(self.tr("Start '%1' to see its screen."), vm.name)
            self._set_state(ConsoleState.OFF, self.tr("VM is off"), detail)
            return
        if self.client is not None:
            self._show_connected()  # the display outlives a lost host connection
            return
        if self._task is not None:
            return  # connecting, or waiting to retry
        if not conn.is_connected:
            self._set_state(
                ConsoleState.RECONNECTING,
                fill(self.tr("Not connected to %1"), conn.name),
                fill(
                    self.tr("%1. The console reconnects when the host is back."),
                    conn.status_text().rstrip(".…"),
                ),
            )
            return
        if started_now or self.state in (ConsoleState.OFF, ConsoleState.RECONNECTING):
            self._begin_connect(retrying=self.state is ConsoleState.RECONNECTING)

    def _show_connected(self) -> None:
        if self.vm.state is VmState.PAUSED:
            self.widget.set_overlay(self.tr("VM is paused"))
            self._set_state(
                ConsoleState.PAUSED, self.tr("VM is paused"), self.tr("Resume it to use it.")
            )
        else:
            self.widget.set_overlay("")
            self._set_state(ConsoleState.CONNECTED, "", "")

    # ---- connecting -----------------------------------------------------------------

    def _begin_connect(self, retrying: bool, delay: float = 0.0) -> None:
        self._cancel_task()
        self._attempt += 1
        if not (retrying and delay):
            self._set_state(ConsoleState.CONNECTING, self.tr("Connecting…"), "")
        self._task = asyncio.ensure_future(self._connect(self._attempt, retrying, delay))

    async def _connect(self, attempt: int, retrying: bool, delay: float) -> None:
        if delay:
            self._backing_off = True
            try:
                await asyncio.sleep(delay)
            finally:
                self._backing_off = False
        relay = _Relay(self, attempt)
        try:
            endpoint = await self._opener(self.vm)
            encodings = LOCAL_ENCODINGS if endpoint.local else REMOTE_ENCODINGS
            try:
                client = await self._connector(
                    endpoint.sock,
                    relay,
                    password=endpoint.password,
                    encodings=encodings,
                    framebuffer_factory=self.widget.new_framebuffer,
                )
            except BaseException:
                endpoint.sock.close()
                raise
        except asyncio.CancelledError:
            raise
        except (HvdeskError, RfbError, OSError, TimeoutError) as exc:
            if attempt == self._attempt:
                self._task = None
                self._connect_failed(_sentence(exc), retrying)
            return
        if attempt != self._attempt or self._stopped:
            client.close()
            return
        self._task = None
        if relay.closed_early is not None:
            self._connect_failed(_closed_sentence(relay.closed_early[0]), retrying)
            return
        self.client = client
        self._connected_at = time.monotonic()
        self.widget.attach(client)
        self._show_connected()

    def _connect_failed(self, sentence: str, retrying: bool) -> None:
        if retrying and self.vm.state.is_active:
            self._schedule_retry(fill(self.tr("The last attempt failed: %1"), sentence))
            return
        if not self.vm.state.is_active and self.connection.is_connected:
            self._evaluate()  # it stopped meanwhile: "VM is off", not a failure
            return
        self._set_state(
            ConsoleState.FAILED,
            fill(self.tr("Connection failed: %1"), sentence),
            sentence,
            self.tr("Connection failed"),
        )

    def _client_closed(self, relay: _Relay, error: str | None) -> None:
        client = self.client
        if client is None:  # closed before connect_rfb returned
            relay.closed_early = (error,)
            return
        self.widget.detach()
        self.client = None
        self._attempt += 1
        lasted = time.monotonic() - self._connected_at >= STABLE_AFTER
        if relay.updates and lasted and client.failure is None:
            self.retry_attempt = 0
        # The display drops when QEMU stops, a moment before libvirt says so: ask now.
        with contextlib.suppress(Exception):
            self.connection.refresh_vm(self.vm.uuid)
        if self.vm.state.is_active:
            self._schedule_retry(
                fill(self.tr("The display connection was lost: %1"), _closed_sentence(error))
            )
        else:
            self._evaluate()

    def _schedule_retry(self, why: str) -> None:
        delay = self.retry_delays[min(self.retry_attempt, len(self.retry_delays) - 1)]
        self.retry_attempt += 1
        self.retry_in = delay
        self._set_state(
            ConsoleState.RECONNECTING,
            self.tr("Reconnecting…"),
            fill(self.tr("%1 Trying again in %2."), why, _seconds(delay)),
        )
        self._begin_connect(retrying=True, delay=delay)

    # ---- helpers --------------------------------------------------------------------

    def _drop_client(self) -> None:
        self._cancel_task()
        self._attempt += 1  # whatever the old client still says is ignored
        client, self.client = self.client, None
        self.widget.detach()
        self.widget.set_overlay("")
        if client is not None:
            client.close()

    def _cancel_task(self) -> None:
        task, self._task = self._task, None
        if task is not None and not task.done():
            task.cancel()

    def _set_state(
        self, state: ConsoleState, message: str, detail: str, title: str | None = None
    ) -> None:
        """message: the whole status in one line; title and detail: the same, as shown."""
        title = message if title is None else title
        if (state, message, detail, title) == (self.state, self.message, self.detail, self.title):
            return
        self.state, self.message, self.detail, self.title = state, message, detail, title
        self.stateChanged.emit(self)


def _sentence(exc: BaseException) -> str:
    if isinstance(exc, HvdeskError):
        return exc.sentence()
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror.rstrip(".") + "."
    text = str(exc).strip() or type(exc).__name__
    return text if text.endswith((".", "!", "?")) else text + "."


def _closed_sentence(error: str | None) -> str:
    if not error:
        return translate("ConsoleSession", "The VM's display closed the connection.")
    return error if error.endswith((".", "!", "?")) else error + "."


def _seconds(delay: float) -> str:
    if delay == 1:
        return translate("ConsoleSession", "1 second")
    return fill(translate("ConsoleSession", "%1 seconds"), f"{delay:g}")
