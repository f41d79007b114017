"""workflows.watch.wait_for_all: many waits on one loop, bounded, fail-fast, cancellable."""

from __future__ import annotations

import asyncio
import importlib.util
import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio

from sagemaker_tuning.aio import AsyncTuningClient
from sagemaker_tuning.errors import ResourceNotFound
from sagemaker_tuning.testing import LocalSageMaker, LocalSageMakerServer, RealClock, sample_request
from sagemaker_tuning.validation import ValidationError
from sagemaker_tuning.workflows.watch import wait_for_all


@pytest.fixture
def service() -> LocalSageMaker:
    return LocalSageMaker(seed=1)


@pytest_asyncio.fixture
async def client(service: LocalSageMaker) -> AsyncIterator[AsyncTuningClient]:
    async with service.aio_client() as created:
        yield created


async def create(client: AsyncTuningClient, *names: str, jobs: int = 3) -> None:
    for name in names:
        await client.create_hyper_parameter_tuning_job(sample_request(name, max_jobs=jobs))


class Watched:
    """Counts the waits ``client`` runs: started, running at once, cancelled."""

    def __init__(self, client: Any, hold: asyncio.Event | None = None) -> None:
        self.started: list[str] = []
        self.cancelled: list[str] = []
        self.running = self.peak = 0
        wait = client.wait_for_hyper_parameter_tuning_job

        async def counted(name: str, **options: Any) -> Any:
            self.started.append(name)
            self.running += 1
            self.peak = max(self.peak, self.running)
            try:
                if hold is not None and name != "missing":
                    await hold.wait()
                return await wait(name, **options)
            except asyncio.CancelledError:
                self.cancelled.append(name)
                raise
            finally:
                self.running -= 1

        client.wait_for_hyper_parameter_tuning_job = counted


@pytest.mark.asyncio
async def test_results_come_in_the_order_of_names_and_a_repeated_name_is_waited_once(
    client: AsyncTuningClient,
) -> None:
    await create(client, "a", "b", "c")
    watched = Watched(client)
    polled: list[str] = []
    results = await wait_for_all(
        client,
        ["c", "a", "b", "a"],
        max_wait=86400,
        on_poll=lambda answer: polled.append(answer.hyper_parameter_tuning_job_name),
    )
    assert [r.hyper_parameter_tuning_job_name for r in results] == ["c", "a", "b", "a"]
    assert {str(r.hyper_parameter_tuning_job_status) for r in results} == {"Completed"}
    assert results[1] is results[3]
    assert sorted(watched.started) == ["a", "b", "c"]
    assert set(polled) == {"a", "b", "c"}  # the options reach every job's waiter
    assert await wait_for_all(client, []) == []


@pytest.mark.asyncio
async def test_at_most_max_concurrency_jobs_are_watched_at_once(client: AsyncTuningClient) -> None:
    names = [f"job-{i}" for i in range(5)]
    await create(client, *names)
    watched = Watched(client)
    results = await wait_for_all(client, names, max_concurrency=2)
    assert len(results) == 5 and watched.peak == 2 and sorted(watched.started) == names
    more = [f"next-{i}" for i in range(5)]
    for name in more:
        await client.create_hyper_parameter_tuning_job(sample_request(name, max_jobs=3))
    again = Watched(client)
    await wait_for_all(client, more)  # the default bound is above 5: all at once
    assert again.peak == 5


@pytest.mark.asyncio
async def test_the_first_error_cancels_the_other_waits_and_is_raised(
    client: AsyncTuningClient,
) -> None:
    await create(client, "a", "b")
    hold = asyncio.Event()  # "a" and "b" are still being watched when "missing" fails
    watched = Watched(client, hold)
    with pytest.raises(ResourceNotFound):
        await wait_for_all(client, ["a", "missing", "b"])
    assert sorted(watched.cancelled) == ["a", "b"]
    assert asyncio.all_tasks() == {asyncio.current_task()}  # no wait outlives the call


@pytest.mark.asyncio
async def test_return_exceptions_puts_each_jobs_error_in_its_place(
    client: AsyncTuningClient,
) -> None:
    await create(client, "a", "b")
    watched = Watched(client)
    results = await wait_for_all(client, ["a", "missing", "b"], return_exceptions=True)
    assert isinstance(results[1], ResourceNotFound)
    assert [getattr(r, "hyper_parameter_tuning_job_name", None) for r in results] == [
        "a",
        None,
        "b",
    ]
    assert watched.cancelled == []


@pytest.mark.asyncio
async def test_cancelling_the_caller_cancels_every_wait(client: AsyncTuningClient) -> None:
    await create(client, "a", "b", "c")
    hold = asyncio.Event()
    watched = Watched(client, hold)
    caller = asyncio.ensure_future(wait_for_all(client, ["a", "b", "c"], max_concurrency=2))
    while len(watched.started) < 2:
        await asyncio.sleep(0)
    caller.cancel()
    with pytest.raises(asyncio.CancelledError):
        await caller
    assert sorted(watched.cancelled) == ["a", "b"] and watched.started == ["a", "b"]
    assert asyncio.all_tasks() == {asyncio.current_task()}


@pytest.mark.asyncio
async def test_bad_arguments_are_refused_before_anything_is_sent(client: AsyncTuningClient) -> None:
    await create(client, "a")
    watched = Watched(client)
    with pytest.raises(ValidationError) as caught:
        await wait_for_all(client, ["a", "not_valid"])
    assert [v.path for v in caught.value.violations] == ["HyperParameterTuningJobName"]
    with pytest.raises(TypeError, match="not one str"):
        await wait_for_all(client, "a")
    with pytest.raises(ValueError, match="max_concurrency must be at least 1"):
        await wait_for_all(client, ["a"], max_concurrency=0)
    with pytest.raises(TypeError, match="max_concurrency must be an int"):
        await wait_for_all(client, ["a"], max_concurrency=2.5)  # type: ignore[call-overload]
    with pytest.raises(TypeError, match=r"wait_for_all\(\) got an unexpected keyword argument"):
        await wait_for_all(client, ["a"], max_wiat=5)  # type: ignore[call-overload]
    assert watched.started == []


# -- the Async page's Airflow-style trigger (examples/async_trigger.py), as shipped -------------


def trigger_example() -> Any:
    path = Path(__file__).resolve().parents[3] / "examples" / "async_trigger.py"
    spec = importlib.util.spec_from_file_location("async_trigger_example", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.asyncio
async def test_the_trigger_example_yields_one_success_event_over_http() -> None:
    example = trigger_example()
    # The service's clock runs 20 000 times real time: a 2-training-job run takes milliseconds.
    service = LocalSageMaker(seed=1, failure_rate=0.0, clock=RealClock(speed=20_000.0))
    with LocalSageMakerServer(service) as server:
        sync = server.client()
        sync.create_hyper_parameter_tuning_job(sample_request("deferred", max_jobs=2, parallel=2))
        events = [
            event
            async for event in example.run(
                "deferred",
                region_name="us-east-1",
                endpoint_url=server.url,
                poll_interval=0.005,
                max_attempts=4000,
            )
        ]
        best = sync.describe_hyper_parameter_tuning_job("deferred").best_training_job
    assert best is not None
    assert events == [
        {
            "status": "success",
            "job_name": "deferred",
            "job_status": "Completed",
            "best_training_job": best.training_job_name,
            "model": f"s3://demo-bucket/tuning/{best.training_job_name}/output/model.tar.gz",
        }
    ]
    json.dumps(events)  # a trigger event's payload must serialize


@pytest.mark.asyncio
async def test_the_trigger_example_reports_failure_timeout_and_unknown_jobs(
    client: AsyncTuningClient, service: LocalSageMaker
) -> None:
    example = trigger_example()
    service.failure_rate = 1.0
    await create(client, "doomed")
    failed = await example.tuning_job_event(client, "doomed")
    assert failed["status"] == "error" and "ended with" in failed["message"]
    service.failure_rate = 0.0
    await create(client, "slow", jobs=20)
    late = await example.tuning_job_event(client, "slow", poll_interval=30.0, max_attempts=2)
    assert late["status"] == "timeout" and late["job_name"] == "slow"
    unknown = await example.tuning_job_event(client, "never-created")
    assert unknown["status"] == "error" and "never-created" in unknown["message"]
