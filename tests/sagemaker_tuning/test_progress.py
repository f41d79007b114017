"""TuningJobProgress: one describe response summarised, one line for logs."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

from sagemaker_tuning.enums import HyperParameterTuningJobStatus
from sagemaker_tuning.progress import TuningJobProgress


def test_counters_limits_and_best_job_come_from_the_response(build: Any) -> None:
    p = TuningJobProgress.from_response(
        build.describe(), now=build.T0 + timedelta(minutes=14, seconds=5)
    )
    assert p.name == build.TUNING_JOB
    assert p.status is HyperParameterTuningJobStatus.IN_PROGRESS
    assert (p.completed, p.in_progress, p.failed, p.stopped) == (10, 3, 2, 0)
    assert (p.finished, p.launched) == (12, 15)
    assert (p.max_training_jobs, p.max_parallel_training_jobs) == (20, 3)
    assert (p.objective_succeeded, p.objective_pending, p.objective_failed) == (10, 3, 2)
    assert p.consumed_runtime == timedelta(seconds=4321)
    assert p.objective_metric == "validation:auc"
    assert p.objective_type == "Maximize"
    assert p.best_training_job == f"{build.TUNING_JOB}-012-1a2b3c4d"
    assert p.best_objective_value == 0.9412
    assert dict(p.best_hyper_parameters) == {"eta": "0.21", "max_depth": "6"}
    assert p.fraction_finished == 12 / 20
    assert not p.is_terminal


def test_str_is_one_line_with_counts_elapsed_and_best(build: Any) -> None:
    p = TuningJobProgress.from_response(
        build.describe(), now=build.T0 + timedelta(minutes=14, seconds=5)
    )
    assert str(p) == (
        "tune-xgb: InProgress, 12/20 training jobs finished (10 completed, 2 failed, 0 stopped), "
        "3 running (max 3 parallel), elapsed 0:14:05, "
        "best validation:auc=0.9412 by tune-xgb-012-1a2b3c4d {eta=0.21, max_depth=6}"
    )


def test_running_job_elapsed_ends_at_now(build: Any) -> None:
    p = TuningJobProgress.from_response(
        build.describe(), now=build.T0 + timedelta(hours=2, seconds=1)
    )
    assert p.elapsed == timedelta(hours=2, seconds=1)
    assert "elapsed 2:00:01" in str(p)


def test_elapsed_never_negative_when_clocks_disagree(build: Any) -> None:
    p = TuningJobProgress.from_response(build.describe(), now=build.T0 - timedelta(seconds=30))
    assert p.elapsed == timedelta(0)


def test_finished_job_elapsed_ends_at_end_time_whatever_now_is(build: Any) -> None:
    response = build.describe(
        HyperParameterTuningJobStatus="Completed",
        HyperParameterTuningEndTime=build.T0 + timedelta(minutes=30),
    )
    p = TuningJobProgress.from_response(response, now=build.T0 + timedelta(days=3))
    assert p.elapsed == timedelta(minutes=30)
    assert p.ended == build.T0 + timedelta(minutes=30)
    assert p.is_terminal


def test_terminal_job_without_end_time_uses_last_modified_time(build: Any) -> None:
    p = TuningJobProgress.from_response(
        build.describe(HyperParameterTuningJobStatus="Stopped"), now=build.T0 + timedelta(days=3)
    )
    assert p.elapsed == timedelta(minutes=14)


def test_no_best_job_yet_says_so(build: Any) -> None:
    p = TuningJobProgress.from_response(build.describe(BestTrainingJob=None), now=build.T0)
    assert p.best_training_job is None
    assert p.best_objective_value is None
    assert dict(p.best_hyper_parameters) == {}
    assert p.best_summary() is None
    assert str(p).endswith("no objective reported yet")


def test_missing_counters_count_as_zero_and_unknown_status_is_kept(build: Any) -> None:
    # A lenient parse leaves absent required members None; the summary must still work.
    response = build.describe(
        TrainingJobStatusCounters=None,
        ObjectiveStatusCounters=None,
        ConsumedResources=None,
        HyperParameterTuningJobStatus="Hibernating",
    )
    p = TuningJobProgress.from_response(response, now=build.T0)
    assert (p.completed, p.in_progress, p.failed, p.stopped) == (0, 0, 0, 0)
    assert (p.objective_succeeded, p.objective_pending, p.objective_failed) == (0, 0, 0)
    assert p.consumed_runtime is None
    assert p.status == "Hibernating"
    assert not p.is_terminal
    assert str(p).startswith("tune-xgb: Hibernating, 0/20 training jobs finished")


def test_objective_falls_back_to_the_best_jobs_metric(build: Any) -> None:
    # Multi-definition jobs put the objective in each definition, not in the job config.
    response = build.describe(
        HyperParameterTuningJobConfig={
            "Strategy": "Random",
            "ResourceLimits": {"MaxParallelTrainingJobs": 2},
        }
    )
    p = TuningJobProgress.from_response(response, now=build.T0)
    assert p.objective_metric == "validation:auc"
    assert p.objective_type == "Maximize"
    assert p.max_training_jobs is None
    assert p.fraction_finished is None
    assert "12/? training jobs finished" in str(p)


def test_failure_reason_is_kept_on_one_line(build: Any) -> None:
    response = build.describe(
        HyperParameterTuningJobStatus="Failed",
        FailureReason="All training jobs failed.\nSee the logs.",
        HyperParameterTuningEndTime=build.T0 + timedelta(minutes=3),
    )
    text = str(TuningJobProgress.from_response(response))
    assert "\n" not in text
    assert text.endswith("failure: All training jobs failed. See the logs.")


def test_to_dict_is_json_ready(build: Any) -> None:
    p = TuningJobProgress.from_response(build.describe(), now=build.T0 + timedelta(minutes=1))
    data = json.loads(json.dumps(p.to_dict()))
    assert data["status"] == "InProgress"
    assert data["created"] == "2026-11-23T09:00:00+00:00"
    assert data["elapsed_seconds"] == 60.0
    assert data["failed"] == 2
    assert data["consumed_runtime_seconds"] == 4321.0
    assert data["best_hyper_parameters"] == {"eta": "0.21", "max_depth": "6"}
