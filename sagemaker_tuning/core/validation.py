"""Validation of shapes against the model's constraints, and the error that reports it.

Constructing a shape checks its own fields (``check_on_init``); :func:`violations`
and :func:`validate` check a whole tree, which matters for objects parsed
leniently from a response and then reused in a request.
"""

from __future__ import annotations

import enum as _enum
import math
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import datetime
from typing import Any, Final, Literal, NamedTuple

import attrs

from sagemaker_tuning import _spec as s
from sagemaker_tuning._frozen import (
    STAND_IN_CLASSES,
    FrozenMap,
    StandInMap,
    StandInTuple,
    stand_in_bools,
)
from sagemaker_tuning.core.errors import ValidationError
from sagemaker_tuning.redact import REDACTED, credential_name, path_key, redact

__all__ = [
    "PATTERN_HELP",
    "PatternHelp",
    "ValidationError",
    "Violation",
    "filled_in",
    "said",
    "validate",
    "violations",
]

Severity = Literal["error", "warning"]


@attrs.frozen
class Violation:
    """One broken constraint.

    ``path`` is the dotted API member path from the root object
    (``TrainingJobDefinition.ResourceConfig.VolumeSizeInGB``, ``[i]`` for list
    items, ``[key]`` for map entries; empty for the root itself). ``rule`` names
    the constraint kind (``required``, ``type``, ``length``, ``range``, ``size``,
    ``pattern``, ``enum``, ``unknown-member``) or a service rule of
    :mod:`sagemaker_tuning.rules`.
    """

    path: str
    message: str
    rule: str = "type"
    severity: Severity = "error"

    # Paths and messages are built redacted (see show); redacting again where they are
    # printed keeps a credential out of hand-built violations too.
    def __str__(self) -> str:
        return redact(f"{self.path or '<root>'}: {self.message}")

    def __repr__(self) -> str:
        return (
            f"Violation(path={redact(repr(self.path))}, message={redact(repr(self.message))}, "
            f"rule={self.rule!r}, severity={self.severity!r})"
        )


_MAX_SHOWN = 40
# Enough of a long repr to see every credential that starts inside the shown part whole.
_REDACT_WINDOW = _MAX_SHOWN + 80


def show(value: object) -> str:
    """A short description of a given value for messages: its type and a truncated repr.

    Anything in it that looks like a credential is ``<redacted>``
    (:mod:`sagemaker_tuning.redact`), before truncation, so not even a part shows.
    """
    text = redact(repr(value)[:_REDACT_WINDOW])
    if len(text) > _MAX_SHOWN:
        text = text[: _MAX_SHOWN - 3] + "..."
    kind = type(value).__name__
    return text if kind in ("str", "int", "float", "bool") else f"{kind} {text}"


def join(path: str, name: str) -> str:
    return f"{path}.{name}" if path else name


def _bounds_message(what: str, lo: float | None, hi: float | None, got: str) -> str:
    if lo is not None and hi is not None:
        want = f"{what} {lo} to {hi}" if lo != hi else f"{what} exactly {lo}"
    elif lo is not None:
        want = f"{what} >= {lo}"
    else:
        want = f"{what} <= {hi}"
    return f"expected {want}, got {got}"


# -- messages that help -------------------------------------------------------------------------
#: An enum with at most this many values is listed whole in a message; a larger one is named with
#: its size and the closest values (TrainingInstanceType has over 200).
_LISTED_VALUES = 8
_SUGGESTIONS = 3


def close_values(value: str, values: Iterable[str], n: int = _SUGGESTIONS) -> list[str]:
    """The values closest to ``value`` by edit similarity (difflib), case ignored, best first."""
    import difflib  # messages only: not worth its import on the way to the fast path

    by_folded: dict[str, str] = {}
    for v in values:
        by_folded.setdefault(v.casefold(), v)
    folded = value.casefold()
    if folded in by_folded:  # only the case differs: that is the one
        return [by_folded[folded]]
    found = difflib.get_close_matches(folded, list(by_folded), n=n, cutoff=0.6)
    if not found:
        return []
    # Only the values about as close as the best: 'Maximise' suggests 'Maximize', not also
    # 'Minimize'.
    score = {f: difflib.SequenceMatcher(None, folded, f).ratio() for f in found}
    best = max(score.values())
    return [by_folded[f] for f in found if score[f] >= best - 0.1]


def _quoted_list(values: list[str]) -> str:
    quoted = [repr(v) for v in values]
    return quoted[0] if len(quoted) == 1 else f"{', '.join(quoted[:-1])} or {quoted[-1]}"


def enum_message(enum: type[_enum.Enum], value: Any) -> str:
    """What a value outside an enum is told: every value of a small enum, else the count and
    the closest few; a did-you-mean when one is close."""
    values = [m.value for m in enum]
    if len(values) <= _LISTED_VALUES:
        expected = f"one of {', '.join(repr(v) for v in values)}"
    else:
        expected = f"one of the {len(values)} values of {enum.__name__}"
    close = close_values(value, values) if isinstance(value, str) else []
    hint = f" (did you mean {_quoted_list(close)}?)" if close else ""
    return f"expected {expected}; got {show(value)}{hint}"


class PatternHelp(NamedTuple):
    """A model pattern in words, for the patterns people hit most.

    ``allowed`` is a regular-expression character class of every character the pattern can
    match, when it has one: a message then names the first character outside it. ``example``
    is a value the pattern matches (tests hold each example against its pattern).
    """

    words: str
    example: str
    allowed: str | None = None


_NAME = "letters, digits and hyphens; starts and ends with a letter or digit; at most {} characters"
_ARN = "arn:aws:sagemaker:<region>:<12-digit account id>:{}/<name>"

#: The one table of patterns explained in words, by the pattern's constant name in
#: ``sagemaker_tuning._generated.patterns`` (tests check each name and example against it).
PATTERN_HELP: Final[Mapping[str, PatternHelp]] = {
    "HYPER_PARAMETER_TUNING_JOB_NAME": PatternHelp(
        _NAME.format(32), "nightly-xgb-0042", "[a-zA-Z0-9-]"
    ),
    "TRAINING_JOB_NAME": PatternHelp(_NAME.format(63), "nightly-xgb-001-1a2b3c4d", "[a-zA-Z0-9-]"),
    "HYPER_PARAMETER_TRAINING_JOB_DEFINITION_NAME": PatternHelp(
        _NAME.format(64), "xgboost-definition", "[a-zA-Z0-9-]"
    ),
    "EXPERIMENT_ENTITY_NAME": PatternHelp(_NAME.format(120), "churn-experiment", "[a-zA-Z0-9-]"),
    "NAME_CONTAINS": PatternHelp("letters, digits and hyphens", "nightly", "[a-zA-Z0-9-]"),
    "CHANNEL_NAME": PatternHelp("letters, digits, '.', '-' and '_'", "train", "[A-Za-z0-9.\\-_]"),
    "ARN_OR_NAME": PatternHelp(
        "an algorithm name (letters, digits and hyphens, not ending in a hyphen, at most 63 "
        "characters) or its ARN",
        "my-algorithm",
    ),
    "HYPER_PARAMETER_TUNING_JOB_ARN": PatternHelp(
        "a tuning job ARN, " + _ARN.format("hyper-parameter-tuning-job"),
        "arn:aws:sagemaker:us-east-1:123456789012:hyper-parameter-tuning-job/nightly",
    ),
    "TRAINING_JOB_ARN": PatternHelp(
        "a training job ARN, " + _ARN.format("training-job"),
        "arn:aws:sagemaker:us-east-1:123456789012:training-job/nightly-001",
    ),
    "ROLE_ARN": PatternHelp(
        "an IAM role ARN, arn:aws:iam::<12-digit account id>:role/<name>",
        "arn:aws:iam::123456789012:role/SageMakerRole",
    ),
    "S3_URI": PatternHelp(
        "an S3 URI with a bucket, s3://<bucket>/<key> (or https://)", "s3://my-bucket/train/"
    ),
    "SECURITY_GROUP_ID": PatternHelp(
        "an ID of letters, digits and hyphens, such as sg-0123abcd or subnet-0123abcd",
        "sg-0123abcd",
        "[-0-9a-zA-Z]",
    ),
    "KMS_KEY_ID": PatternHelp(
        "a KMS key ID, alias or ARN: letters, digits, ':', '/', '_' and '-'",
        "alias/my-key",
        "[a-zA-Z0-9:/_-]",
    ),
    "HYPER_PARAMETER_TRAINING_JOB_ENVIRONMENT_KEY": PatternHelp(
        "an environment variable name: a letter or '_', then letters, digits and '_'",
        "MY_SETTING",
        "[a-zA-Z0-9_]",
    ),
    "ALGORITHM_IMAGE": PatternHelp("text on one line (no line breaks)", "eta"),
    "ATTRIBUTE_NAME": PatternHelp("at least one character, on one line (no line breaks)", "auc"),
    "TAG_KEY": PatternHelp(
        "letters, digits, spaces and _ . : / = + - @", "team:ml", "[\\w\\s.:/=+\\-@]"
    ),
    "FILE_SYSTEM_ID": PatternHelp(
        "a file system ID: 'fs-' and 8 or more hex digits", "fs-0123abcd"
    ),
}

_HELP_BY_SOURCE: dict[str, PatternHelp] = {}


def _pattern_help(pattern: s.Pattern) -> PatternHelp | None:
    if not _HELP_BY_SOURCE:
        from sagemaker_tuning._generated import patterns

        for name, help in PATTERN_HELP.items():
            constant = getattr(patterns, name, None)
            if isinstance(constant, s.Pattern):
                _HELP_BY_SOURCE[constant.source] = help
    return _HELP_BY_SOURCE.get(pattern.source)


def pattern_message(pattern: s.Pattern, value: str) -> str:
    """What a value that does not match a pattern is told: the pattern in words where the
    table has them, the first character that cannot appear, and the pattern itself."""
    help = _pattern_help(pattern)
    if help is None:
        return f"expected a full match of pattern {pattern.source!r}, got {show(value)}"
    bad = ""
    if help.allowed is not None:
        allowed = re.compile(help.allowed)
        offending = next((c for c in value if not allowed.fullmatch(c)), None)
        if offending is not None:
            bad = f": {offending!r} is not allowed"
    return (
        f"expected {help.words}. Got {show(value)}{bad} "
        f"(a full match of pattern {pattern.source!r})"
    )


def _out_of(lo: float | None, hi: float | None, n: float) -> bool:
    return (lo is not None and n < lo) or (hi is not None and n > hi)


# -- members a lenient parse filled in ---------------------------------------------------------
# A stand-in carries its mark in its own class (sagemaker_tuning._frozen): a StandInStr is the
# str '' and says it was filled in, so copies, pickles and attrs.evolve keep the mark. Only
# required members are ever filled, so only they are checked.


def _is_stand_in(obj: Any, attr: str, value: Any) -> bool:
    return value.__class__ in STAND_IN_CLASSES or attr in stand_in_bools(obj)


def is_filled(obj: Any, attr: str) -> bool:
    """True when ``obj.attr`` holds a stand-in the lenient parser filled in (see :func:`filled_in`).

    For code that would rather treat such a member as absent (a report placing jobs in time
    should not place them at the epoch).
    """
    return _is_stand_in(obj, attr, getattr(obj, attr, None))


def said(obj: Any, attr: str) -> Any:
    """``obj.attr`` as the service said it: ``None`` where the response lacked the member.

    The lenient parse fills a missing required member with its zero value (the epoch for a
    time, ``0.0`` for an objective); code that ranks, places or shows a value must not take
    such a stand-in for one (see :func:`filled_in`). ``obj`` may be ``None``.
    """
    if obj is None or is_filled(obj, attr):
        return None
    return getattr(obj, attr)


def stand_in(value: Any) -> str:
    """How messages name a zero value the lenient parser filled in."""
    if attrs.has(type(value)):
        return f"an empty {type(value).__name__}"
    if isinstance(value, datetime):
        return "the epoch, 1970-01-01T00:00:00Z"
    if isinstance(value, Mapping):
        return "{}"
    return repr(value)


def filled_in(obj: Any) -> tuple[str, ...]:
    """The API names of ``obj``'s members that the service left out of a response.

    The lenient parse of a response fills a missing required member with its zero value
    (Smithy's client error correction), so that reading it never fails; this says which
    members of this object (not of the objects under it) hold such a stand-in.
    :func:`~sagemaker_tuning.to_api` leaves them out, and :func:`violations` reports them, so
    a stand-in is never sent as if the service had said it. The mark is the value's own
    (a stand-in ``''`` is a ``str`` subclass), so copies (``copy``, ``deepcopy``, pickling,
    ``attrs.evolve``) keep it.
    """
    return tuple(
        wire
        for attr, wire, _s, required in field_specs(type(obj))
        if required and _is_stand_in(obj, attr, getattr(obj, attr))
    )


FieldSpec = tuple[str, str, s.Spec, bool]  # attribute, wire name, spec, required
_FIELDS: dict[type[Any], tuple[FieldSpec, ...]] = {}


def field_specs(cls: type[Any]) -> tuple[FieldSpec, ...]:
    """(attribute, wire name, spec, required) of each field of a generated shape, cached."""
    specs = _FIELDS.get(cls)
    if specs is None:
        specs = tuple(
            (f.name, f.metadata[s.WIRE], f.metadata[s.SPEC], f.metadata[s.REQUIRED])
            for f in attrs.fields(cls)
        )
        _FIELDS[cls] = specs
    return specs


def _finite(n: float) -> bool:
    """``math.isfinite``, and False for an int too large for a double (where it raises)."""
    try:
        return math.isfinite(n)
    except OverflowError:
        return False


class _Explain(s.SpecVisitor[Iterator[Violation]]):
    """The violations of one value against a spec, with messages (the slow path)."""

    __slots__ = ("deep", "path", "value")

    def __init__(self, value: Any, path: str, deep: bool) -> None:
        self.value, self.path, self.deep = value, path, deep

    def visit_string(self, spec: s.String) -> Iterator[Violation]:
        value, path = self.value, self.path
        if not isinstance(value, str):
            yield Violation(path, f"expected a string, got {show(value)}")
            return
        if spec.enum is not None and value not in spec.enum._value2member_map_:
            yield Violation(path, enum_message(spec.enum, value), "enum")
            return
        if _out_of(spec.min, spec.max, len(value)):
            got = f"{len(value)} characters: {show(value)}"
            yield Violation(path, _bounds_message("length", spec.min, spec.max, got), "length")
        if spec.pattern is not None and not spec.pattern.fullmatch(value):
            yield Violation(path, pattern_message(spec.pattern, value), "pattern")

    def visit_integer(self, spec: s.Integer) -> Iterator[Violation]:
        value, path = self.value, self.path
        if isinstance(value, bool) or not isinstance(value, int):
            yield Violation(path, f"expected an integer, got {show(value)}")
        elif _out_of(spec.min, spec.max, value):
            yield Violation(
                path, _bounds_message("a value", spec.min, spec.max, show(value)), "range"
            )

    def visit_float(self, spec: s.Float) -> Iterator[Violation]:
        value, path = self.value, self.path
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            yield Violation(path, f"expected a number, got {show(value)}")
        elif not _finite(value):
            # An int past the double range is not a number the service can read either.
            too_big = " (too large for a double)" if isinstance(value, int) else ""
            yield Violation(path, f"expected a finite number, got {show(value)}{too_big}", "range")
        elif _out_of(spec.min, spec.max, value):
            yield Violation(
                path, _bounds_message("a value", spec.min, spec.max, repr(value)), "range"
            )

    def visit_boolean(self, spec: s.Boolean) -> Iterator[Violation]:
        if not isinstance(self.value, bool):
            yield Violation(self.path, f"expected a boolean, got {show(self.value)}")

    def visit_timestamp(self, spec: s.Timestamp) -> Iterator[Violation]:
        value, path = self.value, self.path
        if not isinstance(value, datetime):
            yield Violation(path, f"expected a datetime, got {show(value)}")
        elif value.tzinfo is None or value.utcoffset() is None:
            yield Violation(
                path, f"expected a timezone-aware datetime, got naive {value.isoformat()}"
            )

    def visit_structure(self, spec: s.Structure) -> Iterator[Violation]:
        value, path = self.value, self.path
        if not isinstance(value, spec.cls):
            yield Violation(path, f"expected a {spec.cls.__name__}, got {show(value)}")
        elif self.deep:
            yield from check_fields(value, path, deep=True)

    def visit_list(self, spec: s.List) -> Iterator[Violation]:
        value, path = self.value, self.path
        if not isinstance(value, (tuple, list)):
            yield Violation(path, f"expected a tuple, got {show(value)}")
            return
        if _out_of(spec.min, spec.max, len(value)):
            yield Violation(
                path,
                _bounds_message("a list of", spec.min, spec.max, f"{len(value)} items"),
                "size",
            )
        for i, item in enumerate(value):
            yield from check_value(spec.member, item, f"{path}[{i}]", self.deep)

    def visit_map(self, spec: s.Map) -> Iterator[Violation]:
        value, path = self.value, self.path
        if not isinstance(value, Mapping):
            yield Violation(path, f"expected a mapping, got {show(value)}")
            return
        if _out_of(spec.min, spec.max, len(value)):
            yield Violation(
                path,
                _bounds_message("a map of", spec.min, spec.max, f"{len(value)} entries"),
                "size",
            )
        for key, item in value.items():
            entry = f"{path}[{path_key(key)}]"
            yield from check_value(spec.key, key, entry, self.deep)
            found = check_value(spec.value, item, entry, self.deep)
            if credential_name(key) is not None and isinstance(item, str):
                # AWS_SECRET_ACCESS_KEY=<anything>: the value is a secret whatever its shape.
                hidden = show(item)
                found = (
                    attrs.evolve(v, message=v.message.replace(hidden, REDACTED)) for v in found
                )
            yield from found


def check_value(spec: s.Spec, value: Any, path: str, deep: bool) -> Iterator[Violation]:
    """Violations of one value against its spec; nested shapes too when ``deep``."""
    return spec.accept(_Explain(value, path, deep))


def check_fields(
    obj: Any, path: str = "", *, deep: bool, stand_ins: bool = True
) -> Iterator[Violation]:
    """Violations of every field of a shape instance (``stand_ins=False``: stand-ins pass)."""
    for attr, wire, spec, required in field_specs(type(obj)):
        value = getattr(obj, attr)
        if required and _is_stand_in(obj, attr, value):
            if not stand_ins:
                continue
            yield Violation(
                join(path, wire),
                f"required member is missing (the response lacked it; it reads {stand_in(value)})",
                "required",
            )
            continue
        if value is None:
            if required:
                yield Violation(join(path, wire), "required member is missing", "required")
            continue
        yield from check_value(spec, value, join(path, wire), deep)


Normalizer = Callable[[Any], Any]


class _Normalizers(s.SpecVisitor[Normalizer | None]):
    """How a field value becomes immutable and canonical: tuples, FrozenMaps, enum members.

    ``None`` for a spec whose values are kept as given, so that construction only
    visits the fields that can change.
    """

    __slots__ = ()

    def visit_string(self, spec: s.String) -> Normalizer | None:
        if spec.enum is None:
            return None
        member = spec.enum._value2member_map_.get
        return lambda v: member(v, v) if type(v) is str else v

    def visit_integer(self, spec: s.Integer) -> Normalizer | None:
        return None

    def visit_float(self, spec: s.Float) -> Normalizer | None:
        return None

    def visit_boolean(self, spec: s.Boolean) -> Normalizer | None:
        return None

    def visit_timestamp(self, spec: s.Timestamp) -> Normalizer | None:
        return None

    def visit_structure(self, spec: s.Structure) -> Normalizer | None:
        return None  # a nested shape normalized itself when it was constructed

    def visit_list(self, spec: s.List) -> Normalizer | None:
        item = spec.member.accept(self)
        # A stand-in (an empty StandInTuple) is kept as it is, mark and all.
        if item is None:
            return lambda v: (
                v
                if type(v) is tuple or type(v) is StandInTuple
                else tuple(v)
                if isinstance(v, (list, tuple))
                else v
            )
        return lambda v: (
            tuple([item(x) for x in v])
            if isinstance(v, (list, tuple)) and type(v) is not StandInTuple
            else v
        )

    def visit_map(self, spec: s.Map) -> Normalizer | None:
        value = spec.value.accept(self)
        if value is None:
            return lambda v: (
                v
                if type(v) is FrozenMap or type(v) is StandInMap
                else FrozenMap(v)
                if isinstance(v, Mapping)
                else v
            )
        return lambda v: (
            FrozenMap({k: value(x) for k, x in v.items()})
            if isinstance(v, Mapping) and type(v) is not StandInMap
            else v
        )


_NORMALIZERS: Final = _Normalizers()
_FIELD_NORMALIZERS: dict[type[Any], tuple[tuple[str, Normalizer], ...]] = {}


def normalize(spec: s.Spec, value: Any) -> Any:
    """The immutable, canonical form of a field value: tuples, FrozenMaps, enum members."""
    normalizer = spec.accept(_NORMALIZERS)
    return value if normalizer is None else normalizer(value)


def _field_normalizers(cls: type[Any]) -> tuple[tuple[str, Normalizer], ...]:
    """(attribute, normalizer) of each field of a shape whose value may need normalizing."""
    found = _FIELD_NORMALIZERS.get(cls)
    if found is None:
        pairs = ((attr, spec.accept(_NORMALIZERS)) for attr, _, spec, _ in field_specs(cls))
        found = tuple((attr, fn) for attr, fn in pairs if fn is not None)
        _FIELD_NORMALIZERS[cls] = found
    return found


# -- fast path ------------------------------------------------------------------------------
# Most objects are valid. A compiled predicate per spec answers "any violation?" without
# building messages; only when it says no does check_fields walk again to explain why.
# tests/sagemaker_tuning/test_validation.py holds the two in step.

Predicate = Callable[[Any], bool]
_PREDICATES: dict[tuple[type[Any], bool], Callable[[Any], bool]] = {}


def _within(lo: float | None, hi: float | None) -> Callable[[float], bool]:
    low = -math.inf if lo is None else lo
    high = math.inf if hi is None else hi
    return lambda n: low <= n <= high


class _Predicates(s.SpecVisitor[Predicate]):
    """A closure answering "no violation?" for a spec, built once; see :func:`predicate`."""

    __slots__ = ("deep",)

    def __init__(self, deep: bool) -> None:
        self.deep = deep

    def visit_string(self, spec: s.String) -> Predicate:
        size = _within(spec.min, spec.max)
        allowed = spec.enum._value2member_map_ if spec.enum is not None else None
        pattern = spec.pattern

        def string(v: Any) -> bool:
            if not isinstance(v, str):
                return False
            if allowed is not None and v not in allowed:
                return False
            return size(len(v)) and (pattern is None or pattern.fullmatch(v))

        return string

    def visit_integer(self, spec: s.Integer) -> Predicate:
        within = _within(spec.min, spec.max)
        return lambda v: isinstance(v, int) and not isinstance(v, bool) and within(v)

    def visit_float(self, spec: s.Float) -> Predicate:
        low = -math.inf if spec.min is None else spec.min
        high = math.inf if spec.max is None else spec.max
        isfinite = math.isfinite

        def number(v: Any) -> bool:
            if isinstance(v, float):
                return isfinite(v) and low <= v <= high
            # An int may be too large for a double, where math.isfinite raises.
            return (
                isinstance(v, int) and not isinstance(v, bool) and _finite(v) and low <= v <= high
            )

        return number

    def visit_boolean(self, spec: s.Boolean) -> Predicate:
        return lambda v: v is True or v is False

    def visit_timestamp(self, spec: s.Timestamp) -> Predicate:
        return lambda v: isinstance(v, datetime) and v.utcoffset() is not None

    def visit_structure(self, spec: s.Structure) -> Predicate:
        cls = spec.cls
        if not self.deep:
            return lambda v: isinstance(v, cls)
        return lambda v: isinstance(v, cls) and fields_valid(v, deep=True)

    def visit_list(self, spec: s.List) -> Predicate:
        count = _within(spec.min, spec.max)
        item = spec.member.accept(self)
        return lambda v: isinstance(v, (tuple, list)) and count(len(v)) and all(map(item, v))

    def visit_map(self, spec: s.Map) -> Predicate:
        count = _within(spec.min, spec.max)
        key, value = spec.key.accept(self), spec.value.accept(self)
        return lambda v: (
            isinstance(v, Mapping)
            and count(len(v))
            and all(key(k) and value(x) for k, x in v.items())
        )


def predicate(spec: s.Spec, deep: bool) -> Predicate:
    """True when ``check_value(spec, value, path, deep)`` would find nothing."""
    return spec.accept(_Predicates(deep))


def fields_valid(obj: Any, *, deep: bool) -> bool:
    """True when ``check_fields(obj, deep=deep)`` would find nothing (compiled per class)."""
    cls = type(obj)
    compiled = _PREDICATES.get((cls, deep))
    if compiled is None:
        visitor = _Predicates(deep)
        items = tuple(
            (attr, spec.accept(visitor), required) for attr, _, spec, required in field_specs(cls)
        )
        stand_ins = STAND_IN_CLASSES
        # A member the lenient parse filled in is still missing: a stand-in fails the check.
        bools = getattr(cls, "__stand_in_bools__", None)

        def check(o: Any) -> bool:
            if bools:
                return False
            for attr, ok, required in items:
                v = getattr(o, attr)
                if v is None:
                    if required:
                        return False
                elif not ok(v) or (required and v.__class__ in stand_ins):
                    return False
            return True

        _PREDICATES[(cls, deep)] = compiled = check
    return compiled(obj)


def check_on_init(obj: Any) -> None:
    """Normalize and validate a freshly constructed shape; raise on any violation.

    Nested shapes were validated when they were constructed, so this checks
    only their type; :func:`validate` checks a whole tree.
    """
    setter = object.__setattr__
    for attr, normalizer in _field_normalizers(type(obj)):
        value = getattr(obj, attr)
        if value is not None:
            new = normalizer(value)
            if new is not value:
                setter(obj, attr, new)
    if not fields_valid(obj, deep=False):
        # Stand-ins pass construction: attrs.evolve of a response keeps them, marked, and
        # violations() still reports them, so they are never sent.
        found = list(check_fields(obj, deep=False, stand_ins=False))
        if found:
            raise ValidationError(found, type(obj).__name__)


def violations(obj: Any, path: str = "") -> list[Violation]:
    """Every violation in the tree under ``obj`` (a generated shape instance)."""
    if fields_valid(obj, deep=True):
        return []
    return list(check_fields(obj, path, deep=True))


def validate(obj: Any) -> None:
    """Raise :class:`ValidationError` listing every violation in the tree under ``obj``."""
    found = violations(obj)
    if found:
        raise ValidationError(found, type(obj).__name__)
