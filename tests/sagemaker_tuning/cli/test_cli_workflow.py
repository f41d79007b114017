"""The workflow commands: init, clone, training-job (in process, ``--local`` and over HTTP)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from cli_samples import run, share_local_service

from sagemaker_tuning import requests, serde, to_api
from sagemaker_tuning import shapes as sh
from sagemaker_tuning.cli import EXIT_OK, EXIT_SERVICE, EXIT_USAGE, demo_request
from sagemaker_tuning.cli.check import check_request
from sagemaker_tuning.errors import ResourceNotFound
from sagemaker_tuning.testing import LocalSageMaker, LocalSageMakerServer

PARENT = "nightly-xgb"


@pytest.fixture
def service(monkeypatch: pytest.MonkeyPatch) -> LocalSageMaker:
    return share_local_service(monkeypatch, seed=9)


def create_parent(service: LocalSageMaker, *, finish: bool = True, jobs: int = 6) -> None:
    client = service.client()
    client.create_hyper_parameter_tuning_job(demo_request(PARENT, max_jobs=jobs, parallel=3))
    if finish:
        client.wait_for_hyper_parameter_tuning_job(PARENT)


# -- init


@pytest.mark.parametrize("strategy", ["Bayesian", "random", "Hyperband", "grid"])
def test_init_writes_a_request_that_validate_accepts_unchanged(
    strategy: str, tmp_path: Path
) -> None:
    code, out, err = run("init", "--strategy", strategy)
    assert (code, err) == (EXIT_OK, "")
    path = tmp_path / "request.json"
    path.write_text(out, encoding="utf-8")
    code, shown, _ = run("validate", str(path))
    assert (code, shown) == (EXIT_OK, f"{path}: valid\n")  # not even a warning
    document = json.loads(out)
    assert document["HyperParameterTuningJobConfig"]["Strategy"].lower() == strategy.lower()
    request, found = check_request(document)
    assert request is not None and found == []


def test_init_is_json_with_or_without_json_and_takes_a_name() -> None:
    plain = run("init", "--name", "churn-model")
    as_json = run("--json", "init", "--name", "churn-model")
    assert plain == as_json
    assert json.loads(plain[1])["HyperParameterTuningJobName"] == "churn-model"


def test_init_refuses_an_invalid_name() -> None:
    code, out, err = run("init", "--name", "no_underscores")
    assert (code, out) == (EXIT_USAGE, "")
    assert "HyperParameterTuningJobName" in err


def test_init_help_explains_the_fields_the_file_cannot() -> None:
    code, out, _ = run("init", "--help")
    assert code == EXIT_OK
    for field in ("RoleArn", "TrainingImage", "MetricDefinitions", "ParameterRanges", "Hyperband"):
        assert field in out


def test_init_creates_on_the_local_service(service: LocalSageMaker, tmp_path: Path) -> None:
    path = tmp_path / "request.json"
    path.write_text(run("init")[1], encoding="utf-8")
    code, out, _ = run("--local", "create", str(path))
    assert code == EXIT_OK and out.strip().endswith("hyper-parameter-tuning-job/my-tuning-job")


# -- clone


def test_clone_file_only_prints_the_request_without_the_services_additions(
    service: LocalSageMaker,
) -> None:
    create_parent(service)
    code, out, err = run("--local", "clone", PARENT, "again", "--file-only")
    assert (code, err) == (EXIT_OK, "")
    assert json.loads(out) == to_api(demo_request("again", max_jobs=6, parallel=3))
    code, out, _ = run("--local", "clone", PARENT, "again", "--file-only", "--max-jobs", "9")
    limits = json.loads(out)["HyperParameterTuningJobConfig"]["ResourceLimits"]
    assert limits == {"MaxNumberOfTrainingJobs": 9, "MaxParallelTrainingJobs": 3}
    with pytest.raises(ResourceNotFound):
        service.client().describe_hyper_parameter_tuning_job("again")  # nothing was created


def test_clone_with_a_warm_start_creates_and_waits(service: LocalSageMaker) -> None:
    create_parent(service)
    code, out, err = run(
        "--local",
        "clone",
        PARENT,
        "child",
        "--warm-start",
        "identical",
        "--max-jobs",
        "3",
        "--max-parallel",
        "2",
        "--wait",
    )
    assert code == EXIT_OK, err
    assert out.startswith("child: Completed, 3/3 training jobs finished")
    assert (
        "created arn:aws:sagemaker:us-east-1:123456789012:hyper-parameter-tuning-job/child" in err
    )
    code, out, _ = run("--local", "--json", "describe", "child")
    described = json.loads(out)
    assert described["WarmStartConfig"] == {
        "ParentHyperParameterTuningJobs": [{"HyperParameterTuningJobName": PARENT}],
        "WarmStartType": "IdenticalDataAndAlgorithm",
    }
    assert described["HyperParameterTuningJobConfig"]["ResourceLimits"] == {
        "MaxNumberOfTrainingJobs": 3,
        "MaxParallelTrainingJobs": 2,
    }


def test_clone_json_prints_the_create_response(service: LocalSageMaker) -> None:
    create_parent(service)
    code, out, _ = run("--local", "--json", "clone", PARENT, "copy", "--warm-start", "transfer")
    assert code == EXIT_OK
    assert json.loads(out) == {
        "HyperParameterTuningJobArn": (
            "arn:aws:sagemaker:us-east-1:123456789012:hyper-parameter-tuning-job/copy"
        )
    }


def test_clone_takes_more_parents(service: LocalSageMaker) -> None:
    create_parent(service)
    client = service.client()
    client.create_hyper_parameter_tuning_job(demo_request("older", max_jobs=2, parallel=2))
    client.wait_for_hyper_parameter_tuning_job("older")
    code, out, err = run(
        "--local", "clone", PARENT, "child", "--warm-start", "transfer", "--parent", "older",
        "--file-only",
    )  # fmt: skip
    assert (code, err) == (EXIT_OK, "")
    assert json.loads(out)["WarmStartConfig"] == to_api(
        requests.warm_start([PARENT, "older"], "TransferLearning")
    )


def test_clone_from_a_running_parent_is_refused_before_anything_is_sent(
    service: LocalSageMaker,
) -> None:
    create_parent(service, finish=False)
    code, out, err = run("--local", "clone", PARENT, "child", "--warm-start", "transfer")
    assert (code, out) == (EXIT_USAGE, "")
    lines = err.splitlines()
    assert lines[0] == (
        "error: WarmStartConfig.ParentHyperParameterTuningJobs[0]: parent nightly-xgb is "
        "InProgress; wait until it is Completed, Stopped or Failed [warm-start-parent-terminal]"
    )
    assert lines[-1].startswith(f"sagemaker-tuning: error: clone of {PARENT}: invalid: 1 error;")
    assert [j.name for j in service.client().tuning_jobs()] == [PARENT]
    # --file-only still prints the request to edit, and says it has an error.
    code, out, err = run(
        "--local", "clone", PARENT, "child", "--warm-start", "transfer", "--file-only"
    )
    assert code == EXIT_USAGE
    assert json.loads(out)["HyperParameterTuningJobName"] == "child"
    assert "[warm-start-parent-terminal]" in err


def test_clone_warnings_go_to_stderr_and_the_job_is_created(service: LocalSageMaker) -> None:
    create_parent(service)
    code, out, err = run(
        "--local", "clone", PARENT, "wide", "--max-jobs", "2", "--max-parallel", "3"
    )
    assert code == EXIT_OK
    assert out.strip().endswith("hyper-parameter-tuning-job/wide")
    assert "sagemaker-tuning: warning: HyperParameterTuningJobConfig.ResourceLimits" in err


@pytest.mark.parametrize(
    ("argv", "code", "message"),
    [
        (["clone", "missing", "child"], EXIT_SERVICE, "can't find a tuning job called missing"),
        (["clone", PARENT, "bad_name"], EXIT_USAGE, "HyperParameterTuningJobName"),
        (["clone", PARENT, "child", "--parent", "x"], EXIT_USAGE, "--parent needs --warm-start"),
        (["clone", PARENT, "child", "--warm-start", "sideways"], EXIT_USAGE, "invalid choice"),
        (["clone", PARENT, PARENT], EXIT_SERVICE, "already exists"),
    ],
)
def test_clone_errors(service: LocalSageMaker, argv: list[str], code: int, message: str) -> None:
    create_parent(service)
    got, out, err = run("--local", *argv)
    assert (got, out) == (code, "")
    assert message in err


# -- training-job


def test_training_job_shows_state_cost_metrics_and_model(service: LocalSageMaker) -> None:
    create_parent(service)
    client = service.client()
    best = client.describe_hyper_parameter_tuning_job(PARENT).best_training_job
    assert best is not None
    job = client.describe_training_job(best.training_job_name)
    code, out, err = run("--local", "training-job", best.training_job_name)
    assert (code, err) == (EXIT_OK, "")
    lines = out.splitlines()
    assert lines[0].split() == ["Training", "job", best.training_job_name]
    fields = {line[:16].strip(): line[16:].strip() for line in lines if not line.startswith(" ")}
    assert fields["Status"] == "Completed"
    assert fields["Billable time"] == f"{job.billable_time_in_seconds} s"
    assert fields["Model artifacts"] == (
        f"s3://demo-bucket/tuning/{best.training_job_name}/output/model.tar.gz"
    )
    assert fields["Instances"] == "1 x ml.m5.xlarge"
    assert "Final metrics" in lines and "Hyperparameters" in lines
    metric = best.final_hyper_parameter_tuning_job_objective_metric
    assert metric is not None
    assert f"  validation:auc  {metric.value:.6g}" in lines
    code, out, _ = run("--local", "--json", "training-job", best.training_job_name)
    assert json.loads(out) == json.loads(json.dumps(serde.to_api(job), default=_iso))


def _iso(value: Any) -> Any:
    return value.isoformat()


def test_training_job_shows_a_failure_reason_over_http() -> None:
    failing = LocalSageMaker(seed=1, failure_rate=1.0)
    client = failing.client()
    client.create_hyper_parameter_tuning_job(demo_request("doomed", max_jobs=1, parallel=1))
    failing.clock.advance(24 * 3600)
    [summary] = client.paginate_training_jobs_for_hyper_parameter_tuning_job("doomed")
    with LocalSageMakerServer(failing) as server:
        code, out, _ = run(
            "--endpoint-url", server.url, "--region", "us-east-1", "training-job",
            summary.training_job_name,
        )  # fmt: skip
    assert code == EXIT_OK
    assert re.search(r"^Status +Failed$", out, re.M)
    assert re.search(r"^Failure reason +AlgorithmError: the training script exited", out, re.M)
    # A failed training job has no model artifacts (the service leaves them out).
    assert "Model artifacts" not in out


@pytest.mark.parametrize(
    ("name", "code", "message"),
    [
        (
            "no-such-job",
            EXIT_SERVICE,
            "ValidationException in DescribeTrainingJob: Requested resource not found",
        ),
        ("bad_name", EXIT_USAGE, "TrainingJobName"),
    ],
)
def test_training_job_errors(service: LocalSageMaker, name: str, code: int, message: str) -> None:
    got, out, err = run("--local", "training-job", name)
    assert (got, out) == (code, "")
    assert message in err


# -- over HTTP


@pytest.fixture
def server() -> Iterator[tuple[LocalSageMaker, str]]:
    service = LocalSageMaker(seed=12)
    with LocalSageMakerServer(service) as running:
        yield service, running.url


def test_create_wait_clone_over_http(server: tuple[LocalSageMaker, str]) -> None:
    service, url = server
    remote = ["--endpoint-url", url, "--region", "us-east-1"]
    create_parent(service)
    code, out, err = run(*remote, "clone", PARENT, "child", "--warm-start", "transfer")
    assert (code, err) == (EXIT_OK, "")
    assert out == "arn:aws:sagemaker:us-east-1:123456789012:hyper-parameter-tuning-job/child\n"
    final = service.client().wait_for_hyper_parameter_tuning_job("child")
    assert final.warm_start_config == requests.warm_start(PARENT, "TransferLearning")
    code, out, _ = run(*remote, "--json", "best", "child")
    best: dict[str, Any] = json.loads(out)
    assert best["ModelArtifacts"]["S3ModelArtifacts"] == (
        f"s3://demo-bucket/tuning/{best['TrainingJobName']}/output/model.tar.gz"
    )
    code, out, _ = run(*remote, "training-job", best["TrainingJobName"])
    assert code == EXIT_OK and best["ModelArtifacts"]["S3ModelArtifacts"] in out
    code, out, _ = run(*remote, "--json", "describe", "child")
    shown = serde.from_api(sh.DescribeHyperParameterTuningJobResponse, json.loads(out))
    assert shown.warm_start_config == final.warm_start_config
