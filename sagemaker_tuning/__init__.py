"""A typed SDK for Amazon SageMaker's hyperparameter-tuning API.

The top-level names load on first use, so ``import sagemaker_tuning`` stays
cheap; ``sagemaker_tuning.shapes`` (the validated data model) and
``sagemaker_tuning.serde`` (wire conversion) are where the work happens.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from sagemaker_tuning import enums, errors, ranges, requests, rules, serde, shapes
    from sagemaker_tuning.client import TuningClient
    from sagemaker_tuning.jobs import TuningJob
    from sagemaker_tuning.progress import TuningJobProgress
    from sagemaker_tuning.serde import from_api, to_api
    from sagemaker_tuning.table import TrainingJobTable, collect_training_jobs
    from sagemaker_tuning.validation import ValidationError, Violation, validate, violations

_LAZY = {
    "TuningClient": "sagemaker_tuning.client",
    "TuningJob": "sagemaker_tuning.jobs",
    "TuningJobProgress": "sagemaker_tuning.progress",
    "TrainingJobTable": "sagemaker_tuning.table",
    "collect_training_jobs": "sagemaker_tuning.table",
    "ValidationError": "sagemaker_tuning.validation",
    "Violation": "sagemaker_tuning.validation",
    "validate": "sagemaker_tuning.validation",
    "violations": "sagemaker_tuning.validation",
    "from_api": "sagemaker_tuning.serde",
    "to_api": "sagemaker_tuning.serde",
}
_SUBMODULES = {"enums", "errors", "ranges", "requests", "rules", "serde", "shapes"}

__all__ = [
    "TrainingJobTable",
    "TuningClient",
    "TuningJob",
    "TuningJobProgress",
    "ValidationError",
    "Violation",
    "__version__",
    "collect_training_jobs",
    "enums",
    "errors",
    "from_api",
    "ranges",
    "requests",
    "rules",
    "serde",
    "shapes",
    "to_api",
    "validate",
    "violations",
]


def __getattr__(name: str) -> Any:
    if name in _SUBMODULES:
        return importlib.import_module(f"sagemaker_tuning.{name}")
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'sagemaker_tuning' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
