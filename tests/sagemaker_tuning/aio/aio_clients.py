"""Async clients on the local service for the workflow tests (unique module name).

A real :class:`~sagemaker_tuning.aio.AsyncTuningClient` over aiobotocore, talking HTTP to a
:class:`~sagemaker_tuning.testing.LocalSageMakerServer` on 127.0.0.1; its waiters sleep on
the service's virtual clock (advancing it, then yielding to the loop).
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator

from sagemaker_tuning.aio import AsyncTuningClient
from sagemaker_tuning.testing import LocalSageMaker, LocalSageMakerServer


@contextlib.asynccontextmanager
async def async_client(service: LocalSageMaker) -> AsyncIterator[AsyncTuningClient]:
    """``async with async_client(service) as client``: a client of its own (and its own cache)."""
    from aiobotocore.session import get_session

    clock = service.clock

    async def sleep(seconds: float) -> None:
        clock.sleep(seconds)  # a VirtualClock only advances
        await asyncio.sleep(0)

    session = get_session()
    session.set_credentials("testing", "testing")
    with LocalSageMakerServer(service) as server:
        async with AsyncTuningClient.create(
            region_name=service.region, endpoint_url=server.url, session=session
        ) as client:
            client.clock, client.sleep = clock.time, sleep
            yield client
