"""A handle on one tuning job over an async client: :class:`AsyncTuningJob`.

The async twin of :class:`sagemaker_tuning.jobs.TuningJob`: the same methods and keywords
(:class:`~sagemaker_tuning.jobs.WaitOptions`, :class:`~sagemaker_tuning.jobs.TrainingJobsOptions`,
:class:`~sagemaker_tuning.jobs.CloneOptions`), awaited: ``await job.wait()``,
``async for summary in job.training_jobs()``. What does not call the service -- the name
check, equality, the list request, the clone request built from a description, the verdict on
a clone's findings -- is :mod:`sagemaker_tuning.jobs`' own code.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal, overload

from sagemaker_tuning.core.errors import ResourceNotFound
from sagemaker_tuning.workflows import jobs
from sagemaker_tuning.workflows.jobs import CloneOptions, TrainingJobsOptions, WaitOptions

if TYPE_CHECKING:
    from collections.abc import AsyncIterator
    from datetime import datetime

    from typing_extensions import Unpack

    import sagemaker_tuning.transport.paginator

    # The facade sits above the workflow layer: named for the type checkers only (the docs
    # resolve the name through sagemaker_tuning.aio).
    from sagemaker_tuning.aio import AsyncTuningClient
    from sagemaker_tuning.core.shapes import (
        CreateHyperParameterTuningJobRequest,
        DescribeHyperParameterTuningJobResponse,
        DescribeTrainingJobResponse,
        DescribeTuningJobResponse,
        ListHyperParameterTuningJobsRequest,
    )
    from sagemaker_tuning.workflows.progress import TuningJobProgress

__all__ = ["AsyncTuningJob", "tuning_jobs"]


class AsyncTuningJob(jobs.Handle["AsyncTuningClient"]):
    """One hyperparameter tuning job, by name, on an :class:`~sagemaker_tuning.aio.AsyncTuningClient`.

    ``client.tuning_job(name)`` makes one, ``client.tuning_jobs()`` (:func:`tuning_jobs`)
    yields one per listed job.
    As :class:`~sagemaker_tuning.jobs.TuningJob`: creating a handle checks the name and calls
    nothing, every method asks the service, and two handles are equal when they name the same
    job on the same client object.
    """

    __slots__ = ("_client", "_name")

    def __init__(self, client: AsyncTuningClient, name: str) -> None:
        self._client, self._name = client, jobs.checked_name(name)

    async def describe(self) -> DescribeHyperParameterTuningJobResponse:
        """The job's description now (``DescribeHyperParameterTuningJob``)."""
        return await self._client.describe_hyper_parameter_tuning_job(self._name)

    async def describe_tuning_job(self, *, exact: bool = False) -> DescribeTuningJobResponse:
        """The preview view of the job, as :meth:`TuningJob.describe_tuning_job
        <sagemaker_tuning.jobs.TuningJob.describe_tuning_job>`, gathered by
        :func:`~sagemaker_tuning.tuning_view.describe_tuning_job_async`."""
        from sagemaker_tuning.workflows.tuning_view import describe_tuning_job_async

        return (await describe_tuning_job_async(self._client, self._name, exact=exact)).response

    async def progress(self, *, now: datetime | None = None) -> TuningJobProgress:
        """:meth:`TuningJob.progress <sagemaker_tuning.jobs.TuningJob.progress>` of an awaited
        description: elapsed time (to ``now``, default the current UTC time), counts, limits."""
        from sagemaker_tuning.workflows.progress import TuningJobProgress

        return TuningJobProgress.from_response(await self.describe(), now=now)

    async def wait(self, **options: Unpack[WaitOptions]) -> DescribeHyperParameterTuningJobResponse:
        """Wait until the job is ``Completed`` or ``Stopped``; its final description.

        As :meth:`AsyncTuningClient.wait_for_hyper_parameter_tuning_job
        <sagemaker_tuning.transport.aio.AsyncTuningTransport.wait_for_hyper_parameter_tuning_job>`, whose
        keywords (:class:`~sagemaker_tuning.jobs.WaitOptions`) and errors these are. Cancelling
        the task that awaits it ends the polling; the job itself runs on.
        """
        jobs.checked(options, WaitOptions, "wait")
        return await self._client.wait_for_hyper_parameter_tuning_job(self._name, **options)

    @overload
    async def stop(self, *, wait: Literal[False] = ..., **options: Unpack[WaitOptions]) -> None: ...
    @overload
    async def stop(
        self, *, wait: Literal[True], **options: Unpack[WaitOptions]
    ) -> DescribeHyperParameterTuningJobResponse: ...
    async def stop(
        self, *, wait: bool = False, **options: Unpack[WaitOptions]
    ) -> DescribeHyperParameterTuningJobResponse | None:
        """Ask SageMaker to stop the job; with ``wait=True`` wait until it has stopped.

        As :meth:`TuningJob.stop <sagemaker_tuning.jobs.TuningJob.stop>`: ``None`` at once
        without ``wait``, else the final description from :meth:`AsyncTuningClient.\
wait_for_hyper_parameter_tuning_job_stopped
        <sagemaker_tuning.transport.aio.AsyncTuningTransport.wait_for_hyper_parameter_tuning_job_stopped>`.
        """
        jobs.checked(options, WaitOptions, "stop")
        await self._client.stop_hyper_parameter_tuning_job(self._name)
        if wait:
            return await self._client.wait_for_hyper_parameter_tuning_job_stopped(
                self._name, **options
            )
        return None

    def training_jobs(
        self, **options: Unpack[TrainingJobsOptions]
    ) -> sagemaker_tuning.transport.paginator.AsyncTrainingJobPaginator:
        """The job's training jobs, lazily: ``async for summary in job.training_jobs(): ...``.

        Keywords (:class:`~sagemaker_tuning.jobs.TrainingJobsOptions`) as
        :meth:`TuningJob.training_jobs <sagemaker_tuning.jobs.TuningJob.training_jobs>`;
        ``async for page in ....pages()`` gives the pages and ``resume_token`` resumes, as the
        sync paginator. Nothing is sent until you iterate.
        """
        request, paging = jobs.training_jobs_request(self._name, options)
        paginate = self._client.paginate_training_jobs_for_hyper_parameter_tuning_job
        return paginate(request, **paging)

    async def best_training_job(
        self, *, overall: bool = False
    ) -> DescribeTrainingJobResponse | None:
        """The best training job's full description, or ``None`` yet (two calls), as
        :meth:`TuningJob.best_training_job <sagemaker_tuning.jobs.TuningJob.best_training_job>`."""
        best = jobs.best_training_job_name(await self.describe(), overall=overall)
        return await self._client.describe_training_job(best) if best is not None else None

    async def clone_request(
        self, name: str, **options: Unpack[CloneOptions]
    ) -> CreateHyperParameterTuningJobRequest:
        """The request that re-creates this job as ``name`` (one Describe; nothing is created),
        as :meth:`TuningJob.clone_request <sagemaker_tuning.jobs.TuningJob.clone_request>`."""
        jobs.checked(options, CloneOptions, "clone_request")
        return jobs.clone_request_from(await self.describe(), self._name, name, options)

    async def clone(
        self, name: str, *, check: bool = True, **options: Unpack[CloneOptions]
    ) -> AsyncTuningJob:
        """Create a new tuning job like this one (see :meth:`clone_request`); its handle.

        As :meth:`TuningJob.clone <sagemaker_tuning.jobs.TuningJob.clone>`: with ``check``
        nothing is created when the request breaks a service rule or a warm-start restriction
        (one Describe per parent).
        """
        request = await self.clone_request(name, **options)
        if check:
            from sagemaker_tuning.workflows.requests import warm_start_violations

            parents = await _parents_described(self._client, request)
            jobs.refuse_or_warn(request, warm_start_violations(request, parents))
        await self._client.create_hyper_parameter_tuning_job(request)
        return AsyncTuningJob(self._client, name)


def tuning_jobs(
    client: AsyncTuningClient,
    request: ListHyperParameterTuningJobsRequest | None = None,
    *,
    max_items: int | None = None,
    page_size: int | None = None,
) -> AsyncIterator[AsyncTuningJob]:
    """A handle on every tuning job ``request`` lists (every job without one), lazily.

    ``async for job in tuning_jobs(client): ...`` (``client.tuning_jobs()``), as the sync
    :meth:`TuningClient.tuning_jobs <sagemaker_tuning.TuningClient.tuning_jobs>`: the filters
    and sort of ``request``, ``max_items`` handles at most, ``page_size`` per call. The request
    is validated here; nothing is sent until you iterate.
    """
    summaries = client.paginate_hyper_parameter_tuning_jobs(
        request, max_items=max_items, page_size=page_size
    )

    async def handles() -> AsyncIterator[AsyncTuningJob]:
        async for summary in summaries:
            yield AsyncTuningJob(client, summary.hyper_parameter_tuning_job_name)

    return handles()


async def _parents_described(
    client: AsyncTuningClient, request: CreateHyperParameterTuningJobRequest
) -> dict[str, DescribeHyperParameterTuningJobResponse | None]:
    """Each warm-start parent's description now (``None``: the service does not know it).

    Names are unique ignoring case, so each is described once (a request has at most five).
    """
    config = request.warm_start_config
    named = config.parent_hyper_parameter_tuning_jobs or () if config is not None else ()
    distinct: dict[str, str] = {}
    for parent in named:
        if parent.hyper_parameter_tuning_job_name:
            key = parent.hyper_parameter_tuning_job_name.lower()
            distinct.setdefault(key, parent.hyper_parameter_tuning_job_name)
    found: dict[str, DescribeHyperParameterTuningJobResponse | None] = {}
    for name in distinct.values():
        try:
            found[name] = await client.describe_hyper_parameter_tuning_job(name)
        except ResourceNotFound:
            found[name] = None
    return found
