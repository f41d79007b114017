"""The ``metrics`` command: which MetricDefinition matches which log line, and the value it yields.

It applies every definition's regex to every line of a training log as SageMaker does
(:mod:`sagemaker_tuning.local._metrics`: a search per line, the first group read as a decimal
number, the last value final), so a request's regexes can be checked against a real log before
a tuning job is paid for. Exit 1 when some training job definition's objective metric never
yields a value.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator, Sequence
from typing import IO, TYPE_CHECKING, Any

from sagemaker_tuning.cli.check import _read_json, _violation_dict, check_request
from sagemaker_tuning.cli.console import (
    EXIT_OK,
    EXIT_SERVICE,
    EXIT_USAGE,
    PROG,
    CommandError,
    Console,
    _plural,
    escape,
)

if TYPE_CHECKING:
    from sagemaker_tuning.core.shapes import (
        CreateHyperParameterTuningJobRequest,
        HyperParameterTrainingJobDefinition,
        MetricDefinition,
    )
    from sagemaker_tuning.local._metrics import MetricMatch

#: Matches shown per metric in the text output (the count and the final value cover the rest).
SHOWN = 5
#: Lines matched at a time: memory stays bounded however long the log is.
_CHUNK = 10_000
#: A log line is shown cut to this many characters.
_LINE = 120


class MetricReport:
    """What one definition's regex found in the log (plain class: ``--help`` imports no attrs)."""

    def __init__(self, name: str, regex: str) -> None:
        self.name = name
        self.regex = regex
        self.error: str | None = None
        """Why the regex cannot be used (it then matches nothing)."""
        self.matches = 0
        self.shown: list[MetricMatch] = []
        self.last: MetricMatch | None = None
        self.final: float | None = None
        self.final_line: int | None = None
        self.unreadable: MetricMatch | None = None
        """The first match whose group is not a number."""

    def add(self, match: MetricMatch) -> None:
        self.matches += 1
        if len(self.shown) < SHOWN:
            self.shown.append(match)
        self.last = match
        if match.value is not None:
            self.final, self.final_line = match.value, match.line_number
        elif self.unreadable is None:
            self.unreadable = match

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "regex": self.regex,
            "error": self.error,
            "matches": self.matches,
            "final_value": self.final,
            "final_line": self.final_line,
            "first_matches": [_match_json(m) for m in self.shown],
            "last_match": _match_json(self.last) if self.last is not None else None,
        }


def _match_json(m: MetricMatch) -> dict[str, Any]:
    return {"line_number": m.line_number, "line": m.line, "value": m.value, "error": m.error}


class DefinitionReport:
    """One training job definition: its metrics and its objective."""

    def __init__(self, path: str, objective: str | None, source: str) -> None:
        self.path = path
        self.objective = objective
        self.source = source
        """Where the definitions come from: the request, a built-in algorithm, or none."""
        self.metrics: list[MetricReport] = []

    @property
    def objective_report(self) -> MetricReport | None:
        return next((m for m in self.metrics if m.name == self.objective), None)

    @property
    def objective_matched(self) -> bool:
        found = self.objective_report
        return self.objective is None or (found is not None and found.final is not None)

    def to_json(self) -> dict[str, Any]:
        found = self.objective_report
        return {
            "path": self.path,
            "objective_metric": self.objective,
            "objective_value": found.final if found is not None else None,
            "objective_matched": self.objective_matched,
            "definitions_from": self.source,
            "metrics": [m.to_json() for m in self.metrics],
        }


def _definitions(
    request: CreateHyperParameterTuningJobRequest,
) -> Iterator[tuple[str, HyperParameterTrainingJobDefinition]]:
    if request.training_job_definition is not None:
        yield "TrainingJobDefinition", request.training_job_definition
    for i, d in enumerate(request.training_job_definitions or ()):
        yield f"TrainingJobDefinitions[{i}]", d


def _metric_definitions(
    d: HyperParameterTrainingJobDefinition,
) -> tuple[tuple[MetricDefinition, ...], str]:
    """The definitions SageMaker applies: the request's, else a known built-in algorithm's."""
    from sagemaker_tuning.core import shapes

    spec = d.algorithm_specification
    if spec.metric_definitions:
        return spec.metric_definitions, "request"
    # The service supplies a built-in algorithm's definitions (developer guide "Define
    # metrics"); the local engine uses this same table for a stand-in of its image.
    from sagemaker_tuning.testing._service_defaults import builtin_algorithm

    builtin = builtin_algorithm(spec.training_image)
    found = tuple(shapes.MetricDefinition(name=n, regex=r) for n, r in builtin or ())
    return found, "built-in algorithm" if builtin else "none"


def _lines(stream: IO[str]) -> Iterator[list[str]]:
    chunk: list[str] = []
    for line in stream:
        chunk.append(line)
        if len(chunk) == _CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def analyse(
    request: CreateHyperParameterTuningJobRequest, log: IO[str]
) -> tuple[list[DefinitionReport], int]:
    """Every definition's metrics over the log's lines; and the number of lines read."""
    import attrs

    from sagemaker_tuning.local._metrics import compile_metric_regex, match_lines

    config = request.hyper_parameter_tuning_job_config
    job_objective = config.hyper_parameter_tuning_job_objective
    reports: list[DefinitionReport] = []
    usable: list[tuple[DefinitionReport, list[MetricDefinition], dict[str, MetricReport]]] = []
    for path, d in _definitions(request):
        objective = d.tuning_objective or job_objective
        definitions, source = _metric_definitions(d)
        report = DefinitionReport(
            path, objective.metric_name if objective is not None else None, source
        )
        good: list[MetricDefinition] = []
        by_name: dict[str, MetricReport] = {}
        for m in definitions:
            metric = MetricReport(m.name, m.regex)
            try:
                compile_metric_regex(m.regex)
            except ValueError as error:
                metric.error = str(error)
            else:
                good.append(m)
                by_name.setdefault(m.name, metric)
            report.metrics.append(metric)
        reports.append(report)
        usable.append((report, good, by_name))
    read = 0
    for chunk in _lines(log):
        for _report, good, by_name in usable:
            for match in match_lines(good, chunk):
                by_name[match.metric_name].add(
                    attrs.evolve(match, line_number=match.line_number + read)
                )
        read += len(chunk)
    return reports, read


def _literal_prefix(regex: str) -> str:
    """The text a regex starts with before its first special character (``val_loss=``)."""
    import re

    found = re.match(r"[\w :=\-/#]*", regex.lstrip("^.*"))
    return found.group().strip() if found else ""


def _hint(report: DefinitionReport, log_path: str) -> str:
    """What to look at when a definition's objective never yields a value."""
    metric = report.objective_report
    if report.source == "none":
        return (
            f"{report.path} defines no MetricDefinitions; the service refuses such a request "
            f'("A metric is required for this hyperparameter tuning job objective"): add one '
            f"named {report.objective!r} with a Regex whose first group captures the value"
        )
    if metric is None:
        names = ", ".join(repr(m.name) for m in report.metrics) or "none"
        return (
            f"no MetricDefinition is named {report.objective!r} (defined: {names}); the "
            "objective must be one of them"
        )
    if metric.error is not None:
        return f"its regex cannot be used: {metric.error}"
    if metric.unreadable is not None:
        return (
            f"line {metric.unreadable.line_number} matches, but {metric.unreadable.error}; make "
            "the first group capture only the number, e.g. ([0-9.eE+-]+)"
        )
    prefix = _literal_prefix(metric.regex)
    if prefix:
        with open(log_path, encoding="utf-8", errors="replace") as stream:
            for number, line in enumerate(stream, start=1):
                if prefix in line:
                    return (
                        f"line {number} contains {prefix!r} but the regex {metric.regex!r} "
                        f"does not match it: {_cut(line.rstrip())!r}"
                    )
        return (
            f"no line of {log_path} contains {prefix!r}: does the training code print the "
            "metric (to stdout or stderr, flushed) in the form the regex expects?"
        )
    return f"no line of {log_path} matches the regex {metric.regex!r}"


def _cut(line: str) -> str:
    return line if len(line) <= _LINE else line[: _LINE - 1] + "…"


def _value(m: MetricMatch) -> str:
    return f"{m.value:g}" if m.value is not None else f"no value ({m.error})"


def _print(reports: Sequence[DefinitionReport], console: Console) -> None:
    for report in reports:
        objective = f"objective {report.objective}" if report.objective else "no objective"
        console.print(f"{report.path} ({objective}; definitions from {report.source})")
        for metric in report.metrics:
            mark = " [objective]" if metric.name == report.objective else ""
            console.print(f"  {metric.name}{mark}  regex {metric.regex!r}")
            if metric.error is not None:
                console.print(f"    unusable: {metric.error}")
                continue
            if not metric.matches:
                console.print("    no line matches")
                continue
            final = (
                f"final value {metric.final:g} (line {metric.final_line})"
                if metric.final is not None
                else "no value"
            )
            console.print(f"    {_plural(metric.matches, 'matching line')}, {final}")
            shown = list(metric.shown)
            if metric.last is not None and metric.last not in shown:
                shown.append(metric.last)
            for i, m in enumerate(shown):
                if i == len(metric.shown) and metric.matches > len(shown):
                    console.print(f"      ... {metric.matches - len(shown)} more")
                console.print(f"    line {m.line_number}: {_value(m)}  | {_cut(m.line)}")


def cmd_metrics(args: argparse.Namespace, console: Console) -> int:
    """``metrics REQUEST LOGFILE``: every definition's matches in a training log; exit 1 when an
    objective never yields a value."""
    label, data = _read_json(args.request, sys.stdin)
    request, found = check_request(data)
    if request is None:
        raise CommandError(
            f"{label}: invalid: the request breaks the model",
            EXIT_USAGE,
            violations=[_violation_dict(v) for v in found],
        )
    try:
        with open(args.log, encoding="utf-8", errors="replace") as stream:
            reports, lines = analyse(request, stream)
    except OSError as error:
        raise CommandError(f"cannot read {args.log}: {error.strerror}", EXIT_USAGE) from None
    missing = [r for r in reports if not r.objective_matched]
    if console.json:
        console.emit_json(
            {
                "request": label,
                "log": args.log,
                "lines": lines,
                "objective_matched": not missing,
                "definitions": [r.to_json() for r in reports],
            }
        )
    else:
        _print(reports, console)
        console.print(f"{args.log}: {_plural(lines, 'line')} read")
    for report in missing:
        console.write_err(
            f"{PROG}: error: {report.path}: the objective metric {report.objective!r} never "
            f"yields a value in {escape(args.log)}\n"
            f"hint: {escape(_hint(report, args.log))}\n"
        )
    return EXIT_SERVICE if missing else EXIT_OK
