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
"""

from __future__ import annotations

import difflib
import enum
import logging
from collections.abc import Callable, Mapping
from datetime import datetime, timezone
from typing import Any, TypeVar

import attrs
import cattrs

from sagemaker_tuning import _spec as s
from sagemaker_tuning._frozen import FrozenMap
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

    def __init__(self, converter: cattrs.Converter) -> None:
        self.converter = converter
        self.namespace: dict[str, Any] = {"__FrozenMap": FrozenMap, "__utc": _utc}

    def bind(self, value: Any) -> str:
        name = f"__g{len(self.namespace)}"
        self.namespace[name] = value
        return name

    def expr(self, spec: s.Spec, v: str, depth: int = 0) -> str | None:
        """A Python expression reading wire value ``v`` of ``spec`` (``None``: ``v`` as it is).

        Expressions pass ``None`` and values of an unexpected type through unchanged,
        so a response can never make them raise.
        """
        if isinstance(spec, s.String):
            if spec.enum is None:
                return None
            lookup = self.bind(spec.enum._value2member_map_.get)
            return f"({lookup}({v}, {v}) if {v}.__class__ is str else {v})"
        if isinstance(spec, s.Timestamp):
            return f"(None if {v} is None else __utc({v}))"
        if isinstance(spec, s.Structure):
            hook = self.bind(self.converter.get_structure_hook(spec.cls))
            return f"({hook}({v}, None) if {v}.__class__ is dict else {v})"
        x = f"x{depth}"
        if isinstance(spec, s.List):
            item = self.expr(spec.member, x, depth + 1)
            items = f"tuple({v})" if item is None else f"tuple([{item} for {x} in {v}])"
            return f"({items} if {v}.__class__ is list else {v})"
        if isinstance(spec, s.Map):
            k = f"k{depth}"
            key = self.expr(spec.key, k, depth + 1) or k
            value = self.expr(spec.value, x, depth + 1) or x
            if key == k and value == x:
                built = f"__FrozenMap({v})"
            else:
                built = f"__FrozenMap({{{key}: {value} for {k}, {x} in {v}.items()}})"
            return f"({built} if {v}.__class__ is dict else {v})"
        return None


def _make_structure_fn(
    cls: type[Any], converter: cattrs.Converter, missing: Callable[[str, str], None] | None
) -> Callable[[Any, Any], Any]:
    """Compile a function that builds ``cls`` from a wire dict without running validators."""
    gen = _Codegen(converter)
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
    namespace = gen.namespace
    exec(
        compile("\n".join(lines), f"<sagemaker_tuning structure {cls.__name__}>", "exec"), namespace
    )
    structure: Callable[[Any, Any], Any] = namespace["structure"]
    return structure


def _wire_fn(spec: s.Spec, converter: cattrs.Converter) -> Callable[[Any], Any] | None:
    """How :func:`to_api` writes one value of ``spec`` (``None``: as it is)."""
    if isinstance(spec, s.String):
        return _enum_value if spec.enum is not None else None
    if isinstance(spec, s.Structure):
        cls = spec.cls
        hook = converter.get_unstructure_hook(cls)
        return lambda v: hook(v) if isinstance(v, cls) else v
    if isinstance(spec, s.List):
        item = _wire_fn(spec.member, converter)
        if item is None:
            return lambda v: list(v) if isinstance(v, (tuple, list)) else v
        return lambda v: [item(x) for x in v] if isinstance(v, (tuple, list)) else v
    if isinstance(spec, s.Map):
        key = _wire_fn(spec.key, converter) or _same
        value = _wire_fn(spec.value, converter) or _same
        return lambda v: {key(a): value(b) for a, b in v.items()} if isinstance(v, Mapping) else v
    return None


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
    lines = ["def unstructure(o):", "    r = {}"]
    for i, (attr, wire, spec, _required) in enumerate(field_specs(cls)):
        fn = _wire_fn(spec, converter)
        lines += [f"    v = o.{attr}", "    if v is not None:"]
        if fn is None:
            lines.append(f"        r[{wire!r}] = v")
        else:
            namespace[f"__f{i}"] = fn
            lines.append(f"        r[{wire!r}] = __f{i}(v)")
    lines.append("    return r")
    exec(
        compile("\n".join(lines), f"<sagemaker_tuning unstructure {cls.__name__}>", "exec"),
        namespace,
    )
    unstructure: Callable[[Any], dict[str, Any]] = namespace["unstructure"]
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


def _unknown_keys(spec: s.Spec, data: Any, path: str) -> list[Violation]:
    """Members in ``data`` that the model does not have, with a did-you-mean suggestion."""
    found: list[Violation] = []
    if isinstance(spec, s.Structure) and isinstance(data, dict):
        fields = {wire: sub for _, wire, sub, _ in field_specs(spec.cls)}
        for key, value in data.items():
            sub = fields.get(key)
            if sub is None:
                close = difflib.get_close_matches(str(key), fields, n=1)
                hint = f"; did you mean {close[0]!r}?" if close else ""
                found.append(
                    Violation(
                        join(path, str(key)),
                        f"unknown member of {spec.cls.__name__}{hint}",
                        "unknown-member",
                    )
                )
            else:
                found += _unknown_keys(sub, value, join(path, str(key)))
    elif isinstance(spec, s.List) and isinstance(data, list):
        for i, item in enumerate(data):
            found += _unknown_keys(spec.member, item, f"{path}[{i}]")
    elif isinstance(spec, s.Map) and isinstance(data, dict):
        for key, item in data.items():
            found += _unknown_keys(spec.value, item, f"{path}[{key}]")
    return found


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
    found = _unknown_keys(s.Structure(cls), data, "") + violations(obj)
    if found:
        raise ValidationError(sorted(found, key=lambda v: v.path), cls.__name__)
    return obj
