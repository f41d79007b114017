"""Typed tuning requests shared by the benchmark scripts that run jobs on the local service.

A script run as ``python benchmarks/X.py`` has this folder first on sys.path, so it imports
this module as ``_requests`` (``_payloads`` holds the wire-dict payloads).
"""

from __future__ import annotations

from sagemaker_tuning import shapes as sh

ROLE = "arn:aws:iam::123456789012:role/SageMakerRole"
IMAGE = "123456789012.dkr.ecr.us-east-1.amazonaws.com/xgboost:1"


def tuning_job_config(
    *,
    strategy: str,
    jobs: int,
    parallel: int,
    ranges: sh.ParameterRanges,
    max_runtime: int | None = None,
    target: float | None = None,
) -> sh.HyperParameterTuningJobConfig:
    """A config maximizing ``validation:auc``; ``max_runtime`` caps the tuning job's run and
    ``target`` ends it once an objective value reaches it."""
    return sh.HyperParameterTuningJobConfig(
        strategy=strategy,
        hyper_parameter_tuning_job_objective=sh.HyperParameterTuningJobObjective(
            type="Maximize", metric_name="validation:auc"
        ),
        resource_limits=sh.ResourceLimits(
            max_number_of_training_jobs=jobs,
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


def tuning_request(
    name: str,
    config: sh.HyperParameterTuningJobConfig,
    *,
    instances: int = 1,
    training_runtime: int = 3600,
) -> sh.CreateHyperParameterTuningJobRequest:
    """A request of ``config`` for a custom XGBoost-like image; each training job runs on
    ``instances`` for at most ``training_runtime`` seconds."""
    return sh.CreateHyperParameterTuningJobRequest(
        hyper_parameter_tuning_job_name=name,
        hyper_parameter_tuning_job_config=config,
        training_job_definition=sh.HyperParameterTrainingJobDefinition(
            algorithm_specification=sh.HyperParameterAlgorithmSpecification(
                training_image=IMAGE, training_input_mode="File"
            ),
            role_arn=ROLE,
            output_data_config=sh.OutputDataConfig(s3_output_path="s3://bucket/out"),
            resource_config=sh.ResourceConfig(
                instance_type="ml.m5.xlarge", instance_count=instances, volume_size_in_gb=10
            ),
            stopping_condition=sh.StoppingCondition(max_runtime_in_seconds=training_runtime),
        ),
    )
