"""Shared fixtures: isolated XDG dirs, the qasync loop under pytest-qt, coroutine runners."""

from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from hvdesk.core.connection import Connection
from tests.support.aio import AsyncRunner
from tests.support.core import HOSTS_URI
from tests.support.window import make_window_factory

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["QT_API"] = "pyside6"
os.environ.setdefault("QT_NO_GLIB", "1")  # as the application does (see hvdesk/app.py)
# KVM is advertised on these hosts but its guests hang (the host is a VM): emulate.
os.environ.setdefault("HVDESK_ACCEL", "tcg")

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(autouse=True)
def isolated_xdg(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own config and data directories: nothing touches the real ones."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    # hvdesk processes a test starts find no other hvdesk to hand their request to.
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path / "run"))
    return tmp_path


@pytest.fixture(scope="session")
def qasync_loop(qapp: Any) -> Iterator[asyncio.AbstractEventLoop]:
    """One qasync loop on the test QApplication; it runs whenever qtbot waits."""
    import qasync

    loop = qasync.QEventLoop(qapp, already_running=True)
    asyncio.set_event_loop(loop)
    yield loop


@pytest.fixture
def aio(qtbot: Any, qasync_loop: asyncio.AbstractEventLoop) -> AsyncRunner:
    return AsyncRunner(qtbot, qasync_loop)


@pytest.fixture
def host(aio: AsyncRunner) -> Iterator[Connection]:
    """A private copy of the fixture host (tests/support/core.py), opened by hvdesk."""
    conn = Connection(HOSTS_URI)
    assert aio.run(conn.open()) is True, conn.status_text()
    yield conn
    aio.run(conn.close())


@pytest.fixture
def make_window(qtbot: Any, aio: AsyncRunner, tmp_path: Path) -> Iterator[Any]:
    """make_window(*uris) -> WindowDriver: a shown MainWindow with those connections opened."""
    make, managers = make_window_factory(qtbot, aio, tmp_path)
    yield make
    for manager in managers:
        manager.shutdown()


@pytest.fixture(scope="session")
def embed_root() -> Iterator[Path]:
    """The one embedded-driver root of this test process.

    libvirt's embedded QEMU driver binds a process to the first root it opens, for the
    life of the process (a second root fails with "already open with path"), and locks
    that root against other processes. Every in-process test shares this root and cleans
    up the VMs it defines; tests that need a fresh root run hvdesk in subprocesses.
    """
    # Short: QEMU's monitor socket lives below the root and UNIX paths stop at 107 bytes.
    root = Path(tempfile.mkdtemp(prefix="hvd-emb-"))
    yield root
    kill_guests(root)
    shutil.rmtree(root, ignore_errors=True)


def qemu_pids(root: Path) -> list[int]:
    """QEMU processes started from this embedded root."""
    out = subprocess.run(["pgrep", "-f", f"qemu-system.*{root}"], capture_output=True, text=True)
    return [int(pid) for pid in out.stdout.split()]


def kill_guests(root: Path) -> None:
    for pid in qemu_pids(root):  # a failed test must not leave a guest behind
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)


@pytest.fixture(scope="session")
def guest_image() -> Any:
    """The tiny guest (kernel + busybox initramfs), built once and cached."""
    from tests.guest.build import build_guest

    return build_guest()
