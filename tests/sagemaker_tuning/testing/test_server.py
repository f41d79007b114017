"""The HTTP server: in a thread, as ``python -m sagemaker_tuning.testing.server``, and for the AWS CLI."""

from __future__ import annotations

import http.client
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import botocore.session
import pytest
from request_samples import tuning_request

from sagemaker_tuning import serde
from sagemaker_tuning import shapes as sh
from sagemaker_tuning.testing import LocalSageMaker, LocalSageMakerServer
from sagemaker_tuning.testing.server import main

AWS = Path(sys.executable).with_name("aws")


def post(url: str, target: str | None, body: bytes, method: str = "POST") -> tuple[int, Any]:
    host, port = url.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=10)
    try:
        headers = {"Content-Type": "application/x-amz-json-1.1"}
        if target is not None:
            headers["X-Amz-Target"] = target
        connection.request(method, "/", body=body, headers=headers)
        response = connection.getresponse()
        return response.status, json.loads(response.read())
    finally:
        connection.close()


def test_binds_loopback_only_by_default() -> None:
    with LocalSageMakerServer() as server:
        assert server.url.startswith("http://127.0.0.1:")
        status, body = post(
            server.url,
            "SageMaker.DescribeTrainingJob",
            b'{"TrainingJobName": "nothing-here"}',
        )
    assert status == 400
    assert body == {"__type": "ValidationException", "message": "Requested resource not found."}


def test_a_bug_in_the_emulation_is_an_internal_failure(
    server: LocalSageMakerServer, monkeypatch: Any
) -> None:
    def broken(target: str, body: Any) -> Any:
        raise RuntimeError("emulation bug")

    monkeypatch.setattr(server.service, "handle", broken)
    status, body = post(server.url, "SageMaker.DescribeTrainingJob", b"{}")
    assert status == 500
    assert body == {"__type": "InternalFailure", "message": "RuntimeError: emulation bug"}


def test_only_post_requests_are_answered(server: LocalSageMakerServer) -> None:
    status, body = post(server.url, None, b"", method="GET")
    assert status == 404 and body["__type"] == "UnknownOperationException"


def test_bad_arguments_exit_with_usage() -> None:
    with pytest.raises(SystemExit) as info:
        main(["--speed", "0"])
    assert info.value.code == 2


def test_the_module_serves_until_terminated_on_a_fast_real_clock() -> None:
    command = [sys.executable, "-m", "sagemaker_tuning.testing.server", "--port", "0"]
    command += ["--speed", "2000", "--training-seconds", "10", "20", "--seed", "4"]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert process.stdout is not None
        url = process.stdout.readline().strip()
        assert url.startswith("http://127.0.0.1:"), url
        boto = botocore.session.get_session().create_client(
            "sagemaker", region_name="us-east-1", endpoint_url=url
        )
        boto.create_hyper_parameter_tuning_job(**serde.to_api(tuning_request("real", max_jobs=4)))
        response: dict[str, Any] = {}
        for _ in range(200):  # at 2000x the run takes ~0.1 s of real time
            response = boto.describe_hyper_parameter_tuning_job(HyperParameterTuningJobName="real")
            if response["HyperParameterTuningJobStatus"] != "InProgress":
                break
            time.sleep(0.02)
        assert response["HyperParameterTuningJobStatus"] == "Completed"
        response.pop("ResponseMetadata")
        described = serde.from_api(
            sh.DescribeHyperParameterTuningJobResponse, response, strict=True
        )
        counters = described.training_job_status_counters
        assert (counters.completed or 0) + (counters.non_retryable_error or 0) == 4
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=10)
        finally:
            if process.poll() is None:
                process.kill()
                process.wait()
    assert process.returncode == 0, process.stderr.read() if process.stderr else ""


def aws(*args: str, url: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(AWS), "sagemaker", *args, "--endpoint-url", url, "--output", "json"],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "AWS_PAGER": ""},
    )


def test_the_aws_cli_works_against_the_server(
    server: LocalSageMakerServer, service: LocalSageMaker, tmp_path: Path
) -> None:
    request = tmp_path / "request.json"
    request.write_text(json.dumps(serde.to_api(tuning_request("cli-run", max_jobs=8))))
    created = aws(
        "create-hyper-parameter-tuning-job", "--cli-input-json", f"file://{request}", url=server.url
    )
    assert created.returncode == 0, created.stderr
    arn = json.loads(created.stdout)["HyperParameterTuningJobArn"]
    assert arn.endswith("hyper-parameter-tuning-job/cli-run")

    service.clock.sleep(10_000)  # the server's clock is the fixture's virtual one
    listed = aws(
        "list-training-jobs-for-hyper-parameter-tuning-job",
        "--hyper-parameter-tuning-job-name",
        "cli-run",
        "--sort-by",
        "FinalObjectiveMetricValue",
        "--sort-order",
        "Descending",
        url=server.url,
    )
    assert listed.returncode == 0, listed.stderr
    summaries = json.loads(listed.stdout)["TrainingJobSummaries"]
    assert summaries
    values = [s["FinalHyperParameterTuningJobObjectiveMetric"]["Value"] for s in summaries]
    assert values == sorted(values, reverse=True)

    best = summaries[0]
    described = aws(
        "describe-training-job", "--training-job-name", best["TrainingJobName"], url=server.url
    )
    assert described.returncode == 0, described.stderr
    job = json.loads(described.stdout)
    assert job["TuningJobArn"] == arn
    assert job["TrainingJobStatus"] == "Completed"
    assert {m["MetricName"]: m["Value"] for m in job["FinalMetricDataList"]}[
        "validation:auc"
    ] == values[0]

    missing = aws("describe-training-job", "--training-job-name", "not-there", url=server.url)
    assert missing.returncode != 0
    assert "(ValidationException)" in missing.stderr
    assert "Requested resource not found." in missing.stderr
