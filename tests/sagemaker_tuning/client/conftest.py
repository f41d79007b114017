"""Fixtures of the client tests: stubbed clients, virtual time, a send counter."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import botocore.session

# pytest's default (prepend) import mode puts this directory on sys.path.
import client_samples as _samples
import pytest
from botocore.stub import Stubber

from sagemaker_tuning.client import TuningClient

REGION: str = _samples.REGION
SendCounter = _samples.SendCounter
VirtualTime = _samples.VirtualTime


@pytest.fixture
def vtime() -> Any:
    return VirtualTime()


# Building a botocore client parses SageMaker's multi-megabyte model; the tests share
# one client of each kind. Stubbers and the send counter unregister when a test ends.
@pytest.fixture(scope="session")
def _created_boto_client() -> Any:
    return TuningClient.create(region_name=REGION).boto_client


@pytest.fixture(scope="session")
def boto_client() -> Any:
    """A plain botocore SageMaker client (fake credentials from tests/conftest.py)."""
    return botocore.session.get_session().create_client("sagemaker", region_name=REGION)


@pytest.fixture
def client(vtime: Any, _created_boto_client: Any) -> TuningClient:
    """A TuningClient over a ``create``-built client (UTC timestamps, standard retries), on
    virtual time."""
    return TuningClient(_created_boto_client, clock=vtime.clock, sleep=vtime.sleep)


@pytest.fixture
def stub(client: TuningClient) -> Iterator[Stubber]:
    with Stubber(client.boto_client) as stubber:
        yield stubber
        stubber.assert_no_pending_responses()


@pytest.fixture
def sends(client: TuningClient) -> Iterator[Any]:
    """Every request the client would send is counted and answered locally, never sent."""
    counter = SendCounter()
    events = client.boto_client.meta.events
    events.register("before-send.sagemaker", counter, unique_id="client-tests-sends")
    yield counter
    events.unregister("before-send.sagemaker", unique_id="client-tests-sends")
