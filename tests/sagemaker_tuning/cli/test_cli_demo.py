"""``demo``: a real Bayesian tuning job of the digits network, 20 processes, 2 at a time."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from typing import Any

import pytest
from cli_samples import run

import sagemaker_tuning.examples
from sagemaker_tuning.cli import EXIT_OK, EXIT_USAGE
from sagemaker_tuning.cli.demo import DIGITS_IMAGE, digits_request
from sagemaker_tuning.rules import check
from sagemaker_tuning.validation import violations


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[int, dict[str, Any], str, Path]:
    """One default run of the demo (with --json and --report), shared by the tests below."""
    root = tmp_path_factory.mktemp("demo")
    report = root / "report.html"
    code, out, err = run(
        "--json", "--progress", "demo", "--root", str(root), "--report", str(report)
    )
    return code, json.loads(out), err, root


def test_the_demo_trains_20_jobs_for_real_2_at_a_time(
    demo: tuple[int, dict[str, Any], str, Path],
) -> None:
    code, doc, err, root = demo
    assert code == EXIT_OK, err
    job = doc["tuning_job"]
    assert job["HyperParameterTuningJobStatus"] == "Completed"
    assert job["HyperParameterTuningJobConfig"]["Strategy"] == "Bayesian"
    assert job["HyperParameterTuningJobConfig"]["ResourceLimits"] == {
        "MaxNumberOfTrainingJobs": 20,
        "MaxParallelTrainingJobs": 2,
    }
    assert job["TrainingJobStatusCounters"]["Completed"] == 20
    # Each job was a process that printed its epochs: its log is under --root.
    assert len(doc["logs"]) == 20
    for log in doc["logs"].values():
        assert Path(log).is_relative_to(root)
        assert "validation_loss=" in Path(log).read_text(encoding="utf-8")
    # Never more than 2 at a time, as the progress lines show.
    running = [int(line.split()[3]) for line in err.splitlines() if line.startswith("[")]
    assert running and max(running) <= 2


def test_the_search_improves_on_its_first_jobs(
    demo: tuple[int, dict[str, Any], str, Path],
) -> None:
    _, doc, _, _ = demo
    best = doc["best_training_job"]
    # Job names end -NNN-xxxx in launch order: the best is not one of the first two.
    assert int(best["TrainingJobName"].split("-")[2]) > 2
    assert best["FinalHyperParameterTuningJobObjectiveMetric"]["Value"] < 0.5


def test_the_report_shows_the_running_best(demo: tuple[int, dict[str, Any], str, Path]) -> None:
    code, _, err, root = demo
    page = (root / "report.html").read_text(encoding="utf-8")
    assert code == EXIT_OK and page.startswith("<!DOCTYPE html>")
    assert f"wrote the report of demo-digits to {root / 'report.html'}" in err
    assert page.count("<svg") >= 4


def test_the_demo_request_is_valid_and_defines_its_metrics() -> None:
    request = digits_request("demo-digits", max_jobs=20, parallel=2, seed=0)
    assert violations(request) == [] and check(request) == []
    spec = request.training_job_definition
    assert spec is not None and spec.algorithm_specification.training_image == DIGITS_IMAGE
    names = [m.name for m in spec.algorithm_specification.metric_definitions or ()]
    assert names == ["train:loss", "validation:loss", "validation:accuracy"]


@pytest.mark.parametrize("missing", ["optuna", "numpy", "sklearn"])
def test_without_the_demo_extra_the_demo_says_what_to_install(
    missing: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda name, *a: None if name == missing else real(name, *a)
    )
    # As in an environment without it: importing it fails, and nothing imported it yet.
    monkeypatch.setitem(sys.modules, missing, None)
    monkeypatch.delitem(sys.modules, "sagemaker_tuning.examples.train_digits", raising=False)
    monkeypatch.delattr(sagemaker_tuning.examples, "train_digits", raising=False)
    code, out, err = run("demo")
    assert (code, out) == (EXIT_USAGE, "")
    assert f"needs {missing}" in err
    assert "pip install 'sagemaker-tuning[demo]'" in err and "demo --simulated" in err


def test_the_real_demo_refuses_an_endpoint(tmp_path: Path) -> None:
    code, _, err = run("--endpoint-url", "http://127.0.0.1:9", "demo", "--root", str(tmp_path))
    assert code == EXIT_USAGE
    assert "demo --simulated --endpoint-url URL" in err
