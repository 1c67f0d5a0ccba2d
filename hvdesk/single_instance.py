"""One hvdesk per user: a second invocation hands its request to the running one.

The running instance listens with a QLocalServer on `$XDG_RUNTIME_DIR/hvdesk/instance`
(or a private folder under /tmp without XDG_RUNTIME_DIR). The second process is a plain
AF_UNIX client (QLocalServer is one on Unix) so it answers before Qt is even loaded: it
sends one JSON line, reads one JSON reply line {code, stdout, stderr} and exits with code.

A socket file left by a crashed instance is found stale (nobody accepts) and replaced;
a lock file serialises two instances starting at once.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import socket
import tempfile
from collections.abc import Awaitable, Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import IO, Any

REPLY_TIMEOUT = 300.0  # a start on a slow host can take a while; the reply comes after it


@dataclass
class Request:
    """What an invocation asks for. `action`: show, new, start, console, settings, list."""

    action: str = "show"
    target: str = ""  # a VM name or UUID, or the file for "new"
    headless: bool = False
    connect: list[str] = field(default_factory=list)

    def to_json(self) -> bytes:
        return (json.dumps(asdict(self)) + "\n").encode()

    @classmethod
    def from_json(cls, data: bytes) -> Request:
        raw: dict[str, Any] = json.loads(data.decode())
        return cls(
            action=str(raw.get("action", "show")),
            target=str(raw.get("target", "")),
            headless=bool(raw.get("headless", False)),
            connect=[str(u) for u in raw.get("connect", [])],
        )


@dataclass
class Reply:
    code: int = 0
    stdout: str = ""
    stderr: str = ""

    def to_json(self) -> bytes:
        return (json.dumps(asdict(self)) + "\n").encode()


def socket_path() -> Path:
    runtime = os.environ.get("XDG_RUNTIME_DIR")
    base = Path(runtime) if runtime else Path(tempfile.gettempdir()) / f"hvdesk-{os.getuid()}"
    return base / "hvdesk" / "instance"


def _private_dir(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    with contextlib.suppress(OSError):
        path.parent.chmod(0o700)  # the socket lets its user start VMs: nobody else


def hand_off(request: Request, timeout: float = REPLY_TIMEOUT) -> Reply | None:
    """Send the request to a running instance; its reply, or None if none is running."""
    path = socket_path()
    if not path.exists():
        return None
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        sock.settimeout(2.0)
        try:
            sock.connect(str(path))
        except OSError:
            return None  # stale: the instance that made it is gone
        sock.settimeout(timeout)
        sock.sendall(request.to_json())
        data = b""
        while not data.endswith(b"\n"):
            chunk = sock.recv(65536)
            if not chunk:
                break
            data += chunk
    except OSError as exc:
        return Reply(1, "", f"hvdesk: The running hvdesk did not answer ({exc}).\n")
    finally:
        sock.close()
    try:
        raw = json.loads(data.decode())
        return Reply(int(raw["code"]), str(raw["stdout"]), str(raw["stderr"]))
    except (ValueError, KeyError, TypeError):
        return Reply(1, "", "hvdesk: The running hvdesk closed the request without an answer.\n")


Handler = Callable[[Request], Awaitable[Reply]]


class InstanceLock:
    """Held while deciding who serves, so two instances starting together do not both."""

    def __init__(self) -> None:
        path = socket_path()
        _private_dir(path)
        self._file: IO[str] = open(path.with_name("instance.lock"), "w")  # noqa: SIM115

    def __enter__(self) -> InstanceLock:
        fcntl.flock(self._file, fcntl.LOCK_EX)
        return self

    def __exit__(self, *_: object) -> None:
        fcntl.flock(self._file, fcntl.LOCK_UN)
        self._file.close()


class InstanceServer:
    """The running instance's end: accepts requests and answers each with its handler."""

    def __init__(self, handler: Handler) -> None:
        from PySide6.QtNetwork import QLocalServer

        self.handler = handler
        self.server = QLocalServer()
        self.server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self.server.newConnection.connect(self._accept)
        self.path = socket_path()
        self._answering: set[Any] = set()  # tasks in flight, kept from the collector

    def listen(self) -> bool:
        """Serve on the socket, replacing a stale one; False if another instance serves."""
        from PySide6.QtNetwork import QLocalServer

        _private_dir(self.path)
        if self.path.exists():
            probe = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            try:
                probe.connect(str(self.path))
                return False  # alive: someone else is the instance
            except OSError:
                QLocalServer.removeServer(str(self.path))
            finally:
                probe.close()
        return bool(self.server.listen(str(self.path)))

    def close(self) -> None:
        self.server.close()

    def _accept(self) -> None:
        while self.server.hasPendingConnections():
            client = self.server.nextPendingConnection()
            buffer = bytearray()

            def readable(client: Any = client, buffer: bytearray = buffer) -> None:
                buffer.extend(bytes(client.readAll().data()))
                if b"\n" in buffer:
                    client.readyRead.disconnect()
                    line = bytes(buffer[: buffer.index(b"\n")])
                    self._answer(client, line)

            client.readyRead.connect(readable)
            client.disconnected.connect(client.deleteLater)

    def _answer(self, client: Any, line: bytes) -> None:
        import asyncio

        async def answer() -> None:
            try:
                request = Request.from_json(line)
            except (ValueError, TypeError, AttributeError) as exc:
                reply = Reply(2, "", f"hvdesk: The request was not understood ({exc}).\n")
            else:
                try:
                    reply = await self.handler(request)
                except Exception as exc:  # the second process must get an answer, always
                    text = str(exc).rstrip(".") or type(exc).__name__
                    reply = Reply(1, "", f"hvdesk: The running hvdesk could not do it: {text}.\n")
            client.write(reply.to_json())
            client.flush()
            client.disconnectFromServer()

        task = asyncio.ensure_future(answer())
        self._answering.add(task)
        task.add_done_callback(self._answering.discard)
