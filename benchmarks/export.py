"""Benchmark of the exports: a tuning job of 1 000 training jobs into optuna and MLflow.

Run: python benchmarks/export.py [--quick]   (needs the ``optuna`` and ``mlflow`` extras)

Runs one tuning job of 1 000 training jobs (100 with --quick; 10 % failed) to its end on the
local service (virtual time), then times each export and counts the service calls it made:
``to_optuna`` into an in-memory and an SQLite storage, ``to_mlflow`` into an SQLite and a
file store, each twice -- the first export writes everything, the second finds everything
written and changes nothing. Against each first export it prints the read that the summaries
spare: listing 10 jobs a call (the API's default MaxResults) and describing every training
job, the N+1 way, measured here on the same service.

Times are wall-clock seconds (the stores write files; on a shared machine other processes'
load stretches them); --quick takes the median of 3 runs, the full run makes one. Imports and
the creation of a new store's tables come before the clock starts. Against each store's export
it prints the store's own floor: the least any exporter writes there (bare trials, empty runs).
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from typing import Any

import attrs
from _requests import tuning_job_config, tuning_request

from sagemaker_tuning import ranges
from sagemaker_tuning import shapes as sh
from sagemaker_tuning.client import TuningClient
from sagemaker_tuning.export import _mlflow, _optuna
from sagemaker_tuning.testing import LocalSageMaker

QUICK = "--quick" in sys.argv
JOBS = 100 if QUICK else 1000
NAME = "bench-export"


class Counted:
    """A client on a finished tuning job of ``jobs`` training jobs, counting its calls."""

    def __init__(self, jobs: int) -> None:
        service = LocalSageMaker(seed=1, failure_rate=0.1)
        self.client: TuningClient = service.client()
        self.calls: Counter[str] = Counter()
        self.client.boto_client.meta.events.register("before-call.sagemaker", self._count)
        config = tuning_job_config(
            strategy="Random",
            jobs=jobs,
            parallel=100,
            ranges=ranges.parameter_ranges(
                ranges.continuous("eta", 0.001, 0.5, scaling="Logarithmic"),
                ranges.continuous("subsample", 0.5, 1.0),
                ranges.integer("max_depth", 2, 12),
                ranges.categorical("booster", ["gbtree", "dart", "gblinear"]),
            ),
        )
        request = tuning_request(NAME, config)
        definition = request.training_job_definition
        assert definition is not None
        spec = attrs.evolve(
            definition.algorithm_specification,
            metric_definitions=(
                sh.MetricDefinition(name="validation:auc", regex="auc=([0-9.]+)"),
                sh.MetricDefinition(name="train:loss", regex="loss=([0-9.]+)"),
            ),
        )
        request = attrs.evolve(
            request, training_job_definition=attrs.evolve(definition, algorithm_specification=spec)
        )
        self.client.create_hyper_parameter_tuning_job(request)
        self.client.wait_for_hyper_parameter_tuning_job(NAME)

    def _count(self, model: Any, **_: Any) -> None:
        self.calls[model.name] += 1

    def measure(self, action: Callable[[], object]) -> tuple[float, int]:
        """Seconds and service calls of one ``action``."""
        self.calls.clear()
        start = time.perf_counter()
        action()
        return time.perf_counter() - start, sum(self.calls.values())


def n_plus_one(client: TuningClient) -> None:
    """The read the exports avoid: 10 summaries a call, then every training job described."""
    for summary in client.paginate_training_jobs_for_hyper_parameter_tuning_job(NAME):
        client.describe_training_job(summary.training_job_name)


def main() -> None:
    setup = time.perf_counter()
    job = Counted(JOBS)
    print(f"{JOBS} training jobs on the local service: {time.perf_counter() - setup:.1f} s")
    print()
    os.environ["MLFLOW_ALLOW_FILE_STORE"] = "true"  # MLflow 3.18's file store is opt-in
    import logging

    for noisy in ("optuna", "mlflow", "alembic"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    naive_seconds, naive_calls = job.measure(lambda: n_plus_one(job.client))
    rows: list[tuple[str, float, int, float, int]] = []
    # Imports (optuna, MLflow, SQLAlchemy's store) are paid here, before any clock.
    import mlflow.store.tracking.sqlalchemy_store  # noqa: F401
    import optuna  # noqa: F401

    repeats = 3 if QUICK else 1
    with tempfile.TemporaryDirectory() as tmp:
        targets: list[tuple[str, Callable[[int], tuple[Callable[[], object], Any]]]] = [
            (
                "optuna in-memory",
                lambda i: _storage_export(job, None),
            ),
            (
                "optuna sqlite",
                lambda i: _storage_export(job, f"sqlite:///{tmp}/optuna-{i}.db"),
            ),
            (
                "mlflow sqlite",
                lambda i: _tracking_export(job, f"sqlite:///{tmp}/mlflow-{i}.db"),
            ),
            (
                "mlflow file store",
                lambda i: _tracking_export(job, f"file://{tmp}/mlruns-{i}"),
            ),
        ]
        for label, make in targets:
            firsts, agains = [], []
            calls = again_calls = 0
            for i in range(repeats):
                export, again = make(i)
                seconds, calls = job.measure(export)
                again_seconds, again_calls = job.measure(again)
                firsts.append(seconds)
                agains.append(again_seconds)
            rows.append(
                (label, statistics.median(firsts), calls, statistics.median(agains), again_calls)
            )
    print(f"{'target':<18} {'first s':>8} {'calls':>6} {'again s':>8} {'calls':>6}  again/first")
    for label, first, calls, again, again_calls in rows:
        print(
            f"{label:<18} {first:>8.2f} {calls:>6} {again:>8.2f} {again_calls:>6}"
            f"  {again / first:>10.2f}"
        )
    print()
    with tempfile.TemporaryDirectory() as tmp:
        floors = [
            ("optuna sqlite", _optuna_floor(job, f"sqlite:///{tmp}/floor.db")),
            ("mlflow sqlite", _mlflow_floor(job, f"sqlite:///{tmp}/floor-mlflow.db")),
            ("mlflow file store", _mlflow_floor(job, f"file://{tmp}/floor-mlruns")),
        ]
    first_of = {label: first for label, first, *_ in rows}
    for label, floor in floors:
        print(
            f"{label} floor (the store's own minimum: {floor[1]}): {floor[0]:.2f} s; "
            f"the export takes {first_of[label] / floor[0]:.2f} x that"
        )
    print()
    print(f"N+1 read (10 a page, every job described): {naive_seconds:.2f} s, {naive_calls} calls")
    for label, first, calls, _again, _ in rows:
        print(
            f"  {label:<18} calls {calls} = {calls / naive_calls:.3f} x N+1's; "
            f"whole export {first / naive_seconds:.2f} x the N+1 read alone"
        )


def _optuna_floor(job: Counted, url: str) -> tuple[float, str]:
    """optuna's own cost of one bare trial per job (params and value, no user attributes)."""
    import optuna
    from optuna.distributions import FloatDistribution

    study = optuna.create_study(storage=url, study_name="floor")
    trials = [
        optuna.trial.create_trial(
            params={"x": i / JOBS}, distributions={"x": FloatDistribution(0, 1)}, value=float(i)
        )
        for i in range(JOBS)
    ]
    start = time.perf_counter()
    study.add_trials(trials)
    return time.perf_counter() - start, f"add_trials of {JOBS} bare trials"


def _mlflow_floor(job: Counted, uri: str) -> tuple[float, str]:
    """MLflow's own cost of one empty, finished run per job."""
    from mlflow import MlflowClient

    ml = MlflowClient(uri)
    experiment = ml.create_experiment("floor")
    start = time.perf_counter()
    for _ in range(JOBS):
        ml.set_terminated(ml.create_run(experiment).info.run_id, "FINISHED")
    return time.perf_counter() - start, f"{JOBS} x create_run + set_terminated"


def _storage_export(job: Counted, storage: str | None) -> tuple[Callable[[], object], Any]:
    import optuna

    store = optuna.storages.get_storage(storage)
    return (
        lambda: _optuna.export(job.client, NAME, storage=store),
        lambda: _optuna.export(job.client, NAME, storage=store),
    )


def _tracking_export(job: Counted, uri: str) -> tuple[Callable[[], object], Any]:
    from mlflow import MlflowClient

    MlflowClient(uri).search_experiments()  # a new store's tables are made before the clock
    return (
        lambda: _mlflow.export(job.client, NAME, tracking_uri=uri),
        lambda: _mlflow.export(job.client, NAME, tracking_uri=uri),
    )


if __name__ == "__main__":
    main()
