"""worker: the daemon-thread pool every libvirt call runs on."""

from __future__ import annotations

import subprocess
import sys
import threading
import time

import pytest

from hvdesk.core.worker import DaemonExecutor


class Boom(Exception):
    pass


def test_runs_jobs_with_arguments() -> None:
    pool = DaemonExecutor("t")
    try:
        assert pool.submit(lambda a, b: a + b, 2, 3).result(timeout=5) == 5
        results = [pool.submit(pow, i, 2) for i in range(50)]
        assert [f.result(timeout=5) for f in results] == [i * i for i in range(50)]
    finally:
        pool.shutdown()


def test_propagates_exceptions() -> None:
    pool = DaemonExecutor("t")

    def fail() -> None:
        raise Boom("libvirt said no")

    try:
        future = pool.submit(fail)
        with pytest.raises(Boom, match="libvirt said no"):
            future.result(timeout=5)
        # The worker survives a failing job.
        assert pool.submit(lambda: "still here").result(timeout=5) == "still here"
    finally:
        pool.shutdown()


def test_threads_are_daemons_and_named() -> None:
    pool = DaemonExecutor("libvirt-x", workers=2)
    try:
        names: list[str] = []
        barrier = threading.Barrier(3)

        def job() -> bool:
            names.append(threading.current_thread().name)
            barrier.wait(5)
            return threading.current_thread().daemon

        futures = [pool.submit(job), pool.submit(job)]
        barrier.wait(5)
        assert [f.result(timeout=5) for f in futures] == [True, True]
        assert sorted(names) == ["libvirt-x-0", "libvirt-x-1"]
    finally:
        pool.shutdown()


def test_no_threads_until_first_job_and_at_most_max_workers() -> None:
    pool = DaemonExecutor("lazy-pool", workers=3)
    try:
        assert not any(t.name.startswith("lazy-pool") for t in threading.enumerate())
        release = threading.Event()
        futures = [pool.submit(release.wait, 5) for _ in range(10)]
        time.sleep(0.1)
        running = [t for t in threading.enumerate() if t.name.startswith("lazy-pool")]
        assert len(running) == 3
        release.set()
        assert all(f.result(timeout=5) for f in futures)
    finally:
        pool.shutdown()


@pytest.mark.parametrize("warm", [False, True])
def test_a_blocked_job_does_not_hold_up_others(warm: bool) -> None:
    """A hung libvirt call must not stall the next ones while workers are free.

    `warm`: one worker already exists and is idle when the two jobs arrive together,
    the case where a single idle worker could take both jobs one after the other.
    """
    pool = DaemonExecutor("t", workers=4)
    release = threading.Event()
    try:
        if warm:
            assert pool.submit(lambda: 1).result(timeout=5) == 1
            time.sleep(0.05)  # the worker is back waiting for a job
        blocked = pool.submit(release.wait, 30)
        quick = pool.submit(lambda: "done")
        assert quick.result(timeout=2) == "done"
        assert not blocked.done()
        # Two more hung calls still leave one worker for a quick one.
        pool.submit(release.wait, 30)
        pool.submit(release.wait, 30)
        assert pool.submit(lambda: "again").result(timeout=2) == "again"
    finally:
        release.set()
        pool.shutdown()
    assert blocked.result(timeout=5) is True


def test_queued_jobs_wait_when_all_workers_are_busy() -> None:
    pool = DaemonExecutor("t", workers=1)
    release = threading.Event()
    try:
        pool.submit(release.wait, 30)
        queued = pool.submit(lambda: "later")
        time.sleep(0.1)
        assert not queued.done()
        release.set()
        assert queued.result(timeout=5) == "later"
    finally:
        release.set()
        pool.shutdown()


def test_shutdown_refuses_new_jobs_and_ends_idle_threads() -> None:
    pool = DaemonExecutor("ending-pool", workers=2)
    pool.submit(lambda: None).result(timeout=5)
    pool.shutdown()
    with pytest.raises(RuntimeError, match="shut down"):
        pool.submit(lambda: None)
    deadline = time.monotonic() + 5
    while any(t.name.startswith("ending-pool") for t in threading.enumerate()):
        assert time.monotonic() < deadline, "idle worker did not end after shutdown"
        time.sleep(0.01)


def test_a_hung_job_does_not_keep_the_process_alive() -> None:
    code = (
        "import threading\n"
        "from hvdesk.core.worker import DaemonExecutor\n"
        "pool = DaemonExecutor('t')\n"
        "pool.submit(threading.Event().wait)\n"  # blocks forever
        "print('exiting', flush=True)\n"
    )
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=20)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "exiting"
    assert time.monotonic() - started < 10


def test_wait_idle_returns_once_running_and_queued_jobs_are_done() -> None:
    pool = DaemonExecutor("idle", workers=1)
    release = threading.Event()
    try:
        first = pool.submit(release.wait, 5)
        second = pool.submit(lambda: "second")  # queued behind the first
        assert pool.wait_idle(0.1) is False  # still running
        release.set()
        assert pool.wait_idle(5) is True
        assert first.done() and second.result() == "second"
        assert pool.wait_idle(0) is True  # nothing to wait for
    finally:
        pool.shutdown()
