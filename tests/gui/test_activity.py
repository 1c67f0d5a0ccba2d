"""Activity tab, list sparklines, overview, host allocation and the over-commit warning,
on a test-driver host where "web" (2 vCPUs) and "db" (4 vCPUs) run on 4 CPUs and 4 GiB."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from hvdesk.core import preferences
from hvdesk.ui.activity import ActivityPane
from hvdesk.ui.allocation import AllocationWindow
from hvdesk.ui.charts.sparkline import sparkline_text, sparkline_tooltip
from hvdesk.ui.overview import Col, OverviewWindow
from hvdesk.ui.vm_tree_model import Column
from tests.support.window import WindowDriver

STATS_XML = Path(__file__).parent / "stats_vms.xml"


@pytest.fixture
def ui(make_window: Any) -> WindowDriver:
    preferences.set_stats_interval_ms(250)  # quick ticks; the figures do not depend on it
    driver: WindowDriver = make_window(f"test://{STATS_XML}")
    assert driver.connection.is_connected
    return driver


def _percent(text: str) -> float:
    match = re.search(r"([\d.]+) %", text)
    assert match, text
    return float(match.group(1))


def _activity(ui: WindowDriver, name: str) -> ActivityPane:
    ui.click_row(name)
    pane = ui.window.activity
    ui.window.side_tabs.setCurrentWidget(pane)
    return pane


def test_activity_tab_shows_cpu_memory_disk_and_network(ui: WindowDriver) -> None:
    pane = _activity(ui, "web")
    # Rates need two samples; disk and network need the pane shown first.
    ui.aio.wait_until(lambda: "KiB/s read" in pane.summary.text())
    summary = pane.summary.text()
    assert "of 2 vCPU(s)" in summary and "memory 2.0 GiB" in summary
    assert _percent(summary) == pytest.approx(50, abs=8)  # the test driver: one CPU busy
    assert re.search(r"network [\d.]+ [KMG]iB/s in", summary), summary

    cpu = pane.cpu_chart
    assert cpu.title == "CPU" and [s.label for s in cpu.series] == [
        "Guest (2 vCPUs)",
        "Host (4 CPUs)",
    ]
    assert cpu.formatter(cpu.y_max()) == "100.0 %"  # the axis is labelled with its unit
    right = cpu.plot_rect().right()
    tip = cpu.hover_text(right)
    assert tip is not None and tip.startswith("CPU — now")
    guest_line, host_line = tip.splitlines()[1:]
    assert _percent(guest_line) == pytest.approx(50, abs=8)
    assert _percent(host_line) == pytest.approx(25, abs=4)
    memory_tip = pane.memory_chart.hover_text(right)
    assert memory_tip is not None and "Allocated: 2.0 GiB" in memory_tip
    assert pane.memory_chart.formatter(pane.memory_chart.y_max()) == "2.0 GiB"
    disk_tip = pane.disk_chart.hover_text(pane.disk_chart.plot_rect().right())
    assert disk_tip is not None and re.search(r"Read: [\d.]+ KiB/s", disk_tip), disk_tip
    net_tip = pane.net_chart.hover_text(pane.net_chart.plot_rect().right())
    assert net_tip is not None and re.search(r"Received: [\d.]+ [KMG]iB/s", net_tip), net_tip


def test_activity_range_buttons_and_a_vm_that_is_off(ui: WindowDriver) -> None:
    pane = _activity(ui, "db")
    ui.aio.wait_until(lambda: pane.cpu_chart.has_figures())
    ui.qtbot.mouseClick(pane.range_buttons.button(300), Qt.MouseButton.LeftButton)
    assert pane.cpu_chart.window_s == 300
    left_label = pane.cpu_chart.hover_text(pane.cpu_chart.plot_rect().left() + 1)
    assert left_label is None  # nothing is five minutes old yet
    ui.click_row("batch")
    assert pane.stack.currentWidget() is pane.message
    assert pane.message.text() == "'batch' is not running: start it to see its activity."


def test_sparkline_column_shows_cpu_of_running_vms(ui: WindowDriver) -> None:
    window = ui.window
    column = window.sparklines
    hub = window.stats
    ui.aio.wait_until(lambda: column.repainted >= 2)  # web and db rows repainted
    web = ui.vm("web")
    ui.aio.wait_until(lambda: sparkline_text(hub.history(web)) != "")
    assert _percent(sparkline_text(hub.history(web))) == pytest.approx(50, abs=8)
    tooltip = sparkline_tooltip(web, hub.history(web))
    assert "of 2 vCPU(s)" in tooltip and "Memory: 2.0 GiB given of 2.0 GiB" in tooltip
    assert sparkline_text(hub.history(ui.vm("batch"))) == ""
    assert window.model.headerData(Column.ACTIVITY, Qt.Orientation.Horizontal) == "Activity"
    # The delegate paints the column: its pixels differ from an empty cell's.
    index = ui.view_index("web").siblingAtColumn(Column.ACTIVITY)
    rect = window.tree.visualRect(index)
    image = window.tree.viewport().grab(rect).toImage()
    colors = {image.pixel(x, y) for x in range(image.width()) for y in range(image.height())}
    assert len(colors) > 3


def test_sampling_pauses_while_the_window_is_hidden(ui: WindowDriver) -> None:
    hub = ui.window.stats
    sampler = hub.samplers[ui.connection]
    assert sampler.active
    ui.window.hide()
    assert not sampler.active
    ui.window.show()
    assert sampler.active


def test_overview_lists_running_vms_sorted_by_cpu(ui: WindowDriver) -> None:
    ui.window.overview_action.trigger()
    overview = ui.window.findChild(OverviewWindow)
    assert overview is not None and overview.isVisible()
    ui.aio.wait_until(lambda: overview.cell_text("web", Col.READ) != "—", timeout=10)
    assert [overview.model.index(r, Col.NAME).data() for r in range(2)] == ["web", "db"]
    assert _percent(overview.cell_text("web", Col.CPU)) == pytest.approx(50, abs=8)
    assert _percent(overview.cell_text("db", Col.CPU)) == pytest.approx(25, abs=4)
    assert overview.cell_text("db", Col.MEMORY) == "1.5 GiB"
    assert overview.cell_text("web", Col.HOST) == "Test driver (stats_vms.xml)"
    assert re.fullmatch(r"[\d.]+ [KMG]iB/s", overview.cell_text("web", Col.RX))
    with pytest.raises(LookupError):
        overview.cell_text("batch", Col.CPU)  # not running, not listed
    overview.table.sortByColumn(Col.NAME, Qt.SortOrder.AscendingOrder)
    assert [overview.model.index(r, Col.NAME).data() for r in range(2)] == ["db", "web"]


def test_allocation_marks_vcpu_overcommit_and_lists_disks(ui: WindowDriver) -> None:
    ui.window.allocation_action.trigger()
    window = ui.window.findChild(AllocationWindow)
    assert window is not None and window.isVisible()
    assert window.cpu_bar.summary() == (
        "vCPUs: 6 of 4 allocated to running VMs (150 %) — over-committed by 2"
    )
    assert window.memory_bar.summary() == (
        "Memory: 3.5 GiB of 4.0 GiB allocated to running VMs (88 %)"
    )
    assert not window.memory_bar.overcommitted
    assert "vCPUs are over-committed" in window.note.text()
    # Hovering the first segment names the guest with the most memory.
    bar = window.memory_bar
    assert bar.tooltip_at(5) == "web: 2.0 GiB (50 % of the host)"
    ui.aio.wait_until(lambda: window.disk_row_texts("web") != [])
    (row,) = window.disk_row_texts("web")
    assert row[:3] == ["web", "vda", "/var/lib/hvdesk-test/web.qcow2"]
    assert row[3].endswith("GiB") and row[4].endswith("TiB")  # the test driver's sizes


def _warning(ui: WindowDriver) -> QMessageBox:
    def find() -> QMessageBox | None:
        box = ui.window.findChild(QMessageBox, "overcommitWarning")
        return box if box is not None and box.isVisible() else None

    ui.aio.wait_until(lambda: find() is not None)
    box = find()
    assert box is not None
    return box


def test_start_that_would_overcommit_memory_asks_first(ui: WindowDriver) -> None:
    from hvdesk.core.vm import Action

    ui.click_row("batch")
    ui.press(Action.START)
    box = _warning(ui)
    assert box.text() == (
        "Starting 'batch' would allocate 5.5 GiB of this host's 4.0 GiB of memory to running VMs."
    )
    ui.qtbot.mouseClick(box.button(QMessageBox.StandardButton.Cancel), Qt.MouseButton.LeftButton)
    ui.aio.wait_until(lambda: not box.isVisible())
    QApplication.processEvents()
    assert ui.row_texts("batch")[Column.STATE] == "Powered off"

    ui.press(Action.START)
    box = _warning(ui)
    start = next(b for b in box.buttons() if b.text() == "Start Anyway")
    ui.qtbot.mouseClick(start, Qt.MouseButton.LeftButton, pos=QPoint(5, 5))
    ui.wait_state("batch", "Running")


def test_overview_selection_follows_its_vm_when_rows_reorder(ui: WindowDriver) -> None:
    ui.window.overview_action.trigger()
    overview = ui.window.findChild(OverviewWindow)
    assert overview is not None
    ui.aio.wait_until(lambda: overview.model.rowCount() == 2)
    names = [overview.model.index(r, Col.NAME).data() for r in range(2)]
    overview.table.selectRow(names.index("db"))
    overview.table.sortByColumn(Col.NAME, Qt.SortOrder.DescendingOrder)  # web, db
    overview.table.sortByColumn(Col.NAME, Qt.SortOrder.AscendingOrder)  # db, web
    selected = overview.table.selectionModel().selectedRows(Col.NAME)
    assert [index.data() for index in selected] == ["db"]
    assert overview.table.currentIndex().siblingAtColumn(Col.NAME).data() == "db"


def test_hovering_a_chart_shows_its_values_in_a_tooltip(ui: WindowDriver) -> None:
    from PySide6.QtWidgets import QToolTip

    pane = _activity(ui, "web")
    ui.aio.wait_until(lambda: pane.cpu_chart.has_figures())
    chart = pane.cpu_chart
    rect = chart.plot_rect()
    ui.qtbot.mouseMove(chart, QPoint(int(rect.right()), int(rect.center().y())))
    ui.aio.wait_until(QToolTip.isVisible, timeout=5)
    text = QToolTip.text()
    assert text.startswith("CPU — ") and "Guest (2 vCPUs): " in text and " %" in text
