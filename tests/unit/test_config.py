"""config: the saved connection list survives restarts and a damaged file never stops hvdesk."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from hvdesk.core.config import ConnectionStore, config_dir
from hvdesk.core.embed import embed_uri


def test_default_store_lives_in_xdg_config_home(isolated_xdg: Path) -> None:
    store = ConnectionStore.default()
    assert store.path == isolated_xdg / "config" / "hvdesk" / "connections.json"
    assert config_dir() == isolated_xdg / "config" / "hvdesk"


def test_nothing_saved_gives_the_embedded_default(isolated_xdg: Path) -> None:
    store = ConnectionStore.default()
    uris = store.load()
    assert uris == [embed_uri()]
    # The default is the embedded driver under this test's own XDG_DATA_HOME.
    assert str(isolated_xdg / "data" / "hvdesk" / "libvirt") in uris[0]
    assert uris[0].startswith("qemu:///embed?root=")
    assert not store.path.exists()  # loading writes nothing


def test_add_remove_and_persist_across_instances() -> None:
    store = ConnectionStore.default()
    store.add("test:///default")
    store.add("qemu+ssh://alice@server/system")
    store.add("test:///default")  # no duplicates
    assert store.load() == [embed_uri(), "test:///default", "qemu+ssh://alice@server/system"]

    again = ConnectionStore.default()  # a new start of hvdesk
    assert again.load() == [embed_uri(), "test:///default", "qemu+ssh://alice@server/system"]

    again.remove("test:///default")
    again.remove("qemu:///not-there")  # removing an unknown URI is harmless
    assert ConnectionStore.default().load() == [embed_uri(), "qemu+ssh://alice@server/system"]


def test_removing_everything_is_remembered_as_empty() -> None:
    store = ConnectionStore.default()
    store.remove(embed_uri())
    assert store.path.exists()
    assert store.load() == []  # not the default again: the user removed it


def test_saved_file_is_plain_json(tmp_path: Path) -> None:
    store = ConnectionStore(tmp_path / "deep" / "dir" / "c.json")
    store.save(["test:///default"])
    assert json.loads(store.path.read_text()) == {"connections": ["test:///default"]}
    assert not store.path.with_suffix(".tmp").exists()  # written by rename, no leftovers


@pytest.mark.parametrize(
    "content",
    [
        b"{not json",
        b"",
        b"\xff\xfe\x00garbage",
        b"[1, 2, 3]",
        b"null",
        b'"qemu:///system"',
        b'{"connections": "qemu:///system"}',
        b'{"connections": 42}',
    ],
)
def test_corrupt_file_falls_back_to_default(content: bytes) -> None:
    store = ConnectionStore.default()
    store.path.parent.mkdir(parents=True)
    store.path.write_bytes(content)
    assert store.load() == [embed_uri()]


def test_non_string_entries_are_skipped() -> None:
    store = ConnectionStore.default()
    store.path.parent.mkdir(parents=True)
    store.path.write_text('{"connections": ["test:///default", 7, null, {"a": 1}]}')
    assert store.load() == ["test:///default"]


def test_unreadable_path_falls_back_to_default() -> None:
    store = ConnectionStore.default()
    store.path.mkdir(parents=True)  # a directory where the file should be
    assert store.load() == [embed_uri()]
