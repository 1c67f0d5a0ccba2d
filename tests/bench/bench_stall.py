"""Longest stall of hvdesk's GUI thread while connections open and a guest starts.

    .venv/bin/python -m tests.bench.bench_stall [--platform xcb|offscreen] [--scenarios A,B,C]

In this process: a QApplication (platform xcb under an Xvfb started here on a free
display, or Qt's offscreen platform), a qasync loop, hvdesk's ConnectionManager and
MainWindow, shown, with private XDG directories. A 5 ms QTimer (Qt::PreciseTimer)
records the time between its ticks; a gap is how long the GUI thread could not
run it. Per scenario: the max and p99 gap (target <= 50 ms).

A  unreachable host: a TCP server on 127.0.0.1 accepts and never answers
   (tests/support/silent_server.py); hvdesk adds `qemu+tcp://127.0.0.1:PORT/system`
   with open_timeout=3 s and opens it through MainWindow.open_connection. Measured
   from just before the open to --tail seconds after it failed (error shown).
B  starting a guest: the tiny guest (tests/guest/build.py, tests/guest/domain.py:
   Debian kernel + busybox initramfs, TCG) defined on `qemu:///embed?root=<tmpdir>`
   through hvdesk's Connection, selected in the window (MainWindow.select_vm), then
   the Start action triggered (MainWindow.actions_by_kind[Action.START]). Measured
   until the window's model shows "Running", plus --tail. "B boot" continues from
   there until the guest prints its ready marker on its serial port (QEMU/TCG then
   takes a whole core of this 2-core machine).
C  (extra) loading a big host: open the --vms test-driver host (tests/bench/gen_vms.py)
   until its list is in the window, plus --tail.

With --blame, a watchdog thread samples the GUI thread's Python stack whenever no
tick came for --blame-ms, and the most frequent stall stacks are printed. With
--profile N, cProfile runs on the GUI thread during each measured window and the top
N functions by own and cumulative time are printed (it slows the thread down).
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import contextlib
import cProfile
import io
import os
import pstats
import shutil
import signal
import sys
import tempfile
import threading
import time
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tests.bench._common import loadavg, percentile, qemu_pids_under, table, xvfb
from tests.bench.gen_vms import uri_for, write_vms_xml

TARGET_MS = 50.0
TICK_MS = 5


@dataclass
class Stalls:
    name: str
    rep: int = 0  # repetition, 0 for the baseline
    gaps: list[float] = field(default_factory=list)  # seconds between ticks
    max_at: float = 0.0  # seconds after the start of the scenario
    # During the longest gap, from the GUI thread's /proc schedstat: ms it ran on a CPU
    # and ms it waited for one (runnable); the rest it was blocked (GIL, lock, I/O, X).
    max_cpu_ms: float = 0.0
    max_runqueue_ms: float = 0.0
    seconds: float = 0.0
    note: str = ""
    blame: collections.Counter[str] = field(default_factory=collections.Counter)
    profile: str = ""  # pstats text, with --profile

    @property
    def max_ms(self) -> float:
        return 1000 * max(self.gaps, default=float("nan"))

    @property
    def p99_ms(self) -> float:
        return 1000 * percentile(self.gaps, 99)


class StallMeter:
    """A 5 ms precise QTimer; the gaps between its ticks while a scenario runs."""

    def __init__(self, blame_ms: float | None, profile_top: int = 0) -> None:
        from PySide6.QtCore import Qt, QTimer

        self._timer = QTimer()
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.setInterval(TICK_MS)
        self._timer.timeout.connect(self._tick)
        self._current: Stalls | None = None
        self._last = 0.0
        self._sched_fd = os.open("/proc/thread-self/schedstat", os.O_RDONLY)
        self._last_sched = (0, 0)
        self._start = 0.0
        self._main = threading.main_thread().ident
        self._blame_s = None if blame_ms is None else blame_ms / 1000
        self._watchdog: threading.Thread | None = None
        self._stop_watchdog = threading.Event()
        self._profile_top = profile_top
        self._profiler: cProfile.Profile | None = None

    def _schedstat(self) -> tuple[int, int]:
        """(ns on a CPU, ns waiting on a run queue) of the GUI thread so far."""
        fields = os.pread(self._sched_fd, 128, 0).split()
        return int(fields[0]), int(fields[1])

    def _tick(self) -> None:
        now = time.perf_counter()
        sched = self._schedstat()
        stalls = self._current
        if stalls is not None:
            gap = now - self._last
            if gap > max(stalls.gaps, default=0):
                stalls.max_at = now - self._start
                stalls.max_cpu_ms = (sched[0] - self._last_sched[0]) / 1e6
                stalls.max_runqueue_ms = (sched[1] - self._last_sched[1]) / 1e6
            stalls.gaps.append(gap)
        self._last = now
        self._last_sched = sched

    def start(self, name: str) -> Stalls:
        self._current = Stalls(name)
        self._start = self._last = time.perf_counter()
        self._last_sched = self._schedstat()
        self._timer.start()
        if self._blame_s is not None:
            self._stop_watchdog.clear()
            self._watchdog = threading.Thread(target=self._watch, daemon=True)
            self._watchdog.start()
        if self._profile_top:
            self._profiler = cProfile.Profile()
            self._profiler.enable()
        return self._current

    def stop(self) -> Stalls:
        profiler, self._profiler = self._profiler, None
        if profiler is not None:
            profiler.disable()
        self._timer.stop()
        self._stop_watchdog.set()
        if self._watchdog is not None:
            self._watchdog.join()
            self._watchdog = None
        stalls, self._current = self._current, None
        assert stalls is not None
        stalls.seconds = time.perf_counter() - self._start
        if profiler is not None:
            text = io.StringIO()
            stats = pstats.Stats(profiler, stream=text)
            stats.sort_stats("tottime").print_stats(self._profile_top)
            stats.sort_stats("cumulative").print_stats(self._profile_top)
            stalls.profile = text.getvalue()
        return stalls

    def _watch(self) -> None:
        """Sample the GUI thread's stack every 2 ms while it has missed its ticks."""
        assert self._blame_s is not None
        while not self._stop_watchdog.wait(0.002):
            stalls = self._current
            if stalls is None or time.perf_counter() - self._last < self._blame_s:
                continue
            frame = sys._current_frames().get(self._main or 0)
            if frame is None:
                continue
            stack = traceback.extract_stack(frame)[-8:]
            key = " <- ".join(
                f"{Path(f.filename).name}:{f.lineno} {f.name}" for f in reversed(stack)
            )
            stalls.blame[key] += 1


async def wait_until(predicate: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise TimeoutError(f"{what}: not after {timeout:g} s")
        await asyncio.sleep(0.01)


# ---- scenarios -------------------------------------------------------------------------


async def scenario_unreachable(window: Any, meter: StallMeter, args: argparse.Namespace) -> Stalls:
    from hvdesk.core.connection import ConnectionState
    from tests.support.silent_server import SilentTcpServer

    with SilentTcpServer() as server:
        conn = window.manager.add(server.uri(), save=False)
        conn.open_timeout = args.open_timeout
        stalls = meter.start("A unreachable host")
        t0 = time.monotonic()
        ok = await window.open_connection(conn)
        took = time.monotonic() - t0
        await asyncio.sleep(args.tail)
        stalls = meter.stop()
        accepted = server.accepted_count
    failed = conn.state is ConnectionState.FAILED
    stalls.note = (
        f"open gave up after {took:.2f} s (ok={ok}, failed={failed}, accepted={accepted}): "
        f"{conn.status_text()}"
    )
    await window.manager.remove(conn)
    return stalls


def _kill_qemu_under(root: Path) -> None:
    """Kill any QEMU whose command line names our embedded root (by its pid)."""
    for pid in qemu_pids_under(root):
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)


class GuestHost:
    """The embedded QEMU connection for scenario B, opened once and reused: libvirt
    allows one embedded root per process."""

    def __init__(self, workdir: Path) -> None:
        self.root = workdir / "embed"
        self.workdir = workdir
        self.conn: Any = None

    async def open(self, window: Any) -> Any:
        if self.conn is None:
            from hvdesk.core.embed import embed_uri

            self.conn = window.manager.add(embed_uri(self.root), save=False)
            if not await window.open_connection(self.conn):
                raise RuntimeError(f"could not open {self.conn.uri}: {self.conn.status_text()}")
        return self.conn

    async def close(self, window: Any) -> None:
        try:
            if self.conn is not None:
                await window.manager.remove(self.conn)
        finally:
            self.conn = None
            _kill_qemu_under(self.root)


async def scenario_start_guest(
    window: Any, meter: StallMeter, args: argparse.Namespace, host: GuestHost, rep: int
) -> list[Stalls]:
    import libvirt

    from hvdesk.core.vm import Action, VmState
    from hvdesk.ui.vm_tree_model import Column
    from tests.guest.build import READY_MARKER, build_guest
    from tests.guest.domain import guest_domain_xml

    image = await asyncio.get_running_loop().run_in_executor(None, build_guest)
    conn = await host.open(window)
    serial = host.workdir / f"guest-{rep}.serial.log"
    name = "bench-stall-guest"
    xml = guest_domain_xml(name, image, serial_log=serial, domain_type="qemu")
    await conn.call(lambda c: c.defineXML(xml))

    def destroy(c: Any) -> None:
        dom = c.lookupByName(name)
        with contextlib.suppress(libvirt.libvirtError):
            dom.destroy()
        dom.undefine()

    try:

        def find() -> Any:
            return next((vm for vm in conn.vms.values() if vm.name == name), None)

        await wait_until(lambda: find() is not None, 10, "the defined guest in the list")
        vm = find()
        window.select_vm(vm)
        await asyncio.sleep(0.5)  # the details pane and its disk measurement settle
        start_action = window.actions_by_kind[Action.START]
        if not start_action.isEnabled():
            raise RuntimeError("the Start action is disabled for the selected guest")

        def shows_running() -> bool:
            index = window.model.vm_index(vm, Column.STATE)
            return bool(window.model.data(index) == VmState.RUNNING.value)

        stalls = meter.start("B start guest")
        t0 = time.monotonic()
        start_action.trigger()
        await wait_until(shows_running, 60, "the guest shown Running")
        took = time.monotonic() - t0
        await asyncio.sleep(args.tail)
        stalls = meter.stop()
        stalls.note = f"Running shown {took:.2f} s after Start"

        boot = meter.start("B boot (Running -> guest ready)")
        t1 = time.monotonic()

        def ready() -> bool:
            return serial.exists() and READY_MARKER.encode() in serial.read_bytes()

        await wait_until(ready, 120, "the guest's ready marker")
        boot = meter.stop()
        boot.note = f"guest ready {time.monotonic() - t1 + args.tail:.2f} s after Running"
        return [stalls, boot]
    finally:
        await conn.call(destroy)


async def scenario_big_host(window: Any, meter: StallMeter, args: argparse.Namespace) -> Stalls:
    uri = uri_for(write_vms_xml(args.vms))
    conn = window.manager.add(uri, save=False)
    stalls = meter.start(f"C open {args.vms}-VM host")
    t0 = time.monotonic()
    ok = await window.open_connection(conn)
    took = time.monotonic() - t0
    await asyncio.sleep(args.tail)
    stalls = meter.stop()
    stalls.note = f"opened in {took:.2f} s (ok={ok}), {len(conn.vms)} VMs"
    await window.manager.remove(conn)
    return stalls


# ---- driver ----------------------------------------------------------------------------


@contextlib.contextmanager
def environment(args: argparse.Namespace) -> Iterator[Path]:
    """Private XDG dirs and, for xcb, an Xvfb; set before Qt and hvdesk are imported."""
    workdir = Path(tempfile.mkdtemp(prefix="hvdesk-bench-stall-"))
    saved = dict(os.environ)
    try:
        os.environ["XDG_CONFIG_HOME"] = str(workdir / "config")
        os.environ["XDG_DATA_HOME"] = str(workdir / "data")
        os.environ["QT_API"] = "pyside6"
        os.environ.setdefault("HVDESK_ACCEL", "tcg")  # KVM guests hang on these hosts
        if args.platform == "xcb":
            with xvfb() as x:
                os.environ["DISPLAY"] = x.display
                os.environ.pop("WAYLAND_DISPLAY", None)
                os.environ["QT_QPA_PLATFORM"] = "xcb"
                yield workdir
        else:
            os.environ["QT_QPA_PLATFORM"] = "offscreen"
            yield workdir
    finally:
        os.environ.clear()
        os.environ.update(saved)
        shutil.rmtree(workdir, ignore_errors=True)


def run_scenarios(args: argparse.Namespace, workdir: Path) -> list[Stalls]:
    import qasync
    from PySide6.QtWidgets import QApplication

    from hvdesk.core.config import ConnectionStore
    from hvdesk.core.manager import ConnectionManager
    from hvdesk.ui.main_window import MainWindow

    app = QApplication.instance() or QApplication(["hvdesk-bench-stall"])
    results: list[Stalls] = []

    async def main() -> None:
        manager = ConnectionManager(ConnectionStore.default(), open_timeout=args.open_timeout)
        window = MainWindow(manager)
        window.show()
        meter = StallMeter(args.blame_ms if args.blame else None, args.profile)
        # A baseline: the idle window, to see the timer's own jitter.
        meter.start("idle window (baseline)")
        await asyncio.sleep(args.baseline)
        results.append(meter.stop())
        host = GuestHost(workdir)
        try:
            for rep in range(1, args.repeat + 1):
                for key in args.scenarios:
                    if key == "A":
                        done = [await scenario_unreachable(window, meter, args)]
                    elif key == "B":
                        done = await scenario_start_guest(window, meter, args, host, rep)
                    else:
                        done = [await scenario_big_host(window, meter, args)]
                    for stalls in done:
                        stalls.rep = rep
                        print(f"  run {rep}, {stalls.name}: max {stalls.max_ms:.1f} ms, "
                              f"p99 {stalls.p99_ms:.1f} ms; {stalls.note}", flush=True)  # fmt: skip
                    results.extend(done)
        finally:
            try:
                await host.close(window)
            finally:
                window.close()
                manager.shutdown()

    assert app is not None
    qasync.run(main())
    return results


def report(results: list[Stalls], args: argparse.Namespace) -> str:
    platform = "xcb on Xvfb" if args.platform == "xcb" else "offscreen"
    out = [
        f"GUI-thread stalls, 5 ms precise QTimer, platform {platform}, "
        f"{args.repeat} run(s), target <= {TARGET_MS:g} ms"
    ]
    by_name: dict[str, list[Stalls]] = {}
    for s in results:
        by_name.setdefault(s.name, []).append(s)
    rows = []
    for name, runs in by_name.items():
        worst = max(runs, key=lambda s: s.max_ms)
        pooled = [g for s in runs for g in s.gaps]
        max_ms = worst.max_ms
        rows.append(
            [
                name,
                f"{max_ms:.1f}",
                f"{1000 * percentile(pooled, 99):.1f}",
                " ".join(f"{s.max_ms:.0f}" for s in runs),
                f"{worst.max_at:.2f}",
                f"{worst.max_cpu_ms:.0f}/{worst.max_runqueue_ms:.0f}/"
                f"{max(0.0, max_ms - worst.max_cpu_ms - worst.max_runqueue_ms):.0f}",
                str(len(pooled)),
                "met" if max_ms <= TARGET_MS else "MISSED",
            ]
        )
    headers = [
        "scenario",
        "max ms",
        "p99 ms",
        "max per run",
        "worst at s",
        "worst: cpu/runq/blocked ms",
        "ticks",
        "target",
    ]
    out.append(table(headers, rows))
    out.append(
        "worst: cpu = the GUI thread ran, runq = it was runnable but had no CPU (other "
        "processes), blocked = it slept (GIL, locks, I/O, X server)"
    )
    out.append(f"load average before/after: {args.load_before} / {loadavg()}")
    for s in results:
        if s.note:
            out.append(f"  run {s.rep}, {s.name}: {s.note}")
    if args.blame:
        for s in results:
            if not s.blame:
                continue
            out.append(
                f"\nstall samples, run {s.rep}, {s.name} "
                f"(every 2 ms while the GUI thread is > {args.blame_ms:g} ms late):"
            )
            for stack, n in s.blame.most_common(args.blame_top):
                out.append(f"  {n:4d}  {stack}")
    if args.profile:
        for s in results:
            out.append(f"\ncProfile of the GUI thread, run {s.rep}, {s.name}:")
            out.append(_trim_profile(s.profile))
    return "\n".join(out)


def _trim_profile(text: str) -> str:
    """pstats output without its preamble lines and blank runs."""
    lines = [line for line in text.splitlines() if line.strip()]
    keep = [line for line in lines if not line.lstrip().startswith(("Ordered by", "List reduced"))]
    return "\n".join(keep)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="hvdesk's longest GUI-thread stalls.")
    parser.add_argument("--platform", choices=("xcb", "offscreen"), default="xcb")
    parser.add_argument("--scenarios", default="A,B,C", help="comma-separated, of A,B,C")
    parser.add_argument("--open-timeout", type=float, default=3.0, help="scenario A (3 s)")
    parser.add_argument("--vms", type=int, default=1000, help="scenario C host size (1000)")
    parser.add_argument("--repeat", type=int, default=1, help="runs of each scenario (1)")
    parser.add_argument("--tail", type=float, default=0.5, help="measured after each (0.5 s)")
    parser.add_argument("--baseline", type=float, default=1.0, help="idle baseline (1 s)")
    parser.add_argument("--blame", action="store_true", help="sample the stalled GUI stack")
    parser.add_argument("--blame-ms", type=float, default=20.0)
    parser.add_argument("--blame-top", type=int, default=8)
    parser.add_argument(
        "--profile",
        type=int,
        default=0,
        metavar="N",
        help="cProfile the GUI thread in each measured window; print the top N functions "
        "(profiling slows it: read the gaps from a run without it)",
    )
    args = parser.parse_args(argv)
    args.scenarios = [s.strip().upper() for s in args.scenarios.split(",") if s.strip()]
    for key in args.scenarios:
        if key not in ("A", "B", "C"):
            parser.error(f"unknown scenario {key}")
    if "B" in args.scenarios and shutil.which("qemu-system-x86_64") is None:
        parser.error("scenario B needs qemu-system-x86_64")
    args.load_before = loadavg()
    with environment(args) as workdir:
        results = run_scenarios(args, workdir)
    print()
    print(report(results, args))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
