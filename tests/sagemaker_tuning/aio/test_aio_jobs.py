"""sagemaker_tuning.workflows.aio_jobs.AsyncTuningJob: the async handle, held against the sync one."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator

import pytest
import pytest_asyncio

from sagemaker_tuning import TuningJob, ValidationError, requests
from sagemaker_tuning.aio import AsyncTuningClient
from sagemaker_tuning.errors import ResourceNotFound, ServiceError
from sagemaker_tuning.testing import LocalSageMaker, sample_request
from sagemaker_tuning.workflows.aio_jobs import AsyncTuningJob


@pytest.fixture
def service() -> LocalSageMaker:
    return LocalSageMaker(seed=4)


@pytest_asyncio.fixture
async def client(service: LocalSageMaker) -> AsyncIterator[AsyncTuningClient]:
    async with service.aio_client() as created:
        yield created


async def start(client: AsyncTuningClient, name: str = "parent", jobs: int = 4) -> AsyncTuningJob:
    await client.create_hyper_parameter_tuning_job(sample_request(name, max_jobs=jobs, parallel=2))
    return AsyncTuningJob(client, name)


@pytest.mark.asyncio
async def test_a_handle_checks_its_name_calls_nothing_and_compares_by_name_and_client(
    service: LocalSageMaker, client: AsyncTuningClient
) -> None:
    async with service.aio_client() as other:
        assert AsyncTuningJob(client, "a") != AsyncTuningJob(other, "a")
    job = AsyncTuningJob(client, "not-created-yet")
    assert (job.name, job.client, repr(job)) == (
        "not-created-yet",
        client,
        "AsyncTuningJob('not-created-yet')",
    )
    assert job == AsyncTuningJob(client, "not-created-yet")
    assert hash(job) == hash(AsyncTuningJob(client, "not-created-yet"))
    assert job != AsyncTuningJob(client, "b")
    assert job != TuningJob(service.client(), "not-created-yet") and job != "not-created-yet"
    assert AsyncTuningJob.__slots__ == ("_client", "_name")
    with pytest.raises(AttributeError):
        job.cached = 1  # type: ignore[attr-defined]
    with pytest.raises(ResourceNotFound):
        await job.describe()
    with pytest.raises(ValidationError) as caught:
        AsyncTuningJob(client, "no_underscores")
    assert [v.path for v in caught.value.violations] == ["HyperParameterTuningJobName"]


@pytest.mark.asyncio
async def test_describe_progress_wait_and_the_view_ask_the_service_each_time(
    service: LocalSageMaker, client: AsyncTuningClient
) -> None:
    job = await start(client)
    sync = TuningJob(service.client(), "parent")
    first = await job.describe()
    assert first.hyper_parameter_tuning_job_status == "InProgress"
    assert first == sync.describe()
    final = await job.wait(max_wait=86400)
    assert final.hyper_parameter_tuning_job_status == "Completed"
    assert await job.describe() == final == sync.describe()
    assert final.creation_time is not None
    assert await job.progress(now=final.creation_time) == sync.progress(now=final.creation_time)
    assert await job.describe_tuning_job(exact=True) == sync.describe_tuning_job(exact=True)


@pytest.mark.asyncio
async def test_stop_without_and_with_waiting(client: AsyncTuningClient) -> None:
    first = await start(client, "first", jobs=20)
    assert await first.stop() is None
    assert (await first.describe()).hyper_parameter_tuning_job_status in ("Stopping", "Stopped")
    second = await start(client, "second", jobs=20)
    final = await second.stop(wait=True, max_wait=3600)
    assert final.hyper_parameter_tuning_job_status == "Stopped"


@pytest.mark.asyncio
async def test_training_jobs_iterate_and_page_as_the_sync_handles(
    service: LocalSageMaker, client: AsyncTuningClient
) -> None:
    job = await start(client, jobs=5)
    await job.wait()
    sync = TuningJob(service.client(), "parent")
    everything = [s async for s in job.training_jobs(page_size=2)]
    assert len(everything) == 5 and everything == list(sync.training_jobs(page_size=2))
    options = {"sort_by": "FinalObjectiveMetricValue", "sort_order": "Descending", "max_items": 2}
    best_first = [s async for s in job.training_jobs(**options)]  # type: ignore[arg-type]
    assert best_first == list(sync.training_jobs(**options))  # type: ignore[arg-type]
    assert len(best_first) == 2
    completed = [s async for s in job.training_jobs(status_equals="Completed")]
    assert {str(s.training_job_status) for s in completed} == {"Completed"}
    pages = [page async for page in job.training_jobs(page_size=2).pages()]
    assert [len(p.training_job_summaries) for p in pages] == [2, 2, 1]
    # Resumable as the sync paginator: stop after two, go on from the token.
    paginator = job.training_jobs(page_size=2, max_items=2)
    head = [s async for s in paginator]
    token = paginator.resume_token
    assert token is not None
    rest = [s async for s in job.training_jobs(page_size=2, starting_token=token)]
    assert head + rest == everything


@pytest.mark.asyncio
async def test_a_keyword_no_method_declares_is_refused_by_both_handles(
    service: LocalSageMaker, client: AsyncTuningClient
) -> None:
    job = await start(client)
    sync = TuningJob(service.client(), "parent")
    for method, call in [
        ("wait", lambda: job.wait(max_wiat=5)),  # type: ignore[call-arg]
        ("stop", lambda: job.stop(wait=True, delay=5)),  # type: ignore[call-overload]
        ("clone_request", lambda: job.clone_request("c", max_job=5)),  # type: ignore[call-arg]
    ]:
        with pytest.raises(TypeError, match=rf"{method}\(\) got an unexpected keyword"):
            await call()
    with pytest.raises(
        TypeError, match=r"training_jobs\(\) got an unexpected keyword argument 'page'"
    ):
        job.training_jobs(page=2)  # type: ignore[call-arg]
    with pytest.raises(TypeError, match=r"wait\(\) got an unexpected keyword argument 'x'"):
        sync.wait(x=1)  # type: ignore[call-arg]
    with pytest.raises(TypeError, match=r"training_jobs\(\) got an unexpected keyword"):
        sync.training_jobs(status="Completed")  # type: ignore[call-arg]
    assert (await job.describe()).hyper_parameter_tuning_job_status == "InProgress"  # not stopped


@pytest.mark.asyncio
async def test_best_training_job_is_none_before_any_result_then_the_full_description(
    service: LocalSageMaker, client: AsyncTuningClient
) -> None:
    job = await start(client)
    assert await job.best_training_job() is None
    described = await job.wait()
    best = await job.best_training_job()
    assert best is not None and described.best_training_job is not None
    assert best.training_job_name == described.best_training_job.training_job_name
    assert best == TuningJob(service.client(), "parent").best_training_job()
    assert await job.best_training_job(overall=True) == best


@pytest.mark.asyncio
async def test_clone_request_is_the_sync_handles(
    service: LocalSageMaker, client: AsyncTuningClient
) -> None:
    job = await start(client)
    sync = TuningJob(service.client(), "parent")
    assert await job.clone_request("copy") == sync.clone_request("copy")
    assert await job.clone_request("copy") == sample_request("copy", max_jobs=4, parallel=2)
    warm = await job.clone_request(
        "warm", warm_start="IdenticalDataAndAlgorithm", parents=["other", "PARENT"], max_jobs=8
    )
    assert warm == sync.clone_request(
        "warm", warm_start="IdenticalDataAndAlgorithm", parents=["other", "PARENT"], max_jobs=8
    )
    assert warm.warm_start_config == requests.warm_start(
        ["parent", "other"], "IdenticalDataAndAlgorithm"
    )


@pytest.mark.asyncio
async def test_clone_warm_starts_a_new_job_end_to_end(client: AsyncTuningClient) -> None:
    parent = await start(client)
    await parent.wait()
    child = await parent.clone("child", warm_start="TransferLearning", max_jobs=3)
    assert child == AsyncTuningJob(parent.client, "child")
    final = await child.wait()
    assert final.warm_start_config == requests.warm_start("parent", "TransferLearning")
    assert final.hyper_parameter_tuning_job_status == "Completed"


@pytest.mark.asyncio
async def test_clone_refuses_a_running_or_unknown_parent_and_creates_nothing(
    client: AsyncTuningClient,
) -> None:
    parent = await start(client, jobs=20)
    with pytest.raises(ValidationError) as caught:
        await parent.clone("child", warm_start="TransferLearning", parents=["Parent", "ghost"])
    assert sorted(v.rule for v in caught.value.violations) == [
        "warm-start-parent-exists",
        "warm-start-parent-terminal",
    ]
    with pytest.raises(ResourceNotFound):
        await AsyncTuningJob(parent.client, "child").describe()  # nothing was created
    with pytest.raises(ServiceError) as refused:
        await parent.clone("child", warm_start="TransferLearning", check=False)
    assert refused.value.code == "ValidationException"


@pytest.mark.asyncio
async def test_clone_refuses_rule_errors_and_logs_warnings(
    client: AsyncTuningClient, caplog: pytest.LogCaptureFixture
) -> None:
    parent = await start(client)
    await parent.wait()
    with pytest.raises(ValidationError) as caught:
        await parent.clone("grid", strategy="Grid")  # Grid takes categorical ranges only
    assert {v.rule for v in caught.value.violations} == {"grid-categorical-only"}
    with caplog.at_level(logging.WARNING, logger="sagemaker_tuning.jobs"):
        await parent.clone("wide", max_jobs=2, max_parallel=3)  # more parallel than total
    assert "[parallel-jobs-max]" in caplog.text
    assert (await AsyncTuningJob(parent.client, "wide").describe()).hyper_parameter_tuning_job_name
