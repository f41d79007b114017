"""Honest response types: what the lenient parse returns always has the types its annotations say.

Code that passes mypy --strict and pyright reads a response along its annotations. For every
structure a response can hold, responses drawn by ``strategies.responses`` (dropped required
members, nulls, values of the wrong type, unknown enum values and members) are parsed, and every
typed path of the result is walked: each value must be an instance of its annotation and support
what the annotation promises, so the walk meets no ``AttributeError`` or ``TypeError``.
"""

from __future__ import annotations

import enum
import math
import types
import typing
from collections.abc import Iterator, Mapping
from datetime import datetime, timezone
from typing import Any

import attrs
import pytest
from hypothesis import find, given, settings

from sagemaker_tuning import _spec as s
from sagemaker_tuning import serde, shapes
from sagemaker_tuning._frozen import StandIn
from sagemaker_tuning._generated.model import OPERATIONS
from sagemaker_tuning.serde import from_api, to_api
from sagemaker_tuning.testing import strategies as sts
from sagemaker_tuning.validation import field_specs


def _structures_under(cls: type[Any], seen: set[type[Any]]) -> None:
    if cls in seen:
        return
    seen.add(cls)

    def visit(spec: s.Spec) -> None:
        if isinstance(spec, s.Structure):
            _structures_under(spec.cls, seen)
        elif isinstance(spec, s.List):
            visit(spec.member)
        elif isinstance(spec, s.Map):
            visit(spec.value)

    for _attr, _wire, spec, _required in field_specs(cls):
        visit(spec)


def output_shapes() -> list[type[Any]]:
    """Every structure reachable from an operation's output: what a response can hold."""
    seen: set[type[Any]] = set()
    for model in OPERATIONS.values():
        if model.output is not None:
            _structures_under(model.output, seen)
    return sorted(seen, key=lambda c: c.__name__)


OUTPUT_SHAPES = output_shapes()


def _is(value: Any, tp: type[Any]) -> bool:
    """``type(value) is tp`` (a bool is no int, an int no float), or a stand-in of ``tp``: a
    filled-in member's value is of a marker subclass of its type (sagemaker_tuning._frozen)."""
    cls = type(value)
    if cls is tp or getattr(cls, "__stand_in_base__", None) is tp:
        return True
    return isinstance(value, StandIn) and isinstance(value, tp)


def _use(value: Any, tp: Any, path: str) -> Iterator[str]:
    """Use ``value`` as its annotation ``tp`` promises; yield the path of anything that breaks."""
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if origin in (typing.Union, types.UnionType):
        if value is None and type(None) in args:
            return
        # ``Enum | str``: an unknown enum value is a plain str, which the annotation allows.
        options = [a for a in args if a is not type(None)]
        for option in options:
            if not list(_use(value, option, path)):
                return
        yield f"{path}: {value!r} is none of {options}"
        return
    if origin is tuple:
        if not _is(value, tuple):
            yield f"{path}: {type(value).__name__}, not a tuple"
            return
        hash(value)  # stored immutably
        for i, item in enumerate(value):
            yield from _use(item, args[0], f"{path}[{i}]")
        return
    if origin is Mapping:
        if not isinstance(value, Mapping):
            yield f"{path}: {type(value).__name__}, not a mapping"
            return
        hash(value)
        for key, item in value.items():
            yield from _use(key, args[0], f"{path}[{key!r}]")
            yield from _use(item, args[1], f"{path}[{key!r}]")
        return
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        if not isinstance(value, tp):
            yield f"{path}: {value!r} is no {tp.__name__}"
        else:
            _ = value.value.upper()
        return
    if tp is bool:
        if not _is(value, bool):
            yield f"{path}: {value!r} is no bool"
        return
    if tp is int:
        if not _is(value, int):
            yield f"{path}: {value!r} is no int"
        else:
            _ = value + 1
        return
    if tp is float:
        # float, not int: code may call float methods (is_integer() is float-only before 3.12).
        if not _is(value, float):
            yield f"{path}: {value!r} is no float"
        else:
            _ = (value.is_integer(), math.isfinite(value), value * 2.0)
        return
    if tp is str:
        if not isinstance(value, str):
            yield f"{path}: {value!r} is no str"
        else:
            _ = value.upper() + ""
        return
    if tp is datetime:
        if not isinstance(value, datetime) or value.tzinfo is not timezone.utc:
            yield f"{path}: {value!r} is no UTC datetime"
        else:
            _ = (value - value, value.isoformat())
        return
    if attrs.has(tp):
        if not _is(value, tp):
            yield f"{path}: {type(value).__name__}, not a {tp.__name__}"
            return
        yield from _fields(value, path)
        return
    raise AssertionError(f"{path}: no check for annotation {tp!r}")


def _fields(obj: Any, path: str) -> Iterator[str]:
    hints = typing.get_type_hints(type(obj))
    for field in attrs.fields(type(obj)):
        yield from _use(getattr(obj, field.name), hints[field.name], f"{path}.{field.name}")


def test_there_is_a_shape_for_every_response_part() -> None:
    names = {c.__name__ for c in OUTPUT_SHAPES}
    assert {"DescribeHyperParameterTuningJobResponse", "TrainingJobStatusCounters"} <= names
    assert "CreateHyperParameterTuningJobRequest" not in names
    assert len(OUTPUT_SHAPES) > 40


@pytest.mark.parametrize("cls", OUTPUT_SHAPES, ids=lambda c: c.__name__)
def test_every_typed_path_of_a_parsed_response_holds_its_annotated_type(cls: type[Any]) -> None:
    @given(data=sts.responses(cls))
    def check(data: dict[str, Any]) -> None:
        parsed = from_api(cls, data)
        assert list(_fields(parsed, cls.__name__)) == []
        hash(parsed)
        # The round trip writes back what the response said, never a stand-in.
        written = to_api(parsed)
        for wire in serde.filled_in(parsed):
            assert wire not in written

    check()


def test_the_issue_reproduction_no_longer_crashes() -> None:
    # The response the issue found: TrainingJobStatusCounters missing. Type-checked code reads
    # through it without a guard (tests/typing/good.py), and now it is safe to.
    job = from_api(
        shapes.DescribeHyperParameterTuningJobResponse,
        {"HyperParameterTuningJobName": "tj", "HyperParameterTuningJobStatus": "InProgress"},
    )
    assert job.training_job_status_counters.completed is None
    assert job.hyper_parameter_tuning_job_config.resource_limits.max_parallel_training_jobs == 0


_SUMMARY = shapes.HyperParameterTrainingJobSummary
_REQUIRED = [w for _a, w, _s, r in field_specs(_SUMMARY) if r]


@pytest.mark.parametrize(
    "case",
    [
        lambda d: any(w not in d for w in _REQUIRED),
        lambda d: any(w in d and d[w] is None for w in _REQUIRED),
        lambda d: isinstance(d.get("TrainingJobName"), int),
        lambda d: (
            isinstance(d.get("TunedHyperParameters"), dict)
            and None in d["TunedHyperParameters"].values()
        ),
    ],
    ids=["missing-required", "null-required", "wrong-type", "null-map-value"],
)
def test_responses_include_what_the_corrections_are_for(case: Any) -> None:
    # The property above is only as strong as the strategy: it must produce every case the
    # lenient parse corrects. find() raises if none turns up.
    found = find(sts.responses(_SUMMARY), case, settings=settings(max_examples=2000))
    assert case(found)


@pytest.mark.parametrize("cls", OUTPUT_SHAPES, ids=lambda c: c.__name__)
def test_a_well_formed_response_never_leaves_the_fast_tier(
    cls: type[Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    # The corrections cost nothing on what botocore gives for a valid response: no member of
    # it reaches a fixer (a fast tier that sent everything to the fixer would still be right,
    # and slow; the benchmarks would be the only other witness).
    reached: list[tuple[str, str]] = []
    make_fixer = serde._fixer

    def spying_fixer(
        owner: type[Any], attr: str, wire: str, spec: Any, required: bool, conv: Any
    ) -> Any:
        fix = make_fixer(owner, attr, wire, spec, required, conv)

        def spy(o: Any, v: Any) -> Any:
            reached.append((owner.__name__, wire))
            return fix(o, v)

        return spy

    monkeypatch.setattr(serde, "_fixer", spying_fixer)
    converter = serde._make_converter(lenient=True)

    @given(obj=sts.shapes(cls))
    def check(obj: Any) -> None:
        reached.clear()
        assert converter.structure(to_api(obj), cls) == obj
        assert reached == []

    check()


def test_a_failed_training_jobs_missing_model_artifacts_reads_none() -> None:
    # The recorded answer of a Failed training job has no ModelArtifacts (C7N-2018), which
    # botocore's model calls required; a supplement of the generator makes it optional, so the
    # type says to check instead of an empty ModelArtifacts with S3ModelArtifacts "".
    import json
    from pathlib import Path

    from sagemaker_tuning import from_api, shapes

    recordings = Path(__file__).resolve().parents[1] / "fidelity" / "recordings"
    answer = json.loads((recordings / "describe_training_job_failed.json").read_text("utf-8"))
    assert "ModelArtifacts" not in answer
    job = from_api(shapes.DescribeTrainingJobResponse, answer)
    assert job.model_artifacts is None
    assert "None" in str(shapes.DescribeTrainingJobResponse.__annotations__["model_artifacts"])
