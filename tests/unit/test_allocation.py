"""How a host is divided between its guests, on test-driver hosts."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from hvdesk.core.allocation import host_allocation, measure_disks, start_overcommit
from hvdesk.core.connection import Connection
from tests.support.core import vm_named

STATS_XML = Path(__file__).resolve().parents[1] / "gui" / "stats_vms.xml"


@pytest.fixture
def stats_host(aio: Any) -> Iterator[Connection]:
    conn = Connection(f"test://{STATS_XML}")
    assert aio.run(conn.open()), conn.status_text()
    yield conn
    aio.run(conn.close())


def test_running_guests_against_the_host(stats_host: Connection) -> None:
    allocation = host_allocation(stats_host)
    assert allocation is not None
    assert (allocation.host_cpus, allocation.host_memory_mib) == (4, 4096)
    assert [g.name for g in allocation.guests] == ["web", "db"]  # largest memory first
    assert (allocation.vcpus, allocation.memory_mib) == (6, 3584)
    assert allocation.cpu_overcommitted and not allocation.memory_overcommitted


def test_starting_a_guest_that_does_not_fit_names_the_numbers(
    aio: Any, stats_host: Connection
) -> None:
    over = start_overcommit(vm_named(stats_host, "batch"))
    assert over is not None
    assert (over.vm_name, over.after_mib, over.host_mib) == ("batch", 5632, 4096)
    assert start_overcommit(vm_named(stats_host, "web")) is None  # already running
    aio.run(vm_named(stats_host, "db").force_off())
    assert start_overcommit(vm_named(stats_host, "batch")) is None  # 4 GiB: fits exactly


def test_disks_show_capacity_use_and_the_free_space_where_they_live(
    aio: Any, tmp_path: Path
) -> None:
    image = tmp_path / "disk.qcow2"
    image.write_bytes(b"")
    xml = STATS_XML.read_text().replace("/var/lib/hvdesk-test/web.qcow2", str(image))
    host_file = tmp_path / "host.xml"
    host_file.write_text(xml)
    conn = Connection(f"test://{host_file}")
    assert aio.run(conn.open()), conn.status_text()
    try:
        rows = aio.run(measure_disks(conn))
    finally:
        aio.run(conn.close())
    by_vm = {row.vm_name: row for row in rows}
    assert set(by_vm) == {"web", "db"}  # "batch" has no disk
    web = by_vm["web"]
    assert (web.target, web.source, web.location) == ("vda", str(image), str(tmp_path))
    assert web.capacity is not None and web.capacity > 0
    free = shutil.disk_usage(tmp_path).free
    assert web.location_free is not None
    assert abs(web.location_free - free) < 64 * 1024 * 1024
    assert by_vm["db"].location_free is None  # its directory does not exist here
