"""A real linked clone on the embedded QEMU driver: the frozen base both VMs are built
on is never offered by a delete and never taken as another VM's writable disk."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import pytest

from hvdesk.core import clone
from hvdesk.core.clone import CloneMode
from hvdesk.core.connection import Connection
from hvdesk.core.errors import HvdeskError
from hvdesk.core.hostfacts import probe_host
from hvdesk.core.newvm import ImportDisk, NewVmSpec, create_vm
from hvdesk.core.osinfo import GENERIC
from tests.guest.build import GuestImage
from tests.guest.domain import guest_domain_xml

pytestmark = pytest.mark.integration


def test_the_base_of_a_linked_clone_stays_out_of_reach(
    aio: Any, embedded: Connection, guest_image: GuestImage, embed_root: Path
) -> None:
    base = embed_root / "original.qcow2"
    subprocess.run(["qemu-img", "create", "-q", "-f", "qcow2", str(base), "16M"], check=True)
    xml = guest_domain_xml("original", guest_image, serial_log=embed_root / "o.serial", disk=base)
    uuid = aio.run(embedded.call(lambda c: c.defineXML(xml).UUIDString()))
    aio.wait_until(lambda: uuid in embedded.vms)
    clone_uuid = aio.run(clone.clone_vm(embedded.vms[uuid], "linked", CloneMode.LINKED), 120)
    aio.wait_until(lambda: clone_uuid in embedded.vms)
    original, linked = embedded.vms[uuid], embedded.vms[clone_uuid]
    own_overlay = str(embed_root / "original-1.qcow2")
    assert [d.source for d in original.config.disks if d.device == "disk"] == [own_overlay]

    # The frozen base as a third VM's writable disk would change both under them.
    host = aio.run(probe_host(embedded), timeout=60)
    spec = NewVmSpec("third", GENERIC, 256, 1, disk=ImportDisk(str(base), False))
    with pytest.raises(HvdeskError) as info:
        aio.run(create_vm(spec, embedded, host=host), timeout=60)
    assert f"{base} is a base image other VMs are built on ('linked', 'original')" in (
        info.value.sentence()
    )
    assert "third" not in {vm.name for vm in embedded.vms.values()}

    plan = aio.run(original.read_delete_plan())
    assert [d.source for d in plan.removable] == [own_overlay]
    assert plan.shared_bases == ((str(base), ("linked",)),)
    plan = aio.run(linked.read_delete_plan())
    assert [d.source for d in plan.removable] == [str(embed_root / "linked.qcow2")]
    assert plan.shared_bases == ((str(base), ("original",)),)

    aio.run(original.delete(remove_disks=aio.run(original.read_delete_plan()).removable))
    assert base.exists() and not Path(own_overlay).exists()
    assert aio.run(linked.read_delete_plan()).shared_bases == ()  # now the clone's alone
