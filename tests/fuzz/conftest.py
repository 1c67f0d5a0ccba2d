"""Report how many inputs the fuzz tests fed in, as a final line of the test run."""

from __future__ import annotations

from typing import Any

from tests.fuzz.counter import RUNS


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if RUNS:
        parts = ", ".join(f"{name} {count}" for name, count in sorted(RUNS.items()))
        terminalreporter.write_line(
            f"RFB fuzz: {sum(RUNS.values())} generated server streams fed to the client ({parts})"
        )
