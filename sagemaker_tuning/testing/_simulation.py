"""The tuning-job model behind :class:`~sagemaker_tuning.testing.LocalSageMaker`.

Which training jobs a tuning job launches, when, with which hyperparameters and
what result. Everything is a pure function of the request, the seed and the
times at which the job was created or stopped, so a run is reproducible however
often (and on whichever clock) it is observed.
"""

from __future__ import annotations

import hashlib
import itertools
import math
import random
from collections.abc import Mapping, Sequence
from typing import Any, Literal, Protocol

import attrs

from sagemaker_tuning.enums import HyperParameterScalingType as Scaling

__all__ = [
    "Objective",
    "ParameterRange",
    "Timing",
    "TrainingRun",
    "TuningRun",
    "not_improving",
    "objective_score",
]

Kind = Literal["continuous", "integer", "categorical"]


@attrs.frozen(kw_only=True)
class Timing:
    """How long things take on the emulated service, in (virtual) seconds."""

    #: From CreateHyperParameterTuningJob to the first training jobs.
    startup: float = 30.0
    #: From a training job's end to the launch of the next one in its slot.
    launch_gap: float = 5.0
    #: The range a training job's run time is drawn from.
    training: tuple[float, float] = (60.0, 300.0)
    #: From StopHyperParameterTuningJob to Stopped.
    stop: float = 20.0

    def __attrs_post_init__(self) -> None:
        low, high = self.training
        if min(self.startup, self.launch_gap, self.stop, low) < 0 or not 0 < high >= low:
            raise ValueError(
                f"Timing needs non-negative delays and 0 <= low <= high, high > 0; got {self!r}"
            )


@attrs.frozen(kw_only=True)
class ParameterRange:
    """One tuned hyperparameter: where its values come from."""

    name: str
    kind: Kind
    low: float = 0.0
    high: float = 0.0
    scaling: str = Scaling.AUTO.value
    values: tuple[str, ...] = ()

    @classmethod
    def from_ranges(cls, ranges: Any) -> list[ParameterRange]:
        """The ranges of a ``ParameterRanges`` shape (``None``: no tuned hyperparameters).

        Whether the service accepts the ranges is :mod:`sagemaker_tuning.rules`' call,
        made before a job is planned; this reads whatever got past the rules (a name
        ranged twice keeps its last range, as a dict of hyperparameters would).
        """
        if ranges is None:
            return []
        found: list[ParameterRange] = []
        for r in ranges.continuous_parameter_ranges or ():
            low, high = (
                _number(r.min_value, r.name, "MinValue"),
                _number(r.max_value, r.name, "MaxValue"),
            )
            found.append(
                cls(name=r.name, kind="continuous", low=low, high=high, scaling=_scaling(r))
            )
        for r in ranges.integer_parameter_ranges or ():
            low, high = (
                _integer(r.min_value, r.name, "MinValue"),
                _integer(r.max_value, r.name, "MaxValue"),
            )
            found.append(cls(name=r.name, kind="integer", low=low, high=high, scaling=_scaling(r)))
        for r in ranges.categorical_parameter_ranges or ():
            found.append(cls(name=r.name, kind="categorical", values=tuple(r.values)))
        for r in ranges.auto_parameters or ():
            # Autotune picks a range from the hint; the emulation keeps the hint.
            found.append(cls(name=r.name, kind="categorical", values=(r.value_hint,)))
        return list({r.name: r for r in found}.values())

    def sample(self, rng: random.Random) -> str:
        """A value drawn from the range, honouring its scaling, as the service writes it."""
        if self.kind == "categorical":
            return rng.choice(self.values)
        u = rng.random()
        if self.scaling == Scaling.LOGARITHMIC.value:
            x = math.exp(math.log(self.low) + u * (math.log(self.high) - math.log(self.low)))
        elif self.scaling == Scaling.REVERSE_LOGARITHMIC.value:
            a, b = math.log(1 - self.high), math.log(1 - self.low)
            x = 1 - math.exp(a + u * (b - a))
        else:
            x = self.low + u * (self.high - self.low)
        x = min(max(x, self.low), self.high)
        if self.kind == "integer":
            return str(min(max(round(x), int(self.low)), int(self.high)))
        return repr(round(x, 10))

    def position(self, value: str) -> float:
        """Where ``value`` lies in the range, from 0 to 1 (on the range's own scale)."""
        if self.kind == "categorical":
            if len(self.values) < 2:
                return 0.5
            return self.values.index(value) / (len(self.values) - 1)
        x = float(value)
        if self.high == self.low:
            return 0.5
        if self.scaling == Scaling.LOGARITHMIC.value:
            return (math.log(x) - math.log(self.low)) / (math.log(self.high) - math.log(self.low))
        if self.scaling == Scaling.REVERSE_LOGARITHMIC.value:
            a, b = math.log(1 - self.high), math.log(1 - self.low)
            return (b - math.log(1 - x)) / (b - a)
        return (x - self.low) / (self.high - self.low)


def _scaling(r: Any) -> str:
    # Generated enums print as their wire value; Auto is the model's default.
    return str(r.scaling_type or Scaling.AUTO.value)


def _number(text: str, name: str, member: str) -> float:
    # The rules (range-bounds-number) refuse bounds that are not finite numbers.
    return float(text)


def _integer(text: str, name: str, member: str) -> float:
    # The rules (range-bounds-number) refuse integer bounds that are not integers.
    return float(int(text))


def _unit(*parts: str) -> float:
    """A stable pseudo-random number in [0, 1) derived from ``parts``."""
    digest = hashlib.sha256("\x1f".join(parts).encode()).digest()
    return int.from_bytes(digest[:8], "big") / 2**64


def objective_score(hyperparameters: Mapping[str, str], ranges: Sequence[ParameterRange]) -> float:
    """How good a set of tuned hyperparameters is, from 0 (worst) to 1 (best).

    A smooth bowl over the ranges: each hyperparameter has an optimum at a
    fixed position derived from its name, so tuning has something to find and
    the same hyperparameters always score the same.
    """
    tuned = [r for r in ranges if r.name in hyperparameters]
    if not tuned:
        return 0.5
    total = 0.0
    for r in tuned:
        best = 0.15 + 0.7 * _unit("optimum", r.name)
        total += (r.position(hyperparameters[r.name]) - best) ** 2
    return 1.0 - total / len(tuned)


@attrs.frozen(kw_only=True)
class Objective:
    """The metric a tuning job optimizes and in which direction."""

    metric_name: str
    maximize: bool

    def value(self, score: float) -> float:
        """The metric value reported for a score (accuracy-like up, loss-like down)."""
        return round(score if self.maximize else 1.0 - score, 6)

    def better(self, a: float, b: float) -> bool:
        """Whether metric value ``a`` beats ``b``."""
        return a > b if self.maximize else a < b

    def reached(self, value: float, target: float) -> bool:
        """Whether ``value`` meets a TargetObjectiveMetricValue."""
        return value >= target if self.maximize else value <= target


@attrs.define(kw_only=True)
class TrainingRun:
    """One training job launched by a tuning job."""

    index: int
    name: str
    definition: int
    hyperparameters: dict[str, str]
    created: float
    started: float
    scheduled_end: float
    fails: bool
    #: The objective metric it reports on completion (``None``: its definition has no objective).
    metric: float | None
    stopped_at: float | None = None
    stop_delay: float = 0.0

    def status(self, now: float) -> str:
        """TrainingJobStatus at ``now``."""
        if self.stopped_at is not None:
            return "Stopping" if now < self.stopped_at + self.stop_delay else "Stopped"
        if now < self.scheduled_end:
            return "InProgress"
        return "Failed" if self.fails else "Completed"

    @property
    def end(self) -> float:
        """When the job ends (or ended)."""
        if self.stopped_at is not None:
            return self.stopped_at + self.stop_delay
        return self.scheduled_end

    def final_metric(self, now: float) -> float | None:
        """The objective metric, once the job has completed."""
        return self.metric if self.status(now) == "Completed" else None


@attrs.define(kw_only=True)
class TuningRun:
    """A tuning job's schedule: training jobs launched into parallel slots over time."""

    name: str
    created: float
    seed: int
    failure_rate: float
    timing: Timing
    objective: Objective
    #: Per training job definition: its tuned ranges.
    ranges: list[list[ParameterRange]]
    #: Per training job definition: whether it has an objective metric to report.
    measured: list[bool] = attrs.field(factory=list)
    max_jobs: int
    max_parallel: int
    grid: bool = False
    target: float | None = None
    deadline: float | None = None
    jobs: list[TrainingRun] = attrs.field(factory=list)
    slots: list[float] = attrs.field(factory=list)
    stop_requested: float | None = None
    grid_points: list[tuple[str, ...]] = attrs.field(factory=list, init=False)

    def __attrs_post_init__(self) -> None:
        first = self.created + self.timing.startup
        # Jobs in the first wave start a second apart, as the service staggers them.
        self.slots = [first + i for i in range(min(self.max_parallel, self.max_jobs))]
        if self.grid:
            self.grid_points = list(itertools.product(*(r.values for r in self.ranges[0])))
            self.max_jobs = min(self.max_jobs, len(self.grid_points))

    def _blocked(self, at: float) -> bool:
        """Whether no training job may launch at or after ``at``."""
        if self.stop_requested is not None and at >= self.stop_requested:
            return True
        if self.deadline is not None and at >= self.deadline:
            return True
        if self.target is not None:
            for job in self.jobs:
                value = job.final_metric(at)
                if (
                    value is not None
                    and job.end <= at
                    and self.objective.reached(value, self.target)
                ):
                    return True
        return False

    def done_launching(self) -> bool:
        """Whether every training job this tuning job will ever launch has been launched."""
        return len(self.jobs) >= self.max_jobs or not self.slots or self._blocked(min(self.slots))

    def advance(self, now: float) -> None:
        """Launch every training job due by ``now``."""
        while len(self.jobs) < self.max_jobs and self.slots:
            slot = min(range(len(self.slots)), key=self.slots.__getitem__)
            at = self.slots[slot]
            if at > now or self._blocked(at):
                return
            job = self._launch(len(self.jobs), at)
            self.jobs.append(job)
            self.slots[slot] = job.scheduled_end + self.timing.launch_gap

    def _launch(self, index: int, at: float) -> TrainingRun:
        rng = random.Random(f"{self.seed}\x1f{self.name}\x1f{index}")
        # Grid search walks the combinations of the first definition's ranges.
        definition = 0 if self.grid else index % len(self.ranges)
        ranges = self.ranges[definition]
        if self.grid:
            tuned = dict(zip((r.name for r in ranges), self.grid_points[index], strict=True))
        else:
            tuned = {r.name: r.sample(rng) for r in ranges}
        low, high = self.timing.training
        duration = low + rng.random() * (high - low)
        return TrainingRun(
            index=index,
            name=f"{self.name}-{index + 1:03d}-{rng.getrandbits(32):08x}",
            definition=definition,
            hyperparameters=tuned,
            created=at,
            started=at + min(20.0, duration / 4),
            scheduled_end=at + duration,
            fails=rng.random() < self.failure_rate,
            metric=(
                self.objective.value(objective_score(tuned, ranges))
                if not self.measured or self.measured[definition]
                else None
            ),
            stop_delay=self.timing.stop,
        )

    def stop(self, now: float) -> None:
        """Stop the tuning job and every training job still running at ``now``."""
        self.advance(now)
        self.stop_requested = now
        for job in self.jobs:
            if job.stopped_at is None and job.scheduled_end > now:
                job.stopped_at = now

    def status(self, now: float) -> str:
        """HyperParameterTuningJobStatus at ``now``."""
        if self.stop_requested is not None:
            return "Stopping" if now < self.stop_requested + self.timing.stop else "Stopped"
        if not self.done_launching() or now < self.end_time():
            return "InProgress"
        if self.jobs and all(job.fails for job in self.jobs):
            return "Failed"
        return "Completed"

    def end_time(self) -> float:
        """When the last training job ends (the creation time if none ran)."""
        if self.stop_requested is not None:
            return self.stop_requested + self.timing.stop
        return max((job.end for job in self.jobs), default=self.created)

    def best(self, now: float) -> TrainingRun | None:
        """The completed training job with the best objective metric (first launched on ties)."""
        best: TrainingRun | None = None
        for job in self.jobs:
            value = job.final_metric(now)
            if value is None:
                continue
            if best is None or best.metric is None or self.objective.better(value, best.metric):
                best = job
        return best


class _Ended(Protocol):
    """A training job as :func:`not_improving` reads it (simulated or real)."""

    @property
    def end(self) -> float: ...
    def final_metric(self, now: float) -> float | None: ...


def not_improving(jobs: Sequence[_Ended], objective: Objective, now: float) -> int:
    """TuningJobCompletionDetails.NumberOfTrainingJobsObjectiveNotImproving.

    The API reference: "The number of training jobs launched by a tuning job that are not
    improving (1% or less) as measured by model performance evaluated against an
    objective function." Our reading: completed jobs, in the order they ended, that did
    not improve the best value so far by more than 1%.
    """
    ended = sorted((job for job in jobs if job.final_metric(now) is not None), key=lambda j: j.end)
    best: float | None = None
    count = 0
    for job in ended:
        value = job.final_metric(now)
        assert value is not None
        if best is None:
            best = value
            continue
        margin = abs(best) * 0.01
        improved = value > best + margin if objective.maximize else value < best - margin
        if improved:
            best = value
        else:
            count += 1
            if objective.better(value, best):
                best = value
    return count
