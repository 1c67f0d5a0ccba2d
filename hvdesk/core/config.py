"""The saved list of connections, in $XDG_CONFIG_HOME/hvdesk/connections.json."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

from hvdesk.core.embed import embed_uri


def config_dir() -> Path:
    home = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(home) / "hvdesk"


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
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(".tmp")
        tmp.write_text(json.dumps({"connections": uris}, indent=2) + "\n")
        tmp.replace(self.path)

    def add(self, uri: str) -> None:
        uris = self.load()
        if uri not in uris:
            self.save([*uris, uri])

    def remove(self, uri: str) -> None:
        uris = self.load()
        if uri in uris:  # a connection opened with --connect was never saved
            self.save([u for u in uris if u != uri])
