"""The commands on jobs (sagemaker_tuning.cli.jobs, cli.report): delete, list's creation-time
bounds, training-jobs' failure reasons and report's default file, on the local service."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest
from cli_samples import request_file, run, share_local_service

from sagemaker_tuning.cli import EXIT_OK, EXIT_SERVICE, EXIT_USAGE
from sagemaker_tuning.testing import LocalSageMaker

JOB = "nightly-xgb"
SECRET = "AKIAIOSFODNN7EXAMPLE wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"


@pytest.fixture
def service(monkeypatch: pytest.MonkeyPatch) -> LocalSageMaker:
    return share_local_service(monkeypatch, seed=3)


# -- delete


def test_delete_refuses_a_running_job_and_deletes_an_ended_one_keeping_its_training_jobs(
    service: LocalSageMaker, tmp_path: Path
) -> None:
    assert run("--local", "create", request_file(tmp_path, JOB, jobs=3))[0] == EXIT_OK
    code, out, err = run("--local", "delete", JOB)
    assert (code, out) == (EXIT_SERVICE, "")
    assert "ValidationException" in err and "not in a terminal state" in err

    code, out, _ = run("--local", "--json", "wait", JOB)
    assert code == EXIT_OK
    best = json.loads(out)["BestTrainingJob"]["TrainingJobName"]
    code, out, err = run("--local", "delete", JOB, "--wait")
    assert (code, out, err) == (EXIT_OK, f"deleted tuning job {JOB}\n", "")
    code, _, err = run("--local", "describe", JOB)
    assert code == EXIT_SERVICE and "ResourceNotFound" in err
    # DeleteHyperParameterTuningJob "does not delete training jobs" (API reference).
    assert run("--local", "training-job", best)[0] == EXIT_OK


def test_delete_of_an_unknown_job_is_not_found(service: LocalSageMaker) -> None:
    code, out, err = run("--local", "--json", "delete", "never-made")
    assert code == EXIT_SERVICE
    assert "ResourceNotFound" in json.loads(out)["error"]


# -- list --created-after / --created-before


def test_list_created_after_and_before_map_to_the_creation_time_bounds(
    service: LocalSageMaker, tmp_path: Path
) -> None:
    start = service.now()
    run("--local", "create", request_file(tmp_path, "early", jobs=1))
    service.clock.advance(3600)
    run("--local", "create", request_file(tmp_path, "late", jobs=1))
    middle = (start + timedelta(minutes=30)).isoformat()

    def names(*options: str) -> list[str]:
        code, out, err = run("--local", "--json", "list", *options)
        assert code == EXIT_OK, err
        return [job["HyperParameterTuningJobName"] for job in json.loads(out)]

    assert names("--created-after", middle) == ["late"]
    assert names("--created-before", middle) == ["early"]
    # A date alone and the "Z" suffix are read as UTC.
    earlier = start - timedelta(minutes=1)
    assert names("--created-after", earlier.strftime("%Y-%m-%dT%H:%M:%SZ")) == ["late", "early"]
    assert names("--created-before", start.date().isoformat()) == []


@pytest.mark.parametrize("bad", ["yesterday", "2026-13-01", "12/01/2026", ""])
def test_list_created_after_refuses_what_is_no_iso_8601_time(bad: str) -> None:
    code, out, err = run("--local", "list", "--created-after", bad)
    assert (code, out) == (EXIT_USAGE, "")
    assert "argument --created-after: expected an ISO 8601 date or time" in err
    assert repr(bad) in err


def test_list_created_after_must_be_before_created_before() -> None:
    code, _, err = run(
        "--local", "list", "--created-after", "2026-12-02", "--created-before", "2026-12-01"
    )
    assert code == EXIT_USAGE
    assert "is not before --created-before" in err


# -- training-jobs shows why jobs failed


def test_training_jobs_shows_the_failure_reason_redacted_in_text_and_json(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr("sagemaker_tuning.testing.local._FAILURE", f"AlgorithmError: key {SECRET}")
    failing = LocalSageMaker(failure_rate=1.0)
    monkeypatch.setattr("sagemaker_tuning.testing.LocalSageMaker", lambda **_: failing)
    run("--local", "create", request_file(tmp_path, JOB, jobs=2, parallel=2))
    run("--local", "wait", JOB)
    code, out, _ = run("--local", "training-jobs", JOB, "--status", "Failed")
    assert code == EXIT_OK
    header, _, *rows = out.splitlines()
    assert header.split()[-1] == "FailureReason"
    assert len(rows) == 2
    assert all(row.endswith("AlgorithmError: key <redacted> <redacted>") for row in rows)
    code, out, _ = run("--local", "--json", "training-jobs", JOB, "--status", "Failed")
    reasons = [record["FailureReason"] for record in json.loads(out)]
    assert reasons == ["AlgorithmError: key <redacted> <redacted>"] * 2
    assert "AKIA" not in out


def test_training_jobs_without_failures_has_no_failure_column(
    service: LocalSageMaker, tmp_path: Path
) -> None:
    run("--local", "create", request_file(tmp_path, JOB, jobs=2))
    run("--local", "wait", JOB)
    code, out, _ = run("--local", "training-jobs", JOB, "--status", "Completed")
    assert code == EXIT_OK
    assert "FailureReason" not in out.splitlines()[0]


# -- report


def test_report_without_o_writes_name_html_in_the_current_directory(
    service: LocalSageMaker, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    run("--local", "create", request_file(tmp_path, JOB, jobs=3))
    run("--local", "wait", JOB)
    monkeypatch.chdir(tmp_path)
    code, out, err = run("--local", "report", JOB)
    assert code == EXIT_OK, err
    page = (tmp_path / f"{JOB}.html").read_text(encoding="utf-8")
    assert page.lstrip().lower().startswith("<!doctype html")
    assert f"{JOB}.html" in err
