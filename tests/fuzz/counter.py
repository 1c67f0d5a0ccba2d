"""How many generated inputs the fuzz tests ran (reported by tests/fuzz/conftest.py)."""

from __future__ import annotations

from collections import Counter

RUNS: Counter[str] = Counter()
