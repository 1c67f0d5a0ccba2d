from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from hvdesk.core.connection import Connection
from tests.support.core import HOSTS_URI


@pytest.fixture
def host(aio: Any) -> Iterator[Connection]:
    """A private copy of the fixture host, opened by hvdesk."""
    conn = Connection(HOSTS_URI)
    assert aio.run(conn.open()) is True, conn.status_text()
    yield conn
    aio.run(conn.close())
