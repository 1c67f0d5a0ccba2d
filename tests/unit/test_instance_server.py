"""The running instance's server against clients that misbehave: silent, endless,
nested beyond Python's recursion limit, gone before their answer, or another user.

The server runs in this process on the test's qasync loop; each client is a real AF_UNIX
socket on a thread, as a second hvdesk (or anyone who can reach the socket) would be."""

from __future__ import annotations

import asyncio
import gc
import json
import socket
import subprocess
import threading
from collections.abc import Iterator
from typing import Any

import pytest

from hvdesk import single_instance
from hvdesk.single_instance import InstanceServer, Reply, Request, socket_path
from tests.support.loop_errors import loop_errors  # noqa: F401
from tests.support.other_user import AS_NOBODY, PYTHON, shared_folder

# Every test: no exception may reach the event loop (an unawaited task that raised).
pytestmark = pytest.mark.usefixtures("loop_errors")


class RawClient:
    """A client on its own thread: connects, sends, then reads until the server closes."""

    def __init__(self, payload: bytes = b"", *, leave_after_sending: bool = False) -> None:
        self.payload = payload
        self.leave = leave_after_sending
        self.received: bytes | None = None  # None until the server closed the connection
        self.sent = threading.Event()
        threading.Thread(target=self._run, daemon=True).start()

    def _run(self) -> None:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
            sock.settimeout(30)
            sock.connect(str(socket_path()))
            if self.payload:
                sock.sendall(self.payload)
            self.sent.set()
            if self.leave:
                return
            data = b""
            while chunk := sock.recv(65536):
                data += chunk
            self.received = data

    def reply(self) -> dict[str, Any]:
        assert self.received is not None
        answer: dict[str, Any] = json.loads(self.received)
        return answer


@pytest.fixture
def serve(aio: Any) -> Iterator[Any]:
    servers: list[InstanceServer] = []

    def start(handler: Any) -> InstanceServer:
        server = InstanceServer(handler)
        assert server.listen()
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.close()


async def echo(request: Request) -> Reply:
    return Reply(0, f"{request.action} {request.target}\n", "")


def test_a_request_is_answered(aio: Any, serve: Any) -> None:
    serve(echo)
    client = RawClient(Request("start", "alpha").to_json())
    aio.wait_until(lambda: client.received is not None)
    assert client.reply() == {"code": 0, "stdout": "start alpha\n", "stderr": ""}


def test_a_client_that_sends_nothing_is_dropped(
    aio: Any, serve: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(single_instance, "REQUEST_TIMEOUT", 0.5)
    serve(echo)
    silent = RawClient()
    aio.wait_until(lambda: silent.received is not None, timeout=5)
    assert silent.reply()["stderr"] == "hvdesk: No request arrived within 0.5 seconds.\n"
    assert silent.reply()["code"] == 2


def test_an_endless_request_is_cut_at_the_limit(aio: Any, serve: Any) -> None:
    serve(echo)
    # One byte too many (and no more, so the reply is not lost to a reset on close).
    flood = RawClient(b"x" * (single_instance.REQUEST_LIMIT + 1))
    aio.wait_until(lambda: flood.received is not None)
    assert flood.reply() == {
        "code": 2,
        "stdout": "",
        "stderr": "hvdesk: The request is longer than 65536 bytes.\n",
    }


def test_json_nested_past_the_recursion_limit_is_a_request_not_understood(
    aio: Any, serve: Any
) -> None:
    serve(echo)
    deep = RawClient(b"[" * 60000 + b"\n")
    aio.wait_until(lambda: deep.received is not None)
    reply = deep.reply()
    assert reply["code"] == 2
    assert reply["stderr"].startswith("hvdesk: The request was not understood (")


def test_a_client_that_leaves_before_its_answer_raises_nothing(aio: Any, serve: Any) -> None:
    """The answer finds the client gone (its socket deleted): nothing is raised in the
    unawaited task that answers (`loop_errors` checks, after a collection)."""
    release = asyncio.Event()
    answered: list[Request] = []

    async def slow(request: Request) -> Reply:
        await release.wait()  # a start that takes a while
        answered.append(request)
        return Reply(0, "started\n", "")

    server = serve(slow)
    leaver = RawClient(Request("start", "alpha").to_json(), leave_after_sending=True)
    assert leaver.sent.wait(10)
    aio.qtbot.wait(300)  # the server sees it go, and Qt deletes its socket
    release.set()
    aio.wait_until(lambda: bool(answered) and not server._answering)
    gc.collect()
    # Still serving.
    client = RawClient(Request("console", "beta").to_json())
    aio.wait_until(lambda: client.received is not None)
    assert client.reply()["code"] == 0


def test_another_users_process_gets_no_answer(
    aio: Any, serve: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The folder keeps other users away; should it not, the server refuses them too.
    Here the folders are opened after the server started, and `nobody` connects."""
    seen: list[Request] = []

    async def record(request: Request) -> Reply:
        seen.append(request)
        return Reply(0, "done\n", "")

    with shared_folder() as shared:
        monkeypatch.setenv("XDG_RUNTIME_DIR", str(shared / "run"))
        serve(record)
        path = socket_path()
        for folder in (path.parent, path.parent.parent):
            folder.chmod(0o755)
        path.chmod(0o777)
        script = (
            "import socket\n"
            "s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)\n"
            "s.settimeout(20)\n"
            f"s.connect({str(path)!r})\n"
            "try:\n"
            f"    s.sendall({Request('start', 'alpha').to_json()!r})\n"
            "    data = s.recv(65536)\n"
            "except (ConnectionResetError, BrokenPipeError):\n"
            "    data = b''  # aborted by the server: no answer either\n"
            "print(repr(data))\n"
        )
        done: list[subprocess.CompletedProcess[str]] = []

        def run() -> None:
            command = [*AS_NOBODY, PYTHON, "-c", script]
            done.append(subprocess.run(command, capture_output=True, text=True, timeout=30))

        threading.Thread(target=run, daemon=True).start()
        aio.wait_until(lambda: bool(done), timeout=30)
    assert (done[0].stdout, done[0].stderr) == ("b''\n", "")  # closed without a word
    assert seen == []
