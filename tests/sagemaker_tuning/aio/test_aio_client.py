"""The async client: the sync client's operations, typed and validated, awaited on aiobotocore.

Run against the local service over HTTP on 127.0.0.1 (aiobotocore's real wire path), with a
virtual clock the async waiters advance.
"""

from __future__ import annotations

import asyncio
import warnings
from collections.abc import AsyncIterator, Iterator
from typing import Any

import pytest
from request_samples import tuning_request

from sagemaker_tuning import errors, serde
from sagemaker_tuning import shapes as sh
from sagemaker_tuning.client import TuningClient
from sagemaker_tuning.testing import LocalSageMaker, LocalSageMakerServer, VirtualClock

aiobotocore_session = pytest.importorskip("aiobotocore.session")
pytest_asyncio = pytest.importorskip("pytest_asyncio")

from sagemaker_tuning.aio import AsyncPaginator, AsyncTrainingJobPaginator, AsyncTuningClient  # noqa: E402

pytestmark = pytest.mark.asyncio

REGION = "us-east-1"


@pytest.fixture
def service() -> LocalSageMaker:
    return LocalSageMaker(clock=VirtualClock())


@pytest.fixture
def server(service: LocalSageMaker) -> Iterator[LocalSageMakerServer]:
    with LocalSageMakerServer(service) as running:
        yield running


def _virtual_sleep(clock: VirtualClock) -> Any:
    async def sleep(seconds: float) -> None:
        clock.advance(seconds)
        await asyncio.sleep(0)

    return sleep


@pytest_asyncio.fixture
async def client(
    server: LocalSageMakerServer, service: LocalSageMaker
) -> AsyncIterator[AsyncTuningClient]:
    clock = service.clock
    assert isinstance(clock, VirtualClock)
    async with AsyncTuningClient.create(region_name=REGION, endpoint_url=server.url) as created:
        created.clock, created.sleep = clock.time, _virtual_sleep(clock)
        yield created


def _quiet(request: sh.CreateHyperParameterTuningJobRequest) -> Any:
    return warnings.catch_warnings(action="ignore", category=errors.RuleWarning)


async def test_create_describe_list_stop_round_trip(client: AsyncTuningClient) -> None:
    request = tuning_request("aio-round-trip", max_jobs=6, parallel=2)
    with _quiet(request):
        created = await client.create_hyper_parameter_tuning_job(request)
    assert created.hyper_parameter_tuning_job_arn.endswith("/aio-round-trip")
    described = await client.describe_hyper_parameter_tuning_job("aio-round-trip")
    assert isinstance(described, sh.DescribeHyperParameterTuningJobResponse)
    assert described.hyper_parameter_tuning_job_name == "aio-round-trip"
    assert client.service_now() is not None
    listed = await client.list_hyper_parameter_tuning_jobs()
    assert [
        s.hyper_parameter_tuning_job_name for s in listed.hyper_parameter_tuning_job_summaries
    ] == ["aio-round-trip"]
    assert await client.stop_hyper_parameter_tuning_job("aio-round-trip") is None
    stopped = await client.wait_for_hyper_parameter_tuning_job_stopped("aio-round-trip")
    assert str(stopped.hyper_parameter_tuning_job_status) in ("Stopped", "Completed")


async def test_an_invalid_request_raises_before_anything_is_sent(
    client: AsyncTuningClient, service: LocalSageMaker
) -> None:
    before = await client.list_hyper_parameter_tuning_jobs()
    with pytest.raises(errors.ValidationError) as raised:
        await client.describe_hyper_parameter_tuning_job("bad name!")
    assert "HyperParameterTuningJobName" in str(raised.value)
    with pytest.raises(TypeError, match="DescribeTrainingJobRequest or a name"):
        await client.describe_training_job(42)  # type: ignore[arg-type]
    # Built leniently (as from an answer), so no constructor checked it: the client does.
    wire = serde.to_api(tuning_request("aio-bad", max_jobs=2, parallel=1))
    bad = serde.from_api(
        sh.CreateHyperParameterTuningJobRequest,
        {**wire, "HyperParameterTuningJobName": "bad name!"},
    )
    with pytest.raises(errors.ValidationError, match="HyperParameterTuningJobName"):
        await client.create_hyper_parameter_tuning_job(bad)
    after = await client.list_hyper_parameter_tuning_jobs()
    assert before == after


async def test_service_errors_are_the_sync_clients_typed_errors(client: AsyncTuningClient) -> None:
    with pytest.raises(errors.ResourceNotFound) as raised:
        await client.describe_hyper_parameter_tuning_job("nobody")
    assert raised.value.operation == "DescribeHyperParameterTuningJob"
    request = tuning_request("aio-twice", max_jobs=2, parallel=1)
    with _quiet(request):
        await client.create_hyper_parameter_tuning_job(request)
        with pytest.raises(errors.ResourceInUse):
            await client.create_hyper_parameter_tuning_job(request)


async def test_rule_warnings_point_at_the_callers_line(client: AsyncTuningClient) -> None:
    request = tuning_request("aio-warned", max_jobs=2, parallel=1)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        await client.create_hyper_parameter_tuning_job(request)
    rule_warnings = [w for w in caught if issubclass(w.category, errors.RuleWarning)]
    # The sample names a built-in image with metric definitions of its own: one warning rule.
    assert rule_warnings
    assert all(w.filename == __file__ for w in rule_warnings)


async def test_paginators_are_async_and_resume_like_the_sync_ones(
    client: AsyncTuningClient, service: LocalSageMaker, server: LocalSageMakerServer
) -> None:
    for i in range(7):
        request = tuning_request(f"aio-page-{i}", max_jobs=2, parallel=1)
        with _quiet(request):
            await client.create_hyper_parameter_tuning_job(request)
    pages = client.paginate_hyper_parameter_tuning_jobs(page_size=3, max_items=5)
    assert isinstance(pages, AsyncPaginator)
    with pytest.raises(TypeError):
        iter(pages)  # type: ignore[call-overload]
    first = [s.hyper_parameter_tuning_job_name async for s in pages]
    assert len(first) == 5
    token = pages.resume_token
    assert token is not None
    rest = [
        s.hyper_parameter_tuning_job_name
        async for s in client.paginate_hyper_parameter_tuning_jobs(starting_token=token)
    ]
    assert sorted(first + rest) == sorted(f"aio-page-{i}" for i in range(7))
    # The same engine: the sync paginator over the same service gives the same items and token.
    sync = TuningClient(server.botocore_client())
    sync_pages = sync.paginate_hyper_parameter_tuning_jobs(page_size=3, max_items=5)
    assert [s.hyper_parameter_tuning_job_name for s in sync_pages] == first
    assert sync_pages.resume_token == token
    typed_pages = [
        p async for p in client.paginate_hyper_parameter_tuning_jobs(page_size=4).pages()
    ]
    assert [len(p.hyper_parameter_tuning_job_summaries) for p in typed_pages] == [4, 3]


async def test_training_job_paginator_and_bad_arguments(client: AsyncTuningClient) -> None:
    request = tuning_request("aio-training", max_jobs=3, parallel=3)
    with _quiet(request):
        await client.create_hyper_parameter_tuning_job(request)
    await client.wait_for_hyper_parameter_tuning_job("aio-training", schedule="smithy")
    jobs = client.paginate_training_jobs_for_hyper_parameter_tuning_job("aio-training")
    assert isinstance(jobs, AsyncTrainingJobPaginator)
    summaries = [s async for s in jobs]
    assert len(summaries) == 3
    assert all(isinstance(s, sh.HyperParameterTrainingJobSummary) for s in summaries)
    described = await client.describe_training_job(summaries[0].training_job_name)
    assert described.training_job_name == summaries[0].training_job_name
    with pytest.raises(errors.ValidationError) as raised:
        client.paginate_training_jobs_for_hyper_parameter_tuning_job(
            "aio-training", page_size=0, starting_token="nope"
        )
    assert {v.path for v in raised.value.violations} == {"page_size", "starting_token"}


async def test_waiters_advance_the_virtual_clock_and_raise_typed_errors(
    client: AsyncTuningClient, service: LocalSageMaker
) -> None:
    request = tuning_request("aio-wait", max_jobs=4, parallel=2)
    with _quiet(request):
        await client.create_hyper_parameter_tuning_job(request)
    start = client.clock()
    polls: list[Any] = []
    done = await client.wait_for_hyper_parameter_tuning_job(
        "aio-wait", schedule="smithy", on_poll=polls.append
    )
    assert str(done.hyper_parameter_tuning_job_status) == "Completed"
    assert client.clock() > start  # time passed on the virtual clock, not in this test
    assert len(polls) >= 2 and polls[-1] == done
    with pytest.raises(errors.ResourceNotFound):
        await client.wait_for_hyper_parameter_tuning_job("nobody", schedule="smithy")
    with pytest.raises(errors.ValidationError):
        await client.wait_for_hyper_parameter_tuning_job("aio-wait", schedule=5)  # type: ignore[arg-type]
    slow = tuning_request("aio-slow", max_jobs=50, parallel=1)
    with _quiet(slow):
        await client.create_hyper_parameter_tuning_job(slow)
    with pytest.raises(errors.WaiterTimeout) as timed_out:
        await client.wait_for_hyper_parameter_tuning_job(
            "aio-slow", schedule="smithy", max_wait=300
        )
    assert timed_out.value.last_response is not None


async def test_many_waits_share_one_loop(client: AsyncTuningClient) -> None:
    names = [f"aio-many-{i}" for i in range(5)]
    for name in names:
        request = tuning_request(name, max_jobs=2, parallel=2)
        with _quiet(request):
            await client.create_hyper_parameter_tuning_job(request)
    results = await asyncio.gather(
        *(client.wait_for_hyper_parameter_tuning_job(n, schedule="smithy") for n in names)
    )
    assert [r.hyper_parameter_tuning_job_name for r in results] == names


async def test_wrapping_a_users_aiobotocore_client_leaves_it_unchanged(
    server: LocalSageMakerServer,
) -> None:
    session = aiobotocore_session.get_session()
    async with session.create_client(
        "sagemaker", region_name=REGION, endpoint_url=server.url
    ) as raw:
        parser_factory = raw._endpoint._response_parser_factory  # noqa: SLF001
        before = await raw.list_hyper_parameter_tuning_jobs()
        client = AsyncTuningClient(raw)
        assert client.boto_client is raw
        typed = await client.list_hyper_parameter_tuning_jobs()
        assert typed.hyper_parameter_tuning_job_summaries == ()
        after = await raw.list_hyper_parameter_tuning_jobs()
        assert raw._endpoint._response_parser_factory is parser_factory  # noqa: SLF001
        assert (
            before["HyperParameterTuningJobSummaries"] == after["HyperParameterTuningJobSummaries"]
        )


async def test_a_client_that_is_not_sagemakers_is_refused() -> None:
    with pytest.raises(TypeError, match="AsyncTuningClient needs a botocore or boto3 SageMaker"):
        AsyncTuningClient(object())


async def test_the_workflow_methods_answer_as_the_sync_clients() -> None:
    """tuning_job, tuning_jobs, wait_for_all and describe_tuning_job on the async client."""
    service = LocalSageMaker(clock=VirtualClock())
    names = ["aio-flow-a", "aio-flow-b", "aio-flow-c"]
    async with service.aio_client() as aclient:
        for name in names:
            request = tuning_request(name, max_jobs=3, parallel=2)
            with _quiet(request):
                await aclient.create_hyper_parameter_tuning_job(request)
        handle = aclient.tuning_job("aio-flow-a")
        assert handle.name == "aio-flow-a"
        assert (await handle.describe()).hyper_parameter_tuning_job_name == "aio-flow-a"
        listed = [job.name async for job in aclient.tuning_jobs(max_items=2)]
        assert len(listed) == 2 and set(listed) <= set(names)
        finals = await aclient.wait_for_all([*reversed(names), "aio-flow-c"], schedule="smithy")
        assert [f.hyper_parameter_tuning_job_name for f in finals] == [
            "aio-flow-c",
            "aio-flow-b",
            "aio-flow-a",
            "aio-flow-c",
        ]
        mixed = await aclient.wait_for_all(["aio-flow-a", "nobody"], return_exceptions=True)
        assert isinstance(mixed[1], errors.ResourceNotFound)
        with pytest.raises(errors.ResourceNotFound):
            await aclient.wait_for_all(["aio-flow-a", "nobody"])
        view = await aclient.describe_tuning_job("aio-flow-b")
    sync_view = service.client().describe_tuning_job("aio-flow-b")
    assert view == sync_view


@pytest.mark.parametrize(
    ("body", "reason"),
    [(b"<html>502 Bad Gateway</html>", "not JSON"), (b"[]", "JSON list"), (b"", "empty")],
)
async def test_a_body_that_is_no_answer_raises_malformed_response(body: bytes, reason: str) -> None:
    """The typed calls' one-pass read on aiobotocore's endpoint (the wrapped client's twin)
    refuses a 200 whose body is not the operation's JSON, as the sync client does."""
    from aiobotocore.awsrequest import AioAWSResponse

    class Raw:
        async def read(self, *_: Any) -> bytes:
            return body

    async def answer(request: Any, **_: Any) -> Any:
        return AioAWSResponse(request.url, 200, {"x-amzn-requestid": "r-1"}, Raw())

    session = aiobotocore_session.get_session()
    async with session.create_client(
        "sagemaker", region_name=REGION, endpoint_url="http://127.0.0.1:9"
    ) as raw:
        raw.meta.events.register("before-send.sagemaker", answer)
        client = AsyncTuningClient(raw)
        with pytest.raises(errors.MalformedResponse, match=reason) as raised:
            await client.describe_hyper_parameter_tuning_job("some-job")
        assert raised.value.request_id == "r-1"
