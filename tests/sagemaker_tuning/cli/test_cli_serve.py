"""``sagemaker-tuning serve`` (sagemaker_tuning.cli.serve) and endpoints on this machine
(sagemaker_tuning.cli.connection): a local service with no AWS configuration at all."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from cli_samples import request_file

from sagemaker_tuning.cli.connection import is_loopback_url

# Nothing AWS: no credentials, no region, no config files, no instance metadata.
BARE = {
    **{k: v for k, v in os.environ.items() if not k.startswith("AWS_")},
    "AWS_CONFIG_FILE": os.devnull,
    "AWS_SHARED_CREDENTIALS_FILE": os.devnull,
    "AWS_EC2_METADATA_DISABLED": "true",
}


def cli(*argv: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "sagemaker_tuning", *argv],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=BARE,
    )


@pytest.fixture(scope="module")
def served() -> Iterator[tuple[subprocess.Popen[str], str]]:
    """``sagemaker-tuning serve`` in its own process, 1000 times faster than real time."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "sagemaker_tuning", "serve", "--speed", "1000"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=BARE,
    )
    try:
        assert proc.stdout is not None
        url = proc.stdout.readline().strip()
        yield proc, url
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.communicate(timeout=30)


def test_serve_prints_its_loopback_url_first_and_serves_it(
    served: tuple[subprocess.Popen[str], str], tmp_path: Path
) -> None:
    _, url = served
    assert url.startswith("http://127.0.0.1:")
    # No region, no credentials configured: an endpoint on this machine needs neither.
    created = cli(
        "--endpoint-url", url, "create", request_file(tmp_path, "served", jobs=2, parallel=2)
    )
    assert (created.returncode, created.stderr) == (0, "")
    assert created.stdout.startswith("arn:aws:sagemaker:us-east-1:")
    listed = cli("--endpoint-url", url, "--json", "list")
    assert listed.returncode == 0, listed.stderr
    assert [j["HyperParameterTuningJobName"] for j in json.loads(listed.stdout)] == ["served"]


def test_serve_stops_on_ctrl_c_and_exits_0(served: tuple[subprocess.Popen[str], str]) -> None:
    proc, _ = served
    proc.send_signal(signal.SIGINT)
    assert proc.wait(timeout=30) == 0
    assert proc.stderr is not None
    notes = proc.stderr.read()
    assert "Ctrl-C stops it" in notes and notes.rstrip().endswith("stopped")


def test_an_endpoint_elsewhere_gets_no_default_region_nor_stand_in_credentials() -> None:
    # 192.0.2.1 is TEST-NET-1 (RFC 5737): nothing is ever sent, the set-up fails first.
    no_region = cli("--endpoint-url", "http://192.0.2.1:9", "list")
    assert no_region.returncode == 2
    assert "no AWS region" in no_region.stderr
    no_credentials = cli("--endpoint-url", "http://192.0.2.1:9", "--region", "us-east-1", "list")
    assert no_credentials.returncode == 2
    assert "no AWS credentials found" in no_credentials.stderr


@pytest.mark.parametrize(
    ("url", "loopback"),
    [
        ("http://127.0.0.1:8080", True),
        ("http://127.1.2.3", True),
        ("http://localhost:9000/", True),
        ("http://LOCALHOST.:9000", True),
        ("http://[::1]:8080", True),
        ("127.0.0.1:8080", True),
        ("http://10.0.0.1:8080", False),
        ("http://[::]:8080", False),
        ("http://0.0.0.0:8080", False),
        ("https://sagemaker.us-east-1.amazonaws.com", False),
        ("http://localhost.example.com", False),
        ("http://127.0.0.1.nip.io", False),
        ("http://[not-an-ip", False),
    ],
)
def test_only_loopback_endpoints_count_as_this_machine(url: str, loopback: bool) -> None:
    assert is_loopback_url(url) is loopback
