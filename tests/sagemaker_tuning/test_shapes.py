"""The generated data model: names, immutability, and validation at construction."""

from __future__ import annotations

import math
import pickle
from typing import Any

import attrs
import pytest

from sagemaker_tuning import ValidationError, enums, shapes
from sagemaker_tuning._frozen import FrozenMap
from sagemaker_tuning._generated.model import OPERATIONS
from sagemaker_tuning.validation import Violation, field_specs, validate

Summary = shapes.HyperParameterTrainingJobSummary
ARN = "arn:aws:sagemaker:us-east-1:123456789012:training-job/job-1"


def violations_of(cls: type[Any], **kwargs: Any) -> list[tuple[str, str]]:
    with pytest.raises(ValidationError) as caught:
        cls(**kwargs)
    return [(v.path, v.rule) for v in caught.value.violations]


def test_public_names_exist_as_written() -> None:
    for name in (
        "HyperParameterTuningJobConfig",
        "CreateHyperParameterTuningJobRequest",
        "DescribeHyperParameterTuningJobResponse",
        "HyperParameterTrainingJobSummary",
        "ListTrainingJobsForHyperParameterTuningJobRequest",
        "DescribeTrainingJobResponse",
        "StopHyperParameterTuningJobRequest",
    ):
        assert attrs.has(getattr(shapes, name))
    for name in (
        "HyperParameterTuningJobStatus",
        "TrainingJobStatus",
        "HyperParameterTuningJobStrategyType",
    ):
        assert issubclass(getattr(enums, name), str)
    assert set(enums.HyperParameterTuningJobStatus) >= {
        "Completed", "InProgress", "Failed", "Stopped", "Stopping", "Deleting", "DeleteFailed"
    }  # fmt: skip


def test_every_operation_shape_is_a_generated_class() -> None:
    from codegen import config

    assert sorted(OPERATIONS) == sorted(config.OPERATIONS)
    for op in OPERATIONS.values():
        assert op.input is not None and op.input.__module__ == "sagemaker_tuning.shapes"
        assert getattr(shapes, op.input.__name__) is op.input
    assert OPERATIONS["StopHyperParameterTuningJob"].output is None


def test_shapes_are_frozen_keyword_only_slotted_and_hashable() -> None:
    limits = shapes.ResourceLimits(max_parallel_training_jobs=2)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        limits.max_parallel_training_jobs = 3  # type: ignore[misc]
    with pytest.raises(TypeError):
        shapes.ResourceLimits(2)  # type: ignore[misc]
    assert not hasattr(limits, "__dict__")
    assert limits == shapes.ResourceLimits(max_parallel_training_jobs=2)
    assert hash(limits) == hash(shapes.ResourceLimits(max_parallel_training_jobs=2))
    assert pickle.loads(pickle.dumps(limits)) == limits


def test_attribute_names_are_xform_names_and_wire_names_live_in_metadata() -> None:
    field = attrs.fields(shapes.ResourceConfig).volume_size_in_gb
    assert field.metadata["wire"] == "VolumeSizeInGB"
    assert [f.name for f in attrs.fields(shapes.Tag)] == ["key", "value"]


def test_required_members_are_required_and_optional_default_to_none() -> None:
    with pytest.raises(TypeError, match="max_parallel_training_jobs"):
        shapes.ResourceLimits()  # type: ignore[call-arg]
    limits = shapes.ResourceLimits(max_parallel_training_jobs=1)
    assert limits.max_number_of_training_jobs is None and limits.max_runtime_in_seconds is None


def test_explicit_none_for_a_required_member_is_a_violation() -> None:
    assert violations_of(shapes.ResourceLimits, max_parallel_training_jobs=None) == [
        ("MaxParallelTrainingJobs", "required")
    ]


def test_lists_become_tuples_and_maps_become_read_only_hashable_mappings() -> None:
    summary = Summary(
        training_job_name="job-1",
        training_job_arn=ARN,
        creation_time=__import__("datetime").datetime(
            2026, 1, 1, tzinfo=__import__("datetime").timezone.utc
        ),
        training_job_status="Completed",
        tuned_hyper_parameters={"lr": "0.1"},
    )
    assert isinstance(summary.tuned_hyper_parameters, FrozenMap)
    with pytest.raises(TypeError, match="read-only"):
        summary.tuned_hyper_parameters["lr"] = "0.2"  # type: ignore[index]
    hash(summary)
    vpc = shapes.VpcConfig(security_group_ids=["sg-1"], subnets=["subnet-1"])  # type: ignore[arg-type]
    assert vpc.security_group_ids == ("sg-1",) and isinstance(vpc.subnets, tuple)


def test_enum_strings_become_members_and_members_are_accepted() -> None:
    request = shapes.ListTrainingJobsForHyperParameterTuningJobRequest(
        hyper_parameter_tuning_job_name="job",
        sort_by="Status",
        sort_order=enums.SortOrder.DESCENDING,
    )
    assert request.sort_by is enums.TrainingJobSortByOptions.STATUS
    assert request.sort_order == "Descending" and str(request.sort_order) == "Descending"
    assert hash(enums.SortOrder.DESCENDING) == hash("Descending")


def test_unknown_enum_value_is_rejected_listing_the_allowed_values() -> None:
    with pytest.raises(ValidationError) as caught:
        shapes.ListTrainingJobsForHyperParameterTuningJobRequest(
            hyper_parameter_tuning_job_name="j", sort_by="Nme"
        )
    (violation,) = caught.value.violations
    assert violation.path == "SortBy" and violation.rule == "enum"
    assert "'Name', 'CreationTime', 'Status', 'FinalObjectiveMetricValue'" in violation.message


def test_all_violations_of_one_object_are_reported_together() -> None:
    found = violations_of(
        shapes.ListTrainingJobsForHyperParameterTuningJobRequest,
        hyper_parameter_tuning_job_name="my_job",
        max_results=101,
        next_token=5,
        sort_order="Sideways",
    )
    assert found == [  # in the model's member order
        ("HyperParameterTuningJobName", "pattern"),
        ("NextToken", "type"),
        ("MaxResults", "range"),
        ("SortOrder", "enum"),
    ]


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({"volume_size_in_gb": -1}, ("VolumeSizeInGB", "range")),
        ({"volume_size_in_gb": True}, ("VolumeSizeInGB", "type")),
        ({"volume_size_in_gb": 1.5}, ("VolumeSizeInGB", "type")),
        ({"instance_count": -1}, ("InstanceCount", "range")),
        ({"volume_kms_key_id": "k" * 2049}, ("VolumeKmsKeyId", "length")),
        ({"instance_type": "ml.nope"}, ("InstanceType", "enum")),
    ],
)
def test_each_constraint_kind_is_enforced(
    kwargs: dict[str, Any], expected: tuple[str, str]
) -> None:
    base = {"volume_size_in_gb": 10}
    assert violations_of(shapes.ResourceConfig, **{**base, **kwargs}) == [expected]


def test_patterns_match_the_whole_value() -> None:
    assert violations_of(
        shapes.DescribeHyperParameterTuningJobRequest, hyper_parameter_tuning_job_name="my_job"
    ) == [("HyperParameterTuningJobName", "pattern")]
    assert violations_of(
        shapes.DescribeHyperParameterTuningJobRequest,
        hyper_parameter_tuning_job_name="ok-prefix_bad",
    ) == [("HyperParameterTuningJobName", "pattern")]
    assert (
        shapes.DescribeHyperParameterTuningJobRequest(
            hyper_parameter_tuning_job_name="a-b"
        ).hyper_parameter_tuning_job_name
        == "a-b"
    )


def test_string_length_counts_code_points() -> None:
    tag = shapes.Tag(key="é" * 128, value="数" * 256)
    assert len(tag.key) == 128
    assert violations_of(shapes.Tag, key="é" * 129, value="") == [("Key", "length")]


def test_list_and_map_sizes_and_item_paths() -> None:
    found = violations_of(
        shapes.VpcConfig,
        security_group_ids=tuple(f"sg-{i}" for i in range(6)),
        subnets=("subnet-1", "bad subnet"),
    )
    assert found == [("SecurityGroupIds", "size"), ("Subnets[1]", "pattern")]
    found = violations_of(shapes.HyperParameterTrainingJobDefinition, algorithm_specification=None, role_arn="x",
                          output_data_config=None, resource_config=None, stopping_condition=None,
                          static_hyper_parameters={"k" * 257: "v"})  # fmt: skip
    assert ("StaticHyperParameters[" + "k" * 257 + "]", "length") in found


def test_validation_error_is_a_value_error_with_a_readable_report() -> None:
    with pytest.raises(ValueError) as caught:
        shapes.ResourceLimits(max_parallel_training_jobs=0, max_number_of_training_jobs="x")  # type: ignore[arg-type]
    error = caught.value
    assert isinstance(error, ValidationError)
    assert str(error) == (
        "2 validation errors in ResourceLimits:\n"
        "  MaxNumberOfTrainingJobs: expected an integer, got 'x'\n"
        "  MaxParallelTrainingJobs: expected a value >= 1, got 0"
    )
    assert pickle.loads(pickle.dumps(error)).violations == error.violations


def test_long_values_are_truncated_in_messages() -> None:
    found = pytest.raises(
        ValidationError, shapes.DescribeTrainingJobRequest, training_job_name="x" * 500
    ).value.violations
    assert [v.rule for v in found] == ["length", "pattern"]
    for violation in found:
        # The value is cut to a few dozen characters; the explanation around it stays.
        assert "..." in violation.message and "x" * 40 not in violation.message
        assert len(violation.message) < 250


def test_deep_validate_reports_nested_paths_from_the_root() -> None:
    from sagemaker_tuning.serde import from_api

    leniently = from_api(
        shapes.HyperParameterTuningJobConfig,
        {"Strategy": "Bayesian", "ResourceLimits": {"MaxParallelTrainingJobs": 0}},
    )
    with pytest.raises(ValidationError) as caught:
        validate(leniently)
    assert caught.value.violations == (
        Violation(
            "ResourceLimits.MaxParallelTrainingJobs", "expected a value >= 1, got 0", "range"
        ),
    )


def test_field_specs_cover_every_field_of_every_shape() -> None:
    count = 0
    for name in shapes.__all__:
        cls = getattr(shapes, name)
        specs = field_specs(cls)
        assert [s[0] for s in specs] == [f.name for f in attrs.fields(cls)]
        count += len(specs)
    assert count > 300


def test_a_float_member_given_an_int_too_large_for_a_double_is_a_validation_error() -> None:
    from sagemaker_tuning import _spec as s
    from sagemaker_tuning.serde import from_api
    from sagemaker_tuning.validation import check_value, fields_valid, predicate

    huge = 10**400  # float(huge) raises OverflowError, and so does math.isfinite(huge)
    expected = [("TargetObjectiveMetricValue", "range")]
    cls = shapes.TuningJobCompletionCriteria
    # The constructor.
    assert violations_of(cls, target_objective_metric_value=huge) == expected
    # validate() on an object that skipped construction checks.
    unchecked = from_api(cls, {})
    object.__setattr__(unchecked, "target_objective_metric_value", huge)
    assert fields_valid(unchecked, deep=True) is False
    with pytest.raises(ValidationError) as caught:
        validate(unchecked)
    assert [(v.path, v.rule) for v in caught.value.violations] == expected
    message = caught.value.violations[0].message
    assert message.startswith("expected a finite number, got 1000") and "double" in message
    # A lenient parse (a response) reads it as the nearest double, as JSON's 1e400 reads: a
    # float (an int there would make float arithmetic and formatting raise), sign kept.
    read = from_api(cls, {"TargetObjectiveMetricValue": huge}).target_objective_metric_value
    assert read == math.inf and type(read) is float
    negative = from_api(cls, {"TargetObjectiveMetricValue": -huge})
    assert negative.target_objective_metric_value == -math.inf
    # from_api(strict=True).
    with pytest.raises(ValidationError) as caught:
        from_api(cls, {"TargetObjectiveMetricValue": huge}, strict=True)
    assert [(v.path, v.rule) for v in caught.value.violations] == expected
    # The fast predicate and the explaining walk, bounded or not, for either sign.
    for spec in (s.Float(), s.Float(min=0.0, max=1.0)):
        for value in (huge, -huge):
            assert predicate(spec, deep=True)(value) is False
            assert [v.rule for v in check_value(spec, value, "x", deep=True)] == ["range"]
    # Ints a double can hold stay valid numbers.
    assert cls(target_objective_metric_value=2**1000).target_objective_metric_value == 2**1000
