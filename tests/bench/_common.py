"""Shared benchmark helpers: a private Xvfb, /proc sampling, small statistics."""

from __future__ import annotations

import contextlib
import os
import select
import shutil
import signal
import statistics
import subprocess
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

CLK_TCK = os.sysconf("SC_CLK_TCK")
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")


# ---- Xvfb ------------------------------------------------------------------------------


@dataclass
class Xvfb:
    display: str  # ":N"
    proc: subprocess.Popen[bytes]

    def env(self) -> dict[str, str]:
        """os.environ for a client of this server (X11 only: no Wayland, no xauth)."""
        env = dict(os.environ)
        env["DISPLAY"] = self.display
        env.pop("WAYLAND_DISPLAY", None)
        env.pop("XAUTHORITY", None)
        return env


@contextlib.contextmanager
def xvfb(width: int = 1280, height: int = 1024, depth: int = 24) -> Iterator[Xvfb]:
    """Start Xvfb on a display number it picks itself (-displayfd); kill it afterwards."""
    if shutil.which("Xvfb") is None:
        raise SystemExit("Xvfb is not installed (apt-get install xvfb xauth)")
    read_fd, write_fd = os.pipe()
    proc = subprocess.Popen(
        [
            "Xvfb",
            "-displayfd",
            str(write_fd),
            "-screen",
            "0",
            f"{width}x{height}x{depth}",
            "-nolisten",
            "tcp",
            "-noreset",
        ],
        pass_fds=(write_fd,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write_fd)
    try:
        number = b""
        deadline = time.monotonic() + 15
        while not number.endswith(b"\n"):
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([read_fd], [], [], left)[0]:
                raise RuntimeError("Xvfb did not report its display within 15 s")
            chunk = os.read(read_fd, 64)
            if not chunk:
                raise RuntimeError(f"Xvfb exited ({proc.poll()}) before reporting its display")
            number += chunk
        yield Xvfb(f":{int(number)}", proc)
    finally:
        os.close(read_fd)
        stop(proc)


def stop(proc: subprocess.Popen[bytes] | subprocess.Popen[str], timeout: float = 5.0) -> None:
    """SIGTERM the process (by its id), then SIGKILL if it lingers; reap it."""
    if proc.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                proc.kill()
            proc.wait()


def kill_tree(pid: int) -> None:
    """SIGKILL the descendants of pid (children first found, by their ids)."""
    for child in descendants(pid):
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.kill(child, signal.SIGKILL)


# ---- /proc -----------------------------------------------------------------------------


def _stat_fields(pid: int) -> list[str] | None:
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except (FileNotFoundError, ProcessLookupError):
        return None
    # The command name (field 2) may hold spaces and parentheses: split after its last ')'.
    return text[text.rindex(")") + 2 :].split()


def descendants(pid: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            fields = _stat_fields(int(entry))
            if fields is not None:
                children.setdefault(int(fields[1]), []).append(int(entry))
    found: list[int] = []
    todo = [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def process_tree(pid: int) -> list[int]:
    return [pid, *descendants(pid)]


def cpu_seconds(pids: Sequence[int]) -> float:
    """utime + stime of the processes (fields 14 and 15 of /proc/PID/stat)."""
    total = 0
    for pid in pids:
        fields = _stat_fields(pid)
        if fields is not None:
            total += int(fields[11]) + int(fields[12])  # fields[0] is field 3 (state)
    return total / CLK_TCK


def status_kib(pid: int, key: str) -> int:
    """A `kB` line of /proc/PID/status, e.g. VmRSS or VmHWM; 0 if the process is gone."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(key + ":"):
                return int(line.split()[1])
    except (FileNotFoundError, ProcessLookupError):
        pass
    return 0


@dataclass(frozen=True)
class SteadyState:
    cpu_percent: float  # of one core, whole process tree
    rss_mib: float  # VmRSS summed over the tree, at the end of the window
    hwm_mib: float  # VmHWM (peak RSS) summed over the tree
    processes: int


def measure_steady(pid: int, seconds: float) -> SteadyState:
    """CPU used by pid and its descendants over `seconds`, and their memory at the end.

    Children are looked up at both ends; a process born and dead within the window is
    not counted (none was seen in practice)."""
    pids = process_tree(pid)
    cpu0 = cpu_seconds(pids)
    t0 = time.monotonic()
    time.sleep(seconds)
    pids = sorted(set(pids) | set(process_tree(pid)))
    cpu1 = cpu_seconds(pids)
    elapsed = time.monotonic() - t0
    alive = [p for p in pids if Path(f"/proc/{p}").exists()]
    return SteadyState(
        cpu_percent=100.0 * (cpu1 - cpu0) / elapsed,
        rss_mib=sum(status_kib(p, "VmRSS") for p in alive) / 1024,
        hwm_mib=sum(status_kib(p, "VmHWM") for p in alive) / 1024,
        processes=len(alive),
    )


def loadavg() -> str:
    """The 1, 5 and 15 minute load averages: other work on the machine skews figures."""
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


# ---- statistics ------------------------------------------------------------------------


def median(values: Sequence[float]) -> float:
    return statistics.median(values) if values else float("nan")


def percentile(values: Sequence[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100) of values."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(q / 100 * len(ordered) + 0.5)))
    return ordered[rank - 1]


def table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(headers)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True))]
    lines.append("  ".join("-" * w for w in widths))
    for row in rows:
        lines.append("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)))
    return "\n".join(lines)


def qemu_pids_under(root: Path) -> list[int]:
    """QEMU processes whose command line names this embedded root."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            cmdline = Path(f"/proc/{entry}/cmdline").read_bytes()
        except OSError:
            continue
        if b"qemu-system" in cmdline and str(root).encode() in cmdline:
            found.append(int(entry))
    return found
