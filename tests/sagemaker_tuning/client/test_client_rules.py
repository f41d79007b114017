"""Nothing the rules reject is sent: Create applies the service rules before anything leaves."""

from __future__ import annotations

import copy
import logging
from typing import Any

import attrs
import pytest
from client_samples import SendCounter, create_request_document, tuning_arn

from sagemaker_tuning import errors, rules, serde, shapes
from sagemaker_tuning.client import TuningClient

RANGE = "HyperParameterTuningJobConfig.ParameterRanges.ContinuousParameterRanges[0]"


def request(mutate: Any = None) -> shapes.CreateHyperParameterTuningJobRequest:
    document = copy.deepcopy(create_request_document())
    if mutate is not None:
        mutate(document)
    return serde.from_api(shapes.CreateHyperParameterTuningJobRequest, document, strict=True)


def logarithmic_from_zero(document: dict[str, Any]) -> None:
    # The example: built directly, valid for the model, rejected by the service.
    (lr,) = document["HyperParameterTuningJobConfig"]["ParameterRanges"][
        "ContinuousParameterRanges"
    ]
    lr.update(MinValue="0", ScalingType="Logarithmic")


def more_parallel_than_total(document: dict[str, Any]) -> None:
    limits = document["HyperParameterTuningJobConfig"]["ResourceLimits"]
    limits.update(MaxNumberOfTrainingJobs=2, MaxParallelTrainingJobs=3)


@pytest.fixture
def answered(sends: SendCounter) -> SendCounter:
    sends.body = {"HyperParameterTuningJobArn": tuning_arn("tj")}
    return sends


def test_a_rule_error_is_refused_with_nothing_sent(
    client: TuningClient, answered: SendCounter
) -> None:
    broken = request(logarithmic_from_zero)
    assert [v.rule for v in rules.check(broken)] == ["scaling-logarithmic"]
    with pytest.raises(errors.ValidationError) as info:
        client.create_hyper_parameter_tuning_job(broken)
    assert [(v.path, v.rule) for v in info.value.violations] == [
        (f"{RANGE}.ScalingType", "scaling-logarithmic")
    ]
    assert answered.sent == []  # counted at botocore's before-send: nothing left the process


def test_model_and_rule_violations_come_in_one_error(
    client: TuningClient, answered: SendCounter
) -> None:
    # A part read leniently (from a response) skipped construction checks: its broken
    # constraint and the request's broken rule are reported together, with their paths.
    lenient_limits = serde.from_api(
        shapes.ResourceLimits, {"MaxParallelTrainingJobs": 0, "MaxNumberOfTrainingJobs": 2}
    )
    base = request(logarithmic_from_zero)
    broken = attrs.evolve(
        base,
        hyper_parameter_tuning_job_config=attrs.evolve(
            base.hyper_parameter_tuning_job_config, resource_limits=lenient_limits
        ),
    )
    with pytest.raises(errors.ValidationError) as info:
        client.create_hyper_parameter_tuning_job(broken)
    assert [(v.path, v.rule) for v in info.value.violations] == [
        ("HyperParameterTuningJobConfig.ResourceLimits.MaxParallelTrainingJobs", "range"),
        (f"{RANGE}.ScalingType", "scaling-logarithmic"),
    ]
    assert "2 validation errors in CreateHyperParameterTuningJobRequest" in str(info.value)
    assert answered.sent == []


def test_warnings_go_to_the_client_logger_and_the_request_is_sent(
    client: TuningClient, answered: SendCounter, caplog: pytest.LogCaptureFixture
) -> None:
    advised = request(more_parallel_than_total)
    found = rules.check(advised)
    assert [(v.rule, v.severity) for v in found] == [("parallel-jobs-max", "warning")]
    with (
        caplog.at_level(logging.WARNING, logger="sagemaker_tuning.client"),
        pytest.warns(errors.RuleWarning),
    ):
        response = client.create_hyper_parameter_tuning_job(advised)
    assert response.hyper_parameter_tuning_job_arn == tuning_arn("tj")
    assert len(answered.sent) == 1
    [record] = [r for r in caplog.records if r.name == "sagemaker_tuning.client"]
    assert record.levelno == logging.WARNING
    assert "ResourceLimits.MaxParallelTrainingJobs" in record.getMessage()
    assert "[parallel-jobs-max]" in record.getMessage()


def test_warnings_are_issued_as_rule_warnings_in_library_use(
    client: TuningClient, answered: SendCounter
) -> None:
    # No logging set-up at all, as in a script or a notebook: the warning still shows.
    with pytest.warns(errors.RuleWarning, match=r"\[parallel-jobs-max\]") as caught:
        client.create_hyper_parameter_tuning_job(request(more_parallel_than_total))
    [warning] = [w for w in caught if issubclass(w.category, errors.RuleWarning)]
    assert isinstance(warning.message, errors.RuleWarning)
    assert warning.message.violation.rule == "parallel-jobs-max"
    assert warning.filename == __file__  # points at the caller's line, not the SDK's
    assert len(answered.sent) == 1


def test_check_rules_false_sends_what_only_the_model_allows(
    client: TuningClient, answered: SendCounter
) -> None:
    client.create_hyper_parameter_tuning_job(request(logarithmic_from_zero), check_rules=False)
    assert len(answered.sent) == 1


def test_the_model_is_checked_even_without_the_rules(
    client: TuningClient, answered: SendCounter
) -> None:
    broken = serde.from_api(
        shapes.CreateHyperParameterTuningJobRequest,
        {**create_request_document(), "HyperParameterTuningJobName": "not_valid"},
    )
    with pytest.raises(errors.ValidationError, match="HyperParameterTuningJobName"):
        client.create_hyper_parameter_tuning_job(broken, check_rules=False)
    assert answered.sent == []


def test_a_valid_request_is_sent_once_and_logs_nothing(
    client: TuningClient, answered: SendCounter, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.DEBUG, logger="sagemaker_tuning.client"):
        client.create_hyper_parameter_tuning_job(request())
    assert len(answered.sent) == 1
    assert [r for r in caplog.records if r.name == "sagemaker_tuning.client"] == []


def test_the_client_logger_prints_nothing_unless_the_application_configures_logging() -> None:
    # The package logger has a NullHandler (logging HOWTO), so a record of any of the library's
    # loggers finds a handler and Python's last-resort handler (stderr) stays quiet.
    import sagemaker_tuning.client  # noqa: F401  (the loggers exist once the modules are loaded)

    package = logging.getLogger("sagemaker_tuning")
    assert any(isinstance(h, logging.NullHandler) for h in package.handlers)
    for name in (
        "sagemaker_tuning.client",
        "sagemaker_tuning.serde",
        "sagemaker_tuning.timestamps",
    ):
        logger = logging.getLogger(name)
        assert logger.propagate and logger.parent is not None
        assert logger.hasHandlers()
