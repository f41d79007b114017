"""The local tuning engine: real training jobs of a tuning job, scheduled in wall time.

:class:`~sagemaker_tuning.testing.LocalSageMaker` hands a tuning job whose definitions all
have a trainer to an :class:`Engine`. One background thread per engine (started when a
real tuning job is created, gone when none is active) polls the running trainings, feeds
the objective's values to the search's pruner, applies the limits and completion
criteria, and launches the next jobs, at most ``MaxParallelTrainingJobs`` at once. What it
decides is read through the six operations, under the service's lock.

Rules, each with its source:

- ``MaxNumberOfTrainingJobs`` (API_ResourceLimits): jobs launched, retries excluded; Grid
  runs one job per combination.
- ``ResourceLimits.MaxRuntimeInSeconds``: at the limit the running jobs are stopped and no
  more are launched (sagemaker-python-sdk#3983: a tuning job "stopped on the 3rd job after
  19 minutes"); the tuning job then ends ``Completed``, as after any completion criterion
  (the status the service shows there is not public).
- ``TuningJobCompletionCriteria`` (developer guide, automatic-model-tuning-progress: "AMT
  checks your job performance against your completion criteria and stops the tuning job if
  any have been met"): ``TargetObjectiveMetricValue`` when a job's final objective reaches
  it; ``BestObjectiveNotImproving`` when ``NumberOfTrainingJobsObjectiveNotImproving``
  reaches ``MaxNumberOfTrainingJobsNotImproving``; ``ConvergenceDetected`` is approximated
  (the service's criterion "developed over a wide range of diverse benchmarking tests",
  API_HyperParameterTuningJobCompletionDetails, is not public): converged when the last
  :data:`CONVERGENCE_WINDOW` jobs with an objective each failed to improve the best by more
  than 1% (the same page: "unlikely to improve more than 1%"). Running jobs are stopped.
- ``StoppingCondition.MaxRuntimeInSeconds`` per job: the runner enforces it.
- ``RetryStrategy`` (API_RetryStrategy: "The retry strategy to use when a training job fails
  due to an InternalServerError"): only a failure the runner reports as
  ``InternalServerError`` (or a launch that raised) is retried, up to
  ``MaximumRetryAttempts`` times, under the same name; a failure of the training code
  (``AlgorithmError``) or of its input (``ClientError``) is not.
- Hyperband (API_HyperbandStrategyConfig): "Once a job reaches the MaxResource value, it is
  stopped"; MaxResource, when absent, is inferred from the static hyperparameters
  ``epochs``, ``numepochs``, ``n-epochs``, ``n_epochs``, ``num_epochs``.
- A job stopped early (Hyperband, early stopping, a completion criterion) keeps the final
  objective its log reported, so it counts under ``ObjectiveStatusCounters.Succeeded``
  ("final objective metric was evaluated ... and used in the hyperparameter tuning
  process", API_ObjectiveStatusCounters); a job that ends without one counts under
  ``Failed`` (API_HyperParameterTrainingJobSummary: ObjectiveStatus Failed "typically
  occurs when the training job failed or did not emit an objective metric").
- StopHyperParameterTuningJob: every running job gets SIGTERM, then SIGKILL after the
  grace period (API_StopTrainingJob: the service "sends the algorithm the SIGTERM signal,
  which delays job termination for 120 seconds"), each ``Stopping`` until its process is
  gone, then ``Stopped``.

Every process is stopped by :meth:`Engine.close` (``LocalSageMaker.close``, the context
manager, the pytest fixture's teardown) and at interpreter exit, so a Ctrl-C that ends the
caller leaves no trainer behind.
"""

from __future__ import annotations

import atexit
import math
import threading
import weakref
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import attrs

from sagemaker_tuning.testing._simulation import Objective

if TYPE_CHECKING:
    from sagemaker_tuning.core import shapes as sh
    from sagemaker_tuning.local._search import Proposal, Search

__all__ = ["Engine", "RealTraining", "RealTuningRun"]

#: How many jobs in a row that do not improve the best by more than 1% mean convergence.
CONVERGENCE_WINDOW = 10
#: Static hyperparameters Hyperband reads MaxResource from (API_HyperbandStrategyConfig).
EPOCH_KEYS = ("epochs", "numepochs", "n-epochs", "n_epochs", "num_epochs")
_ENDED = ("Completed", "Failed", "Stopped")


class MetricPointLike(Protocol):
    """What the engine reads of a runner's ``MetricPoint``."""

    @property
    def name(self) -> str: ...
    @property
    def value(self) -> float: ...
    @property
    def line_number(self) -> int: ...


class OutcomeLike(Protocol):
    """What the engine reads of a runner's ``TrainingOutcome``."""

    @property
    def status(self) -> str: ...
    @property
    def failure_reason(self) -> str | None: ...
    @property
    def secondary_status(self) -> str: ...
    @property
    def final_metrics(self) -> Mapping[str, float]: ...
    @property
    def objective(self) -> float | None: ...
    @property
    def started(self) -> float: ...
    @property
    def ended(self) -> float: ...
    @property
    def model_artifacts(self) -> str | None: ...


class RunningLike(Protocol):
    """What the engine uses of a runner's ``RunningTraining``."""

    def poll(self) -> OutcomeLike | None: ...
    def metrics(self, start: int = ...) -> Sequence[MetricPointLike]: ...
    def stop(self, grace: float | None = ...) -> None: ...
    def wait(self, timeout: float | None = ...) -> OutcomeLike | None: ...


@attrs.frozen(kw_only=True)
class LaunchFailure:
    """The outcome of a training job whose process could not be started (an internal error)."""

    failure_reason: str
    started: float
    ended: float
    status: str = "Failed"
    secondary_status: str = "Failed"
    final_metrics: Mapping[str, float] = attrs.field(factory=dict)
    objective: float | None = None
    model_artifacts: str | None = None


@attrs.define(kw_only=True, eq=False)
class RealTraining:
    """One training job run for real; reads like the simulation's ``TrainingRun``."""

    index: int
    name: str
    definition: int
    #: The tuned hyperparameters (strings, as proposed).
    hyperparameters: dict[str, str]
    number: int
    created: float
    handle: RunningLike | None = None
    outcome: OutcomeLike | None = None
    stopped_at: float | None = None
    #: Why the engine stopped it: "stop", "completion", "pruned", "max-resource", "close".
    stop_reason: str | None = None
    attempts: int = 0
    last_line: int = -1
    #: How many of its metric points the engine has read (the runner keeps the first ones).
    seen: int = 0
    #: When the engine saw it end, on the service's clock.
    ended_at: float | None = None

    @property
    def started(self) -> float:
        """When it started: its process starts as soon as it is created."""
        return self.created

    @property
    def end(self) -> float:
        """When it ended, on the service's clock (infinity while it runs)."""
        return self.ended_at if self.ended_at is not None else math.inf

    @property
    def fails(self) -> bool:
        """Whether it ended Failed."""
        return self.outcome is not None and self.outcome.status == "Failed"

    @property
    def metric(self) -> float | None:
        """Its final objective value, once known."""
        value = self.outcome.objective if self.outcome is not None else None
        return value if value is not None and math.isfinite(value) else None

    def status(self, now: float) -> str:
        """TrainingJobStatus."""
        if self.outcome is not None:
            return self.outcome.status
        return "Stopping" if self.stopped_at is not None else "InProgress"

    def final_metric(self, now: float) -> float | None:
        """The final objective of a job that ended Completed or Stopped with one."""
        if self.outcome is None or self.outcome.status == "Failed":
            return None
        return self.metric


@attrs.define(kw_only=True, eq=False)
class RealTuningRun:
    """A tuning job trained for real; reads like the simulation's ``TuningRun``."""

    name: str
    created: float
    objective: Objective
    search: Search
    #: Per definition (as Describe shows it): the definition, its objective metric, its trainer.
    definitions: list[sh.HyperParameterTrainingJobDefinition]
    metric_names: list[str | None]
    trainers: list[Any]
    max_jobs: int
    max_parallel: int
    deadline: float | None = None
    target: float | None = None
    not_improving_limit: int | None = None
    convergence: bool = False
    max_resource: int | None = None
    prunes: bool = False
    names: Callable[[int], str]
    jobs: list[RealTraining] = attrs.field(factory=list)
    stop_requested: float | None = None
    #: Why the tuning job stopped launching on its own ("target", "not-improving", ...).
    finished: str | None = None
    converged_at: float | None = None
    ended: float | None = None
    error: str | None = None

    def advance(self, now: float) -> None:
        """Nothing to do: the engine's thread moves a real run forward."""

    def active(self) -> list[RealTraining]:
        """The jobs that have not ended."""
        return [job for job in self.jobs if job.outcome is None]

    def launching(self) -> bool:
        """Whether more training jobs may still be launched."""
        blocked = self.stop_requested is not None or self.finished is not None
        return not blocked and self.error is None and len(self.jobs) < self.max_jobs

    def done_launching(self) -> bool:
        """Whether every training job this tuning job will launch has been launched."""
        return not self.launching()

    def status(self, now: float) -> str:
        """HyperParameterTuningJobStatus."""
        if self.ended is None:
            return "Stopping" if self.stop_requested is not None else "InProgress"
        if self.stop_requested is not None:
            return "Stopped"
        if self.error is not None or (self.jobs and all(job.fails for job in self.jobs)):
            return "Failed"
        return "Completed"

    def end_time(self) -> float:
        """When the tuning job ended (its last job's end until then)."""
        if self.ended is not None:
            return self.ended
        return max((job.end for job in self.jobs if job.ended_at), default=self.created)

    def best(self, now: float) -> RealTraining | None:
        """The job with the best final objective (the first launched on ties)."""
        best: RealTraining | None = None
        for job in self.jobs:
            value = job.final_metric(now)
            if value is None:
                continue
            held = best.final_metric(now) if best is not None else None
            if held is None or self.objective.better(value, held):
                best = job
        return best

    def stop(self, now: float) -> None:
        """StopHyperParameterTuningJob: the engine's thread stops the running jobs."""
        self.stop_requested = now

    def not_improving(self, now: float) -> int:
        """NumberOfTrainingJobsObjectiveNotImproving (see ``_simulation.not_improving``)."""
        from sagemaker_tuning.testing._simulation import not_improving

        return not_improving(self.jobs, self.objective, now)


Launcher = Callable[[RealTuningRun, RealTraining], RunningLike]


class Engine:
    """Runs the real tuning jobs of one service on a background thread.

    ``lock`` is the service's: the thread changes a run's state only while holding it, and
    starts and stops processes outside it, so requests are never held up by a process.
    ``launcher`` starts one training job (the runner's ``start`` by default; tests pass a
    fake); ``stop_grace`` is the time between SIGTERM and SIGKILL (``None``: the runner's
    default).
    """

    def __init__(
        self,
        lock: threading.RLock,
        clock: Callable[[], float],
        *,
        launcher: Launcher,
        stop_grace: float | None = None,
        poll_interval: float = 0.05,
    ) -> None:
        self._lock = lock
        self._clock = clock
        self._launcher = launcher
        self.stop_grace = stop_grace
        self._poll = poll_interval
        self._runs: list[RealTuningRun] = []
        self._thread: threading.Thread | None = None
        self._wake = threading.Event()
        self._closing = False
        _ENGINES.add(self)

    def add(self, run: RealTuningRun) -> None:
        """Start running a tuning job (the caller holds the lock)."""
        self._closing = False
        self._runs.append(run)
        if self._thread is None:
            self._thread = threading.Thread(
                target=self._loop, name=f"sagemaker-tuning-engine-{run.name}", daemon=True
            )
            self._thread.start()
        self._wake.set()

    def wake(self) -> None:
        """Have the thread look at the runs now (after a Stop, for instance)."""
        self._wake.set()

    def _loop(self) -> None:
        while True:
            with self._lock:
                runs = [run for run in self._runs if run.ended is None]
                if not runs:
                    self._thread = None
                    return
            for run in runs:
                self._step(run)
            self._wake.wait(self._poll)
            self._wake.clear()

    def _step(self, run: RealTuningRun) -> None:
        starting: list[RealTraining] = []
        stopping: list[RealTraining] = []
        with self._lock:
            try:
                self._decide(run, self._clock(), starting, stopping)
            except Exception as error:  # a bug must end the run, not leave waiters hanging
                run.error = f"InternalServerError: the local engine failed: {error!r}"
                now = self._clock()
                for job in run.active():
                    self._mark_stop(job, now, "stop", stopping)
                if not run.active():
                    run.ended = now
        for job in starting:
            self._start(run, job)
        for job in stopping:
            self._stop(job)

    def _decide(
        self,
        run: RealTuningRun,
        now: float,
        starting: list[RealTraining],
        stopping: list[RealTraining],
    ) -> None:
        if run.stop_requested is not None or self._closing:
            for job in run.active():
                self._mark_stop(job, now, "close" if self._closing else "stop", stopping)
        for job in run.active():
            if job.handle is None:
                continue
            outcome = job.handle.poll()
            if outcome is None:
                self._feed(run, job, now, stopping)
                continue
            # The values printed since the last look still belong to the job's history (the
            # median rule compares later jobs with them).
            self._feed(run, job, now, None)
            if self._retries(run, job, outcome):
                job.handle, job.attempts, job.last_line, job.seen = None, job.attempts + 1, -1, 0
                starting.append(job)
                continue
            self._finish(run, job, outcome, now)
        # A criterion met with every job launched still stops the ones running.
        if run.finished is None and run.stop_requested is None and run.error is None:
            reason = self._completion(run, now)
            if reason is not None:
                run.finished = reason
                for job in run.active():
                    self._mark_stop(job, now, "completion", stopping)
        while run.launching() and len(run.active()) < run.max_parallel:
            proposal = run.search.ask()
            starting.append(self._register(run, proposal, now))
        if not run.active() and not run.launching():
            run.ended = now

    def _register(self, run: RealTuningRun, proposal: Proposal, now: float) -> RealTraining:
        index = len(run.jobs)
        job = RealTraining(
            index=index,
            name=run.names(index),
            definition=proposal.definition,
            hyperparameters=dict(proposal.hyperparameters),
            number=proposal.number,
            created=now,
        )
        run.jobs.append(job)
        return job

    def _feed(
        self,
        run: RealTuningRun,
        job: RealTraining,
        now: float,
        stopping: list[RealTraining] | None,
    ) -> None:
        """Give the pruner the objective values the job's log reported since the last look.

        ``stopping`` is ``None`` for a job that has ended: its values are recorded, nothing
        is stopped.
        """
        assert job.handle is not None
        metric = run.metric_names[job.definition]
        watched = run.prunes or run.max_resource is not None
        if not watched or (job.stopped_at is not None and stopping is not None) or metric is None:
            return
        points = job.handle.metrics(job.seen)
        job.seen += len(points)
        for point in points:
            if point.line_number <= job.last_line or point.name != metric:
                continue
            job.last_line = point.line_number
            pruned = run.prunes and run.search.report(job.number, point.value)
            if stopping is None:
                continue
            if pruned:
                self._mark_stop(job, now, "pruned", stopping)
                return
            if run.max_resource is not None and run.search.steps(job.number) >= run.max_resource:
                self._mark_stop(job, now, "max-resource", stopping)
                return

    @staticmethod
    def _retries(run: RealTuningRun, job: RealTraining, outcome: OutcomeLike) -> bool:
        return retried(run, job, outcome)

    def _finish(
        self, run: RealTuningRun, job: RealTraining, outcome: OutcomeLike, now: float
    ) -> None:
        job.outcome, job.ended_at = outcome, max(now, job.created)
        value = job.final_metric(now)
        run.search.tell(job.number, value, pruned=job.stop_reason == "pruned")

    def _completion(self, run: RealTuningRun, now: float) -> str | None:
        if run.deadline is not None and now >= run.deadline:
            return "max-runtime"
        finished = [j for j in run.jobs if j.final_metric(now) is not None]
        if run.target is not None and any(
            run.objective.reached(j.metric, run.target) for j in finished if j.metric is not None
        ):
            return "target"
        if (
            run.not_improving_limit is not None
            and run.not_improving(now) >= run.not_improving_limit
        ):
            return "not-improving"
        if run.convergence and _converged(run, finished):
            run.converged_at = now
            return "converged"
        return None

    def _mark_stop(
        self, job: RealTraining, now: float, reason: str, stopping: list[RealTraining]
    ) -> None:
        if job.stopped_at is None:
            job.stopped_at, job.stop_reason = now, reason
            if job.handle is not None:
                stopping.append(job)

    def _start(self, run: RealTuningRun, job: RealTraining) -> None:
        try:
            handle = self._launcher(run, job)
        except Exception as error:  # the process could not start: an internal error
            now = self._clock()
            failure = LaunchFailure(
                failure_reason=f"InternalServerError: the training job could not start: {error}",
                started=now,
                ended=now,
            )
            with self._lock:
                if self._retries(run, job, failure):
                    job.attempts += 1
                    retry = True
                else:
                    self._finish(run, job, failure, now)
                    retry = False
            if retry:
                self._start(run, job)
            return
        with self._lock:
            job.handle = handle
            stop = job.stopped_at is not None
        if stop:
            self._stop(job)
        # Look again the moment the job ends rather than at the next poll: a slot freed is
        # filled at once (the engine's overhead over a bare loop, benchmarks/local_engine.py).
        threading.Thread(
            target=self._wake_on_end, args=(handle,), name=f"wait-{job.name}", daemon=True
        ).start()

    def _wake_on_end(self, handle: RunningLike) -> None:
        handle.wait(None)
        self._wake.set()

    def _stop(self, job: RealTraining) -> None:
        handle = job.handle
        if handle is None:
            return
        grace = self.stop_grace
        if self._closing:
            grace = _CLOSE_GRACE if grace is None else min(grace, _CLOSE_GRACE)
        # The runner's stop signals and returns; its supervisor kills after the grace.
        handle.stop(grace)

    def close(self, timeout: float = 30.0) -> None:
        """Stop every running training job and wait for its process to end (bounded)."""
        with self._lock:
            self._closing = True
            now = self._clock()
            for run in self._runs:
                if run.ended is None and run.stop_requested is None:
                    run.stop_requested = now
            thread = self._thread
        self._wake.set()
        # The thread runs until every job has ended, so joining it waits for the processes.
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout)


def retried(run: RealTuningRun, job: RealTraining, outcome: OutcomeLike) -> bool:
    """Whether a failed attempt is retried: an internal error, attempts left (API_RetryStrategy)."""
    if outcome.status != "Failed" or job.stopped_at is not None or run.stop_requested is not None:
        return False
    reason = outcome.failure_reason or ""
    if not reason.startswith("InternalServerError"):
        return False
    strategy = run.definitions[job.definition].retry_strategy
    return strategy is not None and job.attempts < strategy.maximum_retry_attempts


def _converged(run: RealTuningRun, finished: list[RealTraining]) -> bool:
    """The last :data:`CONVERGENCE_WINDOW` results each improved the best by 1% or less."""
    ordered = sorted(finished, key=lambda j: j.end)
    if len(ordered) <= CONVERGENCE_WINDOW:
        return False
    values = [j.metric for j in ordered if j.metric is not None]
    best = values[0]
    streak = 0
    for value in values[1:]:
        margin = abs(best) * 0.01
        improved = value > best + margin if run.objective.maximize else value < best - margin
        streak = 0 if improved else streak + 1
        if run.objective.better(value, best):
            best = value
    return streak >= CONVERGENCE_WINDOW


def max_resource(
    config: sh.HyperbandStrategyConfig | None, statics: Mapping[str, str] | None
) -> int | None:
    """Hyperband's MaxResource, or inferred from the epoch hyperparameters (API reference)."""
    if config is not None and config.max_resource is not None:
        return config.max_resource
    for key in EPOCH_KEYS:
        text = (statics or {}).get(key)
        if text is not None:
            try:
                return int(float(text))
            except ValueError:
                continue
    return None


#: A short grace when everything is being closed (interpreter exit, the fixture's teardown).
_CLOSE_GRACE = 2.0
_ENGINES: weakref.WeakSet[Engine] = weakref.WeakSet()


@atexit.register
def _close_all() -> None:
    # Daemon threads still run when atexit handlers do: stop their processes before they die.
    for engine in list(_ENGINES):
        engine.close(timeout=10.0)


def runner_launcher(
    root: Path, data: Mapping[str, Path], stop_grace: float | None = None
) -> Launcher:
    """A launcher through the runner: one ``TrainingSpec`` per job, ``_runner.start``."""

    def launch(run: RealTuningRun, job: RealTraining) -> RunningLike:
        from sagemaker_tuning.local import _runner
        from sagemaker_tuning.testing._service_defaults import OBJECTIVE_METRIC_KEY

        definition = run.definitions[job.definition]
        metric = run.metric_names[job.definition]
        statics = dict(definition.static_hyper_parameters or {})
        if metric is not None:
            statics[OBJECTIVE_METRIC_KEY] = metric
        spec = _runner.TrainingSpec(
            name=job.name,
            trainer=run.trainers[job.definition],
            definition=definition,
            hyperparameters={**statics, **job.hyperparameters},
            objective_metric=metric,
            root=root,
            data=data,
            stop_grace=_runner.DEFAULT_STOP_GRACE if stop_grace is None else stop_grace,
        )
        running: RunningLike = _runner.start(spec)
        return running

    return launch


@attrs.frozen(kw_only=True)
class ParentResult:
    """One finished training job of a warm start's parent: what seeds the search."""

    definition_name: str | None
    hyperparameters: Mapping[str, str]
    value: float


def build_run(
    request: sh.CreateHyperParameterTuningJobRequest,
    *,
    definitions: Sequence[sh.HyperParameterTrainingJobDefinition],
    metric_names: Sequence[str | None],
    trainers: Sequence[Any],
    seed: int,
    default_max_jobs: int,
    created: float,
    parents: Sequence[ParentResult] = (),
) -> RealTuningRun:
    """The run of a tuning job that the rules accepted and whose every definition has a trainer.

    ``definitions`` are as Describe shows them; the first objective decides what "best"
    means, as in the simulation. ``RandomSeed`` seeds the search; without one the seed is
    derived from the service's ``seed`` and the job's name, so runs stay reproducible.
    """
    import random

    from sagemaker_tuning.local._search import Search
    from sagemaker_tuning.testing._simulation import ParameterRange

    config = request.hyper_parameter_tuning_job_config
    name = request.hyper_parameter_tuning_job_name
    objectives = [
        d.tuning_objective or config.hyper_parameter_tuning_job_objective for d in definitions
    ]
    first = next((o for o in objectives if o is not None), None)
    strategy = str(config.strategy)
    hyperband_config = (
        config.strategy_config.hyperband_strategy_config
        if strategy == "Hyperband" and config.strategy_config is not None
        else None
    )
    hyperband: tuple[int, int] | None = None
    top: int | None = None
    if strategy == "Hyperband":
        top = max_resource(hyperband_config, definitions[0].static_hyper_parameters)
        low = hyperband_config.min_resource if hyperband_config is not None else None
        hyperband = (low or 1, top or max(low or 1, 1))
        if top is None:
            hyperband = None  # nothing to stop at; the rules refuse this unless the model changes
    search_seed = (
        config.random_seed
        if config.random_seed is not None
        else random.Random(f"search\x1f{seed}\x1f{name}").getrandbits(32)
    )
    early = str(config.training_job_early_stopping_type or "Off") == "Auto"
    search = Search(
        strategy=strategy,
        ranges=[
            ParameterRange.from_ranges(d.hyper_parameter_ranges or config.parameter_ranges)
            for d in definitions
        ],
        maximize=first is not None and str(first.type) == "Maximize",
        seed=search_seed,
        early_stopping=early,
        hyperband=hyperband,
    )
    names = {d.definition_name: i for i, d in enumerate(definitions) if d.definition_name}
    for parent in parents:
        index = 0 if len(definitions) == 1 else names.get(parent.definition_name or "")
        if index is not None:
            search.seed(index, parent.hyperparameters, parent.value)
    limits = config.resource_limits
    max_jobs = limits.max_number_of_training_jobs or default_max_jobs
    if search.grid_size is not None:
        # Grid runs every combination once (developer guide, automatic-model-tuning-how-it-works).
        max_jobs = min(limits.max_number_of_training_jobs or search.grid_size, search.grid_size)
    criteria = config.tuning_job_completion_criteria
    not_improving = criteria.best_objective_not_improving if criteria is not None else None
    convergence = criteria.convergence_detected if criteria is not None else None

    def job_name(index: int) -> str:
        # The simulation's form: NAME-NNN-xxxxxxxx (a recorded job: "...-020-240888ce").
        rng = random.Random(f"{seed}\x1f{name}\x1f{index}")
        return f"{name}-{index + 1:03d}-{rng.getrandbits(32):08x}"

    return RealTuningRun(
        name=name,
        created=created,
        objective=Objective(
            metric_name=first.metric_name if first is not None else "",
            maximize=first is not None and str(first.type) == "Maximize",
        ),
        search=search,
        definitions=list(definitions),
        metric_names=list(metric_names),
        trainers=list(trainers),
        max_jobs=max_jobs,
        max_parallel=limits.max_parallel_training_jobs,
        deadline=(
            created + limits.max_runtime_in_seconds
            if limits.max_runtime_in_seconds is not None
            else None
        ),
        target=criteria.target_objective_metric_value if criteria is not None else None,
        not_improving_limit=(
            not_improving.max_number_of_training_jobs_not_improving
            if not_improving is not None
            else None
        ),
        convergence=(
            convergence is not None and str(convergence.complete_on_convergence) == "Enabled"
        ),
        max_resource=top if hyperband is not None else None,
        prunes=early or hyperband is not None,
        names=job_name,
    )
