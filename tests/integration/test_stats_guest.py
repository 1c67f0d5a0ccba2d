"""Live statistics of a real guest: the tiny guest spinning one vCPU under TCG."""

from __future__ import annotations

import math
import statistics
from pathlib import Path
from typing import Any

import pytest

from hvdesk.core.stats import ConnectionSampler
from tests.guest.build import GuestImage
from tests.guest.domain import guest_domain_xml
from tests.guest.harness import wait_for_serial
from tests.support.embedded import remove_all_vms, shared_connection

pytestmark = pytest.mark.integration


def test_a_busy_guest_shows_about_one_vcpu_of_cpu(
    aio: Any, embed_root: Path, guest_image: GuestImage
) -> None:
    conn = shared_connection(aio, embed_root)
    serial = embed_root / "busy.serial"
    xml = guest_domain_xml(
        "busy", guest_image, serial_log=serial, mode="busy", memory_mib=192, balloon_period=1
    )
    try:
        aio.run(conn.call(lambda c: c.defineXML(xml).create()))
        wait_for_serial(serial, "HVDESK-GUEST-READY mode=busy", timeout=90)
        aio.wait_until(
            lambda: any(vm.name == "busy" and vm.state.is_active for vm in conn.vms.values())
        )
        vm = next(vm for vm in conn.vms.values() if vm.name == "busy")
        sampler = ConnectionSampler(conn, 1000)
        sampler.details = None
        sampler.set_active(True)
        aio.wait_until(lambda: sampler.ticks >= 6, timeout=30)
        sampler.set_active(False)
        history = sampler.history(vm.uuid)
        assert history is not None and history.vcpus == 1
        cores = [c for c in history.cpu.last(5) if not math.isnan(c)]
        assert len(cores) >= 4
        # One vCPU spinning under TCG keeps about one host CPU busy (other test
        # processes share this machine's 2 CPUs, hence the wide margin).
        assert 0.6 <= statistics.median(cores) <= 1.3, cores
        assert history.cpu_percent_guest() > 55
        # The balloon reports what the guest was given.
        assert history.memory.latest() == pytest.approx(192, abs=1)
        assert history.balloon.latest() == pytest.approx(192, abs=1)
    finally:
        remove_all_vms(aio, conn, embed_root)
