"""The application: QApplication, the qasync loop, the connections and the window."""

from __future__ import annotations

import asyncio
import os
import sys
import time
from pathlib import Path

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication

from hvdesk import APP_ID, __version__
from hvdesk.core.config import ConnectionStore
from hvdesk.core.connection import DEFAULT_OPEN_TIMEOUT
from hvdesk.core.errors import HvdeskError
from hvdesk.core.manager import ConnectionManager
from hvdesk.core.vm import VirtualMachine
from hvdesk.ui.console import ConsoleState
from hvdesk.ui.console_window import ConsoleView, ConsoleWindow
from hvdesk.ui.icons import app_icon
from hvdesk.ui.main_window import MainWindow


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


def make_manager(uris: list[str]) -> tuple[ConnectionManager, list[HvdeskError]]:
    store = ConnectionStore.default()
    timeout = float(os.environ.get("HVDESK_CONNECT_TIMEOUT", DEFAULT_OPEN_TIMEOUT))
    manager = ConnectionManager(store, open_timeout=timeout)
    errors = []
    for uri in uris or store.load():
        try:
            manager.add(uri, save=False)
        except HvdeskError as exc:
            errors.append(exc)
    return manager, errors


def find_vm(manager: ConnectionManager, key: str) -> tuple[VirtualMachine | None, str]:
    """The VM a command line names (its name, or its UUID in any case), or why not."""
    by_uuid = [vm for c in manager.connections for vm in c.vms.values() if vm.uuid == key.lower()]
    if by_uuid:
        return by_uuid[0], ""
    named = [vm for c in manager.connections for vm in c.vms.values() if vm.name == key]
    if len(named) == 1:
        return named[0], ""
    if named:
        where = ", ".join(vm.connection.name for vm in named)
        return None, f"'{key}' names a VM on each of {where}; give its UUID instead."
    if not manager.connections:
        return None, f"There is no VM named '{key}': no connection is set up."
    failed = " ".join(c.status_text() for c in manager.connections if not c.is_connected)
    connected = [c.name for c in manager.connections if c.is_connected]
    if not connected:
        return None, f"Could not open the console of '{key}'. {failed}"
    names = ", ".join(connected)
    problem = f"There is no VM named '{key}' (nor with that UUID) on {names}."
    return None, f"{problem} {failed}" if failed else problem


def run(uris: list[str], console: str | None = None, new_vm: str | None = None) -> int:
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
    manager, errors = make_manager(uris)
    window = MainWindow(manager)
    for error in errors:
        window.message_bar.show_error(error)
    reporter = _ReadyReporter(window) if os.environ.get("HVDESK_REPORT_READY") else None
    if console is None:
        window.show()

    async def main() -> int:
        loop = asyncio.get_running_loop()
        closed = loop.create_future()

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
        opening = [window.open_connection(conn) for conn in manager.connections]
        if reporter is not None or console is not None or new_vm is not None:
            await asyncio.gather(*opening, return_exceptions=True)
        if new_vm is not None:
            window.show_new_vm_wizard(Path(new_vm) if new_vm else None)
        if reporter is not None:
            reporter.event_filter_armed()
        if console is not None:
            vm, problem = find_vm(manager, console)
            if vm is None:
                print(f"hvdesk: {problem}", file=sys.stderr, flush=True)
                manager.shutdown()
                return 1
            window.consoleClosed.connect(console_closed)
            shown = window.show_console(vm)
            if reporter is not None and isinstance(shown, ConsoleWindow) and shown.view:
                _report_console(shown.view)
        await closed
        # Guests keep running: closing the connection does not stop them.
        manager.shutdown()
        return 0

    return int(qasync.run(main()))
