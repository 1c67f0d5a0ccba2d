"""Translations: hvdesk's own (resources/i18n/hvdesk_<lang>.qm) and Qt's (qtbase_<lang>.qm
from PySide6, for the standard dialog buttons), for the system locale."""

from __future__ import annotations

import re
import sys
from enum import Enum
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator


def fill(text: str, *args: object) -> str:
    """Qt's %1 … %9 placeholders filled in one pass (a value holding "%2" stays as it is)."""

    def value(match: re.Match[str]) -> str:
        index = int(match.group(1)) - 1
        return str(args[index]) if 0 <= index < len(args) else match.group(0)

    return re.sub(r"%([1-9])", value, text)


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:
    """Marks text for lupdate where it is defined; translate(context, text) shows it.
    (PySide6's own is typed to return object.)"""
    del context
    return text


def translate(context: str, text: str) -> str:
    """QCoreApplication.translate for code outside QObjects; fill() puts values in.

    lupdate finds these calls by the name `translate(context, text)` (a third argument
    would be read as a disambiguation, so values go through fill)."""
    return QCoreApplication.translate(context, text)


class TranslatedEnum(Enum):
    """An enum whose values are English texts, each marked with
    QT_TRANSLATE_NOOP("<the enum's class name>", text); `label` shows it translated."""

    @property
    def label(self) -> str:
        return translate(type(self).__name__, self.value)


def translations_dir() -> Path | None:
    """Where hvdesk's .qm files are: the source tree, the wheel's data, or /usr."""
    candidates = [
        Path(__file__).resolve().parents[1] / "resources" / "i18n",
        Path(sys.prefix) / "share" / "hvdesk" / "i18n",
        Path("/usr/local/share/hvdesk/i18n"),
        Path("/usr/share/hvdesk/i18n"),
    ]
    return next((p for p in candidates if p.is_dir() and any(p.glob("*.qm"))), None)


def install_translators(app: QCoreApplication, locale: QLocale | None = None) -> list[QTranslator]:
    """Load and install the translators for `locale` (default: the system's); returns
    those that were found (none for English, the source language)."""
    locale = locale or QLocale()
    installed = []
    qt = QTranslator(app)
    if qt.load(locale, "qtbase", "_", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        installed.append(qt)
    folder = translations_dir()
    ours = QTranslator(app)
    if folder is not None and ours.load(locale, "hvdesk", "_", str(folder)):
        installed.append(ours)
    for translator in installed:
        app.installTranslator(translator)
    return installed
