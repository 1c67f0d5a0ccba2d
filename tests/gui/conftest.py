"""The manager window on libvirt's test driver."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.support.window import WindowDriver

VMS_XML = Path(__file__).parent / "vms.xml"


@pytest.fixture
def ui(make_window: Any) -> WindowDriver:
    driver: WindowDriver = make_window(f"test://{VMS_XML}")
    assert driver.connection.is_connected
    return driver
