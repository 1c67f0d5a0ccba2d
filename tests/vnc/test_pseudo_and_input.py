"""Pseudo-encodings (resizes, cursors, LEDs, pointer mode, QEMU keys) and the bytes the
client sends for keys, pointer, clipboard and resize requests."""

from __future__ import annotations

import struct
import zlib
from typing import Any

from hvdesk.vnc.client import RfbClient
from tests.support import rfb_server as srv
from tests.support.rfb_server import (
    CLIP_CAPS,
    CLIP_NOTIFY,
    CLIP_PEEK,
    CLIP_PROVIDE,
    CLIP_REQUEST,
    CLIP_TEXT,
    RecordingListener,
    alpha_cursor,
    desktop_size,
    ext_clipboard,
    ext_desktop_size,
    ext_provide_text,
    led_state,
    picture,
    pointer_type,
    qemu_key_ack,
    raw_rect,
    rich_cursor,
    server_cut_text,
    update,
)
from tests.vnc.conftest import open_session, region, rgb_at

# -- resizes ---------------------------------------------------------------------------


def test_desktop_size_replaces_the_framebuffer(run: Any) -> None:
    async def scenario() -> None:
        s = await open_session(width=64, height=48)
        await s.server.update(raw_rect(0, 0, 64, 48, picture(64, 48)))
        await s.listener.next("framebuffer_updated")
        assert (await s.server.message_of("update_request")).fields == (1, 0, 0, 64, 48)
        old = s.client.framebuffer
        await s.server.update(desktop_size(100, 30))
        assert await s.listener.next("framebuffer_resized") == (100, 30)
        image = s.client.framebuffer
        assert image is not old
        assert (s.client.width, s.client.height) == (100, 30)
        assert (image.width(), image.height()) == (100, 30)
        assert region(image, 0, 0, 100, 30) == [(0, 0, 0)] * 3000  # black, opaque
        # A request went out as the update started (the old size); once the update is
        # done, another (incremental) covers the new size, and rects may use it.
        requests = [await s.server.message_of("update_request") for _ in range(2)]
        assert [r.fields for r in requests] == [(1, 0, 0, 64, 48), (1, 0, 0, 100, 30)]
        await s.server.update(raw_rect(90, 20, 10, 10, picture(10, 10)))
        assert await s.listener.next("framebuffer_updated") == (90, 20, 10, 10)
        s.close()

    run(scenario())


def test_extended_desktop_size(run: Any) -> None:
    async def scenario() -> None:
        s = await open_session(width=64, height=48)
        assert not s.client.supports_set_desktop_size
        # The answer to the first (full) request: same size, so nothing is replaced.
        image = s.client.framebuffer
        await s.server.update(ext_desktop_size(64, 48, screens=[(7, 0, 0, 64, 48, 0x5)]))
        await s.server.update(raw_rect(0, 0, 1, 1, [(1, 2, 3)]))
        await s.listener.next("framebuffer_updated")
        assert s.client.supports_set_desktop_size
        assert s.client.framebuffer is image
        assert s.listener.of("framebuffer_resized") == []

        s.client.set_desktop_size(800, 600)
        msg = await s.server.message_of("set_desktop_size")
        assert msg.fields == (800, 600, [(7, 0, 0, 800, 600, 0x5)])  # id and flags kept

        # Refused: the other fields are undefined, the size stays.
        await s.server.update(ext_desktop_size(1, 1, reason=1, status=1, screens=[]))
        await s.server.update(ext_desktop_size(800, 600, reason=1))
        assert await s.listener.next("framebuffer_resized") == (800, 600)
        assert s.listener.of("framebuffer_resized") == [(800, 600)]
        s.close()

    run(scenario())


def test_set_desktop_size_needs_the_servers_support(run: Any) -> None:
    async def scenario() -> None:
        s = await open_session()
        s.client.set_desktop_size(800, 600)  # never acknowledged: nothing sent
        s.client.request_update(incremental=False)
        msg = await s.server.message()
        assert msg.kind == "update_request" and msg.fields == (0, 0, 0, 64, 48)
        s.close()

    run(scenario())


# -- cursors -----------------------------------------------------------------------------


def test_rich_cursor(run: Any) -> None:
    async def scenario() -> None:
        s = await open_session()
        w, h = 11, 3  # a row of 11 pixels: 2 mask bytes per row
        pixels = picture(w, h, seed=5)
        mask = [(x + y) % 3 != 0 for y in range(h) for x in range(w)]
        await s.server.update(rich_cursor(4, 2, w, h, pixels, mask))
        image, hot_x, hot_y = await s.listener.next("cursor_changed")
        assert (hot_x, hot_y) == (4, 2)
        assert image.format() == image.Format.Format_ARGB32
        for y in range(h):
            for x in range(w):
                r, g, b = pixels[y * w + x]
                alpha = 0xFF if mask[y * w + x] else 0
                assert image.pixel(x, y) == (alpha << 24 | r << 16 | g << 8 | b), (x, y)
        # Cursor-only updates report no changed pixels.
        assert s.listener.of("framebuffer_updated") == []
        s.close()

    run(scenario())


def test_alpha_cursor_is_unpremultiplied(run: Any) -> None:
    async def scenario() -> None:
        s = await open_session()
        rgba = [(255, 0, 0, 255), (0, 255, 0, 128), (0, 0, 255, 0), (255, 255, 255, 64)]
        await s.server.update(alpha_cursor(1, 0, 2, 2, rgba))
        image, hot_x, hot_y = await s.listener.next("cursor_changed")
        assert (hot_x, hot_y) == (1, 0)
        assert image.format() == image.Format.Format_ARGB32
        colours = [image.pixelColor(i % 2, i // 2) for i in range(4)]
        assert colours[0].getRgb() == (255, 0, 0, 255)
        assert colours[2].alpha() == 0
        for colour, (r, g, b, a) in zip(colours[1::2], rgba[1::2], strict=True):
            assert colour.alpha() == a
            assert all(abs(c - e) <= 2 for c, e in zip(colour.getRgb()[:3], (r, g, b), strict=True))
        s.close()

    run(scenario())


def test_alpha_cursor_with_straight_alpha_from_older_qemu(run: Any) -> None:
    async def scenario() -> None:
        s = await open_session()
        # B, G, R, A bytes where a colour exceeds its alpha: not premultiplied data.
        data = bytes((200, 100, 50, 128, 0, 0, 0, 0))
        await s.server.update(srv.header(0, 0, 2, 1, srv.ALPHA_CURSOR) + bytes(4) + data)
        image, _, _ = await s.listener.next("cursor_changed")
        assert image.pixelColor(0, 0).getRgb() == (50, 100, 200, 128)
        assert image.pixelColor(1, 0).alpha() == 0
        s.close()

    run(scenario())


def test_an_empty_cursor_hides_it(run: Any) -> None:
    async def scenario() -> None:
        s = await open_session()
        await s.server.update(rich_cursor(0, 0, 0, 0, [], []))
        assert await s.listener.next("cursor_changed") == (None, 0, 0)
        s.close()

    run(scenario())


# -- LEDs, pointer mode, QEMU keys, bell -------------------------------------------------


def test_led_state(run: Any) -> None:
    async def scenario() -> None:
        s = await open_session()
        await s.server.update(led_state(0b010))
        await s.server.update(led_state(0b101))
        assert await s.listener.next("leds_changed") == (False, True, False)
        assert await s.listener.next("leds_changed") == (True, False, True)
        s.close()

    run(scenario())


def test_pointer_events_absolute_and_relative(run: Any) -> None:
    async def scenario() -> None:
        s = await open_session(width=64, height=48)
        assert s.client.absolute_pointer  # until the server says otherwise
        s.client.pointer_event(10, 20, 0b001)
        s.client.pointer_event(-5, 500, 0b100)  # clamped to the framebuffer
        assert (await s.server.message_of("pointer")).fields == (1, 10, 20)
        assert (await s.server.message_of("pointer")).fields == (4, 0, 47)

        await s.server.update(pointer_type(False))
        assert await s.listener.next("pointer_mode_changed") == (False,)
        assert not s.client.absolute_pointer
        s.client.pointer_event(3, -4, 0)
        s.client.pointer_event(0, 0, 0b1000)  # a wheel click, no motion
        s.client.pointer_event(-100000, 100000, 0)  # clamped to what a u16 can carry
        assert (await s.server.message_of("pointer")).fields == (0, 0x7FFF + 3, 0x7FFF - 4)
        assert (await s.server.message_of("pointer")).fields == (8, 0x7FFF, 0x7FFF)
        assert (await s.server.message_of("pointer")).fields == (0, 0, 0xFFFF)

        await s.server.update(pointer_type(True))
        assert await s.listener.next("pointer_mode_changed") == (True,)
        s.client.pointer_event(7, 8, 0)
        assert (await s.server.message_of("pointer")).fields == (0, 7, 8)
        s.close()

    run(scenario())


def test_key_events_use_scancodes_once_qemu_acknowledges_them(run: Any) -> None:
    async def scenario() -> None:
        s = await open_session()
        assert not s.client.supports_qemu_keys
        s.client.key_event(True, 0x61, 0x1E)  # 'a': no acknowledgement yet -> keysym
        s.client.key_event(False, 0x61, 0x1E)
        assert (await s.server.message_of("key")).fields == (1, 0x61)
        assert (await s.server.message_of("key")).fields == (0, 0x61)

        await s.server.update(qemu_key_ack())
        await s.server.update(raw_rect(0, 0, 1, 1, [(0, 0, 0)]))
        await s.listener.next("framebuffer_updated")
        assert s.client.supports_qemu_keys
        s.client.key_event(True, 0x61, 0x1E)
        s.client.key_event(False, 0xFFE4, 0x9D)  # Right Ctrl
        s.client.key_event(True, 0x62)  # no scancode: keysym
        s.client.key_event(True, 0, None)  # nothing to send
        s.client.key_event(True, 0, 0x30)  # scancode only
        assert (await s.server.message_of("qemu_key")).fields == (1, 0x61, 0x1E)
        assert (await s.server.message_of("qemu_key")).fields == (0, 0xFFE4, 0x9D)
        assert (await s.server.message_of("key")).fields == (1, 0x62)
        assert (await s.server.message_of("qemu_key")).fields == (1, 0, 0x30)
        s.close()

    run(scenario())


def test_key_event_bytes_on_the_wire(run: Any) -> None:
    async def scenario() -> None:
        s = await open_session()
        await s.server.update(qemu_key_ack())
        await s.server.update(raw_rect(0, 0, 1, 1, [(0, 0, 0)]))
        await s.listener.next("framebuffer_updated")
        for _ in range(2):  # one request after each of the two updates
            await s.server.message_of("update_request")
        s.client.key_event(True, 0x61, 0x1E)
        s.client.key_event(False, 0xFF0D)
        data = await s.server.reader.readexactly(12 + 8)
        assert data[:12] == bytes.fromhex("ff 00 0001 00000061 0000001e")
        assert data[12:] == bytes.fromhex("04 00 0000 0000ff0d")
        s.close()

    run(scenario())


def test_bell(run: Any) -> None:
    async def scenario() -> None:
        s = await open_session()
        await s.server.send(b"\x02\x02")
        await s.listener.next("bell")
        await s.listener.next("bell")
        s.close()

    run(scenario())


# -- clipboard ---------------------------------------------------------------------------


def test_plain_cut_text_both_ways(run: Any) -> None:
    async def scenario() -> None:
        s = await open_session()
        s.client.clipboard_from_guest = s.client.clipboard_to_guest = True
        assert not s.client.supports_clipboard
        await s.server.send(server_cut_text("héllo\nworld"))
        assert await s.listener.next("clipboard_received") == ("héllo\nworld",)
        s.client.cut_text("naïve\r\ntext → ✓")
        msg = await s.server.message_of("cut_text")
        assert msg.data == "naïve\ntext ? ?".encode("latin-1")
        s.close()

    run(scenario())


def test_extended_clipboard(run: Any) -> None:
    async def scenario() -> None:
        s = await open_session()
        s.client.clipboard_from_guest = s.client.clipboard_to_guest = True
        # QEMU's caps: text, all actions, and 0 as the largest unsolicited size.
        flags = CLIP_CAPS | CLIP_PROVIDE | CLIP_NOTIFY | CLIP_REQUEST | CLIP_TEXT
        await s.server.send(ext_clipboard(flags, struct.pack(">I", 0)))
        caps = await s.server.message_of("ext_clipboard")
        assert caps.fields[0] & CLIP_CAPS and caps.fields[0] & CLIP_TEXT
        assert struct.unpack(">I", caps.data) == (1024 * 1024,)
        assert s.client.supports_clipboard

        # Host -> guest: notify, the server requests, the client provides.
        s.client.cut_text("Grüße\nvom Host ✓")
        notify = await s.server.message_of("ext_clipboard")
        assert notify.fields == (CLIP_NOTIFY | CLIP_TEXT,)
        await s.server.send(ext_clipboard(CLIP_REQUEST | CLIP_TEXT))
        provide = await s.server.message_of("ext_clipboard")
        assert provide.fields == (CLIP_PROVIDE | CLIP_TEXT,)
        inflated = zlib.decompress(provide.data)
        (size,) = struct.unpack(">I", inflated[:4])
        assert inflated[4 : 4 + size] == "Grüße\r\nvom Host ✓\0".encode()

        # A peek is answered with a notify of what the client holds.
        await s.server.send(ext_clipboard(CLIP_PEEK))
        assert (await s.server.message_of("ext_clipboard")).fields == (CLIP_NOTIFY | CLIP_TEXT,)

        # Guest -> host: the server notifies, the client requests, the server provides.
        await s.server.send(ext_clipboard(CLIP_NOTIFY | CLIP_TEXT))
        assert (await s.server.message_of("ext_clipboard")).fields == (CLIP_REQUEST | CLIP_TEXT,)
        await s.server.send(ext_provide_text("from the guest\nline 2 ✓"))
        assert await s.listener.next("clipboard_received") == ("from the guest\nline 2 ✓",)
        s.close()

    run(scenario())


def test_clipboard_traffic_stops_while_the_console_does_not_allow_it(run: Any) -> None:
    """clipboard_from_guest off (as a client starts): nothing the guest offers
    reaches the listener and its notify is not answered with a request;
    clipboard_to_guest off: the guest's requests and peeks are not answered. What the
    client sends next (the notify of an explicit cut_text) is the first clipboard
    message the server gets."""

    async def scenario() -> None:
        s = await open_session()
        flags = CLIP_CAPS | CLIP_PROVIDE | CLIP_NOTIFY | CLIP_REQUEST | CLIP_PEEK | CLIP_TEXT
        await s.server.send(ext_clipboard(flags, struct.pack(">I", 0)))
        assert (await s.server.message_of("ext_clipboard")).fields[0] & CLIP_CAPS
        s.client.cut_text("offered before")
        assert (await s.server.message_of("ext_clipboard")).fields == (CLIP_NOTIFY | CLIP_TEXT,)
        # Closed until the console opens it.
        assert not s.client.clipboard_from_guest and not s.client.clipboard_to_guest
        await s.server.send(
            server_cut_text("plain")
            + ext_provide_text("provided")
            + ext_clipboard(CLIP_REQUEST | CLIP_TEXT)
            + ext_clipboard(CLIP_PEEK)
            + ext_clipboard(CLIP_NOTIFY | CLIP_TEXT)
            + b"\x02"  # a bell: everything before it has been read
        )
        await s.listener.next("bell")
        s.client.cut_text("sentinel")
        first = await s.server.message_of("ext_clipboard")
        assert first.fields == (CLIP_NOTIFY | CLIP_TEXT,)  # no request, provide, notify
        assert s.listener.of("clipboard_received") == []

        # Open again: the same messages are answered and reported.
        s.client.clipboard_from_guest = True
        s.client.clipboard_to_guest = True
        await s.server.send(ext_clipboard(CLIP_REQUEST | CLIP_TEXT))
        provide = await s.server.message_of("ext_clipboard")
        assert provide.fields == (CLIP_PROVIDE | CLIP_TEXT,)
        await s.server.send(server_cut_text("plain again"))
        assert await s.listener.next("clipboard_received") == ("plain again",)
        s.close()

    run(scenario())


# -- lifetime ----------------------------------------------------------------------------


def test_close_reports_a_clean_end_once(run: Any) -> None:
    async def scenario() -> None:
        s = await open_session()
        s.client.close()
        s.client.close()
        assert await s.listener.next("closed") == (None,)
        # Input after the end is dropped quietly.
        s.client.key_event(True, 0x61, 0x1E)
        s.client.pointer_event(1, 1, 0)
        s.client.cut_text("x")
        s.client.request_update()
        assert s.listener.of("closed") == [(None,)]
        assert not s.client.connected
        s.server.close()

    run(scenario())


def test_server_hanging_up_between_messages_is_a_clean_end(run: Any) -> None:
    async def scenario() -> None:
        s = await open_session()
        await s.server.update(raw_rect(0, 0, 2, 2, picture(2, 2)))
        await s.listener.next("framebuffer_updated")
        s.server.close()
        assert await s.listener.next("closed") == (None,)
        assert rgb_at(s.client.framebuffer, 1, 1) == picture(2, 2)[3]

    run(scenario())


def test_a_listener_that_fails_ends_only_its_connection(run: Any) -> None:
    class Failing(RecordingListener):
        def framebuffer_updated(self, x: int, y: int, width: int, height: int) -> None:
            raise RuntimeError("widget bug")

    async def scenario() -> None:
        s = await open_session(listener=Failing())
        await s.server.send(update(raw_rect(0, 0, 1, 1, [(1, 1, 1)])))
        (error,) = await s.listener.next("closed")
        assert error == ("The console connection failed inside hvdesk: RuntimeError('widget bug').")
        s.server.close()

    run(scenario())


def test_input_before_the_handshake_is_dropped() -> None:
    client = RfbClient(RecordingListener())
    client.key_event(True, 0x61, 0x1E)
    client.pointer_event(1, 1, 1)
    client.cut_text("x")
    client.set_desktop_size(10, 10)
    client.request_update()
    client.close()


def test_colour_map_entries_are_skipped(run: Any) -> None:
    async def scenario() -> None:
        s = await open_session()
        await s.server.send(struct.pack(">BxHH", 1, 0, 2) + bytes(12))
        await s.server.update(raw_rect(0, 0, 1, 1, [(9, 8, 7)]))
        await s.listener.next("framebuffer_updated")
        assert rgb_at(s.client.framebuffer, 0, 0) == (9, 8, 7)
        s.close()

    run(scenario())
