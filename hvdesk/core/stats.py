"""Live statistics of running VMs: one bulk libvirt call per connection per tick.

Each tick, a connection's worker thread calls `getAllDomainStats` once for all running
domains (DESIGN rule 2). Drivers that answer it with little (libvirt's test driver
returns state only) get per-domain calls instead: `info()` for CPU time and memory,
and, only for the VMs something shows in detail (the Activity tab, the overview),
block, interface and memory statistics. The readings come back to the GUI thread,
become rates (`hvdesk.core.rates`) and go into fixed-size rings covering an hour.

Sampling runs only while something holds the hub (`StatsHub.hold`): the manager window
while it is shown, the overview, an open chart.
"""

from __future__ import annotations

import asyncio
import contextlib
import math
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

import libvirt
import shiboken6
from PySide6.QtCore import QObject, QTimer, Signal

from hvdesk.core import preferences
from hvdesk.core.connection import Connection
from hvdesk.core.errors import HvdeskError
from hvdesk.core.rates import NAN, CounterRate, Ring, capacity_for
from hvdesk.i18n import fill, translate

if TYPE_CHECKING:
    from hvdesk.core.manager import ConnectionManager
    from hvdesk.core.vm import VirtualMachine

_BULK_GROUPS = (
    libvirt.VIR_DOMAIN_STATS_CPU_TOTAL
    | libvirt.VIR_DOMAIN_STATS_BALLOON
    | libvirt.VIR_DOMAIN_STATS_VCPU
    | libvirt.VIR_DOMAIN_STATS_INTERFACE
    | libvirt.VIR_DOMAIN_STATS_BLOCK
)
_BULK_FLAGS = libvirt.VIR_CONNECT_GET_ALL_DOMAINS_STATS_ACTIVE
MIB = 1024 * 1024
APPLY_CHUNK = 100  # samples taken into the rings per turn of the event loop


@dataclass(frozen=True, slots=True)
class RawSample:
    """What libvirt said about one running domain at one moment (counters, not rates)."""

    uuid: str
    dom_id: int
    cpu_ns: int | None
    vcpus: int | None
    memory_kib: int | None  # the maximum the guest may have
    balloon_kib: int | None  # what the balloon currently gives it
    used_kib: int | None  # what the guest says it uses (balloon driver statistics)
    read_bytes: int | None = None
    write_bytes: int | None = None
    rx_bytes: int | None = None
    tx_bytes: int | None = None


@dataclass(frozen=True)
class DeviceNames:
    """Where per-domain fallback calls look: disk targets and interface MACs."""

    disks: tuple[str, ...]
    nics: tuple[str, ...]


def _sum(record: dict[str, object], prefix: str, count_key: str, suffix: str) -> int | None:
    count = record.get(count_key)
    if not isinstance(count, int):
        return None
    values = [record.get(f"{prefix}.{i}.{suffix}") for i in range(count)]
    found = [v for v in values if isinstance(v, int)]
    return sum(found) if found else None


def _used_kib(available: object, unused: object, usable: object) -> int | None:
    if not isinstance(available, int):
        return None
    # "usable" counts reclaimable caches as free, like `free`'s "available" does.
    free = usable if isinstance(usable, int) else unused
    return available - free if isinstance(free, int) else None


def parse_bulk_record(uuid: str, dom_id: int, record: dict[str, object]) -> RawSample | None:
    """One getAllDomainStats record; None when the driver left out the CPU time."""
    cpu = record.get("cpu.time")
    if not isinstance(cpu, int):
        return None
    vcpus = record.get("vcpu.current")
    maximum = record.get("balloon.maximum")
    current = record.get("balloon.current")
    return RawSample(
        uuid=uuid,
        dom_id=dom_id,
        cpu_ns=cpu,
        vcpus=vcpus if isinstance(vcpus, int) else None,
        memory_kib=maximum if isinstance(maximum, int) else None,
        balloon_kib=current if isinstance(current, int) else None,
        used_kib=_used_kib(
            record.get("balloon.available"),
            record.get("balloon.unused"),
            record.get("balloon.usable"),
        ),
        read_bytes=_sum(record, "block", "block.count", "rd.bytes"),
        write_bytes=_sum(record, "block", "block.count", "wr.bytes"),
        rx_bytes=_sum(record, "net", "net.count", "rx.bytes"),
        tx_bytes=_sum(record, "net", "net.count", "tx.bytes"),
    )


def _per_domain(dom: libvirt.virDomain, uuid: str, names: DeviceNames | None) -> RawSample:
    """Worker thread: the fallback for drivers whose bulk answer lacks the figures."""
    _state, max_kib, mem_kib, vcpus, cpu_ns = dom.info()
    read = write = rx = tx = used = None
    if names is not None:
        reads, writes, rxs, txs = [], [], [], []
        for target in names.disks:
            with contextlib.suppress(libvirt.libvirtError):
                _rd_req, rd_bytes, _wr_req, wr_bytes, _errs = dom.blockStats(target)
                reads.append(int(rd_bytes))
                writes.append(int(wr_bytes))
        for nic in names.nics:
            with contextlib.suppress(libvirt.libvirtError):
                stats = dom.interfaceStats(nic)
                rxs.append(int(stats[0]))
                txs.append(int(stats[4]))
        read, write = (sum(reads), sum(writes)) if reads else (None, None)
        rx, tx = (sum(rxs), sum(txs)) if rxs else (None, None)
        with contextlib.suppress(libvirt.libvirtError):
            memory = dom.memoryStats()
            used = _used_kib(memory.get("available"), memory.get("unused"), memory.get("usable"))
    return RawSample(
        uuid=uuid,
        dom_id=int(dom.ID()),
        cpu_ns=int(cpu_ns),
        vcpus=int(vcpus),
        memory_kib=int(max_kib),
        balloon_kib=int(mem_kib),
        used_kib=used,
        read_bytes=read,
        write_bytes=write,
        rx_bytes=rx,
        tx_bytes=tx,
    )


def sample_connection(
    conn: libvirt.virConnect, details: dict[str, DeviceNames]
) -> tuple[float, list[RawSample]]:
    """Worker thread: one reading of every running domain, and when it was taken."""
    records = conn.getAllDomainStats(_BULK_GROUPS, _BULK_FLAGS)
    now = time.monotonic()
    samples: list[RawSample] = []
    for dom, record in records:
        with contextlib.suppress(libvirt.libvirtError):  # stopped meanwhile
            uuid = dom.UUIDString()
            sample = parse_bulk_record(uuid, int(dom.ID()), record)
            if sample is None:
                sample = _per_domain(dom, uuid, details.get(uuid))
            samples.append(sample)
    return now, samples


class VmHistory:
    """An hour of one VM's figures (one slot per tick), rates already computed.

    `cpu` is in cores busy (1.0 = one host CPU's worth); memory in MiB; disk and
    network in bytes per second; NaN where a figure is unknown or the VM was off."""

    SERIES = ("cpu", "memory", "balloon", "used", "read", "write", "rx", "tx")

    def __init__(self, capacity: int) -> None:
        self.time = Ring(capacity, precise=True)
        self.cpu = Ring(capacity)
        self.memory = Ring(capacity)
        self.balloon = Ring(capacity)
        # Often unknown (no balloon driver, no bulk statistics): allocated when first seen.
        self.used = Ring(capacity, lazy=True)
        self.read = Ring(capacity, lazy=True)
        self.write = Ring(capacity, lazy=True)
        self.rx = Ring(capacity, lazy=True)
        self.tx = Ring(capacity, lazy=True)
        self.vcpus = 1
        self._dom_id: int | None = None
        self._rates = {name: CounterRate() for name in ("cpu", "read", "write", "rx", "tx")}
        self._gap = True  # nothing before the first sample

    def series(self, name: str) -> Ring:
        ring: Ring = getattr(self, name)
        return ring

    def add(self, now: float, sample: RawSample) -> None:
        if sample.dom_id != self._dom_id:  # restarted between two ticks
            self._dom_id = sample.dom_id
            for rate in self._rates.values():
                rate.reset()
        self._gap = False
        if sample.vcpus:
            self.vcpus = sample.vcpus
        rates = self._rates
        cpu_ns = rates["cpu"].update(now, sample.cpu_ns)
        self.time.append(now)
        self.cpu.append(NAN if cpu_ns is None else cpu_ns / 1e9)
        self.memory.append(_mib(sample.memory_kib))
        self.balloon.append(_mib(sample.balloon_kib))
        self.used.append(_mib(sample.used_kib))
        self.read.append(_per_second(rates["read"], now, sample.read_bytes))
        self.write.append(_per_second(rates["write"], now, sample.write_bytes))
        self.rx.append(_per_second(rates["rx"], now, sample.rx_bytes))
        self.tx.append(_per_second(rates["tx"], now, sample.tx_bytes))

    def stopped(self, now: float) -> None:
        """The VM is not running: one gap in every series, and fresh baselines."""
        for rate in self._rates.values():
            rate.reset()
        self._dom_id = None
        if self._gap:
            return
        self._gap = True
        self.time.append(now)
        for name in self.SERIES:
            self.series(name).append(NAN)

    @property
    def running(self) -> bool:
        return not self._gap

    def latest(self, name: str) -> float:
        return self.series(name).latest() if not self._gap else NAN

    def cpu_percent_guest(self) -> float:
        """The latest CPU use in % of the VM's own vCPUs."""
        return 100.0 * self.latest("cpu") / max(1, self.vcpus)


def _per_second(rate: CounterRate, now: float, value: int | None) -> float:
    per_second = rate.update(now, value)
    return NAN if per_second is None else per_second


def _mib(kib: int | None) -> float:
    return NAN if kib is None else kib / 1024


class ConnectionSampler(QObject):
    """Samples one connection on a timer while the hub is held and the host connected."""

    sampled = Signal(object, object)  # Connection, frozenset[str]: VMs with a new slot

    def __init__(self, connection: Connection, interval_ms: int, parent: QObject | None = None):
        super().__init__(parent)
        self.connection = connection
        self.interval_ms = interval_ms
        self.histories: dict[str, VmHistory] = {}
        self.details: set[str] | None = set()  # None: every VM
        self.ticks = 0
        self._running: set[str] = set()
        self._busy = False
        self._failing = False  # a tick failed and was told; the next good one clears it
        self._task: asyncio.Future[None] | None = None
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.tick)
        connection.vmRemoved.connect(self._vm_removed)
        connection.vmsReset.connect(self._vms_reset)
        connection.stateChanged.connect(self._state_changed)

    @property
    def active(self) -> bool:
        return self._timer.isActive()

    def set_active(self, active: bool) -> None:
        if not shiboken6.isValid(self._timer):  # torn down at exit: nothing to switch
            return
        if active and not self._timer.isActive():
            self._timer.start()
            self.tick()  # a first reading at once: rates need two
        elif not active and self._timer.isActive():
            self._timer.stop()

    def set_interval(self, interval_ms: int) -> None:
        self.interval_ms = interval_ms
        self._timer.setInterval(interval_ms)

    def history(self, uuid: str) -> VmHistory | None:
        return self.histories.get(uuid)

    def tick(self) -> None:
        # A slow host answers late: never queue a second call behind the first.
        if self._busy or not self.connection.is_connected:
            return
        self._busy = True
        self._task = asyncio.ensure_future(self._sample())

    async def _sample(self) -> None:
        conn = self.connection
        details: dict[str, DeviceNames] = {}
        for uuid, vm in conn.vms.items():
            if vm.state.is_active and (self.details is None or uuid in self.details):
                details[uuid] = DeviceNames(
                    tuple(d.target for d in vm.config.disks if d.source and d.target),
                    tuple(n.mac for n in vm.config.nics if n.mac),
                )
        try:
            now, samples = await conn.call(lambda c: sample_connection(c, details))
            await self._apply(now, samples)
        except (libvirt.libvirtError, HvdeskError):
            return  # the connection is being lost; its state change says so
        except Exception as exc:  # the timer goes on: the next tick tries again
            if not self._failing:  # told once, not every second
                self._failing = True
                what = translate("Stats", "Could not read the live statistics of %1")
                hint = translate("Stats", "The charts stand still; hvdesk keeps trying")
                conn.report_problem(fill(what, conn.name), exc, hint)
        else:
            self._failing = False
        finally:
            self._busy = False

    async def _apply(self, now: float, samples: list[RawSample]) -> None:
        capacity = capacity_for(self.interval_ms)
        seen = set()
        for start in range(0, len(samples), APPLY_CHUNK):
            if start:  # let Qt paint and handle input between chunks of a big host
                await asyncio.sleep(0)
            for sample in samples[start : start + APPLY_CHUNK]:
                history = self.histories.get(sample.uuid)
                if history is None or history.time.capacity != capacity:
                    history = self.histories[sample.uuid] = VmHistory(capacity)
                history.add(now, sample)
                seen.add(sample.uuid)
        changed = set(seen)
        for uuid in self._running - seen:
            history = self.histories.get(uuid)
            if history is not None:
                history.stopped(now)
                changed.add(uuid)
        self._running = seen
        self.ticks += 1
        self.sampled.emit(self.connection, frozenset(changed))

    def _vm_removed(self, vm: VirtualMachine) -> None:
        self.histories.pop(vm.uuid, None)
        self._running.discard(vm.uuid)

    def _vms_reset(self, conn: Connection) -> None:
        for uuid in [u for u in self.histories if u not in conn.vms]:
            del self.histories[uuid]
        self._running &= set(conn.vms)

    def _state_changed(self, conn: Connection) -> None:
        if not conn.is_connected and self._running:
            now = time.monotonic()
            for uuid in self._running:
                if (history := self.histories.get(uuid)) is not None:
                    history.stopped(now)
            changed = frozenset(self._running)
            self._running = set()
            self.sampled.emit(conn, changed)
        elif conn.is_connected and self._timer.isActive():
            self.tick()

    def shutdown(self) -> None:
        self._timer.stop()
        self.connection.vmRemoved.disconnect(self._vm_removed)
        self.connection.vmsReset.disconnect(self._vms_reset)
        self.connection.stateChanged.disconnect(self._state_changed)


class StatsHub(QObject):
    """Every connection's sampler; runs them while anyone holds the hub."""

    sampled = Signal(object, object)  # Connection, frozenset[str]

    def __init__(self, manager: ConnectionManager, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.manager = manager
        self.interval_ms = preferences.stats_interval_ms()
        self.samplers: dict[Connection, ConnectionSampler] = {}
        self._holders: set[object] = set()
        self._detail_requests: dict[object, set[str] | None] = {}
        manager.connectionAdded.connect(self._connection_added)
        manager.connectionRemoved.connect(self._connection_removed)
        for conn in manager.connections:
            self._connection_added(conn)

    # ---- who needs samples ------------------------------------------------------------

    def hold(self, holder: object) -> None:
        """Sample from now on, until every holder has released the hub."""
        # A window coming on screen is when a changed preference takes effect.
        interval = preferences.stats_interval_ms()
        if interval != self.interval_ms:
            self.set_interval(interval)
        self._holders.add(holder)
        self._apply_activity()

    def release(self, holder: object) -> None:
        self._holders.discard(holder)
        self._detail_requests.pop(holder, None)
        self._apply_details()
        self._apply_activity()

    @property
    def active(self) -> bool:
        return bool(self._holders)

    def want_details(self, holder: object, uuids: set[str] | None) -> None:
        """Disk and network figures for these VMs (None: all) on drivers without bulk
        statistics; the others get CPU and memory only."""
        self._detail_requests[holder] = None if uuids is None else set(uuids)
        self._apply_details()

    def _apply_details(self) -> None:
        wanted: set[str] | None = set()
        for uuids in self._detail_requests.values():
            if uuids is None:
                wanted = None
                break
            assert wanted is not None
            wanted |= uuids
        for sampler in self.samplers.values():
            sampler.details = wanted

    def _apply_activity(self) -> None:
        for sampler in self.samplers.values():
            sampler.set_active(self.active)

    def set_interval(self, interval_ms: int) -> None:
        self.interval_ms = interval_ms
        for sampler in self.samplers.values():
            sampler.set_interval(interval_ms)

    # ---- reading -------------------------------------------------------------------------

    def history(self, vm: VirtualMachine) -> VmHistory | None:
        sampler = self.samplers.get(vm.connection)
        return sampler.history(vm.uuid) if sampler is not None else None

    # ---- connections -----------------------------------------------------------------

    def _connection_added(self, conn: Connection) -> None:
        sampler = ConnectionSampler(conn, self.interval_ms, self)
        sampler.sampled.connect(self.sampled)
        self.samplers[conn] = sampler
        self._apply_details()
        sampler.set_active(self.active)

    def _connection_removed(self, conn: Connection) -> None:
        sampler = self.samplers.pop(conn, None)
        if sampler is not None:
            sampler.shutdown()
            sampler.deleteLater()

    def shutdown(self) -> None:
        for sampler in self.samplers.values():
            sampler.shutdown()
        self.samplers.clear()


def is_known(value: float) -> bool:
    return not math.isnan(value)
