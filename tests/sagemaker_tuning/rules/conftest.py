"""A valid request to break one thing at a time in the rules tests (fixture ``request_data``)."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from sagemaker_tuning import serde, shapes

ROLE = "arn:aws:iam::123456789012:role/SageMakerRole"
IMAGE = "123456789012.dkr.ecr.us-east-1.amazonaws.com/my-trainer:latest"


def definition_dict() -> dict[str, Any]:
    """A training job definition with a custom image that defines its metrics."""
    return {
        "AlgorithmSpecification": {
            "TrainingImage": IMAGE,
            "TrainingInputMode": "File",
            "MetricDefinitions": [
                {"Name": "validation:loss", "Regex": "val_loss=([0-9.]+)"},
                {"Name": "train:loss", "Regex": "loss=([0-9.]+)"},
            ],
        },
        "RoleArn": ROLE,
        "OutputDataConfig": {"S3OutputPath": "s3://bucket/output"},
        "ResourceConfig": {
            "InstanceType": "ml.m5.xlarge",
            "InstanceCount": 1,
            "VolumeSizeInGB": 30,
        },
        "StoppingCondition": {"MaxRuntimeInSeconds": 3600},
        "StaticHyperParameters": {"epochs": "10", "optimizer": "adam"},
        "Environment": {"LOG_LEVEL": "info"},
    }


def request_dict() -> dict[str, Any]:
    """A valid Bayesian tuning job with one training job definition: no rule fires."""
    return {
        "HyperParameterTuningJobName": "rules-test",
        "HyperParameterTuningJobConfig": {
            "Strategy": "Bayesian",
            "HyperParameterTuningJobObjective": {
                "Type": "Minimize",
                "MetricName": "validation:loss",
            },
            "ResourceLimits": {"MaxNumberOfTrainingJobs": 20, "MaxParallelTrainingJobs": 2},
            "ParameterRanges": {
                "ContinuousParameterRanges": [
                    {
                        "Name": "learning_rate",
                        "MinValue": "1e-05",
                        "MaxValue": "0.1",
                        "ScalingType": "Logarithmic",
                    },
                    {
                        "Name": "momentum",
                        "MinValue": "0.5",
                        "MaxValue": "0.99",
                        "ScalingType": "ReverseLogarithmic",
                    },
                ],
                "IntegerParameterRanges": [
                    {"Name": "batch_size", "MinValue": "16", "MaxValue": "256"}
                ],
                "CategoricalParameterRanges": [{"Name": "activation", "Values": ["relu", "tanh"]}],
            },
        },
        "TrainingJobDefinition": definition_dict(),
    }


def build(data: dict[str, Any]) -> shapes.CreateHyperParameterTuningJobRequest:
    """The request shape of a wire dict, validated strictly against the model."""
    return serde.from_api(shapes.CreateHyperParameterTuningJobRequest, data, strict=True)


@pytest.fixture
def request_data() -> dict[str, Any]:
    """A fresh copy of the valid request dict, ready to break."""
    return copy.deepcopy(request_dict())
