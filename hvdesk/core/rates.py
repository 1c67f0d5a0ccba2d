"""Rates from cumulative counters, and fixed-size rings of history. No Qt, no libvirt.

libvirt reports CPU time and disk/network bytes as counters that only grow while a
domain runs. A rate is the difference of two readings over the time between them
(time.monotonic, so wall-clock steps cannot make a negative or huge interval). A
counter that goes down (the guest was restarted, a device was replaced) or a new
domain id starts a new baseline instead of producing a nonsense rate.
"""

from __future__ import annotations

import math
from array import array
from collections.abc import Iterator

NAN = math.nan


class CounterRate:
    """The per-second rate of one cumulative counter."""

    __slots__ = ("_time", "_value")

    def __init__(self) -> None:
        self._time: float | None = None
        self._value: float | None = None

    def reset(self) -> None:
        self._time = self._value = None

    def update(self, now: float, value: float | None) -> float | None:
        """Feed a reading taken at `now` (monotonic seconds); the rate since the last
        reading, or None when there is no valid previous one."""
        if value is None:
            self.reset()
            return None
        last_time, last_value = self._time, self._value
        self._time, self._value = now, value
        if last_time is None or last_value is None:
            return None
        elapsed = now - last_time
        if elapsed <= 0 or value < last_value:  # no time passed, or the counter restarted
            return None
        return (value - last_value) / elapsed


class Ring:
    """A fixed number of floats; the oldest is overwritten. NaN marks a gap."""

    __slots__ = ("_count", "_data", "_next")

    def __init__(self, capacity: int) -> None:
        if capacity < 1:
            raise ValueError("a ring holds at least one value")
        self._data = array("d", [NAN]) * capacity
        self._next = 0
        self._count = 0

    @property
    def capacity(self) -> int:
        return len(self._data)

    def __len__(self) -> int:
        return self._count

    def append(self, value: float) -> None:
        self._data[self._next] = value
        self._next = (self._next + 1) % len(self._data)
        self._count = min(self._count + 1, len(self._data))

    def latest(self) -> float:
        """The newest value (NaN when empty)."""
        if not self._count:
            return NAN
        return self._data[self._next - 1]

    def last(self, count: int) -> list[float]:
        """Up to `count` newest values, oldest first."""
        count = max(0, min(count, self._count))
        if not count:
            return []
        start = (self._next - count) % len(self._data)
        if start + count <= len(self._data):
            return self._data[start : start + count].tolist()
        return (self._data[start:] + self._data[: self._next]).tolist()

    def __iter__(self) -> Iterator[float]:
        return iter(self.last(self._count))


def capacity_for(interval_ms: int, seconds: int = 3600) -> int:
    """How many samples cover `seconds` at one sample per `interval_ms`."""
    return max(2, math.ceil(seconds * 1000 / max(1, interval_ms)) + 1)
