"""The RFB handshake: versions, security types, VNC Authentication, ServerInit."""

from __future__ import annotations

import asyncio
import struct
from typing import Any

import pytest

from hvdesk.vnc.client import LOCAL_ENCODINGS, REMOTE_ENCODINGS, connect_rfb
from hvdesk.vnc.errors import AuthenticationError, ProtocolError, RfbError
from tests.support.rfb_server import (
    RGB565_FORMAT,
    RecordingListener,
    RfbServer,
    Security,
    server_pair,
)
from tests.vnc.conftest import open_session


@pytest.mark.parametrize(
    ("offered", "answered"),
    [(b"RFB 003.008\n", b"RFB 003.008\n"), (b"RFB 003.007\n", b"RFB 003.007\n"),
     (b"RFB 003.003\n", b"RFB 003.003\n"), (b"RFB 003.005\n", b"RFB 003.003\n"),
     (b"RFB 003.889\n", b"RFB 003.008\n")],
)  # fmt: skip
def test_versions_with_security_none(run: Any, offered: bytes, answered: bytes) -> None:
    async def scenario() -> None:
        s = await open_session(version=offered)
        assert s.hello.version == answered
        assert s.hello.security == 1
        assert s.hello.shared == 1  # never disconnect other viewers
        assert s.listener.of("connected") == [("test desktop", 64, 48)]
        assert (s.client.width, s.client.height, s.client.name) == (64, 48, "test desktop")
        s.close()

    run(scenario())


@pytest.mark.parametrize("version", [b"RFB 003.008\n", b"RFB 003.007\n", b"RFB 003.003\n"])
def test_vnc_authentication_with_the_right_password(run: Any, version: bytes) -> None:
    async def scenario() -> None:
        security = Security(types=(2,), password="secret")
        s = await open_session(version=version, security=security, password="secret")
        assert s.hello.security == 2
        assert s.listener.of("connected")
        s.close()

    run(scenario())


def test_a_password_longer_than_eight_characters_is_cut(run: Any) -> None:
    async def scenario() -> None:
        security = Security(types=(2,), password="password123")
        s = await open_session(security=security, password="password123")
        assert s.listener.of("connected")
        s.close()

    run(scenario())


def test_security_none_is_preferred_when_both_are_offered(run: Any) -> None:
    async def scenario() -> None:
        s = await open_session(security=Security(types=(2, 1)), password="secret")
        assert s.hello.security == 1
        s.close()

    run(scenario())


async def _failed_handshake(
    *, password: str | None = None, raw_server: bytes | None = None, **server_options: Any
) -> tuple[RfbError, RecordingListener]:
    """Connect and expect the handshake to fail: (the error, the listener)."""
    server_sock, client_sock = server_pair()
    listener = RecordingListener()
    server = await RfbServer.on(server_sock, **server_options)
    server_task: asyncio.Future[Any]
    if raw_server is not None:
        await server.send(raw_server)
        server_task = asyncio.ensure_future(asyncio.sleep(0))
    else:
        server_task = asyncio.ensure_future(server.handshake())
    try:
        with pytest.raises(RfbError) as caught:
            await connect_rfb(client_sock, listener, password=password, timeout=5)
        await asyncio.wait_for(server_task, 5)
    finally:
        server.close()
    assert listener.events == []  # a failed handshake is reported by the exception only
    return caught.value, listener


def test_a_wrong_password_is_refused_with_the_servers_reason(run: Any) -> None:
    async def scenario() -> None:
        security = Security(types=(2,), password="secret", fail_auth="Wrong password")
        error, _ = await _failed_handshake(security=security, password="guess")
        assert isinstance(error, AuthenticationError)
        assert str(error) == "The VNC server refused the password: Wrong password."

    run(scenario())


def test_a_wrong_password_before_3_8_has_no_reason(run: Any) -> None:
    async def scenario() -> None:
        security = Security(types=(2,), password="secret")
        error, _ = await _failed_handshake(
            version=b"RFB 003.007\n", security=security, password="guess"
        )
        assert isinstance(error, AuthenticationError)
        assert str(error) == "The VNC server refused the password."

    run(scenario())


def test_a_missing_password_says_so(run: Any) -> None:
    async def scenario() -> None:
        error, _ = await _failed_handshake(security=Security(types=(2,), password="secret"))
        assert isinstance(error, AuthenticationError)
        assert str(error) == "The VNC server asks for a password, and none was given."

    run(scenario())


@pytest.mark.parametrize("version", [b"RFB 003.008\n", b"RFB 003.003\n"])
def test_a_refused_connection_gives_the_servers_reason(run: Any, version: bytes) -> None:
    async def scenario() -> None:
        error, _ = await _failed_handshake(
            version=version, security=Security(refuse="Too many clients")
        )
        assert str(error) == "The VNC server refused the connection: Too many clients."

    run(scenario())


def test_unsupported_security_types_are_named(run: Any) -> None:
    async def scenario() -> None:
        error, _ = await _failed_handshake(security=Security(types=(19, 18)))
        assert str(error) == (
            "The VNC server offers only security types hvdesk does not support (VeNCrypt, TLS)."
        )

    run(scenario())


def test_not_a_vnc_server(run: Any) -> None:
    async def scenario() -> None:
        error, _ = await _failed_handshake(raw_server=b"HTTP/1.1 400 Bad Request\r\n\r\n")
        assert str(error) == (
            "The other end is not a VNC server: it did not start with an RFB version."
        )

    run(scenario())


def test_an_unknown_major_version(run: Any) -> None:
    async def scenario() -> None:
        error, _ = await _failed_handshake(raw_server=b"RFB 004.001\n")
        assert str(error) == "The VNC server speaks RFB 4.1, which hvdesk does not support."

    run(scenario())


def test_a_server_that_hangs_up_during_the_handshake(run: Any) -> None:
    async def scenario() -> None:
        server_sock, client_sock = server_pair()
        server_sock.sendall(b"RFB 003.008\n")
        server_sock.close()
        with pytest.raises(RfbError) as caught:
            await connect_rfb(client_sock, RecordingListener(), timeout=5)
        assert str(caught.value) == (
            "The VNC server closed the connection while waiting for the server's security types."
        )

    run(scenario())


def test_a_silent_server_times_out(run: Any) -> None:
    async def scenario() -> None:
        server_sock, client_sock = server_pair()
        try:
            with pytest.raises(RfbError) as caught:
                await connect_rfb(client_sock, RecordingListener(), timeout=0.2)
            assert str(caught.value) == (
                "The VNC server did not finish its handshake within 0.2 seconds "
                "(waiting for the server's protocol version)."
            )
        finally:
            server_sock.close()

    run(scenario())


def test_a_huge_desktop_name_is_refused(run: Any) -> None:
    async def scenario() -> None:
        server_sock, client_sock = server_pair()
        server = await RfbServer.on(server_sock, name="x" * 5000)
        task = asyncio.ensure_future(server.handshake())
        with pytest.raises(ProtocolError) as caught:
            await connect_rfb(client_sock, RecordingListener(), timeout=5)
        assert str(caught.value) == (
            "The VNC server sent a desktop name of 5000 bytes; hvdesk accepts at most 4096."
        )
        await task
        server.close()

    run(scenario())


@pytest.mark.parametrize(("width", "height"), [(0, 10), (10, 0), (8193, 10), (10, 8193)])
def test_an_impossible_framebuffer_size_is_refused(run: Any, width: int, height: int) -> None:
    async def scenario() -> None:
        error, _ = await _failed_handshake(width=width, height=height)
        assert str(error) == (
            f"The VNC server announced a {width}×{height} framebuffer; hvdesk accepts "
            "1×1 to 8192×8192."
        )

    run(scenario())


def test_setup_in_qemus_native_format(run: Any) -> None:
    async def scenario() -> None:
        s = await open_session()
        assert s.pixel_format is None  # QEMU's format is the client's: no conversion
        assert s.encodings.fields == LOCAL_ENCODINGS
        assert s.first_request.fields == (0, 0, 0, 64, 48)  # full, not incremental
        image = s.client.framebuffer
        assert (image.width(), image.height()) == (64, 48)
        assert image.format() == image.Format.Format_RGB32
        assert image.pixel(10, 10) == 0xFF000000  # black until the first update
        s.close()

    run(scenario())


def test_other_pixel_formats_are_converted_by_the_server(run: Any) -> None:
    async def scenario() -> None:
        s = await open_session(pixel_format=RGB565_FORMAT, encodings=REMOTE_ENCODINGS)
        assert s.pixel_format is not None
        assert s.pixel_format.data == struct.pack(
            ">BBBBHHHBBBxxx", 32, 24, 0, 1, 255, 255, 255, 16, 8, 0
        )
        assert s.encodings.fields == REMOTE_ENCODINGS
        s.close()

    run(scenario())


def test_the_desktop_name_is_utf8(run: Any) -> None:
    async def scenario() -> None:
        s = await open_session(name="Débian — ünïcode ✓")
        assert s.client.name == "Débian — ünïcode ✓"
        s.close()

    run(scenario())


def test_unknown_encodings_cannot_be_asked_for() -> None:
    with pytest.raises(ValueError, match="cannot decode"):
        from hvdesk.vnc.client import RfbClient

        RfbClient(RecordingListener(), encodings=(5,))  # Hextile
