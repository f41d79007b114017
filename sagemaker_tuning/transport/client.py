"""The low-level typed client: SageMaker's tuning operations with typed requests, responses, errors.

:class:`TuningTransport` wraps a botocore (or boto3) SageMaker client. Every request is
validated against the whole model before botocore sees it, and a Create request against
the error-severity service rules of :mod:`sagemaker_tuning.rules` too, so an invalid
request raises :class:`~sagemaker_tuning.ValidationError` and is never sent; every
response is read leniently, so whatever the service returns never fails the call. It is
the sync shell over :mod:`sagemaker_tuning.transport._engine`; applications use
:class:`~sagemaker_tuning.TuningClient`, which adds handles, the preview view and the
forecasting waiter schedule on top.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from botocore.exceptions import ClientError

from sagemaker_tuning._generated.model import OPERATIONS
from sagemaker_tuning.core.errors import ResourceInUse
from sagemaker_tuning.transport._engine import (
    ClientCore,
    ScheduleName,
    client_config,
    install_parsers,
    parse_utc_timestamp,
    success,
)

if TYPE_CHECKING:
    from typing_extensions import Self

    # Imported where used: building a client builds no shape class and imports neither
    # cattrs nor the validators (benchmarks/all.py, time to a first client).
    from sagemaker_tuning.core.shapes import (
        CreateHyperParameterTuningJobRequest,
        CreateHyperParameterTuningJobResponse,
        DeleteHyperParameterTuningJobRequest,
        DescribeHyperParameterTuningJobRequest,
        DescribeHyperParameterTuningJobResponse,
        DescribeTrainingJobRequest,
        DescribeTrainingJobResponse,
        HyperParameterTuningJobSummary,
        ListHyperParameterTuningJobsRequest,
        ListHyperParameterTuningJobsResponse,
        ListTrainingJobsForHyperParameterTuningJobRequest,
        ListTrainingJobsForHyperParameterTuningJobResponse,
        StopHyperParameterTuningJobRequest,
    )
    from sagemaker_tuning.transport.paginator import Paginator, TrainingJobPaginator
    from sagemaker_tuning.transport.waiters import ErrorCallback, PollCallback, Schedule

R = TypeVar("R")

__all__ = ["TuningTransport", "install_parsers", "parse_utc_timestamp"]


class TuningTransport(ClientCore):
    """The low-level sync client: SageMaker's tuning operations, typed, and nothing more.

    ``TuningTransport(client)`` wraps a botocore or boto3 SageMaker client without modifying
    it, as :class:`~sagemaker_tuning.TuningClient` does (its docstring says how: ``clock``,
    ``sleep``, :meth:`create`, the errors); it has every operation, paginator and waiter of
    that class, and none of what is built on them (handles, the preview view, the
    forecasting schedule, the recovery of a lost Create). Applications use
    :class:`~sagemaker_tuning.TuningClient`; :class:`~sagemaker_tuning.aio.AsyncTuningClient`
    is its async twin.
    """

    def __init__(
        self,
        client: Any,
        *,
        clock: Callable[[], float] | None = None,
        sleep: Callable[[float], object] | None = None,
    ) -> None:
        self._init_core(client, clock if clock is not None else time.monotonic)
        #: What waiters wait with, in seconds.
        self.sleep: Callable[[float], object] = sleep if sleep is not None else time.sleep

    @classmethod
    def create(
        cls,
        *,
        region_name: str | None = None,
        profile_name: str | None = None,
        endpoint_url: str | None = None,
        config: Any = None,
        session: Any = None,
    ) -> Self:
        """Build a SageMaker client on a new botocore session and wrap it.

        The session reads credentials and settings the usual botocore way
        (``profile_name`` picks a profile); pass ``session`` (a ``botocore.session.Session``)
        to build on one of your own instead (``profile_name`` is then ignored). Retries use botocore's ``standard``
        mode unless ``config`` (a ``botocore.config.Config``) or the environment
        (``AWS_RETRY_MODE``, ``retry_mode`` in the profile) names a mode. The
        session parses timestamps with :func:`parse_utc_timestamp`, which the
        typed responses would convert to UTC anyway, at a fraction of the cost, and
        reads a structure, list or map of the wrong JSON type as missing (botocore's own
        parser raises ``AttributeError`` on one; see ``sagemaker_tuning._parsing``).
        """
        import botocore.session

        if session is None:
            session = botocore.session.Session(profile=profile_name)
        # botocore's JSON parser, except that a value of the wrong JSON type reads as missing
        # instead of raising inside botocore; UTC timestamps (see sagemaker_tuning._parsing).
        install_parsers(session)
        client = session.create_client(
            "sagemaker",
            region_name=region_name,
            endpoint_url=endpoint_url,
            config=client_config(session, config),
        )
        return cls(client)

    # -- the plumbing every operation shares -------------------------------------------------

    def _call(self, operation: str, params: dict[str, Any]) -> dict[str, Any]:
        import sagemaker_tuning._parsing as parsing

        # A successful answer is its wire document, which from_api reads in one pass; the
        # call goes through a twin of boto_client, which stays unmodified (see _parsing).
        method = parsing.typed_method(self.boto_client, OPERATIONS[operation].method_name)
        try:
            result: dict[str, Any] = method(**params)
        except ClientError as error:
            raise self._refused(error) from error
        return self._answered(result)

    def _invoke(self, operation: str, request: Any, *, validated: bool = False) -> Any:
        model = OPERATIONS[operation]
        raw = self._call(operation, self._params(model, request, validated=validated))
        return self._finish(model, raw)

    def _paginate(
        self,
        operation: str,
        request: Any,
        max_items: int | None,
        page_size: int | None,
        starting_token: str | None,
    ) -> Any:
        from sagemaker_tuning.transport.paginator import Paginator, TrainingJobPaginator

        options = {"max_items": max_items, "page_size": page_size, "starting_token": starting_token}
        args = self._paginator_args(operation, request, options)
        cls = TrainingJobPaginator if operation == TrainingJobPaginator.operation else Paginator
        return cls(lambda p: self._call(operation, p), **args)

    # -- the operations ------------------------------------------------------------------------

    def create_hyper_parameter_tuning_job(
        self, request: CreateHyperParameterTuningJobRequest, *, check_rules: bool = True
    ) -> CreateHyperParameterTuningJobResponse:
        """Start a tuning job (``CreateHyperParameterTuningJob``).

        Before anything is sent, the request is checked against the model and the service
        rules of :mod:`sagemaker_tuning.rules`: one :class:`~sagemaker_tuning.ValidationError`
        lists every model violation and every error-severity rule it breaks, each with its
        path; each warning-severity rule it breaks is issued as a
        :class:`~sagemaker_tuning.errors.RuleWarning` (``warnings.warn``) and logged to the
        ``sagemaker_tuning.client`` logger, and does not stop the call.
        ``check_rules=False`` checks the model only (for a rule this SDK has wrong: please
        report it).

        Raises :class:`~sagemaker_tuning.errors.ResourceInUse` if the name is
        taken, :class:`~sagemaker_tuning.errors.ResourceLimitExceeded` at a quota. When
        botocore retried the call and the retry met a job of this name created in the last
        ten minutes from this very request, the first attempt created it and only its answer
        was lost (:class:`~sagemaker_tuning.TuningClient` checks this; this low-level client
        raises the ``ResourceInUse``): that job's ARN is returned, a warning is logged and
        :attr:`last_create_note` says what happened.
        """
        operation = "CreateHyperParameterTuningJob"
        params = self._create_params(request, check_rules)
        try:
            raw = self._call(operation, params)
        except ResourceInUse as error:
            recovered = self._recover_lost_create(request, error)
            if recovered is None:
                raise
            return recovered
        result: CreateHyperParameterTuningJobResponse = self._finish(OPERATIONS[operation], raw)
        return result

    def _recover_lost_create(
        self, request: Any, error: ResourceInUse
    ) -> CreateHyperParameterTuningJobResponse | None:
        """The job a retried Create's first attempt made, if ``error`` met it; here: never."""
        return None

    def describe_hyper_parameter_tuning_job(
        self, request: DescribeHyperParameterTuningJobRequest | str
    ) -> DescribeHyperParameterTuningJobResponse:
        """Describe a tuning job (``DescribeHyperParameterTuningJob``); ``request`` may be its name.

        Raises :class:`~sagemaker_tuning.errors.ResourceNotFound` for an unknown job.
        """
        result: DescribeHyperParameterTuningJobResponse = self._invoke(
            "DescribeHyperParameterTuningJob", request
        )
        return result

    def list_training_jobs_for_hyper_parameter_tuning_job(
        self, request: ListTrainingJobsForHyperParameterTuningJobRequest | str
    ) -> ListTrainingJobsForHyperParameterTuningJobResponse:
        """One page of a tuning job's training jobs; ``request`` may be the tuning job's name.

        Pass the response's ``next_token`` in a new request for the next page, or
        let :meth:`paginate_training_jobs_for_hyper_parameter_tuning_job` do it.
        """
        result: ListTrainingJobsForHyperParameterTuningJobResponse = self._invoke(
            "ListTrainingJobsForHyperParameterTuningJob", request
        )
        return result

    def paginate_training_jobs_for_hyper_parameter_tuning_job(
        self,
        request: ListTrainingJobsForHyperParameterTuningJobRequest | str,
        *,
        max_items: int | None = None,
        page_size: int | None = None,
        starting_token: str | None = None,
    ) -> TrainingJobPaginator:
        """All training jobs of a tuning job, as a lazy :class:`~sagemaker_tuning.transport.paginator.TrainingJobPaginator`.

        ``request`` may be the tuning job's name; its sort and filter members
        apply to every page. ``page_size`` (1 to 100, the model's ``MaxResults``
        range) sets how many jobs each call asks for, ``max_items`` caps the
        total, ``starting_token`` continues from a paginator's ``resume_token``.
        Everything is validated here; nothing is sent until you iterate.
        """
        result: TrainingJobPaginator = self._paginate(
            "ListTrainingJobsForHyperParameterTuningJob",
            request,
            max_items,
            page_size,
            starting_token,
        )
        return result

    def list_hyper_parameter_tuning_jobs(
        self, request: ListHyperParameterTuningJobsRequest | None = None
    ) -> ListHyperParameterTuningJobsResponse:
        """One page of the account's tuning jobs in this region (``ListHyperParameterTuningJobs``).

        With no request, the first page of every job. Filter with
        ``name_contains``, ``status_equals`` and the creation / last-modified time
        bounds; order with ``sort_by`` (``Name``, ``Status``, ``CreationTime``) and
        ``sort_order``. Pass the response's ``next_token`` in a new request for the
        next page, or let :meth:`paginate_hyper_parameter_tuning_jobs` do it.
        """
        result: ListHyperParameterTuningJobsResponse = self._invoke(
            "ListHyperParameterTuningJobs", request
        )
        return result

    def paginate_hyper_parameter_tuning_jobs(
        self,
        request: ListHyperParameterTuningJobsRequest | None = None,
        *,
        max_items: int | None = None,
        page_size: int | None = None,
        starting_token: str | None = None,
    ) -> Paginator[ListHyperParameterTuningJobsResponse, HyperParameterTuningJobSummary]:
        """Every tuning job matching ``request`` (all of them without one), as a lazy
        :class:`~sagemaker_tuning.transport.paginator.Paginator` of
        :class:`~sagemaker_tuning.shapes.HyperParameterTuningJobSummary`.

        The request's filters and sort apply to every page; ``page_size`` (1 to 100,
        the model's ``MaxResults`` range), ``max_items`` and ``starting_token`` work
        as in :meth:`paginate_training_jobs_for_hyper_parameter_tuning_job`. Nothing
        is sent until you iterate.
        """
        result: Paginator[ListHyperParameterTuningJobsResponse, HyperParameterTuningJobSummary] = (
            self._paginate(
                "ListHyperParameterTuningJobs", request, max_items, page_size, starting_token
            )
        )
        return result

    def describe_training_job(
        self, request: DescribeTrainingJobRequest | str
    ) -> DescribeTrainingJobResponse:
        """Describe a training job (``DescribeTrainingJob``); ``request`` may be its name.

        Raises :class:`~sagemaker_tuning.errors.ResourceNotFound` for an unknown job.
        """
        result: DescribeTrainingJobResponse = self._invoke("DescribeTrainingJob", request)
        return result

    def stop_hyper_parameter_tuning_job(
        self, request: StopHyperParameterTuningJobRequest | str
    ) -> None:
        """Ask SageMaker to stop a tuning job; ``request`` may be its name.

        The job goes to ``Stopping`` and then ``Stopped``; wait for that with
        :meth:`wait_for_hyper_parameter_tuning_job_stopped`.
        """
        self._invoke("StopHyperParameterTuningJob", request)

    def delete_hyper_parameter_tuning_job(
        self, request: DeleteHyperParameterTuningJobRequest | str
    ) -> None:
        """Delete a tuning job that has ended; ``request`` may be its name.

        Only the tuning job's entry goes: its training jobs, their models and the role stay (API
        reference). SageMaker refuses a job that is not Completed, Failed or Stopped with a
        ``ValidationException`` ("not in a terminal state"; stop it first); a deleted job is
        ``Deleting`` for a while, then Describe raises
        :class:`~sagemaker_tuning.errors.ResourceNotFound`.
        """
        self._invoke("DeleteHyperParameterTuningJob", request)

    # -- waiters -------------------------------------------------------------------------------

    def _wait(self, waiter: str, name: Any, *args: Any) -> Any:
        from sagemaker_tuning.transport import waiters

        output, failure, max_wait, min_delay, max_delay, on_poll, schedule, on_error = args
        timing = {"max_wait": max_wait, "min_delay": min_delay, "max_delay": max_delay}
        callbacks = {"on_poll": on_poll, "on_error": on_error}
        definition, params, options = self._waiter_args(
            waiter, name, output, failure, {**timing, **callbacks}, schedule
        )
        return success(
            waiters.run(
                definition,
                lambda: self._call(definition.operation, params),
                sleep=self.sleep,
                **options,
            ),
            waiter,
        )

    def wait_for_hyper_parameter_tuning_job(
        self,
        name: DescribeHyperParameterTuningJobRequest | str,
        *,
        max_wait: float | None = None,
        min_delay: float | None = None,
        max_delay: float | None = None,
        on_poll: PollCallback[DescribeHyperParameterTuningJobResponse] | None = None,
        schedule: ScheduleName | Schedule = "progress",
        on_error: ErrorCallback | None = None,
    ) -> DescribeHyperParameterTuningJobResponse:
        """Wait until a tuning job is ``Completed`` or ``Stopped``; return its final description.

        Raises :class:`~sagemaker_tuning.errors.TuningJobFailed` (with the last
        response and its ``failure_reason``) on ``Failed`` or ``DeleteFailed``,
        :class:`~sagemaker_tuning.errors.ResourceNotFound` at once for an unknown
        job, and :class:`~sagemaker_tuning.errors.WaiterTimeout` (with the last
        response) once ``max_wait`` seconds pass. Any other status, known or not,
        means "still running". Throttling and other transient errors are retried
        by botocore, then by polling again; they are never fatal before ``max_wait``.

        By default (``schedule="progress"``) polls are scheduled from what the answers say
        (:class:`~sagemaker_tuning.progress.ProgressSchedule`, on
        :class:`~sagemaker_tuning.TuningClient`; this low-level client has no forecast and
        uses the Smithy schedule): training jobs left,
        parallelism, finished jobs' durations and running jobs' ages (from a few list
        calls on jobs expected to last an hour or more; shorter ones from the Describe
        counters alone), the runtime limit -- sparse while the predicted end is far, dense
        near it, never ahead of the Smithy schedule's call count by more than 15 calls (5 on
        a short job). There
        ``min_delay`` and ``max_delay``, when given, bound its delays (by default they
        run from 5 s near the predicted end to 200 s far from it). When nothing can be
        predicted yet (no training job finished) it uses the Smithy schedule, which
        ``schedule="smithy"`` selects throughout: sleeps drawn between ``min_delay``
        (default 90 s) and ``max_delay`` (default 100 s). Either way no sleep runs past
        ``max_wait`` (default 86400 s, one day) and the last poll happens at it.
        ``benchmarks/waiter_schedule.py`` measures calls and lateness of both. A
        :class:`~sagemaker_tuning.transport.waiters.Schedule` object may be passed instead (the
        CLI shares its ``ProgressSchedule`` with its progress display).
        ``on_poll(response)`` is called after every answered poll -- a progress
        display's hook -- and ``on_error(error)`` after every poll that failed and will be
        retried (an unreachable endpoint, throttling), as it happens.
        """
        from sagemaker_tuning.core.errors import TuningJobFailed
        from sagemaker_tuning.core.shapes import DescribeHyperParameterTuningJobResponse

        chosen = self._tuning_schedule(name, schedule, min_delay, max_delay)
        result: DescribeHyperParameterTuningJobResponse = self._wait(
            "HyperParameterTuningJobCompletedOrStopped",
            name,
            DescribeHyperParameterTuningJobResponse,
            TuningJobFailed,
            max_wait,
            min_delay,
            max_delay,
            on_poll,
            chosen,
            on_error,
        )
        return result

    def wait_for_hyper_parameter_tuning_job_stopped(
        self,
        name: DescribeHyperParameterTuningJobRequest | str,
        *,
        max_wait: float | None = None,
        min_delay: float | None = None,
        max_delay: float | None = None,
        on_poll: PollCallback[DescribeHyperParameterTuningJobResponse] | None = None,
        on_error: ErrorCallback | None = None,
    ) -> DescribeHyperParameterTuningJobResponse:
        """After :meth:`stop_hyper_parameter_tuning_job`, wait until the job has stopped.

        Succeeds on ``Stopped``, and on ``Completed`` (the job finished before the
        stop took effect; the returned response shows which). Otherwise as
        :meth:`wait_for_hyper_parameter_tuning_job`, with defaults suited to a
        stop that takes a minute or two: ``min_delay`` 5 s, ``max_delay`` 30 s,
        ``max_wait`` 3600 s.
        """
        from sagemaker_tuning.core.errors import TuningJobFailed
        from sagemaker_tuning.core.shapes import DescribeHyperParameterTuningJobResponse

        result: DescribeHyperParameterTuningJobResponse = self._wait(
            "HyperParameterTuningJobStopped",
            name,
            DescribeHyperParameterTuningJobResponse,
            TuningJobFailed,
            max_wait,
            min_delay,
            max_delay,
            on_poll,
            None,
            on_error,
        )
        return result

    def wait_for_training_job(
        self,
        name: DescribeTrainingJobRequest | str,
        *,
        max_wait: float | None = None,
        min_delay: float | None = None,
        max_delay: float | None = None,
        on_poll: PollCallback[DescribeTrainingJobResponse] | None = None,
        on_error: ErrorCallback | None = None,
    ) -> DescribeTrainingJobResponse:
        """Wait until a training job is ``Completed`` or ``Stopped``; return its final description.

        Raises :class:`~sagemaker_tuning.errors.TrainingJobFailed` on ``Failed``
        (botocore's ``TrainingJobCompletedOrStopped`` acceptors, which also fail on
        the ``ValidationException`` SageMaker answers for an unknown training job:
        that :class:`~sagemaker_tuning.errors.ServiceError` is raised as is).
        Timing, defaults (``min_delay`` 90 s, ``max_delay`` 100 s, ``max_wait``
        86400 s), retries, ``on_poll`` and ``on_error`` as in
        :meth:`wait_for_hyper_parameter_tuning_job`.
        """
        from sagemaker_tuning.core.errors import TrainingJobFailed
        from sagemaker_tuning.core.shapes import DescribeTrainingJobResponse

        result: DescribeTrainingJobResponse = self._wait(
            "TrainingJobCompletedOrStopped",
            name,
            DescribeTrainingJobResponse,
            TrainingJobFailed,
            max_wait,
            min_delay,
            max_delay,
            on_poll,
            None,
            on_error,
        )
        return result
