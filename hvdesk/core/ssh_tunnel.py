"""Reaching a VM's display on a remote host through OpenSSH, needing nothing but sshd there.

For a `qemu+ssh://[user@]host[:port]/system?keyfile=…&no_verify=1` connection the
display's address in the domain XML (127.0.0.1:5900, or a UNIX socket path) is an
address *on the far host*. This module runs the user's own `ssh` client with the
URI's user, port and libvirt's `keyfile`, `no_verify` and `known_hosts` parameters,
and forwards one connection with OpenSSH's own machinery:

* a TCP target through stdio forwarding (`ssh -W host:port`): the ssh process's
  stdin and stdout are one end of a socketpair, the caller gets the other end;
* a UNIX-socket target through streamlocal forwarding (`ssh -N -L local:remote`)
  to a socket in a private 0700 directory, connected to once and then unlinked.
  (OpenSSH 9.2's `-W` takes host:port only: given a path it silently opens a
  shell session instead, so `-W` is never used for paths.)

No prompts (BatchMode: keys and the agent only), argument lists only, and the ssh
process lives exactly as long as the returned socket: closing the socket (or losing
the last reference to it) ends the process. Failures become HvdeskError sentences
built from what ssh wrote on stderr.
"""

from __future__ import annotations

import contextlib
import ipaddress
import os
import re
import select
import shutil
import socket
import subprocess
import tempfile
import threading
import time
import weakref
from collections.abc import Sequence
from dataclasses import dataclass
from typing import IO
from urllib.parse import urlsplit

from hvdesk.core import libvirt_uri
from hvdesk.core.errors import HvdeskError
from hvdesk.i18n import fill, translate

SSH_TRANSPORTS = ("ssh", "libssh", "libssh2")
CONNECT_TIMEOUT = 10  # seconds for ssh's TCP connect (ConnectTimeout)
OPEN_TIMEOUT = 20.0  # seconds until the display has said its first bytes through the tunnel

TcpTarget = tuple[str, int]
Target = TcpTarget | str  # (host, port) as seen from the far host, or a socket path there


@dataclass(frozen=True)
class SshDestination:
    """Where ssh goes, and how, as a libvirt URI says it."""

    host: str
    user: str | None = None
    port: int | None = None
    keyfile: str | None = None
    no_verify: bool = False
    known_hosts: str | None = None

    @property
    def label(self) -> str:
        """user@host[:port], for sentences."""
        user = f"{self.user}@" if self.user else ""
        port = f":{self.port}" if self.port else ""
        return f"{user}{self.host}{port}"


def is_ssh_uri(uri: str) -> bool:
    """True for qemu+ssh:// (and libvirt's libssh/libssh2 spellings) naming a host."""
    parts = urlsplit(uri)
    return parts.scheme.partition("+")[2] in SSH_TRANSPORTS and bool(parts.hostname)


def _flag(value: str) -> bool:
    """libvirt reads no_verify as an integer: any non-zero value sets it."""
    try:
        return int(value) != 0
    except ValueError:
        return value.strip().lower() in ("yes", "true")


def destination_from_uri(uri: str) -> SshDestination:
    """Where ssh goes, read as libvirt reads the URI (libvirt_uri): the user name and
    the parameters percent-decoded once, a later parameter overriding an earlier one."""
    parts = libvirt_uri.parse(uri)
    if not parts.host:
        raise HvdeskError(
            fill(translate("SshTunnel", "'%1' names no host to reach over SSH"), uri),
            hint=translate("Hints", "Write it as qemu+ssh://user@host/system"),
        )
    keyfile = parts.last("keyfile")
    known_hosts = parts.last("known_hosts")
    return SshDestination(
        host=parts.host,
        user=parts.user or None,
        port=parts.port,
        keyfile=os.path.expanduser(keyfile) if keyfile else None,
        no_verify=_flag(parts.last("no_verify") or "0"),
        known_hosts=os.path.expanduser(known_hosts) if known_hosts else None,
    )


# -- the command lines ------------------------------------------------------------------


def base_args(
    dest: SshDestination,
    *,
    ssh: str = "ssh",
    connect_timeout: int = CONNECT_TIMEOUT,
    options: Sequence[str] = (),
) -> list[str]:
    """ssh and its options up to (not including) the forwarding and the host.

    `options` are extra `-o Key=value` words (tests point UserKnownHostsFile at a
    temp file with them)."""
    args = [
        ssh,
        "-T",  # no terminal
        "-a",  # no agent forwarding: the far host gets nothing of ours
        "-x",  # no X11 forwarding
        "-o", "BatchMode=yes",  # no password or passphrase prompts: keys and the agent only
        "-o", f"ConnectTimeout={connect_timeout}",
        "-o", "ServerAliveInterval=15",
        "-o", "ServerAliveCountMax=3",
        "-o", "ExitOnForwardFailure=yes",
        # Our own connection, never a shared ControlMaster one: killing this process
        # must end the tunnel, and a mux client would outlive or not own it.
        "-o", "ControlMaster=no",
        "-o", "ControlPath=none",
    ]  # fmt: skip
    if dest.user:
        args += ["-l", dest.user]
    if dest.port:
        args += ["-p", str(dest.port)]
    if dest.keyfile:
        args += ["-i", dest.keyfile]
    if dest.no_verify:
        args += ["-o", "StrictHostKeyChecking=no"]
    if dest.known_hosts:
        args += ["-o", f"UserKnownHostsFile={dest.known_hosts}"]
    for option in options:
        args += ["-o", option]
    return args


def _host_port(host: str, port: int) -> str:
    with contextlib.suppress(ValueError):
        if ipaddress.ip_address(host).version == 6:
            return f"[{host}]:{port}"
    return f"{host}:{port}"


def stdio_args(
    dest: SshDestination,
    target: TcpTarget,
    *,
    ssh: str = "ssh",
    connect_timeout: int = CONNECT_TIMEOUT,
    options: Sequence[str] = (),
) -> list[str]:
    """`ssh … -W host:port -- host`: stdin/stdout forwarded to the target."""
    host, port = target
    base = base_args(dest, ssh=ssh, connect_timeout=connect_timeout, options=options)
    return [*base, "-W", _host_port(host, port), "--", dest.host]


def streamlocal_args(
    dest: SshDestination,
    local_path: str,
    remote_path: str,
    *,
    ssh: str = "ssh",
    connect_timeout: int = CONNECT_TIMEOUT,
    options: Sequence[str] = (),
) -> list[str]:
    """`ssh … -N -L local:remote -- host`: a local UNIX socket forwarded to a remote one."""
    return [
        *base_args(dest, ssh=ssh, connect_timeout=connect_timeout, options=options),
        "-N",
        "-o", "StreamLocalBindMask=0177",
        "-L", f"{local_path}:{remote_path}",
        "--", dest.host,
    ]  # fmt: skip


# -- the tunnel -------------------------------------------------------------------------


class SshTunnel:
    """The ssh process behind one console socket; close() ends it (idempotent)."""

    def __init__(
        self, process: subprocess.Popen[bytes], stderr: IO[bytes], tempdir: str | None
    ) -> None:
        self.process = process
        self._stderr = stderr
        self._tempdir = tempdir
        self._closed = False

    @property
    def alive(self) -> bool:
        return self.process.poll() is None

    def stderr_text(self) -> str:
        with contextlib.suppress(OSError, ValueError):
            self._stderr.seek(0)
            return self._stderr.read().decode(errors="replace")
        return ""

    def remove_tempdir(self) -> None:
        if self._tempdir is not None:
            shutil.rmtree(self._tempdir, ignore_errors=True)
            self._tempdir = None

    def close(self) -> None:
        """End ssh without waiting for it: close() runs on the GUI thread."""
        if self._closed:
            return
        self._closed = True
        if self.process.poll() is None:
            self.process.terminate()
            threading.Thread(target=self._reap, name="ssh-reaper", daemon=True).start()
        else:
            self._release()

    def _reap(self) -> None:
        try:
            self.process.wait(timeout=1.0)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self._release()

    def _release(self) -> None:
        self._stderr.close()
        self.remove_tempdir()


class TunnelSocket(socket.socket):
    """A connected socket whose close() also ends the ssh process carrying it."""

    tunnel: SshTunnel | None = None

    def close(self) -> None:
        try:
            super().close()
        finally:
            if self.tunnel is not None:
                self.tunnel.close()


def _adopt(sock: socket.socket, tunnel: SshTunnel) -> TunnelSocket:
    adopted = TunnelSocket(sock.family, sock.type, sock.proto, fileno=sock.detach())
    adopted.tunnel = tunnel
    # Dropped without close(): the process still ends (the finalizer holds no socket).
    weakref.finalize(adopted, tunnel.close)
    return adopted


def _target_label(target: Target) -> str:
    return target if isinstance(target, str) else _host_port(*target)


def ssh_failure(dest: SshDestination, target: Target, stderr: str) -> HvdeskError:
    """An HvdeskError saying why ssh could not carry the display, from its stderr."""
    lines = [
        line.strip()
        for line in stderr.splitlines()
        if line.strip() and not line.lstrip().startswith(("Warning:", "debug"))
    ]
    text = "\n".join(lines)
    lower = text.lower()

    def line_with(*needles: str) -> str:
        """ssh's line saying it, without a "channel 0: " or "user@host: " prefix;
        else its last line."""
        for line in lines:
            if any(n in line.lower() for n in needles):
                return re.sub(r"^(channel \d+|\S+@\S+): ", "", line)
        return lines[-1] if lines else ""

    detail = line_with("permission denied", "host key", "open failed", "connect to host")
    where = dest.label
    what_target = _target_label(target)
    if "permission denied" in lower:
        return HvdeskError(
            fill(translate("SshTunnel", "%1 refused the SSH login (a permission problem)"), where),
            detail,
            translate(
                "Hints",
                "hvdesk uses SSH keys and the SSH agent only, never password prompts: check "
                "the user name and that your key is in the far host's authorized_keys; name a "
                "key with ?keyfile=/path/to/key in the connection address",
            ),
        )
    if "host key verification failed" in lower or "remote host identification has changed" in lower:
        return HvdeskError(
            fill(translate("SshTunnel", "The SSH host key of %1 could not be verified"), dest.host),
            detail,
            translate(
                "Hints",
                "Connect once with ssh from a terminal to check and accept the key, "
                "or add ?no_verify=1 to the connection address",
            ),
        )
    if "could not resolve hostname" in lower or "name or service not known" in lower:
        return HvdeskError(
            fill(translate("SshTunnel", "Could not find the host %1"), dest.host),
            detail,
            translate("Hints", "Check the host name"),
        )
    if "open failed" in lower or "stdio forwarding failed" in lower:
        if "administratively prohibited" in lower:
            return HvdeskError(
                fill(
                    translate(
                        "SshTunnel", "The SSH server on %1 does not allow forwarding to the display"
                    ),
                    dest.host,
                ),
                detail,
                translate(
                    "Hints",
                    "Its sshd_config must allow AllowTcpForwarding (or "
                    "AllowStreamLocalForwarding for socket displays)",
                ),
            )
        if isinstance(target, str):
            return HvdeskError(
                fill(
                    translate("SshTunnel", "Could not open the display's socket %1 on %2"),
                    target,
                    dest.host,
                ),
                detail + " (No such file or directory, or no permission)",
                fill(
                    translate(
                        "Hints",
                        "Check that the VM is running; the socket must exist and be usable by %1",
                    ),
                    dest.user or translate("Hints", "the SSH user"),
                ),
            )
        return HvdeskError(
            fill(
                translate("SshTunnel", "Nothing on %1 accepted a connection to the display at %2"),
                dest.host,
                what_target,
            ),
            detail,
            translate("Hints", "Check that the VM is running and its display is enabled"),
        )
    if "connection refused" in lower:
        return HvdeskError(
            fill(translate("SshTunnel", "Could not reach the SSH server of %1"), where),
            detail,
            translate("Hints", "Check that sshd runs there and the port in the connection address"),
        )
    if "timed out" in lower or "no route to host" in lower or "network is unreachable" in lower:
        return HvdeskError(
            fill(translate("SshTunnel", "Could not reach %1 over SSH"), where),
            detail,
            translate("Hints", "Check the network and the host name"),
        )
    return HvdeskError(
        fill(
            translate("SshTunnel", "SSH could not open a tunnel to the display at %1 on %2"),
            what_target,
            where,
        ),
        detail or translate("SshTunnel", "ssh ended without saying why"),
    )


def _find_ssh(ssh: str) -> str:
    path = shutil.which(ssh)
    if path is None:
        raise HvdeskError(
            translate("SshTunnel", "OpenSSH's ssh client is not installed"),
            hint=translate(
                "Hints", "Install it (the openssh-client package) to reach displays on remote hosts"
            ),
        )
    return path


def _wait_first_bytes(sock: socket.socket, deadline: float) -> bool | None:
    """True once the far end has sent data, False on end of file, None on timeout."""
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            return None
        readable, _, _ = select.select([sock], [], [], min(left, 0.1))
        if readable:
            try:
                return bool(sock.recv(1, socket.MSG_PEEK))
            except OSError:
                return False


def _stderr_after_exit(tunnel: SshTunnel) -> str:
    """ssh's words, once it has had a moment to finish writing them."""
    with contextlib.suppress(subprocess.TimeoutExpired):
        tunnel.process.wait(timeout=2.0)
    text = tunnel.stderr_text()
    if not text.strip():
        time.sleep(0.1)
        text = tunnel.stderr_text()
    return text


def open_ssh_tunnel(
    dest: SshDestination | str,
    target: Target,
    *,
    timeout: float = OPEN_TIMEOUT,
    connect_timeout: int = CONNECT_TIMEOUT,
    options: Sequence[str] = (),
    ssh: str = "ssh",
) -> TunnelSocket:
    """A blocking socket connected, through ssh, to `target` on the far host.

    `dest` is a SshDestination or a qemu+ssh URI; `target` is (host, port) or a UNIX
    socket path, both as seen from the far host. Returns once the far end has sent
    its first bytes (an RFB server speaks first), so that a failure is an HvdeskError
    here rather than a closed socket later. Closing the returned socket ends ssh.
    Blocks: call it from a worker thread."""
    if isinstance(dest, str):
        dest = destination_from_uri(dest)
    program = _find_ssh(ssh)
    deadline = time.monotonic() + timeout
    stderr = tempfile.TemporaryFile()  # noqa: SIM115 - the tunnel owns it from here on
    tempdir: str | None = None
    ours: socket.socket
    try:
        if isinstance(target, str):
            tempdir = tempfile.mkdtemp(prefix="hvdesk-ssh-")  # mode 0700
            local_path = os.path.join(tempdir, "display")
            args = streamlocal_args(
                dest,
                local_path,
                target,
                ssh=program,
                connect_timeout=connect_timeout,
                options=options,
            )
            process = subprocess.Popen(
                args,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=stderr,
                start_new_session=True,  # no terminal, no signals meant for us
            )
            tunnel = SshTunnel(process, stderr, tempdir)
            ours = _connect_streamlocal(tunnel, local_path, dest, target, deadline)
        else:
            ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
            try:
                process = subprocess.Popen(
                    stdio_args(
                        dest, target, ssh=program, connect_timeout=connect_timeout, options=options
                    ),
                    stdin=theirs.fileno(),
                    stdout=theirs.fileno(),
                    stderr=stderr,
                    start_new_session=True,
                )
            except BaseException:
                ours.close()
                raise
            finally:
                theirs.close()
            tunnel = SshTunnel(process, stderr, None)
    except OSError as exc:
        stderr.close()
        if tempdir is not None:
            shutil.rmtree(tempdir, ignore_errors=True)
        raise HvdeskError(
            translate("SshTunnel", "Could not start ssh"), exc.strerror or str(exc)
        ) from exc
    except BaseException:
        stderr.close()
        if tempdir is not None:
            shutil.rmtree(tempdir, ignore_errors=True)
        raise

    try:
        ok = _wait_first_bytes(ours, deadline)
    except BaseException:
        ours.close()
        tunnel.close()
        raise
    if ok:
        return _adopt(ours, tunnel)
    ours.close()
    if ok is None:
        tunnel.close()
        raise HvdeskError(
            fill(
                translate(
                    "SshTunnel", "The SSH tunnel to %1 gave no answer from the display within %2 s"
                ),
                dest.label,
                format(timeout, "g"),
            ),
            hint=translate("Hints", "Check the network and that the VM is running"),
        )
    text = _stderr_after_exit(tunnel) if not tunnel.alive else tunnel.stderr_text()
    if not text.strip():
        time.sleep(0.1)
        text = tunnel.stderr_text()
    tunnel.close()
    raise ssh_failure(dest, target, text)


def _connect_streamlocal(
    tunnel: SshTunnel, local_path: str, dest: SshDestination, target: str, deadline: float
) -> socket.socket:
    """Wait for ssh's local socket, connect to it once, then unlink it."""
    while not os.path.exists(local_path):
        if not tunnel.alive:
            text = _stderr_after_exit(tunnel)
            tunnel.close()
            raise ssh_failure(dest, target, text)
        if time.monotonic() > deadline:
            tunnel.close()
            raise HvdeskError(
                fill(translate("SshTunnel", "The SSH connection to %1 timed out"), dest.label),
                hint=translate("Hints", "Check the network"),
            )
        time.sleep(0.02)
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        sock.settimeout(max(0.1, deadline - time.monotonic()))
        sock.connect(local_path)
        sock.settimeout(None)
    except OSError as exc:
        sock.close()
        tunnel.close()
        raise HvdeskError(
            fill(translate("SshTunnel", "Could not connect to the SSH tunnel to %1"), dest.label),
            exc.strerror or str(exc),
        ) from exc
    # One connection only: nobody else gets in through the tunnel.
    tunnel.remove_tempdir()
    return sock
