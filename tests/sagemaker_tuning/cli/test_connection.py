"""``sagemaker_tuning.cli.connection``: waiting reports what goes wrong as it happens.

An endpoint nobody listens on (a port of 127.0.0.1 bound and closed again) stands for an
unreachable service; botocore retries nothing (``AWS_MAX_ATTEMPTS=1``), so every case ends in
about the ``--timeout`` it gives.
"""

from __future__ import annotations

import io
import json
import socket
import time
from typing import Any

import pytest

from sagemaker_tuning.cli import EXIT_INTERRUPTED, EXIT_SERVICE, main


@pytest.fixture
def closed_port(monkeypatch: pytest.MonkeyPatch) -> str:
    """The URL of a port of 127.0.0.1 that refuses connections; botocore tries each call once."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    monkeypatch.setenv("AWS_MAX_ATTEMPTS", "1")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    return f"http://127.0.0.1:{port}"


FAST = ["--timeout", "1.5", "--min-delay", "0.2", "--max-delay", "0.3"]


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def test_wait_on_an_unreachable_endpoint_reports_each_failed_poll_as_it_happens(
    closed_port: str,
) -> None:
    started = time.monotonic()
    code, _out, err = run("--endpoint-url", closed_port, "wait", "foo", *FAST)
    assert time.monotonic() - started < 30
    assert code == EXIT_SERVICE
    reports = [line for line in err.splitlines() if "poll failed, polling again" in line]
    assert len(reports) >= 2 and all("EndpointConnectionError" in r for r in reports)
    assert "Traceback" not in err


def test_giving_up_on_a_wait_names_the_last_error_in_text_and_json(closed_port: str) -> None:
    code, _out, err = run("--endpoint-url", closed_port, "wait", "foo", *FAST)
    last = err.strip().splitlines()[-1]
    assert code == EXIT_SERVICE and last.startswith("sagemaker-tuning: error: gave up waiting")
    assert "last error: EndpointConnectionError" in last and closed_port in last
    code, out, _err = run("--endpoint-url", closed_port, "--json", "wait", "foo", *FAST)
    document = json.loads(out)
    assert document["exit_code"] == EXIT_SERVICE
    assert "last error: EndpointConnectionError" in document["error"]


def test_ctrl_c_before_any_answer_does_not_claim_the_job_keeps_running(
    closed_port: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    def interrupted(_seconds: float) -> Any:
        raise KeyboardInterrupt

    # The waiter sleeps between polls with time.sleep: Ctrl-C arrives in the first sleep,
    # after one failed poll.
    monkeypatch.setattr(time, "sleep", interrupted)
    code, _out, err = run("--endpoint-url", closed_port, "wait", "foo", *FAST)
    assert code == EXIT_INTERRUPTED
    assert "keeps running" not in err
    assert "no answer from the service yet" in err and "EndpointConnectionError" in err
