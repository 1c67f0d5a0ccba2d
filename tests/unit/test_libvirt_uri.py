"""URIs read as libvirt reads them. libvirt itself is the reference: the embedded driver
shows which root it made, and a stand-in `ssh` on PATH records the user name and key
file libvirt's remote driver hands to ssh."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from hvdesk.core import libvirt_uri
from hvdesk.core.embed import embed_uri, root_from_uri
from hvdesk.core.ssh_tunnel import destination_from_uri
from hvdesk.core.uris import display_name, validate_uri


def _libvirt_open(uri: str, env: dict[str, str] | None = None) -> None:
    """Open (and close) `uri` with libvirt in a process of its own: the embedded driver
    binds a process to its first root, and the stand-in ssh needs its own PATH."""
    script = (
        "import sys, libvirt\n"
        "libvirt.virEventRegisterDefaultImpl()\n"
        "libvirt.registerErrorHandler(lambda *_: None, None)\n"
        "try:\n"
        "    libvirt.open(sys.argv[1]).close()\n"
        "except libvirt.libvirtError:\n"
        "    pass\n"
    )
    subprocess.run([sys.executable, "-c", script, uri], check=True, timeout=60, env=env)


@pytest.mark.parametrize("name", ["a%41b", "a+b c", "x&root=y", "semi;colon", "caf\xe9"])
def test_an_embedded_root_is_the_folder_libvirt_makes(tmp_path: Path, name: str) -> None:
    root = tmp_path / "roots" / name
    uri = embed_uri(root)
    assert root_from_uri(uri) == root
    _libvirt_open(uri)
    assert [p.name for p in (tmp_path / "roots").iterdir()] == [name]


def test_the_issues_root_is_decoded_once() -> None:
    assert root_from_uri("qemu:///embed?root=/srv/a%2541b") == Path("/srv/a%41b")
    assert root_from_uri("qemu:///embed?root=/srv/a%41b") == Path("/srv/aAb")
    assert root_from_uri("qemu:///embed?root=/srv/a+b") == Path("/srv/a+b")  # not a space


def test_the_first_root_is_the_one_libvirt_opens(tmp_path: Path) -> None:
    uri = f"qemu:///embed?root={tmp_path}/zz&root={tmp_path}/aa&Root={tmp_path}/cc"
    assert root_from_uri(uri) == tmp_path / "zz"
    _libvirt_open(uri)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["zz"]


def test_a_root_that_is_not_utf8_comes_back_byte_for_byte(tmp_path: Path) -> None:
    root = Path(os.fsdecode(bytes(tmp_path) + b"/r\xff\xfe"))
    assert root_from_uri(embed_uri(root)) == root


@pytest.fixture
def libvirt_ssh_args(tmp_path: Path) -> object:
    """What libvirt's remote driver runs ssh with, for a URI (a stand-in ssh records it)."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    record = tmp_path / "ssh-args"
    fake = bin_dir / "ssh"
    fake.write_text(f"#!/bin/sh\nprintf '%s\\n' \"$@\" > {record}\nexit 1\n")
    fake.chmod(0o755)

    def args(uri: str) -> list[str]:
        record.unlink(missing_ok=True)
        env = {**os.environ, "PATH": f"{bin_dir}:{os.environ['PATH']}"}
        _libvirt_open(uri, env)
        return record.read_text().splitlines()

    return args


def _option(args: list[str], flag: str) -> str | None:
    return args[args.index(flag) + 1] if flag in args else None


@pytest.mark.parametrize(
    ("uri", "user", "keyfile"),
    [
        ("qemu+ssh://first.last%40corp@host/system", "first.last@corp", None),
        ("qemu+ssh://me@host/system?keyfile=/k/a%2541+b", "me", "/k/a%41+b"),
        ("qemu+ssh://me@host/system?keyfile=/k/1&KEYFILE=/k/2;x&no_tty=1", "me", "/k/2;x"),
        ("qemu+ssh://me@host/system?keyfile=/k/one&KEYFILE=/k/two;x", "me", "/k/two"),
        ("qemu+ssh://me@host/system?keyfile=/k/one;keyfile=/k/two", "me", "/k/two"),
        ("qemu+ssh://host/system?=/k/no-name&keyfile=/k/k&extra", None, "/k/k"),
    ],
)
def test_ssh_gets_the_user_and_key_file_libvirt_gives_it(
    libvirt_ssh_args: object, uri: str, user: str | None, keyfile: str | None
) -> None:
    theirs = libvirt_ssh_args(uri)  # type: ignore[operator]
    assert (_option(theirs, "-l"), _option(theirs, "-i")) == (user, keyfile)
    ours = destination_from_uri(uri)
    assert (ours.user, ours.keyfile) == (user, keyfile)


def test_names_show_the_decoded_user() -> None:
    uri = validate_uri("qemu+ssh://first.last%40corp@host/system")
    assert display_name(uri) == "QEMU on first.last@corp@host"


def test_query_splitting_follows_virURIParseParams() -> None:
    parsed = libvirt_uri.parse("test:///default?a=1;b=2&c=3&&=x&flag&d=%26")
    assert parsed.params == (("a", "1;b=2"), ("c", "3"), ("flag", ""), ("d", "&"))
    assert libvirt_uri.parse("test:///default?a=1;b=2").params == (("a", "1"), ("b", "2"))
