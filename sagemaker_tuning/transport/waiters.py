"""Waiters: poll a Describe operation until an acceptor decides, on the Smithy waiter algorithm.

The definitions are data, ``sagemaker_tuning/data/waiters-2.json`` in botocore's
``waiters-2`` format (so botocore's own waiter can run them too), with three keys
of the Smithy waiter trait added: ``minDelay``, ``maxDelay`` and ``maxWait``, the
defaults of the engine here. Acceptors are checked in order and the first match
decides: ``success`` returns, ``failure`` raises, ``retry`` polls again; a
response no acceptor matches (an unknown status, say) means poll again.

Errors: a service error that an acceptor matches does what the acceptor says
(``failure`` raises the :class:`~sagemaker_tuning.errors.ServiceError` itself). One
that no acceptor matches is raised too -- unless it is transient (throttling, a
5xx answer, a request timeout, a connection failure: the errors botocore's
``standard`` retry mode retries; and a :class:`~sagemaker_tuning.errors.MalformedResponse`),
in which case botocore has already retried it and the waiter just polls again on its
schedule, until ``max_wait``.

Delays (smithy.io, waiters): with ``ceiling = log2(max_delay / min_delay) + 1``,
attempt *n* may wait up to ``min_delay * 2 ** (n - 1)`` while ``n <= ceiling`` and up
to ``max_delay`` after; the actual sleep is drawn uniformly between ``min_delay``
and that bound. A sleep never runs past the deadline, and the last poll happens at
it: when ``remaining - delay <= min_delay`` the waiter sleeps the whole ``remaining``
time (when it fits in ``max_delay``; else it sleeps the drawn delay and gets there
next round) and polls one last time at ``max_wait``. The Smithy text says to sleep
``remaining - min_delay`` there, which leaves the last ``min_delay`` seconds unwatched
(a job finishing in them is reported as a timeout, and a ``max_wait`` shorter than
``min_delay`` gives up after the first poll); the AWS SDK for Rust deviates from the
spec in the same way, for the same reason (aws-smithy-runtime,
``src/client/waiters/backoff.rs``: "Subtracting `min_delay` doesn't fulfill the
original intent").

A ``schedule`` (:class:`Schedule`) may choose the delays instead: after each poll it is
asked for the next delay, and ``None`` means "the Smithy delay". The deadline rules hold
whatever it says: no sleep runs past ``max_wait`` and the last poll happens at it. The
tuning-job waiter's default is :class:`sagemaker_tuning.progress.ProgressSchedule`.
"""

from __future__ import annotations

import functools
import json
import math
import random
from collections.abc import Callable, Iterator, Mapping
from importlib import resources
from typing import Any, Final, Generic, Literal, Protocol, TypeVar

import attrs
import jmespath  # botocore's own dependency; not declared separately
from botocore.exceptions import ConnectionError as _BotoConnectionError
from botocore.exceptions import HTTPClientError as _BotoHTTPClientError

from sagemaker_tuning.core.errors import MalformedResponse, ServiceError, WaiterError, WaiterTimeout
from sagemaker_tuning.core.validation import ValidationError, Violation, show

__all__ = [
    "THROTTLING_CODES",
    "TRANSIENT_CODES",
    "TRANSIENT_STATUSES",
    "Acceptor",
    "ErrorCallback",
    "PollCallback",
    "POLL_ERRORS",
    "Schedule",
    "WaiterDefinition",
    "Waiting",
    "definitions",
    "is_transient",
    "run",
]

R = TypeVar("R")
#: What ``on_poll`` is called with after each answered poll: the typed response.
PollCallback = Callable[[R], object]
#: What ``on_error`` is called with after each poll that failed and will be retried: the error.
ErrorCallback = Callable[[BaseException], object]


class Schedule(Protocol):
    """Chooses the delay before the next poll from the latest answer."""

    def next_delay(self, response: Any, *, attempt: int, remaining: float) -> float | None:
        """Seconds until the next poll after ``attempt`` polls, given the typed ``response``
        (``None`` after an error) and the ``remaining`` seconds; ``None``: the Smithy delay."""
        ...


State = Literal["success", "failure", "retry"]
Matcher = Literal["path", "pathAll", "pathAny", "error", "status"]

#: Error codes that mean "slow down" (botocore's standard retry mode list).
THROTTLING_CODES: Final = frozenset(
    {
        "BandwidthLimitExceeded",
        "EC2ThrottledException",
        "LimitExceededException",
        "PriorRequestNotComplete",
        "ProvisionedThroughputExceededException",
        "RequestLimitExceeded",
        "RequestThrottled",
        "RequestThrottledException",
        "SlowDown",
        "Throttling",
        "ThrottlingException",
        "ThrottledException",
        "TooManyRequestsException",
        "TransactionInProgressException",
    }
)
#: Error codes of transient failures (botocore's standard retry mode list).
TRANSIENT_CODES: Final = frozenset(
    {"RequestTimeout", "RequestTimeoutException", "PriorRequestNotComplete"}
)
#: HTTP statuses of transient failures: throttling and server-side errors.
TRANSIENT_STATUSES: Final = frozenset({429, 500, 502, 503, 504})


def is_transient(error: BaseException) -> bool:
    """Whether a waiter should poll again after ``error`` instead of giving up."""
    if isinstance(error, ServiceError):
        return (
            error.code in THROTTLING_CODES
            or error.code in TRANSIENT_CODES
            or error.http_status in TRANSIENT_STATUSES
        )
    # A garbled answer says nothing about the job (a proxy's page, a body cut in transit).
    return isinstance(error, (_BotoConnectionError, _BotoHTTPClientError, MalformedResponse))


@attrs.frozen
class Acceptor:
    """One acceptor of a waiter definition (botocore ``waiters-2`` terms)."""

    state: State
    matcher: Matcher
    expected: Any
    #: The JMESPath expression of the path matchers (``None`` for error and status).
    argument: str | None = None
    _expression: Any = attrs.field(default=None, eq=False, repr=False)

    def matches(self, response: Mapping[str, Any] | None, error: BaseException | None) -> bool:
        """Whether this acceptor matches a poll's raw response, or its error."""
        if self.matcher == "error":
            if self.expected is True:
                return isinstance(error, ServiceError)
            if self.expected is False:
                return error is None
            return isinstance(error, ServiceError) and bool(error.code == self.expected)
        if self.matcher == "status":
            if isinstance(error, ServiceError):
                return bool(error.http_status == self.expected)
            status = (response or {}).get("ResponseMetadata", {}).get("HTTPStatusCode")
            return error is None and bool(status == self.expected)
        if response is None:
            return False
        result = self._expression.search(response)
        if self.matcher == "path":
            return bool(result == self.expected)
        if not isinstance(result, list) or not result:
            return False
        if self.matcher == "pathAll":
            return all(item == self.expected for item in result)
        return any(item == self.expected for item in result)


@attrs.frozen
class WaiterDefinition:
    """A waiter of the vendored ``waiters-2.json``: what to poll and how to judge the answer."""

    name: str
    operation: str
    description: str
    #: Default shortest sleep between polls, in seconds.
    min_delay: float
    #: Default longest sleep between polls, in seconds.
    max_delay: float
    #: Default time limit of the whole wait, in seconds.
    max_wait: float
    acceptors: tuple[Acceptor, ...]
    #: botocore's fixed delay and attempt count, for botocore's own waiter.
    delay: float
    max_attempts: int


_MATCHERS: Final = ("path", "pathAll", "pathAny", "error", "status")
_STATES: Final = ("success", "failure", "retry")


def _acceptor(raw: Any, where: str) -> Acceptor:
    if not isinstance(raw, dict):
        raise ValueError(f"{where}: an acceptor must be an object")
    matcher, state = raw.get("matcher"), raw.get("state")
    if matcher not in _MATCHERS or state not in _STATES or "expected" not in raw:
        raise ValueError(f"{where}: bad acceptor {raw!r}")
    argument = raw.get("argument")
    expression = None
    if matcher.startswith("path"):
        if not isinstance(argument, str):
            raise ValueError(f"{where}: a {matcher} acceptor needs an argument")
        expression = jmespath.compile(argument)
    return Acceptor(state, matcher, raw["expected"], argument, expression)


def _number(raw: Mapping[str, Any], key: str, where: str) -> float:
    value = raw.get(key)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
        raise ValueError(f"{where}: {key} must be a positive number, got {value!r}")
    return float(value)


def parse_definitions(document: Mapping[str, Any]) -> dict[str, WaiterDefinition]:
    """Read a ``waiters-2`` document (with the Smithy delay keys) into definitions."""
    if document.get("version") != 2 or not isinstance(document.get("waiters"), dict):
        raise ValueError("not a waiters-2 document")
    found: dict[str, WaiterDefinition] = {}
    for name, raw in document["waiters"].items():
        where = f"waiter {name}"
        acceptors = tuple(
            _acceptor(a, f"{where} acceptor {i}") for i, a in enumerate(raw.get("acceptors", ()))
        )
        if not acceptors:
            raise ValueError(f"{where}: no acceptors")
        min_delay = _number(raw, "minDelay", where)
        max_delay = _number(raw, "maxDelay", where)
        if max_delay < min_delay:
            raise ValueError(f"{where}: maxDelay is below minDelay")
        found[name] = WaiterDefinition(
            name=name,
            operation=str(raw["operation"]),
            description=str(raw.get("description", "")),
            min_delay=min_delay,
            max_delay=max_delay,
            max_wait=_number(raw, "maxWait", where),
            acceptors=acceptors,
            delay=_number(raw, "delay", where),
            max_attempts=int(_number(raw, "maxAttempts", where)),
        )
    return found


@functools.cache
def definitions() -> Mapping[str, WaiterDefinition]:
    """The vendored waiter definitions by name, read once from the package data."""
    return parse_definitions(load_document())


def load_document() -> dict[str, Any]:
    """The vendored ``waiters-2.json`` as a dictionary."""
    text = resources.files("sagemaker_tuning").joinpath("data/waiters-2.json").read_text("utf-8")
    document: dict[str, Any] = json.loads(text)
    return document


def _check_timing(max_wait: float, min_delay: float, max_delay: float) -> None:
    found: list[Violation] = []
    for name, value in (("max_wait", max_wait), ("min_delay", min_delay)):
        if (
            isinstance(value, bool)
            or not isinstance(value, (int, float))
            or not math.isfinite(value)
            or value <= 0
        ):
            found.append(
                Violation(name, f"expected a finite number of seconds > 0, got {show(value)}")
            )
    if (
        isinstance(max_delay, bool)
        or not isinstance(max_delay, (int, float))
        or not math.isfinite(max_delay)
    ):
        found.append(
            Violation("max_delay", f"expected a finite number of seconds, got {show(max_delay)}")
        )
    elif not found and max_delay < min_delay:
        found.append(
            Violation(
                "max_delay",
                f"expected at least min_delay ({min_delay!r}), got {max_delay!r}",
                "range",
            )
        )
    if found:
        raise ValidationError(found, "waiter timing")


def _status(definition: WaiterDefinition, response: Mapping[str, Any] | None) -> str:
    """What the first path acceptor looks at, for messages ("HyperParameterTuningJobStatus 'InProgress'")."""
    if response is None:
        return "no answer"
    for acceptor in definition.acceptors:
        if acceptor.argument is not None:
            return f"{acceptor.argument} {acceptor._expression.search(response)!r}"
    return "an answer no acceptor matched"


#: What a poll may fail with and still be judged by the acceptors (or retried when transient).
POLL_ERRORS: Final = (ServiceError, MalformedResponse, _BotoConnectionError, _BotoHTTPClientError)


class Waiting(Generic[R]):
    """One wait, as a state machine without I/O: the sync and the async waiter drive it.

    A driver polls, hands the answer to :meth:`answered` (or the error to :meth:`failed`),
    and stops when that returns ``True`` (:attr:`result` holds the typed response); else it
    sleeps :meth:`next_delay` seconds, then the :meth:`top_ups`, and polls again. Failures,
    timeouts and errors no acceptor retries are raised by these methods. Arguments as
    :func:`run`'s.
    """

    def __init__(
        self,
        definition: WaiterDefinition,
        parse: Callable[[dict[str, Any]], R],
        *,
        subject: str,
        failure: type[WaiterError],
        clock: Callable[[], float],
        max_wait: float | None = None,
        min_delay: float | None = None,
        max_delay: float | None = None,
        on_poll: PollCallback[R] | None = None,
        uniform: Callable[[float, float], float] = random.uniform,
        schedule: Schedule | None = None,
        on_error: ErrorCallback | None = None,
    ) -> None:
        self.definition, self.parse, self.subject, self.failure = (
            definition,
            parse,
            subject,
            failure,
        )
        self.clock, self.on_poll, self.on_error = clock, on_poll, on_error
        self.uniform, self.schedule = uniform, schedule
        self.max_wait = definition.max_wait if max_wait is None else max_wait
        self.min_delay = definition.min_delay if min_delay is None else min_delay
        self.max_delay = definition.max_delay if max_delay is None else max_delay
        _check_timing(self.max_wait, self.min_delay, self.max_delay)
        # A difference of logarithms: the ratio overflows for min_delay=1e-300, max_delay=1e300.
        self.ceiling = math.log2(self.max_delay) - math.log2(self.min_delay) + 1
        self.start = clock()
        #: When the last poll happens, on ``clock``.
        self.deadline = self.start + self.max_wait
        #: Polls made so far.
        self.attempt = 0
        #: Whether the coming poll is the last one (the sleep before it reaches the deadline).
        self.final = False
        #: The typed response of the successful poll, once :meth:`answered` returned ``True``.
        self.result: R | None = None
        #: The latest typed answer (kept across failed polls).
        self.latest: R | None = None
        self._raw: dict[str, Any] | None = None
        self._error: BaseException | None = None
        self._last_error: BaseException | None = None  # the latest failed poll's

    @property
    def answer(self) -> R | None:
        """The typed answer of the latest poll; ``None`` when it failed (or before any)."""
        return self.latest if self._error is None else None

    def answered(self, answer: dict[str, Any]) -> bool:
        """Judge a poll's raw answer; ``True``: the wait succeeded (see :attr:`result`)."""
        typed = self.parse(answer)
        self.latest = typed
        if self.on_poll is not None:
            self.on_poll(typed)
        return self._judge(answer, None)

    def failed(self, error: BaseException) -> bool:
        """Judge a poll's error (one of :data:`POLL_ERRORS`); ``True``: the wait succeeded."""
        self._last_error = error
        return self._judge(None, error)

    def _judge(self, raw: dict[str, Any] | None, error: BaseException | None) -> bool:
        self.attempt += 1
        self._raw, self._error = raw, error
        definition = self.definition
        state: State | None = None
        for acceptor in definition.acceptors:
            if acceptor.matches(raw, error):
                state = acceptor.state
                break
        if state == "success":
            self.result = self.latest if error is None else None
            return True
        if error is not None:
            if state == "failure" or (state is None and not is_transient(error)):
                raise error
            if self.on_error is not None:
                self.on_error(error)
        if state == "failure":
            raise self.failure(
                f"{self.subject} ended with {_status(definition, raw)} "
                f"(waiter {definition.name}, {self.attempt} polls)" + _reason(self.latest),
                waiter=definition.name,
                last_response=self.latest,
                attempts=self.attempt,
                elapsed=self.clock() - self.start,
            )
        return False

    def next_delay(self) -> float:
        """Seconds to sleep before the next poll; raises ``WaiterTimeout`` when time is up."""
        now = self.clock()
        remaining = self.deadline - now
        if self.final or remaining <= 0:
            raise self._timeout(now)
        schedule = self.schedule
        proposed = (
            schedule.next_delay(
                self.answer,
                attempt=self.attempt,
                remaining=remaining,
            )
            if schedule is not None
            else None
        )
        if proposed is not None and math.isfinite(proposed) and proposed > 0:
            delay = proposed
            if delay >= remaining:  # the schedule's next poll would be past the deadline
                delay = remaining
                self.final = True
            return delay
        min_delay, max_delay = self.min_delay, self.max_delay
        delay = self.uniform(min_delay, _bound(self.attempt, min_delay, max_delay, self.ceiling))
        # The last stretch: sleep all of it and poll at the deadline. Only once it fits in
        # max_delay; before that the drawn delay (< remaining) is slept as usual, and the
        # next round, with remaining <= min_delay, lands here.
        if remaining - delay <= min_delay and remaining <= max_delay:
            delay = remaining
            self.final = True
        return delay

    def top_ups(self) -> Iterator[float]:
        """After the final sleep, what to sleep more while the clock still reads before the deadline.

        ``now + (deadline - now)`` can round to one unit below ``deadline`` (and a real sleep
        can wake a hair early), which would make the last poll miss a job finishing exactly
        at ``max_wait``. Twice is enough: the second difference is exact (Sterbenz).
        """
        if not self.final:
            return
        for _ in range(2):
            short = self.deadline - self.clock()
            if short <= 0:
                return
            yield short

    def _timeout(self, now: float) -> WaiterTimeout:
        definition, error, last_error = self.definition, self._error, self._last_error
        return WaiterTimeout(
            f"{self.subject} is still not done after {now - self.start:.0f} s and "
            f"{self.attempt} polls (max_wait {self.max_wait:g} s, waiter {definition.name}); "
            "last: "
            + (
                f"{_status(definition, self._raw)}"
                if error is None
                else f"{type(error).__name__}: {error}"
            )
            + (
                f"; last error: {type(last_error).__name__}: {last_error}"
                if last_error is not None and error is None
                else ""
            ),
            waiter=definition.name,
            last_response=self.latest,
            attempts=self.attempt,
            elapsed=now - self.start,
            last_error=last_error,
        )


def run(
    definition: WaiterDefinition,
    poll: Callable[[], dict[str, Any]],
    parse: Callable[[dict[str, Any]], R],
    *,
    subject: str,
    failure: type[WaiterError],
    clock: Callable[[], float],
    sleep: Callable[[float], object],
    max_wait: float | None = None,
    min_delay: float | None = None,
    max_delay: float | None = None,
    on_poll: PollCallback[R] | None = None,
    uniform: Callable[[float, float], float] = random.uniform,
    schedule: Schedule | None = None,
    on_error: ErrorCallback | None = None,
) -> R | None:
    """Poll until an acceptor decides; the typed response of the successful poll.

    ``poll`` sends the Describe call (raising :class:`ServiceError` or a botocore
    error), ``parse`` turns its raw answer into the typed response, ``subject``
    names the job in messages, ``failure`` is raised when a path acceptor says
    ``failure``. ``None`` timing arguments take the definition's defaults.
    ``uniform(a, b)`` draws the jittered delay (tests pass a fixed one). ``schedule``
    chooses delays instead of the Smithy algorithm where it returns one. ``on_error(error)``
    is called after every poll that failed with a transient error (a connection refused,
    throttling, a 5xx answer) before the waiter polls again, so that a caller can say so as it
    happens instead of waiting in silence. The async client drives the same :class:`Waiting`.

    Returns ``None`` only if an error acceptor says ``success`` (no vendored
    waiter has one). Raises ``failure`` or the matched service error on a
    failure state, the error itself for a non-transient error no acceptor
    matches, and :class:`~sagemaker_tuning.errors.WaiterTimeout` when
    ``max_wait`` runs out.
    """
    waiting = Waiting(
        definition,
        parse,
        subject=subject,
        failure=failure,
        clock=clock,
        max_wait=max_wait,
        min_delay=min_delay,
        max_delay=max_delay,
        on_poll=on_poll,
        uniform=uniform,
        schedule=schedule,
        on_error=on_error,
    )
    while True:
        try:
            answer = poll()
        except POLL_ERRORS as error:
            done = waiting.failed(error)
        else:
            done = waiting.answered(answer)
        if done:
            return waiting.result
        sleep(waiting.next_delay())
        for short in waiting.top_ups():
            sleep(short)


def _bound(attempt: int, min_delay: float, max_delay: float, ceiling: float) -> float:
    """The longest delay before ``attempt + 1``: ``min_delay * 2 ** (attempt - 1)``, capped.

    ``ldexp`` instead of ``2 ** n``: the int ``2 ** 1024`` cannot become a float, so with
    ``min_delay=1e-300, max_delay=1e300`` (a ceiling near 2 000) the 1 025th poll overflowed.
    """
    if attempt > ceiling:
        return max_delay
    try:
        return min(math.ldexp(min_delay, attempt - 1), max_delay)
    except OverflowError:
        return max_delay


def _reason(typed: Any) -> str:
    reason = getattr(typed, "failure_reason", None)
    return f": {reason}" if isinstance(reason, str) and reason else ""
