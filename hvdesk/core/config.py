"""Lists hvdesk keeps in $XDG_CONFIG_HOME/hvdesk: the saved connections
(connections.json) and the hosts where KVM does not work (tcg-hosts.json)."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

from hvdesk.core.embed import embed_uri


def config_dir() -> Path:
    home = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(home) / "hvdesk"


def _write_json(path: Path, data: object) -> None:
    """Whole or not at all: a crash while writing leaves the old file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(data, indent=2) + "\n")
    tmp.replace(path)


@dataclass
class _UriList:
    """A list of connection URIs in a JSON file under one key. A damaged or hand-edited
    file must not stop the app: what cannot be read counts as `_fallback()`."""

    path: Path
    _KEY = ""

    def _fallback(self) -> list[str]:
        return []

    def load(self) -> list[str]:
        try:
            saved = json.loads(self.path.read_text()).get(self._KEY, [])
        except (OSError, ValueError, AttributeError):  # missing, unreadable or not JSON
            return self._fallback()
        if not isinstance(saved, list):  # a hand edit: "qemu:///system" is not a list
            return self._fallback()
        return [u for u in saved if isinstance(u, str)]

    def save(self, uris: list[str]) -> None:
        _write_json(self.path, {self._KEY: uris})

    def __contains__(self, uri: object) -> bool:
        return uri in self.load()

    def add(self, uri: str) -> None:
        uris = self.load()
        if uri not in uris:
            self.save([*uris, uri])

    def remove(self, uri: str) -> None:
        uris = self.load()
        if uri in uris:  # a connection opened with --connect was never saved
            self.save([u for u in uris if u != uri])


class ConnectionStore(_UriList):
    """The connections opened at start; the embedded default when nothing was saved yet."""

    _KEY = "connections"

    @classmethod
    def default(cls) -> ConnectionStore:
        return cls(config_dir() / "connections.json")

    def _fallback(self) -> list[str]:
        return [embed_uri()]


class TcgHostStore(_UriList):
    """The connection URIs where KVM is offered but does not work, remembered when the
    user chose software emulation (TCG) after a KVM failure there (see hvdesk.core.accel).
    Preferences shows them and lets the user forget one."""

    _KEY = "kvm_unusable"

    @classmethod
    def default(cls) -> TcgHostStore:
        return cls(config_dir() / "tcg-hosts.json")
