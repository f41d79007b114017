"""Misuse the types must catch: mypy --strict must report an error on each marked line."""

from __future__ import annotations

from sagemaker_tuning import TuningClient, shapes

shapes.ResourceLimits(max_parallel_training_jobs="2")  # error: wrong field type
shapes.ResourceLimits()  # error: missing required argument
shapes.ResourceLimits(2)  # error: positional argument
shapes.ResourceLimits(max_parallel_training_jobs=2, max_paralel=3)  # error: unknown keyword
shapes.Tag(key="k", value="v").key.append("x")  # error: str has no append
limits = shapes.ResourceLimits(max_parallel_training_jobs=2)
limits.max_parallel_training_jobs = 3  # error: frozen
shapes.VpcConfig(security_group_ids=["sg-1"], subnets=("s",))  # error: lists are tuples


def handles(client: TuningClient) -> None:
    job = client.tuning_job("my-job")
    final: shapes.DescribeHyperParameterTuningJobResponse = job.stop()  # error: None without wait
    del final
    client.tuning_job(3)  # error: a name is a str
    job.clone("again", max_jobs="5")  # error: max_jobs is an int
