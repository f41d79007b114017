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
    from sagemaker_tuning import enums, ranges, rules
    from sagemaker_tuning.client import TuningClient
    from sagemaker_tuning.core import errors, serde, shapes
    from sagemaker_tuning.core.serde import from_api, to_api
    from sagemaker_tuning.core.validation import ValidationError, Violation, validate, violations
    from sagemaker_tuning.workflows import requests
    from sagemaker_tuning.workflows.jobs import TuningJob
    from sagemaker_tuning.workflows.progress import TuningJobProgress
    from sagemaker_tuning.workflows.table import TrainingJobTable, collect_training_jobs

_LAZY = {
    "TuningClient": "sagemaker_tuning.client",
    "TuningJob": "sagemaker_tuning.workflows.jobs",
    "TuningJobProgress": "sagemaker_tuning.workflows.progress",
    "TrainingJobTable": "sagemaker_tuning.workflows.table",
    "collect_training_jobs": "sagemaker_tuning.workflows.table",
    "ValidationError": "sagemaker_tuning.core.validation",
    "Violation": "sagemaker_tuning.core.validation",
    "validate": "sagemaker_tuning.core.validation",
    "violations": "sagemaker_tuning.core.validation",
    "from_api": "sagemaker_tuning.core.serde",
    "to_api": "sagemaker_tuning.core.serde",
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
