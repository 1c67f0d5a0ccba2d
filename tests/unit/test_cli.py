"""The command line, as a script or a launcher would use it."""

from __future__ import annotations

import subprocess
import sys

from hvdesk import __version__


def _hvdesk(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "hvdesk", *args], capture_output=True, text=True, timeout=60
    )


def test_version() -> None:
    result = _hvdesk("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"hvdesk {__version__}"


def test_help_names_the_options() -> None:
    result = _hvdesk("--help")
    assert result.returncode == 0
    assert "--connect URI" in result.stdout and "--version" in result.stdout
    assert "--console VM" in result.stdout


def test_a_bad_uri_is_refused_before_any_window_opens() -> None:
    result = _hvdesk("--connect", "not a uri")
    assert result.returncode == 2
    assert result.stderr.startswith("hvdesk: 'not a uri' is not a libvirt URI.")
    assert "Traceback" not in result.stderr


def test_an_unknown_option_exits_2_with_usage() -> None:
    result = _hvdesk("--frobnicate")
    assert result.returncode == 2
    assert "usage: hvdesk" in result.stderr


def test_without_a_display_it_says_so_instead_of_aborting() -> None:
    import os

    env = {k: v for k, v in os.environ.items()
           if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}  # fmt: skip
    result = subprocess.run(
        [sys.executable, "-m", "hvdesk"], capture_output=True, text=True, timeout=60, env=env
    )
    assert result.returncode == 1
    assert "no graphical session was found" in result.stderr


def test_new_with_a_missing_file_says_so() -> None:
    result = _hvdesk("--new", "/nonexistent/installer.iso")
    assert result.returncode == 2
    assert "Cannot read '/nonexistent/installer.iso'" in result.stderr
