"""Small widgets the wizard's pages share: error labels (the small dialogs use them too),
path choosers, sliders with totals."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSlider,
    QSpinBox,
    QVBoxLayout,
    QWidget,
    QWizardPage,
)

from hvdesk.i18n import fill

ERROR_STYLE = "color:#c0392b;"
WARNING_STYLE = "color:#a35a00;"


class MessageLabel(QLabel):
    """A field's error (red) or warning (amber), hidden while there is none."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setTextFormat(Qt.TextFormat.PlainText)  # paths and names may contain '<'
        self.setWordWrap(True)
        self.is_error = False
        self.hide()

    def show_message(self, error: str = "", warning: str = "") -> None:
        text = error or warning
        self.is_error = bool(error)
        self.setStyleSheet(ERROR_STYLE if error else WARNING_STYLE)
        self.setText(text)
        self.setVisible(bool(text))


class PathField(QWidget):
    """A path typed or chosen with a file dialog (shown with open(), never exec())."""

    changed = Signal(str)

    def __init__(
        self,
        title: str,
        name_filters: list[str] | None = None,
        *,
        directory: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.title = title
        self.name_filters = name_filters or []
        self.directory = directory
        self.edit = QLineEdit()
        self.edit.setAccessibleName(title)
        self.edit.setClearButtonEnabled(True)
        self.browse = QPushButton(self.tr("Browse…"))
        self.browse.setAccessibleName(fill(self.tr("Browse for %1"), title.lower()))
        self.dialog: QFileDialog | None = None
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit, 1)
        layout.addWidget(self.browse)
        self.edit.textChanged.connect(self.changed)
        self.browse.clicked.connect(self.choose)

    def text(self) -> str:
        return self.edit.text().strip()

    def setText(self, text: str) -> None:
        self.edit.setText(text)

    def choose(self) -> QFileDialog:
        dialog = QFileDialog(self, self.title)
        dialog.setObjectName("pathDialog")
        if self.directory:
            dialog.setFileMode(QFileDialog.FileMode.Directory)
            dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
        else:
            dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
            if self.name_filters:
                dialog.setNameFilters([*self.name_filters, self.tr("All files (*)")])
        current = self.text()
        if current:
            dialog.selectFile(current)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.fileSelected.connect(self.edit.setText)
        self.dialog = dialog
        dialog.open()  # not exec(): a nested loop would stall the asyncio tasks
        return dialog


class FieldGroup(QWidget):
    """A group of fields; shows the errors and warnings of its own fields."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.messages: dict[str, MessageLabel] = {}

    def message_label(self, field: str) -> MessageLabel:
        label = MessageLabel(f"{field}Message")
        self.messages[field] = label
        return label

    def show_messages(self, errors: Mapping[str, str], warnings: Mapping[str, str]) -> None:
        for field, label in self.messages.items():
            label.show_message(errors.get(field, ""), warnings.get(field, ""))

    def fields(self) -> set[str]:
        return set(self.messages)


class AmountField(QWidget):
    """A slider up to what the host has, a spin box that can go past it, and the total."""

    valueChanged = Signal(int)

    def __init__(
        self, name: str, suffix: str, maximum: int, step: int, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setAccessibleName(name)
        self.slider.setSingleStep(step)
        self.slider.setPageStep(step * 8)
        self.spin = QSpinBox()
        self.spin.setAccessibleName(name)
        self.spin.setRange(0, maximum)
        self.spin.setSingleStep(step)
        self.spin.setSuffix(suffix)
        self.total = QLabel()
        self.total.setTextFormat(Qt.TextFormat.PlainText)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.slider, 1)
        layout.addWidget(self.spin)
        layout.addWidget(self.total)
        self.slider.valueChanged.connect(self._slid)
        self.spin.valueChanged.connect(self._spun)

    def set_host_total(self, total: int, text: str, minimum: int = 0) -> None:
        self.slider.setRange(minimum, max(minimum, total))
        self.total.setText(text)
        self._spun(self.spin.value())

    def value(self) -> int:
        return int(self.spin.value())

    def setValue(self, value: int) -> None:
        self.spin.setValue(value)

    def _slid(self, value: int) -> None:
        if self.spin.value() != value:
            self.spin.setValue(value)

    def _spun(self, value: int) -> None:
        self.slider.blockSignals(True)
        self.slider.setValue(min(max(value, self.slider.minimum()), self.slider.maximum()))
        self.slider.blockSignals(False)
        self.valueChanged.emit(value)


class GroupPage(QWizardPage):
    """A wizard page that shows field groups; complete when the wizard says so."""

    def __init__(self, title: str, subtitle: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(title)
        self.setSubTitle(subtitle)
        self.groups: list[FieldGroup] = []
        self.box = QVBoxLayout(self)
        self.complete_check: Callable[[GroupPage], bool] = lambda _page: True
        self.next_page = -1

    def set_groups(self, groups: list[FieldGroup]) -> None:
        """Show these groups here (a widget lives in one layout: adding moves it)."""
        self.groups = groups
        for group in groups:
            self.box.addWidget(group)
            group.show()

    def fields(self) -> set[str]:
        return set().union(*(g.fields() for g in self.groups)) if self.groups else set()

    def isComplete(self) -> bool:
        return self.complete_check(self)

    def nextId(self) -> int:
        return self.next_page

    def cleanupPage(self) -> None:
        pass  # going Back keeps what the user entered
