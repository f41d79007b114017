"""pytest fixtures for code that uses this SDK; enable with ``pytest_plugins``.

In your top-level ``conftest.py``::

    pytest_plugins = ["sagemaker_tuning.testing.pytest_plugin"]

then ask for the fixtures by name::

    def test_my_pipeline_tunes(local_sagemaker):
        client = local_sagemaker.client()  # a TuningClient on virtual time
        ...
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from sagemaker_tuning.testing.local import LocalSageMaker
from sagemaker_tuning.testing.server import LocalSageMakerServer

__all__ = ["local_sagemaker", "local_sagemaker_server"]


@pytest.fixture
def local_sagemaker() -> LocalSageMaker:
    """A fresh :class:`~sagemaker_tuning.testing.LocalSageMaker` (seed 0, virtual time) per test."""
    return LocalSageMaker()


@pytest.fixture
def local_sagemaker_server(local_sagemaker: LocalSageMaker) -> Iterator[LocalSageMakerServer]:
    """``local_sagemaker`` served over HTTP on 127.0.0.1 (a free port) for the test's duration.

    Point other processes at ``local_sagemaker_server.url``; the service keeps
    the virtual clock of ``local_sagemaker``, so advance it from the test.
    """
    with LocalSageMakerServer(local_sagemaker) as server:
        yield server
