"""Metric extraction as SageMaker does it: every definition's regex on every log line.

The rules, each with its source:

.. list-table::
   :header-rows: 1

   * - Rule
     - What this module does
     - Source
   * - Which lines
     - every line of stdout and of stderr (the runner merges them)
     - developer guide "Define metrics": tuning "parses your algorithm's stdout and stderr streams"
   * - Which definitions
     - every ``MetricDefinition`` on every line; one line may feed several metrics
     - same page (a name and a regex per metric)
   * - How a regex matches
     - ``re.search`` (anywhere in the line), not a full match
     - API reference ``MetricDefinition``: "A regular expression that searches the output of a
       training job and gets the value of the metric"; the built-in XGBoost regexes add ``.*`` on
       both sides, which a search ignores
   * - The value
     - the first group, stripped, read as a decimal float (``[+-]digits[.digits][e[+-]digits]``);
       anything else -- ``1_000``, ``0x1p3``, words -- is no value
     - the regexes the service supplies for its own algorithms (recorded in
       ``testing/_service_defaults.py``) each have one group around the number; no document
       found says "first group" outright, so a regex with several groups reads its first
   * - NaN and infinities
     - no value (recorded as a :class:`MetricMatch` error, never a :class:`MetricPoint`)
     - CloudWatch ``PutMetricData``: "special values (for example, NaN, +Infinity, -Infinity) are
       not supported"; SageMaker publishes these metrics to CloudWatch ("These are the same metrics
       that SageMaker sends to CloudWatch")
   * - The final value
     - the **last** value extracted for each metric becomes its ``FinalMetricDataList`` entry and,
       for the objective, the job's ``FinalHyperParameterTuningJobObjectiveMetric``
     - API reference ``TrainingJob``: ``FinalMetricDataList`` "final metric values that are set
       when the training job completes"; evidence that names "last" outright was not found, so this
       is the reading of "final" that needs no extra rule (the service does not know whether a
       metric is better high or low, except the objective)
   * - Regex dialect
     - Python's ``re``; a regex that does not compile or has no group is refused by
       :func:`compile_metric_regex`
     - the service's dialect is not documented (Java-like); ``rules`` reports the same verdict
   * - Memory
     - at most ``max_points`` points kept (the first ones, so epochs stay in order); ``final()`` is
       exact regardless
     - local choice: a flooding trainer cannot exhaust memory

Built-in algorithms print their own metrics and the service supplies their definitions
(developer guide: "Built-in algorithms automatically send metrics"); a local trainer standing
in for a built-in image gets the definitions of
``sagemaker_tuning.testing._service_defaults.builtin_algorithm`` (what Describe shows for
that image), so it must print lines in the algorithm's format (XGBoost:
``[3]#011validation-rmse:0.25``).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence

import attrs

from sagemaker_tuning.core import shapes

__all__ = [
    "DEFAULT_MAX_POINTS",
    "MetricExtractor",
    "MetricMatch",
    "MetricPoint",
    "compile_metric_regex",
    "match_lines",
    "parse_metric_value",
]

#: Points one extractor keeps (about 100 bytes each: ~10 MB at most).
DEFAULT_MAX_POINTS = 100_000

# A decimal number and nothing else: Python's float() also takes "1_000", "nan", "inf" and
# "infinity", which a CloudWatch metric cannot hold (see the module table).
_DECIMAL = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")


@attrs.frozen(kw_only=True)
class MetricPoint:
    """One value of one metric, as extracted from one log line."""

    name: str
    value: float
    timestamp: float
    """``time.time()`` when the line was read."""
    line_number: int
    """1-based, counting lines of the merged stdout and stderr."""


@attrs.frozen(kw_only=True)
class MetricMatch:
    """Which definition matched which line, and what it yielded (``sagemaker-tuning metrics``)."""

    line_number: int
    line: str
    metric_name: str
    regex: str
    value: float | None
    error: str | None
    """Why the matched text is not a value (``value`` is then ``None``)."""


def compile_metric_regex(regex: str) -> re.Pattern[str]:
    """Compile a ``MetricDefinition.Regex``; :class:`ValueError` says why it cannot be used."""
    try:
        pattern = re.compile(regex)
    except re.error as error:
        raise ValueError(f"metric regex {regex!r} does not compile: {error}") from None
    if pattern.groups < 1:
        raise ValueError(
            f"metric regex {regex!r} has no capturing group: SageMaker reads the metric's "
            "value from the regex's first group, e.g. 'loss=([0-9.]+)'"
        )
    return pattern


def parse_metric_value(text: str | None) -> tuple[float | None, str | None]:
    """The value of a matched first group, or ``(None, why)``."""
    if text is None:
        return None, "the first group did not take part in the match"
    stripped = text.strip()
    if _DECIMAL.fullmatch(stripped) is None:
        lowered = stripped.lower().lstrip("+-")
        if lowered in {"nan", "inf", "infinity"}:
            return (
                None,
                f"{stripped!r} is not a finite number (CloudWatch refuses NaN and infinities)",
            )
        return None, f"{stripped!r} is not a number"
    value = float(stripped)
    if not math.isfinite(value):
        # "1e999": decimal in form, but past a double's range.
        return None, f"{stripped!r} is out of range for a double"
    return value, None


def _compiled(
    definitions: Sequence[shapes.MetricDefinition],
) -> list[tuple[str, str, re.Pattern[str]]]:
    return [(d.name, d.regex, compile_metric_regex(d.regex)) for d in definitions]


class MetricExtractor:
    """SageMaker's extraction over one job's log, fed line by line; not thread-safe."""

    def __init__(
        self,
        definitions: Sequence[shapes.MetricDefinition],
        *,
        max_points: int = DEFAULT_MAX_POINTS,
    ) -> None:
        self._definitions = _compiled(definitions)
        self._max_points = max_points
        self._points: list[MetricPoint] = []
        self._final: dict[str, float] = {}
        self.dropped = 0
        """Points not kept because ``max_points`` was reached (``final()`` still counts them)."""

    def feed(self, line: str, *, line_number: int, timestamp: float) -> list[MetricPoint]:
        """The points one line yields (each definition at most once), in definition order."""
        found: list[MetricPoint] = []
        for name, _, pattern in self._definitions:
            match = pattern.search(line)
            if match is None:
                continue
            value, _ = parse_metric_value(match.group(1))
            if value is None:
                continue
            point = MetricPoint(
                name=name, value=value, timestamp=timestamp, line_number=line_number
            )
            found.append(point)
            self._final[name] = value
            if len(self._points) < self._max_points:
                self._points.append(point)
            else:
                self.dropped += 1
        return found

    def points(self, start: int = 0) -> list[MetricPoint]:
        """Every kept point so far from index ``start``, in log order."""
        return self._points[start:]

    def final(self) -> dict[str, float]:
        """``FinalMetricDataList``: each metric's last value (see the module table)."""
        return dict(self._final)


def match_lines(
    definitions: Sequence[shapes.MetricDefinition], lines: Iterable[str]
) -> list[MetricMatch]:
    """Every (line, definition) pair that matches, in line then definition order."""
    compiled = _compiled(definitions)
    found: list[MetricMatch] = []
    for number, raw in enumerate(lines, start=1):
        line = raw.rstrip("\r\n")
        for name, regex, pattern in compiled:
            match = pattern.search(line)
            if match is None:
                continue
            value, error = parse_metric_value(match.group(1))
            found.append(
                MetricMatch(
                    line_number=number,
                    line=line,
                    metric_name=name,
                    regex=regex,
                    value=value,
                    error=error,
                )
            )
    return found
