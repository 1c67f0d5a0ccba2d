"""`hvdesk --list` and `hvdesk --start VM --headless` when no hvdesk is running: the core
objects on a plain asyncio loop, no QApplication, no window."""

from __future__ import annotations

import asyncio
import shlex
import sys
from collections.abc import Callable

from hvdesk.core.errors import HvdeskError, KvmUnusableError
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
from hvdesk.i18n import fill, translate
from hvdesk.single_instance import Reply, Request


def _say(text: str) -> None:
    print(f"hvdesk: {text}", file=sys.stderr, flush=True)


async def start_vm(
    vm: VirtualMachine, kvm_failed: Callable[[KvmUnusableError], object] | None = None
) -> Reply:
    """Start a VM; one already running is fine (a launcher clicked twice). KVM that does
    not work there is told with what to do, and handed to `kvm_failed` (the window's
    offer of software emulation) when there is one."""
    if vm.state.is_active:
        return Reply(EXIT_OK, "", f"hvdesk: '{vm.name}' is already running.\n")
    if not vm.can(Action.START):
        return Reply(
            EXIT_FAILED, "", f"hvdesk: '{vm.name}' cannot be started while it is "
            f"{vm.state.value.lower()}.\n",
        )  # fmt: skip
    try:
        await vm.start()
    except KvmUnusableError as exc:
        if kvm_failed is not None:
            kvm_failed(exc)
        return Reply(EXIT_FAILED, "", f"hvdesk: {exc.sentence()}\n{_tcg_hint(exc, vm)}\n")
    except HvdeskError as exc:
        return Reply(EXIT_FAILED, "", f"hvdesk: {exc.sentence()}\n")
    return Reply(EXIT_OK, "", f"hvdesk: Started '{vm.name}'.\n")


def _tcg_hint(error: KvmUnusableError, vm: VirtualMachine) -> str:
    return fill(
        translate(
            "Headless",
            'hvdesk: To start it with software emulation, choose "%1" in hvdesk\'s window '
            "(hvdesk --start %2 shows it there). hvdesk then remembers that KVM does not "
            "work on this host, for the command line too.",
        ),
        error.offer,
        shlex.quote(vm.name),
    )


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
