"""describe_tuning_job_async: the same view, calls and cache as the sync describe_tuning_job."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from view_samples import running_job

from sagemaker_tuning import shapes, tuning_view
from sagemaker_tuning.errors import ResourceNotFound, ServiceError
from sagemaker_tuning.testing import Timing
from sagemaker_tuning.validation import ValidationError
from sagemaker_tuning.workflows.aio_jobs import AsyncTuningJob

LONG = Timing(training=(1800.0, 7200.0))


def recorder(client: Any) -> list[str]:
    """The operations ``client`` sends from now on, in order."""
    sent: list[str] = []
    client.boto_client.meta.events.register(
        "before-call.sagemaker", lambda model, **_: sent.append(model.name)
    )
    return sent


@pytest.mark.asyncio
@pytest.mark.parametrize("exact", [False, True])
@pytest.mark.parametrize(
    ("advance", "failure_rate"),
    [(35.0, 0.3), (3000.0, 0.3), (9000.0, 0.3), (80000.0, 0.3), (90000.0, 1.0)],
)
async def test_the_view_its_hours_and_its_calls_are_the_sync_ones(
    advance: float, failure_rate: float, exact: bool
) -> None:
    service, sync, name = running_job(
        seed=4, advance=advance, timing=LONG, failure_rate=failure_rate
    )
    async with service.aio_client() as client:
        sent_sync, sent_async = recorder(sync), recorder(client)
        now = service.now()
        expected = tuning_view.describe_tuning_job(sync, name, exact=exact, now=now)
        view = await tuning_view.describe_tuning_job_async(client, name, exact=exact, now=now)
        assert view == expected
        assert view.calls == expected.calls == len(sent_async)
        assert sorted(sent_async) == sorted(sent_sync)  # the same calls (the describes concurrent)
        handle = AsyncTuningJob(client, name)
        assert await handle.describe_tuning_job(exact=exact) == expected.response


@pytest.mark.asyncio
async def test_exact_describes_each_ended_job_once_a_bounded_few_at_a_time() -> None:
    service, _, name = running_job(seed=4, advance=9000.0, timing=LONG)
    async with service.aio_client() as client:
        sent = recorder(client)
        describe = client.describe_training_job
        running = peak = 0

        async def counted(*args: Any, **kwargs: Any) -> Any:
            nonlocal running, peak
            running += 1
            peak = max(peak, running)
            try:
                await asyncio.sleep(0)  # let the other describes start
                return await describe(*args, **kwargs)
            finally:
                running -= 1

        client.describe_training_job = counted
        view = await tuning_view.describe_tuning_job_async(
            client, name, exact=True, max_concurrency=2
        )
        ended = [
            j
            for j in view.training_jobs
            if j.training_job_status in ("Completed", "Failed", "Stopped")
        ]
        assert len(ended) > 2 and peak == 2
        assert sent.count("DescribeTrainingJob") == len(ended) == view.calls - 2
        sent.clear()
        again = await tuning_view.describe_tuning_job_async(client, name, exact=True)
        assert sent.count("DescribeTrainingJob") == 0  # every ended job came from the cache
        assert again.finished_instance_seconds == view.finished_instance_seconds


@pytest.mark.asyncio
async def test_a_failed_training_job_describe_cancels_the_others_and_is_raised() -> None:
    service, _, name = running_job(seed=4, advance=9000.0, timing=LONG)
    async with service.aio_client() as client:
        describe = client.describe_training_job
        cancelled: list[str] = []
        asked: list[str] = []
        never = asyncio.Event()

        async def failing(job_name: str) -> Any:
            asked.append(job_name)
            if len(asked) == 3:
                raise ServiceError("boom", code="InternalFailure", operation="DescribeTrainingJob")
            try:
                await never.wait()  # still running when the third fails
                return await describe(job_name)
            except asyncio.CancelledError:
                cancelled.append(job_name)
                raise

        client.describe_training_job = failing
        with pytest.raises(ServiceError, match="boom"):
            await tuning_view.describe_tuning_job_async(client, name, exact=True, max_concurrency=4)
        # The describes still running were cancelled, not left behind; the rest never started.
        assert set(cancelled) == set(asked) - {asked[2]} and 4 <= len(asked) <= 5
        assert asyncio.all_tasks() == {asyncio.current_task()}
        assert len(client.training_job_cache) == 0


@pytest.mark.asyncio
async def test_bad_requests_fail_before_any_call_and_the_account_is_checked() -> None:
    service, _, name = running_job(advance=100.0)
    async with service.aio_client() as client:
        sent = recorder(client)
        with pytest.raises(ValidationError, match="TuningJobName"):
            await tuning_view.describe_tuning_job_async(client, "not_a_valid_name")
        with pytest.raises(TypeError, match="DescribeTuningJobRequest or a name"):
            await tuning_view.describe_tuning_job_async(client, 42)  # type: ignore[arg-type]
        with pytest.raises(ValidationError, match="exact"):
            await tuning_view.describe_tuning_job_async(client, name, exact="no")  # type: ignore[arg-type]
        with pytest.raises(ValueError, match="max_concurrency"):
            await tuning_view.describe_tuning_job_async(client, name, max_concurrency=0)
        assert sent == []
        with pytest.raises(ValidationError) as caught:
            await tuning_view.describe_tuning_job_async(
                client,
                shapes.DescribeTuningJobRequest(
                    tuning_job_name=name, aws_account_id="999999999999"
                ),
            )
        assert [v.path for v in caught.value.violations] == ["AwsAccountId"]
        assert sent == ["DescribeHyperParameterTuningJob"]  # refused before listing
        with pytest.raises(ResourceNotFound):
            await tuning_view.describe_tuning_job_async(client, "missing")


@pytest.mark.asyncio
async def test_a_best_job_gone_from_the_service_leaves_its_hyperparameters_to_the_summary() -> None:
    service, sync, name = running_job(seed=4, advance=80000.0, timing=LONG)
    async with service.aio_client() as client:
        best = sync.describe_hyper_parameter_tuning_job(name).best_training_job
        assert best is not None
        del service._training[best.training_job_name]  # DescribeTrainingJob: ValidationException
        view = await tuning_view.describe_tuning_job_async(client, name)
        assert view == tuning_view.describe_tuning_job(sync, name, now=view.now)
        assert view.response.best_training_job is not None
        assert view.response.best_training_job.hyper_parameters == best.tuned_hyper_parameters
        assert view.response.best_training_job.retried_attempt is None
        assert len(client.training_job_cache) == 0
