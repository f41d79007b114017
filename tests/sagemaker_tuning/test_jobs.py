"""sagemaker_tuning.jobs.TuningJob: a handle that holds a name and a client, and asks the service."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import timedelta

import attrs
import pytest

from sagemaker_tuning import TuningJob, ValidationError, requests
from sagemaker_tuning import shapes as sh
from sagemaker_tuning.client import TuningClient
from sagemaker_tuning.errors import ResourceNotFound, ServiceError
from sagemaker_tuning.testing import LocalSageMaker, LocalSageMakerServer, sample_request


@pytest.fixture
def service() -> LocalSageMaker:
    return LocalSageMaker(seed=4)


@pytest.fixture(params=["hook", "http"])
def client(request: pytest.FixtureRequest, service: LocalSageMaker) -> Iterator[TuningClient]:
    """A client on ``service``, in process or over HTTP (the same virtual clock)."""
    if request.param == "hook":
        yield service.client()
    else:
        with LocalSageMakerServer(service) as server:
            yield server.client()


def start(client: TuningClient, name: str = "parent", jobs: int = 4) -> TuningJob:
    client.create_hyper_parameter_tuning_job(sample_request(name, max_jobs=jobs, parallel=2))
    return client.tuning_job(name)


def test_a_handle_checks_its_name_and_calls_nothing(service: LocalSageMaker) -> None:
    client = service.client()
    job = client.tuning_job("not-created-yet")
    assert (job.name, job.client, repr(job)) == (
        "not-created-yet",
        client,
        "TuningJob('not-created-yet')",
    )
    with pytest.raises(ResourceNotFound):
        job.describe()
    with pytest.raises(ValidationError) as caught:
        client.tuning_job("no_underscores")
    assert [v.path for v in caught.value.violations] == ["HyperParameterTuningJobName"]


def test_handles_are_equal_by_name_and_client_object(service: LocalSageMaker) -> None:
    client, other = service.client(), service.client()
    assert client.tuning_job("a") == TuningJob(client, "a")
    assert hash(client.tuning_job("a")) == hash(TuningJob(client, "a"))
    assert client.tuning_job("a") != client.tuning_job("b")
    assert client.tuning_job("a") != other.tuning_job("a")
    assert client.tuning_job("a") != "a"


def test_a_handle_holds_no_state(service: LocalSageMaker) -> None:
    job = service.client().tuning_job("a")
    assert TuningJob.__slots__ == ("_client", "_name")
    with pytest.raises(AttributeError):
        job.cached = 1  # type: ignore[attr-defined]


def test_describe_progress_and_wait_ask_the_service_each_time(client: TuningClient) -> None:
    job = start(client)
    first = job.describe()
    assert first.hyper_parameter_tuning_job_status == "InProgress"
    final = job.wait()
    assert final.hyper_parameter_tuning_job_status == "Completed"
    assert job.describe() == final  # a fresh answer, now Completed
    assert final.creation_time is not None
    progress = job.progress(now=final.creation_time + timedelta(hours=9))
    assert (progress.name, progress.finished, str(progress.status)) == ("parent", 4, "Completed")


def test_describe_tuning_job_is_the_clients_preview_view_of_the_job(client: TuningClient) -> None:
    job = start(client, "viewed", jobs=4)
    job.wait()
    view = job.describe_tuning_job()
    assert view == client.describe_tuning_job("viewed")
    assert view.tuning_job_name == "viewed"
    best = job.best_training_job()
    assert best is not None and view.best_training_job is not None
    assert view.best_training_job.training_job_name == best.training_job_name
    exact = job.describe_tuning_job(exact=True)
    assert exact.tuning_job_name == "viewed"
    with pytest.raises(ResourceNotFound):
        client.tuning_job("never-created").describe_tuning_job()


def test_wait_passes_its_keywords_on(service: LocalSageMaker) -> None:
    from sagemaker_tuning.errors import WaiterTimeout

    polls: list[str] = []
    job = start(service.client())
    with pytest.raises(WaiterTimeout):
        job.wait(
            max_wait=30,
            min_delay=5,
            max_delay=5,
            on_poll=lambda r: polls.append(str(r.hyper_parameter_tuning_job_status)),
        )
    assert polls and set(polls) == {"InProgress"}


def test_stop_without_and_with_waiting(client: TuningClient) -> None:
    first = start(client, "first", jobs=20)
    assert first.stop() is None
    assert first.describe().hyper_parameter_tuning_job_status in ("Stopping", "Stopped")
    second = start(client, "second", jobs=20)
    final = second.stop(wait=True, max_wait=3600)
    assert final.hyper_parameter_tuning_job_status == "Stopped"


def test_training_jobs_pages_with_filters(client: TuningClient) -> None:
    job = start(client, jobs=5)
    job.wait()
    everything = list(job.training_jobs(page_size=2))
    assert len(everything) == 5
    best_first = list(
        job.training_jobs(sort_by="FinalObjectiveMetricValue", sort_order="Descending", max_items=2)
    )
    values = [
        s.final_hyper_parameter_tuning_job_objective_metric.value
        for s in best_first
        if s.final_hyper_parameter_tuning_job_objective_metric is not None
    ]
    assert len(values) == 2 and values == sorted(values, reverse=True)
    completed = list(job.training_jobs(status_equals="Completed"))
    assert {str(s.training_job_status) for s in completed} == {"Completed"}


def test_best_training_job_is_none_before_any_result_then_the_full_description(
    client: TuningClient,
) -> None:
    job = start(client)
    assert job.best_training_job() is None
    described = job.wait()
    best = job.best_training_job()
    assert best is not None and described.best_training_job is not None
    assert best.training_job_name == described.best_training_job.training_job_name
    assert best.model_artifacts is not None
    assert best.model_artifacts.s3_model_artifacts == (
        f"s3://demo-bucket/tuning/{best.training_job_name}/output/model.tar.gz"
    )
    # Without a warm start there is no overall best: overall=True falls back to the best.
    assert job.best_training_job(overall=True) == best


def test_best_training_job_overall_prefers_the_overall_best(service: LocalSageMaker) -> None:
    # The local service reports OverallBestTrainingJob only once warm start lands there; a
    # stubbed description shows what the handle does with one.
    from sagemaker_tuning.testing import TuningStubber

    client = service.client()
    job = start(client)
    job.wait()
    described = job.describe()
    assert described.best_training_job is not None
    parent_best = described.best_training_job.training_job_name
    other = sh.HyperParameterTrainingJobSummary(
        training_job_name="older-007-abc",
        training_job_arn="arn:aws:sagemaker:us-east-1:123456789012:training-job/older-007-abc",
        creation_time=described.best_training_job.creation_time,
        training_job_status="Completed",
        tuned_hyper_parameters={"eta": "0.1"},
    )
    with_overall = attrs.evolve(described, overall_best_training_job=other)
    training = client.describe_training_job(parent_best)
    with TuningStubber(client) as stubber:
        stubber.add_response(client.describe_hyper_parameter_tuning_job, with_overall)
        stubber.add_response(
            client.describe_training_job,
            attrs.evolve(training, training_job_name="older-007-abc"),
            expected_request=sh.DescribeTrainingJobRequest(training_job_name="older-007-abc"),
        )
        assert job.best_training_job(overall=True) is not None
        stubber.add_response(client.describe_hyper_parameter_tuning_job, with_overall)
        stubber.add_response(
            client.describe_training_job,
            training,
            expected_request=sh.DescribeTrainingJobRequest(training_job_name=parent_best),
        )
        assert job.best_training_job() == training
        stubber.assert_no_pending_responses()


def test_table_collects_the_training_jobs(client: TuningClient) -> None:
    job = start(client, jobs=3)
    job.wait()
    table = job.table(sort_by="FinalObjectiveMetricValue", sort_order="Descending")
    ranked = job.training_jobs(sort_by="FinalObjectiveMetricValue", sort_order="Descending")
    assert [row.name for row in table] == [s.training_job_name for s in ranked]
    assert len(table) >= 2
    assert len(job.table(max_items=2)) == 2


def test_table_types_hyperparameters_by_the_jobs_own_ranges(client: TuningClient) -> None:
    job = start(client, jobs=3)
    job.wait()
    [record, *_] = job.table().records()
    # The sample's ranges: eta and subsample continuous, max_depth integer, booster categorical.
    assert isinstance(record["eta"], float)
    assert isinstance(record["subsample"], float)
    assert isinstance(record["max_depth"], int)
    assert record["booster"] in ("gbtree", "dart")
    # Ranges passed win: none of them given, the values stay the API's strings.
    other = sh.ParameterRanges(continuous_parameter_ranges=())
    [plain, *_] = job.table(parameter_ranges=other).records()
    assert isinstance(plain["max_depth"], str)


def test_client_tuning_jobs_yields_handles_lazily(service: LocalSageMaker) -> None:
    client = service.client()
    for name in ("alpha-1", "alpha-2", "beta-1"):
        start(client, name, jobs=1)
    request = sh.ListHyperParameterTuningJobsRequest(name_contains="alpha", sort_by="Name")
    assert list(client.tuning_jobs(request)) == [
        client.tuning_job("alpha-1"),
        client.tuning_job("alpha-2"),
    ]
    assert len(list(client.tuning_jobs())) == 3
    assert len(list(client.tuning_jobs(max_items=2, page_size=1))) == 2
    with pytest.raises(ValidationError):
        client.tuning_jobs(page_size=1000)  # validated before anything is iterated


def test_clone_request_copies_the_job_and_warm_starts_from_it(client: TuningClient) -> None:
    job = start(client)
    plain = job.clone_request("copy")
    original = sample_request("copy", max_jobs=4, parallel=2)
    assert plain == original
    warm = job.clone_request(
        "warm", warm_start="IdenticalDataAndAlgorithm", parents=["other", "PARENT"], max_jobs=8
    )
    assert warm.warm_start_config == requests.warm_start(
        ["parent", "other"], "IdenticalDataAndAlgorithm"
    )
    assert warm.hyper_parameter_tuning_job_config.resource_limits.max_number_of_training_jobs == 8


def test_clone_warm_starts_a_new_job_end_to_end(client: TuningClient) -> None:
    # create -> wait -> clone with a warm start -> wait -> the child's description names the
    # parent. (OverallBestTrainingJob is the local service's to add; see test_local_*.)
    parent = start(client)
    parent.wait()
    child = parent.clone("child", warm_start="TransferLearning", max_jobs=3)
    assert child == client.tuning_job("child")
    final = child.wait()
    assert final.warm_start_config == requests.warm_start("parent", "TransferLearning")
    assert final.hyper_parameter_tuning_job_status == "Completed"
    assert (
        requests.check_warm_start(requests.from_description(final, name="grandchild"), client) == []
    )


def test_clone_refuses_a_warm_start_from_a_running_parent(client: TuningClient) -> None:
    parent = start(client, jobs=20)
    with pytest.raises(ValidationError) as caught:
        parent.clone("child", warm_start="TransferLearning")
    assert [v.rule for v in caught.value.violations] == ["warm-start-parent-terminal"]
    with pytest.raises(ResourceNotFound):
        client.tuning_job("child").describe()  # nothing was created
    # check=False leaves the refusal to the service, which refuses a running parent too.
    with pytest.raises(ServiceError) as refused:
        parent.clone("child", warm_start="TransferLearning", check=False)
    assert refused.value.code == "ValidationException"
    assert "parent" in refused.value.message


def test_clone_refuses_rule_errors_and_logs_warnings(
    client: TuningClient, caplog: pytest.LogCaptureFixture
) -> None:
    parent = start(client)
    parent.wait()
    with pytest.raises(ValidationError) as caught:
        parent.clone("grid", strategy="Grid")  # Grid takes categorical ranges only
    assert {v.rule for v in caught.value.violations} == {"grid-categorical-only"}
    with caplog.at_level(logging.WARNING, logger="sagemaker_tuning.jobs"):
        parent.clone("wide", max_jobs=2, max_parallel=3)  # more parallel than total: a warning
    assert "[parallel-jobs-max]" in caplog.text
