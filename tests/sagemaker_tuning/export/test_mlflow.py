"""``to_mlflow``: a tuning job of the local service as MLflow runs, in a real file store (and
SQLite, the skinny client's default)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from export_samples import NAME, Jobs
from mlflow import MlflowClient
from mlflow.entities import Run
from mlflow.exceptions import MlflowException

from sagemaker_tuning.export import to_mlflow
from sagemaker_tuning.export._mlflow import _key

STATUSES = {
    "Completed": "FINISHED",
    "Failed": "FAILED",
    "Stopped": "KILLED",
    "InProgress": "RUNNING",
}


@pytest.fixture
def file_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """A real MLflow file store in tmp_path. MLflow 3.18 keeps the file store in maintenance
    mode and opens one only with MLFLOW_ALLOW_FILE_STORE=true."""
    monkeypatch.setenv("MLFLOW_ALLOW_FILE_STORE", "true")
    return (tmp_path / "mlruns").as_uri()


def runs(uri: str, experiment: str = NAME) -> tuple[Run, dict[str, Run]]:
    """The parent run and the training jobs' runs by training job name."""
    ml = MlflowClient(uri)
    found = ml.get_experiment_by_name(experiment)
    assert found is not None
    every = ml.search_runs([found.experiment_id], max_results=1000)
    (parent,) = [r for r in every if "mlflow.parentRunId" not in r.data.tags]
    children = {r.info.run_name: r for r in every if r is not parent}
    assert len(children) == len(every) - 1
    return parent, children


def ms(moment: object) -> int:
    from datetime import datetime

    assert isinstance(moment, datetime)
    return int(moment.timestamp() * 1000)


def test_a_parent_run_holds_the_tuning_job_and_a_nested_run_each_training_job(
    stopped: Jobs, file_store: str
) -> None:
    parent_id = to_mlflow(stopped.client, NAME, tracking_uri=file_store)
    parent, children = runs(file_store)
    assert parent.info.run_id == parent_id and parent.info.run_name == NAME
    assert sorted(children) == sorted(stopped.summaries())
    assert {r.data.tags["mlflow.parentRunId"] for r in children.values()} == {parent_id}
    described = stopped.client.describe_hyper_parameter_tuning_job(NAME)
    params = parent.data.params
    assert params["strategy"] == "Bayesian"
    assert params["max_number_of_training_jobs"] == "8"
    assert params["max_parallel_training_jobs"] == "3"
    assert params["objective_metric_name"] == "validation:auc"
    assert params["objective_type"] == "Maximize"
    assert '"ScalingType": "ReverseLogarithmic"' in params["range.subsample"]
    tags = parent.data.tags
    assert tags["sagemaker.tuning_job_arn"] == described.hyper_parameter_tuning_job_arn
    assert tags["sagemaker.tuning_job_status"] == "Stopped"
    assert parent.info.status == "KILLED"
    assert parent.info.start_time == ms(described.creation_time)
    assert parent.info.end_time == ms(described.hyper_parameter_tuning_end_time)
    best = described.best_training_job
    assert best is not None and best.final_hyper_parameter_tuning_job_objective_metric
    assert parent.data.metrics["best.validation:auc"] == (
        best.final_hyper_parameter_tuning_job_objective_metric.value
    )
    assert parent.data.metrics["training_jobs.stopped"] == 3


def test_each_run_has_the_jobs_hyperparameters_final_metrics_tags_status_and_times(
    stopped: Jobs, file_store: str
) -> None:
    to_mlflow(stopped.client, NAME, tracking_uri=file_store)
    _, children = runs(file_store)
    for name, summary in stopped.summaries().items():
        run, job = children[name], stopped.client.describe_training_job(name)
        status = str(summary.training_job_status)
        assert run.info.status == STATUSES[status]
        hyperparameters = dict(job.hyper_parameters or {})
        del hyperparameters["_tuning_objective_metric"]  # the service adds it
        assert run.data.params == hyperparameters
        assert run.data.metrics == {
            m.metric_name: m.value for m in job.final_metric_data_list or ()
        }
        tags = run.data.tags
        assert tags["sagemaker.training_job_name"] == name
        assert tags["sagemaker.training_job_arn"] == summary.training_job_arn
        assert tags["sagemaker.training_job_status"] == status
        assert tags.get("sagemaker.failure_reason") == summary.failure_reason
        artifacts = job.model_artifacts.s3_model_artifacts if job.model_artifacts else None
        assert tags.get("sagemaker.model_artifacts") == artifacts
        assert run.info.start_time == ms(summary.training_start_time)
        assert run.info.end_time == ms(summary.training_end_time)
    assert {str(s.training_job_status) for s in stopped.summaries().values()} == {
        "Completed",
        "Failed",
        "Stopped",
    }


def test_exporting_again_updates_and_never_duplicates(running: Jobs, file_store: str) -> None:
    first = to_mlflow(running.client, NAME, tracking_uri=file_store)
    parent, early = runs(file_store)
    assert parent.info.status == "RUNNING"
    assert {r.info.status for r in early.values()} >= {"RUNNING", "FINISHED", "FAILED"}
    ended = sum(1 for r in early.values() if r.info.status != "RUNNING")
    # Only ended jobs are described (their final metrics and model), once each.
    assert running.calls()["DescribeTrainingJob"] == ended
    running.stop()
    assert to_mlflow(running.client, NAME, tracking_uri=file_store) == first
    assert running.calls()["DescribeTrainingJob"] == len(early) - ended
    parent, later = runs(file_store)
    assert sorted(later) == sorted(early) == sorted(running.summaries())
    for name, run in later.items():
        assert run.info.run_id == early[name].info.run_id
        assert run.info.status != "RUNNING"
    assert parent.info.status == "KILLED"
    # Nothing changed since: no describe, no write (the runs are as they were).
    to_mlflow(running.client, NAME, tracking_uri=file_store)
    assert running.calls() == {
        "DescribeHyperParameterTuningJob": 1,
        "ListTrainingJobsForHyperParameterTuningJob": 1,
    }
    assert runs(file_store)[1].keys() == later.keys()


def test_a_later_export_adds_the_training_jobs_started_since(running: Jobs, tmp_path: Path) -> None:
    uri = f"sqlite:///{tmp_path / 'mlflow.db'}"  # the skinny client's default kind of store
    to_mlflow(running.client, NAME, tracking_uri=uri, experiment="tuning")
    before = runs(uri, "tuning")[1]
    running.finish()
    to_mlflow(running.client, NAME, tracking_uri=uri, experiment="tuning")
    parent, after = runs(uri, "tuning")
    assert len(after) == len(running.summaries()) > len(before)
    assert set(before) < set(after)
    assert parent.info.status == "FINISHED"
    assert all(r.info.status in ("FINISHED", "FAILED") for r in after.values())


def test_mlflow_refuses_a_file_store_unless_allowed(
    stopped: Jobs, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("MLFLOW_ALLOW_FILE_STORE", raising=False)
    with pytest.raises(MlflowException, match="MLFLOW_ALLOW_FILE_STORE"):
        to_mlflow(stopped.client, NAME, tracking_uri=(tmp_path / "mlruns").as_uri())


def test_keys_mlflow_would_refuse_are_rewritten() -> None:
    assert _key("validation:auc") == "validation:auc"
    assert _key("train/loss (avg)") == "train/loss _avg_"
    assert _key("a/../b") == "a_.._b"
    assert _key("/root") == "_root"
    assert _key("x" * 300) == "x" * 250
    assert _key("") == "_"


def test_without_the_extra_the_error_names_it(
    stopped: Jobs, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "mlflow", None)
    with pytest.raises(ImportError, match=r"pip install 'sagemaker-tuning\[mlflow\]'"):
        to_mlflow(stopped.client, NAME)
    assert stopped.calls() == {}
