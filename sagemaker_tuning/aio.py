"""The async typed client, on aiobotocore: ``pip install 'sagemaker-tuning[async]'``.

:class:`AsyncTuningClient` is :class:`~sagemaker_tuning.TuningClient` for asyncio: every
operation with the same name, typed request and typed response, awaited; paginators for
``async for``; the waiters with the same schedules (the forecasting one by default), whose
sleeps are awaited, so one event loop watches many jobs. It wraps an aiobotocore client you
entered, unchanged, or builds one: ``async with AsyncTuningClient.create() as client``.
See the "Async" page of the docs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sagemaker_tuning.errors import MalformedResponse, ResourceInUse, ServiceError, ValidationError
from sagemaker_tuning.transport.aio import (
    AsyncPaginator,
    AsyncTrainingJobPaginator,
    AsyncTuningTransport,
    install_aio_parsers,
)

if TYPE_CHECKING:
    from sagemaker_tuning.shapes import CreateHyperParameterTuningJobResponse
    from sagemaker_tuning.transport.waiters import Schedule
    from sagemaker_tuning.tuning_view import TrainingJobCache

__all__ = [
    "AsyncPaginator",
    "AsyncTrainingJobPaginator",
    "AsyncTuningClient",
    "install_aio_parsers",
]


class AsyncTuningClient(AsyncTuningTransport):
    """Typed async access to SageMaker's hyperparameter-tuning operations.

    ``AsyncTuningClient(client)`` wraps an aiobotocore SageMaker client that you created and
    entered (``async with session.create_client("sagemaker") as client``): its
    credentials, region, endpoint, retry configuration and event hooks stay as they are and
    it is not modified; closing it stays yours. ``async with AsyncTuningClient.create() as
    client`` builds one (botocore's ``standard`` retries, UTC timestamps, the tolerant
    parser) and closes it at the end of the block.

    The methods are :class:`~sagemaker_tuning.TuningClient`'s, awaited, with the same
    arguments, typed requests, typed responses and errors (an invalid request raises
    :class:`~sagemaker_tuning.ValidationError` before anything is sent). ``clock`` (seconds,
    default :func:`time.monotonic`) and ``sleep`` (a coroutine function of seconds, default
    :func:`asyncio.sleep`) are what the waiters measure and wait with.
    """

    _training_job_cache: TrainingJobCache | None = None

    def _default_schedule(
        self, name: str, min_delay: float | None, max_delay: float | None
    ) -> Schedule | None:
        from sagemaker_tuning.progress import ProgressSchedule

        # The schedule reads only the client's clock and service clock; its list calls are
        # made by the async waiter (the schedule's listing protocol), never by the schedule.
        return ProgressSchedule(self, name, min_delay=min_delay, max_delay=max_delay)

    async def _recover_lost_create(
        self, request: Any, error: ResourceInUse
    ) -> CreateHyperParameterTuningJobResponse | None:
        """As :class:`~sagemaker_tuning.TuningClient`: the job a retried Create's lost first
        attempt created, when ``error`` met it (one Describe, awaited)."""
        from sagemaker_tuning.client import lost_create_name, own_lost_create

        name = lost_create_name(request, error)
        if name is None:
            return None
        try:
            described = await self.describe_hyper_parameter_tuning_job(name)
        except (ServiceError, ValidationError, MalformedResponse):
            return None  # not provably ours: the caller gets the ResourceInUse
        return own_lost_create(self, request, described)

    @property
    def training_job_cache(self) -> TrainingJobCache:
        """What this client learned from training jobs that had ended (they never change);
        see :class:`~sagemaker_tuning.tuning_view.TrainingJobCache`."""
        cache = self._training_job_cache
        if cache is None:
            from sagemaker_tuning.tuning_view import TrainingJobCache

            cache = self._training_job_cache = TrainingJobCache()
        return cache
