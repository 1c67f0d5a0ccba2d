"""The Reader's jobs and slices: work deferred by a handler runs, piece by piece,
before the stream goes on; a spent slice suspends it, and bytes that arrive
meanwhile wait for resume()."""

from __future__ import annotations

from collections.abc import Iterator

from hvdesk.vnc.reader import Reader


class Script:
    """Reads 1-byte messages; message b"J" defers a 3-piece job that then defers a
    1-piece one at its end (as a decoder's last piece may)."""

    def __init__(self, reader: Reader) -> None:
        self.reader = reader
        self.log: list[str] = []
        self._next()

    def _next(self) -> None:
        self.reader.read(1, self._message, "a message")

    def _message(self, data: memoryview) -> None:
        name = bytes(data).decode()
        self.log.append(name)
        if name == "J":
            self.reader.defer(self._job())
        else:
            self._next()

    def _job(self) -> Iterator[None]:
        for piece in range(3):
            self.log.append(f"piece {piece}")
            yield
        self.reader.defer(self._tail())

    def _tail(self) -> Iterator[None]:
        self.log.append("tail")
        self._next()
        yield


def test_a_job_runs_before_the_stream_goes_on() -> None:
    reader = Reader()
    script = Script(reader)
    reader.feed(b"aJb")
    assert script.log == ["a", "J", "piece 0", "piece 1", "piece 2", "tail", "b"]
    assert not reader.busy


def test_a_spent_slice_suspends_and_keeps_what_arrives() -> None:
    reader = Reader()
    reader.slice_seconds = 0.0  # every step its own slice
    script = Script(reader)
    reader.feed(b"J")
    assert script.log == ["J"] and reader.suspended and reader.busy
    reader.feed(b"b")  # arrives while suspended: kept, not read
    assert script.log == ["J"]
    while reader.suspended:
        before = len(script.log)
        reader.resume()
        assert len(script.log) <= before + 1  # one step per slice
    assert script.log == ["J", "piece 0", "piece 1", "piece 2", "tail", "b"]
    assert not reader.busy
