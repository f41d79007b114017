r"""Text as the report shows it: credentials redacted, invisible and reordering characters made visible.

Everything on the page (names, hyperparameter values, metric names, ``FailureReason``) comes from
the service or the training script, and the page is made to be shared. :func:`shown` passes every
string of the report's data through two steps before any of it is drawn or written:

- the characters that can make text lie about itself are written as the escape ``repr`` would
  use (``\u202e``, ``\x1b``, ``\u200b``): controls, bidirectional embeddings, overrides and
  isolates (CVE-2021-42574), zero-width and other default-ignorable characters (which can also
  hide data, as variation selectors do), line and paragraph separators, and lone surrogates (no
  encoder writes them). An escape rather than removal or a ``<bdi>`` wrapper, because the page
  should show what the service sent: removal would show two different values as one, and a
  wrapper still lets an override reorder the text inside it. Tabs and newlines stay (HTML shows
  them as spaces);
- then :func:`sagemaker_tuning.redact.redact`, the one rule the command line uses too (it reads
  the escapes of the first step as boundaries, so ``\u200bAKIA...`` is still caught).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from typing import Any

from sagemaker_tuning.redact import redact

__all__ = ["escape_invisible", "shown"]

# Default_Ignorable_Code_Point (Unicode DerivedCoreProperties.txt) outside the C categories:
# letters and marks that draw nothing (Hangul fillers, variation selectors, the combining
# grapheme joiner, Mongolian free variation selectors, tags' neighbours).
_IGNORABLE = re.compile(
    "[\u034f\u115f\u1160\u17b4\u17b5\u180b-\u180f\u2065\u3164\ufe00-\ufe0f\uffa0\ufff0-\ufff8"
    "\U000e0000-\U000e0fff]"
)
_ESCAPED_CATEGORIES = frozenset(("Cc", "Cf", "Cs", "Zl", "Zp"))
_KEPT = frozenset("\t\n")


def _escape(char: str) -> str:
    code = ord(char)
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def escape_invisible(text: str) -> str:
    """``text`` with every control, format, separator, surrogate and default-ignorable
    character written as a visible escape (tabs and newlines kept)."""
    # The common case at C speed: printable text has no C or Z character but the space.
    if text.isprintable() and not _IGNORABLE.search(text):
        return text
    return "".join(
        _escape(c)
        if c not in _KEPT
        and (unicodedata.category(c) in _ESCAPED_CATEGORIES or _IGNORABLE.match(c))
        else c
        for c in text
    )


def shown(data: Any) -> Any:
    """A copy of the report's data with every string (map keys too) as the page may show it."""
    cache: dict[str, str] = {}

    def text(value: str) -> str:
        out = cache.get(value)
        if out is None:
            out = cache[value] = redact(escape_invisible(value))
        return out

    def walk(value: Any) -> Any:
        if isinstance(value, str):
            return text(value)
        if isinstance(value, Mapping):
            return {text(k) if isinstance(k, str) else k: walk(v) for k, v in value.items()}
        if isinstance(value, (list, tuple)):
            return [walk(v) for v in value]
        return value

    return walk(data)
