"""`hvdesk --install-desktop` / `--uninstall-desktop`: the desktop file, AppStream metainfo
and icons in the user's XDG data folder ($XDG_DATA_HOME, ~/.local/share), so hvdesk shows
in the applications menu and opens ISO and disk images from the file manager.

The files come from the source tree (packaging/, icons/) or, for an installed wheel, from
its data files under sys.prefix/share. No Qt here: it runs before any window.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

from hvdesk import APP_ID

_ROOT = Path(__file__).resolve().parents[1]


def data_home() -> Path:
    return Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")


def desktop_data() -> list[tuple[Path, str]]:
    """(file, its path below a share/ folder) for everything hvdesk puts on a desktop."""
    if (_ROOT / "packaging" / f"{APP_ID}.desktop").is_file():
        desktop = _ROOT / "packaging" / f"{APP_ID}.desktop"
        metainfo = _ROOT / "packaging" / f"{APP_ID}.metainfo.xml"
        icons = _ROOT / "icons"
    else:  # an installed wheel: its data files
        share = Path(sys.prefix) / "share"
        desktop = share / "applications" / f"{APP_ID}.desktop"
        metainfo = share / "metainfo" / f"{APP_ID}.metainfo.xml"
        icons = share / "icons"
    files = [(desktop, f"applications/{APP_ID}.desktop")]
    files.append((metainfo, f"metainfo/{APP_ID}.metainfo.xml"))
    for svg in sorted((icons / "hicolor").glob(f"*/*/{APP_ID}*.svg")):
        files.append((svg, f"icons/{svg.relative_to(icons)}"))
    return [(src, rel) for src, rel in files if src.is_file()]


def _desktop_text(source: Path) -> str:
    """The desktop file, with Exec naming this hvdesk when `hvdesk` is not on PATH."""
    from hvdesk.core.launchers import exec_quote, hvdesk_command

    text = source.read_text(encoding="utf-8")
    if shutil.which("hvdesk"):
        return text
    command = " ".join(exec_quote(word) for word in hvdesk_command())
    lines = []
    for line in text.splitlines():
        if line.startswith("Exec=hvdesk"):
            line = "Exec=" + command + line[len("Exec=hvdesk") :]
        elif line.startswith("TryExec="):
            line = "TryExec=" + hvdesk_command()[0]
        lines.append(line)
    return "\n".join(lines) + "\n"


def _refresh_caches(target: Path) -> None:
    """Menus and MIME associations pick the change up; each tool only if installed."""
    commands = [
        ["update-desktop-database", "-q", str(target / "applications")],
        ["gtk-update-icon-cache", "-q", "-t", "-f", str(target / "icons" / "hicolor")],
    ]
    for command in commands:
        if shutil.which(command[0]):
            with contextlib.suppress(OSError, subprocess.SubprocessError):
                subprocess.run(command, capture_output=True, timeout=60)


def install(target: Path | None = None) -> list[Path]:
    target = target or data_home()
    written = []
    for source, rel in desktop_data():
        dest = target / rel
        dest.parent.mkdir(parents=True, exist_ok=True)
        if rel.startswith("applications/"):
            dest.write_text(_desktop_text(source), encoding="utf-8")
        else:
            shutil.copyfile(source, dest)
        written.append(dest)
    _refresh_caches(target)
    return written


def uninstall(target: Path | None = None) -> list[Path]:
    target = target or data_home()
    removed = []
    for _, rel in desktop_data():
        dest = target / rel
        with contextlib.suppress(FileNotFoundError):
            dest.unlink()
            removed.append(dest)
    _refresh_caches(target)
    return removed


def main(uninstalling: bool) -> int:
    try:
        paths = uninstall() if uninstalling else install()
    except OSError as exc:
        what = "remove" if uninstalling else "install"
        print(
            f"hvdesk: Could not {what} the desktop files. {exc.strerror or exc}. "
            f"Check that {data_home()} is writable.",
            file=sys.stderr,
        )
        return 1
    if not uninstalling and not paths:
        print("hvdesk: No desktop files were found to install.", file=sys.stderr)
        return 1
    verb = "Removed" if uninstalling else "Installed"
    for path in paths:
        print(f"{verb} {path}")
    return 0
