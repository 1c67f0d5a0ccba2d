"""Hosts that refuse, never answer or die: the window says so and keeps working."""

from __future__ import annotations

import time
from typing import Any

import pytest
from PySide6.QtCore import QTimer

from hvdesk.core.vm import Action
from tests.gui.conftest import VMS_XML
from tests.support.daemon import PrivateLibvirtd
from tests.support.loop_errors import loop_errors  # noqa: F401
from tests.support.silent_server import SilentTcpServer
from tests.support.window import WindowDriver


class GapMeter:
    """The longest time the GUI thread went without running a 10 ms timer."""

    def __init__(self) -> None:
        self.longest = 0.0
        self._last = time.monotonic()
        self.timer = QTimer()
        self.timer.setInterval(10)
        self.timer.timeout.connect(self._tick)
        self.timer.start()

    def _tick(self) -> None:
        now = time.monotonic()
        self.longest = max(self.longest, now - self._last)
        self._last = now

    def stop(self) -> None:
        self.timer.stop()


def test_a_host_that_never_answers_keeps_the_window_responsive(make_window: Any) -> None:
    with SilentTcpServer() as silent:
        meter = GapMeter()
        ui: WindowDriver = make_window(
            f"test://{VMS_XML}", silent.uri(), open_timeout=2.0, wait=False
        )
        ui.aio.wait_until(lambda: ui.window.manager.connections[0].is_connected)
        hung = ui.window.manager.connections[1]
        assert hung.state.name == "CONNECTING"
        assert silent.wait_for_connection()
        # While that host says nothing, the other connection's VMs can be used.
        ui.click_row("alpha")
        ui.press(Action.START)
        ui.wait_state("alpha", "Running")
        assert hung.state.name == "CONNECTING"
        ui.aio.wait_until(lambda: hung.state.name == "FAILED", timeout=10)
        meter.stop()
        assert "did not answer within 2 seconds" in ui.window.message_bar.text()
        assert meter.longest < 0.2, f"the GUI thread stalled for {meter.longest:.3f} s"


def test_the_daemon_dies_and_comes_back(make_window: Any) -> None:
    with PrivateLibvirtd() as daemon:
        ui: WindowDriver = make_window(daemon.uri)
        conn = ui.connection
        conn.retry_delays = (0.2, 0.5)
        assert conn.is_connected
        ui.aio.wait_until(lambda: "test" in ui.visible_names())
        vm_before = ui.vm("test")

        daemon.kill()
        ui.aio.wait_until(lambda: conn.state.name == "RECONNECTING", timeout=10)
        assert "Lost the connection" in ui.window.message_bar.text()
        header = ui.window.proxy.index(0, 0).data()
        assert header.endswith("Connection lost, reconnecting…")
        ui.click_row("test")
        assert not ui.enabled(Action.SHUTDOWN)  # nothing can be done while it is down

        daemon.start()
        ui.aio.wait_until(lambda: conn.is_connected, timeout=15)
        assert ui.vm("test") is vm_before  # resynchronised, not rebuilt
        ui.click_row("test")
        assert ui.enabled(Action.SHUTDOWN)
        assert ui.window.message_bar.isHidden()  # the loss message went with the loss


@pytest.mark.usefixtures("loop_errors")
def test_a_vm_that_cannot_be_read_is_told_and_the_others_follow(
    ui: WindowDriver, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One VM of a batch of re-reads fails (injected: libvirt's own XML always reads):
    the window says which, the other VMs of that batch still change in the list."""
    from hvdesk.core import vm as vm_module  # what the connection reads domains with

    real = vm_module.snapshot_domain

    def alpha_cannot_be_read(dom: Any, read_seq: int = 0) -> Any:
        if dom.name() == "alpha":
            raise ValueError("unexpected element <cpu> in the answer")
        return real(dom, read_seq)

    monkeypatch.setattr(vm_module, "snapshot_domain", alpha_cannot_be_read)

    def change_both(conn: Any) -> None:
        conn.lookupByName("alpha").create()
        conn.lookupByName("beta").suspend()

    ui.aio.run(ui.connection.call(change_both))
    ui.wait_state("beta", "Paused")
    ui.aio.wait_until(lambda: ui.window.message_bar.isVisible())
    assert ui.window.message_bar.text() == (
        "Could not read the state of 'alpha'. ValueError: unexpected element <cpu> in the "
        "answer. It is shown as it was; the other VMs are up to date."
    )
    assert ui.row_texts("alpha")[1] == "Powered off"
