"""The application: QApplication, the qasync loop, the connections and the window,
and the single-instance server that takes requests from later `hvdesk` invocations."""

from __future__ import annotations

import asyncio
import os
import sys
import time

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication

from hvdesk import APP_ID, __version__
from hvdesk.core import preferences
from hvdesk.core.errors import HvdeskError
from hvdesk.core.vm_lookup import make_manager
from hvdesk.i18n import install_translators
from hvdesk.quit_signals import QuitOnSignals
from hvdesk.single_instance import (
    InstanceLock,
    InstanceServer,
    Reply,
    Request,
    UnsafeFolder,
    hand_off,
)
from hvdesk.ui.console import ConsoleState
from hvdesk.ui.console_window import ConsoleView, ConsoleWindow
from hvdesk.ui.icons import app_icon
from hvdesk.ui.main_window import MainWindow
from hvdesk.ui.request_handler import RequestHandler
from hvdesk.ui.theme import apply_theme
from hvdesk.ui.tray import RunningVmsTray


class _ReadyReporter(QObject):
    """Prints `HVDESK_READY <epoch seconds> <vm count>` once the loaded list is painted,
    then one `HVDESK_ROW` line per VM with the texts the list shows.

    Only with HVDESK_REPORT_READY=1, for the start-up benchmark and end-to-end tests.
    """

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.loaded = False
        window.tree.viewport().installEventFilter(self)

    def event_filter_armed(self) -> None:
        self.loaded = True
        self.window.tree.viewport().update()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if self.loaded and event.type() == QEvent.Type.Paint:
            self.loaded = False
            vms = sum(len(c.vms) for c in self.window.manager.connections)
            # After this paint event is handled, the frame is on screen.
            asyncio.get_running_loop().call_soon(
                lambda: print(f"HVDESK_READY {time.time():.4f} {vms}", flush=True)
            )
            asyncio.get_running_loop().call_soon(self._print_rows)
            self.window.tree.viewport().removeEventFilter(self)
        return False

    def _print_rows(self) -> None:
        model = self.window.model
        for conn_row in range(model.rowCount()):
            parent = model.index(conn_row, 0)
            for row in range(model.rowCount(parent)):
                texts = [str(model.index(row, c, parent).data() or "") for c in range(5 + 1)]
                print("HVDESK_ROW\t" + "\t".join(texts), flush=True)


def _report_console(view: ConsoleView) -> None:
    """Prints `HVDESK_CONSOLE <epoch seconds> <state> <text>` once, when the console first
    shows a frame ("connected WxH") or gives up ("failed …", "off …").

    Only with HVDESK_REPORT_READY=1 and --console, for benchmarks and end-to-end tests.
    """
    session, widget = view.session, view.widget
    done = False

    def report(state: str, text: str) -> None:
        nonlocal done
        if not done:
            done = True
            widget.framebufferUpdated.disconnect(frame)
            session.stateChanged.disconnect(changed)
            print(f"HVDESK_CONSOLE {time.time():.4f} {state} {text}", flush=True)

    def frame() -> None:
        size = widget.framebuffer_size()
        # After this update is painted, the frame is on screen.
        asyncio.get_running_loop().call_soon(
            lambda: report("connected", f"{size.width()}x{size.height()}")
        )

    def changed(*_: object) -> None:
        if session.state in (ConsoleState.FAILED, ConsoleState.OFF):
            report(session.state.value, session.message)

    widget.framebufferUpdated.connect(frame)
    session.stateChanged.connect(changed)
    changed()


def _become_the_instance(
    request: Request, handler: RequestHandler
) -> tuple[InstanceServer | None, Reply | None]:
    """Serve later invocations; or, if another hvdesk started meanwhile, its reply to ours."""
    try:
        with InstanceLock():
            reply = hand_off(request)
            if reply is not None:
                return None, reply
            server = InstanceServer(handler.handle)
            if server.listen():
                return server, None
            problem = "another hvdesk holds the socket"
    except UnsafeFolder as exc:  # another user's folder, socket or lock: not used
        print(
            f"hvdesk: {exc} Later hvdesk commands cannot reach this one; it runs on its own.",
            file=sys.stderr,
        )
        return None, None
    except OSError as exc:  # e.g. an unwritable $XDG_RUNTIME_DIR
        problem = exc.strerror or str(exc)
    print(
        f"hvdesk: Later hvdesk commands cannot reach this one ({problem}); it runs on its own.",
        file=sys.stderr,
    )
    return None, None


def run(request: Request) -> int:
    os.environ.setdefault("QT_API", "pyside6")
    # Qt's own event dispatcher, not GLib's: libvirt's event loop (GLib's default
    # context) then stays on its own thread instead of being run by the GUI thread.
    os.environ.setdefault("QT_NO_GLIB", "1")
    import qasync

    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("hvdesk")
    app.setApplicationDisplayName("hvdesk")
    app.setApplicationVersion(__version__)
    app.setDesktopFileName(APP_ID)
    app.setWindowIcon(app_icon())
    install_translators(app)
    apply_theme(preferences.theme())

    manager, errors = make_manager(request.connect)
    window = MainWindow(manager)
    handler = RequestHandler(window)
    server: InstanceServer | None = None
    if not os.environ.get("HVDESK_NEW_INSTANCE"):
        server, reply = _become_the_instance(request, handler)
        if reply is not None:
            sys.stdout.write(reply.stdout)
            sys.stderr.write(reply.stderr)
            return reply.code

    for error in errors:
        window.message_bar.show_error(error)
    reporter = _ReadyReporter(window) if os.environ.get("HVDESK_REPORT_READY") else None
    console_only = request.action == "console"
    if not console_only:
        window.show()
    tray = RunningVmsTray.create(window)

    async def main() -> int:
        loop = asyncio.get_running_loop()
        closed = loop.create_future()

        def report_console(shown: object) -> None:
            if isinstance(shown, ConsoleWindow) and shown.view is not None:
                _report_console(shown.view)

        def window_closed() -> None:
            if not closed.done():
                closed.set_result(None)

        def console_closed(*_: object) -> None:
            # A console window is not a primary window: the last one closing while the
            # manager window is hidden (hvdesk --console) ends the application too.
            def check() -> None:
                if not any(w.isVisible() for w in app.topLevelWidgets() if w.isWindow()):
                    window_closed()

            loop.call_soon(check)

        app.lastWindowClosed.connect(window_closed)
        quit_signals = QuitOnSignals(window_closed)  # SIGTERM: as if the window closed
        opening = [window.open_connection(conn) for conn in manager.connections]
        if reporter is not None or request.action != "show":
            await asyncio.gather(*opening, return_exceptions=True)
        handler.loaded.set()
        if reporter is not None:
            reporter.event_filter_armed()
        if console_only:
            window.consoleClosed.connect(console_closed)
            if reporter is not None:
                window.consoleOpened.connect(report_console)
        if request.action != "show":
            reply = await handler.handle(request)
            sys.stdout.write(reply.stdout)
            if reply.code:
                sys.stderr.write(reply.stderr)
                sys.stderr.flush()
                if not window.isVisible():
                    quit_signals.close()
                    manager.shutdown()
                    return reply.code
                text = reply.stderr.strip().removeprefix("hvdesk: ")
                window.message_bar.show_error(HvdeskError(text))
        await closed
        quit_signals.close()
        if tray is not None:
            tray.hide()
        # Guests keep running: closing the connection does not stop them.
        manager.shutdown()
        return 0

    try:
        return int(qasync.run(main()))
    finally:
        if server is not None:
            server.close()
