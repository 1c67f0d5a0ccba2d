"""Run one action on several VMs at once and report every failure in one sentence."""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine, Sequence
from typing import Any

from hvdesk.core.errors import HvdeskError, KvmUnusableError, from_libvirt
from hvdesk.core.vm import VirtualMachine
from hvdesk.i18n import fill

Job = tuple[VirtualMachine, Coroutine[Any, Any, Any]]


def batch_error(
    what: str,
    failures: Sequence[tuple[VirtualMachine, BaseException]],
    total: int,
    *values: object,
) -> HvdeskError:
    """'Could not shut down 2 of 3 VMs. 'a': why; 'b': why.' — `what` is the translated
    sentence with %1 (how many failed), %2 (how many there were) and %3… (values), all
    filled in one pass, so a value holding "%1" stays as it is."""
    reasons = []
    sentence = fill(what, len(failures), total, *values)
    for vm, exc in failures:
        error = from_libvirt(sentence, exc)
        reason = error.reason if isinstance(error, KvmUnusableError) else error.detail
        reasons.append(f"'{vm.name}': {(reason or error.what).rstrip('.')}")
    kvm = [exc for _vm, exc in failures if isinstance(exc, KvmUnusableError)]
    if kvm:  # the message still offers software emulation, for those VMs
        vms = tuple(ref for error in kvm for ref in error.vms)
        return KvmUnusableError(sentence, "; ".join(reasons), kvm[0].hint, kvm[0].reason, vms)
    return HvdeskError(sentence, "; ".join(reasons))


async def run_batch(what: str, jobs: Sequence[Job], *values: object) -> None:
    """Run the jobs together; a single job's failure is raised as it is, several are
    gathered into one HvdeskError naming each VM (`what`: see batch_error)."""
    results = await asyncio.gather(*(coro for _vm, coro in jobs), return_exceptions=True)
    failures = [
        (vm, result)
        for (vm, _coro), result in zip(jobs, results, strict=True)
        if isinstance(result, BaseException)
    ]
    if not failures:
        return
    if len(jobs) == 1:
        raise failures[0][1]
    raise batch_error(what, failures, len(jobs), *values)
