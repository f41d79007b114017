"""Output of the command line: the console, exit codes, command errors and text formatting."""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from typing import IO, TYPE_CHECKING, Any

if TYPE_CHECKING:
    pass


PROG = "sagemaker-tuning"
EXIT_OK = 0
"""Success."""
EXIT_SERVICE = 1
"""The service, the connection or the job failed (or there is nothing to report)."""
EXIT_USAGE = 2
"""Usage, configuration or validation error: nothing was sent, or could be."""
EXIT_INTERRUPTED = 130
"""Interrupted by Ctrl-C (128 + SIGINT), as shells report it."""

_EXIT_CODES = """exit codes:
  0    success
  1    service error, connection failure, failed job, wait timed out
  2    usage, configuration or validation error (nothing was sent)
  130  interrupted (Ctrl-C); interrupting a wait never stops the job"""


class CommandError(Exception):
    """An expected failure: printed as one line (``sagemaker-tuning: error: ...``), then exit ``code``."""

    def __init__(self, message: str, code: int = EXIT_SERVICE) -> None:
        super().__init__(message)
        self.code = code


class _Interrupted(Exception):
    """Ctrl-C arrived; ``message`` says what was and was not affected."""


# --------------------------------------------------------------------------------------------
# Output


class Console:
    """Where a command writes: results to ``out``, notes and progress to ``err``."""

    def __init__(self, args: argparse.Namespace, out: IO[str], err: IO[str]) -> None:
        self.out = out
        self.err = err
        self.json: bool = args.json
        tty = _isatty(err)
        self.progress: bool = args.progress if args.progress is not None else tty
        self.live: bool = self.progress and tty

    def print(self, text: str = "") -> None:
        """A line of human output on stdout (never used in ``--json`` mode)."""
        self.out.write(text + "\n")

    def note(self, text: str) -> None:
        """A line for the person watching, on stderr; silent in ``--json`` mode unless ``--progress``."""
        if not self.json or self.progress:
            self.err.write(text + "\n")
            self.err.flush()

    def warn(self, text: str) -> None:
        """A warning on stderr, always."""
        self.err.write(f"{PROG}: warning: {text}\n")
        self.err.flush()

    def emit_json(self, value: Any) -> None:
        """The command's whole result as JSON on stdout."""
        json.dump(value, self.out, indent=2, default=_json_default, ensure_ascii=False)
        self.out.write("\n")


def _isatty(stream: IO[str]) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def _json_default(value: Any) -> Any:
    import datetime
    import enum

    if isinstance(value, (datetime.datetime, datetime.date)):
        return value.isoformat()
    if isinstance(value, datetime.timedelta):
        return value.total_seconds()
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, (set, frozenset, tuple)):
        return list(value)
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def _fields(rows: Sequence[tuple[str, str]]) -> str:
    """Two aligned columns, label and value; empty values are left out."""
    shown = [(k, v) for k, v in rows if v]
    width = max((len(k) for k, _ in shown), default=0)
    return "\n".join(f"{k.ljust(width)}  {v}" for k, v in shown)


def _when(value: Any) -> str:
    return value.isoformat(sep=" ", timespec="seconds") if value is not None else ""


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _columns(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """An aligned plain-text table: a header, a rule, one line per row."""
    widths = [max(len(line[i]) for line in [header, *rows]) for i in range(len(header))]

    def fmt(line: Sequence[str]) -> str:
        return "  ".join(cell.ljust(widths[i]) for i, cell in enumerate(line)).rstrip()

    return "\n".join([fmt(header), fmt(["-" * w for w in widths]), *(fmt(r) for r in rows)])
