"""Metric extraction as SageMaker does it (sagemaker_tuning.local._metrics)."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sagemaker_tuning import shapes
from sagemaker_tuning.local._metrics import (
    MetricExtractor,
    compile_metric_regex,
    match_lines,
    parse_metric_value,
)


def defs(**pairs: str) -> list[shapes.MetricDefinition]:
    return [shapes.MetricDefinition(name=n, regex=r) for n, r in pairs.items()]


def test_every_definition_applies_to_every_line() -> None:
    extractor = MetricExtractor(defs(loss=r"loss=([0-9.]+)", acc=r"acc=([0-9.]+)"))
    points = extractor.feed("epoch 1 loss=0.5 acc=0.75", line_number=1, timestamp=1.0)
    assert [(p.name, p.value, p.line_number) for p in points] == [
        ("loss", 0.5, 1),
        ("acc", 0.75, 1),
    ]


def test_regex_is_searched_anywhere_in_the_line() -> None:
    extractor = MetricExtractor(defs(loss=r"loss = (.*?);"))
    assert (
        extractor.feed("[INFO] train: loss = 1.5; done", line_number=1, timestamp=0.0)[0].value
        == 1.5
    )


def test_builtin_style_regex_with_dot_star_matches() -> None:
    regex = r".*\[[0-9]+\].*#011validation-rmse:([-+]?[0-9]*\.?[0-9]+(?:[eE][-+]?[0-9]+)?).*"
    extractor = MetricExtractor(defs(**{"validation:rmse": regex}))
    extractor.feed("[3]#011train-rmse:0.9#011validation-rmse:0.25", line_number=1, timestamp=0.0)
    assert extractor.final() == {"validation:rmse": 0.25}


def test_final_value_is_the_last_one_extracted() -> None:
    extractor = MetricExtractor(defs(loss=r"loss=(\S+)"))
    for number, value in enumerate(["0.9", "0.1", "0.4"], start=1):
        extractor.feed(f"loss={value}", line_number=number, timestamp=float(number))
    assert extractor.final() == {"loss": 0.4}
    assert [p.value for p in extractor.points()] == [0.9, 0.1, 0.4]


@pytest.mark.parametrize(
    "text", ["nan", "NaN", "inf", "-Infinity", "1e999", "abc", "1_000", "0x10", ""]
)
def test_nan_infinity_and_garbage_yield_no_value(text: str) -> None:
    extractor = MetricExtractor(defs(loss=r"loss=(\S*)"))
    assert extractor.feed(f"loss={text}", line_number=1, timestamp=0.0) == []
    assert extractor.final() == {}
    value, error = parse_metric_value(text)
    assert value is None and error


@given(st.floats(allow_nan=False, allow_infinity=False))
def test_any_finite_float_printed_by_python_is_read_back_exactly(value: float) -> None:
    assert parse_metric_value(repr(value)) == (value, None)
    assert parse_metric_value(f" {value} ") == (value, None)


def test_optional_group_that_did_not_match_is_no_value() -> None:
    value, error = parse_metric_value(None)
    assert value is None and error is not None and "group" in error


def test_compile_metric_regex_refuses_a_regex_that_does_not_compile() -> None:
    with pytest.raises(ValueError, match=r"does not compile"):
        compile_metric_regex("loss=([0-9")


def test_compile_metric_regex_refuses_a_regex_without_a_group() -> None:
    with pytest.raises(ValueError, match=r"no capturing group"):
        compile_metric_regex(r"loss=[0-9.]+")


def test_match_lines_names_the_definition_line_and_error() -> None:
    found = match_lines(
        defs(loss=r"loss=(\S+)", acc=r"acc=(\S+)"), ["start\n", "loss=0.5\n", "acc=high loss=nan\n"]
    )
    assert [(m.line_number, m.metric_name, m.value) for m in found] == [
        (2, "loss", 0.5),
        (3, "loss", None),
        (3, "acc", None),
    ]
    assert found[1].line == "acc=high loss=nan"
    assert found[1].error is not None and "finite" in found[1].error
    assert found[2].error is not None and "not a number" in found[2].error
    assert found[0].regex == r"loss=(\S+)"


def test_kept_points_are_bounded_but_final_stays_exact() -> None:
    extractor = MetricExtractor(defs(loss=r"loss=(\S+)"), max_points=10)
    for number in range(1, 1001):
        extractor.feed(f"loss={number}", line_number=number, timestamp=0.0)
    assert len(extractor.points()) == 10
    assert [p.value for p in extractor.points()] == [float(n) for n in range(1, 11)]
    assert extractor.dropped == 990
    assert extractor.final() == {"loss": 1000.0}
    assert math.isfinite(extractor.final()["loss"])
