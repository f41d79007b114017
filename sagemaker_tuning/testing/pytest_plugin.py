"""pytest fixtures for code that uses this SDK: ``local_sagemaker`` and ``local_sagemaker_server``.

pytest loads this plugin by itself wherever the package is installed (a ``pytest11`` entry
point), so the fixtures need no set-up; ask for them by name::

    def test_my_pipeline_tunes(local_sagemaker):
        client = local_sagemaker.client()  # a TuningClient on virtual time
        ...

A ``conftest.py`` that still lists it (``pytest_plugins =
["sagemaker_tuning.testing.pytest_plugin"]``, needed before 0.2) keeps working. To turn it off
for a run: ``pytest -p no:sagemaker_tuning.testing.pytest_plugin``.

pytest imports this module at start-up in every project of an environment the package is
installed in, so it imports nothing of the package until a fixture is used.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from sagemaker_tuning.testing.local import LocalSageMaker
    from sagemaker_tuning.testing.server import LocalSageMakerServer

__all__ = ["local_sagemaker", "local_sagemaker_server"]


@pytest.fixture
def local_sagemaker() -> Iterator[LocalSageMaker]:
    """A fresh :class:`~sagemaker_tuning.testing.LocalSageMaker` (seed 0, virtual time) per test.

    Closed at teardown (:meth:`~sagemaker_tuning.testing.LocalSageMaker.close`), so no
    process a test started outlives it.
    """
    from sagemaker_tuning.testing.local import LocalSageMaker

    service = LocalSageMaker()
    try:
        yield service
    finally:
        service.close()


@pytest.fixture
def local_sagemaker_server(local_sagemaker: LocalSageMaker) -> Iterator[LocalSageMakerServer]:
    """``local_sagemaker`` served over HTTP on 127.0.0.1 (a free port) for the test's duration.

    Point other processes at ``local_sagemaker_server.url``; the service keeps
    the virtual clock of ``local_sagemaker``, so advance it from the test.
    """
    from sagemaker_tuning.testing.server import LocalSageMakerServer

    with LocalSageMakerServer(local_sagemaker) as server:
        yield server
