"""Another local user (`nobody`) for tests of what hvdesk shares with other users.

The tests run as root; `setpriv` runs a command as uid/gid 65534 with no groups. Its
Python is the system's (/usr/bin/python3, stdlib only): the test's own interpreter may
live where that user cannot read.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

NOBODY = 65534
PYTHON = "/usr/bin/python3"
AS_NOBODY = ["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups"]

# A server as another user would run it: it listens on each path given (on an inherited
# socket when the path is "fd:N"), records every request it receives and answers each
# with a reply that claims success.
FAKE_SERVER = r"""
import os, selectors, socket, sys
record = sys.argv[1]
sockets = []
for where in sys.argv[2:]:
    if where.startswith("fd:"):
        sock = socket.socket(fileno=int(where[3:]))
    else:
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.bind(where)
        os.chmod(where, 0o777)
    sock.listen()
    sockets.append(sock)
selector = selectors.DefaultSelector()
for sock in sockets:
    selector.register(sock, selectors.EVENT_READ)
print("ready", flush=True)
while True:
    for key, _ in selector.select():
        client, _ = key.fileobj.accept()
        client.settimeout(5)
        try:
            data = client.recv(65536)
        except OSError:
            data = b""
        with open(record, "ab") as out:
            out.write(data)
        try:
            client.sendall(b'{"code": 0, "stdout": "pwned\\n", "stderr": ""}\n')
        except OSError:
            pass
        client.close()
"""


def as_nobody(*command: str) -> None:
    subprocess.run([*AS_NOBODY, *command], check=True, timeout=30)


@contextmanager
def shared_folder() -> Iterator[Path]:
    """A folder like /tmp (mode 1777) that the other user can reach and write in."""
    path = Path(tempfile.mkdtemp(prefix="hvd-shared-", dir="/tmp"))
    path.chmod(0o1777)
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


class FakeServer:
    """FAKE_SERVER run as the other user; `received()` is what it was sent."""

    def __init__(self, record: Path, where: Sequence[str], pass_fds: Sequence[int] = ()) -> None:
        self.record = record
        as_nobody(PYTHON, "-c", f"open({str(record)!r}, 'wb').close()")
        self.proc = subprocess.Popen(
            [*AS_NOBODY, PYTHON, "-c", FAKE_SERVER, str(record), *where],
            stdout=subprocess.PIPE,
            text=True,
            pass_fds=tuple(pass_fds),
        )
        assert self.proc.stdout is not None
        assert self.proc.stdout.readline().strip() == "ready"

    def received(self) -> bytes:
        return self.record.read_bytes()

    def stop(self) -> None:
        self.proc.kill()
        self.proc.wait(10)
        if self.proc.stdout is not None:
            self.proc.stdout.close()


def owner(path: Path) -> int:
    return os.lstat(path).st_uid
