"""One libvirt connection: open, watch, lose and regain it, and the VMs it holds.

Every libvirt call runs on the connection's worker threads and is awaited from the
asyncio (qasync) loop. libvirt's event thread only hands events over with
`call_soon_threadsafe`; lifecycle events, not polling, keep the VM states current.

Nothing that runs in the background here (the retry loop, the batched re-reads, the
KVM probe, libvirt's callbacks) ends on an exception, whatever it is: it is logged with
its traceback and told as a sentence (the state's error, or `problemReported`).
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import dataclasses
import logging
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

import libvirt
from PySide6.QtCore import QObject, Signal

from hvdesk.core import embed, events
from hvdesk.core.accel import host_offers_kvm
from hvdesk.core.errors import HvdeskError, from_libvirt
from hvdesk.core.uris import display_name, is_remote, validate_uri
from hvdesk.core.vm import DomainSnapshot, SnapshotReader, VirtualMachine
from hvdesk.core.worker import DaemonExecutor
from hvdesk.i18n import QT_TRANSLATE_NOOP, TranslatedEnum, fill, translate

T = TypeVar("T")
log = logging.getLogger(__name__)

DEFAULT_OPEN_TIMEOUT = 20.0
RETRY_DELAYS = (1.0, 2.0, 4.0, 8.0, 15.0, 30.0, 60.0)
# At exit, how long the embedded driver's calls and close may take (Connection.shutdown).
EXIT_WAIT = 10.0

_CLOSE_REASONS = {
    libvirt.VIR_CONNECT_CLOSE_REASON_ERROR: QT_TRANSLATE_NOOP("Connection", "a connection error"),
    libvirt.VIR_CONNECT_CLOSE_REASON_EOF: QT_TRANSLATE_NOOP(
        "Connection", "the other end closed it"
    ),
    libvirt.VIR_CONNECT_CLOSE_REASON_KEEPALIVE: QT_TRANSLATE_NOOP(
        "Connection", "the host stopped answering"
    ),
    libvirt.VIR_CONNECT_CLOSE_REASON_CLIENT: QT_TRANSLATE_NOOP("Connection", "it was closed here"),
}


@dataclass
class _Link:
    """An open libvirt connection and the callbacks hvdesk registered on it."""

    conn: libvirt.virConnect
    callback_ids: list[int] = field(default_factory=list)

    def close(self) -> None:
        """Worker thread: unsubscribe and close; a dead link fails quietly."""
        for callback_id in self.callback_ids:
            with contextlib.suppress(libvirt.libvirtError):
                self.conn.domainEventDeregisterAny(callback_id)
        with contextlib.suppress(libvirt.libvirtError):
            self.conn.unregisterCloseCallback()
        with contextlib.suppress(libvirt.libvirtError):
            self.conn.close()


class ConnectionState(TranslatedEnum):
    DISCONNECTED = QT_TRANSLATE_NOOP("ConnectionState", "Not connected")
    CONNECTING = QT_TRANSLATE_NOOP("ConnectionState", "Connecting…")
    CONNECTED = QT_TRANSLATE_NOOP("ConnectionState", "Connected")
    RECONNECTING = QT_TRANSLATE_NOOP("ConnectionState", "Connection lost, reconnecting…")
    FAILED = QT_TRANSLATE_NOOP("ConnectionState", "Could not connect")


@dataclass(frozen=True)
class HostInfo:
    hostname: str
    cpus: int
    memory_mib: int
    arch: str
    kvm: bool | None = None  # None until probed: the probe can take seconds, the list must not


def _no_interactive_auth(creds: list[list[Any]], _opaque: object) -> int:
    return -1  # no prompt from a worker thread; SSH keys and agents still work


class Connection(QObject):
    # Each signal carries its sender, so receivers can connect bound methods (which Qt
    # disconnects when the receiver is destroyed) rather than lambdas.
    stateChanged = Signal(object)  # Connection
    vmsReset = Signal(object)  # Connection: the whole VM list was replaced
    vmAdded = Signal(object)
    vmChanged = Signal(object)
    vmRemoved = Signal(object)
    # HvdeskError: a background job failed (a VM could not be re-read, statistics could
    # not be sampled, …); the connection carries on.
    problemReported = Signal(object)

    def __init__(
        self,
        uri: str,
        *,
        open_timeout: float = DEFAULT_OPEN_TIMEOUT,
        retry_delays: Sequence[float] = RETRY_DELAYS,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.uri = validate_uri(uri)
        self.name = display_name(self.uri)
        self.open_timeout = open_timeout
        self.retry_delays = tuple(retry_delays)
        self.state = ConnectionState.DISCONNECTED
        self.error: HvdeskError | None = None
        self.host: HostInfo | None = None
        self.vms: dict[str, VirtualMachine] = {}
        self.retry_attempt = 0
        self._link: _Link | None = None
        self._pool = DaemonExecutor(f"libvirt-{self.name}")
        self._loop: asyncio.AbstractEventLoop | None = None
        self._dirty: set[str] = set()
        self.snapshots = SnapshotReader()  # worker threads read domains through it
        self._applied_reads: dict[str, int] = {}  # per UUID, the newest read applied
        self._flush_scheduled = False
        self._retry_task: asyncio.Task[None] | None = None
        self._probe_task: asyncio.Future[None] | None = None
        self._generation = 0  # bumped on every open/close; stale callbacks compare it

    # ---- state -------------------------------------------------------------------------

    @property
    def is_connected(self) -> bool:
        return self.state is ConnectionState.CONNECTED

    def status_text(self) -> str:
        if self.state is ConnectionState.RECONNECTING and self.error:
            return fill(
                translate("Connection", "Connection lost (%1); reconnecting, attempt %2"),
                self.error.detail,
                self.retry_attempt,
            )
        if self.state is ConnectionState.FAILED and self.error:
            return self.error.sentence()
        return self.state.label

    def _set_state(self, state: ConnectionState, error: HvdeskError | None = None) -> None:
        self.state = state
        self.error = error
        self.stateChanged.emit(self)

    def sorted_vms(self) -> list[VirtualMachine]:
        return sorted(self.vms.values(), key=lambda vm: (vm.name.lower(), vm.uuid))

    def report_problem(self, what: str, exc: BaseException, hint: str = "") -> HvdeskError:
        """A background job failed and goes on: log it (with the traceback of anything
        unexpected) and tell the window as a sentence."""
        error = from_libvirt(what, exc)
        if hint and not error.hint:
            error.hint = hint
        if isinstance(exc, HvdeskError | libvirt.libvirtError):
            log.warning("%s", error.sentence())
        else:
            log.error("%s", error.sentence(), exc_info=exc)
        self.problemReported.emit(error)
        return error

    # ---- calls ---------------------------------------------------------------------------

    async def call(self, fn: Callable[[libvirt.virConnect], T]) -> T:
        """Run fn(virConnect) on a worker thread and await its result."""
        link = self._link
        if link is None or not self.is_connected:
            raise HvdeskError(
                fill(translate("Connection", "%1 is not connected"), self.name),
                hint=translate("Connection", "Connect to it first"),
            )
        conn = link.conn
        generation = self._generation
        try:
            return await asyncio.wrap_future(self._pool.submit(fn, conn))
        except libvirt.libvirtError:
            # A failed call is often the first sign of a dead link.
            alive = await asyncio.wrap_future(self._pool.submit(_is_alive, conn))
            if not alive and generation == self._generation:
                self._connection_lost(translate("Connection", "the connection broke during a call"))
            raise

    async def call_domain(self, uuid: str, fn: Callable[[libvirt.virDomain], T]) -> T:
        def run(conn: libvirt.virConnect) -> T:
            return fn(conn.lookupByUUIDString(uuid))

        return await self.call(run)

    # ---- opening and closing -------------------------------------------------------------

    async def open(self) -> bool:
        """Open the connection and load its VMs; on failure the state says why. Never raises."""
        if self.state in (ConnectionState.CONNECTING, ConnectionState.CONNECTED):
            return self.is_connected
        self._cancel_retry()
        self._set_state(ConnectionState.CONNECTING)
        try:
            await self._establish()
        except Exception as exc:
            self._set_state(ConnectionState.FAILED, self._open_failure(exc))
            return False
        self._set_state(ConnectionState.CONNECTED)
        return True

    def _open_failure(self, exc: Exception) -> HvdeskError:
        """An open failed: HvdeskErrors as they are; anything else logged with its
        traceback and told with its type and message."""
        if isinstance(exc, HvdeskError):
            return exc
        log.error("Opening %s failed", self.uri, exc_info=exc)
        what = fill(translate("Connection", "Could not connect to %1"), self.name)
        return from_libvirt(what, exc)

    async def close(self) -> None:
        self._cancel_retry()
        self._generation += 1
        link, self._link = self._link, None
        self.host = None
        if self.vms:
            self.vms = {}
            self.vmsReset.emit(self)
        self._set_state(ConnectionState.DISCONNECTED)
        if link is not None:
            await asyncio.wrap_future(self._pool.submit(link.close))

    def shutdown(self) -> None:
        """Forget the connection at application exit.

        A remote host is not waited on (one that stopped answering could hold exit for
        minutes). The embedded driver runs inside this process, and closing its last
        connection stops the driver: that close must not run beside a call still in
        flight (a statistics tick), and libvirt may be probing QEMU's capabilities with
        a QEMU of its own, which a process exiting meanwhile leaves behind for good. So
        there the calls, then the close, are waited for (EXIT_WAIT seconds at most).
        """
        embedded = embed.root_from_uri(self.uri) is not None
        self._cancel_retry()
        self._generation += 1
        link, self._link = self._link, None
        if embedded:
            self._pool.wait_idle(EXIT_WAIT)
        if link is not None:
            closing = self._pool.submit(link.close)
            if embedded:
                concurrent.futures.wait([closing], timeout=EXIT_WAIT)
        self._pool.shutdown()

    async def _establish(self) -> None:
        self._loop = asyncio.get_running_loop()
        self._generation += 1
        generation = self._generation
        link = _Link(await self._open_with_timeout())
        if generation != self._generation:  # disconnected meanwhile
            self._pool.submit(link.close)
            raise HvdeskError(
                fill(translate("Connection", "Connecting to %1 was cancelled"), self.name)
            )
        try:
            host, snapshots = await asyncio.wrap_future(
                self._pool.submit(self._watch_and_load, link, generation)
            )
        except Exception as exc:
            self._pool.submit(link.close)
            raise from_libvirt(
                fill(translate("Connection", "Could not read the VMs of %1"), self.name), exc
            ) from exc
        self._link = link
        self.host = host
        try:
            self._apply_full_list(snapshots)
        except Exception:
            self._link = None  # never half open: the next attempt starts clean
            self._pool.submit(link.close)
            raise
        self._probe_task = asyncio.ensure_future(self._probe_kvm(generation))

    async def _probe_kvm(self, generation: int) -> None:
        """Ask whether KVM works here, after the list is shown (a fresh embedded root
        spends seconds probing QEMU on the first capabilities query)."""
        host = self.host
        if host is None:
            return
        try:
            kvm = await self.call(lambda conn: host_offers_kvm(conn, host.arch))
        except (libvirt.libvirtError, HvdeskError):
            return  # unknown: the details say so, a start still works
        except Exception as exc:
            what = translate("Connection", "Could not find out whether %1 offers KVM")
            self.report_problem(fill(what, self.name), exc)
            return
        if generation == self._generation and self.host is host:
            self.host = dataclasses.replace(host, kvm=kvm)
            self.stateChanged.emit(self)

    async def _open_with_timeout(self) -> libvirt.virConnect:
        # A dedicated daemon thread: a host that never answers may hold it for minutes,
        # and it must hold neither the worker pool nor the exit of the process.
        future: concurrent.futures.Future[libvirt.virConnect] = concurrent.futures.Future()
        uri = self.uri

        def open_conn() -> None:
            try:
                root = embed.root_from_uri(uri)
                if root is not None:
                    embed.prepare_root(root)
                events.ensure_event_loop()
                auth = [[libvirt.VIR_CRED_AUTHNAME, libvirt.VIR_CRED_PASSPHRASE],
                        _no_interactive_auth, None]  # fmt: skip
                conn = libvirt.openAuth(uri, auth, 0)
            except BaseException as exc:
                with contextlib.suppress(concurrent.futures.InvalidStateError):
                    future.set_exception(exc)  # unless the caller gave up waiting
                return
            try:
                future.set_result(conn)
            except concurrent.futures.InvalidStateError:
                _Link(conn).close()  # the caller gave up waiting: nobody owns it

        threading.Thread(target=open_conn, name=f"open-{self.name}", daemon=True).start()
        try:
            return await asyncio.wait_for(asyncio.wrap_future(future), self.open_timeout)
        except TimeoutError:
            future.cancel()
            raise HvdeskError(
                fill(translate("Connection", "Could not connect to %1"), self.name),
                fill(
                    translate(
                        "Connection",
                        "The host accepted the connection but did not answer within %1 seconds",
                    ),
                    f"{self.open_timeout:g}",
                ),
                translate(
                    "Connection", "Check that libvirt is running there and the network is up"
                ),
            ) from None
        except libvirt.libvirtError as exc:
            raise from_libvirt(
                fill(translate("Connection", "Could not connect to %1"), self.name), exc
            ) from exc
        except OSError as exc:
            raise from_libvirt(
                fill(translate("Connection", "Could not prepare %1"), self.name), exc
            ) from exc
        except Exception as exc:  # unforeseen: told with its type, logged with its traceback
            raise self._open_failure(exc) from exc

    def _watch_and_load(
        self, link: _Link, generation: int
    ) -> tuple[HostInfo, list[DomainSnapshot]]:
        """Worker thread: subscribe to events first, so nothing between the two is missed."""
        conn = link.conn
        conn.registerCloseCallback(self._on_close, generation)
        link.callback_ids.append(
            conn.domainEventRegisterAny(
                None, libvirt.VIR_DOMAIN_EVENT_ID_LIFECYCLE, self._on_lifecycle, generation
            )
        )
        if is_remote(self.uri):
            with contextlib.suppress(libvirt.libvirtError):
                conn.setKeepAlive(5, 3)  # drop a silent host after ~20 s
        info = conn.getInfo()
        host = HostInfo(
            hostname=conn.getHostname(), cpus=int(info[2]), memory_mib=int(info[1]), arch=info[0]
        )
        snapshots = []
        for dom in conn.listAllDomains(0):
            with contextlib.suppress(libvirt.libvirtError):  # vanished while listing
                snapshots.append(self.snapshots.read(dom))
        return host, snapshots

    # ---- the VM list -----------------------------------------------------------------

    def _apply_full_list(self, snapshots: list[DomainSnapshot]) -> None:
        fresh = {s.uuid: s for s in snapshots}
        if not self.vms:
            self.vms = {s.uuid: VirtualMachine(self, s) for s in snapshots}
            self.vmsReset.emit(self)
            return
        # Resynchronising after a reconnect: report only what changed.
        for uuid in [u for u in self.vms if u not in fresh]:
            self.vmRemoved.emit(self.vms.pop(uuid))
        for uuid, snapshot in fresh.items():
            self.apply_snapshot(uuid, snapshot)

    def apply_snapshot(self, uuid: str, snapshot: DomainSnapshot | None, read_seq: int = 0) -> None:
        """Show what a read found (None: the domain is gone; `read_seq` numbers that
        read). A read older than one already applied finished late and is dropped."""
        number = snapshot.read_seq if snapshot is not None else read_seq
        if number:
            if number < self._applied_reads.get(uuid, 0):
                return
            self._applied_reads[uuid] = number
        vm = self.vms.get(uuid)
        if snapshot is None:
            if vm is not None:
                del self.vms[uuid]
                self.vmRemoved.emit(vm)
        elif vm is None:
            vm = self.vms[uuid] = VirtualMachine(self, snapshot)
            self.vmAdded.emit(vm)
        elif vm.update(snapshot):
            self.vmChanged.emit(vm)

    def refresh_vm(self, uuid: str) -> None:
        """Re-read one VM soon; requests arriving together are read in one worker call."""
        self._dirty.add(uuid)
        if not self._flush_scheduled and self._loop is not None:
            self._flush_scheduled = True
            self._loop.call_soon(lambda: asyncio.ensure_future(self._flush_dirty()))

    async def _flush_dirty(self) -> None:
        """The batch's VMs re-read; one that fails is told, the others are applied."""
        self._flush_scheduled = False
        uuids, self._dirty = sorted(self._dirty), set()
        if not uuids or not self.is_connected:
            return
        generation = self._generation
        try:
            results = await self.call(lambda conn: _read_batch(conn, self.snapshots, uuids))
        except (libvirt.libvirtError, HvdeskError):
            return  # the connection is being lost; the reconnect resynchronises
        except Exception as exc:
            self.report_problem(translate("Connection", "Could not re-read the VMs"), exc)
            return
        if generation != self._generation:
            return
        for uuid, number, snapshot, problem in results:
            try:
                if problem is not None:
                    raise problem
                self.apply_snapshot(uuid, snapshot, number)
            except Exception as exc:
                vm = self.vms.get(uuid)
                what = fill(
                    translate("Connection", "Could not read the state of '%1'"),
                    vm.name if vm is not None else uuid,
                )
                hint = translate(
                    "Connection", "It is shown as it was; the other VMs are up to date"
                )
                self.report_problem(what, exc, hint)

    # ---- libvirt callbacks (libvirt's event thread: hand over, nothing else) ---------

    def _on_lifecycle(
        self, _conn: object, dom: libvirt.virDomain, _event: int, _detail: int, gen: int
    ) -> None:
        try:
            self._hand_over(self._lifecycle_event, dom.UUIDString(), gen)
        except Exception as exc:  # libvirt's thread must go on; the window is told
            what = translate("Connection", "Could not follow a change of a VM")
            self._hand_over(self.report_problem, what, exc)

    def _on_close(self, _conn: object, reason: int, gen: int) -> None:
        text = translate(
            "Connection",
            _CLOSE_REASONS.get(reason, QT_TRANSLATE_NOOP("Connection", "an unknown reason")),
        )
        self._hand_over(self._closed_by_libvirt, text, gen)

    def _hand_over(self, callback: Callable[..., object], *args: object) -> None:
        """From libvirt's event thread to the loop, unless the loop has ended."""
        loop = self._loop
        if loop is None or loop.is_closed():
            return
        # RuntimeError: the loop closed since the check (hvdesk is exiting).
        with contextlib.suppress(RuntimeError):
            loop.call_soon_threadsafe(self._run_handed_over, callback, args)

    def _run_handed_over(self, callback: Callable[..., object], args: tuple[object, ...]) -> None:
        try:
            callback(*args)
        except Exception as exc:
            self.report_problem(translate("Connection", "Could not follow libvirt's news"), exc)

    def _lifecycle_event(self, uuid: str, generation: int) -> None:
        if generation == self._generation:
            self.refresh_vm(uuid)

    def _closed_by_libvirt(self, reason: str, generation: int) -> None:
        if generation == self._generation and self.state is ConnectionState.CONNECTED:
            self._connection_lost(reason)

    # ---- losing and regaining the connection ----------------------------------------

    def _connection_lost(self, reason: str) -> None:
        self._generation += 1
        link, self._link = self._link, None
        if link is not None:
            self._pool.submit(link.close)
        self.retry_attempt = 0
        self._set_state(
            ConnectionState.RECONNECTING,
            HvdeskError(
                fill(translate("Connection", "Lost the connection to %1"), self.name), reason
            ),
        )
        self._retry_task = asyncio.ensure_future(self._retry_forever(reason))

    async def _retry_forever(self, reason: str) -> None:
        attempt = 0
        while True:
            delay = self.retry_delays[min(attempt, len(self.retry_delays) - 1)]
            attempt += 1
            self.retry_attempt = attempt
            self.stateChanged.emit(self)
            await asyncio.sleep(delay)
            try:
                await self._establish()
            except Exception as exc:  # any failure is one more attempt, never the last
                failure = self._open_failure(exc)
                detail = failure.detail or reason
                self.error = HvdeskError(
                    fill(translate("Connection", "Lost the connection to %1"), self.name), detail
                )
                continue
            self._retry_task = None
            self._set_state(ConnectionState.CONNECTED)
            return

    def _cancel_retry(self) -> None:
        if self._retry_task is not None:
            self._retry_task.cancel()
            self._retry_task = None


def _is_alive(conn: libvirt.virConnect) -> bool:
    try:
        return bool(conn.isAlive())
    except libvirt.libvirtError:
        return False


def _read_batch(
    conn: libvirt.virConnect, reader: SnapshotReader, uuids: list[str]
) -> list[tuple[str, int, DomainSnapshot | None, Exception | None]]:
    """Worker thread: each VM's numbered snapshot (None: gone), or what its read raised.
    One VM's failure is its own, unless the link is dead: then the call fails
    (Connection.call notices the loss)."""
    results: list[tuple[str, int, DomainSnapshot | None, Exception | None]] = []
    for uuid in uuids:
        try:
            number, snapshot = reader.read_uuid(conn, uuid)
            results.append((uuid, number, snapshot, None))
        except libvirt.libvirtError as exc:
            if not _is_alive(conn):
                raise
            results.append((uuid, 0, None, exc))
        except Exception as exc:
            results.append((uuid, 0, None, exc))
    return results
