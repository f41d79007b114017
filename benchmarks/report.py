"""Benchmark of the visual tuning report: the time to build one for 1 000 training jobs.

Run: python benchmarks/report.py [--quick]   (needs the ``report`` extra: matplotlib)

Builds a synthetic, typed tuning job through the public shapes (a Describe response with four
ranges -- log-scaled continuous, linear continuous, integer, categorical -- and 1 000 training
job summaries, 8 % failed with three different reasons), then times
``TuningReport.from_data(...)`` (the data) and ``.to_html()`` (drawing the charts) and prints
each against the target: the whole build under 2 s on this machine, as a ratio.

Then the free-text case: the same jobs with one more hyperparameter that has no declared range
and a different text value in every job (a run note, a data path), which the report shows as a
categorical axis of as many categories as jobs. It is timed at 1 000 and at 4 000 jobs (8 000
for the data alone); the ratio of the two times shows how the cost grows with the jobs: about 4
(or 8) when linear, 16 (or 64) when quadratic.

Times are CPU time of this process (``time.process_time``): on a shared 2-core machine other
processes' load stretches wall time unevenly, while CPU time stays comparable. The first build
also pays for importing matplotlib and is printed separately; the target applies to the median
of the following builds.
"""

from __future__ import annotations

import math
import random
import statistics
import sys
import time
from datetime import datetime, timedelta, timezone

from _requests import tuning_job_config

from sagemaker_tuning import ranges
from sagemaker_tuning import shapes as sh
from sagemaker_tuning.report import TuningReport
from sagemaker_tuning.table import TrainingJobTable

QUICK = "--quick" in sys.argv
JOBS = 1000
TARGET_SECONDS = 2.0
START = datetime(2026, 11, 23, 8, tzinfo=timezone.utc)
REASONS = (
    "AlgorithmError: framework error: CUDA out of memory",
    "ClientError: Please ensure the training data channel is not empty",
    "CapacityError: Unable to provision requested ML compute capacity",
)
clock = time.process_time


def synthetic(
    jobs: int, *, free_text: bool = False
) -> tuple[sh.DescribeHyperParameterTuningJobResponse, TrainingJobTable]:
    """A finished tuning job of ``jobs`` training jobs, 10 in parallel, built typed.

    ``free_text``: each job also has a ``note`` hyperparameter (no declared range) whose value
    is a different sentence in every job.
    """
    rng = random.Random(1)
    parameter_ranges = ranges.parameter_ranges(
        ranges.continuous("eta", 0.001, 0.5, scaling="Logarithmic"),
        ranges.continuous("subsample", 0.5, 1.0),
        ranges.integer("max_depth", 2, 12),
        ranges.categorical("booster", ["gbtree", "dart", "gblinear"]),
    )
    summaries = []
    best: sh.HyperParameterTrainingJobSummary | None = None
    for i in range(jobs):
        created = START + timedelta(seconds=60 + (i // 10) * 400 + rng.uniform(0, 30))
        started = created + timedelta(seconds=rng.uniform(20, 90))
        ended = started + timedelta(seconds=rng.uniform(120, 360))
        eta = 10 ** rng.uniform(-3, math.log10(0.5))
        tuned = {
            "eta": f"{eta:.6g}",
            "subsample": f"{rng.uniform(0.5, 1.0):.4f}",
            "max_depth": str(rng.randint(2, 12)),
            "booster": rng.choice(["gbtree", "dart", "gblinear"]),
        }
        if free_text:
            tuned["note"] = f"run {i} on s3://bucket/data/{rng.getrandbits(48):012x}/train"
        failed = rng.random() < 0.08
        value = 0.6 + 0.35 * rng.random() - 0.1 * abs(eta - 0.05)
        summary = sh.HyperParameterTrainingJobSummary(
            training_job_name=f"bench-{i + 1:04d}-{rng.getrandbits(32):08x}",
            training_job_arn=f"arn:aws:sagemaker:us-east-1:123456789012:training-job/bench-{i}",
            creation_time=created,
            training_start_time=started,
            training_end_time=ended,
            training_job_status="Failed" if failed else "Completed",
            tuned_hyper_parameters=tuned,
            failure_reason=rng.choice(REASONS) if failed else None,
            final_hyper_parameter_tuning_job_objective_metric=(
                None
                if failed
                else sh.FinalHyperParameterTuningJobObjectiveMetric(
                    type="Maximize", metric_name="validation:auc", value=round(value, 6)
                )
            ),
            objective_status="Failed" if failed else "Succeeded",
        )
        summaries.append(summary)
        metric = summary.final_hyper_parameter_tuning_job_objective_metric
        best_metric = best.final_hyper_parameter_tuning_job_objective_metric if best else None
        if metric is not None and (best_metric is None or metric.value > best_metric.value):
            best = summary
    failed_count = sum(1 for s in summaries if s.training_job_status == "Failed")
    describe = sh.DescribeHyperParameterTuningJobResponse(
        hyper_parameter_tuning_job_name="bench",
        hyper_parameter_tuning_job_arn=(
            "arn:aws:sagemaker:us-east-1:123456789012:hyper-parameter-tuning-job/bench"
        ),
        hyper_parameter_tuning_job_config=tuning_job_config(
            strategy="Bayesian", jobs=jobs, parallel=10, ranges=parameter_ranges
        ),
        hyper_parameter_tuning_job_status="Completed",
        creation_time=START,
        hyper_parameter_tuning_end_time=max(
            s.training_end_time for s in summaries if s.training_end_time
        ),
        training_job_status_counters=sh.TrainingJobStatusCounters(
            completed=jobs - failed_count, non_retryable_error=failed_count, in_progress=0
        ),
        objective_status_counters=sh.ObjectiveStatusCounters(
            succeeded=jobs - failed_count, failed=failed_count, pending=0
        ),
        best_training_job=best,
    )
    return describe, TrainingJobTable.from_summaries(summaries, parameter_ranges=parameter_ranges)


def _time_build(jobs: int, *, free_text: bool, html: bool) -> tuple[float, float]:
    """CPU seconds of one ``from_data`` and (when ``html``) one ``to_html`` of a synthetic job."""
    describe, table = synthetic(jobs, free_text=free_text)
    t0 = clock()
    report = TuningReport.from_data(describe, table)
    t1 = clock()
    if html:
        report.to_html()
    return t1 - t0, clock() - t1


def free_text_case() -> None:
    small, large, largest = (250, 1000, 2000) if QUICK else (1000, 4000, 8000)
    print(f"Free-text hyperparameter (a different value in each job): {small} vs {large} jobs")
    data_small, html_small = _time_build(small, free_text=True, html=True)
    data_large, html_large = _time_build(large, free_text=True, html=True)
    data_largest, _ = _time_build(largest, free_text=True, html=False)
    print(f"  data, {small:5d} jobs                    {data_small:7.3f} s")
    print(f"  data, {large:5d} jobs                    {data_large:7.3f} s")
    print(f"  data, {largest:5d} jobs                    {data_largest:7.3f} s")
    print(f"  to_html(), {small:5d} jobs               {html_small:7.3f} s")
    print(f"  to_html(), {large:5d} jobs               {html_large:7.3f} s")
    grow = large / small
    print(
        f"  {large}/{small} jobs ({grow:.0f}x): data {data_large / data_small:.1f}x, "
        f"to_html {html_large / html_small:.1f}x (linear: {grow:.0f}x, quadratic: {grow**2:.0f}x)"
    )
    grow = largest / small
    print(
        f"  {largest}/{small} jobs ({grow:.0f}x): data {data_largest / data_small:.1f}x "
        f"(linear: {grow:.0f}x, quadratic: {grow**2:.0f}x)"
    )


def main() -> None:
    describe, table = synthetic(JOBS)
    runs = 2 if QUICK else 5
    print(f"Tuning report for {len(table)} training jobs (4 hyperparameters, 3 failure reasons)")

    data_times, html_times, sizes = [], [], []
    first = None
    for i in range(runs + 1):
        t0 = clock()
        report = TuningReport.from_data(describe, table)
        t1 = clock()
        page = report.to_html()
        t2 = clock()
        if i == 0:
            first = (t1 - t0, t2 - t1)  # includes importing matplotlib
            continue
        data_times.append(t1 - t0)
        html_times.append(t2 - t1)
        sizes.append(len(page.encode("utf-8")))
    assert first is not None
    data_s, html_s = statistics.median(data_times), statistics.median(html_times)
    total = data_s + html_s
    print(f"  first build (imports matplotlib)   {first[0] + first[1]:7.3f} s")
    print(f"  data: TuningReport.from_data       {data_s:7.3f} s  (median of {runs})")
    print(f"  charts + page: to_html()           {html_s:7.3f} s  (median of {runs})")
    print(f"  page size                          {statistics.median(sizes) / 1024:7.0f} KiB")
    ratio = total / TARGET_SECONDS
    verdict = "meets" if ratio <= 1.0 else "MISSES"
    print(
        f"  build total {total:.3f} s vs target {TARGET_SECONDS:.1f} s: "
        f"{ratio:.2f}x of the target ({verdict} it)"
    )
    free_text_case()


if __name__ == "__main__":
    main()
