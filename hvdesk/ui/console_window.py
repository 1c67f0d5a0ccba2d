"""A VM's console: the screen with its toolbar and status line (`ConsoleView`), in a
window of its own (`ConsoleWindow`) or docked in the manager window (`ConsoleDock`).

The view moves between the two without reconnecting: docking takes the view out of
its window, detaching puts it into a new one.
"""

from __future__ import annotations

import asyncio
import datetime
import os
from typing import Any

from PySide6.QtCore import QEvent, QObject, QSize, QStandardPaths, Qt, QTimer, Signal
from PySide6.QtGui import (
    QAction,
    QActionGroup,
    QCloseEvent,
    QColor,
    QGuiApplication,
    QImage,
    QImageWriter,
    QKeySequence,
    QMouseEvent,
    QPalette,
)
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QStyle,
    QToolBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from hvdesk.core import preferences
from hvdesk.core.errors import HvdeskError
from hvdesk.core.vm import VirtualMachine
from hvdesk.i18n import fill, translate
from hvdesk.ui.console import (
    SEND_KEYS,
    ConsoleSession,
    ConsoleState,
    ConsoleWidget,
    KeyCombo,
    ScaleMode,
)
from hvdesk.ui.xshm import XShmDisplay

_DARK = "#1e1f22"
_CAPTURED_STYLE = "background:#2d5fa8; color:white; border-radius:3px; padding:1px 6px;"
_FREE_STYLE = "color:palette(text); padding:1px 6px;"
MAX_TYPED = 4096  # characters "Type clipboard text" sends at most


def window_title(vm: VirtualMachine) -> str:
    return fill(translate("ConsoleWindow", "%1 — Console"), vm.name)


class ConsoleView(QWidget):
    """One VM's console with its toolbar and status line."""

    _screenshot_folder = ""  # where the last screenshot went, for the next one

    def __init__(
        self,
        vm: VirtualMachine,
        parent: QWidget | None = None,
        *,
        session_options: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("consoleView")
        self.widget = ConsoleWidget()
        self.session = ConsoleSession(vm, self.widget, parent=self, **(session_options or {}))

        self.scroll_area = QScrollArea()
        self.scroll_area.setObjectName("consoleScroll")
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll_area.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setWidget(self.widget)
        viewport = self.scroll_area.viewport()
        palette = viewport.palette()
        palette.setColor(QPalette.ColorRole.Window, QColor(_DARK))
        viewport.setPalette(palette)
        viewport.setAutoFillBackground(True)
        self.scroll_area.viewport().installEventFilter(self)

        self.message_page = QWidget()
        self.message_page.setObjectName("consoleMessage")
        self.message_page.setStyleSheet(
            f"QWidget#consoleMessage {{ background: {_DARK}; }} QLabel {{ color: #e8e8e8; }}"
        )
        self.title_label = QLabel()
        self.title_label.setObjectName("consoleTitle")
        self.title_label.setTextFormat(Qt.TextFormat.PlainText)
        self.title_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.title_label.setWordWrap(True)
        self.title_label.setStyleSheet("font-size: 20px; font-weight: bold;")
        self.title_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.detail_label = QLabel()
        self.detail_label.setTextFormat(Qt.TextFormat.PlainText)
        self.detail_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.detail_label.setWordWrap(True)
        self.detail_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.reconnect_button = QPushButton(self.tr("Reconnect"))
        self.reconnect_button.clicked.connect(self.session.reconnect)
        page = QVBoxLayout(self.message_page)
        page.setContentsMargins(24, 24, 24, 24)
        page.addStretch(1)
        self.detail_label.setMaximumWidth(620)
        page.addWidget(self.title_label)
        page.addWidget(self.detail_label, 0, Qt.AlignmentFlag.AlignHCenter)
        page.addSpacing(12)
        page.addWidget(self.reconnect_button, 0, Qt.AlignmentFlag.AlignHCenter)
        page.addStretch(1)

        self.stack = QStackedWidget()
        self.stack.addWidget(self.scroll_area)
        self.stack.addWidget(self.message_page)

        self._build_actions()
        self.toolbar = self._build_toolbar()
        self.status_line = self._build_status_line()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.toolbar)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.status_line)

        self._resize_timer = QTimer(self)
        self._resize_timer.setSingleShot(True)
        self._resize_timer.setInterval(400)  # a window being dragged: wait until it rests
        self._resize_timer.timeout.connect(self._resize_guest)
        self._caps_timer = QTimer(self)
        self._caps_timer.setInterval(250)
        self._caps_timer.timeout.connect(self._check_resizable)
        self._caps_checks = 0
        self._notice_timer = QTimer(self)
        self._notice_timer.setSingleShot(True)
        self._notice_timer.setInterval(6000)
        self._notice_timer.timeout.connect(lambda: self.notice_label.setText(""))

        self.widget.captureChanged.connect(self._update_capture_label)
        self.widget.ledsChanged.connect(self._update_info)
        self.widget.framebufferResized.connect(self._framebuffer_resized)
        self.widget.framebufferUpdated.connect(self._check_resizable)
        self.widget.clipboardReceived.connect(self._clipboard_received)
        self.widget.hostCombo.connect(self._host_combo)
        self.session.stateChanged.connect(self._session_changed)
        self.set_scale_mode(
            ScaleMode.FIT if preferences.console_scale_to_fit() else ScaleMode.ONE_TO_ONE
        )
        self.share_clipboard_action.setChecked(
            preferences.console_share_clipboard(vm.connection.uri, vm.uuid)
        )
        self.widget.set_share_clipboard(self.share_clipboard_action.isChecked())
        self._session_changed()
        self.session.start()

    @property
    def vm(self) -> VirtualMachine:
        return self.session.vm  # follows the VM object across reconnects of the host

    # ---- building ---------------------------------------------------------------------

    def _build_actions(self) -> None:
        style = self.style()
        self.scale_group = QActionGroup(self)
        self.fit_action = QAction(self.tr("Scale to fit"), self)
        self.fit_action.setToolTip(self.tr("Show the whole screen, scaled to the window"))
        self.one_to_one_action = QAction("1:1", self)
        self.one_to_one_action.setToolTip(
            self.tr("One guest pixel per screen pixel, with scroll bars")
        )
        for action, mode in (
            (self.fit_action, ScaleMode.FIT),
            (self.one_to_one_action, ScaleMode.ONE_TO_ONE),
        ):
            action.setCheckable(True)
            action.triggered.connect(lambda _=False, m=mode: self.set_scale_mode(m, save=True))
            self.scale_group.addAction(action)
        self.resize_guest_action = QAction(self.tr("Resize guest to window"), self)
        self.resize_guest_action.setCheckable(True)
        self.resize_guest_action.setToolTip(
            self.tr("Ask the guest to change its resolution to the window's size")
        )
        self.resize_guest_action.toggled.connect(self._resize_guest_toggled)

        self.send_key_menu = QMenu(self.tr("Send key"), self)
        ctrl_alt_f = None
        for key_combo in SEND_KEYS:
            menu = self.send_key_menu
            if key_combo.label.startswith("Ctrl+Alt+F"):
                if ctrl_alt_f is None:
                    ctrl_alt_f = self.send_key_menu.addMenu(self.tr("Ctrl+Alt+F1…F12"))
                menu = ctrl_alt_f
            item = menu.addAction(translate("KeyCombo", key_combo.label))
            item.triggered.connect(lambda _=False, c=key_combo: self.send_combo(c))
        self.send_key_menu.addSeparator()
        host_menu = self.send_key_menu.addMenu(self.tr("Host key (releases the keyboard)"))
        self.host_key_group = QActionGroup(self)
        current = preferences.console_host_key()
        for name, label in preferences.HOST_KEYS.items():
            item = host_menu.addAction(translate("HostKeys", label))
            item.setCheckable(True)
            item.setChecked(name == current)
            item.setData(name)
            item.triggered.connect(lambda _=False, n=name: self.set_host_key(n, save=True))
            self.host_key_group.addAction(item)

        self.screenshot_action = QAction(self.tr("Screenshot…"), self)
        self.screenshot_action.setIcon(
            style.standardIcon(QStyle.StandardPixmap.SP_DialogSaveButton)
        )
        self.screenshot_action.setToolTip(self.tr("Save the VM's screen as a PNG image"))
        self.screenshot_action.triggered.connect(self.choose_screenshot_file)
        self.copy_action = QAction(self.tr("Copy"), self)
        self.copy_action.setToolTip(self.tr("Copy the text the guest last put on its clipboard"))
        self.copy_action.triggered.connect(self.copy_from_guest)
        self.paste_action = QAction(self.tr("Paste"), self)
        self.paste_action.setToolTip(
            self.tr("Send this computer's clipboard text to the guest's clipboard")
        )
        self.paste_action.triggered.connect(self.paste_to_guest)
        self.eject_action = QAction(self.tr("Eject CD/DVD"), self)
        self.eject_action.setToolTip(
            self.tr("Take the installation disc out, e.g. after the first boot")
        )
        self.eject_action.triggered.connect(self.eject_media)
        self.type_action = QAction(self.tr("Type clipboard text"), self)
        self.type_action.setToolTip(self.tr("Type this computer's clipboard text into the guest"))
        self.type_action.triggered.connect(self.type_clipboard)
        self.share_clipboard_action = QAction(self.tr("Share clipboard"), self)
        self.share_clipboard_action.setCheckable(True)
        self.share_clipboard_action.setToolTip(
            self.tr(
                "Let this VM put text on this computer's clipboard while its console has "
                "the focus (remembered for this VM)"
            )
        )
        self.share_clipboard_action.triggered.connect(self._share_clipboard_toggled)

    def _build_toolbar(self) -> QToolBar:
        bar = QToolBar(self.tr("Console"))
        bar.setObjectName("consoleToolbar")
        bar.setIconSize(QSize(16, 16))
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        bar.setMovable(False)
        bar.addAction(self.fit_action)
        bar.addAction(self.one_to_one_action)
        bar.addAction(self.resize_guest_action)
        bar.addSeparator()
        self.send_key_button = self._menu_button(self.send_key_menu)
        bar.addWidget(self.send_key_button)
        bar.addAction(self.screenshot_action)
        bar.addSeparator()
        bar.addAction(self.share_clipboard_action)
        bar.addAction(self.copy_action)
        bar.addAction(self.paste_action)
        bar.addAction(self.type_action)
        bar.addSeparator()
        bar.addAction(self.eject_action)
        return bar

    def _menu_button(self, menu: QMenu) -> QToolButton:
        button = QToolButton()
        button.setText(menu.title())
        button.setMenu(menu)
        button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        button.setAutoRaise(True)
        return button

    def _build_status_line(self) -> QFrame:
        frame = QFrame()
        frame.setObjectName("consoleStatus")
        row = QHBoxLayout(frame)
        row.setContentsMargins(6, 2, 6, 2)
        self.capture_label = QLabel()
        self.capture_label.setObjectName("captureIndicator")
        self.capture_label.setTextFormat(Qt.TextFormat.PlainText)
        self.notice_label = QLabel()
        self.notice_label.setTextFormat(Qt.TextFormat.PlainText)
        # Says when the guest last set this computer's clipboard (and stays).
        self.clipboard_label = QLabel()
        self.clipboard_label.setObjectName("clipboardIndicator")
        self.clipboard_label.setTextFormat(Qt.TextFormat.PlainText)
        # Long sentences wrap rather than widen the view: docked, its minimum width would
        # move the main window's splitter each time the text changes (capture, pause).
        for label in (self.capture_label, self.notice_label):
            label.setWordWrap(True)
        self.info_label = QLabel()
        self.info_label.setTextFormat(Qt.TextFormat.PlainText)
        row.addWidget(self.capture_label)
        row.addWidget(self.notice_label, 1)
        row.addWidget(self.clipboard_label)
        row.addWidget(self.info_label)
        return frame

    # ---- state ------------------------------------------------------------------------

    def status_text(self) -> str:
        """What the console says about itself (empty when the screen is simply shown)."""
        return self.session.status_text()

    def _session_changed(self, *_: object) -> None:
        session = self.session
        state = session.state
        showing = state in (ConsoleState.CONNECTED, ConsoleState.PAUSED)
        self.title_label.setText(session.title)
        self.detail_label.setText(session.detail)
        # A centred word-wrapped label gets its size hint's width, which QLabel guesses
        # too narrow for some texts (Korean wrapped after one word): ask for the width the
        # text needs, up to the 620 px it wraps at.
        needed = self.detail_label.fontMetrics().horizontalAdvance(session.detail) + 4
        self.detail_label.setMinimumWidth(min(needed, self.detail_label.maximumWidth()))
        self.detail_label.setVisible(bool(session.detail))
        self.reconnect_button.setVisible(
            state in (ConsoleState.FAILED, ConsoleState.RECONNECTING)
            and session.connection.is_connected
        )
        self.reconnect_button.setText(
            self.tr("Reconnect now") if state is ConsoleState.RECONNECTING else self.tr("Reconnect")
        )
        self.stack.setCurrentWidget(self.scroll_area if showing else self.message_page)
        client = session.client
        connected = client is not None and state is ConsoleState.CONNECTED
        for action in (self.screenshot_action,):
            action.setEnabled(self.widget.framebuffer() is not None and showing)
        self.send_key_button.setEnabled(connected)
        self.paste_action.setEnabled(connected)
        self.type_action.setEnabled(connected)
        self.copy_action.setEnabled(bool(self.widget.guest_clipboard))
        self.eject_action.setEnabled(
            bool(session.vm.media_drives()) and session.connection.is_connected
        )
        self.resize_guest_action.setEnabled(
            client is not None and bool(client.supports_set_desktop_size)
        )
        if connected and not self.resize_guest_action.isEnabled():
            self._caps_checks = 0
            self._caps_timer.start()
        if connected and self.window().isActiveWindow() and self.isVisible():
            # Into the screen, unless the user is busy elsewhere in the window (docked).
            focus = QApplication.focusWidget()
            if focus is None or focus is self or self.isAncestorOf(focus):
                self.widget.setFocus(Qt.FocusReason.OtherFocusReason)
        self._update_capture_label()
        self._update_info()
        if connected and self.resize_guest_action.isChecked():
            self._resize_timer.start()

    def _update_capture_label(self, *_: object) -> None:
        widget = self.widget
        if self.session.state is not ConsoleState.CONNECTED:
            self.capture_label.setText("")
            self.capture_label.setStyleSheet(_FREE_STYLE)
            return
        host = widget.host_key_label()
        if widget.captured:
            if widget.pointer_grabbed:
                text = fill(self.tr("Keyboard and mouse captured — press %1 to release"), host)
            elif not widget.absolute_pointer:
                text = fill(
                    self.tr("Keyboard captured — click to capture the mouse, %1 releases"), host
                )
            else:
                text = fill(self.tr("Keyboard captured — press %1 to release"), host)
            self.capture_label.setText(text)
            self.capture_label.setStyleSheet(_CAPTURED_STYLE)
        else:
            self.capture_label.setText(self.tr("Click the screen to type into the VM"))
            self.capture_label.setStyleSheet(_FREE_STYLE)

    def _update_info(self, *_: object) -> None:
        size = self.widget.framebuffer_size()
        parts = []
        if self.session.client is not None and not size.isEmpty():
            parts.append(f"{size.width()} × {size.height()}")
            scroll, num, caps = self.widget.leds
            leds = [
                name
                for name, on in (
                    (self.tr("Caps"), caps),
                    (self.tr("Num"), num),
                    (self.tr("Scroll"), scroll),
                )
                if on
            ]
            if leds:
                parts.append(" ".join(leds))
        self.info_label.setText("   ".join(parts))

    def _framebuffer_resized(self, *_: object) -> None:
        self._update_info()
        self._check_resizable()

    def _check_resizable(self) -> None:
        """The server says it can resize in an update after the handshake, one that may
        change no pixel: look after each update, and a few times after connecting."""
        if not self.resize_guest_action.isEnabled():
            client = self.session.client
            if client is not None and client.supports_set_desktop_size:
                self.resize_guest_action.setEnabled(True)
                self._caps_timer.stop()
        else:
            self._caps_timer.stop()
        self._caps_checks += 1
        if self._caps_checks > 20:
            self._caps_timer.stop()

    def eject_media(self) -> None:
        """Eject every disc in the VM's CD/DVD drives (an installer after its first boot)."""
        vm = self.session.vm

        async def eject_all() -> None:
            for drive in vm.media_drives():
                await vm.eject(drive.target)

        def done(task: asyncio.Task[None]) -> None:
            error = None if task.cancelled() else task.exception()
            self.show_notice(
                error.sentence()
                if isinstance(error, HvdeskError)
                else str(error)
                if error
                else self.tr("Disc ejected")
            )
            self._session_changed()

        self.eject_action.setEnabled(False)
        asyncio.ensure_future(eject_all()).add_done_callback(done)

    def show_notice(self, text: str) -> None:
        self.notice_label.setText(text)
        self._notice_timer.start()

    # ---- scaling and guest size ----------------------------------------------------------

    def set_scale_mode(self, mode: ScaleMode, save: bool = False) -> None:
        self.widget.set_scale_mode(mode)
        (self.fit_action if mode is ScaleMode.FIT else self.one_to_one_action).setChecked(True)
        if save:
            preferences.set_console_scale_to_fit(mode is ScaleMode.FIT)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.scroll_area.viewport()
            and event.type() == QEvent.Type.Resize
            and self.resize_guest_action.isChecked()
        ):
            self._resize_timer.start()
        return False

    def _resize_guest_toggled(self, on: bool) -> None:
        if on:
            self._resize_guest()

    def _resize_guest(self) -> None:
        client = self.session.client
        if client is None or not client.supports_set_desktop_size:
            return
        if not self.resize_guest_action.isChecked():
            return
        size = self.scroll_area.viewport().size()
        width, height = max(size.width(), 64), max(size.height(), 48)
        if QSize(width, height) != self.widget.framebuffer_size():
            client.set_desktop_size(width, height)

    # ---- keys, clipboard, screenshot -------------------------------------------------------

    def send_combo(self, key_combo: KeyCombo) -> None:
        if self.widget.send_keys(key_combo.keys):
            self.show_notice(fill(self.tr("Sent %1"), translate("KeyCombo", key_combo.label)))

    def set_host_key(self, name: str, save: bool = False) -> None:
        self.widget.set_host_key(name)
        for item in self.host_key_group.actions():
            item.setChecked(item.data() == name)
        if save:
            preferences.set_console_host_key(name)

    def _host_combo(self, key: int) -> None:
        """Host key + another key: commands that must work while the guest has the keys."""
        if key == Qt.Key.Key_Delete:
            self.send_combo(SEND_KEYS[0])
        elif key == Qt.Key.Key_F:
            window = self.window()
            if isinstance(window, ConsoleWindow):
                window.fullscreen_action.trigger()

    def _share_clipboard_toggled(self, share: bool) -> None:
        vm = self.session.vm
        preferences.set_console_share_clipboard(vm.connection.uri, vm.uuid, share)
        self.widget.set_share_clipboard(share)

    def _clipboard_received(self, text: str) -> None:
        self.copy_action.setEnabled(bool(text))
        stamp = datetime.datetime.now().strftime("%H:%M:%S")
        self.clipboard_label.setText(fill(self.tr("The guest set the clipboard at %1"), stamp))
        self.clipboard_label.setToolTip(
            fill(self.tr("The guest put %1 characters on this computer's clipboard."), len(text))
        )

    def copy_from_guest(self) -> None:
        text = self.widget.guest_clipboard
        if text:
            QGuiApplication.clipboard().setText(text)
            self.show_notice(self.tr("Copied the guest's clipboard text"))

    def paste_to_guest(self) -> None:
        client = self.session.client
        text = QGuiApplication.clipboard().text()
        if client is None or not text:
            return
        client.cut_text(text)
        self.show_notice(self.tr("Sent the clipboard text to the guest's clipboard"))

    def type_clipboard(self) -> None:
        text = QGuiApplication.clipboard().text()[:MAX_TYPED]
        typed = self.widget.type_text(text)
        if typed:
            if typed == 1:
                self.show_notice(self.tr("Typed 1 character"))
            else:
                self.show_notice(fill(self.tr("Typed %1 characters"), typed))

    def default_screenshot_path(self) -> str:
        """In the folder used last, else Pictures if it exists, else the home folder."""
        folder = ConsoleView._screenshot_folder
        if not folder or not os.path.isdir(folder):
            pictures = QStandardPaths.writableLocation(
                QStandardPaths.StandardLocation.PicturesLocation
            )
            folder = pictures if pictures and os.path.isdir(pictures) else os.path.expanduser("~")
        stamp = datetime.datetime.now().strftime("%Y-%m-%d %H.%M.%S")
        safe = "".join(c if c.isalnum() or c in "-_." else "_" for c in self.vm.name)
        return os.path.join(folder, f"{safe} {stamp}.png")

    def choose_screenshot_file(self) -> QFileDialog | None:
        """Ask where to save what is on the screen now (the dialog opens without blocking)."""
        frame = self.widget.framebuffer()
        if frame is None or frame.isNull():
            return None
        image = frame.copy()  # the screen at the moment of the click
        dialog = QFileDialog(self, self.tr("Save Screenshot"), self.default_screenshot_path())
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setNameFilter(self.tr("PNG images (*.png)"))
        dialog.setDefaultSuffix("png")
        dialog.fileSelected.connect(lambda path: self.save_screenshot(path, image))
        dialog.open()
        return dialog

    def save_screenshot(self, path: str, image: QImage | None = None) -> bool:
        """Write the framebuffer (or `image`) to `path` as PNG; say how it went."""
        if image is None:
            frame = self.widget.framebuffer()
            image = None if frame is None else frame.copy()
        if image is None or image.isNull():
            self.show_notice(self.tr("There is no screen to save yet"))
            return False
        writer = QImageWriter(path, b"png")
        if not writer.write(image):
            self.show_notice(
                fill(self.tr("Could not save the screenshot to %1: %2"), path, writer.errorString())
            )
            return False
        self.show_notice(fill(self.tr("Screenshot saved to %1"), path))
        ConsoleView._screenshot_folder = os.path.dirname(os.path.abspath(path))
        return True

    # ---- lifecycle -------------------------------------------------------------------------

    def set_chrome_visible(self, visible: bool) -> None:
        """Toolbar and status line (hidden in full screen)."""
        self.toolbar.setVisible(visible)
        self.status_line.setVisible(visible)

    def shutdown(self) -> None:
        """Disconnect for good."""
        self._resize_timer.stop()
        self._caps_timer.stop()
        self.session.stop()


class ConsoleWindow(QWidget):
    """A VM's console in a window of its own."""

    dockRequested = Signal(object)  # ConsoleWindow

    def __init__(
        self,
        vm: VirtualMachine,
        parent: QWidget | None = None,
        *,
        view: ConsoleView | None = None,
    ) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.vm = vm
        self.setObjectName("consoleWindow")
        self.setWindowTitle(window_title(vm))
        self._sized_to_guest = False

        self.fullscreen_action = QAction(self.tr("Fullscreen"), self)
        self.fullscreen_action.setCheckable(True)
        self.fullscreen_action.setShortcut(QKeySequence(Qt.Key.Key_F11))
        self.fullscreen_action.setToolTip(self.tr("Full screen (F11; Host key+F while captured)"))
        self.fullscreen_action.toggled.connect(self.set_fullscreen)
        self.addAction(self.fullscreen_action)
        self.dock_action = QAction(self.tr("Dock in main window"), self)
        self.dock_action.setToolTip(
            self.tr("Show this console in the manager window's Console tab")
        )
        self.dock_action.triggered.connect(lambda: self.dockRequested.emit(self))
        self.dock_action.setVisible(parent is not None)

        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(0, 0, 0, 0)
        self.view: ConsoleView | None = None

        # The auto-hiding bar of full screen mode.
        self.mini_bar = QToolBar(self)
        self.mini_bar.setObjectName("fullscreenBar")
        if XShmDisplay.instance() is not None:
            # The screen is its own X window then; the bar must be one too, to stay above it.
            self.mini_bar.setAttribute(Qt.WidgetAttribute.WA_NativeWindow)
        self.mini_bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.mini_bar.setStyleSheet(
            "QToolBar#fullscreenBar { background: rgba(40, 40, 44, 230); border-radius: 4px; }"
            " QToolButton { color: white; }"
        )
        self.leave_action = QAction(self.tr("Leave fullscreen"), self)
        self.leave_action.triggered.connect(lambda: self.set_fullscreen(False))
        self.mini_bar.addAction(self.leave_action)
        self._mini_key_button = QToolButton()
        self._mini_key_button.setText(self.tr("Send key"))
        self._mini_key_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.mini_bar.addWidget(self._mini_key_button)
        self.release_action = QAction(self.tr("Release keyboard"), self)
        self.release_action.triggered.connect(self._release_keyboard)
        self.mini_bar.addAction(self.release_action)
        self.mini_bar.hide()
        self.mini_bar.installEventFilter(self)
        self._hide_timer = QTimer(self)
        self._hide_timer.setSingleShot(True)
        self._hide_timer.setInterval(1500)
        self._hide_timer.timeout.connect(self._hide_mini_bar)

        self._adopt(view if view is not None else ConsoleView(vm))
        if not self._sized_to_guest:
            self._fit_to(QSize(1024, 768))  # until the guest's screen says otherwise

        vm.connection.vmChanged.connect(self._vm_changed)

    def _capture_changed(self, captured: bool) -> None:
        self.release_action.setEnabled(captured)

    def _release_keyboard(self) -> None:
        if self.view is not None:
            self.view.widget.release_capture()

    # ---- the view -----------------------------------------------------------------------

    def _adopt(self, view: ConsoleView) -> None:
        self.view = view
        view.setParent(self)
        self.layout_.addWidget(view)
        bar = view.toolbar
        first = bar.actions()[0]
        bar.insertAction(first, self.fullscreen_action)
        bar.insertSeparator(first)
        self._dock_separator = bar.addSeparator()
        bar.addAction(self.dock_action)
        view.widget.framebufferResized.connect(self._framebuffer_resized)
        view.widget.captureChanged.connect(self._capture_changed)
        view.widget.installEventFilter(self)
        self.release_action.setEnabled(view.widget.captured)
        view.show()
        size = view.widget.framebuffer_size()
        if not size.isEmpty():
            self._sized_to_guest = True
            self._fit_to(size)

    def take_view(self) -> ConsoleView | None:
        """Give the view away (to the dock) without disconnecting it; the window closes."""
        view, self.view = self.view, None
        if view is None:
            return None
        self.set_fullscreen(False)
        bar = view.toolbar
        for action in (self.fullscreen_action, self.dock_action, self._dock_separator):
            bar.removeAction(action)
        first = bar.actions()[0] if bar.actions() else None
        if first is not None and first.isSeparator():
            bar.removeAction(first)
        view.widget.framebufferResized.disconnect(self._framebuffer_resized)
        view.widget.captureChanged.disconnect(self._capture_changed)
        view.widget.removeEventFilter(self)
        self.layout_.removeWidget(view)
        view.setParent(None)
        return view

    def _framebuffer_resized(self, width: int, height: int) -> None:
        """The first time the guest's size is known, fit the window to it (if it fits)."""
        if self._sized_to_guest or self.isFullScreen() or self.isMaximized():
            return
        self._sized_to_guest = True
        self._fit_to(QSize(width, height))

    def _fit_to(self, screen_size: QSize) -> None:
        """Size the window to show a guest screen of this size 1:1, within the desktop."""
        chrome = 0
        if self.view is not None:
            chrome = self.view.toolbar.sizeHint().height()
            chrome += self.view.status_line.sizeHint().height()
        wanted = QSize(screen_size.width(), screen_size.height() + chrome)
        desktop = self.screen().availableGeometry()
        limit = QSize(int(desktop.width() * 0.95), int(desktop.height() * 0.9))
        self.resize(wanted.boundedTo(limit))

    # ---- full screen ---------------------------------------------------------------------

    def set_fullscreen(self, on: bool) -> None:
        if self.fullscreen_action.isChecked() != on:
            self.fullscreen_action.setChecked(on)  # comes back here through toggled
            return
        if on == self.isFullScreen():
            return
        if self.view is not None:
            self.view.set_chrome_visible(not on)
            self._mini_key_button.setMenu(self.view.send_key_menu)
        if on:
            self.showFullScreen()
            self._show_mini_bar()  # briefly, so people see where it is
        else:
            self.mini_bar.hide()
            self.showNormal()

    def _show_mini_bar(self) -> None:
        bar = self.mini_bar
        bar.adjustSize()
        bar.move((self.width() - bar.width()) // 2, 0)
        bar.show()
        bar.raise_()
        self._hide_timer.start()

    def _hide_mini_bar(self) -> None:
        if self.mini_bar.underMouse():
            self._hide_timer.start()
            return
        self.mini_bar.hide()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            self.isFullScreen()
            and self.view is not None
            and watched is self.view.widget
            and event.type() == QEvent.Type.MouseMove
            and isinstance(event, QMouseEvent)
        ):
            top = self.view.widget.mapTo(self, event.position().toPoint()).y()
            if top <= 2:
                self._show_mini_bar()
        elif watched is self.mini_bar and event.type() == QEvent.Type.Leave:
            self._hide_timer.start()
        return False

    # ---- misc -------------------------------------------------------------------------------

    def _vm_changed(self, vm: VirtualMachine) -> None:
        if vm.uuid == self.vm.uuid:
            self.vm = vm
            self.setWindowTitle(window_title(vm))

    def status_text(self) -> str:
        return "" if self.view is None else self.view.status_text()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.view is not None:
            self.view.shutdown()
        super().closeEvent(event)


class ConsoleDock(QWidget):
    """The manager window's Console tab: one docked console, or a hint."""

    detachRequested = Signal(object)  # ConsoleView
    viewChanged = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("consoleDock")
        self.view: ConsoleView | None = None
        self.detach_action = QAction(self.tr("Detach"), self)
        self.detach_action.setToolTip(self.tr("Move this console into a window of its own"))
        self.detach_action.triggered.connect(self._detach)
        self.close_action = QAction(self.tr("Close console"), self)
        self.close_action.triggered.connect(self.close_view)
        self.hint = QLabel(
            self.tr(
                "No console is docked here.\n\nOpen a running VM's console and choose "
                "“Dock in main window” to show it in this tab."
            )
        )
        self.hint.setTextFormat(Qt.TextFormat.PlainText)
        self.hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.hint.setWordWrap(True)
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.addWidget(self.hint)
        self._separator: QAction | None = None

    def holds(self, vm: VirtualMachine) -> bool:
        return self.view is not None and self.view.vm.uuid == vm.uuid

    def set_view(self, view: ConsoleView) -> None:
        if self.view is not None:
            raise RuntimeError("a console is docked already")
        self.view = view
        self.hint.hide()
        view.setParent(self)
        self._layout.addWidget(view)
        self._separator = view.toolbar.addSeparator()
        view.toolbar.addAction(self.detach_action)
        view.toolbar.addAction(self.close_action)
        view.show()
        self.viewChanged.emit()

    def take_view(self) -> ConsoleView | None:
        view, self.view = self.view, None
        if view is None:
            return None
        for action in (self.detach_action, self.close_action, self._separator):
            if action is not None:
                view.toolbar.removeAction(action)
        self._layout.removeWidget(view)
        view.setParent(None)
        self.hint.show()
        self.viewChanged.emit()
        return view

    def _detach(self) -> None:
        if self.view is not None:
            self.detachRequested.emit(self.view)

    def close_view(self) -> None:
        view = self.take_view()
        if view is not None:
            view.shutdown()
            view.deleteLater()
