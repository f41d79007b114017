"""The async low-level client: the same engine as the sync one, on aiobotocore (the ``async`` extra).

:class:`AsyncTuningTransport` is the sync :class:`~sagemaker_tuning.transport.client.TuningTransport`
with every call awaited: the same names, typed requests and responses, validation before
anything is sent, errors, paginators (``async for``) and waiters (the same
:class:`~sagemaker_tuning.transport.waiters.Waiting` state machine). Everything but the
``await`` is :mod:`sagemaker_tuning.transport._engine`'s. Applications use
:class:`sagemaker_tuning.aio.AsyncTuningClient`, which adds handles, the preview view, the
forecasting schedule and many waits at once.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import TYPE_CHECKING, Any, TypeVar, cast

from botocore.exceptions import BotoCoreError, ClientError

from sagemaker_tuning import _parsing
from sagemaker_tuning._generated.model import OPERATIONS
from sagemaker_tuning.core.errors import MalformedResponse, ResourceInUse, ServiceError
from sagemaker_tuning.transport._engine import (
    ClientCore,
    client_config,
    parse_utc_timestamp,
    success,
)
from sagemaker_tuning.transport.paginator import AsyncPaginator, AsyncTrainingJobPaginator

if TYPE_CHECKING:
    from typing_extensions import Self, Unpack

    from sagemaker_tuning.core import shapes as sh
    from sagemaker_tuning.transport._engine import (
        CreateOptions,
        PageOptions,
        TuningWaitOptions,
        WaitOptions,
    )
    from sagemaker_tuning.transport.waiters import Schedule, Waiting

R = TypeVar("R")

__all__ = [
    "AsyncPaginator",
    "AsyncTrainingJobPaginator",
    "AsyncTuningTransport",
    "install_aio_parsers",
]


def _aio_parser_factory() -> Any:
    """aiobotocore's parser factory, giving the tolerant JSON parser of ``_parsing`` (whose
    ``parse`` is aiobotocore's coroutine and whose body handling is ours)."""
    # The `async` extra; the type checkers run without it too.
    from aiobotocore.parsers import (  # pyright: ignore[reportMissingImports]
        AioResponseParser,
        AioResponseParserFactory,
    )

    class AioTolerantJSONParser(_parsing.TolerantJSONParser, AioResponseParser):  # type: ignore[misc]
        pass

    class AioTolerantParserFactory(AioResponseParserFactory):  # type: ignore[misc]
        def create_parser(self, protocol_name: str) -> Any:
            if protocol_name == "json":
                return AioTolerantJSONParser(**self._defaults)
            return super().create_parser(protocol_name)

    return AioTolerantParserFactory()


def install_aio_parsers(session: Any) -> None:
    """The async :func:`~sagemaker_tuning.client.install_parsers`: give the clients an
    aiobotocore ``AioSession`` creates UTC timestamps and the tolerant JSON parser."""
    factory = _aio_parser_factory()
    factory.set_parser_defaults(timestamp_parser=parse_utc_timestamp)
    session.register_component("response_parser_factory", factory)


class AsyncTuningTransport(ClientCore):
    """Typed async access to SageMaker's tuning operations: the low-level async client.

    ``AsyncTuningTransport(client)`` wraps an aiobotocore SageMaker client you have entered
    (``async with session.create_client("sagemaker") as client``), unchanged, as
    :class:`~sagemaker_tuning.transport.client.TuningTransport` wraps a botocore one; the
    client stays yours to close. ``async with AsyncTuningClient.create() as client`` builds
    and closes one of its own. ``clock`` (seconds, default :func:`time.monotonic`) and
    ``sleep`` (a coroutine function of seconds, default :func:`asyncio.sleep`) are what the
    waiters measure and wait with. Errors as the sync client's.
    """

    def __init__(
        self,
        client: Any,
        *,
        clock: Callable[[], float] | None = None,
        sleep: Callable[[float], Awaitable[object]] | None = None,
    ) -> None:
        self._init_core(client, clock if clock is not None else time.monotonic)
        #: What waiters wait with: a coroutine function of seconds.
        self.sleep: Callable[[float], Awaitable[object]] = (
            sleep if sleep is not None else asyncio.sleep
        )

    @classmethod
    @contextlib.asynccontextmanager
    async def create(cls, **options: Unpack[CreateOptions]) -> AsyncIterator[Self]:
        """``async with``: build an aiobotocore SageMaker client on a new ``AioSession``, wrap
        it, and close it at the end of the block.

        The options are the sync :meth:`TuningClient.create <sagemaker_tuning.TuningClient.create>`'s
        (``region_name``, ``profile_name``, ``endpoint_url``, ``config``, ``session``) and
        mean the same: ``session`` (an ``aiobotocore.session.AioSession``) to build on one of yours,
        botocore's ``standard`` retry mode unless ``config`` (an ``AioConfig``) or the
        environment names one, UTC timestamps and the tolerant JSON parser.
        """
        from aiobotocore.config import AioConfig  # pyright: ignore[reportMissingImports]
        from aiobotocore.session import AioSession  # pyright: ignore[reportMissingImports]

        session = options.get("session")
        if session is None:
            session = AioSession(profile=options.get("profile_name"))
        install_aio_parsers(session)
        creator = session.create_client(
            "sagemaker",
            region_name=options.get("region_name"),
            endpoint_url=options.get("endpoint_url"),
            config=client_config(session, options.get("config"), AioConfig),
        )
        async with creator as client:
            yield cls(client)

    # -- the plumbing every operation shares -------------------------------------------------

    async def _call(self, operation: str, params: dict[str, Any]) -> dict[str, Any]:
        # The sync client's one-pass read, on aiobotocore's endpoint: a twin of boto_client
        # (which stays unmodified) answers with the wire document (see _parsing).
        send = cast(
            "Callable[..., Awaitable[dict[str, Any]]]",
            _parsing.typed_method(self.boto_client, OPERATIONS[operation].method_name),
        )
        try:
            answer: dict[str, Any] = await send(**params)
        except ClientError as error:
            raise self._refused(error) from error
        return self._answered(answer)

    async def _invoke(self, operation: str, request: Any, *, validated: bool = False) -> Any:
        model = OPERATIONS[operation]
        params = self._params(model, request, validated=validated)
        return self._finish(model, await self._call(operation, params))

    def _paginate_with(self, operation: str, request: Any, options: PageOptions) -> Any:
        async def call(params: dict[str, Any]) -> dict[str, Any]:
            return await self._call(operation, params)

        if operation == AsyncTrainingJobPaginator.operation:
            return AsyncTrainingJobPaginator(
                call, **self._paginator_args(operation, request, options)
            )
        return AsyncPaginator(call, **self._paginator_args(operation, request, options))

    # -- the operations (documented on the sync client; the same here, awaited) -------------

    async def create_hyper_parameter_tuning_job(
        self, request: sh.CreateHyperParameterTuningJobRequest, *, check_rules: bool = True
    ) -> sh.CreateHyperParameterTuningJobResponse:
        """:meth:`TuningTransport.create_hyper_parameter_tuning_job
        <sagemaker_tuning.transport.client.TuningTransport.create_hyper_parameter_tuning_job>`,
        awaited: the same checks before anything is sent, the same warnings and errors."""
        params = self._create_params(request, check_rules)
        try:
            raw = await self._call("CreateHyperParameterTuningJob", params)
        except ResourceInUse as error:
            if (recovered := await self._recover_lost_create(request, error)) is None:
                raise
            return recovered
        created: sh.CreateHyperParameterTuningJobResponse = self._finish(
            OPERATIONS["CreateHyperParameterTuningJob"], raw
        )
        return created

    async def _recover_lost_create(
        self, request: Any, error: ResourceInUse
    ) -> sh.CreateHyperParameterTuningJobResponse | None:
        """The job a retried Create's first attempt made, if ``error`` met it; here: never."""
        return None

    async def describe_hyper_parameter_tuning_job(
        self, request: sh.DescribeHyperParameterTuningJobRequest | str
    ) -> sh.DescribeHyperParameterTuningJobResponse:
        """Describe a tuning job; ``request`` may be its name. ``ResourceNotFound`` if unknown."""
        return cast(
            "sh.DescribeHyperParameterTuningJobResponse",
            await self._invoke("DescribeHyperParameterTuningJob", request),
        )

    async def list_training_jobs_for_hyper_parameter_tuning_job(
        self, request: sh.ListTrainingJobsForHyperParameterTuningJobRequest | str
    ) -> sh.ListTrainingJobsForHyperParameterTuningJobResponse:
        """One page of a tuning job's training jobs; ``request`` may be the tuning job's name."""
        return cast(
            "sh.ListTrainingJobsForHyperParameterTuningJobResponse",
            await self._invoke("ListTrainingJobsForHyperParameterTuningJob", request),
        )

    def paginate_training_jobs_for_hyper_parameter_tuning_job(
        self,
        request: sh.ListTrainingJobsForHyperParameterTuningJobRequest | str,
        **options: Unpack[PageOptions],
    ) -> AsyncTrainingJobPaginator:
        """All training jobs of a tuning job, for ``async for``: an
        :class:`~sagemaker_tuning.transport.paginator.AsyncTrainingJobPaginator`.

        ``max_items``, ``page_size`` and ``starting_token`` as the sync client's; validated
        here, nothing is sent until you iterate.
        """
        return cast(
            AsyncTrainingJobPaginator,
            self._paginate_with("ListTrainingJobsForHyperParameterTuningJob", request, options),
        )

    async def list_hyper_parameter_tuning_jobs(
        self, request: sh.ListHyperParameterTuningJobsRequest | None = None
    ) -> sh.ListHyperParameterTuningJobsResponse:
        """One page of the account's tuning jobs in this region (all of them without a request)."""
        return cast(
            "sh.ListHyperParameterTuningJobsResponse",
            await self._invoke("ListHyperParameterTuningJobs", request),
        )

    def paginate_hyper_parameter_tuning_jobs(
        self,
        request: sh.ListHyperParameterTuningJobsRequest | None = None,
        **options: Unpack[PageOptions],
    ) -> AsyncPaginator[sh.ListHyperParameterTuningJobsResponse, sh.HyperParameterTuningJobSummary]:
        """Every tuning job matching ``request``, for ``async for``: an
        :class:`~sagemaker_tuning.transport.paginator.AsyncPaginator`.

        ``max_items``, ``page_size`` and ``starting_token`` as the sync client's; validated
        here, nothing is sent until you iterate.
        """
        return cast(
            "AsyncPaginator[sh.ListHyperParameterTuningJobsResponse, sh.HyperParameterTuningJobSummary]",
            self._paginate_with("ListHyperParameterTuningJobs", request, options),
        )

    async def describe_training_job(
        self, request: sh.DescribeTrainingJobRequest | str
    ) -> sh.DescribeTrainingJobResponse:
        """Describe a training job; ``request`` may be its name. ``ResourceNotFound`` if unknown."""
        return cast(
            "sh.DescribeTrainingJobResponse", await self._invoke("DescribeTrainingJob", request)
        )

    async def stop_hyper_parameter_tuning_job(
        self, request: sh.StopHyperParameterTuningJobRequest | str
    ) -> None:
        """Ask SageMaker to stop a tuning job; ``request`` may be its name."""
        await self._invoke("StopHyperParameterTuningJob", request)

    async def delete_hyper_parameter_tuning_job(
        self, request: sh.DeleteHyperParameterTuningJobRequest | str
    ) -> None:
        """Delete a tuning job that has ended; ``request`` may be its name."""
        await self._invoke("DeleteHyperParameterTuningJob", request)

    # -- waiters -------------------------------------------------------------------------------

    async def _wait(
        self, waiter: str, name: Any, options: WaitOptions[Any], schedule: Schedule | None = None
    ) -> Any:
        from sagemaker_tuning.core import errors, shapes
        from sagemaker_tuning.transport.waiters import POLL_ERRORS, Waiting

        training = waiter == "TrainingJobCompletedOrStopped"
        output = (
            shapes.DescribeTrainingJobResponse
            if training
            else (shapes.DescribeHyperParameterTuningJobResponse)
        )
        failure = errors.TrainingJobFailed if training else errors.TuningJobFailed
        definition, params, machine = self._waiter_args(
            waiter, name, output, failure, options, schedule
        )
        waiting: Waiting[Any] = Waiting(definition, **machine)
        sleep = self.sleep
        while True:
            try:
                answer = await self._call(definition.operation, params)
            except POLL_ERRORS as error:
                done = waiting.failed(error)
            else:
                done = waiting.answered(answer)
            if done:
                return success(waiting.result, waiter)
            await self._feed_listing(waiting)
            await sleep(waiting.next_delay())
            for short in waiting.top_ups():
                await sleep(short)

    async def _feed_listing(self, waiting: Waiting[Any]) -> None:
        """Do the training-job listing a schedule asks for (its ``listing_due``), awaited, and
        hand it over (``take_listing``): a schedule never sends a request of its own here."""
        schedule: Any = waiting.schedule
        due = getattr(schedule, "listing_due", None)
        answer = waiting.answer
        if due is None or answer is None or not due(answer):
            return
        jobs: list[Any] = []
        pages = 0
        try:
            listing = self.paginate_training_jobs_for_hyper_parameter_tuning_job(
                schedule.name, page_size=100
            )
            async for page in listing.pages():
                pages += 1
                jobs.extend(page.training_job_summaries)
        except (ServiceError, MalformedResponse, ValueError, BotoCoreError):
            # Throttled, unreachable, garbled: the Describe answers still drive the schedule
            # (the waiter reports its own polls' failures); it asks again later.
            schedule.take_listing(None, pages=pages)
            return
        schedule.take_listing(jobs, pages=pages)

    async def wait_for_hyper_parameter_tuning_job(
        self,
        name: sh.DescribeHyperParameterTuningJobRequest | str,
        **options: Unpack[TuningWaitOptions[sh.DescribeHyperParameterTuningJobResponse]],
    ) -> sh.DescribeHyperParameterTuningJobResponse:
        """Wait until a tuning job is ``Completed`` or ``Stopped``; its final description.

        ``max_wait``, ``min_delay``, ``max_delay``, ``on_poll``, ``schedule`` (default
        ``"progress"``) and ``on_error``, and everything else -- acceptors, errors,
        schedules, deadline -- as :meth:`TuningClient.wait_for_hyper_parameter_tuning_job
        <sagemaker_tuning.TuningClient.wait_for_hyper_parameter_tuning_job>`, with the sleeps
        awaited; the list calls a forecasting schedule wants are made by the waiter, awaited too.
        """
        chosen = self._tuning_schedule(
            name,
            options.get("schedule", "progress"),
            options.get("min_delay"),
            options.get("max_delay"),
        )
        return cast(
            "sh.DescribeHyperParameterTuningJobResponse",
            await self._wait("HyperParameterTuningJobCompletedOrStopped", name, options, chosen),
        )

    async def wait_for_hyper_parameter_tuning_job_stopped(
        self,
        name: sh.DescribeHyperParameterTuningJobRequest | str,
        **options: Unpack[WaitOptions[sh.DescribeHyperParameterTuningJobResponse]],
    ) -> sh.DescribeHyperParameterTuningJobResponse:
        """After a stop, wait until the job has stopped (``Stopped`` or ``Completed``), as the
        sync client's waiter of this name does (``min_delay`` 5 s, ``max_delay`` 30 s,
        ``max_wait`` 3600 s by default)."""
        return cast(
            "sh.DescribeHyperParameterTuningJobResponse",
            await self._wait("HyperParameterTuningJobStopped", name, options),
        )

    async def wait_for_training_job(
        self,
        name: sh.DescribeTrainingJobRequest | str,
        **options: Unpack[WaitOptions[sh.DescribeTrainingJobResponse]],
    ) -> sh.DescribeTrainingJobResponse:
        """Wait until a training job is ``Completed`` or ``Stopped``, as the sync client's
        waiter of this name does (``TrainingJobFailed`` on ``Failed``)."""
        return cast(
            "sh.DescribeTrainingJobResponse",
            await self._wait("TrainingJobCompletedOrStopped", name, options),
        )
