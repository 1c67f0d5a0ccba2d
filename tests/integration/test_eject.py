"""Ejecting the installer disc after the first boot, on the embedded QEMU driver."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from libvirt import VIR_DOMAIN_XML_INACTIVE

from hvdesk.core.connection import Connection
from tests.guest.build import GuestImage
from tests.guest.domain import guest_domain_xml
from tests.support.media import guest_iso

pytestmark = pytest.mark.integration


def test_eject_the_cd_of_a_running_vm_and_of_its_definition(
    aio: Any, embedded: Connection, guest_image: GuestImage, embed_root: Path
) -> None:
    iso = guest_iso(guest_image)
    cdrom = (
        "<disk type='file' device='cdrom'><driver name='qemu' type='raw'/>"
        f"<source file='{iso}'/><target dev='sda' bus='sata'/><readonly/></disk>"
    )
    xml = guest_domain_xml("ejectme", guest_image, serial_log=embed_root / "eject.serial")
    xml = xml.replace("</devices>", cdrom + "</devices>")
    uuid = aio.run(embedded.call(lambda c: c.defineXML(xml).UUIDString()))
    aio.wait_until(lambda: uuid in embedded.vms)
    vm = embedded.vms[uuid]
    aio.run(vm.start())
    assert [d.source for d in vm.media_drives()] == [str(iso)]

    aio.run(vm.eject("sda"))
    assert vm.media_drives() == ()  # the live VM, read back at once
    cdroms = [d for d in vm.config.disks if d.device == "cdrom"]
    assert [d.target for d in cdroms] == ["sda"]  # the drive stays, empty
    inactive = aio.run(
        embedded.call(lambda c: c.lookupByUUIDString(uuid).XMLDesc(VIR_DOMAIN_XML_INACTIVE))
    )
    assert str(iso) not in inactive  # and it stays out after the next boot

    with pytest.raises(Exception, match="has no CD/DVD drive sdz"):
        aio.run(vm.eject("sdz"))


def test_the_console_window_ejects_the_installer(
    aio: Any, qtbot: Any, embedded: Connection, guest_image: GuestImage, embed_root: Path
) -> None:
    from hvdesk.ui.console_window import ConsoleView

    iso = guest_iso(guest_image)
    cdrom = (
        "<disk type='file' device='cdrom'><driver name='qemu' type='raw'/>"
        f"<source file='{iso}'/><target dev='sdb' bus='sata'/><readonly/></disk>"
    )
    xml = guest_domain_xml("console-eject", guest_image, serial_log=embed_root / "ce.serial")
    uuid = aio.run(
        embedded.call(lambda c: c.defineXML(xml.replace("</devices>", cdrom + "</devices>")))
    ).UUIDString()
    aio.wait_until(lambda: uuid in embedded.vms)
    vm = embedded.vms[uuid]
    view = ConsoleView(vm)
    qtbot.addWidget(view)
    view.show()
    aio.wait_until(lambda: view.eject_action.isEnabled())
    view.eject_action.trigger()
    aio.wait_until(lambda: view.notice_label.text() == "Disc ejected", timeout=20)
    assert embedded.vms[uuid].media_drives() == ()
    assert not view.eject_action.isEnabled()
