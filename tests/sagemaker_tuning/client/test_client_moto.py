"""End to end over real HTTP against a moto server on 127.0.0.1.

moto 5 implements CreateHyperParameterTuningJob, DescribeHyperParameterTuningJob (every
job is Completed at once) and DescribeTrainingJob; it answers
ListTrainingJobsForHyperParameterTuningJob and StopHyperParameterTuningJob with an
HTML 500, so those two are covered by the Stubber tests only.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from botocore.config import Config
from client_samples import ACCOUNT, REGION, create_request_document
from moto.server import ThreadedMotoServer

from sagemaker_tuning import errors, serde, shapes
from sagemaker_tuning.client import TuningClient
from sagemaker_tuning.enums import HyperParameterTuningJobStatus, TrainingJobStatus
from sagemaker_tuning.validation import violations


@pytest.fixture(scope="module")
def endpoint() -> Iterator[str]:
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    try:
        yield f"http://{host}:{port}"
    finally:
        server.stop()


@pytest.fixture(scope="module")
def moto_client(endpoint: str) -> TuningClient:
    return TuningClient.create(
        region_name=REGION,
        endpoint_url=endpoint,
        config=Config(retries={"mode": "standard", "max_attempts": 1}),
    )


@pytest.fixture(scope="module")
def created(moto_client: TuningClient) -> shapes.CreateHyperParameterTuningJobResponse:
    request = serde.from_api(
        shapes.CreateHyperParameterTuningJobRequest, create_request_document("moto-tj"), strict=True
    )
    return moto_client.create_hyper_parameter_tuning_job(request)


def test_create_returns_the_arn(created: shapes.CreateHyperParameterTuningJobResponse) -> None:
    assert created.hyper_parameter_tuning_job_arn == (
        f"arn:aws:sagemaker:{REGION}:{ACCOUNT}:hyper-parameter-tuning-job/moto-tj"
    )


def test_describe_parses_values_that_break_the_model(
    moto_client: TuningClient, created: Any
) -> None:
    response = moto_client.describe_hyper_parameter_tuning_job("moto-tj")
    assert response.hyper_parameter_tuning_job_status is HyperParameterTuningJobStatus.COMPLETED
    assert response.hyper_parameter_tuning_job_arn == created.hyper_parameter_tuning_job_arn
    assert response.training_job_definition is not None
    assert response.training_job_definition.static_hyper_parameters == {
        "objective": "binary:logistic"
    }
    best = response.best_training_job
    assert best is not None
    assert best.training_job_arn == "FakeTrainingJobArn"  # breaks the ARN pattern, still parsed
    assert "BestTrainingJob.TrainingJobArn" in {v.path for v in violations(response)}
    assert response.creation_time.tzinfo is not None


def test_the_waiter_returns_at_once_for_a_completed_job(
    moto_client: TuningClient, created: Any
) -> None:
    slept: list[float] = []
    client = TuningClient(moto_client.boto_client, sleep=slept.append)
    response = client.wait_for_hyper_parameter_tuning_job("moto-tj")
    assert response.hyper_parameter_tuning_job_status == "Completed"
    assert slept == []


def test_create_twice_is_resource_in_use(moto_client: TuningClient, created: Any) -> None:
    request = serde.from_api(
        shapes.CreateHyperParameterTuningJobRequest, create_request_document("moto-tj"), strict=True
    )
    with pytest.raises(errors.ResourceInUse, match="already exists") as caught:
        moto_client.create_hyper_parameter_tuning_job(request)
    assert caught.value.http_status == 400
    assert caught.value.request_id


def test_unknown_tuning_job_is_resource_not_found(moto_client: TuningClient) -> None:
    with pytest.raises(errors.ResourceNotFound) as caught:
        moto_client.describe_hyper_parameter_tuning_job("never-created")
    assert caught.value.operation == "DescribeHyperParameterTuningJob"


def test_describe_training_job(moto_client: TuningClient) -> None:
    definition = create_request_document()["TrainingJobDefinition"]
    moto_client.boto_client.create_training_job(  # not an operation of this SDK
        TrainingJobName="moto-training",
        AlgorithmSpecification=definition["AlgorithmSpecification"],
        RoleArn=definition["RoleArn"],
        OutputDataConfig=definition["OutputDataConfig"],
        ResourceConfig=definition["ResourceConfig"],
        StoppingCondition=definition["StoppingCondition"],
        InputDataConfig=[
            {
                "ChannelName": "train",
                "DataSource": {"S3DataSource": {"S3DataType": "S3Prefix", "S3Uri": "s3://b/d"}},
            }
        ],
    )
    response = moto_client.describe_training_job("moto-training")
    assert response.training_job_status is TrainingJobStatus.COMPLETED
    assert response.model_artifacts is not None
    assert response.model_artifacts.s3_model_artifacts.endswith("model.tar.gz")
    final = moto_client.wait_for_training_job("moto-training")
    assert final.training_job_name == "moto-training"


def test_unknown_training_job_is_a_validation_exception(moto_client: TuningClient) -> None:
    with pytest.raises(errors.ServiceError) as caught:
        moto_client.describe_training_job("never-created")
    assert caught.value.code == "ValidationException"
    with pytest.raises(errors.ServiceError, match="Could not find training job"):
        moto_client.wait_for_training_job("never-created")
