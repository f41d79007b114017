"""sagemaker_tuning.testing.sample_request: a complete, valid request for examples and tests."""

from __future__ import annotations

import doctest
import subprocess
import sys

from sagemaker_tuning import rules, validation
from sagemaker_tuning.cli import demo_request
from sagemaker_tuning.testing import LocalSageMaker, sample_request, samples


def test_sample_request_breaks_no_constraint_and_no_rule() -> None:
    request = sample_request()
    assert request.hyper_parameter_tuning_job_name == samples.SAMPLE_NAME
    assert validation.violations(request) == []
    assert rules.check(request) == []


def test_sample_request_takes_the_name_and_limits_and_runs_on_the_local_service() -> None:
    request = sample_request("churn-xgb", max_jobs=3, parallel=2)
    limits = request.hyper_parameter_tuning_job_config.resource_limits
    assert (request.hyper_parameter_tuning_job_name, limits.max_number_of_training_jobs) == (
        "churn-xgb",
        3,
    )
    assert limits.max_parallel_training_jobs == 2
    client = LocalSageMaker().client()
    client.create_hyper_parameter_tuning_job(request)
    final = client.wait_for_hyper_parameter_tuning_job("churn-xgb")
    assert final.hyper_parameter_tuning_job_status == "Completed"


def test_demo_request_keeps_working_and_is_the_sample() -> None:
    assert demo_request("a", max_jobs=5, parallel=2) == sample_request("a", max_jobs=5, parallel=2)


def test_sample_request_docstring_example_runs() -> None:
    result = doctest.testmod(samples)
    assert (result.attempted, result.failed) == (3, 0)


def test_importing_sample_request_imports_no_hypothesis() -> None:
    code = (
        "import sys; from sagemaker_tuning.testing import sample_request; sample_request(); "
        "assert 'hypothesis' not in sys.modules"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)
