"""The embedded driver's root: hvdesk's qemu.conf is written, rewritten when it differs
(in whatever encoding it was saved), and a file of the user's own is left alone."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from hvdesk.core.embed import MANAGED_MARKER, embed_uri, prepare_root, qemu_conf_text

LATIN1_EDIT = (MANAGED_MARKER + "\n# Zürich office\n").encode("latin-1")


def test_our_qemu_conf_saved_as_latin1_is_rewritten(tmp_path: Path) -> None:
    conf = tmp_path / "etc" / "qemu.conf"
    conf.parent.mkdir()
    conf.write_bytes(LATIN1_EDIT)
    prepare_root(tmp_path)
    assert conf.read_text() == qemu_conf_text()


def test_a_qemu_conf_of_the_users_own_is_left_byte_for_byte(tmp_path: Path) -> None:
    conf = tmp_path / "etc" / "qemu.conf"
    conf.parent.mkdir()
    mine = b'# Z\xfcrich\nstdio_handler = "file"\n'
    conf.write_bytes(mine)
    prepare_root(tmp_path)
    assert conf.read_bytes() == mine


def test_the_command_line_opens_a_root_whose_qemu_conf_is_not_utf8(tmp_path: Path) -> None:
    """The whole path, libvirt's embedded driver included: `hvdesk --list` on that root."""
    root = tmp_path / "root"
    (root / "etc").mkdir(parents=True)
    (root / "etc" / "qemu.conf").write_bytes(LATIN1_EDIT)
    env = {**os.environ, "XDG_RUNTIME_DIR": str(tmp_path / "run")}
    result = subprocess.run(
        [sys.executable, "-m", "hvdesk", "--connect", embed_uri(root), "--list"],
        capture_output=True, text=True, timeout=120, env=env,
    )  # fmt: skip
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")
