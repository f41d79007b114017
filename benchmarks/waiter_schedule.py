"""Poll schedules of the tuning-job waiter on a simulated corpus, every figure measured in one run.

Run: ``.venv/bin/python benchmarks/waiter_schedule.py`` (a few minutes; ``--quick`` skips the
5 s poll, the slow baseline, and runs a third of the corpus).

Each tuning job of the corpus runs on :class:`~sagemaker_tuning.testing.LocalSageMaker` on
virtual time -- 10 minutes to 12 hours long, 1 to 10 training jobs in parallel, narrow to wide
spreads of training-job durations, failures, and early ends (a target objective reached, a
runtime limit, a stop from elsewhere) -- and is waited for, afresh and identically, with:

- ``progress``: the new default, ``wait_for_hyper_parameter_tuning_job(name)``;
- ``smithy``: today's defaults, ``schedule="smithy"`` (90 to 100 s);
- ``botocore``: botocore's own fixed-delay waiter (120 s) on the same waiter data;
- ``5 s``: a 5 s poll, as sagemaker-core's ``wait(poll=5)``.

Calls are every request sent (Describe and list pages, counted at botocore's ``before-call``);
lateness is the time from the tuning job's end to the answer that showed it. Target: over the
corpus, and on jobs under 30 minutes (issue 23), the new default makes no more calls than
``smithy``; on every job length its mean lateness is at most half of ``smithy``'s and its 95th
percentile no worse. (Longer jobs cost it fewer calls than ``smithy``; the table shows calls
per length too.)
"""

from __future__ import annotations

import math
import random
import statistics
import sys
import time
from collections.abc import Callable
from datetime import datetime, timezone
from unittest import mock

import attrs
from _requests import tuning_job_config, tuning_request
from botocore.exceptions import WaiterError
from botocore.waiter import WaiterModel, create_waiter_with_client

from sagemaker_tuning import shapes as sh
from sagemaker_tuning import waiters
from sagemaker_tuning.errors import TuningJobFailed
from sagemaker_tuning.testing import LocalSageMaker, Timing, VirtualClock

QUICK = "--quick" in sys.argv
START = datetime(2025, 1, 1, tzinfo=timezone.utc)
# By the job's actual length: early ends make some shorter than 10 min, slow ones longer than 12 h.
BUCKETS = ((0, 1800, "< 30 min"), (1800, 7200, "30 min-2 h"), (7200, 21600, "2-6 h"))
BUCKETS += ((21600, 10**9, ">= 6 h"),)


@attrs.frozen
class Case:
    name: str
    max_jobs: int
    parallel: int
    training: tuple[float, float]
    failure_rate: float
    early: str  # "", "target", "runtime" or "stop"
    early_at: float  # runtime limit or stop time (s after creation); unused otherwise
    seed: int
    stop_seconds: float  # Stopping to Stopped


def corpus() -> list[Case]:
    """96 jobs: eight lengths from 10 minutes to 12 hours, twelve variants each.

    Typical tuning jobs: 4 to 100 training jobs, 1 to 10 at a time, each at least two
    minutes long; durations spread +-10 %, +-50 % or +-90 % around their mean; 0 to 30 %
    failing; one variant in six reaches its target objective, one hits its runtime limit
    and one is stopped by someone else, at a random time.
    """
    rng = random.Random(2026)
    cases = []
    for length in (600, 1200, 1800, 3600, 7200, 14400, 28800, 43200):
        for variant in range(12):
            parallel = (1, 2, 4, 10, 3, 5)[variant % 6]
            fits = [
                n
                for n in (4, 10, 20, 30, 50, 100)
                if n >= parallel and math.ceil(n / parallel) * 150 <= length
            ]
            jobs = rng.choice(fits) if fits else parallel
            waves = math.ceil(jobs / parallel)
            spread = rng.choice((0.1, 0.5, 0.9))
            mean = max(60.0, (length - 30) / waves - 5)
            early = ("", "", "", "target", "runtime", "stop")[(variant + length // 600) % 6]
            cases.append(
                Case(
                    name=f"job-{length}-{variant}",
                    max_jobs=jobs,
                    parallel=parallel,
                    training=(mean * (1 - spread), mean * (1 + spread)),
                    failure_rate=rng.choice((0.0, 0.1, 0.3)),
                    early=early,
                    early_at=length * rng.uniform(0.3, 0.8),
                    seed=rng.randrange(1 << 30),
                    # A stop sends training jobs SIGTERM and waits up to 120 s for them
                    # (API_StopTrainingJob): Stopping lasts up to two minutes.
                    stop_seconds=rng.uniform(20.0, 120.0),
                )
            )
    return cases[::4] if QUICK else cases


class StoppingClock(VirtualClock):
    """Virtual time on which someone else stops the tuning job at a given moment."""

    def __init__(self) -> None:
        super().__init__(START)
        self.at: float | None = None
        self.action: Callable[[], object] | None = None

    def advance(self, seconds: float) -> None:
        if self.at is not None and self.action is not None and self.time() + seconds >= self.at:
            first = max(0.0, self.at - self.time())
            super().advance(first)
            action, self.action = self.action, None
            action()
            super().advance(seconds - first)
            return
        super().advance(seconds)


def request(case: Case) -> sh.CreateHyperParameterTuningJobRequest:
    ranges = sh.ParameterRanges(
        continuous_parameter_ranges=(
            sh.ContinuousParameterRange(name="eta", min_value="0.001", max_value="0.5"),
        ),
        integer_parameter_ranges=(
            sh.IntegerParameterRange(name="max_depth", min_value="2", max_value="10"),
        ),
    )
    config = tuning_job_config(
        strategy="Bayesian",
        jobs=case.max_jobs,
        parallel=case.parallel,
        ranges=ranges,
        max_runtime=max(120, int(case.early_at)) if case.early == "runtime" else None,
        target=0.93 if case.early == "target" else None,
    )
    return tuning_request(case.name, config, training_runtime=86400)


@attrs.frozen
class Outcome:
    length: float
    calls: int
    lateness: float


def run_case(case: Case, strategy: str) -> Outcome:
    clock = StoppingClock()
    service = LocalSageMaker(
        seed=case.seed,
        clock=clock,
        failure_rate=case.failure_rate,
        timing=Timing(training=case.training, stop=case.stop_seconds),
    )
    client = service.client()
    client.create_hyper_parameter_tuning_job(request(case))
    if case.early == "stop":
        clock.at = clock.time() + case.early_at
        clock.action = lambda: client.stop_hyper_parameter_tuning_job(case.name)
    sent: list[str] = []
    client.boto_client.meta.events.register(
        "before-call.sagemaker", lambda model, **_: sent.append(model.name)
    )
    # The Smithy schedule's jitter (random.uniform) draws the same numbers for every
    # schedule of a job, so each run of the benchmark prints the same table.
    random.seed(case.seed)
    started = clock.time()
    try:
        if strategy == "progress":
            client.wait_for_hyper_parameter_tuning_job(case.name)
        elif strategy == "smithy":
            client.wait_for_hyper_parameter_tuning_job(case.name, schedule="smithy")
        elif strategy == "5 s":
            client.wait_for_hyper_parameter_tuning_job(
                case.name, schedule="smithy", min_delay=5, max_delay=5
            )
        else:
            model = WaiterModel(waiters.load_document())
            waiter = create_waiter_with_client(
                "HyperParameterTuningJobCompletedOrStopped", model, client.boto_client
            )
            with mock.patch("botocore.waiter.time.sleep", clock.sleep):
                try:
                    waiter.wait(HyperParameterTuningJobName=case.name)
                except WaiterError as error:
                    if "terminal failure" not in str(error):
                        raise
    except TuningJobFailed:
        pass  # every training job failed: noticed all the same
    noticed = clock.time()
    calls = len(sent)
    final = service.handle(
        "SageMaker.DescribeHyperParameterTuningJob",
        f'{{"HyperParameterTuningJobName": "{case.name}"}}'.encode(),
    )
    import json

    body = json.loads(final[2])
    end = float(body["HyperParameterTuningEndTime"])
    return Outcome(length=end - started, calls=calls, lateness=noticed - end)


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, math.ceil(0.95 * len(ordered)) - 1)]


def run_all(
    cases: list[Case], strategies: list[str]
) -> tuple[dict[str, list[Outcome]], dict[str, float]]:
    """Each strategy's outcome on every case, and the wall seconds each strategy took."""
    results: dict[str, list[Outcome]] = {}
    seconds: dict[str, float] = {}
    for strategy in strategies:
        began = time.perf_counter()
        results[strategy] = [run_case(case, strategy) for case in cases]
        seconds[strategy] = time.perf_counter() - began
    return results, seconds


def bucket(
    results: dict[str, list[Outcome]], low: float, high: float
) -> dict[str, tuple[int, float, float]]:
    """(calls, mean lateness, p95 lateness) of each strategy on the jobs whose Smithy-waited
    length is in ``[low, high)``."""
    lengths = [o.length for o in results["smithy"]]
    picked = [i for i, length in enumerate(lengths) if low <= length < high]
    row: dict[str, tuple[int, float, float]] = {}
    for strategy, outcomes in results.items():
        chosen = [outcomes[i] for i in picked]
        late = [o.lateness for o in chosen]
        row[strategy] = (sum(o.calls for o in chosen), statistics.fmean(late), p95(late))
    return row


def main() -> None:
    cases = corpus()
    strategies = ["progress", "smithy", "botocore"] + ([] if QUICK else ["5 s"])
    results, seconds = run_all(cases, strategies)
    lengths = [o.length for o in results["smithy"]]
    print(
        f"Waiting for {len(cases)} simulated tuning jobs of {min(lengths) / 60:.0f} min to "
        f"{max(lengths) / 3600:.1f} h (virtual time; {'quick' if QUICK else 'full'} run)"
    )
    header = f"{'schedule':<10} {'jobs':>4} {'bucket':<11} {'calls':>7} {'calls/job':>9} "
    header += f"{'mean late':>9} {'p95 late':>8} {'max late':>8}"
    print(header)
    print("-" * len(header))
    verdicts: list[str] = []
    for low, high, label in (*BUCKETS, (0, 10**9, "all")):
        picked = [i for i, length in enumerate(lengths) if low <= length < high]
        if not picked:
            continue
        row: dict[str, tuple[int, float, float]] = {}
        for strategy in strategies:
            chosen = [results[strategy][i] for i in picked]
            calls = sum(o.calls for o in chosen)
            late = [o.lateness for o in chosen]
            row[strategy] = (calls, statistics.fmean(late), p95(late))
            print(
                f"{strategy:<10} {len(picked):>4} {label:<11} {calls:>7} "
                f"{calls / len(picked):>9.1f} {statistics.fmean(late):>8.1f}s "
                f"{p95(late):>7.1f}s {max(late):>7.1f}s"
            )
        new, old = row["progress"], row["smithy"]
        late_ok = new[1] <= 0.5 * old[1] and new[2] <= old[2]
        if label == "< 30 min":
            calls_ok = new[0] <= old[0]
            verdicts.append(
                f"{label}: mean lateness {new[1] / old[1]:.2f}x, p95 {new[2] / old[2]:.2f}x "
                f"(target <= 0.5x, <= 1x: {'met' if late_ok else 'MISSED'}); "
                f"calls {new[0] / old[0]:.2f}x (target <= 1x: {'met' if calls_ok else 'MISSED'})"
            )
        elif label == "all":
            calls_ok = new[0] <= old[0]
            verdicts.append(
                f"all jobs: calls {new[0] / old[0]:.2f}x (target <= 1x: "
                f"{'met' if calls_ok else 'MISSED'}), mean lateness {new[1] / old[1]:.2f}x, "
                f"p95 {new[2] / old[2]:.2f}x"
            )
        else:
            verdicts.append(
                f"{label}: mean lateness {new[1] / old[1]:.2f}x, p95 {new[2] / old[2]:.2f}x "
                f"(target <= 0.5x, <= 1x: {'met' if late_ok else 'MISSED'}); "
                f"calls {new[0] / old[0]:.2f}x"
            )
        print()
    print("progress vs smithy, per job length and over all jobs")
    for line in verdicts:
        print("  " + line)
    print("wall time per schedule: " + ", ".join(f"{k} {v:.1f} s" for k, v in seconds.items()))


if __name__ == "__main__":
    main()
