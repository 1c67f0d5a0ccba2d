"""Start-up time, idle CPU and memory of hvdesk and virt-manager on a 1000-VM host.

    .venv/bin/python -m tests.bench.bench_startup [--vms 1000] [--runs 3] [--seconds 30]

Both tools open the same libvirt test-driver file (tests/bench/gen_vms.py), each run
under its own Xvfb (started here on a free display, killed afterwards) with private
XDG directories.

Start-up, hvdesk: the time from just before Popen to the epoch in the line
`HVDESK_READY <epoch> <vms>` that hvdesk prints (HVDESK_REPORT_READY=1) once the
loaded list has been painted.

Start-up, virt-manager (no such marker): two figures.
* log: arrival of the `--debug` line "Showing manager". With --connect, virt-manager
  opens the connection, waits until every domain is initialised ("changed to
  state=Active"), then builds the manager window with all rows and present()s it; the
  line is logged right after present(), so it is a lower bound: the first frame is
  drawn after it. Lines are timestamped here on arrival through a pipe (< 1 ms late).
* screen: a thread polls `xdotool search --onlyvisible --name TITLE` every 20 ms
  (~4 ms a call) until the window is mapped, then captures that window only with
  `import -window ID` (~20-30 ms a shot) back to back. Each shot is scored by its
  "text rows": pixel rows with >= 10 background-to-ink transitions, i.e. rows crossing
  a line of text (frame lines give a few, an unpainted window none). An empty hvdesk
  window scores ~35, a full list ~300. The list counts as painted in the first shot
  scoring >= 90 % of a shot taken at the end of the run. The true instant lies between
  the previous shot's start (or the window's mapping) and this shot's end: the figure
  is that end (an upper bound) and the interval is printed as the error bound (one to
  two shots, <= ~60 ms). Capturing costs CPU on this 2-core machine and so slows the
  tool a little once its window is mapped; an extra hvdesk run with the same polling
  (skip it with --no-calibrate) compares the screen method with the READY marker.

Steady state, both: after start-up and --settle seconds, CPU over --seconds from
/proc/PID/stat utime+stime of the process and its descendants, in % of one core; RSS
is VmRSS (and the peak, VmHWM) from /proc/PID/status at the end, summed likewise.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from tests.bench._common import (
    SteadyState,
    Xvfb,
    descendants,
    kill_tree,
    loadavg,
    measure_steady,
    median,
    stop,
    table,
    xvfb,
)
from tests.bench.gen_vms import uri_for, write_vms_xml

REPO = Path(__file__).resolve().parents[2]
TARGET_STARTUP_S = 1.0
TARGET_CPU_PERCENT = 3.0
TARGET_RSS_MIB = 150.0
VIRT_MANAGER_SHOWN = "Showing manager"
VIRT_MANAGER_ACTIVE = "changed to state=Active"


# ---- reading a child's output with arrival times ---------------------------------------


class LineReader:
    """Reads a text stream on a thread; keeps (arrival time.time(), line) pairs."""

    def __init__(self, stream: object) -> None:
        self.lines: list[tuple[float, str]] = []
        self.eof = False
        self._cond = threading.Condition()
        self._stream = stream
        self._thread = threading.Thread(target=self._read, daemon=True)
        self._thread.start()

    def _read(self) -> None:
        for line in self._stream:  # type: ignore[attr-defined]
            with self._cond:
                self.lines.append((time.time(), line.rstrip("\n")))
                self._cond.notify_all()
        with self._cond:
            self.eof = True
            self._cond.notify_all()

    def find(self, needle: str) -> tuple[float, str] | None:
        with self._cond:
            return next(((t, s) for t, s in self.lines if needle in s), None)

    def wait_for(self, needle: str, timeout: float) -> tuple[float, str] | None:
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                hit = next(((t, s) for t, s in self.lines if needle in s), None)
                left = deadline - time.monotonic()
                if hit or self.eof or left <= 0:
                    return hit
                self._cond.wait(min(left, 0.5))

    def tail(self, count: int = 30) -> str:
        with self._cond:
            return "\n".join(s for _, s in self.lines[-count:])


# ---- the screen method -----------------------------------------------------------------

# Luma below 128 is "ink" (d), the rest background (l).
_INK = bytes(ord("d") if v < 128 else ord("l") for v in range(256))
MIN_TRANSITIONS = 10


@dataclass(frozen=True)
class Shot:
    start: float  # time.time() before the capture
    end: float  # after it
    text_rows: int


def text_rows(gray: bytes, width: int) -> int:
    """Pixel rows crossing a line of text: >= 10 background-to-ink transitions.

    Frame and splitter lines give a handful of transitions a row, an empty list none
    more; a row of text dozens. The black Xvfb root gives none."""
    classes = gray.translate(_INK)
    count = 0
    for y in range(len(classes) // width):
        if classes[y * width : (y + 1) * width].count(b"ld") >= MIN_TRANSITIONS:
            count += 1
    return count


def find_window(x: Xvfb, title: str) -> str | None:
    """The id of the visible window whose title matches the regex, via xdotool (~4 ms)."""
    out = subprocess.run(
        ["xdotool", "search", "--onlyvisible", "--name", title],
        env=x.env(),
        capture_output=True,
        text=True,
        check=False,
    ).stdout.split()
    return out[0] if out else None


def shoot(x: Xvfb, window: str) -> Shot:
    """Capture one window as 8-bit PGM (~20-30 ms for a 1100x680 window) and score it."""
    start = time.time()
    data = subprocess.run(
        ["import", "-window", window, "-colorspace", "gray", "-depth", "8", "pgm:-"],
        env=x.env(),
        capture_output=True,
        check=True,
    ).stdout
    end = time.time()
    # P5\n<width> <height>\n<maxval>\n<pixels>
    magic, width, _height, _maxval, pixels = data.split(maxsplit=4)
    if magic != b"P5":
        raise ValueError(f"not a PGM: {data[:16]!r}")
    return Shot(start, end, text_rows(pixels, int(width)))


class ScreenPoller:
    """On a thread: polls for the window (xdotool, every 20 ms), then shoots it back to
    back until stopped. Only the window is captured, to disturb the tool little."""

    def __init__(self, x: Xvfb, title: str) -> None:
        self.x = x
        self.title = title
        self.window: str | None = None
        self.window_seen: float | None = None
        self.shots: list[Shot] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set() and self.window is None:
            start = time.time()
            window = find_window(self.x, self.title)
            if window is not None:
                self.window, self.window_seen = window, start
            else:
                self._stop.wait(0.02)
        while not self._stop.is_set():
            assert self.window is not None
            with contextlib.suppress(subprocess.CalledProcessError, ValueError):
                self.shots.append(shoot(self.x, self.window))

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()


@dataclass(frozen=True)
class ScreenResult:
    painted: float  # epoch: end of the first shot with the list (upper bound)
    lower: float  # epoch: start of the shot before it, or the window's mapping
    shot_seconds: float  # median capture duration
    text_rows: int  # of the final shot


def painted_time(
    shots: list[Shot], final: Shot, window_seen: float, fraction: float = 0.9
) -> ScreenResult | None:
    threshold = max(1, int(final.text_rows * fraction))
    for i, shot in enumerate(shots):
        if shot.text_rows >= threshold:
            lower = shots[i - 1].start if i else window_seen
            shot_seconds = median([s.end - s.start for s in shots])
            return ScreenResult(shot.end, lower, shot_seconds, final.text_rows)
    return None


# ---- one run ---------------------------------------------------------------------------


@dataclass
class Run:
    tool: str
    launched: float = 0.0  # epoch, just before Popen
    startup: float | None = None  # the headline figure, seconds after launch
    marker: float | None = None  # hvdesk: READY epoch; virt-manager: "Showing manager" line
    window: float | None = None  # window first seen mapped (screen polling only)
    screen: ScreenResult | None = None
    steady: SteadyState | None = None
    vms: int | None = None
    notes: list[str] = field(default_factory=list)

    def rel(self, epoch: float | None) -> float | None:
        return None if epoch is None else epoch - self.launched


@contextlib.contextmanager
def private_home() -> Iterator[dict[str, str]]:
    home = Path(tempfile.mkdtemp(prefix="hvdesk-bench-home-"))
    try:
        yield {
            "XDG_CONFIG_HOME": str(home / "config"),
            "XDG_DATA_HOME": str(home / "data"),
            "XDG_CACHE_HOME": str(home / "cache"),
            "XDG_STATE_HOME": str(home / "state"),
            "XDG_RUNTIME_DIR": str(home / "runtime"),
        }
    finally:
        shutil.rmtree(home, ignore_errors=True)


def _launch(cmd: list[str], env: dict[str, str]) -> tuple[float, subprocess.Popen[str], LineReader]:
    Path(env["XDG_RUNTIME_DIR"]).mkdir(mode=0o700, parents=True, exist_ok=True)
    launched = time.time()
    proc = subprocess.Popen(
        cmd,
        env=env,
        cwd=REPO,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    return launched, proc, LineReader(proc.stdout)


def _finish(proc: subprocess.Popen[str]) -> None:
    children = descendants(proc.pid)
    stop(proc)
    for pid in children:
        kill_tree(pid)
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, 9)


def run_tool(
    tool: str,
    uri: str,
    args: argparse.Namespace,
    *,
    with_screen: bool,
    measure: bool = True,
) -> Run:
    """Launch the tool under a fresh Xvfb, time its start-up, measure it idle, stop it."""
    run = Run(tool)
    with xvfb(args.width, args.height) as x, private_home() as home:
        env = x.env() | home
        if tool == "hvdesk":
            cmd = [str(REPO / ".venv" / "bin" / "hvdesk"), "--connect", uri]
            env |= {"HVDESK_REPORT_READY": "1", "QT_QPA_PLATFORM": "xcb", "QT_API": "pyside6"}
            marker, title = "HVDESK_READY", "^hvdesk$"
        else:
            cmd = ["virt-manager", "--no-fork", "--debug", "--connect", uri]
            # No dconf, no accessibility bus: nothing outside this run is touched.
            env |= {"GSETTINGS_BACKEND": "memory", "NO_AT_BRIDGE": "1"}
            marker, title = VIRT_MANAGER_SHOWN, "^Virtual Machine Manager$"
        poller = ScreenPoller(x, title) if with_screen else None
        run.launched, proc, reader = _launch(cmd, env)
        try:
            hit = reader.wait_for(marker, args.timeout)
            if hit is None:
                raise RuntimeError(f"{tool}: no {marker!r} in {args.timeout:g} s:\n{reader.tail()}")
            if tool == "hvdesk":
                _, epoch, vms = hit[1].split()[:3]
                run.marker, run.vms = float(epoch), int(vms)
                run.startup = run.rel(run.marker)
            else:
                run.marker, run.vms = hit[0], count_vm_lines(reader)
            if poller is not None:
                time.sleep(1.0)  # a few shots after the marker: the list is in them
                poller.stop()
                run.window = poller.window_seen
                if poller.window is None or poller.window_seen is None:
                    run.notes.append("screen: window never seen")
                else:
                    final = shoot(x, poller.window)
                    run.screen = painted_time(poller.shots, final, poller.window_seen)
                    if run.screen is None:
                        run.notes.append("screen: list never seen")
                    elif tool != "hvdesk":
                        run.startup = run.rel(run.screen.painted)
            time.sleep(args.settle)
            if measure:
                if proc.poll() is not None:
                    raise RuntimeError(f"{tool} exited ({proc.returncode}):\n{reader.tail()}")
                run.steady = measure_steady(proc.pid, args.seconds)
                if proc.poll() is not None:  # a zombie still has a /proc entry
                    run.steady = None
                    run.notes.append(
                        f"EXITED with {proc.returncode} during the idle window; output ends:\n"
                        + reader.tail(15)
                    )
        finally:
            if poller is not None:
                poller.stop()
            _finish(proc)
    return run


def count_vm_lines(reader: LineReader) -> int:
    """virt-manager logs `domain=NAME status=STATE added` for each VM it tracks."""
    return sum(1 for _, s in reader.lines if "domain=" in s and s.endswith(" added"))


# ---- report ----------------------------------------------------------------------------


def _fmt(value: float | None, spec: str = ".2f") -> str:
    return "n/a" if value is None else format(value, spec)


def _med(runs: list[Run], get: Callable[[Run], float | None]) -> float | None:
    values = [v for v in (get(r) for r in runs) if v is not None]
    return median(values) if values else None


def _summary_row(tool: str, runs: list[Run]) -> list[str]:
    return [
        tool,
        _fmt(_med(runs, lambda r: r.startup)),
        _fmt(_med(runs, lambda r: r.steady.cpu_percent if r.steady else None), ".1f"),
        _fmt(_med(runs, lambda r: r.steady.rss_mib if r.steady else None), ".0f"),
        _fmt(_med(runs, lambda r: r.steady.hwm_mib if r.steady else None), ".0f"),
    ]


def _run_line(label: str, r: Run) -> str:
    parts = [f"  {label}: startup {_fmt(r.startup, '.3f')} s"]
    if r.tool == "hvdesk":
        parts.append(f"READY {_fmt(r.rel(r.marker), '.3f')} s")
    else:
        parts.append(f"log 'Showing manager' {_fmt(r.rel(r.marker), '.3f')} s")
    if r.window is not None:
        parts.append(f"window mapped {_fmt(r.rel(r.window), '.3f')} s")
    if r.screen is not None:
        lo, hi = r.rel(r.screen.lower), r.rel(r.screen.painted)
        parts.append(
            f"screen {_fmt(hi, '.3f')} s in [{_fmt(lo, '.3f')}, {_fmt(hi, '.3f')}] "
            f"(shot {r.screen.shot_seconds * 1000:.0f} ms, {r.screen.text_rows} text rows)"
        )
    if r.steady is not None:
        parts.append(
            f"CPU {r.steady.cpu_percent:.2f} %, RSS {r.steady.rss_mib:.1f} MiB, "
            f"peak {r.steady.hwm_mib:.1f} MiB, {r.steady.processes} process(es)"
        )
    if r.vms is not None:
        parts.append(f"{r.vms} VMs")
    return "; ".join(parts + r.notes)


def report(runs: dict[str, list[Run]], calibration: Run | None, args: argparse.Namespace) -> str:
    count = max((len(v) for v in runs.values()), default=0)
    out = [
        f"{args.vms} VMs (half running) on the test driver, Xvfb {args.width}x{args.height}, "
        f"{count} run(s) per tool, medians; idle CPU/RSS over {args.seconds:g} s",
        "startup: hvdesk = HVDESK_READY marker; virt-manager = screen method (upper bound)",
        f"load average before/after: {args.load_before} / {loadavg()}",
    ]
    rows = [_summary_row(tool, tool_runs) for tool, tool_runs in runs.items()]
    rows.append(
        [
            "target (hvdesk)",
            f"<= {TARGET_STARTUP_S:g}",
            f"<= {TARGET_CPU_PERCENT:g}",
            f"<= {TARGET_RSS_MIB:g}",
            "",
        ]
    )
    out.append(table(["tool", "startup s", "CPU % of a core", "RSS MiB", "peak RSS MiB"], rows))
    out += ["", "per run:"]
    for tool, tool_runs in runs.items():
        out += [_run_line(f"{tool} #{i}", r) for i, r in enumerate(tool_runs, 1)]
    if calibration is not None:
        out.append(_run_line("calibration: hvdesk with screen polling", calibration))
    hv = runs.get("hvdesk", [])
    if hv:
        checks = (
            ("startup", _med(hv, lambda r: r.startup), TARGET_STARTUP_S),
            ("CPU", _med(hv, lambda r: r.steady.cpu_percent if r.steady else None),
             TARGET_CPU_PERCENT),
            ("RSS", _med(hv, lambda r: r.steady.rss_mib if r.steady else None), TARGET_RSS_MIB),
        )  # fmt: skip
        verdicts = [
            f"{name} {'met' if value is not None and value <= target else 'MISSED'}"
            for name, value, target in checks
        ]
        out.append("hvdesk vs targets: " + ", ".join(verdicts))
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="hvdesk vs virt-manager: start-up, idle CPU and RSS with many VMs."
    )
    parser.add_argument("--vms", type=int, default=1000, help="VMs in the test host (1000)")
    parser.add_argument("--runs", type=int, default=3, help="start-ups per tool (3)")
    parser.add_argument("--seconds", type=float, default=30.0, help="steady-state window (30)")
    parser.add_argument("--settle", type=float, default=1.0, help="wait before it (1)")
    parser.add_argument("--timeout", type=float, default=120.0, help="start-up timeout (120)")
    parser.add_argument("--width", type=int, default=1280)
    parser.add_argument("--height", type=int, default=1024)
    parser.add_argument(
        "--tools", default="hvdesk,virt-manager", help="comma-separated (hvdesk,virt-manager)"
    )
    parser.add_argument("--no-calibrate", action="store_true",
                        help="skip the hvdesk run with screen polling")  # fmt: skip
    args = parser.parse_args(argv)
    tools = [t.strip() for t in args.tools.split(",") if t.strip()]
    for tool in tools:
        if tool not in ("hvdesk", "virt-manager"):
            parser.error(f"unknown tool {tool}")
    if "virt-manager" in tools and shutil.which("virt-manager") is None:
        raise SystemExit("virt-manager is not installed: apt-get install virt-manager")
    if shutil.which("import") is None:
        raise SystemExit("imagemagick's `import` is needed: apt-get install imagemagick")

    args.load_before = loadavg()
    path = write_vms_xml(args.vms)
    uri = uri_for(path)
    print(f"host: {uri}", flush=True)
    runs: dict[str, list[Run]] = {t: [] for t in tools}
    for i in range(args.runs):
        for tool in tools:
            run = run_tool(tool, uri, args, with_screen=tool != "hvdesk")
            runs[tool].append(run)
            print(_run_line(f"{tool} run {i + 1}", run), flush=True)
    calibration = None
    if "hvdesk" in tools and not args.no_calibrate:
        calibration = run_tool("hvdesk", uri, args, with_screen=True, measure=False)
    print()
    print(report(runs, calibration, args))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
