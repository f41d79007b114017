"""Java-dialect patterns translate to stdlib ``re`` with the same full-match meaning."""

from __future__ import annotations

import json
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from codegen import config
from codegen.loader import read_botocore
from codegen.patterns import JAVA_DOT, PatternError, translate

UNICODE = json.loads(config.UNICODE_FILE.read_text(encoding="utf-8"))["categories"]
MODEL = read_botocore(config.MODEL_PATH)
MODEL_PATTERNS = sorted({s["pattern"] for s in MODEL["shapes"].values() if "pattern" in s})


def full(pattern: str, value: str) -> bool:
    return re.fullmatch(translate(pattern, UNICODE), value) is not None


# (java pattern, accepted, rejected): the service's verdicts, spelled out per the Java semantics.
CASES = [
    (
        "[a-zA-Z0-9](-*[a-zA-Z0-9]){0,31}",
        ["a", "my-job", "a--b", "x" * 32],
        ["my_job", "-a", "a-", "x" * 33, ""],
    ),
    (
        "([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*)",
        ["", "Team A", "é", "ünïcödé", "数据", "Ⅻ", "a=b+c@d", "\u3000"],
        ["a!b", "tab\there", "$", "😀"],
    ),
    (
        ".*",
        ["", "anything at all", "ünïcödé"],
        ["line\nbreak", "cr\rhere", "nel\x85", "ls\u2028", "ps\u2029"],
    ),
    ("\\d+K", ["10K"], ["١٢K", "10k", "K"]),  # Java's \d is ASCII-only
    ("[\\S\\s]*", ["", "a b\nc"], []),
    (
        "arn:[\\p{Alnum}\\-]+:lambda:[\\p{Alnum}\\-]+:[0-9]{12}:function:.*",
        ["arn:aws:lambda:us-east-1:123456789012:function:f"],
        [
            "arn:aws:lambda:üs-east-1:123456789012:function:f",
            "arn:a_b:lambda:x:123456789012:function:f",
        ],
    ),
    (
        "(arn:aws[a-z\\-]*:sagemaker:[a-z0-9\\-]*:[0-9]{12}:[a-z\\-]*\\/)?([a-zA-Z0-9]([a-zA-Z0-9-]){0,62})(?<!-)",
        ["job", "arn:aws:sagemaker:us-east-1:123456789012:algorithm/job-1"],
        ["job-", "-job"],
    ),
    (
        "arn:aws[a-z\\-]*:iam::\\d{12}:role/?[a-zA-Z_0-9+=,.@\\-_/]+",
        ["arn:aws:iam::123456789012:role/SageMakerRole"],
        ["arn:aws:iam::123456789012:role", "prefix arn:aws:iam::123456789012:role/R"],
    ),
]


@pytest.mark.parametrize(("pattern", "accepted", "rejected"), CASES)
def test_translation_keeps_java_full_match_semantics(
    pattern: str, accepted: list[str], rejected: list[str]
) -> None:
    for value in accepted:
        assert full(pattern, value), value
    for value in rejected:
        assert not full(pattern, value), value


def test_every_model_pattern_translates_and_compiles() -> None:
    assert len(MODEL_PATTERNS) >= 28
    for pattern in MODEL_PATTERNS:
        re.compile(translate(pattern, UNICODE))


def test_property_classes_expand_from_the_vendored_table_not_the_running_python() -> None:
    table = {"L": [[0x41, 0x42]], "N": [], "Z": []}
    assert translate("\\p{L}", table) == "[\\u0041-\\u0042]"
    assert translate("[\\p{L}x]", table) == "[\\u0041-\\u0042x]"
    assert translate("\\p{IsL}", table) == "[\\u0041-\\u0042]"


def test_dot_becomes_java_dot_outside_classes_only() -> None:
    assert translate("a.b", UNICODE) == f"a{JAVA_DOT}b"
    assert translate("[.]", UNICODE) == "[.]"
    assert translate("\\.", UNICODE) == "\\."


def test_ascii_flag_only_where_shorthand_classes_appear() -> None:
    assert translate("\\w+", UNICODE) == "(?a)\\w+"
    assert translate("[a-z]+", UNICODE) == "[a-z]+"


@pytest.mark.parametrize(
    "pattern",
    [
        "\\P{L}",
        "[a-z&&[def]]",
        "[a[b]]",
        "a*+",
        "(?>a)",
        "\\Qa\\E",
        "a\\z",
        "\\p{Greek}",
        "[abc",
        "\\h",
    ],
)
def test_constructs_without_exact_equivalent_are_refused(pattern: str) -> None:
    with pytest.raises(PatternError):
        translate(pattern, UNICODE)


@pytest.mark.parametrize("pattern", MODEL_PATTERNS)
def test_hypothesis_generates_full_matches_of_every_translated_pattern(pattern: str) -> None:
    python = translate(pattern, UNICODE)
    compiled = re.compile(python)

    @given(st.from_regex(python, fullmatch=True))
    def check(value: str) -> None:
        assert compiled.fullmatch(value)

    check()
