"""Uses of the data model that must type-check cleanly under mypy --strict."""

from __future__ import annotations

from sagemaker_tuning import TuningClient, enums, shapes
from sagemaker_tuning.serde import from_api, to_api

limits = shapes.ResourceLimits(max_parallel_training_jobs=2, max_number_of_training_jobs=10)
parallel: int = limits.max_parallel_training_jobs
total: int | None = limits.max_number_of_training_jobs

request = shapes.ListTrainingJobsForHyperParameterTuningJobRequest(
    hyper_parameter_tuning_job_name="my-job",
    sort_by=enums.TrainingJobSortByOptions.FINAL_OBJECTIVE_METRIC_VALUE,
    sort_order="Descending",
)
wire: dict[str, object] = to_api(request)
parsed: shapes.DescribeHyperParameterTuningJobResponse = from_api(
    shapes.DescribeHyperParameterTuningJobResponse, {"HyperParameterTuningJobName": "my-job"}
)
status: enums.HyperParameterTuningJobStatus | str = parsed.hyper_parameter_tuning_job_status
tags: tuple[shapes.Tag, ...] | None = shapes.CreateHyperParameterTuningJobRequest(
    hyper_parameter_tuning_job_name="a",
    hyper_parameter_tuning_job_config=shapes.HyperParameterTuningJobConfig(
        strategy="Random", resource_limits=limits
    ),
    tags=(shapes.Tag(key="team", value="ml"),),
).tags


def handles(client: TuningClient) -> None:
    # A handle's stop() says whether it waited: None, or the final description.
    job = client.tuning_job("my-job")
    nothing: None = job.stop()
    final: shapes.DescribeHyperParameterTuningJobResponse = job.stop(wait=True, max_wait=60)
    best: shapes.DescribeTrainingJobResponse | None = job.best_training_job(overall=True)
    names: list[str] = [j.name for j in client.tuning_jobs(max_items=3)]
    again: shapes.CreateHyperParameterTuningJobRequest = job.clone_request("again", max_jobs=5)
    del nothing, final, best, names, again
