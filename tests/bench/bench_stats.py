"""Live statistics on a 1000-VM host: CPU, memory and GUI stalls of hvdesk vs virt-manager.

    .venv/bin/python -m tests.bench.bench_stats [--vms 1000] [--seconds 30] [--settle 10]

Both tools open the same libvirt test-driver file (tests/bench/gen_vms.py; half the
VMs run), each under its own Xvfb with private XDG directories (bench_startup's
machinery).

hvdesk: the real application (hvdesk.app.run) in a child process of this script, with
statistics sampled every 1 s (the default `stats/interval_ms`) and the list's Activity
column (CPU and memory sparklines) on screen. The test driver answers
getAllDomainStats with state only, so each tick is one bulk call plus one `info()` per
running VM: the per-domain fallback, the expensive path.

virt-manager: `--connect URI` with its statistics polling switched on through a GIO
keyfile settings backend: update interval 1 s, CPU, disk, network and memory polling.

Steady state: after the list is shown and --settle seconds (rings filling, charts
drawn), CPU of the process tree over --seconds from /proc (% of one core), and RSS
(VmRSS) at the end. GUI stall (hvdesk only): after the CPU window, the child runs
bench_stall's 5 ms precise QTimer for --stall-seconds and reports the longest gap
between its ticks; run separately so the meter's own wake-ups do not count as CPU.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from tests.bench._common import SteadyState, loadavg, measure_steady, table, xvfb
from tests.bench.bench_startup import REPO, _finish, _launch, private_home
from tests.bench.gen_vms import uri_for, write_vms_xml

TARGET_CPU_PERCENT = 5.0
TARGET_RSS_MIB = 200.0
TARGET_STALL_MS = 50.0
VIRT_MANAGER_SHOWN = "Showing manager"
VIRT_MANAGER_KEYFILE = """[org/virt-manager/virt-manager/stats]
update-interval=1
enable-cpu-poll=true
enable-disk-poll=true
enable-net-poll=true
enable-memory-poll=true
"""


@dataclass
class Result:
    tool: str
    steady: SteadyState | None = None
    stall_max_ms: float | None = None
    stall_p99_ms: float | None = None
    vms: int = 0
    notes: list[str] = field(default_factory=list)


# ---- the hvdesk child --------------------------------------------------------------------


def child(
    uri: str, go_file: Path, stall_seconds: float, blame_ms: float | None, overview: bool
) -> int:
    """Runs in the child: hvdesk itself, plus a stall meter started when go_file appears."""
    os.environ.setdefault("QT_API", "pyside6")
    os.environ.setdefault("QT_NO_GLIB", "1")
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from hvdesk.app import run
    from hvdesk.single_instance import Request
    from tests.bench.bench_stall import StallMeter

    app = QApplication(sys.argv[:1])
    meter = StallMeter(blame_ms)
    poll = QTimer()
    poll.setInterval(500)

    def finish() -> None:
        stalls = meter.stop()
        for stack, count in stalls.blame.most_common(5):
            print(f"HVDESK_BLAME {count} {stack}", flush=True)
        print(
            f"HVDESK_STALL {stalls.max_ms:.1f} {stalls.p99_ms:.1f} {stalls.max_cpu_ms:.1f} "
            f"{stalls.max_runqueue_ms:.1f}",
            flush=True,
        )

    def check() -> None:
        if go_file.exists():
            poll.stop()
            meter.start("steady statistics")
            QTimer.singleShot(int(stall_seconds * 1000), finish)

    def open_overview() -> None:
        from hvdesk.ui.main_window import MainWindow

        window = next(w for w in app.topLevelWidgets() if isinstance(w, MainWindow))
        window.show_overview()

    poll.timeout.connect(check)
    poll.start()
    if overview:
        QTimer.singleShot(2000, open_overview)
    assert app is not None
    return run(Request(connect=[uri]))


# ---- the parent --------------------------------------------------------------------------


def run_hvdesk(uri: str, args: argparse.Namespace, *, overview: bool = False) -> Result:
    result = Result("hvdesk + overview" if overview else "hvdesk")
    with xvfb(args.width, args.height) as x, private_home() as home:
        go_file = Path(home["XDG_RUNTIME_DIR"]) / "stall-go"
        env = x.env() | home
        env |= {"HVDESK_REPORT_READY": "1", "QT_QPA_PLATFORM": "xcb", "QT_API": "pyside6"}
        cmd = [
            str(REPO / ".venv" / "bin" / "python"),
            "-m",
            "tests.bench.bench_stats",
            "--child",
            uri,
            "--go",
            str(go_file),
            "--stall-seconds",
            str(args.stall_seconds),
            *(["--blame-ms", str(args.blame_ms)] if args.blame_ms else []),
            *(["--overview"] if overview else []),
        ]
        _launched, proc, reader = _launch(cmd, env)
        try:
            hit = reader.wait_for("HVDESK_READY", args.timeout)
            if hit is None:
                raise RuntimeError(f"hvdesk: not ready in {args.timeout:g} s:\n{reader.tail()}")
            result.vms = int(hit[1].split()[2])
            time.sleep(args.settle)
            result.steady = measure_steady(proc.pid, args.seconds)
            go_file.touch()
            stall = reader.wait_for("HVDESK_STALL", args.stall_seconds + 30)
            if stall is None:
                result.notes.append("no stall figure:\n" + reader.tail())
            else:
                _, max_ms, p99_ms, on_cpu, waiting = stall[1].split()[:5]
                result.stall_max_ms, result.stall_p99_ms = float(max_ms), float(p99_ms)
                result.notes.append(
                    f"during the longest stall the GUI thread ran {on_cpu} ms and waited "
                    f"{waiting} ms for a CPU (the rest: blocked, e.g. on the GIL)"
                )
                result.notes += [s for _, s in reader.lines if s.startswith("HVDESK_BLAME")]
            if proc.poll() is not None:
                result.notes.append(f"exited with {proc.returncode}:\n{reader.tail()}")
        finally:
            _finish(proc)
    return result


def run_virt_manager(uri: str, args: argparse.Namespace, *, defaults: bool = False) -> Result:
    result = Result("virt-manager, defaults" if defaults else "virt-manager, all stats at 1 s")
    with xvfb(args.width, args.height) as x, private_home() as home:
        keyfile = Path(home["XDG_CONFIG_HOME"]) / "glib-2.0" / "settings" / "keyfile"
        keyfile.parent.mkdir(parents=True, exist_ok=True)
        keyfile.write_text("" if defaults else VIRT_MANAGER_KEYFILE)
        env = x.env() | home | {"GSETTINGS_BACKEND": "keyfile", "NO_AT_BRIDGE": "1"}
        cmd = ["virt-manager", "--no-fork", "--debug", "--connect", uri]
        _launched, proc, reader = _launch(cmd, env)
        try:
            if reader.wait_for(VIRT_MANAGER_SHOWN, args.timeout) is None:
                raise RuntimeError(f"virt-manager: not shown in {args.timeout:g} s")
            time.sleep(args.settle)
            result.steady = measure_steady(proc.pid, args.seconds)
            result.vms = sum(1 for _, line in reader.lines if "added" in line and "domain=" in line)
            if proc.poll() is not None:
                result.notes.append(f"exited with {proc.returncode}:\n{reader.tail()}")
        finally:
            _finish(proc)
    return result


def _fmt(value: float | None, spec: str = ".1f") -> str:
    return "n/a" if value is None else format(value, spec)


def report(results: list[Result], args: argparse.Namespace) -> str:
    rows = []
    for r in results:
        s = r.steady
        rows.append(
            [
                r.tool,
                str(r.vms),
                _fmt(s.cpu_percent if s else None),
                _fmt(s.rss_mib if s else None),
                _fmt(s.hwm_mib if s else None),
                _fmt(r.stall_max_ms),
                _fmt(r.stall_p99_ms),
            ]
        )
    headers = ["tool", "VMs", "CPU % core", "RSS MiB", "peak MiB", "stall max ms", "p99 ms"]
    lines = [
        f"Statistics at 1 s on {args.vms} test-driver VMs (half running), under Xvfb; "
        f"steady window {args.seconds:g} s after {args.settle:g} s; "
        f"stall window {args.stall_seconds:g} s (hvdesk only)",
        f"load average before: {args.load_before}; after: {loadavg()}",
        table(headers, rows),
        f"targets (hvdesk): <= {TARGET_CPU_PERCENT:g} % of a core, <= {TARGET_RSS_MIB:g} MiB "
        f"RSS, no stall over {TARGET_STALL_MS:g} ms",
    ]
    for r in results:
        lines += [f"{r.tool}: {note}" for note in r.notes]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--vms", type=int, default=1000)
    parser.add_argument("--seconds", type=float, default=30.0, help="CPU window (30)")
    parser.add_argument("--settle", type=float, default=10.0, help="wait before it (10)")
    parser.add_argument("--stall-seconds", type=float, default=20.0, help="stall window (20)")
    parser.add_argument("--timeout", type=float, default=120.0)
    parser.add_argument("--width", type=int, default=1280)
    parser.add_argument("--height", type=int, default=1024)
    parser.add_argument(
        "--tools",
        default="hvdesk,hvdesk-overview,virt-manager,virt-manager-defaults",
        help="hvdesk (list + sparklines), hvdesk-overview (also the overview window: "
        "disk and network of every running VM), virt-manager (all its polling at 1 s), "
        "virt-manager-defaults (CPU polling every 3 s)",
    )
    parser.add_argument("--blame-ms", type=float, default=None,
                        help="print the GUI thread's stacks during stalls over this")  # fmt: skip
    parser.add_argument("--child", metavar="URI", help=argparse.SUPPRESS)
    parser.add_argument("--overview", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--go", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        return child(args.child, args.go, args.stall_seconds, args.blame_ms, args.overview)
    tools = [t.strip() for t in args.tools.split(",") if t.strip()]
    if any(t.startswith("virt-manager") for t in tools) and not shutil.which("virt-manager"):
        raise SystemExit("virt-manager is not installed: apt-get install virt-manager")
    args.load_before = loadavg()
    path = write_vms_xml(args.vms, directory=Path(tempfile.gettempdir()) / "hvdesk-bench-stats")
    uri = uri_for(path)
    print(f"host: {uri}", flush=True)
    results = []
    for tool in tools:
        if tool.startswith("hvdesk"):
            result = run_hvdesk(uri, args, overview=tool == "hvdesk-overview")
        else:
            result = run_virt_manager(uri, args, defaults=tool == "virt-manager-defaults")
        print(f"{tool}: done", flush=True)
        results.append(result)
    print()
    print(report(results, args))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
