"""Console benchmark: hvdesk's VNC console against TigerVNC and gvncviewer, one guest.

Method
------
The tiny test guest (tests/guest) boots from this process on
`qemu:///embed?root=<tmp>` (TCG) with its VNC server on a UNIX socket. In mode
`urandom` it copies /dev/urandom to its 1024x768x32 framebuffer without end, so
QEMU has changed pixels at every refresh (QEMU refreshes at most every 30 ms).

Every viewer reaches that server through the same measuring proxy
(`tests/bench/rfb_meter.py`) on a 127.0.0.1 TCP port: it forwards the bytes unchanged
and parses both directions just enough to count FramebufferUpdate messages, bytes,
the encodings in use and the client's KeyEvents. The viewers run one at a time, each a
process of its own with a real window on a private Xvfb:

* hvdesk: `hvdesk --connect test:///<fixture.xml> --console <vm>`: the libvirt test
  driver holds a running domain whose `<graphics type='vnc' port=... listen='127.0.0.1'>`
  is the proxy. The test driver has no `openGraphicsFD`, so hvdesk connects to that
  address (hvdesk/core/console.py), and treats it as a local display (Raw). The
  embedded root cannot be shared with hvdesk (one process per root), and for a real
  qemu:///embed connection hvdesk would take its socket from `openGraphicsFD`,
  which no proxy can sit in.
* TigerVNC: `vncviewer -PreferredEncoding=raw -AutoSelect=0 -Shared=1 127.0.0.1::PORT`.
* gvncviewer (gtk-vnc) has no encoding option; it offers Tight first, and gets Tight.
  `gvncviewer-raw` is the same program with its SetEncodings list reordered by the
  proxy (Raw first, same length): gtk-vnc on the encoding TigerVNC and hvdesk use.

For each viewer, after its first update and its window is mapped, plus `--warmup`,
over `--seconds` (>= 15): pixel-carrying updates per second and MB/s (10^6 bytes)
forwarded to it; the CPU seconds of its process tree (/proc/PID/stat) per 100 MB;
its RSS; and, to show where else the work went, the CPU of QEMU, of Xvfb and of this
process (the proxy).

Key latency needs a guest that changes its screen on a key: mode `keydraw` (fills
framebuffer rows 256-511, full width, alternately white and black on each key).
For each viewer: focus its window (`xdotool windowfocus`), then `--keys` times an 'a'
press and release through XTest, and poll the screen pixel at the window's centre
(XGetImage on the root window) until it changes. Reported: press -> pixel changed
(total), split into press -> KeyEvent at the proxy (viewer input), -> an update
covering framebuffer pixel (512, 384) with a new value forwarded (guest and QEMU),
-> on screen (viewer paint). Skipped when the guest has no `keydraw` mode.

Soak (`--soak-minutes`, >= 10 for the real run): the urandom guest and one viewer
(`--soak-viewer`, hvdesk) for that long; RSS, updates and CPU every `--soak-interval`
seconds; the RSS slope (least squares, after the first minute) and whether the viewer
and its connection survived.

    .venv/bin/python -m tests.bench.bench_console                  # ~4 min
    .venv/bin/python -m tests.bench.bench_console --soak-minutes 10
    .venv/bin/python -m tests.bench.bench_console --viewers tigervnc,gvncviewer --keys 0
"""

from __future__ import annotations

import argparse
import contextlib
import ctypes
import ctypes.util
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.sax.saxutils import quoteattr

import hvdesk
from tests.bench._common import (
    CLK_TCK,
    Xvfb,
    cpu_seconds,
    descendants,
    loadavg,
    median,
    percentile,
    process_tree,
    qemu_pids_under,
    status_kib,
    table,
    xvfb,
)
from tests.bench.rfb_meter import RfbMeter, Session

# The hvdesk this interpreter imports (its venv's console script runs the same one).
HVDESK_PACKAGE = Path(hvdesk.__file__ or "hvdesk/__init__.py").resolve().parent
HVDESK_SCRIPT = Path(sys.executable).parent / "hvdesk"
VM_NAME = "bench-console"
FB_PROBE = (512, 384)  # framebuffer pixel inside the keydraw band (rows 256-511)
VIEWERS = ("hvdesk", "tigervnc", "gvncviewer", "gvncviewer-raw")
# On request: hvdesk painting through Qt's backing store (HVDESK_NO_XSHM=1), as it does
# where MIT-SHM is not available: what the shared-memory path saves.
KNOWN_VIEWERS = (*VIEWERS, "hvdesk-qt")
MB = 1e6


# ---- viewers ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Viewer:
    name: str
    raw_first: bool = False  # the meter reorders the client's SetEncodings

    @property
    def is_hvdesk(self) -> bool:
        return self.name.startswith("hvdesk")

    def command(self, port: int, fixture_uri: str) -> list[str]:
        if self.is_hvdesk:
            return [str(HVDESK_SCRIPT), "--connect", fixture_uri, "--console", VM_NAME]
        if self.name == "tigervnc":
            return [
                "vncviewer",
                "-PreferredEncoding=raw",
                "-AutoSelect=0",
                "-Shared=1",
                f"127.0.0.1::{port}",
            ]
        # gvncviewer takes host:display only (port 5900 + display).
        return ["gvncviewer", f"127.0.0.1:{port - 5900}"]

    def missing(self) -> str | None:
        """Why this viewer cannot run here, or None."""
        if self.is_hvdesk:
            console = HVDESK_PACKAGE / "ui/console.py"
            if not (HVDESK_PACKAGE / "vnc/client.py").exists() or "class ConsoleWidget" not in (
                console.read_text() if console.exists() else ""
            ):
                return "hvdesk's console (hvdesk/vnc/client.py, ConsoleWidget) is not there yet"
            if "--console" not in (HVDESK_PACKAGE / "cli.py").read_text():
                return "hvdesk has no --console option yet"
            if not HVDESK_SCRIPT.exists():
                return f"no {HVDESK_SCRIPT} (run with the project's venv)"
            return None
        program = "vncviewer" if self.name == "tigervnc" else "gvncviewer"
        if shutil.which(program) is None:
            package = "tigervnc-viewer" if self.name == "tigervnc" else "gvncviewer"
            return f"{program} is not installed (apt-get install {package})"
        return None


def fixture_xml(port: int) -> str:
    """A libvirt test-driver host with one running domain whose VNC display is the meter."""
    return f"""<node>
  <domain type='test'>
    <name>{VM_NAME}</name>
    <memory unit='MiB'>128</memory>
    <vcpu>1</vcpu>
    <os><type arch='x86_64'>hvm</type></os>
    <devices>
      <graphics type='vnc' port={quoteattr(str(port))} autoport='no' listen='127.0.0.1'/>
    </devices>
  </domain>
</node>
"""


class ViewerProcess:
    """A viewer started against the meter; stopped (with its descendants) by `stop`."""

    def __init__(
        self, viewer: Viewer, meter: RfbMeter, env: dict[str, str], fixture_uri: str, log: Path
    ) -> None:
        self.viewer = viewer
        self.log = log
        meter.raw_first = viewer.raw_first
        count = len(meter.sessions)
        with log.open("wb") as out:
            self.proc = subprocess.Popen(
                viewer.command(meter.port, fixture_uri),
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self.pid = self.proc.pid
        try:
            self.session: Session = meter.wait_session(count + 1, timeout=60)
        except Exception:
            self.stop()
            raise
        finally:
            meter.raw_first = False
        self.window = 0
        self.geometry = (0, 0, 0, 0)

    def wait_window(self, display_env: dict[str, str], timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"{self.viewer.name} exited ({self.proc.returncode})")
            for wid in _xdotool(display_env, "search", "--onlyvisible", "--pid", str(self.pid)):
                geometry = window_geometry(display_env, wid)
                if geometry[2] >= 200 and geometry[3] >= 200:  # not a tooltip or menu
                    self.window, self.geometry = wid, geometry
                    return
            time.sleep(0.2)
        raise TimeoutError(f"no window of {self.viewer.name} within {timeout:.0f} s")

    def tree(self) -> list[int]:
        return process_tree(self.pid)

    def stop(self) -> int | None:
        """Stop the viewer; its exit status if it had already exited by itself."""
        exited = self.proc.poll()
        children = descendants(self.pid)
        if exited is None:
            with contextlib.suppress(ProcessLookupError):
                self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(5)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    self.proc.kill()
                self.proc.wait()
        for child in children:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.kill(child, signal.SIGKILL)
        return exited

    def log_tail(self, lines: int = 8) -> str:
        try:
            text = self.log.read_text(errors="replace").strip().splitlines()
        except OSError:
            return ""
        return "\n".join(text[-lines:])


def _xdotool(env: dict[str, str], *args: str) -> list[int]:
    proc = subprocess.run(["xdotool", *args], env=env, capture_output=True, text=True, check=False)
    return [int(w) for w in proc.stdout.split() if w.isdigit()]


def window_geometry(env: dict[str, str], wid: int) -> tuple[int, int, int, int]:
    """(x, y, width, height) of a window in root coordinates."""
    out = subprocess.run(
        ["xdotool", "getwindowgeometry", "--shell", str(wid)],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    ).stdout
    values = dict(line.split("=", 1) for line in out.splitlines() if "=" in line)
    try:
        x, y, width, height = (int(values[k]) for k in ("X", "Y", "WIDTH", "HEIGHT"))
    except (KeyError, ValueError):
        return (0, 0, 0, 0)
    return (x, y, width, height)


# ---- X11: key presses and screen pixels, in-process (no fork per sample) ---------------


class X11:
    """XTest key presses and single-pixel XGetImage reads, through ctypes."""

    def __init__(self, display: str) -> None:
        xlib_name = ctypes.util.find_library("X11")
        xtst_name = ctypes.util.find_library("Xtst")
        if not xlib_name or not xtst_name:
            raise RuntimeError("libX11 or libXtst not found (apt-get install libxtst6)")
        x = ctypes.CDLL(xlib_name)
        t = ctypes.CDLL(xtst_name)
        vp, ul = ctypes.c_void_p, ctypes.c_ulong
        x.XOpenDisplay.argtypes, x.XOpenDisplay.restype = [ctypes.c_char_p], vp
        x.XDefaultRootWindow.argtypes, x.XDefaultRootWindow.restype = [vp], ul
        x.XStringToKeysym.argtypes, x.XStringToKeysym.restype = [ctypes.c_char_p], ul
        x.XKeysymToKeycode.argtypes, x.XKeysymToKeycode.restype = [vp, ul], ctypes.c_ubyte
        x.XFlush.argtypes = [vp]
        x.XSync.argtypes = [vp, ctypes.c_int]
        x.XCloseDisplay.argtypes = [vp]
        i, u = ctypes.c_int, ctypes.c_uint
        x.XGetImage.argtypes, x.XGetImage.restype = [vp, ul, i, i, u, u, ul, i], vp
        x.XGetPixel.argtypes, x.XGetPixel.restype = [vp, i, i], ul
        x.XDestroyImage.argtypes = [vp]
        t.XTestFakeKeyEvent.argtypes = [vp, u, i, ul]
        self._x, self._t = x, t
        self._dpy = x.XOpenDisplay(display.encode())
        if not self._dpy:
            raise RuntimeError(f"cannot open X display {display}")
        self._root = x.XDefaultRootWindow(self._dpy)

    def keycode(self, keysym: str) -> int:
        return int(self._x.XKeysymToKeycode(self._dpy, self._x.XStringToKeysym(keysym.encode())))

    def key(self, keycode: int, down: bool) -> float:
        """Press or release a key; the time it was handed to the X server."""
        t = time.monotonic()
        self._t.XTestFakeKeyEvent(self._dpy, keycode, int(down), 0)
        self._x.XFlush(self._dpy)
        return t

    def pixel(self, x: int, y: int) -> int:
        """The 0xRRGGBB value on screen at root (x, y)."""
        image = self._x.XGetImage(self._dpy, self._root, x, y, 1, 1, 0xFFFFFFFF, 2)  # ZPixmap
        if not image:
            raise RuntimeError(f"XGetImage failed at ({x}, {y})")
        try:
            return int(self._x.XGetPixel(image, 0, 0)) & 0xFFFFFF
        finally:
            self._x.XDestroyImage(image)

    def close(self) -> None:
        if self._dpy:
            self._x.XCloseDisplay(self._dpy)
            self._dpy = None


# ---- the guest -------------------------------------------------------------------------


class Guest:
    """The tiny guest on an embedded QEMU driver owned by this process."""

    def __init__(self, workdir: Path) -> None:
        from tests.guest.build import build_guest
        from tests.guest.harness import open_embedded

        self.workdir = workdir
        self.root = workdir / "embed"
        self.vnc_socket = workdir / "vnc.sock"
        self.image = build_guest(verbose=True)
        self.conn: Any = open_embedded(self.root)
        self.dom: Any = None
        self.mode = ""
        self.serial = workdir / "serial.log"

    @staticmethod
    def modes() -> tuple[str, ...]:
        from tests.guest.domain import MODES

        return MODES

    def boot(self, mode: str) -> float:
        """(Re)start the guest in `mode`; the seconds until its ready marker."""
        from tests.guest.build import READY_MARKER
        from tests.guest.domain import guest_domain_xml
        from tests.guest.harness import wait_for_serial

        self.shutdown()
        self.serial.unlink(missing_ok=True)
        xml = guest_domain_xml(
            VM_NAME,
            self.image,
            serial_log=self.serial,
            vnc_socket=self.vnc_socket,
            mode=mode,
            domain_type="qemu",
        )
        self.dom = self.conn.createXML(xml, 0)
        self.mode = mode
        return wait_for_serial(self.serial, f"{READY_MARKER} mode={mode}", timeout=120)

    def qemu_pid(self) -> int | None:
        for pid in self.qemu_pids():
            return pid
        return None

    def qemu_pids(self) -> list[int]:
        return qemu_pids_under(self.root)

    def shutdown(self) -> None:
        if self.dom is not None:
            with contextlib.suppress(Exception):
                self.dom.destroy()
            self.dom = None

    def close(self) -> None:
        self.shutdown()
        if self.conn is not None:
            with contextlib.suppress(Exception):
                self.conn.close()
            self.conn = None
        for pid in self.qemu_pids():  # a QEMU libvirt lost track of
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)


# ---- measurements ----------------------------------------------------------------------


@dataclass
class Throughput:
    viewer: str
    seconds: float = 0.0
    updates_per_s: float = 0.0
    mb_per_s: float = 0.0
    cpu_s: float = 0.0
    cpu_per_100mb: float = float("nan")
    rss_mib: float = 0.0
    encoding: str = "-"
    window: str = "-"
    qemu_percent: float = 0.0
    xvfb_percent: float = 0.0
    meter_percent: float = 0.0
    note: str = ""

    @property
    def cpu_percent(self) -> float:
        return 100 * self.cpu_s / self.seconds if self.seconds else 0.0


@dataclass
class KeyLatency:
    viewer: str
    total_ms: list[float] = field(default_factory=list)  # press -> pixel changed on screen
    input_ms: list[float] = field(default_factory=list)  # press -> KeyEvent at the meter
    guest_ms: list[float] = field(default_factory=list)  # KeyEvent -> changed update sent
    echo_ms: list[float] = field(default_factory=list)  # KeyEvent -> the guest's serial echo
    paint_ms: list[float] = field(default_factory=list)  # update sent -> on screen
    missed: int = 0
    note: str = ""


@dataclass
class Soak:
    viewer: str
    minutes: float = 0.0
    samples: list[tuple[float, float, int, int, float]] = field(default_factory=list)
    # (seconds since start, RSS MiB, updates, bytes, CPU s)
    survived: bool = False
    note: str = ""


def thread_cpu(pids: Sequence[int]) -> dict[tuple[int, int, str], float]:
    """CPU seconds per thread: {(pid, tid, thread name): seconds}."""
    out: dict[tuple[int, int, str], float] = {}
    for pid in pids:
        with contextlib.suppress(OSError):
            for tid in os.listdir(f"/proc/{pid}/task"):
                with contextlib.suppress(OSError, ValueError):
                    text = Path(f"/proc/{pid}/task/{tid}/stat").read_text()
                    name = text[text.index("(") + 1 : text.rindex(")")]
                    fields = text[text.rindex(")") + 2 :].split()
                    out[(pid, int(tid), name)] = (int(fields[11]) + int(fields[12])) / CLK_TCK
    return out


def _self_cpu() -> float:
    return cpu_seconds([os.getpid()])


def _tree_rss_mib(pids: Sequence[int]) -> float:
    return sum(status_kib(p, "VmRSS") for p in pids) / 1024


@contextlib.contextmanager
def running_viewer(viewer: Viewer, ctx: Context, log_name: str) -> Iterator[ViewerProcess]:
    run = ViewerProcess(
        viewer, ctx.meter, ctx.env_for(viewer), ctx.fixture_uri, ctx.logs / log_name
    )
    try:
        run.wait_window(ctx.x.env())
        yield run
    finally:
        run.stop()
        deadline = time.monotonic() + 5
        while run.session.alive and time.monotonic() < deadline:
            time.sleep(0.05)


@dataclass
class Context:
    args: argparse.Namespace
    x: Xvfb
    guest: Guest
    meter: RfbMeter
    workdir: Path
    fixture_uri: str
    logs: Path

    def env_for(self, viewer: Viewer) -> dict[str, str]:
        env = self.x.env()
        home = self.workdir / "home"
        env.update(
            HOME=str(home),
            XDG_CONFIG_HOME=str(home / "config"),
            XDG_DATA_HOME=str(home / "data"),
            XDG_CACHE_HOME=str(home / "cache"),
            XDG_STATE_HOME=str(home / "state"),
            XDG_RUNTIME_DIR=str(self.workdir / "runtime"),
            GSETTINGS_BACKEND="memory",
            NO_AT_BRIDGE="1",
        )
        env.pop("DBUS_SESSION_BUS_ADDRESS", None)
        if viewer.is_hvdesk:
            env.update(QT_QPA_PLATFORM="xcb", QT_API="pyside6", HVDESK_ACCEL="tcg")
        if viewer.name == "hvdesk-qt":
            env["HVDESK_NO_XSHM"] = "1"
        return env


def measure_throughput(viewer: Viewer, ctx: Context) -> Throughput:
    args = ctx.args
    result = Throughput(viewer.name)
    with running_viewer(viewer, ctx, f"{viewer.name}-throughput.log") as run:
        session = run.session
        time.sleep(args.warmup)
        if args.screenshots and shutil.which("import"):
            shot = ctx.logs / f"{viewer.name}.png"
            subprocess.run(["import", "-window", "root", str(shot)], env=ctx.x.env(), check=False)
            print(f"  screenshot {shot}", flush=True)
        qemu = ctx.guest.qemu_pids()
        pids = run.tree()
        threads0 = thread_cpu(pids)
        snap0 = session.snapshot()
        cpu0, qemu0, x0, self0 = (
            cpu_seconds(pids),
            cpu_seconds(qemu),
            cpu_seconds([ctx.x.proc.pid]),
            _self_cpu(),
        )
        time.sleep(args.seconds)
        pids = sorted(set(pids) | set(run.tree()))
        snap1 = session.snapshot()
        cpu1, qemu1, x1, self1 = (
            cpu_seconds(pids),
            cpu_seconds(qemu),
            cpu_seconds([ctx.x.proc.pid]),
            _self_cpu(),
        )
        elapsed = snap1.time - snap0.time
        if args.verbose:
            used = thread_cpu(pids)
            busy = sorted(
                ((sec - threads0.get(key, 0.0), key[2]) for key, sec in used.items()),
                reverse=True,
            )
            print(
                "  threads: "
                + ", ".join(f"{name} {100 * sec / elapsed:.1f} %" for sec, name in busy[:5]),
                flush=True,
            )
        mbytes = (snap1.bytes_down - snap0.bytes_down) / MB
        result.seconds = elapsed
        result.updates_per_s = (snap1.pixel_updates - snap0.pixel_updates) / elapsed
        result.mb_per_s = mbytes / elapsed
        result.cpu_s = cpu1 - cpu0
        result.cpu_per_100mb = result.cpu_s / (mbytes / 100) if mbytes > 0 else float("nan")
        result.rss_mib = _tree_rss_mib(run.tree())
        result.encoding = session.pixel_encoding + (" (reordered)" if viewer.raw_first else "")
        result.window = f"{run.geometry[2]}x{run.geometry[3]}"
        result.qemu_percent = 100 * (qemu1 - qemu0) / elapsed
        result.xvfb_percent = 100 * (x1 - x0) / elapsed
        result.meter_percent = 100 * (self1 - self0) / elapsed
        notes = []
        if session.parse_error:
            notes.append(session.parse_error)
        if not session.alive or run.proc.poll() is not None:
            notes.append("the viewer exited or disconnected during the window")
        result.note = "; ".join(notes)
        print(f"  {session.describe()}", flush=True)
    return result


def _wait_pixel_change(
    x11: X11, point: tuple[int, int], before: int, timeout: float, serial: Path | None = None
) -> tuple[float | None, float | None]:
    """(when the screen pixel at `point` stopped being `before`, when the serial log
    grew), polled every 0.5 ms; None for what did not happen within `timeout`."""
    size0 = serial.stat().st_size if serial is not None else 0
    t_serial = None
    deadline = time.monotonic() + timeout
    while True:
        now = time.monotonic()
        if serial is not None and t_serial is None and serial.stat().st_size > size0:
            t_serial = now
        if x11.pixel(*point) != before:
            return now, t_serial
        if now > deadline:
            return None, t_serial
        time.sleep(0.0005)


def measure_latency(viewer: Viewer, ctx: Context, x11: X11) -> KeyLatency:
    args = ctx.args
    result = KeyLatency(viewer.name)
    with running_viewer(viewer, ctx, f"{viewer.name}-latency.log") as run:
        session = run.session
        env = ctx.x.env()
        x, y, w, h = run.geometry
        centre = (x + w // 2, y + h // 2)
        subprocess.run(
            ["xdotool", "mousemove", str(centre[0]), str(centre[1])], env=env, check=False
        )
        subprocess.run(["xdotool", "windowfocus", "--sync", str(run.window)], env=env, check=False)
        time.sleep(1.0)
        probe = session.watch(*FB_PROBE)
        keycode = x11.keycode("a")

        def press() -> float:
            t = x11.key(keycode, True)
            x11.key(keycode, False)
            return t

        # A first key draws the band (the pattern is there before): warm-up, not counted.
        before = x11.pixel(*centre)
        press()
        if _wait_pixel_change(x11, centre, before, 10)[0] is None:
            keys = len(session.key_events)
            result.note = (
                f"no change at the window centre {centre} after a key "
                f"({keys} KeyEvents reached the server): focus, or the guest's keydraw"
            )
            return result
        time.sleep(0.5)
        for _ in range(args.keys):
            time.sleep(random.uniform(0.15, 0.45))  # typing pace; QEMU backs off when idle
            before = x11.pixel(*centre)
            if before not in (0x000000, 0xFFFFFF):
                result.note = f"the window centre shows {before:06x}, not the keydraw band"
            keys0, probes0 = len(session.key_events), len(probe.values)
            last_value = probe.values[-1][1] if probe.values else None
            t_press = press()
            t_paint, t_echo = _wait_pixel_change(x11, centre, before, 3, ctx.guest.serial)
            if t_paint is None:
                result.missed += 1
                continue
            time.sleep(0.02)  # the meter's threads record after forwarding
            events = [(t, down) for t, down, _ in session.key_events[keys0:] if t >= t_press]
            key_times = [t for t, down in events if down]
            t_key = key_times[0] if key_times else None
            up_times = [t for t, down in events if not down]
            t_update = None
            if t_key is not None:
                for t, value in probe.values[probes0:]:
                    if t >= t_key and (value is None or value != last_value):
                        t_update = t
                        break
            result.total_ms.append(1000 * (t_paint - t_press))
            if t_key is not None and t_update is not None and t_update <= t_paint:
                result.input_ms.append(1000 * (t_key - t_press))
                result.guest_ms.append(1000 * (t_update - t_key))
                result.paint_ms.append(1000 * (t_paint - t_update))
                if t_echo is not None:
                    result.echo_ms.append(1000 * (t_echo - t_key))
                if args.verbose:
                    print(
                        f"    key: total {1000 * (t_paint - t_press):6.1f} ms = input "
                        f"{result.input_ms[-1]:5.1f} + guest {result.guest_ms[-1]:6.1f} + paint "
                        f"{result.paint_ms[-1]:5.1f} (guest echo "
                        f"{1000 * (t_echo - t_key) if t_echo else float('nan'):5.1f}, key up "
                        f"+{1000 * (up_times[0] - t_key) if up_times else float('nan'):.1f})",
                        flush=True,
                    )
    return result


def soak(viewer: Viewer, ctx: Context) -> Soak:
    args = ctx.args
    result = Soak(viewer.name)
    run = ViewerProcess(
        viewer, ctx.meter, ctx.env_for(viewer), ctx.fixture_uri, ctx.logs / "soak.log"
    )
    try:
        run.wait_window(ctx.x.env())
        session = run.session
        time.sleep(args.warmup)
        t0 = time.monotonic()
        end = t0 + 60 * args.soak_minutes
        while True:
            pids = run.tree()
            snap = session.snapshot()
            sample = (
                snap.time - t0,
                _tree_rss_mib(pids),
                snap.pixel_updates,
                snap.bytes_down,
                cpu_seconds(pids),
            )
            result.samples.append(sample)
            if run.proc.poll() is not None or not session.alive:
                result.note = (
                    f"{viewer.name} exited ({run.proc.returncode})"
                    if run.proc.poll() is not None
                    else "the VNC connection closed"
                ) + f" after {sample[0]:.0f} s"
                break
            if args.verbose:
                print(f"    soak {sample[0]:6.0f} s  RSS {sample[1]:7.1f} MiB", flush=True)
            if snap.time >= end:
                result.survived = True
                break
            time.sleep(min(args.soak_interval, max(0.0, end - time.monotonic())))
        result.minutes = (result.samples[-1][0]) / 60
    finally:
        exited = run.stop()
        if exited is not None and result.survived:
            result.survived = False
            result.note = f"{viewer.name} exited ({exited})"
        if run.proc.returncode not in (0, -signal.SIGTERM, None) and not result.note:
            result.note = f"exit status {run.proc.returncode} when stopped"
        tail = run.log_tail()
        if tail and not result.survived:
            result.note += f"\n{tail}"
    return result


def slope_per_10min(points: Sequence[tuple[float, float]]) -> float:
    """Least-squares slope of (seconds, MiB), in MiB per 10 minutes."""
    if len(points) < 2:
        return float("nan")
    n = len(points)
    mx = sum(p[0] for p in points) / n
    my = sum(p[1] for p in points) / n
    sxx = sum((p[0] - mx) ** 2 for p in points)
    if sxx == 0:
        return float("nan")
    sxy = sum((p[0] - mx) * (p[1] - my) for p in points)
    return 600 * sxy / sxx


# ---- reports ---------------------------------------------------------------------------


def throughput_table(rows: Sequence[Throughput]) -> str:
    return table(
        [
            "viewer",
            "encoding",
            "updates/s",
            "MB/s",
            "CPU %",
            "CPU s/100 MB",
            "RSS MiB",
            "window",
            "QEMU %",
            "Xvfb %",
            "meter %",
        ],
        [
            [
                r.viewer,
                r.encoding,
                f"{r.updates_per_s:.1f}",
                f"{r.mb_per_s:.1f}",
                f"{r.cpu_percent:.1f}",
                f"{r.cpu_per_100mb:.3f}",
                f"{r.rss_mib:.0f}",
                r.window,
                f"{r.qemu_percent:.0f}",
                f"{r.xvfb_percent:.0f}",
                f"{r.meter_percent:.0f}",
            ]
            for r in rows
        ],
    )


def _ms(values: Sequence[float], q: float) -> str:
    return f"{percentile(values, q):.1f}" if values else "-"


def latency_table(rows: Sequence[KeyLatency]) -> str:
    return table(
        [
            "viewer",
            "keys",
            "total p50",
            "total p90",
            "input p50",
            "guest+QEMU p50",
            "(echo p50)",
            "paint p50",
            "paint p90",
            "missed",
        ],
        [
            [
                r.viewer,
                str(len(r.total_ms)),
                _ms(r.total_ms, 50),
                _ms(r.total_ms, 90),
                _ms(r.input_ms, 50),
                _ms(r.guest_ms, 50),
                _ms(r.echo_ms, 50),
                _ms(r.paint_ms, 50),
                _ms(r.paint_ms, 90),
                str(r.missed),
            ]
            for r in rows
        ],
    )


def soak_report(result: Soak) -> str:
    samples = result.samples
    if not samples:
        return f"soak {result.viewer}: no samples. {result.note}"
    settled = [(s[0], s[1]) for s in samples if s[0] >= 60] or [(s[0], s[1]) for s in samples]
    first, last = samples[0], samples[-1]
    seconds = last[0] - first[0] or 1.0
    mbytes = (last[3] - first[3]) / MB
    rss = [s[1] for s in samples]
    lines = [
        f"soak {result.viewer}: {result.minutes:.1f} min, "
        + ("survived" if result.survived else "DID NOT SURVIVE")
        + f"; {(last[2] - first[2]) / seconds:.1f} updates/s, {mbytes / seconds:.1f} MB/s, "
        f"CPU {(last[4] - first[4]) / (mbytes / 100) if mbytes else float('nan'):.3f} s/100 MB",
        f"  RSS MiB: first {first[1]:.1f}, at 1 min {settled[0][1]:.1f}, last {last[1]:.1f}, "
        f"max {max(rss):.1f}; slope after the first minute "
        f"{slope_per_10min(settled):+.2f} MiB per 10 min ({len(samples)} samples)",
    ]
    early = [x for x in samples if x[0] <= first[0] + 60]
    late = [x for x in samples if x[0] >= last[0] - 60]
    if len(early) > 1 and len(late) > 1:
        lines.append(
            f"  updates/s in the first minute {_rate(early):.1f}, in the last {_rate(late):.1f}"
        )
    if result.note:
        lines.append(f"  {result.note}")
    return "\n".join(lines)


def _rate(samples: Sequence[tuple[float, float, int, int, float]]) -> float:
    seconds = samples[-1][0] - samples[0][0]
    return (samples[-1][2] - samples[0][2]) / seconds if seconds > 0 else float("nan")


# ---- driver ----------------------------------------------------------------------------


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="VNC console throughput, CPU, key latency and soak: hvdesk, TigerVNC, "
        "gvncviewer on the tiny guest.",
        epilog="See tests/bench/README.md for the method.",
    )
    parser.add_argument(
        "--viewers",
        default=",".join(VIEWERS),
        help=f"comma-separated, in run order (default {','.join(VIEWERS)}; also hvdesk-qt)",
    )
    parser.add_argument("--seconds", type=float, default=20, help="measured window (>= 15)")
    parser.add_argument("--warmup", type=float, default=3, help="seconds before measuring")
    parser.add_argument("--rounds", type=int, default=1, help="throughput rounds (medians)")
    parser.add_argument("--keys", type=int, default=40, help="key presses per viewer (0: skip)")
    parser.add_argument("--soak-minutes", type=float, default=0, help="0: no soak")
    parser.add_argument("--soak-viewer", default="hvdesk")
    parser.add_argument("--soak-interval", type=float, default=10, help="seconds between samples")
    parser.add_argument("--keep", action="store_true", help="keep the work directory (logs)")
    parser.add_argument(
        "--screenshots", action="store_true", help="a screenshot of each viewer (with --keep)"
    )
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args(argv)
    names = [n.strip() for n in args.viewers.split(",") if n.strip()]
    known = ", ".join(KNOWN_VIEWERS)
    unknown = [n for n in names if n not in KNOWN_VIEWERS]
    if unknown:
        parser.error(f"unknown viewer(s) {', '.join(unknown)}; known: {known}")
    if args.soak_viewer not in KNOWN_VIEWERS:
        parser.error(f"unknown --soak-viewer {args.soak_viewer}; known: {known}")
    args.viewer_list = [Viewer(n, raw_first=n.endswith("-raw")) for n in names]
    if args.seconds < 15:
        print("note: the issue asks for >= 15 s windows", file=sys.stderr)
    return args


def _median_throughput(runs: list[Throughput]) -> Throughput:
    if len(runs) == 1:
        return runs[0]
    out = Throughput(runs[0].viewer)
    for name in (
        "seconds",
        "updates_per_s",
        "mb_per_s",
        "cpu_s",
        "cpu_per_100mb",
        "rss_mib",
        "qemu_percent",
        "xvfb_percent",
        "meter_percent",
    ):
        setattr(out, name, median([getattr(r, name) for r in runs]))
    out.encoding, out.window = runs[-1].encoding, runs[-1].window
    out.note = "; ".join(sorted({r.note for r in runs if r.note}))
    return out


def _phase(title: str) -> None:
    print(f"\n== {title} (load {loadavg()})", flush=True)


def run(args: argparse.Namespace) -> int:
    viewers: list[Viewer] = []
    for viewer in args.viewer_list:
        why = viewer.missing()
        if why:
            print(f"skipping {viewer.name}: {why}", flush=True)
        else:
            viewers.append(viewer)
    # Short: QEMU's monitor and VNC sockets live under it (sun_path is 108 bytes).
    workdir = Path(tempfile.mkdtemp(prefix="hvb-", dir="/tmp"))
    logs = workdir / "logs"
    logs.mkdir()
    # The embedded driver logs to stderr (e.g. that a QEMU run as root is "tainted").
    os.environ.setdefault("LIBVIRT_LOG_OUTPUTS", f"3:file:{logs / 'libvirt.log'}")
    (workdir / "runtime").mkdir(mode=0o700)
    failures = 0
    guest: Guest | None = None
    meter: RfbMeter | None = None
    try:
        with xvfb(1600, 1200) as x:
            guest = Guest(workdir)
            meter = RfbMeter(str(guest.vnc_socket))
            while meter.port <= 5900:  # gvncviewer can only say 5900 + display
                meter.close()
                meter = RfbMeter(str(guest.vnc_socket))
            fixture = workdir / "hvdesk-host.xml"
            fixture.write_text(fixture_xml(meter.port))
            ctx = Context(args, x, guest, meter, workdir, f"test://{fixture}", logs)
            print(
                f"Xvfb {x.display} 1600x1200; meter on 127.0.0.1:{meter.port} -> "
                f"{guest.vnc_socket}; {os.cpu_count()} CPUs; load {loadavg()}",
                flush=True,
            )

            throughput: dict[str, list[Throughput]] = {}
            if args.seconds > 0 and viewers:
                boot = guest.boot("urandom")
                _phase(f"throughput: guest in mode urandom (booted in {boot:.1f} s)")
                for round_no in range(args.rounds):
                    for viewer in viewers:
                        print(f"- {viewer.name} (round {round_no + 1})", flush=True)
                        try:
                            result = measure_throughput(viewer, ctx)
                        except Exception as exc:  # one viewer failing must not hide the rest
                            failures += 1
                            print(f"  FAILED: {exc}", flush=True)
                            continue
                        throughput.setdefault(viewer.name, []).append(result)
                        print(throughput_table([result]).replace("\n", "\n  "), flush=True)
                rows = [
                    _median_throughput(throughput[v.name]) for v in viewers if v.name in throughput
                ]
                if rows:
                    print(
                        f"\nThroughput over {args.seconds:.0f} s each (medians of "
                        f"{args.rounds} round(s)); MB = 10^6 bytes, CPU of the viewer's "
                        "process tree:"
                    )
                    print(throughput_table(rows))
                    for r in rows:
                        if r.note:
                            print(f"  {r.viewer}: {r.note}")

            latencies: list[KeyLatency] = []
            if args.keys > 0 and viewers:
                if "keydraw" not in guest.modes():
                    print(
                        "\nkey latency: skipped, the guest has no 'keydraw' mode "
                        "(tests/guest; see tests/bench/README.md)",
                        flush=True,
                    )
                else:
                    boot = guest.boot("keydraw")
                    _phase(f"key latency: guest in mode keydraw (booted in {boot:.1f} s)")
                    with contextlib.closing(X11(x.display)) as x11:
                        for viewer in viewers:
                            print(f"- {viewer.name}", flush=True)
                            try:
                                lat = measure_latency(viewer, ctx, x11)
                            except Exception as exc:
                                failures += 1
                                print(f"  FAILED: {exc}", flush=True)
                                continue
                            latencies.append(lat)
                            if lat.note:
                                print(f"  {lat.note}", flush=True)
                        if latencies:
                            print(
                                "\nKey press -> screen change, ms (input: press -> KeyEvent at "
                                "the meter; guest+QEMU: -> changed update sent, of which echo: "
                                "the guest drew and echoed the key on its serial port; paint: "
                                "-> on screen):"
                            )
                            print(latency_table(latencies))

            if args.soak_minutes > 0:
                soak_viewer = Viewer(args.soak_viewer, raw_first=args.soak_viewer.endswith("-raw"))
                why = soak_viewer.missing()
                if why:
                    print(f"\nsoak: skipped, {why}", flush=True)
                else:
                    boot = guest.boot("urandom")
                    _phase(
                        f"soak: {soak_viewer.name} for {args.soak_minutes:g} min, "
                        f"guest in mode urandom (booted in {boot:.1f} s)"
                    )
                    soaked = soak(soak_viewer, ctx)
                    print(soak_report(soaked), flush=True)
                    if not soaked.survived:
                        failures += 1
            print(f"\nload at the end {loadavg()}")
    finally:
        if meter is not None:
            meter.close()
        if guest is not None:
            guest.close()
        if args.keep:
            print(f"work directory kept: {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    return 1 if failures else 0


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    # SIGTERM (e.g. `timeout`) unwinds like Ctrl-C: the guest, viewers and Xvfb are stopped.
    signal.signal(signal.SIGTERM, lambda _sig, _frame: sys.exit(128 + signal.SIGTERM))
    return run(args)


if __name__ == "__main__":
    sys.exit(main())
