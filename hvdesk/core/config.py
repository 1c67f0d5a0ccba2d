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
class ConnectionStore:
    path: Path

    @classmethod
    def default(cls) -> ConnectionStore:
        return cls(config_dir() / "connections.json")

    def load(self) -> list[str]:
        """The saved URIs; the embedded default when nothing was saved yet."""
        try:
            data = json.loads(self.path.read_text())
            saved = data.get("connections", [])
            if not isinstance(saved, list):  # a hand edit: "qemu:///system" is not a list
                return [embed_uri()]
            uris = [u for u in saved if isinstance(u, str)]
        except FileNotFoundError:
            return [embed_uri()]
        except (OSError, ValueError, AttributeError):
            # An unreadable file must not stop the app; start from the default.
            return [embed_uri()]
        return uris

    def save(self, uris: list[str]) -> None:
        _write_json(self.path, {"connections": uris})

    def add(self, uri: str) -> None:
        uris = self.load()
        if uri not in uris:
            self.save([*uris, uri])

    def remove(self, uri: str) -> None:
        uris = self.load()
        if uri in uris:  # a connection opened with --connect was never saved
            self.save([u for u in uris if u != uri])


@dataclass
class TcgHostStore:
    """The connection URIs where KVM is offered but does not work, remembered when the
    user chose software emulation (TCG) after a KVM failure there (see hvdesk.core.accel).
    Preferences shows them and lets the user forget one."""

    path: Path

    @classmethod
    def default(cls) -> TcgHostStore:
        return cls(config_dir() / "tcg-hosts.json")

    def load(self) -> list[str]:
        """The remembered URIs; none when the file is missing or damaged."""
        try:
            saved = json.loads(self.path.read_text()).get("kvm_unusable", [])
        except (OSError, ValueError, AttributeError):
            return []
        return [u for u in saved if isinstance(u, str)] if isinstance(saved, list) else []

    def save(self, uris: list[str]) -> None:
        _write_json(self.path, {"kvm_unusable": uris})

    def __contains__(self, uri: object) -> bool:
        return uri in self.load()

    def add(self, uri: str) -> None:
        uris = self.load()
        if uri not in uris:
            self.save([*uris, uri])

    def remove(self, uri: str) -> None:
        uris = self.load()
        if uri in uris:
            self.save([u for u in uris if u != uri])
