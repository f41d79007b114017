"""Supplementary models: hand-written botocore-format files merged into the vendored model.

Their shapes join the model's without changing any of botocore's; their operations become
composites answered by wire operations in scope.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from codegen import config
from codegen.__main__ import generate
from codegen.build import build
from codegen.errors import GenerationError
from codegen.loader import load

FIXTURES = Path(__file__).parent / "fixtures"


def supplement(tmp_path: Path, **changes: Any) -> Path:
    document = json.loads((FIXTURES / "supplement.json").read_text(encoding="utf-8"))
    for key, value in changes.items():
        document[key] = value
    folder = tmp_path / "extra"
    folder.mkdir(exist_ok=True)
    path = folder / "supplement.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def problems(path: Path) -> list[str]:
    with pytest.raises(GenerationError) as caught:
        build(load(FIXTURES / "model.json", FIXTURES / "unicode.json", supplements=[path]))
    return caught.value.problems


def test_a_supplement_adds_shapes_and_a_composite_without_touching_the_model() -> None:
    raw = load(
        FIXTURES / "model.json",
        FIXTURES / "unicode.json",
        supplements=[FIXTURES / "supplement.json"],
    )
    plain = load(FIXTURES / "model.json", FIXTURES / "unicode.json")
    assert {k: raw.shapes[k] for k in plain.shapes} == plain.shapes
    assert raw.operations == plain.operations
    assert set(raw.composites) == {"DescribeWidgetCensus"}
    # Count repeats the model's identical shape: it stays the model's.
    assert (
        "Count" not in raw.supplement_shapes
        and raw.supplement_shapes["Shade"] == "fixtures/supplement.json"
    )
    service = build(raw)
    (census,) = service.composites
    assert census.calls == ("ListWidgets",) and census.name_member == "widget_name"
    assert census.source == "fixtures/supplement.json"
    assert "DescribeWidgetCensus" not in {op.name for op in service.operations}


def test_a_supplement_may_not_redefine_a_model_shape(tmp_path: Path) -> None:
    path = supplement(
        tmp_path,
        shapes={
            "DescribeWidgetCensusRequest": {"type": "structure", "members": {}},
            "DescribeWidgetCensusResponse": {"type": "structure", "members": {}},
            "Count": {"type": "long", "min": 1},
        },
    )
    with pytest.raises(GenerationError) as caught:
        load(FIXTURES / "model.json", FIXTURES / "unicode.json", supplements=[path])
    assert caught.value.problems == [
        "extra/supplement.json: shape Count differs from botocore's model's"
    ]


def test_a_composite_must_be_made_of_operations_in_scope(tmp_path: Path) -> None:
    op = {
        "input": {"shape": "DescribeWidgetCensusRequest"},
        "output": {"shape": "DescribeWidgetCensusResponse"},
        "composedOf": ["ListWidgets", "DeleteWidget"],
    }
    found = problems(supplement(tmp_path, operations={"DescribeWidgetCensus": op}))
    assert found == [
        "composite DescribeWidgetCensus: composedOf DeleteWidget, not an operation in scope"
    ]


def test_a_composite_without_composed_of_is_refused(tmp_path: Path) -> None:
    op = {"input": {"shape": "DescribeWidgetCensusRequest"}}
    with pytest.raises(GenerationError) as caught:
        load(
            FIXTURES / "model.json",
            FIXTURES / "unicode.json",
            supplements=[supplement(tmp_path, operations={"Census": op})],
        )
    assert caught.value.problems == [
        "extra/supplement.json: operation Census needs composedOf, a list of operations"
    ]


def test_a_composite_may_not_take_a_wire_operation_name(tmp_path: Path) -> None:
    op = {
        "input": {"shape": "DescribeWidgetCensusRequest"},
        "output": {"shape": "DescribeWidgetCensusResponse"},
        "composedOf": ["ListWidgets"],
    }
    with pytest.raises(GenerationError) as caught:
        load(
            FIXTURES / "model.json",
            FIXTURES / "unicode.json",
            supplements=[supplement(tmp_path, operations={"CreateWidget": op})],
        )
    assert caught.value.problems == [
        "extra/supplement.json: operation CreateWidget is defined twice"
    ]


def test_the_vendored_model_is_generated_with_the_configured_supplements() -> None:
    path, relaxing = config.SUPPLEMENTS
    document = json.loads(path.read_text(encoding="utf-8"))
    assert "NOT part of botocore" in document["source"]["note"]
    assert json.loads(relaxing.read_text(encoding="utf-8"))["optional"] == {
        "DescribeTrainingJobResponse": ["ModelArtifacts"]
    }
    raw = load(supplements=config.SUPPLEMENTS)
    assert set(raw.composites) == {"DescribeTuningJob"}
    assert raw.composites["DescribeTuningJob"]["composedOf"] == [
        "DescribeHyperParameterTuningJob",
        "ListTrainingJobsForHyperParameterTuningJob",
        "DescribeTrainingJob",
    ]
    # Only the supplement's own shapes are attributed to it; the rest are botocore's.
    assert "MetricDefinition" not in raw.supplement_shapes
    assert raw.supplement_shapes["DescribeTuningJobResponse"] == "preview/describe-tuning-job.json"
    model = generate()["_generated/model.py"]
    assert '"preview/describe-tuning-job.json": "' in model
    assert "COMPOSITES: _Mapping[str, _o.CompositeModel] = {" in model


def test_a_supplement_may_make_a_required_member_optional_and_nothing_else(
    tmp_path: Path,
) -> None:
    path = supplement(tmp_path, optional={"CreateWidgetResponse": ["WidgetArn"]})
    raw = load(FIXTURES / "model.json", FIXTURES / "unicode.json", supplements=[path])
    plain = load(FIXTURES / "model.json", FIXTURES / "unicode.json")
    assert raw.shapes["CreateWidgetResponse"] == {
        **plain.shapes["CreateWidgetResponse"],
        "required": [],
    }
    others = {k: v for k, v in plain.shapes.items() if k != "CreateWidgetResponse"}
    assert {k: raw.shapes[k] for k in others} == others


def test_optional_must_name_required_members_of_structures(tmp_path: Path) -> None:
    path = supplement(
        tmp_path, optional={"CreateWidgetResponse": ["Nope"], "NoSuchShape": ["WidgetArn"]}
    )
    with pytest.raises(GenerationError) as caught:
        load(FIXTURES / "model.json", FIXTURES / "unicode.json", supplements=[path])
    assert caught.value.problems == [
        "extra/supplement.json: optional: CreateWidgetResponse has no required member Nope",
        "extra/supplement.json: optional: NoSuchShape is no structure",
    ]
