"""Desktop launchers for single VMs: a .desktop file whose Exec starts that VM by UUID.

Launchers live in $XDG_DATA_HOME/applications (the applications menu) and, when asked, on
the Desktop. They are keyed by UUID, so a renamed VM keeps its launcher (only the shown
name is rewritten) and a deleted one loses it. No widgets here.
"""

from __future__ import annotations

import contextlib
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


def launcher_name(uuid: str) -> str:
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

    def paths(self, uuid: str) -> list[Path]:
        """The launchers of this VM that exist now."""
        name = launcher_name(uuid)
        return [p for p in (self.applications / name, self.desktop / name) if p.is_file()]

    def create(self, spec: LauncherSpec, on_desktop: bool = False) -> list[Path]:
        """Write the launcher in the applications menu (and on the Desktop); returns paths."""
        text = render(spec, self.command)
        targets = [self.applications]
        if on_desktop:
            targets.append(self.desktop)
        written = []
        for folder in targets:
            path = folder / launcher_name(spec.uuid)
            try:
                folder.mkdir(parents=True, exist_ok=True)
                tmp = path.with_suffix(".tmp")
                tmp.write_text(text, encoding="utf-8")
                tmp.replace(path)  # never a half-written launcher
                _mark_trusted(path)
            except OSError as exc:
                raise HvdeskError(
                    fill(self.tr("Could not create a launcher for '%1'"), spec.name),
                    exc.strerror or str(exc),
                    fill(self.tr("Check that %1 is writable"), str(folder)),
                ) from exc
            written.append(path)
        return written

    def sync_name(self, spec: LauncherSpec) -> list[Path]:
        """Rewrite this VM's launchers if the name they show is not the VM's; returns them."""
        rewritten = []
        for path in self.paths(spec.uuid):
            with contextlib.suppress(OSError):
                if read_fields(path).get("Name") != spec.name:
                    tmp = path.with_suffix(".tmp")
                    tmp.write_text(render(spec, self.command), encoding="utf-8")
                    tmp.replace(path)
                    _mark_trusted(path)
                    rewritten.append(path)
        return rewritten

    def remove(self, uuid: str) -> list[Path]:
        removed = []
        for path in self.paths(uuid):
            with contextlib.suppress(FileNotFoundError):
                path.unlink()
                removed.append(path)
        return removed

    def follow(self, connection: Connection) -> None:
        """Keep launchers of this connection's VMs named as the VMs are (vmChanged)."""
        connection.vmChanged.connect(self._vm_changed)

    def _vm_changed(self, vm: VirtualMachine) -> None:
        # One stat per change in an event storm; every launcher has its menu copy.
        if (self.applications / launcher_name(vm.uuid)).is_file():
            self.sync_name(spec_for(vm))


def spec_for(vm: VirtualMachine) -> LauncherSpec:
    return LauncherSpec(vm.uuid, vm.name, vm.connection.uri)
