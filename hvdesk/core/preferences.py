"""Application preferences, kept by QSettings in $XDG_CONFIG_HOME/hvdesk/hvdesk.conf."""

from __future__ import annotations

from urllib.parse import quote

from PySide6.QtCore import QSettings

from hvdesk.core.accel import AccelPreference
from hvdesk.core.config import config_dir
from hvdesk.core.uris import is_local
from hvdesk.i18n import QT_TRANSLATE_NOOP


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


# The console's host key: pressed alone, it releases (or takes back) the keyboard and
# pointer; it is never sent to the guest. Values are X keysym names.
HOST_KEYS = {  # shown through translate("HostKeys", …)
    "Control_R": QT_TRANSLATE_NOOP("HostKeys", "Right Ctrl"),
    "Alt_R": QT_TRANSLATE_NOOP("HostKeys", "Right Alt"),
    "Super_R": QT_TRANSLATE_NOOP("HostKeys", "Right Super"),
    "Menu": QT_TRANSLATE_NOOP("HostKeys", "Menu"),
    "Scroll_Lock": QT_TRANSLATE_NOOP("HostKeys", "Scroll Lock"),
}
DEFAULT_HOST_KEY = "Control_R"


def console_host_key() -> str:
    value = str(_settings().value("console/host_key", DEFAULT_HOST_KEY))
    return value if value in HOST_KEYS else DEFAULT_HOST_KEY


def set_console_host_key(name: str) -> None:
    if name not in HOST_KEYS:
        raise ValueError(f"unknown host key {name!r}")
    settings = _settings()
    settings.setValue("console/host_key", name)
    settings.sync()


def console_scale_to_fit() -> bool:
    return str(_settings().value("console/scale_to_fit", "true")).lower() == "true"


def set_console_scale_to_fit(fit: bool) -> None:
    settings = _settings()
    settings.setValue("console/scale_to_fit", "true" if fit else "false")
    settings.sync()


# Whether a VM's console shares the clipboard with it (the guest's clipboard text
# comes to this computer while its console has the focus), per VM: on by default for
# guests on this machine, off for remote hosts.


def _clipboard_key(uri: str, uuid: str) -> str:
    # One key per connection and VM; the URI's "/" would make QSettings groups.
    return f"console_clipboard/{quote(uri, safe='')}|{uuid}"


def console_share_clipboard(uri: str, uuid: str) -> bool:
    default = "true" if is_local(uri) else "false"
    return str(_settings().value(_clipboard_key(uri, uuid), default)).lower() == "true"


def set_console_share_clipboard(uri: str, uuid: str, share: bool) -> None:
    settings = _settings()
    settings.setValue(_clipboard_key(uri, uuid), "true" if share else "false")
    settings.sync()


# How often the resource charts sample a running VM.
STATS_INTERVAL_KEY = "stats/interval_ms"
STATS_INTERVAL_DEFAULT_MS = 1000
STATS_INTERVAL_RANGE_MS = (250, 60000)


def stats_interval_ms() -> int:
    try:
        value = int(str(_settings().value(STATS_INTERVAL_KEY, STATS_INTERVAL_DEFAULT_MS)))
    except ValueError:
        return STATS_INTERVAL_DEFAULT_MS
    low, high = STATS_INTERVAL_RANGE_MS
    return min(max(value, low), high)


def set_stats_interval_ms(value: int) -> None:
    low, high = STATS_INTERVAL_RANGE_MS
    settings = _settings()
    settings.setValue(STATS_INTERVAL_KEY, min(max(int(value), low), high))
    settings.sync()


# The colour theme: follow the desktop's, or hvdesk's own light or dark palette.
THEMES = ("system", "light", "dark")


def theme() -> str:
    value = str(_settings().value("appearance/theme", "system"))
    return value if value in THEMES else "system"


def set_theme(name: str) -> None:
    if name not in THEMES:
        raise ValueError(f"unknown theme {name!r}")
    settings = _settings()
    settings.setValue("appearance/theme", name)
    settings.sync()
