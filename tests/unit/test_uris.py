"""uris: what the add-connection dialog may hand over, and what it must refuse with a sentence."""

from __future__ import annotations

from pathlib import Path

import pytest

from hvdesk.core.embed import embed_uri, root_from_uri
from hvdesk.core.errors import HvdeskError
from hvdesk.core.uris import display_name, is_local, is_remote, validate_uri

ACCEPTED = [
    "qemu:///system",
    "qemu:///session",
    "qemu:///embed?root=/var/tmp/hvdesk/libvirt",
    "qemu+ssh://alice@server.example/system",
    "qemu+ssh://server.example/session",
    "qemu+ssh://alice@server.example:2222/system",
    "qemu+ssh://root@[2001:db8::1]/system",
    "qemu+tls://server.example/system",
    "qemu+tcp://127.0.0.1:16509/system",
    "qemu+unix:///system?socket=/run/libvirt/libvirt-sock",
    "test:///default",
    "test:///abs/path/hosts.xml",
    "test+unix:///default?socket=/tmp/x/libvirt-sock",
    "lxc:///system",
]


@pytest.mark.parametrize("uri", ACCEPTED)
def test_accepts_real_uris(uri: str) -> None:
    assert validate_uri(uri) == uri


def test_strips_surrounding_whitespace() -> None:
    assert validate_uri("  qemu:///system\n") == "qemu:///system"


def test_accepts_what_the_dialog_builds(tmp_path: Path) -> None:
    # The embedded default, even for a home directory with a space in it.
    root = tmp_path / "My Files" / "libvirt"
    uri = embed_uri(root)
    assert " " not in uri
    assert validate_uri(uri) == uri
    assert root_from_uri(uri) == root
    assert validate_uri(embed_uri()) == embed_uri()


@pytest.mark.parametrize(
    ("uri", "says"),
    [
        ("", "empty"),
        ("   ", "empty"),
        ("not a uri", "contains spaces"),
        ("qemu:///system now", "contains spaces"),
        ("server.example", "driver name"),
        ("qemu:/system", "driver name"),
        ("http//server/system", "driver name"),
        ("1qemu:///system", "driver name"),
        ("qemu+ssh://host:port/system", "not a libvirt URI"),
        ("qemu+ssh://host:99999/system", "not a libvirt URI"),
        ("qemu://", "names no QEMU connection"),
        ("qemu:///foo", "names no QEMU connection"),
        ("qemu+ssh://alice@host", "names no QEMU connection"),
        ("qemu:///embed", "has no root"),
        ("qemu:///embed?rot=/x", "has no root"),
    ],
)
def test_rejects_garbage_with_a_sentence(uri: str, says: str) -> None:
    with pytest.raises(HvdeskError) as info:
        validate_uri(uri)
    sentence = info.value.sentence()
    assert says.lower() in sentence.lower()
    assert sentence.endswith(".")
    assert sentence[0].isupper() or sentence.startswith("'")
    assert "Traceback" not in sentence
    assert str(info.value) == sentence


def test_rejection_offers_examples() -> None:
    with pytest.raises(HvdeskError) as info:
        validate_uri("server.example")
    assert "qemu:///system" in info.value.hint
    assert "qemu+ssh://user@host/system" in info.value.sentence()


@pytest.mark.parametrize(
    ("uri", "local"),
    [
        ("qemu:///system", True),
        ("qemu:///session", True),
        ("qemu:///embed?root=/x", True),
        ("test:///default", True),
        ("test:///abs/hosts.xml", True),
        ("qemu+unix:///system", True),
        ("test+unix:///default?socket=/tmp/s", True),
        ("qemu+ssh://alice@host/system", False),
        ("qemu+ssh://host/system", False),
        ("qemu+tls://host/system", False),
        ("qemu+tcp://127.0.0.1:16509/system", False),
        ("qemu+ssh:///system", False),  # a transport other than unix is never "this machine"
    ],
)
def test_is_local_and_is_remote(uri: str, local: bool) -> None:
    assert is_local(uri) is local
    assert is_remote(uri) is not local


@pytest.mark.parametrize(
    ("uri", "name"),
    [
        ("qemu:///embed?root=/var/tmp/hvdesk", "QEMU (embedded)"),
        ("qemu:///system", "QEMU (system)"),
        ("qemu:///session", "QEMU (session)"),
        ("qemu+ssh://alice@server/system", "QEMU on alice@server"),
        ("qemu+ssh://alice@server/session", "QEMU on alice@server (session)"),
        ("qemu+tls://server/system", "QEMU on server"),
        ("test:///default", "Test driver (default)"),
        ("test:///abs/path/hosts.xml", "Test driver (hosts.xml)"),
        ("lxc:///system", "LXC (system)"),
        ("xen:///system", "Xen (system)"),
        ("bhyve:///system", "bhyve (system)"),
    ],
)
def test_display_name(uri: str, name: str) -> None:
    assert display_name(uri) == name
