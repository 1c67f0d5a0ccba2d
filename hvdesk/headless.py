"""`hvdesk --list` and `hvdesk --start VM --headless` when no hvdesk is running: the core
objects on a plain asyncio loop, no QApplication, no window."""

from __future__ import annotations

import asyncio
import sys

from hvdesk.core.errors import HvdeskError
from hvdesk.core.manager import ConnectionManager
from hvdesk.core.vm import Action, VirtualMachine
from hvdesk.core.vm_lookup import (
    EXIT_FAILED,
    EXIT_OK,
    EXIT_USAGE,
    find_vm,
    list_lines,
    make_manager,
)
from hvdesk.single_instance import Reply, Request


def _say(text: str) -> None:
    print(f"hvdesk: {text}", file=sys.stderr, flush=True)


async def start_vm(vm: VirtualMachine) -> Reply:
    """Start a VM; one already running is fine (a launcher clicked twice)."""
    if vm.state.is_active:
        return Reply(EXIT_OK, "", f"hvdesk: '{vm.name}' is already running.\n")
    if not vm.can(Action.START):
        return Reply(
            EXIT_FAILED, "", f"hvdesk: '{vm.name}' cannot be started while it is "
            f"{vm.state.value.lower()}.\n",
        )  # fmt: skip
    try:
        await vm.start()
    except HvdeskError as exc:
        return Reply(EXIT_FAILED, "", f"hvdesk: {exc.sentence()}\n")
    return Reply(EXIT_OK, "", f"hvdesk: Started '{vm.name}'.\n")


def list_reply(manager: ConnectionManager) -> Reply:
    lines = list_lines(manager)
    failed = [c.status_text() for c in manager.connections if not c.is_connected]
    stdout = "".join(line + "\n" for line in lines)
    stderr = "".join(f"hvdesk: {text}\n" for text in failed)
    return Reply(EXIT_FAILED if failed else EXIT_OK, stdout, stderr)


async def _serve(request: Request) -> Reply:
    manager, errors = make_manager(request.connect)
    if errors:
        return Reply(EXIT_USAGE, "", "".join(f"hvdesk: {e.sentence()}\n" for e in errors))
    try:
        await manager.open_all()
        if request.action == "list":
            return list_reply(manager)
        vm, problem, code = find_vm(manager, request.target, request.connect)
        if vm is None:
            return Reply(code, "", f"hvdesk: {problem}\n")
        return await start_vm(vm)
    finally:
        manager.shutdown()


def run_headless(request: Request) -> int:
    reply = asyncio.run(_serve(request))
    sys.stdout.write(reply.stdout)
    sys.stderr.write(reply.stderr)
    return reply.code
