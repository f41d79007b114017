"""The one failure generation reports: every problem found, listed together."""

from __future__ import annotations

from collections.abc import Iterable


class GenerationError(Exception):
    """Generation found problems; nothing was written."""

    def __init__(self, problems: Iterable[str]) -> None:
        self.problems = sorted(set(problems))
        lines = "\n".join(f"  - {p}" for p in self.problems)
        super().__init__(f"{len(self.problems)} problem(s) in the model:\n{lines}")
