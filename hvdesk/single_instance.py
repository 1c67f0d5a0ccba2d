"""One hvdesk per user: a second invocation hands its request to the running one.

The running instance listens with a QLocalServer on `$XDG_RUNTIME_DIR/hvdesk/instance`;
without XDG_RUNTIME_DIR (as under sudo) on `/run/user/<uid>/hvdesk/instance` when that
folder is the user's, else `/tmp/hvdesk-<uid>/hvdesk/instance` (the sticky /tmp keeps others
from renaming what we own there). The second process is a plain AF_UNIX client (QLocalServer
is one on Unix) so it answers before Qt is even loaded: it sends one JSON line, reads one
JSON reply line {code, stdout, stderr} and exits with code.

A request carries VM names and connection URIs (with key-file paths), and its answer
decides what the second process prints: both ends must be this user. So the folder is
made 0700 and checked before every use, through a descriptor (a real folder, not a
symbolic link, ours, mode 0700; XDG_RUNTIME_DIR ours and writable by nobody else), the
client checks the socket's owner and the listening process's uid (SO_PEERCRED), and the
server the connecting process's. Anything else is refused with a sentence (UnsafeFolder).

A socket file left by a crashed instance is found stale (nobody accepts) and replaced;
a lock file (opened without following links or truncating) serialises two instances
starting at once. The server reads one line of at most REQUEST_LIMIT bytes within
REQUEST_TIMEOUT seconds; a client that leaves before its answer is no error.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import json
import logging
import os
import pwd
import socket
import stat
import struct
import tempfile
from collections.abc import Awaitable, Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # Qt and asyncio are loaded only by the instance that serves
    import asyncio

    from PySide6.QtNetwork import QLocalSocket

log = logging.getLogger(__name__)

REPLY_TIMEOUT = 300.0  # a start on a slow host can take a while; the reply comes after it
REPLY_LIMIT = 16 * 1024 * 1024  # --list of a big host is a few hundred KiB
REQUEST_LIMIT = 64 * 1024  # a request is a few URIs and a name
REQUEST_TIMEOUT = 5.0  # seconds a client has to send its request once connected
RUN_USER = Path("/run/user")  # systemd-logind's per-user runtime folders


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


class UnsafeFolder(OSError):
    """The instance's folder, lock or socket is not this user's alone. str(): sentences
    naming the path, what is wrong with it and what to do."""


def _user_name(uid: int) -> str:
    try:
        return pwd.getpwuid(uid).pw_name
    except KeyError:
        return str(uid)


def _refuse(path: Path | str, problem: str, fix: str) -> UnsafeFolder:
    return UnsafeFolder(f"{path} {problem}. {fix}.")


def _check_own_base(path: Path, what: str) -> None:
    """`path` (XDG_RUNTIME_DIR, /run/user/<uid>) is a folder of ours nobody else can write."""
    st = os.stat(path)  # a symbolic link to a folder of ours is fine: the target is checked
    fix = f"Set {what} to a folder only you can write to, or unset it"
    if not stat.S_ISDIR(st.st_mode):
        raise _refuse(path, "is not a folder", fix)
    if st.st_uid != os.getuid():
        raise _refuse(path, f"belongs to user '{_user_name(st.st_uid)}', not to you", fix)
    if st.st_mode & 0o022:
        raise _refuse(path, f"can be written by other users (mode {st.st_mode & 0o7777:o})", fix)


def _check_shared_parent(path: Path) -> None:
    """Others may write in `path` (/tmp) only if its sticky bit keeps them from renaming
    or removing what we make there."""
    st = os.stat(path)
    if st.st_uid not in (0, os.getuid()) or (st.st_mode & 0o022 and not st.st_mode & stat.S_ISVTX):
        raise _refuse(
            path,
            "lets other users replace what hvdesk makes there",
            "Set XDG_RUNTIME_DIR (or TMPDIR) to a folder only you can write to",
        )


_NOT_YOURS_FIX = "Remove it, or set XDG_RUNTIME_DIR to a folder only you can write to"


def _open_private_dir(path: Path, *, create: bool) -> None:
    """Create `path` mode 0700 (when asked), then check through a descriptor that it is a
    real folder (not a symbolic link), ours, and closed to everyone else."""
    if create:
        with contextlib.suppress(FileExistsError):
            os.mkdir(path, 0o700)  # the umask can only narrow 0700
    try:
        fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC)
    except OSError as exc:
        if exc.errno in (errno.ELOOP, errno.ENOTDIR):
            raise _refuse(path, "is a symbolic link or not a folder", _NOT_YOURS_FIX) from None
        raise
    try:
        st = os.fstat(fd)
    finally:
        os.close(fd)
    if st.st_uid != os.getuid():
        owner = _user_name(st.st_uid)
        raise _refuse(path, f"belongs to user '{owner}', not to you", _NOT_YOURS_FIX)
    if st.st_mode & 0o077:
        mode = f"{st.st_mode & 0o7777:o}"
        raise _refuse(
            path, f"can be used by other users (mode {mode})", f"Make it private: chmod 700 {path}"
        )


@dataclass(frozen=True)
class _Place:
    folder: Path  # holds the socket and the lock; private (0700, ours)
    check_base: Callable[[bool], None]  # (create) what the folder is made in is safe too


def _place() -> _Place:
    uid = os.getuid()
    runtime = os.environ.get("XDG_RUNTIME_DIR")
    if runtime:
        base = Path(runtime)

        def check_runtime(create: bool) -> None:
            if create and not os.path.lexists(base):
                os.mkdir(base, 0o700)  # an XDG_RUNTIME_DIR nobody made yet
            _check_own_base(base, "XDG_RUNTIME_DIR")

        return _Place(base / "hvdesk", check_runtime)
    run_user = RUN_USER / str(uid)
    with contextlib.suppress(OSError):
        _check_own_base(run_user, "XDG_RUNTIME_DIR")
        return _Place(run_user / "hvdesk", lambda _: _check_own_base(run_user, "XDG_RUNTIME_DIR"))
    shared = Path(tempfile.gettempdir())
    own = shared / f"hvdesk-{uid}"

    def check_tmp(create: bool) -> None:
        _check_shared_parent(shared)
        _open_private_dir(own, create=create)

    return _Place(own / "hvdesk", check_tmp)


def socket_path() -> Path:
    """Where the running instance listens: $XDG_RUNTIME_DIR/hvdesk/instance, else
    /run/user/<uid>/hvdesk/instance when that folder is ours, else
    /tmp/hvdesk-<uid>/hvdesk/instance."""
    return _place().folder / "instance"


def private_folder(*, create: bool) -> Path | None:
    """The instance's folder, checked (UnsafeFolder if it is not ours alone); None when
    it does not exist and `create` is False."""
    place = _place()
    if not create and not os.path.lexists(place.folder):
        return None
    place.check_base(create)
    _open_private_dir(place.folder, create=create)
    return place.folder


def _peer_uid(sock: socket.socket) -> int:
    creds = sock.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, struct.calcsize("3i"))
    _pid, uid, _gid = struct.unpack("3i", creds)
    return int(uid)


def hand_off(request: Request, timeout: float = REPLY_TIMEOUT) -> Reply | None:
    """Send the request to a running instance; its reply, or None if none is running.

    Raises UnsafeFolder when the folder, the socket or the process listening on it is
    not this user's: the request (VM names, URIs with key files) is not sent there."""
    folder = private_folder(create=False)
    if folder is None:
        return None
    path = folder / "instance"
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return None
    if not stat.S_ISSOCK(st.st_mode) or st.st_uid != os.getuid():
        raise _refuse(path, "is not a socket of yours", "Remove it")
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        sock.settimeout(2.0)
        try:
            sock.connect(str(path))
        except OSError:
            return None  # stale: the instance that made it is gone
        peer = _peer_uid(sock)
        if peer != os.getuid():
            raise _refuse(
                path,
                f"is served by a process of user '{_user_name(peer)}', not by you",
                "hvdesk did not send it the request; find out who made it",
            )
        sock.settimeout(timeout)
        sock.sendall(request.to_json())
        data = _read_line(sock, REPLY_LIMIT)
    except OSError as exc:
        if isinstance(exc, UnsafeFolder):
            raise
        return Reply(1, "", f"hvdesk: The running hvdesk did not answer ({exc}).\n")
    finally:
        sock.close()
    try:
        raw = json.loads(data.decode())
        return Reply(int(raw["code"]), str(raw["stdout"]), str(raw["stderr"]))
    except (ValueError, KeyError, TypeError):
        return Reply(1, "", "hvdesk: The running hvdesk closed the request without an answer.\n")


def _read_line(sock: socket.socket, limit: int) -> bytes:
    data = b""
    while not data.endswith(b"\n") and len(data) <= limit:
        chunk = sock.recv(65536)
        if not chunk:
            break
        data += chunk
    return data


Handler = Callable[[Request], Awaitable[Reply]]


class InstanceLock:
    """Held while deciding who serves, so two instances starting together do not both.

    The lock file is opened without following a symbolic link and without truncating:
    whatever it is, hvdesk never writes to it."""

    def __init__(self) -> None:
        folder = private_folder(create=True)
        assert folder is not None
        path = folder / "instance.lock"
        try:
            flags = os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC | os.O_NONBLOCK
            self._fd = os.open(path, flags, 0o600)
        except OSError as exc:
            if exc.errno == errno.ELOOP:
                raise _refuse(path, "is a symbolic link", "Remove it") from None
            raise
        st = os.fstat(self._fd)
        if not stat.S_ISREG(st.st_mode) or st.st_uid != os.getuid():
            os.close(self._fd)
            raise _refuse(path, "is not a file of yours", "Remove it")

    def __enter__(self) -> InstanceLock:
        fcntl.flock(self._fd, fcntl.LOCK_EX)
        return self

    def __exit__(self, *_: object) -> None:
        fcntl.flock(self._fd, fcntl.LOCK_UN)
        os.close(self._fd)


class _Session:
    """One client of the server: one request line, at most REQUEST_LIMIT bytes within
    REQUEST_TIMEOUT seconds, answered once. A client that leaves early is no error."""

    def __init__(self, server: InstanceServer, client: QLocalSocket) -> None:
        from PySide6.QtCore import QTimer

        self.server = server
        self.client = client
        self.buffer = bytearray()
        self.finished = False
        client.setReadBufferSize(REQUEST_LIMIT + 1)  # Qt buffers no more than that
        self.timer = QTimer(client)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self._too_slow)
        self.timer.start(int(REQUEST_TIMEOUT * 1000))
        client.readyRead.connect(self._readable)
        client.disconnected.connect(self._gone)

    def _readable(self) -> None:
        if self.finished:
            return
        self.buffer += bytes(self.client.read(REQUEST_LIMIT + 1 - len(self.buffer)).data())
        end = self.buffer.find(b"\n")
        if end >= 0:
            self._finish()
            self.server.answer(self, bytes(self.buffer[:end]))
        elif len(self.buffer) > REQUEST_LIMIT:
            self._finish()
            text = f"hvdesk: The request is longer than {REQUEST_LIMIT} bytes.\n"
            self.send(Reply(2, "", text))

    def _too_slow(self) -> None:
        if not self.finished:
            self._finish()
            text = f"hvdesk: No request arrived within {REQUEST_TIMEOUT:g} seconds.\n"
            self.send(Reply(2, "", text))

    def _finish(self) -> None:
        self.finished = True
        self.timer.stop()

    def _gone(self) -> None:
        self._finish()
        self.server.forget(self)
        self.client.deleteLater()

    def send(self, reply: Reply) -> None:
        """Answer, unless the client has gone meanwhile (then there is nobody to tell)."""
        import shiboken6
        from PySide6.QtNetwork import QLocalSocket

        client = self.client
        if not shiboken6.isValid(client):
            return
        if client.state() != QLocalSocket.LocalSocketState.ConnectedState:
            return
        client.write(reply.to_json())
        client.flush()
        client.disconnectFromServer()


class InstanceServer:
    """The running instance's end: accepts requests and answers each with its handler."""

    def __init__(self, handler: Handler) -> None:
        from PySide6.QtNetwork import QLocalServer

        self.handler = handler
        self.server = QLocalServer()
        self.server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self.server.newConnection.connect(self._accept)
        self.path = socket_path()
        self._sessions: set[_Session] = set()
        self._answering: set[asyncio.Task[None]] = set()  # kept from the collector

    def listen(self) -> bool:
        """Serve on the socket, replacing a stale one; False if another instance serves."""
        from PySide6.QtNetwork import QLocalServer

        folder = private_folder(create=True)
        assert folder is not None
        self.path = folder / "instance"
        if os.path.lexists(self.path):
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
            if not _same_user(client):
                client.abort()  # the folder is ours alone; this is only a second lock
                client.deleteLater()
                continue
            self._sessions.add(_Session(self, client))

    def forget(self, session: _Session) -> None:
        self._sessions.discard(session)

    def answer(self, session: _Session, line: bytes) -> None:
        import asyncio

        task = asyncio.ensure_future(self._answer(session, line))
        self._answering.add(task)
        task.add_done_callback(self._answering.discard)

    async def _answer(self, session: _Session, line: bytes) -> None:
        try:
            session.send(await self._reply_to(line))
        except Exception:  # nobody awaits this task: log, never raise
            log.exception("Answering a request failed")

    async def _reply_to(self, line: bytes) -> Reply:
        try:
            request = Request.from_json(line)
        except Exception as exc:  # RecursionError too: the line is anyone's JSON
            text = str(exc) or type(exc).__name__
            return Reply(2, "", f"hvdesk: The request was not understood ({text}).\n")
        try:
            return await self.handler(request)
        except Exception as exc:  # the second process must get an answer, always
            log.exception("Request %s failed", request.action)
            text = str(exc).rstrip(".") or type(exc).__name__
            return Reply(1, "", f"hvdesk: The running hvdesk could not do it: {text}.\n")


def _same_user(client: QLocalSocket) -> bool:
    """True when the process that connected runs as this user (SO_PEERCRED)."""
    descriptor = int(client.socketDescriptor())
    if descriptor < 0:
        return False
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM, fileno=os.dup(descriptor))
    try:
        return _peer_uid(sock) == os.getuid()
    except OSError:
        return False
    finally:
        sock.close()
