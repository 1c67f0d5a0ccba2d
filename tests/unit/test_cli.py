"""The command line, as a script or a launcher would use it."""

from __future__ import annotations

import os
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

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


# ---- --list, --start --headless: no window, exit codes a script can rely on -------------

VMS = "test://" + str(__import__("pathlib").Path(__file__).resolve().parents[1] / "gui" / "vms.xml")


def test_help_documents_the_exit_codes_and_new_options() -> None:
    result = _hvdesk("--help")
    for text in ("--start VM", "--headless", "--list", "--settings VM", "Exit codes:",
                 "3  no VM has that name or UUID"):  # fmt: skip
        assert text in result.stdout


def test_list_prints_tab_separated_vms_without_a_display() -> None:
    import os

    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "QT_QPA_PLATFORM")}
    result = subprocess.run(
        [sys.executable, "-m", "hvdesk", "--connect", VMS, "--list"],
        capture_output=True, text=True, timeout=60, env=env,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    rows = [line.split("\t") for line in result.stdout.splitlines()]
    assert [(r[0], r[1]) for r in rows] == [
        ("alpha", "shutoff"), ("beta", "running"), ("gamma", "shutoff"),
    ]  # fmt: skip
    assert rows[1][2] == "22222222-2222-4222-8222-222222222222" and rows[1][3] == VMS
    assert result.stderr == ""


def test_list_of_a_host_that_cannot_be_reached_exits_1() -> None:
    result = _hvdesk("--connect", "test:///nonexistent/host.xml", "--list")
    assert result.returncode == 1
    assert result.stdout == ""
    assert "hvdesk: Could not connect to Test driver (host.xml)." in result.stderr
    assert "Traceback" not in result.stderr


def test_headless_start_by_name_and_by_uuid() -> None:
    result = _hvdesk("--connect", VMS, "--start", "alpha", "--headless")
    assert (result.returncode, result.stderr) == (0, "hvdesk: Started 'alpha'.\n")
    already = _hvdesk("--connect", VMS, "--start", "22222222-2222-4222-8222-222222222222",
                      "--headless")  # fmt: skip
    assert (already.returncode, already.stderr) == (0, "hvdesk: 'beta' is already running.\n")


def test_headless_start_of_an_unknown_vm_exits_3() -> None:
    result = _hvdesk("--connect", VMS, "--start", "nosuch", "--headless")
    assert result.returncode == 3
    assert result.stderr == (
        "hvdesk: There is no VM named 'nosuch' (nor with that UUID) on Test driver (vms.xml).\n"
    )


def test_usage_mistakes_exit_2() -> None:
    assert _hvdesk("--headless").returncode == 2
    assert _hvdesk("--list", "--start", "x").returncode == 2
    both = _hvdesk("--start", "x", "some.iso")
    assert both.returncode == 2 and "cannot be combined" in both.stderr


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_a_quit_signal_ends_hvdesk_as_closing_its_window_does(
    tmp_path: Path, signum: signal.Signals
) -> None:
    """A session logging out sends SIGTERM: hvdesk shuts its connections down in order
    and exits 0, not killed halfway (which could orphan what libvirt runs for it)."""
    env = {
        **os.environ,
        "HVDESK_REPORT_READY": "1",
        "HVDESK_NEW_INSTANCE": "1",
        "QT_QPA_PLATFORM": "offscreen",
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
    }
    app = subprocess.Popen(
        [sys.executable, "-m", "hvdesk", "--connect", VMS],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
    )  # fmt: skip
    try:
        assert app.stdout is not None
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            ready, _, _ = select.select([app.stdout], [], [], 1)
            if ready and app.stdout.readline().startswith("HVDESK_READY"):
                break
        else:
            pytest.fail("hvdesk did not show its window")
        app.send_signal(signum)
        assert app.wait(30) == 0
        assert app.stderr is not None
        assert "Traceback" not in app.stderr.read()
    finally:
        app.kill()
        app.wait()


def test_a_uuid_on_two_named_hosts_is_ambiguous_not_the_first_one(tmp_path: Path) -> None:
    import shutil

    copy = tmp_path / "other.xml"
    shutil.copy(VMS.removeprefix("test://"), copy)
    uuid = "11111111-1111-4111-8111-111111111111"  # alpha, on both hosts
    result = _hvdesk("--connect", VMS, "--connect", f"test://{copy}", "--start", uuid,
                     "--headless")  # fmt: skip
    assert result.returncode == 2
    assert result.stderr == (
        f"hvdesk: '{uuid}' is the UUID of a VM on each of Test driver (vms.xml), Test driver "
        "(other.xml); name the host with --connect.\n"
    )
