"""LocalSageMaker with trainers: tuning jobs trained for real, seen through the six operations."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import attrs
import pytest
from request_samples import IMAGE, definition, tuning_request

from sagemaker_tuning import shapes as sh
from sagemaker_tuning.local import LocalTrainer
from sagemaker_tuning.serde import to_api
from sagemaker_tuning.testing import LocalSageMaker, LocalSageMakerServer, VirtualClock
from sagemaker_tuning.testing.local import ServiceFault

# Prints the hyperparameters.json it was given and one auc= line per epoch (better near
# eta = 0.1); writes its pid into $PIDS; $MODE changes what it does.
TRAIN = textwrap.dedent(
    """
    import json, os, sys, time
    hp = json.loads(os.environ["SM_HPS"])
    pids = os.environ.get("PIDS")
    if pids:
        open(os.path.join(pids, str(os.getpid())), "w").close()
    with open(os.path.join(os.environ["SM_INPUT_CONFIG_DIR"], "hyperparameters.json")) as f:
        print("hyperparameters=" + f.read().replace("\\n", " "), flush=True)
    mode = os.environ.get("MODE", "")
    if mode == "hang":
        time.sleep(60)
    if mode == "silent":
        print("no metric here")
        sys.exit(0)
    if mode == "crash":
        with open(os.path.join(os.environ["SM_OUTPUT_DIR"], "failure"), "w") as f:
            f.write("bad eta")
        sys.exit(3)
    eta = float(hp["eta"])
    for epoch in range(2):
        print(f"epoch={epoch} auc={1 - abs(eta - 0.1) - 0.1 / (epoch + 1):.6f} loss=0.5", flush=True)
    """
)


def trainer(mode: str = "", pids: Path | None = None) -> LocalTrainer:
    env = {"MODE": mode}
    if pids is not None:
        env["PIDS"] = str(pids)
    return LocalTrainer.command([sys.executable, "-c", TRAIN], env=env)


@pytest.fixture
def service(tmp_path: Path) -> Iterator[Callable[..., LocalSageMaker]]:
    made: list[LocalSageMaker] = []

    def make(mode: str = "", **kwargs: Any) -> LocalSageMaker:
        kwargs.setdefault("trainers", {IMAGE: trainer(mode, tmp_path / "pids")})
        kwargs.setdefault("stop_grace", 1.0)
        svc = LocalSageMaker(root=tmp_path / f"root{len(made)}", **kwargs)
        made.append(svc)
        return svc

    (tmp_path / "pids").mkdir()
    yield make
    for svc in made:
        svc.close()


def create(svc: LocalSageMaker, request: sh.CreateHyperParameterTuningJobRequest) -> Any:
    boto = svc.botocore_client()
    boto.create_hyper_parameter_tuning_job(**to_api(request))
    return boto


def finished(boto: Any, name: str = "demo-tuning", timeout: float = 60.0) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while True:
        d: dict[str, Any] = boto.describe_hyper_parameter_tuning_job(
            HyperParameterTuningJobName=name
        )
        if d["HyperParameterTuningJobStatus"] not in ("InProgress", "Stopping"):
            return d
        assert time.monotonic() < deadline, d["HyperParameterTuningJobStatus"]
        time.sleep(0.05)


def summaries(boto: Any, name: str = "demo-tuning", **kwargs: Any) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = boto.list_training_jobs_for_hyper_parameter_tuning_job(
        HyperParameterTuningJobName=name, MaxResults=100, **kwargs
    )["TrainingJobSummaries"]
    return found


def alive(pids: Path) -> list[int]:
    found = []
    for entry in pids.iterdir():
        pid = int(entry.name)
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            continue
        # A zombie has exited; only its parent's wait is missing.
        stat = Path(f"/proc/{pid}/stat")
        if stat.exists() and stat.read_text().split(") ")[-1].startswith("Z"):
            continue
        found.append(pid)
    return found


def test_a_definition_with_a_trainer_is_trained_for_real(service: Any) -> None:
    boto = create(service(), tuning_request(max_jobs=3, parallel=2, strategy="Random"))
    d = finished(boto)
    assert d["HyperParameterTuningJobStatus"] == "Completed"
    assert d["TrainingJobStatusCounters"]["Completed"] == 3
    assert d["ObjectiveStatusCounters"] == {"Succeeded": 3, "Pending": 0, "Failed": 0}
    best = d["BestTrainingJob"]
    values = [
        s["FinalHyperParameterTuningJobObjectiveMetric"]["Value"]
        for s in summaries(boto, SortBy="FinalObjectiveMetricValue", SortOrder="Descending")
    ]
    assert best["FinalHyperParameterTuningJobObjectiveMetric"]["Value"] == values[0]
    eta = float(best["TunedHyperParameters"]["eta"])
    assert values[0] == pytest.approx(1 - abs(eta - 0.1) - 0.05, abs=1e-6)  # the last epoch


def test_describe_training_job_shows_what_the_job_did(service: Any) -> None:
    boto = create(service(), tuning_request(max_jobs=1, parallel=1, strategy="Random"))
    finished(boto)
    name = summaries(boto)[0]["TrainingJobName"]
    job = boto.describe_training_job(TrainingJobName=name)
    assert job["TrainingJobStatus"] == "Completed" and job["SecondaryStatus"] == "Completed"
    assert {m["MetricName"] for m in job["FinalMetricDataList"]} == {"validation:auc", "train:loss"}
    assert job["FinalMetricDataList"][0]["MetricName"] == "validation:auc"
    assert job["ModelArtifacts"]["S3ModelArtifacts"] == (
        f"s3://bucket/tuning/{name}/output/model.tar.gz"
    )
    assert [t["Status"] for t in job["SecondaryStatusTransitions"]] == [
        "Starting",
        "Training",
        "Completed",
    ]
    assert "FailureReason" not in job


def test_the_trainer_gets_static_tuned_and_objective_hyperparameters(service: Any) -> None:
    svc = service()
    boto = create(svc, tuning_request(max_jobs=1, parallel=1, strategy="Random"))
    finished(boto)
    summary = summaries(boto)[0]
    log = svc.training_job_log(summary["TrainingJobName"])
    line = next(x for x in log.splitlines() if x.startswith("hyperparameters="))
    given = json.loads(line.split("=", 1)[1])
    assert given == {
        "objective": "binary:logistic",
        "_tuning_objective_metric": "validation:auc",
        **summary["TunedHyperParameters"],
    }
    described = boto.describe_training_job(TrainingJobName=summary["TrainingJobName"])
    assert described["HyperParameters"] == given


def test_a_job_that_never_reports_its_objective_counts_under_objective_failed(
    service: Any,
) -> None:
    boto = create(service("silent"), tuning_request(max_jobs=2, parallel=2, strategy="Random"))
    d = finished(boto)
    assert d["TrainingJobStatusCounters"]["Completed"] == 2
    assert d["ObjectiveStatusCounters"] == {"Succeeded": 0, "Pending": 0, "Failed": 2}
    assert "BestTrainingJob" not in d
    assert {s["ObjectiveStatus"] for s in summaries(boto)} == {"Failed"}


def test_a_crashing_trainer_reads_as_the_service_writes_it(service: Any) -> None:
    boto = create(service("crash"), tuning_request(max_jobs=1, parallel=1, strategy="Random"))
    d = finished(boto)
    assert d["HyperParameterTuningJobStatus"] == "Failed"
    assert d["TrainingJobStatusCounters"]["NonRetryableError"] == 1
    summary = summaries(boto)[0]
    assert summary["FailureReason"] == "AlgorithmError: bad eta"
    job = boto.describe_training_job(TrainingJobName=summary["TrainingJobName"])
    assert job["FailureReason"] == "AlgorithmError: bad eta" and "ModelArtifacts" not in job


def test_waiters_see_the_progress_of_real_training(service: Any) -> None:
    svc = service()
    client = svc.client()
    client.create_hyper_parameter_tuning_job(tuning_request(max_jobs=2, parallel=1))
    polled: list[str] = []
    final = client.wait_for_hyper_parameter_tuning_job(
        "demo-tuning",
        max_wait=60,
        min_delay=0.05,
        max_delay=0.2,
        schedule="smithy",
        on_poll=lambda d: polled.append(str(d.hyper_parameter_tuning_job_status)),
    )
    assert str(final.hyper_parameter_tuning_job_status) == "Completed"
    assert "InProgress" in polled
    view = client.describe_tuning_job("demo-tuning")
    assert view.best_training_job is not None


def test_training_job_log_of_an_unknown_job_raises_the_services_error(service: Any) -> None:
    with pytest.raises(ServiceFault) as raised:
        service().training_job_log("no-such-job")
    assert raised.value.code == "ValidationException"
    assert raised.value.message == "Requested resource not found."


def test_a_simulated_job_has_no_log() -> None:
    svc = LocalSageMaker()
    boto = create(svc, tuning_request(max_jobs=1, parallel=1))
    svc.clock.sleep(10_000)
    name = summaries(boto)[0]["TrainingJobName"]
    with pytest.raises(ValueError, match="simulated"):
        svc.training_job_log(name)


def test_a_definition_without_a_trainer_keeps_the_simulation(service: Any) -> None:
    svc = service(trainers={"other-image:1": trainer()})
    boto = create(svc, tuning_request(max_jobs=2, parallel=2))
    assert (
        boto.describe_hyper_parameter_tuning_job(HyperParameterTuningJobName="demo-tuning")[
            "HyperParameterTuningJobStatus"
        ]
        == "InProgress"
    )
    assert svc._tunings["demo-tuning"].run.__class__.__name__ == "TuningRun"


def test_a_request_mixing_trained_and_simulated_definitions_is_refused(service: Any) -> None:
    from botocore.exceptions import ClientError

    request = tuning_request(max_jobs=2, parallel=1, training_job_definition=None)
    two = (
        attrs.evolve(definition(), definition_name="real"),
        attrs.evolve(
            definition(),
            definition_name="simulated",
            algorithm_specification=sh.HyperParameterAlgorithmSpecification(
                training_image="other:1",
                training_input_mode="File",
                metric_definitions=(sh.MetricDefinition(name="validation:auc", regex="a=(.*)"),),
            ),
        ),
    )
    config = attrs.evolve(
        request.hyper_parameter_tuning_job_config,
        hyper_parameter_tuning_job_objective=None,
        parameter_ranges=None,
    )
    objective = request.hyper_parameter_tuning_job_config.hyper_parameter_tuning_job_objective
    ranges = request.hyper_parameter_tuning_job_config.parameter_ranges
    mixed = attrs.evolve(
        request,
        hyper_parameter_tuning_job_config=config,
        training_job_definitions=tuple(
            attrs.evolve(d, tuning_objective=objective, hyper_parameter_ranges=ranges) for d in two
        ),
    )
    with pytest.raises(ClientError) as raised:
        create(service(), mixed)
    message = raised.value.response["Error"]["Message"]
    assert "TrainingJobDefinitions[1].AlgorithmSpecification.TrainingImage 'other:1'" in message


def test_trainers_need_a_real_clock() -> None:
    with pytest.raises(ValueError, match="RealClock"):
        LocalSageMaker(trainers={IMAGE: trainer()}, clock=VirtualClock())


def test_random_seed_reproduces_the_hyperparameters(service: Any) -> None:
    def run() -> list[dict[str, str]]:
        request = attrs.evolve(
            tuning_request(max_jobs=3, parallel=1, strategy="Bayesian"),
            hyper_parameter_tuning_job_config=attrs.evolve(
                tuning_request().hyper_parameter_tuning_job_config,
                random_seed=11,
                resource_limits=sh.ResourceLimits(
                    max_number_of_training_jobs=3, max_parallel_training_jobs=1
                ),
            ),
        )
        boto = create(service(seed=len(seen)), request)
        finished(boto)
        return [s["TunedHyperParameters"] for s in summaries(boto, SortBy="CreationTime")]

    seen: list[list[dict[str, str]]] = []
    seen.append(run())
    seen.append(run())
    assert seen[0] == seen[1]


def test_stop_ends_every_trainer_process(service: Any, tmp_path: Path) -> None:
    boto = create(service("hang"), tuning_request(max_jobs=4, parallel=2, strategy="Random"))
    pids = tmp_path / "pids"
    deadline = time.monotonic() + 30
    while len(list(pids.iterdir())) < 2:
        assert time.monotonic() < deadline
        time.sleep(0.05)
    boto.stop_hyper_parameter_tuning_job(HyperParameterTuningJobName="demo-tuning")
    statuses = {s["TrainingJobStatus"] for s in summaries(boto)}
    assert statuses <= {"Stopping", "Stopped", "InProgress"}
    d = finished(boto)
    assert d["HyperParameterTuningJobStatus"] == "Stopped"
    assert d["TrainingJobStatusCounters"]["Stopped"] == 2
    assert {s["TrainingJobStatus"] for s in summaries(boto)} == {"Stopped"}
    assert alive(pids) == []


def test_close_ends_every_trainer_process(service: Any, tmp_path: Path) -> None:
    svc = service("hang")
    boto = create(svc, tuning_request(max_jobs=4, parallel=2, strategy="Random"))
    pids = tmp_path / "pids"
    deadline = time.monotonic() + 30
    while len(list(pids.iterdir())) < 2:
        assert time.monotonic() < deadline
        time.sleep(0.05)
    svc.close()
    assert alive(pids) == []
    d = boto.describe_hyper_parameter_tuning_job(HyperParameterTuningJobName="demo-tuning")
    assert d["HyperParameterTuningJobStatus"] == "Stopped"


def test_ctrl_c_of_the_caller_leaves_no_trainer_running(tmp_path: Path) -> None:
    pids = tmp_path / "pids"
    pids.mkdir()
    script = tmp_path / "caller.py"
    script.write_text(
        textwrap.dedent(
            f"""
            import sys
            sys.path.insert(0, {str(Path(__file__).parents[1])!r})
            from request_samples import IMAGE, tuning_request
            from sagemaker_tuning.local import LocalTrainer
            from sagemaker_tuning.testing import LocalSageMaker
            trainer = LocalTrainer.command(
                [sys.executable, "-c", {TRAIN!r}], env={{"MODE": "hang", "PIDS": {str(pids)!r}}}
            )
            service = LocalSageMaker(trainers={{IMAGE: trainer}}, root={str(tmp_path / "root")!r})
            client = service.client()
            client.create_hyper_parameter_tuning_job(tuning_request(max_jobs=2, parallel=2))
            print("waiting", flush=True)
            client.wait_for_hyper_parameter_tuning_job("demo-tuning", max_wait=120)
            """
        )
    )
    caller = subprocess.Popen(
        [sys.executable, str(script)], stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    try:
        assert caller.stdout is not None and caller.stdout.readline() == b"waiting\n"
        deadline = time.monotonic() + 30
        while len(list(pids.iterdir())) < 2:
            assert time.monotonic() < deadline
            time.sleep(0.05)
        assert len(alive(pids)) == 2
        caller.send_signal(signal.SIGINT)
        _, err = caller.communicate(timeout=30)
    finally:
        if caller.poll() is None:
            caller.kill()
            caller.wait()
    assert b"KeyboardInterrupt" in err
    assert alive(pids) == []


def test_a_local_sagemaker_with_trainers_works_behind_the_http_server(service: Any) -> None:
    import boto3

    svc = service()
    with LocalSageMakerServer(svc) as server:
        boto = boto3.client(
            "sagemaker",
            endpoint_url=server.url,
            region_name="us-east-1",
            aws_access_key_id="x",
            aws_secret_access_key="x",
        )
        boto.create_hyper_parameter_tuning_job(**to_api(tuning_request(max_jobs=2, parallel=2)))
        d = finished(boto)
    assert d["HyperParameterTuningJobStatus"] == "Completed"
    assert d["ObjectiveStatusCounters"]["Succeeded"] == 2


def test_warm_start_from_a_real_parent_reports_the_overall_best(service: Any) -> None:
    svc = service()
    boto = create(svc, tuning_request("parent", max_jobs=2, parallel=2, strategy="Random"))
    parent = finished(boto, "parent")
    child = attrs.evolve(
        tuning_request("child", max_jobs=1, parallel=1, strategy="Bayesian"),
        warm_start_config=sh.HyperParameterTuningJobWarmStartConfig(
            parent_hyper_parameter_tuning_jobs=(
                sh.ParentHyperParameterTuningJob(hyper_parameter_tuning_job_name="parent"),
            ),
            warm_start_type="IdenticalDataAndAlgorithm",
        ),
    )
    boto.create_hyper_parameter_tuning_job(**to_api(child))
    d = finished(boto, "child")
    values = [
        parent["BestTrainingJob"]["FinalHyperParameterTuningJobObjectiveMetric"]["Value"],
        d["BestTrainingJob"]["FinalHyperParameterTuningJobObjectiveMetric"]["Value"],
    ]
    overall = d["OverallBestTrainingJob"]
    assert overall["FinalHyperParameterTuningJobObjectiveMetric"]["Value"] == max(values)
    assert len(svc._tunings["child"].run.search._study.trials) == 3  # 2 seeded + its own


def test_a_service_without_trainers_imports_neither_optuna_nor_the_runner() -> None:
    code = (
        "import sys\n"
        "import sagemaker_tuning.testing\n"
        "from sagemaker_tuning.testing import LocalSageMaker\n"
        "LocalSageMaker().client().describe_tuning_job\n"
        "heavy = [m for m in ('optuna', 'sagemaker_tuning.local._runner',"
        " 'sagemaker_tuning.local._engine') if m in sys.modules]\n"
        "print(heavy)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    assert out.stdout.strip() == "[]"


EPOCHS = textwrap.dedent(
    """
    import time
    for epoch in range(1, 6):
        print(f"epoch={epoch} auc={epoch / 10}", flush=True)
        time.sleep(1.0)
    """
)


def test_hyperband_stops_a_real_job_at_max_resource(service: Any) -> None:
    svc = service(trainers={IMAGE: LocalTrainer.command([sys.executable, "-c", EPOCHS])})
    request = tuning_request(max_jobs=1, parallel=1, strategy="Hyperband")
    config = attrs.evolve(
        request.hyper_parameter_tuning_job_config,
        strategy_config=sh.HyperParameterTuningJobStrategyConfig(
            hyperband_strategy_config=sh.HyperbandStrategyConfig(min_resource=1, max_resource=3)
        ),
    )
    boto = create(svc, attrs.evolve(request, hyper_parameter_tuning_job_config=config))
    d = finished(boto)
    assert d["HyperParameterTuningJobStatus"] == "Completed"
    assert d["TrainingJobStatusCounters"]["Stopped"] == 1
    assert d["ObjectiveStatusCounters"]["Succeeded"] == 1
    summary = summaries(boto)[0]
    assert summary["TrainingJobStatus"] == "Stopped"
    # Stopped after its third value; the SIGTERM lands before the next epoch's line.
    assert summary["FinalHyperParameterTuningJobObjectiveMetric"]["Value"] == 0.3
    job = boto.describe_training_job(TrainingJobName=summary["TrainingJobName"])
    assert [t["Status"] for t in job["SecondaryStatusTransitions"]] == [
        "Starting",
        "Training",
        "Stopping",
        "Stopped",
    ]


def test_the_table_and_the_report_read_a_real_run(service: Any) -> None:
    from sagemaker_tuning.report import TuningReport
    from sagemaker_tuning.table import collect_training_jobs

    client = service().client()
    client.create_hyper_parameter_tuning_job(tuning_request(max_jobs=3, parallel=2))
    client.wait_for_hyper_parameter_tuning_job("demo-tuning", max_wait=60, schedule="smithy")
    table = collect_training_jobs(client, "demo-tuning", describe=True)
    assert len(table) == 3
    assert all(row.objective_status == "Succeeded" and row.objective_value for row in table)
    html = TuningReport.build(client, "demo-tuning").to_html()
    assert "demo-tuning" in html and table[0].name in html
