"""``sagemaker-tuning export NAME --to optuna|mlflow``: a summary on stdout, progress on stderr."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from cli_samples import request_file, run, share_local_service

from sagemaker_tuning.cli import EXIT_OK, EXIT_SERVICE, EXIT_USAGE
from sagemaker_tuning.testing import LocalSageMaker

JOB = "exported-xgb"


@pytest.fixture
def service(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> LocalSageMaker:
    """One local service shared by every ``--local`` command, holding a finished job."""
    shared = share_local_service(monkeypatch, seed=5)
    path = request_file(tmp_path, JOB, jobs=6, parallel=2)
    assert run("--local", "create", path, "--wait")[0] == EXIT_OK
    return shared


def test_export_to_optuna_prints_what_it_did_and_again_changes_nothing(
    service: LocalSageMaker, tmp_path: Path
) -> None:
    import optuna

    url = f"sqlite:///{tmp_path / 'studies.db'}"
    code, out, err = run("--local", "--json", "export", JOB, "--to", "optuna", "--storage", url)
    assert code == EXIT_OK, err
    summary = json.loads(out)
    assert summary["destination"] == {"storage": url, "study": JOB}
    assert (summary["training_jobs"], summary["added"], summary["unchanged"]) == (6, 6, 0)
    assert summary["calls"] == {
        "DescribeHyperParameterTuningJob": 1,
        "ListTrainingJobsForHyperParameterTuningJob": 1,
    }
    assert err == ""  # nothing of optuna's own logging
    code, out, _ = run("--local", "--json", "export", JOB, "--to", "optuna", "--storage", url)
    assert code == EXIT_OK and (json.loads(out)["added"], json.loads(out)["unchanged"]) == (0, 6)
    assert len(optuna.load_study(study_name=JOB, storage=url).trials) == 6


def test_export_without_storage_writes_optuna_db_here_and_says_how_to_look(
    service: LocalSageMaker, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, err = run("--local", "export", JOB, "--to", "optuna", "--study", "s1")
    assert code == EXIT_OK, err
    assert (tmp_path / "optuna.db").is_file()
    assert "6 training jobs: 6 added, 0 updated, 0 unchanged; 2 service calls" in out
    assert "optuna-dashboard sqlite:///optuna.db" in err


def test_export_to_mlflow_shows_progress_on_stderr_and_the_run_on_stdout(
    service: LocalSageMaker, tmp_path: Path
) -> None:
    uri = f"sqlite:///{tmp_path / 'mlflow.db'}"
    code, out, err = run(
        "--local", "--json", "--progress", "export", JOB, "--to", "mlflow", "--tracking-uri", uri
    )
    assert code == EXIT_OK, err
    summary = json.loads(out)
    assert summary["destination"]["tracking_uri"] == uri
    assert summary["destination"]["experiment"] == JOB and summary["added"] == 6
    assert "exported 6/6 training jobs to experiment exported-xgb" in err
    assert "INFO" not in err  # MLflow's own logging stays quiet

    from mlflow import MlflowClient

    run_ = MlflowClient(uri).get_run(summary["destination"]["parent_run_id"])
    assert run_.info.run_name == JOB


@pytest.mark.parametrize(
    ("target", "option", "value"),
    [
        ("optuna", "--tracking-uri", "sqlite:///x.db"),
        ("optuna", "--experiment", "e"),
        ("mlflow", "--storage", "sqlite:///x.db"),
        ("mlflow", "--study", "s"),
    ],
)
def test_an_option_of_the_other_target_is_a_usage_error(
    service: LocalSageMaker, target: str, option: str, value: str
) -> None:
    code, out, err = run("--local", "export", JOB, "--to", target, option, value)
    assert (code, out) == (EXIT_USAGE, "")
    assert f"{option} goes with --to" in err


def test_a_storage_the_target_cannot_open_is_a_usage_error(service: LocalSageMaker) -> None:
    code, out, err = run("--local", "export", JOB, "--to", "optuna", "--storage", "nope://x")
    assert (code, out) == (EXIT_USAGE, "")
    assert err.startswith("sagemaker-tuning: error: optuna: ") and "Traceback" not in err


def test_an_unknown_job_is_a_service_error(service: LocalSageMaker, tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'studies.db'}"
    code, _, err = run("--local", "export", "no-such-job", "--to", "optuna", "--storage", url)
    assert code == EXIT_SERVICE
    assert "ResourceNotFound" in err


def test_without_the_extra_the_command_names_it_before_any_call(
    service: LocalSageMaker, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "mlflow", None)
    code, _, err = run("--local", "export", "no-such-job", "--to", "mlflow")
    assert code == EXIT_USAGE
    assert "pip install 'sagemaker-tuning[mlflow]'" in err and "ResourceNotFound" not in err
