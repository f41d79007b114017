"""Translate the model's Java-dialect patterns into stdlib ``re`` syntax with the same meaning.

The service matches patterns against the whole value with ``java.util.regex``
semantics, so the translation:

- expands ``\\p{L}``, ``\\p{N}``, ``\\p{Z}`` into explicit code-point ranges from
  the vendored Unicode table (independent of the generating Python's Unicode
  version) and ``\\p{Alnum}`` into ``a-zA-Z0-9`` (a US-ASCII POSIX class in Java);
- makes ``\\w``, ``\\d``, ``\\s`` and ``\\b`` ASCII-only, as they are in Java, with the
  inline ``(?a)`` flag;
- spells ``.`` as "anything but a Java line terminator" (``\\n``, ``\\r``,
  ``\\u0085``, ``\\u2028``, ``\\u2029``), where Python's ``.`` excludes only ``\\n``.

Constructs without an exact stdlib equivalent (``\\P{..}``, class intersection,
nested classes, possessive quantifiers and atomic groups on Python 3.10, ``\\Q..\\E``,
``\\z``, ``\\Z``, ``\\G``, ``\\R``, ``\\h``, ``\\v``) are reported, never guessed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

JAVA_DOT = r"[^\n\r\x85\u2028\u2029]"
_POSIX = {"Alnum": "a-zA-Z0-9", "Alpha": "a-zA-Z", "Digit": "0-9", "Lower": "a-z", "Upper": "A-Z"}
_ASCII_CLASSES = set("wWdDsSbB")
_UNSUPPORTED_ESCAPES = set("QEzZGRhHvVXkK")


class PatternError(ValueError):
    """A pattern that cannot be translated exactly."""


def _char(cp: int) -> str:
    if cp < 0x10000:
        return f"\\u{cp:04x}"
    return f"\\U{cp:08x}"


def _ranges(spans: Sequence[Sequence[int]]) -> str:
    parts = []
    for start, end in spans:
        parts.append(_char(start) if start == end else f"{_char(start)}-{_char(end)}")
    return "".join(parts)


def translate(pattern: str, unicode_categories: Mapping[str, Sequence[Sequence[int]]]) -> str:
    """Return the stdlib-``re`` spelling of a Java pattern, to be used with ``re.fullmatch``."""
    out: list[str] = []
    needs_ascii = False
    in_class = False
    i, n = 0, len(pattern)
    while i < n:
        c = pattern[i]
        if c == "\\":
            if i + 1 >= n:
                raise PatternError("trailing backslash")
            nxt = pattern[i + 1]
            if nxt in "pP":
                if nxt == "P":
                    raise PatternError("negated property class \\P{..}")
                if i + 2 < n and pattern[i + 2] == "{":
                    close = pattern.find("}", i + 3)
                    if close < 0:
                        raise PatternError("unterminated \\p{")
                    name, end = pattern[i + 3 : close], close + 1
                else:
                    name, end = pattern[i + 2 : i + 3], i + 3
                name = name.removeprefix("Is")
                if name in _POSIX:
                    body = _POSIX[name]
                elif name in unicode_categories:
                    body = _ranges(unicode_categories[name])
                else:
                    raise PatternError(f"property class \\p{{{name}}} has no vendored ranges")
                out.append(body if in_class else f"[{body}]")
                i = end
                continue
            if nxt in _UNSUPPORTED_ESCAPES:
                raise PatternError(f"escape \\{nxt} has no exact stdlib equivalent")
            if nxt in _ASCII_CLASSES:
                needs_ascii = True
            out.append(pattern[i : i + 2])
            i += 2
            continue
        if in_class:
            if c == "[":
                raise PatternError("nested character class (Java class union)")
            if c == "&" and pattern[i : i + 2] == "&&":
                raise PatternError("character class intersection &&")
            if c == "]":
                in_class = False
            out.append(c)
            i += 1
            continue
        if c == "[":
            in_class = True
            out.append(c)
            i += 1
            # A ']' right after '[' or '[^' is a literal in both dialects.
            if pattern.startswith("^", i):
                out.append("^")
                i += 1
            if pattern.startswith("]", i):
                out.append("\\]")
                i += 1
            continue
        if c == ".":
            out.append(JAVA_DOT)
        elif c in "*+?}" and pattern.startswith("+", i + 1):
            raise PatternError("possessive quantifier (needs Python 3.11)")
        elif c == "(" and pattern.startswith("?>", i + 1):
            raise PatternError("atomic group (needs Python 3.11)")
        else:
            out.append(c)
        i += 1
    if in_class:
        raise PatternError("unterminated character class")
    result = "".join(out)
    return f"(?a){result}" if needs_ascii else result
