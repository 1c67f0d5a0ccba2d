"""What the running hvdesk does with a request: its own command line, or one handed over
by a second `hvdesk` (a launcher, a file manager, a script)."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

from PySide6.QtCore import QObject

from hvdesk.core.errors import HvdeskError, KvmUnusableError
from hvdesk.core.vm_lookup import EXIT_USAGE, find_vm
from hvdesk.headless import list_reply, start_vm
from hvdesk.single_instance import Reply, Request
from hvdesk.ui.main_window import MainWindow


class RequestHandler(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.manager = window.manager
        # Set once the connections given at start-up have been tried.
        self.loaded = asyncio.Event()

    def raise_window(self) -> None:
        window = self.window
        if window.isMinimized():
            window.showNormal()
        window.show()
        window.raise_()
        window.activateWindow()

    async def _open(self, uris: list[str]) -> Reply | None:
        opening = []
        for uri in uris:
            try:
                conn = self.manager.add(uri, save=False)
            except HvdeskError as exc:
                return Reply(EXIT_USAGE, "", f"hvdesk: {exc.sentence()}\n")
            if not conn.is_connected:
                opening.append(self.window.open_connection(conn))
        await asyncio.gather(*opening, return_exceptions=True)
        return None

    def _offer_tcg(self, error: KvmUnusableError) -> None:
        self.raise_window()
        self.window.show_failure(error, then=self.window.show_console)

    async def handle(self, request: Request) -> Reply:
        reply = await self._handle(request)
        if os.environ.get("HVDESK_REPORT_READY"):  # for the end-to-end tests
            print(f"HVDESK_REQUEST {request.action} {request.target} {reply.code}", flush=True)
        return reply

    async def _handle(self, request: Request) -> Reply:
        problem = await self._open(request.connect)
        if problem is not None:
            return problem
        await self.loaded.wait()
        action = request.action
        if action == "show":
            self.raise_window()
            return Reply()
        if action == "new":
            self.raise_window()
            self.window.show_new_vm_wizard(Path(request.target) if request.target else None)
            return Reply()
        if action == "list":
            return list_reply(self.manager)
        vm, why, code = find_vm(self.manager, request.target, request.connect)
        if vm is None:
            return Reply(code, "", f"hvdesk: {why}\n")
        if action == "start":
            # Shown with a window: its message offers software emulation where KVM fails.
            offer = None if request.headless else self._offer_tcg
            reply = await start_vm(vm, offer)
            if reply.code == 0 and not request.headless:
                self.window.show_console(vm)
            return reply
        if action == "console":
            self.window.show_console(vm)
            return Reply()
        if action == "settings":
            self.raise_window()
            self.window.select_vm(vm)
            self.window.show_settings(vm)
            return Reply()
        return Reply(EXIT_USAGE, "", f"hvdesk: '{action}' is not a request hvdesk knows.\n")
