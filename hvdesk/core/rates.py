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
    """A fixed number of floats; the oldest is overwritten. NaN marks a gap.

    Values are kept as 32-bit floats ("f"; charts need no more) unless `precise`
    (timestamps). A `lazy` ring allocates nothing until its first known value: a
    figure a driver never reports (disk rates of a VM nobody looks at on a driver
    without bulk statistics) costs no memory on a 1000-VM host."""

    __slots__ = ("_capacity", "_count", "_data", "_next", "_typecode")

    def __init__(self, capacity: int, *, precise: bool = False, lazy: bool = False) -> None:
        if capacity < 1:
            raise ValueError("a ring holds at least one value")
        self._capacity = capacity
        self._typecode = "d" if precise else "f"
        self._data: array[float] | None = None if lazy else self._allocate()
        self._next = 0
        self._count = 0

    def _allocate(self) -> array[float]:
        return array(self._typecode, [NAN]) * self._capacity

    @property
    def capacity(self) -> int:
        return self._capacity

    @property
    def allocated(self) -> bool:
        return self._data is not None

    def __len__(self) -> int:
        return self._count

    def append(self, value: float) -> None:
        data = self._data
        if data is None:
            if math.isnan(value):  # still nothing known: only count the slot
                self._next = (self._next + 1) % self._capacity
                self._count = min(self._count + 1, self._capacity)
                return
            data = self._data = self._allocate()
        data[self._next] = value
        self._next = (self._next + 1) % self._capacity
        self._count = min(self._count + 1, self._capacity)

    def latest(self) -> float:
        """The newest value (NaN when empty)."""
        if not self._count or self._data is None:
            return NAN
        return self._data[self._next - 1]

    def last(self, count: int) -> list[float]:
        """Up to `count` newest values, oldest first."""
        count = max(0, min(count, self._count))
        if not count:
            return []
        data = self._data
        if data is None:
            return [NAN] * count
        start = (self._next - count) % self._capacity
        if start + count <= self._capacity:
            return data[start : start + count].tolist()
        return (data[start:] + data[: self._next]).tolist()

    def __iter__(self) -> Iterator[float]:
        return iter(self.last(self._count))


def capacity_for(interval_ms: int, seconds: int = 3600) -> int:
    """How many samples cover `seconds` at one sample per `interval_ms`."""
    return max(2, math.ceil(seconds * 1000 / max(1, interval_ms)) + 1)
