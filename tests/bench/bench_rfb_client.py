"""The RFB client's own cost per 1024x768 Raw update, without a window or a guest.

Two figures, CPU time of this process per update (median of --rounds):

* fed: the bytes handed to RfbClient in 256 KiB pieces, as a transport would
  (the protocol's Python and the one copy per piece into the framebuffer);
* socket: a scripted server writes updates into a socketpair (UNIX) or loopback TCP
  connection, read by hvdesk's QtSocketTransport on the qasync loop; the server's
  writes run on a thread of this process, so the figure includes the kernel copy
  both ways. Reads per update show what SO_RCVLOWAT does on TCP.

    .venv/bin/python -m tests.bench.bench_rfb_client
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import statistics
import threading
import time
from collections.abc import Sequence

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import qasync
from PySide6.QtWidgets import QApplication

from hvdesk.vnc.client import RfbClient, connect_rfb
from tests.support.rfb_server import (
    FakeTransport,
    RecordingListener,
    feed_in_pieces,
    handshake_bytes,
    server_init,
    striped_update,
)

W, H = 1024, 768
CHUNK = 256 * 1024


def full_update(seed: int) -> bytes:
    return striped_update(W, H, seed)


def fed(count: int) -> float:
    client = RfbClient(RecordingListener())
    client.connection_made(FakeTransport())
    updates = [full_update(seed) for seed in range(2)]

    feed_in_pieces(client, handshake_bytes(W, H), CHUNK)
    cpu = time.process_time()
    for i in range(count):
        feed_in_pieces(client, updates[i % 2], CHUNK)
    return (time.process_time() - cpu) / count


def _pair(kind: str) -> tuple[socket.socket, socket.socket]:
    if kind == "unix":
        return socket.socketpair()
    with socket.create_server(("127.0.0.1", 0)) as server:
        ours = socket.create_connection(server.getsockname())
        theirs, _ = server.accept()
    return ours, theirs


async def over_socket(kind: str, count: int) -> tuple[float, float]:
    ours, theirs = _pair(kind)
    listener = RecordingListener()
    updates = [full_update(seed) for seed in range(2)]

    def serve() -> None:
        theirs.sendall(b"RFB 003.008\n")
        theirs.recv(12)
        theirs.sendall(b"\x01\x01")  # one security type: None
        theirs.recv(1)
        theirs.sendall(b"\x00\x00\x00\x00")
        theirs.recv(1)
        theirs.sendall(server_init(W, H))
        for i in range(count):
            theirs.sendall(updates[i % 2])

    sender = threading.Thread(target=serve, daemon=True)
    sender.start()
    client = await connect_rfb(ours, listener)
    reads = 0
    original = client.buffer_updated

    def counting(nbytes: int) -> None:
        nonlocal reads
        reads += 1
        original(nbytes)

    client.buffer_updated = counting  # type: ignore[method-assign]
    cpu = time.process_time()
    while len(listener.of("framebuffer_updated")) < count:
        await asyncio.sleep(0.0005)
    spent = (time.process_time() - cpu) / count
    sender.join()
    client.close()
    theirs.close()
    return spent, reads / count


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--updates", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args(argv)
    app = QApplication([])
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    fed_times = [fed(args.updates) for _ in range(args.rounds)]
    print(f"fed in 256 KiB pieces: {statistics.median(fed_times) * 1000:.3f} ms CPU per update")
    for kind in ("unix", "tcp"):
        results = [
            loop.run_until_complete(over_socket(kind, args.updates)) for _ in range(args.rounds)
        ]
        cpu = statistics.median(r[0] for r in results) * 1000
        reads = statistics.median(r[1] for r in results)
        print(
            f"{kind:4} socket: {cpu:.3f} ms CPU per update (client + sending thread), "
            f"{reads:.1f} reads per update"
        )


if __name__ == "__main__":
    main()
