"""Fixtures the integration tests share."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from hvdesk.core.connection import Connection
from tests.support.embedded import remove_all_vms, shared_connection


@pytest.fixture
def embedded(aio: Any, embed_root: Path) -> Iterator[Connection]:
    """The process's one connection to the session's embedded root (opened once: libvirt
    limits how often a process may open one, see tests/support/embedded.py); the test's
    VMs are removed afterwards."""
    conn = shared_connection(aio, embed_root)
    yield conn
    remove_all_vms(aio, conn, embed_root)
