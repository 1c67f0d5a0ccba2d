"""One hvdesk per user: a second process hands its request to the first (real processes)."""

from __future__ import annotations

import os
import queue
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from hvdesk.single_instance import socket_path

VMS_XML = Path(__file__).resolve().parents[1] / "gui" / "vms.xml"
URI = f"test://{VMS_XML}"


class Instance:
    """A running `hvdesk` (offscreen), its stdout read line by line on a thread."""

    def __init__(self, *args: str) -> None:
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "HVDESK_REPORT_READY": "1"}
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "hvdesk", "--connect", URI, *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
            env=env,
        )
        self.lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.lines.put(line.rstrip("\n"))

    def wait_for(self, prefix: str, timeout: float = 60) -> str:
        while True:
            line = self.lines.get(timeout=timeout)
            if line.startswith(prefix):
                return line

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


def _hvdesk(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run(
        [sys.executable, "-m", "hvdesk", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )


@pytest.fixture
def first() -> Iterator[Instance]:
    instance = Instance()
    try:
        instance.wait_for("HVDESK_READY")
        yield instance
    finally:
        instance.stop()


def test_a_second_invocation_is_served_by_the_running_one(first: Instance) -> None:
    assert socket_path().exists()
    # alpha is off in the fixture; the first instance starts it (its private test host).
    started = _hvdesk("--start", "alpha", "--headless")
    assert started.returncode == 0, started.stderr
    assert started.stderr == "hvdesk: Started 'alpha'.\n"
    assert first.wait_for("HVDESK_REQUEST start") == "HVDESK_REQUEST start alpha 0"
    listed = _hvdesk("--list")
    assert listed.returncode == 0, listed.stderr
    rows = {line.split("\t")[0]: line.split("\t")[1] for line in listed.stdout.splitlines()}
    assert rows["alpha"] == "running"  # the first process's own view, so it acted
    assert _hvdesk("--console", "no such vm").returncode == 3
    assert first.wait_for("HVDESK_REQUEST console") == "HVDESK_REQUEST console no such vm 3"
    assert _hvdesk("--console", "beta").returncode == 0
    assert first.wait_for("HVDESK_REQUEST console") == "HVDESK_REQUEST console beta 0"
    assert first.proc.poll() is None  # still running after serving


def test_new_with_a_file_opens_the_wizard_in_the_running_one(
    first: Instance, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    iso = tmp_path / "installer.iso"
    iso.write_bytes(b"\0" * 4096)
    monkeypatch.chdir(tmp_path)
    result = _hvdesk("installer.iso")  # as a file manager passes it: a relative path works
    assert result.returncode == 0, result.stderr
    assert first.wait_for("HVDESK_REQUEST new") == f"HVDESK_REQUEST new {iso} 0"


def test_a_stale_socket_is_replaced(tmp_path: Path) -> None:
    crashed = Instance()
    crashed.wait_for("HVDESK_READY")
    crashed.proc.kill()  # no clean-up: the socket file stays behind
    crashed.proc.wait()
    assert socket_path().exists()
    # Nobody answers on it: the list is made here, without a window.
    listed = _hvdesk("--connect", URI, "--list")
    assert listed.returncode == 0, listed.stderr
    assert "alpha\tshutoff\t" in listed.stdout
    # A new instance takes the socket over and serves.
    second = Instance()
    try:
        second.wait_for("HVDESK_READY")
        assert _hvdesk("--console", "beta").returncode == 0
        assert second.wait_for("HVDESK_REQUEST") == "HVDESK_REQUEST console beta 0"
    finally:
        second.stop()


def test_a_malformed_request_gets_an_answer_not_silence(first: Instance) -> None:
    import json
    import socket

    for junk in (b"not json\n", b"[1, 2]\n"):
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.settimeout(30)
        sock.connect(str(socket_path()))
        sock.sendall(junk)
        reply = json.loads(sock.makefile("rb").readline())
        sock.close()
        assert reply["code"] == 2
        assert reply["stderr"].startswith("hvdesk: The request was not understood")
    assert first.proc.poll() is None


def test_an_unusable_runtime_folder_does_not_stop_hvdesk(tmp_path: Path) -> None:
    not_a_dir = tmp_path / "file"
    not_a_dir.write_text("")
    env = {
        **os.environ,
        "XDG_RUNTIME_DIR": str(not_a_dir),
        "QT_QPA_PLATFORM": "offscreen",
        "HVDESK_REPORT_READY": "1",
    }
    proc = subprocess.Popen(
        [sys.executable, "-m", "hvdesk", "--connect", URI],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
    )  # fmt: skip
    try:
        assert proc.stdout is not None
        ready = next(line for line in proc.stdout if line.startswith("HVDESK_READY"))
        assert ready.split()[2] == "3"
    finally:
        proc.terminate()
        _, err = proc.communicate(timeout=10)
    assert (
        f"hvdesk: {not_a_dir} is not a folder. Set XDG_RUNTIME_DIR to a folder only you can "
        "write to, or unset it. Later hvdesk commands cannot reach this one; it runs on its own."
    ) in err


def test_a_launcher_double_click_starts_the_vm_in_the_running_hvdesk(
    first: Instance, tmp_path: Path
) -> None:
    """The whole path: a VM's .desktop launcher run by GLib (as a file manager does) starts
    a second hvdesk, which hands the start to the running one."""
    from hvdesk.core.launchers import Launchers, LauncherSpec

    uuid = "11111111-1111-4111-8111-111111111111"  # alpha in the fixture
    launchers = Launchers([sys.executable, "-m", "hvdesk"], tmp_path / "apps", tmp_path / "desk")
    [path] = launchers.create(LauncherSpec(uuid, "alpha", URI))
    env = {**os.environ, "DBUS_SESSION_BUS_ADDRESS": "disabled:"}
    subprocess.run(["gio", "launch", str(path)], check=True, timeout=60, env=env)
    assert first.wait_for("HVDESK_REQUEST start") == f"HVDESK_REQUEST start {uuid} 0"
    listed = _hvdesk("--list")
    assert "alpha\trunning\t" in listed.stdout


def test_a_launcher_starts_its_own_hosts_vm_where_another_host_has_the_same_uuid(
    tmp_path: Path,
) -> None:
    """The running hvdesk shows two hosts holding a VM with the same UUID; the launcher
    made for the second host's copy starts that one, not the first host's."""
    import shutil

    from hvdesk.core.launchers import Launchers, LauncherSpec

    copy = tmp_path / "copy" / "vms.xml"
    copy.parent.mkdir()
    shutil.copy(VMS_XML, copy)
    second_host = f"test://{copy}"
    running = Instance("--connect", second_host)
    try:
        running.wait_for("HVDESK_READY")
        uuid = "11111111-1111-4111-8111-111111111111"  # alpha, on both hosts
        launchers = Launchers([sys.executable, "-m", "hvdesk"], tmp_path / "apps")
        [path] = launchers.create(LauncherSpec(uuid, "alpha", second_host))
        env = {**os.environ, "DBUS_SESSION_BUS_ADDRESS": "disabled:"}
        subprocess.run(["gio", "launch", str(path)], check=True, timeout=60, env=env)
        assert running.wait_for("HVDESK_REQUEST start") == f"HVDESK_REQUEST start {uuid} 0"
        listed = _hvdesk("--list").stdout.splitlines()
        assert f"alpha\trunning\t{uuid}\t{second_host}" in listed
        assert f"alpha\tshutoff\t{uuid}\t{URI}" in listed
    finally:
        running.stop()
