"""Conversion between generated shapes and botocore's wire dictionaries, on cattrs.

- :func:`to_api` gives exactly botocore's input form: API member names, ``None``
  members omitted (``0``, ``False`` and ``""`` kept), tuples as lists, enums as
  plain strings.
- :func:`from_api` has two explicit paths. The lenient one (the default, for
  service responses) never raises, and everything it returns has the types its
  annotations promise, so code that type-checks never meets an ``AttributeError``
  or ``TypeError`` in a response. It keeps unknown enum values as plain strings,
  ignores unknown members, and applies Smithy's *client error correction*: a
  required member the service left out (or sent as ``null``, or as a value of the
  wrong JSON type) is filled with its zero value (``""``, ``0``, ``0.0``,
  ``False``, the epoch, an empty tuple or map, a corrected empty structure),
  logging a warning once per shape and member. Nulls and wrongly typed items of
  lists and maps are dropped; a wrongly typed optional member reads ``None``.
  Filled members are remembered (:func:`filled_in`): :func:`to_api` leaves them
  out, so a round trip writes back only what the service said, and validation
  reports them, so a filled value is never sent as if the service had said it.
  The strict path (``strict=True``, for documents users write) rejects unknown
  keys with a did-you-mean suggestion and reports every violation of the whole
  tree in one :class:`~sagemaker_tuning.ValidationError`.

Both paths build instances without calling ``__init__``: attrs would run the
validators there, and its only switch to skip them (``attrs.validators.set_disabled``)
is process-global and not thread-safe. cattrs' own generated structure functions
also go through ``__init__``, so the structure hooks here are our own factories,
registered on cattrs converters (which dispatch between shapes and cache them).
Their source is generated once per class from the specs (read through
:class:`~sagemaker_tuning._spec.SpecVisitor`) and registered with ``linecache``, as
cattrs registers its own, so a traceback through a conversion shows the generated line.
A generated function makes an instance of the class's builder subclass
(``sagemaker_tuning._frozen.builder_class``), stores each member with a plain
``o.member = v`` and then gives the object its own class, so that every result is
exactly of its class, frozen as ever.
"""

from __future__ import annotations

import difflib
import enum
import linecache
import math
from collections.abc import Callable, Mapping
from datetime import datetime, timezone
from typing import Any, Final, TypeVar

import attrs
import cattrs

from sagemaker_tuning import _logs, _timestamps
from sagemaker_tuning import _spec as s
from sagemaker_tuning._frozen import (
    STAND_IN_CLASSES,
    STAND_IN_EPOCH,
    FrozenMap,
    StandInFloat,
    StandInInt,
    StandInMap,
    StandInStr,
    StandInTuple,
    builder_class,
    marked_class,
    stand_in_bools,
)
from sagemaker_tuning.core.validation import (
    ValidationError,
    Violation,
    field_specs,
    filled_in,
    join,
    said,
    show,
    stand_in,
    violations,
)
from sagemaker_tuning.redact import path_key

__all__ = ["filled_in", "from_api", "said", "to_api"]

T = TypeVar("T")
_log = _logs.get("sagemaker_tuning.serde")
_UTC = timezone.utc
_EPOCH: Final = datetime(1970, 1, 1, tzinfo=_UTC)
_warned: set[tuple[str, str]] = set()


def _warn_once(shape: str, member: str, message: str, *args: Any) -> None:
    """Log one warning per shape and member: a response fault repeats on every call."""
    if (shape, member) not in _warned:
        _warned.add((shape, member))
        _log.warning(message, *args)


def _utc(value: Any) -> datetime | None:
    """A timestamp as an aware UTC datetime; anything unreadable is ``None``, with one warning.

    A typed ``datetime`` member never holds anything else; the reading (epoch seconds or
    milliseconds, ISO 8601, botocore's formats) is :mod:`sagemaker_tuning._timestamps`'.
    """
    if value.__class__ is datetime:
        zone = value.tzinfo
        if zone is _UTC:
            return value  # the common case, from parse_utc_timestamp: no call
        if zone is not None:
            # botocore's default parser (a wrapped client): tzlocal() datetimes.
            try:
                return value.astimezone(_UTC)
            except (OverflowError, ValueError):
                pass  # past the last datetime: read() says so, once
    if value is None:
        return None  # absent: the caller's business (a required one is filled in), no warning
    return _timestamps.read(value)


def _utc_strict(value: Any) -> Any:
    """:func:`_utc` for documents users write: an unreadable value is kept, for validation to
    report at its path ("expected a datetime, got 'x'"), and nothing is logged."""
    return _timestamps.convert(value) or value


class _Codegen:
    """Collects the globals of one compiled structure function."""

    def __init__(self, converter: cattrs.Converter) -> None:
        self.converter = converter
        self.namespace: dict[str, Any] = {
            "__FrozenMap": FrozenMap,
            "__utc": _utc,
            "__UTC": _UTC,
            "__fromtimestamp": datetime.fromtimestamp,
            "__join": "".join,
        }

    def bind(self, value: Any) -> str:
        name = f"__g{len(self.namespace)}"
        self.namespace[name] = value
        return name

    def expr(self, spec: s.Spec, v: str, depth: int = 0) -> str | None:
        """A Python expression reading wire value ``v`` of ``spec`` (``None``: ``v`` as it is)."""
        return spec.accept(_ReadExpr(self, v, depth))


class _ReadExpr(s.SpecVisitor[str | None]):
    """The strict path's expression reading wire value ``v`` (``None``: ``v`` as it is).

    Expressions pass ``None`` and values of an unexpected type through unchanged, for
    validation to report them with their paths.
    """

    __slots__ = ("depth", "gen", "v")

    def __init__(self, gen: _Codegen, v: str, depth: int) -> None:
        self.gen, self.v, self.depth = gen, v, depth

    def visit_string(self, spec: s.String) -> str | None:
        if spec.enum is None:
            return None
        v, lookup = self.v, self.gen.bind(spec.enum._value2member_map_.get)
        return f"({lookup}({v}, {v}) if type({v}) is str else {v})"

    def visit_integer(self, spec: s.Integer) -> str | None:
        return None

    def visit_float(self, spec: s.Float) -> str | None:
        return None

    def visit_boolean(self, spec: s.Boolean) -> str | None:
        return None

    def visit_timestamp(self, spec: s.Timestamp) -> str | None:
        return f"(None if {self.v} is None else __utc({self.v}))"

    def visit_structure(self, spec: s.Structure) -> str | None:
        v, hook = self.v, self.gen.bind(self.gen.converter.get_structure_hook(spec.cls))
        return f"({hook}({v}, None) if type({v}) is dict else {v})"

    def visit_list(self, spec: s.List) -> str | None:
        v, x = self.v, f"x{self.depth}"
        item = self.gen.expr(spec.member, x, self.depth + 1)
        items = f"tuple({v})" if item is None else f"tuple([{item} for {x} in {v}])"
        return f"({items} if type({v}) is list else {v})"

    def visit_map(self, spec: s.Map) -> str | None:
        v, x, k = self.v, f"x{self.depth}", f"k{self.depth}"
        key = self.gen.expr(spec.key, k, self.depth + 1) or k
        value = self.gen.expr(spec.value, x, self.depth + 1) or x
        if key == k and value == x:
            built = f"__FrozenMap({v})"
        else:
            built = f"__FrozenMap({{{key}: {value} for {k}, {x} in {v}.items()}})"
        return f"({built} if type({v}) is dict else {v})"


# -- the lenient path --------------------------------------------------------------------------
# Each member is read by generated code in two tiers. The fast tier handles a value of exactly
# the wire type expected (what botocore's parser gives) with a class check and the conversion;
# anything else -- None, another type, a list with a null in it -- goes to the member's *fixer*,
# a closure built once per member from the spec, which reads what it can, drops what it cannot,
# and fills a missing required member with its zero value.

#: What a reader answers for a value it cannot use.
_DROP: Final = object()
#: Reads one value of a spec; ``log(text)`` reports what it dropped.
Reader = Callable[[Any, Callable[[str], None]], Any]


def _count(n: int, noun: str) -> str:
    if n == 1:
        return f"1 {noun}"
    return f"{n} {noun[:-1]}ies" if noun.endswith("y") else f"{n} {noun}s"


def _a(noun: str) -> str:
    return f"an {noun}" if noun[:1] in "aeiou" else f"a {noun}"


def _wire_kind(spec: s.Spec) -> str:
    return {"float": "number", "integer": "integer", "structure": "object", "map": "object"}.get(
        spec.kind, spec.kind
    )


_CLASSES: Final = {"str": str, "int": int, "float": float, "bool": bool}


class _Lenient(s.SpecVisitor[list[str]]):
    """The fast tier: statements reading a present (not ``None``) wire value ``v``.

    Each handles exactly the wire type expected and hands anything else to the member's fixer
    (``fix``, a bound name). Collections keep the fast tier only when every item has the
    expected type; otherwise the whole value goes to the fixer, which drops bad items.
    """

    __slots__ = ("fix", "gen")

    def __init__(self, gen: _Codegen, fix: str) -> None:
        self.gen, self.fix = gen, fix

    def _plain(self, cls: str) -> list[str]:
        return [f"if type(v) is not {cls}: v = {self.fix}(o, v)"]

    def visit_string(self, spec: s.String) -> list[str]:
        if spec.enum is None:
            return self._plain("str")
        lookup = self.gen.bind(spec.enum._value2member_map_.get)
        return [f"v = {lookup}(v, v) if type(v) is str else {self.fix}(o, v)"]

    def visit_integer(self, spec: s.Integer) -> list[str]:
        return self._plain("int")

    def visit_float(self, spec: s.Float) -> list[str]:
        # JSON gives 1 for 1.0: an int goes to the fixer, which makes it a float.
        return self._plain("float")

    def visit_boolean(self, spec: s.Boolean) -> list[str]:
        return self._plain("bool")

    def visit_timestamp(self, spec: s.Timestamp) -> list[str]:
        # _utc reads datetimes, epoch numbers and ISO strings; what it cannot read is None.
        # An aware UTC datetime (what parse_utc_timestamp gives) is kept without a call, and
        # epoch seconds as SageMaker sends them (the wire document of the typed calls) are
        # read with one: from 1970 to 2100, where every platform's gmtime reads them.
        return [
            "if type(v) is float and 0.0 <= v < 4102444800.0:",
            "    v = __fromtimestamp(v, __UTC)",
            "elif type(v) is not __datetime or v.tzinfo is not __UTC:",
            "    v = __utc(v)",
            f"    if type(v) is not __datetime: v = {self.fix}(o, v)",
        ]

    def visit_structure(self, spec: s.Structure) -> list[str]:
        hook = self.gen.bind(self.gen.converter.get_structure_hook(spec.cls))
        return [f"v = {hook}(v, None) if type(v) is dict else {self.fix}(o, v)"]

    def _plain_item(self, spec: s.Spec) -> str | None:
        """The class of an item the fast tier keeps as it is (``None``: it needs reading)."""
        if isinstance(spec, s.String) and spec.enum is None:
            return "str"
        return {s.Integer: "int", s.Float: "float", s.Boolean: "bool"}.get(type(spec))

    def _item(self, spec: s.Spec) -> tuple[str, str]:
        """(test, expression) reading one item ``x`` in a comprehension."""
        if isinstance(spec, s.String) and spec.enum is not None:
            lookup = self.gen.bind(spec.enum._value2member_map_.get)
            return "type(x) is str", f"{lookup}(x, x)"
        if isinstance(spec, s.Structure):
            hook = self.gen.bind(self.gen.converter.get_structure_hook(spec.cls))
            return "type(x) is dict", f"{hook}(x, None)"
        if isinstance(spec, s.Timestamp):
            return "type(x) is __datetime", "__utc(x)"
        return "False", "x"  # collections of collections: the fixer reads them

    def visit_list(self, spec: s.List) -> list[str]:
        fix, plain = self.fix, self._plain_item(spec.member)
        if plain == "str":
            # One C-level copy and one C-level pass: str.join raises on anything but strings.
            return [
                "if type(v) is list:",
                "    try:",
                "        __join(v)",
                "        v = tuple(v)",
                "    except TypeError:",
                f"        v = {fix}(o, v)",
                f"else: v = {fix}(o, v)",
            ]
        if plain is not None:
            # One C-level copy, then one C-level pass over the item types.
            return [
                "if type(v) is list:",
                "    t = tuple(v)",
                f"    v = t if set(map(type, t)) <= {self.gen.bind(frozenset({_CLASSES[plain]}))} "
                f"else {fix}(o, v)",
                f"else: v = {fix}(o, v)",
            ]
        test, item = self._item(spec.member)
        return [
            "if type(v) is list:",
            f"    t = tuple([{item} for x in v if {test}])",
            f"    v = t if len(t) == len(v) else {fix}(o, v)",
            f"else: v = {fix}(o, v)",
        ]

    def visit_map(self, spec: s.Map) -> list[str]:
        fix = self.fix
        plain = self._plain_item(spec.value)
        if spec.key.enum is None and plain == "str":
            # Keys are JSON object keys, strings by definition (RFC 8259, section 4); str.join
            # checks the values in one C-level pass (the hyperparameter maps of every summary).
            return [
                "if type(v) is dict:",
                "    try:",
                "        __join(v.values())",
                "        v = __FrozenMap(v)",
                "    except TypeError:",
                f"        v = {fix}(o, v)",
                f"else: v = {fix}(o, v)",
            ]
        if spec.key.enum is None and plain is not None:
            kind = self.gen.bind(frozenset({_CLASSES[plain]}))
            return [
                f"if type(v) is dict and set(map(type, v.values())) <= {kind}:",
                "    v = __FrozenMap(v)",
                f"else: v = {fix}(o, v)",
            ]
        test, value = self._item(spec.value) if plain is None else (f"type(x) is {plain}", "x")
        return [
            "if type(v) is dict:",
            f"    t = __FrozenMap({{k: {value} for k, x in v.items() "
            f"if type(k) is str and {test}}})",
            f"    v = t if len(t) == len(v) else {fix}(o, v)",
            f"else: v = {fix}(o, v)",
        ]


def _timestamp_or_drop(value: Any, log: Callable[[str], None]) -> Any:
    read = _utc(value)
    return read if read.__class__ is datetime else _DROP


class _Readers(s.SpecVisitor[Reader]):
    """The slow tier: a reader taking any value to the member's type, or to ``_DROP``."""

    __slots__ = ("converter",)

    def __init__(self, converter: cattrs.Converter) -> None:
        self.converter = converter

    def visit_string(self, spec: s.String) -> Reader:
        member = spec.enum._value2member_map_.get if spec.enum is not None else None

        def string(v: Any, log: Callable[[str], None]) -> Any:
            if not isinstance(v, str):
                return _DROP
            return v if member is None else member(v, str(v))

        return string

    def visit_integer(self, spec: s.Integer) -> Reader:
        return lambda v, log: v if isinstance(v, int) and not isinstance(v, bool) else _DROP

    def visit_float(self, spec: s.Float) -> Reader:
        def number(v: Any, log: Callable[[str], None]) -> Any:
            if isinstance(v, float):
                return v
            if isinstance(v, int) and not isinstance(v, bool):
                try:
                    return float(v)
                except OverflowError:
                    # No double holds it (10**400): the nearest one, as JSON's 1e400 reads.
                    # Kept as an int, float arithmetic and formatting on it would raise.
                    log("an int too large for a double; read as infinity")
                    return math.inf if v > 0 else -math.inf
            return _DROP

        return number

    def visit_boolean(self, spec: s.Boolean) -> Reader:
        return lambda v, log: v if isinstance(v, bool) else _DROP

    def visit_timestamp(self, spec: s.Timestamp) -> Reader:
        return _timestamp_or_drop

    def visit_structure(self, spec: s.Structure) -> Reader:
        cls = spec.cls
        converter = self.converter

        def structure(v: Any, log: Callable[[str], None]) -> Any:
            if isinstance(v, cls):
                return v
            if isinstance(v, Mapping):
                return converter.get_structure_hook(cls)(dict(v), None)
            return _DROP

        return structure

    def visit_list(self, spec: s.List) -> Reader:
        item = spec.member.accept(self)

        def items(v: Any, log: Callable[[str], None]) -> Any:
            if not isinstance(v, (list, tuple)):
                return _DROP
            read = [item(x, log) for x in v if x is not None]
            kept = tuple([x for x in read if x is not _DROP])
            if len(kept) != len(v):
                log(f"{_count(len(v) - len(kept), 'null or wrongly typed item')} dropped")
            return kept

        return items

    def visit_map(self, spec: s.Map) -> Reader:
        key, value = spec.key.accept(self), spec.value.accept(self)

        def entries(v: Any, log: Callable[[str], None]) -> Any:
            if not isinstance(v, Mapping):
                return _DROP
            kept = {}
            for k, x in v.items():
                read_key = key(k, log)
                read = value(x, log) if x is not None else _DROP
                if read_key is not _DROP and read is not _DROP:
                    kept[read_key] = read
            if len(kept) != len(v):
                log(f"{_count(len(v) - len(kept), 'null or wrongly typed entry')} dropped")
            return FrozenMap(kept)

        return entries


class _Zeros(s.SpecVisitor[Callable[[], Any]]):
    """Smithy's zero value of a spec (its "client error correction" defaults), made fresh.

    Each is a stand-in: its class marks it as filled in (sagemaker_tuning._frozen), and is a
    subclass of the type the member promises. ``False`` cannot be: the fixer marks the
    object holding it instead.
    """

    __slots__ = ("converter",)

    def __init__(self, converter: cattrs.Converter) -> None:
        self.converter = converter

    def visit_string(self, spec: s.String) -> Callable[[], Any]:
        return (
            StandInStr  # "": for an enum, an unknown value, which enum members are typed to allow
        )

    def visit_integer(self, spec: s.Integer) -> Callable[[], Any]:
        return StandInInt

    def visit_float(self, spec: s.Float) -> Callable[[], Any]:
        return StandInFloat

    def visit_boolean(self, spec: s.Boolean) -> Callable[[], Any]:
        return bool

    def visit_timestamp(self, spec: s.Timestamp) -> Callable[[], Any]:
        return lambda: STAND_IN_EPOCH

    def visit_structure(self, spec: s.Structure) -> Callable[[], Any]:
        # An empty structure with its own required members corrected, of its stand-in class.
        hook, cls = self.converter.get_structure_hook, spec.cls
        marked = marked_class(cls, None)

        def empty() -> Any:
            obj = hook(cls)({}, None)
            object.__setattr__(obj, "__class__", marked)
            return obj

        return empty

    def visit_list(self, spec: s.List) -> Callable[[], Any]:
        return StandInTuple

    def visit_map(self, spec: s.Map) -> Callable[[], Any]:
        return StandInMap


def _mark_bool(o: Any, attr: str) -> None:
    """Mark ``o.attr``, a required boolean filled with ``False``, through ``o``'s class.

    ``o`` is still being built, an instance of a ``builder_class``: it becomes one of the
    marked class's builder, whose ``__built_as__`` the structure function then gives it.
    """
    cls = type(o)
    built: type[Any] | None = getattr(cls, "__built_as__", None)
    target = cls if built is None else built
    base = getattr(target, "__stand_in_base__", target)
    marked = marked_class(base, stand_in_bools(o) | {attr})
    object.__setattr__(o, "__class__", marked if built is None else builder_class(marked))


def _fixer(
    cls: type[Any], attr: str, wire: str, spec: s.Spec, required: bool, converter: cattrs.Converter
) -> Callable[[Any, Any], Any]:
    """What the lenient path makes of a member value the fast tier did not take."""
    read = spec.accept(_Readers(converter))
    zero = spec.accept(_Zeros(converter)) if required else None
    shape = cls.__name__

    def log(text: str) -> None:
        _warn_once(shape, wire, "response %s member %s: %s", shape, wire, text)

    def fix(o: Any, v: Any) -> Any:
        if v is not None:
            got = read(v, log)
            if got is not _DROP:
                return got
            log(f"{_a(type(v).__name__)} where the model has {_a(_wire_kind(spec))}; ignored")
        if zero is None:
            return None
        filled = zero()
        _warn_once(
            shape,
            wire,
            "response %s lacks required member %s; it reads %s (never sent back: see filled_in())",
            shape,
            wire,
            stand_in(filled),
        )
        if filled is False:
            _mark_bool(o, attr)
        return filled

    return fix


def _compile(kind: str, cls: type[Any], lines: list[str], namespace: dict[str, Any]) -> Any:
    """Run generated source and register it with ``linecache``, as cattrs does.

    A traceback through the function then shows its lines. The filename is unique per
    generated source: the lenient and strict converters compile different functions
    for the same class, and a user may build more converters (cattrs
    ``gen/_lc.py`` ``generate_unique_filename`` picks the first free name the same way).
    """
    source = "\n".join(lines) + "\n"
    source_lines = source.splitlines(True)
    base, extra, count = f"<sagemaker_tuning {kind} {cls.__name__}", "", 1
    while True:
        filename = f"{base}{extra}>"
        entry = (len(source), None, source_lines, filename)
        if linecache.cache.setdefault(filename, entry) == entry:
            break
        count += 1
        extra = f"-{count}"
    exec(compile(source, filename, "exec"), namespace)
    return namespace[kind]


def _make_structure_fn(
    cls: type[Any], converter: cattrs.Converter, lenient: bool
) -> Callable[[Any, Any], Any]:
    """Compile a function that builds ``cls`` from a wire dict without running validators."""
    gen = _Codegen(converter)
    if not lenient:
        gen.namespace["__utc"] = _utc_strict
    builder = builder_class(cls)
    gen.namespace.update({"__cls": cls, "__builder": builder, "__datetime": datetime})
    new = gen.bind(object.__new__)
    # Built as an instance of the builder class, whose plain attribute stores pass attrs'
    # frozen __setattr__, and then given its own class (sagemaker_tuning._frozen.builder_class).
    lines = ["def structure(d, _):", f"    o = {new}(__builder)", "    g = d.get"]
    marks = False
    for attr, wire, spec, required in field_specs(cls):
        lines.append(f"    v = g({wire!r})")
        if not lenient:
            lines.append(f"    o.{attr} = {gen.expr(spec, 'v') or 'v'}")
            continue
        # A required boolean filled in marks the object by its class (_mark_bool).
        marks = marks or (required and spec.kind == "boolean")
        fix = gen.bind(_fixer(cls, attr, wire, spec, required, converter))
        body = spec.accept(_Lenient(gen, fix))
        if required:
            # None fails the fast tier's class test too, so a missing required member reaches
            # the fixer (for its zero value) at no extra cost to a present one.
            lines += [f"    {line}" for line in body]
        else:
            # Most optional members are absent: one test, and they stay None.
            lines.append("    if v is not None:")
            lines += [f"        {line}" for line in body]
        lines.append(f"    o.{attr} = v")
    if marks:
        lines += [
            "    t = type(o)",
            "    o.__class__ = __cls if t is __builder else t.__built_as__",
        ]
    else:
        lines.append("    o.__class__ = __cls")
    lines.append("    return o")
    structure: Callable[[Any, Any], Any] = _compile("structure", cls, lines, gen.namespace)
    return structure


class _WriteFn(s.SpecVisitor[Callable[[Any], Any] | None]):
    """How :func:`to_api` writes one value of a spec (``None``: as it is)."""

    __slots__ = ("converter",)

    def __init__(self, converter: cattrs.Converter) -> None:
        self.converter = converter

    def visit_string(self, spec: s.String) -> Callable[[Any], Any] | None:
        return _enum_value if spec.enum is not None else None

    def visit_integer(self, spec: s.Integer) -> Callable[[Any], Any] | None:
        return None

    def visit_float(self, spec: s.Float) -> Callable[[Any], Any] | None:
        return None

    def visit_boolean(self, spec: s.Boolean) -> Callable[[Any], Any] | None:
        return None

    def visit_timestamp(self, spec: s.Timestamp) -> Callable[[Any], Any] | None:
        return None

    def visit_structure(self, spec: s.Structure) -> Callable[[Any], Any] | None:
        cls = spec.cls
        hook = self.converter.get_unstructure_hook(cls)
        return lambda v: hook(v) if isinstance(v, cls) else v

    def visit_list(self, spec: s.List) -> Callable[[Any], Any] | None:
        item = spec.member.accept(self)
        if item is None:
            return lambda v: list(v) if isinstance(v, (tuple, list)) else v
        return lambda v: [item(x) for x in v] if isinstance(v, (tuple, list)) else v

    def visit_map(self, spec: s.Map) -> Callable[[Any], Any] | None:
        key = spec.key.accept(self) or _same
        value = spec.value.accept(self) or _same
        return lambda v: {key(a): value(b) for a, b in v.items()} if isinstance(v, Mapping) else v


def _same(value: Any) -> Any:
    return value


def _make_unstructure_fn(
    cls: type[Any], converter: cattrs.Converter
) -> Callable[[Any], dict[str, Any]]:
    """Compile a function that writes ``cls`` as a wire dict, omitting ``None`` members only.

    cattrs' ``make_dict_unstructure_fn`` with ``omit_if_default`` would keep a
    required member left ``None`` by a lenient parse, which botocore rejects.
    """
    namespace: dict[str, Any] = {"__stand_ins": STAND_IN_CLASSES, "__bools": stand_in_bools}
    writer = _WriteFn(converter)
    # Members the lenient path filled in were never said by the service: they are left out,
    # so that to_api(from_api(d)) writes back only what d held. A stand-in is marked by its
    # class, so the check is one set lookup per required member (sagemaker_tuning._frozen).
    specs = field_specs(cls)
    lines = ["def unstructure(o):", "    r = {}"]
    if any(required and spec.kind == "boolean" for _, _, spec, required in specs):
        lines.append("    b = __bools(o)")
    for i, (attr, wire, spec, required) in enumerate(specs):
        fn = spec.accept(writer)
        test = "v is not None"
        if required:
            test += " and v.__class__ not in __stand_ins"
            if spec.kind == "boolean":
                test += f" and {attr!r} not in b"
        lines += [f"    v = o.{attr}", f"    if {test}:"]
        if fn is None:
            lines.append(f"        r[{wire!r}] = v")
        else:
            namespace[f"__f{i}"] = fn
            lines.append(f"        r[{wire!r}] = __f{i}(v)")
    lines.append("    return r")
    unstructure: Callable[[Any], dict[str, Any]] = _compile("unstructure", cls, lines, namespace)
    return unstructure


def _is_shape(t: Any) -> bool:
    return attrs.has(t) and t.__module__ == "sagemaker_tuning.shapes"


def _enum_value(value: Any) -> Any:
    return value.value if isinstance(value, enum.Enum) else value


def _make_converter(*, lenient: bool) -> cattrs.Converter:
    converter = cattrs.Converter()
    converter.register_structure_hook_factory(
        _is_shape, lambda cl: _make_structure_fn(cl, converter, lenient)
    )
    converter.register_unstructure_hook_factory(
        _is_shape, lambda cl: _make_unstructure_fn(cl, converter)
    )
    return converter


#: The lenient path (responses) and :func:`to_api`.
converter = _make_converter(lenient=True)
#: The strict path builds with this one, then validates the whole tree.
strict_converter = _make_converter(lenient=False)


def to_api(obj: Any) -> dict[str, Any]:
    """The wire dictionary botocore takes for a shape instance."""
    result: dict[str, Any] = converter.unstructure(obj)
    return result


#: Lists the members of a wire value (at a path) that the model does not have.
_UnknownCheck = Callable[[Any, str], list[Violation]]
_UNKNOWN_CHECKS: dict[type[Any], _UnknownCheck] = {}


class _UnknownMembers(s.SpecVisitor[_UnknownCheck | None]):
    """The unknown-member check of a spec, built once (``None``: nothing under it has members)."""

    __slots__ = ()

    def visit_string(self, spec: s.String) -> _UnknownCheck | None:
        return None

    def visit_integer(self, spec: s.Integer) -> _UnknownCheck | None:
        return None

    def visit_float(self, spec: s.Float) -> _UnknownCheck | None:
        return None

    def visit_boolean(self, spec: s.Boolean) -> _UnknownCheck | None:
        return None

    def visit_timestamp(self, spec: s.Timestamp) -> _UnknownCheck | None:
        return None

    def visit_structure(self, spec: s.Structure) -> _UnknownCheck | None:
        return _unknown_members(spec.cls)

    def visit_list(self, spec: s.List) -> _UnknownCheck | None:
        item = spec.member.accept(self)
        if item is None:
            return None

        def check(data: Any, path: str) -> list[Violation]:
            found: list[Violation] = []
            if isinstance(data, list):
                for i, x in enumerate(data):
                    found += item(x, f"{path}[{i}]")
            return found

        return check

    def visit_map(self, spec: s.Map) -> _UnknownCheck | None:
        value = spec.value.accept(self)
        if value is None:
            return None

        def check(data: Any, path: str) -> list[Violation]:
            found: list[Violation] = []
            if isinstance(data, dict):
                for key, x in data.items():
                    found += value(x, f"{path}[{path_key(key)}]")
            return found

        return check


_UNKNOWN_MEMBERS: Final = _UnknownMembers()


def _unknown_members(cls: type[Any]) -> _UnknownCheck:
    """Members in a wire dict of ``cls`` (nested ones too) the model does not have, with a hint."""
    check = _UNKNOWN_CHECKS.get(cls)
    if check is not None:
        return check
    fields: dict[str, _UnknownCheck | None] = {}
    name = cls.__name__

    def check_members(data: Any, path: str) -> list[Violation]:
        found: list[Violation] = []
        if not isinstance(data, dict):
            return found
        for key, value in data.items():
            if key not in fields:
                close = difflib.get_close_matches(str(key), fields, n=1)
                hint = f"; did you mean {close[0]!r}?" if close else ""
                found.append(
                    Violation(
                        join(path, path_key(key)),
                        f"unknown member of {name}{hint}",
                        "unknown-member",
                    )
                )
            else:
                nested = fields[key]
                if nested is not None:
                    found += nested(value, join(path, str(key)))
        return found

    # Cached before the fields are visited, so that a shape reaching itself finds this check.
    _UNKNOWN_CHECKS[cls] = check_members
    fields.update((wire, spec.accept(_UNKNOWN_MEMBERS)) for _, wire, spec, _ in field_specs(cls))
    return check_members


#: The classes from_api has been given and found to be shapes (one set lookup per call).
_SHAPES: set[type[Any]] = set()
#: The lenient path's structure function of each of them (cattrs' dispatch, asked once).
_LENIENT: dict[type[Any], Callable[[Any, Any], Any]] = {}


def from_api(cls: type[T], data: Mapping[str, Any], *, strict: bool = False) -> T:
    """Build a ``cls`` instance from a wire dictionary.

    ``strict=False`` (responses) never raises for the content of ``data``, and every member
    of the result has its annotated type (missing required members are filled, see
    :func:`filled_in`); ``strict=True`` (user documents) raises :class:`ValidationError` listing every
    violation, unknown members included. ``cls`` that is no generated shape (``None``, ``dict``)
    raises ``TypeError``.
    """
    if cls not in _SHAPES:
        if not (isinstance(cls, type) and _is_shape(cls)):
            raise TypeError(f"from_api: expected a class of sagemaker_tuning.shapes, got {cls!r}")
        _SHAPES.add(cls)
    if not strict:
        if data.__class__ is not dict:
            if not isinstance(data, Mapping):
                _warn_once(
                    cls.__name__, "", "response %s is a %s; read as {}", cls.__name__, show(data)
                )
                data = {}
            data = dict(data)
        structure = _LENIENT.get(cls)
        if structure is None:
            structure = _LENIENT[cls] = converter.get_structure_hook(cls)
        result: T = structure(data, cls)
        return result
    if not isinstance(data, Mapping):
        raise ValidationError(
            [Violation("", f"expected an object for {cls.__name__}, got {show(data)}")],
            cls.__name__,
        )
    data = dict(data)
    obj: T = strict_converter.structure(data, cls)
    found = _unknown_members(cls)(data, "") + violations(obj)
    if found:
        raise ValidationError(sorted(found, key=lambda v: v.path), cls.__name__)
    return obj
