"""A tuning job as MLflow runs: a parent run, and a nested run per training job (the ``mlflow``
extra, the skinny client).

Runs are found again by their tags (``sagemaker.tuning_job_name``, ``sagemaker.training_job_name``),
so exporting again updates them. MLflow params cannot change once logged; the ones exported
never do (a tuning job's configuration and a training job's hyperparameters are fixed), so
only missing ones are logged. A metric is logged when its value differs from the run's latest.
docs/export.md has the mapping tables.
"""

from __future__ import annotations

import json
import posixpath
import re
from collections.abc import Iterable, Iterator, Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sagemaker_tuning.core import errors
from sagemaker_tuning.core import shapes as sh
from sagemaker_tuning.export._source import (
    ENDED,
    ExportSummary,
    Progress,
    TuningJobSource,
    iso,
    objective_value,
    read,
    require,
    shown_url,
    started,
)

if TYPE_CHECKING:
    from mlflow import MlflowClient
    from mlflow.entities import Metric, Param, Run, RunTag

    from sagemaker_tuning.client import TuningClient

#: Tag prefix of everything this export writes besides MLflow's own ``mlflow.*`` tags.
PREFIX = "sagemaker."
TUNING_JOB_TAG = PREFIX + "tuning_job_name"
TRAINING_JOB_TAG = PREFIX + "training_job_name"
#: On a training job's run once its ended job was described (so it never is again).
DESCRIBED_TAG = PREFIX + "described"

#: TrainingJobStatus / HyperParameterTuningJobStatus -> MLflow RunStatus. Anything else
#: (a status the service adds later) stays RUNNING until a later export sees it end.
_RUN_STATUS = {
    "Completed": "FINISHED",
    "Failed": "FAILED",
    "Stopped": "KILLED",
    "Deleting": "KILLED",
    "DeleteFailed": "FAILED",
}
_TUNING_ENDED = frozenset({"Completed", "Failed", "Stopped", "Deleting", "DeleteFailed"})

#: MLflow's limits (mlflow/utils/validation.py): 100 params or tags and 1000 metrics per
#: log_batch, keys of at most 250 characters of this alphabet.
_BATCH = 100
_KEY_LENGTH = 250
_BAD_KEY_CHARACTER = re.compile(r"[^\w\-. :/]")
#: What the service adds to a training job's hyperparameters (the objective's name): not one
#: of the user's (requests.from_description drops it too).
_SERVICE_ADDED = "_tuning_objective_metric"


def _key(name: str) -> str:
    """``name`` as an MLflow param, metric or tag key: characters MLflow refuses become ``_``,
    and a name that would resolve to another path (``a/../b``) has its slashes replaced."""
    key = _BAD_KEY_CHARACTER.sub("_", name)[:_KEY_LENGTH] or "_"
    if posixpath.normpath(key) != key or key.startswith("/"):
        key = key.replace("/", "_")
    return key


def _ms(moment: object) -> int | None:
    return int(moment.timestamp() * 1000) if isinstance(moment, datetime) else None


def _status(status: str) -> str:
    return _RUN_STATUS.get(status, "RUNNING")


def _number(value: object) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value)


class _Writer:
    """One MLflow experiment's runs of one tuning job, and what was written to them."""

    def __init__(self, ml: MlflowClient, experiment_id: str, runs: Iterable[Run]) -> None:
        self.ml = ml
        self.experiment_id = experiment_id
        self.parent: Run | None = None
        self.children: dict[str, Run] = {}
        for run in runs:
            job = run.data.tags.get(TRAINING_JOB_TAG)
            if job is None:
                self.parent = self.parent or run
            else:
                self.children.setdefault(job, run)

    def write(
        self,
        run: Run | None,
        *,
        run_name: str,
        start: int | None,
        params: Mapping[str, str],
        metrics: Mapping[str, tuple[float, int | None]],
        tags: Mapping[str, str],
        status: str,
        end: int | None,
    ) -> tuple[str, bool]:
        """Create the run or bring it up to date; its ID and whether anything was written.

        ``metrics`` maps a key to its value and timestamp (ms; ``None``: now).
        """
        from mlflow.entities import Metric, Param, RunTag

        changed = run is None
        if run is None:
            run = self.ml.create_run(
                self.experiment_id, start_time=start, tags=dict(tags), run_name=run_name
            )
            old_params: Mapping[str, str] = {}
            old_metrics: Mapping[str, float] = {}
            old_tags: Mapping[str, str] = dict(tags)
        else:
            old_params, old_metrics, old_tags = run.data.params, run.data.metrics, run.data.tags
        run_id = run.info.run_id
        new_params = [Param(k, v) for k, v in params.items() if k not in old_params]
        new_tags = [RunTag(k, v) for k, v in tags.items() if old_tags.get(k) != v]
        new_metrics = [
            Metric(k, value, at if at is not None else _now_ms(), 0)
            for k, (value, at) in metrics.items()
            if old_metrics.get(k) != value
        ]
        for batch in _batches(new_params, new_tags, new_metrics):
            self.ml.log_batch(run_id, **batch)
            changed = True
        if status != "RUNNING" and (
            run.info.status != status or (end is not None and run.info.end_time != end)
        ):
            self.ml.set_terminated(run_id, status, end_time=end)
            changed = True
        return run_id, changed


def _now_ms() -> int:
    import time

    return int(time.time() * 1000)


def _batches(
    params: list[Param], tags: list[RunTag], metrics: list[Metric]
) -> Iterator[dict[str, Any]]:
    """``log_batch`` arguments within MLflow's per-call limits."""
    while params or tags or metrics:
        yield {"params": params[:_BATCH], "tags": tags[:_BATCH], "metrics": metrics[:1000]}
        params, tags, metrics = params[_BATCH:], tags[_BATCH:], metrics[1000:]


def _find_runs(ml: MlflowClient, experiment_id: str, name: str) -> list[Run]:
    """Every run this export wrote for tuning job ``name`` (the name's pattern,
    ``[a-zA-Z0-9](-*[a-zA-Z0-9])*``, needs no quoting in a filter)."""
    found: list[Run] = []
    token: str | None = None
    while True:
        page = ml.search_runs(
            [experiment_id],
            filter_string=f"tags.`{TUNING_JOB_TAG}` = '{name}'",
            max_results=1000,
            page_token=token,
        )
        found.extend(page)
        token = page.token
        if not token:
            return found


def _parent_fields(source: TuningJobSource) -> dict[str, Any]:
    """The parent run's params, metrics and tags, from the tuning job's description."""
    d = source.description
    config = d.hyper_parameter_tuning_job_config
    limits = getattr(config, "resource_limits", None)
    metric, kind = source.objective()
    params = {
        "strategy": getattr(config, "strategy", None),
        "max_number_of_training_jobs": getattr(limits, "max_number_of_training_jobs", None),
        "max_parallel_training_jobs": getattr(limits, "max_parallel_training_jobs", None),
        "max_runtime_in_seconds": getattr(limits, "max_runtime_in_seconds", None),
        "objective_metric_name": metric,
        "objective_type": kind,
        "training_job_early_stopping_type": getattr(
            config, "training_job_early_stopping_type", None
        ),
    }
    for r in _ranges(source):
        params[f"range.{r['Name']}"] = json.dumps(r, sort_keys=True)
    metrics: dict[str, tuple[float, int | None]] = {}
    best = d.best_training_job
    value = objective_value(best) if isinstance(best, sh.HyperParameterTrainingJobSummary) else None
    if value is not None and metric is not None:
        metrics[_key(f"best.{metric}")] = (value, _ms(best.training_end_time) if best else None)
    counters = d.training_job_status_counters
    for field in ("completed", "in_progress", "retryable_error", "non_retryable_error", "stopped"):
        count = _number(getattr(counters, field, None))
        if count is not None:
            metrics[f"training_jobs.{field}"] = (count, None)
    tags = {
        "sagemaker.tuning_job_arn": d.hyper_parameter_tuning_job_arn,
        "sagemaker.tuning_job_status": source.status,
        "sagemaker.failure_reason": d.failure_reason,
        "sagemaker.best_training_job_name": getattr(best, "training_job_name", None),
        "sagemaker.creation_time": iso(d.creation_time),
        "sagemaker.end_time": iso(d.hyper_parameter_tuning_end_time),
    }
    return {"params": _texts(params), "metrics": metrics, "tags": _texts(tags)}


def _ranges(source: TuningJobSource) -> Iterator[dict[str, Any]]:
    """Each hyperparameter range of the tuning job as the API writes it (a kind added)."""
    from sagemaker_tuning.core.serde import to_api

    seen: set[str] = set()
    candidates = [
        getattr(source.description.hyper_parameter_tuning_job_config, "parameter_ranges", None),
        *(d.hyper_parameter_ranges for d in source.definitions()),
    ]
    for ranges in candidates:
        if not isinstance(ranges, sh.ParameterRanges):
            continue
        wire = to_api(ranges)
        for kind in ("Integer", "Continuous", "Categorical"):
            for r in wire.get(f"{kind}ParameterRanges", ()):
                name = str(r.get("Name"))
                if name not in seen:
                    seen.add(name)
                    yield {"Kind": kind, **r}


def _child_fields(
    source: TuningJobSource,
    summary: sh.HyperParameterTrainingJobSummary,
    described: sh.DescribeTrainingJobResponse | None,
) -> dict[str, Any]:
    """A training job's run: params its hyperparameters (the definition's static ones and
    the tuned ones), metrics its final metrics (every one with ``described``, else the
    objective), tags its identity, status and model location."""
    definition = source.definition_of(summary)
    params: dict[str, Any] = {}
    static = getattr(definition, "static_hyper_parameters", None)
    tuned = summary.tuned_hyper_parameters
    for values in (static, tuned):
        for k, v in values.items() if isinstance(values, Mapping) else ():
            if k != _SERVICE_ADDED:
                params[_key(str(k))] = v
    metrics: dict[str, tuple[float, int | None]] = {}
    end = _ms(summary.training_end_time)
    metric_name = getattr(
        summary.final_hyper_parameter_tuning_job_objective_metric, "metric_name", None
    )
    value = objective_value(summary)
    if value is not None and metric_name:
        metrics[_key(str(metric_name))] = (value, end)
    artifacts = None
    if described is not None:
        for data in described.final_metric_data_list or ():
            number = _number(getattr(data, "value", None))
            data_name = getattr(data, "metric_name", None)
            if number is not None and data_name:
                metrics[_key(str(data_name))] = (
                    number,
                    _ms(getattr(data, "timestamp", None)) or end,
                )
        artifacts = getattr(described.model_artifacts, "s3_model_artifacts", None)
    tags = {
        "sagemaker.tuning_job_arn": source.description.hyper_parameter_tuning_job_arn,
        "sagemaker.training_job_arn": summary.training_job_arn,
        "sagemaker.training_job_status": summary.training_job_status,
        "sagemaker.training_job_definition_name": summary.training_job_definition_name,
        "sagemaker.objective_status": summary.objective_status,
        "sagemaker.failure_reason": summary.failure_reason,
        "sagemaker.model_artifacts": artifacts,
        "sagemaker.creation_time": iso(summary.creation_time),
        "sagemaker.training_end_time": iso(summary.training_end_time),
    }
    return {"params": _texts(params), "metrics": metrics, "tags": _texts(tags)}


def _texts(values: Mapping[str, Any]) -> dict[str, str]:
    return {k: str(v) for k, v in values.items() if v is not None}


def export(
    client: TuningClient,
    name: str,
    *,
    tracking_uri: str | None = None,
    experiment: str | None = None,
    progress: Progress | None = None,
) -> tuple[str, ExportSummary]:
    """:func:`sagemaker_tuning.export.to_mlflow`, and what it did."""
    require("mlflow", "mlflow")
    from mlflow import MlflowClient
    from mlflow.entities import LifecycleStage

    source = read(client, name, progress)
    ml = MlflowClient(tracking_uri=tracking_uri)
    experiment_name = experiment if experiment is not None else source.name
    found = ml.get_experiment_by_name(experiment_name)
    if found is not None and found.lifecycle_stage == LifecycleStage.DELETED:
        raise ValueError(
            f"experiment: {experiment_name!r} is deleted in {shown_url(ml.tracking_uri)}; "
            "restore it or choose another experiment"
        )
    experiment_id = (
        found.experiment_id if found is not None else ml.create_experiment(experiment_name)
    )
    writer = _Writer(ml, experiment_id, _find_runs(ml, experiment_id, source.name))
    own = {TUNING_JOB_TAG: source.name, PREFIX + "kind": "tuning-job"}
    fields = _parent_fields(source)
    parent_id, _ = writer.write(
        writer.parent,
        run_name=source.name,
        start=_ms(source.description.creation_time),
        params=fields["params"],
        metrics=fields["metrics"],
        tags={**own, **fields["tags"]},
        status=_status(source.status) if source.status in _TUNING_ENDED else "RUNNING",
        end=_ms(source.description.hyper_parameter_tuning_end_time),
    )
    latest = {str(s.training_job_name): s for s in source.summaries}
    added = updated = unchanged = 0
    for done, (job_name, summary) in enumerate(latest.items(), start=1):
        run = writer.children.get(job_name)
        status = str(summary.training_job_status)
        if (
            run is not None
            and status in ENDED
            and run.data.tags.get(PREFIX + "training_job_status") == status
            and run.data.tags.get(DESCRIBED_TAG) == "true"
        ):
            unchanged += 1  # an ended job, exported ended: it never changes, no call needed
        else:
            described = _describe(client, source, job_name) if status in ENDED else None
            child = _child_fields(source, summary, described)
            tags = {
                **child["tags"],
                TUNING_JOB_TAG: source.name,
                TRAINING_JOB_TAG: job_name,
                PREFIX + "kind": "training-job",
                "mlflow.parentRunId": parent_id,
            }
            if status in ENDED:
                tags[DESCRIBED_TAG] = "true"
            _run_id, changed = writer.write(
                run,
                run_name=job_name,
                start=_ms(started(summary)),
                params=child["params"],
                metrics=child["metrics"],
                tags=tags,
                status=_status(status),
                end=_ms(summary.training_end_time),
            )
            if run is None:
                added += 1
            elif changed:
                updated += 1
            else:
                unchanged += 1
        if progress is not None and (done % 100 == 0 or done == len(latest)):
            progress(f"exported {done}/{len(latest)} training jobs to experiment {experiment_name}")
    return parent_id, ExportSummary(
        target="mlflow",
        tuning_job_name=source.name,
        tuning_job_status=source.status,
        destination={
            "tracking_uri": shown_url(ml.tracking_uri),
            "experiment": experiment_name,
            "experiment_id": experiment_id,
            "parent_run_id": parent_id,
        },
        training_jobs=len(latest),
        added=added,
        updated=updated,
        unchanged=unchanged,
        calls=source.calls,
    )


def _describe(
    client: TuningClient, source: TuningJobSource, job_name: str
) -> sh.DescribeTrainingJobResponse | None:
    """The ended training job's description (its final metrics and model artifacts), or
    ``None`` when the service no longer knows it (the run is written from the summary)."""
    source.count("DescribeTrainingJob")
    try:
        return client.describe_training_job(job_name)
    except errors.ResourceNotFound:
        return None
    except errors.ServiceError as error:
        if _not_found(error):
            return None
        raise


def _not_found(error: errors.ServiceError) -> bool:
    """DescribeTrainingJob answers an unknown job with ValidationException "Requested
    resource not found" (boto/boto3#2808; SERVICE_NOTES.md)."""
    return error.code == "ValidationException" and "not found" in error.message.lower()
