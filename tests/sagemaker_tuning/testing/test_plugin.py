"""The pytest plugin: registered by its ``pytest11`` entry point, and still by a conftest line."""

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


def run_pytest(folder: Path, *options: str) -> subprocess.CompletedProcess[str]:
    # A fresh process in a folder of its own: no conftest of this repository applies.
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *options, str(folder)],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_fixtures_work_with_no_conftest_at_all(tmp_path: Path) -> None:
    (tmp_path / "test_user.py").write_text(USER_TESTS)
    assert not (tmp_path / "conftest.py").exists()
    result = run_pytest(tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 passed" in result.stdout


def test_a_conftest_that_still_names_the_plugin_keeps_working(tmp_path: Path) -> None:
    (tmp_path / "conftest.py").write_text(CONFTEST)
    (tmp_path / "test_user.py").write_text(USER_TESTS)
    result = run_pytest(tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 passed" in result.stdout


def test_the_plugin_can_be_turned_off_by_its_name(tmp_path: Path) -> None:
    (tmp_path / "test_user.py").write_text(USER_TESTS)
    result = run_pytest(tmp_path, "-p", "no:sagemaker_tuning.testing.pytest_plugin")
    assert result.returncode != 0
    assert "fixture 'local_sagemaker' not found" in result.stdout


def test_loading_the_plugin_imports_nothing_heavy() -> None:
    # pytest imports it at start-up in every project of the environment.
    code = (
        "import sys\n"
        "import sagemaker_tuning.testing.pytest_plugin\n"
        "heavy = [m for m in ('botocore', 'hypothesis', 'sagemaker_tuning.testing.local') "
        "if m in sys.modules]\n"
        "assert not heavy, heavy\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr
