"""The entry point (sagemaker_tuning.cli.app): the bare command, --debug, rule warnings."""

from __future__ import annotations

import io
import logging
import warnings
from pathlib import Path

import pytest
from cli_samples import request_file, run, share_local_service

from sagemaker_tuning.cli import EXIT_OK, main
from sagemaker_tuning.errors import RuleWarning
from sagemaker_tuning.testing import LocalSageMakerServer

ACCESS_KEY = "AKIAIOSFODNN7EXAMPLE"
SECRET_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"


def test_the_command_alone_prints_help_and_exits_0() -> None:
    code, out, err = run()
    assert (code, err) == (EXIT_OK, "")
    assert out.startswith("usage: sagemaker-tuning")
    assert "Start with: sagemaker-tuning demo" in out
    for command in ("delete", "serve", "report", "demo"):
        assert f"    {command}" in out


def test_debug_logs_requests_to_stderr_with_credentials_redacted(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", ACCESS_KEY)
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", SECRET_KEY)
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    with LocalSageMakerServer() as server:
        out, err = io.StringIO(), io.StringIO()
        code = main(["--debug", "--endpoint-url", server.url, "list"], stdout=out, stderr=err)
    assert code == EXIT_OK
    lines = err.getvalue().splitlines()
    assert any(" botocore." in line and " DEBUG: " in line for line in lines)
    assert any("SageMaker.ListHyperParameterTuningJobs" in line for line in lines)
    assert ACCESS_KEY not in err.getvalue() and SECRET_KEY not in err.getvalue()
    assert "<redacted>" in err.getvalue()  # the Authorization header names the key
    assert (root.handlers, root.level) == (handlers, level)  # logging as it was before


def test_without_debug_nothing_is_logged(monkeypatch: pytest.MonkeyPatch) -> None:
    share_local_service(monkeypatch, seed=1)
    code, _, err = run("--local", "list")
    assert (code, err) == (EXIT_OK, "no tuning jobs match the filters\n")


def test_create_prints_each_rule_warning_once_and_no_python_warning(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    share_local_service(monkeypatch, seed=1)
    # More parallel training jobs than jobs in all: the parallel-jobs-max warning.
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        code, _, err = run("--local", "create", request_file(tmp_path, "wide", jobs=2, parallel=3))
    assert code == EXIT_OK
    assert err.count("[parallel-jobs-max]") == 1
    assert not [w for w in caught if issubclass(w.category, RuleWarning)]
