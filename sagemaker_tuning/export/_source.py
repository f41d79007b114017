"""What both exports read from the service: the tuning job, its training jobs, and the summary.

One ``DescribeHyperParameterTuningJob`` and one ``ListTrainingJobsForHyperParameterTuningJob``
call per 100 training jobs. The summaries carry each training job's name, ARN, status, tuned
hyperparameters, final objective value, failure reason and times; what they lack (every final
metric, the model's location) only ``DescribeTrainingJob`` has, and only the MLflow export asks
for it, once per ended training job.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable, Iterator, Mapping
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

import attrs

from sagemaker_tuning.core import shapes as sh

if TYPE_CHECKING:
    from sagemaker_tuning.client import TuningClient

__all__ = ["ENDED", "ExportSummary", "Progress", "TuningJobSource", "read", "require", "shown_url"]

#: Training job statuses that never change again (the API reference's TrainingJobStatus;
#: ``Deleting`` ends too: a deleted job's work is gone).
ENDED = frozenset({"Completed", "Failed", "Stopped", "Deleting"})

#: A sink for progress lines (the command line writes them to stderr).
Progress = Callable[[str], None]

#: Training jobs per list call: the most ``MaxResults`` allows, the fewest calls.
_PAGE = 100


def require(module: str, extra: str) -> Any:
    """Import ``module`` or raise an ``ImportError`` that names the extra to install."""
    try:
        return importlib.import_module(module)
    except ImportError as error:
        raise ImportError(
            f"exporting to {extra} needs {module.partition('.')[0]}: "
            f"pip install 'sagemaker-tuning[{extra}]' ({error})"
        ) from error


@attrs.frozen(kw_only=True)
class ExportSummary:
    """What one export did, as the command line prints it."""

    #: ``optuna`` or ``mlflow``.
    target: str
    tuning_job_name: str
    tuning_job_status: str
    #: Where it went: the storage URL and study name, or the tracking URI, experiment and run.
    destination: Mapping[str, str]
    #: Training jobs the service listed.
    training_jobs: int
    #: Trials or runs created, changed (a running job that ended, a new status) and left as
    #: they were (already exported in their final state).
    added: int
    updated: int
    unchanged: int
    #: Service calls, by operation.
    calls: Mapping[str, int]

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dictionary."""
        return {
            "target": self.target,
            "tuning_job_name": self.tuning_job_name,
            "tuning_job_status": self.tuning_job_status,
            "destination": dict(self.destination),
            "training_jobs": self.training_jobs,
            "added": self.added,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "calls": dict(self.calls),
        }


@attrs.frozen(kw_only=True)
class TuningJobSource:
    """A tuning job's description and all its training jobs' summaries, as read now."""

    description: sh.DescribeHyperParameterTuningJobResponse
    summaries: tuple[sh.HyperParameterTrainingJobSummary, ...]
    calls: dict[str, int]

    @property
    def name(self) -> str:
        return str(self.description.hyper_parameter_tuning_job_name)

    @property
    def status(self) -> str:
        return str(self.description.hyper_parameter_tuning_job_status)

    def objective(self) -> tuple[str | None, str | None]:
        """The objective's metric name and type (``Maximize``/``Minimize``): the tuning job's
        config, else (a job of several definitions) the first definition's own."""
        candidates: list[Any] = []
        config = self.description.hyper_parameter_tuning_job_config
        if isinstance(config, sh.HyperParameterTuningJobConfig):
            candidates.append(config.hyper_parameter_tuning_job_objective)
        for d in self.definitions():
            candidates.append(d.tuning_objective)
        for objective in candidates:
            if isinstance(objective, sh.HyperParameterTuningJobObjective):
                return _text(objective.metric_name), _text(objective.type)
        return None, None

    def definitions(self) -> Iterator[sh.HyperParameterTrainingJobDefinition]:
        """The training job definitions (one, or the several of ``TrainingJobDefinitions``)."""
        for d in (
            self.description.training_job_definition,
            *(self.description.training_job_definitions or ()),
        ):
            # Responses are parsed leniently: anything may stand where a shape should.
            if isinstance(d, sh.HyperParameterTrainingJobDefinition):
                yield d

    def definition_of(
        self, summary: sh.HyperParameterTrainingJobSummary
    ) -> sh.HyperParameterTrainingJobDefinition | None:
        """The definition that made ``summary`` (by its ``TrainingJobDefinitionName``)."""
        wanted = summary.training_job_definition_name
        for d in self.definitions():
            if wanted is None or d.definition_name == wanted:
                return d
        return None

    def count(self, operation: str) -> None:
        self.calls[operation] = self.calls.get(operation, 0) + 1


def read(client: TuningClient, name: str, progress: Progress | None = None) -> TuningJobSource:
    """Describe tuning job ``name`` and list every training job of it (100 per call)."""
    calls: dict[str, int] = {}
    description = client.describe_hyper_parameter_tuning_job(name)
    calls["DescribeHyperParameterTuningJob"] = 1
    summaries: list[sh.HyperParameterTrainingJobSummary] = []
    pages = client.paginate_training_jobs_for_hyper_parameter_tuning_job(name, page_size=_PAGE)
    for page in pages.pages():
        calls["ListTrainingJobsForHyperParameterTuningJob"] = (
            calls.get("ListTrainingJobsForHyperParameterTuningJob", 0) + 1
        )
        summaries.extend(
            s
            for s in page.training_job_summaries or ()
            if isinstance(s, sh.HyperParameterTrainingJobSummary) and _text(s.training_job_name)
        )
        if progress is not None and len(summaries) >= _PAGE:
            progress(f"listed {len(summaries)} training jobs of {name}")
    return TuningJobSource(description=description, summaries=tuple(summaries), calls=calls)


def shown_url(location: object) -> str:
    """A storage or tracking URL as a summary shows it: any password in it masked."""
    if location is None:
        return "default"
    if not isinstance(location, str):
        return type(location).__name__
    return _PASSWORD.sub(r"\1***@", location)


_PASSWORD = re.compile(r"(://[^/@:]*:)[^/@]*@")


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


def iso(value: datetime | None) -> str | None:
    """A UTC timestamp as ISO 8601 text (``None`` stays ``None``)."""
    if not isinstance(value, datetime):
        return None
    return value.astimezone(timezone.utc).isoformat()


def started(summary: sh.HyperParameterTrainingJobSummary) -> datetime | None:
    """When a training job started: training start, else creation (still pending)."""
    for value in (summary.training_start_time, summary.creation_time):
        if isinstance(value, datetime):
            return value
    return None


def objective_value(summary: sh.HyperParameterTrainingJobSummary) -> float | None:
    """The final objective value the summary reports, if a number."""
    metric = summary.final_hyper_parameter_tuning_job_objective_metric
    value = getattr(metric, "value", None)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value)
