"""End to end: the ``sagemaker-tuning`` process against the local service over HTTP.

The service is ``python -m sagemaker_tuning.testing.server --port 0`` in its own process, 1000
times faster than real time; every command runs as a separate process, as a user runs it.
Servers are always stopped.
"""

from __future__ import annotations

import json
import os
import re
import selectors
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from cli_samples import request_file, start_server, stop_server

PYTHON = sys.executable
# Fast polls: the server runs 1000 times faster than real time.
POLL = ["--min-delay", "0.05", "--max-delay", "0.2"]


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    """The URL of a local service process; 1 000× real time, training jobs of 60 to 120 s."""
    proc, url = start_server("--speed", "1000", "--seed", "1", "--training-seconds", "60", "120")
    try:
        yield url
    finally:
        stop_server(proc)


def cli(url: str | None, *argv: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    prefix = ["--endpoint-url", url] if url else []
    return subprocess.run(
        [PYTHON, "-m", "sagemaker_tuning", *prefix, *argv],
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def test_create_wait_describe_training_jobs_and_best(server: str, tmp_path: Path) -> None:
    name = "http-full"
    created = cli(server, "create", request_file(tmp_path, name, jobs=6, parallel=3))
    assert (created.returncode, created.stderr) == (0, "")
    assert created.stdout == (
        f"arn:aws:sagemaker:us-east-1:123456789012:hyper-parameter-tuning-job/{name}\n"
    )

    waited = cli(server, "--progress", "wait", name, *POLL)
    assert waited.returncode == 0, waited.stderr
    assert waited.stdout.startswith(f"{name}: Completed, 6/6 training jobs finished")
    assert waited.stdout.count("\n") == 1
    bars = waited.stderr.splitlines()
    assert bars and bars[-1].startswith("[########################]  6/6 finished")

    described = cli(server, "--json", "describe", name)
    assert described.returncode == 0
    job: dict[str, Any] = json.loads(described.stdout)
    assert job["HyperParameterTuningJobStatus"] == "Completed"
    best = job["BestTrainingJob"]

    human = cli(server, "describe", name)
    assert "Status             Completed\n" in human.stdout
    assert best["TrainingJobName"] in human.stdout

    listed = cli(server, "training-jobs", name, "--sort-by", "objective", "--max-items", "4")
    assert listed.returncode == 0
    rows = [line.split() for line in listed.stdout.splitlines()[2:]]
    assert len(rows) == 4
    assert rows[0][0] == best["TrainingJobName"]
    values = [float(r[2]) for r in rows]
    assert values == sorted(values, reverse=True)

    as_csv = cli(server, "training-jobs", name, "--csv")
    assert as_csv.stdout.splitlines()[0].startswith(
        "TrainingJobName,TrainingJobStatus,FinalObjectiveValue,booster,eta,max_depth,subsample,"
    )
    assert len(as_csv.stdout.splitlines()) == 1 + 6

    shown = cli(server, "--json", "best", name)
    artifacts = f"s3://demo-bucket/tuning/{best['TrainingJobName']}/output/model.tar.gz"
    assert json.loads(shown.stdout) == {**best, "ModelArtifacts": {"S3ModelArtifacts": artifacts}}

    again = cli(server, "create", request_file(tmp_path, name, jobs=6, parallel=3))
    assert (again.returncode, again.stdout) == (1, "")
    assert again.stderr == (
        "sagemaker-tuning: error: ResourceInUse in CreateHyperParameterTuningJob: "
        f"A hyperparameter tuning job with the name, {name}, already exists. "
        "Choose a different name.\n"
    )


def test_demo_over_http_needs_no_credentials(server: str) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_ACCESS_KEY_ID")}
    env.pop("AWS_SECRET_ACCESS_KEY", None)
    result = subprocess.run(
        [
            PYTHON,
            "-m",
            "sagemaker_tuning",
            "--endpoint-url",
            server,
            "demo",
            "--simulated",
            "--max-jobs",
            "4",
        ],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr.splitlines()[0] == f"demo: on {server}"
    lines = result.stdout.splitlines()
    assert lines[0].startswith("demo-xgboost-")  # a fresh name on a shared server
    assert ": Completed, 4/4 training jobs finished" in lines[0]
    # Failed training jobs report no objective and are not ranked: up to 4 rows.
    assert re.fullmatch(r"Top [1-4] training jobs by validation:auc", lines[2])
    assert "Hyperparameters" in lines


def test_stop_and_wait_for_stopped(server: str, tmp_path: Path) -> None:
    name = "http-stop"
    cli(server, "create", request_file(tmp_path, name, jobs=500, parallel=2))
    stopped = cli(server, "stop", name, "--wait", *POLL)
    assert stopped.returncode == 0, stopped.stderr
    assert stopped.stderr == f"stopping tuning job {name}\n"
    assert stopped.stdout.startswith(f"{name}: Stopped, ")


def test_wait_timeout_exits_1_and_leaves_the_job_running(server: str, tmp_path: Path) -> None:
    name = "http-timeout"
    cli(server, "create", request_file(tmp_path, name, jobs=500, parallel=1))
    waited = cli(
        server, "wait", name, "--timeout", "0.5", "--min-delay", "0.1", "--max-delay", "0.2"
    )
    assert (waited.returncode, waited.stdout) == (1, "")
    assert waited.stderr.startswith("sagemaker-tuning: error: gave up waiting after ")
    assert waited.stderr.endswith(f"tuning job {name} is still InProgress\n")
    cli(server, "stop", name)


def _read_line(stream: Any, deadline: float) -> str:
    """One line of a child's stream, or '' if none comes before the deadline."""
    selector = selectors.DefaultSelector()
    selector.register(stream, selectors.EVENT_READ)
    try:
        while time.monotonic() < deadline:
            if selector.select(timeout=0.1):
                line: str = stream.readline()
                return line
        return ""
    finally:
        selector.close()


def test_ctrl_c_during_wait_stops_waiting_not_the_job(server: str, tmp_path: Path) -> None:
    name = "http-interrupt"
    cli(server, "create", request_file(tmp_path, name, jobs=500, parallel=1))
    proc = subprocess.Popen(
        [PYTHON, "-m", "sagemaker_tuning", "--endpoint-url", server, "--progress", "wait", name]
        + POLL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        # Whoever started the tests may ignore SIGINT (background jobs do); a shell user's
        # process has the default disposition, which is what this test needs.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    try:
        first = _read_line(proc.stderr, time.monotonic() + 30)
        assert first.startswith("["), first  # the wait is under way: a progress line came
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate(timeout=30)
    assert proc.returncode == 130
    assert out == ""
    assert err.splitlines()[-1] == (
        f"sagemaker-tuning: interrupted: stopped waiting; tuning job {name} keeps running "
        f"(stop it with: sagemaker-tuning stop {name})"
    )
    assert "Traceback" not in err
    still = json.loads(cli(server, "--json", "describe", name).stdout)
    assert still["HyperParameterTuningJobStatus"] == "InProgress"
    assert cli(server, "stop", name).returncode == 0


def test_not_found_and_invalid_names_over_http(server: str) -> None:
    missing = cli(server, "best", "no-such-job")
    assert (missing.returncode, missing.stdout) == (1, "")
    assert missing.stderr == (
        "sagemaker-tuning: error: ResourceNotFound in DescribeHyperParameterTuningJob: "
        "Amazon SageMaker can't find a tuning job called no-such-job. Type another name.\n"
    )
    invalid = cli(server, "training-jobs", "not_valid")
    assert invalid.returncode == 2
    assert invalid.stderr.startswith("sagemaker-tuning: error: invalid request: ")


def test_failed_tuning_job_exits_1_with_its_reason(tmp_path: Path) -> None:
    proc, url = start_server(
        "--speed", "1000", "--failure-rate", "1", "--training-seconds", "60", "90"
    )
    try:
        name = "http-fails"
        result = cli(
            url, "create", request_file(tmp_path, name, jobs=3, parallel=3), "--wait", *POLL
        )
    finally:
        stop_server(proc)
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr.splitlines()[-1] == (
        f"sagemaker-tuning: error: tuning job {name} ended Failed: All training jobs failed. "
        "Please take a look at the training jobs failures to get more details."
    )


def test_the_console_script_validates_offline(tmp_path: Path) -> None:
    script = Path(PYTHON).parent / "sagemaker-tuning"
    assert script.exists(), "install the package (pip install -e .) to get the console script"
    good = request_file(tmp_path, "offline", jobs=4, parallel=2)
    result = subprocess.run(
        [str(script), "validate", good], capture_output=True, text=True, timeout=60
    )
    assert (result.returncode, result.stdout, result.stderr) == (0, f"{good}: valid\n", "")
    doc = json.loads(Path(good).read_text())
    doc["HyperParameterTuningJobConfig"]["ResourceLimits"]["MaxParallelTrainingJobs"] = 0
    result = subprocess.run(
        [str(script), "--json", "validate", "-"],
        input=json.dumps(doc),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert json.loads(result.stdout)["violations"][0]["path"] == (
        "HyperParameterTuningJobConfig.ResourceLimits.MaxParallelTrainingJobs"
    )


def test_list_shows_the_jobs_newest_first_and_filters(server: str, tmp_path: Path) -> None:
    for name in ("listed-a", "listed-b"):
        created = cli(server, "create", request_file(tmp_path, name, jobs=2, parallel=1))
        assert created.returncode == 0, created.stderr
    table = cli(server, "list", "--name-contains", "LISTED-")
    assert table.returncode == 0, table.stderr
    lines = table.stdout.splitlines()
    assert lines[0].split() == [
        "Name",
        "Status",
        "Strategy",
        "Created",
        "Completed",
        "Running",
        "Failed",
    ]
    assert [line.split()[0] for line in lines[2:]] == ["listed-b", "listed-a"]  # newest first
    as_json = cli(server, "--json", "list", "--name-contains", "listed-", "--sort-by", "Name")
    summaries = json.loads(as_json.stdout)
    assert [s["HyperParameterTuningJobName"] for s in summaries] == ["listed-a", "listed-b"]
    assert all(
        s["HyperParameterTuningJobArn"].endswith(s["HyperParameterTuningJobName"])
        for s in summaries
    )
    capped = cli(server, "--json", "list", "--name-contains", "listed-", "--max-items", "1")
    assert len(json.loads(capped.stdout)) == 1
    none = cli(server, "list", "--name-contains", "no-such-job")
    assert (none.returncode, none.stdout) == (0, "")
    assert none.stderr == "no tuning jobs match the filters\n"
    bad = cli(server, "list", "--status", "Sideways")
    assert bad.returncode == 2
