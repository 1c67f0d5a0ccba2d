"""Application preferences, kept by QSettings in $XDG_CONFIG_HOME/hvdesk/hvdesk.conf."""

from __future__ import annotations

from PySide6.QtCore import QSettings

from hvdesk.core.accel import AccelPreference
from hvdesk.core.config import config_dir


def _settings() -> QSettings:
    # An explicit path, read from the environment each time: Qt caches its own idea of
    # the config directory at first use.
    return QSettings(str(config_dir() / "hvdesk.conf"), QSettings.Format.IniFormat)


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
