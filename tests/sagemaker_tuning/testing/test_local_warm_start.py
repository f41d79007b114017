"""Warm start on LocalSageMaker: parents looked up, the overall best shown (issue 12, item 4)."""

from __future__ import annotations

import attrs
import pytest
from request_samples import tuning_request

from sagemaker_tuning import errors
from sagemaker_tuning import shapes as sh
from sagemaker_tuning.client import TuningClient
from sagemaker_tuning.testing import LocalSageMaker


def warm(
    name: str,
    *parents: str,
    kind: str = "IdenticalDataAndAlgorithm",
    max_jobs: int = 20,
    parallel: int = 4,
) -> sh.CreateHyperParameterTuningJobRequest:
    """A warm-start request on ``parents`` (the same objective and ranges as theirs)."""
    return attrs.evolve(
        tuning_request(name, max_jobs=max_jobs, parallel=parallel),
        warm_start_config=sh.HyperParameterTuningJobWarmStartConfig(
            parent_hyper_parameter_tuning_jobs=tuple(
                sh.ParentHyperParameterTuningJob(hyper_parameter_tuning_job_name=p) for p in parents
            ),
            warm_start_type=kind,
        ),
    )


def test_an_unknown_parent_is_refused(client: TuningClient) -> None:
    with pytest.raises(errors.ServiceError) as info:
        client.create_hyper_parameter_tuning_job(warm("child", "nobody"))
    assert info.value.code == "ValidationException"
    assert info.value.message == (
        "The warm start parent hyperparameter tuning job nobody does not exist."
    )
    with pytest.raises(errors.ResourceNotFound):
        client.describe_hyper_parameter_tuning_job("child")


def test_a_parent_still_running_is_refused(client: TuningClient) -> None:
    client.create_hyper_parameter_tuning_job(tuning_request("busy-parent", max_jobs=4))
    with pytest.raises(errors.ServiceError) as info:
        client.create_hyper_parameter_tuning_job(warm("child", "busy-parent"))
    assert info.value.code == "ValidationException"
    assert info.value.message == (
        "The warm start parent hyperparameter tuning job busy-parent is InProgress; "
        "parent jobs must be Completed, Stopped or Failed."
    )


@pytest.mark.parametrize("kind", ["IdenticalDataAndAlgorithm", "TransferLearning"])
def test_the_child_describes_its_warm_start_and_the_overall_best(
    client: TuningClient, kind: str
) -> None:
    for parent in ("parent-a", "parent-b"):
        client.create_hyper_parameter_tuning_job(tuning_request(parent, max_jobs=6, parallel=3))
        client.wait_for_hyper_parameter_tuning_job(parent)
    child = warm("child", "parent-a", "parent-b", kind=kind, max_jobs=4, parallel=2)
    client.create_hyper_parameter_tuning_job(child)
    final = client.wait_for_hyper_parameter_tuning_job("child")
    assert final.warm_start_config == child.warm_start_config

    every: dict[str, tuple[str, float]] = {}
    for job in ("parent-a", "parent-b", "child"):
        for summary in client.paginate_training_jobs_for_hyper_parameter_tuning_job(job):
            metric = summary.final_hyper_parameter_tuning_job_objective_metric
            if metric is not None and metric.value is not None:
                every[summary.training_job_name] = (job, metric.value)
    best_name = max(every, key=lambda n: every[n][1])  # the objective is maximized

    overall = final.overall_best_training_job
    assert overall is not None
    assert overall.training_job_name == best_name
    assert overall.tuning_job_name == every[best_name][0]
    # BestTrainingJob stays the child's own best.
    own = final.best_training_job
    assert own is not None and every[own.training_job_name][0] == "child"


def test_a_job_without_warm_start_has_no_overall_best(client: TuningClient) -> None:
    client.create_hyper_parameter_tuning_job(tuning_request("alone", max_jobs=2, parallel=2))
    final = client.wait_for_hyper_parameter_tuning_job("alone")
    assert final.overall_best_training_job is None and final.warm_start_config is None


def test_a_stopped_or_failed_parent_is_accepted() -> None:
    failing = LocalSageMaker(failure_rate=1.0)
    client = failing.client()
    client.create_hyper_parameter_tuning_job(tuning_request("failed", max_jobs=2, parallel=2))
    with pytest.raises(errors.TuningJobFailed):
        client.wait_for_hyper_parameter_tuning_job("failed")
    client.create_hyper_parameter_tuning_job(tuning_request("stopped", max_jobs=2, parallel=2))
    client.stop_hyper_parameter_tuning_job("stopped")
    client.wait_for_hyper_parameter_tuning_job_stopped("stopped")
    client.create_hyper_parameter_tuning_job(warm("child", "failed", "stopped", max_jobs=2))
    child = client.describe_hyper_parameter_tuning_job("child")
    assert child.overall_best_training_job is None  # no parent or child job has a metric yet


def test_parents_training_jobs_count_against_the_tuning_jobs_limit() -> None:
    service = LocalSageMaker(max_training_jobs=10, failure_rate=0.0)
    client = service.client()
    client.create_hyper_parameter_tuning_job(tuning_request("parent", max_jobs=6, parallel=3))
    client.wait_for_hyper_parameter_tuning_job("parent")
    with pytest.raises(errors.ResourceLimitExceeded) as info:
        client.create_hyper_parameter_tuning_job(warm("child", "parent", max_jobs=5))
    assert info.value.message == (
        "MaxNumberOfTrainingJobs 5 plus the 6 training jobs of the warm start's parent jobs "
        "exceed the limit of 10 training jobs per tuning job"
    )
    client.create_hyper_parameter_tuning_job(warm("child", "parent", max_jobs=4))
