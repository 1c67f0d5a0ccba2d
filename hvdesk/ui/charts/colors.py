"""Series colours from the palette, so charts read on light and dark themes alike."""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette

# Hue offsets from the palette's highlight colour for the second and third series.
_HUE_STEPS = (0, 150, 60, 270)


def is_dark(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Base).lightnessF() < 0.5


def series_color(palette: QPalette, index: int) -> QColor:
    """The index-th series colour: the highlight's hue turned, bright on dark bases and
    deep on light ones, so a line always stands out from the background."""
    base = palette.color(QPalette.ColorRole.Highlight)
    hue = base.hslHue() if base.hslHue() >= 0 else 210
    hue = (hue + _HUE_STEPS[index % len(_HUE_STEPS)]) % 360
    lightness = 0.68 if is_dark(palette) else 0.40
    return QColor.fromHslF(hue / 360, 0.75, lightness)


def grid_color(palette: QPalette) -> QColor:
    color = QColor(palette.color(QPalette.ColorRole.Text))
    color.setAlphaF(0.15)
    return color


def fill_color(color: QColor, alpha: float = 0.25) -> QColor:
    fill = QColor(color)
    fill.setAlphaF(alpha)
    return fill
