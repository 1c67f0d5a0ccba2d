"""Sampling a real test-driver host: bulk call, per-domain fallback, stop and pause."""

from __future__ import annotations

import math
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from hvdesk.core import preferences
from hvdesk.core.config import ConnectionStore
from hvdesk.core.connection import Connection
from hvdesk.core.manager import ConnectionManager
from hvdesk.core.stats import ConnectionSampler, StatsHub
from tests.support.core import vm_named
from tests.support.loop_errors import loop_errors  # noqa: F401

STATS_URI = f"test://{Path(__file__).resolve().parents[1] / 'gui' / 'stats_vms.xml'}"


@pytest.fixture
def stats_host(aio: Any) -> Iterator[Connection]:
    conn = Connection(STATS_URI)
    assert aio.run(conn.open()), conn.status_text()
    yield conn
    aio.run(conn.close())


def test_running_vms_get_cpu_and_memory_from_the_fallback(aio: Any, stats_host: Connection) -> None:
    sampler = ConnectionSampler(stats_host, 250)
    sampler.set_active(True)
    aio.wait_until(lambda: sampler.ticks >= 3)
    sampler.set_active(False)
    web = sampler.history(vm_named(stats_host, "web").uuid)
    db = sampler.history(vm_named(stats_host, "db").uuid)
    assert web is not None and db is not None
    assert sampler.history(vm_named(stats_host, "batch").uuid) is None  # not running
    # The test driver's CPU time is the wall clock: one host CPU's worth, always.
    assert web.cpu.latest() == pytest.approx(1.0, abs=0.15)
    assert web.vcpus == 2 and web.cpu_percent_guest() == pytest.approx(50, abs=8)
    assert db.cpu_percent_guest() == pytest.approx(25, abs=4)
    assert web.memory.latest() == 2048.0 and db.balloon.latest() == 1536.0
    # Disk and network only for VMs shown in detail: none was asked for.
    assert math.isnan(web.read.latest()) and math.isnan(web.rx.latest())


def test_details_add_disk_and_network_rates(aio: Any, stats_host: Connection) -> None:
    sampler = ConnectionSampler(stats_host, 250)
    sampler.details = {vm_named(stats_host, "web").uuid}
    sampler.set_active(True)
    aio.wait_until(lambda: sampler.ticks >= 3)
    sampler.set_active(False)
    web = sampler.history(vm_named(stats_host, "web").uuid)
    db = sampler.history(vm_named(stats_host, "db").uuid)
    assert web is not None and db is not None
    assert web.read.latest() > 0 and web.write.latest() > 0
    assert web.rx.latest() > 0 and web.tx.latest() > 0
    assert math.isnan(db.read.latest())


def test_a_stopped_vm_leaves_a_gap(aio: Any, stats_host: Connection) -> None:
    sampler = ConnectionSampler(stats_host, 250)
    sampler.set_active(True)
    aio.wait_until(lambda: sampler.ticks >= 2)
    db = vm_named(stats_host, "db")
    aio.run(db.force_off())
    ticks = sampler.ticks
    aio.wait_until(lambda: sampler.ticks >= ticks + 2)
    sampler.set_active(False)
    history = sampler.history(db.uuid)
    assert history is not None and not history.running
    assert math.isnan(history.latest("cpu"))


def test_the_hub_samples_only_while_held(aio: Any, tmp_path: Path) -> None:
    preferences.set_stats_interval_ms(100)  # clamped to the minimum
    assert preferences.stats_interval_ms() == 250
    manager = ConnectionManager(ConnectionStore(tmp_path / "c.json"))
    hub = StatsHub(manager)
    conn = manager.add(STATS_URI, save=False)
    assert aio.run(conn.open())
    sampler = hub.samplers[conn]
    assert hub.interval_ms == 250 and not sampler.active
    hub.hold("window")
    assert sampler.active
    aio.wait_until(lambda: sampler.ticks >= 1)
    hub.release("window")
    assert not sampler.active
    manager.shutdown()


def test_interval_preference_defaults_and_clamps() -> None:
    assert preferences.stats_interval_ms() == 1000
    preferences.set_stats_interval_ms(10**6)
    assert preferences.stats_interval_ms() == 60000


def test_a_changed_interval_takes_effect_when_a_window_shows(aio: Any, tmp_path: Path) -> None:
    manager = ConnectionManager(ConnectionStore(tmp_path / "c.json"))
    hub = StatsHub(manager)
    conn = manager.add(STATS_URI, save=False)
    assert hub.samplers[conn].interval_ms == 1000
    preferences.set_stats_interval_ms(5000)
    hub.hold("overview")
    assert hub.interval_ms == 5000 and hub.samplers[conn].interval_ms == 5000
    hub.release("overview")
    manager.shutdown()


@pytest.mark.usefixtures("loop_errors")
def test_a_tick_that_fails_is_told_once_and_sampling_goes_on(
    aio: Any, stats_host: Connection, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A driver whose records hvdesk cannot read (injected: the test driver's are fine)
    stops no timer: the failure is told once, the next good tick clears it."""
    from hvdesk.core import stats

    real = stats.sample_connection
    failures: list[int] = []

    def broken(*args: Any) -> Any:
        failures.append(1)
        raise TypeError("'NoneType' object is not subscriptable")

    problems: list[str] = []
    stats_host.problemReported.connect(lambda error: problems.append(error.sentence()))
    monkeypatch.setattr(stats, "sample_connection", broken)
    sampler = ConnectionSampler(stats_host, 250)
    sampler.set_active(True)
    try:
        aio.wait_until(lambda: len(failures) >= 3)
        assert problems == [
            "Could not read the live statistics of Test driver (stats_vms.xml). TypeError: "
            "'NoneType' object is not subscriptable. The charts stand still; hvdesk keeps trying."
        ]
        monkeypatch.setattr(stats, "sample_connection", real)
        aio.wait_until(lambda: sampler.ticks >= 2)
        web = sampler.history(vm_named(stats_host, "web").uuid)
        assert web is not None and web.cpu.latest() > 0
        assert len(problems) == 1
    finally:
        sampler.set_active(False)
