"""A tuning job's progress at a glance, summarised from one DescribeHyperParameterTuningJob response.

:class:`TuningJobProgress` is what a log line, a progress bar or a dashboard needs: status, elapsed
time, training-job counters against the job's limits, objective counters, consumed runtime and the
best training job so far. It makes no calls of its own.
"""

from __future__ import annotations

import bisect
import heapq
import math
import random
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import datetime, timedelta, timezone
from statistics import NormalDist
from typing import TYPE_CHECKING, Any, NamedTuple, Protocol, cast

import attrs

from sagemaker_tuning import _clock
from sagemaker_tuning._frozen import FrozenMap
from sagemaker_tuning.core.errors import MalformedResponse, ServiceError
from sagemaker_tuning.core.validation import said

if TYPE_CHECKING:
    from sagemaker_tuning.core.shapes import (
        DescribeHyperParameterTuningJobResponse,
        HyperParameterTrainingJobSummary,
        ListTrainingJobsForHyperParameterTuningJobResponse,
    )

__all__ = [
    "TERMINAL_STATUSES",
    "Forecast",
    "ProgressSchedule",
    "ScheduleClient",
    "TuningJobProgress",
]

#: Tuning-job statuses after which nothing changes any more (``Deleting`` is not one: it moves on).
TERMINAL_STATUSES: frozenset[str] = frozenset({"Completed", "Failed", "Stopped", "DeleteFailed"})


def _service_now(response: object) -> datetime:
    """Now on the service that sent ``response`` if a client stamped it, else this machine's."""
    reading = _clock.reading_of(response)
    return reading.now() if reading is not None else datetime.now(timezone.utc)


def _count(value: int | None) -> int:
    # Counters are optional in the model and a lenient parse may leave them out: absent means 0.
    return value or 0


def _seconds(value: float | None) -> timedelta | None:
    """A number of seconds as a timedelta; ``None`` for one no timedelta holds (``1e30``, NaN)."""
    if value is None:
        return None
    try:
        return timedelta(seconds=value)
    except (OverflowError, ValueError, TypeError):
        return None


def _duration(seconds: float) -> str:
    total = max(0, int(seconds))
    hours, rest = divmod(total, 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}"


def format_number(value: Any) -> str:
    """A metric value in six significant digits, whatever the service sent: an int past a
    double (``10**400``) in exponent form, anything that is no number as its ``str``."""
    try:
        return f"{value:.6g}"
    except OverflowError:
        from decimal import Decimal

        return f"{Decimal(value):.6g}"
    except (TypeError, ValueError):
        return str(value)


@attrs.frozen(kw_only=True)
class TuningJobProgress:
    """The state of a tuning job, read from one ``DescribeHyperParameterTuningJob`` response.

    Build it with :meth:`from_response`. Counters the response leaves out count as ``0``; limits
    and best-job fields it leaves out are ``None``. ``str()`` gives one line for logs::

        tune-xgb: InProgress, 12/20 training jobs finished (11 completed, 1 failed, 0 stopped),
        3 running (max 3 parallel), elapsed 0:14:05, best validation:auc=0.9412 by
        tune-xgb-012-1a2b3c4d {eta=0.21, max_depth=6}

    (shown wrapped here; it is a single line).
    """

    name: str
    """The tuning job's name."""
    status: str
    """``HyperParameterTuningJobStatus``: a :class:`~sagemaker_tuning.enums.HyperParameterTuningJobStatus`
    member, or the plain string of a status this SDK does not know yet."""
    created: datetime | None
    """When the tuning job was created (UTC)."""
    ended: datetime | None
    """When the tuning job ended (UTC), ``None`` while it runs."""
    elapsed: timedelta | None
    """Creation to end, or to ``now`` (see :meth:`from_response`) while the job runs."""
    completed: int
    """Training jobs that completed."""
    in_progress: int
    """Training jobs running now."""
    failed: int
    """Training jobs that failed (retryable and non-retryable errors together)."""
    stopped: int
    """Training jobs that were stopped."""
    max_training_jobs: int | None
    """``ResourceLimits.MaxNumberOfTrainingJobs``, if the job set one."""
    max_parallel_training_jobs: int | None
    """``ResourceLimits.MaxParallelTrainingJobs``."""
    objective_succeeded: int
    """Training jobs whose final objective metric was evaluated and used."""
    objective_pending: int
    """Training jobs whose objective metric is still pending."""
    objective_failed: int
    """Training jobs whose objective metric was not evaluated (failed or never emitted)."""
    consumed_runtime: timedelta | None
    """``ConsumedResources.RuntimeInSeconds``: wall-clock runtime the service accounts for
    (``None`` when missing, or too large for a ``timedelta``)."""
    objective_metric: str | None
    """The objective metric's name (from the job's objective, else from its best training job)."""
    objective_type: str | None
    """``Maximize`` or ``Minimize``."""
    best_training_job: str | None
    """The name of the best training job so far, ``None`` until one reported the objective."""
    best_objective_value: float | None
    """The best training job's final objective metric value."""
    best_hyper_parameters: Mapping[str, str] = attrs.field(factory=FrozenMap)
    """The best training job's tuned hyperparameters, as the API gives them (strings)."""
    failure_reason: str | None = None
    """Why the tuning job failed, if it did."""

    @classmethod
    def from_response(
        cls, response: DescribeHyperParameterTuningJobResponse, *, now: datetime | None = None
    ) -> TuningJobProgress:
        """Summarise a ``DescribeHyperParameterTuningJob`` response.

        ``now`` (an aware datetime) ends the elapsed time of a job that is still running. By
        default it is the current time **on the service that sent the response**, when a
        :class:`~sagemaker_tuning.TuningClient` of this process received it (the local
        service's virtual clock, AWS's ``Date`` header; see
        :meth:`~sagemaker_tuning.TuningClient.service_now`), else this machine's UTC time;
        pass the time of the describe call when replaying old responses. A finished job's
        elapsed time ends at ``HyperParameterTuningEndTime`` (or, when the response lacks
        it, at ``LastModifiedTime``).
        """
        created = response.creation_time
        ended = response.hyper_parameter_tuning_end_time
        status = response.hyper_parameter_tuning_job_status
        elapsed: timedelta | None = None
        if isinstance(created, datetime):
            end = ended
            if end is None and str(status) in TERMINAL_STATUSES:
                end = response.last_modified_time
            if end is None:
                end = now if now is not None else _service_now(response)
            elapsed = max(end - created, timedelta(0))

        config = response.hyper_parameter_tuning_job_config
        limits = config.resource_limits if config is not None else None
        objective = config.hyper_parameter_tuning_job_objective if config is not None else None
        counters = response.training_job_status_counters
        objectives = response.objective_status_counters
        runtime = (
            response.consumed_resources.runtime_in_seconds
            if response.consumed_resources is not None
            else None
        )

        best = response.best_training_job
        metric = best.final_hyper_parameter_tuning_job_objective_metric if best else None
        metric_name = objective.metric_name if objective is not None else None
        objective_type = objective.type if objective is not None else None
        if metric is not None:
            metric_name = metric_name or metric.metric_name
            objective_type = objective_type or metric.type

        return cls(
            name=response.hyper_parameter_tuning_job_name,
            status=status,
            created=created,
            ended=ended,
            elapsed=elapsed,
            completed=_count(counters.completed if counters else None),
            in_progress=_count(counters.in_progress if counters else None),
            failed=_count(counters.retryable_error if counters else None)
            + _count(counters.non_retryable_error if counters else None),
            stopped=_count(counters.stopped if counters else None),
            max_training_jobs=limits.max_number_of_training_jobs if limits else None,
            max_parallel_training_jobs=limits.max_parallel_training_jobs if limits else None,
            objective_succeeded=_count(objectives.succeeded if objectives else None),
            objective_pending=_count(objectives.pending if objectives else None),
            objective_failed=_count(objectives.failed if objectives else None),
            consumed_runtime=_seconds(runtime),
            objective_metric=metric_name,
            objective_type=None if objective_type is None else str(objective_type),
            best_training_job=best.training_job_name if best else None,
            best_objective_value=said(metric, "value"),  # a stand-in 0.0 is no result
            best_hyper_parameters=FrozenMap(best.tuned_hyper_parameters or {})
            if best
            else FrozenMap(),
            failure_reason=response.failure_reason,
        )

    @property
    def finished(self) -> int:
        """Training jobs that ended: completed, failed or stopped."""
        return self.completed + self.failed + self.stopped

    @property
    def launched(self) -> int:
        """Training jobs launched so far: finished plus running."""
        return self.finished + self.in_progress

    @property
    def fraction_finished(self) -> float | None:
        """Finished training jobs as a fraction of ``max_training_jobs`` (``None`` without one)."""
        if not self.max_training_jobs:
            return None
        try:
            return max(0.0, min(1.0, self.finished / self.max_training_jobs))
        except OverflowError:  # counters past a double (a hostile answer): still a fraction
            return 1.0 if self.finished >= self.max_training_jobs else 0.0

    @property
    def is_terminal(self) -> bool:
        """Whether the tuning job reached a status it will not leave."""
        return str(self.status) in TERMINAL_STATUSES

    def best_summary(self) -> str | None:
        """``metric=value by job {hp=v, ...}``, or ``None`` before any job reported the objective."""
        if self.best_training_job is None:
            return None
        value = (
            "?" if self.best_objective_value is None else format_number(self.best_objective_value)
        )
        text = f"{self.objective_metric or 'objective'}={value} by {self.best_training_job}"
        if self.best_hyper_parameters:
            params = ", ".join(f"{k}={v}" for k, v in sorted(self.best_hyper_parameters.items()))
            text += f" {{{params}}}"
        return text

    def __str__(self) -> str:
        total = "?" if self.max_training_jobs is None else str(self.max_training_jobs)
        parts = [
            f"{self.name}: {self.status}",
            f"{self.finished}/{total} training jobs finished ({self.completed} completed, "
            f"{self.failed} failed, {self.stopped} stopped)",
        ]
        running = f"{self.in_progress} running"
        if self.max_parallel_training_jobs is not None:
            running += f" (max {self.max_parallel_training_jobs} parallel)"
        parts.append(running)
        if self.elapsed is not None:
            parts.append(f"elapsed {_duration(self.elapsed.total_seconds())}")
        best = self.best_summary()
        parts.append(f"best {best}" if best else "no objective reported yet")
        if self.failure_reason:
            parts.append(f"failure: {' '.join(self.failure_reason.split())}")
        return ", ".join(parts)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dictionary: timestamps as ISO 8601 strings, durations in seconds."""
        return {
            "name": self.name,
            "status": str(self.status),
            "created": self.created.isoformat() if self.created else None,
            "ended": self.ended.isoformat() if self.ended else None,
            "elapsed_seconds": self.elapsed.total_seconds() if self.elapsed is not None else None,
            "completed": self.completed,
            "in_progress": self.in_progress,
            "failed": self.failed,
            "stopped": self.stopped,
            "max_training_jobs": self.max_training_jobs,
            "max_parallel_training_jobs": self.max_parallel_training_jobs,
            "objective_succeeded": self.objective_succeeded,
            "objective_pending": self.objective_pending,
            "objective_failed": self.objective_failed,
            "consumed_runtime_seconds": (
                self.consumed_runtime.total_seconds() if self.consumed_runtime is not None else None
            ),
            "objective_metric": self.objective_metric,
            "objective_type": self.objective_type,
            "best_training_job": self.best_training_job,
            "best_objective_value": self.best_objective_value,
            "best_hyper_parameters": dict(self.best_hyper_parameters),
            "failure_reason": self.failure_reason,
        }


# -- when will it end? ---------------------------------------------------------------------------

#: Prior spread (standard deviation of log durations) of training-job durations, and its weight
#: in pseudo-observations: with one finished job, the others are assumed to vary by about a
#: third; the observed spread takes over as jobs finish.
_PRIOR_SIGMA = 0.3
_PRIOR_WEIGHT = 1.0
#: Launches simulated one by one per parallel slot; earlier ones are taken at their mean.
_TAIL_WAVES = 4


@attrs.frozen(kw_only=True)
class Forecast:
    """When a running tuning job is expected to end, as a distribution of simulated end times.

    Built by :meth:`from_data` from what the service says: training jobs left to launch,
    parallelism, the durations of finished training jobs and the ages of running ones, the
    job's runtime limit and its target objective. Times are the service's (epoch seconds).
    """

    #: The service time the forecast was made at.
    now: float
    #: Simulated end times, sorted (epoch seconds); their spread is the uncertainty.
    ends: tuple[float, ...]
    #: What it was computed from, for people ("7 finished, 3 running, 10 to launch").
    basis: str

    @property
    def median(self) -> float:
        """The median end time."""
        return self.ends[len(self.ends) // 2]

    def quantile(self, q: float) -> float:
        """The ``q`` quantile (0 to 1) of the end time."""
        return self.ends[min(len(self.ends) - 1, max(0, int(q * len(self.ends))))]

    @classmethod
    def from_data(
        cls,
        *,
        now: float,
        durations: Sequence[float],
        running_ages: Sequence[float],
        to_launch: int,
        parallel: int,
        gap: float = 0.0,
        deadline: float | None = None,
        hit: float = 0.0,
        runs: int = 48,
        seed: str = "",
        basis: str = "",
    ) -> Forecast | None:
        """A forecast from the facts, or ``None`` when no training job has finished yet.

        ``durations`` are finished training jobs' creation-to-end seconds; ``running_ages``
        how long each running one has existed; ``to_launch`` how many are still to be
        launched, at most ``parallel`` at once, each ``gap`` seconds after a slot frees;
        none launches at or after ``deadline``; each training job that ends meets the target
        objective with probability ``hit``, after which none launches. Durations are modelled as log-normal, fitted
        to ``durations`` with a prior spread; a running job's remaining time is drawn given
        that it has already lasted its age. ``runs`` simulations, seeded by ``seed``.
        """
        if not durations or parallel < 1:
            return None
        model = _Durations(durations)
        rng = random.Random(f"{seed}\x1f{len(durations)}\x1f{len(running_ages)}\x1f{to_launch}")
        ends: list[float] = []
        for _ in range(runs):
            slots = [now + max(model.given(age, rng) - age, 0.0) for age in running_ages]
            finish = max(slots, default=now)
            free = [now] * max(0, parallel - len(slots)) + sorted(slots)
            heapq.heapify(free)
            left = to_launch
            # Launches before the last few waves are taken at their mean (their sum varies
            # little); the last waves, which decide the end, are simulated one by one.
            bulk = max(0, left - _TAIL_WAVES * parallel)
            if bulk:
                cycle = model.mean + gap
                share = bulk / len(free)
                if hit:
                    # Which job meets the target: the k-th to end, k geometric. Within the
                    # bulk, the k-th end comes after about k / parallel cycles; the jobs
                    # then running finish.
                    k = 1 if hit >= 1 else math.ceil(math.log(1 - rng.random()) / math.log(1 - hit))
                    if k <= bulk:
                        at = min(free) + (k - 1) / len(free) * cycle
                        ends.append(max(min(free), at) + rng.random() * model.draw(rng))
                        continue
                moved = []
                for t in free:
                    count = share
                    if deadline is not None:  # launches stop at the runtime limit
                        count = min(count, max(0.0, math.ceil((deadline - t) / cycle)))
                    spread = math.sqrt(count) * model.sd
                    moved.append(t + count * cycle + rng.gauss(0.0, spread) if count else t)
                free = moved
                finish = max(finish, *free)
                heapq.heapify(free)
                left -= bulk
            while left > 0 and free:
                freed = heapq.heappop(free)
                if hit and freed > now and rng.random() < hit:
                    break  # this job met the target: no more launches; the others finish
                start = freed + gap
                if deadline is not None and start >= deadline:
                    continue  # no launch at or after the runtime limit: the slot stays idle
                end = start + model.draw(rng)
                finish = max(finish, end)
                heapq.heappush(free, end)
                left -= 1
            ends.append(finish)
        ends.sort()
        return cls(now=now, ends=tuple(ends), basis=basis)


class _Durations:
    """Training-job durations: the finished ones, smoothed, mixed with a log-normal fit.

    With few observations the log-normal (its spread shrunk towards a prior) dominates; with
    many, the observations themselves (jittered in log space), whose shape -- bounded,
    skewed, several modes -- the fit would blur. ``given(age)`` draws the whole duration of
    a job known to have lasted ``age`` already.
    """

    def __init__(self, durations: Sequence[float]) -> None:
        self.values = sorted(max(d, 1.0) for d in durations)
        logs = [math.log(d) for d in self.values]
        n = len(logs)
        mu = sum(logs) / n
        observed = sum((x - mu) ** 2 for x in logs)
        sigma = math.sqrt((_PRIOR_WEIGHT * _PRIOR_SIGMA**2 + observed) / (_PRIOR_WEIGHT + n - 1))
        self.fit = NormalDist(mu, sigma)
        self.empirical = n / (n + _PRIOR_WEIGHT * 2)  # the observations' share of draws
        raw_sd = math.sqrt(observed / n)
        self.jitter = max(0.01, 0.9 * raw_sd * n**-0.2)
        self.mean = sum(self.values) / n
        self.sd = max(
            math.sqrt(sum((d - self.mean) ** 2 for d in self.values) / n), self.mean * 0.05
        )

    def draw(self, rng: random.Random) -> float:
        if rng.random() < self.empirical:
            return rng.choice(self.values) * math.exp(rng.gauss(0.0, self.jitter))
        return math.exp(self.fit.inv_cdf(min(max(rng.random(), 1e-12), 1 - 1e-12)))

    def given(self, age: float, rng: random.Random) -> float:
        index = bisect.bisect_right(self.values, age)
        longer = len(self.values) - index
        floor = self.fit.cdf(math.log(max(age, 1.0)))
        # Which part of the mixture explains a job this old: weigh each by its survival.
        w_emp = self.empirical * longer / len(self.values)
        w_fit = (1 - self.empirical) * (1 - floor)
        if longer and rng.random() * (w_emp + w_fit) < w_emp:
            drawn = rng.choice(self.values[index:]) * math.exp(rng.gauss(0.0, self.jitter))
            if drawn > age:
                return drawn
        if not longer:
            # Older than every finished job: how much longer is anyone's guess, on the scale
            # of the spread seen and of its own age (a thin log-normal tail says "any
            # moment now" poll after poll).
            scale = max(self.sd, self.fit.stdev * age / 2)
            return age + rng.expovariate(1.0 / scale)
        u = floor + (1.0 - floor) * rng.random()
        return math.exp(self.fit.inv_cdf(min(max(u, 1e-12), 1.0 - 1e-12)))


def _target_reached(response: DescribeHyperParameterTuningJobResponse) -> bool:
    """Whether the best training job met ``TargetObjectiveMetricValue``: no more launches."""
    config = response.hyper_parameter_tuning_job_config
    criteria = config.tuning_job_completion_criteria if config is not None else None
    target = criteria.target_objective_metric_value if criteria is not None else None
    best = response.best_training_job
    metric = best.final_hyper_parameter_tuning_job_objective_metric if best else None
    value = said(metric, "value")
    if target is None or value is None or metric is None:
        return False
    objective = config.hyper_parameter_tuning_job_objective if config is not None else None
    minimize = str(objective.type if objective is not None else metric.type) == "Minimize"
    return bool(value <= target if minimize else value >= target)


def _has_target(response: DescribeHyperParameterTuningJobResponse) -> bool:
    config = response.hyper_parameter_tuning_job_config
    criteria = config.tuning_job_completion_criteria if config is not None else None
    return criteria is not None and criteria.target_objective_metric_value is not None


def _grid_size(response: DescribeHyperParameterTuningJobResponse) -> int | None:
    """The number of combinations a Grid search can launch (its categorical ranges)."""
    config = response.hyper_parameter_tuning_job_config
    if config is None or str(config.strategy) != "Grid" or config.parameter_ranges is None:
        return None
    size = 1
    for r in config.parameter_ranges.categorical_parameter_ranges or ():
        size *= max(1, len(r.values))
    return size


class ScheduleClient(Protocol):
    """What :class:`ProgressSchedule` needs of a client: its clock and the service's.

    :class:`~sagemaker_tuning.TuningClient` and the async client both have them. Only a
    sync client, whose ``paginate_training_jobs_for_hyper_parameter_tuning_job`` pages are
    iterable, lets the schedule list training jobs itself; with any other, the engine
    drives the listing (:meth:`ProgressSchedule.listing_due`,
    :meth:`ProgressSchedule.take_listing`).
    """

    @property
    def clock(self) -> Callable[[], float]:
        """The client's clock (seconds), the one its sleeps are counted on."""
        ...

    @property
    def service_clock(self) -> _clock.ServiceClock:
        """The latest clock reading the client received from the service."""
        ...


class _Pages(Protocol):
    def pages(self) -> Iterable[ListTrainingJobsForHyperParameterTuningJobResponse]: ...


class _ListingClient(ScheduleClient, Protocol):
    """A sync client: the schedule lists training jobs through it when nobody drives it."""

    def paginate_training_jobs_for_hyper_parameter_tuning_job(
        self, request: str, *, page_size: int | None = ...
    ) -> _Pages: ...


if TYPE_CHECKING:
    from sagemaker_tuning.client import TuningClient

    def _a_tuning_client_lists(client: TuningClient) -> _ListingClient:
        return client  # the type checkers hold TuningClient to the protocol here


class _Facts(NamedTuple):
    """What one Describe answer says, as far as the schedule needs it."""

    now: float
    total: int
    parallel: int
    finished: int
    running: int
    to_launch: int
    hit: float
    deadline: float | None
    created: float


class ProgressSchedule:
    """The default poll schedule of :meth:`~sagemaker_tuning.TuningClient.wait_for_hyper_parameter_tuning_job`.

    After each answer it forecasts the job's end (:class:`Forecast`) and spends the calls it
    has left where the end is likely: sparse while it is far, dense near it (polls spaced as
    one over the square root of the end time's density, which minimises the expected
    lateness for a number of polls). The facts come from the Describe answer (training jobs left,
    parallelism, runtime limit, target objective) and, a few times per job, from the
    training-job list (finished jobs' durations, running jobs' ages; every page counts as a
    call): when the first jobs have finished, each time the number finished has doubled,
    and once everything is launched. Over the whole wait it stays within ``allowance``
    calls of what the Smithy schedule would have made by then, so a long job costs fewer
    calls than today's schedule.

    A short job (expected under ``short_wait``, an hour, from creation to end) is never
    listed: the Describe counters date each end to within half a poll, which is all its
    forecast needs, and every call saved is a poll near its end. It spends the Smithy
    schedule's count up to the forecast's 90 % quantile plus ``short_allowance[0]`` calls,
    and stays within ``short_allowance[1]`` calls of the Smithy count at any time: about as
    many calls as the Smithy schedule at half its lateness.

    When nothing can be predicted -- before any training job finished, or when the job sets
    no ``MaxNumberOfTrainingJobs`` -- it sleeps as the Smithy schedule does (90 to 100 s)
    on the service's clock; when answers carry no service clock at all (a stubbed client)
    it returns ``None``: the waiter's own Smithy schedule. ``Stopping`` is polled every
    10 s. Delays are chosen in the service's time and converted to the client's clock:
    1:1 when the client's clock reads the service's (the local service's own clients),
    else at the service's advertised speed (1 for AWS).

    Listing protocol: by default :meth:`next_delay` lists training jobs itself, through the
    sync client's paginator. An engine that cannot let it (an async waiter) asks
    :meth:`listing_due` with each answer before :meth:`next_delay`, and when it says so
    lists the tuning job's training jobs itself (pages of :attr:`list_page_size`) and hands
    them over with :meth:`take_listing`; :meth:`next_delay` then uses them and makes no call.
    The schedule itself never does I/O then, and its delays are the same.
    """

    #: ``MaxResults`` of each list page (the model's largest).
    list_page_size = 100

    def __init__(
        self,
        client: ScheduleClient,
        name: str,
        *,
        min_delay: float | None = None,
        max_delay: float | None = None,
        floor: float = 5.0,
        ceiling: float = 200.0,
        background: float = 0.2,
        allowance: float = 15.0,
        smithy_delays: tuple[float, float] = (90.0, 100.0),
        patience: float = 0.1,
        short_wait: float = 3600.0,
        short_allowance: tuple[float, float] = (4.0, 5.0),
    ) -> None:
        """``min_delay`` / ``max_delay`` bound every delay (the client's seconds), as the
        waiter's arguments of those names do; ``floor`` and ``ceiling`` (the service's
        seconds) bound the delays the forecast chooses. ``background`` is the share of end
        time spread evenly, for ends nothing foretells; ``allowance`` the calls it may be
        ahead of a Smithy schedule of ``smithy_delays`` (the tuning waiter's defaults),
        which is also what it falls back to, on the service's clock. ``short_wait`` (the
        service's seconds) is the expected length below which a job counts as short, and
        ``short_allowance`` its (spending, ceiling) allowance in calls, in place of
        ``allowance``. ``patience`` stretches the Smithy delay before any training job
        finished to that share of the time waited. The defaults were chosen on
        ``benchmarks/waiter_schedule.py``'s corpus.

        ``client`` is a :class:`~sagemaker_tuning.TuningClient` or the async client; with
        the async one, drive the listing (:meth:`listing_due`, :meth:`take_listing`)."""
        self.client, self.name = client, name
        self.min_delay, self.max_delay = min_delay, max_delay
        self.floor, self.ceiling = floor, ceiling
        self.smithy_delays, self.patience = smithy_delays, patience
        self.smithy_mean = (smithy_delays[0] + smithy_delays[1]) / 2
        self.background, self.allowance = background, allowance
        self.short_wait, self.short_allowance = short_wait, short_allowance
        #: The latest forecast (``None`` until one could be made).
        self.forecast: Forecast | None = None
        #: Calls made so far: every Describe answered or not, and every list page.
        self.calls = 0
        self._start: float | None = None
        self._first: float | None = None  # service time of the first answer
        self._durations: list[float] = []
        self._creations: list[float] = []  # running training jobs' creation times, at listing
        self._listed_at: float | None = None
        self._listed_finished = -1
        self._listed_all = False
        self._gap = 0.0
        # A listing the engine made (take_listing): the summaries, or None when it failed.
        self._taken: tuple[Sequence[HyperParameterTrainingJobSummary] | None] | None = None
        self._prev: tuple[int, float] | None = None  # the last answer's finished count, time
        self._short_now = False  # whether the job looked short at the last answer

    # -- facts ------------------------------------------------------------------------------------

    def _list(self) -> Sequence[HyperParameterTrainingJobSummary] | None:
        """Every training job of the tuning job through the sync client, or ``None`` when a
        call failed (the pages that were answered are counted all the same)."""
        from botocore.exceptions import BotoCoreError  # loaded already by the client calling

        # Only a sync client lists; an async one's pages are no Iterable (checked below).
        client = cast("_ListingClient", self.client)
        try:
            pages = client.paginate_training_jobs_for_hyper_parameter_tuning_job(
                self.name, page_size=self.list_page_size
            ).pages()
            if not isinstance(pages, Iterable):
                raise TypeError(
                    f"ProgressSchedule: {type(self.client).__name__}'s training-job pages "
                    "are not iterable (an async client?): drive the listing with "
                    "listing_due() and take_listing()"
                )
            jobs: list[HyperParameterTrainingJobSummary] = []
            for page in pages:
                self.calls += 1
                jobs.extend(page.training_job_summaries)
        except (ServiceError, MalformedResponse, ValueError, BotoCoreError):
            # Throttled, unreachable, garbled: the Describe answers still drive the schedule
            # (the waiter reports its own polls' failures); try again later.
            return None
        return jobs

    def _absorb(
        self, jobs: Sequence[HyperParameterTrainingJobSummary], launched_all: bool, finished: int
    ) -> None:
        """Learn durations, running jobs' creation times and the launch gap from a listing."""
        durations, creations, ends = [], [], []
        for job in jobs:
            created = job.creation_time.timestamp() if job.creation_time else None
            end = job.training_end_time
            if created is None:
                continue
            if end is not None or str(job.training_job_status) in (
                "Completed",
                "Failed",
                "Stopped",
            ):
                if end is not None:
                    durations.append(max(0.0, end.timestamp() - created))
                    ends.append(end.timestamp())
            else:
                creations.append(created)
        self._durations, self._creations = durations, creations
        self._gap = _launch_gap(
            sorted(j.creation_time.timestamp() for j in jobs if j.creation_time), ends
        )
        self._listed_finished, self._listed_all = finished, launched_all
        reading = self.client.service_clock.reading()
        self._listed_at = reading.service_time if reading is not None else None

    def _short(self, facts: _Facts) -> bool:
        """Whether the job looks short (under ``short_wait`` from creation to its expected
        end): by the latest forecast, else -- a training job has just finished -- by as many
        waves of training jobs as it has lasted so far. Only while answers come at most
        ``ceiling`` apart: the counters then date each end closely enough (after a longer
        gap -- a process suspended, a schedule asked by hand -- the job is listed)."""
        if self._prev is None or facts.now - self._prev[1] > self.ceiling:
            return False
        if self.forecast is not None:
            return self.forecast.median - facts.created < self.short_wait
        waves = math.ceil(facts.total / facts.parallel)
        return waves * (facts.now - facts.created) < self.short_wait

    def _needs_list(self, finished: int, launched_all: bool, short: bool) -> bool:
        """List when the first training jobs finished, each time the number finished has
        doubled (durations), and once everything is launched (the last jobs' ages); never
        for a short job, whose few calls are worth more as polls near its end (the
        Describe counters stand in: :meth:`_count_ends`)."""
        if finished < 1 or short:
            return False
        if self._listed_finished < 1:
            return True
        if launched_all and not self._listed_all:
            return True
        return finished >= self._listed_finished + 2 and finished >= 2 * self._listed_finished

    def _count_ends(self, facts: _Facts) -> None:
        """Between listings of a short job, learn from the Describe counters alone.

        Training jobs that finished since the last answer are taken to be the oldest
        running ones, ended midway between the two answers: their durations join the
        finished ones'; as many launches replace them, midway too. Before any listing the
        first wave is taken to have been launched when the tuning job was created.
        """
        if self._prev is None:
            return
        before, then = self._prev
        if before == 0 and facts.finished > 0 and self._listed_at is None:
            self._creations = [facts.created] * min(facts.parallel, facts.total)
            self._listed_at = facts.created
        if facts.finished <= before or not self._creations or self._listed_at is None:
            return
        if self._listed_at >= facts.now:
            return  # listed with this very answer: the listing knows better
        ended = min(facts.finished - before, len(self._creations))
        self._creations.sort()
        midway = (then + facts.now) / 2
        self._durations = [
            *self._durations,
            *(max(0.0, midway - c) for c in self._creations[:ended]),
        ]
        del self._creations[:ended]
        if facts.running > len(self._creations):
            self._creations += [midway] * (facts.running - len(self._creations))

    # -- the schedule ------------------------------------------------------------------------------

    def listing_due(self, response: Any) -> bool:
        """Whether :meth:`next_delay` with this answer would list training jobs (no I/O).

        An engine that lists for the schedule asks this with each answer, before
        :meth:`next_delay`; when it is ``True`` it lists and calls :meth:`take_listing`.
        """
        if self._start is None:
            self._start = self.client.clock()  # as next_delay would before it listed
        facts = self._facts(response)
        return facts is not None and self._needs_list(
            facts.finished, facts.to_launch == 0, self._short(facts)
        )

    def take_listing(
        self, summaries: Sequence[HyperParameterTrainingJobSummary] | None, *, pages: int
    ) -> None:
        """Hand over a listing the engine made: every training-job summary of the tuning job,
        or ``None`` when a call failed (listed again later, as the schedule would itself).

        ``pages`` is the number of list calls it took, answered or not (they count towards
        the schedule's call budget). The next :meth:`next_delay` uses the listing instead of
        listing itself.
        """
        self.calls += pages
        self._taken = (None if summaries is None else tuple(summaries),)

    def _facts(self, response: Any) -> _Facts | None:
        """The facts of an answer, or ``None`` when it forecasts nothing: no answer, no
        service clock, ``Stopping``, no training-job limit or parallelism."""
        if response is None:
            return None
        reading = _clock.reading_of(response)
        if reading is None:
            return None
        now = reading.service_time
        if str(response.hyper_parameter_tuning_job_status) == "Stopping":
            return None
        config = response.hyper_parameter_tuning_job_config
        limits = config.resource_limits if config is not None else None
        total = limits.max_number_of_training_jobs if limits is not None else None
        parallel = limits.max_parallel_training_jobs if limits is not None else None
        if total is None or not parallel:
            return None
        grid = _grid_size(response)
        if grid is not None:
            total = min(total, grid)
        counters = response.training_job_status_counters
        finished = sum(
            _count(getattr(counters, k, None) if counters else None)
            for k in ("completed", "retryable_error", "non_retryable_error", "stopped")
        )
        running = _count(counters.in_progress if counters else None)
        reached = _target_reached(response)
        to_launch = 0 if reached else max(0, total - finished - running)
        # A target objective not met yet may be met by any job that ends: by the rule of
        # succession, with chance 1 / (finished + 2) each.
        hit = 0.0 if reached or not _has_target(response) else 1.0 / (finished + 2)
        created = response.creation_time.timestamp() if response.creation_time else now
        deadline = (
            created + limits.max_runtime_in_seconds
            if limits is not None and limits.max_runtime_in_seconds is not None
            else None
        )
        if deadline is not None and now >= deadline:
            to_launch = 0
        return _Facts(
            now=now,
            total=total,
            parallel=parallel,
            finished=finished,
            running=running,
            to_launch=to_launch,
            hit=hit,
            deadline=deadline,
            created=created,
        )

    def next_delay(self, response: Any, *, attempt: int, remaining: float) -> float | None:
        """Seconds of the client's clock until the next poll, or ``None`` for the Smithy delay."""
        self.calls += 1
        if self._start is None:
            self._start = self.client.clock()
        taken, self._taken = self._taken, None
        if response is None:
            return None
        reading = _clock.reading_of(response)
        if reading is None:
            return None
        now = reading.service_time
        if self._first is None:
            self._first = now
        rate = self._rate(now, reading.speed)
        if str(response.hyper_parameter_tuning_job_status) == "Stopping":
            # Stopping lasts up to about two minutes (training jobs get 120 s after SIGTERM,
            # API_StopTrainingJob): poll it densely.
            return self._capped(max(self.floor, 10.0), rate)
        facts = self._facts(response)
        if facts is None:
            return self._smithy(rate)
        finished, running, to_launch = facts.finished, facts.running, facts.to_launch
        self._short_now = self._short(facts)
        if taken is not None:
            # The engine listed (take_listing): use it, never list here.
            if taken[0] is not None:
                self._absorb(taken[0], to_launch == 0, finished)
        elif self._needs_list(finished, to_launch == 0, self._short_now):
            jobs = self._list()
            if jobs is not None:
                self._absorb(jobs, to_launch == 0, finished)
        if self._short_now:
            self._count_ends(facts)
        self._prev = (finished, now)
        if not self._durations:
            if running + to_launch >= 2:
                # Nothing has finished, and the job cannot end before at least two of its
                # training jobs do: the first of them is all there is to see, and it is no
                # closer than a fraction of the time they have run so far.
                return self._smithy(rate, at_least=self.patience * (now - (self._first or now)))
            return self._smithy(rate)
        ages = sorted((now - c for c in self._creations), reverse=True)
        # Between listings the Describe counters say how many still run: the oldest are
        # the likeliest to have finished; newer launches are a fraction of the gap old.
        if running < len(ages):
            ages = ages[len(ages) - running :]
        elif running > len(ages):
            since = now - (self._listed_at or now)
            ages += [since / 2] * (running - len(ages))
        self.forecast = Forecast.from_data(
            now=now,
            durations=self._durations,
            running_ages=ages,
            to_launch=to_launch,
            parallel=facts.parallel,
            gap=self._gap,
            deadline=facts.deadline,
            hit=facts.hit,
            seed=self.name,
            basis=(
                f"{len(self._durations)} finished training jobs' durations, {running} running, "
                f"{to_launch} to launch"
            ),
        )
        if self.forecast is None:
            return self._smithy(rate)
        return self._capped(self._spend(self.forecast, now), rate)

    def _smithy(self, rate: float, at_least: float = 0.0) -> float:
        """The Smithy schedule's steady delay, on the service's clock (90 to 100 s there),
        or ``at_least`` (up to ``ceiling``) when that is longer."""
        low, high = self.smithy_delays
        return self._capped(max(random.uniform(low, high), min(at_least, self.ceiling)), rate)

    def _capped(self, delay: float, rate: float) -> float:
        """``delay`` (service seconds) in the client's seconds, within the call budget and
        the caller's ``min_delay`` / ``max_delay``."""
        # Never ahead of the Smithy schedule's call count (plus the allowance), counted on
        # the service's clock.
        elapsed = (self.client.clock() - (self._start or 0.0)) * rate
        allowance = self.short_allowance[1] if self._short_now else self.allowance
        if self.calls >= allowance + elapsed / self.smithy_mean:
            delay = max(delay, self.smithy_mean)
        seconds = delay / rate
        if self.min_delay is not None:
            seconds = max(seconds, self.min_delay)
        if self.max_delay is not None:
            seconds = min(seconds, self.max_delay)
        return seconds

    def _spend(self, forecast: Forecast, now: float) -> float:
        """The next delay, spending the calls left where the job is likely to end.

        Polls spaced ``delta(t) ~ 1 / sqrt(f(t))``, where ``f`` is the density of the end
        time, minimise the expected lateness for a given number of polls. ``f`` is the
        forecast's simulated ends smoothed by a kernel, mixed with a ``background`` share
        spread evenly (ends no forecast sees coming: a stop, an early-stopping criterion).
        The calls left are the Smithy schedule's count up to the forecast's latest end,
        minus those made; the next poll comes when one poll's worth of that spacing has
        passed.
        """
        ends = forecast.ends
        late = max(forecast.quantile(0.99), now + self.floor)
        if ends[-1] <= now:
            return self.floor  # every simulation has it ended by now: the answer is imminent
        first = self._first if self._first is not None else now
        if forecast.median - first < self.short_wait:
            # A short wait: the Smithy count up to a likely end (its 90 % quantile) and a
            # few calls more; the full allowance would be half as many calls again.
            until = max(forecast.quantile(0.9), now + self.floor)
            spare = self.short_allowance[0]
        else:
            until, spare = late, self.allowance
        left = max(1.0, spare + (until - first) / self.smithy_mean - self.calls)
        n = len(ends)
        mean = sum(ends) / n
        sd = math.sqrt(sum((e - mean) ** 2 for e in ends) / n)
        width = max(1.06 * sd * n**-0.2, self.floor)
        horizon = late + 2 * width - now
        steps = 200
        dt = horizon / steps
        background = self.background / horizon
        norm = 1.0 / (n * width * math.sqrt(2 * math.pi))
        roots = []
        for k in range(steps):
            t = now + (k + 0.5) * dt
            kde = norm * sum(math.exp(-0.5 * ((t - e) / width) ** 2) for e in ends)
            roots.append(math.sqrt((1 - self.background) * kde + background))
        scale = sum(roots) * dt / left  # seconds of spacing per unit of sqrt(density)
        walked = 0.0
        delay: float = horizon
        for k, root in enumerate(roots):
            step = root * dt / scale
            if walked + step >= 1.0:
                delay = (k + (1.0 - walked) / step) * dt
                break
            walked += step
        return float(min(max(delay, self.floor), self.ceiling))

    def _rate(self, now: float, speed: float) -> float:
        """Service seconds per second of the client's clock."""
        if abs(self.client.clock() - now) < 120.0 or speed <= 0:
            return 1.0  # the client's clock is the service's (the local service's clients)
        return speed


def _launch_gap(creations: Sequence[float], ends: Sequence[float]) -> float:
    """The median time from a training job's end to the next launch, 0 without evidence."""
    ordered = sorted(ends)
    gaps = []
    for created in creations:
        index = bisect.bisect_right(ordered, created)
        if index:
            gap = created - ordered[index - 1]
            if gap >= 0:
                gaps.append(gap)
    if len(gaps) < 3:
        return 0.0
    gaps.sort()
    return gaps[len(gaps) // 2]
