"""libvirt's own event loop, on a daemon thread of its own.

libvirt delivers domain events and keepalives, and the embedded QEMU driver talks
to its QEMU monitors, only while this loop runs. It must be registered before the
first connection is opened. Callbacks run on this thread: they only hand work to
the asyncio loop with `call_soon_threadsafe`.
"""

from __future__ import annotations

import threading

import libvirt

_lock = threading.Lock()
_thread: threading.Thread | None = None


def _run_forever() -> None:
    while True:
        libvirt.virEventRunDefaultImpl()


def _ignore_error(_ctx: object, _err: object) -> None:
    pass


def ensure_event_loop() -> None:
    """Register libvirt's default event implementation and start its thread, once."""
    global _thread
    with _lock:
        if _thread is not None:
            return
        # libvirt prints every error to stderr by default; hvdesk reports them itself.
        libvirt.registerErrorHandler(_ignore_error, None)
        libvirt.virEventRegisterDefaultImpl()
        _thread = threading.Thread(target=_run_forever, name="libvirt-events", daemon=True)
        _thread.start()
