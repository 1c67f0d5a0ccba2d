"""Rename a VM: libvirt's virDomainRename, for a VM that is off.

The name rules are the New-VM wizard's (core/newvm.py), so a name the wizard accepts is
one rename accepts and the other way round. Disk image files keep their names.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import libvirt

from hvdesk.core.errors import HvdeskError, from_libvirt
from hvdesk.core.newvm import _name_error
from hvdesk.i18n import fill, translate

if TYPE_CHECKING:
    from hvdesk.core.vm import VirtualMachine


def rename_problem(vm: VirtualMachine, new_name: str) -> str:
    """Why `vm` cannot be called `new_name` now (a sentence), or ""."""
    if new_name == vm.name:
        return translate("rename", "Enter a name different from the current one.")
    taken = {other.name for other in vm.connection.vms.values() if other.uuid != vm.uuid}
    problem = _name_error(new_name, taken, vm.connection.name)
    if problem:
        return problem
    if vm.state.is_active:
        return translate(
            "rename", "Shut '{name}' down first: only a VM that is off can be renamed."
        ).format(name=vm.name)
    if vm.snapshot.has_managed_save:
        return translate(
            "rename",
            "'{name}' has a saved state: start it and shut it down, or discard the saved "
            "state, before renaming it.",
        ).format(name=vm.name)
    return ""


async def rename_vm(vm: VirtualMachine, new_name: str) -> None:
    problem = rename_problem(vm, new_name)
    old = vm.name
    if problem:
        raise HvdeskError(fill(translate("rename", "Could not rename '%1'"), old), problem)

    def rename(dom: libvirt.virDomain) -> None:
        try:
            dom.rename(new_name, 0)
        except libvirt.libvirtError as exc:
            if exc.get_error_code() == libvirt.VIR_ERR_NO_SUPPORT:
                raise HvdeskError(
                    fill(translate("rename", "Could not rename '%1'"), old),
                    translate("rename", "This connection's driver cannot rename VMs"),
                    translate(
                        "rename", "Clone it under the new name and delete the original instead"
                    ),
                ) from exc
            if "snapshot" in (exc.get_error_message() or "").lower():
                raise HvdeskError(
                    fill(translate("rename", "Could not rename '%1'"), old),
                    exc.get_error_message(),
                    translate(
                        "rename", "libvirt renames only VMs without snapshots: delete them first"
                    ),
                ) from exc
            raise

    try:
        await vm.connection.call_domain(vm.uuid, rename)
    except Exception as exc:
        raise from_libvirt(
            fill(translate("rename", "Could not rename '%1' to '%2'"), old, new_name), exc
        ) from exc
    finally:
        vm.connection.refresh_vm(vm.uuid)
