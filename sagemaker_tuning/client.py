"""The typed client: SageMaker's tuning operations with typed requests, responses and errors.

:class:`TuningClient` wraps a botocore (or boto3) SageMaker client. Every request is
validated against the whole model before botocore sees it, and a Create request against
the error-severity service rules of :mod:`sagemaker_tuning.rules` too, so an invalid
request raises :class:`~sagemaker_tuning.ValidationError` and is never sent; every
response is read leniently, so whatever the service returns never fails the call.
"""

from __future__ import annotations

import os
import time
import warnings
from collections.abc import Callable, Iterator
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any, Final, Literal, TypeVar

from botocore.exceptions import ClientError

from sagemaker_tuning import _clock, _logs, _timestamps
from sagemaker_tuning._clock import ServiceClock
from sagemaker_tuning._generated.model import OPERATIONS, SERVICE_ID
from sagemaker_tuning._operations import OperationModel
from sagemaker_tuning.errors import (
    MalformedResponse,
    ResourceInUse,
    RuleWarning,
    ServiceError,
    ValidationError,
    from_client_error,
)

if TYPE_CHECKING:
    # Imported where used: building a client builds no shape class and imports neither
    # cattrs nor the validators (benchmarks/all.py, time to a first client).
    from sagemaker_tuning.errors import WaiterError
    from sagemaker_tuning.jobs import TuningJob
    from sagemaker_tuning.paginator import Paginator, TrainingJobPaginator
    from sagemaker_tuning.shapes import (
        CreateHyperParameterTuningJobRequest,
        CreateHyperParameterTuningJobResponse,
        DeleteHyperParameterTuningJobRequest,
        DescribeHyperParameterTuningJobRequest,
        DescribeHyperParameterTuningJobResponse,
        DescribeTrainingJobRequest,
        DescribeTrainingJobResponse,
        DescribeTuningJobRequest,
        DescribeTuningJobResponse,
        HyperParameterTuningJobSummary,
        ListHyperParameterTuningJobsRequest,
        ListHyperParameterTuningJobsResponse,
        ListTrainingJobsForHyperParameterTuningJobRequest,
        ListTrainingJobsForHyperParameterTuningJobResponse,
        StopHyperParameterTuningJobRequest,
    )
    from sagemaker_tuning.tuning_view import TrainingJobCache
    from sagemaker_tuning.waiters import ErrorCallback, PollCallback, Schedule

R = TypeVar("R")

__all__ = ["TuningClient", "install_parsers", "parse_utc_timestamp"]

#: Where the warning-severity service rules of a Create request go. A library leaves the
#: output to the application (Python's logging HOWTO, "Configuring Logging for a Library"):
#: nothing is printed unless logging is configured.
_log = _logs.get(__name__)

_UTC: Final = timezone.utc
#: How recent a job must be to be the one a retried Create's lost first attempt made, in
#: seconds: botocore's retries of one call span seconds (at most 20 s of backoff each).
_JUST_CREATED: Final = 600.0


def parse_utc_timestamp(value: Any) -> datetime | None:
    """A botocore ``timestamp_parser`` that returns aware UTC datetimes, cheaply, and never raises.

    botocore's default parser builds a ``dateutil`` ``tzlocal()`` for every
    timestamp and returns local-time datetimes (boto/botocore#3063); on a
    100-summary list page that is most of the parse. This one returns the same
    instants in UTC. :meth:`TuningClient.create` installs it on the session it
    creates; to use it on a session of your own::

        session.get_component("response_parser_factory").set_parser_defaults(
            timestamp_parser=parse_utc_timestamp
        )

    It reads epoch seconds, ISO 8601 and, through botocore's parser, RFC 822 and
    the other formats botocore reads. A number too large to be epoch seconds but
    within range as epoch milliseconds (some AWS services send them) is read as
    milliseconds. Anything else -- ``""``, ``"nan"``, year 10000, ``1e400`` -- gives
    ``None`` and one logged warning (logger ``sagemaker_tuning.timestamps``, once
    per distinct value) instead of failing the whole call as botocore's parser does.
    """
    return _timestamps.read(value)


def _headers(response: Any) -> Any:
    """The HTTP headers botocore keeps in a parsed answer's ``ResponseMetadata``."""
    meta = response.get("ResponseMetadata") if isinstance(response, dict) else None
    return meta.get("HTTPHeaders") if isinstance(meta, dict) else None


def _default_config() -> Any:
    from botocore.config import Config

    return Config(retries={"mode": "standard"})


def install_parsers(session: Any) -> None:
    """Give the clients ``session`` (a botocore session) creates the parsers :meth:`TuningClient.create` uses.

    Timestamps by :func:`parse_utc_timestamp`, and JSON by botocore's parser made tolerant of
    wrong JSON types: a structure, list or map that arrives as something else reads as
    missing instead of raising ``AttributeError`` inside botocore. Call it before
    ``session.create_client(...)``; clients created earlier keep their parsers.
    """
    from sagemaker_tuning._parsing import TolerantParserFactory

    factory = TolerantParserFactory()
    factory.set_parser_defaults(timestamp_parser=parse_utc_timestamp)
    session.register_component("response_parser_factory", factory)


class TuningClient:
    """Typed access to SageMaker's hyperparameter-tuning operations.

    ``TuningClient(client)`` wraps an existing botocore or boto3 SageMaker client:
    its credentials, region, endpoint, retry configuration and event hooks stay as
    they are, and the client is **not modified** -- in particular its timestamp
    parser is left alone, so raw calls you make on it see exactly what they saw
    before (use :meth:`create`, or :func:`parse_utc_timestamp` on your session, for
    the faster UTC parser). :meth:`create` builds a client of its own.

    ``clock`` (seconds, default :func:`time.monotonic`) and ``sleep`` (seconds,
    default :func:`time.sleep`) are what the waiters measure and wait with; tests
    and simulations pass virtual ones.

    Errors: an invalid request raises :class:`~sagemaker_tuning.ValidationError`
    before anything is sent; a service error raises a
    :class:`~sagemaker_tuning.errors.ServiceError` subclass; botocore's own
    errors (credentials, connections) pass through unchanged -- see
    :mod:`sagemaker_tuning.errors`.
    """

    def __init__(
        self,
        client: Any,
        *,
        clock: Callable[[], float] | None = None,
        sleep: Callable[[float], object] | None = None,
    ) -> None:
        meta = getattr(client, "meta", None)
        service_model = getattr(meta, "service_model", None)
        service_id = getattr(service_model, "service_id", None)
        if service_id is None:
            raise TypeError(
                "TuningClient needs a botocore or boto3 SageMaker client, such as "
                f"boto3.client('sagemaker'); got {type(client).__name__}"
            )
        if str(service_id) != SERVICE_ID:
            raise TypeError(f"TuningClient needs a SageMaker client; got a {service_id} client")
        #: The wrapped botocore client (boto3 clients are botocore clients).
        self.boto_client: Any = client
        #: What waiters read the time with, in seconds.
        self.clock: Callable[[], float] = clock if clock is not None else time.monotonic
        #: What waiters wait with, in seconds.
        self.sleep: Callable[[float], object] = sleep if sleep is not None else time.sleep
        #: The service's clock as its answers tell it (see :meth:`service_now`).
        self.service_clock: ServiceClock = _clock.ServiceClock()
        self._training_job_cache: TrainingJobCache | None = None

    @classmethod
    def create(
        cls,
        *,
        region_name: str | None = None,
        profile_name: str | None = None,
        endpoint_url: str | None = None,
        config: Any = None,
        session: Any = None,
    ) -> TuningClient:
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
        # Asked directly: get_config_variable falls back to botocore's default retry mode,
        # which is "legacy" before botocore 1.44 (found by the lowest-versions test run).
        mode_configured = bool(
            os.environ.get("AWS_RETRY_MODE") or session.get_scoped_config().get("retry_mode")
        )
        user_mode = config is not None and (getattr(config, "retries", None) or {}).get("mode")
        if not mode_configured and not user_mode:
            if config is None:
                config = _default_config()
            else:
                retries = dict(getattr(config, "retries", None) or {})
                retries["mode"] = "standard"
                from botocore.config import Config

                config = config.merge(Config(retries=retries))
        client = session.create_client(
            "sagemaker", region_name=region_name, endpoint_url=endpoint_url, config=config
        )
        return cls(client)

    def __repr__(self) -> str:
        region = getattr(self.boto_client.meta, "region_name", None)
        return f"TuningClient(region={region!r})"

    # -- the plumbing every operation shares -------------------------------------------------

    def _params(
        self, model: OperationModel, request: Any, *, validated: bool = False
    ) -> dict[str, Any]:
        """Validate a request (a shape, a plain name or nothing, as the operation allows)
        deeply and give botocore's input dictionary (``validated``: already checked)."""
        cls = model.input
        if cls is None:  # every operation in scope has input; this guards the model
            raise TypeError(f"{model.name} takes no request")
        if request is None and model.input_optional:
            request = cls()
        elif isinstance(request, str) and model.name_member is not None:
            # The constructor validates the name and names the field in its error.
            request = cls(**{model.name_member: request})
        elif not isinstance(request, cls):
            accepted = f"a {cls.__name__}"
            if model.name_member is not None:
                accepted += " or a name (str)"
            if model.input_optional:
                accepted += " or None"
            raise TypeError(f"expected {accepted}, got {type(request).__name__}")
        elif not validated:
            from sagemaker_tuning.validation import violations

            # A tree may hold parts built leniently (from a response) that no
            # constructor ever checked; this walk is what guarantees nothing
            # invalid reaches botocore. A name-only request costs one pattern match.
            found = violations(request)
            if found:
                raise ValidationError(found, cls.__name__)
        from sagemaker_tuning.serde import to_api

        return to_api(request)

    def _call(self, operation: str, params: dict[str, Any]) -> dict[str, Any]:
        import sagemaker_tuning._parsing as parsing

        # A successful answer is its wire document, which from_api reads in one pass; the
        # call goes through a twin of boto_client, which stays unmodified (see _parsing).
        method = parsing.typed_method(self.boto_client, OPERATIONS[operation].method_name)
        try:
            result: dict[str, Any] = method(**params)
        except ClientError as error:
            self.service_clock.record(_headers(error.response))
            raise from_client_error(error) from error
        self.service_clock.record(_headers(result))
        return result

    def _parse(self, output: type[R], raw: dict[str, Any]) -> R:
        """The typed response, remembering the service clock it came with (see :meth:`service_now`)."""
        from sagemaker_tuning.serde import from_api

        typed = from_api(output, raw)
        _clock.stamp(typed, self.service_clock.latest())
        return typed

    def _invoke(self, operation: str, request: Any, *, validated: bool = False) -> Any:
        model = OPERATIONS[operation]
        raw = self._call(operation, self._params(model, request, validated=validated))
        if model.output is None:
            return None
        return self._parse(model.output, raw)

    def service_now(self) -> datetime | None:
        """The service's current time, as its latest answer told it; ``None`` before any answer.

        Every answer tells the time: the local service (in process or over HTTP) in its
        ``x-sagemaker-tuning-clock`` header, with the speed of its clock; AWS in the HTTP
        ``Date`` header (one-second resolution). Between answers the time is carried
        forward at that speed on this machine's monotonic clock. Elapsed times of running
        jobs are measured against this, never against this machine's wall clock, which
        is not the local service's virtual clock (and may be off from AWS's).
        """
        return self.service_clock.now()

    def _paginate(
        self,
        operation: str,
        request: Any,
        max_items: int | None,
        page_size: int | None,
        starting_token: str | None,
    ) -> Any:
        from sagemaker_tuning.paginator import Paginator, TrainingJobPaginator

        params = self._params(OPERATIONS[operation], request)
        cls = TrainingJobPaginator if operation == TrainingJobPaginator.operation else Paginator
        return cls(
            lambda p: self._call(operation, p),
            params,
            max_items=max_items,
            page_size=page_size,
            starting_token=starting_token,
            operation=operation,
        )

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
        was lost: that job's ARN is returned, a warning is logged and
        :attr:`last_create_note` says what happened.
        """
        from sagemaker_tuning.shapes import CreateHyperParameterTuningJobRequest

        operation = "CreateHyperParameterTuningJob"
        validated = False
        if check_rules and isinstance(request, CreateHyperParameterTuningJobRequest):
            self._check_rules(request)
            validated = True
        self.last_create_note = None
        try:
            result: CreateHyperParameterTuningJobResponse = self._invoke(
                operation, request, validated=validated
            )
        except ResourceInUse as error:
            recovered = self._own_lost_create(request, error)
            if recovered is None:
                raise
            return recovered
        return result

    #: Set by :meth:`create_hyper_parameter_tuning_job` when botocore's retry of a Create met
    #: the job its first attempt had created (that answer was lost): what happened, in words.
    last_create_note: str | None = None

    def _own_lost_create(
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
        from sagemaker_tuning import serde
        from sagemaker_tuning.shapes import (
            CreateHyperParameterTuningJobRequest,
            CreateHyperParameterTuningJobResponse,
        )

        cause = error.__cause__
        meta = getattr(cause, "response", {}).get("ResponseMetadata") or {}
        if not meta.get("RetryAttempts") or not isinstance(
            request, CreateHyperParameterTuningJobRequest
        ):
            return None
        from sagemaker_tuning.requests import from_description
        from sagemaker_tuning.shapes import DescribeHyperParameterTuningJobResponse as Described

        name = request.hyper_parameter_tuning_job_name
        try:
            described = self.describe_hyper_parameter_tuning_job(name)
            now = self.service_now() or datetime.now(_UTC)
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
        self.last_create_note = (
            f"tuning job {name} exists and matches this request: the first attempt created it; "
            "its answer was lost and botocore's retry met it (ResourceInUse)"
        )
        _log.warning("CreateHyperParameterTuningJob %s", self.last_create_note)
        return CreateHyperParameterTuningJobResponse(
            hyper_parameter_tuning_job_arn=described.hyper_parameter_tuning_job_arn
        )

    @staticmethod
    def _check_rules(request: CreateHyperParameterTuningJobRequest) -> None:
        """Raise one ValidationError for the model's violations and the rules' errors; log
        the rules' warnings."""
        from sagemaker_tuning import rules
        from sagemaker_tuning.validation import violations

        found = violations(request)
        checked = rules.check(request)  # rules never raise on malformed values
        errors = found + [v for v in checked if v.severity == "error"]
        if errors:
            raise ValidationError(errors, type(request).__name__)
        for warning in checked:
            message = (
                f"CreateHyperParameterTuningJob {request.hyper_parameter_tuning_job_name}: "
                f"{warning} [{warning.rule}]"
            )
            _log.warning("%s", message)
            # A logger alone is silent until the application configures logging; a warning
            # shows in a script or a notebook as it is (stacklevel 3: the caller's line).
            warnings.warn(RuleWarning(message, warning), stacklevel=3)

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
        """All training jobs of a tuning job, as a lazy :class:`~sagemaker_tuning.paginator.TrainingJobPaginator`.

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
        :class:`~sagemaker_tuning.paginator.Paginator` of
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
        from sagemaker_tuning import tuning_view

        return tuning_view.describe_tuning_job(self, request, exact=exact).response

    @property
    def training_job_cache(self) -> TrainingJobCache:
        """What this client learned from training jobs that had ended (they never change).

        Used by :meth:`describe_tuning_job`; see
        :class:`~sagemaker_tuning.tuning_view.TrainingJobCache`.
        """
        cache = self._training_job_cache
        if cache is None:
            from sagemaker_tuning.tuning_view import TrainingJobCache

            cache = self._training_job_cache = TrainingJobCache()
        return cache

    # -- waiters -------------------------------------------------------------------------------

    def _wait(
        self,
        waiter: str,
        name: Any,
        output: type[R],
        failure: type[WaiterError],
        max_wait: float | None,
        min_delay: float | None,
        max_delay: float | None,
        on_poll: PollCallback[R] | None,
        schedule: Schedule | None = None,
        on_error: ErrorCallback | None = None,
    ) -> R:
        from sagemaker_tuning import waiters

        definition = waiters.definitions()[waiter]
        params = self._params(OPERATIONS[definition.operation], name)
        subject = f"{definition.operation.removeprefix('Describe')} {next(iter(params.values()))!r}"
        result = waiters.run(
            definition,
            lambda: self._call(definition.operation, params),
            lambda raw: self._parse(output, raw),
            subject=subject,
            failure=failure,
            clock=self.clock,
            sleep=self.sleep,
            max_wait=max_wait,
            min_delay=min_delay,
            max_delay=max_delay,
            on_poll=on_poll,
            schedule=schedule,
            on_error=on_error,
        )
        if result is None:  # only an error acceptor with state success gives None; none has one
            raise LookupError(f"waiter {waiter} succeeded without a response")
        return result

    def wait_for_hyper_parameter_tuning_job(
        self,
        name: DescribeHyperParameterTuningJobRequest | str,
        *,
        max_wait: float | None = None,
        min_delay: float | None = None,
        max_delay: float | None = None,
        on_poll: PollCallback[DescribeHyperParameterTuningJobResponse] | None = None,
        schedule: Literal["progress", "smithy"] | Schedule = "progress",
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
        (:class:`~sagemaker_tuning.progress.ProgressSchedule`): training jobs left,
        parallelism, finished jobs' durations and running jobs' ages (from a few list
        calls), the runtime limit -- sparse while the predicted end is far, dense near it,
        never ahead of the Smithy schedule's call count by more than a few calls. There
        ``min_delay`` and ``max_delay``, when given, bound its delays (by default they
        run from 5 s near the predicted end to 200 s far from it). When nothing can be
        predicted yet (no training job finished) it uses the Smithy schedule, which
        ``schedule="smithy"`` selects throughout: sleeps drawn between ``min_delay``
        (default 90 s) and ``max_delay`` (default 100 s). Either way no sleep runs past
        ``max_wait`` (default 86400 s, one day) and the last poll happens at it.
        ``benchmarks/waiter_schedule.py`` measures calls and lateness of both. A
        :class:`~sagemaker_tuning.waiters.Schedule` object may be passed instead (the
        CLI shares its ``ProgressSchedule`` with its progress display).
        ``on_poll(response)`` is called after every answered poll -- a progress
        display's hook -- and ``on_error(error)`` after every poll that failed and will be
        retried (an unreachable endpoint, throttling), as it happens.
        """
        from sagemaker_tuning.errors import TuningJobFailed
        from sagemaker_tuning.shapes import DescribeHyperParameterTuningJobResponse

        chosen: Schedule | None
        if schedule == "smithy":
            chosen = None
        elif schedule == "progress":
            from sagemaker_tuning.progress import ProgressSchedule

            name_text = name if isinstance(name, str) else name.hyper_parameter_tuning_job_name
            chosen = ProgressSchedule(self, name_text, min_delay=min_delay, max_delay=max_delay)
        elif schedule is not None and (
            isinstance(schedule, str) or not callable(getattr(schedule, "next_delay", None))
        ):
            # Refused before the first poll: a Schedule is only asked after it (schedule=5
            # failed with AttributeError once a job had been polled).
            from sagemaker_tuning.validation import Violation, show

            raise ValidationError(
                [
                    Violation(
                        "schedule",
                        "expected 'progress', 'smithy' or a Schedule (an object with "
                        f"next_delay), got {show(schedule)}",
                    )
                ],
                "wait_for_hyper_parameter_tuning_job",
            )
        else:
            chosen = schedule
        return self._wait(
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
        from sagemaker_tuning.errors import TuningJobFailed
        from sagemaker_tuning.shapes import DescribeHyperParameterTuningJobResponse

        return self._wait(
            "HyperParameterTuningJobStopped",
            name,
            DescribeHyperParameterTuningJobResponse,
            TuningJobFailed,
            max_wait,
            min_delay,
            max_delay,
            on_poll,
            on_error=on_error,
        )

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
        from sagemaker_tuning.errors import TrainingJobFailed
        from sagemaker_tuning.shapes import DescribeTrainingJobResponse

        return self._wait(
            "TrainingJobCompletedOrStopped",
            name,
            DescribeTrainingJobResponse,
            TrainingJobFailed,
            max_wait,
            min_delay,
            max_delay,
            on_poll,
            on_error=on_error,
        )

    # -- handles (issue 12) --------------------------------------------------------------------
    # Composite methods, not operations: they return TuningJob handles built on the methods above.

    def tuning_job(self, name: str) -> TuningJob:
        """A :class:`~sagemaker_tuning.jobs.TuningJob` handle on the tuning job ``name``.

        Nothing is called: the handle asks the service when you use it (``describe()``,
        ``wait()``, ``best_training_job()``, ``clone(...)``, ...).
        """
        from sagemaker_tuning.jobs import TuningJob

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
        from sagemaker_tuning.jobs import TuningJob

        summaries = self.paginate_hyper_parameter_tuning_jobs(
            request, max_items=max_items, page_size=page_size
        )
        return (TuningJob(self, s.hyper_parameter_tuning_job_name) for s in summaries)
