"""Cutting the server's byte stream into the pieces the protocol asks for.

The protocol (an asyncio.BufferedProtocol) hands `get_buffer()` / `filled()`
through to a Reader. At any moment the Reader has exactly one pending step, set by
the protocol's current state:

- `read(n, handler)`: call handler with the next n bytes (a memoryview valid only
  during the call), once they have all arrived;
- `stream(n, on_chunk, on_done)`: pass the next n bytes on piece by piece as they
  arrive (compressed data, long cut texts), then call on_done;
- `receive_into(n, target, on_done)`: let the socket write the next n bytes
  straight into target() — a writable memoryview, e.g. rows of the framebuffer
  image — and call on_done. Bytes already buffered are copied first; after that
  `get_buffer()` returns the target itself, so recv_into() fills it without any
  copy in Python.
- `receive_rows(height, row_bytes, rows, on_done)`: the same for a rectangle
  narrower than the image, whose rows are not contiguous: `get_buffers()` offers the
  rows still to fill (rows(first, count) gives views of them), for a transport that
  scatters one read over them (recvmsg_into); a transport that does not ask gets the
  reader's buffer, and pump() copies row by row.

Each handler sets the next step before it returns; `pump()` runs steps in a loop
(no recursion) for as long as the buffered bytes satisfy them.

Heavy work is a job (`defer(job)`): a generator whose every next() is one bounded
piece (a row, a tile, a megabyte inflated). A handler that defers a job returns at
once; the job runs before the reader goes on, and its last piece sets the next step.
With `slice_seconds` set, `pump()` stops once a slice of that length is spent and
sets `suspended`: the caller lets its event loop run, then calls `resume()`. Bytes
that arrive meanwhile are kept, not processed.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from enum import Enum

ReadHandler = Callable[[memoryview], None]
Done = Callable[[], None]

INITIAL_CAPACITY = 256 * 1024
MIN_FREE = 64 * 1024
# Rows offered to one scattered read (Linux takes up to 1024 buffers in one call).
MAX_ROWS_PER_READ = 256

Rows = Callable[[int, int], list[memoryview]]
# A job: each next() does one bounded piece of work; the last piece sets the next step.
Job = Iterator[None]


class _Mode(Enum):
    IDLE = 0
    READ = 1
    STREAM = 2
    INTO = 3
    ROWS = 4


class Reader:
    def __init__(self, capacity: int = INITIAL_CAPACITY) -> None:
        self._buf = bytearray(capacity)
        self._mv = memoryview(self._buf)
        self._start = 0
        self._end = 0
        self._mode = _Mode.IDLE
        self._need = 0
        self._on_read: ReadHandler | None = None
        self._left = 0
        self._on_chunk: ReadHandler | None = None
        self._on_done: Done | None = None
        self._target: Callable[[], memoryview] | None = None
        self._pos = 0
        self._rows: Rows | None = None
        self._row_bytes = 0
        self._scattered = False  # get_buffers() was asked last, not get_buffer()
        self._jobs: list[Job] = []  # the last deferred runs first
        self.what = ""  # what is being read now, for "closed in the middle of ..."
        self.stopped = False
        # How long pump() may run before it stops (None: until it waits for bytes).
        self.slice_seconds: float | None = None
        self.suspended = False  # pump() stopped with work left: call resume()
        self._spare = bytearray(4096)

    # -- steps ---------------------------------------------------------------------

    def read(self, n: int, handler: ReadHandler, what: str) -> None:
        self._mode = _Mode.READ
        self._need = n
        self._on_read = handler
        self.what = what

    def stream(self, n: int, on_chunk: ReadHandler, on_done: Done, what: str) -> None:
        self._mode = _Mode.STREAM
        self._left = n
        self._on_chunk = on_chunk
        self._on_done = on_done
        self.what = what

    def collect(self, n: int, on_done: Callable[[bytearray], None], what: str) -> None:
        """read() for lengths too large to buffer whole: the bytes are gathered in a
        bytearray of their own (n must already be checked against a limit)."""
        data = bytearray()
        self.stream(n, data.extend, lambda: on_done(data), what)

    def receive_into(
        self, n: int, target: Callable[[], memoryview], on_done: Done, what: str
    ) -> None:
        self._mode = _Mode.INTO
        self._left = n
        self._pos = 0
        self._target = target
        self._on_done = on_done
        self.what = what

    def receive_rows(
        self, height: int, row_bytes: int, rows: Rows, on_done: Done, what: str
    ) -> None:
        self._mode = _Mode.ROWS
        self._left = height * row_bytes
        self._pos = 0
        self._row_bytes = row_bytes
        self._rows = rows
        self._on_done = on_done
        self.what = what

    def defer(self, job: Job) -> None:
        """Run job's pieces before the current step goes on (the deferring handler
        returns at once; the job's last piece sets the next step if it changes). A
        job may defer another: that one runs first."""
        self._jobs.append(job)

    @property
    def busy(self) -> bool:
        """A job is pending or the last pump() was suspended."""
        return self.suspended or bool(self._jobs)

    @property
    def buffered(self) -> int:
        return self._end - self._start

    def bytes_expected(self) -> int:
        """How many more bytes the current step waits for before it can finish (at
        least 1): the transport need not wake up for fewer."""
        if self._jobs:
            return 1  # the step after the job is not known yet
        mode = self._mode
        if mode is _Mode.INTO or mode is _Mode.ROWS:
            return max(self._left - (self._end - self._start), 1)
        if mode is _Mode.READ:
            return max(self._need - (self._end - self._start), 1)
        return 1  # a stream takes any piece; between steps, anything may come

    # -- the transport side ----------------------------------------------------------

    def get_buffer(self) -> memoryview:
        self._scattered = False
        if self.stopped:
            return memoryview(self._spare)
        if self._mode is _Mode.INTO and self._start == self._end and self._target is not None:
            return self._target()[self._pos : self._pos + self._left]
        if self._start == self._end:
            self._start = self._end = 0
        if len(self._buf) - self._end < MIN_FREE:
            self._make_room(MIN_FREE)
        return self._mv[self._end :]

    def get_buffers(self) -> list[memoryview] | None:
        """The rows a scattered read may fill now, or None: use get_buffer()."""
        if self.stopped or self._mode is not _Mode.ROWS or self._start != self._end:
            return None
        assert self._rows is not None
        first, offset = divmod(self._pos, self._row_bytes)
        # The rectangle ends at a row's end: exactly its remaining bytes are offered,
        # never a byte of the message after it.
        count = min((offset + self._left) // self._row_bytes, MAX_ROWS_PER_READ)
        views = self._rows(first, count)
        if offset:
            views[0] = views[0][offset:]
        self._scattered = True  # what filled() is told next went into these rows
        return views

    def filled(self, nbytes: int) -> None:
        """nbytes arrived in the buffer get_buffer() returned (or the ones
        get_buffers() returned); run the steps."""
        if self.stopped:
            return
        scattered, self._scattered = self._scattered, False
        if scattered or (self._mode is _Mode.INTO and self._start == self._end):
            self._pos += nbytes
            self._left -= nbytes
        else:
            self._end += nbytes
        if not self.suspended:
            self.pump()

    def resume(self) -> None:
        """Go on after a suspended pump()."""
        self.suspended = False
        self.pump()

    def feed(self, data: bytes) -> None:
        """Pass bytes in as the transport would (tests and the fuzzer use this)."""
        view = memoryview(data)
        while view and not self.stopped:
            buf = self.get_buffer()
            n = min(len(buf), len(view))
            buf[:n] = view[:n]
            view = view[n:]
            self.filled(n)

    def pump(self) -> None:
        """Run steps while the buffered bytes satisfy them, within one slice."""
        self.suspended = False
        limit = self.slice_seconds
        if limit is None:
            while not self.stopped and self._step():
                pass
            return
        deadline = time.perf_counter() + limit
        while not self.stopped and self._step():
            if time.perf_counter() >= deadline:
                self.suspended = not self.stopped
                return

    def _step(self) -> bool:
        """One step, or one piece of the pending job; False: it waits for bytes."""
        if self._jobs:
            job = self._jobs[-1]
            try:
                next(job)
            except StopIteration:
                self._jobs.remove(job)  # its last piece may have deferred another
            return True
        mode = self._mode
        avail = self._end - self._start
        if mode is _Mode.READ:
            n = self._need
            if avail < n:
                if self._start + n > len(self._buf):
                    self._make_room(n - avail)
                return False
            start = self._start
            self._start = start + n
            view = self._mv[start : start + n]
            handler = self._on_read
            assert handler is not None
            try:
                handler(view)
            finally:
                view.release()
        elif mode is _Mode.STREAM:
            if self._left:
                if not avail:
                    return False
                n = min(avail, self._left)
                start = self._start
                self._start = start + n
                self._left -= n
                view = self._mv[start : start + n]
                on_chunk = self._on_chunk
                assert on_chunk is not None
                try:
                    on_chunk(view)
                finally:
                    view.release()
            else:
                self._finish()
        elif mode is _Mode.INTO:
            if self._left and avail:
                n = min(avail, self._left)
                assert self._target is not None
                target = self._target()
                target[self._pos : self._pos + n] = self._mv[self._start : self._start + n]
                self._start += n
                self._pos += n
                self._left -= n
            if self._left:
                return False
            self._finish()
        elif mode is _Mode.ROWS:
            if self._left and avail:
                self._copy_rows(min(avail, self._left))
            if self._left:
                return False
            self._finish()
        else:
            return False
        if self._start == self._end:
            self._start = self._end = 0
        return True

    def _copy_rows(self, n: int) -> None:
        """n buffered bytes into the rows, from where the rectangle has got to."""
        assert self._rows is not None
        row_bytes = self._row_bytes
        first, offset = divmod(self._pos, row_bytes)
        count = -(-(offset + n) // row_bytes)
        src = self._mv[self._start : self._start + n]
        done = 0
        for view in self._rows(first, count):
            piece = min(row_bytes - offset, n - done)
            view[offset : offset + piece] = src[done : done + piece]
            done += piece
            offset = 0
        src.release()
        self._start += n
        self._pos += n
        self._left -= n

    def _finish(self) -> None:
        on_done = self._on_done
        assert on_done is not None
        self._mode = _Mode.IDLE
        self._target = None
        self._rows = None
        on_done()

    def _make_room(self, free: int) -> None:
        """At least `free` bytes after the buffered ones: move them to the front, and
        grow the buffer when that is not enough."""
        live = self._end - self._start
        if live + free <= len(self._buf):
            self._buf[:live] = self._buf[self._start : self._end]
        else:
            grown = bytearray(max(live + free, 2 * len(self._buf)))
            grown[:live] = self._buf[self._start : self._end]
            self._mv.release()
            self._buf = grown
            self._mv = memoryview(grown)
        self._start, self._end = 0, live

    def shrink(self) -> None:
        """Give back a buffer that a large read made grow."""
        if len(self._buf) > INITIAL_CAPACITY and self._end - self._start <= INITIAL_CAPACITY:
            live = bytes(self._mv[self._start : self._end])
            self._mv.release()
            self._buf = bytearray(INITIAL_CAPACITY)
            self._buf[: len(live)] = live
            self._mv = memoryview(self._buf)
            self._start, self._end = 0, len(live)
