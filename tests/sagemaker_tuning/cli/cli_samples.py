"""Helpers of the CLI tests: the command run in process, one local service shared by every
``--local`` command of a test, request files, and a local service process on 127.0.0.1.

pytest's default (prepend) import mode puts this directory on sys.path, so the test modules
beside it import it as ``cli_samples``.
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from sagemaker_tuning import to_api
from sagemaker_tuning.cli import demo_request, main
from sagemaker_tuning.testing import LocalSageMaker


def run(*argv: str) -> tuple[int, str, str]:
    """The command in process: its exit code, standard output and standard error."""
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def share_local_service(monkeypatch: pytest.MonkeyPatch, *, seed: int) -> LocalSageMaker:
    """One local service that every ``--local`` command of the test talks to."""
    shared = LocalSageMaker(seed=seed)
    monkeypatch.setattr("sagemaker_tuning.testing.LocalSageMaker", lambda **_: shared)
    return shared


def request_file(tmp_path: Path, name: str, *, jobs: int = 8, parallel: int = 3) -> str:
    """The path of ``<name>.json``: the demo tuning request as ``--cli-input-json`` takes it."""
    path = tmp_path / f"{name}.json"
    doc = to_api(demo_request(name, max_jobs=jobs, parallel=parallel))
    path.write_text(json.dumps(doc), encoding="utf-8")
    return str(path)


def start_server(*options: str) -> tuple[subprocess.Popen[str], str]:
    """``python -m sagemaker_tuning.testing.server --port 0 <options>`` and the URL it prints."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "sagemaker_tuning.testing.server", "--port", "0", *options],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    url = proc.stdout.readline().strip()  # the server prints its URL first, or exits
    if not url.startswith("http://127.0.0.1:"):
        proc.kill()
        _, err = proc.communicate(timeout=30)
        raise AssertionError(f"the local server did not start: {url!r} {err}")
    return proc, url


def stop_server(proc: subprocess.Popen[str]) -> None:
    """Stop a server from :func:`start_server`, killing it if it does not end within 15 s."""
    proc.terminate()
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=15)
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()
    proc.stderr.close()
