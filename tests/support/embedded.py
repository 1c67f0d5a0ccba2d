"""One hvdesk Connection to the session's embedded root, shared by the New-VM tests.

libvirt 9.0 registers the embedded QEMU driver again on every open of
`qemu:///embed?root=…` and refuses after about 16 opens in one process ("Too many
drivers, cannot register QEMU"), closed or not. So these tests open it once per process
and clean up after each test instead of reopening.
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Any

import libvirt

from hvdesk.core.connection import Connection
from hvdesk.core.embed import embed_uri
from tests.conftest import kill_guests

_shared: dict[Path, Connection] = {}


def shared_connection(aio: Any, root: Path) -> Connection:
    conn = _shared.get(root)
    if conn is None or not conn.is_connected:
        conn = Connection(embed_uri(root))
        assert aio.run(conn.open()), conn.status_text()
        _shared[root] = conn
    return conn


def remove_all_vms(aio: Any, conn: Connection, root: Path) -> None:
    """Kill the root's guests and undefine every VM (with its NVRAM)."""
    kill_guests(root)

    def undefine_all(c: Any) -> None:
        for dom in c.listAllDomains(0):
            # The guest may have been killed a moment ago and libvirt not noticed yet.
            with contextlib.suppress(libvirt.libvirtError):
                dom.destroy()
            dom.undefineFlags(
                libvirt.VIR_DOMAIN_UNDEFINE_NVRAM | libvirt.VIR_DOMAIN_UNDEFINE_SNAPSHOTS_METADATA
            )

    if conn.is_connected:
        aio.run(conn.call(undefine_all))
        aio.wait_until(lambda: not conn.vms)
