"""The async typed client, on aiobotocore: ``pip install 'sagemaker-tuning[async]'``.

:class:`AsyncTuningClient` is :class:`~sagemaker_tuning.TuningClient` for asyncio: every
operation with the same name, typed request and typed response, awaited; paginators for
``async for``; the waiters with the same schedules (the forecasting one by default), whose
sleeps are awaited, so one event loop watches many jobs. It wraps an aiobotocore client you
entered, unchanged, or builds one: ``async with AsyncTuningClient.create() as client``.
See the "Async" page of the docs.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable
from typing import TYPE_CHECKING, Any, Literal, overload

from sagemaker_tuning.core.errors import (
    MalformedResponse,
    ResourceInUse,
    ServiceError,
    ValidationError,
)
from sagemaker_tuning.transport.aio import (
    AsyncPaginator,
    AsyncTrainingJobPaginator,
    AsyncTuningTransport,
    install_aio_parsers,
)

if TYPE_CHECKING:
    from typing_extensions import Unpack

    from sagemaker_tuning.core.shapes import (
        CreateHyperParameterTuningJobResponse,
        DescribeHyperParameterTuningJobResponse,
        DescribeTuningJobRequest,
        DescribeTuningJobResponse,
        ListHyperParameterTuningJobsRequest,
    )
    from sagemaker_tuning.transport._engine import HandleListOptions
    from sagemaker_tuning.transport.waiters import Schedule
    from sagemaker_tuning.workflows.aio_jobs import AsyncTuningJob
    from sagemaker_tuning.workflows.tuning_view import TrainingJobCache
    from sagemaker_tuning.workflows.watch import WatchOptions

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
        from sagemaker_tuning.workflows.progress import ProgressSchedule

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
            from sagemaker_tuning.workflows.tuning_view import TrainingJobCache

            cache = self._training_job_cache = TrainingJobCache()
        return cache

    # -- composite operations and handles (the workflow layer, imported when first used) ------

    async def describe_tuning_job(
        self, request: DescribeTuningJobRequest | str, *, exact: bool = False
    ) -> DescribeTuningJobResponse:
        """The preview ``describe_tuning_job`` view, as :meth:`TuningClient.describe_tuning_job
        <sagemaker_tuning.TuningClient.describe_tuning_job>` answers it (the same calls, with
        ``exact=True``'s training-job descriptions made a few at a time); see
        :func:`~sagemaker_tuning.tuning_view.describe_tuning_job_async`."""
        from sagemaker_tuning.workflows import tuning_view

        view = await tuning_view.describe_tuning_job_async(self, request, exact=exact)
        return view.response

    def tuning_job(self, name: str) -> AsyncTuningJob:
        """An :class:`~sagemaker_tuning.workflows.aio_jobs.AsyncTuningJob` handle on the tuning
        job ``name``; nothing is called until you await one of its methods."""
        from sagemaker_tuning.workflows.aio_jobs import AsyncTuningJob

        return AsyncTuningJob(self, name)

    def tuning_jobs(
        self,
        request: ListHyperParameterTuningJobsRequest | None = None,
        **options: Unpack[HandleListOptions],
    ) -> AsyncIterator[AsyncTuningJob]:
        """A handle on every tuning job ``request`` lists (every job without one), for
        ``async for``: ``max_items`` caps the handles, ``page_size`` sets ``MaxResults``;
        validated here, nothing is sent until you iterate."""
        from sagemaker_tuning.workflows import aio_jobs

        return aio_jobs.tuning_jobs(
            self, request, max_items=options.get("max_items"), page_size=options.get("page_size")
        )

    @overload
    async def wait_for_all(
        self,
        names: Iterable[str],
        *,
        max_concurrency: int = ...,
        return_exceptions: Literal[False] = ...,
        **options: Unpack[WatchOptions],
    ) -> list[DescribeHyperParameterTuningJobResponse]: ...

    @overload
    async def wait_for_all(
        self,
        names: Iterable[str],
        *,
        max_concurrency: int = ...,
        return_exceptions: Literal[True],
        **options: Unpack[WatchOptions],
    ) -> list[DescribeHyperParameterTuningJobResponse | Exception]: ...

    async def wait_for_all(
        self,
        names: Iterable[str],
        *,
        max_concurrency: int = 100,
        return_exceptions: bool = False,
        **options: Unpack[WatchOptions],
    ) -> (
        list[DescribeHyperParameterTuningJobResponse]
        | list[DescribeHyperParameterTuningJobResponse | Exception]
    ):
        """Wait for every tuning job in ``names`` on this event loop; their final descriptions,
        in the order of ``names``: :func:`sagemaker_tuning.workflows.watch.wait_for_all`.

        ``max_concurrency`` jobs are watched at once; a name given twice is waited for once;
        the first failure cancels the other waits and is raised, unless
        ``return_exceptions=True`` (each failure in its job's place). The waiter options
        (``max_wait``, ``schedule``, ...) apply to every job.
        """
        from sagemaker_tuning.workflows import watch

        if return_exceptions:
            return await watch.wait_for_all(
                self, names, max_concurrency=max_concurrency, return_exceptions=True, **options
            )
        return await watch.wait_for_all(
            self, names, max_concurrency=max_concurrency, return_exceptions=False, **options
        )
