"""The local tuning engine's scheduling, limits and criteria, with fake trainings (no process)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import attrs
import pytest
from request_samples import definition, tuning_request

from sagemaker_tuning import shapes as sh
from sagemaker_tuning.local._engine import (
    CONVERGENCE_WINDOW,
    Engine,
    ParentResult,
    RealTraining,
    RealTuningRun,
    build_run,
    max_resource,
)
from sagemaker_tuning.testing import _service_defaults as defaults

METRIC = "validation:auc"


@attrs.frozen(kw_only=True)
class Outcome:
    status: str
    failure_reason: str | None = None
    secondary_status: str = "Completed"
    final_metrics: Mapping[str, float] = attrs.field(factory=dict)
    objective: float | None = None
    started: float = 0.0
    ended: float = 0.0
    model_artifacts: str | None = None


@attrs.frozen
class Point:
    name: str
    value: float
    line_number: int


class Fake:
    """A training the test drives: it emits points and ends when told (or on its own)."""

    def __init__(self, name: str, hyperparameters: Mapping[str, str]) -> None:
        self.name = name
        self.hyperparameters = dict(hyperparameters)
        self.points: list[Point] = []
        self.outcome: Outcome | None = None
        self.stopped: float | None = None
        self.stop_calls = 0

    def poll(self) -> Outcome | None:
        return self.outcome

    def wait(self, timeout: float | None = None) -> Outcome | None:
        deadline = time.monotonic() + (10.0 if timeout is None else timeout)
        while self.outcome is None and time.monotonic() < deadline:
            time.sleep(0.005)
        return self.outcome

    def metrics(self, start: int = 0) -> Sequence[Point]:
        return list(self.points[start:])

    def stop(self, grace: float | None = None) -> None:
        self.stop_calls += 1
        self.stopped = grace
        if self.outcome is None:
            last = next((p.value for p in reversed(self.points)), None)
            self.outcome = Outcome(status="Stopped", secondary_status="Stopped", objective=last)

    def emit(self, *values: float) -> None:
        for value in values:
            self.points.append(Point(METRIC, value, len(self.points)))

    def finish(
        self, objective: float | None, status: str = "Completed", reason: str | None = None
    ) -> None:
        self.outcome = Outcome(
            status=status,
            failure_reason=reason,
            secondary_status=status,
            objective=objective,
            final_metrics={METRIC: objective} if objective is not None else {},
        )


class Launcher:
    """Records every launch; ``auto`` ends each training at once with the value it returns."""

    def __init__(self, auto: Callable[[Fake], None] | None = None) -> None:
        self.fakes: list[Fake] = []
        self.auto = auto
        self.lock = threading.Lock()
        self.peak = 0

    def __call__(self, run: RealTuningRun, job: RealTraining) -> Fake:
        fake = Fake(job.name, job.hyperparameters)
        if self.auto is not None:
            self.auto(fake)
        with self.lock:
            self.fakes.append(fake)
            self.peak = max(self.peak, sum(f.outcome is None for f in self.fakes))
        return fake

    def running(self) -> list[Fake]:
        with self.lock:
            return [f for f in self.fakes if f.outcome is None]


def until(predicate: Callable[[], bool], timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "condition not reached in time"
        time.sleep(0.005)


Made = tuple[RealTuningRun, Engine, threading.RLock]


@pytest.fixture
def make() -> Any:
    engines: list[Engine] = []

    def build(
        request: sh.CreateHyperParameterTuningJobRequest,
        launcher: Launcher,
        *,
        created: float | None = None,
        parents: Sequence[ParentResult] = (),
    ) -> Made:
        config = request.hyper_parameter_tuning_job_config
        assert request.training_job_definition is not None
        assert config.hyper_parameter_tuning_job_objective is not None
        metric = config.hyper_parameter_tuning_job_objective.metric_name
        run = build_run(
            request,
            definitions=[defaults.described_definition(request.training_job_definition, metric)],
            metric_names=[metric],
            trainers=[None],
            seed=0,
            default_max_jobs=10,
            created=time.time() if created is None else created,
            parents=parents,
        )
        lock = threading.RLock()
        engine = Engine(lock, time.time, launcher=launcher, poll_interval=0.005)
        engines.append(engine)
        with lock:
            engine.add(run)
        return run, engine, lock

    yield build
    for engine in engines:
        engine.close(timeout=5)


def ended(run: RealTuningRun) -> Callable[[], bool]:
    return lambda: run.ended is not None


def test_at_most_max_parallel_training_jobs_run_at_once(make: Any) -> None:
    launcher = Launcher()
    run, _, _ = make(tuning_request(max_jobs=5, parallel=2, strategy="Random"), launcher)
    for _ in range(3):
        until(lambda: len(launcher.running()) == 2)
        time.sleep(0.05)  # a few more engine rounds: still two
        assert len(launcher.running()) == 2
        launcher.running()[0].finish(0.5)
    until(lambda: len(launcher.fakes) == 5)
    for fake in launcher.running():
        fake.finish(0.6)
    until(ended(run))
    assert launcher.peak == 2
    assert len(run.jobs) == 5 and run.status(time.time()) == "Completed"


def test_max_number_of_training_jobs_bounds_the_launches(make: Any) -> None:
    launcher = Launcher(auto=lambda f: f.finish(0.5))
    run, _, _ = make(tuning_request(max_jobs=3, parallel=1, strategy="Random"), launcher)
    until(ended(run))
    assert len(launcher.fakes) == 3


def test_grid_runs_each_combination_once(make: Any) -> None:
    ranges = sh.ParameterRanges(
        categorical_parameter_ranges=(
            sh.CategoricalParameterRange(name="a", values=("1", "2", "3")),
            sh.CategoricalParameterRange(name="b", values=("x", "y")),
        )
    )
    launcher = Launcher(auto=lambda f: f.finish(0.5))
    run, _, _ = make(
        tuning_request(max_jobs=None, parallel=2, strategy="Grid", ranges=ranges), launcher
    )
    until(ended(run))
    combos = {(f.hyperparameters["a"], f.hyperparameters["b"]) for f in launcher.fakes}
    assert len(launcher.fakes) == 6 and len(combos) == 6


def test_stop_stops_every_running_job(make: Any) -> None:
    launcher = Launcher()
    run, engine, lock = make(tuning_request(max_jobs=5, parallel=2), launcher)
    until(lambda: len(launcher.running()) == 2)
    with lock:
        run.stop(time.time())
        assert run.status(time.time()) == "Stopping"
    engine.wake()
    until(ended(run))
    assert all(f.stop_calls == 1 for f in launcher.fakes) and len(launcher.fakes) == 2
    assert [job.status(0) for job in run.jobs] == ["Stopped", "Stopped"]
    assert run.status(time.time()) == "Stopped"


def test_close_stops_every_running_job(make: Any) -> None:
    launcher = Launcher()
    run, engine, _ = make(tuning_request(max_jobs=5, parallel=2), launcher)
    until(lambda: len(launcher.running()) == 2)
    engine.close(timeout=5)
    assert run.ended is not None and not launcher.running()
    assert run.status(time.time()) == "Stopped"


def _retrying(attempts: int) -> sh.CreateHyperParameterTuningJobRequest:
    return tuning_request(
        max_jobs=1,
        parallel=1,
        strategy="Random",
        training_job_definition=definition(
            retry_strategy=sh.RetryStrategy(maximum_retry_attempts=attempts)
        ),
    )


def test_an_internal_error_is_retried_under_the_same_name(make: Any) -> None:
    calls: list[str] = []

    def auto(fake: Fake) -> None:
        calls.append(fake.name)
        if len(calls) == 1:
            fake.finish(None, "Failed", "InternalServerError: the host went away")
        else:
            fake.finish(0.7)

    run, _, _ = make(_retrying(2), Launcher(auto=auto))
    until(ended(run))
    assert len(calls) == 2 and calls[0] == calls[1]
    assert run.jobs[0].status(0) == "Completed" and run.jobs[0].attempts == 1


def test_a_failure_of_the_training_code_is_not_retried(make: Any) -> None:
    launcher = Launcher(auto=lambda f: f.finish(None, "Failed", "AlgorithmError: , exit code: 1"))
    run, _, _ = make(_retrying(3), launcher)
    until(ended(run))
    assert len(launcher.fakes) == 1 and run.status(time.time()) == "Failed"


def test_retries_stop_after_maximum_retry_attempts(make: Any) -> None:
    launcher = Launcher(auto=lambda f: f.finish(None, "Failed", "InternalServerError: again"))
    run, _, _ = make(_retrying(2), launcher)
    until(ended(run))
    assert len(launcher.fakes) == 3  # the first attempt and two retries


def test_a_launch_that_raises_fails_the_job_as_an_internal_error(make: Any) -> None:
    def launcher(run: RealTuningRun, job: RealTraining) -> Fake:
        raise OSError("no more processes")

    run, _, _ = make(tuning_request(max_jobs=2, parallel=1), launcher)
    until(ended(run))
    reason = run.jobs[0].outcome.failure_reason if run.jobs[0].outcome else None
    assert reason is not None and reason.startswith("InternalServerError")
    assert "no more processes" in reason and run.status(time.time()) == "Failed"


def test_target_objective_value_stops_the_tuning_job(make: Any) -> None:
    launcher = Launcher()
    run, _, _ = make(tuning_request(max_jobs=10, parallel=2, target=0.9), launcher)
    until(lambda: len(launcher.running()) == 2)
    launcher.running()[0].finish(0.95)
    until(ended(run))
    assert len(launcher.fakes) == 2 and run.finished == "target"
    assert [job.status(0) for job in run.jobs].count("Stopped") == 1
    assert run.status(time.time()) == "Completed"


def test_max_runtime_stops_the_running_jobs(make: Any) -> None:
    launcher = Launcher()
    run, _, _ = make(
        tuning_request(max_jobs=10, parallel=2, max_runtime=120),
        launcher,
        created=time.time() - 119.8,
    )
    until(ended(run))
    assert run.finished == "max-runtime" and len(run.jobs) == 2
    assert all(job.status(0) == "Stopped" for job in run.jobs)
    assert run.status(time.time()) == "Completed"


def _config_with(
    request: sh.CreateHyperParameterTuningJobRequest, **changes: Any
) -> sh.CreateHyperParameterTuningJobRequest:
    config = attrs.evolve(request.hyper_parameter_tuning_job_config, **changes)
    return attrs.evolve(request, hyper_parameter_tuning_job_config=config)


def test_best_objective_not_improving_ends_the_tuning_job(make: Any) -> None:
    request = _config_with(
        tuning_request(max_jobs=10, parallel=1, strategy="Random"),
        tuning_job_completion_criteria=sh.TuningJobCompletionCriteria(
            best_objective_not_improving=sh.BestObjectiveNotImproving(
                max_number_of_training_jobs_not_improving=3
            )
        ),
    )
    run, _, _ = make(request, Launcher(auto=lambda f: f.finish(0.5)))
    until(ended(run))
    assert run.finished == "not-improving" and len(run.jobs) == 4


def test_convergence_is_detected_after_a_window_without_improvement(make: Any) -> None:
    request = _config_with(
        tuning_request(max_jobs=30, parallel=1, strategy="Random"),
        tuning_job_completion_criteria=sh.TuningJobCompletionCriteria(
            convergence_detected=sh.ConvergenceDetected(complete_on_convergence="Enabled")
        ),
    )
    run, _, _ = make(request, Launcher(auto=lambda f: f.finish(0.5)))
    until(ended(run))
    assert run.finished == "converged" and run.converged_at is not None
    assert len(run.jobs) == CONVERGENCE_WINDOW + 1


def test_early_stopping_stops_a_job_below_the_median(make: Any) -> None:
    request = _config_with(
        tuning_request(max_jobs=2, parallel=1, strategy="Random"),
        training_job_early_stopping_type="Auto",
    )

    def auto(fake: Fake) -> None:
        if not launcher.fakes:  # the first job: three good epochs
            fake.emit(0.9, 0.9, 0.9)
            fake.finish(0.9)

    launcher = Launcher(auto=auto)
    run, _, _ = make(request, launcher)
    until(lambda: len(launcher.fakes) == 2)
    launcher.fakes[1].emit(0.1)
    until(ended(run))
    assert run.jobs[1].stop_reason == "pruned" and run.jobs[1].status(0) == "Stopped"
    assert run.jobs[0].status(0) == "Completed"


def test_hyperband_stops_a_job_at_max_resource(make: Any) -> None:
    request = _config_with(
        tuning_request(max_jobs=1, parallel=1, strategy="Hyperband"),
        strategy_config=sh.HyperParameterTuningJobStrategyConfig(
            hyperband_strategy_config=sh.HyperbandStrategyConfig(min_resource=1, max_resource=3)
        ),
    )
    launcher = Launcher(auto=lambda f: f.emit(0.5, 0.6, 0.7, 0.8, 0.9))
    run, _, _ = make(request, launcher)
    until(ended(run))
    assert run.jobs[0].stop_reason == "max-resource"
    assert run.jobs[0].final_metric(0) == 0.9  # the fake keeps its last value when stopped


def test_max_resource_is_inferred_from_the_epochs_hyperparameter() -> None:
    assert max_resource(None, {"epochs": "12"}) == 12
    assert max_resource(sh.HyperbandStrategyConfig(max_resource=5), {"epochs": "12"}) == 5
    assert max_resource(None, {"lr": "0.1"}) is None


def test_warm_start_results_seed_the_search(make: Any) -> None:
    parents = [ParentResult(definition_name=None, hyperparameters={"eta": "0.01"}, value=0.8)]
    launcher = Launcher(auto=lambda f: f.finish(0.5))
    run, _, _ = make(tuning_request(max_jobs=1, parallel=1), launcher, parents=parents)
    until(ended(run))
    assert len(run.search._study.trials) == 2  # the parent's, then the job's


def test_a_bug_in_the_engine_fails_the_tuning_job_instead_of_hanging(
    make: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    launcher = Launcher()
    run, _, lock = make(tuning_request(max_jobs=3, parallel=1), launcher)
    until(lambda: len(launcher.fakes) == 1)

    def broken() -> Any:
        raise RuntimeError("boom")

    with lock:
        monkeypatch.setattr(run.search, "ask", broken)
    launcher.fakes[0].finish(0.5)
    until(ended(run))
    assert run.status(time.time()) == "Failed" and run.error is not None and "boom" in run.error


def test_a_criterion_met_after_the_last_launch_stops_the_running_jobs(make: Any) -> None:
    launcher = Launcher()
    run, _, _ = make(tuning_request(max_jobs=2, parallel=2, target=0.9), launcher)
    until(lambda: len(launcher.running()) == 2)
    launcher.running()[0].finish(0.95)
    until(ended(run))
    assert run.finished == "target"
    assert sorted(job.status(0) for job in run.jobs) == ["Completed", "Stopped"]
