"""Sample wire responses, virtual time and a send counter shared by the client tests."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime, timezone
from typing import Any

from botocore.awsrequest import AWSResponse

from sagemaker_tuning import errors
from sagemaker_tuning.waiters import definitions, run

ACCOUNT = "123456789012"
REGION = "us-east-1"
T0 = datetime(2024, 5, 1, 12, 0, tzinfo=timezone.utc)


class VirtualTime:
    """A clock that only moves when the code under test sleeps."""

    def __init__(self) -> None:
        self.now = 0.0
        self.sleeps: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        assert seconds >= 0, f"negative sleep {seconds}"
        self.sleeps.append(seconds)
        self.now += seconds


class SendCounter:
    """Counts HTTP requests botocore is about to send (``before-send``) and answers them."""

    def __init__(self, body: dict[str, Any] | None = None, status: int = 200) -> None:
        self.sent: list[Any] = []
        self.body = body if body is not None else {}
        self.status = status

    def __call__(self, request: Any, **_: Any) -> AWSResponse:
        self.sent.append(request)
        payload = json.dumps(self.body, default=_epoch).encode()
        return AWSResponse(request.url, self.status, {}, _Raw(payload))


def _epoch(value: Any) -> float:
    """Timestamps go over the wire as epoch seconds, as SageMaker sends them."""
    if isinstance(value, datetime):
        return value.timestamp()
    raise TypeError(f"cannot send {value!r}")


class _Raw:
    def __init__(self, payload: bytes) -> None:
        self.payload = payload

    def stream(self, **_: Any) -> Iterator[bytes]:
        yield self.payload


def tuning_arn(name: str) -> str:
    return f"arn:aws:sagemaker:{REGION}:{ACCOUNT}:hyper-parameter-tuning-job/{name}"


def training_arn(name: str) -> str:
    return f"arn:aws:sagemaker:{REGION}:{ACCOUNT}:training-job/{name}"


def summary(i: int, status: str = "Completed") -> dict[str, Any]:
    """A HyperParameterTrainingJobSummary wire dictionary."""
    name = f"job-{i:05d}"
    return {
        "TrainingJobName": name,
        "TrainingJobArn": training_arn(name),
        "CreationTime": T0,
        "TrainingStartTime": T0,
        "TrainingEndTime": T0,
        "TrainingJobStatus": status,
        "TunedHyperParameters": {"learning_rate": f"0.{i + 1}", "depth": str(i % 7 + 1)},
        "FinalHyperParameterTuningJobObjectiveMetric": {
            "Type": "Maximize",
            "MetricName": "validation:accuracy",
            "Value": i / 100,
        },
        "ObjectiveStatus": "Succeeded",
    }


def tuning_job(status: str = "InProgress", name: str = "tj", **extra: Any) -> dict[str, Any]:
    """A DescribeHyperParameterTuningJob wire response."""
    result: dict[str, Any] = {
        "HyperParameterTuningJobName": name,
        "HyperParameterTuningJobArn": tuning_arn(name),
        "HyperParameterTuningJobConfig": {
            "Strategy": "Bayesian",
            "HyperParameterTuningJobObjective": {
                "Type": "Maximize",
                "MetricName": "validation:accuracy",
            },
            "ResourceLimits": {"MaxNumberOfTrainingJobs": 20, "MaxParallelTrainingJobs": 2},
        },
        "HyperParameterTuningJobStatus": status,
        "CreationTime": T0,
        "LastModifiedTime": T0,
        "TrainingJobStatusCounters": {"Completed": 3, "InProgress": 2},
        "ObjectiveStatusCounters": {"Succeeded": 3, "Pending": 2},
    }
    result.update(extra)
    return result


def training_job(status: str = "InProgress", name: str = "tr", **extra: Any) -> dict[str, Any]:
    """A DescribeTrainingJob wire response."""
    result: dict[str, Any] = {
        "TrainingJobName": name,
        "TrainingJobArn": training_arn(name),
        "ModelArtifacts": {"S3ModelArtifacts": f"s3://bucket/{name}/model.tar.gz"},
        "TrainingJobStatus": status,
        "SecondaryStatus": "Training",
        "AlgorithmSpecification": {"TrainingInputMode": "File", "TrainingImage": "img:1"},
        "ResourceConfig": {"InstanceType": "ml.m5.large", "InstanceCount": 1, "VolumeSizeInGB": 10},
        "StoppingCondition": {"MaxRuntimeInSeconds": 3600},
        "CreationTime": T0,
    }
    result.update(extra)
    return result


def create_request_document(name: str = "tj") -> dict[str, Any]:
    """A valid CreateHyperParameterTuningJob request in wire form."""
    return {
        "HyperParameterTuningJobName": name,
        "HyperParameterTuningJobConfig": {
            "Strategy": "Bayesian",
            "HyperParameterTuningJobObjective": {
                "Type": "Maximize",
                "MetricName": "validation:accuracy",
            },
            "ResourceLimits": {"MaxNumberOfTrainingJobs": 4, "MaxParallelTrainingJobs": 2},
            "ParameterRanges": {
                "ContinuousParameterRanges": [
                    {"Name": "learning_rate", "MinValue": "0.001", "MaxValue": "0.1"}
                ]
            },
        },
        "TrainingJobDefinition": {
            "AlgorithmSpecification": {
                "TrainingImage": f"{ACCOUNT}.dkr.ecr.{REGION}.amazonaws.com/xgb:1",
                "TrainingInputMode": "File",
                # A custom image defines its objective (rule metric-definitions-required).
                "MetricDefinitions": [
                    {"Name": "validation:accuracy", "Regex": "accuracy=([0-9.]+)"}
                ],
            },
            "RoleArn": f"arn:aws:iam::{ACCOUNT}:role/SageMakerRole",
            "OutputDataConfig": {"S3OutputPath": "s3://bucket/out"},
            "ResourceConfig": {
                "InstanceType": "ml.m5.large",
                "InstanceCount": 1,
                "VolumeSizeInGB": 10,
            },
            "StoppingCondition": {"MaxRuntimeInSeconds": 3600},
            "StaticHyperParameters": {"objective": "binary:logistic"},
        },
    }


TUNING_WAITER = "HyperParameterTuningJobCompletedOrStopped"


class TimedJob:
    """A tuning job that is InProgress until ``done_at`` on a virtual clock, then Completed.

    Bounded: a waiter that polls it ``limit`` times fails the test rather than hanging.
    """

    def __init__(self, vtime: VirtualTime, done_at: float, *, limit: int) -> None:
        self.vtime, self.done_at, self.limit = vtime, done_at, limit
        self.polled_at: list[float] = []

    def __call__(self) -> dict[str, Any]:
        assert len(self.polled_at) < self.limit, "the waiter polled without bound"
        self.polled_at.append(self.vtime.now)
        return tuning_job("Completed" if self.vtime.now >= self.done_at else "InProgress")


def run_tuning_waiter(vtime: VirtualTime, poll: Any, **options: Any) -> Any:
    """The waiter engine on the tuning-job waiter's data, polling ``poll`` on virtual time;
    ``options`` are :func:`~sagemaker_tuning.transport.waiters.run`'s timing, ``uniform`` and ``schedule``."""
    return run(
        definitions()[TUNING_WAITER],
        poll,
        lambda raw: raw,
        subject="job",
        failure=errors.TuningJobFailed,
        clock=vtime.clock,
        sleep=vtime.sleep,
        **options,
    )
