"""The report's HTML: one page of header facts, charts with text alternatives, and tables.

Everything is inline (styles scoped under ``.smt-report``, charts as SVG); the page has no
scripts and refers to nothing outside itself, so it reads the same offline and with JavaScript
off.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any

from sagemaker_tuning.workflows.report._charts import SCALING_LABEL, Charts
from sagemaker_tuning.workflows.report._data import BOUND_MARGIN
from sagemaker_tuning.workflows.report._text import shown

__all__ = ["CSS", "page", "fragment"]

CSS = """\
.smt-report { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif;
  color: #1b1b1b; background: #ffffff; max-width: 1180px; margin: 0 auto; padding: 16px 24px;
  line-height: 1.45; }
.smt-report h1 { font-size: 1.6em; margin: 0.2em 0; overflow-wrap: anywhere; }
.smt-report h2 { font-size: 1.25em; margin: 1.4em 0 0.4em; border-bottom: 1px solid #ddd; }
.smt-report .status { display: inline-block; padding: 0.1em 0.6em; border-radius: 0.8em;
  font-weight: bold; background: #e8e8e8; }
.smt-report .status-Completed { background: #d8f0e3; color: #0b5d33; }
.smt-report .status-InProgress, .smt-report .status-Stopping { background: #dbe9f7; color: #0b3d6b; }
.smt-report .status-Failed { background: #f9dcd2; color: #8a2500; }
.smt-report .status-Stopped { background: #fdf0d0; color: #6b4a00; }
.smt-report dl.facts { display: grid; grid-template-columns: repeat(auto-fill, minmax(220px, 1fr));
  gap: 8px 20px; margin: 12px 0; }
.smt-report dl.facts div { border-left: 3px solid #0072B2; padding-left: 8px; }
.smt-report dt { font-size: 0.8em; color: #555; text-transform: uppercase; letter-spacing: 0.03em; }
.smt-report dd { margin: 0; font-size: 1.05em; overflow-wrap: anywhere; }
.smt-report figure { margin: 12px 0 20px; }
.smt-report .grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(520px, 1fr));
  gap: 8px 20px; }
.smt-report svg.smt-chart { display: block; width: 100%; height: auto; max-width: 820px; }
.smt-report figcaption { font-size: 0.92em; color: #333; margin-top: 4px; }
.smt-report table { border-collapse: collapse; font-size: 0.9em; margin: 6px 0; }
.smt-report th, .smt-report td { border-bottom: 1px solid #e2e2e2; padding: 3px 8px;
  text-align: left; vertical-align: top; }
.smt-report th { background: #f4f4f4; }
.smt-report td.num { text-align: right; font-variant-numeric: tabular-nums; }
.smt-report tr.best td { background: #fff4dc; }
.smt-report details { margin: 4px 0; }
.smt-report summary { cursor: pointer; color: #0b3d6b; }
.smt-report .note { color: #555; font-style: italic; }
.smt-report .warn { color: #8a2500; font-weight: bold; }
.smt-report .scroll { overflow-x: auto; }
"""


def _e(value: Any) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def _num(value: Any) -> str:
    if value is None:
        return "\u2014"
    if isinstance(value, float):
        return f"{value:.6g}"
    return str(value)


_BOUND_WORD = {"min": "minimum", "max": "maximum"}
# What the header and the sections that need the objective show before any job reported it.
_NO_OBJECTIVE = '<p class="note">No training job has reported the objective metric yet.</p>'


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" + ("" if count == 1 else "s")


def _when(iso: str | None) -> str:
    """An ISO 8601 UTC time as people read it: ``2025-01-01 00:30:18 UTC``."""
    if iso is None:
        return "\u2014"
    moment = datetime.fromisoformat(iso)
    offset = moment.utcoffset()
    if offset is not None and not offset:
        return moment.strftime("%Y-%m-%d %H:%M:%S UTC")
    return moment.strftime("%Y-%m-%d %H:%M:%S %z")


def _hms(seconds: float | None) -> str:
    if seconds is None:
        return "\u2014"
    total = max(0, int(round(seconds)))
    hours, rest = divmod(total, 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}"


def _table(head: Sequence[str], body: Iterable[Sequence[Any]], *, numeric: set[int]) -> str:
    out = ['<div class="scroll"><table>', "<thead><tr>"]
    out += [f'<th scope="col">{_e(h)}</th>' for h in head]
    out.append("</tr></thead><tbody>")
    for line in body:
        cells = [
            f'<td class="num">{_e(_num(c))}</td>' if i in numeric else f"<td>{_e(_num(c))}</td>"
            for i, c in enumerate(line)
        ]
        out.append("<tr>" + "".join(cells) + "</tr>")
    out.append("</tbody></table></div>")
    return "".join(out)


def _figure(key: str, svg: str, caption: str, details: str = "") -> str:
    extra = f"<details><summary>The data as a table</summary>{details}</details>" if details else ""
    return (
        f'<figure id="{key}" aria-labelledby="{key}-caption">\n{svg}\n'
        f'<figcaption id="{key}-caption">{caption}</figcaption>\n{extra}</figure>'
    )


def _facts(job: Mapping[str, Any]) -> str:
    counters, limits = job["training_jobs"], job["limits"]

    def of(value: Any, limit: Any) -> str:
        return f"{_num(value)} of {_num(limit)}" if limit is not None else _num(value)

    finished = [counters[k] for k in ("completed", "failed", "stopped")]
    facts = [
        ("Strategy", _num(job["strategy"])),
        (
            "Objective",
            f"{_num(job['objective_metric'])} ({_num(job['objective_type'])})",
        ),
        (
            "Training jobs finished",
            of(sum(v for v in finished if v is not None), limits["max_training_jobs"])
            if any(v is not None for v in finished)
            else _num(None),
        ),
        ("Completed / failed / stopped", " / ".join(_num(v) for v in finished)),
        (
            "Running",
            of(counters["in_progress"], limits["max_parallel_training_jobs"]) + " parallel max"
            if limits["max_parallel_training_jobs"] is not None
            else _num(counters["in_progress"]),
        ),
        ("Training jobs listed", _num(counters["listed"])),
        ("Elapsed", _hms(job["elapsed_seconds"])),
        (
            "Runtime limit",
            _hms(limits["max_runtime_seconds"]) if limits["max_runtime_seconds"] else "none",
        ),
        ("Consumed runtime", _hms(job["consumed_runtime_seconds"])),
        ("Training hours (listed jobs)", _num(job["training_hours"])),
    ]
    if counters["pending"] is not None:
        facts.append(("Pending", _num(counters["pending"])))
    if job["compute_hours"] is not None:
        hours = job["compute_hours"]
        facts.append(
            (
                "Compute hours (finished / in flight)",
                f"{_num(hours['finished'])} / {_num(hours['in_flight'])}",
            )
        )
    if limits["max_clock_time_hours"] is not None:
        facts.append(("Clock-time limit (hours)", _num(limits["max_clock_time_hours"])))
    facts += [("Created", _when(job["created"])), ("Ended", _when(job["ended"]))]
    return "".join(f"<div><dt>{_e(k)}</dt><dd>{_e(v)}</dd></div>" for k, v in facts)


def page(data: Mapping[str, Any]) -> str:
    """The whole report as one HTML document."""
    data = shown(data)
    title = f"Tuning report: {data['tuning_job']['name'] or 'tuning job'}"
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{_e(title)}</title>\n<style>\n{CSS}</style>\n</head>\n<body>\n"
        f"{_fragment(data)}\n</body>\n</html>\n"
    )


def fragment(data: Mapping[str, Any]) -> str:
    """The report as an HTML fragment (a ``<main>`` element; pair it with :data:`CSS`)."""
    return _fragment(shown(data))


def _fragment(data: Mapping[str, Any]) -> str:
    # ``data`` has been through ``shown``: every string in it may go on the page.
    charts = Charts(data)
    job = data["tuning_job"]
    metric = data["objective"]["metric_name"] or "objective"
    status = job["status"] or "unknown"
    parts = ['<main class="smt-report">', "<header>"]
    parts.append(f"<h1>Tuning job {_e(job['name'])}</h1>")
    parts.append(f'<p>Status <span class="status status-{_e(status)}">{_e(status)}</span>')
    if job["as_of"]:
        parts.append(f" \u00b7 data as of {_e(_when(job['as_of']))}")
    parts.append("</p>")
    if job["failure_reason"]:
        parts.append(f'<p class="warn">Failure: {_e(job["failure_reason"])}</p>')
    parts.append(f'<dl class="facts">{_facts(job)}</dl>')
    best = job["best_training_job"]
    if best is not None:
        params = ", ".join(f"{k}={v}" for k, v in best["hyper_parameters"].items())
        parts.append(
            f"<p><strong>Best training job</strong>: {_e(best['name'])} with {_e(metric)} = "
            f"{_e(_num(best['objective']))}" + (f" ({_e(params)})" if params else "") + "</p>"
        )
    else:
        parts.append(_NO_OBJECTIVE)
    not_finite = data["objective"]["not_finite"]
    if not_finite:
        parts.append(
            f'<p class="warn">{_plural(not_finite, "training job")} reported {_e(metric)} as '
            "a value that is no finite number (NaN, an infinity, or past the range of a "
            "double); the charts and tables leave them out.</p>"
        )
    parts.append("</header>")

    history = data["history"]
    parts.append('<section><h2 id="history-heading">Objective over time</h2>')
    if history["points"]:
        improvements = history["improvements"]
        last = improvements[-1]
        per = 60.0 if history["time_unit"] == "minutes" else 3600.0
        caption = (
            f"{len(history['points'])} training jobs reported {_e(metric)}; the best so far "
            f"improved {len(improvements)} times, last at {last['time_seconds'] / per:.1f} "
            f"{history['time_unit']} with {_e(_num(last['objective']))} by "
            f"{_e(last['training_job_name'])}."
        )
        table = _table(
            ["Time (" + history["time_unit"] + ")", "Training job", f"{metric}", "Best so far"],
            (
                [
                    round(p["time_seconds"] / per, 2),
                    p["training_job_name"],
                    p["objective"],
                    p["best_so_far"],
                ]
                for p in improvements
            ),
            numeric={0, 2, 3},
        )
        parts.append(
            _figure(
                "history",
                charts.history(history),
                caption,
                "<p>The training jobs that improved the best so far:</p>" + table,
            )
        )
    else:
        parts.append(_NO_OBJECTIVE)
    parts.append("</section>")

    parts.append(
        '<section><h2 id="hyperparameters-heading">Objective against each hyperparameter</h2>'
    )
    charted = [h for h in data["hyperparameters"] if h["points"]]
    if charted:
        parts.append(
            "<p>Dashed lines are the range bounds the job searched; a best value within "
            f"{BOUND_MARGIN:.0%} of a bound is flagged: the range may be too narrow there.</p>"
        )
        parts.append('<div class="grid">')
        for i, chart in enumerate(data["hyperparameters"]):
            if not chart["points"]:
                continue
            parts.append(_hyperparameter_figure(i, chart, charts, metric))
        parts.append("</div>")
    else:
        parts.append(
            '<p class="note">Nothing to plot: no training job reported both the objective '
            "and its hyperparameters.</p>"
        )
    parts.append("</section>")

    parallel = data["parallel_coordinates"]
    parts.append('<section><h2 id="parallel-heading">Top training jobs, parallel coordinates</h2>')
    if parallel["lines"]:
        best_line = parallel["lines"][0]
        caption = (
            f"The {len(parallel['lines'])} best training jobs by {_e(metric)}, one line each, "
            "through every hyperparameter's range (bottom: the range's minimum, top: its "
            f"maximum) to the objective (better is up). The best, {_e(best_line['training_job_name'])}, "
            "is the thick line; the table below lists the same jobs."
        )
        parts.append(_figure("parallel", charts.parallel(parallel), caption))
    else:
        parts.append(_NO_OBJECTIVE)
    parts.append("</section>")

    parts.append(
        f'<section><h2 id="top-heading">Top {len(data["top_training_jobs"])} training jobs</h2>'
    )
    if data["top_training_jobs"]:
        names = [h["name"] for h in data["hyperparameters"]]
        rows = []
        for r in data["top_training_jobs"]:
            rows.append(
                [r["rank"], r["training_job_name"], r["objective"]]
                + [r["hyper_parameters"].get(n) for n in names]
                + [_hms(r["duration_seconds"]), r["status"]]
            )
        parts.append(
            _table(
                ["Rank", "Training job", metric, *names, "Duration", "Status"],
                rows,
                numeric={
                    0,
                    2,
                    *(
                        3 + i
                        for i, h in enumerate(data["hyperparameters"])
                        if h["kind"] != "Categorical"
                    ),
                    3 + len(names),
                },
            ).replace("<tbody><tr>", '<tbody><tr class="best">', 1)
        )
    else:
        parts.append(_NO_OBJECTIVE)
    parts.append("</section>")

    failures = data["failures"]
    parts.append('<section><h2 id="failures-heading">Failures</h2>')
    if failures["groups"]:
        reasons = len(failures["groups"])
        caption = (
            f"{_plural(failures['failed'], 'training job')} failed, for "
            f"{_plural(reasons, 'distinct reason')}; "
            f"{_plural(failures['stopped'], 'training job')} stopped."
        )
        table = _table(
            ["FailureReason", "Failed jobs", "Training jobs"],
            (
                [
                    g["reason"],
                    g["count"],
                    ", ".join(g["training_job_names"][:5])
                    + (f" and {g['count'] - 5} more" if g["count"] > 5 else ""),
                ]
                for g in failures["groups"]
            ),
            numeric={1},
        )
        parts.append(_figure("failures", charts.failures(failures), caption) + table)
    else:
        parts.append(
            f"<p>No training job failed; {_plural(failures['stopped'], 'training job')} stopped.</p>"
        )
    parts.append("</section>")
    parts.append(
        '<footer><p class="note">Made by sagemaker-tuning from '
        + _e(", ".join(job["sources"]))
        + ". Charts drawn with matplotlib as static SVG; this page runs no scripts and "
        "loads nothing from the network.</p></footer>"
    )
    parts.append("</main>")
    return "\n".join(parts)


def _hyperparameter_figure(
    index: int, chart: Mapping[str, Any], charts: Charts, metric: str
) -> str:
    name = chart["name"]
    axis = SCALING_LABEL[chart["axis"]]
    other = chart["other_values"]
    if chart["kind"] == "Categorical":
        described = f"{len(chart['values'])} categories, shown as strips"
        if other is not None:
            described += (
                f"; the {len(chart['shown_values'])} drawn apart are those of the best jobs "
                f"and of the most jobs, the other {other['values']} share one strip"
            )
    elif chart["bounds_declared"]:
        described = f"range {chart['low']:g} to {chart['high']:g}, {axis}"
    else:
        described = f"no declared range; values from {chart['low']:g} to {chart['high']:g}, {axis}"
    caption = f"{_e(metric)} of {len(chart['points'])} training jobs against {_e(name)} ({_e(described)})."
    best = chart["best"]
    if best is not None:
        caption += f" Best at {_e(name)} = {_e(_num(best['value']))}."
    if chart["best_at_bound"]:
        caption += (
            f' <span class="warn">The best value is at the range\'s {_BOUND_WORD[chart["best_at_bound"]]}: '
            "consider widening the range.</span>"
        )
    if chart["unplaced"]:
        caption += f" {chart['unplaced']} values could not be placed on this axis."
    if chart["kind"] == "Categorical":
        drawn = set(chart["shown_values"])
        rows = [
            [s["value"], s["jobs"], s["best_objective"], s["mean_objective"]]
            for s in chart["summary"]
            if s["value"] in drawn
        ]
        if other is not None:
            rows.append(
                [
                    f"other ({other['values']} values)",
                    other["jobs"],
                    other["best_objective"],
                    other["mean_objective"],
                ]
            )
        details = _table(
            [name, "Jobs", f"Best {metric}", f"Mean {metric}"], rows, numeric={1, 2, 3}
        )
    else:
        details = _table(
            [f"{name} from", "to", "Jobs", f"Best {metric}", f"Mean {metric}"],
            (
                [s["from"], s["to"], s["jobs"], s["best_objective"], s["mean_objective"]]
                for s in chart["summary"]
            ),
            numeric={0, 1, 2, 3, 4},
        )
    return _figure(f"hp{index}", charts.hyperparameter(index, chart), caption, details)
