"""The single-instance socket and lock against another local user (`nobody`, a real
second uid through setpriv): hvdesk neither talks to their server, nor uses their folder,
nor writes through their links."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from hvdesk import single_instance
from hvdesk.single_instance import InstanceLock, Request, UnsafeFolder, hand_off, socket_path
from tests.support.other_user import FakeServer, as_nobody, shared_folder

SECRET = Request("start", "payroll-vm", connect=["qemu+ssh://me@host/system?keyfile=/k/id"])
UID = os.getuid()


@pytest.fixture
def shared(monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """No XDG_RUNTIME_DIR (as under sudo), no /run/user/<uid>: the /tmp fallback, in a
    /tmp-like folder of the test's own."""
    with shared_folder() as path:
        monkeypatch.delenv("XDG_RUNTIME_DIR")
        monkeypatch.setenv("TMPDIR", str(path))
        monkeypatch.setattr(single_instance.tempfile, "tempdir", None)  # re-read TMPDIR
        monkeypatch.setattr(single_instance, "RUN_USER", path / "no-run-user")
        yield path


@pytest.fixture
def victim(tmp_path: Path) -> Path:
    """A file of ours that a link planted by the other user points at."""
    path = tmp_path / "victim"
    path.write_text("precious\n")
    return path


def _plant_tmp_folder(shared: Path) -> Path:
    """The other user makes the folder hvdesk uses in /tmp, open to everyone."""
    folder = shared / f"hvdesk-{UID}" / "hvdesk"
    as_nobody("mkdir", "-m", "777", "-p", str(folder))
    as_nobody("chmod", "777", str(folder.parent))
    return folder


def test_a_server_another_user_runs_in_tmp_gets_no_request(shared: Path) -> None:
    folder = _plant_tmp_folder(shared)
    server = FakeServer(shared / "record", [str(folder / "instance")])
    try:
        with pytest.raises(UnsafeFolder) as refused:
            hand_off(SECRET)
        assert server.received() == b""
    finally:
        server.stop()
    assert str(refused.value) == (
        f"{folder.parent} belongs to user 'nobody', not to you. Remove it, or set "
        "XDG_RUNTIME_DIR to a folder only you can write to."
    )


def test_a_lock_linked_to_a_file_of_ours_in_another_users_runtime_dir_truncates_nothing(
    monkeypatch: pytest.MonkeyPatch, victim: Path
) -> None:
    with shared_folder() as shared:
        runtime = shared / "run"
        as_nobody("mkdir", "-m", "755", str(runtime))
        as_nobody("mkdir", "-m", "777", str(runtime / "hvdesk"))
        as_nobody("ln", "-s", str(victim), str(runtime / "hvdesk" / "instance.lock"))
        monkeypatch.setenv("XDG_RUNTIME_DIR", str(runtime))
        with pytest.raises(UnsafeFolder) as refused:
            InstanceLock()
    assert victim.read_text() == "precious\n"
    assert str(refused.value) == (
        f"{runtime} belongs to user 'nobody', not to you. Set XDG_RUNTIME_DIR to a folder "
        "only you can write to, or unset it."
    )


def test_the_command_line_tells_instead_of_asking_another_users_server() -> None:
    """The whole path: `hvdesk --list` with XDG_RUNTIME_DIR on the other user's folder
    where their server listens. The list is made here; they get nothing."""
    with shared_folder() as shared:
        runtime = shared / "run"
        as_nobody("mkdir", "-m", "777", str(runtime), str(runtime / "hvdesk"))
        server = FakeServer(shared / "record", [str(runtime / "hvdesk" / "instance")])
        try:
            env = {**os.environ, "XDG_RUNTIME_DIR": str(runtime)}
            result = subprocess.run(
                [sys.executable, "-m", "hvdesk", "--connect", "test:///default", "--list"],
                capture_output=True, text=True, timeout=120, env=env,
            )  # fmt: skip
            assert server.received() == b""
        finally:
            server.stop()
    assert result.returncode == 0, result.stderr
    assert "pwned" not in result.stdout
    assert result.stdout.startswith("test\trunning\t")  # the test driver's own VM
    assert result.stderr == (
        f"hvdesk: {runtime} belongs to user 'nobody', not to you. Set XDG_RUNTIME_DIR to a "
        "folder only you can write to, or unset it. This command runs on its own.\n"
    )


def test_a_socket_of_ours_served_by_another_user_gets_no_request(tmp_path: Path) -> None:
    """Even in a folder that passes every check, the listening process must be us: the
    socket here is bound by us and listened on by the other user (SO_PEERCRED says who)."""
    folder = tmp_path / "run" / "hvdesk"
    folder.mkdir(parents=True, mode=0o700)
    bound = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    bound.bind(str(folder / "instance"))
    with shared_folder() as shared:
        server = FakeServer(shared / "record", [f"fd:{bound.fileno()}"], [bound.fileno()])
        bound.close()
        try:
            with pytest.raises(UnsafeFolder) as refused:
                hand_off(SECRET)
            assert server.received() == b""
        finally:
            server.stop()
    assert "is served by a process of user 'nobody', not by you" in str(refused.value)


def test_a_folder_another_user_made_in_tmp_is_not_used_for_the_lock(
    shared: Path, victim: Path
) -> None:
    folder = _plant_tmp_folder(shared)
    as_nobody("ln", "-s", str(victim), str(folder / "instance.lock"))
    with pytest.raises(UnsafeFolder, match="belongs to user 'nobody'"):
        InstanceLock()
    assert victim.read_text() == "precious\n"


def test_the_tmp_fallback_is_made_private_and_reused(shared: Path) -> None:
    with InstanceLock():
        pass
    folder = socket_path().parent
    assert folder == shared / f"hvdesk-{UID}" / "hvdesk"
    for made in (folder, folder.parent):
        st = os.lstat(made)
        assert (st.st_uid, st.st_mode & 0o7777) == (UID, 0o700)
    with InstanceLock():  # a second time: the same folder passes its own checks
        pass


def test_run_user_is_used_only_when_it_is_ours(
    shared: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    run_user = shared / "run-user"
    run_user.mkdir()
    run_user.chmod(0o1777)
    monkeypatch.setattr(single_instance, "RUN_USER", run_user)
    as_nobody("mkdir", "-m", "700", str(run_user / str(UID)))  # someone else's: skipped
    assert socket_path() == shared / f"hvdesk-{UID}" / "hvdesk" / "instance"
    (run_user / str(UID)).rmdir()
    (run_user / str(UID)).mkdir(mode=0o700)
    assert socket_path() == run_user / str(UID) / "hvdesk" / "instance"


def test_a_world_writable_runtime_dir_of_ours_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    runtime = tmp_path / "open"
    runtime.mkdir()
    runtime.chmod(0o777)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(runtime))
    with pytest.raises(UnsafeFolder) as refused:
        InstanceLock()
    assert str(refused.value) == (
        f"{runtime} can be written by other users (mode 777). Set XDG_RUNTIME_DIR to a "
        "folder only you can write to, or unset it."
    )
    assert not (runtime / "hvdesk").exists()


def test_an_instance_folder_of_ours_open_to_others_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "run" / "hvdesk"
    folder.mkdir(parents=True)
    folder.chmod(0o755)
    with pytest.raises(UnsafeFolder) as refused:
        InstanceLock()
    assert str(refused.value) == (
        f"{folder} can be used by other users (mode 755). Make it private: chmod 700 {folder}."
    )


def test_the_lock_is_neither_followed_nor_truncated(tmp_path: Path, victim: Path) -> None:
    folder = tmp_path / "run" / "hvdesk"
    folder.mkdir(parents=True, mode=0o700)
    lock = folder / "instance.lock"
    lock.symlink_to(victim)
    with pytest.raises(UnsafeFolder) as refused:
        InstanceLock()
    assert str(refused.value) == f"{lock} is a symbolic link. Remove it."
    assert victim.read_text() == "precious\n"
    lock.unlink()
    lock.write_text("left by an older hvdesk\n")
    with InstanceLock():
        pass
    assert lock.read_text() == "left by an older hvdesk\n"
