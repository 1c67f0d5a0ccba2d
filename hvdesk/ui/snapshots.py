"""The Snapshots tab: a VM's snapshot tree (VirtualBox's manner) with Take, Revert,
Delete and Properties, each asking first where something could be lost."""

from __future__ import annotations

import contextlib
from functools import cache

from PySide6.QtCore import QDateTime, QPoint, QRectF, Qt
from PySide6.QtGui import QAction, QColor, QFont, QIcon, QKeySequence, QPainter, QPixmap, QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QLayout,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QProgressBar,
    QToolBar,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from hvdesk.core import snapshots
from hvdesk.core.snapshots import SnapshotInfo, SnapshotTree
from hvdesk.core.vm import VirtualMachine, VmState
from hvdesk.ui.details import format_bytes
from hvdesk.ui.icons import state_icon
from hvdesk.ui.new_vm_wizard.widgets import MessageLabel
from hvdesk.ui.tasks import TaskRunner

NAME_ROLE = Qt.ItemDataRole.UserRole + 1  # snapshot name; "" for the Current State row


@cache
def snapshot_icon(with_memory: bool) -> QIcon:
    """A small camera: green lens for snapshots with the running guest's memory."""
    icon = QIcon()
    for size in (16, 24, 32):
        pixmap = QPixmap(size, size)
        pixmap.fill(Qt.GlobalColor.transparent)
        p = QPainter(pixmap)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        u = size / 16
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(QColor("#4a5568"))
        p.drawRoundedRect(QRectF(1 * u, 4 * u, 14 * u, 10 * u), 2 * u, 2 * u)
        p.drawRect(QRectF(5 * u, 2.5 * u, 6 * u, 2 * u))
        p.setBrush(QColor("white"))
        p.drawEllipse(QRectF(4.5 * u, 5.5 * u, 7 * u, 7 * u))
        p.setBrush(QColor("#2e9e44" if with_memory else "#8a8f98"))
        p.drawEllipse(QRectF(6 * u, 7 * u, 4 * u, 4 * u))
        p.end()
        icon.addPixmap(pixmap)
    return icon


def format_time(epoch: int) -> str:
    if epoch <= 0:
        return ""
    return QDateTime.fromSecsSinceEpoch(epoch).toString("yyyy-MM-dd HH:mm:ss")


class SnapshotsPane(QWidget):
    """Shows one VM's snapshots; `set_vm(None)` when the selection is not one VM."""

    def __init__(self, tasks: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("snapshotsPane")
        self.tasks = tasks
        self.vm: VirtualMachine | None = None
        self.tree_data = SnapshotTree()
        self._busy = False
        self._stale = True
        self._loading = 0  # bumps on every reload: an older listing is dropped

        self.toolbar = QToolBar()
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.take_action = self._action(self.tr("Take…"), "Ctrl+Shift+T", self.take)
        self.take_action.setIcon(snapshot_icon(True))
        self.revert_action = self._action(self.tr("Revert…"), "", self.revert)
        self.revert_action.setIcon(state_icon(VmState.SAVED))
        self.delete_action = self._action(self.tr("Delete…"), "", self.delete)
        self.delete_action.setIcon(self.style().standardIcon(
            self.style().StandardPixmap.SP_TrashIcon))  # fmt: skip
        self.properties_action = self._action(self.tr("Properties…"), "", self.properties)
        self.properties_action.setIcon(self.style().standardIcon(
            self.style().StandardPixmap.SP_FileDialogInfoView))  # fmt: skip
        for action in (
            self.take_action,
            self.revert_action,
            self.delete_action,
            self.properties_action,
        ):
            self.toolbar.addAction(action)

        self.tree = QTreeWidget()
        self.tree.setObjectName("snapshotTree")
        self.tree.setAccessibleName(self.tr("Snapshots"))
        self.tree.setHeaderLabels([self.tr("Name"), self.tr("Taken"), self.tr("Memory")])
        self.tree.setRootIsDecorated(True)
        self.tree.setUniformRowHeights(True)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.tree.customContextMenuRequested.connect(self._context_menu)
        self.tree.currentItemChanged.connect(lambda *_: self._update_actions())
        self.tree.itemDoubleClicked.connect(lambda *_: self.properties())

        self.note = QLabel()
        self.note.setObjectName("snapshotNote")
        self.note.setWordWrap(True)
        self.note.setTextFormat(Qt.TextFormat.PlainText)
        self.busy_bar = QProgressBar()
        self.busy_bar.setRange(0, 0)  # libvirt reports no progress for snapshots
        self.busy_bar.setTextVisible(False)
        self.busy_bar.setMaximumHeight(6)
        self.busy_bar.hide()
        self.busy_label = QLabel()
        self.busy_label.setTextFormat(Qt.TextFormat.PlainText)
        self.busy_label.hide()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.toolbar)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.busy_label)
        layout.addWidget(self.busy_bar)
        layout.addWidget(self.note)
        self.set_vm(None)

    def _action(self, text: str, shortcut: str, slot: object) -> QAction:
        action = QAction(text, self)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(lambda _=False: slot())  # type: ignore[operator]
        self.addAction(action)
        return action

    # ---- which VM ------------------------------------------------------------------------

    def set_vm(self, vm: VirtualMachine | None) -> None:
        if vm is not self.vm:
            if self.vm is not None:
                # The old VM's connection may be gone already (removed by the user).
                with contextlib.suppress(RuntimeError, TypeError):
                    self.vm.connection.vmChanged.disconnect(self._vm_changed)
            self.vm = vm
            self.tree_data = SnapshotTree()
            if vm is not None:
                vm.connection.vmChanged.connect(self._vm_changed)
            self._stale = True
        self._show()
        if self._stale and self.isVisible():
            self.reload()

    def _vm_changed(self, vm: VirtualMachine) -> None:
        if vm is self.vm:
            self._stale = True
            self._show()  # the Current State icon follows the VM at once
            if self.isVisible() and not self._busy:
                self.reload()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale and self.vm is not None:
            self.reload()

    def reload(self) -> None:
        vm = self.vm
        if vm is None or not vm.connection.is_connected:
            return
        self._stale = False
        self._loading += 1
        ticket = self._loading

        def loaded(tree: SnapshotTree) -> None:
            if ticket == self._loading and vm is self.vm:
                self.tree_data = tree
                self._show()

        self.tasks.run(
            snapshots.list_snapshots(vm), f"Could not list the snapshots of '{vm.name}'", loaded
        )

    # ---- showing ------------------------------------------------------------------------

    def _show(self) -> None:
        selected = self.selected_name()
        self.tree.clear()
        vm = self.vm
        if vm is None:
            self.note.setText(self.tr("Select one virtual machine to see its snapshots."))
            self._update_actions()
            return
        items: dict[str, QTreeWidgetItem] = {}

        def add(info: SnapshotInfo, parent: QTreeWidgetItem | None) -> None:
            item = QTreeWidgetItem([info.name, format_time(info.created), ""])
            if info.memory_bytes:
                item.setText(2, format_bytes(info.memory_bytes))
            item.setIcon(0, snapshot_icon(info.has_memory))
            item.setData(0, NAME_ROLE, info.name)
            item.setToolTip(0, info.description or info.name)
            if parent is None:
                self.tree.addTopLevelItem(item)
            else:
                parent.addChild(item)
            items[info.name] = item
            for child in self.tree_data.children(info.name):
                add(child, item)

        for root in self.tree_data.roots():
            add(root, None)
        now = QTreeWidgetItem([self.tr("Current State"), "", ""])
        now.setIcon(0, state_icon(vm.state))
        now.setData(0, NAME_ROLE, "")
        now.setToolTip(0, self.tr("'{name}' as it is now: {state}").format(
            name=vm.name, state=vm.state.label))  # fmt: skip
        font = QFont(now.font(0))
        font.setBold(True)
        now.setFont(0, font)
        current = items.get(self.tree_data.current)
        if current is not None:
            current.addChild(now)
        else:
            self.tree.addTopLevelItem(now)
        self.tree.expandAll()
        self.tree.setCurrentItem(items.get(selected, now) if selected else now)
        blocker = snapshots.snapshot_blocker(vm)
        count = len(self.tree_data)
        if blocker:
            self.note.setText(blocker)
        elif count:
            counted = (
                self.tr("1 snapshot.") if count == 1 else self.tr("{n} snapshots.").format(n=count)
            )
            self.note.setText(
                counted + " " + self.tr("A green lens: the running guest's memory is in it too.")
            )
        else:
            self.note.setText(
                self.tr("No snapshots yet. Take one to be able to come back to this state.")
            )
        self._update_actions()

    def selected_name(self) -> str:
        item = self.tree.currentItem()
        return str(item.data(0, NAME_ROLE) or "") if item is not None else ""

    def _update_actions(self) -> None:
        vm = self.vm
        usable = vm is not None and vm.connection.is_connected and not self._busy
        name = self.selected_name()
        self.take_action.setEnabled(usable and not snapshots.snapshot_blocker(vm))  # type: ignore[arg-type]
        for action in (self.revert_action, self.delete_action, self.properties_action):
            action.setEnabled(usable and bool(name))

    def _set_busy(self, text: str) -> None:
        self._busy = bool(text)
        self.busy_label.setText(text)
        self.busy_label.setVisible(bool(text))
        self.busy_bar.setVisible(bool(text))
        self._update_actions()

    def _run(self, coro: object, busy: str, what: str) -> None:
        self._set_busy(busy)

        def done(_result: object = None) -> None:
            self._set_busy("")
            self.reload()

        task = self.tasks.run(coro, what, done)  # type: ignore[arg-type]
        task.add_done_callback(lambda t: done() if t.cancelled() or t.exception() else None)

    # ---- actions ---------------------------------------------------------------------------

    def take(self) -> TakeSnapshotDialog | None:
        vm = self.vm
        if vm is None or not self.take_action.isEnabled():
            return None
        dialog = TakeSnapshotDialog(vm, self.tree_data, self)

        def accepted() -> None:
            name, description = dialog.name(), dialog.description()
            self._run(
                snapshots.take_snapshot(vm, name, description),
                self.tr("Taking the snapshot '{name}'…").format(name=name),
                self.tr("Could not take a snapshot of '{name}'").format(name=vm.name),
            )

        dialog.accepted.connect(accepted)
        dialog.open()
        return dialog

    def revert(self) -> RevertDialog | None:
        vm, name = self.vm, self.selected_name()
        if vm is None or not name or not self.revert_action.isEnabled():
            return None
        dialog = RevertDialog(vm, name, snapshots.suggest_name(self.tree_data), self)

        def accepted() -> None:
            keep = dialog.keep_current.isChecked()
            self._run(
                snapshots.revert_to(
                    vm,
                    name,
                    save_current_as=dialog.keep_name if keep else "",
                    description=self.tr("The state before reverting to '{name}'").format(name=name),
                ),
                self.tr("Reverting to '{name}'…").format(name=name),
                self.tr("Could not revert '{vm}' to '{name}'").format(vm=vm.name, name=name),
            )

        dialog.accepted.connect(accepted)
        dialog.open()
        return dialog

    def delete(self) -> ConfirmDeleteSnapshot | None:
        vm, name = self.vm, self.selected_name()
        if vm is None or not name or not self.delete_action.isEnabled():
            return None
        children = [c.name for c in self.tree_data.children(name)]
        dialog = ConfirmDeleteSnapshot(name, children, self)

        def accepted() -> None:
            self._run(
                snapshots.delete_snapshot(vm, name),
                self.tr("Deleting the snapshot '{name}'…").format(name=name),
                self.tr("Could not delete the snapshot '{name}'").format(name=name),
            )

        dialog.accepted.connect(accepted)
        dialog.open()
        return dialog

    def properties(self) -> SnapshotPropertiesDialog | None:
        vm, name = self.vm, self.selected_name()
        info = self.tree_data.snapshots.get(name)
        if vm is None or info is None:
            return None
        dialog = SnapshotPropertiesDialog(info, self)

        def accepted() -> None:
            text = dialog.description.toPlainText()
            if text != info.description:
                self._run(
                    snapshots.set_description(vm, name, text),
                    self.tr("Saving…"),
                    self.tr("Could not change the snapshot '{name}'").format(name=name),
                )

        dialog.accepted.connect(accepted)
        dialog.open()
        return dialog

    def _context_menu(self, pos: QPoint) -> None:
        item = self.tree.itemAt(pos)
        if item is not None:
            self.tree.setCurrentItem(item)
        menu = QMenu(self)
        menu.addAction(self.take_action)
        if self.selected_name():
            menu.addAction(self.revert_action)
            menu.addAction(self.delete_action)
            menu.addSeparator()
            menu.addAction(self.properties_action)
        menu.popup(self.tree.viewport().mapToGlobal(pos))


# ---- dialogs --------------------------------------------------------------------------------


def _buttons(dialog: QDialog, ok_text: str, safe_default: bool) -> QDialogButtonBox:
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, dialog)
    ok = buttons.addButton(ok_text, QDialogButtonBox.ButtonRole.AcceptRole)
    ok.setObjectName("okButton")
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    cancel = buttons.button(QDialogButtonBox.StandardButton.Cancel)
    (cancel if safe_default else ok).setDefault(True)
    return buttons


class TakeSnapshotDialog(QDialog):
    def __init__(self, vm: VirtualMachine, tree: SnapshotTree, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Take Snapshot of '{name}'").format(name=vm.name))
        self._taken = tree.snapshots
        self.name_edit = QLineEdit(snapshots.suggest_name(tree))
        self.name_edit.setAccessibleName(self.tr("Snapshot name"))
        self.name_edit.selectAll()
        self.description_edit = QPlainTextEdit()
        self.description_edit.setAccessibleName(self.tr("Snapshot description"))
        self.description_edit.setTabChangesFocus(True)
        self.description_edit.setFixedHeight(90)
        self.problem = MessageLabel("problem")
        form = QFormLayout()
        form.addRow(self.tr("&Name:"), self.name_edit)
        form.addRow(self.tr("&Description:"), self.description_edit)
        layout = QVBoxLayout(self)
        # Grow when a message or the progress bar appears, never squeeze the text.
        layout.setSizeConstraint(QLayout.SizeConstraint.SetMinimumSize)
        layout.addLayout(form)
        if vm.state.is_active:
            memory = QLabel(
                self.tr(
                    "'{name}' is running: its memory is saved too, and reverting resumes it "
                    "from this moment. The guest pauses while the snapshot is taken."
                ).format(name=vm.name)
            )
            memory.setTextFormat(Qt.TextFormat.PlainText)
            memory.setWordWrap(True)
            layout.addWidget(memory)
        layout.addWidget(self.problem)
        self.buttons = _buttons(self, self.tr("Take Snapshot"), safe_default=False)
        layout.addWidget(self.buttons)
        self.name_edit.textChanged.connect(self._validate)
        self._validate()
        self.setMinimumWidth(440)

    def name(self) -> str:
        return self.name_edit.text()

    def description(self) -> str:
        return self.description_edit.toPlainText()

    def _validate(self) -> None:
        problem = snapshots.name_problem(self.name(), self._taken)
        self.problem.show_message(problem)
        if self.isVisible():
            self.adjustSize()
        self.buttons.findChild(QWidget, "okButton").setEnabled(not problem)  # type: ignore[union-attr]


class RevertDialog(QDialog):
    """Asks first: the current state is lost unless kept as a snapshot (the default)."""

    def __init__(
        self, vm: VirtualMachine, name: str, keep_name: str, parent: QWidget | None
    ) -> None:
        super().__init__(parent)
        self.keep_name = keep_name
        self.setWindowTitle(self.tr("Revert to Snapshot"))
        text = QLabel(
            self.tr(
                "Revert '{vm}' to the snapshot '{name}'? Its disks, and its memory if the "
                "snapshot has it, go back to that moment; what happened since is lost "
                "unless you keep it."
            ).format(vm=vm.name, name=name)
        )
        text.setTextFormat(Qt.TextFormat.PlainText)
        text.setWordWrap(True)
        self.keep_current = QCheckBox(
            self.tr("&Keep the current state as the snapshot '{name}' first").format(name=keep_name)
        )
        self.keep_current.setChecked(not snapshots.snapshot_blocker(vm))  # the safe default
        self.keep_current.setEnabled(not snapshots.snapshot_blocker(vm))
        layout = QVBoxLayout(self)
        # Grow when a message or the progress bar appears, never squeeze the text.
        layout.setSizeConstraint(QLayout.SizeConstraint.SetMinimumSize)
        layout.addWidget(text)
        layout.addWidget(self.keep_current)
        self.buttons = _buttons(self, self.tr("Revert"), safe_default=True)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(460)


class ConfirmDeleteSnapshot(QDialog):
    def __init__(self, name: str, children: list[str], parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Delete Snapshot"))
        if children:
            body = self.tr(
                "Delete the snapshot '{name}'? You can no longer go back to it. Its "
                "children ({children}) are kept: what they build on is merged into them. "
                "The VM's current state does not change."
            ).format(name=name, children=", ".join(children))
        else:
            body = self.tr(
                "Delete the snapshot '{name}'? You can no longer go back to it. The VM's "
                "current state does not change."
            ).format(name=name)
        text = QLabel(body)
        text.setTextFormat(Qt.TextFormat.PlainText)
        text.setWordWrap(True)
        layout = QVBoxLayout(self)
        # Grow when a message or the progress bar appears, never squeeze the text.
        layout.setSizeConstraint(QLayout.SizeConstraint.SetMinimumSize)
        layout.addWidget(text)
        self.buttons = _buttons(self, self.tr("Delete"), safe_default=True)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(440)


class SnapshotPropertiesDialog(QDialog):
    def __init__(self, info: SnapshotInfo, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Snapshot '{name}'").format(name=info.name))
        form = QFormLayout()
        rows = [
            (self.tr("Name:"), info.name),
            (self.tr("Taken:"), format_time(info.created) or self.tr("unknown")),
            (self.tr("VM was:"), info.state or self.tr("unknown")),
            (
                self.tr("Memory:"),
                (format_bytes(info.memory_bytes) if info.memory_bytes else self.tr("saved"))
                if info.has_memory
                else self.tr("not saved (disks only)"),
            ),
            (self.tr("Kind:"), self.tr("external overlay files") if info.external
             else self.tr("inside the disk images")),
        ]  # fmt: skip
        for label, value in rows:
            shown = QLabel(value)
            shown.setTextFormat(Qt.TextFormat.PlainText)
            shown.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            form.addRow(label, shown)
        self.description = QPlainTextEdit(info.description)
        self.description.setAccessibleName(self.tr("Snapshot description"))
        self.description.setTabChangesFocus(True)
        self.description.setFixedHeight(90)
        form.addRow(self.tr("&Description:"), self.description)
        layout = QVBoxLayout(self)
        # Grow when a message or the progress bar appears, never squeeze the text.
        layout.setSizeConstraint(QLayout.SizeConstraint.SetMinimumSize)
        layout.addLayout(form)
        self.buttons = _buttons(self, self.tr("Save"), safe_default=False)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(420)
