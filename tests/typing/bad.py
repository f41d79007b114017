"""Misuse the types must catch: mypy --strict must report an error on each marked line."""

from __future__ import annotations

from sagemaker_tuning import TuningClient, shapes
from sagemaker_tuning.aio import AsyncTuningClient
from sagemaker_tuning.serde import from_api
from sagemaker_tuning.table import TrainingJobTable

shapes.ResourceLimits(max_parallel_training_jobs="2")  # error: wrong field type
shapes.ResourceLimits()  # error: missing required argument
shapes.ResourceLimits(2)  # error: positional argument
shapes.ResourceLimits(max_parallel_training_jobs=2, max_paralel=3)  # error: unknown keyword
shapes.Tag(key="k", value="v").key.append("x")  # error: str has no append
limits = shapes.ResourceLimits(max_parallel_training_jobs=2)
limits.max_parallel_training_jobs = 3  # error: frozen
shapes.VpcConfig(security_group_ids=[1], subnets=["s"])  # error: list items of the wrong type
shapes.VpcConfig(security_group_ids=["sg-1"], subnets=None)  # error: a required list is not None
shapes.CreateHyperParameterTuningJobRequest(
    hyper_parameter_tuning_job_name="a",
    hyper_parameter_tuning_job_config=shapes.HyperParameterTuningJobConfig(
        strategy="Random", resource_limits=limits
    ),
    tags={"team": "ml"},  # error: tags are a list of Tag, not a dict
)
job = from_api(shapes.DescribeHyperParameterTuningJobResponse, {})
best_name = job.best_training_job.training_job_name  # error: an optional member needs a guard
job_tags = job.tags  # error: a member the shape does not have


def frame_misuse(table: TrainingJobTable) -> None:
    table.to_dataframe().no_such_method()  # error: a pandas.DataFrame, not Any


def handles(client: TuningClient) -> None:
    job = client.tuning_job("my-job")
    final: shapes.DescribeHyperParameterTuningJobResponse = job.stop()  # error: None without wait
    del final
    client.tuning_job(3)  # error: a name is a str
    job.clone("again", max_jobs="5")  # error: max_jobs is an int


def model_of(job: shapes.DescribeTrainingJobResponse) -> str:
    return job.model_artifacts.s3_model_artifacts  # error: a failed job has no ModelArtifacts


async def async_misuse(client: AsyncTuningClient) -> None:
    described = client.describe_training_job("t")
    unawaited: shapes.DescribeTrainingJobResponse = described  # error: a coroutine
    del unawaited
    await client.describe_training_job(42)  # error: a name is a str
    await client.wait_for_training_job("t", max_wait="5")  # error: seconds are a float
    await client.wait_for_training_job("t", max_wiat=5)  # error: an unknown option
    await client.wait_for_hyper_parameter_tuning_job("t", schedule="fast")  # error: no schedule
    listing = client.paginate_hyper_parameter_tuning_jobs()
    for _summary in listing:  # error: async for only
        pass
