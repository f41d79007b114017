"""The visual tuning report: the data behind each chart, the page as a browser shows it.

The data is checked against the training jobs themselves (listed independently from
``LocalSageMaker``, and hand-written wire data offline); the page is checked for being
self-contained, deterministic and accessible, and rendered in headless Chromium to a PNG whose
pixels show every chart.
"""

from __future__ import annotations

import html
import json
import math
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from sagemaker_tuning import ranges, serde
from sagemaker_tuning import shapes as sh
from sagemaker_tuning.client import TuningClient
from sagemaker_tuning.report import BOUND_MARGIN, EXTRA_HINT, TuningReport, require_matplotlib
from sagemaker_tuning.table import TrainingJobTable
from sagemaker_tuning.testing import LocalSageMaker

IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
NAME = "report-xgb"
T0 = datetime(2026, 11, 23, 9, 0, tzinfo=timezone.utc)
ACCOUNT = "123456789012"
RANGES = ranges.parameter_ranges(
    ranges.continuous("eta", 0.001, 0.5, scaling="Logarithmic"),
    ranges.integer("max_depth", 2, 10),
    ranges.categorical("booster", ["gbtree", "dart", "gblinear"]),
)


def _require(module: str) -> None:
    """Tests that draw need matplotlib: a failure in CI, a skip on a machine without the extra."""
    try:
        __import__(module)
    except ImportError:
        if IN_CI:
            pytest.fail(f"{module} is missing in CI: .ci/run installs the 'report' extra")
        pytest.skip(f"{module} is not installed (pip install 'sagemaker-tuning[report]')")


# --------------------------------------------------------------------------------------------
# A tuning job on the local service


def tuning_request(
    name: str, *, max_jobs: int, parallel: int
) -> sh.CreateHyperParameterTuningJobRequest:
    account = ACCOUNT
    return sh.CreateHyperParameterTuningJobRequest(
        hyper_parameter_tuning_job_name=name,
        hyper_parameter_tuning_job_config=sh.HyperParameterTuningJobConfig(
            strategy="Random",
            hyper_parameter_tuning_job_objective=sh.HyperParameterTuningJobObjective(
                type="Maximize", metric_name="validation:auc"
            ),
            resource_limits=sh.ResourceLimits(
                max_number_of_training_jobs=max_jobs, max_parallel_training_jobs=parallel
            ),
            parameter_ranges=RANGES,
        ),
        training_job_definition=sh.HyperParameterTrainingJobDefinition(
            algorithm_specification=sh.HyperParameterAlgorithmSpecification(
                training_image=f"{account}.dkr.ecr.us-east-1.amazonaws.com/xgboost:1",
                training_input_mode="File",
            ),
            role_arn=f"arn:aws:iam::{account}:role/SageMakerRole",
            output_data_config=sh.OutputDataConfig(s3_output_path="s3://bucket/tuning"),
            resource_config=sh.ResourceConfig(
                instance_type="ml.m5.xlarge", instance_count=1, volume_size_in_gb=10
            ),
            stopping_condition=sh.StoppingCondition(max_runtime_in_seconds=3600),
        ),
    )


class Run:
    """A finished tuning job on LocalSageMaker, its report, and its training jobs listed apart."""

    def __init__(self, *, max_jobs: int = 30, failure_rate: float = 0.2) -> None:
        self.service = LocalSageMaker(seed=5, failure_rate=failure_rate)
        self.client: TuningClient = self.service.client()
        self.client.create_hyper_parameter_tuning_job(
            tuning_request(NAME, max_jobs=max_jobs, parallel=4)
        )
        self.client.wait_for_hyper_parameter_tuning_job(NAME)
        self.calls: list[str] = []
        events = self.client.boto_client.meta.events
        events.register("before-call.sagemaker", self._count, unique_id="report-test-count")
        self.report = TuningReport.build(self.client, NAME, top=5)
        events.unregister("before-call.sagemaker", unique_id="report-test-count")
        self.describe = self.client.describe_hyper_parameter_tuning_job(NAME)
        self.summaries = list(
            self.client.paginate_training_jobs_for_hyper_parameter_tuning_job(NAME, page_size=7)
        )
        self.data = self.report.data()

    def _count(self, model: Any, **_: Any) -> None:
        self.calls.append(model.name)

    def scored(self) -> dict[str, float]:
        """Training job name -> objective value, for the jobs that reported one."""
        out = {}
        for s in self.summaries:
            metric = s.final_hyper_parameter_tuning_job_objective_metric
            if metric is not None:
                out[s.training_job_name] = metric.value
        return out


@pytest.fixture(scope="module")
def run() -> Run:
    return Run()


# --------------------------------------------------------------------------------------------
# The data behind each chart, against the training jobs


def test_build_makes_one_describe_and_one_list_call_per_100_jobs(run: Run) -> None:
    assert run.calls == [
        "DescribeHyperParameterTuningJob",
        "ListTrainingJobsForHyperParameterTuningJob",
    ]
    assert run.data["tuning_job"]["training_jobs"]["listed"] == len(run.summaries) == 30


def test_header_counters_limits_and_best_job_come_from_the_describe_response(run: Run) -> None:
    job = run.data["tuning_job"]
    counters = run.describe.training_job_status_counters
    assert counters is not None
    assert job["name"] == NAME
    assert job["status"] == "Completed"
    assert job["strategy"] == "Random"
    assert job["objective_metric"] == "validation:auc"
    assert job["objective_type"] == "Maximize"
    assert job["training_jobs"]["completed"] == counters.completed
    assert job["training_jobs"]["failed"] == (counters.retryable_error or 0) + (
        counters.non_retryable_error or 0
    )
    assert job["training_jobs"]["failed"] == sum(
        1 for s in run.summaries if s.training_job_status == "Failed"
    )
    assert job["training_jobs"]["pending"] is None  # only the preview view has it
    assert job["compute_hours"] is None
    assert job["limits"]["max_training_jobs"] == 30
    assert job["limits"]["max_parallel_training_jobs"] == 4
    best = run.describe.best_training_job
    assert best is not None
    assert job["best_training_job"]["name"] == best.training_job_name
    assert job["best_training_job"]["hyper_parameters"] == dict(best.tuned_hyper_parameters)
    assert run.describe.creation_time is not None and run.describe.hyper_parameter_tuning_end_time
    elapsed = run.describe.hyper_parameter_tuning_end_time - run.describe.creation_time
    assert job["elapsed_seconds"] == elapsed.total_seconds()
    durations = [
        (s.training_end_time - s.training_start_time).total_seconds()
        for s in run.summaries
        if s.training_end_time and s.training_start_time
    ]
    assert job["training_hours"] == pytest.approx(sum(durations) / 3600, abs=1e-4)


def test_history_is_every_objective_in_end_time_order_with_the_running_best(run: Run) -> None:
    history = run.data["history"]
    scored = run.scored()
    by_name = {s.training_job_name: s for s in run.summaries}
    assert {p["training_job_name"] for p in history["points"]} == set(scored)
    assert run.describe.creation_time is not None
    best = -math.inf
    previous_time = -math.inf
    for point in history["points"]:
        summary = by_name[point["training_job_name"]]
        assert summary.training_end_time is not None
        seconds = (summary.training_end_time - run.describe.creation_time).total_seconds()
        assert point["time_seconds"] == seconds
        assert point["time_seconds"] >= previous_time
        previous_time = point["time_seconds"]
        assert point["objective"] == scored[point["training_job_name"]]
        assert point["improved"] == (point["objective"] > best)
        best = max(best, point["objective"])
        assert point["best_so_far"] == best
    assert history["improvements"] == [p for p in history["points"] if p["improved"]]
    assert history["improvements"][-1]["objective"] == max(scored.values())
    assert history["time_unit"] == "minutes"  # the local job runs about half an hour


def test_each_hyperparameter_chart_holds_every_tuned_value_with_its_range(run: Run) -> None:
    charts = {h["name"]: h for h in run.data["hyperparameters"]}
    assert list(charts) == ["booster", "eta", "max_depth"]
    scored = run.scored()
    tuned = {s.training_job_name: s.tuned_hyper_parameters for s in run.summaries}

    eta = charts["eta"]
    assert (eta["kind"], eta["scaling"], eta["axis"]) == ("Continuous", "Logarithmic", "log")
    assert (eta["low"], eta["high"], eta["bounds_declared"]) == (0.001, 0.5, True)
    depth = charts["max_depth"]
    assert (depth["kind"], depth["axis"], depth["low"], depth["high"]) == (
        "Integer",
        "linear",
        2,
        10,
    )
    booster = charts["booster"]
    assert (booster["kind"], booster["axis"]) == ("Categorical", "category")
    assert booster["values"] == ["gbtree", "dart", "gblinear"]

    for chart in charts.values():
        assert {p["training_job_name"] for p in chart["points"]} == set(scored)
        assert chart["unplaced"] == 0
        for p in chart["points"]:
            raw = tuned[p["training_job_name"]][chart["name"]]
            expected: Any = raw
            if chart["kind"] == "Integer":
                expected = int(raw)
            elif chart["kind"] == "Continuous":
                expected = float(raw)
            assert p["value"] == expected and type(p["value"]) is type(expected)
            assert p["objective"] == scored[p["training_job_name"]]
    # Positions: log interpolation for eta, linear for max_depth, category order for booster.
    for p in eta["points"]:
        want = (math.log10(p["value"]) - math.log10(0.001)) / (math.log10(0.5) - math.log10(0.001))
        assert p["position"] == pytest.approx(want)
    for p in depth["points"]:
        assert p["position"] == pytest.approx((p["value"] - 2) / 8)
    for p in booster["points"]:
        assert p["position"] == ["gbtree", "dart", "gblinear"].index(p["value"]) / 2
    # The best job is marked on every chart, and a bound it presses against is named.
    best_name = max(scored, key=lambda n: scored[n])
    for chart in charts.values():
        assert chart["best"]["training_job_name"] == best_name
        where = chart["best"]["position"]
        expected_bound = None
        if chart["kind"] != "Categorical":
            expected_bound = (
                "min" if where <= BOUND_MARGIN else "max" if where >= 1 - BOUND_MARGIN else None
            )
        assert chart["best_at_bound"] == expected_bound
    # The text alternative of each chart accounts for every point.
    for chart in charts.values():
        assert sum(s["jobs"] for s in chart["summary"]) == len(chart["points"])
    gbtree = next(s for s in booster["summary"] if s["value"] == "gbtree")
    gbtree_values = [
        scored[n] for n, t in tuned.items() if t["booster"] == "gbtree" and n in scored
    ]
    assert gbtree["jobs"] == len(gbtree_values)
    assert gbtree["best_objective"] == max(gbtree_values)


def test_parallel_coordinates_and_table_are_the_top_jobs_best_first(run: Run) -> None:
    scored = run.scored()
    top = sorted(scored, key=lambda n: (-scored[n], n))[:5]
    parallel = run.data["parallel_coordinates"]
    assert [line["training_job_name"] for line in parallel["lines"]] == top
    assert [a["name"] for a in parallel["axes"]] == [
        "booster",
        "eta",
        "max_depth",
        "validation:auc",
    ]
    charts = {h["name"]: h for h in run.data["hyperparameters"]}
    values = [scored[n] for n in top]
    for line in parallel["lines"]:
        for axis, position in zip(parallel["axes"][:-1], line["positions"], strict=False):
            point = next(
                p
                for p in charts[axis["name"]]["points"]
                if p["training_job_name"] == line["training_job_name"]
            )
            assert position == point["position"]
        objective = (line["objective"] - min(values)) / (max(values) - min(values))
        assert line["positions"][-1] == pytest.approx(objective)
    assert parallel["lines"][0]["positions"][-1] == 1.0  # the best at the top
    table = run.data["top_training_jobs"]
    assert [r["training_job_name"] for r in table] == top
    assert [r["rank"] for r in table] == [1, 2, 3, 4, 5]
    by_name = {s.training_job_name: s for s in run.summaries}
    for row in table:
        summary = by_name[row["training_job_name"]]
        assert row["objective"] == scored[row["training_job_name"]]
        assert row["hyper_parameters"] == ranges.decode(summary.tuned_hyper_parameters, RANGES)
        assert summary.training_end_time and summary.training_start_time
        duration = summary.training_end_time - summary.training_start_time
        assert row["duration_seconds"] == duration.total_seconds()


def test_failures_are_grouped_by_reason(run: Run) -> None:
    failed = [s for s in run.summaries if s.training_job_status == "Failed"]
    assert failed, "the seeded run is expected to have failures"
    failures = run.data["failures"]
    assert failures["failed"] == len(failed)
    reasons = {s.failure_reason for s in failed}
    assert [g["reason"] for g in failures["groups"]] == sorted(reasons)
    assert failures["groups"][0]["training_job_names"] == sorted(
        s.training_job_name for s in failed
    )


def test_data_is_json_ready_and_a_fresh_copy(run: Run) -> None:
    text = json.dumps(run.report.data(), allow_nan=False)
    assert json.loads(text) == run.data
    copy = run.report.data()
    copy["history"]["points"].clear()
    assert run.report.data()["history"]["points"] == run.data["history"]["points"]


# --------------------------------------------------------------------------------------------
# Offline, from saved wire data


def summary(
    index: int,
    *,
    status: str = "Completed",
    value: float | None = None,
    params: dict[str, str],
    ended: int = 600,
    failure: str | None = None,
) -> dict[str, Any]:
    name = f"offline-{index:03d}"
    wire: dict[str, Any] = {
        "TrainingJobName": name,
        "TrainingJobArn": f"arn:aws:sagemaker:us-east-1:{ACCOUNT}:training-job/{name}",
        "CreationTime": T0 + timedelta(seconds=index),
        "TrainingStartTime": T0 + timedelta(seconds=60 + index),
        "TrainingEndTime": T0 + timedelta(seconds=ended + index),
        "TrainingJobStatus": status,
        "TunedHyperParameters": params,
    }
    if value is not None:
        wire["FinalHyperParameterTuningJobObjectiveMetric"] = {
            "Type": "Minimize",
            "MetricName": "validation:rmse",
            "Value": value,
        }
    if failure is not None:
        wire["FailureReason"] = failure
    return wire


OFFLINE_RANGES = {
    "ContinuousParameterRanges": [
        {
            "Name": "momentum",
            "MinValue": "0.5",
            "MaxValue": "0.999",
            "ScalingType": "ReverseLogarithmic",
        },
        {"Name": "lr", "MinValue": "0.0001", "MaxValue": "0.1", "ScalingType": "Logarithmic"},
    ],
    "IntegerParameterRanges": [{"Name": "layers", "MinValue": "1", "MaxValue": "8"}],
}


def offline_data() -> tuple[dict[str, Any], list[dict[str, Any]]]:
    describe = {
        "HyperParameterTuningJobName": "offline",
        "HyperParameterTuningJobArn": f"arn:aws:sagemaker:us-east-1:{ACCOUNT}:hyper-parameter-tuning-job/offline",
        "HyperParameterTuningJobStatus": "InProgress",
        "CreationTime": T0,
        "LastModifiedTime": T0 + timedelta(hours=5),
        "HyperParameterTuningJobConfig": {
            "Strategy": "Bayesian",
            "HyperParameterTuningJobObjective": {
                "Type": "Minimize",
                "MetricName": "validation:rmse",
            },
            "ResourceLimits": {
                "MaxNumberOfTrainingJobs": 50,
                "MaxParallelTrainingJobs": 2,
                "MaxRuntimeInSeconds": 36000,
            },
            "ParameterRanges": OFFLINE_RANGES,
        },
        "TrainingJobStatusCounters": {
            "Completed": 4,
            "InProgress": 1,
            "RetryableError": 1,
            "NonRetryableError": 3,
            "Stopped": 1,
        },
        "ObjectiveStatusCounters": {"Succeeded": 4, "Pending": 1, "Failed": 4},
        "ConsumedResources": {"RuntimeInSeconds": 18000},
    }
    jobs = [
        # lr of the best job (index 3) sits on the range's maximum; "seed" has no declared range.
        summary(
            1,
            value=0.9,
            params={"momentum": "0.9", "lr": "0.001", "layers": "2", "seed": "7"},
            ended=3600,
        ),
        summary(
            2,
            value=0.7,
            params={"momentum": "0.99", "lr": "0.01", "layers": "4", "seed": "11"},
            ended=7200,
        ),
        summary(
            3,
            value=0.5,
            params={"momentum": "0.95", "lr": "0.1", "layers": "5", "seed": "3"},
            ended=14400,
        ),
        summary(
            4,
            value=0.8,
            params={"momentum": "0.5", "lr": "0.0001", "layers": "8", "seed": "5"},
            ended=16000,
        ),
        summary(
            5,
            status="Failed",
            params={"momentum": "0.6", "lr": "0.05", "layers": "1", "seed": "1"},
            failure="ClientError: out of memory",
        ),
        summary(
            6,
            status="Failed",
            params={"momentum": "0.7", "lr": "0.05", "layers": "1", "seed": "1"},
            failure="ClientError:  out of\n memory",
        ),
        summary(
            7,
            status="Failed",
            params={"momentum": "0.8", "lr": "0.05", "layers": "1", "seed": "1"},
            failure="AlgorithmError: loss is NaN",
        ),
        summary(
            8, status="Failed", params={"momentum": "0.8", "lr": "0.05", "layers": "1", "seed": "1"}
        ),
        summary(
            9,
            status="Stopped",
            params={"momentum": "0.8", "lr": "0.05", "layers": "1", "seed": "1"},
        ),
        summary(
            10,
            status="InProgress",
            params={"momentum": "0.8", "lr": "0.05", "layers": "1", "seed": "1"},
        ),
    ]
    for job in jobs:
        if job["TrainingJobStatus"] == "InProgress":
            del job["TrainingEndTime"]
    return describe, jobs


def as_json(value: Any) -> Any:
    """What the data looks like after a trip through a JSON file."""
    return json.loads(json.dumps(value, default=lambda v: v.isoformat()))


def test_from_data_works_offline_from_wire_dicts_saved_as_json() -> None:
    describe, jobs = offline_data()
    report = TuningReport.from_data(as_json(describe), as_json(jobs), top=3)
    data = report.data()
    assert data["objective"] == {
        "metric_name": "validation:rmse",
        "type": "Minimize",
        "direction_assumed": False,
        "maximize": False,
        "not_finite": 0,
    }
    job = data["tuning_job"]
    assert job["status"] == "InProgress"
    assert job["training_jobs"] == {
        "completed": 4,
        "in_progress": 1,
        "failed": 4,
        "stopped": 1,
        "pending": None,
        "listed": 10,
    }
    # Still running: elapsed ends at the newest time in the data, never at the wall clock.
    assert job["as_of"] == (T0 + timedelta(hours=5)).isoformat()
    assert job["elapsed_seconds"] == 5 * 3600
    assert job["limits"]["max_runtime_seconds"] == 36000
    assert job["best_training_job"]["name"] == "offline-003"  # no BestTrainingJob: the table's
    # Minimize: the running best goes down; history is in end-time order.
    history = data["history"]
    assert [p["training_job_name"] for p in history["points"]] == [
        "offline-001",
        "offline-002",
        "offline-003",
        "offline-004",
    ]
    assert [p["best_so_far"] for p in history["points"]] == [0.9, 0.7, 0.5, 0.5]
    assert history["time_unit"] == "hours"
    charts = {h["name"]: h for h in data["hyperparameters"]}
    assert list(charts) == ["layers", "lr", "momentum", "seed"]
    assert charts["momentum"]["axis"] == "reverse-log"
    for p in charts["momentum"]["points"]:
        low, high = -math.log10(1 - 0.5), -math.log10(1 - 0.999)
        assert p["position"] == pytest.approx((-math.log10(1 - p["value"]) - low) / (high - low))
    assert charts["lr"]["axis"] == "log"
    assert charts["lr"]["best_at_bound"] == "max"
    assert charts["layers"]["best_at_bound"] is None
    # No declared range: bounds are the values every listed job tried, and are not drawn.
    seed = charts["seed"]
    assert (seed["kind"], seed["bounds_declared"], seed["low"], seed["high"]) == (
        "Integer",
        False,
        1,
        11,
    )
    assert seed["best_at_bound"] is None
    assert [r["training_job_name"] for r in data["top_training_jobs"]] == [
        "offline-003",
        "offline-002",
        "offline-004",
    ]
    # Better is up on the objective axis, whichever the direction.
    assert [line["positions"][-1] for line in data["parallel_coordinates"]["lines"]] == [
        1.0,
        pytest.approx((0.8 - 0.7) / (0.8 - 0.5)),
        0.0,
    ]
    failures = data["failures"]
    assert failures["failed"] == 4 and failures["stopped"] == 1
    assert [(g["reason"], g["count"]) for g in failures["groups"]] == [
        ("ClientError: out of memory", 2),
        ("(no FailureReason given)", 1),
        ("AlgorithmError: loss is NaN", 1),
    ]


def test_from_data_takes_typed_shapes_and_a_table_alike() -> None:
    describe, jobs = offline_data()
    typed = serde.from_api(sh.DescribeHyperParameterTuningJobResponse, describe)
    summaries = [serde.from_api(sh.HyperParameterTrainingJobSummary, j) for j in jobs]
    from_dicts = TuningReport.from_data(describe, jobs).data()
    assert TuningReport.from_data(typed, summaries).data() == from_dicts
    assert (
        TuningReport.from_data(typed, TrainingJobTable.from_summaries(summaries)).data()
        == from_dicts
    )


def test_the_preview_view_adds_compute_hours_pending_jobs_and_the_clock_limit() -> None:
    describe, jobs = offline_data()
    view = {
        "TuningJobName": "offline",
        "ResourcesStats": {
            "ConsumedResources": {
                "ComputeHours": {"Finished": 3, "InFlight": 1},
                "Jobs": {"Completed": 4, "Failed": 4, "Pending": 2, "Running": 1},
                "ResourceLimits": {
                    "MaxClockTimeInHours": 10,
                    "MaxNumberOfTrainingJobs": 50,
                    "MaxParallelTrainingJobs": 2,
                },
            }
        },
    }
    job = TuningReport.from_data(describe, jobs, tuning_job_view=view).data()["tuning_job"]
    assert job["compute_hours"] == {"finished": 3.0, "in_flight": 1.0}
    assert job["training_jobs"]["pending"] == 2
    assert job["limits"]["max_clock_time_hours"] == 10
    assert job["sources"][-1] == "describe_tuning_job"
    with pytest.raises(TypeError, match="tuning_job_view: expected the describe_tuning_job"):
        TuningReport.from_data(describe, jobs, tuning_job_view=42)


def test_bad_arguments_name_the_parameter_and_what_was_expected() -> None:
    describe, jobs = offline_data()
    with pytest.raises(
        TypeError, match="describe_response: expected a DescribeHyperParameterTuningJobResponse"
    ):
        TuningReport.from_data(42, jobs)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="table: expected a TrainingJobTable"):
        TuningReport.from_data(describe, "offline-001")
    with pytest.raises(TypeError, match=r"table\[1\]: expected a HyperParameterTrainingJobSummary"):
        TuningReport.from_data(describe, [jobs[0], 7])
    with pytest.raises(ValueError, match="top: expected a non-negative int"):
        TuningReport.from_data(describe, jobs, top=-1)
    with pytest.raises(ValueError, match="now: expected a timezone-aware datetime"):
        TuningReport.from_data(describe, jobs, now=datetime(2026, 1, 1))


def test_a_malformed_response_never_crashes_the_report() -> None:
    # A lenient parse keeps whatever the service sent: text for counters, a string for a shape.
    describe = {
        "HyperParameterTuningJobName": "odd",
        "HyperParameterTuningJobConfig": "oops",
        "TrainingJobStatusCounters": {"Completed": "seven"},
        "BestTrainingJob": {"TrainingJobName": 5},
        "CreationTime": "not a time",
    }
    jobs = [
        {
            "TrainingJobName": "a",
            "TrainingJobStatus": "Completed",
            "TunedHyperParameters": {"x": "1"},
            "FinalHyperParameterTuningJobObjectiveMetric": {"MetricName": "m", "Value": "NaN?"},
        },
        {
            "TrainingJobName": "b",
            "TrainingJobStatus": "Completed",
            "TunedHyperParameters": {"x": "oops"},
            "FinalHyperParameterTuningJobObjectiveMetric": {"MetricName": "m", "Value": 0.5},
        },
        {"TrainingJobName": "c", "TrainingJobStatus": "Failed", "FailureReason": 12},
    ]
    data = TuningReport.from_data(describe, jobs).data()
    json.dumps(data, allow_nan=False)
    assert data["tuning_job"]["training_jobs"]["completed"] is None
    assert data["objective"]["direction_assumed"] is True
    assert [p["training_job_name"] for p in data["history"]["points"]] == []  # no times at all
    assert data["history"]["without_time"] == 1
    x = data["hyperparameters"][0]
    assert (x["kind"], x["bounds_declared"]) == ("Categorical", False)
    assert data["failures"]["groups"] == [
        {"reason": "(no FailureReason given)", "count": 1, "training_job_names": ["c"]}
    ]


def test_a_job_without_results_still_makes_a_report() -> None:
    describe, _ = offline_data()
    report = TuningReport.from_data(describe, [])
    data = report.data()
    assert data["history"]["points"] == [] and data["top_training_jobs"] == []
    assert data["parallel_coordinates"]["lines"] == [] and data["failures"]["groups"] == []
    _require("matplotlib")
    page = report.to_html()
    assert "<svg" not in page
    assert page.count("No training job has reported the objective metric yet.") >= 2


# --------------------------------------------------------------------------------------------
# Without matplotlib


def test_without_matplotlib_the_page_names_the_extra_and_the_data_still_works(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    describe, jobs = offline_data()
    report = TuningReport.from_data(describe, jobs)
    for name in [m for m in sys.modules if m == "matplotlib" or m.startswith("matplotlib.")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # makes `import matplotlib` fail
    for attempt in (report.to_html, report._repr_html_, require_matplotlib):
        with pytest.raises(ImportError) as info:
            attempt()
        assert str(info.value) == EXTRA_HINT
        assert "pip install 'sagemaker-tuning[report]'" in str(info.value)
    assert report.data()["tuning_job"]["name"] == "offline"


def test_importing_the_package_or_the_report_module_does_not_import_matplotlib() -> None:
    code = (
        "import sys, sagemaker_tuning, sagemaker_tuning.report; "
        "from sagemaker_tuning.report import TuningReport; "
        "print('matplotlib' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "False"


# --------------------------------------------------------------------------------------------
# The page


@pytest.fixture(scope="module")
def page(run: Run) -> str:
    _require("matplotlib")
    return run.report.to_html()


def test_the_page_is_self_contained_and_runs_no_script(page: str) -> None:
    assert not re.search(r"<script\b", page, re.IGNORECASE)
    assert not re.search(r"<(link|iframe|object|embed|img)\b", page, re.IGNORECASE)
    assert not re.search(r"@import|url\(\s*['\"]?\s*(https?:)?//", page, re.IGNORECASE)
    references = re.findall(r"""\b(?:src|href|xlink:href)\s*=\s*["']([^"']*)["']""", page)
    assert references, "the charts refer to their own definitions"
    outside = [r for r in references if not r.startswith("#")]
    assert outside == []
    assert not re.search(r"""\b(src|href)\s*=\s*["']?\s*(https?:)?//""", page, re.IGNORECASE)


def test_the_page_is_deterministic(run: Run, page: str) -> None:
    assert run.report.to_html() == page
    again = TuningReport.from_data(run.describe, run.summaries, top=5)
    assert again.to_html() == page


def test_every_chart_has_a_title_axis_labels_and_a_text_alternative(run: Run, page: str) -> None:
    svgs = re.findall(r"<svg\b[^>]*>", page)
    keys = [re.search(r'data-chart="([^"]+)"', s).group(1) for s in svgs]  # type: ignore[union-attr]
    assert keys == ["history", "hp0", "hp1", "hp2", "parallel", "failures"]
    for key, tag in zip(keys, svgs, strict=True):
        assert 'role="img"' in tag and f'aria-labelledby="{key}-caption"' in tag
        assert re.search(f'<figcaption id="{key}-caption">[^<]+', page)
        assert f'<figure id="{key}" aria-labelledby="{key}-caption">' in page
    # Chart text is drawn as glyphs; matplotlib keeps each string beside them as a comment.
    drawn = dict(zip(keys, re.findall(r"<svg\b.*?</svg>", page, re.DOTALL), strict=True))

    def texts(key: str) -> set[str]:
        return {html.unescape(t) for t in re.findall(r"<!-- (.*?) -->", drawn[key])}

    objective = "validation:auc (metric units, higher is better)"
    assert {
        "Objective per training job over time",
        "Time since the tuning job was created (minutes)",
        objective,
    } <= texts("history")
    assert {"validation:auc against eta", "eta (continuous, log scale)", objective} <= texts("hp1")
    assert r"$\mathdefault{10^{-2}}$" in texts("hp1")  # a log axis
    assert {"booster (categorical)", "gbtree", "dart", "gblinear"} <= texts("hp0")
    assert {"max_depth (integer, linear scale)", "range min 2", "range max 10"} <= texts("hp2")
    assert {"Position in the range (min to max)"} <= texts("parallel")
    assert {"Failed training jobs (count)", "FailureReason"} <= texts("failures")
    for key in keys:
        assert re.search(r"<title>[^<]+</title>", drawn[key])
    # Ids stay unique though every matplotlib file names its groups alike.
    ids = re.findall(r'\bid="([^"]+)"', page)
    assert len(ids) == len(set(ids))
    # Each hyperparameter's figure carries its data as a table.
    assert page.count("<details><summary>The data as a table</summary>") == 4


HOSTILE = '--><script>alert(1)</script><!-- & "x" </svg><img src=x onerror=alert(2)>'


def test_text_from_the_service_cannot_add_markup_to_the_page() -> None:
    # FailureReason carries the training script's own output; names and values are the user's.
    _require("matplotlib")
    describe, jobs = offline_data()
    describe["HyperParameterTuningJobName"] = HOSTILE
    jobs[4]["FailureReason"] = HOSTILE
    jobs[0]["TunedHyperParameters"]["act"] = HOSTILE
    jobs[1]["TunedHyperParameters"]["act"] = "relu"
    page = TuningReport.from_data(describe, jobs).to_html()

    class Tags(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.tags: set[str] = set()
            self.attributes: set[str] = set()

        def handle_starttag(self, tag: str, attrs: Any) -> None:
            self.tags.add(tag)
            self.attributes.update(name for name, _ in attrs)

    parser = Tags()
    parser.feed(page)
    assert not parser.tags & {"script", "img", "iframe", "object", "embed", "link"}
    assert not {a for a in parser.attributes if a.startswith("on")}
    assert page.count("&lt;script&gt;alert(1)&lt;/script&gt;") >= 3  # shown, as text


def test_repr_html_is_a_scoped_fragment_and_write_writes_the_page(
    run: Run, page: str, tmp_path: Path
) -> None:
    fragment = run.report._repr_html_()
    assert fragment.startswith("<style>") and "<html" not in fragment and "<body" not in fragment
    assert '<main class="smt-report">' in fragment
    styles = re.search(r"<style>\n(.*?)</style>", fragment, re.DOTALL)
    assert styles is not None
    selectors = [s.strip() for s in re.findall(r"(?:^|})\s*([^{}]+)\{", styles.group(1))]
    assert all(part.strip().startswith(".smt-report") for s in selectors for part in s.split(","))
    run.report.write(tmp_path / "report.html")
    assert (tmp_path / "report.html").read_text(encoding="utf-8") == page
    run.report.write(str(tmp_path / "as-text.html"))
    assert (tmp_path / "as-text.html").read_text(encoding="utf-8") == page


# --------------------------------------------------------------------------------------------
# In a browser

CHROMIUM = "/usr/bin/chromium"
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
    "--force-device-scale-factor=1",
    "--window-size=1280,4000",
]
# Test-only: appended to a copy of the page to read back each chart's box; the page itself
# has no script.
MEASURE = """<script>
const boxes = [...document.querySelectorAll("svg.smt-chart")].map((svg) => {
  const r = svg.getBoundingClientRect();
  return {chart: svg.dataset.chart, left: r.left + scrollX, top: r.top + scrollY,
          width: r.width, height: r.height};
});
document.body.setAttribute("data-boxes", JSON.stringify(
  {boxes, height: document.documentElement.scrollHeight}));
</script>"""


def chromium() -> str:
    found = shutil.which("chromium") or (CHROMIUM if os.path.exists(CHROMIUM) else None)
    if found is None:
        if IN_CI:
            pytest.fail("chromium is missing in CI: .ci/run installs it (Debian package chromium)")
        pytest.skip("chromium is not installed (apt-get install chromium)")
    return found


def run_chromium(binary: str, profile: Path, *args: str) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [binary, *FLAGS, f"--user-data-dir={profile}", *args],
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return done


@pytest.fixture(scope="module")
def rendered(
    run: Run, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Any, dict[str, Any]]]:
    """The written report as Chromium paints it (a PNG), and each chart's box on the page."""
    binary = chromium()
    _require("PIL")
    from PIL import Image

    folder = tmp_path_factory.mktemp("browser")
    target = folder / "report.html"
    run.report.write(target)
    png = folder / "report.png"
    run_chromium(binary, folder / "profile", f"--screenshot={png}", target.as_uri())
    measured = folder / "measured.html"
    measured.write_text(target.read_text(encoding="utf-8").replace("</body>", MEASURE + "</body>"))
    dom = run_chromium(binary, folder / "profile", "--dump-dom", measured.as_uri()).stdout
    found = re.search(r'data-boxes="([^"]*)"', dom)
    assert found is not None, dom[:2000]
    with Image.open(png) as image:
        yield image.convert("RGB"), json.loads(html.unescape(found.group(1)))


def pixels(image: Any) -> list[tuple[int, int, int]]:
    raw = image.tobytes()
    return list(zip(raw[0::3], raw[1::3], raw[2::3], strict=True))


# The colours a chart's data marks are drawn in (blended with white where translucent):
# points blue (#0072B2), the running best, the best job's line and the bars vermillion (#D55E00).
def blue(p: tuple[int, int, int]) -> bool:
    return p[2] > 150 and p[2] - p[0] > 60


def vermillion(p: tuple[int, int, int]) -> bool:
    return p[0] > 180 and p[0] - p[2] > 100 and p[1] < 140


def test_chromium_renders_a_page_that_is_not_blank(rendered: tuple[Any, dict[str, Any]]) -> None:
    image, layout = rendered
    assert image.size == (1280, 4000)
    page = pixels(image)
    non_white = sum(1 for p in page if min(p) < 235)
    assert non_white / len(page) > 0.02
    assert len(set(page)) > 100  # text, charts and colours, not a flat page
    assert layout["height"] <= 4000, "the report no longer fits the screenshot; enlarge the window"


def test_chromium_paints_every_chart_with_its_data(rendered: tuple[Any, dict[str, Any]]) -> None:
    image, layout = rendered
    boxes = {b["chart"]: b for b in layout["boxes"]}
    assert list(boxes) == ["history", "hp0", "hp1", "hp2", "parallel", "failures"]
    marks = {"history": vermillion, "parallel": vermillion, "failures": vermillion}
    for key, box in boxes.items():
        assert box["width"] > 300 and box["height"] > 100, (key, box)
        left, top = int(box["left"]), int(box["top"])
        crop = pixels(image.crop((left, top, left + int(box["width"]), top + int(box["height"]))))
        ink = sum(1 for p in crop if min(p) < 200) / len(crop)
        assert ink > 0.01, (key, ink)  # axes, labels and marks were painted
        coloured = marks.get(key, blue)
        assert sum(1 for p in crop if coloured(p)) > 30, (key, coloured.__name__)
