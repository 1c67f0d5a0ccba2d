"""A thread pool for blocking libvirt calls whose threads never block exit.

A call to a host that stopped answering can block for minutes. The standard
`ThreadPoolExecutor` joins its threads when the interpreter exits, which would
make quitting hvdesk hang; these threads are daemons instead.
"""

from __future__ import annotations

import concurrent.futures
import queue
import threading
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")

_Job = tuple[concurrent.futures.Future[Any], Callable[..., Any], tuple[Any, ...]]


class DaemonExecutor:
    def __init__(self, name: str, workers: int = 4) -> None:
        self._name = name
        self._max_workers = workers
        self._jobs: queue.SimpleQueue[_Job | None] = queue.SimpleQueue()
        self._threads: list[threading.Thread] = []
        self._idle = 0  # workers waiting for a job
        self._pending = 0  # jobs queued that no worker has taken yet
        self._lock = threading.Lock()
        self._settled = threading.Condition(self._lock)  # no job queued or running
        self._busy = 0  # jobs queued or running
        self._closed = False

    def submit(self, fn: Callable[..., T], *args: Any) -> concurrent.futures.Future[T]:
        future: concurrent.futures.Future[T] = concurrent.futures.Future()
        with self._lock:
            if self._closed:
                raise RuntimeError(f"{self._name}: executor is shut down")
            self._jobs.put((future, fn, args))
            self._pending += 1
            self._busy += 1
            # Threads start lazily, so an idle connection costs no threads. Count the
            # queued jobs, not just idle workers: one idle worker must not take two jobs
            # in a row while the first of them blocks.
            if self._pending > self._idle and len(self._threads) < self._max_workers:
                thread = threading.Thread(
                    target=self._work, name=f"{self._name}-{len(self._threads)}", daemon=True
                )
                self._threads.append(thread)
                thread.start()
        return future

    def wait_idle(self, timeout: float) -> bool:
        """Wait until no job is queued or running, for at most timeout seconds; whether
        the pool got there."""
        with self._settled:
            return self._settled.wait_for(lambda: self._busy == 0, timeout)

    def shutdown(self) -> None:
        with self._lock:
            self._closed = True
            for _ in self._threads:
                self._jobs.put(None)

    def _work(self) -> None:
        while True:
            with self._lock:
                self._idle += 1
            job = self._jobs.get()
            with self._lock:
                self._idle -= 1
                if job is not None:
                    self._pending -= 1
            if job is None:
                return
            future, fn, args = job
            try:
                if future.set_running_or_notify_cancel():
                    try:
                        future.set_result(fn(*args))
                    except BaseException as exc:  # handed to the awaiting coroutine
                        future.set_exception(exc)
            finally:
                with self._lock:
                    self._busy -= 1
                    if not self._busy:
                        self._settled.notify_all()
