"""An RFB (VNC) client for guest consoles, written for hvdesk. No widgets.

The server is treated as hostile: every size is checked against `limits` before
memory is touched, heavy decoding runs in short slices between the event loop's
other work, a server that asks for far more work than its screen needs is
disconnected, and a malformed stream ends that connection with a `ProtocolError`,
never the application.

    client.py      RfbClient: the state machine on an asyncio.BufferedProtocol, and
                   connect_rfb(); LOCAL_ENCODINGS / REMOTE_ENCODINGS
    qt_transport.py QtSocketTransport: the socket read in QSocketNotifier's slot (no
                   per-read asyncio bookkeeping), SO_RCVLOWAT on TCP
    listener.py    ConsoleListener: what the client tells the console widget
    reader.py      Reader: cuts the byte stream into the pieces each state asks for,
                   and lets the socket write Raw pixels straight into the image
    encodings/     one decoder per encoding: raw, zlib, tight, zrle, cursor
                   (RichCursor), alpha_cursor, desktop_size, extended_desktop_size,
                   pointer_type, qemu_key, led_state; inflate.py caps zlib output
    clipboard.py   the Extended Clipboard messages
    pixels.py      the one pixel format (Format_RGB32) and bulk pixel operations
    des.py         DES for VNC Authentication
    keymap.py      X11/evdev keycodes -> QEMU scancodes, Qt keys -> X keysyms
    limits.py      the ceilings on what a server may make the client allocate or
                   compute, and the slice the client decodes in at a time
    rfb.py         protocol numbers
    errors.py      RfbError, AuthenticationError, ProtocolError
"""
