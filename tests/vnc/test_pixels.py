"""The bulk pixel operations of hvdesk/vnc/pixels.py."""

from __future__ import annotations

import os
from typing import Any

import pytest

from hvdesk.vnc.pixels import image_bits, make_opaque, new_framebuffer


@pytest.mark.parametrize(
    ("x", "y", "w", "h"),
    [
        (0, 0, 64, 48),  # all of it: the whole-image pass
        (0, 10, 64, 20),  # a large band: the whole-image pass
        (5, 7, 9, 4),  # small: only the rectangle
    ],
)
def test_make_opaque_sets_the_padding_byte_and_keeps_the_colours(
    qapp: Any, x: int, y: int, w: int, h: int
) -> None:
    image = new_framebuffer(64, 48)
    stride = image.bytesPerLine()
    noise = os.urandom(stride * 48)
    image_bits(image)[:] = noise
    make_opaque(image, x, y, w, h)
    out = bytes(image_bits(image))
    assert image.format() == new_framebuffer(1, 1).format()
    for row in range(48):
        line, was = out[row * stride : (row + 1) * stride], noise[row * stride : (row + 1) * stride]
        for col in range(64):
            px, old = line[col * 4 : col * 4 + 4], was[col * 4 : col * 4 + 4]
            assert px[:3] == old[:3], (col, row)
            if x <= col < x + w and y <= row < y + h:
                assert px[3] == 0xFF, (col, row)
            else:  # outside: 0xff too (whole-image pass) or untouched
                assert px[3] in (0xFF, old[3]), (col, row)
