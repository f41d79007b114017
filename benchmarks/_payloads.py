"""Realistic SageMaker tuning payloads shared by the benchmark scripts."""

from __future__ import annotations

import json
from typing import Any

ACCOUNT = "123456789012"
REGION = "us-east-1"
ROLE = f"arn:aws:iam::{ACCOUNT}:role/service-role/AmazonSageMaker-ExecutionRole-20260101T000000"
IMAGE = f"{ACCOUNT}.dkr.ecr.{REGION}.amazonaws.com/xgboost-custom:1.7-1-cpu-py3"


def training_job_definition() -> dict[str, Any]:
    return {
        "AlgorithmSpecification": {
            "TrainingImage": IMAGE,
            "TrainingInputMode": "File",
            "MetricDefinitions": [
                {
                    "Name": f"validation:{m}",
                    "Regex": f".*\\[[0-9]+\\].*#011validation-{m}:([-+]?[0-9]*\\.?[0-9]+)",
                }
                for m in ("auc", "logloss", "error", "rmse", "mae", "aucpr", "map", "ndcg")
            ],
        },
        "RoleArn": ROLE,
        "InputDataConfig": [
            {
                "ChannelName": channel,
                "DataSource": {
                    "S3DataSource": {
                        "S3DataType": "S3Prefix",
                        "S3Uri": f"s3://my-ml-bucket/datasets/churn/2026-11-01/{channel}/",
                        "S3DataDistributionType": "FullyReplicated",
                    }
                },
                "ContentType": "text/csv",
                "CompressionType": "None",
                "InputMode": "File",
            }
            for channel in ("train", "validation")
        ],
        "OutputDataConfig": {
            "S3OutputPath": "s3://my-ml-bucket/tuning-output/churn/",
            "KmsKeyId": "",
        },
        "ResourceConfig": {
            "InstanceType": "ml.m5.xlarge",
            "InstanceCount": 1,
            "VolumeSizeInGB": 30,
        },
        "StoppingCondition": {"MaxRuntimeInSeconds": 3600, "MaxWaitTimeInSeconds": 7200},
        "StaticHyperParameters": {
            "objective": "binary:logistic",
            "eval_metric": "auc",
            "num_round": "200",
            "early_stopping_rounds": "10",
            "tree_method": "hist",
            "verbosity": "1",
            "scale_pos_weight": "3.2",
            "_tuning_objective_metric": "validation:auc",
            "max_bin": "256",
            "lambda": "1.0",
            "alpha": "0.0",
            "sampling_method": "uniform",
        },
        "EnableNetworkIsolation": False,
        "EnableInterContainerTrafficEncryption": False,
        "EnableManagedSpotTraining": True,
        "CheckpointConfig": {
            "S3Uri": "s3://my-ml-bucket/checkpoints/churn/",
            "LocalPath": "/opt/ml/checkpoints",
        },
        "RetryStrategy": {"MaximumRetryAttempts": 2},
        "VpcConfig": {
            "SecurityGroupIds": ["sg-0a1b2c3d4e5f60718", "sg-0f1e2d3c4b5a69788"],
            "Subnets": [
                "subnet-0123456789abcdef0",
                "subnet-0fedcba9876543210",
                "subnet-00112233445566778",
            ],
        },
        "Environment": {"LOG_LEVEL": "INFO", "FEATURE_SET": "v7", "OMP_NUM_THREADS": "4"},
    }


def tuning_job_config() -> dict[str, Any]:
    return {
        "Strategy": "Bayesian",
        "HyperParameterTuningJobObjective": {"Type": "Maximize", "MetricName": "validation:auc"},
        "ResourceLimits": {
            "MaxNumberOfTrainingJobs": 50,
            "MaxParallelTrainingJobs": 5,
            "MaxRuntimeInSeconds": 86400,
        },
        "ParameterRanges": {
            "IntegerParameterRanges": [
                {"Name": "max_depth", "MinValue": "3", "MaxValue": "10", "ScalingType": "Auto"},
                {
                    "Name": "min_child_weight",
                    "MinValue": "1",
                    "MaxValue": "10",
                    "ScalingType": "Linear",
                },
            ],
            "ContinuousParameterRanges": [
                {
                    "Name": "eta",
                    "MinValue": "0.01",
                    "MaxValue": "0.5",
                    "ScalingType": "Logarithmic",
                },
                {"Name": "subsample", "MinValue": "0.5", "MaxValue": "1", "ScalingType": "Linear"},
                {
                    "Name": "colsample_bytree",
                    "MinValue": "0.3",
                    "MaxValue": "1",
                    "ScalingType": "Auto",
                },
            ],
            "CategoricalParameterRanges": [
                {"Name": "grow_policy", "Values": ["depthwise", "lossguide"]},
                {"Name": "booster", "Values": ["gbtree", "dart"]},
            ],
        },
        "TrainingJobEarlyStoppingType": "Auto",
        "RandomSeed": 0,
        "TuningJobCompletionCriteria": {"TargetObjectiveMetricValue": 0.97},
    }


def create_request() -> dict[str, Any]:
    """A full CreateHyperParameterTuningJob request as botocore takes it."""
    return {
        "HyperParameterTuningJobName": "churn-xgb-2026-11-23",
        "HyperParameterTuningJobConfig": tuning_job_config(),
        "TrainingJobDefinition": training_job_definition(),
        "Tags": [{"Key": "team", "Value": "growth-ml"}, {"Key": "cost-center", "Value": "4711"}],
    }


def training_summary(i: int, *, status: str = "Completed") -> dict[str, Any]:
    base = 1_763_880_000 + i * 60
    return {
        "TrainingJobName": f"churn-xgb-2026-11-23-{i:03d}-{i * 7919 % 100000:05d}",
        "TrainingJobArn": f"arn:aws:sagemaker:{REGION}:{ACCOUNT}:training-job/churn-xgb-2026-11-23-{i:03d}",
        "TuningJobName": "churn-xgb-2026-11-23",
        "CreationTime": base,
        "TrainingStartTime": base + 90.5,
        "TrainingEndTime": base + 1290.25,
        "TrainingJobStatus": status,
        "TunedHyperParameters": {
            "max_depth": str(3 + i % 8),
            "min_child_weight": str(1 + i % 10),
            "eta": f"{0.01 + (i % 50) / 100:.4f}",
            "subsample": f"{0.5 + (i % 5) / 10:.2f}",
            "colsample_bytree": f"{0.3 + (i % 7) / 10:.2f}",
            "grow_policy": "depthwise" if i % 2 else "lossguide",
            "booster": "gbtree",
        },
        "FinalHyperParameterTuningJobObjectiveMetric": {
            "Type": "Maximize",
            "MetricName": "validation:auc",
            "Value": 0.9 + (i % 70) / 1000,
        },
        "ObjectiveStatus": "Succeeded",
    }


def describe_tuning_job() -> dict[str, Any]:
    """A DescribeHyperParameterTuningJob response body (about 7 KB of JSON)."""
    return {
        "HyperParameterTuningJobName": "churn-xgb-2026-11-23",
        "HyperParameterTuningJobArn": f"arn:aws:sagemaker:{REGION}:{ACCOUNT}:hyper-parameter-tuning-job/churn-xgb-2026-11-23",
        "HyperParameterTuningJobConfig": tuning_job_config(),
        "TrainingJobDefinition": training_job_definition(),
        "HyperParameterTuningJobStatus": "Completed",
        "CreationTime": 1_763_880_000.123,
        "HyperParameterTuningEndTime": 1_763_890_000.456,
        "LastModifiedTime": 1_763_890_001.789,
        "TrainingJobStatusCounters": {
            "Completed": 48,
            "InProgress": 0,
            "RetryableError": 1,
            "NonRetryableError": 1,
            "Stopped": 0,
        },
        "ObjectiveStatusCounters": {"Succeeded": 48, "Pending": 0, "Failed": 2},
        "BestTrainingJob": training_summary(37),
        "OverallBestTrainingJob": training_summary(37),
        "WarmStartConfig": {
            "ParentHyperParameterTuningJobs": [
                {"HyperParameterTuningJobName": f"churn-xgb-2026-11-{day:02d}"} for day in (9, 16)
            ],
            "WarmStartType": "TransferLearning",
        },
        "ConsumedResources": {"RuntimeInSeconds": 61234},
        "TuningJobCompletionDetails": {"NumberOfTrainingJobsObjectiveNotImproving": 12},
    }


def describe_tuning_job_body() -> bytes:
    return json.dumps(describe_tuning_job()).encode()


def list_page(start: int, count: int, next_token: str | None) -> dict[str, Any]:
    page: dict[str, Any] = {
        "TrainingJobSummaries": [training_summary(start + i) for i in range(count)]
    }
    if next_token is not None:
        page["NextToken"] = next_token
    return page
