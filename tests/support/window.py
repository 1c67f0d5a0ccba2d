"""Drive the manager window like a person would: find rows, click, press buttons."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QModelIndex, QPoint, Qt
from PySide6.QtWidgets import QToolBar

from hvdesk.core.config import ConnectionStore
from hvdesk.core.connection import Connection
from hvdesk.core.manager import ConnectionManager
from hvdesk.core.vm import Action, VirtualMachine
from hvdesk.ui.main_window import MainWindow
from hvdesk.ui.vm_tree_model import Column
from tests.support.aio import AsyncRunner


class WindowDriver:
    """What a user sees and does in the manager window."""

    def __init__(self, window: MainWindow, qtbot: Any, aio: AsyncRunner) -> None:
        self.window = window
        self.qtbot = qtbot
        self.aio = aio

    @property
    def connection(self) -> Connection:
        return self.window.manager.connections[0]

    def vm(self, name: str) -> VirtualMachine:
        return next(vm for vm in self.connection.vms.values() if vm.name == name)

    def row_texts(self, name: str) -> list[str]:
        index = self.view_index(name)
        return [
            str(index.siblingAtColumn(c).data(Qt.ItemDataRole.DisplayRole) or "") for c in Column
        ]

    def visible_names(self) -> list[str]:
        proxy = self.window.proxy
        names = []
        for conn_row in range(proxy.rowCount()):
            parent = proxy.index(conn_row, 0)
            names += [proxy.index(r, 0, parent).data() for r in range(proxy.rowCount(parent))]
        return names

    def view_index(self, name: str) -> QModelIndex:
        proxy = self.window.proxy
        for conn_row in range(proxy.rowCount()):
            parent = proxy.index(conn_row, 0)
            for row in range(proxy.rowCount(parent)):
                index = proxy.index(row, 0, parent)
                if index.data() == name:
                    return index
        raise LookupError(name)

    def click_row(
        self, name: str, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier
    ) -> None:
        tree = self.window.tree
        index = self.view_index(name)
        tree.scrollTo(index)
        rect = tree.visualRect(index)
        self.qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, modifier, rect.center())

    def double_click_row(self, name: str) -> None:
        tree = self.window.tree
        index = self.view_index(name)
        pos: QPoint = tree.visualRect(index).center()
        # QTest's double click needs the press/release of the first click before it.
        self.qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=pos)
        self.qtbot.mouseDClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=pos)

    def toolbar_button(self, action: Action) -> Any:
        toolbar = self.window.findChild(QToolBar, "machineToolbar")
        return toolbar.widgetForAction(self.window.actions_by_kind[action])

    def press(self, action: Action) -> None:
        button = self.toolbar_button(action)
        assert button.isEnabled(), f"{action.value} is disabled"
        self.qtbot.mouseClick(button, Qt.MouseButton.LeftButton)

    def enabled(self, action: Action) -> bool:
        return bool(self.window.actions_by_kind[action].isEnabled())

    def wait_state(self, name: str, state_text: str, timeout: float = 10) -> None:
        self.aio.wait_until(lambda: self.row_texts(name)[Column.STATE] == state_text, timeout)


def make_window_factory(
    qtbot: Any, aio: AsyncRunner, tmp_path: Path
) -> tuple[Callable[..., WindowDriver], list[ConnectionManager]]:
    managers: list[ConnectionManager] = []

    def make(*uris: str, open_timeout: float = 5.0, wait: bool = True) -> WindowDriver:
        store = ConnectionStore(tmp_path / "connections.json")
        manager = ConnectionManager(store, open_timeout=open_timeout)
        managers.append(manager)
        window = MainWindow(manager)
        qtbot.addWidget(window)
        for uri in uris:
            window.open_connection(manager.add(uri, save=False))
        window.show()
        qtbot.waitExposed(window)
        if wait:
            aio.wait_until(
                lambda: all(c.state.name in ("CONNECTED", "FAILED") for c in manager.connections),
                timeout=open_timeout + 10,
            )
        return WindowDriver(window, qtbot, aio)

    return make, managers
