"""Constraint descriptors that the generated shapes attach to their fields as metadata.

These few hand-written classes are the data that validation, serde and the
testing strategies are driven by; the generated code only instantiates them.
"""

from __future__ import annotations

import enum as _enum
import re
from collections.abc import Mapping
from typing import Any, Final

WIRE: Final = "wire"
SPEC: Final = "spec"
REQUIRED: Final = "required"


class Pattern:
    """A model pattern: its source text (Java dialect) and its stdlib translation, full-matched."""

    __slots__ = ("_regex", "python", "source")

    def __init__(self, source: str, python: str) -> None:
        self.source = source
        self.python = python
        self._regex: re.Pattern[str] | None = None

    @property
    def regex(self) -> re.Pattern[str]:
        # Compiled on first use: some classes expand to hundreds of Unicode ranges,
        # and import time matters more than the first validation.
        if self._regex is None:
            self._regex = re.compile(self.python)
        return self._regex

    def fullmatch(self, value: str) -> bool:
        return self.regex.fullmatch(value) is not None

    def __repr__(self) -> str:
        return f"Pattern({self.source!r})"


class Spec:
    """Base of the constraint descriptors."""

    __slots__ = ()
    kind: str = ""


class String(Spec):
    __slots__ = ("enum", "max", "min", "pattern")
    kind = "string"

    def __init__(
        self,
        *,
        min: int | None = None,
        max: int | None = None,
        pattern: Pattern | None = None,
        enum: type[_enum.Enum] | None = None,
    ) -> None:
        self.min, self.max, self.pattern, self.enum = min, max, pattern, enum


class Integer(Spec):
    __slots__ = ("max", "min")
    kind = "integer"

    def __init__(self, *, min: int | None = None, max: int | None = None) -> None:
        self.min, self.max = min, max


class Float(Spec):
    __slots__ = ("max", "min")
    kind = "float"

    def __init__(self, *, min: float | None = None, max: float | None = None) -> None:
        self.min, self.max = min, max


class Boolean(Spec):
    __slots__ = ()
    kind = "boolean"


class Timestamp(Spec):
    __slots__ = ()
    kind = "timestamp"


class Structure(Spec):
    __slots__ = ("cls",)
    kind = "structure"

    def __init__(self, cls: type[Any]) -> None:
        self.cls = cls


class List(Spec):
    __slots__ = ("max", "member", "min")
    kind = "list"

    def __init__(self, member: Spec, *, min: int | None = None, max: int | None = None) -> None:
        self.member, self.min, self.max = member, min, max


class Map(Spec):
    __slots__ = ("key", "max", "min", "value")
    kind = "map"

    def __init__(
        self, key: Spec, value: Spec, *, min: int | None = None, max: int | None = None
    ) -> None:
        self.key, self.value, self.min, self.max = key, value, min, max


def member(wire: str, spec: Spec, *, required: bool = False) -> Mapping[str, Any]:
    """Field metadata of a generated member: its wire name, constraints and required flag."""
    return {WIRE: wire, SPEC: spec, REQUIRED: required}
