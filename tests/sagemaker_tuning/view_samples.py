"""Tuning jobs on the local service for the preview-view and progress tests (unique module name)."""

from __future__ import annotations

from typing import Any

from sagemaker_tuning import shapes as sh
from sagemaker_tuning.client import TuningClient
from sagemaker_tuning.testing import LocalSageMaker, Timing

ROLE = "arn:aws:iam::123456789012:role/SageMakerRole"
IMAGE = "123456789012.dkr.ecr.us-east-1.amazonaws.com/xgboost:1"
RANGES = sh.ParameterRanges(
    continuous_parameter_ranges=(
        sh.ContinuousParameterRange(
            name="eta", min_value="0.001", max_value="0.5", scaling_type="Logarithmic"
        ),
    ),
    integer_parameter_ranges=(
        sh.IntegerParameterRange(name="max_depth", min_value="2", max_value="10"),
    ),
    categorical_parameter_ranges=(
        sh.CategoricalParameterRange(name="booster", values=("gbtree", "dart")),
    ),
)


def definition(instances: int = 1, **changes: Any) -> sh.HyperParameterTrainingJobDefinition:
    fields: dict[str, Any] = {
        "algorithm_specification": sh.HyperParameterAlgorithmSpecification(
            training_image=IMAGE,
            training_input_mode="File",
            metric_definitions=(
                sh.MetricDefinition(name="validation:auc", regex="auc=([0-9.]+)"),
                sh.MetricDefinition(name="train:loss", regex="loss=([0-9.]+)"),
            ),
        ),
        "role_arn": ROLE,
        "output_data_config": sh.OutputDataConfig(s3_output_path="s3://bucket/tuning"),
        "resource_config": sh.ResourceConfig(
            instance_type="ml.m5.xlarge", instance_count=instances, volume_size_in_gb=10
        ),
        "stopping_condition": sh.StoppingCondition(max_runtime_in_seconds=3600),
        "static_hyper_parameters": {"objective": "binary:logistic"},
    }
    fields.update(changes)
    return sh.HyperParameterTrainingJobDefinition(**fields)


def request(
    name: str = "view-job",
    *,
    max_jobs: int = 12,
    parallel: int = 3,
    instances: int = 2,
    max_runtime: int | None = 5400,
    **changes: Any,
) -> sh.CreateHyperParameterTuningJobRequest:
    config = sh.HyperParameterTuningJobConfig(
        strategy="Bayesian",
        hyper_parameter_tuning_job_objective=sh.HyperParameterTuningJobObjective(
            type="Maximize", metric_name="validation:auc"
        ),
        resource_limits=sh.ResourceLimits(
            max_number_of_training_jobs=max_jobs,
            max_parallel_training_jobs=parallel,
            max_runtime_in_seconds=max_runtime,
        ),
        parameter_ranges=RANGES,
    )
    fields: dict[str, Any] = {
        "hyper_parameter_tuning_job_name": name,
        "hyper_parameter_tuning_job_config": config,
        "training_job_definition": definition(instances),
    }
    fields.update(changes)
    return sh.CreateHyperParameterTuningJobRequest(**fields)


def running_job(
    *,
    seed: int = 0,
    advance: float = 0.0,
    failure_rate: float = 0.3,
    timing: Timing | None = None,
    name: str = "view-job",
    **changes: Any,
) -> tuple[LocalSageMaker, TuningClient, str]:
    """A service with one tuning job created, its virtual clock moved ``advance`` seconds on."""
    service = LocalSageMaker(seed=seed, failure_rate=failure_rate, timing=timing)
    client = service.client()
    client.create_hyper_parameter_tuning_job(request(name, **changes))
    service.clock.sleep(advance)
    return service, client, name
