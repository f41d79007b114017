r"""Hypothesis strategies for every shape and enum of the model, derived from its constraints.

Importing this module registers a strategy for every generated shape and enum,
so ``hypothesis.strategies.from_type(HyperParameterTuningJobConfig)`` works.
Three helpers serve the three kinds of contract test:

- :func:`shapes` gives valid instances (lengths, ranges, full-match patterns,
  enums, required members, list and map sizes all respected); every example
  also passes botocore's ``ParamValidator``.
- :func:`responses` gives wire dictionaries the service may send: unknown
  enum values, unknown members, missing optional (and now and then required)
  members, nulls, values of the wrong type, values that ignore the model's
  constraints. They parse leniently, into objects of the annotated types.
- :func:`violations` gives a wire dictionary with exactly one constraint
  broken, paired with the path at which ``from_api(cls, data, strict=True)``
  reports it.

Optional members are mostly absent and lists short, so examples stay fast to
generate and shrink to small values.

A user's contract test, one of each kind (the code under test is a stand-in):

>>> from hypothesis import given, settings
>>> from sagemaker_tuning import ValidationError, from_api, shapes, validate
>>> from sagemaker_tuning.testing import strategies as sts
>>>
>>> def build_request(name, config):  # the code under test
...     return shapes.CreateHyperParameterTuningJobRequest(
...         hyper_parameter_tuning_job_name=name, hyper_parameter_tuning_job_config=config
...     )
>>>
>>> @settings(max_examples=10)
... @given(config=sts.shapes(shapes.HyperParameterTuningJobConfig))
... def test_any_config_makes_a_valid_request(config):
...     validate(build_request("nightly-run", config))
>>> test_any_config_makes_a_valid_request()
>>>
>>> @settings(max_examples=10)
... @given(data=sts.responses(shapes.DescribeTrainingJobResponse))
... def test_status_line_copes_with_any_response(data):
...     job = from_api(shapes.DescribeTrainingJobResponse, data)
...     line = f"{job.training_job_name}: {job.training_job_status}"  # unknown values stay str
...     assert isinstance(line, str)
>>> test_status_line_copes_with_any_response()
>>>
>>> @settings(max_examples=10)
... @given(case=sts.violations(shapes.CreateHyperParameterTuningJobRequest))
... def test_broken_documents_are_rejected_where_broken(case):
...     data, path = case
...     try:
...         from_api(shapes.CreateHyperParameterTuningJobRequest, data, strict=True)
...     except ValidationError as error:
...         assert [v.path for v in error.violations] == [path]
...     else:
...         raise AssertionError(f"accepted a document broken at {path}")
>>> test_broken_documents_are_rejected_where_broken()
"""

from __future__ import annotations

import enum
import math
import re
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta, timezone
from typing import Any, TypeVar

import attrs
from hypothesis import strategies as st

from sagemaker_tuning import _spec as s
from sagemaker_tuning import enums as _enums
from sagemaker_tuning._frozen import FrozenMap
from sagemaker_tuning._generated.model import RELAXED
from sagemaker_tuning.core import shapes as _shapes
from sagemaker_tuning.core.serde import to_api
from sagemaker_tuning.core.validation import field_specs, join
from sagemaker_tuning.redact import path_key

__all__ = ["documents", "enum_values", "responses", "shapes", "values", "violations"]

T = TypeVar("T")
SearchStrategy = st.SearchStrategy

# Model integers without a bound are Java ints (or longs) on the service; staying in the
# 32-bit range keeps examples acceptable to every member.
_INT_MIN, _INT_MAX = -(2**31), 2**31 - 1
# Lists and maps get at most this many entries beyond their minimum: generation stays fast
# and a failing example stays readable.
_EXTRA_ITEMS = 3
_LINE_BREAKS = "\n\r\x85\u2028\u2029"
# The translation of Java's ``.`` (no line terminators); such patterns are plain text.
_ANY_LINE = "[^\\n\\r\\x85\\u2028\\u2029]"
# Surrogates (category Cs) are all that UTF-8 cannot encode. Excluding the category, rather
# than passing ``codec="utf-8"``, keeps the first draw fast: hypothesis derives a codec's
# characters by encoding all 1.1 million code points once per machine (seconds, cached under
# ``.hypothesis/``), which fails the too_slow health check of a user's first run.
_TEXT = st.characters(exclude_categories=["Cs"])
_LINE_TEXT = st.characters(exclude_categories=["Cs"], exclude_characters=_LINE_BREAKS)
_EPOCH = datetime(2000, 1, 1)
_END = datetime(2100, 1, 1)
# One optional member in four is present: deep shapes stay small, every member still shows up.
_PRESENT = st.sampled_from((False, False, False, True))
# A required member of a response is there 13 times in 16; otherwise it is missing (the service
# does drop them, see SERVICE_NOTES), null, or a value of another JSON type. A present optional
# member is null or wrongly typed one time in eight, as is an item of a list or map.
_REQUIRED_FORM = st.sampled_from(("value",) * 13 + ("missing", "null", "wrong"))
_OPTIONAL_FORM = st.sampled_from(("value",) * 6 + ("null", "wrong"))
_ITEM_KEPT = st.sampled_from((True,) * 7 + (False,))
_OFFSETS = st.sampled_from(
    (timezone.utc, timezone(timedelta(hours=5, minutes=30)), timezone(timedelta(hours=-8)))
)
_MEMBER_NAME = st.from_regex(r"[A-Z][A-Za-z0-9]{0,15}", fullmatch=True)
_JSON_SCALAR: SearchStrategy[Any] = st.one_of(
    st.booleans(),
    st.integers(_INT_MIN, _INT_MAX),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=20),
)
_JSON_VALUE: SearchStrategy[Any] = st.one_of(
    _JSON_SCALAR,
    st.lists(_JSON_SCALAR, max_size=3),
    st.dictionaries(st.text(max_size=10), _JSON_SCALAR, max_size=3),
)

# ``(?[...]*)``: one character class, repeated, optionally in a group.
_CLASS_STAR = re.compile(r"\(?\[((?:\\.|[^\]\\])+)\]\*\)?")
_CATEGORY = re.compile(r"\\p\{([A-Z][a-z]?)\}")

_pattern_cache: dict[str, SearchStrategy[str]] = {}
_shape_cache: dict[type[Any], SearchStrategy[Any]] = {}
_response_cache: dict[tuple[type[Any], bool], SearchStrategy[dict[str, Any]]] = {}


def _is_shape(cls: object) -> bool:
    return isinstance(cls, type) and attrs.has(cls) and cls.__module__ == "sagemaker_tuning.shapes"


def _check_shape(cls: object) -> None:
    if not _is_shape(cls):
        raise TypeError(f"expected a class of sagemaker_tuning.shapes, got {cls!r}")


def _bounded(value: str, low: int, high: int | None) -> bool:
    return len(value) >= low and (high is None or len(value) <= high)


def _unicode_class_text(pattern: s.Pattern) -> SearchStrategy[str] | None:
    """Text for a pattern that is one Java class with ``\\p{..}`` categories, repeated.

    Hypothesis needs about a second to compile the expanded class (hundreds of
    ranges) with ``from_regex``; drawing characters by Unicode category is
    instant. The full-match filter keeps it honest should the two disagree.
    """
    match = _CLASS_STAR.fullmatch(pattern.source)
    if match is None:
        return None
    body = match.group(1)
    categories = _CATEGORY.findall(body)
    literals = _CATEGORY.sub("", body)
    if not categories or "-" in literals.replace("\\-", ""):
        return None  # no categories, or a range among the literals: leave it to from_regex
    # Categories L, Z and N hold no surrogate: no codec is needed (see _TEXT).
    alphabet = st.characters(
        categories=categories, include_characters=re.sub(r"\\(.)", r"\1", literals)
    )
    return st.text(alphabet).filter(pattern.fullmatch)


def _pattern_text(pattern: s.Pattern) -> SearchStrategy[str]:
    strategy = _pattern_cache.get(pattern.python)
    if strategy is None:
        strategy = _unicode_class_text(pattern)
        if strategy is None:
            strategy = st.from_regex(pattern.python, fullmatch=True)
        _pattern_cache[pattern.python] = strategy
    return strategy


def _string(spec: s.String) -> SearchStrategy[Any]:
    if spec.enum is not None:
        return enum_values(spec.enum)
    low, high, pattern = spec.min or 0, spec.max, spec.pattern
    if pattern is None:
        return st.text(_TEXT, min_size=low, max_size=high)
    if pattern.python in (_ANY_LINE + "*", _ANY_LINE + "+"):
        # st.text draws lengths directly; from_regex plus a length filter would reject a lot.
        low = max(low, 1 if pattern.python.endswith("+") else 0)
        return st.text(_LINE_TEXT, min_size=low, max_size=high)
    return _pattern_text(pattern).filter(lambda v: _bounded(v, low, high))


def _timestamps(zones: SearchStrategy[timezone]) -> SearchStrategy[datetime]:
    # Whole milliseconds: the precision timestamps keep on the wire.
    return st.datetimes(_EPOCH, _END, timezones=zones).map(
        lambda d: d.replace(microsecond=d.microsecond // 1000 * 1000)
    )


def _size(spec: s.List | s.Map) -> tuple[int, int]:
    low = spec.min or 0
    high = low + _EXTRA_ITEMS
    return low, high if spec.max is None else min(spec.max, high)


class _Valid(s.SpecVisitor[SearchStrategy[Any]]):
    """Valid Python values for a spec: what a shape's constructor accepts."""

    __slots__ = ()

    def visit_string(self, spec: s.String) -> SearchStrategy[Any]:
        return _string(spec)

    def visit_integer(self, spec: s.Integer) -> SearchStrategy[Any]:
        low = _INT_MIN if spec.min is None else spec.min
        high = max(_INT_MAX, low) if spec.max is None else spec.max
        return st.integers(low, high)

    def visit_float(self, spec: s.Float) -> SearchStrategy[Any]:
        return st.floats(spec.min, spec.max, allow_nan=False, allow_infinity=False)

    def visit_boolean(self, spec: s.Boolean) -> SearchStrategy[Any]:
        return st.booleans()

    def visit_timestamp(self, spec: s.Timestamp) -> SearchStrategy[Any]:
        return _timestamps(st.just(timezone.utc))

    def visit_structure(self, spec: s.Structure) -> SearchStrategy[Any]:
        return shapes(spec.cls)

    def visit_list(self, spec: s.List) -> SearchStrategy[Any]:
        low, high = _size(spec)
        return st.lists(spec.member.accept(self), min_size=low, max_size=high).map(tuple)

    def visit_map(self, spec: s.Map) -> SearchStrategy[Any]:
        low, high = _size(spec)
        return st.dictionaries(
            spec.key.accept(self), spec.value.accept(self), min_size=low, max_size=high
        ).map(FrozenMap)


_VALID = _Valid()


def values(spec: s.Spec) -> SearchStrategy[Any]:
    """Valid Python values for one constraint spec (as found in a shape's field metadata)."""
    return spec.accept(_VALID)


def enum_values(cls: type[enum.Enum]) -> SearchStrategy[Any]:
    """The members of a generated enum (shrinking towards the first)."""
    return st.sampled_from(list(cls))


def _build_shape(cls: type[T]) -> SearchStrategy[T]:
    # Members only this SDK's types relax (the service leaves them out) are still drawn, so that
    # every example passes botocore's validation, as promised (and stubs through its Stubber).
    relaxed = RELAXED.get(cls.__name__, ())
    fields = [
        (attr, values(spec), required or wire in relaxed)
        for attr, wire, spec, required in field_specs(cls)
    ]

    @st.composite
    def build(draw: st.DrawFn) -> T:
        kwargs: dict[str, Any] = {}
        for attr, strategy, required in fields:
            if required or draw(_PRESENT):
                kwargs[attr] = draw(strategy)
        return cls(**kwargs)

    return build()


def shapes(cls: type[T]) -> SearchStrategy[T]:
    """Valid instances of a generated shape class.

    Every example constructs without error, passes :func:`sagemaker_tuning.validate`
    and, once through :func:`~sagemaker_tuning.to_api`, botocore's ``ParamValidator``.
    """
    strategy = _shape_cache.get(cls)
    if strategy is None:
        _check_shape(cls)
        # Deferred: shapes nest, and the whole graph should only be built when drawn from.
        strategy = st.deferred(lambda: _build_shape(cls))
        _shape_cache[cls] = strategy
    return strategy


def documents(cls: type[Any]) -> SearchStrategy[dict[str, Any]]:
    """Valid wire dictionaries of a shape (what ``to_api`` gives; ``from_api(strict=True)`` takes)."""
    return shapes(cls).map(to_api)


# --- responses -------------------------------------------------------------------------------


def _unknown_enum_value(cls: type[enum.Enum]) -> SearchStrategy[str]:
    known = {m.value for m in cls}
    return _MEMBER_NAME.filter(lambda v: v not in known)


class _Lenient(s.SpecVisitor[SearchStrategy[Any]]):
    """Wire values the service may send for a spec: valid ones, and ones the model forbids."""

    __slots__ = ()

    def visit_string(self, spec: s.String) -> SearchStrategy[Any]:
        if spec.enum is not None:
            known = [m.value for m in spec.enum]
            return st.one_of(st.sampled_from(known), _unknown_enum_value(spec.enum))
        # Constraints are not promised on output (moto sends "FakeTrainingJobArn").
        return st.one_of(_string(spec), st.text(max_size=20))

    def visit_integer(self, spec: s.Integer) -> SearchStrategy[Any]:
        return st.integers(_INT_MIN, _INT_MAX)

    def visit_float(self, spec: s.Float) -> SearchStrategy[Any]:
        return st.floats(allow_nan=False, allow_infinity=False)

    def visit_boolean(self, spec: s.Boolean) -> SearchStrategy[Any]:
        return st.booleans()

    def visit_timestamp(self, spec: s.Timestamp) -> SearchStrategy[Any]:
        return _timestamps(_OFFSETS)

    def visit_structure(self, spec: s.Structure) -> SearchStrategy[Any]:
        return responses(spec.cls)

    def visit_list(self, spec: s.List) -> SearchStrategy[Any]:
        return st.lists(_now_and_then_broken(spec.member, self), max_size=_EXTRA_ITEMS)

    def visit_map(self, spec: s.Map) -> SearchStrategy[Any]:
        return st.dictionaries(
            spec.key.accept(self), _now_and_then_broken(spec.value, self), max_size=_EXTRA_ITEMS
        )


def _now_and_then_broken(spec: s.Spec, lenient: _Lenient) -> SearchStrategy[Any]:
    """An item as the service may send it: now and then a null or a value of another type."""
    item, broken = spec.accept(lenient), st.sampled_from((None, _WRONG_TYPE[spec.kind]))
    # Only what is used is drawn: the examples stay small and shrink well.
    return _ITEM_KEPT.flatmap(lambda kept: item if kept else broken)


_LENIENT = _Lenient()

# What a hostile or broken service may send besides (see responses(extreme=True)).
_HUGE_INTS = st.sampled_from(
    (2**31, -(2**31) - 1, 2**63, -(2**63) - 1, 10**30, 10**400, -(10**400))
)
_ODD_FLOATS = st.sampled_from(
    (math.nan, math.inf, -math.inf, 1e308, -1e308, 5e-324, -0.0, 1e30, 1.7e12)
)
# Wire timestamps the lenient reader must survive: epoch seconds and milliseconds, numbers no
# datetime holds, ISO text past year 9999, empty and non-numeric text.
_ODD_TIMESTAMPS = st.sampled_from(
    (
        1.7e9,
        1_700_000_000_000,
        1e300,
        -1e300,
        math.nan,
        10**400,
        "10000-01-01T00:00:00Z",
        "2026-11-23T09:00:00+05:30",
        "",
        "nan",
        "not a date",
        "0",
    )
)
# Text a terminal would act on, or that breaks one-line output.
_ODD_TEXT = st.sampled_from(
    (
        "\x1b[31mred\x1b[0m",
        "\x1b]0;title\x07",
        "line\nbreak",
        "\u202eright-to-left",
        "\x9b2J",
        "\ud800",
    )
)


class _Extreme(_Lenient):
    """:class:`_Lenient` values, and now and then one from the edge (see responses(extreme=True))."""

    __slots__ = ()

    def visit_string(self, spec: s.String) -> SearchStrategy[Any]:
        return st.one_of(super().visit_string(spec), _ODD_TEXT)

    def visit_integer(self, spec: s.Integer) -> SearchStrategy[Any]:
        return st.one_of(super().visit_integer(spec), _HUGE_INTS)

    def visit_float(self, spec: s.Float) -> SearchStrategy[Any]:
        return st.one_of(super().visit_float(spec), _ODD_FLOATS, _HUGE_INTS)

    def visit_timestamp(self, spec: s.Timestamp) -> SearchStrategy[Any]:
        return st.one_of(super().visit_timestamp(spec), _ODD_TIMESTAMPS)

    def visit_structure(self, spec: s.Structure) -> SearchStrategy[Any]:
        return responses(spec.cls, extreme=True)

    def visit_list(self, spec: s.List) -> SearchStrategy[Any]:
        item = st.one_of(st.none(), spec.member.accept(self))
        return st.lists(item, max_size=_EXTRA_ITEMS)

    def visit_map(self, spec: s.Map) -> SearchStrategy[Any]:
        value = st.one_of(st.none(), spec.value.accept(self))
        return st.dictionaries(spec.key.accept(self), value, max_size=_EXTRA_ITEMS)


_EXTREME = _Extreme()


def _build_response(cls: type[Any], extreme: bool) -> SearchStrategy[dict[str, Any]]:
    visitor = _EXTREME if extreme else _LENIENT
    fields = [
        (wire, spec.accept(visitor), _WRONG_TYPE[spec.kind], required)
        for _a, wire, spec, required in field_specs(cls)
    ]
    known = {wire for wire, _, _, _ in fields}
    unknown = st.dictionaries(_MEMBER_NAME.filter(lambda k: k not in known), _JSON_VALUE)

    @st.composite
    def build(draw: st.DrawFn) -> dict[str, Any]:
        data: dict[str, Any] = {}
        for wire, strategy, wrong, required in fields:
            if required:
                form = draw(_REQUIRED_FORM)
            else:
                form = draw(_OPTIONAL_FORM) if draw(_PRESENT) else "missing"
            if form == "value":
                data[wire] = draw(strategy)
            elif form == "null":
                data[wire] = None
            elif form == "wrong":
                data[wire] = wrong
        if draw(_PRESENT):
            data.update(draw(unknown))
        return data

    return build()


def responses(cls: type[Any], *, extreme: bool = False) -> SearchStrategy[dict[str, Any]]:
    """Wire dictionaries of a shape as the service may send them.

    Besides valid data: enum values the model does not know yet, members it
    does not know, missing members (optional ones mostly, required ones
    sometimes), ``null`` members and items, values of the wrong JSON type,
    strings and numbers outside the model's constraints, and timestamps in any
    UTC offset. ``from_api(cls, data)`` must accept them all, and give an object
    whose every member has its annotated type.

    ``extreme=True`` adds what a broken or hostile service could send through
    botocore's JSON parser: integers past 64 bits (``10**400``), NaN, infinities
    and huge floats (also ints in float members), timestamps no ``datetime`` holds
    or that are no timestamps at all (epoch milliseconds, ``1e300``, year 10000,
    ``""``, ``"nan"``), and text with ANSI escapes, line breaks, bidi overrides and
    lone surrogates. Such a dictionary does not round-trip (the lenient parse drops
    nulls and unreadable values); everything downstream must still cope.
    """
    key = (cls, extreme)
    strategy = _response_cache.get(key)
    if strategy is None:
        _check_shape(cls)
        strategy = st.deferred(lambda: _build_response(cls, extreme))
        _response_cache[key] = strategy
    return strategy


# --- violations ------------------------------------------------------------------------------

#: Mutates a document in place so that exactly one constraint breaks; returns the path.
Breaker = Callable[[st.DrawFn], str]

# A value of the wrong JSON type for each kind of spec; none of them is coerced by from_api.
_WRONG_TYPE: dict[str, Any] = {
    "string": 7,
    "integer": "7",
    "float": "7.5",
    "boolean": "true",
    "timestamp": "not a timestamp",
    "structure": "not an object",
    "list": "not a list",
    "map": "not a map",
}
_FILLERS = "a0-_x."


def _too_long(spec: s.String, value: str) -> str | None:
    """A string one or more characters over ``max`` that still matches the pattern, if any."""
    if spec.max is None:
        return None
    extra = spec.max + 1 - len(value)
    for char in dict.fromkeys(value[-1:] + value[:1] + _FILLERS):
        for candidate in (value + char * extra, value[:1] + char * extra + value[1:]):
            if spec.pattern is None or spec.pattern.fullmatch(candidate):
                return candidate
    return None


def _too_short(spec: s.String, value: str) -> str | None:
    """A string under ``min`` that still matches the pattern, if any."""
    if not spec.min:
        return None
    keep = spec.min - 1
    for candidate in (value[:keep], value[len(value) - keep :], ""):
        if len(candidate) < spec.min and (
            spec.pattern is None or spec.pattern.fullmatch(candidate)
        ):
            return candidate
    return None


def _mismatch(spec: s.String, value: str) -> str | None:
    """A string within the length bounds that does not match the pattern, if any."""
    if spec.pattern is None:
        return None
    low = max(spec.min or 0, 1)
    for bad in ("\n", "!", " "):
        for candidate in (value[:-1] + bad, bad + value[1:], bad * low):
            if _bounded(candidate, spec.min or 0, spec.max) and not spec.pattern.fullmatch(
                candidate
            ):
                return candidate
    return None


def _broken_strings(spec: s.String, value: str) -> list[str]:
    if spec.enum is not None:
        known = {m.value for m in spec.enum}
        return [next(v for v in ("Unknown", "UnknownValue", "Unknown0") if v not in known)]
    found = (_too_long(spec, value), _too_short(spec, value), _mismatch(spec, value))
    return [c for c in found if c is not None]


def _replace(holder: Any, slot: Any, new: Any, path: str) -> Breaker:
    def breaker(draw: st.DrawFn) -> str:
        holder[slot] = new
        return path

    return breaker


def _delete(holder: dict[str, Any], slot: str, path: str) -> Breaker:
    def breaker(draw: st.DrawFn) -> str:
        del holder[slot]
        return path

    return breaker


def _rekey(holder: dict[str, Any], old: str, new: str, path: str) -> Breaker:
    def breaker(draw: st.DrawFn) -> str:
        holder[new] = holder.pop(old)
        return f"{path}[{path_key(new)}]"

    return breaker


def _add_unknown(doc: dict[str, Any], known: set[str], path: str) -> Breaker:
    def breaker(draw: st.DrawFn) -> str:
        name = draw(_MEMBER_NAME.filter(lambda n: n not in known and n not in doc))
        doc[name] = draw(_JSON_SCALAR)
        return join(path, name)

    return breaker


def _fresh_keys(spec: s.String, taken: dict[str, Any], count: int) -> list[str] | None:
    """``count`` map keys valid for ``spec`` and not in ``taken`` (``None`` if none fit)."""
    if spec.enum is not None:
        return None
    keys = [
        k
        for k in (f"k{i}" for i in range(count + len(taken)))
        if k not in taken
        and _bounded(k, spec.min or 0, spec.max)
        and (spec.pattern is None or spec.pattern.fullmatch(k))
    ]
    return keys[:count] if len(keys) >= count else None


class _Breakers(s.SpecVisitor[Iterator[Breaker]]):
    """Every way to break exactly one constraint at or under ``holder[slot]`` (== ``value``)."""

    __slots__ = ("holder", "path", "slot", "value")

    def __init__(self, value: Any, path: str, holder: Any, slot: Any) -> None:
        self.value, self.path, self.holder, self.slot = value, path, holder, slot

    def _replace(self, new: Any) -> Breaker:
        return _replace(self.holder, self.slot, new, self.path)

    def visit_string(self, spec: s.String) -> Iterator[Breaker]:
        for broken in _broken_strings(spec, self.value):
            yield self._replace(broken)

    def _out_of_range(self, spec: s.Integer | s.Float, step: float) -> Iterator[Breaker]:
        if spec.min is not None:
            yield self._replace(spec.min - step)
        if spec.max is not None:
            yield self._replace(spec.max + step)

    def visit_integer(self, spec: s.Integer) -> Iterator[Breaker]:
        return self._out_of_range(spec, 1)

    def visit_float(self, spec: s.Float) -> Iterator[Breaker]:
        return self._out_of_range(spec, 1.0)

    def visit_boolean(self, spec: s.Boolean) -> Iterator[Breaker]:
        return iter(())

    def visit_timestamp(self, spec: s.Timestamp) -> Iterator[Breaker]:
        return iter(())

    def visit_structure(self, spec: s.Structure) -> Iterator[Breaker]:
        return _structure_breakers(spec.cls, self.value, self.path)

    def visit_list(self, spec: s.List) -> Iterator[Breaker]:
        value, path = self.value, self.path
        if spec.min and len(value) >= spec.min:
            yield self._replace(value[: spec.min - 1])
        if spec.max is not None and value:
            yield self._replace((value * (spec.max + 1))[: spec.max + 1])
        for i, item in enumerate(value):
            yield from _breakers(spec.member, item, f"{path}[{i}]", value, i)

    def visit_map(self, spec: s.Map) -> Iterator[Breaker]:
        value, path = self.value, self.path
        if spec.min and len(value) >= spec.min:
            yield self._replace(dict(list(value.items())[: spec.min - 1]))
        if spec.max is not None and value:
            extra = _fresh_keys(spec.key, value, spec.max + 1 - len(value))
            if extra is not None:
                filler = next(iter(value.values()))
                yield self._replace({**value, **dict.fromkeys(extra, filler)})
        for key, item in value.items():
            yield from _breakers(spec.value, item, f"{path}[{path_key(key)}]", value, key)
            for broken in _broken_strings(spec.key, key):
                if broken not in value:
                    yield _rekey(value, key, broken, path)


def _breakers(spec: s.Spec, value: Any, path: str, holder: Any, slot: Any) -> Iterator[Breaker]:
    """Every way to break exactly one constraint at or under ``holder[slot]`` (== ``value``)."""
    yield _replace(holder, slot, _WRONG_TYPE[spec.kind], path)
    yield from spec.accept(_Breakers(value, path, holder, slot))


def _structure_breakers(cls: type[Any], doc: dict[str, Any], path: str) -> Iterator[Breaker]:
    specs = field_specs(cls)
    yield _add_unknown(doc, {wire for _, wire, _, _ in specs}, path)
    for _attr, wire, spec, required in specs:
        where = join(path, wire)
        if wire in doc:
            if required:
                yield _delete(doc, wire, where)
            yield from _breakers(spec, doc[wire], where, doc, wire)
        else:
            yield _replace(doc, wire, _WRONG_TYPE[spec.kind], where)


def violations(cls: type[Any]) -> SearchStrategy[tuple[dict[str, Any], str]]:
    """``(data, path)``: a wire dictionary of ``cls`` with exactly one constraint broken.

    ``from_api(cls, data, strict=True)`` must raise a ``ValidationError`` whose
    only violation is at ``path`` (dotted API member names, ``[i]`` for list
    items, ``[key]`` for map entries). The broken constraint is one of: a
    missing required member, an unknown member, a wrong type, a length, range
    or size bound, a pattern, or an enum.
    """
    _check_shape(cls)

    @st.composite
    def broken(draw: st.DrawFn) -> tuple[dict[str, Any], str]:
        doc = to_api(draw(shapes(cls)))
        breaker = draw(st.sampled_from(list(_structure_breakers(cls, doc, ""))))
        return doc, breaker(draw)

    return broken()


def _register() -> None:
    for name in _shapes.__all__:
        cls = getattr(_shapes, name)
        if _is_shape(cls):
            st.register_type_strategy(cls, shapes(cls))
    for name in _enums.__all__:
        st.register_type_strategy(getattr(_enums, name), enum_values(getattr(_enums, name)))


_register()
