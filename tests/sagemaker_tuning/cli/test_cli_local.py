"""Every command against the local service in process (``--local``), on virtual time."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from typing import Any

import pytest
from cli_samples import request_file, run, share_local_service

from sagemaker_tuning import to_api
from sagemaker_tuning.cli import (
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_SERVICE,
    EXIT_USAGE,
    demo_request,
)
from sagemaker_tuning.testing import LocalSageMaker, VirtualClock

JOB = "nightly-xgb"


@pytest.fixture
def service(monkeypatch: pytest.MonkeyPatch) -> LocalSageMaker:
    return share_local_service(monkeypatch, seed=3)


def finish(service: LocalSageMaker, name: str = JOB) -> dict[str, Any]:
    """Wait on the virtual clock until the job is done; its description as JSON."""
    code, out, _ = run("--local", "--json", "wait", name)
    assert code == EXIT_OK
    done: dict[str, Any] = json.loads(out)
    return done


# -- create, wait, describe, training-jobs, best, stop


def test_create_prints_the_arn_and_refuses_a_taken_name(
    service: LocalSageMaker, tmp_path: Path
) -> None:
    path = request_file(tmp_path, JOB)
    code, out, err = run("--local", "create", path)
    assert (code, err) == (EXIT_OK, "")
    assert out == (f"arn:aws:sagemaker:us-east-1:123456789012:hyper-parameter-tuning-job/{JOB}\n")
    code, out, err = run("--local", "create", path)
    assert (code, out) == (EXIT_SERVICE, "")
    assert err == (
        "sagemaker-tuning: error: ResourceInUse in CreateHyperParameterTuningJob: "
        f"A hyperparameter tuning job with the name, {JOB}, already exists. "
        "Choose a different name.\n"
    )


def test_create_name_option_and_json(service: LocalSageMaker, tmp_path: Path) -> None:
    code, out, _ = run(
        "--local", "--json", "create", request_file(tmp_path, JOB), "--name", "other"
    )
    assert code == EXIT_OK
    assert json.loads(out) == {
        "HyperParameterTuningJobArn": (
            "arn:aws:sagemaker:us-east-1:123456789012:hyper-parameter-tuning-job/other"
        )
    }


def test_create_warns_about_rule_warnings_and_still_sends(
    service: LocalSageMaker, tmp_path: Path
) -> None:
    doc = to_api(demo_request(JOB, max_jobs=4, parallel=6))  # more parallel than jobs: a warning
    path = tmp_path / "warn.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    code, out, err = run("--local", "create", str(path))
    assert code == EXIT_OK
    assert out.endswith(f"hyper-parameter-tuning-job/{JOB}\n")
    assert err.startswith(
        "sagemaker-tuning: warning: HyperParameterTuningJobConfig.ResourceLimits."
        "MaxParallelTrainingJobs: "
    )


def test_create_and_wait_in_one_command(tmp_path: Path) -> None:
    # A plain --local service lives as long as the command: create --wait is what it is for.
    code, out, err = run("--local", "create", request_file(tmp_path, JOB), "--wait")
    assert code == EXIT_OK
    assert (
        err
        == f"created arn:aws:sagemaker:us-east-1:123456789012:hyper-parameter-tuning-job/{JOB}\n"
    )
    assert out.startswith(f"{JOB}: Completed, 8/8 training jobs finished")


def test_describe_shows_the_state_and_json_the_whole_response(
    service: LocalSageMaker, tmp_path: Path
) -> None:
    run("--local", "create", request_file(tmp_path, JOB))
    code, out, _ = run("--local", "describe", JOB)
    assert code == EXIT_OK
    fields = dict(line.split("  ", 1) for line in out.splitlines())
    fields = {k.strip(): v.strip() for k, v in fields.items()}
    assert fields["Tuning job"] == JOB
    assert fields["Status"] == "InProgress"
    assert fields["Strategy"] == "Bayesian"
    assert fields["Objective"] == "Maximize validation:auc"
    assert fields["Elapsed"] == "0:00:00"  # the service's own (virtual) clock, not the wall's
    assert fields["Training jobs"] == (
        "0/8 finished: 0 completed, 0 failed, 0 stopped; 0 running (max 3 parallel)"
    )
    assert fields["Best training job"] == "none yet"
    assert "Ended" not in fields

    done = finish(service)
    code, out, _ = run("--local", "--json", "describe", JOB)
    assert json.loads(out) == done
    assert done["HyperParameterTuningJobStatus"] == "Completed"
    assert done["CreationTime"].endswith("+00:00")  # UTC, ISO 8601


def test_training_jobs_table_filters_sorting_csv_and_json(
    service: LocalSageMaker, tmp_path: Path
) -> None:
    run("--local", "create", request_file(tmp_path, JOB, jobs=10, parallel=4))
    done = finish(service)
    counters = done["TrainingJobStatusCounters"]

    code, out, _ = run("--local", "training-jobs", JOB)
    lines = out.splitlines()
    assert code == EXIT_OK
    assert len(lines) == 2 + 10
    names = [line.split()[0] for line in lines[2:]]
    assert names == sorted(names)  # the service's default: by name

    code, out, _ = run(
        "--local", "training-jobs", JOB, "--sort-by", "objective", "--max-items", "3"
    )
    rows = [line.split() for line in out.splitlines()[2:]]
    assert len(rows) == 3
    values = [float(r[2]) for r in rows]
    assert values == sorted(values, reverse=True)
    best = done["BestTrainingJob"]
    assert rows[0][0] == best["TrainingJobName"]

    code, out, _ = run("--local", "training-jobs", JOB, "--status", "failed", "--csv")
    records = list(csv.DictReader(io.StringIO(out)))
    assert len(records) == counters["NonRetryableError"]
    assert all(r["TrainingJobStatus"] == "Failed" for r in records)

    code, out, _ = run("--local", "--json", "training-jobs", JOB, "--order", "desc")
    records = json.loads(out)
    assert [r["TrainingJobName"] for r in records] == sorted(names, reverse=True)
    assert set(records[0]) >= {"TrainingJobName", "eta", "max_depth", "DurationSeconds"}


def test_training_jobs_describe_adds_every_final_metric(
    service: LocalSageMaker, tmp_path: Path
) -> None:
    run("--local", "create", request_file(tmp_path, JOB, jobs=3, parallel=3))
    finish(service)
    code, out, _ = run(
        "--local", "--json", "training-jobs", JOB, "--describe", "--status", "Completed"
    )
    records = json.loads(out)
    assert code == EXIT_OK and records
    for record in records:
        assert record["Metric.validation:auc"] == record["FinalObjectiveValue"]
        assert isinstance(record["BillableTimeInSeconds"], int)


def test_training_jobs_with_no_match_says_so_on_stderr(
    service: LocalSageMaker, tmp_path: Path
) -> None:
    run("--local", "create", request_file(tmp_path, JOB))
    code, out, err = run("--local", "training-jobs", JOB, "--status", "Stopped")
    assert (code, out) == (EXIT_OK, "")
    assert err == f"tuning job {JOB} has no training jobs matching the filters\n"


def test_best_before_and_after_results(service: LocalSageMaker, tmp_path: Path) -> None:
    run("--local", "create", request_file(tmp_path, JOB))
    code, out, err = run("--local", "best", JOB)
    assert (code, out) == (EXIT_SERVICE, "")
    assert err == (
        f"sagemaker-tuning: error: tuning job {JOB} has no best training job yet "
        "(no training job has reported the objective metric)\n"
    )
    done = finish(service)
    code, out, _ = run("--local", "best", JOB)
    assert code == EXIT_OK
    best = done["BestTrainingJob"]
    metric = best["FinalHyperParameterTuningJobObjectiveMetric"]
    assert out.splitlines()[0].split() == ["Best", "training", "job", best["TrainingJobName"]]
    # The service's BestTrainingJob carries no objective Type (recorded answers in
    # tests/fidelity), so the line shows none.
    assert "Type" not in metric
    assert f"validation:auc = {metric['Value']:.6g}\n" in out
    for name, value in best["TunedHyperParameters"].items():
        assert f"  {name}" in out and value in out
    artifacts = f"s3://demo-bucket/tuning/{best['TrainingJobName']}/output/model.tar.gz"
    assert f"Model artifacts    {artifacts}\n" in out
    code, out, _ = run("--local", "--json", "best", JOB)
    # The summary as the API gives it, plus the best job's model (issue 12).
    assert json.loads(out) == {**best, "ModelArtifacts": {"S3ModelArtifacts": artifacts}}


def test_minimize_objective_lists_the_smallest_first(
    service: LocalSageMaker, tmp_path: Path
) -> None:
    doc = to_api(demo_request(JOB, max_jobs=6, parallel=3))
    doc["HyperParameterTuningJobConfig"]["HyperParameterTuningJobObjective"] = {
        "Type": "Minimize",
        "MetricName": "validation:logloss",
    }
    path = tmp_path / "min.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    run("--local", "create", str(path))
    done = finish(service)
    code, out, _ = run("--local", "--json", "training-jobs", JOB, "--sort-by", "objective")
    values = [r["FinalObjectiveValue"] for r in json.loads(out)]
    assert code == EXIT_OK and len(values) >= 2
    assert values == sorted(values)
    best = done["BestTrainingJob"]["FinalHyperParameterTuningJobObjectiveMetric"]["Value"]
    assert values[0] == best


def test_wait_reports_a_failed_job_in_one_line(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    failing = LocalSageMaker(failure_rate=1.0)
    monkeypatch.setattr("sagemaker_tuning.testing.LocalSageMaker", lambda **_: failing)
    run("--local", "create", request_file(tmp_path, JOB, jobs=3))
    code, out, err = run("--local", "wait", JOB)
    assert (code, out) == (EXIT_SERVICE, "")
    assert err == (
        f"sagemaker-tuning: error: tuning job {JOB} ended Failed: All training jobs failed. "
        "Please take a look at the training jobs failures to get more details.\n"
    )


def test_wait_timeout_says_where_the_job_is(service: LocalSageMaker, tmp_path: Path) -> None:
    run("--local", "create", request_file(tmp_path, JOB))
    code, out, err = run("--local", "wait", JOB, "--timeout", "120", "--min-delay", "10")
    assert (code, out) == (EXIT_SERVICE, "")
    assert re.fullmatch(
        rf"sagemaker-tuning: error: gave up waiting after 1[0-2]\d s \(\d+ polls\); "
        rf"tuning job {JOB} is still InProgress\n",
        err,
    )


def test_stop_then_wait_and_stop_with_wait(service: LocalSageMaker, tmp_path: Path) -> None:
    run("--local", "create", request_file(tmp_path, "first"))
    run("--local", "create", request_file(tmp_path, "second"))
    service.clock.sleep(400)  # some training jobs are running now
    assert run("--local", "stop", "first") == (EXIT_OK, "stopping tuning job first\n", "")
    code, out, _ = run("--local", "wait", "first")
    assert code == EXIT_OK
    assert out.startswith("first: Stopped, ")
    assert "stopped" in out

    code, out, err = run("--local", "--json", "stop", "second", "--wait")
    assert code == EXIT_OK
    assert err == ""
    assert json.loads(out)["HyperParameterTuningJobStatus"] == "Stopped"
    code, out, err = run("--local", "stop", "first")  # already stopped: the service says no
    assert (code, out) == (EXIT_SERVICE, "")
    assert err.startswith(
        "sagemaker-tuning: error: ValidationException in StopHyperParameterTuningJob: "
    )

    run("--local", "create", request_file(tmp_path, "third"))
    code, out, _ = run("--local", "--json", "stop", "third")
    assert (code, json.loads(out)) == (
        EXIT_OK,
        {"HyperParameterTuningJobName": "third", "Stopping": True},
    )


def test_unknown_job_is_a_one_line_not_found(service: LocalSageMaker) -> None:
    for command in ("describe", "best", "wait", "stop", "training-jobs"):
        code, out, err = run("--local", command, "no-such-job")
        assert (code, out) == (EXIT_SERVICE, ""), command
        assert err.startswith("sagemaker-tuning: error: ResourceNotFound in "), command
        assert err.count("\n") == 1, command


class _InterruptingClock(VirtualClock):
    """Virtual time whose third sleep is a Ctrl-C, as if the user pressed it mid-wait."""

    def __init__(self) -> None:
        super().__init__()
        self.sleeps = 0

    def sleep(self, seconds: float) -> None:
        self.sleeps += 1
        if self.sleeps == 3:
            raise KeyboardInterrupt
        super().sleep(seconds)


def test_ctrl_c_during_wait_stops_waiting_not_the_job(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    shared = LocalSageMaker(clock=_InterruptingClock())
    monkeypatch.setattr("sagemaker_tuning.testing.LocalSageMaker", lambda **_: shared)
    run("--local", "create", request_file(tmp_path, JOB))
    code, out, err = run("--local", "--progress", "wait", JOB)
    assert (code, out) == (EXIT_INTERRUPTED, "")
    assert err.splitlines()[-1] == (
        f"sagemaker-tuning: interrupted: stopped waiting; tuning job {JOB} keeps running "
        f"(stop it with: sagemaker-tuning stop {JOB})"
    )
    code, out, _ = run("--local", "--json", "describe", JOB)
    assert json.loads(out)["HyperParameterTuningJobStatus"] == "InProgress"


def test_invalid_request_file_is_not_sent_to_the_service(
    service: LocalSageMaker, tmp_path: Path
) -> None:
    doc = to_api(demo_request(JOB, max_jobs=4, parallel=2))
    doc["HyperParameterTuningJobConfig"]["Strategy"] = "Genetic"
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    code, _, err = run("--local", "create", str(path))
    assert code == EXIT_USAGE
    assert "HyperParameterTuningJobConfig.Strategy: expected one of" in err
    assert run("--local", "describe", JOB)[0] == EXIT_SERVICE  # never created
