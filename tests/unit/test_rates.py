"""Rates from libvirt's counters and the rings that keep an hour of them."""

from __future__ import annotations

import math

import pytest

from hvdesk.core.rates import CounterRate, Ring, capacity_for
from hvdesk.core.stats import RawSample, VmHistory, parse_bulk_record


def sample(cpu_ns: int, *, dom_id: int = 1, read: int | None = 0) -> RawSample:
    return RawSample(
        uuid="u",
        dom_id=dom_id,
        cpu_ns=cpu_ns,
        vcpus=2,
        memory_kib=1024 * 1024,
        balloon_kib=512 * 1024,
        used_kib=None,
        read_bytes=read,
    )


def test_a_rate_needs_two_readings_and_is_per_second() -> None:
    rate = CounterRate()
    assert rate.update(10.0, 1000) is None
    assert rate.update(12.0, 5000) == pytest.approx(2000.0)
    assert rate.update(12.5, 5000) == 0.0


def test_a_counter_that_goes_down_starts_a_new_baseline() -> None:
    rate = CounterRate()
    rate.update(0.0, 10_000)
    assert rate.update(1.0, 50) is None  # the guest restarted: no negative rate
    assert rate.update(2.0, 150) == pytest.approx(100.0)


def test_no_time_passing_or_time_going_back_gives_no_rate() -> None:
    rate = CounterRate()
    rate.update(5.0, 100)
    assert rate.update(5.0, 200) is None
    assert rate.update(4.0, 300) is None  # a stepped clock: wait for the next reading
    assert rate.update(5.0, 400) == pytest.approx(100.0)


def test_an_unknown_reading_forgets_the_baseline() -> None:
    rate = CounterRate()
    rate.update(0.0, 100)
    assert rate.update(1.0, None) is None
    assert rate.update(2.0, 300) is None
    assert rate.update(3.0, 400) == pytest.approx(100.0)


def test_ring_keeps_the_newest_values_in_order() -> None:
    ring = Ring(3)
    assert math.isnan(ring.latest()) and ring.last(5) == []
    for value in (1.0, 2.0, 3.0, 4.0, 5.0):
        ring.append(value)
    assert len(ring) == 3
    assert ring.last(3) == [3.0, 4.0, 5.0]
    assert ring.last(2) == [4.0, 5.0]
    assert ring.last(10) == [3.0, 4.0, 5.0]
    assert list(ring) == [3.0, 4.0, 5.0]
    assert ring.latest() == 5.0


def test_an_hour_of_history_is_sized_by_the_interval() -> None:
    assert capacity_for(1000) == 3601
    assert capacity_for(250) == 14401
    assert capacity_for(60000) == 61


def test_history_turns_counters_into_cores_and_bytes_per_second() -> None:
    history = VmHistory(10)
    history.add(0.0, sample(0, read=0))
    history.add(2.0, sample(3_000_000_000, read=4096))
    assert history.cpu.latest() == pytest.approx(1.5)  # 1.5 host CPUs busy
    assert history.cpu_percent_guest() == pytest.approx(75.0)  # of its 2 vCPUs
    assert history.read.latest() == pytest.approx(2048.0)
    assert history.memory.latest() == 1024.0 and history.balloon.latest() == 512.0
    assert math.isnan(history.used.latest())


def test_a_vm_that_stops_and_starts_leaves_one_gap_and_no_bogus_rate() -> None:
    history = VmHistory(20)
    history.add(0.0, sample(0))
    history.add(1.0, sample(1_000_000_000))
    history.stopped(2.0)
    history.stopped(3.0)  # still off: no second gap
    assert not history.running
    assert math.isnan(history.latest("cpu"))
    # Started again: its counter starts near zero under a new domain id.
    history.add(4.0, sample(5_000_000_000, dom_id=2))
    assert math.isnan(history.cpu.latest())  # a baseline, not (5e9 - 1e9) / 3 s
    history.add(5.0, sample(5_500_000_000, dom_id=2))
    assert history.cpu.latest() == pytest.approx(0.5)
    assert len(history.time) == 5
    values = history.cpu.last(5)
    assert math.isnan(values[0]) and values[1] == pytest.approx(1.0)
    assert math.isnan(values[2]) and math.isnan(values[3]) and values[4] == pytest.approx(0.5)


def test_a_restart_between_two_ticks_is_seen_by_its_new_domain_id() -> None:
    history = VmHistory(10)
    history.add(0.0, sample(1_000_000_000, dom_id=7))
    history.add(1.0, sample(9_000_000_000, dom_id=8))  # counter higher, but a new run
    assert math.isnan(history.cpu.latest())


def test_bulk_record_sums_devices_and_derives_guest_memory_use() -> None:
    record: dict[str, object] = {
        "cpu.time": 123,
        "vcpu.current": 4,
        "balloon.maximum": 2097152,
        "balloon.current": 1048576,
        "balloon.available": 1000000,
        "balloon.unused": 600000,
        "balloon.usable": 700000,
        "block.count": 2,
        "block.0.rd.bytes": 10,
        "block.0.wr.bytes": 20,
        "block.1.rd.bytes": 5,
        "block.1.wr.bytes": 1,
        "net.count": 1,
        "net.0.rx.bytes": 100,
        "net.0.tx.bytes": 50,
    }
    parsed = parse_bulk_record("u", 3, record)
    assert parsed is not None
    assert (parsed.cpu_ns, parsed.vcpus, parsed.dom_id) == (123, 4, 3)
    assert (parsed.memory_kib, parsed.balloon_kib) == (2097152, 1048576)
    assert parsed.used_kib == 300000  # available - usable
    assert (parsed.read_bytes, parsed.write_bytes) == (15, 21)
    assert (parsed.rx_bytes, parsed.tx_bytes) == (100, 50)


def test_a_bulk_record_without_cpu_time_asks_for_the_fallback() -> None:
    assert parse_bulk_record("u", 1, {"state.state": 1}) is None


def test_a_lazy_ring_costs_nothing_until_a_value_is_known() -> None:
    ring = Ring(4, lazy=True)
    ring.append(math.nan)
    ring.append(math.nan)
    assert not ring.allocated and len(ring) == 2
    assert all(math.isnan(v) for v in ring.last(2)) and math.isnan(ring.latest())
    ring.append(7.0)
    assert ring.allocated
    values = ring.last(3)
    assert math.isnan(values[0]) and math.isnan(values[1]) and values[2] == 7.0
    ring.append(8.0)
    ring.append(9.0)  # wraps over the slots counted before it was allocated
    assert ring.last(4)[1:] == [7.0, 8.0, 9.0]


def test_values_are_kept_as_32_bit_floats_and_times_precisely() -> None:
    values, times = Ring(2), Ring(2, precise=True)
    values.append(0.1)
    times.append(123456.789012)
    assert values.latest() == pytest.approx(0.1, rel=1e-6)
    assert times.latest() == 123456.789012
