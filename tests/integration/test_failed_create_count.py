"""A create that fails for real on the embedded driver (a start libvirt refuses) leaves
the window as it was: the list and the status bar's count agree."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from hvdesk.core import newvm
from hvdesk.core.embed import embed_uri
from hvdesk.core.errors import HvdeskError
from hvdesk.core.hostfacts import NetworkChoice, probe_host
from hvdesk.core.newvm import NewDisk, NewVmSpec
from hvdesk.core.osinfo import GENERIC
from tests.guest.build import GuestImage
from tests.support.embedded import remove_all_vms
from tests.support.media import guest_iso
from tests.support.window import WindowDriver

pytestmark = pytest.mark.integration


@pytest.fixture
def embedded(make_window: Any, embed_root: Path) -> Iterator[WindowDriver]:
    ui: WindowDriver = make_window(embed_uri(embed_root))
    assert ui.connection.is_connected, ui.connection.status_text()
    yield ui
    remove_all_vms(ui.aio, ui.connection, embed_root)


def test_a_failed_create_leaves_the_count_at_what_the_list_shows(
    embedded: WindowDriver, guest_image: GuestImage
) -> None:
    ui = embedded
    conn = ui.connection
    assert ui.window.status_label.text() == "Virtual machines: 0 — 0 running"
    host = ui.aio.run(probe_host(conn), timeout=60)
    spec = NewVmSpec(
        "no bridge", GENERIC, 256, 1, disk=NewDisk(1, host.default_disk_dir),
        iso=str(guest_iso(guest_image)), network=NetworkChoice("bridge", "hvdnobr0"),
        start=True,
    )  # fmt: skip
    seen_defined: list[bool] = []
    ui.window.model.rowsInserted.connect(lambda *_: seen_defined.append(True))
    with pytest.raises(HvdeskError, match="Starting the VM failed"):
        ui.aio.run(newvm.create_vm(spec, conn, host=host), timeout=60)
    # libvirt reported the define and the undefine; the row came and went.
    ui.aio.wait_until(lambda: bool(seen_defined) and ui.visible_names() == [])
    ui.qtbot.wait(300)  # past the status bar's debounce
    assert ui.window.status_label.text() == "Virtual machines: 0 — 0 running"
