"""TuningStubber: typed responses and requests, errors by code, checked before queueing."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

import pytest
from botocore.stub import StubAssertionError
from request_samples import tuning_request

from sagemaker_tuning import ValidationError, errors, serde
from sagemaker_tuning import shapes as sh
from sagemaker_tuning.client import TuningClient
from sagemaker_tuning.testing import LocalSageMaker, TuningStubber

ARN = "arn:aws:sagemaker:us-east-1:123456789012:hyper-parameter-tuning-job/stubbed"
WHEN = datetime(2025, 3, 1, 12, 0, tzinfo=timezone.utc)


@pytest.fixture
def client() -> TuningClient:
    # A client on a local service: a call the stub does not take would reach it, not AWS.
    return LocalSageMaker().client()


def summary(name: str = "stubbed-001-aaaaaaaa") -> sh.HyperParameterTrainingJobSummary:
    return sh.HyperParameterTrainingJobSummary(
        training_job_name=name,
        training_job_arn=f"arn:aws:sagemaker:us-east-1:123456789012:training-job/{name}",
        creation_time=WHEN,
        training_job_status="Completed",
        tuned_hyper_parameters={"eta": "0.1"},
    )


def test_typed_responses_come_back_typed_for_the_expected_requests(client: TuningClient) -> None:
    request = tuning_request("stubbed")
    created = sh.CreateHyperParameterTuningJobResponse(hyper_parameter_tuning_job_arn=ARN)
    page = sh.ListTrainingJobsForHyperParameterTuningJobResponse(
        training_job_summaries=(summary(),)
    )
    with TuningStubber(client) as stubber:
        stubber.add_response("create_hyper_parameter_tuning_job", created, request)
        stubber.add_response(
            "list_training_jobs_for_hyper_parameter_tuning_job", page, expected_request="stubbed"
        )
        stubber.add_response("stop_hyper_parameter_tuning_job", None, "stubbed")
        assert client.create_hyper_parameter_tuning_job(request) == created
        assert client.list_training_jobs_for_hyper_parameter_tuning_job("stubbed") == page
        client.stop_hyper_parameter_tuning_job("stubbed")
        stubber.assert_no_pending_responses()


def test_an_unexpected_request_fails_the_call(client: TuningClient) -> None:
    with TuningStubber(client) as stubber:
        stubber.add_response(
            "describe_training_job",
            sh.DescribeTrainingJobResponse(
                training_job_name="job-1",
                training_job_arn="arn:aws:sagemaker:us-east-1:123456789012:training-job/job-1",
                model_artifacts=sh.ModelArtifacts(s3_model_artifacts="s3://bucket/model.tar.gz"),
                training_job_status="Completed",
                secondary_status="Completed",
                stopping_condition=sh.StoppingCondition(max_runtime_in_seconds=60),
                creation_time=WHEN,
            ),
            expected_request=sh.DescribeTrainingJobRequest(training_job_name="job-1"),
        )
        with pytest.raises(StubAssertionError, match="job-1"):
            client.describe_training_job("job-2")


@pytest.mark.parametrize(
    ("code", "raised"),
    [
        (errors.ResourceNotFound, errors.ResourceNotFound),
        ("ResourceInUse", errors.ResourceInUse),
        ("ThrottlingException", errors.ServiceError),
    ],
)
def test_service_errors_are_queued_by_code_or_class(
    client: TuningClient, code: Any, raised: type[errors.ServiceError]
) -> None:
    with TuningStubber(client) as stubber:
        stubber.add_error("describe_hyper_parameter_tuning_job", code, "queued failure")
        with pytest.raises(raised) as info:
            client.describe_hyper_parameter_tuning_job("stubbed")
    assert info.value.message == "queued failure"
    assert info.value.code == (code if isinstance(code, str) else code.CODE)
    assert info.value.operation == "DescribeHyperParameterTuningJob"


def test_responses_are_checked_against_the_model_before_queueing(client: TuningClient) -> None:
    stubber = TuningStubber(client)
    # A lenient parse keeps what the model forbids; the stubber must refuse to replay it.
    invalid = serde.from_api(
        sh.CreateHyperParameterTuningJobResponse, {"HyperParameterTuningJobArn": "FakeArn"}
    )
    with pytest.raises(ValidationError) as info:
        stubber.add_response("create_hyper_parameter_tuning_job", invalid)
    assert [v.path for v in info.value.violations] == ["HyperParameterTuningJobArn"]
    nested = sh.ListTrainingJobsForHyperParameterTuningJobResponse(
        training_job_summaries=(
            serde.from_api(sh.HyperParameterTrainingJobSummary, {"TrainingJobName": "x_y"}),
        )
    )
    with pytest.raises(ValidationError, match=r"TrainingJobSummaries\[0\]"):
        stubber.add_response("list_training_jobs_for_hyper_parameter_tuning_job", nested)
    with pytest.raises(TypeError, match="DescribeTrainingJobResponse"):
        stubber.add_response("describe_training_job", nested)  # type: ignore[call-overload]
    with pytest.raises(TypeError, match="no response"):
        stubber.add_response("stop_hyper_parameter_tuning_job", nested)  # type: ignore[call-overload]
    with pytest.raises(ValueError, match="unknown operation"):
        stubber.add_response("delete_everything", None)  # type: ignore[call-overload]
    with pytest.raises(TypeError, match="DescribeTrainingJobRequest"):
        stubber.add_error("describe_training_job", "X", expected_request=tuning_request())
    stubber.assert_no_pending_responses()


def test_pending_responses_are_reported(client: TuningClient) -> None:
    stubber = TuningStubber(client)
    stubber.add_error("stop_hyper_parameter_tuning_job", "ValidationException")
    with pytest.raises(AssertionError, match="1 responses remaining"):
        stubber.assert_no_pending_responses()


def test_leaving_the_context_restores_the_client(client: TuningClient) -> None:
    with TuningStubber(client) as stubber:
        stubber.add_error("describe_training_job", errors.ResourceInUse)
        with pytest.raises(errors.ResourceInUse):
            client.describe_training_job("job-1")
    # The local service answers again: it has never heard of the job (and says so as
    # SageMaker does, with a ValidationException).
    with pytest.raises(errors.ServiceError, match="Requested resource not found"):
        client.describe_training_job("job-1")


def test_only_tuning_clients_are_accepted() -> None:
    with pytest.raises(TypeError, match="TuningClient"):
        TuningStubber(object())  # type: ignore[arg-type]
