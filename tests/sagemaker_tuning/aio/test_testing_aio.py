"""The testing kit answers aiobotocore clients: in process, attached, over HTTP, on virtual time.

Faults, rate limits (answered by botocore's standard retries), the typed stubber and the
``local_sagemaker_aio`` fixture, with aiobotocore clients and ``AsyncTuningClient``.
"""

from __future__ import annotations

import asyncio
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from aiobotocore.config import AioConfig
from aiobotocore.session import AioSession
from botocore.exceptions import ClientError

from sagemaker_tuning import shapes as sh
from sagemaker_tuning.errors import ResourceNotFound, ServiceError
from sagemaker_tuning.serde import to_api
from sagemaker_tuning.testing import (
    LocalSageMaker,
    LocalSageMakerServer,
    TuningStubber,
    VirtualClock,
    sample_request,
)
from sagemaker_tuning.testing.local import sleep_async

DESCRIBE = "DescribeHyperParameterTuningJob"
NO_RETRIES = AioConfig(retries={"total_max_attempts": 1})
STANDARD = AioConfig(retries={"mode": "standard", "total_max_attempts": 5})


def create_params(name: str, **limits: int) -> dict[str, Any]:
    params: dict[str, Any] = to_api(sample_request(name, **limits))
    return params


async def describe(boto: Any, name: str) -> dict[str, Any]:
    response: dict[str, Any] = await boto.describe_hyper_parameter_tuning_job(
        HyperParameterTuningJobName=name
    )
    return response


async def poll_until_done(boto: Any, clock: VirtualClock, name: str) -> dict[str, Any]:
    """What an async waiter does: describe, then sleep on the clock; at most 500 polls."""
    for _ in range(500):
        response = await describe(boto, name)
        if response["HyperParameterTuningJobStatus"] != "InProgress":
            return response
        await clock.sleep_async(30)
    raise AssertionError(f"{name} still in progress after 500 polls")


# -- clients ----------------------------------------------------------------------------------


async def test_an_in_process_aiobotocore_client_runs_a_tuning_job_on_virtual_time() -> None:
    service = LocalSageMaker(seed=3)
    assert isinstance(service.clock, VirtualClock)
    before = service.clock.time()
    async with service.aio_botocore_client() as boto:
        created = await boto.create_hyper_parameter_tuning_job(
            **create_params("aio-run", max_jobs=4, parallel=2)
        )
        assert created["HyperParameterTuningJobArn"].endswith("/aio-run")
        final = await poll_until_done(boto, service.clock, "aio-run")
        listed = await boto.list_training_jobs_for_hyper_parameter_tuning_job(
            HyperParameterTuningJobName="aio-run"
        )
    assert final["HyperParameterTuningJobStatus"] == "Completed"
    assert final["CreationTime"].tzinfo is not None  # parsed as botocore parses timestamps
    assert len(listed["TrainingJobSummaries"]) == 4
    assert service.clock.time() - before >= 30  # time moved only by the sleeps on the clock
    # The sync clients see the same service.
    assert service.client().describe_hyper_parameter_tuning_job("aio-run").best_training_job


async def test_a_service_error_reaches_the_aiobotocore_client_as_the_service_words_it() -> None:
    async with LocalSageMaker().aio_botocore_client() as boto:
        with pytest.raises(ClientError) as info:
            await describe(boto, "missing")
    error = info.value.response["Error"]
    assert error["Code"] == "ResourceNotFound"
    assert "can't find a tuning job called missing" in error["Message"]
    assert info.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400


async def test_attach_makes_a_users_aiobotocore_client_talk_to_the_service() -> None:
    service = LocalSageMaker()
    session = AioSession()
    async with session.create_client(
        "sagemaker",
        region_name="us-east-1",
        endpoint_url="http://127.0.0.1:9",  # closed: only the attached service answers
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    ) as boto:
        assert service.attach(boto) is boto
        await boto.create_hyper_parameter_tuning_job(**create_params("mine"))
        assert (await describe(boto, "mine"))["HyperParameterTuningJobName"] == "mine"


async def test_attach_refuses_other_services_clients() -> None:
    async with AioSession().create_client(
        "s3", region_name="us-east-1", aws_access_key_id="x", aws_secret_access_key="y"
    ) as s3:
        with pytest.raises(TypeError, match="expected a SageMaker client, got a S3 client"):
            LocalSageMaker().attach(s3)


async def test_an_aiobotocore_client_with_endpoint_url_works_over_http() -> None:
    service = LocalSageMaker(seed=5)
    with LocalSageMakerServer(service) as server:
        async with AioSession().create_client(
            "sagemaker",
            region_name="us-east-1",
            endpoint_url=server.url,
            aws_access_key_id="testing",
            aws_secret_access_key="testing",
        ) as boto:
            await boto.create_hyper_parameter_tuning_job(**create_params("http", max_jobs=2))
            final = await poll_until_done(boto, service.clock, "http")
        async with server.aio_botocore_client() as boto:
            listed = await boto.list_hyper_parameter_tuning_jobs()
    assert final["HyperParameterTuningJobStatus"] == "Completed"
    assert [
        s["HyperParameterTuningJobName"] for s in listed["HyperParameterTuningJobSummaries"]
    ] == ["http"]


# -- the virtual clock ------------------------------------------------------------------------


async def test_the_virtual_clocks_async_sleep_advances_and_lets_other_tasks_run() -> None:
    clock = VirtualClock()
    start = clock.time()
    ran: list[str] = []

    async def other() -> None:
        ran.append("other")

    task = asyncio.get_running_loop().create_task(other())
    await clock.sleep_async(3600)
    assert clock.time() - start == 3600
    assert ran == ["other"]  # the sleep yielded to the loop
    await task
    assert sleep_async(clock) == clock.sleep_async


async def test_a_clock_without_an_async_sleep_sleeps_in_a_thread() -> None:
    slept: list[float] = []

    class OwnClock:
        def time(self) -> float:
            return 0.0

        def sleep(self, seconds: float) -> None:
            slept.append(seconds)

    await sleep_async(OwnClock())(2.5)
    assert slept == [2.5]


# -- faults and rate limits -------------------------------------------------------------------


async def test_injected_faults_reach_aiobotocore_clients() -> None:
    service = LocalSageMaker()
    service.inject("throttle", DESCRIBE)
    service.inject("server-error", DESCRIBE)
    async with service.aio_botocore_client(NO_RETRIES) as boto:
        codes = []
        for _ in range(3):
            try:
                await describe(boto, "nightly-xgb")
            except ClientError as error:
                codes.append(
                    (
                        error.response["Error"]["Code"],
                        error.response["ResponseMetadata"]["HTTPStatusCode"],
                    )
                )
    assert codes == [
        ("ThrottlingException", 400),
        ("InternalFailure", 500),
        ("ResourceNotFound", 400),
    ]
    assert [(f.operation, f.kind) for f in service.fault_log] == [
        (DESCRIBE, "throttle"),
        (DESCRIBE, "server-error"),
    ]


async def test_a_slow_answer_advances_the_virtual_clock() -> None:
    service = LocalSageMaker()
    service.inject("slow", DESCRIBE)
    before = service.clock.time()
    async with service.aio_botocore_client() as boto:
        with pytest.raises(ClientError):
            await describe(boto, "none")
    assert service.clock.time() - before == service.faults.slow_seconds


async def test_botocore_standard_retries_answer_the_rate_limit_for_aiobotocore() -> None:
    service = LocalSageMaker(rate_limits={DESCRIBE: 1.0})
    before = service.clock.time()
    async with service.aio_botocore_client(STANDARD) as boto:
        await boto.create_hyper_parameter_tuning_job(**create_params("rated"))
        names = [(await describe(boto, "rated"))["HyperParameterTuningJobName"] for _ in range(3)]
    assert names == ["rated"] * 3
    assert service.throttled[DESCRIBE] >= 1
    # The retries slept on the virtual clock: three calls at one a second need two seconds.
    assert service.clock.time() - before >= 2.0


async def test_without_retries_the_rate_limit_is_counted_and_raised() -> None:
    service = LocalSageMaker(rate_limits={DESCRIBE: 2.0})
    async with service.aio_botocore_client(NO_RETRIES) as boto:
        outcomes = []
        for _ in range(3):
            try:
                await describe(boto, "none")
            except ClientError as error:
                outcomes.append(error.response["Error"]["Code"])
    assert outcomes == ["ResourceNotFound", "ResourceNotFound", "ThrottlingException"]
    assert service.throttled == {DESCRIBE: 1}


async def test_the_server_rate_limits_aiobotocore_clients_over_http() -> None:
    with LocalSageMakerServer(rate_limits={DESCRIBE: 0.001}) as server:
        async with server.aio_botocore_client(NO_RETRIES) as boto:
            outcomes = []
            for _ in range(2):
                try:
                    await describe(boto, "none")
                except ClientError as error:
                    outcomes.append(error.response["Error"]["Code"])
    assert outcomes == ["ResourceNotFound", "ThrottlingException"]
    assert server.service.throttled[DESCRIBE] == 1


# -- AsyncTuningClient (sagemaker_tuning.aio) -------------------------------------------------


async def test_aio_client_is_an_async_tuning_client_whose_waiters_advance_the_clock() -> None:
    from sagemaker_tuning.aio import AsyncTuningClient

    service = LocalSageMaker(seed=2)
    before = service.clock.time()
    async with service.aio_client() as client:
        assert isinstance(client, AsyncTuningClient)
        await client.create_hyper_parameter_tuning_job(
            sample_request("typed", max_jobs=3, parallel=3)
        )
        # The kit's part is the sleep: every schedule's delays go to the virtual clock.
        final = await client.wait_for_hyper_parameter_tuning_job("typed", schedule="smithy")
    assert final.hyper_parameter_tuning_job_status == "Completed"
    assert service.clock.time() > before


async def test_the_stubber_answers_an_async_tuning_client() -> None:
    service = LocalSageMaker()
    async with service.aio_client() as client:
        with TuningStubber(client) as stubber:
            stubber.add_error(
                client.describe_training_job,
                ResourceNotFound,
                "no such job",
                expected_request="job-1",
            )
            stubber.add_response("stop_hyper_parameter_tuning_job", None, expected_request="tune-1")
            with pytest.raises(ResourceNotFound) as info:
                await client.describe_training_job("job-1")
            await client.stop_hyper_parameter_tuning_job("tune-1")
            stubber.assert_no_pending_responses()
        assert info.value.message == "no such job"
        # Outside the stubber the service answers again.
        with pytest.raises(ServiceError):
            await client.describe_training_job("job-1")


async def test_the_local_sagemaker_aio_fixture_is_a_client_on_the_local_service(
    local_sagemaker_aio: Any, local_sagemaker: LocalSageMaker
) -> None:
    await local_sagemaker_aio.create_hyper_parameter_tuning_job(sample_request("fixture"))
    described = local_sagemaker.client().describe_hyper_parameter_tuning_job("fixture")
    assert isinstance(described, sh.DescribeHyperParameterTuningJobResponse)
    assert described.hyper_parameter_tuning_job_name == "fixture"


USER_ASYNC_TESTS = """
import pytest
from sagemaker_tuning.testing import sample_request


@pytest.mark.asyncio
async def test_a_users_async_test(local_sagemaker_aio, local_sagemaker):
    await local_sagemaker_aio.create_hyper_parameter_tuning_job(sample_request("user-job"))
    described = local_sagemaker.client().describe_hyper_parameter_tuning_job("user-job")
    assert described.hyper_parameter_tuning_job_name == "user-job"
"""


def test_the_async_fixture_works_in_pytest_asyncios_strict_mode(tmp_path: Path) -> None:
    # A user's project: no conftest, pytest-asyncio in its default (strict) mode.
    (tmp_path / "test_user.py").write_text(USER_ASYNC_TESTS)
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"]
        + ["-o", "asyncio_mode=strict", str(tmp_path)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 passed" in result.stdout
