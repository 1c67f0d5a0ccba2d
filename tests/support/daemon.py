"""A private, disposable libvirt daemon for tests that need a *remote* connection.

``PrivateLibvirtd`` runs ``/usr/sbin/libvirtd`` (as root, in the foreground) with

* its own config file (``-f``) whose ``unix_sock_dir`` points into a temporary directory,
  so its sockets never collide with a system daemon's ``/run/libvirt/libvirt-sock``;
* its own pid file (``-p``) and log file in that directory;
* ``LIBVIRT_DRIVER_DIR`` pointing at an *empty* directory, so none of the loadable
  hypervisor/state drivers (qemu, network, storage, nodedev, nwfilter, secret, ...) are
  loaded.  Only the drivers built into ``libvirt.so`` remain, notably the **test driver**.
  This is what keeps the daemon private: no ``/var/lib/libvirt`` or ``/run/libvirt/qemu``
  state, no default network/dnsmasq, no autostarted pools or guests, and a start in ~15 ms.

Clients reach the daemon's test driver through the remote driver, e.g.
``test+unix:///default?socket=/tmp/hvd-lvd-XXXX/sock/libvirt-sock``.

The one thing it still shares with a system daemon (by libvirt's design, harmless):
a privileged libvirtd ``mkdir``s ``/run/libvirt`` if missing and reads/creates the host-wide
identity token ``/run/libvirt/common/system.token``.

Typical use::

    with PrivateLibvirtd() as daemon:
        conn = libvirt.open(daemon.uri)
        daemon.kill()      # crash: SIGKILL, the client sees EOF
        daemon.start()     # same socket path, fresh test driver state
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Mapping
from pathlib import Path
from types import TracebackType
from urllib.parse import quote

__all__ = ["DaemonStartError", "PrivateLibvirtd"]

LIBVIRTD = "/usr/sbin/libvirtd"

# sockaddr_un.sun_path is 108 bytes including the terminating NUL.
_MAX_UNIX_PATH = 107

# Environment variables of the test process that must not leak into the daemon.
_SCRUBBED_ENV = (
    "LIBVIRT_DEFAULT_URI",
    "LIBVIRT_LOG_OUTPUTS",
    "LIBVIRT_LOG_FILTERS",
    "LIBVIRT_DEBUG",
    "LIBVIRT_AUTOSTART",
    "VIR_BRIDGE_NAME",
)


class DaemonStartError(RuntimeError):
    """The private daemon exited or did not accept connections before the deadline."""


def _config_value(value: str | int) -> str:
    if isinstance(value, int):
        return str(value)
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


class PrivateLibvirtd:
    """A libvirtd of our own: private sockets, config, pid file and log; test driver only.

    ``start()`` blocks until the read-write socket accepts connections (or raises
    :class:`DaemonStartError` with the daemon's log).  The object is a context manager:
    entering starts the daemon, leaving stops it and deletes the temporary directory
    (only if this object created it).

    ``die_with_parent`` runs the daemon under ``setpriv --pdeathsig KILL`` so it cannot
    outlive a crashed or killed test run.  Linux delivers that signal when the *thread*
    that spawned the daemon exits, so call ``start()`` from a long-lived thread (the
    main thread, as pytest fixtures do) or pass ``die_with_parent=False``.
    """

    def __init__(
        self,
        base_dir: str | os.PathLike[str] | None = None,
        *,
        binary: str = LIBVIRTD,
        start_timeout: float = 10.0,
        log_level: int = 3,
        keepalive_interval: int = 5,
        keepalive_count: int = 5,
        extra_config: Mapping[str, str | int] | None = None,
        die_with_parent: bool = True,
        tcp_port: int | None = None,
    ) -> None:
        self._owns_dir = base_dir is None
        self.base_dir = Path(
            tempfile.mkdtemp(prefix="hvd-lvd-") if base_dir is None else base_dir
        ).resolve()
        self.binary = binary
        self.start_timeout = start_timeout
        self.die_with_parent = die_with_parent
        self.socket_dir = self.base_dir / "sock"
        self.socket_path = self.socket_dir / "libvirt-sock"
        self.socket_ro_path = self.socket_dir / "libvirt-sock-ro"
        self.admin_socket_path = self.socket_dir / "libvirt-admin-sock"
        self.config_path = self.base_dir / "libvirtd.conf"
        self.pid_file = self.base_dir / "libvirtd.pid"
        self.log_path = self.base_dir / "libvirtd.log"
        self.stderr_path = self.base_dir / "libvirtd.stderr"
        self.driver_dir = self.base_dir / "no-drivers"
        #: Seconds the last successful ``start()`` took until the socket accepted.
        self.last_start_seconds: float | None = None
        self._proc: subprocess.Popen[bytes] | None = None

        if len(os.fsencode(self.admin_socket_path)) > _MAX_UNIX_PATH:
            raise ValueError(f"base_dir too long for unix socket paths: {self.base_dir}")

        config: dict[str, str | int] = {
            "unix_sock_dir": str(self.socket_dir),
            "unix_sock_rw_perms": "0700",
            "unix_sock_ro_perms": "0700",
            "unix_sock_admin_perms": "0700",
            "auth_unix_rw": "none",
            "auth_unix_ro": "none",
            "listen_tcp": 0,
            "listen_tls": 0,
            "log_outputs": f"{log_level}:file:{self.log_path}",
            "audit_level": 0,
            # Avoid probing SMBIOS / dmidecode for the host UUID.
            "host_uuid": "6876642d-7465-4000-8000-000000000001",
            "min_workers": 1,
            "max_workers": 4,
            "prio_workers": 1,
            "admin_min_workers": 1,
            "admin_max_workers": 1,
            "keepalive_interval": keepalive_interval,
            "keepalive_count": keepalive_count,
        }
        #: With a port: also listens on 127.0.0.1 over TCP without authentication, so a
        #: client sees a *remote* host (``tcp_uri_for``) whose files are not its own.
        self.tcp_port = tcp_port
        if tcp_port is not None:
            config.update(
                listen_tcp=1, tcp_port=str(tcp_port), listen_addr="127.0.0.1", auth_tcp="none"
            )
        config.update(extra_config or {})
        self.socket_dir.mkdir(parents=True, exist_ok=True)
        self.driver_dir.mkdir(exist_ok=True)
        self.config_path.write_text(
            "".join(f"{key} = {_config_value(value)}\n" for key, value in config.items())
        )

    # -- URIs -------------------------------------------------------------------------

    @property
    def uri(self) -> str:
        """URI of the daemon's ``test:///default`` driver (one running domain, ``test``)."""
        return self.uri_for("test:///default")

    def uri_for(self, driver_uri: str) -> str:
        """Route a local driver URI through this daemon.

        ``uri_for("test:///abs/fixture.xml")`` ->
        ``test+unix:///abs/fixture.xml?socket=<socket_path>``.
        """
        scheme, sep, rest = driver_uri.partition("://")
        if not sep or "+" in scheme or "?" in rest:
            raise ValueError(f"expected a plain local driver URI, got {driver_uri!r}")
        path = rest if rest.startswith("/") else "/" + rest
        return f"{scheme}+unix://{path}?socket={quote(str(self.socket_path), safe='/')}"

    def tcp_uri_for(self, driver_uri: str) -> str:
        """``tcp_uri_for("test:///default")`` -> ``test+tcp://127.0.0.1:<port>/default``."""
        if self.tcp_port is None:
            raise ValueError("this daemon listens on no TCP port")
        scheme, _sep, rest = driver_uri.partition("://")
        path = rest if rest.startswith("/") else "/" + rest
        return f"{scheme}+tcp://127.0.0.1:{self.tcp_port}{path}"

    # -- process control --------------------------------------------------------------

    @property
    def pid(self) -> int | None:
        return self._proc.pid if self._proc is not None else None

    @property
    def running(self) -> bool:
        return self._proc is not None and self._proc.poll() is None

    def start(self) -> float:
        """Start the daemon (again, with the same socket path); return seconds taken."""
        if self.running:
            raise RuntimeError(f"private libvirtd already running (pid {self.pid})")
        self._reap()
        env = {k: v for k, v in os.environ.items() if k not in _SCRUBBED_ENV}
        env["LIBVIRT_DRIVER_DIR"] = str(self.driver_dir)
        argv = [self.binary, "-f", str(self.config_path), "-p", str(self.pid_file)]
        if self.tcp_port is not None:
            argv.append("--listen")
        if self.die_with_parent:
            argv = ["setpriv", "--pdeathsig", "KILL", *argv]
        started = time.monotonic()
        with open(self.stderr_path, "ab") as errfile:
            self._proc = subprocess.Popen(
                argv,
                env=env,
                cwd=self.base_dir,
                stdin=subprocess.DEVNULL,
                stdout=errfile,
                stderr=subprocess.STDOUT,
                # Own process group: a terminal ^C reaches pytest, not the daemon.
                start_new_session=True,
            )
        deadline = started + self.start_timeout
        while True:
            if self._proc.poll() is not None:
                code = self._proc.returncode
                self._reap()
                raise DaemonStartError(
                    f"private libvirtd exited with status {code} during start\n{self.log_text()}"
                )
            if self._accepts():
                self.last_start_seconds = time.monotonic() - started
                return self.last_start_seconds
            if time.monotonic() > deadline:
                self.kill()
                raise DaemonStartError(
                    f"private libvirtd did not accept on {self.socket_path} within "
                    f"{self.start_timeout} s\n{self.log_text()}"
                )
            time.sleep(0.005)

    def kill(self) -> None:
        """SIGKILL the daemon (a crash: clients see EOF) and reap it. No-op if not running."""
        self._signal_and_wait(signal.SIGKILL, timeout=10.0)

    def stop(self, timeout: float = 5.0) -> None:
        """SIGTERM (clean shutdown), falling back to SIGKILL after ``timeout`` seconds."""
        try:
            self._signal_and_wait(signal.SIGTERM, timeout=timeout)
        except subprocess.TimeoutExpired:
            self.kill()

    def pause(self) -> None:
        """SIGSTOP: the daemon keeps its sockets open but never answers (a hung host).

        Clients only notice through keepalive (``conn.setKeepAlive(interval, count)``).
        """
        if self._proc is None or self._proc.poll() is not None:
            raise RuntimeError("private libvirtd is not running")
        os.kill(self._proc.pid, signal.SIGSTOP)

    def resume(self) -> None:
        """SIGCONT after :meth:`pause`."""
        if self._proc is not None and self._proc.poll() is None:
            os.kill(self._proc.pid, signal.SIGCONT)

    def log_text(self) -> str:
        """The daemon's log file and its stdout/stderr, for failure messages."""
        parts = []
        for path in (self.log_path, self.stderr_path):
            try:
                text = path.read_text(errors="replace").strip()
            except FileNotFoundError:
                continue
            if text:
                parts.append(f"--- {path.name} ---\n{text}")
        return "\n".join(parts) or "(no daemon output)"

    def cleanup(self) -> None:
        """Stop the daemon and delete the temporary directory if this object made it."""
        self.stop()
        if self._owns_dir:
            shutil.rmtree(self.base_dir, ignore_errors=True)

    def __enter__(self) -> PrivateLibvirtd:
        try:
            self.start()
        except BaseException:
            self.cleanup()
            raise
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.cleanup()

    # -- internals --------------------------------------------------------------------

    def _accepts(self) -> bool:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as probe:
            try:
                probe.connect(os.fspath(self.socket_path))
            except OSError:  # missing file, or stale socket of a killed daemon
                return False
        if self.tcp_port is not None:  # libvirtd opens the TCP listener after the socket
            with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
                try:
                    probe.connect(("127.0.0.1", self.tcp_port))
                except OSError:
                    return False
        return True

    def _signal_and_wait(self, sig: signal.Signals, timeout: float) -> None:
        proc = self._proc
        if proc is None:
            return
        if proc.poll() is None:
            # setpriv exec()s libvirtd, so the pid is the daemon itself. A stopped
            # daemon only acts on SIGTERM once continued.
            proc.send_signal(sig)
            if sig != signal.SIGKILL:
                os.kill(proc.pid, signal.SIGCONT)
        proc.wait(timeout)
        self._proc = None

    def _reap(self) -> None:
        if self._proc is not None and self._proc.poll() is not None:
            self._proc = None
