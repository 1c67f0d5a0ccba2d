"""Application preferences, kept by QSettings in $XDG_CONFIG_HOME/hvdesk/hvdesk.conf."""

from __future__ import annotations

from PySide6.QtCore import QSettings

from hvdesk.core.accel import AccelPreference


def _settings() -> QSettings:
    return QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, "hvdesk", "hvdesk")


def accel_preference() -> AccelPreference:
    value = str(_settings().value("acceleration", AccelPreference.AUTO.value))
    try:
        return AccelPreference(value)
    except ValueError:
        return AccelPreference.AUTO


def set_accel_preference(preference: AccelPreference) -> None:
    settings = _settings()
    settings.setValue("acceleration", preference.value)
    settings.sync()
