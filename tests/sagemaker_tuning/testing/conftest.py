"""Services shared by the testing-kit tests."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from sagemaker_tuning.client import TuningClient
from sagemaker_tuning.testing import LocalSageMaker, LocalSageMakerServer


@pytest.fixture
def service() -> LocalSageMaker:
    """A fresh service on virtual time."""
    return LocalSageMaker(seed=11)


@pytest.fixture
def server(service: LocalSageMaker) -> Iterator[LocalSageMakerServer]:
    """``service`` over HTTP on 127.0.0.1, shut down after the test."""
    with LocalSageMakerServer(service) as running:
        yield running


@pytest.fixture(params=["hook", "http"])
def client(request: Any, service: LocalSageMaker) -> Iterator[TuningClient]:
    """A TuningClient on ``service``, in process or over HTTP (same virtual clock)."""
    if request.param == "hook":
        yield service.client()
    else:
        with LocalSageMakerServer(service) as server:
            yield server.client()
