"""VM launchers: the .desktop text, its quoting as real desktop tools read it, the lifecycle."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from hvdesk.core.connection import Connection
from hvdesk.core.launchers import (
    Launchers,
    LauncherSpec,
    escape_value,
    exec_quote,
    launcher_name,
    legacy_launcher_name,
    read_fields,
    render,
    spec_for,
)
from hvdesk.core.vm import VmState

UUID = "6695eb01-f6a4-8304-79aa-97f2502e193f"
NASTY_NAMES = [
    "plain",
    "with space",
    'say "hi"',
    "it's",
    "cost $HOME and $(rm -rf ~)",
    "100% done %f %u",
    "back\\slash",
    "tab\there",
    " leading space",
    "한국어 가상머신 🖥",
    "`uname`",
]


def _dump_argv_command(tmp_path: Path) -> list[str]:
    """A stand-in for hvdesk that writes the argv it was given as JSON."""
    script = tmp_path / "dump argv.py"
    out = tmp_path / "argv.json"
    script.write_text(
        f"import json, sys\nopen({str(out)!r}, 'w').write(json.dumps(sys.argv[1:]))\n",
        encoding="utf-8",
    )
    return [sys.executable, str(script)]


@pytest.mark.parametrize("name", NASTY_NAMES)
def test_desktop_file_validate_accepts_any_name(tmp_path: Path, name: str) -> None:
    spec = LauncherSpec(UUID, name, "qemu:///embed?root=/tmp/my vms/$x")
    path = tmp_path / launcher_name(spec.uri, UUID)
    path.write_text(render(spec, ["/usr/bin/hvdesk"]), encoding="utf-8")
    result = subprocess.run(["desktop-file-validate", str(path)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert read_fields(path)["Name"] == name


@pytest.mark.parametrize(
    "uri",
    ['test:///tmp/a dir/"q"/$HOME/100%/back\\slash/`x`.xml', "qemu:///embed?root=/tmp/é ü"],
)
def test_gio_launch_runs_exactly_the_arguments_written(tmp_path: Path, uri: str) -> None:
    """GLib's own launcher parses the Exec line: the argv must come out unchanged."""
    command = _dump_argv_command(tmp_path)
    launchers = Launchers(command, applications=tmp_path / "apps", desktop=tmp_path / "desk")
    [path] = launchers.create(LauncherSpec(UUID, 'my "VM" $1 100%', uri))
    env = {**os.environ, "DBUS_SESSION_BUS_ADDRESS": "disabled:"}
    subprocess.run(["gio", "launch", str(path)], check=True, timeout=30, env=env)
    out = tmp_path / "argv.json"
    for _ in range(200):  # gio launch returns once the child is spawned
        if out.exists() and out.read_text():
            break
        subprocess.run(["sleep", "0.05"], check=True)
    assert json.loads(out.read_text()) == ["--connect", uri, "--start", UUID]


def test_exec_quote_rules() -> None:
    assert exec_quote("plain") == "plain"
    assert exec_quote("50%") == "50%%"
    assert exec_quote("a b") == '"a b"'
    assert exec_quote('a"b') == '"a\\"b"'
    assert exec_quote("$x") == '"\\$x"'
    assert exec_quote("a\\b") == '"a\\\\b"'
    assert exec_quote("`x`") == '"\\`x\\`"'
    assert exec_quote("") == '""'
    with pytest.raises(ValueError):
        exec_quote("two\nlines")
    # As a string value, the Exec's own backslashes are escaped once more.
    assert escape_value(exec_quote("a\\b")) == '"a\\\\\\\\b"'


def test_launcher_has_actions_keyed_by_uuid_and_is_executable(tmp_path: Path) -> None:
    launchers = Launchers(["/usr/bin/hvdesk"], tmp_path / "apps", tmp_path / "desk")
    paths = launchers.create(LauncherSpec(UUID, "web", "test:///default"), on_desktop=True)
    name = launcher_name("test:///default", UUID)
    assert paths == [tmp_path / "apps" / name, tmp_path / "desk" / name]
    text = paths[0].read_text()
    assert f"Exec=/usr/bin/hvdesk --connect test:///default --start {UUID}\n" in text
    assert f"--start {UUID} --headless" in text
    assert f"--console {UUID}" in text and f"--settings {UUID}" in text
    assert "Actions=start;start-headless;console;settings;" in text
    for path in paths:
        assert os.access(path, os.X_OK)


def test_rename_rewrites_and_delete_removes(tmp_path: Path) -> None:
    launchers = Launchers(["/usr/bin/hvdesk"], tmp_path / "apps", tmp_path / "desk")
    launchers.create(LauncherSpec(UUID, "old", "test:///default"), on_desktop=True)
    assert launchers.sync_name(LauncherSpec(UUID, "old", "test:///default")) == []
    rewritten = launchers.sync_name(LauncherSpec(UUID, "new name", "test:///default"))
    assert len(rewritten) == 2
    assert all(read_fields(p)["Name"] == "new name" for p in rewritten)
    assert len(launchers.remove("test:///default", UUID)) == 2
    assert launchers.paths("test:///default", UUID) == []
    assert launchers.sync_name(LauncherSpec(UUID, "x", "test:///default")) == []


HOST_A = "qemu+ssh://alice@a.example/system"
HOST_B = "qemu+ssh://alice@b.example/system"


def test_the_same_uuid_on_two_hosts_has_a_launcher_each(tmp_path: Path) -> None:
    """A VM copied to another host keeps its UUID: its launcher is another one."""
    launchers = Launchers(["/usr/bin/hvdesk"], tmp_path / "apps", tmp_path / "desk")
    [on_a] = launchers.create(LauncherSpec(UUID, "web", HOST_A))
    [on_b] = launchers.create(LauncherSpec(UUID, "web", HOST_B))
    assert on_a != on_b and on_a.is_file()
    assert f"Exec=/usr/bin/hvdesk --connect {HOST_A} --start {UUID}\n" in on_a.read_text()
    assert f"Exec=/usr/bin/hvdesk --connect {HOST_B} --start {UUID}\n" in on_b.read_text()
    assert read_fields(on_a)["X-Hvdesk-URI"] == HOST_A
    # Renamed on B, then deleted there: A's launcher is not touched.
    assert launchers.sync_name(LauncherSpec(UUID, "web on b", HOST_B)) == [on_b]
    assert (read_fields(on_a)["Name"], read_fields(on_b)["Name"]) == ("web", "web on b")
    assert launchers.remove(HOST_B, UUID) == [on_b]
    assert launchers.paths(HOST_A, UUID) == [on_a]


def test_a_launcher_of_the_uuid_only_naming_is_kept_and_migrated(tmp_path: Path) -> None:
    """Launchers written before the connection was part of the name: found by their
    X-Hvdesk-URI (their Exec already names the connection), moved to the new name when
    next written, and never taken for another host's VM with that UUID."""
    apps = tmp_path / "apps"
    apps.mkdir()
    old = apps / legacy_launcher_name(UUID)
    old.write_text(render(LauncherSpec(UUID, "web", HOST_A), ["/usr/bin/hvdesk"]))
    launchers = Launchers(["/usr/bin/hvdesk"], apps, tmp_path / "desk")
    assert launchers.paths(HOST_A, UUID) == [old]
    assert launchers.paths(HOST_B, UUID) == []
    assert launchers.sync_name(LauncherSpec(UUID, "web", HOST_B)) == []
    assert launchers.remove(HOST_B, UUID) == []
    assert old.is_file()
    [moved] = launchers.sync_name(LauncherSpec(UUID, "web", HOST_A))  # same name: moved
    assert moved == apps / launcher_name(HOST_A, UUID)
    assert not old.exists() and read_fields(moved)["Name"] == "web"
    assert launchers.remove(HOST_A, UUID) == [moved]


def test_an_unwritable_folder_is_a_sentence(tmp_path: Path) -> None:
    from hvdesk.core.errors import HvdeskError

    blocker = tmp_path / "file"
    blocker.write_text("")
    launchers = Launchers(["/usr/bin/hvdesk"], blocker / "apps", tmp_path / "desk")
    with pytest.raises(HvdeskError) as caught:
        launchers.create(LauncherSpec(UUID, "web", "test:///default"))
    assert caught.value.sentence().startswith("Could not create a launcher for 'web'.")
    assert not (tmp_path / "desk").exists()


def test_gio_is_installed() -> None:
    assert shutil.which("gio") and shutil.which("desktop-file-validate")


def test_a_vm_renamed_on_the_host_gets_its_launcher_renamed(
    aio: Any, host: Connection, tmp_path: Path
) -> None:
    from tests.support.core import vm_named

    vm = vm_named(host, "db")
    if vm.state is not VmState.SHUTOFF:
        aio.run(vm.force_off())
    launchers = Launchers(["/usr/bin/hvdesk"], tmp_path / "apps", tmp_path / "desk")
    launchers.follow(host)
    [path] = launchers.create(spec_for(vm))
    aio.run(host.call_domain(vm.uuid, lambda dom: dom.rename("db renamed $1", 0)))
    host.refresh_vm(vm.uuid)  # the test driver sends no event for a rename
    aio.wait_until(lambda: read_fields(path)["Name"] == "db renamed $1")
    assert f"--start {vm.uuid}" in path.read_text()
