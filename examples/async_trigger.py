"""An Airflow-style deferrable trigger for a tuning job, as plain asyncio (no Airflow needed).

A deferrable operator starts the tuning job, then defers to a trigger: an ``async`` generator
the triggerer runs on its event loop next to thousands of others, which yields one event when
the job is done. Airflow's own SageMaker triggers poll through aiobotocore every 30 s, at most
480 times (about 4 h). :func:`run` is such a trigger's ``run()``; :func:`tuning_job_event` the
part worth testing, given a client. In Airflow, wrap the dict in ``TriggerEvent(...)``.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

from sagemaker_tuning.aio import AsyncTuningClient
from sagemaker_tuning.errors import SageMakerTuningError, WaiterTimeout
from sagemaker_tuning.workflows.aio_jobs import AsyncTuningJob


async def tuning_job_event(
    client: AsyncTuningClient,
    name: str,
    *,
    poll_interval: float = 30.0,
    max_attempts: int = 480,
) -> dict[str, Any]:
    """Wait for the tuning job ``name``; the event (a JSON-ready dict) a trigger yields.

    Polls every ``poll_interval`` seconds at most ``max_attempts`` times, as Airflow's triggers
    do; ``"status"`` is ``"success"`` (with the best training job and its model), ``"timeout"``
    or ``"error"`` (the job failed, the service refused), with the reason as ``"message"``.
    """
    try:
        final = await client.wait_for_hyper_parameter_tuning_job(
            name,
            schedule="smithy",  # a fixed interval, as the trigger promised its operator
            min_delay=poll_interval,
            max_delay=poll_interval,
            max_wait=poll_interval * max_attempts,
        )
    except WaiterTimeout as error:
        return {"status": "timeout", "job_name": name, "message": str(error)}
    except SageMakerTuningError as error:  # TuningJobFailed, ResourceNotFound, ...
        return {"status": "error", "job_name": name, "message": str(error)}
    event: dict[str, Any] = {
        "status": "success",
        "job_name": name,
        "job_status": str(final.hyper_parameter_tuning_job_status),
        "best_training_job": None,
        "model": None,
    }
    best = await AsyncTuningJob(client, name).best_training_job()
    if best is not None:
        event["best_training_job"] = best.training_job_name
        if best.model_artifacts is not None:
            event["model"] = best.model_artifacts.s3_model_artifacts
    return event


async def run(
    name: str,
    *,
    region_name: str | None = None,
    endpoint_url: str | None = None,
    poll_interval: float = 30.0,
    max_attempts: int = 480,
) -> AsyncIterator[dict[str, Any]]:
    """The trigger's ``run()``: a client of its own, one event, then done."""
    async with AsyncTuningClient.create(
        region_name=region_name, endpoint_url=endpoint_url
    ) as client:
        yield await tuning_job_event(
            client, name, poll_interval=poll_interval, max_attempts=max_attempts
        )
