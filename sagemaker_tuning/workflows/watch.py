"""Many tuning jobs watched at once, on one event loop: :func:`wait_for_all`.

A service that watches hundreds of jobs needs one task per job, not one thread: each waiter
sleeps between polls (``asyncio.sleep``), so a loop holds hundreds of waits for the cost of
the polls alone. What keeps it within SageMaker's request quotas:

- **the waiters space their polls**: a tuning job's waiter polls sparsely while its end is far
  (:class:`~sagemaker_tuning.progress.ProgressSchedule`, 5 s to 200 s) or every 90 to 100 s
  (the Smithy schedule), with jitter, so 200 jobs make a few calls a second;
- **throttling is answered by botocore's retry modes**: a throttled call (``ThrottlingException``,
  HTTP 429) is retried with backoff by the client's retry mode -- ``standard`` (a retry quota and
  exponential backoff with jitter) or ``adaptive`` (``standard`` plus a client-side token bucket
  that slows every call once the service throttles), set with ``botocore.config.Config(retries=
  {"mode": "adaptive"})`` or ``AWS_RETRY_MODE`` (AWS SDKs and Tools reference guide, "Retry
  behavior"); a poll that still fails is polled again later, never fatal before ``max_wait``;
- **max_concurrency** bounds the jobs watched at once (the others queue), and aiobotocore's
  ``max_pool_connections`` (default 10) the calls in flight.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from typing import TYPE_CHECKING, Literal, overload

from sagemaker_tuning.core.shapes import DescribeHyperParameterTuningJobRequest
from sagemaker_tuning.workflows.jobs import WaitOptions, checked

if TYPE_CHECKING:
    from typing_extensions import Unpack

    from sagemaker_tuning.aio import AsyncTuningClient
    from sagemaker_tuning.core.shapes import DescribeHyperParameterTuningJobResponse
    from sagemaker_tuning.transport.waiters import ErrorCallback

__all__ = ["DEFAULT_MAX_CONCURRENCY", "WatchOptions", "wait_for_all"]

#: Jobs :func:`wait_for_all` watches at once unless told otherwise.
DEFAULT_MAX_CONCURRENCY = 100


class WatchOptions(WaitOptions, total=False):
    """The waiter keywords of :func:`wait_for_all`, applied to every job.

    :class:`~sagemaker_tuning.jobs.WaitOptions` (``max_wait`` per job, ``min_delay``,
    ``max_delay``, ``on_poll`` with each job's answers) and these two. A
    :class:`~sagemaker_tuning.transport.waiters.Schedule` object is not among them: one
    follows one job, so each job gets its own ``"progress"`` schedule.
    """

    #: ``"progress"`` (the default) or ``"smithy"``, as
    #: :meth:`AsyncTuningClient.wait_for_hyper_parameter_tuning_job
    #: <sagemaker_tuning.transport.aio.AsyncTuningTransport.wait_for_hyper_parameter_tuning_job>`'s.
    schedule: Literal["progress", "smithy"]
    #: Called with every poll error that will be retried (throttling, an unreachable endpoint).
    on_error: ErrorCallback | None


@overload
async def wait_for_all(
    client: AsyncTuningClient,
    names: Iterable[str],
    *,
    max_concurrency: int = ...,
    return_exceptions: Literal[False] = ...,
    **options: Unpack[WatchOptions],
) -> list[DescribeHyperParameterTuningJobResponse]: ...
@overload
async def wait_for_all(
    client: AsyncTuningClient,
    names: Iterable[str],
    *,
    max_concurrency: int = ...,
    return_exceptions: Literal[True],
    **options: Unpack[WatchOptions],
) -> list[DescribeHyperParameterTuningJobResponse | Exception]: ...
async def wait_for_all(
    client: AsyncTuningClient,
    names: Iterable[str],
    *,
    max_concurrency: int = DEFAULT_MAX_CONCURRENCY,
    return_exceptions: bool = False,
    **options: Unpack[WatchOptions],
) -> (
    list[DescribeHyperParameterTuningJobResponse]
    | list[DescribeHyperParameterTuningJobResponse | Exception]
):
    """Wait until every tuning job in ``names`` is ``Completed`` or ``Stopped``.

    Returns the final descriptions in the order of ``names`` (a name given twice is waited
    for once and answered twice). Every name is checked before anything is sent (one
    :class:`~sagemaker_tuning.ValidationError` names the first bad one). At most
    ``max_concurrency`` jobs are watched at once, each by
    :meth:`AsyncTuningClient.wait_for_hyper_parameter_tuning_job
    <sagemaker_tuning.transport.aio.AsyncTuningTransport.wait_for_hyper_parameter_tuning_job>` with
    ``options`` (:class:`WatchOptions`).

    Fail-fast: the first error (``TuningJobFailed``, ``WaiterTimeout``, ``ResourceNotFound``,
    ...) cancels the other waits and is raised. With ``return_exceptions=True`` every job is
    waited for and a job's error takes its place in the list instead. Cancelling the task
    that awaits this cancels every wait; none outlives the call. Throttling and quotas: see
    the module's documentation.
    """
    if isinstance(max_concurrency, bool) or not isinstance(max_concurrency, int):
        raise TypeError(f"max_concurrency must be an int, got {type(max_concurrency).__name__}")
    if max_concurrency < 1:
        raise ValueError(f"max_concurrency must be at least 1, got {max_concurrency}")
    checked(options, WatchOptions, "wait_for_all")
    if isinstance(names, str):
        raise TypeError("names must be an iterable of tuning job names, not one str")
    order = list(names)
    for name in dict.fromkeys(order):
        DescribeHyperParameterTuningJobRequest(hyper_parameter_tuning_job_name=name)
    if not order:
        return []
    gate = asyncio.Semaphore(max_concurrency)

    async def watch(name: str) -> DescribeHyperParameterTuningJobResponse:
        async with gate:
            return await client.wait_for_hyper_parameter_tuning_job(name, **options)

    tasks = {name: asyncio.ensure_future(watch(name)) for name in dict.fromkeys(order)}
    try:
        if return_exceptions:
            await asyncio.wait(tasks.values())
            return [_outcome(tasks[name]) for name in order]
        await asyncio.wait(tasks.values(), return_when=asyncio.FIRST_EXCEPTION)
        failures = [_error(task) for task in tasks.values()]  # in the order of names
        first = next((error for error in failures if error is not None), None)
        if first is not None:
            raise first
        return [tasks[name].result() for name in order]
    finally:
        unfinished = [task for task in tasks.values() if not task.done()]
        for task in unfinished:
            task.cancel()
        if unfinished:
            # Wait for the cancelled waits to end, so that none outlives this call.
            await asyncio.wait(unfinished)
        for task in tasks.values():
            _error(task)  # retrieved: asyncio logs no "exception was never retrieved"


def _error(task: asyncio.Future[DescribeHyperParameterTuningJobResponse]) -> BaseException | None:
    """The error a finished wait raised (``None``: it answered, runs on, or was cancelled)."""
    if not task.done() or task.cancelled():
        return None
    return task.exception()


def _outcome(
    task: asyncio.Future[DescribeHyperParameterTuningJobResponse],
) -> DescribeHyperParameterTuningJobResponse | Exception:
    """A finished wait's answer or its error (a non-``Exception`` error propagates)."""
    error = _error(task)
    if error is None:
        return task.result()
    if isinstance(error, Exception):
        return error
    raise error
