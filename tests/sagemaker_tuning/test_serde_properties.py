"""Property-based checks of the data model and serde over every generated shape."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import botocore.session
import pytest
from botocore.serialize import create_serializer
from botocore.validate import ParamValidator
from hypothesis import given, settings
from hypothesis import strategies as st

from sagemaker_tuning import _spec as s
from sagemaker_tuning import shapes
from sagemaker_tuning._generated.model import OPERATIONS
from sagemaker_tuning.serde import from_api, to_api
from sagemaker_tuning.testing import strategies as sts
from sagemaker_tuning.validation import check_value, field_specs, fields_valid

ALL_SHAPES = [getattr(shapes, name) for name in shapes.__all__]
# Tests parametrized over all 81 shapes draw a third of the profile's examples per shape.
PER_SHAPE = settings(max_examples=max(5, settings.default.max_examples // 3))
SERVICE_MODEL = botocore.session.get_session().get_service_model("sagemaker")
OPERATION_INPUTS = [
    (name, op.input) for name, op in sorted(OPERATIONS.items()) if op.input is not None
]


@pytest.mark.parametrize("cls", ALL_SHAPES, ids=lambda c: c.__name__)
def test_strict_round_trip_of_every_valid_instance(cls: type[Any]) -> None:
    @PER_SHAPE
    @given(sts.shapes(cls))
    def check(obj: Any) -> None:
        assert fields_valid(obj, deep=True)
        assert from_api(cls, to_api(obj), strict=True) == obj

    check()


_GONE = object()
_SCALAR_TYPES: dict[str, tuple[type, ...]] = {
    "string": (str,),
    "integer": (int,),
    "float": (int, float),
    "boolean": (bool,),
    "timestamp": (datetime,),
}


def said(spec: s.Spec, value: Any) -> Any:
    """``value`` as ``to_api(from_api(...))`` should give it back: what the service said, as far
    as the model can hold it -- unknown members, nulls and wrongly typed values and items gone.
    (Required members the response lacked are filled when parsed and never written back.)"""
    if value is None:
        return _GONE
    if isinstance(spec, s.Structure):
        if not isinstance(value, dict):
            return _GONE
        fields = {wire: sub for _, wire, sub, _ in field_specs(spec.cls)}
        kept = {k: said(fields[k], v) for k, v in value.items() if k in fields}
        return {k: v for k, v in kept.items() if v is not _GONE}
    if isinstance(spec, s.List):
        if not isinstance(value, list):
            return _GONE
        return [v for v in (said(spec.member, x) for x in value) if v is not _GONE]
    if isinstance(spec, s.Map):
        if not isinstance(value, dict):
            return _GONE
        kept = {k: said(spec.value, v) for k, v in value.items()}
        return {k: v for k, v in kept.items() if v is not _GONE}
    if isinstance(value, bool) and spec.kind != "boolean":
        return _GONE
    return value if isinstance(value, _SCALAR_TYPES[spec.kind]) else _GONE


@pytest.mark.parametrize("cls", ALL_SHAPES, ids=lambda c: c.__name__)
def test_lenient_round_trip_of_anything_the_service_may_send(cls: type[Any]) -> None:
    @PER_SHAPE
    @given(sts.responses(cls))
    def check(data: dict[str, Any]) -> None:
        assert to_api(from_api(cls, data)) == said(s.Structure(cls), data)

    check()


@pytest.mark.parametrize(
    ("operation", "cls"), OPERATION_INPUTS, ids=[o for o, _ in OPERATION_INPUTS]
)
def test_every_valid_request_passes_botocores_validator_and_serializer(
    operation: str, cls: type[Any]
) -> None:
    model = SERVICE_MODEL.operation_model(operation)
    serializer = create_serializer("json")

    @given(sts.shapes(cls))
    def check(request: Any) -> None:
        params = to_api(request)
        report = ParamValidator().validate(params, model.input_shape)
        assert not report.has_errors(), report.generate_report()
        serializer.serialize_to_request(params, model)

    check()


def _constrained_fields() -> list[tuple[str, s.Spec]]:
    found = []
    for cls in ALL_SHAPES:
        for _attr, wire, spec, _required in field_specs(cls):
            inner = spec.member if isinstance(spec, s.List) else spec
            if getattr(inner, "min", None) is not None or getattr(inner, "max", None) is not None:
                found.append((f"{cls.__name__}.{wire}", spec))
    return found


CONSTRAINED = _constrained_fields()


def _sample(spec: s.Spec, size: int) -> Any:
    """A value of ``spec``'s kind with the given length, size or magnitude."""
    if isinstance(spec, s.String):
        return "a" * size
    if isinstance(spec, s.List):
        return tuple(_filler(spec.member) for _ in range(size))
    if isinstance(spec, s.Map):
        return {f"k{i}": _filler(spec.value) for i in range(size)}
    return size


def _filler(spec: s.Spec) -> Any:
    return {"string": "a", "integer": 1, "float": 1.0, "boolean": True}.get(spec.kind, "a")


@pytest.mark.parametrize(("where", "spec"), CONSTRAINED, ids=[w for w, _ in CONSTRAINED])
def test_every_bound_rejects_one_beyond(where: str, spec: s.Spec) -> None:
    """min-1 and max+1 break the bound on every constrained member of the model (items too)."""
    target = (
        spec.member if isinstance(spec, s.List) and spec.min is None and spec.max is None else spec
    )
    lo, hi = getattr(target, "min", None), getattr(target, "max", None)
    rule = {"string": "length", "list": "size", "map": "size"}.get(target.kind, "range")
    numeric = target.kind in ("integer", "float")
    beyond = []
    if lo is not None and (lo > 0 or numeric):  # a length or size cannot go below zero
        beyond.append(lo - 1)
    if hi is not None:
        beyond.append(hi + 1)
    for size in beyond:
        value = _sample(target, size)
        assert rule in {v.rule for v in check_value(target, value, "X", deep=False)}, (where, size)
    for edge in [b for b in (lo, hi) if b is not None and (target.kind == "float" or b >= 0)]:
        value = _sample(target, edge)
        assert rule not in {v.rule for v in check_value(target, value, "X", deep=False)}, (
            where,
            edge,
        )


@pytest.mark.parametrize("cls", ALL_SHAPES, ids=lambda c: c.__name__)
def test_one_broken_constraint_is_reported_at_its_path(cls: type[Any]) -> None:
    @PER_SHAPE
    @given(sts.violations(cls))
    def check(case: tuple[dict[str, Any], str]) -> None:
        data, path = case
        with pytest.raises(ValueError) as caught:
            from_api(cls, data, strict=True)
        assert path in [v.path for v in caught.value.violations]  # type: ignore[attr-defined]

    check()


@given(st.data())
def test_lenient_parse_of_arbitrary_json_never_raises(data: st.DataObject) -> None:
    cls = data.draw(st.sampled_from(ALL_SHAPES))
    json_values = st.recursive(
        st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=5),
        lambda inner: (
            st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3)
        ),
        max_leaves=10,
    )
    names = [wire for _, wire, _, _ in field_specs(cls)] + ["Unknown"]
    document = data.draw(st.dictionaries(st.sampled_from(names), json_values, max_size=6))
    to_api(from_api(cls, document))
