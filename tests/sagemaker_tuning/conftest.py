"""Fixtures of the CLI, progress and table tests.

Hand-built wire shapes (no client, no service) come through the ``build`` fixture. (Helper
modules can be imported too: pytest's default ``prepend`` import mode puts each test directory
on ``sys.path``, which the ``*_samples`` modules rely on.)
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

import pytest

from sagemaker_tuning import serde
from sagemaker_tuning.shapes import (
    DescribeHyperParameterTuningJobResponse,
    HyperParameterTrainingJobSummary,
    ParameterRanges,
)

T0 = datetime(2026, 11, 23, 9, 0, 0, tzinfo=timezone.utc)
ACCOUNT = "123456789012"
TUNING_JOB = "tune-xgb"


def summary_wire(
    index: int,
    *,
    status: str = "Completed",
    value: float | None = None,
    params: dict[str, str] | None = None,
    started: int | None = 60,
    ended: int | None = 600,
    failure: str | None = None,
) -> dict[str, Any]:
    """A HyperParameterTrainingJobSummary wire dict; times are seconds after T0 (plus index)."""
    name = f"{TUNING_JOB}-{index:03d}-1a2b3c4d"
    wire: dict[str, Any] = {
        "TrainingJobName": name,
        "TrainingJobArn": f"arn:aws:sagemaker:us-east-1:{ACCOUNT}:training-job/{name}",
        "TuningJobName": TUNING_JOB,
        "CreationTime": T0 + timedelta(seconds=index),
        "TrainingJobStatus": status,
        "TunedHyperParameters": params if params is not None else {"eta": "0.1", "max_depth": "5"},
    }
    if started is not None:
        wire["TrainingStartTime"] = T0 + timedelta(seconds=index + started)
    if ended is not None:
        wire["TrainingEndTime"] = T0 + timedelta(seconds=index + ended)
    if value is not None:
        wire["FinalHyperParameterTuningJobObjectiveMetric"] = {
            "MetricName": "validation:auc",
            "Value": value,
            "Type": "Maximize",
        }
        wire["ObjectiveStatus"] = "Succeeded"
    if failure is not None:
        wire["FailureReason"] = failure
    return wire


def summary(index: int, **kwargs: Any) -> HyperParameterTrainingJobSummary:
    """A typed summary, parsed the way responses are (lenient)."""
    return serde.from_api(HyperParameterTrainingJobSummary, summary_wire(index, **kwargs))


def ranges_wire() -> dict[str, Any]:
    """ParameterRanges with one range of each kind: eta (continuous), max_depth, booster."""
    return {
        "ContinuousParameterRanges": [
            {"Name": "eta", "MinValue": "0.01", "MaxValue": "0.5", "ScalingType": "Logarithmic"}
        ],
        "IntegerParameterRanges": [{"Name": "max_depth", "MinValue": "2", "MaxValue": "10"}],
        "CategoricalParameterRanges": [{"Name": "booster", "Values": ["gbtree", "dart"]}],
    }


def ranges() -> ParameterRanges:
    return serde.from_api(ParameterRanges, ranges_wire())


def describe_wire(**overrides: Any) -> dict[str, Any]:
    """A DescribeHyperParameterTuningJob response mid-run: 12 of 20 finished, 3 running.

    An override of ``None`` removes the member.
    """
    wire: dict[str, Any] = {
        "HyperParameterTuningJobName": TUNING_JOB,
        "HyperParameterTuningJobArn": (
            f"arn:aws:sagemaker:us-east-1:{ACCOUNT}:hyper-parameter-tuning-job/{TUNING_JOB}"
        ),
        "HyperParameterTuningJobConfig": {
            "Strategy": "Bayesian",
            "HyperParameterTuningJobObjective": {
                "Type": "Maximize",
                "MetricName": "validation:auc",
            },
            "ResourceLimits": {"MaxNumberOfTrainingJobs": 20, "MaxParallelTrainingJobs": 3},
            "ParameterRanges": ranges_wire(),
        },
        "HyperParameterTuningJobStatus": "InProgress",
        "CreationTime": T0,
        "LastModifiedTime": T0 + timedelta(minutes=14),
        "TrainingJobStatusCounters": {
            "Completed": 10,
            "InProgress": 3,
            "RetryableError": 1,
            "NonRetryableError": 1,
            "Stopped": 0,
        },
        "ObjectiveStatusCounters": {"Succeeded": 10, "Pending": 3, "Failed": 2},
        "BestTrainingJob": summary_wire(12, value=0.9412, params={"eta": "0.21", "max_depth": "6"}),
        "ConsumedResources": {"RuntimeInSeconds": 4321},
    }
    wire.update(overrides)
    return {k: v for k, v in wire.items() if v is not None}


def describe(**overrides: Any) -> DescribeHyperParameterTuningJobResponse:
    """The typed form of :func:`describe_wire`."""
    return serde.from_api(DescribeHyperParameterTuningJobResponse, describe_wire(**overrides))


class Build:
    """The builders and constants above, as one fixture."""

    T0 = T0
    ACCOUNT = ACCOUNT
    TUNING_JOB = TUNING_JOB
    summary_wire = staticmethod(summary_wire)
    summary = staticmethod(summary)
    ranges_wire = staticmethod(ranges_wire)
    ranges = staticmethod(ranges)
    describe_wire = staticmethod(describe_wire)
    describe = staticmethod(describe)


@pytest.fixture
def build() -> type[Build]:
    """Hand-built wire dicts and typed shapes, with fixed times and names."""
    return Build
