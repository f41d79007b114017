"""The I/O-free engine the sync and the async client share (the sans-I/O design of h11).

Everything a call does except sending it lives here: turning a request into botocore's
input (validation, service rules), reading an answer into its typed response (with the
service clock it came with), turning a botocore ``ClientError`` into the SDK's
:class:`~sagemaker_tuning.errors.ServiceError`, and preparing paginators and waiters.
:class:`~sagemaker_tuning.transport.client.TuningTransport` and
:class:`~sagemaker_tuning.transport.aio.AsyncTuningTransport` only send: a plain call,
an ``await``. The paginator cursor and the waiter state machine they drive are in
:mod:`~sagemaker_tuning.transport.paginator` and :mod:`~sagemaker_tuning.transport.waiters`.
"""

from __future__ import annotations

import os
import warnings
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, Final, Generic, Literal, TypeVar

from sagemaker_tuning import _clock, _logs, _timestamps
from sagemaker_tuning._clock import ServiceClock
from sagemaker_tuning._generated.model import OPERATIONS, SERVICE_ID
from sagemaker_tuning._operations import OperationModel
from sagemaker_tuning.core.errors import (
    RuleWarning,
    ServiceError,
    ValidationError,
    from_client_error,
)

if TYPE_CHECKING:
    from datetime import datetime

    from botocore.exceptions import ClientError
    from typing_extensions import TypedDict

    from sagemaker_tuning.core.errors import WaiterError
    from sagemaker_tuning.core.shapes import CreateHyperParameterTuningJobRequest
    from sagemaker_tuning.transport.waiters import Schedule, WaiterDefinition

R = TypeVar("R")

if TYPE_CHECKING:
    from sagemaker_tuning.transport.waiters import ErrorCallback, PollCallback

    class WaitOptions(TypedDict, Generic[R], total=False):
        """The timing and callbacks every waiter method takes (see the sync client's)."""

        max_wait: float | None
        min_delay: float | None
        max_delay: float | None
        on_poll: PollCallback[R] | None
        on_error: ErrorCallback | None

    class TuningWaitOptions(WaitOptions[R], total=False):
        """The tuning-job waiter's options: the others' and its ``schedule``."""

        schedule: ScheduleName | Schedule

    class CreateOptions(TypedDict, total=False):
        """What ``create()`` takes: where and how to build the botocore client."""

        region_name: str | None
        profile_name: str | None
        endpoint_url: str | None
        config: Any
        session: Any

    class HandleListOptions(TypedDict, total=False):
        """What ``tuning_jobs()`` takes besides the request."""

        max_items: int | None
        page_size: int | None

    class PageOptions(TypedDict, total=False):
        """What every ``paginate_*`` method takes besides the request."""

        max_items: int | None
        page_size: int | None
        starting_token: str | None


#: The logger of the client (``sagemaker_tuning.client``): where the warning-severity service
#: rules of a Create request go. A library leaves the output to the application (Python's
#: logging HOWTO, "Configuring Logging for a Library"): nothing is printed unless logging is
#: configured.
log = _logs.get("sagemaker_tuning.client")

#: How the tuning waiter's ``schedule`` argument may name a schedule.
ScheduleName = Literal["progress", "smithy"]

_NAMES: Final = ("progress", "smithy")


def parse_utc_timestamp(value: Any) -> datetime | None:
    """A botocore ``timestamp_parser`` that returns aware UTC datetimes, cheaply, and never raises.

    botocore's default parser builds a ``dateutil`` ``tzlocal()`` for every
    timestamp and returns local-time datetimes (boto/botocore#3063); on a
    100-summary list page that is most of the parse. This one returns the same
    instants in UTC. :meth:`TuningClient.create <sagemaker_tuning.TuningClient.create>`
    installs it on the session it creates; to use it on a session of your own::

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


def install_parsers(session: Any) -> None:
    """Give the clients ``session`` (a botocore or aiobotocore session) creates the parsers
    :meth:`TuningClient.create <sagemaker_tuning.TuningClient.create>` uses.

    Timestamps by :func:`parse_utc_timestamp`, and JSON by botocore's parser made tolerant of
    wrong JSON types: a structure, list or map that arrives as something else reads as
    missing instead of raising ``AttributeError`` inside botocore. Call it before
    ``session.create_client(...)``; clients created earlier keep their parsers.
    """
    from sagemaker_tuning._parsing import TolerantParserFactory

    factory = TolerantParserFactory()
    factory.set_parser_defaults(timestamp_parser=parse_utc_timestamp)
    session.register_component("response_parser_factory", factory)


def client_config(session: Any, config: Any, config_cls: Any = None) -> Any:
    """The ``Config`` a client of ``create()`` gets: botocore's ``standard`` retry mode unless
    ``config`` or the environment (``AWS_RETRY_MODE``, ``retry_mode`` in the profile) names one
    (``config_cls``: the ``Config`` class to build, aiobotocore's ``AioConfig`` for its clients)."""
    # Asked directly: get_config_variable falls back to botocore's default retry mode,
    # which is "legacy" before botocore 1.44 (found by the lowest-versions test run).
    mode_configured = bool(
        os.environ.get("AWS_RETRY_MODE") or session.get_scoped_config().get("retry_mode")
    )
    user_mode = config is not None and (getattr(config, "retries", None) or {}).get("mode")
    if mode_configured or user_mode:
        return config
    cls = config_cls
    if cls is None:
        from botocore.config import Config

        cls = Config
    if config is None:
        return cls(retries={"mode": "standard"})
    retries = dict(getattr(config, "retries", None) or {})
    retries["mode"] = "standard"
    return config.merge(cls(retries=retries))


def headers(response: Any) -> Any:
    """The HTTP headers botocore keeps in a parsed answer's ``ResponseMetadata``."""
    meta = response.get("ResponseMetadata") if isinstance(response, dict) else None
    return meta.get("HTTPHeaders") if isinstance(meta, dict) else None


def check_client(client: Any, owner: str) -> None:
    """Refuse anything but a botocore / aiobotocore SageMaker client, naming what came."""
    meta = getattr(client, "meta", None)
    service_model = getattr(meta, "service_model", None)
    service_id = getattr(service_model, "service_id", None)
    if service_id is None:
        raise TypeError(
            f"{owner} needs a botocore or boto3 SageMaker client, such as "
            f"boto3.client('sagemaker'); got {type(client).__name__}"
        )
    if str(service_id) != SERVICE_ID:
        raise TypeError(f"{owner} needs a SageMaker client; got a {service_id} client")


class ClientCore:
    """What both clients do without I/O: requests in, typed answers out, the service clock.

    Subclasses set ``boto_client`` (the botocore or aiobotocore client they send
    with) and ``clock``, and call ``_init_core``.
    """

    #: Set by ``create_hyper_parameter_tuning_job`` when botocore's retry of a Create met
    #: the job its first attempt had created (that answer was lost): what happened, in words.
    last_create_note: str | None = None

    def _init_core(self, client: Any, clock: Callable[[], float]) -> None:
        check_client(client, type(self).__name__)
        #: The wrapped botocore (or aiobotocore) client.
        self.boto_client: Any = client
        #: What waiters read the time with, in seconds.
        self.clock: Callable[[], float] = clock
        #: The service's clock as its answers tell it (see :meth:`service_now`).
        self.service_clock: ServiceClock = _clock.ServiceClock()

    def __repr__(self) -> str:
        region = getattr(self.boto_client.meta, "region_name", None)
        return f"{type(self).__name__}(region={region!r})"

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

    # -- requests ----------------------------------------------------------------------------

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
            from sagemaker_tuning.core.validation import violations

            # A tree may hold parts built leniently (from a response) that no
            # constructor ever checked; this walk is what guarantees nothing
            # invalid reaches botocore. A name-only request costs one pattern match.
            found = violations(request)
            if found:
                raise ValidationError(found, cls.__name__)
        from sagemaker_tuning.core.serde import to_api

        return to_api(request)

    def _create_params(self, request: Any, check_rules: bool) -> dict[str, Any]:
        """A Create request's botocore input, after the model and (``check_rules``) the rules."""
        from sagemaker_tuning.core.shapes import CreateHyperParameterTuningJobRequest

        validated = False
        if check_rules and isinstance(request, CreateHyperParameterTuningJobRequest):
            self._check_rules(request)
            validated = True
        self.last_create_note = None
        return self._params(
            OPERATIONS["CreateHyperParameterTuningJob"], request, validated=validated
        )

    @staticmethod
    def _check_rules(request: CreateHyperParameterTuningJobRequest) -> None:
        """Raise one ValidationError for the model's violations and the rules' errors; log
        the rules' warnings."""
        from sagemaker_tuning import rules
        from sagemaker_tuning.core.validation import violations

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
            log.warning("%s", message)
            # A logger alone is silent until the application configures logging; a warning
            # shows in a script or a notebook as it is (stacklevel 4: the caller's line, above
            # _create_params and create_hyper_parameter_tuning_job).
            warnings.warn(RuleWarning(message, warning), stacklevel=4)

    # -- answers -----------------------------------------------------------------------------

    def _answered(self, result: dict[str, Any]) -> dict[str, Any]:
        """Note the service clock of a raw answer; the answer."""
        self.service_clock.record(headers(result))
        return result

    def _refused(self, error: ClientError) -> ServiceError:
        """The typed error of a service error answer (raise it ``from error``)."""
        self.service_clock.record(headers(error.response))
        return from_client_error(error)

    def _parse(self, output: type[R], raw: dict[str, Any]) -> R:
        """The typed response, remembering the service clock it came with (see :meth:`service_now`)."""
        from sagemaker_tuning.core.serde import from_api

        typed = from_api(output, raw)
        _clock.stamp(typed, self.service_clock.latest())
        return typed

    def _finish(self, model: OperationModel, raw: dict[str, Any]) -> Any:
        """The typed response of an operation's raw answer (``None`` for no output)."""
        return None if model.output is None else self._parse(model.output, raw)

    # -- paginators and waiters --------------------------------------------------------------

    def _paginator_args(
        self, operation: str, request: Any, options: Mapping[str, Any]
    ) -> dict[str, Any]:
        """The keyword arguments of a paginator of ``operation``: its request validated, and
        ``options`` (:class:`PageOptions`: ``max_items``, ``page_size``, ``starting_token``)."""
        args = {key: options.get(key) for key in ("max_items", "page_size", "starting_token")}
        return {
            "params": self._params(OPERATIONS[operation], request),
            "operation": operation,
            **args,
        }

    def _waiter_args(
        self,
        waiter: str,
        name: Any,
        output: type[Any],
        failure: type[WaiterError],
        options: Mapping[str, Any],
        schedule: Schedule | None = None,
    ) -> tuple[WaiterDefinition, dict[str, Any], dict[str, Any]]:
        """A waiter's definition, its Describe call's input, and the state machine's options
        (``options``: the waiter method's timing and callbacks, :class:`WaitOptions`)."""
        from sagemaker_tuning.transport import waiters

        definition = waiters.definitions()[waiter]
        params = self._params(OPERATIONS[definition.operation], name)
        subject = f"{definition.operation.removeprefix('Describe')} {next(iter(params.values()))!r}"
        machine: dict[str, Any] = {
            "parse": lambda raw: self._parse(output, raw),
            "subject": subject,
            "failure": failure,
            "clock": self.clock,
            "schedule": schedule,
        }
        for key in ("max_wait", "min_delay", "max_delay", "on_poll", "on_error"):
            machine[key] = options.get(key)
        return definition, params, machine

    def _tuning_schedule(
        self,
        name: Any,
        schedule: ScheduleName | Schedule,
        min_delay: float | None,
        max_delay: float | None,
    ) -> Schedule | None:
        """The tuning waiter's schedule: ``None`` for Smithy's, the default for "progress"."""
        if schedule == "smithy":
            return None
        if schedule == "progress":
            name_text = name if isinstance(name, str) else name.hyper_parameter_tuning_job_name
            return self._default_schedule(name_text, min_delay, max_delay)
        if schedule is not None and (
            isinstance(schedule, str) or not callable(getattr(schedule, "next_delay", None))
        ):
            # Refused before the first poll: a Schedule is only asked after it (schedule=5
            # failed with AttributeError once a job had been polled).
            from sagemaker_tuning.core.validation import Violation, show

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
        return schedule

    def _default_schedule(
        self, name: str, min_delay: float | None, max_delay: float | None
    ) -> Schedule | None:
        """The schedule ``schedule="progress"`` means: the low-level clients have none of their
        own (Smithy's); :class:`~sagemaker_tuning.TuningClient` and the async client use
        :class:`~sagemaker_tuning.progress.ProgressSchedule`."""
        return None


def success(result: Any, waiter: str) -> Any:
    """A waiter's result; only an error acceptor with state success gives ``None``: none has one."""
    if result is None:
        raise LookupError(f"waiter {waiter} succeeded without a response")
    return result
