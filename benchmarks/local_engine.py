"""Benchmark of the local tuning engine (``LocalSageMaker(trainers=...)``), as ratios in one run.

Run: python benchmarks/local_engine.py [--quick]   (needs the ``demo`` extra: optuna)

1. **Engine overhead**: 50 trivial training jobs (a Python process that prints one metric line)
   through the engine, 2 at a time, against a bare loop that launches the same command the
   same number of times with the same parallelism and waits for each. Goal: <= 1.15x.
2. **Parallel speed-up**: 4 CPU-bound jobs (a pure-Python loop of ~1 s) with
   ``MaxParallelTrainingJobs`` 1 against 2. Goal: >= 1.8x on 2 cores. The machine is shared,
   so other processes' load lowers this figure: it is a floor, not the engine's ceiling.
3. **Bayesian against Random** at an equal budget (20 jobs, 2 at a time) on the Branin
   function as a training script (it prints ``branin=<value>``; global minimum 0.397887):
   the regret (best found minus the minimum) of each of 10 seeds, and the medians.
4. **Hyperband against full training**: a training script with a learning curve (its loss
   after epoch e is ``branin(x) + 5 / e``, one epoch per 20 ms, 27 epochs at most) tuned by
   Hyperband (MaxResource 27); the epochs it ran in all (counted in the training logs)
   against the epochs Random search with full training needs until its best reaches
   Hyperband's best.

Times are wall-clock (``time.perf_counter``): the work is in child processes.
"""

from __future__ import annotations

import math
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from sagemaker_tuning import ranges
from sagemaker_tuning import shapes as sh
from sagemaker_tuning.local import LocalTrainer
from sagemaker_tuning.testing import LocalSageMaker

QUICK = "--quick" in sys.argv
IMAGE = "123456789012.dkr.ecr.us-east-1.amazonaws.com/bench:latest"
BRANIN_MIN = 0.397887

TRIVIAL = "print('loss=1.0')"
CPU = textwrap.dedent(
    """
    import time
    total = 0
    for i in range({n}):
        total += i * i
    print("loss=1.0", flush=True)
    """
)
# Reads its hyperparameters from hyperparameters.json, as a SageMaker container does.
BRANIN = textwrap.dedent(
    """
    import json, math, os, sys, time
    hp = json.load(open(os.path.join(os.environ["SM_INPUT_CONFIG_DIR"], "hyperparameters.json")))
    x1, x2 = float(hp["x1"]), float(hp["x2"])
    value = ((x2 - 5.1 / (4 * math.pi ** 2) * x1 ** 2 + 5 / math.pi * x1 - 6) ** 2
             + 10 * (1 - 1 / (8 * math.pi)) * math.cos(x1) + 10)
    epochs = int(hp.get("epochs", "1"))
    for epoch in range(1, epochs + 1):
        if epochs > 1:
            time.sleep(0.02)
        print(f"epoch={epoch} branin={value + (5.0 / epoch if epochs > 1 else 0.0):.6f}",
              flush=True)
    """
)


def request(
    name: str,
    *,
    strategy: str,
    jobs: int,
    parallel: int,
    seed: int = 0,
    epochs: int | None = None,
) -> sh.CreateHyperParameterTuningJobRequest:
    statics = {"epochs": str(epochs)} if epochs is not None else None
    band = None
    if strategy == "Hyperband":
        band = sh.HyperParameterTuningJobStrategyConfig(
            hyperband_strategy_config=sh.HyperbandStrategyConfig(
                min_resource=1, max_resource=epochs
            )
        )
    return sh.CreateHyperParameterTuningJobRequest(
        hyper_parameter_tuning_job_name=name,
        hyper_parameter_tuning_job_config=sh.HyperParameterTuningJobConfig(
            strategy=strategy,
            strategy_config=band,
            hyper_parameter_tuning_job_objective=sh.HyperParameterTuningJobObjective(
                type="Minimize", metric_name="branin"
            ),
            resource_limits=sh.ResourceLimits(
                max_number_of_training_jobs=jobs, max_parallel_training_jobs=parallel
            ),
            parameter_ranges=ranges.parameter_ranges(
                ranges.continuous("x1", -5, 10), ranges.continuous("x2", 0, 15)
            ),
            training_job_early_stopping_type="Off",
            random_seed=seed,
        ),
        training_job_definition=sh.HyperParameterTrainingJobDefinition(
            algorithm_specification=sh.HyperParameterAlgorithmSpecification(
                training_image=IMAGE,
                training_input_mode="File",
                metric_definitions=(
                    sh.MetricDefinition(name="branin", regex=r"branin=([0-9.eE+-]+)"),
                    sh.MetricDefinition(name="loss", regex=r"loss=([0-9.]+)"),
                ),
            ),
            role_arn="arn:aws:iam::123456789012:role/Bench",
            static_hyper_parameters=statics,
            output_data_config=sh.OutputDataConfig(s3_output_path="s3://bench/out/"),
            resource_config=sh.ResourceConfig(
                instance_type="ml.m5.large", instance_count=1, volume_size_in_gb=1
            ),
            stopping_condition=sh.StoppingCondition(max_runtime_in_seconds=600),
        ),
    )


def tune(
    argv: list[str], root: Path, req: sh.CreateHyperParameterTuningJobRequest
) -> tuple[float, sh.DescribeHyperParameterTuningJobResponse, LocalSageMaker]:
    """Run one tuning job to its end; (wall seconds from create to end, description, service)."""
    service = LocalSageMaker(trainers={IMAGE: LocalTrainer.command(argv)}, root=root)
    client = service.client()
    name = req.hyper_parameter_tuning_job_name
    start = time.perf_counter()
    client.create_hyper_parameter_tuning_job(req)
    while True:
        described = client.describe_hyper_parameter_tuning_job(name)
        if described.hyper_parameter_tuning_job_status not in ("InProgress", "Stopping"):
            return time.perf_counter() - start, described, service
        time.sleep(0.02)


def bare(argv: list[str], jobs: int, parallel: int) -> float:
    """The same command ``jobs`` times, ``parallel`` at once, each waited for."""
    start = time.perf_counter()
    with ThreadPoolExecutor(parallel) as pool:
        for result in pool.map(
            lambda _: subprocess.run(argv, capture_output=True, check=True), range(jobs)
        ):
            assert result.stdout
    return time.perf_counter() - start


def best(described: sh.DescribeHyperParameterTuningJobResponse) -> float:
    job = described.best_training_job
    assert job is not None and job.final_hyper_parameter_tuning_job_objective_metric is not None
    return float(job.final_hyper_parameter_tuning_job_objective_metric.value)


def overhead(work: Path) -> None:
    jobs = 20 if QUICK else 50
    argv = [sys.executable, "-c", TRIVIAL]
    # Warm-up, not timed: the interpreter's files in the page cache, optuna imported.
    bare(argv, 4, 2)
    tune(argv, work / "warm", request("warm", strategy="Random", jobs=2, parallel=2))[2].close()
    loop = bare(argv, jobs, 2)
    engine, described, service = tune(
        argv, work / "overhead", request("overhead", strategy="Random", jobs=jobs, parallel=2)
    )
    service.close()
    counters = described.training_job_status_counters
    assert counters is not None and counters.completed == jobs
    print(f"1. engine overhead, {jobs} trivial jobs, 2 at a time")
    print(
        f"   bare loop {loop:6.2f} s   engine {engine:6.2f} s   ratio {engine / loop:.2f}x"
        f"   (goal <= 1.15x)"
    )
    print(f"   per job: bare {loop / jobs * 1000:.0f} ms, engine {engine / jobs * 1000:.0f} ms")


def speedup(work: Path) -> None:
    jobs, n = (2, 4_000_000) if QUICK else (4, 12_000_000)
    script = work / "cpu.py"
    script.write_text(CPU.format(n=n), encoding="utf-8")
    argv = [sys.executable, str(script)]
    times = {}
    for parallel in (1, 2):
        took, _, service = tune(
            argv,
            work / f"speedup-{parallel}",
            request(f"speedup-{parallel}", strategy="Random", jobs=jobs, parallel=parallel),
        )
        service.close()
        times[parallel] = took
    print(f"2. parallel speed-up, {jobs} CPU-bound jobs (shared 2-core machine: a floor)")
    print(
        f"   1 at a time {times[1]:6.2f} s   2 at a time {times[2]:6.2f} s   speed-up "
        f"{times[1] / times[2]:.2f}x   (goal >= 1.8x)"
    )


def bayesian_vs_random(work: Path) -> None:
    seeds, jobs = (3, 10) if QUICK else (10, 20)
    script = work / "branin.py"
    script.write_text(BRANIN, encoding="utf-8")
    argv = [sys.executable, str(script)]
    regrets: dict[str, list[float]] = {"Bayesian": [], "Random": []}
    for seed in range(seeds):
        for strategy in regrets:
            name = f"{strategy.lower()}-{seed}"
            _, described, service = tune(
                argv,
                work / name,
                request(name, strategy=strategy, jobs=jobs, parallel=2, seed=seed),
            )
            service.close()
            regrets[strategy].append(best(described) - BRANIN_MIN)
    print(f"3. Bayesian vs Random on Branin, {jobs} jobs each (2 at a time), regret per seed")
    print("   seed  " + "  ".join(f"{s:>9}" for s in range(seeds)))
    for strategy, values in regrets.items():
        print(f"   {strategy:<8}" + "  ".join(f"{v:9.4f}" for v in values))
    b, r = statistics.median(regrets["Bayesian"]), statistics.median(regrets["Random"])
    ratio = r / b if b > 0 else math.inf
    print(f"   median regret: Bayesian {b:.4f}, Random {r:.4f}  (Random / Bayesian {ratio:.2f}x)")


def epochs_run(service: LocalSageMaker, name: str) -> list[int]:
    """Epochs each training job ran, in launch order, counted from its log."""
    client = service.client()
    jobs = sorted(
        client.paginate_training_jobs_for_hyper_parameter_tuning_job(name),
        key=lambda j: j.training_job_name,
    )
    return [service.training_job_log(j.training_job_name).count("branin=") for j in jobs]


def hyperband(work: Path) -> None:
    jobs, top = (12, 9) if QUICK else (30, 27)
    script = work / "curve.py"
    script.write_text(BRANIN, encoding="utf-8")
    argv = [sys.executable, str(script)]
    _, banded, band_service = tune(
        argv,
        work / "hyperband",
        request("hyperband", strategy="Hyperband", jobs=jobs, parallel=2, epochs=top),
    )
    band_epochs = sum(epochs_run(band_service, "hyperband"))
    band_service.close()
    target = best(banded)
    _, full, full_service = tune(
        argv,
        work / "full",
        request("full", strategy="Random", jobs=jobs, parallel=2, epochs=top),
    )
    client = full_service.client()
    summaries = sorted(
        client.paginate_training_jobs_for_hyper_parameter_tuning_job("full"),
        key=lambda j: j.training_job_name,
    )
    needed: int | None = None
    for i, job in enumerate(summaries, start=1):
        metric = job.final_hyper_parameter_tuning_job_objective_metric
        if metric is not None and float(metric.value) <= target:
            needed = i * top
            break
    full_service.close()
    print(f"4. Hyperband vs full training, {jobs} jobs, MaxResource {top} epochs")
    print(f"   Hyperband: best {target:.4f} in {band_epochs} epochs in all")
    if needed is None:
        spent = len(summaries) * top
        print(
            f"   full training (Random, {top} epochs a job): best {best(full):.4f}, never "
            f"reached Hyperband's best in {spent} epochs; ratio <= {band_epochs / spent:.2f}x"
        )
    else:
        print(
            f"   full training (Random, {top} epochs a job) reached it after {needed} epochs;"
            f" Hyperband / full = {band_epochs / needed:.2f}x"
        )


def main() -> None:
    print(f"local engine benchmark{' (quick)' if QUICK else ''}, Python {sys.version.split()[0]}")
    with tempfile.TemporaryDirectory(prefix="bench-local-engine-") as tmp:
        work = Path(tmp)
        for part in (overhead, speedup, bayesian_vs_random, hyperband):
            part(work)


if __name__ == "__main__":
    main()
