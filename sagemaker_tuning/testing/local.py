"""An in-process SageMaker that runs tuning jobs, behind botocore's real serializer and parser.

:class:`LocalSageMaker` answers the tuning operations in scope with AWS JSON 1.1
bodies, status codes and error bodies, so botocore (and boto3, the AWS CLI over
:mod:`sagemaker_tuning.testing.server`, and :class:`~sagemaker_tuning.TuningClient`)
talk to it unchanged. In process it answers on botocore's ``before-send`` event:
nothing leaves the process. aiobotocore clients (the ``async`` extra) are answered the same
way (:meth:`LocalSageMaker.aio_botocore_client`, :meth:`LocalSageMaker.aio_client`).

>>> from sagemaker_tuning.testing import LocalSageMaker
>>> service = LocalSageMaker(seed=7)
>>> boto = service.botocore_client()
>>> boto.describe_hyper_parameter_tuning_job(HyperParameterTuningJobName="nope")
Traceback (most recent call last):
  ...
botocore.errorfactory.ResourceNotFound: An error occurred (ResourceNotFound) ...
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import contextlib
import functools
import importlib
import inspect
import json
import math
import os
import random
import shutil
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from datetime import datetime, timezone
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, Protocol, TypeAlias, TypeVar

import attrs

from sagemaker_tuning import rules
from sagemaker_tuning._clock import CLOCK_HEADER, header_value
from sagemaker_tuning._generated.model import OPERATIONS
from sagemaker_tuning._operations import OperationModel
from sagemaker_tuning.core import shapes as sh
from sagemaker_tuning.core.errors import ValidationError
from sagemaker_tuning.core.serde import from_api, to_api
from sagemaker_tuning.testing import _service_defaults as defaults
from sagemaker_tuning.testing import _service_errors as errors
from sagemaker_tuning.testing._faults import (
    ERROR_KINDS,
    FaultKind,
    FaultPlan,
    Faults,
    InjectedFault,
)
from sagemaker_tuning.testing._rates import RateLimits
from sagemaker_tuning.testing._service_errors import ServiceFault
from sagemaker_tuning.testing._simulation import (
    Objective,
    ParameterRange,
    Timing,
    TrainingRun,
    TuningRun,
    not_improving,
)

if TYPE_CHECKING:
    from sagemaker_tuning.aio import AsyncTuningClient
    from sagemaker_tuning.client import TuningClient
    from sagemaker_tuning.local import LocalTrainer
    from sagemaker_tuning.local._engine import Engine, RealTraining, RealTuningRun

    #: A training job or tuning job of either kind: simulated, or trained for real.
    _Job: TypeAlias = TrainingRun | RealTraining
    _Run: TypeAlias = TuningRun | RealTuningRun

T = TypeVar("T")

__all__ = [
    "Clock",
    "Faults",
    "InjectedFault",
    "LocalSageMaker",
    "RealClock",
    "ServiceFault",
    "Timing",
    "VirtualClock",
]

_UTC = timezone.utc
#: Where in-process clients point: a closed local port, so a missing hook fails fast and local.
_NOWHERE = "http://127.0.0.1:9"
_DEFAULT_START = datetime(2025, 1, 1, tzinfo=_UTC)
_JSON = "application/x-amz-json-1.1"
_TARGET_PREFIX = "SageMaker."
#: The unique id under which botocore and aiobotocore register a SageMaker client's retry
#: handler (every retry mode: legacy, standard, adaptive).
_RETRY_ID = "retry-config-sagemaker"


class Clock(Protocol):
    """What the emulation reads the time from: epoch seconds, and a way to wait.

    A clock may also have an ``async def sleep_async(seconds)`` (both clocks here do):
    async clients wait on it. Without one they wait on ``sleep`` in a worker thread.
    """

    def time(self) -> float:
        """The current time in seconds since the epoch."""
        ...

    def sleep(self, seconds: float) -> None:
        """Wait ``seconds``."""
        ...


class VirtualClock:
    """Time that moves only when something sleeps on it (or :meth:`advance` is called).

    Pass its :meth:`time` and :meth:`sleep` to a waiter and a run that would
    take hours on the service takes milliseconds.
    """

    def __init__(self, start: datetime = _DEFAULT_START) -> None:
        if start.tzinfo is None:
            raise ValueError("VirtualClock needs a timezone-aware start time")
        self._now = start.timestamp()
        self._lock = threading.Lock()

    def time(self) -> float:
        """The virtual time in seconds since the epoch."""
        return self._now

    def sleep(self, seconds: float) -> None:
        """Advance the virtual time by ``seconds`` without waiting."""
        self.advance(seconds)

    async def sleep_async(self, seconds: float) -> None:
        """Advance the virtual time by ``seconds``, then let the event loop's other tasks run.

        What an async waiter on this clock sleeps with: a run of hours takes milliseconds.
        Every sleeper moves the one clock, so ten coroutines each sleeping 30 s move it 300 s.
        """
        self.advance(seconds)
        await asyncio.sleep(0)

    def advance(self, seconds: float) -> None:
        """Move the virtual time forward."""
        if seconds < 0:
            raise ValueError(f"cannot move time backwards ({seconds} s)")
        with self._lock:
            self._now += seconds

    def __repr__(self) -> str:
        return f"VirtualClock({datetime.fromtimestamp(self._now, _UTC).isoformat()})"


class RealClock:
    """Wall-clock time, optionally running ``speed`` times faster than real time."""

    def __init__(self, speed: float = 1.0, start: datetime | None = None) -> None:
        if not speed > 0:
            raise ValueError(f"speed must be positive, got {speed}")
        self.speed = speed
        self._start = (start or datetime.now(_UTC)).timestamp()
        self._origin = time.monotonic()

    def time(self) -> float:
        """Epoch seconds on the (sped-up) clock."""
        return self._start + (time.monotonic() - self._origin) * self.speed

    def sleep(self, seconds: float) -> None:
        """Sleep ``seconds`` of this clock's time."""
        time.sleep(seconds / self.speed)

    async def sleep_async(self, seconds: float) -> None:
        """Sleep ``seconds`` of this clock's time without blocking the event loop."""
        await asyncio.sleep(seconds / self.speed)

    def __repr__(self) -> str:
        return f"RealClock(speed={self.speed})"


def _parse(cls: type[Any], data: Mapping[str, Any]) -> Any:
    """The typed request, or the service's answer to a body that breaks the model."""
    clauses = errors.validation_clauses(cls, data)
    try:
        parsed = from_api(cls, data, strict=True)
    except ValidationError as error:
        if not clauses:
            # A constraint the service's clauses do not cover (a timestamp that is no time,
            # a non-finite number, ...): name the member, never the value.
            first = error.violations[0]
            if {v.rule for v in error.violations} <= {"type", "unknown-member"}:
                raise errors.serialization_error(
                    errors.camel_path(first.path), "the value does not have the member's type"
                ) from None
            clauses = [
                f"Value at '{errors.camel_path(v.path)}' failed to satisfy constraint: "
                f"Member must satisfy its model constraint ({v.rule})"
                for v in error.violations
            ]
        raise errors.validation_fault(clauses) from None
    if clauses:
        raise errors.validation_fault(clauses)
    return parsed


def rejection(request: sh.CreateHyperParameterTuningJobRequest) -> ServiceFault | None:
    """The service's answer to a Create request that :mod:`sagemaker_tuning.rules` refuses.

    The emulation holds no request rule of its own: a request is refused exactly when a
    rule of error severity finds something (model validation ran before). Quota rules
    (``limit-*``) answer ``ResourceLimitExceeded``, the others ``ValidationException``;
    the message keeps each rule's own words (``_service_errors.rule_refusal``).
    """
    found = [v for v in rules.check(request) if v.severity == "error"]
    return errors.rule_refusal(found) if found else None


def _time(seconds: float) -> datetime:
    """Epoch seconds as the wire keeps them: UTC, whole milliseconds."""
    return datetime.fromtimestamp(round(seconds, 3), _UTC)


def _json_default(value: Any) -> Any:
    if isinstance(value, datetime):
        return round(value.timestamp(), 3)
    raise TypeError(f"cannot encode {type(value).__name__} as JSON")


@attrs.define(kw_only=True, eq=False)
class _Tuning:
    """A tuning job held by the service: the request as created and its schedule."""

    request: sh.CreateHyperParameterTuningJobRequest
    arn: str
    run: _Run
    definitions: list[sh.HyperParameterTrainingJobDefinition]
    #: Per definition: its objective metric's name (``None``: it has no objective).
    metric_names: list[str | None]
    #: The config and the definitions as Describe shows them (with the service's additions).
    described_config: sh.HyperParameterTuningJobConfig
    described: list[sh.HyperParameterTrainingJobDefinition]
    #: A warm start's parent tuning jobs.
    parents: list[_Tuning] = attrs.field(factory=list)
    registered: int = 0


class _Body:
    """The ``raw`` of a botocore ``AWSResponse``: a stream of the whole body."""

    def __init__(self, payload: bytes) -> None:
        self._payload = payload

    def stream(self, **_: Any) -> Any:
        yield self._payload


class _AioBody:
    """The ``raw`` of an aiobotocore ``AioAWSResponse``: it awaits ``raw.read()``."""

    def __init__(self, payload: bytes) -> None:
        self._payload = payload

    async def read(self, *_: Any) -> bytes:
        return self._payload


def sleep_async(clock: Clock) -> Callable[[float], Awaitable[None]]:
    """What an async client on ``clock`` sleeps with: its ``sleep_async``, else ``sleep`` in a thread."""
    found: Callable[[float], Awaitable[None]] | None = getattr(clock, "sleep_async", None)
    if found is not None:
        return found

    async def in_thread(seconds: float) -> None:
        await asyncio.to_thread(clock.sleep, seconds)

    return in_thread


def _is_aio_client(client: Any) -> bool:
    """Whether ``client`` is an aiobotocore client (never imports aiobotocore to find out)."""
    module = sys.modules.get("aiobotocore.client")
    base = getattr(module, "AioBaseClient", None)
    return isinstance(base, type) and isinstance(client, base)


class LocalSageMaker:
    """An in-process emulation of SageMaker's hyperparameter-tuning operations.

    ``CreateHyperParameterTuningJob`` validates like the service: every model
    constraint, then every error-severity rule of :mod:`sagemaker_tuning.rules`
    (the one source of request rules: a request is refused exactly when
    ``rules.check`` reports an error, never for a rule of its own; the only
    refusals of its own depend on the service's state: a taken name, quotas,
    warm-start parents that are unknown or still running); the job then
    launches training jobs over (virtual) time, at most
    ``MaxParallelTrainingJobs`` at once, up to ``MaxNumberOfTrainingJobs``,
    sampling hyperparameters from the ranges (Grid enumerates the categorical
    ones). Each training job completes with an objective metric computed from
    its hyperparameters, or fails (``failure_rate``, seeded). Describe, List
    (paging, sorting, filtering), DescribeTrainingJob and Stop behave as the API
    reference says. Runs are reproducible for a given ``seed``.

    Answers look like the service's: Describe adds what the service adds to a
    request (``ScalingType`` ``Auto``, ``_tuning_objective_metric``, a built-in
    algorithm's metric definitions, ``Enable*`` flags as ``false``; see
    the table in ``testing/_service_defaults.py``), errors carry the service's codes and
    messages (``testing/_service_errors.py``). ``faults`` (a :class:`Faults`) and :meth:`inject`
    add throttling, server errors, empty pages and slow answers.

    ``clock`` defaults to a :class:`VirtualClock`; :meth:`client` gives a
    :class:`~sagemaker_tuning.TuningClient` whose waiters sleep on it, so
    waiting for a whole run takes milliseconds.

    With ``trainers``, a tuning job whose images all have a trainer is trained for
    real: its training jobs are processes (``sagemaker_tuning.local``), in wall
    time, chosen by the request's own strategy through optuna (the mapping table is
    in ``sagemaker_tuning.local._search``, the scheduling rules in
    ``sagemaker_tuning.local._engine``), and the answers below come from what the
    processes did; :meth:`training_job_log` reads a job's log and :meth:`close` (or
    ``with LocalSageMaker(...) as service:``) stops them all.

    Simplifications of the simulation (without trainers): every strategy but Grid
    samples at random (no Bayesian model, and a warm start does not use its parents'
    results to sample);
    Autotune's AutoParameters keep their value hint;
    ``TargetObjectiveMetricValue`` and ``ResourceLimits.MaxRuntimeInSeconds``
    stop further launches (the running jobs finish), the other completion
    criteria are accepted and ignored; no job is retried.
    """

    def __init__(
        self,
        *,
        seed: int = 0,
        clock: Clock | None = None,
        failure_rate: float = 0.1,
        timing: Timing | None = None,
        region: str = "us-east-1",
        account_id: str = "123456789012",
        default_max_training_jobs: int = 10,
        max_training_jobs: int | None = None,
        max_parallel_training_jobs: int | None = None,
        max_in_progress_tuning_jobs: int = 100,
        empty_pages: bool = False,
        faults: Faults | None = None,
        rate_limits: Mapping[str, float] | None = None,
        trainers: Mapping[str, LocalTrainer] | None = None,
        data: Mapping[str, str | os.PathLike[str]] | None = None,
        root: str | os.PathLike[str] | None = None,
        stop_grace: float | None = None,
    ) -> None:
        """Configure the service.

        ``failure_rate`` is the chance that a training job fails;
        ``default_max_training_jobs`` applies when a request sets no
        ``MaxNumberOfTrainingJobs``; the ``max_*`` limits are this account's
        quotas and answer ``ResourceLimitExceeded`` when exceeded
        (``max_training_jobs`` and ``max_parallel_training_jobs`` default to none
        beyond the highest quotas :mod:`sagemaker_tuning.rules` checks, so that the
        service refuses exactly what the rules refuse); ``empty_pages`` makes List
        answer an empty page (with a NextToken) before every page of results,
        as the service sometimes does; ``faults`` injects errors and delays
        (:class:`Faults`; none by default). ``rate_limits`` maps an operation's wire name
        to the requests per second it admits (``{"DescribeHyperParameterTuningJob":
        10.0}``: a token bucket on the service's clock, bursts of up to one second's worth);
        calls beyond it are answered ``ThrottlingException`` "Rate exceeded" (HTTP 400)
        before anything else, and counted in :attr:`throttled`.

        ``trainers`` maps a ``TrainingImage`` to a
        ``sagemaker_tuning.local.LocalTrainer``: a tuning job whose every definition's
        image has one is trained for real (see ``sagemaker_tuning.local._engine`` and
        ``sagemaker_tuning.local._search``); one whose images have none is simulated as
        before; a request mixing both is refused (``ValidationException``), as half a
        simulated job would make its results meaningless. Real training runs in wall time,
        so with trainers ``clock`` defaults to (and must be) a :class:`RealClock` at speed 1.
        ``data`` maps an S3 prefix to a local directory (a channel's ``S3Uri`` under it
        reads from there; ``file://`` URIs need no entry); ``root`` is where each job's
        ``/opt/ml``-shaped tree, log and model go (a temporary directory, removed by
        :meth:`close`, when not given); ``stop_grace`` is the time a stopped trainer gets
        between SIGTERM and SIGKILL (``None``: the runner's ``DEFAULT_STOP_GRACE``, 10 s;
        the service waits 120 s).
        """
        if not 0.0 <= failure_rate <= 1.0:
            raise ValueError(f"failure_rate must be between 0 and 1, got {failure_rate}")
        self.trainers: dict[str, LocalTrainer] = dict(trainers or {})
        if self.trainers:
            import importlib.util

            if importlib.util.find_spec("optuna") is None:
                raise ImportError(
                    "trainers: training for real searches with optuna; "
                    "pip install 'sagemaker-tuning[local]'"
                )
            if clock is None:
                clock = RealClock()
            elif not isinstance(clock, RealClock) or clock.speed != 1.0:
                raise ValueError(
                    f"clock: trainers run in wall time, so a LocalSageMaker with trainers needs "
                    f"a RealClock at speed 1 (or no clock); got {clock!r}"
                )
        if stop_grace is not None and not stop_grace >= 0:
            raise ValueError(
                f"stop_grace must be a non-negative number of seconds, got {stop_grace}"
            )
        self.data = {prefix: Path(path) for prefix, path in (data or {}).items()}
        self._root = Path(root) if root is not None else None
        self._own_root: Path | None = None
        self.stop_grace = stop_grace
        self._engine: Engine | None = None
        self.seed = seed
        self.clock: Clock = clock if clock is not None else VirtualClock()
        self.failure_rate = failure_rate
        self.timing = timing if timing is not None else Timing()
        self.region = region
        self.account_id = account_id
        self.default_max_training_jobs = default_max_training_jobs
        self.max_training_jobs = max_training_jobs
        self.max_parallel_training_jobs = max_parallel_training_jobs
        self.max_in_progress_tuning_jobs = max_in_progress_tuning_jobs
        self.empty_pages = empty_pages
        self._lock = threading.RLock()
        self._tunings: dict[str, _Tuning] = {}
        self._training: dict[str, tuple[_Tuning, _Job]] = {}
        self._request_ids = random.Random(f"request-ids\x1f{seed}")
        self._faults = FaultPlan(faults if faults is not None else Faults())
        self._rates = RateLimits(rate_limits)
        self._throttled: Counter[str] = Counter()
        self._empty_page = False  # this call's list answers an empty page (an injected fault)
        self._emptied = False  # ... and it did
        # One handler per operation of the model's table, named after its client method.
        self._handlers: dict[str, tuple[OperationModel, Callable[[Any], Any]]] = {
            name: (model, getattr(self, f"_{model.method_name}"))
            for name, model in OPERATIONS.items()
        }

    def __repr__(self) -> str:
        trainers = f", trainers={sorted(self.trainers)!r}" if self.trainers else ""
        return f"LocalSageMaker(seed={self.seed}, clock={self.clock!r}{trainers})"

    # -- real training ---------------------------------------------------------------------------

    @property
    def root(self) -> Path:
        """Where real training jobs keep their trees, logs and models (made on first use)."""
        if self._root is None:
            if self._own_root is None:
                self._own_root = Path(tempfile.mkdtemp(prefix="sagemaker-tuning-local-"))
            return self._own_root
        return self._root

    def training_job_log(self, name: str) -> str:
        """The log (stdout and stderr, as the job printed them) of a training job trained for real.

        An unknown name raises what DescribeTrainingJob answers for one
        (:class:`ServiceFault` ``ValidationException`` "Requested resource not found.");
        a simulated job has no log (``ValueError``). The log is read as it is now, so a
        running job's log grows between calls.
        """
        with self._lock:
            self._tick()
            found = self._training.get(name.lower())
            if found is None:
                raise errors.training_job_not_found()
            job = found[1]
        if isinstance(job, TrainingRun):
            raise ValueError(
                f"training job {job.name} was simulated (its image has no trainer): it has no log"
            )
        from sagemaker_tuning.local import _runner

        path = _runner.log_path(self.root, job.name)
        if not path.exists():
            return ""
        return path.read_text(encoding="utf-8", errors="replace")

    def close(self) -> None:
        """Stop every training job trained for real and wait until its process is gone.

        The tuning jobs end ``Stopped``; the service still answers about them. A temporary
        ``root`` (no ``root=`` given) is removed. Also run at interpreter exit, and by the
        context manager and the ``local_sagemaker`` fixture.
        """
        engine = self._engine
        if engine is not None:
            engine.close()
        if self._own_root is not None:
            shutil.rmtree(self._own_root, ignore_errors=True)
            self._own_root = None

    def __enter__(self) -> LocalSageMaker:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def _real_engine(self) -> Engine:
        if self._engine is None:
            from sagemaker_tuning.local._engine import Engine, runner_launcher

            self._engine = Engine(
                self._lock,
                self.clock.time,
                launcher=runner_launcher(self.root, self.data, self.stop_grace),
                stop_grace=self.stop_grace,
            )
        return self._engine

    def _trained_for_real(
        self, definitions: list[sh.HyperParameterTrainingJobDefinition]
    ) -> list[LocalTrainer] | None:
        """Each definition's trainer, or ``None`` when none has one (a simulated job).

        A mix is refused: no public behaviour of the service to copy, and results of half
        simulated jobs would mislead; the message names every definition without one.
        """
        if not self.trainers:
            return None
        images = [d.algorithm_specification.training_image for d in definitions]
        found = [self.trainers.get(image) if image is not None else None for image in images]
        if not any(t is not None for t in found):
            return None
        missing = [
            f"{_definition_path(i, len(definitions))}.AlgorithmSpecification.TrainingImage "
            f"{images[i]!r}"
            for i, t in enumerate(found)
            if t is None
        ]
        if missing:
            raise ServiceFault(
                "ValidationException",
                "LocalSageMaker trains a tuning job for real only when every definition's "
                f"image has a trainer; no trainer for {', '.join(missing)} (trainers: "
                f"{sorted(self.trainers)})",
            )
        return [t for t in found if t is not None]

    # -- faults --------------------------------------------------------------------------------

    @property
    def faults(self) -> Faults:
        """The injected faults' configuration; assign a new :class:`Faults` to change it.

        Assigning restarts the call counts of ``on_calls`` and the seeded draws, and
        drops the faults queued by :meth:`inject`; :attr:`fault_log` is kept.
        """
        return self._faults.faults

    @faults.setter
    def faults(self, faults: Faults) -> None:
        with self._lock:
            log = self._faults.log
            self._faults = FaultPlan(faults)
            self._faults.log = log

    def inject(self, kind: FaultKind, operation: str | None = None, *, times: int = 1) -> None:
        """Inject a fault into the next ``times`` calls (of ``operation``, or any operation).

        ``kind`` is one of ``"throttle"``, ``"server-error"``, ``"unavailable"``,
        ``"empty-page"``, ``"slow"`` and ``"lost-answer"`` (see :class:`Faults`);
        ``operation`` is a wire name such as ``"DescribeHyperParameterTuningJob"``. Faults
        queued for an operation come before faults queued for any operation; a fault scripted by
        ``Faults.on_calls`` for the same call wins over both.

        >>> from sagemaker_tuning.testing import LocalSageMaker
        >>> service = LocalSageMaker()
        >>> service.inject("throttle", "DescribeHyperParameterTuningJob", times=2)
        """
        with self._lock:
            self._faults.queue(kind, operation, times)

    @property
    def fault_log(self) -> list[InjectedFault]:
        """Every fault injected so far: which call, which operation, which kind."""
        with self._lock:
            return list(self._faults.log)

    @property
    def rate_limits(self) -> dict[str, float]:
        """The operations that are rate limited: ``{wire name: requests per second}``."""
        return dict(self._rates.limits)

    @property
    def throttled(self) -> Counter[str]:
        """How many calls of each operation the rate limits answered ``ThrottlingException``.

        A copy: ``service.throttled["DescribeHyperParameterTuningJob"]``,
        ``service.throttled.total()``. Injected ``"throttle"`` faults are in :attr:`fault_log`,
        not here.
        """
        with self._lock:
            return Counter(self._throttled)

    # -- clients -------------------------------------------------------------------------------

    def botocore_client(self, config: Any = None) -> Any:
        """A new botocore SageMaker client answered by this service (no network involved).

        ``config`` is a ``botocore.config.Config`` (for instance
        ``Config(retries={"total_max_attempts": 1})`` to see injected faults rather
        than botocore's retries of them).
        """
        client = _session().create_client(
            "sagemaker",
            region_name=self.region,
            endpoint_url=_NOWHERE,
            aws_access_key_id="local",
            aws_secret_access_key="local",
            config=config,
        )
        return self.attach(client)

    def attach(self, client: Any) -> Any:
        """Make an existing SageMaker client talk to this service; returns it.

        ``client`` is a botocore or boto3 client, or an aiobotocore one (entered: ``async
        with session.create_client("sagemaker", ...) as client``). Its retries then wait on
        the service's clock (a :class:`VirtualClock` just advances), so a retried throttle
        or server error costs no real time and a rate limit's bucket refills meanwhile.
        """
        service_id = getattr(getattr(client.meta, "service_model", None), "service_id", None)
        if str(service_id) != "SageMaker":
            raise TypeError(f"expected a SageMaker client, got a {service_id} client")
        aio = _is_aio_client(client)
        client.meta.events.register(
            "before-send.sagemaker",
            self._before_send_async if aio else self._before_send,
            unique_id=f"local-sagemaker-{id(self)}",
        )
        self._retry_on_clock(client, aio)
        return client

    def _retry_on_clock(self, client: Any, aio: bool) -> None:
        """Wrap the client's retry handler so its delays are slept on this service's clock.

        botocore's endpoint sleeps (``time.sleep``) whatever delay the ``needs-retry``
        handler returns; the wrapper sleeps that delay on the clock and returns 0. botocore
        offers no public way to reach the handler, so it is looked up by its unique id; a
        botocore that keeps it elsewhere leaves retries on the real clock.
        """
        emitter = getattr(client.meta.events, "_emitter", None)
        handlers = getattr(emitter, "_unique_id_handlers", None)
        entry = handlers.get(_RETRY_ID) if isinstance(handlers, dict) else None
        if not isinstance(entry, dict) or not callable(entry.get("handler")):
            return
        original: Callable[..., Any] = entry["handler"]
        original = getattr(original, "__wrapped__", original)  # attached before: rewrap
        clock = self.clock

        def delay_of(response: Any) -> float | None:
            if isinstance(response, bool) or not isinstance(response, (int, float)):
                return None
            return float(response) if response > 0 else None

        def needs_retry(**kwargs: Any) -> Any:
            response = original(**kwargs)
            delay = delay_of(response)
            if delay is None:
                return response
            clock.sleep(delay)
            return 0  # retry now: the endpoint sleeps 0 s of real time

        sleep = sleep_async(clock)

        async def needs_retry_async(**kwargs: Any) -> Any:
            response = original(**kwargs)
            if inspect.isawaitable(response):
                response = await response
            delay = delay_of(response)
            if delay is None:
                return response
            await sleep(delay)
            return 0

        wrapper: Callable[..., Any] = needs_retry_async if aio else needs_retry
        functools.update_wrapper(wrapper, original, assigned=(), updated=())  # sets __wrapped__
        client.meta.events.unregister("needs-retry.sagemaker", unique_id=_RETRY_ID)
        client.meta.events.register("needs-retry.sagemaker", wrapper, unique_id=_RETRY_ID)

    def client(self, config: Any = None) -> TuningClient:
        """A :class:`~sagemaker_tuning.TuningClient` on this service; its waiters use the clock.

        ``config`` is passed to :meth:`botocore_client`.
        """
        from sagemaker_tuning.client import TuningClient

        return TuningClient(
            self.botocore_client(config), clock=self.clock.time, sleep=self.clock.sleep
        )

    def aio_botocore_client(
        self, config: Any = None
    ) -> contextlib.AbstractAsyncContextManager[Any]:
        """A new aiobotocore SageMaker client answered by this service (needs the ``async`` extra).

        ``async with service.aio_botocore_client() as boto: await
        boto.describe_training_job(...)``. ``config`` is an ``aiobotocore.config.AioConfig``
        (or a ``botocore.config.Config``); as :meth:`botocore_client`, nothing leaves the
        process.
        """
        return self._aio_botocore_client(config)

    @contextlib.asynccontextmanager
    async def _aio_botocore_client(self, config: Any) -> AsyncIterator[Any]:
        async with _aio_session().create_client(
            "sagemaker",
            region_name=self.region,
            endpoint_url=_NOWHERE,
            aws_access_key_id="local",
            aws_secret_access_key="local",
            config=config,
        ) as client:
            yield self.attach(client)

    def aio_client(
        self, config: Any = None
    ) -> contextlib.AbstractAsyncContextManager[AsyncTuningClient]:
        """A :class:`~sagemaker_tuning.aio.AsyncTuningClient` on this service (the ``async`` extra).

        ``async with service.aio_client() as client: ...``; its waiters sleep on the
        service's clock (a :class:`VirtualClock` just advances). ``config`` is passed to
        :meth:`aio_botocore_client`.
        """
        return self._aio_client(config)

    @contextlib.asynccontextmanager
    async def _aio_client(self, config: Any) -> AsyncIterator[AsyncTuningClient]:
        from sagemaker_tuning.aio import AsyncTuningClient

        async with self.aio_botocore_client(config) as boto:
            yield AsyncTuningClient(boto, clock=self.clock.time, sleep=sleep_async(self.clock))

    def _before_send(self, request: Any, **_: Any) -> Any:
        from botocore.awsrequest import AWSResponse

        status, headers, payload = self.handle(_target(request), request.body)
        return AWSResponse(request.url, status, headers, _Body(payload))

    async def _before_send_async(self, request: Any, **_: Any) -> Any:
        # aiobotocore is optional (the async extra) and untyped: imported by name.
        response_class: Any = importlib.import_module("aiobotocore.awsrequest").AioAWSResponse
        target = _target(request)
        if isinstance(self.clock, VirtualClock) and not self.trainers:
            # Nothing in handle() waits on a virtual clock: answer on the loop.
            status, headers, payload = self.handle(target, request.body)
        else:  # a slow answer on a real clock, real training: keep the loop free meanwhile
            status, headers, payload = await asyncio.to_thread(self.handle, target, request.body)
        return response_class(request.url, status, headers, _AioBody(payload))

    # -- the protocol --------------------------------------------------------------------------

    def handle(self, target: str, body: bytes | str | None) -> tuple[int, dict[str, str], bytes]:
        """Answer one AWS JSON 1.1 request: ``X-Amz-Target`` and body in; status, headers, body out.

        Service errors are answered as the service does; a bug in the
        emulation raises (the HTTP server turns that into a 500). Rate
        limits and injected faults are decided here, so the HTTP server's clients meet them
        too; a call over its operation's rate is throttled before faults are decided (it
        is no call for ``Faults.on_calls``); a slow answer waits on the service's clock
        before the request is served.
        """
        operation = target[len(_TARGET_PREFIX) :] if target.startswith(_TARGET_PREFIX) else ""
        with self._lock:
            request_id = str(uuid.UUID(int=self._request_ids.getrandbits(128), version=4))
            injected: list[FaultKind] = []
            over_rate = operation in self._handlers and not self._rates.admit(
                operation, self.clock.time()
            )
            if over_rate:
                self._throttled[operation] += 1
            elif operation in self._handlers:
                injected = self._faults.decide(operation, lists=operation.startswith("List"))
        headers = {"x-amzn-RequestId": request_id, "Content-Type": _JSON}
        if "slow" in injected:
            # Outside the lock: on a real clock other requests go on meanwhile.
            self.clock.sleep(self._faults.faults.slow_seconds)
        with self._lock:
            # The service's clock, for clients' elapsed times and schedules (the HTTP Date
            # header is the machine's wall clock, not this service's virtual one); read after
            # a slow answer's wait.
            headers[CLOCK_HEADER] = header_value(
                self.clock.time(), getattr(self.clock, "speed", None)
            )
            try:
                if over_rate:
                    raise errors.throttling()
                failing = next((k for k in injected if k in ERROR_KINDS), None)
                if failing is not None:
                    raise _INJECTED[failing]()
                self._empty_page = "empty-page" in injected
                self._emptied = False
                try:
                    result = self._dispatch(target, body)
                finally:
                    self._empty_page = False
                if self._emptied and "empty-page" in injected:
                    self._faults.record(operation, "empty-page")
                if "lost-answer" in injected:  # done, but the client never hears of it
                    raise _INJECTED["server-error"]()
            except ServiceFault as fault:
                payload = json.dumps({"__type": fault.code, "message": fault.message}).encode()
                return fault.status, {**headers, "Content-Length": str(len(payload))}, payload
        data = {} if result is None else result if isinstance(result, dict) else to_api(result)
        payload = json.dumps(data, default=_json_default, separators=(",", ":")).encode()
        return 200, {**headers, "Content-Length": str(len(payload))}, payload

    def _dispatch(self, target: str, body: bytes | str | None) -> Any:
        operation = target[len(_TARGET_PREFIX) :] if target.startswith(_TARGET_PREFIX) else ""
        found = self._handlers.get(operation)
        if found is None:
            raise ServiceFault("UnknownOperationException", f"unknown operation {target!r}")
        model, handler = found
        try:
            data = json.loads(body or b"{}")
        except ValueError as error:
            raise ServiceFault(
                "SerializationException", f"request body is not JSON: {error}"
            ) from None
        except RecursionError:  # nested deeper than the interpreter's stack: a client's error
            raise ServiceFault(
                "SerializationException", "request body is JSON nested too deeply"
            ) from None
        if not isinstance(data, dict):
            raise ServiceFault("SerializationException", "request body is not a JSON object")
        try:
            request = _parse(model.input, data) if model.input is not None else None
        except RecursionError:  # within json's depth, still too deep to walk: the same answer
            raise ServiceFault(
                "SerializationException", "request body is JSON nested too deeply"
            ) from None
        self._tick()
        return handler(request)

    # -- state ---------------------------------------------------------------------------------

    def now(self) -> datetime:
        """The service's current time."""
        return _time(self.clock.time())

    def _tick(self) -> float:
        """Bring every tuning job up to the clock; returns the time."""
        now = self.clock.time()
        for tuning in self._tunings.values():
            tuning.run.advance(now)
            for job in tuning.run.jobs[tuning.registered :]:
                self._training[job.name.lower()] = (tuning, job)
            tuning.registered = len(tuning.run.jobs)
        return now

    def _tuning(self, name: str) -> _Tuning:
        tuning = self._tunings.get(name.lower())
        if tuning is None:
            raise errors.tuning_job_not_found(name)
        return tuning

    # -- operations ----------------------------------------------------------------------------

    def _create_hyper_parameter_tuning_job(
        self, request: sh.CreateHyperParameterTuningJobRequest
    ) -> sh.CreateHyperParameterTuningJobResponse:
        fault = rejection(request)
        if fault is not None:
            raise fault
        name = request.hyper_parameter_tuning_job_name
        if name.lower() in self._tunings:
            raise errors.resource_in_use(name)
        parents = self._parents(request)
        self._check_quotas(request, parents)
        tuning = self._plan(request, parents)
        self._tunings[name.lower()] = tuning
        return sh.CreateHyperParameterTuningJobResponse(hyper_parameter_tuning_job_arn=tuning.arn)

    def _parents(self, request: sh.CreateHyperParameterTuningJobRequest) -> list[_Tuning]:
        """The warm start's parent tuning jobs; each must exist here and have ended.

        The developer guide (automatic-model-tuning-warm-start) requires parents that are
        Completed, Stopped or Failed. This refusal depends on the service's state, not on
        the request, so it is the emulation's own (rules.py checks requests alone). No
        public answer of the service to an unknown or running parent was found: both are
        a ``ValidationException`` worded here.
        """
        config = request.warm_start_config
        if config is None:
            return []
        now = self.clock.time()
        parents: list[_Tuning] = []
        for parent in config.parent_hyper_parameter_tuning_jobs:
            wanted = parent.hyper_parameter_tuning_job_name
            if wanted is None:
                continue  # the model lets the name be absent; nothing to look up
            shown = "<redacted>" if errors.hides(wanted) else wanted
            found = self._tunings.get(wanted.lower())
            if found is None:
                raise ServiceFault(
                    "ValidationException",
                    f"The warm start parent hyperparameter tuning job {shown} does not exist.",
                )
            status = found.run.status(now)
            if status not in _ENDED:
                raise ServiceFault(
                    "ValidationException",
                    f"The warm start parent hyperparameter tuning job {shown} is {status}; "
                    "parent jobs must be Completed, Stopped or Failed.",
                )
            if found not in parents:
                parents.append(found)
        return parents

    def _check_quotas(
        self, request: sh.CreateHyperParameterTuningJobRequest, parents: list[_Tuning]
    ) -> None:
        """This service's own account quotas (configurable, to test ``ResourceLimitExceeded``).

        A warm start's parents' training jobs count against the limit of training jobs of
        the tuning job (API_HyperParameterTuningJobWarmStartConfig), so they are added to
        its MaxNumberOfTrainingJobs before the comparison.
        """
        config = request.hyper_parameter_tuning_job_config
        limits = config.resource_limits
        max_jobs = limits.max_number_of_training_jobs or self.default_max_training_jobs
        if self.max_training_jobs is not None and max_jobs > self.max_training_jobs:
            raise ServiceFault(
                "ResourceLimitExceeded",
                f"MaxNumberOfTrainingJobs {max_jobs} exceeds the limit of {self.max_training_jobs}",
            )
        if parents:
            launched = sum(len(parent.run.jobs) for parent in parents)
            ceiling = self.max_training_jobs or defaults.TRAINING_JOBS_PER_TUNING_JOB.get(
                str(config.strategy), defaults.TRAINING_JOBS_PER_TUNING_JOB_DEFAULT
            )
            if max_jobs + launched > ceiling:
                raise ServiceFault(
                    "ResourceLimitExceeded",
                    f"MaxNumberOfTrainingJobs {max_jobs} plus the {launched} training jobs of "
                    f"the warm start's parent jobs exceed the limit of {ceiling} training jobs "
                    "per tuning job",
                )
        if (
            self.max_parallel_training_jobs is not None
            and limits.max_parallel_training_jobs > self.max_parallel_training_jobs
        ):
            raise ServiceFault(
                "ResourceLimitExceeded",
                f"MaxParallelTrainingJobs {limits.max_parallel_training_jobs} exceeds the limit "
                f"of {self.max_parallel_training_jobs}",
            )
        now = self.clock.time()
        running = sum(
            t.run.status(now) in ("InProgress", "Stopping") for t in self._tunings.values()
        )
        if running >= self.max_in_progress_tuning_jobs:
            raise ServiceFault(
                "ResourceLimitExceeded",
                f"The account-level service limit of {self.max_in_progress_tuning_jobs} "
                "hyperparameter tuning jobs in progress is exceeded",
            )

    def _plan(
        self, request: sh.CreateHyperParameterTuningJobRequest, parents: list[_Tuning]
    ) -> _Tuning:
        """Lay out the schedule of a tuning job the rules accepted.

        Whatever the rules let through runs: several kinds of definition run them all,
        a definition without an objective completes without a metric, the first
        objective decides what "best" means.
        """
        config = request.hyper_parameter_tuning_job_config
        definitions = [
            *([request.training_job_definition] if request.training_job_definition else []),
            *(request.training_job_definitions or ()),
        ]
        objectives: list[sh.HyperParameterTuningJobObjective | None] = []
        ranges: list[list[ParameterRange]] = []
        for definition in definitions:
            objectives.append(
                definition.tuning_objective or config.hyper_parameter_tuning_job_objective
            )
            ranges.append(
                ParameterRange.from_ranges(
                    definition.hyper_parameter_ranges or config.parameter_ranges
                )
            )
        metric_names = [o.metric_name if o else None for o in objectives]
        described = [
            defaults.described_definition(d, m)
            for d, m in zip(definitions, metric_names, strict=True)
        ]
        name = request.hyper_parameter_tuning_job_name
        arn = (
            f"arn:aws:sagemaker:{self.region}:{self.account_id}:"
            f"hyper-parameter-tuning-job/{name.lower()}"
        )
        trainers = self._trained_for_real(definitions)
        run: _Run
        if trainers is not None:
            from sagemaker_tuning.local._engine import build_run

            run = build_run(
                request,
                definitions=described,
                metric_names=metric_names,
                trainers=trainers,
                seed=self.seed,
                default_max_jobs=self.default_max_training_jobs,
                created=self.clock.time(),
                parents=_parent_results(parents, self.clock.time()),
            )
            self._real_engine().add(run)
        else:
            run = self._simulated_run(request, definitions, objectives, ranges)
        # Training jobs' ARNs and the tuning job's carry the name in lower case, as the
        # service writes them (a recorded BestTrainingJob: TrainingJobName
        # "V3Blackbelt-201213-2200-020-240888ce", ARN ".../v3blackbelt-201213-...").
        return _Tuning(
            request=request,
            arn=arn,
            run=run,
            definitions=definitions,
            metric_names=metric_names,
            described_config=defaults.described_config(config),
            described=described,
            parents=parents,
        )

    def _simulated_run(
        self,
        request: sh.CreateHyperParameterTuningJobRequest,
        definitions: list[sh.HyperParameterTrainingJobDefinition],
        objectives: list[sh.HyperParameterTuningJobObjective | None],
        ranges: list[list[ParameterRange]],
    ) -> TuningRun:
        """The simulated schedule of a tuning job whose definitions have no trainer."""
        config = request.hyper_parameter_tuning_job_config
        name = request.hyper_parameter_tuning_job_name
        known = [o for o in objectives if o is not None]
        first = known[0] if known else None
        limits = config.resource_limits
        max_jobs = limits.max_number_of_training_jobs or self.default_max_training_jobs
        criteria = config.tuning_job_completion_criteria
        created = self.clock.time()
        return TuningRun(
            name=name,
            created=created,
            seed=self.seed,
            failure_rate=self.failure_rate,
            timing=self.timing,
            objective=Objective(
                metric_name=first.metric_name if first is not None else "",
                maximize=first is not None and str(first.type) == "Maximize",
            ),
            ranges=ranges or [[]],
            measured=[o is not None for o in objectives] or [False],
            max_jobs=max_jobs if definitions else 0,
            max_parallel=limits.max_parallel_training_jobs,
            grid=str(config.strategy) == "Grid",
            target=criteria.target_objective_metric_value if criteria is not None else None,
            deadline=(
                created + limits.max_runtime_in_seconds
                if limits.max_runtime_in_seconds is not None
                else None
            ),
        )

    def _describe_hyper_parameter_tuning_job(
        self, request: sh.DescribeHyperParameterTuningJobRequest
    ) -> sh.DescribeHyperParameterTuningJobResponse:
        tuning = self._tuning(request.hyper_parameter_tuning_job_name)
        now = self.clock.time()
        run, created = tuning.run, tuning.request
        status = run.status(now)
        terminal = status in _ENDED
        jobs = run.jobs
        statuses = [job.status(now) for job in jobs]
        best = run.best(now)
        events = [run.created] + [job.created for job in jobs]
        events += [job.end for job in jobs if job.end <= now]
        if run.stop_requested is not None:
            events.append(run.stop_requested)
        if terminal:
            events.append(run.end_time())
        end = run.end_time() if terminal else now
        single = created.training_job_definition is not None
        overall = self._overall_best(tuning, now) if created.warm_start_config else None
        return sh.DescribeHyperParameterTuningJobResponse(
            hyper_parameter_tuning_job_name=created.hyper_parameter_tuning_job_name,
            hyper_parameter_tuning_job_arn=tuning.arn,
            hyper_parameter_tuning_job_config=tuning.described_config,
            training_job_definition=tuning.described[0] if single else None,
            training_job_definitions=(
                tuple(tuning.described[1:] if single else tuning.described)
                if created.training_job_definitions is not None
                else None
            ),
            warm_start_config=created.warm_start_config,
            autotune=created.autotune,
            hyper_parameter_tuning_job_status=status,
            creation_time=_time(run.created),
            hyper_parameter_tuning_end_time=_time(run.end_time()) if terminal else None,
            last_modified_time=_time(max(e for e in events if e <= now + 1e-9)),
            training_job_status_counters=_status_counters(run, statuses),
            objective_status_counters=_objective_counters(run, statuses, now),
            best_training_job=self._summary(tuning, best, now) if best is not None else None,
            overall_best_training_job=(
                self._summary(overall[0], overall[1], now, named=True)
                if overall is not None
                else None
            ),
            # C7N-2024's Failed job, word for word.
            failure_reason=(
                (getattr(run, "error", None) or _ALL_FAILED) if status == "Failed" else None
            ),
            # C7N-2024 carries it in every status.
            tuning_job_completion_details=sh.HyperParameterTuningJobCompletionDetails(
                number_of_training_jobs_objective_not_improving=not_improving(
                    run.jobs, run.objective, now
                ),
                convergence_detected_time=(
                    _time(run.converged_at)
                    if not isinstance(run, TuningRun) and run.converged_at is not None
                    else None
                ),
            ),
            consumed_resources=sh.HyperParameterTuningJobConsumedResources(
                runtime_in_seconds=int(max(0.0, end - run.created))
            ),
        )

    def _overall_best(self, tuning: _Tuning, now: float) -> tuple[_Tuning, _Job] | None:
        """The best completed training job of a warm start and of its parents.

        API_HyperParameterTuningJobWarmStartConfig: "the training job that performs the best
        is compared to the best training jobs from the parent tuning jobs. From these, the
        training job that performs the best as measured by the objective metric is returned
        as the overall best training job." A parent that is itself a warm start offers its
        own overall best. The comparison uses this job's objective (a warm start keeps its
        parents' objective, developer guide); on a tie the earlier candidate stays.
        """
        candidates: list[tuple[_Tuning, _Job]] = []
        own = tuning.run.best(now)
        if own is not None:
            candidates.append((tuning, own))
        for parent in tuning.parents:
            found = self._overall_best(parent, now) if parent.parents else None
            if found is None:
                best = parent.run.best(now)
                found = (parent, best) if best is not None else None
            if found is not None:
                candidates.append(found)
        chosen: tuple[_Tuning, _Job] | None = None
        objective = tuning.run.objective
        for candidate in candidates:
            value = candidate[1].final_metric(now)
            if value is None:
                continue
            held = chosen[1].final_metric(now) if chosen is not None else None
            if held is None or objective.better(value, held):
                chosen = candidate
        return chosen

    def _summary(
        self, tuning: _Tuning, job: _Job, now: float, *, named: bool = False
    ) -> sh.HyperParameterTrainingJobSummary:
        """A training job's summary as BestTrainingJob and List show it.

        MLE-2020 and three more recorded BestTrainingJob summaries (2020) carry neither
        ``TuningJobName`` nor the objective's ``Type``; the summary of an overall best
        (``named``) names its tuning job, which may be a parent.
        """
        status = job.status(now)
        metric = job.final_metric(now)
        terminal = status in _ENDED
        definition = tuning.definitions[job.definition]
        metric_name = tuning.metric_names[job.definition]
        return sh.HyperParameterTrainingJobSummary(
            training_job_definition_name=definition.definition_name,
            training_job_name=job.name,
            training_job_arn=self._training_arn(job),
            tuning_job_name=tuning.run.name if named else None,
            creation_time=_time(job.created),
            training_start_time=_time(job.started) if self._started(job, now) else None,
            training_end_time=_time(job.end) if terminal else None,
            training_job_status=status,
            tuned_hyper_parameters=job.hyperparameters,
            failure_reason=_failure(job) if status == "Failed" else None,
            final_hyper_parameter_tuning_job_objective_metric=(
                sh.FinalHyperParameterTuningJobObjectiveMetric(
                    metric_name=metric_name, value=metric
                )
                if metric is not None and metric_name is not None
                else None
            ),
            objective_status=(
                "Succeeded" if metric is not None else "Pending" if not terminal else "Failed"
            ),
        )

    @staticmethod
    def _started(job: _Job, now: float) -> bool:
        return now >= job.started and (job.stopped_at is None or job.started <= job.stopped_at)

    def _training_arn(self, job: _Job) -> str:
        return f"arn:aws:sagemaker:{self.region}:{self.account_id}:training-job/{job.name.lower()}"

    def _list_training_jobs_for_hyper_parameter_tuning_job(
        self, request: sh.ListTrainingJobsForHyperParameterTuningJobRequest
    ) -> sh.ListTrainingJobsForHyperParameterTuningJobResponse:
        tuning = self._tuning(request.hyper_parameter_tuning_job_name)
        now = self.clock.time()
        sort_by = str(request.sort_by or "Name")
        descending = str(request.sort_order or "Ascending") == "Descending"
        jobs: list[_Job] = list(tuning.run.jobs)
        if request.status_equals is not None:
            jobs = [job for job in jobs if job.status(now) == str(request.status_equals)]
        if sort_by == "FinalObjectiveMetricValue":
            # The API reference: jobs without an objective metric are not listed.
            jobs = [job for job in jobs if job.final_metric(now) is not None]
        key = _SORT_KEYS.get(sort_by)
        if key is None:  # a sort order the model may learn later; the service would refuse it
            raise ServiceFault("ValidationException", f"unsupported SortBy {sort_by!r}")
        scope = [tuning.run.name.lower(), sort_by, descending, str(request.status_equals)]
        page, token = self._page(
            jobs,
            lambda job: _key(key(job, now), job.name),
            request.next_token,
            request.max_results,
            scope,
            descending=descending,
        )
        return sh.ListTrainingJobsForHyperParameterTuningJobResponse(
            training_job_summaries=tuple(self._summary(tuning, job, now) for job in page),
            next_token=token,
        )

    def _list_hyper_parameter_tuning_jobs(
        self, request: sh.ListHyperParameterTuningJobsRequest
    ) -> sh.ListHyperParameterTuningJobsResponse:
        """The account's tuning jobs, filtered, sorted and paged as the API reference says.

        API_ListHyperParameterTuningJobs: ``SortBy`` Name (default), Status or
        CreationTime; ``SortOrder`` Ascending (default); ``MaxResults`` 1-100, default
        10; the time filters are strict ("after", "before"). ``NameContains`` is matched
        ignoring case, as names are unique ignoring case (the reference does not say;
        this choice hides no job a case-sensitive match would list).
        """
        described = [
            self._describe_hyper_parameter_tuning_job(
                sh.DescribeHyperParameterTuningJobRequest(
                    hyper_parameter_tuning_job_name=tuning.run.name
                )
            )
            for tuning in self._tunings.values()
        ]
        needle = (request.name_contains or "").lower()
        filters: list[Callable[[sh.DescribeHyperParameterTuningJobResponse], bool]] = [
            lambda d: needle in d.hyper_parameter_tuning_job_name.lower()
        ]
        if request.status_equals is not None:
            wanted = str(request.status_equals)
            filters.append(lambda d: str(d.hyper_parameter_tuning_job_status) == wanted)
        for bound, attr, after in (
            (request.creation_time_after, "creation_time", True),
            (request.creation_time_before, "creation_time", False),
            (request.last_modified_time_after, "last_modified_time", True),
            (request.last_modified_time_before, "last_modified_time", False),
        ):
            if bound is not None:
                filters.append(_time_filter(attr, bound, after=after))
        jobs = [d for d in described if all(f(d) for f in filters)]
        sort_by = str(request.sort_by or "Name")
        descending = str(request.sort_order or "Ascending") == "Descending"
        key = _TUNING_SORT_KEYS.get(sort_by)
        if key is None:  # a sort order the model may learn later; the service would refuse it
            raise ServiceFault("ValidationException", f"unsupported SortBy {sort_by!r}")
        scope = [
            "tuning-jobs",
            sort_by,
            descending,
            needle,
            str(request.status_equals),
            *(str(t) for t in (request.creation_time_after, request.creation_time_before)),
            *(
                str(t)
                for t in (request.last_modified_time_after, request.last_modified_time_before)
            ),
        ]
        page, token = self._page(
            jobs,
            lambda d: _key(key(d), d.hyper_parameter_tuning_job_name),
            request.next_token,
            request.max_results,
            scope,
            descending=descending,
        )
        return sh.ListHyperParameterTuningJobsResponse(
            hyper_parameter_tuning_job_summaries=tuple(_tuning_summary(d) for d in page),
            next_token=token,
        )

    def _page(
        self,
        unsorted: list[T],
        key_of: Callable[[T], _Key],
        next_token: str | None,
        max_results: int | None,
        scope: list[Any],
        *,
        descending: bool,
    ) -> tuple[list[T], str | None]:
        """One page of a sorted, filtered listing, and the token of the next (``None``: last).

        ``key_of`` gives an item's sort key (``(key, name)``); items are listed in its order.
        The token holds the last key handed out (keyset paging), not an offset: a job created
        while a reader pages newest-first lands before the cursor and shifts nothing, so no
        item is listed twice. ``MaxResults`` defaults to 10 (the API reference of both list
        operations); with ``empty_pages`` (or an injected ``empty-page`` fault) an empty page
        with a token comes before a page of results, as the service sometimes sends; its
        token leads to the results, never to another empty page, so a reader always makes
        progress. The token is bound to ``scope`` (the listing's filters and order), so a
        token from another listing is refused.
        """
        keyed = sorted(((key_of(item), item) for item in unsorted), key=lambda pair: pair[0])
        if descending:
            keyed.reverse()
        keys = [k for k, _ in keyed]
        items = [item for _, item in keyed]
        after: _Key | None = None
        emptied = False
        if next_token is not None:
            after, emptied = _read_token(next_token, scope)
        start = 0
        if after is not None:
            try:  # the first item past the cursor in the listing's order
                start = next(
                    (i for i, k in enumerate(keys) if (k < after if descending else k > after)),
                    len(keys),
                )
            except TypeError:  # a cursor of another type than this listing's keys
                raise _invalid_token() from None
        limit = max_results or 10
        if (self.empty_pages or self._empty_page) and not emptied and start < len(items):
            self._emptied = True
            return [], _make_token(scope, after, emptied=True)
        end = start + limit
        token = _make_token(scope, keys[end - 1], emptied=False) if end < len(items) else None
        return items[start:end], token

    def _describe_training_job(self, request: sh.DescribeTrainingJobRequest) -> dict[str, Any]:
        """A training job as DescribeTrainingJob answers (a wire dictionary, see below).

        Built from the definition as the tuning job's Describe shows it (so the built-in
        metric definitions and ``_tuning_objective_metric`` carry over); ``HyperParameters``
        hold the static ones, the tuned ones and ``_tuning_objective_metric`` (a recorded
        answer of a tuning job's training job, "Mastering Machine Learning on AWS",
        shows all three). A Failed job has no ``ModelArtifacts`` (C7N-2018), although the
        model marks the member required: the answer is a dictionary for that reason.
        """
        found = self._training.get(request.training_job_name.lower())
        if found is None:
            raise errors.training_job_not_found()
        tuning, job = found
        now = self.clock.time()
        status = job.status(now)
        metric = job.final_metric(now)
        terminal = status in _ENDED
        definition = tuning.definitions[job.definition]
        described = tuning.described[job.definition]
        metric_name = tuning.metric_names[job.definition]
        statics = dict(described.static_hyper_parameters or {})
        hyperparameters = {**statics, **job.hyperparameters}
        if len(hyperparameters) > 100:  # the map holds at most 100 entries
            hyperparameters.pop(defaults.OBJECTIVE_METRIC_KEY, None)
        algorithm = defaults.training_algorithm(described)
        started = self._started(job, now)
        seconds = max(1, round(job.end - job.started)) if terminal and started else None
        response = sh.DescribeTrainingJobResponse(
            training_job_name=job.name,
            training_job_arn=self._training_arn(job),
            tuning_job_arn=tuning.arn,
            model_artifacts=sh.ModelArtifacts(
                s3_model_artifacts=(
                    job.outcome.model_artifacts
                    if not isinstance(job, TrainingRun)
                    and job.outcome is not None
                    and job.outcome.model_artifacts is not None
                    else _artifacts(definition.output_data_config.s3_output_path, job)
                )
            ),
            training_job_status=status,
            secondary_status=_secondary_status(job, now),
            failure_reason=_failure(job) if status == "Failed" else None,
            hyper_parameters=hyperparameters,
            algorithm_specification=algorithm,
            role_arn=definition.role_arn,
            input_data_config=defaults.training_input(definition.input_data_config),
            output_data_config=defaults.training_output(definition.output_data_config),
            resource_config=_resource_config(definition),
            vpc_config=definition.vpc_config,
            stopping_condition=definition.stopping_condition,
            creation_time=_time(job.created),
            training_start_time=_time(job.started) if started else None,
            training_end_time=_time(job.end) if terminal else None,
            last_modified_time=_time(max(t for t in _transitions_times(job) if t <= now)),
            secondary_status_transitions=_transitions(job, now),
            final_metric_data_list=(
                _metrics(job, metric, metric_name, algorithm.metric_definitions)
                if isinstance(job, TrainingRun) and metric is not None and metric_name is not None
                else _real_metrics(job, metric_name)
                if not isinstance(job, TrainingRun)
                else None
            ),
            enable_network_isolation=described.enable_network_isolation,
            enable_inter_container_traffic_encryption=(
                described.enable_inter_container_traffic_encryption
            ),
            enable_managed_spot_training=described.enable_managed_spot_training,
            checkpoint_config=definition.checkpoint_config,
            retry_strategy=definition.retry_strategy,
            environment=definition.environment,
            training_time_in_seconds=seconds,
            billable_time_in_seconds=seconds,
        )
        data: dict[str, Any] = to_api(response)
        if status == "Failed":
            del data["ModelArtifacts"]
        return data

    def _stop_hyper_parameter_tuning_job(
        self, request: sh.StopHyperParameterTuningJobRequest
    ) -> None:
        """Stop a tuning job in progress.

        No public answer of the service to stopping a job that is not in progress was
        found; the ``ValidationException`` and its wording are ours.
        """
        tuning = self._tuning(request.hyper_parameter_tuning_job_name)
        now = self.clock.time()
        status = tuning.run.status(now)
        if status != "InProgress":
            raise ServiceFault(
                "ValidationException",
                f"The hyperparameter tuning job {tuning.run.name} is in status {status}; only a "
                "job in progress can be stopped",
            )
        tuning.run.stop(now)
        if self._engine is not None:
            self._engine.wake()

    def _delete_hyper_parameter_tuning_job(
        self, request: sh.DeleteHyperParameterTuningJobRequest
    ) -> None:
        """Delete a tuning job that has ended; its training jobs stay (API reference:
        "deletes only the tuning job entry ... It does not delete training jobs").

        A job that has not ended is refused with a ``ValidationException`` saying it is "not
        in a terminal state": terraform-provider-aws
        (``internal/service/sagemaker/hyper_parameter_tuning_job.go``, ``Delete``) stops the job
        and retries on exactly that; the rest of the wording is ours. The service then shows
        the job ``Deleting`` for a while before Describe answers not found (the same file
        waits through ``Deleting``); here it is gone at once. An unknown job is
        ``ResourceNotFound``, which the same ``Delete`` treats as already deleted.
        """
        name = request.hyper_parameter_tuning_job_name
        tuning = self._tuning(name)
        now = self._tick()  # registers its training jobs, which outlive it
        status = tuning.run.status(now)
        if status not in _ENDED:
            raise ServiceFault(
                "ValidationException",
                f"The hyperparameter tuning job {tuning.run.name} is not in a terminal state "
                f"(status {status}); stop it and wait until it is Stopped before deleting it",
            )
        del self._tunings[name.lower()]


_ENDED = ("Completed", "Failed", "Stopped")
_INJECTED: dict[str, Callable[[], ServiceFault]] = {
    "throttle": errors.throttling,
    "server-error": errors.internal_failure,
    "unavailable": errors.service_unavailable,
}

_FAILURE = "AlgorithmError: the training script exited with a non-zero status (emulated)"
# C7N-2024's Failed job, word for word.
_ALL_FAILED = (
    "All training jobs failed. Please take a look at the training jobs failures to get more "
    "details."
)


def _failure(job: _Job) -> str:
    """A failed job's FailureReason: the runner's words for a real job (as the service writes)."""
    if isinstance(job, TrainingRun) or job.outcome is None:
        return _FAILURE
    return job.outcome.failure_reason or _FAILURE


def _definition_path(index: int, count: int) -> str:
    return "TrainingJobDefinition" if count == 1 else f"TrainingJobDefinitions[{index}]"


def _parent_results(parents: list[_Tuning], now: float) -> list[Any]:
    """A warm start's parents' finished jobs with an objective: what seeds a real search."""
    if not parents:
        return []
    from sagemaker_tuning.local._engine import ParentResult

    found = []
    for parent in parents:
        for job in parent.run.jobs:
            value = job.final_metric(now)
            if value is not None:
                found.append(
                    ParentResult(
                        definition_name=parent.definitions[job.definition].definition_name,
                        hyperparameters=dict(job.hyperparameters),
                        value=value,
                    )
                )
    return found


def _status_counters(run: _Run, statuses: list[str]) -> sh.TrainingJobStatusCounters:
    """TrainingJobStatusCounters; a real job failed by an internal error is the retryable kind.

    API_TrainingJobStatusCounters: RetryableError counts jobs that "failed, but can be
    retried ... only if it failed because an internal service error occurred".
    """
    failed = statuses.count("Failed")
    retryable = 0
    if not isinstance(run, TuningRun):
        retryable = sum(
            job.fails and _failure(job).startswith("InternalServerError") for job in run.jobs
        )
    return sh.TrainingJobStatusCounters(
        completed=statuses.count("Completed"),
        in_progress=statuses.count("InProgress") + statuses.count("Stopping"),
        retryable_error=retryable,
        non_retryable_error=failed - retryable,
        stopped=statuses.count("Stopped"),
    )


def _objective_counters(run: _Run, statuses: list[str], now: float) -> sh.ObjectiveStatusCounters:
    """ObjectiveStatusCounters: for a real job, whether its log reported the objective.

    API_HyperParameterTrainingJobSummary: ObjectiveStatus Failed "typically occurs when the
    training job failed or did not emit an objective metric"; a job stopped early with an
    objective was "used in the hyperparameter tuning process" (API_ObjectiveStatusCounters).
    """
    if isinstance(run, TuningRun):
        return sh.ObjectiveStatusCounters(
            succeeded=statuses.count("Completed"),
            pending=statuses.count("InProgress") + statuses.count("Stopping"),
            failed=statuses.count("Failed") + statuses.count("Stopped"),
        )
    succeeded = sum(job.final_metric(now) is not None for job in run.jobs)
    pending = statuses.count("InProgress") + statuses.count("Stopping")
    return sh.ObjectiveStatusCounters(
        succeeded=succeeded, pending=pending, failed=len(run.jobs) - succeeded - pending
    )


def _real_phases(job: RealTraining) -> list[tuple[str, float, float]]:
    """A real job's secondary statuses: Starting, Training, (Stopping,) then the runner's last.

    No image is downloaded locally and the runner reports no upload phase, so of the
    recorded sequence (CLI-2025) these are the ones that happen; the last status is the
    runner's (Completed, Failed, Stopped, MaxRuntimeExceeded).
    """
    end = job.end
    training_end = job.stopped_at if job.stopped_at is not None else end
    phases = [("Starting", job.created, job.started), ("Training", job.started, training_end)]
    if job.stopped_at is not None:
        phases.append(("Stopping", job.stopped_at, end))
    if job.outcome is not None:
        phases.append((job.outcome.secondary_status, end, end))
    return phases


def _real_metrics(job: RealTraining, objective: str | None) -> tuple[sh.MetricData, ...] | None:
    """FinalMetricDataList of a real job: the runner's final values, the objective first.

    At most 40 (the member's maximum); values that are not finite numbers are left out, as
    JSON cannot carry them.
    """
    if job.outcome is None or not job.outcome.final_metrics:
        return None
    at = _time(job.end)
    items = sorted(job.outcome.final_metrics.items(), key=lambda item: item[0] != objective)
    found = tuple(
        sh.MetricData(metric_name=name, value=value, timestamp=at)
        for name, value in items
        if math.isfinite(value)
    )[:40]
    return found or None


_SORT_KEYS: dict[str, Callable[[_Job, float], Any]] = {
    "Name": lambda job, now: job.name,
    "CreationTime": lambda job, now: job.created,
    "Status": lambda job, now: job.status(now),
    "FinalObjectiveMetricValue": lambda job, now: job.final_metric(now),
}


_TUNING_SORT_KEYS: dict[str, Callable[[sh.DescribeHyperParameterTuningJobResponse], Any]] = {
    "Name": lambda d: d.hyper_parameter_tuning_job_name.lower(),
    "CreationTime": lambda d: d.creation_time,
    "Status": lambda d: str(d.hyper_parameter_tuning_job_status),
}


def _time_filter(
    attr: str, bound: datetime, *, after: bool
) -> Callable[[sh.DescribeHyperParameterTuningJobResponse], bool]:
    def keep(d: sh.DescribeHyperParameterTuningJobResponse) -> bool:
        value = getattr(d, attr)
        return value is not None and (value > bound if after else value < bound)

    return keep


def _tuning_summary(
    d: sh.DescribeHyperParameterTuningJobResponse,
) -> sh.HyperParameterTuningJobSummary:
    config = d.hyper_parameter_tuning_job_config
    return sh.HyperParameterTuningJobSummary(
        hyper_parameter_tuning_job_name=d.hyper_parameter_tuning_job_name,
        hyper_parameter_tuning_job_arn=d.hyper_parameter_tuning_job_arn,
        hyper_parameter_tuning_job_status=d.hyper_parameter_tuning_job_status,
        strategy=config.strategy,
        creation_time=d.creation_time,
        hyper_parameter_tuning_end_time=d.hyper_parameter_tuning_end_time,
        last_modified_time=d.last_modified_time,
        training_job_status_counters=d.training_job_status_counters,
        objective_status_counters=d.objective_status_counters,
        resource_limits=config.resource_limits,
    )


_Key = tuple[Any, str]


def _key(value: Any, name: str) -> _Key:
    """An item's position in a listing as a token can hold it: JSON types (a time as epoch
    seconds), then the name that breaks ties."""
    return (value.timestamp() if isinstance(value, datetime) else value, name)


def _make_token(scope: list[Any], after: _Key | None, *, emptied: bool) -> str:
    data = {"scope": scope, "after": None if after is None else list(after), "emptied": emptied}
    return base64.urlsafe_b64encode(json.dumps(data).encode()).decode()


def _invalid_token() -> ServiceFault:
    return ServiceFault("ValidationException", "The NextToken is not valid")


def _read_token(token: str, scope: list[Any]) -> tuple[_Key | None, bool]:
    """The cursor and the emptied flag of a token this listing made; anything else is refused
    as the service refuses a token it did not issue (ValidationException, HTTP 400)."""
    try:
        data = json.loads(base64.urlsafe_b64decode(token.encode()))
    except (ValueError, TypeError, binascii.Error, RecursionError):
        raise _invalid_token() from None
    if not isinstance(data, dict) or set(data) != {"scope", "after", "emptied"}:
        raise _invalid_token()
    after, emptied = data["after"], data["emptied"]
    if data["scope"] != scope or not isinstance(emptied, bool):
        raise _invalid_token()
    if after is None:
        return None, emptied
    if not (isinstance(after, list) and len(after) == 2 and isinstance(after[1], str)):
        raise _invalid_token()
    value = after[0]
    # A bool is an int to Python, and NaN compares false with everything: neither is a key.
    number = isinstance(value, (int, float)) and not isinstance(value, bool)
    if not (isinstance(value, str) or (number and math.isfinite(value))):
        raise _invalid_token()
    return (value, after[1]), emptied


def _artifacts(output_path: str, job: _Job) -> str:
    path = f"{output_path.rstrip('/')}/{job.name}/output/model.tar.gz"
    return path if len(path) <= 1024 else output_path


def _resource_config(definition: sh.HyperParameterTrainingJobDefinition) -> Any:
    if definition.resource_config is not None:
        return definition.resource_config
    tuning = definition.hyper_parameter_tuning_resource_config
    if tuning is None:
        return None
    if tuning.instance_configs:
        first = tuning.instance_configs[0]
        return sh.ResourceConfig(
            instance_type=first.instance_type,
            instance_count=first.instance_count,
            volume_size_in_gb=first.volume_size_in_gb,
        )
    return sh.ResourceConfig(
        instance_type=tuning.instance_type,
        instance_count=tuning.instance_count,
        volume_size_in_gb=tuning.volume_size_in_gb,
        volume_kms_key_id=tuning.volume_kms_key_id,
    )


def _phases(job: _Job) -> list[tuple[str, float, float]]:
    """The secondary statuses a job goes through: (status, start, end).

    As recorded (CLI-2025): Starting, Downloading, Training, Uploading, then the final
    status, whose transition starts and ends at the job's end. A job that fails does so
    while training (no Uploading); a stopped one goes through Stopping to Stopped.
    """
    if not isinstance(job, TrainingRun):
        return _real_phases(job)
    run = max(0.0, job.scheduled_end - job.started)
    downloaded = job.started + min(30.0, run / 5)
    uploading = job.scheduled_end - min(15.0, run / 10)
    if job.stopped_at is not None:
        stop = job.stopped_at
        phases = [("Starting", job.created, min(job.started, stop))]
        if job.started < stop:
            phases.append(("Downloading", job.started, min(downloaded, stop)))
        if downloaded < stop:
            phases.append(("Training", downloaded, stop))
        return [*phases, ("Stopping", stop, job.end), ("Stopped", job.end, job.end)]
    phases = [
        ("Starting", job.created, job.started),
        ("Downloading", job.started, downloaded),
    ]
    if job.fails:
        return [*phases, ("Training", downloaded, job.end), ("Failed", job.end, job.end)]
    return [
        *phases,
        ("Training", downloaded, uploading),
        ("Uploading", uploading, job.end),
        ("Completed", job.end, job.end),
    ]


def _transitions_times(job: _Job) -> list[float]:
    return [start for _, start, _ in _phases(job)]


def _secondary_status(job: _Job, now: float) -> str:
    current = "Starting"
    for status, start, _ in _phases(job):
        if start <= now:
            current = status
    return current


def _transitions(job: _Job, now: float) -> tuple[sh.SecondaryStatusTransition, ...]:
    return tuple(
        sh.SecondaryStatusTransition(
            status=status,
            start_time=_time(start),
            end_time=_time(end) if end <= now else None,
            status_message=_MESSAGES.get(status),
        )
        for status, start, end in _phases(job)
        if start <= now
    )


# Starting, Downloading, Training, Uploading and Completed as recorded (CLI-2025); the
# others from the API reference's list of secondary statuses.
_MESSAGES = {
    "Starting": "Preparing the instances for training",
    "Downloading": "Downloading the training image",
    "Training": "Training image download completed. Training in progress.",
    "Uploading": "Uploading generated training model",
    "Completed": "Training job completed",
    "Failed": "Training job failed",
    "Stopping": "Stopping the training job",
    "Stopped": "Training job stopped",
}


def _metrics(
    job: TrainingRun,
    value: float,
    name: str,
    definitions: tuple[sh.MetricDefinition, ...] | None,
) -> tuple[sh.MetricData, ...]:
    """FinalMetricDataList: the objective, then the other metrics the job reports.

    A built-in algorithm reports only what its evaluation prints (CLI-2025: two of 27
    definitions, the objective's metric on the train and validation channels), so for a
    definition list this table knows as built-in only the objective's metric on other
    channels follows; a custom image's every definition does (at most 40).
    """
    at = _time(job.end)
    found = [sh.MetricData(metric_name=name, value=value, timestamp=at)]
    known = tuple(d.name for d in definitions or () if d.name != "ObjectiveMetric")
    builtin = defaults.builtin_algorithm_metrics(known)
    suffix = name.split(":", 1)[-1]
    for other_name in known:
        if other_name == name or len(found) >= 40:
            continue
        if builtin and other_name.split(":", 1)[-1] != suffix:
            continue
        # Other metrics follow the objective: a loss falls as the objective improves.
        other = round(1.0 - value if 0.0 <= value <= 1.0 else value, 6)
        found.append(sh.MetricData(metric_name=other_name, value=other, timestamp=at))
    return tuple(found)


_SESSION: Any = None
_SESSION_LOCK = threading.Lock()


def _session() -> Any:
    """One botocore session for every in-process client: creating one costs ~100 ms."""
    global _SESSION
    with _SESSION_LOCK:
        if _SESSION is None:
            import botocore.session

            session = botocore.session.Session()
            from sagemaker_tuning.client import install_parsers

            install_parsers(session)  # the parsers TuningClient.create installs
            _SESSION = session
        return _SESSION


_AIO_SESSION: Any = None


def _aio_session() -> Any:
    """One aiobotocore session for every in-process async client (it holds no event loop)."""
    global _AIO_SESSION
    with _SESSION_LOCK:
        if _AIO_SESSION is None:
            from sagemaker_tuning.transport.aio import install_aio_parsers

            # aiobotocore is optional (the async extra) and untyped: imported by name.
            session: Any = importlib.import_module("aiobotocore.session").AioSession()
            install_aio_parsers(session)  # the parsers AsyncTuningClient.create installs
            _AIO_SESSION = session
        return _AIO_SESSION


def _target(request: Any) -> str:
    target = request.headers.get("X-Amz-Target", "")
    return target.decode() if isinstance(target, bytes) else str(target)
