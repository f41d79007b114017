"""A tuning job as an optuna study: one trial per training job (the ``optuna`` extra).

Only the summaries are read (no ``DescribeTrainingJob``): they hold everything a trial has.
Finished optuna trials cannot change, so a training job still running becomes a ``RUNNING``
trial that a later export finishes through the storage API; a finished trial is never touched
again. docs/export.md has the mapping tables.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sagemaker_tuning import _logs, ranges
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
    import optuna
    from optuna.distributions import BaseDistribution
    from optuna.storages import BaseStorage
    from optuna.trial import FrozenTrial, TrialState

    from sagemaker_tuning.client import TuningClient

_log = _logs.get("sagemaker_tuning.export")

#: The user attribute that ties a trial to its training job (what re-exports look trials up by).
KEY = "training_job_name"

#: SageMaker ScalingType -> whether optuna samples on a log scale, and what is lost on the way.
#: API reference, ContinuousParameterRange.ScalingType: Auto lets SageMaker choose,
#: ReverseLogarithmic (continuous ranges within [0, 1) only) is finer near 1; optuna's
#: distributions know only linear and log.
_NOTES = {
    "Auto": "SageMaker chooses the scale; optuna has no equivalent: linear",
    "ReverseLogarithmic": "optuna has no reverse-logarithmic scale: linear",
}


def _state(summary: sh.HyperParameterTrainingJobSummary) -> tuple[TrialState, float | None]:
    """The trial's state and value for a training job (the state table of docs/export.md)."""
    from optuna.trial import TrialState

    status = str(summary.training_job_status)
    value = objective_value(summary)
    if value is not None and math.isnan(value):
        value = None  # optuna refuses NaN as a value
    if status == "Completed":
        # A job that emitted no objective metric (ObjectiveStatus Failed) has nothing a
        # COMPLETE trial could hold.
        return (TrialState.COMPLETE, value) if value is not None else (TrialState.FAIL, None)
    if status == "Stopped":
        # Stopped by early stopping (the developer guide's median rule, optuna's
        # MedianPruner) or with the tuning job: pruned, not failed. Like optuna's own
        # `tell(state=PRUNED)`, the trial keeps the last objective value reported.
        return TrialState.PRUNED, value
    if status in ENDED:  # Failed, Deleting
        return TrialState.FAIL, None
    # InProgress, Stopping, and statuses the service may add later: finished by a later export.
    return TrialState.RUNNING, None


def _distributions(
    parameter_ranges: sh.ParameterRanges | None, scaling: dict[str, dict[str, str]]
) -> dict[str, BaseDistribution]:
    """Each hyperparameter's distribution; ``scaling`` gains, per hyperparameter, SageMaker's
    and optuna's scale (and a note where optuna has no equivalent)."""
    from optuna.distributions import (
        CategoricalDistribution,
        FloatDistribution,
        IntDistribution,
    )

    found: dict[str, BaseDistribution] = {}
    for r in ranges._by_name(parameter_ranges).values() if parameter_ranges else ():
        if isinstance(r, sh.CategoricalParameterRange):
            choices = tuple(str(v) for v in r.values or ())
            if choices:
                found[r.name] = CategoricalDistribution(choices)
                scaling[r.name] = {"sagemaker": "Categorical", "optuna": "categorical"}
            continue
        try:
            low, high = ranges.value(r, r.min_value), ranges.value(r, r.max_value)
        except ValueError as error:  # a bound the service sent that is no number
            _log.warning("no distribution for %s: %s", r.name, error)
            continue
        if not isinstance(low, (int, float)) or not isinstance(high, (int, float)) or low > high:
            continue
        kind = str(r.scaling_type) if r.scaling_type is not None else "Auto"
        integer = isinstance(r, sh.IntegerParameterRange)
        # optuna's log scales need low > 0 (IntDistribution: low >= 1).
        log = kind == "Logarithmic" and low >= (1 if integer else 0) and low > 0
        note = _NOTES.get(kind)
        if kind == "Logarithmic" and not log:
            note = f"a log scale needs a lower bound above 0, got {low}: linear"
        elif kind not in ("Linear", "Logarithmic") and note is None:
            note = f"scaling {kind!r} is unknown to this exporter: linear"
        found[r.name] = (
            IntDistribution(int(low), int(high), log=log)
            if integer
            else FloatDistribution(float(low), float(high), log=log)
        )
        scaling[r.name] = {"sagemaker": kind, "optuna": "log" if log else "linear"}
        if note is not None:
            scaling[r.name]["note"] = note
    return found


def _local(moment: datetime | None) -> datetime | None:
    """``moment`` as optuna keeps times: naive local time, as its own ``datetime.now()``, so
    that a trial whose completion optuna stamps itself (see :func:`_update`) has a true duration."""
    if not isinstance(moment, datetime):
        return None
    return moment.astimezone().replace(tzinfo=None)


def _user_attrs(summary: sh.HyperParameterTrainingJobSummary) -> dict[str, Any]:
    """The training job's identity, status and end (ISO 8601, UTC) as trial user attributes."""
    found = {
        KEY: summary.training_job_name,
        "training_job_arn": summary.training_job_arn,
        "training_job_status": summary.training_job_status,
        "training_job_definition_name": summary.training_job_definition_name,
        "objective_status": summary.objective_status,
        "failure_reason": summary.failure_reason,
        # The start is datetime_start; the end is kept because a trial finished by a later
        # export has that export's time as datetime_complete (see _update). Each attribute
        # is a row of its own in an RDB storage: no more than these.
        "training_end_time": iso(summary.training_end_time),
    }
    return {k: str(v) for k, v in found.items() if v is not None}


def _inside(distribution: BaseDistribution, value: int | float | str) -> bool:
    from optuna.distributions import CategoricalDistribution, FloatDistribution, IntDistribution

    if isinstance(distribution, CategoricalDistribution):
        return value in distribution.choices
    if isinstance(distribution, (IntDistribution, FloatDistribution)):
        return not isinstance(value, str) and distribution.low <= value <= distribution.high
    return False


def _trial(
    summary: sh.HyperParameterTrainingJobSummary,
    parameter_ranges: sh.ParameterRanges | None,
    distributions: dict[str, BaseDistribution],
) -> FrozenTrial:
    """A new trial for a training job; tuned values outside their distribution (or without
    one) go to the user attribute ``other_hyperparameters`` as the service wrote them."""
    from optuna.trial import FrozenTrial, TrialState

    state, value = _state(summary)
    by_name = ranges._by_name(parameter_ranges) if parameter_ranges else {}
    params: dict[str, Any] = {}
    used: dict[str, BaseDistribution] = {}
    other: dict[str, str] = {}
    tuned = summary.tuned_hyper_parameters
    for key, text in tuned.items() if isinstance(tuned, Mapping) else ():
        distribution, r = distributions.get(key), by_name.get(key)
        typed: int | float | str | None = None
        if r is not None:
            try:
                typed = ranges.value(r, str(text))
            except ValueError:
                pass
        if distribution is None or typed is None or not _inside(distribution, typed):
            other[str(key)] = str(text)
            continue
        params[key], used[key] = typed, distribution
    user_attrs: dict[str, Any] = _user_attrs(summary)
    if other:
        user_attrs["other_hyperparameters"] = other
    start = _local(started(summary)) or datetime.now()
    complete = None
    if state != TrialState.RUNNING:
        complete = max(_local(summary.training_end_time) or start, start)
    return FrozenTrial(
        number=-1,
        trial_id=-1,
        state=state,
        value=value,
        datetime_start=start,
        datetime_complete=complete,
        params=params,
        distributions=used,
        user_attrs=user_attrs,
        system_attrs={},
        intermediate_values={},
    )


def _update(
    store: BaseStorage,
    trial_id: int,
    trial: FrozenTrial,
    summary: sh.HyperParameterTrainingJobSummary,
) -> bool:
    """Bring a RUNNING trial up to date with its training job; whether anything changed.

    User attributes that differ are rewritten; once the job has ended the trial is finished.
    ``set_trial_state_values`` stamps the completion with the current time (the storage API
    takes no other), so the training job's own end is in ``training_end_time``.
    """
    from optuna.trial import TrialState

    changed = False
    for key, value in _user_attrs(summary).items():
        if trial.user_attrs.get(key) != value:
            store.set_trial_user_attr(trial_id, key, value)
            changed = True
    state, value = _state(summary)
    if state != TrialState.RUNNING:
        store.set_trial_state_values(trial_id, state, None if value is None else [value])
        changed = True
    return changed


def export(
    client: TuningClient,
    name: str,
    *,
    study: str | None = None,
    storage: str | BaseStorage | None = None,
    progress: Progress | None = None,
) -> tuple[optuna.Study, ExportSummary]:
    """:func:`sagemaker_tuning.export.to_optuna`, and what it did."""
    require("optuna", "optuna")
    import optuna
    from optuna.study import StudyDirection
    from optuna.trial import TrialState

    if study is not None and not isinstance(study, str):
        raise TypeError(f"study: expected a study name (str), got {type(study).__name__}")
    source = read(client, name, progress)
    metric, kind = source.objective()
    # Minimize is optuna's default, and the service's only other objective type.
    maximize = kind == "Maximize"
    direction = StudyDirection.MAXIMIZE if maximize else StudyDirection.MINIMIZE
    store = optuna.storages.get_storage(storage)
    study_name = study if study is not None else source.name
    result = optuna.create_study(
        storage=store, study_name=study_name, direction=direction, load_if_exists=True
    )
    if result.directions != [direction]:
        shown = ", ".join(d.name.lower() for d in result.directions)
        raise ValueError(
            f"study: {study_name!r} exists and is a {shown} study; tuning job {source.name} "
            f"{'maximizes' if maximize else 'minimizes'} its objective (choose another study)"
        )
    study_id = store.get_study_id_from_name(study_name)
    existing = {
        str(t.user_attrs[KEY]): t for t in result.get_trials(deepcopy=False) if KEY in t.user_attrs
    }
    scaling: dict[str, dict[str, str]] = {}
    cache: dict[int, dict[str, BaseDistribution]] = {}
    latest = {str(s.training_job_name): s for s in source.summaries}  # a job listed twice: once
    new: list[FrozenTrial] = []
    added = updated = unchanged = 0
    for done, (job_name, summary) in enumerate(sorted(latest.items(), key=_order), start=1):
        known = existing.get(job_name)
        if known is None:
            parameter_ranges = ranges._ranges_of(summary, source.description)
            key = id(parameter_ranges)
            if key not in cache:
                cache[key] = _distributions(parameter_ranges, scaling)
            new.append(_trial(summary, parameter_ranges, cache[key]))
            added += 1
        elif known.state == TrialState.RUNNING:
            trial_id = store.get_trial_id_from_study_id_trial_number(study_id, known.number)
            if _update(store, trial_id, known, summary):
                updated += 1
            else:
                unchanged += 1
        else:
            unchanged += 1  # a finished trial never changes, and neither does an ended job
        if len(new) >= 100 or done == len(latest):
            result.add_trials(new)
            new = []
        if progress is not None and (done % 100 == 0 or done == len(latest)):
            progress(f"exported {done}/{len(latest)} training jobs to study {study_name}")
    attrs: dict[str, Any] = {
        "tuning_job_name": source.name,
        "tuning_job_arn": source.description.hyper_parameter_tuning_job_arn,
        "tuning_job_status": source.status,
        "strategy": _strategy(source),
        "objective_metric_name": metric,
        "objective_type": kind,
    }
    wanted: dict[str, Any] = {k: str(v) for k, v in attrs.items() if v is not None}
    if scaling:  # the distributions made now (by new trials) beside those made before
        before = result.user_attrs.get("scaling")
        wanted["scaling"] = {**(before if isinstance(before, dict) else {}), **scaling}
    for attr, value in wanted.items():
        if result.user_attrs.get(attr) != value:
            result.set_user_attr(attr, value)
    return result, ExportSummary(
        target="optuna",
        tuning_job_name=source.name,
        tuning_job_status=source.status,
        destination={
            "storage": "in-memory" if storage is None else shown_url(storage),
            "study": study_name,
        },
        training_jobs=len(latest),
        added=added,
        updated=updated,
        unchanged=unchanged,
        calls=source.calls,
    )


def _order(item: tuple[str, sh.HyperParameterTrainingJobSummary]) -> tuple[str, str]:
    """Trials in the order their training jobs were created (trial numbers follow it)."""
    return (iso(item[1].creation_time) or "", item[0])


def _strategy(source: TuningJobSource) -> str | None:
    strategy = getattr(source.description.hyper_parameter_tuning_job_config, "strategy", None)
    return None if strategy is None else str(strategy)
