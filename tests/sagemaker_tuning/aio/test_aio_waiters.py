"""One waiter engine: the async waiters poll, sleep, call back and give up exactly as the sync ones.

Both clients drive :class:`sagemaker_tuning.transport.waiters.Waiting`; fed the same answers
(and the same random jitter) they must make the same polls and sleeps and end the same way.
"""

from __future__ import annotations

import random
import types
from typing import Any

import pytest
from botocore.exceptions import ClientError

from sagemaker_tuning import errors
from sagemaker_tuning.client import TuningClient

pytest.importorskip("aiobotocore")
pytest.importorskip("pytest_asyncio")

from sagemaker_tuning.aio import AsyncTuningClient  # noqa: E402


def _job(status: str, **extra: Any) -> dict[str, Any]:
    return {
        "HyperParameterTuningJobName": "tj",
        "HyperParameterTuningJobArn": "arn:aws:sagemaker:us-east-1:123456789012:hyper-parameter-tuning-job/tj",
        "HyperParameterTuningJobStatus": status,
        "ResponseMetadata": {"HTTPStatusCode": 200, "HTTPHeaders": {}},
        **extra,
    }


def _throttled() -> ClientError:
    return ClientError(
        {
            "Error": {"Code": "ThrottlingException", "Message": "Rate exceeded"},
            "ResponseMetadata": {"HTTPStatusCode": 400, "HTTPHeaders": {}},
        },
        "DescribeHyperParameterTuningJob",
    )


class _Scripted:
    """A SageMaker client that answers Describe from a script (answers or errors to raise)."""

    def __init__(self, script: list[Any]) -> None:
        self.meta = types.SimpleNamespace(
            service_model=types.SimpleNamespace(service_id="SageMaker"), region_name="us-east-1"
        )
        self.script = list(script)
        self.params: list[dict[str, Any]] = []

    def _next(self, params: dict[str, Any]) -> dict[str, Any]:
        self.params.append(params)
        answer = self.script.pop(0)
        if isinstance(answer, BaseException):
            raise answer
        result: dict[str, Any] = answer
        return result


class _Sync(_Scripted):
    def describe_hyper_parameter_tuning_job(self, **params: Any) -> dict[str, Any]:
        return self._next(params)


class _Async(_Scripted):
    async def describe_hyper_parameter_tuning_job(self, **params: Any) -> dict[str, Any]:
        return self._next(params)


class _Time:
    def __init__(self) -> None:
        self.now = 0.0
        self.sleeps: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds

    async def async_sleep(self, seconds: float) -> None:
        self.sleep(seconds)


def _run_both(script: list[Any], **options: Any) -> tuple[Any, Any]:
    """The sync and the async waiter's outcome on ``script``: (result or error, calls, sleeps, polls, errors)."""
    import asyncio

    outcomes = []
    for kind in ("sync", "async"):
        random.seed(7)
        time = _Time()
        polls: list[Any] = []
        failures: list[BaseException] = []
        common = {"schedule": "smithy", "on_poll": polls.append, "on_error": failures.append}
        outcome: Any
        if kind == "sync":
            sync = _Sync(script)
            client: Any = TuningClient(sync, clock=time.clock, sleep=time.sleep)
            try:
                outcome = client.wait_for_hyper_parameter_tuning_job("tj", **common, **options)
            except Exception as error:  # noqa: BLE001  # compared below
                outcome = error
            fake: _Scripted = sync
        else:
            aio = _Async(script)
            client = AsyncTuningClient(aio, clock=time.clock, sleep=time.async_sleep)
            try:
                outcome = asyncio.run(
                    client.wait_for_hyper_parameter_tuning_job("tj", **common, **options)
                )
            except Exception as error:  # noqa: BLE001
                outcome = error
            fake = aio
        outcomes.append(
            (
                outcome if not isinstance(outcome, Exception) else (type(outcome), str(outcome)),
                fake.params,
                time.sleeps,
                polls,
                [type(f) for f in failures],
            )
        )
    return outcomes[0], outcomes[1]


def test_success_after_throttling_is_the_same_on_both() -> None:
    script = [_job("InProgress"), _throttled(), _job("InProgress"), _job("Completed")]
    sync, aio = _run_both(script)
    assert sync == aio
    result, params, sleeps, polls, failures = aio
    assert str(result.hyper_parameter_tuning_job_status) == "Completed"
    assert params == [{"HyperParameterTuningJobName": "tj"}] * 4
    assert len(sleeps) == 3 and all(90 <= s <= 100 for s in sleeps)
    assert len(polls) == 3 and failures == [type(errors.from_client_error(_throttled()))]


def test_failure_and_timeout_are_the_same_on_both() -> None:
    failed = [_job("InProgress"), _job("Failed", FailureReason="out of memory")]
    sync, aio = _run_both(failed)
    assert sync == aio
    assert aio[0][0] is errors.TuningJobFailed and "out of memory" in aio[0][1]
    slow = [_job("InProgress")] * 10
    sync, aio = _run_both(slow, max_wait=250)
    assert sync == aio
    assert aio[0][0] is errors.WaiterTimeout
    assert sum(aio[2]) == pytest.approx(250)  # the last poll happens at max_wait


def test_an_unknown_job_raises_at_once_on_both() -> None:
    missing = ClientError(
        {
            "Error": {"Code": "ResourceNotFound", "Message": "Amazon SageMaker can't find it"},
            "ResponseMetadata": {"HTTPStatusCode": 400, "HTTPHeaders": {}},
        },
        "DescribeHyperParameterTuningJob",
    )
    sync, aio = _run_both([missing])
    assert sync == aio
    assert aio[0][0] is errors.ResourceNotFound and aio[2] == []


def _count_calls(events: Any, counts: dict[str, int]) -> None:
    def count(model: Any, **_: Any) -> None:
        counts[model.name] = counts.get(model.name, 0) + 1

    events.register("before-call.sagemaker", count)


async def _wait_async(service: Any, counts: dict[str, int], request: Any) -> Any:
    async with service.aio_client() as client:
        _count_calls(client.boto_client.meta.events, counts)
        with pytest.warns(errors.RuleWarning):
            await client.create_hyper_parameter_tuning_job(request)
        return await client.wait_for_hyper_parameter_tuning_job(
            request.hyper_parameter_tuning_job_name
        )


def test_the_forecasting_schedule_is_the_same_through_the_async_waiter() -> None:
    """The default schedule's list calls are made by the async waiter (the listing protocol):
    the same polls, list pages and end as the sync waiter, where the schedule lists itself."""
    import asyncio

    from request_samples import tuning_request

    from sagemaker_tuning.testing import LocalSageMaker, VirtualClock

    request = tuning_request("aio-forecast", max_jobs=40, parallel=2)
    outcomes = []
    for kind in ("sync", "async"):
        random.seed(11)
        service = LocalSageMaker(clock=VirtualClock(), seed=3)
        counts: dict[str, int] = {}
        if kind == "sync":
            client = service.client()
            _count_calls(client.boto_client.meta.events, counts)
            with pytest.warns(errors.RuleWarning):
                client.create_hyper_parameter_tuning_job(request)
            final = client.wait_for_hyper_parameter_tuning_job("aio-forecast")
        else:
            final = asyncio.run(_wait_async(service, counts, request))
        outcomes.append((counts, final.hyper_parameter_tuning_job_status, service.clock.time()))
    (sync_counts, sync_status, sync_end), (aio_counts, aio_status, aio_end) = outcomes
    assert str(sync_status) == str(aio_status) == "Completed"
    assert sync_counts == aio_counts
    # A job this long is listed a few times: the async waiter did list, the schedule did not.
    assert aio_counts.get("ListTrainingJobsForHyperParameterTuningJob", 0) >= 1
    assert sync_end == aio_end
