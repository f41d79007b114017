"""Calls and time of the preview ``describe_tuning_job`` view on the local service.

Run: ``.venv/bin/python benchmarks/tuning_view.py``. For tuning jobs of N training jobs it
prints the calls the view sends (counted at botocore's ``before-call``) against
1 + ceil(N / 100) + 1, the calls of a second view of the same job (the best training job is
not described again), and of ``exact=True`` the first time and again (each ended job is
described once). Times are medians of 5 views, in process (no network).
"""

from __future__ import annotations

import math
import statistics
import time

from _requests import tuning_job_config, tuning_request

from sagemaker_tuning import shapes as sh
from sagemaker_tuning import tuning_view
from sagemaker_tuning.testing import LocalSageMaker, Timing


def request(name: str, jobs: int) -> sh.CreateHyperParameterTuningJobRequest:
    eta = sh.ContinuousParameterRange(name="eta", min_value="0.01", max_value="0.5")
    config = tuning_job_config(
        strategy="Random",
        jobs=jobs,
        parallel=100,
        ranges=sh.ParameterRanges(continuous_parameter_ranges=(eta,)),
    )
    return tuning_request(name, config, instances=2)


def main() -> None:
    print("describe_tuning_job on the local service, in process")
    print(
        f"{'N':>5} {'calls':>5} {'1+ceil(N/100)+1':>15} {'again':>5} {'exact':>5} "
        f"{'exact again':>11} {'median time':>11}"
    )
    for n in (10, 100, 250, 1000):
        service = LocalSageMaker(seed=1, failure_rate=0.1, timing=Timing(training=(60.0, 600.0)))
        client = service.client()
        name = f"view-{n}"
        client.create_hyper_parameter_tuning_job(request(name, n))
        service.clock.sleep(3600.0 * 4)  # every training job has ended
        first = tuning_view.describe_tuning_job(client, name)
        again = tuning_view.describe_tuning_job(client, name)
        exact = tuning_view.describe_tuning_job(client, name, exact=True)
        exact_again = tuning_view.describe_tuning_job(client, name, exact=True)
        listed = len(first.training_jobs)
        times = []
        for _ in range(5):
            started = time.perf_counter()
            tuning_view.describe_tuning_job(client, name)
            times.append(time.perf_counter() - started)
        expected = 1 + math.ceil(listed / 100) + 1
        print(
            f"{listed:>5} {first.calls:>5} {expected:>15} {again.calls:>5} {exact.calls:>5} "
            f"{exact_again.calls:>11} {statistics.median(times) * 1e3:>9.1f} ms"
        )


if __name__ == "__main__":
    main()
