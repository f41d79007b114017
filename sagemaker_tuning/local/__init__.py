"""Train for real on this machine: local trainers for ``LocalSageMaker``.

``LocalTrainer.command(argv)`` or ``LocalTrainer.function(fn)`` stands in for a training
image; ``LocalSageMaker(trainers={IMAGE: trainer}, data={S3_PREFIX: DIR}, root=DIR)`` runs
each training job of a tuning job through it, with SageMaker's training contract
(:mod:`sagemaker_tuning.local._contract`), process control and log
(:mod:`sagemaker_tuning.local._runner`) and metric extraction
(:mod:`sagemaker_tuning.local._metrics`). Each of those modules' docstrings has its
contract table with sources.

POSIX only (process groups and signals): Linux, and macOS where the memory bound goes through
a small exec wrapper and exits are polled.
"""

from __future__ import annotations

from sagemaker_tuning.local._trainer import LocalTrainer, TrainingEnvironment

__all__ = ["LocalTrainer", "TrainingEnvironment"]
