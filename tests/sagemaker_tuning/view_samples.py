"""Tuning jobs on the local service for the preview-view and progress tests (unique module name)."""

from __future__ import annotations

from typing import Any

from request_samples import tuning_request

from sagemaker_tuning import shapes as sh
from sagemaker_tuning.client import TuningClient
from sagemaker_tuning.testing import LocalSageMaker, Timing


def request(
    name: str = "view-job",
    *,
    max_jobs: int = 12,
    parallel: int = 3,
    instances: int = 2,
    max_runtime: int | None = 5400,
    **changes: Any,
) -> sh.CreateHyperParameterTuningJobRequest:
    """A Bayesian request on two instances a training job, its run capped at 90 minutes."""
    return tuning_request(
        name,
        max_jobs=max_jobs,
        parallel=parallel,
        instances=instances,
        max_runtime=max_runtime,
        **changes,
    )


def running_job(
    *,
    seed: int = 0,
    advance: float = 0.0,
    failure_rate: float = 0.3,
    timing: Timing | None = None,
    name: str = "view-job",
    **changes: Any,
) -> tuple[LocalSageMaker, TuningClient, str]:
    """A service with one tuning job created, its virtual clock moved ``advance`` seconds on."""
    service = LocalSageMaker(seed=seed, failure_rate=failure_rate, timing=timing)
    client = service.client()
    client.create_hyper_parameter_tuning_job(request(name, **changes))
    service.clock.sleep(advance)
    return service, client, name
