"""Sample requests for examples, tests and the demo: complete, valid, placeholder resources."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sagemaker_tuning.core.shapes import CreateHyperParameterTuningJobRequest

__all__ = ["SAMPLE_NAME", "sample_request"]

#: The tuning job name :func:`sample_request` gives by default.
SAMPLE_NAME = "sample-xgboost"


def sample_request(
    name: str = SAMPLE_NAME, *, max_jobs: int = 20, parallel: int = 4
) -> CreateHyperParameterTuningJobRequest:
    """A complete, valid ``CreateHyperParameterTuningJobRequest`` to try things with.

    The tuning job ``sagemaker-tuning demo`` runs: a Bayesian search maximising
    ``validation:auc`` over four hyperparameters of an XGBoost-style image (``eta``
    logarithmic from 0.01 to 0.5, ``subsample`` 0.5 to 1, ``max_depth`` 2 to 10, ``booster``
    ``gbtree`` or ``dart``), ``max_jobs`` training jobs in all, ``parallel`` at a time, on one
    ``ml.m5.xlarge`` each. It passes the model's constraints and every service rule; the
    account (123456789012), role, image and S3 locations are placeholders, so it runs on
    :class:`~sagemaker_tuning.testing.LocalSageMaker` as it is, and on AWS once you replace them
    (``attrs.evolve`` it, or start from ``sagemaker-tuning init`` for a request file).

    >>> from sagemaker_tuning.testing import sample_request
    >>> request = sample_request("churn-xgb", max_jobs=10, parallel=2)
    >>> request.hyper_parameter_tuning_job_config.resource_limits.max_number_of_training_jobs
    10
    """
    from sagemaker_tuning import ranges
    from sagemaker_tuning.core.shapes import (
        CreateHyperParameterTuningJobRequest,
        HyperParameterAlgorithmSpecification,
        HyperParameterTrainingJobDefinition,
        HyperParameterTuningJobConfig,
        HyperParameterTuningJobObjective,
        OutputDataConfig,
        ResourceConfig,
        ResourceLimits,
        StoppingCondition,
    )

    account = "123456789012"
    return CreateHyperParameterTuningJobRequest(
        hyper_parameter_tuning_job_name=name,
        hyper_parameter_tuning_job_config=HyperParameterTuningJobConfig(
            strategy="Bayesian",
            hyper_parameter_tuning_job_objective=HyperParameterTuningJobObjective(
                type="Maximize", metric_name="validation:auc"
            ),
            resource_limits=ResourceLimits(
                max_number_of_training_jobs=max_jobs, max_parallel_training_jobs=parallel
            ),
            parameter_ranges=ranges.parameter_ranges(
                ranges.continuous("eta", 0.01, 0.5, scaling="Logarithmic"),
                ranges.continuous("subsample", 0.5, 1.0),
                ranges.integer("max_depth", 2, 10),
                ranges.categorical("booster", ["gbtree", "dart"]),
            ),
            training_job_early_stopping_type="Off",
        ),
        training_job_definition=HyperParameterTrainingJobDefinition(
            algorithm_specification=HyperParameterAlgorithmSpecification(
                training_image=f"{account}.dkr.ecr.us-east-1.amazonaws.com/xgboost:1.7-1",
                training_input_mode="File",
            ),
            role_arn=f"arn:aws:iam::{account}:role/SageMakerTuningDemo",
            static_hyper_parameters={"objective": "binary:logistic", "num_round": "100"},
            output_data_config=OutputDataConfig(s3_output_path="s3://demo-bucket/tuning/"),
            resource_config=ResourceConfig(
                instance_type="ml.m5.xlarge", instance_count=1, volume_size_in_gb=10
            ),
            stopping_condition=StoppingCondition(max_runtime_in_seconds=3600),
        ),
    )
