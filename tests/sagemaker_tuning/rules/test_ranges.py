"""The number-typed range builders and the decoding of tuned values, by example."""

from __future__ import annotations

from datetime import datetime, timezone
from decimal import Decimal
from typing import Any

import pytest

from sagemaker_tuning import ranges, serde
from sagemaker_tuning import shapes as sh
from sagemaker_tuning.enums import HyperParameterScalingType
from sagemaker_tuning.validation import ValidationError


@pytest.mark.parametrize(
    ("number", "text"),
    [
        (0.3, "0.3"),
        (1e-5, "1e-05"),
        (100.0, "100.0"),
        (1e16, "1e+16"),
        (-2.5, "-2.5"),
        (7, "7"),
        (-7, "-7"),
        (10**30, "1" + "0" * 30),
        (Decimal("0.30"), "0.30"),
        (Decimal("1E-7"), "1E-7"),
        (Decimal("-0"), "-0"),
    ],
)
def test_encode_is_exact_and_readable(number: Any, text: str) -> None:
    assert ranges.encode(number) == text


@pytest.mark.parametrize(
    "number", [float("nan"), float("inf"), Decimal("NaN"), Decimal("-Infinity")]
)
def test_encode_refuses_non_finite_numbers(number: Any) -> None:
    with pytest.raises(ValueError, match="finite"):
        ranges.encode(number)


@pytest.mark.parametrize("number", [True, "0.3", None, 1j])
def test_encode_refuses_non_numbers(number: Any) -> None:
    with pytest.raises(TypeError, match="expected an int, float or Decimal"):
        ranges.encode(number)


def test_continuous_builds_the_shape() -> None:
    r = ranges.continuous("learning_rate", 1e-5, 0.1, scaling="Logarithmic")
    assert r == sh.ContinuousParameterRange(
        name="learning_rate",
        min_value="1e-05",
        max_value="0.1",
        scaling_type=HyperParameterScalingType.LOGARITHMIC,
    )
    assert serde.to_api(r) == {
        "Name": "learning_rate",
        "MinValue": "1e-05",
        "MaxValue": "0.1",
        "ScalingType": "Logarithmic",
    }


def test_scaling_is_left_out_unless_given() -> None:
    assert "ScalingType" not in serde.to_api(ranges.continuous("x", 0, 1))
    r = ranges.integer("n", 1, 8, scaling=HyperParameterScalingType.LINEAR)
    assert serde.to_api(r)["ScalingType"] == "Linear"


def test_integer_takes_integer_valued_numbers() -> None:
    r = ranges.integer("epochs", 1.0, Decimal("20"))
    assert (r.min_value, r.max_value) == ("1", "20")


@pytest.mark.parametrize(
    ("call", "rule", "path"),
    [
        (lambda: ranges.continuous("x", 1, 0), "range-min-max", "MinValue"),
        (lambda: ranges.continuous("x", 0.5, 0.5), "range-singleton", "MaxValue"),
        (
            lambda: ranges.continuous("x", 0, 1, scaling="Logarithmic"),
            "scaling-logarithmic",
            "ScalingType",
        ),
        (
            lambda: ranges.continuous("x", 0.5, 1, scaling="ReverseLogarithmic"),
            "scaling-reverse-logarithmic",
            "ScalingType",
        ),
        (lambda: ranges.continuous("x", float("inf"), 1), "range-bounds-number", "MinValue"),
        (
            lambda: ranges.continuous("x", 0, Decimal("1E+400")),
            "range-bounds-number",
            "MaxValue",
        ),
        (lambda: ranges.integer("n", 1.5, 3), "range-bounds-number", "MinValue"),
        (lambda: ranges.integer("n", 1, float("nan")), "range-bounds-number", "MaxValue"),
        (
            lambda: ranges.integer("n", 0, 5, scaling="ReverseLogarithmic"),
            "scaling-reverse-logarithmic",
            "ScalingType",
        ),
        (
            lambda: ranges.categorical("c", ["a", "b", "a"]),
            "categorical-values-unique",
            "Values[2]",
        ),
        (lambda: ranges.categorical("c", ["a", float("nan")]), "range-bounds-number", "Values[1]"),
        (
            lambda: ranges.categorical("c", ["AKIAIOSFODNN7EXAMPLE"]),
            "credentials-access-key-id",
            "Values[0]",
        ),
    ],
)
def test_builders_apply_the_range_rules(call: Any, rule: str, path: str) -> None:
    with pytest.raises(ValidationError) as info:
        call()
    assert [(v.rule, v.path) for v in info.value.violations] == [(rule, path)]


def test_builders_apply_the_model_constraints() -> None:
    with pytest.raises(ValidationError) as info:
        ranges.categorical("c", [])
    assert [(v.rule, v.path) for v in info.value.violations] == [("size", "Values")]
    with pytest.raises(ValidationError):
        ranges.continuous("x" * 257, 0, 1)


# Typed Any so that the type checkers let these misuses through to the runtime checks.
TEXT: Any = "0"
FLAG: Any = True


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (
            lambda: ranges.continuous("x", TEXT, 1),
            "MinValue: expected an int, float or Decimal, got '0'",
        ),
        (
            lambda: ranges.integer("n", FLAG, 3),
            "MinValue: expected an int, float or Decimal, got True",
        ),
        (lambda: ranges.categorical("c", ["a", FLAG]), r"Values\[1\]: expected an int"),
        (
            lambda: ranges.parameter_ranges(ranges.integer("n", 1, 3), TEXT),
            "expected a parameter range",
        ),
    ],
)
def test_builders_refuse_non_numbers(call: Any, message: str) -> None:
    with pytest.raises(TypeError, match=message):
        call()


def test_categorical_encodes_numbers() -> None:
    r = ranges.categorical("batch_size", [32, 64.0, Decimal("128"), "auto"])
    assert r.values == ("32", "64.0", "128", "auto")


def test_parameter_ranges_groups_by_kind_in_order() -> None:
    lr = ranges.continuous("lr", 0.001, 0.1)
    mom = ranges.continuous("momentum", 0.1, 0.9)
    n = ranges.integer("layers", 1, 4)
    act = ranges.categorical("act", ["relu", "tanh"])
    auto = sh.AutoParameter(name="dropout", value_hint="0.1")
    pr = ranges.parameter_ranges(lr, n, act, mom, auto)
    assert pr.continuous_parameter_ranges == (lr, mom)
    assert pr.integer_parameter_ranges == (n,)
    assert pr.categorical_parameter_ranges == (act,)
    assert pr.auto_parameters == (auto,)
    assert ranges.parameter_ranges(lr).integer_parameter_ranges is None


def test_parameter_ranges_refuses_repeated_names_and_too_many() -> None:
    with pytest.raises(ValidationError) as info:
        ranges.parameter_ranges(ranges.integer("a", 1, 3), ranges.continuous("a", 0, 1))
    assert [(v.rule, v.path) for v in info.value.violations] == [
        ("range-names-unique", "ContinuousParameterRanges[0].Name")
    ]
    many = [ranges.continuous(f"c{i}", 0, 1) for i in range(30)]
    assert len(ranges.parameter_ranges(*many).continuous_parameter_ranges or ()) == 30
    with pytest.raises(ValidationError) as info:
        ranges.parameter_ranges(*many, ranges.integer("n", 1, 2))
    assert [(v.rule, v.path) for v in info.value.violations] == [("range-count", "")]


def job_ranges() -> sh.ParameterRanges:
    return ranges.parameter_ranges(
        ranges.continuous("lr", 1e-5, 0.1, scaling="Logarithmic"),
        ranges.integer("batch_size", 16, 256),
        ranges.categorical("act", ["relu", "tanh"]),
    )


def test_decode_types_tuned_values_by_their_ranges() -> None:
    tuned = {"lr": "0.0031622776601683794", "batch_size": "64", "act": "tanh", "other": "x"}
    assert ranges.decode(tuned, job_ranges()) == {
        "lr": 0.0031622776601683794,
        "batch_size": 64,
        "act": "tanh",
        "other": "x",
    }
    decoded = ranges.decode({"batch_size": "64"}, job_ranges())
    assert type(decoded["batch_size"]) is int


def test_decode_accepts_a_plain_list_of_ranges() -> None:
    assert ranges.decode({"n": "3"}, [ranges.integer("n", 1, 5)]) == {"n": 3}


def test_value_decodes_one_text() -> None:
    r = ranges.continuous("x", 0.1, 0.9)
    assert ranges.value(r, "0.30") == 0.3
    assert ranges.value(r, "0.30", exact=True) == Decimal("0.30")
    assert ranges.value(ranges.integer("n", 1, 9), "7.0") == 7
    assert ranges.value(ranges.categorical("c", ["1", "2"]), "2") == "2"


@pytest.mark.parametrize(
    ("r", "text", "message"),
    [
        (ranges.integer("n", 1, 9), "7.5", "hyperparameter 'n': expected an integer, got '7.5'"),
        (ranges.continuous("x", 0, 1), "big", "hyperparameter 'x': expected a number, got 'big'"),
    ],
)
def test_value_refuses_text_of_the_wrong_kind(r: Any, text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        ranges.value(r, text)


NOW = datetime(2026, 1, 1, tzinfo=timezone.utc)


def summary(tuned: dict[str, str], definition_name: str | None = None) -> Any:
    return sh.HyperParameterTrainingJobSummary(
        training_job_name="job-001",
        training_job_arn="arn:aws:sagemaker:us-east-1:123456789012:training-job/job-001",
        creation_time=NOW,
        training_job_status="Completed",
        tuned_hyper_parameters=tuned,
        training_job_definition_name=definition_name,
    )


def describe(**members: Any) -> Any:
    data = {
        "HyperParameterTuningJobName": "tuning",
        "HyperParameterTuningJobArn": "arn:aws:sagemaker:us-east-1:123456789012:hyper-parameter-tuning-job/tuning",
        "HyperParameterTuningJobStatus": "Completed",
        "CreationTime": NOW,
        "HyperParameterTuningJobConfig": {
            "Strategy": "Bayesian",
            "ResourceLimits": {"MaxNumberOfTrainingJobs": 10, "MaxParallelTrainingJobs": 1},
            "ParameterRanges": serde.to_api(job_ranges()),
        },
        "TrainingJobStatusCounters": {},
        "ObjectiveStatusCounters": {},
        **members,
    }
    return serde.from_api(sh.DescribeHyperParameterTuningJobResponse, data)


def test_tuned_values_use_the_tuning_jobs_ranges() -> None:
    values = ranges.tuned_values(summary({"lr": "0.01", "batch_size": "32"}), describe())
    assert values == {"lr": 0.01, "batch_size": 32}


def test_tuned_values_use_the_named_definitions_ranges() -> None:
    def named(name: str, kind: str) -> dict[str, Any]:
        return {
            "DefinitionName": name,
            "HyperParameterRanges": {kind: [{"Name": "k", "MinValue": "1", "MaxValue": "9"}]},
        }

    job = describe(
        TrainingJobDefinitions=[
            named("as-int", "IntegerParameterRanges"),
            named("as-float", "ContinuousParameterRanges"),
        ]
    )
    assert ranges.tuned_values(summary({"k": "3"}, "as-float"), job) == {"k": 3.0}
    assert ranges.tuned_values(summary({"k": "3"}, "as-int"), job) == {"k": 3}
    assert type(ranges.tuned_values(summary({"k": "3"}, "as-int"), job)["k"]) is int


def test_tuned_values_without_any_ranges_stay_text() -> None:
    job = describe()
    bare = serde.from_api(
        sh.DescribeHyperParameterTuningJobResponse,
        {**serde.to_api(job), "HyperParameterTuningJobConfig": {"Strategy": "Bayesian"}},
    )
    assert ranges.tuned_values(summary({"lr": "0.01"}), bare) == {"lr": "0.01"}
