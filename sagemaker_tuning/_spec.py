"""Constraint descriptors that the generated shapes attach to their fields as metadata.

These few hand-written classes are the data that validation, serde and the
testing strategies are driven by; the generated code only instantiates them.
Consumers read them through one traversal, :class:`SpecVisitor`: a spec's
``accept(visitor)`` calls the visitor's method for its kind, so adding a kind of
spec is a type error in every consumer that does not handle it yet, instead of a
silent fall-through at the end of an ``isinstance`` ladder.
"""

from __future__ import annotations

import abc
import enum as _enum
import re
from collections.abc import Mapping, Sequence
from typing import Any, Final, Generic, TypeVar, overload

from sagemaker_tuning._frozen import StandInTuple

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


T = TypeVar("T")


class SpecVisitor(abc.ABC, Generic[T]):
    """One reader of the constraint specs: a method per kind of spec, each giving a ``T``.

    ``spec.accept(visitor)`` dispatches to the method for the spec's kind. Every
    method is abstract, so a consumer that misses a kind cannot be instantiated
    (and mypy says so). Readers on a hot path (the validity predicates, serde's
    structure and unstructure functions) visit once per class and return a
    function; readers that explain one value (violations, unknown members) carry
    the value in the visitor instance.
    """

    __slots__ = ()

    @abc.abstractmethod
    def visit_string(self, spec: String, /) -> T: ...

    @abc.abstractmethod
    def visit_integer(self, spec: Integer, /) -> T: ...

    @abc.abstractmethod
    def visit_float(self, spec: Float, /) -> T: ...

    @abc.abstractmethod
    def visit_boolean(self, spec: Boolean, /) -> T: ...

    @abc.abstractmethod
    def visit_timestamp(self, spec: Timestamp, /) -> T: ...

    @abc.abstractmethod
    def visit_structure(self, spec: Structure, /) -> T: ...

    @abc.abstractmethod
    def visit_list(self, spec: List, /) -> T: ...

    @abc.abstractmethod
    def visit_map(self, spec: Map, /) -> T: ...


class Spec(abc.ABC):
    """Base of the constraint descriptors."""

    __slots__ = ()
    kind: str = ""

    @abc.abstractmethod
    def accept(self, visitor: SpecVisitor[T]) -> T:
        """``visitor``'s answer for this spec: calls its ``visit_<kind>`` method."""


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

    def accept(self, visitor: SpecVisitor[T]) -> T:
        return visitor.visit_string(self)


class Integer(Spec):
    __slots__ = ("max", "min")
    kind = "integer"

    def __init__(self, *, min: int | None = None, max: int | None = None) -> None:
        self.min, self.max = min, max

    def accept(self, visitor: SpecVisitor[T]) -> T:
        return visitor.visit_integer(self)


class Float(Spec):
    __slots__ = ("max", "min")
    kind = "float"

    def __init__(self, *, min: float | None = None, max: float | None = None) -> None:
        self.min, self.max = min, max

    def accept(self, visitor: SpecVisitor[T]) -> T:
        return visitor.visit_float(self)


class Boolean(Spec):
    __slots__ = ()
    kind = "boolean"

    def accept(self, visitor: SpecVisitor[T]) -> T:
        return visitor.visit_boolean(self)


class Timestamp(Spec):
    __slots__ = ()
    kind = "timestamp"

    def accept(self, visitor: SpecVisitor[T]) -> T:
        return visitor.visit_timestamp(self)


class Structure(Spec):
    __slots__ = ("cls",)
    kind = "structure"

    def __init__(self, cls: type[Any]) -> None:
        self.cls = cls

    def accept(self, visitor: SpecVisitor[T]) -> T:
        return visitor.visit_structure(self)


class List(Spec):
    __slots__ = ("max", "member", "min")
    kind = "list"

    def __init__(self, member: Spec, *, min: int | None = None, max: int | None = None) -> None:
        self.member, self.min, self.max = member, min, max

    def accept(self, visitor: SpecVisitor[T]) -> T:
        return visitor.visit_list(self)


class Map(Spec):
    __slots__ = ("key", "max", "min", "value")
    kind = "map"

    # The key is a String: "A map requires a member named key that MUST target a string
    # shape" (Smithy 2.0 specification, Aggregate types, Map; smithy-lang/smithy
    # docs/source-2.0/spec/aggregate-types.rst).
    def __init__(
        self, key: String, value: Spec, *, min: int | None = None, max: int | None = None
    ) -> None:
        self.key, self.value, self.min, self.max = key, value, min, max

    def accept(self, visitor: SpecVisitor[T]) -> T:
        return visitor.visit_map(self)


def member(wire: str, spec: Spec, *, required: bool = False) -> Mapping[str, Any]:
    """Field metadata of a generated member: its wire name, constraints and required flag."""
    return {WIRE: wire, SPEC: spec, REQUIRED: required}


@overload
def as_tuple(value: Sequence[T]) -> tuple[T, ...]: ...


@overload
def as_tuple(value: Sequence[T] | None) -> tuple[T, ...] | None: ...


def as_tuple(value: Any) -> Any:
    """A list member as it is stored: any sequence but a string becomes a tuple.

    The generated converters call this, so constructors take lists (and any other
    sequence) as the type checkers let them. Anything else is left as given, for the
    shape's validation to report with the member's path.
    """
    cls = value.__class__
    if cls is tuple or value is None or cls is StandInTuple:  # a stand-in keeps its mark
        return value
    if cls is list or (isinstance(value, Sequence) and not isinstance(value, (str, bytes))):
        return tuple(value)
    return value
