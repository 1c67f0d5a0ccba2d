"""The Activity tab: CPU, memory, disk and network charts of the selected VM.

Also `hold_while_shown`, which keeps the statistics hub sampling while a window that
needs it is on screen (not hidden, not minimised).
"""

from __future__ import annotations

import functools
import math

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QHideEvent, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from hvdesk.core.rates import capacity_for
from hvdesk.core.stats import StatsHub, VmHistory
from hvdesk.core.vm import VirtualMachine
from hvdesk.ui.charts import units
from hvdesk.ui.charts.chart import Series, TimeChart

RANGES = (60, 300, 3600)  # seconds: the last 1, 5 and 60 minutes


class _ShownHolder(QObject):
    """Holds the hub while the watched window is visible and not minimised (and, with
    all_details, asks for every VM's disk and network figures meanwhile)."""

    def __init__(self, hub: StatsHub, window: QWidget, all_details: bool) -> None:
        super().__init__(window)
        self.hub = hub
        self.all_details = all_details
        self.token = object()  # not the window: the hub must not keep a dead wrapper
        window.installEventFilter(self)
        # Not a method of this holder: Qt deletes it before the window says destroyed.
        window.destroyed.connect(functools.partial(hub.release, self.token))
        self._update(window)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kinds = (QEvent.Type.Show, QEvent.Type.Hide, QEvent.Type.WindowStateChange)
        if event.type() in kinds and isinstance(watched, QWidget):
            self._update(watched)
        return False

    def _update(self, window: QWidget) -> None:
        if window.isVisible() and not window.isMinimized():
            self.hub.hold(self.token)
            if self.all_details:
                self.hub.want_details(self.token, None)
        else:
            self.hub.release(self.token)


def hold_while_shown(hub: StatsHub, window: QWidget, *, all_details: bool = False) -> QObject:
    return _ShownHolder(hub, window, all_details)


def _embolden(button: QToolButton, checked: bool) -> None:
    font = button.font()
    font.setBold(checked)
    button.setFont(font)


class ActivityPane(QWidget):
    def __init__(self, hub: StatsHub, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("activityPane")
        self.hub = hub
        self.vm: VirtualMachine | None = None
        self.window_s = RANGES[0]

        self.range_buttons = QButtonGroup(self)
        range_row = QHBoxLayout()
        range_row.addWidget(QLabel(self.tr("Show the last")))
        labels = (self.tr("1 min"), self.tr("5 min"), self.tr("60 min"))
        for i, (seconds, label) in enumerate(zip(RANGES, labels, strict=True)):
            button = QToolButton()
            button.setText(label)
            button.setCheckable(True)
            button.setChecked(i == 0)
            button.setAccessibleName(self.tr("Show the last {0}").format(label))
            button.setShortcut(QKeySequence(f"Alt+{i + 1}"))
            button.setToolTip(self.tr("Alt+{0}").format(i + 1))
            # Bold when chosen: a checked tool button looks alike in some dark styles.
            button.toggled.connect(functools.partial(_embolden, button))
            _embolden(button, button.isChecked())
            self.range_buttons.addButton(button, seconds)
            range_row.addWidget(button)
        range_row.addStretch(1)
        self.range_buttons.idClicked.connect(self.set_range)
        self.summary = QLabel()
        self.summary.setObjectName("activitySummary")
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.summary.setWordWrap(True)

        self.cpu_chart = TimeChart(self.tr("CPU"), units.percent, fixed_max=100.0)
        self.memory_chart = TimeChart(
            self.tr("Memory"), units.mib, ceiling=units.power_of_two_ceiling
        )
        self.disk_chart = TimeChart(self.tr("Disk"), units.rate, ceiling=units.rate_ceiling)
        self.net_chart = TimeChart(self.tr("Network"), units.rate, ceiling=units.rate_ceiling)
        grid = QGridLayout()
        grid.setSpacing(8)
        for i, chart in enumerate(self.charts):
            grid.addWidget(chart, i, 0)

        charts_page = QWidget()
        page_layout = QVBoxLayout(charts_page)
        page_layout.setContentsMargins(6, 6, 6, 6)
        page_layout.addLayout(range_row)
        page_layout.addWidget(self.summary)
        page_layout.addLayout(grid, 1)
        self.message = QLabel()
        self.message.setObjectName("activityMessage")
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setWordWrap(True)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.message)
        self.stack.addWidget(charts_page)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)
        hub.sampled.connect(self._sampled)
        self.set_vm(None)

    @property
    def charts(self) -> tuple[TimeChart, ...]:
        return (self.cpu_chart, self.memory_chart, self.disk_chart, self.net_chart)

    def set_vm(self, vm: VirtualMachine | None) -> None:
        if vm is self.vm and vm is not None:
            return
        self.vm = vm
        self._ask_details()
        self.refresh()

    def set_range(self, seconds: int) -> None:
        self.window_s = seconds
        button = self.range_buttons.button(seconds)
        if button is not None:
            button.setChecked(True)
        self.refresh()

    def _ask_details(self) -> None:
        if self.vm is not None and self.isVisible():
            self.hub.want_details(self, {self.vm.uuid})
        else:
            self.hub.want_details(self, set())

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._ask_details()
        self.refresh()

    def hideEvent(self, event: QHideEvent) -> None:
        super().hideEvent(event)
        self._ask_details()

    def _sampled(self, conn: object, uuids: frozenset[str]) -> None:
        vm = self.vm
        if vm is not None and vm.connection is conn and vm.uuid in uuids and self.isVisible():
            self.refresh()

    # ---- drawing -----------------------------------------------------------------------

    def refresh(self) -> None:
        vm = self.vm
        if vm is None:
            self._show_message(self.tr("Select one virtual machine to see its activity."))
            return
        history = self.hub.history(vm)
        if history is None or not len(history.time):
            if vm.state.is_active:
                self._show_message(self.tr("Measuring '{0}'…").format(vm.name))
            else:
                self._show_message(
                    self.tr("'{0}' is not running: start it to see its activity.").format(vm.name)
                )
            return
        self.stack.setCurrentIndex(1)
        self._draw(vm, history)

    def _show_message(self, text: str) -> None:
        self.message.setText(text)
        self.stack.setCurrentIndex(0)
        for chart in self.charts:
            chart.clear()

    def _draw(self, vm: VirtualMachine, history: VmHistory) -> None:
        count = min(len(history.time), capacity_for(self.hub.interval_ms, self.window_s) + 1)
        times = history.time.last(count)
        now = times[-1]
        host_cpus = vm.connection.host.cpus if vm.connection.host else 1
        vcpus = max(1, history.vcpus)
        cores = history.cpu.last(count)
        guest = [100.0 * c / vcpus for c in cores]
        host = [100.0 * c / max(1, host_cpus) for c in cores]
        self.cpu_chart.set_data(
            times,
            [
                Series(self.tr("Guest ({0} vCPUs)").format(vcpus), guest),
                Series(self.tr("Host ({0} CPUs)").format(host_cpus), host),
            ],
            now,
            self.window_s,
        )
        self.memory_chart.set_data(
            times,
            [
                Series(self.tr("Allocated"), history.memory.last(count)),
                Series(self.tr("Balloon"), history.balloon.last(count)),
                Series(self.tr("Used by guest"), history.used.last(count)),
            ],
            now,
            self.window_s,
        )
        self.disk_chart.set_data(
            times,
            [
                Series(self.tr("Read"), history.read.last(count)),
                Series(self.tr("Write"), history.write.last(count)),
            ],
            now,
            self.window_s,
        )
        self.net_chart.set_data(
            times,
            [
                Series(self.tr("Received"), history.rx.last(count)),
                Series(self.tr("Sent"), history.tx.last(count)),
            ],
            now,
            self.window_s,
        )
        self.summary.setText(self.summary_text(vm, history))
        config = vm.config
        waiting = self.tr("No figures yet")
        self.disk_chart.empty_text = (
            waiting if any(d.source for d in config.disks) else self.tr("This VM has no disk")
        )
        self.net_chart.empty_text = (
            waiting if config.nics else self.tr("This VM has no network interface")
        )

    def summary_text(self, vm: VirtualMachine, history: VmHistory) -> str:
        if not history.running:
            return self.tr("'{0}' is not running; its last figures are shown.").format(vm.name)
        used = history.latest("used")
        memory = units.mib(history.latest("balloon"))
        if not math.isnan(used):
            memory = self.tr("{0} (guest uses {1})").format(memory, units.mib(used))
        return self.tr(
            "CPU {0} of {1} vCPU(s) · memory {2} · disk {3} read, {4} write · "
            "network {5} in, {6} out"
        ).format(
            units.percent(history.cpu_percent_guest()),
            history.vcpus,
            memory,
            units.rate(history.latest("read")),
            units.rate(history.latest("write")),
            units.rate(history.latest("rx")),
            units.rate(history.latest("tx")),
        )
