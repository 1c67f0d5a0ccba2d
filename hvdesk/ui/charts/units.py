"""Numbers with units, as charts, tooltips and tables show them."""

from __future__ import annotations

import math

from PySide6.QtCore import QCoreApplication

_RATE_UNITS = ("B/s", "KiB/s", "MiB/s", "GiB/s")
_BYTE_UNITS = ("B", "KiB", "MiB", "GiB", "TiB")


def _scaled(value: float, units: tuple[str, ...]) -> str:
    unit = 0
    while abs(value) >= 1024 and unit < len(units) - 1:
        value /= 1024
        unit += 1
    if unit == 0:
        return f"{value:.0f} {units[0]}"
    return f"{value:.1f} {units[unit]}"


def unknown() -> str:
    return QCoreApplication.translate("Units", "—")


def percent(value: float) -> str:
    return unknown() if math.isnan(value) else f"{value:.1f} %"


def rate(bytes_per_second: float) -> str:
    return unknown() if math.isnan(bytes_per_second) else _scaled(bytes_per_second, _RATE_UNITS)


def size(size_bytes: float | None) -> str:
    if size_bytes is None or math.isnan(size_bytes):
        return unknown()
    return _scaled(size_bytes, _BYTE_UNITS)


def mib(value: float) -> str:
    """MiB as MiB or GiB."""
    if math.isnan(value):
        return unknown()
    if value >= 1024:
        return f"{value / 1024:.1f} GiB"
    return f"{value:.0f} MiB"


def nice_ceiling(value: float) -> float:
    """The smallest 1, 2 or 5 × 10^n (or power of 1024 multiple for bytes) >= value."""
    if value <= 0 or math.isnan(value):
        return 1.0
    exponent = math.floor(math.log10(value))
    for step in (1, 2, 5, 10):
        candidate = step * 10**exponent
        if candidate >= value:
            return float(candidate)
    return float(10 ** (exponent + 1))


def power_of_two_ceiling(value: float) -> float:
    """For memory in MiB: 128 MiB, 256 MiB … 2 GiB, 4 GiB: halves stay round."""
    if value <= 1 or math.isnan(value):
        return 1.0
    return float(2 ** math.ceil(math.log2(value)))


def rate_ceiling(value: float) -> float:
    """For byte rates: 1, 2 or 5 × 10^n KiB/s or MiB/s…, at least 1 KiB/s."""
    if value <= 1024 or math.isnan(value):
        return 1024.0
    scale = float(1024 ** min(3, int(math.log(value, 1024))))
    return nice_ceiling(value / scale) * scale
