"""TCP endpoints that misbehave, for "unreachable host" tests.

* :class:`SilentTcpServer` accepts connections and never answers (a wedged host, a
  firewall that lets the SYN through to a dead service, a stopped sshd...).  libvirt's
  ``open()`` of ``qemu+tcp://127.0.0.1:PORT/system`` blocks on it indefinitely.
* :class:`RefusingPort` is a port on which connections are refused at once (RST).
"""

from __future__ import annotations

import selectors
import socket
import threading
from types import TracebackType

__all__ = ["RefusingPort", "SilentTcpServer", "libvirt_tcp_uri"]


def libvirt_tcp_uri(host: str, port: int, driver: str = "qemu", path: str = "/system") -> str:
    """``qemu+tcp://HOST:PORT/system`` (or another driver/path)."""
    return f"{driver}+tcp://{host}:{port}{path}"


class SilentTcpServer:
    """Listen on ``host`` (default 127.0.0.1) on a free port; accept, read, never reply.

    Accepted connections stay open until :meth:`close`.  Whatever the clients send is
    read (so their writes never block) and recorded in :attr:`received`.
    """

    def __init__(self, host: str = "127.0.0.1") -> None:
        self.host = host
        self._listener = socket.create_server((host, 0), backlog=64)
        self._listener.setblocking(False)
        self.port: int = self._listener.getsockname()[1]
        self._lock = threading.Lock()
        self._clients: list[socket.socket] = []
        self._received: list[bytes] = []
        self._accepted = threading.Condition(self._lock)
        self._wake_r, self._wake_w = socket.socketpair()
        self._closed = False
        self._thread = threading.Thread(
            target=self._serve, name=f"SilentTcpServer:{self.port}", daemon=True
        )
        self._thread.start()

    def uri(self, driver: str = "qemu", path: str = "/system") -> str:
        return libvirt_tcp_uri(self.host, self.port, driver, path)

    @property
    def accepted_count(self) -> int:
        with self._lock:
            return len(self._clients)

    @property
    def received(self) -> bytes:
        """Everything the clients sent, concatenated in arrival order."""
        with self._lock:
            return b"".join(self._received)

    def wait_for_connection(self, count: int = 1, timeout: float = 5.0) -> bool:
        """Wait until at least ``count`` connections have been accepted."""
        with self._accepted:
            return self._accepted.wait_for(lambda: len(self._clients) >= count, timeout)

    def close(self) -> None:
        """Close every accepted connection (clients see EOF) and the listener."""
        if self._closed:
            return
        self._closed = True
        self._wake_w.send(b"x")
        self._thread.join(5.0)
        with self._lock:
            for client in self._clients:
                client.close()
        self._listener.close()
        self._wake_r.close()
        self._wake_w.close()

    def __enter__(self) -> SilentTcpServer:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def _serve(self) -> None:
        with selectors.DefaultSelector() as sel:
            sel.register(self._listener, selectors.EVENT_READ)
            sel.register(self._wake_r, selectors.EVENT_READ)
            while True:
                for key, _ in sel.select():
                    sock = key.fileobj
                    assert isinstance(sock, socket.socket)
                    if sock is self._wake_r:
                        return
                    if sock is self._listener:
                        try:
                            client, _addr = self._listener.accept()
                        except BlockingIOError:
                            continue
                        client.setblocking(False)
                        with self._accepted:
                            self._clients.append(client)
                            self._accepted.notify_all()
                        sel.register(client, selectors.EVENT_READ)
                        continue
                    try:
                        data = sock.recv(65536)
                    except (BlockingIOError, InterruptedError):
                        continue
                    except OSError:
                        data = b""
                    if data:
                        with self._lock:
                            self._received.append(data)
                    else:  # the client hung up; keep the socket, stop watching it
                        sel.unregister(sock)


class RefusingPort:
    """A local port with nothing listening: connecting fails at once with ECONNREFUSED.

    The port is reserved by a socket that is bound but never listens, so no other
    process can take it while this object is open.
    """

    def __init__(self, host: str = "127.0.0.1") -> None:
        self.host = host
        self._sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._sock.bind((host, 0))
        self.port: int = self._sock.getsockname()[1]

    def uri(self, driver: str = "qemu", path: str = "/system") -> str:
        return libvirt_tcp_uri(self.host, self.port, driver, path)

    def close(self) -> None:
        self._sock.close()

    def __enter__(self) -> RefusingPort:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
