"""Wire conversion: to_api's exact botocore form, lenient and strict from_api."""

from __future__ import annotations

import copy
import linecache
import logging
import pickle
import re
import traceback
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from typing import Any

import attrs
import pytest
from dateutil.tz import tzlocal, tzutc

from sagemaker_tuning import ValidationError, enums, serde, shapes, validate, violations
from sagemaker_tuning import _spec as _s
from sagemaker_tuning.serde import from_api, to_api

UTC = timezone.utc


def config(**overrides: Any) -> shapes.HyperParameterTuningJobConfig:
    kwargs: dict[str, Any] = {
        "strategy": "Bayesian",
        "resource_limits": shapes.ResourceLimits(
            max_parallel_training_jobs=1, max_number_of_training_jobs=2
        ),
        "random_seed": 0,
    }
    return shapes.HyperParameterTuningJobConfig(**{**kwargs, **overrides})


def test_to_api_uses_wire_names_keeps_falsy_values_and_omits_none() -> None:
    spec = shapes.HyperParameterAlgorithmSpecification(
        training_input_mode="File", training_image="", algorithm_name=None, metric_definitions=()
    )
    assert to_api(spec) == {
        "TrainingInputMode": "File",
        "TrainingImage": "",
        "MetricDefinitions": [],
    }
    assert to_api(config())["RandomSeed"] == 0
    definition_flags = shapes.ResourceConfig(volume_size_in_gb=0, keep_alive_period_in_seconds=0)
    assert to_api(definition_flags) == {"VolumeSizeInGB": 0, "KeepAlivePeriodInSeconds": 0}


def test_to_api_writes_plain_strings_lists_and_dicts() -> None:
    wire = to_api(
        shapes.ParameterRanges(
            categorical_parameter_ranges=(
                shapes.CategoricalParameterRange(name="opt", values=("sgd", "adam")),
            ),
        )
    )
    assert wire == {"CategoricalParameterRanges": [{"Name": "opt", "Values": ["sgd", "adam"]}]}
    assert type(wire["CategoricalParameterRanges"]) is list
    strategy = to_api(config())["Strategy"]
    assert strategy == "Bayesian" and type(strategy) is str
    summary = from_api(
        shapes.HyperParameterTrainingJobSummary,
        {
            "TrainingJobName": "a",
            "TrainingJobArn": "x",
            "CreationTime": 0,
            "TrainingJobStatus": "Completed",
            "TunedHyperParameters": {"lr": "1"},
        },
    )
    tuned = to_api(summary)["TunedHyperParameters"]
    assert tuned == {"lr": "1"} and type(tuned) is dict


def test_lenient_keeps_unknown_enum_values_and_writes_them_back_unchanged() -> None:
    wire = {"HyperParameterTuningJobName": "j", "HyperParameterTuningJobStatus": "Archived"}
    parsed = from_api(shapes.DescribeHyperParameterTuningJobResponse, wire)
    assert parsed.hyper_parameter_tuning_job_status == "Archived"
    assert type(parsed.hyper_parameter_tuning_job_status) is str
    assert to_api(parsed) == wire
    known = from_api(
        shapes.DescribeHyperParameterTuningJobResponse,
        {**wire, "HyperParameterTuningJobStatus": "Completed"},
    )
    assert known.hyper_parameter_tuning_job_status is enums.HyperParameterTuningJobStatus.COMPLETED


def test_lenient_ignores_unknown_members_and_nulls_and_never_validates() -> None:
    parsed = from_api(
        shapes.ResourceLimits,
        {"MaxParallelTrainingJobs": 0, "NewMemberFrom2030": {"x": 1}, "MaxRuntimeInSeconds": None},
    )
    assert parsed.max_parallel_training_jobs == 0 and parsed.max_runtime_in_seconds is None
    assert to_api(parsed) == {"MaxParallelTrainingJobs": 0}


def test_lenient_fills_missing_required_members_and_warns_once(
    caplog: pytest.LogCaptureFixture,
) -> None:
    serde._warned.discard(("HyperParameterTuningJobObjective", "MetricName"))
    with caplog.at_level(logging.WARNING, logger="sagemaker_tuning.serde"):
        for _ in range(3):
            parsed = from_api(shapes.HyperParameterTuningJobObjective, {"Type": "Maximize"})
    assert parsed.metric_name == ""
    assert [r.getMessage() for r in caplog.records] == [
        "response HyperParameterTuningJobObjective lacks required member MetricName; "
        "it reads '' (never sent back: see filled_in())"
    ]
    assert serde.filled_in(parsed) == ("MetricName",)
    # The stand-in is not written back as if the service had said it.
    assert to_api(parsed) == {"Type": "Maximize"}


def test_lenient_fills_each_kind_with_its_zero_value() -> None:
    job = from_api(shapes.DescribeHyperParameterTuningJobResponse, {"BestTrainingJob": {}})
    assert job.hyper_parameter_tuning_job_name == ""
    assert job.creation_time == datetime(1970, 1, 1, tzinfo=UTC)
    assert job.hyper_parameter_tuning_job_config.resource_limits.max_parallel_training_jobs == 0
    assert job.training_job_status_counters == shapes.TrainingJobStatusCounters()
    assert job.best_training_job is not None
    assert job.best_training_job.tuned_hyper_parameters == {}
    # A stand-in is of the promised type (a FrozenMap subclass that says it was filled in).
    assert isinstance(job.best_training_job.tuned_hyper_parameters, shapes.FrozenMap)
    ranges = from_api(shapes.CategoricalParameterRange, {"Name": "opt"})
    assert ranges.values == ()
    # Nested stand-ins are remembered where they are.
    assert "ResourceLimits" in serde.filled_in(job.hyper_parameter_tuning_job_config)
    assert serde.filled_in(job.hyper_parameter_tuning_job_config.resource_limits) == (
        "MaxParallelTrainingJobs",
    )


def test_lenient_reads_wrongly_typed_content_as_missing() -> None:
    parsed = from_api(
        shapes.DescribeHyperParameterTuningJobResponse,
        {
            "HyperParameterTuningJobName": 7,
            "HyperParameterTuningJobConfig": "not an object",
            "TrainingJobDefinitions": {"not": "a list"},
            "TrainingJobStatusCounters": {"Completed": "seven", "Stopped": True},
            "CreationTime": "yesterday",
            "BestTrainingJob": {"TunedHyperParameters": ["a", "list"]},
        },
    )
    assert parsed.hyper_parameter_tuning_job_name == ""
    assert parsed.hyper_parameter_tuning_job_config.strategy == ""
    assert parsed.training_job_definitions is None
    assert parsed.training_job_status_counters.completed is None
    assert parsed.training_job_status_counters.stopped is None  # a bool is no integer
    assert parsed.creation_time == datetime(1970, 1, 1, tzinfo=UTC)
    assert parsed.best_training_job is not None
    assert parsed.best_training_job.tuned_hyper_parameters == {}  # required: filled
    assert {"HyperParameterTuningJobName", "CreationTime"} <= set(serde.filled_in(parsed))


def test_lenient_drops_nulls_and_wrong_items_of_lists_and_maps_and_reads_ints_as_floats(
    caplog: pytest.LogCaptureFixture,
) -> None:
    serde._warned.clear()
    with caplog.at_level(logging.WARNING, logger="sagemaker_tuning.serde"):
        page = from_api(
            shapes.ListTrainingJobsForHyperParameterTuningJobResponse,
            {
                "TrainingJobSummaries": [
                    None,
                    "junk",
                    {
                        "TrainingJobName": "a",
                        "TunedHyperParameters": {"eta": "0.1", "depth": 3, "gone": None},
                        "FinalHyperParameterTuningJobObjectiveMetric": {
                            "MetricName": "auc",
                            "Value": 1,
                        },
                    },
                ]
            },
        )
    (summary,) = page.training_job_summaries
    assert summary.tuned_hyper_parameters == {"eta": "0.1"}
    metric = summary.final_hyper_parameter_tuning_job_objective_metric
    assert metric is not None and metric.value == 1.0 and type(metric.value) is float
    messages = [r.getMessage() for r in caplog.records]
    assert (
        "response ListTrainingJobsForHyperParameterTuningJobResponse member "
        "TrainingJobSummaries: 2 null or wrongly typed items dropped" in messages
    )
    assert (
        "response HyperParameterTrainingJobSummary member TunedHyperParameters: "
        "2 null or wrongly typed entries dropped" in messages
    )


def test_a_filled_in_member_is_reported_and_never_sent() -> None:
    objective = from_api(shapes.HyperParameterTuningJobObjective, {"Type": "Maximize"})
    found = violations(objective)
    assert [(v.path, v.rule) for v in found] == [("MetricName", "required")]
    assert "the response lacked it; it reads ''" in found[0].message
    with pytest.raises(ValidationError, match="MetricName: required member is missing"):
        validate(objective)
    # An equal object that was read whole is not affected: filled-in belongs to the instance.
    said = from_api(shapes.HyperParameterTuningJobObjective, {"Type": "Maximize", "MetricName": ""})
    assert said == objective and serde.filled_in(said) == ()
    assert [v.rule for v in violations(said)] == ["length", "pattern"]


def test_a_counter_filled_with_zero_still_counts_as_missing() -> None:
    # 0 passes the model's constraints for an unbounded integer; the record still tells.
    config = from_api(shapes.ResourceLimits, {})
    assert config.max_parallel_training_jobs == 0
    assert [v.rule for v in violations(config)] == ["required"]


def test_lenient_reads_a_non_object_root_as_empty() -> None:
    counters = from_api(shapes.TrainingJobStatusCounters, None)  # type: ignore[arg-type]
    assert counters == shapes.TrainingJobStatusCounters()


@pytest.mark.parametrize(
    "value",
    [
        datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC),
        datetime(2026, 1, 2, 4, 4, 5, tzinfo=timezone(timedelta(hours=1))),
        datetime(2026, 1, 2, 3, 4, 5, tzinfo=tzutc()),
        datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC).astimezone(tzlocal()),
        datetime(2026, 1, 2, 3, 4, 5),
        1767323045,
        1767323045.0,
        "2026-01-02T03:04:05Z",
        "2026-01-02T03:04:05+00:00",
    ],
)
def test_timestamps_are_aware_utc_datetimes(value: Any) -> None:
    parsed = from_api(
        shapes.HyperParameterTuningJobCompletionDetails, {"ConvergenceDetectedTime": value}
    )
    assert parsed.convergence_detected_time == datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
    assert (
        parsed.convergence_detected_time is not None
        and parsed.convergence_detected_time.tzinfo is UTC
    )


@pytest.mark.parametrize(
    "value",
    [0.0, 1767323045.123456, 4102444799.999999, 4102444800.0, -1.5, 1.7e12, float("nan"), 1e400],
)
def test_epoch_seconds_read_in_the_fast_tier_as_the_slow_reading_reads_them(value: float) -> None:
    from sagemaker_tuning import _timestamps

    for cls, member in (
        (shapes.HyperParameterTuningJobCompletionDetails, "convergence_detected_time"),
        (shapes.HyperParameterTrainingJobSummary, "creation_time"),  # required
    ):
        wire = (
            "ConvergenceDetectedTime" if member == "convergence_detected_time" else "CreationTime"
        )
        read = getattr(from_api(cls, {wire: value}), member)
        expected = _timestamps.read(value)
        if expected is None and member == "creation_time":
            assert serde.filled_in(from_api(cls, {wire: value}))  # the epoch stand-in
        else:
            assert read == expected
            assert read is None or read.tzinfo is UTC


def test_strict_reports_every_violation_of_the_whole_tree_with_paths() -> None:
    document = {
        "HyperParameterTuningJobName": "my_job",
        "HyperParameterTuningJobConfig": {
            "Strategy": "Bayesan",
            "ResourceLimits": {"MaxParallelTrainingJobs": 0},
            "HyperParameterTuningJobObjective": {"Type": "Maximize", "MetricNme": "acc"},
        },
        "Tags": [{"Key": "team", "Value": "a"}, {"Key": 5}],
    }
    with pytest.raises(ValidationError) as caught:
        from_api(shapes.CreateHyperParameterTuningJobRequest, document, strict=True)
    found = {(v.path, v.rule) for v in caught.value.violations}
    assert found == {
        ("HyperParameterTuningJobConfig.HyperParameterTuningJobObjective.MetricName", "required"),
        (
            "HyperParameterTuningJobConfig.HyperParameterTuningJobObjective.MetricNme",
            "unknown-member",
        ),
        ("HyperParameterTuningJobConfig.ResourceLimits.MaxParallelTrainingJobs", "range"),
        ("HyperParameterTuningJobConfig.Strategy", "enum"),
        ("HyperParameterTuningJobName", "pattern"),
        ("Tags[1].Key", "type"),
        ("Tags[1].Value", "required"),
    }
    unknown = next(v for v in caught.value.violations if v.rule == "unknown-member")
    assert "did you mean 'MetricName'?" in unknown.message


def test_strict_rejects_a_non_object_root() -> None:
    with pytest.raises(ValidationError, match="expected an object for ResourceLimits"):
        from_api(shapes.ResourceLimits, ["MaxParallelTrainingJobs"], strict=True)  # type: ignore[arg-type]


def test_strict_does_not_log_missing_members(caplog: pytest.LogCaptureFixture) -> None:
    serde._warned.clear()
    with caplog.at_level(logging.WARNING), pytest.raises(ValidationError):
        from_api(shapes.HyperParameterTuningJobObjective, {"Type": "Maximize"}, strict=True)
    assert caplog.records == []


def test_strict_round_trip_of_a_valid_request() -> None:
    request = shapes.ListTrainingJobsForHyperParameterTuningJobRequest(
        hyper_parameter_tuning_job_name="job",
        max_results=100,
        sort_by="FinalObjectiveMetricValue",
        sort_order="Descending",
    )
    assert from_api(type(request), to_api(request), strict=True) == request


# A structure function calling a nested shape's hook, and an unstructure function writing one.
_GENERATED_CALLS = {
    "structure": r"o\.resource_limits = \(__g\d+\(v, None\) if type\(v\) is dict else v\)",
    "unstructure": r"r\['ResourceLimits'\] = __f\d+\(v\)",
}


@pytest.mark.parametrize("kind", sorted(_GENERATED_CALLS))
def test_a_traceback_through_a_generated_conversion_shows_the_generated_line(kind: str) -> None:
    converter = serde._make_converter(lenient=False)

    def refuse(*_: Any) -> Any:
        raise RuntimeError("hook refused")

    # Registered before the outer class is compiled, so its generated code calls it.
    if kind == "structure":
        converter.register_structure_hook(shapes.ResourceLimits, refuse)
        convert: Any = lambda: converter.structure(  # noqa: E731
            {"Strategy": "Bayesian", "ResourceLimits": {"MaxParallelTrainingJobs": 1}},
            shapes.HyperParameterTuningJobConfig,
        )
    else:
        converter.register_unstructure_hook(shapes.ResourceLimits, refuse)
        convert = lambda: converter.unstructure(config())  # noqa: E731
    with pytest.raises(RuntimeError, match="hook refused") as caught:
        convert()
    frames = [
        frame
        for frame in traceback.extract_tb(caught.tb)
        if frame.filename.startswith(f"<sagemaker_tuning {kind} HyperParameterTuningJobConfig")
    ]
    assert len(frames) == 1
    (frame,) = frames
    assert frame.line and re.fullmatch(_GENERATED_CALLS[kind], frame.line)
    assert linecache.getline(frame.filename, frame.lineno or 0).strip() == frame.line
    text = "".join(traceback.format_exception(caught.value))
    assert f'File "{frame.filename}", line {frame.lineno}, in {kind}\n    {frame.line}\n' in text


# -- stand-ins stay stand-ins through copies (issue 20, item 6) ---------------------------------


def _copies() -> list[tuple[str, Callable[[Any], Any]]]:
    return [
        ("pickle", lambda o: pickle.loads(pickle.dumps(o))),
        ("copy", copy.copy),
        ("deepcopy", copy.deepcopy),
        ("evolve", lambda o: attrs.evolve(o)),
    ]


@pytest.mark.parametrize(("how", "duplicate"), _copies(), ids=[n for n, _ in _copies()])
def test_a_copy_of_a_lenient_response_keeps_its_stand_ins_and_never_sends_them(
    how: str, duplicate: Callable[[Any], Any]
) -> None:
    job = from_api(
        shapes.DescribeHyperParameterTuningJobResponse,
        {
            "HyperParameterTuningJobName": "job",
            "BestTrainingJob": {"TrainingJobName": "t"},
            "HyperParameterTuningJobConfig": {"Strategy": "Bayesian"},
        },
    )
    copied = duplicate(job)
    assert copied == job
    assert serde.filled_in(copied) == serde.filled_in(job)
    assert {"HyperParameterTuningJobArn", "CreationTime", "TrainingJobStatusCounters"} <= set(
        serde.filled_in(copied)
    )
    assert copied.best_training_job is not None
    assert serde.filled_in(copied.best_training_job) == serde.filled_in(job.best_training_job)
    written = to_api(copied)
    assert written == to_api(job)
    assert "CreationTime" not in written and "TrainingJobStatusCounters" not in written
    assert set(written["BestTrainingJob"]) == {"TrainingJobName"}
    assert "ResourceLimits" not in written["HyperParameterTuningJobConfig"]
    # Validation still reports them: a copy is never sent as if the service had said them.
    assert {v.path for v in violations(copied) if v.rule == "required"} >= {
        "CreationTime",
        "TrainingJobStatusCounters",
    }


@pytest.mark.parametrize(("how", "duplicate"), _copies(), ids=[n for n, _ in _copies()])
def test_a_filled_in_boolean_stays_filled_in_through_copies(
    how: str, duplicate: Callable[[Any], Any]
) -> None:
    # bool cannot be subclassed: the object holding the stand-in False carries the mark.
    config = from_api(shapes.ModelAccessConfig, {})
    assert config.accept_eula is False and serde.filled_in(config) == ("AcceptEula",)
    copied = duplicate(config)
    assert copied == config == shapes.ModelAccessConfig(accept_eula=False)
    assert serde.filled_in(copied) == ("AcceptEula",)
    assert to_api(copied) == {}
    assert [v.rule for v in violations(copied)] == ["required"]


def test_evolving_a_stand_in_member_to_a_value_makes_it_said() -> None:
    summary = from_api(shapes.HyperParameterTrainingJobSummary, {"TrainingJobName": "t"})
    assert "CreationTime" in serde.filled_in(summary)
    when = datetime(2026, 1, 1, tzinfo=UTC)
    evolved = attrs.evolve(summary, creation_time=when)
    assert "CreationTime" not in serde.filled_in(evolved)
    assert to_api(evolved)["CreationTime"] == when


def test_a_stand_in_reads_and_shows_as_the_value_it_stands_for() -> None:
    job = from_api(shapes.HyperParameterTrainingJobSummary, {})
    assert job.training_job_name == "" and isinstance(job.training_job_name, str)
    assert job.creation_time == datetime(1970, 1, 1, tzinfo=UTC)
    assert repr(job.creation_time) == repr(datetime(1970, 1, 1, tzinfo=UTC))
    assert "training_job_name=''" in repr(job)
    assert hash(job) == hash(attrs.evolve(job))


@pytest.mark.parametrize("cls", [None, dict, str])
def test_from_api_of_something_that_is_no_shape_raises_a_type_error(cls: Any) -> None:
    with pytest.raises(TypeError, match="expected a class of sagemaker_tuning.shapes"):
        from_api(cls, {"HyperParameterTuningJobName": "x"})
    with pytest.raises(TypeError, match="expected a class of sagemaker_tuning.shapes"):
        from_api(cls, {}, strict=True)


@attrs.frozen(kw_only=True)
class _FlagThenName:
    """A required boolean before another member (no shape of the model has one yet)."""

    flag: bool = attrs.field(metadata=_s.member("Flag", _s.Boolean(), required=True))
    name: str | None = attrs.field(default=None, metadata=_s.member("Name", _s.String()))


def test_a_lenient_parse_builds_each_object_as_exactly_its_own_frozen_class(build: Any) -> None:
    # Built through a builder subclass (sagemaker_tuning._frozen.builder_class), which no
    # result may keep: every object of the tree is of its own class, and frozen.
    response = from_api(shapes.DescribeHyperParameterTuningJobResponse, build.describe_wire())
    objects: list[Any] = []
    _walk_shapes(response, objects)
    assert len(objects) > 10
    for obj in objects:
        assert type(obj).__module__ == "sagemaker_tuning.shapes"
        assert not hasattr(type(obj), "__built_as__"), type(obj)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        response.hyper_parameter_tuning_job_name = "other"  # type: ignore[misc]


def test_a_boolean_filled_in_before_other_members_keeps_its_mark_and_the_members() -> None:
    structure = serde._make_structure_fn(_FlagThenName, serde.converter, lenient=True)
    filled = structure({"Name": "n"}, None)
    assert filled.flag is False and filled.name == "n"
    assert serde.filled_in(filled) == ("Flag",)
    assert type(filled).__stand_in_base__ is _FlagThenName
    assert filled == _FlagThenName(flag=False, name="n")
    said = structure({"Flag": True, "Name": "n"}, None)
    assert type(said) is _FlagThenName and serde.filled_in(said) == ()
    for obj in (filled, said):
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            obj.name = "m"  # type: ignore[misc]


def _walk_shapes(value: Any, found: list[Any]) -> None:
    if attrs.has(type(value)):
        found.append(value)
        for field in attrs.fields(type(value)):
            _walk_shapes(getattr(value, field.name), found)
    elif isinstance(value, tuple):
        for item in value:
            _walk_shapes(item, found)
