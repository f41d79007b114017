"""pytest fixtures for code that uses this SDK: ``local_sagemaker``, ``local_sagemaker_server``, ``local_sagemaker_aio``.

pytest loads this plugin by itself wherever the package is installed (a ``pytest11`` entry
point), so the fixtures need no set-up; ask for them by name::

    def test_my_pipeline_tunes(local_sagemaker):
        client = local_sagemaker.client()  # a TuningClient on virtual time
        ...

    async def test_my_service_tunes(local_sagemaker_aio):  # needs pytest-asyncio, aiobotocore
        await local_sagemaker_aio.create_hyper_parameter_tuning_job(...)

A ``conftest.py`` that still lists it (``pytest_plugins =
["sagemaker_tuning.testing.pytest_plugin"]``, needed before 0.2) keeps working. To turn it off
for a run: ``pytest -p no:sagemaker_tuning.testing.pytest_plugin``.

pytest imports this module at start-up in every project of an environment the package is
installed in, so it imports nothing of the package until a fixture is used.
"""

from __future__ import annotations

import importlib
from collections.abc import AsyncIterator, Iterator
from typing import TYPE_CHECKING, Any, NoReturn

import pytest

if TYPE_CHECKING:
    from sagemaker_tuning.aio import AsyncTuningClient
    from sagemaker_tuning.testing.local import LocalSageMaker
    from sagemaker_tuning.testing.server import LocalSageMakerServer

__all__ = ["local_sagemaker", "local_sagemaker_aio", "local_sagemaker_server"]


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


def _aio_fixture() -> Any:
    async def local_sagemaker_aio(
        local_sagemaker: LocalSageMaker,
    ) -> AsyncIterator[AsyncTuningClient]:
        """An :class:`~sagemaker_tuning.aio.AsyncTuningClient` on ``local_sagemaker`` (virtual time).

        The async variant of ``local_sagemaker``: ``async def`` tests ask for it (pytest-asyncio
        runs them, in either of its modes) and get an entered client, closed at teardown; its
        waiters advance the virtual clock instead of sleeping. Ask for ``local_sagemaker`` too
        to reach the service (its faults, rate limits, clock). Needs the ``async`` extra
        (aiobotocore) and pytest-asyncio.
        """
        async with local_sagemaker.aio_client() as client:
            yield client

    # pytest-asyncio's strict mode (its default) runs only the async fixtures it decorated, so
    # the fixture is made with its decorator; without pytest-asyncio it says what is missing.
    try:
        decorate: Any = importlib.import_module("pytest_asyncio").fixture
    except ImportError:

        def missing() -> NoReturn:
            raise pytest.UsageError(
                "local_sagemaker_aio is an async fixture: pip install pytest-asyncio "
                "'sagemaker-tuning[async]'"
            )

        missing.__doc__ = local_sagemaker_aio.__doc__
        return pytest.fixture(name="local_sagemaker_aio")(missing)
    return decorate(local_sagemaker_aio)


local_sagemaker_aio = _aio_fixture()
