"""A tuning job of the local service for the export tests, in the states the exports map
(imported as ``export_samples``: pytest's prepend import mode puts this directory on sys.path).

``Jobs`` runs one tuning job on virtual time: some training jobs fail (a seeded
``failure_rate``), :meth:`Jobs.stop` stops the tuning job with jobs still training, and
:meth:`Jobs.calls` counts the service calls each operation received.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from request_samples import tuning_request

from sagemaker_tuning import ranges
from sagemaker_tuning import shapes as sh
from sagemaker_tuning.client import TuningClient
from sagemaker_tuning.testing import LocalSageMaker

NAME = "export-xgb"
#: Every range kind and scale: log-scaled continuous and integer, reverse-log continuous
#: (optuna has no such scale), a linear integer (the service answers it as Auto), categorical.
RANGES = ranges.parameter_ranges(
    ranges.continuous("eta", 0.001, 0.5, scaling="Logarithmic"),
    ranges.continuous("subsample", 0.5, 0.99, scaling="ReverseLogarithmic"),
    ranges.integer("num_round", 10, 1000, scaling="Logarithmic"),
    ranges.integer("max_depth", 2, 10),
    ranges.categorical("booster", ["gbtree", "dart"]),
)


class Jobs:
    """One tuning job on a local service, and a client that counts its calls."""

    def __init__(
        self, *, jobs: int = 6, parallel: int = 3, objective: str = "Maximize", seed: int = 3
    ) -> None:
        self.service = LocalSageMaker(seed=seed, failure_rate=0.35)
        self.client: TuningClient = self.service.client()
        self._calls: Counter[str] = Counter()
        self.client.boto_client.meta.events.register("before-call.sagemaker", self._count)
        self.client.create_hyper_parameter_tuning_job(
            tuning_request(
                NAME, max_jobs=jobs, parallel=parallel, ranges=RANGES, objective_type=objective
            )
        )
        self._calls.clear()

    def _count(self, model: Any, **_: Any) -> None:
        self._calls[model.name] += 1

    def calls(self) -> dict[str, int]:
        """Calls per operation since the last time this was asked."""
        counted = dict(self._calls)
        self._calls.clear()
        return counted

    def advance(self, seconds: float) -> None:
        self.service.clock.sleep(seconds)

    def finish(self) -> None:
        self.client.wait_for_hyper_parameter_tuning_job(NAME)
        self._calls.clear()

    def stop(self) -> None:
        self.client.stop_hyper_parameter_tuning_job(NAME)
        self.client.wait_for_hyper_parameter_tuning_job_stopped(NAME)
        self._calls.clear()

    def summaries(self) -> dict[str, sh.HyperParameterTrainingJobSummary]:
        listed = self.client.paginate_training_jobs_for_hyper_parameter_tuning_job(NAME)
        found = {s.training_job_name: s for s in listed}
        self._calls.clear()
        return found

    def statuses(self) -> Counter[str]:
        return Counter(str(s.training_job_status) for s in self.summaries().values())
