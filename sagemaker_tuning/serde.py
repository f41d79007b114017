"""Conversion between generated shapes and botocore's wire dictionaries, on cattrs.

- :func:`to_api` gives exactly botocore's input form: API member names, ``None``
  members omitted (``0``, ``False`` and ``""`` kept), tuples as lists, enums as
  plain strings.
- :func:`from_api` has two explicit paths. The lenient one (the default, for
  service responses) never raises: it keeps unknown enum values as plain
  strings, ignores unknown members, leaves missing required members ``None``
  (logging a warning once per shape and member) and skips validation. The
  strict one (``strict=True``, for documents users write) rejects unknown keys
  with a did-you-mean suggestion and reports every violation of the whole tree
  in one :class:`~sagemaker_tuning.ValidationError`.

Both paths build instances without calling ``__init__``: attrs would run the
validators there, and its only switch to skip them (``attrs.validators.set_disabled``)
is process-global and not thread-safe. cattrs' own generated structure functions
also go through ``__init__``, so the structure hooks here are our own factories,
registered on cattrs converters (which dispatch between shapes and cache them).
Their source is generated once per class from the specs (read through
:class:`~sagemaker_tuning._spec.SpecVisitor`) and registered with ``linecache``, as
cattrs registers its own, so a traceback through a conversion shows the generated line.
"""

from __future__ import annotations

import difflib
import enum
import linecache
import logging
from collections.abc import Callable, Mapping
from datetime import datetime, timezone
from typing import Any, Final, TypeVar

import attrs
import cattrs

from sagemaker_tuning import _spec as s
from sagemaker_tuning._frozen import FrozenMap
from sagemaker_tuning.redact import path_key
from sagemaker_tuning.validation import (
    ValidationError,
    Violation,
    field_specs,
    join,
    show,
    violations,
)

__all__ = ["from_api", "to_api"]

T = TypeVar("T")
_log = logging.getLogger(__name__)
_UTC = timezone.utc
_warned: set[tuple[str, str]] = set()


def _missing_required(shape: str, member: str) -> None:
    if (shape, member) not in _warned:
        _warned.add((shape, member))
        _log.warning("response %s lacks required member %s; it is left None", shape, member)


def _utc(value: Any) -> datetime | None:
    """A timestamp as an aware UTC datetime; anything unreadable is ``None``, with one warning.

    A typed ``datetime`` member never holds anything else; the reading (epoch seconds or
    milliseconds, ISO 8601, botocore's formats) is :mod:`sagemaker_tuning._timestamps`'.
    """
    if value.__class__ is datetime and value.tzinfo is _UTC:
        return value  # the common case, from parse_utc_timestamp: no call
    from sagemaker_tuning import _timestamps

    return _timestamps.read(value)


def _utc_strict(value: Any) -> Any:
    """:func:`_utc` for documents users write: an unreadable value is kept, for validation to
    report at its path ("expected a datetime, got 'x'"), and nothing is logged."""
    from sagemaker_tuning import _timestamps

    return _timestamps.convert(value) or value


class _Codegen:
    """Collects the globals of one compiled structure function."""

    def __init__(self, converter: cattrs.Converter, *, lenient: bool) -> None:
        self.converter = converter
        self.lenient = lenient
        self.namespace: dict[str, Any] = {"__FrozenMap": FrozenMap, "__utc": _utc}

    def bind(self, value: Any) -> str:
        name = f"__g{len(self.namespace)}"
        self.namespace[name] = value
        return name

    def expr(self, spec: s.Spec, v: str, depth: int = 0) -> str | None:
        """A Python expression reading wire value ``v`` of ``spec`` (``None``: ``v`` as it is)."""
        return spec.accept(_ReadExpr(self, v, depth))


class _ReadExpr(s.SpecVisitor[str | None]):
    """The source of an expression reading wire value ``v`` (``None``: ``v`` as it is).

    Expressions pass ``None`` and values of an unexpected type through unchanged,
    so a response can never make them raise. On the lenient path a ``null`` inside a list
    or as a map value is dropped: it is no item, and typed lists never hold ``None``
    (a list page's ``[null]`` crashed the paginator). The strict path keeps it, for
    validation to report at its path.
    """

    __slots__ = ("depth", "gen", "v")

    def __init__(self, gen: _Codegen, v: str, depth: int) -> None:
        self.gen, self.v, self.depth = gen, v, depth

    def visit_string(self, spec: s.String) -> str | None:
        if spec.enum is None:
            return None
        v, lookup = self.v, self.gen.bind(spec.enum._value2member_map_.get)
        return f"({lookup}({v}, {v}) if {v}.__class__ is str else {v})"

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
        return f"({hook}({v}, None) if {v}.__class__ is dict else {v})"

    def visit_list(self, spec: s.List) -> str | None:
        v, x = self.v, f"x{self.depth}"
        item = self.gen.expr(spec.member, x, self.depth + 1)
        if self.gen.lenient:
            items = f"tuple([{item or x} for {x} in {v} if {x} is not None])"
            if item is None:  # most lists hold no null: tuple() is the fast way then
                items = f"(tuple({v}) if None not in {v} else {items})"
        else:
            items = f"tuple({v})" if item is None else f"tuple([{item} for {x} in {v}])"
        return f"({items} if {v}.__class__ is list else {v})"

    def visit_map(self, spec: s.Map) -> str | None:
        v, x, k = self.v, f"x{self.depth}", f"k{self.depth}"
        key = self.gen.expr(spec.key, k, self.depth + 1) or k
        value = self.gen.expr(spec.value, x, self.depth + 1) or x
        drop = f" if {x} is not None" if self.gen.lenient else ""
        built = f"__FrozenMap({{{key}: {value} for {k}, {x} in {v}.items(){drop}}})"
        if key == k and value == x:
            # Most maps hold no null: copying the dict is the fast way then.
            fast = f"__FrozenMap({v})"
            built = f"({fast} if None not in {v}.values() else {built})" if drop else fast
        return f"({built} if {v}.__class__ is dict else {v})"


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
    cls: type[Any], converter: cattrs.Converter, missing: Callable[[str, str], None] | None
) -> Callable[[Any, Any], Any]:
    """Compile a function that builds ``cls`` from a wire dict without running validators."""
    gen = _Codegen(converter, lenient=missing is not None)
    if missing is None:  # the strict converter (see _make_converter)
        gen.namespace["__utc"] = _utc_strict
    new, missing_fn = gen.bind(object.__new__), gen.bind(missing)
    gen.namespace["__cls"] = cls
    lines = ["def structure(d, _):", f"    o = {new}(__cls)", "    g = d.get"]
    for attr, wire, spec, required in field_specs(cls):
        slot = cls.__dict__.get(attr)
        setter = gen.bind(
            slot.__set__
            if slot is not None and hasattr(slot, "__set__")
            else (lambda o, v, _a=attr: object.__setattr__(o, _a, v))
        )
        lines.append(f"    v = g({wire!r})")
        if required and missing is not None:
            lines.append(f"    if v is None: {missing_fn}({cls.__name__!r}, {wire!r})")
        lines.append(f"    {setter}(o, {gen.expr(spec, 'v') or 'v'})")
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
    namespace: dict[str, Any] = {}
    writer = _WriteFn(converter)
    lines = ["def unstructure(o):", "    r = {}"]
    for i, (attr, wire, spec, _required) in enumerate(field_specs(cls)):
        fn = spec.accept(writer)
        lines += [f"    v = o.{attr}", "    if v is not None:"]
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


def _make_converter(*, warn_missing: bool) -> cattrs.Converter:
    converter = cattrs.Converter()
    missing = _missing_required if warn_missing else None
    converter.register_structure_hook_factory(
        _is_shape, lambda cl: _make_structure_fn(cl, converter, missing)
    )
    converter.register_unstructure_hook_factory(
        _is_shape, lambda cl: _make_unstructure_fn(cl, converter)
    )
    return converter


#: The lenient path (responses) and :func:`to_api`.
converter = _make_converter(warn_missing=True)
#: The strict path builds with this one, then validates the whole tree.
strict_converter = _make_converter(warn_missing=False)


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


def from_api(cls: type[T], data: Mapping[str, Any], *, strict: bool = False) -> T:
    """Build a ``cls`` instance from a wire dictionary.

    ``strict=False`` (responses) never raises for the content of ``data``;
    ``strict=True`` (user documents) raises :class:`ValidationError` listing every
    violation, unknown members included.
    """
    if not strict:
        if not isinstance(data, dict):
            data = dict(data)
        result: T = converter.structure(data, cls)
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
