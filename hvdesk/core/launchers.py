"""Desktop launchers for single VMs: a .desktop file whose Exec starts that VM by UUID.

Launchers live in $XDG_DATA_HOME/applications (the applications menu) and, when asked, on
the Desktop. They are keyed by connection and UUID (a VM copied to another host keeps its
UUID): the file name carries a short hash of the connection's URI, and the Exec line
names the connection (`--connect URI`), which scopes the lookup of the UUID to it
(vm_lookup.find_vm). So a renamed VM keeps its launcher (only the shown name is
rewritten), a deleted one loses it, and neither touches a launcher of the same UUID on
another host. Launchers of the older UUID-only naming are still found by their
X-Hvdesk-URI field and renamed to the new naming when next written. No widgets here.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import shutil
import stat
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject

from hvdesk import APP_ID
from hvdesk.core.connection import Connection
from hvdesk.core.errors import HvdeskError
from hvdesk.core.vm import VirtualMachine
from hvdesk.i18n import fill, translate

_PREFIX = f"{APP_ID}.vm-"

# Characters that make the Desktop Entry spec require a quoted Exec argument.
_RESERVED = set(" \t\n\"'\\><~|&;$*?#()`")


def exec_quote(arg: str) -> str:
    """One Exec argument per the Desktop Entry spec: quoted when it holds a reserved
    character (with `"`, backquote, `$` and backslash escaped inside), `%` doubled.

    The result is still to be escaped as a string value (escape_value) in the file.
    """
    if "\n" in arg or "\r" in arg:
        # Exec cannot carry a line break in an argument in any quoting.
        raise ValueError("an Exec argument cannot contain a line break")
    if arg and not (set(arg) & _RESERVED):
        return arg.replace("%", "%%")
    inner = re.sub(r'(["`$\\])', r"\\\1", arg)
    return '"' + inner.replace("%", "%%") + '"'


def escape_value(value: str) -> str:
    """A string value escaped per the spec (backslash, line breaks, tab, a leading space)."""
    out = value.replace("\\", "\\\\").replace("\n", "\\n").replace("\t", "\\t").replace("\r", "\\r")
    if out.startswith(" "):
        out = "\\s" + out[1:]
    return out


def unescape_value(value: str) -> str:
    """The inverse of escape_value (used to read a launcher's Name back)."""
    table = {"s": " ", "n": "\n", "t": "\t", "r": "\r", "\\": "\\"}
    return re.sub(r"\\(.)", lambda m: table.get(m.group(1), m.group(0)), value)


def hvdesk_command() -> list[str]:
    """How a launcher runs hvdesk: the installed command, else this Python with -m."""
    found = shutil.which("hvdesk")
    if found:
        return [str(Path(found).resolve())]
    beside = Path(sys.executable).parent / "hvdesk"  # a virtualenv's script
    if os.access(beside, os.X_OK):
        return [str(beside)]
    return [sys.executable, "-m", "hvdesk"]


def applications_dir() -> Path:
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "applications"


def desktop_dir() -> Path:
    """The user's Desktop folder: xdg-user-dir's answer, else ~/Desktop."""
    if shutil.which("xdg-user-dir"):
        with contextlib.suppress(OSError, subprocess.SubprocessError):
            out = subprocess.run(
                ["xdg-user-dir", "DESKTOP"], capture_output=True, text=True, timeout=5
            ).stdout.strip()
            # xdg-user-dir answers $HOME when no Desktop is configured: not a desktop.
            if out and Path(out) != Path.home():
                return Path(out)
    return Path.home() / "Desktop"


def connection_key(uri: str) -> str:
    """A short stable name for a connection, for file names: 12 hex digits of the URI's
    SHA-256 (never the URI itself: it may hold paths and user names)."""
    return hashlib.sha256(uri.encode("utf-8", "surrogateescape")).hexdigest()[:12]


def launcher_name(uri: str, uuid: str) -> str:
    return f"{_PREFIX}{connection_key(uri)}-{uuid}.desktop"


def legacy_launcher_name(uuid: str) -> str:
    """Before launchers were keyed by connection: the UUID alone."""
    return f"{_PREFIX}{uuid}.desktop"


@dataclass(frozen=True)
class LauncherSpec:
    uuid: str
    name: str
    uri: str


def render(spec: LauncherSpec, command: list[str]) -> str:
    """The .desktop file's text for one VM."""

    def exec_line(*args: str) -> str:
        words = [*command, "--connect", spec.uri, *args]
        return escape_value(" ".join(exec_quote(w) for w in words))

    name = escape_value(spec.name)
    lines = [
        "[Desktop Entry]",
        "Type=Application",
        "Version=1.4",
        f"Name={name}",
        "Comment="
        + escape_value(
            fill(translate("Launchers", "Start the virtual machine “%1” with hvdesk"), spec.name)
        ),
        f"Exec={exec_line('--start', spec.uuid)}",
        f"Icon={APP_ID}",
        "Terminal=false",
        "StartupNotify=true",
        f"StartupWMClass={APP_ID}",
        "Categories=System;Emulator;",
        f"X-Hvdesk-UUID={spec.uuid}",
        f"X-Hvdesk-URI={escape_value(spec.uri)}",
        f"X-Hvdesk-Connection={connection_key(spec.uri)}",
        "Actions=start;start-headless;console;settings;",
        "",
    ]
    actions = [
        ("start", translate("Launchers", "Start"), ("--start", spec.uuid)),
        (
            "start-headless",
            translate("Launchers", "Start Headless"),
            ("--start", spec.uuid, "--headless"),
        ),
        ("console", translate("Launchers", "Show Console"), ("--console", spec.uuid)),
        ("settings", translate("Launchers", "Settings"), ("--settings", spec.uuid)),
    ]
    for key, label, args in actions:
        lines += [
            f"[Desktop Action {key}]",
            f"Name={escape_value(label)}",
            f"Exec={exec_line(*args)}",
            "",
        ]
    return "\n".join(lines)


def read_fields(path: Path) -> dict[str, str]:
    """The [Desktop Entry] keys of a launcher, values unescaped."""
    fields: dict[str, str] = {}
    in_entry = False
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("["):
            in_entry = line == "[Desktop Entry]"
        elif in_entry and "=" in line:
            key, value = line.split("=", 1)
            fields[key.strip()] = unescape_value(value.strip())
    return fields


def _mark_trusted(path: Path) -> None:
    """Executable, and trusted where GIO's metadata store runs (GNOME and Nemo ask for it
    before they run a launcher on the Desktop). Without gio it is just executable."""
    mode = path.stat().st_mode
    path.chmod(mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    gio = shutil.which("gio")
    if gio:
        with contextlib.suppress(OSError, subprocess.SubprocessError):
            subprocess.run(
                [gio, "set", str(path), "metadata::trusted", "true"],
                capture_output=True,
                timeout=5,
            )


class Launchers(QObject):
    """Create, rewrite and remove the launchers of VMs."""

    def __init__(
        self,
        command: list[str] | None = None,
        applications: Path | None = None,
        desktop: Path | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.command = command or hvdesk_command()
        self._applications = applications
        self._desktop = desktop  # asked once: xdg-user-dir is a process

    @property
    def applications(self) -> Path:
        return self._applications or applications_dir()

    @property
    def desktop(self) -> Path:
        if self._desktop is None:
            self._desktop = desktop_dir()
        return self._desktop

    def _folders(self) -> tuple[Path, Path]:
        return (self.applications, self.desktop)

    def paths(self, uri: str, uuid: str) -> list[Path]:
        """The launchers of this VM on this connection that exist now, old naming too."""
        name = launcher_name(uri, uuid)
        found = [folder / name for folder in self._folders() if (folder / name).is_file()]
        return found + self._legacy_paths(uri, uuid)

    def _legacy_paths(self, uri: str, uuid: str) -> list[Path]:
        """UUID-only launchers whose X-Hvdesk-URI is this connection (not another's)."""
        name = legacy_launcher_name(uuid)
        found = []
        for path in (folder / name for folder in self._folders()):
            with contextlib.suppress(OSError, UnicodeDecodeError):
                if path.is_file() and read_fields(path).get("X-Hvdesk-URI") == uri:
                    found.append(path)
        return found

    def _write(self, folder: Path, spec: LauncherSpec) -> Path:
        """The launcher in `folder`, whole or not at all, in place of an old-named one."""
        path = folder / launcher_name(spec.uri, spec.uuid)
        folder.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(render(spec, self.command), encoding="utf-8")
        tmp.replace(path)  # never a half-written launcher
        _mark_trusted(path)
        for legacy in self._legacy_paths(spec.uri, spec.uuid):
            if legacy.parent == folder:
                legacy.unlink(missing_ok=True)  # migrated to the new name
        return path

    def create(self, spec: LauncherSpec, on_desktop: bool = False) -> list[Path]:
        """Write the launcher in the applications menu (and on the Desktop); returns paths."""
        targets = [self.applications]
        if on_desktop:
            targets.append(self.desktop)
        written = []
        for folder in targets:
            try:
                written.append(self._write(folder, spec))
            except OSError as exc:
                raise HvdeskError(
                    fill(self.tr("Could not create a launcher for '%1'"), spec.name),
                    exc.strerror or str(exc),
                    fill(self.tr("Check that %1 is writable"), str(folder)),
                ) from exc
        return written

    def sync_name(self, spec: LauncherSpec) -> list[Path]:
        """Rewrite this VM's launchers if the name they show is not the VM's (an old-named
        one always: it moves to the new name); returns them."""
        rewritten = []
        current = launcher_name(spec.uri, spec.uuid)
        for path in self.paths(spec.uri, spec.uuid):
            with contextlib.suppress(OSError, UnicodeDecodeError):
                if path.name != current or read_fields(path).get("Name") != spec.name:
                    rewritten.append(self._write(path.parent, spec))
        return rewritten

    def remove(self, uri: str, uuid: str) -> list[Path]:
        """Remove the launchers of the VM `uuid` on the connection `uri` (only those)."""
        removed = []
        for path in self.paths(uri, uuid):
            with contextlib.suppress(FileNotFoundError):
                path.unlink()
                removed.append(path)
        return removed

    def follow(self, connection: Connection) -> None:
        """Keep launchers of this connection's VMs named as the VMs are (vmChanged)."""
        connection.vmChanged.connect(self._vm_changed)

    def _vm_changed(self, vm: VirtualMachine) -> None:
        # A stat or two per change in an event storm; every launcher has its menu copy.
        uri = vm.connection.uri
        if (self.applications / launcher_name(uri, vm.uuid)).is_file() or (
            self.applications / legacy_launcher_name(vm.uuid)
        ).is_file():
            self.sync_name(spec_for(vm))


def spec_for(vm: VirtualMachine) -> LauncherSpec:
    return LauncherSpec(vm.uuid, vm.name, vm.connection.uri)
