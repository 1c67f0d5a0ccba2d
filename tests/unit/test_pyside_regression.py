"""PySide6 6.12.0 on Python 3.11 aborts ("Fatal Python error: none_dealloc") after ~1e5 calls
of void or bool methods, which qasync makes on every socket event (see ENVIRONMENT.md).
The installed combination must survive, and pyproject.toml must keep the broken one out."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

import PySide6
from packaging.markers import default_environment
from packaging.requirements import Requirement

PYPROJECT = Path(__file__).resolve().parents[2] / "pyproject.toml"
CALLS = 400_000

_HAMMER = f"""
from PySide6.QtCore import QCoreApplication, QTimer
app = QCoreApplication([])
timer = QTimer()
active = 0
for i in range({CALLS}):
    if timer.isActive():   # a bool method
        active += 1
    timer.setInterval(i % 50)  # a void method
    timer.stop()               # another void method
print("survived", active, timer.interval())
"""


def test_many_void_and_bool_calls_do_not_abort() -> None:
    done = subprocess.run(
        [sys.executable, "-c", _HAMMER],
        capture_output=True,
        text=True,
        timeout=120,
        env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin"},
    )
    assert "none_dealloc" not in done.stderr
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.split() == ["survived", "0", str((CALLS - 1) % 50)]


def _pyside_requirements() -> list[Requirement]:
    project = tomllib.loads(PYPROJECT.read_text())["project"]
    reqs = [Requirement(text) for text in project["dependencies"]]
    return [r for r in reqs if r.name.lower().startswith("pyside6")]


def _applicable(python_version: str) -> list[Requirement]:
    env: dict[str, str] = {key: str(value) for key, value in default_environment().items()}
    env["python_version"] = python_version
    env["python_full_version"] = python_version + ".0"
    return [r for r in _pyside_requirements() if r.marker is None or r.marker.evaluate(env)]


def test_pyproject_excludes_pyside_6_12_on_python_3_11() -> None:
    reqs = _applicable("3.11")
    assert reqs, "no PySide6 requirement applies on Python 3.11"
    for req in reqs:
        assert not req.specifier.contains("6.12.0", prereleases=True), str(req)
        assert not req.specifier.contains("6.12.1", prereleases=True), str(req)
    # Something installable remains: the version measured to work.
    assert all(req.specifier.contains("6.11.3") for req in reqs)


def test_pyproject_allows_6_12_from_python_3_12() -> None:
    for version in ("3.12", "3.13"):
        reqs = _applicable(version)
        assert reqs, f"no PySide6 requirement applies on Python {version}"
        assert all(req.specifier.contains("6.12.0") for req in reqs), version


def test_exactly_one_pyside_requirement_per_python() -> None:
    for version in ("3.11", "3.12", "3.13"):
        assert len(_applicable(version)) == 1, version
    assert all(r.name == "PySide6-Essentials" for r in _pyside_requirements())


def test_the_installed_combination_is_not_the_broken_one() -> None:
    broken = sys.version_info < (3, 12) and PySide6.__version__.startswith("6.12")
    assert not broken, f"PySide6 {PySide6.__version__} on Python {sys.version.split()[0]}"
