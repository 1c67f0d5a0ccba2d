"""The set of connections hvdesk shows, and which of them are saved for next time."""

from __future__ import annotations

import asyncio

from PySide6.QtCore import QObject, Signal

from hvdesk.core.config import ConnectionStore
from hvdesk.core.connection import DEFAULT_OPEN_TIMEOUT, Connection


class ConnectionManager(QObject):
    connectionAdded = Signal(object)
    connectionRemoved = Signal(object)

    def __init__(
        self,
        store: ConnectionStore,
        *,
        open_timeout: float = DEFAULT_OPEN_TIMEOUT,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.open_timeout = open_timeout
        self.connections: list[Connection] = []

    def find(self, uri: str) -> Connection | None:
        return next((c for c in self.connections if c.uri == uri), None)

    def add(self, uri: str, *, save: bool) -> Connection:
        """Add a connection (not yet opened). Raises HvdeskError for a bad URI."""
        existing = self.find(uri.strip())
        if existing is not None:
            return existing
        conn = Connection(uri, open_timeout=self.open_timeout, parent=self)
        self.connections.append(conn)
        if save:
            self.store.add(conn.uri)
        self.connectionAdded.emit(conn)
        return conn

    async def remove(self, conn: Connection) -> None:
        await conn.close()
        self.connections.remove(conn)
        self.store.remove(conn.uri)
        self.connectionRemoved.emit(conn)

    async def open_all(self) -> None:
        await asyncio.gather(*(c.open() for c in self.connections))

    def shutdown(self) -> None:
        for conn in self.connections:
            conn.shutdown()
