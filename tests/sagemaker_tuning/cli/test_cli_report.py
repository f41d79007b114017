"""``sagemaker-tuning report`` and ``demo --report``: the HTML report from the command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_samples import request_file, run, share_local_service

from sagemaker_tuning.cli import EXIT_OK, EXIT_USAGE
from sagemaker_tuning.testing import LocalSageMaker

JOB = "reported-xgb"


@pytest.fixture
def service(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> LocalSageMaker:
    """One local service shared by every ``--local`` command, holding a finished job."""
    shared = share_local_service(monkeypatch, seed=5)
    path = request_file(tmp_path, JOB, jobs=6, parallel=2)
    assert run("--local", "create", path, "--wait")[0] == EXIT_OK
    return shared


def test_demo_writes_a_self_contained_report(tmp_path: Path) -> None:
    target = tmp_path / "demo.html"
    code, out, err = run("demo", "--simulated", "--max-jobs", "6", "--report", str(target))
    assert code == EXIT_OK, err
    page = target.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and page.count("<svg") >= 4
    assert "<script src" not in page and "https://" not in page.split("</head>")[0]
    assert f"wrote the report of demo-xgboost to {target}" in err
    assert "Top " in out  # the demo's own output is unchanged


def test_report_writes_the_page_of_a_job(service: LocalSageMaker, tmp_path: Path) -> None:
    target = tmp_path / "job.html"
    code, out, err = run("--local", "report", JOB, "-o", str(target))
    assert (code, out) == (EXIT_OK, "")
    assert JOB in target.read_text(encoding="utf-8")


def test_report_json_is_the_data_behind_the_charts(service: LocalSageMaker) -> None:
    code, out, _ = run("--local", "--json", "report", JOB)
    assert code == EXIT_OK
    data = json.loads(out)
    assert data["tuning_job"]["name"] == JOB
    listed = service.client().paginate_training_jobs_for_hyper_parameter_tuning_job(JOB)
    measured = {
        s.training_job_name for s in listed if s.final_hyper_parameter_tuning_job_objective_metric
    }
    assert {p["training_job_name"] for p in data["history"]["points"]} == measured


def test_report_help_shows_the_default_file() -> None:
    # -o is optional for real: without it the report is NAME.html (tests/.../test_cli_jobs.py).
    code, out, _ = run("report", "--help")
    assert code == 0
    assert "(default: NAME.html)" in " ".join(out.split())


def test_report_without_the_extra_says_how_to_install_it_before_calling(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    def missing() -> None:
        raise ImportError("the report needs matplotlib: pip install 'sagemaker-tuning[report]'")

    monkeypatch.setattr("sagemaker_tuning.report.require_matplotlib", missing)
    code, _, err = run("demo", "--simulated", "--report", str(tmp_path / "x.html"))
    assert code == EXIT_USAGE
    assert "pip install 'sagemaker-tuning[report]'" in err
    assert "1/5" not in err  # refused before the demo ran
