"""Settings → Acceleration: stored per user, overridden by HVDESK_ACCEL."""

from __future__ import annotations

from typing import Any

import pytest

from hvdesk.core import preferences
from hvdesk.core.accel import AccelPreference, domain_type_for


def _accel_items(ui: Any) -> dict[str, Any]:
    return {action.text(): action for action in ui.window.accel_group.actions()}


def test_choosing_tcg_is_remembered(make_window: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("HVDESK_ACCEL", raising=False)
    ui = make_window("test:///default")
    items = _accel_items(ui)
    assert items["Hardware (KVM) when available"].isChecked()
    items["Always emulate (TCG)"].trigger()
    assert preferences.accel_preference() is AccelPreference.TCG
    assert domain_type_for(True, preferences.accel_preference()) == "qemu"
    # A new window (a new start of hvdesk) shows the stored choice.
    again = make_window("test:///default")
    assert _accel_items(again)["Always emulate (TCG)"].isChecked()


def test_the_environment_override_is_shown_and_locks_the_choice(
    make_window: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HVDESK_ACCEL", "tcg")
    ui = make_window("test:///default")
    items = _accel_items(ui)
    assert items["Always emulate (TCG)"].isChecked()
    assert not items["Hardware (KVM) when available"].isEnabled()
    assert "HVDESK_ACCEL" in items["Hardware (KVM) when available"].toolTip()
