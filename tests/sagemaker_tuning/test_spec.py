"""The constraint specs and their one traversal, SpecVisitor."""

from __future__ import annotations

from typing import Any

import pytest

from sagemaker_tuning import _spec as s
from sagemaker_tuning import enums, shapes
from sagemaker_tuning.serde import from_api, to_api
from sagemaker_tuning.validation import validate

ONE_OF_EACH: list[s.Spec] = [
    s.String(min=1, enum=enums.SortOrder),
    s.Integer(min=0),
    s.Float(max=1.0),
    s.Boolean(),
    s.Timestamp(),
    s.Structure(shapes.ResourceLimits),
    s.List(s.String()),
    s.Map(s.String(), s.Integer()),
]


class Recorder(s.SpecVisitor[tuple[str, s.Spec]]):
    """Answers which method a spec dispatched to."""

    def visit_string(self, spec: s.String) -> tuple[str, s.Spec]:
        return "string", spec

    def visit_integer(self, spec: s.Integer) -> tuple[str, s.Spec]:
        return "integer", spec

    def visit_float(self, spec: s.Float) -> tuple[str, s.Spec]:
        return "float", spec

    def visit_boolean(self, spec: s.Boolean) -> tuple[str, s.Spec]:
        return "boolean", spec

    def visit_timestamp(self, spec: s.Timestamp) -> tuple[str, s.Spec]:
        return "timestamp", spec

    def visit_structure(self, spec: s.Structure) -> tuple[str, s.Spec]:
        return "structure", spec

    def visit_list(self, spec: s.List) -> tuple[str, s.Spec]:
        return "list", spec

    def visit_map(self, spec: s.Map) -> tuple[str, s.Spec]:
        return "map", spec


def test_every_kind_of_spec_dispatches_to_the_visitor_method_of_its_kind() -> None:
    assert {type(spec) for spec in ONE_OF_EACH} == set(s.Spec.__subclasses__())
    recorder = Recorder()
    for spec in ONE_OF_EACH:
        assert spec.accept(recorder) == (spec.kind, spec)


def test_a_visitor_missing_a_kind_cannot_be_instantiated() -> None:
    class StringsOnly(s.SpecVisitor[None]):
        def visit_string(self, spec: s.String) -> None:
            return None

    with pytest.raises(TypeError, match="abstract.*visit_boolean"):
        StringsOnly()  # type: ignore[abstract]


def test_the_hot_path_does_not_visit_specs_once_a_class_is_compiled(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Dispatch on the spec happens when a class is first used, never per value."""

    def build() -> Any:
        return shapes.HyperParameterTuningJobConfig(
            strategy="Bayesian",
            resource_limits=shapes.ResourceLimits(max_parallel_training_jobs=1),
            parameter_ranges=shapes.ParameterRanges(
                categorical_parameter_ranges=[
                    shapes.CategoricalParameterRange(name="opt", values=["sgd", "adam"])
                ]
            ),
        )

    config = build()
    validate(config)
    wire = to_api(config)
    assert from_api(type(config), wire) == config

    def refuse(self: s.Spec, visitor: Any) -> Any:
        raise AssertionError(f"{type(visitor).__name__} visited {self!r} on the hot path")

    for cls in s.Spec.__subclasses__():
        monkeypatch.setattr(cls, "accept", refuse)
    config = build()
    validate(config)
    assert to_api(config) == wire
    assert from_api(type(config), wire) == config


def test_as_tuple_stores_any_sequence_but_a_string_as_a_tuple() -> None:
    from collections import deque

    assert s.as_tuple(deque([1, 2])) == (1, 2)
    assert s.as_tuple(["a", "b"]) == ("a", "b")
    same = ("a",)
    assert s.as_tuple(same) is same
    assert s.as_tuple(None) is None
    assert s.as_tuple(range(3)) == (0, 1, 2)
    # Not sequences, or strings: left for validation to report with the member's path.
    assert s.as_tuple("ab") == "ab"
    unordered = {1}
    assert s.as_tuple(unordered) is unordered
