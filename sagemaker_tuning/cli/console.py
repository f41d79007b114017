"""Output of the command line: the console, exit codes, command errors and text formatting."""

from __future__ import annotations

import argparse
import json
import math
import re
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
    """An expected failure: printed as one line (``sagemaker-tuning: error: ...``), then exit ``code``.

    ``violations`` (dicts as ``validate --json`` writes them) go into the ``--json`` error document.
    """

    def __init__(
        self, message: str, code: int = EXIT_SERVICE, *, violations: Sequence[Any] = ()
    ) -> None:
        super().__init__(message)
        self.code = code
        self.violations = list(violations)


class OutputFailed(Exception):
    """Writing the result to stdout failed (``/dev/full``, a closed descriptor): one line, exit 2."""

    def __init__(self, error: OSError | ValueError) -> None:
        reason = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
        super().__init__(f"cannot write to stdout: {reason}")


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

    def _out(self, text: str) -> None:
        try:
            self.out.write(text)
        except BrokenPipeError:
            raise  # `| head`: the entry point ends quietly
        except (OSError, ValueError) as error:  # ENOSPC, EBADF, a closed file
            raise OutputFailed(error) from None

    def print(self, text: str = "") -> None:
        """A line of human output on stdout (never used in ``--json`` mode); control
        characters in it (service text may hold ANSI escapes) are shown escaped."""
        self._out(escape(text, keep="\n") + "\n")

    def write_err(self, text: str) -> None:
        """Text on stderr as it is; a stderr that fails (full, closed) loses it, nothing more."""
        try:
            self.err.write(text)
            self.err.flush()
        except (OSError, ValueError):
            pass

    def note(self, text: str) -> None:
        """A line for the person watching, on stderr; silent in ``--json`` mode unless ``--progress``."""
        if not self.json or self.progress:
            self.write_err(escape(text, keep="\n") + "\n")

    def warn(self, text: str) -> None:
        """A warning on stderr, always (one line)."""
        self.write_err(f"{PROG}: warning: {escape(text)}\n")

    def emit_json(self, value: Any) -> None:
        """The command's whole result as JSON on stdout."""
        self._out(to_json(value) + "\n")

    def data(self, text: str) -> None:
        """Data such as CSV on stdout: exact for a pipe or file, escaped for a terminal.

        Lone surrogates (which no encoder writes) are escaped everywhere.
        """
        if _isatty(self.out):
            self._out(escape(text, keep="\n\t"))
        else:
            self._out(_SURROGATE.sub(_escaped, text))


# Characters a terminal may act on, or that make text lie about itself: C0 and C1 controls
# (ESC starts ANSI sequences; U+009B is the 8-bit CSI), DEL, line and paragraph separators,
# bidirectional overrides and isolates (CVE-2021-42574), and lone surrogates, which no
# encoder writes.
_CONTROLS = r"\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ud800-\udfff"  # after C0
_UNSAFE = re.compile(rf"[\x00-\x1f{_CONTROLS}]")
_SURROGATE = re.compile("[\ud800-\udfff]")
# Newlines are JSON's indentation; json.dumps escapes every other C0 control itself.
_UNSAFE_IN_JSON = re.compile(rf"[{_CONTROLS}]")


_SHORT = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escaped(match: re.Match[str]) -> str:
    """The escape ``repr`` would write for one character."""
    char = match.group()
    code = ord(char)
    return _SHORT.get(char) or (f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")


def escape(text: str, *, keep: str = "") -> str:
    """``text`` with every character a terminal could act on written as a visible escape
    (``\\x1b``, ``\\u202e``), except the ones in ``keep`` (such as ``"\\n"``)."""
    if keep:
        return keep[0].join(escape(part, keep=keep[1:]) for part in text.split(keep[0]))
    return _UNSAFE.sub(_escaped, text)


def _json_escaped(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def _finite(value: Any) -> Any:
    """``value`` with non-finite floats as ``null``: NaN and Infinity are not JSON (jq refuses them)."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_finite(v) for v in value]
    return value


def to_json(value: Any) -> str:
    """Strict JSON for stdout: non-finite numbers as ``null``, and every character a terminal
    could act on (control, bidi, lone surrogate) as a ``\\u`` escape -- the same document."""
    text = json.dumps(
        _finite(value), indent=2, default=_json_default, ensure_ascii=False, allow_nan=False
    )
    # Such characters occur only within strings there, where a \u escape means the same.
    return _UNSAFE_IN_JSON.sub(_json_escaped, text)


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


def _fields(rows: Sequence[tuple[str, Any]]) -> str:
    """Two aligned columns, label and value; empty values are left out."""
    shown = [(k, str(v)) for k, v in rows if v]
    width = max((len(k) for k, _ in shown), default=0)
    return "\n".join(f"{k.ljust(width)}  {v}" for k, v in shown)


def _when(value: Any) -> str:
    return value.isoformat(sep=" ", timespec="seconds") if value is not None else ""


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _columns(header: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    """An aligned plain-text table: a header, a rule, one line per row (``None`` cells empty)."""
    rows = [["" if cell is None else str(cell) for cell in row] for row in rows]
    widths = [max(len(line[i]) for line in [header, *rows]) for i in range(len(header))]

    def fmt(line: Sequence[str]) -> str:
        return "  ".join(cell.ljust(widths[i]) for i, cell in enumerate(line)).rstrip()

    return "\n".join([fmt(header), fmt(["-" * w for w in widths]), *(fmt(r) for r in rows)])
