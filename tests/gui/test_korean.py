"""The Korean translation: loaded for the system locale, shown in menus and dialogs."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, QLocale, Qt, QTranslator
from PySide6.QtWidgets import QDialogButtonBox, QMenu

from hvdesk.core.errors import HvdeskError
from hvdesk.core.vm import Action
from hvdesk.i18n import fill, install_translators, translations_dir
from hvdesk.ui.preferences_dialog import PreferencesDialog

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def korean(qapp: Any) -> Iterator[list[QTranslator]]:
    installed = install_translators(qapp, QLocale(QLocale.Language.Korean))
    yield installed
    for translator in installed:
        qapp.removeTranslator(translator)


def _menu(window: Any, title: str) -> QMenu:
    for action in window.menuBar().actions():
        if action.text() == title and isinstance(action.menu(), QMenu):
            return action.menu()
    raise LookupError(title)


def test_both_translators_load_for_korean(korean: list[QTranslator]) -> None:
    assert len(korean) == 2  # Qt's own (qtbase_ko) and hvdesk's
    assert translations_dir() == ROOT / "resources" / "i18n"


@pytest.mark.xvfb
def test_menus_and_dialogs_speak_korean(korean: list[QTranslator], make_window: Any) -> None:
    ui = make_window("test:///default")
    machine = _menu(ui.window, "머신(&M)")
    texts = [a.text() for a in machine.actions()]
    assert "실행기 만들기(&L)…" in texts
    settings = [a.text() for a in _menu(ui.window, "설정(&S)").actions()]
    assert "환경 설정(&P)…" in settings
    dialog = ui.window.show_preferences()
    assert dialog.windowTitle() == "환경 설정"
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    cancel = dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel)
    assert (ok.text().replace("&", ""), cancel.text().replace("&", "")) == ("확인", "취소")
    dialog.reject()


def test_a_console_message_is_korean(korean: list[QTranslator]) -> None:
    assert QCoreApplication.translate("ConsoleSession", "VM is off") == "VM이 꺼져 있습니다"
    assert QCoreApplication.translate("Errors", "Check the connection address") == (
        "연결 주소를 확인하세요"
    )


def test_english_stays_the_source_without_a_translator(qtbot: Any) -> None:
    dialog = PreferencesDialog()
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == "Preferences"


def test_the_system_locale_picks_korean_in_a_new_process() -> None:
    """A process started under LANG=ko_KR.UTF-8 shows the manager's menus in Korean."""
    script = textwrap.dedent(
        """
        from PySide6.QtWidgets import QApplication
        from hvdesk.core.config import ConnectionStore
        from hvdesk.core.manager import ConnectionManager
        from hvdesk.i18n import install_translators
        from hvdesk.ui.main_window import MainWindow
        import sys, tempfile, pathlib
        app = QApplication([])
        install_translators(app)
        store = ConnectionStore(pathlib.Path(tempfile.mkdtemp()) / "c.json")
        window = MainWindow(ConnectionManager(store))
        for top in window.menuBar().actions():
            for action in top.menu().actions():
                print(action.text())
        """
    )
    env = {**os.environ, "LANG": "ko_KR.UTF-8", "LC_ALL": "ko_KR.UTF-8", "LANGUAGE": "ko"}
    env["QT_QPA_PLATFORM"] = "offscreen"
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, env=env,
        cwd=ROOT,
    )  # fmt: skip
    assert out.returncode == 0, out.stderr
    assert "환경 설정(&P)…" in out.stdout.splitlines()
    assert "실행기 만들기(&L)…" in out.stdout.splitlines()


def test_the_translation_is_complete_and_compiled() -> None:
    """Every string in the .ts has its Korean text and the .qm is built from it."""
    result = subprocess.run(
        [str(ROOT / "packaging" / "update-translations.sh"), "--check"],
        capture_output=True, text=True, timeout=120,
        env={**os.environ, "VENV_BIN": str(Path(sys.executable).parent)},
    )  # fmt: skip
    assert result.returncode == 0, result.stderr


def test_a_korean_console_message_is_not_cut(korean: list[QTranslator], make_window: Any) -> None:
    """A centred word-wrapped label was given one word's width: the rest was cut off."""
    ui = make_window(f"test://{ROOT / 'tests' / 'gui' / 'vms.xml'}")
    shown = ui.window.show_console(ui.vm("alpha"))
    view = shown.view
    label = view.detail_label
    assert label.text() == "화면을 보려면 'alpha'을(를) 시작하세요."
    ui.aio.wait_until(lambda: label.isVisible())
    assert label.width() >= label.fontMetrics().horizontalAdvance(label.text())
    shown.close()


def test_the_manager_window_speaks_korean(korean: list[QTranslator], make_window: Any) -> None:
    """Menus, column headers, VM states, the details pane and the status bar."""
    ui = make_window(f"test://{ROOT / 'tests' / 'gui' / 'vms.xml'}")
    window = ui.window
    titles = [a.text() for a in window.menuBar().actions()]
    assert titles == ["파일(&F)", "머신(&M)", "보기(&V)", "설정(&S)", "도움말(&H)"]
    model = window.tree.model()
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(3)]
    assert headers == ["이름", "상태", "운영 체제"]
    assert ui.row_texts("alpha")[1] == "꺼짐"  # runstate 5: shut off
    window.select_vm(ui.vm("alpha"))
    details = window.details.toPlainText()
    assert "일반" in details and "상태" in details and "꺼짐" in details
    start = window.actions_by_kind[Action.START]
    assert start.text() == "시작"
    ui.aio.wait_until(lambda: window.status_label.text() == "가상 머신: 3개 — 1개 실행 중")


def test_a_failure_sentence_is_korean(korean: list[QTranslator]) -> None:
    error = HvdeskError(
        fill(QCoreApplication.translate("VirtualMachine", "'%1' is running and was not deleted"),
             "web"),
        hint=QCoreApplication.translate("VirtualMachine", "Shut it down or force it off first"),
    )  # fmt: skip
    assert error.sentence() == (
        "'web'이(가) 실행 중이어서 삭제하지 않았습니다. 먼저 종료하거나 강제 종료하세요."
    )
