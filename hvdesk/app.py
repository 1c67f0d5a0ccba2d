"""The application: QApplication, the qasync loop, the connections and the window."""

from __future__ import annotations

import asyncio
import os
import sys
import time

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication

from hvdesk import APP_ID, __version__
from hvdesk.core.config import ConnectionStore
from hvdesk.core.connection import DEFAULT_OPEN_TIMEOUT
from hvdesk.core.errors import HvdeskError
from hvdesk.core.manager import ConnectionManager
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


def run(uris: list[str]) -> int:
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
    window.show()

    async def main() -> None:
        closed = asyncio.get_running_loop().create_future()

        def window_closed() -> None:
            if not closed.done():
                closed.set_result(None)

        app.lastWindowClosed.connect(window_closed)
        opening = [window.open_connection(conn) for conn in manager.connections]
        if reporter is not None:
            await asyncio.gather(*opening, return_exceptions=True)
            reporter.event_filter_armed()
        await closed
        # Guests keep running: closing the connection does not stop them.
        manager.shutdown()

    qasync.run(main())
    return 0
