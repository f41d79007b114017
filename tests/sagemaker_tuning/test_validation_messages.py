"""Errors that help: enum values get a few suggestions and a count, patterns are told in words."""

from __future__ import annotations

import re

import pytest

from sagemaker_tuning import ValidationError, enums, from_api, shapes
from sagemaker_tuning import _spec as s
from sagemaker_tuning._generated import patterns
from sagemaker_tuning.validation import PATTERN_HELP, close_values, enum_message, pattern_message


def message(cls: type, **kwargs: object) -> str:
    with pytest.raises(ValidationError) as info:
        cls(**kwargs)
    [violation] = info.value.violations
    return violation.message


def test_a_large_enum_answers_a_count_and_a_few_close_values_not_the_whole_list() -> None:
    # The example: a 4.3 KB line listing every instance type, and no suggestion.
    text = message(shapes.ResourceConfig, instance_type="ml.m5.large2", volume_size_in_gb=1)
    count = len(enums.TrainingInstanceType)
    assert text.startswith(f"expected one of the {count} values of TrainingInstanceType;")
    assert "got 'ml.m5.large2' (did you mean 'ml.m5.large'" in text
    assert len(text) < 200
    assert text.count("'ml.") <= 4  # the value itself and at most three suggestions


def test_a_small_enum_is_listed_whole_with_a_suggestion() -> None:
    text = message(shapes.HyperParameterTuningJobObjective, type="Maximise", metric_name="m")
    assert text == (
        "expected one of 'Maximize', 'Minimize'; got 'Maximise' (did you mean 'Maximize'?)"
    )


def test_a_value_differing_only_in_case_suggests_exactly_that_value() -> None:
    assert close_values(
        "bayesian", [m.value for m in enums.HyperParameterTuningJobStrategyType]
    ) == ["Bayesian"]
    assert enum_message(enums.TrainingInputMode, "file").endswith("(did you mean 'File'?)")


def test_nothing_close_means_no_suggestion() -> None:
    text = enum_message(enums.TrainingInstanceType, "gpu please")
    assert "did you mean" not in text and "values of TrainingInstanceType" in text
    assert enum_message(enums.TrainingInputMode, 7) == (
        "expected one of 'Pipe', 'File', 'FastFile'; got 7"
    )


def test_a_job_name_with_an_underscore_is_explained_in_words() -> None:
    text = message(
        shapes.DescribeHyperParameterTuningJobRequest,
        hyper_parameter_tuning_job_name="x_y",
    )
    assert text == (
        "expected letters, digits and hyphens; starts and ends with a letter or digit; at most "
        "32 characters. Got 'x_y': '_' is not allowed "
        "(a full match of pattern '[a-zA-Z0-9](-*[a-zA-Z0-9]){0,31}')"
    )


@pytest.mark.parametrize(
    ("shape", "member", "value", "words"),
    [
        (shapes.DescribeTrainingJobRequest, "training_job_name", "-lead", "at most 63 characters"),
        (shapes.OutputDataConfig, "s3_output_path", "bucket/out", "an S3 URI with a bucket"),
        (shapes.Tag, "key", "cost#center", "letters, digits, spaces"),
        (shapes.Channel, "channel_name", "train data", "letters, digits, '.', '-' and '_'"),
    ],
)
def test_common_patterns_are_explained(shape: type, member: str, value: str, words: str) -> None:
    required = {
        shapes.OutputDataConfig: {},
        shapes.Tag: {"value": "v"},
        shapes.Channel: {
            "data_source": shapes.DataSource(
                s3_data_source=shapes.S3DataSource(s3_data_type="S3Prefix", s3_uri="s3://b/k")
            )
        },
        shapes.DescribeTrainingJobRequest: {},
    }[shape]
    text = message(shape, **{member: value, **required})
    assert words in text and "a full match of pattern" in text


def test_an_arn_member_read_from_a_document_is_explained_with_its_path() -> None:
    document = {"HyperParameterTuningJobName": "ok", "HyperParameterTuningJobArn": "FakeArn"}
    with pytest.raises(ValidationError) as info:
        from_api(shapes.CreateHyperParameterTuningJobResponse, document, strict=True)
    [violation] = [v for v in info.value.violations if v.rule == "pattern"]
    assert violation.path == "HyperParameterTuningJobArn"
    assert violation.message.startswith("expected a tuning job ARN, arn:aws:sagemaker:<region>")


@pytest.mark.parametrize("name", sorted(PATTERN_HELP))
def test_every_explained_pattern_exists_and_its_example_matches(name: str) -> None:
    # One table, keyed by the generated constant's name: a model update that renames or drops a
    # pattern fails here instead of silently losing the explanation.
    pattern = getattr(patterns, name)
    assert isinstance(pattern, s.Pattern)
    help = PATTERN_HELP[name]
    assert pattern.fullmatch(help.example), (name, help.example)
    if help.allowed is not None:
        allowed = re.compile(help.allowed)
        assert all(allowed.fullmatch(c) for c in help.example)


def test_patterns_without_words_keep_the_plain_message() -> None:
    plain = s.Pattern("[0-9]+", "[0-9]+")
    assert pattern_message(plain, "x") == "expected a full match of pattern '[0-9]+', got 'x'"
