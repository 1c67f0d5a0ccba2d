"""Full-screen Raw updates, the local console's hot path: many in a row, in pieces
and over a real socket, each one lands whole. (What they cost is measured by
tests/bench/bench_rfb_client.py, not here.)"""

from __future__ import annotations

import asyncio
from typing import Any

from hvdesk.vnc.client import RfbClient
from tests.support.rfb_server import (
    FakeTransport,
    RecordingListener,
    feed_in_pieces,
    handshake_bytes,
    picture,
    striped_update,
)
from tests.vnc.conftest import open_session, region

W, H = 1024, 768
CHUNK = 256 * 1024  # what recv_into hands over from a UNIX socket


def full_update(seed: int) -> bytes:
    return striped_update(W, H, seed)


def feed_in_chunks(client: RfbClient, data: bytes) -> None:
    feed_in_pieces(client, data, CHUNK)


def test_raw_full_updates_fed_in_pieces_each_land_whole(qapp: Any) -> None:
    listener = RecordingListener()
    client = RfbClient(listener)
    client.connection_made(FakeTransport())
    feed_in_chunks(client, handshake_bytes(W, H))
    assert listener.of("connected") == [("fake", W, H)]
    updates = [full_update(seed) for seed in range(3)]
    for i in range(30):
        feed_in_chunks(client, updates[i % 3])
        assert region(client.framebuffer, 0, H - 2, W, 2) == picture(W, 1, i % 3) * 2
    assert listener.of("framebuffer_updated") == [(0, 0, W, H)] * 30


def test_raw_full_updates_over_a_socket(run: Any) -> None:
    async def scenario() -> None:
        s = await open_session(width=W, height=H)
        updates = [full_update(seed) for seed in range(2)]
        count = 40
        for i in range(count):
            s.server.writer.write(updates[i % 2])
        await s.server.writer.drain()
        while len(s.listener.of("framebuffer_updated")) < count:
            await asyncio.sleep(0.001)
        assert region(s.client.framebuffer, 0, H - 1, W, 1) == picture(W, 1, (count - 1) % 2)
        s.close()

    run(scenario())
