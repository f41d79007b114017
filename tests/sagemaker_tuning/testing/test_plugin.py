"""The pytest plugin, enabled the way users enable it: ``pytest_plugins`` in a conftest."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

CONFTEST = 'pytest_plugins = ["sagemaker_tuning.testing.pytest_plugin"]\n'

USER_TESTS = """
import botocore.session

from sagemaker_tuning import shapes
from sagemaker_tuning.testing import LocalSageMaker


def test_local_sagemaker_is_a_fresh_service(local_sagemaker):
    assert isinstance(local_sagemaker, LocalSageMaker)
    client = local_sagemaker.client()
    try:
        client.describe_hyper_parameter_tuning_job("anything")
    except Exception as error:
        assert type(error).__name__ == "ResourceNotFound"
    else:
        raise AssertionError("a fresh service knows no tuning job")


def test_local_sagemaker_server_serves_the_same_service(local_sagemaker, local_sagemaker_server):
    assert local_sagemaker_server.service is local_sagemaker
    assert local_sagemaker_server.url.startswith("http://127.0.0.1:")
    boto = botocore.session.get_session().create_client(
        "sagemaker", region_name="us-east-1", endpoint_url=local_sagemaker_server.url
    )
    try:
        boto.describe_hyper_parameter_tuning_job(HyperParameterTuningJobName="nothing")
    except boto.exceptions.ResourceNotFound:
        pass
    else:
        raise AssertionError("expected ResourceNotFound")
"""


def test_users_enable_the_fixtures_with_pytest_plugins(tmp_path: Path) -> None:
    (tmp_path / "conftest.py").write_text(CONFTEST)
    (tmp_path / "test_user.py").write_text(USER_TESTS)
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(tmp_path)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 passed" in result.stdout
