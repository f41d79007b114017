"""The typed client: SageMaker's tuning operations with typed requests, responses and errors.

:class:`TuningClient` wraps a botocore (or boto3) SageMaker client. Every request is
validated against the whole model before botocore sees it, and a Create request against
the error-severity service rules of :mod:`sagemaker_tuning.rules` too, so an invalid
request raises :class:`~sagemaker_tuning.ValidationError` and is never sent; every
response is read leniently, so whatever the service returns never fails the call.

It is the low-level :class:`~sagemaker_tuning.transport.client.TuningTransport` (the
operations, paginators and waiters) plus what is built on them: handles
(:meth:`TuningClient.tuning_job`), the preview view (:meth:`TuningClient.describe_tuning_job`),
the forecasting waiter schedule and the recovery of a retried Create whose answer was lost.
The workflow modules they use are imported only when they are first used.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any, Final

from sagemaker_tuning.core.errors import (
    MalformedResponse,
    ResourceInUse,
    ServiceError,
    ValidationError,
)
from sagemaker_tuning.transport._engine import log as _log
from sagemaker_tuning.transport.client import (
    TuningTransport,
    install_parsers,
    parse_utc_timestamp,
)

if TYPE_CHECKING:
    from sagemaker_tuning.core.shapes import (
        CreateHyperParameterTuningJobResponse,
        DescribeTuningJobRequest,
        DescribeTuningJobResponse,
        ListHyperParameterTuningJobsRequest,
    )
    from sagemaker_tuning.transport.waiters import Schedule
    from sagemaker_tuning.workflows.jobs import TuningJob
    from sagemaker_tuning.workflows.tuning_view import TrainingJobCache

__all__ = ["TuningClient", "install_parsers", "parse_utc_timestamp"]

_UTC: Final = timezone.utc
#: How recent a job must be to be the one a retried Create's lost first attempt made, in
#: seconds: botocore's retries of one call span seconds (at most 20 s of backoff each).
_JUST_CREATED: Final = 600.0


class TuningClient(TuningTransport):
    """Typed access to SageMaker's hyperparameter-tuning operations.

    ``TuningClient(client)`` wraps an existing botocore or boto3 SageMaker client:
    its credentials, region, endpoint, retry configuration and event hooks stay as
    they are, and the client is **not modified** -- in particular its parser is left
    alone, so raw calls you make on it see exactly what they saw before. The typed calls
    go through a twin of it, built once, that shares its session, credentials, endpoint
    and event hooks and reads each answer's JSON straight into the typed response
    (``sagemaker_tuning._parsing``). :meth:`create` builds a client of its own.

    ``clock`` (seconds, default :func:`time.monotonic`) and ``sleep`` (seconds,
    default :func:`time.sleep`) are what the waiters measure and wait with; tests
    and simulations pass virtual ones.

    Errors: an invalid request raises :class:`~sagemaker_tuning.ValidationError`
    before anything is sent; a service error raises a
    :class:`~sagemaker_tuning.errors.ServiceError` subclass; botocore's own
    errors (credentials, connections) pass through unchanged -- see
    :mod:`sagemaker_tuning.errors`.

    The operations, paginators and waiters are those of
    :class:`~sagemaker_tuning.transport.client.TuningTransport`;
    :class:`~sagemaker_tuning.aio.AsyncTuningClient` is the async twin.
    """

    _training_job_cache: TrainingJobCache | None = None

    def _default_schedule(
        self, name: str, min_delay: float | None, max_delay: float | None
    ) -> Schedule | None:
        from sagemaker_tuning.workflows.progress import ProgressSchedule

        return ProgressSchedule(self, name, min_delay=min_delay, max_delay=max_delay)

    def _recover_lost_create(
        self, request: Any, error: ResourceInUse
    ) -> CreateHyperParameterTuningJobResponse | None:
        """The job a retried Create's first attempt created, if ``error`` met that job.

        botocore retries a Create whose answer was lost (a connection reset, a 5xx after the
        work was done); the retry then answers ``ResourceInUse`` for the caller's own job. It
        is ours when botocore did retry (``RetryAttempts`` in the answer's metadata), the job
        was created in the last ten minutes, and its request-derived members are the
        request's -- compared after the same removal of what the service adds
        (:func:`sagemaker_tuning.requests.from_description`) on both sides.
        """
        name = lost_create_name(request, error)
        if name is None:
            return None
        try:
            described = self.describe_hyper_parameter_tuning_job(name)
        except (ServiceError, ValidationError, MalformedResponse):
            return None  # not provably ours: the caller gets the ResourceInUse
        return own_lost_create(self, request, described)

    # -- composite operations (supplementary models: no wire operation of their own) ----------

    def describe_tuning_job(
        self, request: DescribeTuningJobRequest | str, *, exact: bool = False
    ) -> DescribeTuningJobResponse:
        """The preview ``describe_tuning_job`` view of a tuning job; ``request`` may be its name.

        One object with the best training job (with all its hyperparameters), metric
        definitions, typed parameter ranges, compute hours, training jobs by state and
        limits -- members, nesting and wire names as in the preview document, so
        ``to_api(response)`` is the dict a preview user had. SageMaker has no such wire
        operation: it is answered by ``DescribeHyperParameterTuningJob``, the pages of
        ``ListTrainingJobsForHyperParameterTuningJob`` (100 training jobs per call) and a
        ``DescribeTrainingJob`` of the best training job -- 1 + ceil(N / 100) + 1 calls
        for N training jobs, the last one only the first time this client sees that best
        job. docs/preview.md tabulates how each member is derived.

        ``exact=True`` counts ended training jobs by ``BillableTimeInSeconds`` (managed
        spot training bills less than it runs): one ``DescribeTrainingJob`` per ended job,
        the first time only -- :attr:`training_job_cache` keeps what ended jobs said, so
        watching a job never describes a finished one twice.

        Raises :class:`~sagemaker_tuning.errors.ResourceNotFound` for an unknown job and
        :class:`~sagemaker_tuning.ValidationError` for an invalid request or an
        ``aws_account_id`` other than the job's ARN's. :func:`sagemaker_tuning.tuning_view.describe_tuning_job`
        returns the same view with its unrounded hours and call count.
        """
        from sagemaker_tuning.workflows import tuning_view

        return tuning_view.describe_tuning_job(self, request, exact=exact).response

    @property
    def training_job_cache(self) -> TrainingJobCache:
        """What this client learned from training jobs that had ended (they never change).

        Used by :meth:`describe_tuning_job`; see
        :class:`~sagemaker_tuning.tuning_view.TrainingJobCache`.
        """
        cache = self._training_job_cache
        if cache is None:
            from sagemaker_tuning.workflows.tuning_view import TrainingJobCache

            cache = self._training_job_cache = TrainingJobCache()
        return cache

    # -- handles (issue 12) --------------------------------------------------------------------
    # Composite methods, not operations: they return TuningJob handles built on the methods above.

    def tuning_job(self, name: str) -> TuningJob:
        """A :class:`~sagemaker_tuning.jobs.TuningJob` handle on the tuning job ``name``.

        Nothing is called: the handle asks the service when you use it (``describe()``,
        ``wait()``, ``best_training_job()``, ``clone(...)``, ...).
        """
        from sagemaker_tuning.workflows.jobs import TuningJob

        return TuningJob(self, name)

    def tuning_jobs(
        self,
        request: ListHyperParameterTuningJobsRequest | None = None,
        *,
        max_items: int | None = None,
        page_size: int | None = None,
    ) -> Iterator[TuningJob]:
        """A handle on every tuning job ``request`` lists (every job without one), lazily.

        Pages through :meth:`paginate_hyper_parameter_tuning_jobs` with the request's filters
        and sort; ``max_items`` caps the handles and ``page_size`` sets ``MaxResults``. The
        request is validated here; nothing is sent until you iterate.
        """
        from sagemaker_tuning.workflows.jobs import TuningJob

        summaries = self.paginate_hyper_parameter_tuning_jobs(
            request, max_items=max_items, page_size=page_size
        )
        return (TuningJob(self, s.hyper_parameter_tuning_job_name) for s in summaries)


def lost_create_name(request: Any, error: ResourceInUse) -> str | None:
    """The name to describe when ``error`` may have met the caller's own lost Create: botocore
    did retry (``RetryAttempts`` in the answer's metadata); ``None`` otherwise."""
    from sagemaker_tuning.core.shapes import CreateHyperParameterTuningJobRequest

    cause = error.__cause__
    meta = getattr(cause, "response", {}).get("ResponseMetadata") or {}
    if not meta.get("RetryAttempts") or not isinstance(
        request, CreateHyperParameterTuningJobRequest
    ):
        return None
    return request.hyper_parameter_tuning_job_name


def own_lost_create(
    client: Any, request: Any, described: Any
) -> CreateHyperParameterTuningJobResponse | None:
    """The Create response to return when ``described`` (the job of the request's name) is the
    one the request's lost first attempt created; sets ``client.last_create_note``. No I/O."""
    from sagemaker_tuning.core import serde
    from sagemaker_tuning.core.shapes import CreateHyperParameterTuningJobResponse
    from sagemaker_tuning.core.shapes import DescribeHyperParameterTuningJobResponse as Described
    from sagemaker_tuning.workflows.requests import from_description

    name = request.hyper_parameter_tuning_job_name
    try:
        now = client.service_now() or datetime.now(_UTC)
        created = described.creation_time
        if created is None or abs((now - created).total_seconds()) > _JUST_CREATED:
            return None
        as_sent = serde.from_api(Described, serde.to_api(request))
        tags = request.tags
        if from_description(described, name=name, tags=tags) != from_description(
            as_sent, name=name, tags=tags
        ):
            return None
    except (ServiceError, ValidationError, MalformedResponse):
        return None  # not provably ours: the caller gets the ResourceInUse
    client.last_create_note = (
        f"tuning job {name} exists and matches this request: the first attempt created it; "
        "its answer was lost and botocore's retry met it (ResourceInUse)"
    )
    _log.warning("CreateHyperParameterTuningJob %s", client.last_create_note)
    return CreateHyperParameterTuningJobResponse(
        hyper_parameter_tuning_job_arn=described.hyper_parameter_tuning_job_arn
    )
