"""Properties: builder output passes every rule and the model, and decodes to the numbers given."""

from __future__ import annotations

import copy
from decimal import Decimal
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from sagemaker_tuning import ranges, rules, serde
from sagemaker_tuning import shapes as sh
from sagemaker_tuning.validation import violations

finite = st.floats(allow_nan=False, allow_infinity=False)
# Decimals whose text fits the model's 256 characters and whose value fits a double.
decimals = st.decimals(allow_nan=False, allow_infinity=False).filter(
    lambda d: len(str(d)) <= 100 and abs(d) < Decimal("1e300")
)
# The model's ".*" is Java's: no line terminators.
line_text = st.text(st.characters(exclude_characters="\n\r\x85\u2028\u2029"), max_size=20)
# Integers whose decimal text fits the model's 256 characters.
big_ints = st.integers(min_value=-(10**200), max_value=10**200)
names = st.from_regex(r"[a-z][a-z0-9_]{0,15}", fullmatch=True)


def ordered(values: st.SearchStrategy[Any]) -> st.SearchStrategy[tuple[Any, Any]]:
    """Two distinct values, low first."""
    return st.tuples(values, values).filter(lambda p: p[0] != p[1]).map(lambda p: tuple(sorted(p)))


def clean(obj: Any) -> None:
    assert rules.check(obj) == []
    assert violations(obj) == []


@given(names, ordered(finite | decimals | st.integers(-(10**6), 10**6)))
def test_continuous_output_passes_and_round_trips(name: str, bounds: tuple[Any, Any]) -> None:
    low, high = bounds
    r = ranges.continuous(name, low, high, scaling="Linear")
    clean(r)
    for number, text in ((low, r.min_value), (high, r.max_value)):
        assert ranges.value(r, text) == float(number)
        if not isinstance(number, float):
            # An int's or Decimal's text is its exact value; a float's is its shortest repr.
            assert ranges.value(r, text, exact=True) == Decimal(number)


@given(names, ordered(st.floats(min_value=0, max_value=1, exclude_max=True)))
def test_reverse_logarithmic_output_passes(name: str, bounds: tuple[float, float]) -> None:
    clean(ranges.continuous(name, *bounds, scaling="ReverseLogarithmic"))


@given(names, ordered(st.floats(min_value=0, exclude_min=True, allow_infinity=False)))
def test_logarithmic_output_passes(name: str, bounds: tuple[float, float]) -> None:
    clean(ranges.continuous(name, *bounds, scaling="Logarithmic"))


@given(names, ordered(big_ints), st.sampled_from([None, "Auto", "Linear"]))
def test_integer_output_passes_and_round_trips(
    name: str, bounds: tuple[int, int], scaling: str | None
) -> None:
    r = ranges.integer(name, *bounds, scaling=scaling)
    clean(r)
    assert (ranges.value(r, r.min_value), ranges.value(r, r.max_value)) == bounds


@given(names, st.lists(line_text | finite | st.integers(), min_size=1, max_size=30))
def test_categorical_output_passes_and_round_trips(name: str, values: list[Any]) -> None:
    texts = [v if isinstance(v, str) else ranges.encode(v) for v in values]
    distinct = list(dict.fromkeys(texts))
    r = ranges.categorical(name, [values[texts.index(t)] for t in distinct])
    clean(r)
    assert [ranges.value(r, v) for v in r.values] == distinct


@given(finite)
def test_encode_round_trips_floats(x: float) -> None:
    text = ranges.encode(x)
    assert float(text) == x
    assert text == repr(x)
    assert rules.parse_bound(text, integer=False) is not None


@given(decimals)
def test_encode_round_trips_decimals(x: Decimal) -> None:
    assert Decimal(ranges.encode(x)) == x


# One range of each kind per name, up to 30 names, assembled and put into a valid request.
@st.composite
def assembled(draw: st.DrawFn) -> sh.ParameterRanges:
    chosen = draw(st.lists(names, min_size=1, max_size=30, unique=True))
    items: list[Any] = []
    for i, name in enumerate(chosen):
        kind = (
            draw(st.sampled_from(["continuous", "integer", "categorical"])) if i else "continuous"
        )
        if kind == "continuous":
            items.append(ranges.continuous(name, *draw(ordered(finite))))
        elif kind == "integer":
            items.append(ranges.integer(name, *draw(ordered(st.integers(-1000, 1000)))))
        else:
            values = draw(st.lists(line_text, min_size=1, max_size=5, unique=True))
            items.append(ranges.categorical(name, values))
    return ranges.parameter_ranges(*draw(st.permutations(items)))


REQUEST: dict[str, Any] = {
    "HyperParameterTuningJobName": "property",
    "HyperParameterTuningJobConfig": {
        "Strategy": "Bayesian",
        "HyperParameterTuningJobObjective": {"Type": "Maximize", "MetricName": "auc"},
        "ResourceLimits": {"MaxNumberOfTrainingJobs": 50, "MaxParallelTrainingJobs": 5},
    },
    "TrainingJobDefinition": {
        "AlgorithmSpecification": {"AlgorithmName": "xgboost", "TrainingInputMode": "File"},
        "RoleArn": "arn:aws:iam::123456789012:role/Role",
        "OutputDataConfig": {"S3OutputPath": "s3://bucket/out"},
        "ResourceConfig": {
            "InstanceType": "ml.m5.xlarge",
            "InstanceCount": 1,
            "VolumeSizeInGB": 10,
        },
        "StoppingCondition": {"MaxRuntimeInSeconds": 3600},
        "StaticHyperParameters": {"Static-Param": "1"},
    },
}


@given(assembled())
def test_assembled_ranges_pass_in_a_request(pr: sh.ParameterRanges) -> None:
    clean(pr)
    data = copy.deepcopy(REQUEST)
    data["HyperParameterTuningJobConfig"]["ParameterRanges"] = serde.to_api(pr)
    request = serde.from_api(sh.CreateHyperParameterTuningJobRequest, data, strict=True)
    clean(request)
    assert request.hyper_parameter_tuning_job_config.parameter_ranges == pr


@given(assembled(), st.data())
def test_decode_types_every_tuned_value_by_its_range(
    pr: sh.ParameterRanges, data: st.DataObject
) -> None:
    every: list[Any] = [
        *(pr.integer_parameter_ranges or ()),
        *(pr.continuous_parameter_ranges or ()),
        *(pr.categorical_parameter_ranges or ()),
    ]
    tuned: dict[str, str] = {}
    expected: dict[str, Any] = {}
    for r in every:
        if isinstance(r, sh.CategoricalParameterRange):
            text = data.draw(st.sampled_from(r.values))
            expected[r.name] = text
        elif isinstance(r, sh.IntegerParameterRange):
            n = data.draw(st.integers(int(r.min_value), int(r.max_value)))
            text, expected[r.name] = str(n), n
        else:
            x = data.draw(st.floats(float(r.min_value), float(r.max_value)))
            text, expected[r.name] = ranges.encode(x), x
        tuned[r.name] = text
    decoded = ranges.decode(tuned, pr)
    assert decoded == expected
    assert [type(v) for v in decoded.values()] == [type(v) for v in expected.values()]


@given(
    line_text,
    line_text,
    st.sampled_from([None, "Logarithmic", "ReverseLogarithmic"]),
)
def test_rules_never_raise_on_arbitrary_bound_text(
    low: str, high: str, scaling: str | None
) -> None:
    for r in (
        sh.ContinuousParameterRange(name="x", min_value=low, max_value=high, scaling_type=scaling),
        sh.IntegerParameterRange(name="n", min_value=low, max_value=high),
    ):
        found = rules.check(r)
        parsed = rules.parse_bound(low, integer=False) is not None
        if not parsed and isinstance(r, sh.ContinuousParameterRange):
            assert ("range-bounds-number", "MinValue") in [(v.rule, v.path) for v in found]
