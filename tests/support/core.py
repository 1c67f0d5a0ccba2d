"""Helpers for tests of hvdesk's core on libvirt's test driver."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hvdesk.core.connection import Connection
from hvdesk.core.vm import VirtualMachine

HOSTS = Path(__file__).resolve().parents[1] / "fixtures" / "hosts.xml"
HOSTS_URI = f"test://{HOSTS}"  # each open gets a private copy of this host


def vm_named(conn: Connection, name: str) -> VirtualMachine:
    return next(vm for vm in conn.vms.values() if vm.name == name)


class Recorder:
    """Every signal a Connection emits, in order: (signal name, payload)."""

    def __init__(self, conn: Connection) -> None:
        self.log: list[tuple[str, Any]] = []
        conn.stateChanged.connect(lambda *_: self.log.append(("state", conn.state)))
        conn.vmsReset.connect(lambda *_: self.log.append(("reset", None)))
        conn.vmAdded.connect(lambda vm: self.log.append(("added", vm)))
        conn.vmChanged.connect(lambda vm: self.log.append(("changed", vm)))
        conn.vmRemoved.connect(lambda vm: self.log.append(("removed", vm)))

    def of(self, kind: str) -> list[Any]:
        return [payload for k, payload in self.log if k == kind]

    def clear(self) -> None:
        self.log.clear()
