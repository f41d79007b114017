"""Tools for testing code that uses this SDK: strategies, a typed stubber, a local service.

- :mod:`sagemaker_tuning.testing.strategies`: hypothesis strategies for every
  shape (needs the ``testing`` extra; import it explicitly).
- :class:`TuningStubber`: botocore's ``Stubber`` with typed requests and responses.
- :class:`LocalSageMaker`: an in-process emulation of the tuning operations that
  answers as SageMaker does; :class:`LocalSageMakerServer` (and
  ``python -m sagemaker_tuning.testing.server``) serves it over HTTP on 127.0.0.1;
  :class:`Faults` injects throttling, server errors, empty pages and slow answers.
- :func:`~sagemaker_tuning.testing.samples.sample_request`: a complete, valid tuning request to try things with (the demo's).
- :mod:`sagemaker_tuning.testing.pytest_plugin`: the ``local_sagemaker`` fixture, loaded by
  pytest by itself (an entry point).

Names load on first use, so importing this package imports neither hypothesis
nor botocore.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sagemaker_tuning.testing._faults import Faults, InjectedFault
    from sagemaker_tuning.testing._simulation import Timing
    from sagemaker_tuning.testing.local import LocalSageMaker, RealClock, VirtualClock
    from sagemaker_tuning.testing.samples import sample_request
    from sagemaker_tuning.testing.server import LocalSageMakerServer
    from sagemaker_tuning.testing.stubber import TuningStubber

_LAZY = {
    "Faults": "sagemaker_tuning.testing._faults",
    "InjectedFault": "sagemaker_tuning.testing._faults",
    "LocalSageMaker": "sagemaker_tuning.testing.local",
    "RealClock": "sagemaker_tuning.testing.local",
    "VirtualClock": "sagemaker_tuning.testing.local",
    "Timing": "sagemaker_tuning.testing._simulation",
    "LocalSageMakerServer": "sagemaker_tuning.testing.server",
    "TuningStubber": "sagemaker_tuning.testing.stubber",
    "sample_request": "sagemaker_tuning.testing.samples",
}

__all__ = [
    "Faults",
    "InjectedFault",
    "LocalSageMaker",
    "LocalSageMakerServer",
    "RealClock",
    "Timing",
    "TuningStubber",
    "VirtualClock",
    "sample_request",
]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'sagemaker_tuning.testing' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
