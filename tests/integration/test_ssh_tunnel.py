"""SSH tunnels to a display, through a private sshd on 127.0.0.1: an RFB handshake
through a TCP (-W) and a UNIX-socket (-L streamlocal) tunnel, the sentences for a
wrong key and a missing display, and the ssh process ending with the socket.

The sshd runs as root (it must, to switch to the logged-in user) on a free port with
its own host key, authorized_keys and pid file in a temp dir; the client's
known_hosts file is a temp file too, passed as libvirt's known_hosts URI parameter.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import socket
import subprocess
import threading
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

from hvdesk.core.console import _connect_remote
from hvdesk.core.errors import HvdeskError
from hvdesk.core.ssh_tunnel import Target, TunnelSocket, open_ssh_tunnel
from hvdesk.core.worker import DaemonExecutor
from hvdesk.vnc.client import connect_rfb
from tests.support.aio import AsyncRunner
from tests.support.rfb_server import RecordingListener, RfbServer

pytestmark = pytest.mark.integration

EXECUTOR = DaemonExecutor("test-ssh-tunnel")
SSHD = shutil.which("sshd") or "/usr/sbin/sshd"


@dataclass
class Sshd:
    port: int
    dir: Path
    key: Path  # authorized
    wrong_key: Path  # not authorized
    known_hosts: Path

    def uri(self, key: Path | None = None) -> str:
        key = key or self.key
        return (
            f"qemu+ssh://root@127.0.0.1:{self.port}/system"
            f"?keyfile={quote(str(key))}&known_hosts={quote(str(self.known_hosts))}"
        )


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def keygen(path: Path) -> None:
    subprocess.run(
        ["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", path.name, "-f", str(path)],
        check=True,
    )


@pytest.fixture(scope="module")
def sshd(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sshd]:
    if os.geteuid() != 0:
        pytest.skip("the private sshd must run as root")
    if not (os.path.exists(SSHD) and shutil.which("ssh") and shutil.which("ssh-keygen")):
        pytest.skip(
            "openssh-server and openssh-client are not installed (packaging/install-deps.sh)"
        )
    d = tmp_path_factory.mktemp("sshd")
    for name in ("host", "client", "wrong"):
        keygen(d / name)
    (d / "authorized_keys").write_text((d / "client.pub").read_text())
    port = free_port()
    (d / "sshd_config").write_text(
        f"HostKey {d / 'host'}\n"
        f"AuthorizedKeysFile {d / 'authorized_keys'}\n"
        f"PidFile {d / 'sshd.pid'}\n"
        "ListenAddress 127.0.0.1\n"
        "StrictModes no\n"
        "UsePAM no\n"
        "PermitRootLogin prohibit-password\n"
        "PasswordAuthentication no\n"
        "KbdInteractiveAuthentication no\n"
        "AllowTcpForwarding yes\n"
        "AllowStreamLocalForwarding yes\n"
    )
    known_hosts = d / "known_hosts"
    host_key = " ".join((d / "host.pub").read_text().split()[:2])
    known_hosts.write_text(f"[127.0.0.1]:{port} {host_key}\n")
    os.makedirs("/run/sshd", mode=0o755, exist_ok=True)  # privilege separation dir
    log = open(d / "sshd.log", "wb")  # noqa: SIM115 - closed below
    proc = subprocess.Popen(
        [SSHD, "-D", "-e", "-f", str(d / "sshd_config"), "-p", str(port)],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 10
        while True:
            if proc.poll() is not None:
                pytest.fail(f"sshd exited: {(d / 'sshd.log').read_text()}")
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1) as s:
                    if s.recv(4) == b"SSH-":
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"sshd did not listen: {(d / 'sshd.log').read_text()}")
            time.sleep(0.05)
        yield Sshd(port, d, d / "client", d / "wrong", known_hosts)
    finally:
        proc.terminate()
        proc.wait(5)
        log.close()


async def serve_once(start: Any, **kwargs: Any) -> tuple[asyncio.Future[RfbServer], Any]:
    """A listener whose first connection becomes a scripted RFB server, handshaking."""
    loop = asyncio.get_running_loop()
    accepted: asyncio.Future[RfbServer] = loop.create_future()

    def on_connect(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        if not accepted.done():
            accepted.set_result(RfbServer(reader, writer))

    server = await start(on_connect, **kwargs)
    return accepted, server


async def handshake_through(
    open_tunnel: Any, accepted: asyncio.Future[RfbServer]
) -> tuple[TunnelSocket, Any, RfbServer]:
    tunnel_future = asyncio.wrap_future(EXECUTOR.submit(open_tunnel))
    rfb = await asyncio.wait_for(accepted, 15)
    handshake = asyncio.ensure_future(rfb.handshake())
    sock = await asyncio.wait_for(tunnel_future, 20)
    assert isinstance(sock, TunnelSocket)
    sock.setblocking(False)
    client, hello = await asyncio.gather(connect_rfb(sock, RecordingListener()), handshake)
    assert hello.version == b"RFB 003.008\n"
    assert (client.width, client.height) == (64, 48)
    return sock, client, rfb


def wait_ended(sock: TunnelSocket, timeout: float = 5.0) -> int:
    assert sock.tunnel is not None
    process = sock.tunnel.process
    deadline = time.monotonic() + timeout
    while process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    code = process.poll()
    assert code is not None, "ssh still runs after the console socket closed"
    return code


def test_rfb_handshake_through_tcp_tunnel_and_close_ends_ssh(sshd: Sshd, aio: AsyncRunner) -> None:
    async def scenario() -> TunnelSocket:
        accepted, server = await serve_once(asyncio.start_server, host="127.0.0.1", port=0)
        port = server.sockets[0].getsockname()[1]
        g = f"<graphics type='vnc' port='{port}' listen='127.0.0.1'/>"
        started = time.monotonic()
        sock, client, rfb = await handshake_through(
            lambda: _connect_remote(sshd.uri(), ET.fromstring(g)), accepted
        )
        print(f"TCP tunnel + RFB handshake: {time.monotonic() - started:.2f} s")
        assert sock.tunnel is not None and sock.tunnel.alive
        client.close()  # the console closes its socket: ssh must end
        rfb.close()
        server.close()
        return sock

    sock = aio.run(scenario(), timeout=40)
    wait_ended(sock)


def test_rfb_handshake_through_unix_socket_tunnel(
    sshd: Sshd, aio: AsyncRunner, tmp_path: Path
) -> None:
    path = str(tmp_path / "vnc.sock")

    async def scenario() -> TunnelSocket:
        accepted, server = await serve_once(asyncio.start_unix_server, path=path)
        started = time.monotonic()
        sock, client, rfb = await handshake_through(
            lambda: open_ssh_tunnel(sshd.uri(), path), accepted
        )
        print(f"UNIX-socket tunnel + RFB handshake: {time.monotonic() - started:.2f} s")
        assert sock.tunnel is not None and sock.tunnel.alive
        # The private local socket is gone once connected: nobody else gets in.
        assert sock.tunnel._tempdir is None
        client.close()
        rfb.close()
        server.close()
        return sock

    sock = aio.run(scenario(), timeout=40)
    wait_ended(sock)


def test_closing_the_bare_socket_ends_ssh(sshd: Sshd) -> None:
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        target: Target = ("127.0.0.1", listener.getsockname()[1])

        def greet() -> None:
            conn, _ = listener.accept()
            conn.sendall(b"RFB 003.008\n")
            conn.recv(1)  # hold the connection open until the far end goes
            conn.close()

        thread = threading.Thread(target=greet, daemon=True)
        thread.start()
        sock = open_ssh_tunnel(sshd.uri(), target)
        assert sock.recv(12) == b"RFB 003.008\n"
        assert sock.tunnel is not None and sock.tunnel.alive
        sock.close()
        wait_ended(sock, timeout=2.0)
        thread.join(5)


def test_wrong_key_is_a_permission_sentence(sshd: Sshd) -> None:
    started = time.monotonic()
    with pytest.raises(HvdeskError) as info:
        open_ssh_tunnel(sshd.uri(sshd.wrong_key), ("127.0.0.1", 1))
    sentence = info.value.sentence()
    print(f"wrong key: {time.monotonic() - started:.2f} s: {sentence}")
    assert "permission" in sentence.lower()
    assert "Permission denied (publickey)" in sentence


def test_nothing_listening_is_a_sentence(sshd: Sshd) -> None:
    target: Target = ("127.0.0.1", free_port())
    with pytest.raises(HvdeskError) as info:
        open_ssh_tunnel(sshd.uri(), target)
    sentence = info.value.sentence()
    assert f"127.0.0.1:{target[1]}" in sentence and "Connection refused" in sentence


def test_missing_remote_socket_is_a_sentence(sshd: Sshd, tmp_path: Path) -> None:
    missing = str(tmp_path / "no-such.sock")
    with pytest.raises(HvdeskError) as info:
        open_ssh_tunnel(sshd.uri(), missing)
    sentence = info.value.sentence()
    assert missing in sentence and "No such file" in sentence


def test_unknown_host_key_fails_unless_no_verify(sshd: Sshd, tmp_path: Path) -> None:
    empty = tmp_path / "empty_known_hosts"
    empty.write_text("")
    uri = sshd.uri().replace(quote(str(sshd.known_hosts)), quote(str(empty)))
    with pytest.raises(HvdeskError, match="host key"):
        open_ssh_tunnel(uri, ("127.0.0.1", 1))
    # no_verify=1: ssh gets past the host key (and fails later, at the display).
    with pytest.raises(HvdeskError) as info:
        open_ssh_tunnel(uri + "&no_verify=1", ("127.0.0.1", 1))
    assert "Connection refused" in info.value.sentence()
