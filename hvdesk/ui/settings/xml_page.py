"""XML: the whole definition for experts, checked before it is saved."""

from __future__ import annotations

from PySide6.QtGui import QFontDatabase, QTextCursor
from PySide6.QtWidgets import QPlainTextEdit, QWidget

from hvdesk.core.domxml import DomainXml, DomainXmlError
from hvdesk.core.settings_apply import SettingsChange
from hvdesk.ui.settings.page import PageContext, SettingsPage


class XmlPage(SettingsPage):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("XML"), parent)
        self.outer.addWidget(
            self.note(
                self.tr("The VM's definition as libvirt keeps it. Edits here are checked "
                        "(well-formed, then libvirt's schema) when you press OK or Apply.")
            )
        )  # fmt: skip
        self.editor = QPlainTextEdit()
        self.editor.setObjectName("settingsXml")
        self.editor.setAccessibleName(self.tr("Domain XML"))
        self.editor.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.editor.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.outer.addWidget(self.editor, 1)
        self.shown = ""

    def show_xml(self, xml: str) -> None:
        self.shown = xml
        self.editor.setPlainText(xml)

    @property
    def edited(self) -> bool:
        return self.editor.toPlainText() != self.shown

    def parsed(self) -> DomainXml:
        """The text as a document; a malformed line gets the cursor."""
        try:
            return DomainXml(self.editor.toPlainText())
        except DomainXmlError as exc:
            if exc.line:
                block = self.editor.document().findBlockByLineNumber(exc.line - 1)
                cursor = QTextCursor(block)
                self.editor.setTextCursor(cursor)
            raise

    def load(self, doc: DomainXml, ctx: PageContext) -> None:
        self.show_xml(doc.to_string())

    def save(self, doc: DomainXml, change: SettingsChange) -> None:
        pass  # the dialog uses the text itself when it was edited
