"""Helpers of the local runner's tests: definitions, specs, function trainers, pid checks.

The function trainers live here, at module level, so that a child interpreter imports them
by name (the test directory is on ``sys.path``, which function trainers inherit).
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from sagemaker_tuning import shapes
from sagemaker_tuning.local import LocalTrainer, TrainingEnvironment
from sagemaker_tuning.local._runner import RunningTraining, TrainingOutcome, TrainingSpec, start

PY = sys.executable


def definition(
    *,
    metrics: Mapping[str, str] | None = None,
    channels: Mapping[str, str] | None = None,
    max_runtime: int = 20,
    image: str = "trainer:latest",
    output: str = "s3://bucket/output",
) -> shapes.HyperParameterTrainingJobDefinition:
    definitions = tuple(
        shapes.MetricDefinition(name=n, regex=r)
        for n, r in (metrics if metrics is not None else {"loss": r"loss=(\S+)"}).items()
    )
    return shapes.HyperParameterTrainingJobDefinition(
        algorithm_specification=shapes.HyperParameterAlgorithmSpecification(
            training_image=image,
            training_input_mode="File",
            metric_definitions=definitions or None,
        ),
        role_arn="arn:aws:iam::123456789012:role/SageMakerRole",
        input_data_config=tuple(
            shapes.Channel(
                channel_name=name,
                data_source=shapes.DataSource(
                    s3_data_source=shapes.S3DataSource(s3_data_type="S3Prefix", s3_uri=uri)
                ),
            )
            for name, uri in (channels or {}).items()
        )
        or None,
        output_data_config=shapes.OutputDataConfig(s3_output_path=output),
        resource_config=shapes.ResourceConfig(
            instance_type="ml.m5.large", instance_count=1, volume_size_in_gb=10
        ),
        stopping_condition=shapes.StoppingCondition(max_runtime_in_seconds=max_runtime),
    )


def spec(
    root: Path,
    trainer: LocalTrainer,
    *,
    name: str = "job-1",
    hyperparameters: Mapping[str, str] | None = None,
    data: Mapping[str, Path] | None = None,
    objective: str | None = "loss",
    **kwargs: Any,
) -> TrainingSpec:
    extra = {
        k: kwargs.pop(k) for k in ("memory_limit_bytes", "stop_grace", "max_points") if k in kwargs
    }
    return TrainingSpec(
        name=name,
        trainer=trainer,
        definition=definition(**kwargs),
        hyperparameters=dict(hyperparameters or {}),
        objective_metric=objective,
        root=root,
        data=dict(data or {}),
        **extra,
    )


def python(code: str, **kwargs: Any) -> LocalTrainer:
    """A command trainer running ``python -c CODE``."""
    return LocalTrainer.command([PY, "-c", code], **kwargs)


def run(training: TrainingSpec, timeout: float = 20.0) -> TrainingOutcome:
    outcome = start(training).wait(timeout)
    assert outcome is not None, "the job did not end in time"
    return outcome


def started(training: TrainingSpec) -> RunningTraining:
    return start(training)


def alive(pid: int) -> bool:
    """Whether a process exists and is not a zombie (containers may not reap orphans)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return True
    return state not in ("Z", "X")


def wait_gone(pid: int, timeout: float = 3.0) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if not alive(pid):
            return True
        time.sleep(0.02)
    return not alive(pid)


# -- function trainers ------------------------------------------------------------------------


def train_with_environment(env: TrainingEnvironment) -> None:
    """Print what the trainer received, write a model, report the loss."""
    print(json.dumps({"hyperparameters": dict(env.hyperparameters), "argv": sys.argv[1:]}))
    (env.model_dir / "weights.txt").write_text(env.hyperparameters.get("lr", "none"))
    print(f"loss={float(env.hyperparameters.get('lr', '1')) * 2}")


def train_without_arguments() -> None:
    print("loss=0.125", file=sys.stderr)


def train_and_raise() -> None:
    print("loss=0.5")
    raise ValueError("learning rate too high")


def train_needing_two(a: object, b: object) -> None:
    """Refused: a trainer takes no parameter or one."""


class Holder:
    def method(self) -> None:
        """Refused: a bound method is not importable by name."""


def allocate_a_gigabyte() -> None:
    buffer = bytearray(1 << 30)
    print(len(buffer))
