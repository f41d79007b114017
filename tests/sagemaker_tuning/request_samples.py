"""Sample tuning requests as typed shapes, for the testing-kit, preview-view and progress tests.

A uniquely named module (tests have no packages): ``tests/sagemaker_tuning/conftest.py`` puts this
directory on sys.path under pytest's default (prepend) import mode, so the tests below it import it.
"""

from __future__ import annotations

from typing import Any

from sagemaker_tuning import shapes as sh

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
    """A valid training job definition for a custom XGBoost-like image on ``instances``."""
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


def tuning_request(
    name: str = "demo-tuning",
    *,
    max_jobs: int | None = 20,
    parallel: int = 4,
    strategy: str = "Bayesian",
    ranges: sh.ParameterRanges | None = RANGES,
    objective_type: str = "Maximize",
    target: float | None = None,
    instances: int = 1,
    max_runtime: int | None = None,
    **changes: Any,
) -> sh.CreateHyperParameterTuningJobRequest:
    """A valid CreateHyperParameterTuningJob request; keyword changes replace members."""
    config = sh.HyperParameterTuningJobConfig(
        strategy=strategy,
        hyper_parameter_tuning_job_objective=sh.HyperParameterTuningJobObjective(
            type=objective_type, metric_name="validation:auc"
        ),
        resource_limits=sh.ResourceLimits(
            max_number_of_training_jobs=max_jobs,
            max_parallel_training_jobs=parallel,
            max_runtime_in_seconds=max_runtime,
        ),
        parameter_ranges=ranges,
        tuning_job_completion_criteria=(
            sh.TuningJobCompletionCriteria(target_objective_metric_value=target)
            if target is not None
            else None
        ),
    )
    fields: dict[str, Any] = {
        "hyper_parameter_tuning_job_name": name,
        "hyper_parameter_tuning_job_config": config,
        "training_job_definition": definition(instances),
    }
    fields.update(changes)
    return sh.CreateHyperParameterTuningJobRequest(**fields)
