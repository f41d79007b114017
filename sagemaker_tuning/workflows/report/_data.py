"""The data behind the report's charts, computed from a Describe response and the training jobs.

Plain Python only (no plotting library): the result is the JSON-ready dictionary that
:meth:`~sagemaker_tuning.report.TuningReport.data` returns and that the charts are drawn from.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any

import attrs

from sagemaker_tuning.core.validation import is_filled
from sagemaker_tuning.workflows.table import TrainingJobRow, TrainingJobTable

__all__ = [
    "BOUND_MARGIN",
    "MAX_CATEGORIES",
    "as_describe",
    "as_table",
    "as_view",
    "compute",
    "fraction",
    "scale",
    "unscale",
]

#: A best value within this fraction of its range's width (on the range's scale) of a bound
#: counts as pressed against that bound: the search may want a wider range there.
BOUND_MARGIN = 0.05
#: The most categories a categorical axis shows; the rest share one "other" category. The
#: API allows 30 values in a categorical range (``ParameterValues``, max 30), so a declared
#: range always fits; a free-text hyperparameter (a value per job) no longer draws thousands.
MAX_CATEGORIES = 30

_NO_REASON = "(no FailureReason given)"
_TERMINAL = ("Completed", "Failed", "Stopped", "DeleteFailed")


def _attr(obj: Any, name: str) -> Any:
    """``obj.name`` when ``obj`` is an attrs shape, else ``None``."""
    if obj is None or not attrs.has(type(obj)) or is_filled(obj, name):
        return None  # a member the response lacked is unknown, not its stand-in zero value
    return getattr(obj, name, None)


def _path(obj: Any, *names: str) -> Any:
    for name in names:
        obj = _attr(obj, name)
    return obj


def _items(value: Any) -> tuple[Any, ...]:
    return tuple(value) if isinstance(value, (list, tuple)) else ()


def _int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _number(value: Any) -> float | None:
    """A finite number as ``float``; anything else (``bool``, NaN, text) is ``None``."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    try:
        number = float(value)
    except OverflowError:  # an int past a double (a hostile answer): no number to chart
        return None
    return number if math.isfinite(number) else None


def _text(value: Any) -> str | None:
    return str(value) if isinstance(value, str) else None


def _time(value: Any) -> datetime | None:
    return value if isinstance(value, datetime) and value.tzinfo is not None else None


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def fraction(value: float, low: float, high: float) -> float:
    """Where ``value`` sits from ``low`` (0) to ``high`` (1), for any finite doubles.

    The differences of values near the double's limits (``1.7e308 - -1.7e308``) overflow, so
    they are then taken of halves. A range of no width puts everything at 0.5. A value far
    outside a narrow range can still sit past the doubles: that gives an infinity, which
    callers treat as a value that cannot be placed.
    """
    width, offset = high - low, value - low
    if math.isinf(width) or math.isinf(offset):
        width, offset = high / 2 - low / 2, value / 2 - low / 2
    return 0.5 if width == 0 else offset / width


def _mean(values: Sequence[float]) -> float:
    """The mean of finite doubles, never infinite (their plain sum can overflow)."""
    return math.fsum(v / len(values) for v in values)


def _parse_number(text: Any) -> float | None:
    if not isinstance(text, str):
        return None
    try:
        number = float(text)
    except ValueError:
        return None
    return number if math.isfinite(number) else None


# --------------------------------------------------------------------------------------------
# Hyperparameters: declared ranges, or what the values show when the ranges are unknown.


@attrs.frozen(kw_only=True)
class _Param:
    """One tuned hyperparameter as the charts see it."""

    name: str
    kind: str  # Continuous, Integer or Categorical
    scaling: str = "Auto"
    low: float | None = None
    high: float | None = None
    values: tuple[str, ...] = ()
    declared: bool = True  # bounds come from the job's ParameterRanges (drawn), not the data

    @property
    def numeric(self) -> bool:
        return self.kind != "Categorical"

    def decode(self, raw: str) -> float | int | str | None:
        """The tuned value typed by the range; ``None`` when it is not a number of that kind."""
        if not self.numeric:
            return raw
        number = _parse_number(raw)
        if number is not None and self.kind == "Integer" and number.is_integer():
            return int(number)
        return number


_RANGE_MEMBERS = (
    ("Integer", "integer_parameter_ranges"),
    ("Continuous", "continuous_parameter_ranges"),
    ("Categorical", "categorical_parameter_ranges"),
)


def _param_of(kind: str, r: Any) -> _Param | None:
    name = _text(_attr(r, "name"))
    if name is None:
        return None
    if kind == "Categorical":
        values = tuple(v for v in _items(_attr(r, "values")) if isinstance(v, str))
        return _Param(name=name, kind=kind, values=values)
    low = _parse_number(_attr(r, "min_value"))
    high = _parse_number(_attr(r, "max_value"))
    scaling = _text(_attr(r, "scaling_type")) or "Auto"
    if low is None or high is None or low > high:
        # Bounds that do not read as a range: place the values by the data instead.
        return _Param(name=name, kind=kind, scaling=scaling, declared=False)
    return _Param(name=name, kind=kind, scaling=scaling, low=low, high=high)


def _merge(old: _Param | None, new: _Param) -> _Param:
    """One view of a hyperparameter that several training job definitions tune.

    Numeric bounds widen to cover every definition, categories are united, and a scaling the
    definitions disagree on becomes ``Auto`` (drawn linear).
    """
    if old is None or old.kind != new.kind or not old.declared:
        return new if old is None or not old.declared else old
    if not new.declared:
        return old
    if not old.numeric:
        known = set(old.values)
        values = old.values + tuple(v for v in new.values if v not in known)
        return attrs.evolve(old, values=values)
    assert old.low is not None and old.high is not None
    assert new.low is not None and new.high is not None
    return attrs.evolve(
        old,
        low=min(old.low, new.low),
        high=max(old.high, new.high),
        scaling=old.scaling if old.scaling == new.scaling else "Auto",
    )


def _declared_params(describe: Any) -> dict[str, _Param]:
    sources = [_path(describe, "hyper_parameter_tuning_job_config", "parameter_ranges")]
    definitions = [
        _attr(describe, "training_job_definition"),
        *_items(_attr(describe, "training_job_definitions")),
    ]
    sources += [_attr(d, "hyper_parameter_ranges") for d in definitions]
    found: dict[str, _Param] = {}
    for ranges in sources:
        for kind, member in _RANGE_MEMBERS:
            for r in _items(_attr(ranges, member)):
                param = _param_of(kind, r)
                if param is not None:
                    found[param.name] = _merge(found.get(param.name), param)
    return found


def _params(describe: Any, rows: Sequence[TrainingJobRow]) -> list[_Param]:
    """Every tuned hyperparameter, sorted by name; bounds inferred where none were declared."""
    declared = _declared_params(describe)
    names = set(declared) | {n for row in rows for n in row.hyper_parameters}
    params = []
    for name in sorted(names):
        param = declared.get(name)
        if param is not None and param.declared:
            params.append(param)
            continue
        raws = [
            r.hyper_parameters[name] for r in rows if isinstance(r.hyper_parameters.get(name), str)
        ]
        numbers = [_parse_number(raw) for raw in raws]
        if raws and all(n is not None for n in numbers):
            found = [n for n in numbers if n is not None]
            kind = param.kind if param is not None else "Continuous"
            if param is None and all(n.is_integer() for n in found):
                kind = "Integer"
            scaling = param.scaling if param is not None else "Auto"
            params.append(
                _Param(
                    name=name,
                    kind=kind,
                    scaling=scaling,
                    low=min(found),
                    high=max(found),
                    declared=False,
                )
            )
        else:
            params.append(
                _Param(
                    name=name, kind="Categorical", values=tuple(sorted(set(raws))), declared=False
                )
            )
    return params


def _axis(param: _Param, values: Sequence[float | int | str]) -> str:
    """How a hyperparameter's axis is drawn: ``log``, ``reverse-log``, ``linear`` or ``category``.

    Logarithmic needs positive values, ReverseLogarithmic values below 1 (the API's own
    conditions for those scalings); anything else, ``Auto`` included, is drawn linear.
    """
    if not param.numeric:
        return "category"
    numbers = [float(v) for v in values if not isinstance(v, str)]
    if param.low is not None and param.high is not None:
        numbers += [param.low, param.high]
    if param.scaling == "Logarithmic" and numbers and min(numbers) > 0:
        return "log"
    if param.scaling == "ReverseLogarithmic" and numbers and 0 <= min(numbers) and max(numbers) < 1:
        return "reverse-log"
    return "linear"


def scale(axis: str, value: float) -> float:
    """``value`` on an axis's own scale: its ``log10`` on a log axis, ``-log10(1 - value)`` on a
    reverse-log one (where values near 1 spread out), itself on a linear one."""
    if axis == "log":
        return math.log10(value)
    if axis == "reverse-log":
        return -math.log10(1.0 - value)
    return value


def unscale(axis: str, value: float) -> float:
    """The inverse of :func:`scale`."""
    if axis == "log":
        return float(10.0**value)
    if axis == "reverse-log":
        return 1.0 - float(10.0**-value)
    return value


def _position(
    param: _Param, axis: str, value: float | int | str, index: Mapping[str, int]
) -> float | None:
    """Where ``value`` sits in the hyperparameter's range: 0 at the minimum, 1 at the maximum.

    ``index`` is each category's place in ``param.values`` (a lookup per point, not a search).
    """
    if not param.numeric:
        slot = index.get(value) if isinstance(value, str) else None
        if slot is None:
            return None
        count = len(param.values)
        return 0.5 if count == 1 else slot / (count - 1)
    if isinstance(value, str) or param.low is None or param.high is None:
        return None
    if axis in ("log", "reverse-log") and not ((value > 0) if axis == "log" else (0 <= value < 1)):
        return None
    where = fraction(scale(axis, float(value)), scale(axis, param.low), scale(axis, param.high))
    return where if math.isfinite(where) else None  # too far outside a narrow range to place


# --------------------------------------------------------------------------------------------
# The data behind the charts


def _seconds(delta: timedelta | None) -> float | None:
    return None if delta is None else delta.total_seconds()


def _row_time(row: TrainingJobRow) -> datetime | None:
    """When a training job's objective became known: its end (else start, else creation)."""
    return _time(row.ended) or _time(row.started) or _time(row.created)


def _duration(row: TrainingJobRow) -> float | None:
    started, ended = _time(row.started), _time(row.ended)
    if started is None or ended is None:
        return None
    return max(0.0, (ended - started).total_seconds())


def _objective(describe: Any, rows: Sequence[TrainingJobRow]) -> dict[str, Any]:
    """The objective metric's name and direction, from the most authoritative place that has it."""
    candidates = [
        _path(describe, "hyper_parameter_tuning_job_config", "hyper_parameter_tuning_job_objective")
    ]
    definitions = [
        _attr(describe, "training_job_definition"),
        *_items(_attr(describe, "training_job_definitions")),
    ]
    candidates += [_attr(d, "tuning_objective") for d in definitions]
    candidates.append(
        _path(describe, "best_training_job", "final_hyper_parameter_tuning_job_objective_metric")
    )
    name = next((n for c in candidates if (n := _text(_attr(c, "metric_name")))), None)
    kind = next((k for c in candidates if (k := _text(_attr(c, "type")))), None)
    if name is None:
        name = next((r.objective_metric for r in rows if isinstance(r.objective_metric, str)), None)
    return {
        "metric_name": name,
        "type": kind,
        # Without a stated direction the charts still need one; say that it was assumed.
        "direction_assumed": kind not in ("Maximize", "Minimize"),
        "maximize": kind != "Minimize",
    }


def _find(tree: Any, key: str) -> Any:
    """The first value of ``key`` anywhere in nested dicts, breadth first."""
    queue = [tree]
    while queue:
        node = queue.pop(0)
        if isinstance(node, Mapping):
            if key in node:
                return node[key]
            queue.extend(v for v in node.values() if isinstance(v, Mapping))
    return None


def _best_job(describe: Any, ranked_best: dict[str, Any] | None) -> dict[str, Any] | None:
    """The service's ``BestTrainingJob``, else the best of the listed jobs, else ``None``."""
    best = _attr(describe, "best_training_job")
    name = _text(_attr(best, "training_job_name"))
    if name is None:
        if ranked_best is None:
            return None
        return {
            "name": ranked_best["training_job_name"],
            "objective": ranked_best["objective"],
            "hyper_parameters": ranked_best["hyper_parameters"],
        }
    tuned = _attr(best, "tuned_hyper_parameters")
    metric = _attr(best, "final_hyper_parameter_tuning_job_objective_metric")
    return {
        "name": name,
        "objective": _number(_attr(metric, "value")),
        # As the API gives them (strings), like the service's own answer.
        "hyper_parameters": dict(sorted(tuned.items())) if isinstance(tuned, Mapping) else {},
    }


def _header(
    describe: Any,
    rows: Sequence[TrainingJobRow],
    objective: dict[str, Any],
    view: Mapping[str, Any] | None,
    now: datetime | None,
    best: dict[str, Any] | None,
) -> dict[str, Any]:
    status = _text(_attr(describe, "hyper_parameter_tuning_job_status"))
    created = _time(_attr(describe, "creation_time"))
    ended = _time(_attr(describe, "hyper_parameter_tuning_end_time"))
    modified = _time(_attr(describe, "last_modified_time"))
    # "As of": the newest time in the data, unless the caller knows better. A wall clock would
    # be wrong for replayed data and for the local service's virtual time.
    times = [t for row in rows for t in (_time(row.created), _time(row.started), _time(row.ended))]
    times += [t for t in (created, ended, modified) if t is not None]
    as_of = now if now is not None else max((t for t in times if t is not None), default=None)
    end = ended
    if end is None and status in _TERMINAL:
        end = modified
    if end is None:
        end = as_of
    elapsed = max(end - created, timedelta(0)) if created is not None and end is not None else None

    counters = _attr(describe, "training_job_status_counters")
    count = {
        name: _int(_attr(counters, name))
        for name in (
            "completed",
            "in_progress",
            "retryable_error",
            "non_retryable_error",
            "stopped",
        )
    }
    failed = None
    if count["retryable_error"] is not None or count["non_retryable_error"] is not None:
        failed = (count["retryable_error"] or 0) + (count["non_retryable_error"] or 0)
    limits = _path(describe, "hyper_parameter_tuning_job_config", "resource_limits")
    runtime = _int(_path(describe, "consumed_resources", "runtime_in_seconds"))
    durations = [d for row in rows if (d := _duration(row)) is not None]
    header: dict[str, Any] = {
        "name": _text(_attr(describe, "hyper_parameter_tuning_job_name")),
        "arn": _text(_attr(describe, "hyper_parameter_tuning_job_arn")),
        "status": status,
        "strategy": _text(_path(describe, "hyper_parameter_tuning_job_config", "strategy")),
        "objective_metric": objective["metric_name"],
        "objective_type": objective["type"],
        "created": _iso(created),
        "ended": _iso(ended),
        "as_of": _iso(as_of),
        "elapsed_seconds": _seconds(elapsed),
        "failure_reason": _text(_attr(describe, "failure_reason")),
        "training_jobs": {
            "completed": count["completed"],
            "in_progress": count["in_progress"],
            "failed": failed,
            "stopped": count["stopped"],
            "pending": None,
            "listed": len(rows),
        },
        "limits": {
            "max_training_jobs": _int(_attr(limits, "max_number_of_training_jobs")),
            "max_parallel_training_jobs": _int(_attr(limits, "max_parallel_training_jobs")),
            "max_runtime_seconds": _int(_attr(limits, "max_runtime_in_seconds")),
            "max_clock_time_hours": None,
        },
        "consumed_runtime_seconds": runtime,
        # Training time of the listed jobs that have both a start and an end, summed.
        "training_hours": round(sum(durations) / 3600.0, 4) if durations else None,
        "compute_hours": None,
        "best_training_job": _best_job(describe, best),
        "sources": [
            "DescribeHyperParameterTuningJob",
            "ListTrainingJobsForHyperParameterTuningJob",
        ],
    }
    if view is not None:
        stats = view.get("ResourcesStats")
        hours, jobs = _find(stats, "ComputeHours"), _find(stats, "Jobs")
        view_limits = _find(stats, "ResourceLimits")
        if isinstance(hours, Mapping):
            header["compute_hours"] = {
                "finished": _number(hours.get("Finished")),
                "in_flight": _number(hours.get("InFlight")),
            }
        if isinstance(jobs, Mapping):
            for key, wire in (
                ("completed", "Completed"),
                ("failed", "Failed"),
                ("pending", "Pending"),
                ("in_progress", "Running"),
            ):
                if _int(jobs.get(wire)) is not None:
                    header["training_jobs"][key] = jobs[wire]
        if isinstance(view_limits, Mapping):
            for key, wire in (
                ("max_clock_time_hours", "MaxClockTimeInHours"),
                ("max_training_jobs", "MaxNumberOfTrainingJobs"),
                ("max_parallel_training_jobs", "MaxParallelTrainingJobs"),
            ):
                if _number(view_limits.get(wire)) is not None:
                    header["limits"][key] = view_limits[wire]
        header["sources"] = [*header["sources"], "describe_tuning_job"]
    return header


def _bins(points: Sequence[dict[str, Any]], maximize: bool, count: int = 5) -> list[dict[str, Any]]:
    """The points in up to ``count`` groups of equal size by value: the chart as a table."""
    ordered = sorted(points, key=lambda p: (p["value"], p["training_job_name"]))
    if not ordered:
        return []
    size = math.ceil(len(ordered) / min(count, len(ordered)))
    pick = max if maximize else min
    out = []
    for start in range(0, len(ordered), size):
        group = ordered[start : start + size]
        objectives = [p["objective"] for p in group]
        out.append(
            {
                "from": group[0]["value"],
                "to": group[-1]["value"],
                "jobs": len(group),
                "best_objective": pick(objectives),
                "mean_objective": _mean(objectives),
            }
        )
    return out


def _category_row(value: str, objectives: Sequence[float], maximize: bool) -> dict[str, Any]:
    pick = max if maximize else min
    return {
        "value": value,
        "jobs": len(objectives),
        "best_objective": pick(objectives) if objectives else None,
        "mean_objective": _mean(objectives) if objectives else None,
    }


def _categories(
    param: _Param, points: Sequence[dict[str, Any]], maximize: bool
) -> list[dict[str, Any]]:
    """Per category (declared ones first, in their order): its jobs and objectives."""
    groups: dict[str, list[float]] = {v: [] for v in param.values}
    for p in sorted(points, key=lambda p: p["value"]):
        groups.setdefault(p["value"], []).append(p["objective"])
    return [_category_row(value, objectives, maximize) for value, objectives in groups.items()]


def _shown_categories(
    param: _Param, summary: Sequence[dict[str, Any]], best: str | None, maximize: bool
) -> tuple[list[str], dict[str, Any] | None]:
    """The categories a chart draws (at most :data:`MAX_CATEGORIES`, in the summary's order)
    and the one "other" category standing for the rest (``None`` when all are drawn).

    Kept: the best job's category, then the categories of most jobs, then of the best
    objective, so a free-text hyperparameter shows where its best jobs are.
    """
    if len(summary) <= MAX_CATEGORIES:
        return [row["value"] for row in summary], None
    sign = -1.0 if maximize else 1.0

    def rank(row: dict[str, Any]) -> tuple[bool, int, float, str]:
        objective = row["best_objective"]
        score = math.inf if objective is None else sign * objective
        return (row["value"] != best, -row["jobs"], score, row["value"])

    kept = {row["value"] for row in sorted(summary, key=rank)[: MAX_CATEGORIES - 1]}
    rest = [row for row in summary if row["value"] not in kept]
    objectives = [o for row in rest if (o := row["best_objective"]) is not None]
    other = {
        "values": len(rest),
        "jobs": sum(row["jobs"] for row in rest),
        "best_objective": (max if maximize else min)(objectives) if objectives else None,
        # Weighted by jobs: the mean of the rest's jobs, as one category would have it.
        "mean_objective": _weighted_mean(rest),
    }
    return [row["value"] for row in summary if row["value"] in kept], other


def _weighted_mean(rows: Sequence[dict[str, Any]]) -> float | None:
    jobs = sum(row["jobs"] for row in rows)
    if not jobs:
        return None
    return math.fsum(row["mean_objective"] * (row["jobs"] / jobs) for row in rows if row["jobs"])


@attrs.frozen(kw_only=True)
class _Scored:
    """The training jobs that reported the objective, best first, with their typed values."""

    params: tuple[_Param, ...]
    maximize: bool
    ranked: tuple[tuple[TrainingJobRow, float], ...]

    @property
    def best(self) -> tuple[TrainingJobRow, float] | None:
        return self.ranked[0] if self.ranked else None

    def tuned(self, row: TrainingJobRow) -> dict[str, Any]:
        """The row's tuned values typed by their ranges (a value that does not parse stays text)."""
        out: dict[str, Any] = {}
        for p in self.params:
            raw = row.hyper_parameters.get(p.name)
            if isinstance(raw, str):
                decoded = p.decode(raw)
                out[p.name] = raw if decoded is None else decoded
        return out

    def better(self, a: float, b: float) -> bool:
        return a > b if self.maximize else a < b


def _history(describe: Any, scored: _Scored) -> dict[str, Any]:
    """Objective per training job against the time it became known, with the running best."""
    created = _time(_attr(describe, "creation_time"))
    timed = [(t, row, v) for row, v in scored.ranked if (t := _row_time(row)) is not None]
    origin = created or min((t for t, _, _ in timed), default=None)
    timed.sort(key=lambda trv: (trv[0], trv[1].name))
    points: list[dict[str, Any]] = []
    running: float | None = None
    for t, row, value in timed:
        improved = running is None or scored.better(value, running)
        if improved:
            running = value
        assert origin is not None  # there is a time, so there is an origin
        points.append(
            {
                "training_job_name": row.name,
                "time_seconds": (t - origin).total_seconds(),
                "ended": t.isoformat(),
                "objective": value,
                "best_so_far": running,
                "improved": improved,
            }
        )
    span = max((p["time_seconds"] for p in points), default=0.0)
    return {
        "title": "Objective per training job over time",
        "origin": _iso(origin),
        "time_unit": "minutes" if span <= 2 * 3600 else "hours",
        "points": points,
        "improvements": [p for p in points if p["improved"]],
        "without_time": len(scored.ranked) - len(timed),
    }


def _hyperparameter(p: _Param, scored: _Scored, metric: str | None) -> dict[str, Any]:
    """The objective against one hyperparameter, and where the best value sits in its range."""
    points: list[dict[str, Any]] = []
    unplaced = 0
    for row, value in scored.ranked:
        raw = row.hyper_parameters.get(p.name)
        if not isinstance(raw, str):
            continue
        decoded = p.decode(raw)
        if decoded is None:
            unplaced += 1
            continue
        points.append({"training_job_name": row.name, "value": decoded, "objective": value})
    axis = _axis(p, [pt["value"] for pt in points])
    index = {v: i for i, v in reversed(list(enumerate(p.values)))}  # the first place of each
    placed: list[dict[str, Any]] = []
    for pt in points:
        where = _position(p, axis, pt["value"], index)
        if where is None and axis in ("log", "reverse-log"):
            unplaced += 1  # a value the scale cannot show (zero on a log axis)
            continue
        placed.append({**pt, "position": where})
    best = scored.best
    best_point = next(
        (pt for pt in placed if best is not None and pt["training_job_name"] == best[0].name),
        None,
    )
    at_bound = None
    if best_point is not None and p.numeric and p.declared:
        best_where: float | None = best_point["position"]
        if best_where is not None and best_where <= BOUND_MARGIN:
            at_bound = "min"
        elif best_where is not None and best_where >= 1 - BOUND_MARGIN:
            at_bound = "max"
    summary = (
        _bins(placed, scored.maximize) if p.numeric else _categories(p, placed, scored.maximize)
    )
    shown: list[str] = []
    other = None
    if not p.numeric:
        best_value = best_point["value"] if best_point is not None else None
        shown, other = _shown_categories(p, summary, best_value, scored.maximize)
    return {
        "name": p.name,
        "title": f"{metric or 'Objective'} against {p.name}",
        "kind": p.kind,
        "scaling": p.scaling,
        "axis": axis,
        "low": p.low,
        "high": p.high,
        "values": list(p.values),
        "bounds_declared": p.declared,
        "points": placed,
        "best": best_point,
        "best_at_bound": at_bound,
        "unplaced": unplaced,
        "summary": summary,
        # A categorical axis: the categories drawn, and the one standing for the rest.
        "shown_values": shown,
        "other_values": other,
    }


def _parallel(
    hyperparameters: Sequence[Mapping[str, Any]], scored: _Scored, metric: str | None, top: int
) -> dict[str, Any]:
    """The top jobs' positions on every hyperparameter's range (0: minimum, 1: maximum)."""
    top_rows = scored.ranked[:top]
    values = [v for _, v in top_rows]
    lo, hi = (min(values), max(values)) if values else (0.0, 0.0)

    def objective_position(value: float) -> float:
        # Better is always up, whichever the direction.
        where = fraction(value, lo, hi)
        return where if scored.maximize or hi == lo else 1.0 - where

    where = {
        (h["name"], pt["training_job_name"]): pt["position"]
        for h in hyperparameters
        for pt in h["points"]
    }
    axes = [
        {k: h[k] for k in ("name", "kind", "axis", "low", "high", "values")}
        for h in hyperparameters
    ]
    axes.append(
        {
            "name": metric or "objective",
            "kind": "Objective",
            "axis": "linear",
            # The axis's bottom and top, worst to best.
            "low": lo if scored.maximize else hi,
            "high": hi if scored.maximize else lo,
            "values": [],
        }
    )
    lines = []
    for rank, (row, value) in enumerate(top_rows, start=1):
        tuned = scored.tuned(row)
        lines.append(
            {
                "training_job_name": row.name,
                "rank": rank,
                "objective": value,
                "values": [tuned.get(h["name"]) for h in hyperparameters] + [value],
                "positions": [where.get((h["name"], row.name)) for h in hyperparameters]
                + [objective_position(value)],
            }
        )
    return {
        "title": f"Top {len(lines)} training jobs across the hyperparameters",
        "axes": axes,
        "lines": lines,
    }


def _failures(rows: Sequence[TrainingJobRow]) -> dict[str, Any]:
    """Failed training jobs grouped by reason (whitespace normalised, so wrapped copies agree)."""
    groups: dict[str, list[str]] = {}
    for row in rows:
        if str(row.status) != "Failed":
            continue
        reason = " ".join(row.failure_reason.split()) if isinstance(row.failure_reason, str) else ""
        groups.setdefault(reason or _NO_REASON, []).append(row.name)
    return {
        "title": "Failed training jobs by FailureReason",
        "failed": sum(len(names) for names in groups.values()),
        "stopped": sum(1 for row in rows if str(row.status) == "Stopped"),
        "groups": [
            {"reason": reason, "count": len(names), "training_job_names": sorted(names)}
            for reason, names in sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0]))
        ],
    }


def compute(
    describe: Any,
    table: TrainingJobTable,
    *,
    view: Mapping[str, Any] | None,
    top: int,
    now: datetime | None,
) -> dict[str, Any]:
    """The data behind every part of the report (see :meth:`TuningReport.data`)."""
    rows = list(table)
    objective = _objective(describe, rows)
    maximize: bool = objective["maximize"]
    scores = [(row, v) for row in rows if (v := _number(row.objective_value)) is not None]
    # A value that is no finite double (NaN, an infinity, an integer past the double range,
    # as a lenient parse keeps them) is charted nowhere, and the page says how many there were.
    objective["not_finite"] = sum(
        1
        for row in rows
        if isinstance(row.objective_value, (int, float))
        and not isinstance(row.objective_value, bool)
        and _number(row.objective_value) is None
    )
    scored = _Scored(
        params=tuple(_params(describe, rows)),
        maximize=maximize,
        # Best first; ties in job-name order, so the ranking never depends on listing order.
        ranked=tuple(sorted(scores, key=lambda rv: (-rv[1] if maximize else rv[1], rv[0].name))),
    )
    metric = objective["metric_name"]
    hyperparameters = [_hyperparameter(p, scored, metric) for p in scored.params]
    best = scored.best
    best_job = (
        None
        if best is None
        else {
            "training_job_name": best[0].name,
            "objective": best[1],
            "hyper_parameters": scored.tuned(best[0]),
        }
    )
    top_jobs = [
        {
            "rank": rank,
            "training_job_name": row.name,
            "status": str(row.status),
            "objective": value,
            "hyper_parameters": scored.tuned(row),
            "duration_seconds": _duration(row),
            "definition_name": _text(row.definition_name),
        }
        for rank, (row, value) in enumerate(scored.ranked[:top], start=1)
    ]
    return {
        "tuning_job": _header(describe, rows, objective, view, now, best_job),
        "objective": objective,
        "history": _history(describe, scored),
        "hyperparameters": hyperparameters,
        "parallel_coordinates": _parallel(hyperparameters, scored, metric, top),
        "top_training_jobs": top_jobs,
        "failures": _failures(rows),
    }


# --------------------------------------------------------------------------------------------
# What the report accepts


def as_describe(value: Any) -> Any:
    """A Describe response from the shape or its wire dictionary (parsed leniently)."""
    from sagemaker_tuning.core import shapes

    if isinstance(value, shapes.DescribeHyperParameterTuningJobResponse):
        return value
    if isinstance(value, Mapping):
        from sagemaker_tuning.core.serde import from_api

        return from_api(shapes.DescribeHyperParameterTuningJobResponse, value)
    raise TypeError(
        "describe_response: expected a DescribeHyperParameterTuningJobResponse or its wire "
        f"dictionary, got {type(value).__name__}"
    )


def as_table(value: Any, describe: Any) -> TrainingJobTable:
    """A table from a table, or from training-job summaries (shapes or wire dictionaries)."""
    if isinstance(value, TrainingJobTable):
        return value
    if isinstance(value, (str, bytes, Mapping)) or not isinstance(value, Iterable):
        raise TypeError(
            "table: expected a TrainingJobTable or an iterable of training-job summaries "
            f"(HyperParameterTrainingJobSummary or its wire dictionary), got {type(value).__name__}"
        )
    from sagemaker_tuning.core import shapes
    from sagemaker_tuning.core.serde import from_api

    summaries = []
    for i, item in enumerate(value):
        if isinstance(item, shapes.HyperParameterTrainingJobSummary):
            summaries.append(item)
        elif isinstance(item, Mapping):
            summaries.append(from_api(shapes.HyperParameterTrainingJobSummary, item))
        else:
            raise TypeError(
                f"table[{i}]: expected a HyperParameterTrainingJobSummary or its wire "
                f"dictionary, got {type(item).__name__}"
            )
    return TrainingJobTable.from_summaries(
        summaries, tuning_job_name=_text(_attr(describe, "hyper_parameter_tuning_job_name"))
    )


def as_view(view: Any) -> dict[str, Any]:
    """The preview ``describe_tuning_job`` answer as its wire dict (shape or dict accepted)."""
    if isinstance(view, Mapping):
        return dict(view)
    if attrs.has(type(view)):
        from sagemaker_tuning.core.serde import to_api

        return to_api(view)
    raise TypeError(
        "tuning_job_view: expected the describe_tuning_job response (a shape or its wire "
        f"dictionary) or None, got {type(view).__name__}"
    )
