"""How much Python a Raw full update costs (the local console's hot path).

The figure asserted is the client's own cost: a 1024×768 Raw FramebufferUpdate fed
to the protocol in 256 KiB pieces (what recv_into hands over from a UNIX socket),
straight into the framebuffer image, including the one copy per piece that the
kernel would otherwise make. The end-to-end figure (over a socketpair on the qasync
loop) is printed for the record.
"""

from __future__ import annotations

import asyncio
import statistics
import time
from typing import Any

from hvdesk.vnc.client import RfbClient
from tests.support.rfb_server import (
    FakeTransport,
    RecordingListener,
    handshake_bytes,
    picture,
    raw_rect,
    update,
)
from tests.vnc.conftest import open_session, region

W, H = 1024, 768
CHUNK = 256 * 1024


def full_update(seed: int) -> bytes:
    row = picture(W, 1, seed)
    return update(raw_rect(0, 0, W, H, row * H))


def feed_in_chunks(client: RfbClient, data: bytes) -> None:
    view = memoryview(data)
    while view:
        buf = client.get_buffer(-1)
        n = min(len(buf), len(view), CHUNK)
        buf[:n] = view[:n]
        view = view[n:]
        client.buffer_updated(n)


def test_raw_full_update_costs_well_under_10_ms(qapp: Any) -> None:
    listener = RecordingListener()
    client = RfbClient(listener)
    client.connection_made(FakeTransport())
    feed_in_chunks(client, handshake_bytes(W, H))
    assert listener.of("connected") == [("fake", W, H)]
    updates = [full_update(seed) for seed in range(3)]
    times = []
    for i in range(30):
        data = updates[i % 3]
        t0 = time.perf_counter()
        feed_in_chunks(client, data)
        times.append(time.perf_counter() - t0)
    assert len(listener.of("framebuffer_updated")) == 30
    assert region(client.framebuffer, 0, 0, W, 2) == picture(W, 1, 29 % 3) * 2
    median = statistics.median(times) * 1000
    print(
        f"\nRaw 1024x768 full update, fed in 256 KiB pieces: median {median:.2f} ms, "
        f"min {min(times) * 1000:.2f} ms, max {max(times) * 1000:.2f} ms"
    )
    assert median < 10


def test_raw_full_updates_over_a_socket(run: Any) -> None:
    async def scenario() -> None:
        s = await open_session(width=W, height=H)
        updates = [full_update(seed) for seed in range(2)]
        count = 40
        t0 = time.perf_counter()
        cpu0 = time.process_time()
        for i in range(count):
            s.server.writer.write(updates[i % 2])
        await s.server.writer.drain()
        while len(s.listener.of("framebuffer_updated")) < count:
            await asyncio.sleep(0.001)
        wall = (time.perf_counter() - t0) / count * 1000
        cpu = (time.process_time() - cpu0) / count * 1000
        print(
            f"\nRaw 1024x768 over a socketpair on the qasync loop: {wall:.2f} ms/update wall, "
            f"{cpu:.2f} ms/update CPU (client and test server together)"
        )
        assert region(s.client.framebuffer, 0, H - 1, W, 1) == picture(W, 1, (count - 1) % 2)
        s.close()

    run(scenario())
