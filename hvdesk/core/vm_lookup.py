"""The connections a command line asks for, and the VM it names (by name or UUID)."""

from __future__ import annotations

import os
from collections.abc import Sequence

from hvdesk.core.config import ConnectionStore
from hvdesk.core.connection import DEFAULT_OPEN_TIMEOUT, Connection
from hvdesk.core.errors import HvdeskError
from hvdesk.core.manager import ConnectionManager
from hvdesk.core.vm import VirtualMachine
from hvdesk.i18n import QT_TRANSLATE_NOOP, fill, translate

# Exit codes of the command line; scripts rely on them (see `hvdesk --help`).
EXIT_OK = 0
EXIT_FAILED = 1  # libvirt, the connection or the VM action failed
EXIT_USAGE = 2  # the command line itself is wrong
EXIT_NOT_FOUND = 3  # no VM has that name or UUID


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


def find_vm(
    manager: ConnectionManager, key: str, within: Sequence[str] = ()
) -> tuple[VirtualMachine | None, str, int]:
    """The VM a command line names (its name, or its UUID in any case), or why not and
    the exit code that says so (EXIT_NOT_FOUND, or EXIT_FAILED when no host answered).

    `within`: the command line's --connect URIs. When given, only those connections are
    searched: `hvdesk --connect URI --start UUID` (a launcher's Exec) means the VM on that
    host, even where the running hvdesk also shows a copy with the same UUID elsewhere,
    and answers as it would with no hvdesk running (then only those are open)."""
    scope = {u.strip() for u in within}
    connections = [c for c in manager.connections if not scope or c.uri in scope]
    vms = [vm for c in connections for vm in c.vms.values()]
    for matches, says in (
        ([vm for vm in vms if vm.uuid == key.lower()], _SAME_UUID),
        ([vm for vm in vms if vm.name == key], _SAME_NAME),
    ):
        if len(matches) == 1:
            return matches[0], "", EXIT_OK
        if matches:
            where = ", ".join(vm.connection.name for vm in matches)
            return None, fill(translate("VmLookup", says), key, where), EXIT_USAGE
    return None, *_not_found(connections, key)


_SAME_UUID = QT_TRANSLATE_NOOP(
    "VmLookup", "'%1' is the UUID of a VM on each of %2; name the host with --connect."
)
_SAME_NAME = QT_TRANSLATE_NOOP("VmLookup", "'%1' names a VM on each of %2; give its UUID instead.")


def _not_found(connections: list[Connection], key: str) -> tuple[str, int]:
    if not connections:
        return (
            fill(translate("VmLookup", "There is no VM named '%1': no connection is set up."), key),
            EXIT_NOT_FOUND,
        )
    failed = " ".join(c.status_text() for c in connections if not c.is_connected)
    connected = [c.name for c in connections if c.is_connected]
    if not connected:
        return fill(translate("VmLookup", "Could not look for '%1'. %2"), key, failed), EXIT_FAILED
    problem = fill(
        translate("VmLookup", "There is no VM named '%1' (nor with that UUID) on %2."),
        key,
        ", ".join(connected),
    )
    return f"{problem} {failed}" if failed else problem, EXIT_NOT_FOUND


def state_token(vm: VirtualMachine) -> str:
    """The VM's state as `hvdesk --list` prints it: running, shutoff, paused, …"""
    return vm.state.name.lower().replace("_", "-")


def list_lines(manager: ConnectionManager) -> list[str]:
    """`hvdesk --list`: one line per VM, tab-separated: name, state, UUID, connection URI."""
    lines = []
    for conn in manager.connections:
        for vm in sorted(conn.vms.values(), key=lambda v: v.name.lower()):
            lines.append("\t".join((vm.name, state_token(vm), vm.uuid, conn.uri)))
    return lines
