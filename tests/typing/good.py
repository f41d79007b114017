"""Uses of the data model that must type-check cleanly under mypy --strict and pyright."""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from sagemaker_tuning import TuningClient, enums, shapes
from sagemaker_tuning.aio import AsyncTuningClient
from sagemaker_tuning.serde import from_api, to_api
from sagemaker_tuning.table import TrainingJobTable

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

# A required member of a response is read without a guard, and that is safe: the lenient
# parse fills a member the service left out with its zero value (Smithy's client error
# correction; tests/sagemaker_tuning/test_response_types.py proves it for every output shape).
completed: int = parsed.training_job_status_counters.completed or 0
strategy: str = parsed.hyper_parameter_tuning_job_config.strategy
# An optional member is Optional, so reading through it needs a guard (bad.py shows the error).
best = parsed.best_training_job
best_name: str | None = best.training_job_name if best is not None else None

# Constructors take what users have: lists for list members, dicts for map members. Reading
# the member gives the tuple it is stored as.
config = shapes.HyperParameterTuningJobConfig(
    strategy="Random",
    resource_limits=limits,
    parameter_ranges=shapes.ParameterRanges(
        categorical_parameter_ranges=[
            shapes.CategoricalParameterRange(name="optimizer", values=["adam", "sgd"])
        ]
    ),
)
tags: tuple[shapes.Tag, ...] | None = shapes.CreateHyperParameterTuningJobRequest(
    hyper_parameter_tuning_job_name="a",
    hyper_parameter_tuning_job_config=config,
    tags=[shapes.Tag(key="team", value="ml")],
).tags

channels = [
    shapes.Channel(
        channel_name="train",
        data_source=shapes.DataSource(
            s3_data_source=shapes.S3DataSource(s3_data_type="S3Prefix", s3_uri="s3://b/train")
        ),
    )
]
vpc = shapes.VpcConfig(security_group_ids=["sg-1"], subnets=("subnet-1",))
static: Mapping[str, str] | None = shapes.HyperParameterTrainingJobDefinition(
    role_arn="arn:aws:iam::123456789012:role/tuning",
    algorithm_specification=shapes.HyperParameterAlgorithmSpecification(
        training_image="img", training_input_mode="File"
    ),
    input_data_config=channels,
    output_data_config=shapes.OutputDataConfig(s3_output_path="s3://b/out"),
    stopping_condition=shapes.StoppingCondition(max_runtime_in_seconds=3600),
    static_hyper_parameters={"epochs": "10"},
    vpc_config=vpc,
).static_hyper_parameters


def frame_columns(table: TrainingJobTable) -> Iterator[str]:
    # to_dataframe() is typed as pandas.DataFrame (pandas-stubs in the dev extra).
    return (str(c) for c in table.to_dataframe().columns)


def handles(client: TuningClient) -> None:
    # A handle's stop() says whether it waited: None, or the final description.
    job = client.tuning_job("my-job")
    nothing: None = job.stop()
    final: shapes.DescribeHyperParameterTuningJobResponse = job.stop(wait=True, max_wait=60)
    best: shapes.DescribeTrainingJobResponse | None = job.best_training_job(overall=True)
    names: list[str] = [j.name for j in client.tuning_jobs(max_items=3)]
    again: shapes.CreateHyperParameterTuningJobRequest = job.clone_request("again", max_jobs=5)
    del nothing, final, best, names, again


def deploy_best(client: TuningClient) -> str:
    # docs/workflow.md's deployment example: both optional steps are checked before use.
    best = client.tuning_job("my-job").best_training_job()
    if best is None or best.model_artifacts is None:
        raise SystemExit("no model yet: no training job has reported the objective")
    spec = best.algorithm_specification
    image: str = (spec.training_image if spec is not None else None) or "my-inference-image"
    model: str = best.model_artifacts.s3_model_artifacts
    return f"{best.training_job_name} {best.role_arn} {image} {model}"


async def watch_async(client: AsyncTuningClient) -> str:
    # The async client: the same typed responses, awaited; paginators for async for.
    described: shapes.DescribeHyperParameterTuningJobResponse = (
        await client.describe_hyper_parameter_tuning_job("my-job")
    )
    names: list[str] = [
        s.training_job_name
        async for s in client.paginate_training_jobs_for_hyper_parameter_tuning_job(
            "my-job", page_size=50
        )
    ]
    final = await client.wait_for_hyper_parameter_tuning_job(
        "my-job",
        max_wait=600,
        schedule="smithy",
        on_poll=lambda r: r.hyper_parameter_tuning_job_status,
    )
    del names
    return f"{described.hyper_parameter_tuning_job_name} {final.hyper_parameter_tuning_job_status}"
