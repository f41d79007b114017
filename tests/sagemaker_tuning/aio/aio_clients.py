"""A stand-in async client over a sync TuningClient on the local service (unique module name).

Until ``sagemaker_tuning.aio`` lands: every method of the async client's contract the
workflows use, awaiting a sync call (and yielding to the loop first), and a waiter that
sleeps on the event loop while the service's virtual clock moves on.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

from sagemaker_tuning.client import TuningClient
from sagemaker_tuning.errors import TuningJobFailed
from sagemaker_tuning.testing import LocalSageMaker


class FakePaginator:
    def __init__(self, sync: Any) -> None:
        self._sync = sync

    async def __aiter__(self) -> AsyncIterator[Any]:
        for item in self._sync:
            await asyncio.sleep(0)
            yield item

    async def pages(self) -> AsyncIterator[Any]:
        for page in self._sync.pages():
            await asyncio.sleep(0)
            yield page

    @property
    def resume_token(self) -> str | None:
        return self._sync.resume_token  # type: ignore[no-any-return]


class FakeAsyncClient:
    def __init__(self, service: LocalSageMaker, sync: TuningClient | None = None) -> None:
        self.service = service
        self.sync = sync if sync is not None else service.client()
        self.training_job_cache = self.sync.training_job_cache
        self.boto_client = self.sync.boto_client

    def service_now(self) -> Any:
        return self.sync.service_now()

    def __getattr__(self, name: str) -> Any:
        method = getattr(self.sync, name)

        async def call(*args: Any, **kwargs: Any) -> Any:
            await asyncio.sleep(0)
            return method(*args, **kwargs)

        return call

    def paginate_training_jobs_for_hyper_parameter_tuning_job(self, *a: Any, **k: Any) -> Any:
        return FakePaginator(
            self.sync.paginate_training_jobs_for_hyper_parameter_tuning_job(*a, **k)
        )

    def paginate_hyper_parameter_tuning_jobs(self, *a: Any, **k: Any) -> Any:
        return FakePaginator(self.sync.paginate_hyper_parameter_tuning_jobs(*a, **k))

    async def describe_tuning_job(self, name: Any, *, exact: bool = False) -> Any:
        from sagemaker_tuning.tuning_view import describe_tuning_job_async

        return (await describe_tuning_job_async(self, name, exact=exact)).response  # type: ignore[arg-type]

    async def _wait(self, name: str, done: set[str], **options: Any) -> Any:
        delay = options.get("min_delay") or 60.0
        while True:
            answer = self.sync.describe_hyper_parameter_tuning_job(name)
            if options.get("on_poll"):
                options["on_poll"](answer)
            status = str(answer.hyper_parameter_tuning_job_status)
            if status in done:
                return answer
            if status in ("Failed", "DeleteFailed"):
                raise TuningJobFailed(
                    f"tuning job {name!r} failed", waiter="fake", last_response=answer
                )
            self.service.clock.sleep(delay)
            await asyncio.sleep(0)

    async def wait_for_hyper_parameter_tuning_job(self, name: str, **options: Any) -> Any:
        return await self._wait(name, {"Completed", "Stopped"}, **options)

    async def wait_for_hyper_parameter_tuning_job_stopped(self, name: str, **options: Any) -> Any:
        return await self._wait(name, {"Completed", "Stopped"}, **options)


def async_client(service: LocalSageMaker) -> Any:
    """An async client on ``service`` (its own training-job cache)."""
    return FakeAsyncClient(service)
