"""Many tuning jobs watched at once: one event loop against sync waiters, and async overhead.

Run: ``python benchmarks/async_watch.py`` (needs the ``async`` extra; ``--quick`` for a smoke
run of 20 jobs). The local service runs in a process of its own (``LocalSageMakerServer`` on
127.0.0.1, its clock ``--speed`` times real time), so the threads counted are the watcher's
only. For N tuning jobs (2 training jobs each) it prints, per way of watching them -- one
event loop (``wait_for_all`` on an ``AsyncTuningClient``), N sync waiters one after the other,
N sync waiters in N threads -- the calls sent, the wall time, the watcher's CPU time and its
peak thread count. All use the same schedule (``--schedule``, default the progress one), on
the service's clock. The wall time is the jobs' own (they run side by side on the service);
what differs is threads and CPU. The faster the clock, the more of a short delay a call's round
trip takes: at 200x the loaded thread row fits fewer polls than the loop, at ``--speed 50``
the two make the same calls.

Then the cost of the typed async client: ``DescribeHyperParameterTuningJob`` through
``AsyncTuningClient`` against the same call on the raw aiobotocore client it wraps (the goal is
at most 1.10x), over HTTP and in process (``LocalSageMaker.aio_botocore_client``: no socket,
so the ratio is botocore's work and ours alone), medians of interleaved rounds. It prints; it
asserts nothing.
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import statistics
import threading
import time
import warnings
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from typing import Any

from sagemaker_tuning.client import TuningClient
from sagemaker_tuning.testing import sample_request

CREDENTIALS = {"aws_access_key_id": "testing", "aws_secret_access_key": "testing"}
#: Each training job runs 20 to 40 minutes (service time); a tuning job runs its two at once.
TRAINING = (1200.0, 2400.0)


def serve(speed: float, ready: Any, stop: Any) -> None:
    """The local service over HTTP, in this (child) process, until ``stop`` is set."""
    from sagemaker_tuning.testing import LocalSageMaker, LocalSageMakerServer, RealClock, Timing

    clock = RealClock(speed)
    service = LocalSageMaker(
        seed=1,
        clock=clock,
        failure_rate=0.0,
        timing=Timing(training=TRAINING),
        max_in_progress_tuning_jobs=100_000,
    )
    with LocalSageMakerServer(service, max_connections=1024) as server:
        # The service's time and this machine's monotonic clock (system-wide on Linux) read
        # together: the watchers' clocks then read the service's time itself.
        ready.put((server.url, clock.time(), time.monotonic()))
        stop.wait()


#: (service time, monotonic time, speed) read together in the server's process.
_SERVICE_TIME: list[float] = []


def service_time() -> float:
    """The service's clock, read here: the watchers measure and wait in service seconds on it,
    so the schedules' delays are service seconds (as with the local service's own clients)."""
    start, monotonic, speed = _SERVICE_TIME
    return start + (time.monotonic() - monotonic) * speed


@contextmanager
def local_service(speed: float) -> Iterator[str]:
    context = multiprocessing.get_context("spawn")
    ready, stop = context.Queue(), context.Event()
    process = context.Process(target=serve, args=(speed, ready, stop), daemon=True)
    process.start()
    try:
        url, service_time, monotonic = ready.get(timeout=60)
        _SERVICE_TIME[:] = [service_time, monotonic, speed]
        yield url
    finally:
        stop.set()
        process.join(10)


class ThreadPeak:
    """The most threads this process ran at once while it was entered (this sampler excluded)."""

    def __init__(self) -> None:
        self.peak = 0
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self) -> None:
        while not self._done.is_set():
            self.peak = max(self.peak, threading.active_count() - 1)
            self._done.wait(0.001)

    def __enter__(self) -> ThreadPeak:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._done.set()
        self._thread.join()


def counter(events: Any) -> list[int]:
    """A one-element list counting the calls a client's event system sees."""
    count = [0]

    def seen(**_: Any) -> None:
        count[0] += 1

    events.register("before-call.sagemaker", seen)
    return count


def sync_client(url: str, speed: float) -> TuningClient:
    """A sync client on the server whose waiters measure and sleep service seconds."""
    import botocore.session
    from botocore.config import Config

    boto = botocore.session.get_session().create_client(
        "sagemaker",
        region_name="us-east-1",
        endpoint_url=url,
        config=Config(max_pool_connections=256, retries={"mode": "standard"}),
        **CREDENTIALS,
    )
    return TuningClient(boto, clock=service_time, sleep=lambda s: time.sleep(s / speed))


def start(url: str, speed: float, prefix: str, n: int) -> list[str]:
    client = sync_client(url, speed)
    names = [f"{prefix}-{i:03d}" for i in range(n)]
    with warnings.catch_warnings():  # the sample's warning-severity rules: known, not news
        warnings.simplefilter("ignore")
        for name in names:
            client.create_hyper_parameter_tuning_job(sample_request(name, max_jobs=2, parallel=2))
    return names


def measure(label: str, run: Callable[[], int]) -> None:
    with ThreadPeak() as threads:
        wall, cpu = time.perf_counter(), time.process_time()
        calls = run()
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    print(f"{label:<32} {calls:>6} {wall:>8.2f} s {cpu:>8.2f} s {threads.peak:>8}")


def watch_async(url: str, speed: float, names: list[str], schedule: Any) -> int:
    from aiobotocore.config import AioConfig
    from aiobotocore.session import get_session

    from sagemaker_tuning.aio import AsyncTuningClient
    from sagemaker_tuning.workflows.watch import wait_for_all

    async def main() -> int:
        config = AioConfig(max_pool_connections=50, retries={"mode": "standard"})
        session = get_session()
        async with session.create_client(
            "sagemaker", region_name="us-east-1", endpoint_url=url, config=config, **CREDENTIALS
        ) as raw:
            calls = counter(raw.meta.events)
            client = AsyncTuningClient(
                raw,
                clock=service_time,
                sleep=lambda s: asyncio.sleep(s / speed),
            )
            done = await wait_for_all(client, names, max_concurrency=len(names), schedule=schedule)
            if len(done) != len(names):
                print(f"  (only {len(done)} of {len(names)} answered)")
            return calls[0]

    return asyncio.run(main())


def watch_sequential(url: str, speed: float, names: list[str], schedule: Any) -> int:
    client = sync_client(url, speed)
    calls = counter(client.boto_client.meta.events)
    for name in names:
        client.wait_for_hyper_parameter_tuning_job(name, schedule=schedule)
    return calls[0]


def watch_threads(url: str, speed: float, names: list[str], schedule: Any) -> int:
    client = sync_client(url, speed)  # botocore clients are thread-safe
    calls = counter(client.boto_client.meta.events)

    def wait(name: str) -> object:
        return client.wait_for_hyper_parameter_tuning_job(name, schedule=schedule)

    with ThreadPoolExecutor(max_workers=len(names)) as pool:
        list(pool.map(wait, names))
    return calls[0]


async def _overhead(raw: Any, name: str, rounds: int, per_round: int) -> tuple[float, float]:
    """Median seconds per Describe: the raw aiobotocore call, then the typed client's."""
    from sagemaker_tuning.aio import AsyncTuningClient

    client = AsyncTuningClient(raw)
    plain: list[float] = []
    typed: list[float] = []
    for _ in range(rounds):  # interleaved, so that drift in the machine's load is shared
        started = time.perf_counter()
        for _ in range(per_round):
            await raw.describe_hyper_parameter_tuning_job(HyperParameterTuningJobName=name)
        plain.append((time.perf_counter() - started) / per_round)
        started = time.perf_counter()
        for _ in range(per_round):
            await client.describe_hyper_parameter_tuning_job(name)
        typed.append((time.perf_counter() - started) / per_round)
    return statistics.median(plain), statistics.median(typed)


def describe_overhead(url: str, name: str, rounds: int, per_round: int) -> None:
    """The typed client's Describe against the raw call: over HTTP, and in process."""
    from aiobotocore.session import get_session

    from sagemaker_tuning.testing import LocalSageMaker

    async def main() -> list[tuple[str, float, float]]:
        rows = []
        async with get_session().create_client(
            "sagemaker", region_name="us-east-1", endpoint_url=url, **CREDENTIALS
        ) as raw:
            rows.append(("over HTTP", *await _overhead(raw, name, rounds, per_round)))
        # In process (no socket, no HTTP server): what is left is botocore's and ours.
        service = LocalSageMaker(seed=1)
        with warnings.catch_warnings():  # the sample's warning-severity rules: known, not news
            warnings.simplefilter("ignore")
            service.client().create_hyper_parameter_tuning_job(sample_request(name, max_jobs=2))
        async with service.aio_botocore_client() as raw:
            rows.append(("in process", *await _overhead(raw, name, rounds, per_round)))
        return rows

    for where, plain, typed in asyncio.run(main()):
        print(
            f"DescribeHyperParameterTuningJob {where}: aiobotocore {plain * 1e3:.3f} ms, "
            f"AsyncTuningClient {typed * 1e3:.3f} ms: {typed / plain:.2f}x (goal <= 1.10x)"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="20 jobs, a few rounds (CI smoke)")
    parser.add_argument("--jobs", type=int, default=None, help="tuning jobs (default 200)")
    parser.add_argument(
        "--speed",
        type=float,
        default=None,
        help="service clock vs real time (default 200; 1000 with --quick)",
    )
    parser.add_argument(
        "--schedule", choices=["progress", "smithy"], default="progress", help="the waiters'"
    )
    args = parser.parse_args()
    n = args.jobs or (20 if args.quick else 200)
    if args.speed is None:
        # Fast enough to run in seconds, slow enough that creating the jobs (a few ms each)
        # takes little of their run and a call's round trip little of a poll's delay.
        args.speed = 1000.0 if args.quick else 200.0
    with local_service(args.speed) as url:
        print(
            f"{n} tuning jobs of 2 training jobs of 20-40 min each, service clock "
            f"{args.speed:g}x real time, {args.schedule} schedule"
        )
        print(f"{'watched by':<32} {'calls':>6} {'wall':>10} {'cpu':>10} {'threads':>8}")
        for label, watch, prefix in [
            (f"one event loop ({n} tasks)", watch_async, "aio"),
            (f"{n} sync waiters in sequence", watch_sequential, "seq"),
            (f"{n} sync waiters in threads", watch_threads, "thr"),
        ]:
            names = start(url, args.speed, prefix, n)  # created first: not measured
            measure(label, lambda w=watch, ns=names: w(url, args.speed, ns, args.schedule))  # type: ignore[misc]
        rounds, per_round = (5, 20) if args.quick else (15, 100)
        describe_overhead(url, "aio-000", rounds, per_round)


if __name__ == "__main__":
    main()
