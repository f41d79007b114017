"""The report holds against what a service, a training script or an attacker can put in its data.

Text with ``$`` (matplotlib's TeX math), numbers at the ends of the double range and beyond it,
credentials in a ``FailureReason``, bidi and zero-width characters, and a free-text
hyperparameter with a value per job; and, as properties, any response the lenient parser
accepts, names and values drawn from all of Unicode and numbers from the whole double range.
"""

from __future__ import annotations

import copy
import html
import json
import math
import re
from html.parser import HTMLParser
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_report import _require
from test_report import offline_data as shared_offline_data

from sagemaker_tuning import shapes as sh
from sagemaker_tuning.redact import REDACTED
from sagemaker_tuning.report import MAX_CATEGORIES, TuningReport
from sagemaker_tuning.testing import strategies as sts
from sagemaker_tuning.workflows.report._text import escape_invisible

SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
KEY_ID = "AKIAIOSFODNN7EXAMPLE"
# What must never reach the page raw: bidi embeddings, overrides, isolates and marks, zero-width
# and other invisible characters, line and paragraph separators, C0/C1 controls but tab and
# newline, and lone surrogates.
RAW_INVISIBLE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u00ad\u061c\u115f\u1160\u180e\u200b-\u200f\u2028-\u202e"
    "\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\ud800-\udfff\U000e0000-\U000e0fff]"
)


def offline_data() -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The offline sample, deep-copied: its ranges are shared with the report tests."""
    return copy.deepcopy(shared_offline_data())


def page_of(describe: dict[str, Any], jobs: list[dict[str, Any]]) -> str:
    _require("matplotlib")
    report = TuningReport.from_data(describe, jobs)
    json.dumps(report.data(), allow_nan=False)
    return report.to_html()


def drawn_texts(page: str) -> set[str]:
    """The strings the charts drew (matplotlib keeps each beside its glyphs as a comment)."""
    return {html.unescape(t) for t in re.findall(r"<!-- (.*?) -->", page)}


class WellFormed(HTMLParser):
    """Checks that every element opened is closed, in order (void elements aside)."""

    VOID = frozenset({"meta", "br", "hr", "img", "input", "link", "wbr", "col", "area", "base"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[str] = []
        self.tags: set[str] = set()

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        self.tags.add(tag)
        if tag not in self.VOID:
            self.open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        assert self.open and self.open[-1] == tag, (tag, self.open[-5:])
        self.open.pop()


def assert_well_formed(page: str) -> None:
    parser = WellFormed()
    parser.feed(page)
    parser.close()
    assert parser.open == []
    assert not parser.tags & {"script", "iframe", "object", "embed", "img", "link"}


# -- $ in text: matplotlib's mathtext


DOLLARS = ["cost $5 to $10", r"a $\frac{$ b", r"$x^$", r"oops $\undefinedcmd$", "\\$ and $"]


def test_dollar_signs_in_names_values_and_reasons_are_shown_as_written() -> None:
    describe, jobs = offline_data()
    config = describe["HyperParameterTuningJobConfig"]
    config["HyperParameterTuningJobObjective"]["MetricName"] = DOLLARS[0]
    config["ParameterRanges"]["CategoricalParameterRanges"] = [
        {"Name": DOLLARS[2], "Values": DOLLARS[:2]}
    ]
    for i, job in enumerate(jobs):
        job["TunedHyperParameters"][DOLLARS[2]] = DOLLARS[i % 2]
        job["TunedHyperParameters"][DOLLARS[4]] = DOLLARS[3]
        if "FinalHyperParameterTuningJobObjectiveMetric" in job:
            job["FinalHyperParameterTuningJobObjectiveMetric"]["MetricName"] = DOLLARS[0]
    jobs[4]["FailureReason"] = DOLLARS[3]
    page = page_of(describe, jobs)
    texts = drawn_texts(page)
    # The charts drew each text as written, never as math (which would drop the $ signs).
    assert {DOLLARS[0], DOLLARS[1], DOLLARS[3]} <= texts
    assert f"{DOLLARS[0]} against {DOLLARS[2]}" in texts
    assert f"{DOLLARS[0]} (metric units, lower is better)" in texts
    assert html.escape(DOLLARS[0]) in page  # and the page's text too


# -- numbers across the double range


EXTREMES = [1.7e308, -1.7e308, 1.7976931348623157e308, 5e-324]


def test_objectives_at_the_ends_of_the_double_range_are_charted() -> None:
    describe, jobs = offline_data()
    for value, job in zip(EXTREMES, jobs[:4], strict=True):
        job["FinalHyperParameterTuningJobObjectiveMetric"]["Value"] = value
    page = page_of(describe, jobs)
    data = TuningReport.from_data(describe, jobs).data()
    assert sorted(p["objective"] for p in data["history"]["points"]) == sorted(EXTREMES)
    positions = [p for line in data["parallel_coordinates"]["lines"] for p in line["positions"]]
    assert all(p is None or 0.0 <= p <= 1.0 for p in positions)
    assert page.count('data-chart="hp') == 4  # every hyperparameter chart drawn
    assert any(t.endswith(", in units of 1e308") for t in drawn_texts(page))


@pytest.mark.parametrize(
    ("low", "high", "scaling", "values"),
    [
        pytest.param("-1.7e308", "1.7e308", "Linear", ["-1.7e308", "0", "1.7e308"], id="linear"),
        pytest.param("5e-324", "1.7e308", "Logarithmic", ["5e-324", "1", "1.7e308"], id="log"),
        pytest.param("0", "1e-320", "Linear", ["0", "5e-324", "1e-320"], id="subnormal"),
        # 1e300 on a range 1e-320 wide sits past the doubles: it cannot be placed.
        pytest.param("0", "1e-320", "Linear", ["0", "5e-324", "1e300"], id="far-outside"),
    ],
)
def test_a_range_across_the_doubles_is_charted(
    low: str, high: str, scaling: str, values: list[str]
) -> None:
    describe, jobs = offline_data()
    describe["HyperParameterTuningJobConfig"]["ParameterRanges"]["ContinuousParameterRanges"][1] = {
        "Name": "lr",
        "MinValue": low,
        "MaxValue": high,
        "ScalingType": scaling,
    }
    for i, job in enumerate(jobs):
        job["TunedHyperParameters"]["lr"] = values[i % len(values)]
    page = page_of(describe, jobs)
    chart = next(
        h
        for h in TuningReport.from_data(describe, jobs).data()["hyperparameters"]
        if h["name"] == "lr"
    )
    placed = [p["position"] for p in chart["points"] if p["value"] != 1e300]
    assert placed and all(0.0 <= p <= 1.0 for p in placed)
    assert all(p["position"] is None for p in chart["points"] if p["value"] == 1e300)
    assert 'data-chart="hp' in page


def test_infinities_and_nan_are_left_out_of_the_charts_and_the_page_says_so() -> None:
    describe, jobs = offline_data()
    jobs[0]["FinalHyperParameterTuningJobObjectiveMetric"]["Value"] = math.inf
    jobs[1]["FinalHyperParameterTuningJobObjectiveMetric"]["Value"] = -math.inf
    jobs[2]["FinalHyperParameterTuningJobObjectiveMetric"]["Value"] = math.nan
    page = page_of(describe, jobs)
    data = TuningReport.from_data(describe, jobs).data()
    assert data["objective"]["not_finite"] == 3
    assert [p["training_job_name"] for p in data["history"]["points"]] == ["offline-004"]
    assert "3 training jobs reported validation:rmse as a value that is no finite number" in page


def test_data_never_holds_an_infinity_or_nan() -> None:
    # Means and positions of values near the double's limits overflow when summed or subtracted.
    describe, jobs = offline_data()
    for i, job in enumerate(jobs):
        job["TunedHyperParameters"] = {"opt": "adam" if i % 2 else "sgd", "x": "1.7e308"}
        job["FinalHyperParameterTuningJobObjectiveMetric"] = {
            "MetricName": "validation:rmse",
            "Value": 1.7e308 if i % 3 else -1.7e308,
        }
    data = TuningReport.from_data(describe, jobs).data()
    json.dumps(data, allow_nan=False)  # raises on inf or nan
    means = [s["mean_objective"] for h in data["hyperparameters"] for s in h["summary"]]
    assert means and all(m is not None and math.isfinite(m) for m in means)


# -- credentials


def test_credentials_in_free_text_are_redacted_on_the_page() -> None:
    describe, jobs = offline_data()
    describe["FailureReason"] = f"export AWS_SECRET_ACCESS_KEY={SECRET}"
    jobs[4]["FailureReason"] = f"ClientError: key {KEY_ID} was refused"
    jobs[0]["TunedHyperParameters"]["token"] = SECRET
    page = page_of(describe, jobs)
    assert SECRET not in page and KEY_ID not in page
    assert f"export AWS_SECRET_ACCESS_KEY={REDACTED}" in html.unescape(page)
    assert f"ClientError: key {REDACTED} was refused" in html.unescape(page)
    assert f"ClientError: key {REDACTED} was refused" in drawn_texts(page)  # the bar's label


# -- bidi and zero-width characters


def test_bidi_and_zero_width_characters_are_shown_as_escapes() -> None:
    describe, jobs = offline_data()
    describe["HyperParameterTuningJobName"] = "job\u202egnp.exe"
    jobs[4]["FailureReason"] = "Error\u200b in\u2066 step\u2069 \ufeff"
    jobs[0]["TunedHyperParameters"]["act\u200d"] = "re\u202dlu"
    page = page_of(describe, jobs)
    assert not RAW_INVISIBLE.search(page)
    assert "job\\u202egnp.exe" in page
    assert "Error\\u200b in\\u2066 step\\u2069 \\ufeff" in page
    assert "re\\u202dlu" in drawn_texts(page)


def test_escape_invisible_keeps_visible_text_and_escapes_the_rest() -> None:
    assert escape_invisible("plain, caf\u00e9, \u4e2d\u6587, tab\tnewline\n") == (
        "plain, caf\u00e9, \u4e2d\u6587, tab\tnewline\n"
    )
    assert escape_invisible("\x1b[0m\u2028\ud800\U000e0041\ufe0f\u3164") == (
        "\\x1b[0m\\u2028\\ud800\\U000e0041\\ufe0f\\u3164"
    )


# -- a free-text hyperparameter


def free_text_jobs(count: int) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    describe, jobs = offline_data()
    template = jobs[0]
    many = []
    for i in range(count):
        job = json.loads(json.dumps(template, default=str))
        job["TrainingJobName"] = f"free-{i:05d}"
        job["TunedHyperParameters"] = {"note": f"run {i} on s3://bucket/{i * 7919:x}/train"}
        job["FinalHyperParameterTuningJobObjectiveMetric"]["Value"] = (i * 37 % 1000) / 1000
        many.append(job)
    return describe, many


def test_a_free_text_hyperparameter_draws_at_most_the_capped_categories_and_an_other() -> None:
    describe, jobs = free_text_jobs(400)
    data = TuningReport.from_data(describe, jobs).data()
    note = next(h for h in data["hyperparameters"] if h["name"] == "note")
    assert len(note["summary"]) == 400  # the data keeps every category
    assert len(note["shown_values"]) == MAX_CATEGORIES - 1
    assert note["other_values"]["values"] == 400 - (MAX_CATEGORIES - 1)
    assert note["other_values"]["jobs"] == 400 - (MAX_CATEGORIES - 1)
    best = note["best"]["value"]
    assert best in note["shown_values"]  # the best job's category is always drawn
    page = page_of(describe, jobs)
    assert f"other ({400 - (MAX_CATEGORIES - 1)} values)" in drawn_texts(page)


# -- properties: any response the lenient parser accepts

ANY_TEXT = st.text(st.characters(exclude_categories=()), max_size=12)
HOSTILE_TEXT = st.one_of(
    ANY_TEXT,
    st.sampled_from(
        [*DOLLARS, SECRET, KEY_ID, "\u202e", "\u200b", "1.7e308", "-1.7e308", "5e-324"]
    ),
    st.floats().map(repr),
    st.integers(-(10**400), 10**400).map(str),
)
ANY_NUMBER = st.one_of(st.floats(), st.integers(-(10**400), 10**400), st.sampled_from(EXTREMES))


@st.composite
def training_jobs(draw: st.DrawFn, names: list[str]) -> dict[str, Any]:
    job = draw(sts.responses(sh.HyperParameterTrainingJobSummary, extreme=True))
    job["TunedHyperParameters"] = draw(
        st.dictionaries(st.sampled_from(names) | ANY_TEXT, HOSTILE_TEXT, max_size=3)
    )
    job["TrainingJobStatus"] = draw(st.sampled_from(["Completed", "Failed", "Stopped"]) | ANY_TEXT)
    if draw(st.booleans()):
        job["FinalHyperParameterTuningJobObjectiveMetric"] = {
            "MetricName": draw(HOSTILE_TEXT),
            "Value": draw(ANY_NUMBER),
        }
    if draw(st.booleans()):
        job["FailureReason"] = draw(HOSTILE_TEXT)
    return job


@st.composite
def tuning_jobs(draw: st.DrawFn) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    describe = draw(sts.responses(sh.DescribeHyperParameterTuningJobResponse, extreme=True))
    names = draw(st.lists(HOSTILE_TEXT, min_size=1, max_size=3, unique=True))
    ranges = {
        "ContinuousParameterRanges": [
            {"Name": names[0], "MinValue": draw(HOSTILE_TEXT), "MaxValue": draw(HOSTILE_TEXT)}
            | (
                {"ScalingType": draw(st.sampled_from(["Logarithmic", "ReverseLogarithmic"]))}
                if draw(st.booleans())
                else {}
            )
        ],
        "CategoricalParameterRanges": [
            {"Name": n, "Values": draw(st.lists(HOSTILE_TEXT, max_size=3))} for n in names[1:2]
        ],
        "IntegerParameterRanges": [
            {"Name": n, "MinValue": draw(HOSTILE_TEXT), "MaxValue": draw(HOSTILE_TEXT)}
            for n in names[2:]
        ],
    }
    describe["HyperParameterTuningJobConfig"] = {
        "Strategy": draw(HOSTILE_TEXT),
        "HyperParameterTuningJobObjective": {
            "Type": draw(st.sampled_from(["Maximize", "Minimize"]) | ANY_TEXT),
            "MetricName": draw(HOSTILE_TEXT),
        },
        "ParameterRanges": ranges,
    }
    describe["HyperParameterTuningJobName"] = draw(HOSTILE_TEXT)
    if draw(st.booleans()):
        describe["FailureReason"] = draw(HOSTILE_TEXT)
    jobs = draw(st.lists(training_jobs(names), max_size=6))
    return describe, jobs


@given(case=tuning_jobs())
def test_the_data_of_any_accepted_response_is_strict_json(
    case: tuple[dict[str, Any], list[dict[str, Any]]],
) -> None:
    describe, jobs = case
    data = TuningReport.from_data(describe, jobs).data()
    json.dumps(data, allow_nan=False)


# matplotlib draws at some tenths of a second a chart: few examples (a fifth of the profile's).
@settings(max_examples=max(3, settings().max_examples // 5))
@given(case=tuning_jobs())
def test_every_report_builds_for_any_response_the_lenient_parser_accepts(
    case: tuple[dict[str, Any], list[dict[str, Any]]],
) -> None:
    describe, jobs = case
    page = page_of(describe, jobs)
    assert_well_formed(page)
    assert not RAW_INVISIBLE.search(page)
    page.encode("utf-8")  # no lone surrogate: the page can be written
    assert SECRET not in page and KEY_ID not in page
