"""Timestamps botocore cannot read never fail a call (issue 14, item 4).

Every answer here goes through a real botocore client built by ``TuningClient.create`` (its
session parses timestamps with ``parse_utc_timestamp``); a ``before-send`` hook answers each
request with the JSON body under test, so botocore's own JSON parser reads it first.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest
from client_samples import SendCounter, summary, tuning_job
from hypothesis import given
from hypothesis import strategies as st

from sagemaker_tuning import _timestamps, from_api, serde, shapes
from sagemaker_tuning.client import TuningClient, parse_utc_timestamp
from sagemaker_tuning.validation import ValidationError

UTC = timezone.utc
LOGGER = "sagemaker_tuning.timestamps"
# A DevOps Agent answer in epoch milliseconds (aws/aws-cli#10222): 2026-04-10T15:52:01.122Z.
MILLIS = 1775836321122
MILLIS_AS_DATE = datetime(2026, 4, 10, 15, 52, 1, 122000, tzinfo=UTC)

UNREADABLE = [
    pytest.param("", id="empty string"),
    pytest.param("nan", id="'nan'"),
    pytest.param(float("nan"), id="NaN"),
    pytest.param(float("inf"), id="Infinity"),
    pytest.param(10**400, id="a 401-digit number"),
    pytest.param(1e300, id="1e300"),
    pytest.param(-1e20, id="before year 1"),
    pytest.param(253402300800 * 1000 + 1, id="past year 9999 even as milliseconds"),
    pytest.param("10000-01-01T00:00:00Z", id="year 10000"),
    pytest.param("9999-12-31T23:30:00-05:00", id="past 9999 once in UTC"),
    pytest.param("yesterday", id="a word"),
    pytest.param("1" * 5000, id="5000 digits as text"),
    pytest.param(True, id="true"),
    pytest.param({"seconds": 1}, id="an object"),
    pytest.param([1767323045], id="a list"),
]


@pytest.fixture(autouse=True)
def fresh_warnings() -> Iterator[None]:
    """Each distinct unreadable value is warned about once per process; start afresh."""
    _timestamps._warned.clear()
    yield
    _timestamps._warned.clear()


def timestamp_warnings(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == LOGGER]


def answer(sends: SendCounter, body: dict[str, Any]) -> None:
    sends.body = body


@pytest.mark.parametrize("value", UNREADABLE)
def test_an_unreadable_timestamp_never_fails_a_describe_call(
    client: TuningClient, sends: SendCounter, caplog: pytest.LogCaptureFixture, value: Any
) -> None:
    answer(sends, tuning_job("Completed", HyperParameterTuningEndTime=value))
    with caplog.at_level(logging.WARNING):
        response = client.describe_hyper_parameter_tuning_job("tj")
    # the call survives, the rest of the answer is intact, and the member holds no non-datetime
    assert response.hyper_parameter_tuning_job_status == "Completed"
    assert response.hyper_parameter_tuning_end_time is None
    assert response.creation_time == datetime(2024, 5, 1, 12, tzinfo=UTC)
    [warning] = timestamp_warnings(caplog)
    assert warning.startswith("unreadable timestamp ") and warning.endswith("it is read as missing")
    assert len(warning) < 150  # a huge value is never written out whole


def test_unreadable_timestamps_in_a_list_page_leave_every_summary_readable(
    client: TuningClient, sends: SendCounter, caplog: pytest.LogCaptureFixture
) -> None:
    bad = ["", "nan", "10000-01-01T00:00:00Z"]
    summaries = [{**summary(i), "TrainingEndTime": text} for i, text in enumerate(bad)]
    answer(sends, {"TrainingJobSummaries": summaries})
    with caplog.at_level(logging.WARNING):
        page = client.list_training_jobs_for_hyper_parameter_tuning_job("tj")
    assert [s.training_job_name for s in page.training_job_summaries] == [
        "job-00000",
        "job-00001",
        "job-00002",
    ]
    assert [s.training_end_time for s in page.training_job_summaries] == [None, None, None]
    assert all(isinstance(s.creation_time, datetime) for s in page.training_job_summaries)
    assert len(timestamp_warnings(caplog)) == 3  # one per distinct unreadable value


def test_the_same_unreadable_value_is_warned_about_once(
    client: TuningClient, sends: SendCounter, caplog: pytest.LogCaptureFixture
) -> None:
    summaries = [{**summary(i), "TrainingEndTime": "nan"} for i in range(50)]
    answer(sends, {"TrainingJobSummaries": summaries})
    with caplog.at_level(logging.WARNING):
        client.list_training_jobs_for_hyper_parameter_tuning_job("tj")
        client.list_training_jobs_for_hyper_parameter_tuning_job("tj")
    assert timestamp_warnings(caplog) == [
        "unreadable timestamp 'nan' in a response; it is read as missing"
    ]


def test_a_required_timestamp_that_is_unreadable_reads_the_epoch_and_is_filled_in(
    client: TuningClient, sends: SendCounter
) -> None:
    answer(sends, tuning_job("InProgress", CreationTime="not a time"))
    response = client.describe_hyper_parameter_tuning_job("tj")
    # Unreadable is as good as missing: a required member gets its zero value, remembered.
    assert response.creation_time == datetime(1970, 1, 1, tzinfo=timezone.utc)
    assert "CreationTime" in serde.filled_in(response)
    assert response.hyper_parameter_tuning_job_status == "InProgress"


@pytest.mark.parametrize("value", [MILLIS, float(MILLIS), str(MILLIS), f"{MILLIS / 1000:.3f}"])
def test_epoch_milliseconds_are_read_as_milliseconds(
    client: TuningClient, sends: SendCounter, caplog: pytest.LogCaptureFixture, value: Any
) -> None:
    answer(sends, tuning_job("Completed", HyperParameterTuningEndTime=value))
    with caplog.at_level(logging.WARNING):
        response = client.describe_hyper_parameter_tuning_job("tj")
    assert response.hyper_parameter_tuning_end_time == MILLIS_AS_DATE
    assert response.hyper_parameter_tuning_end_time.tzinfo is UTC
    assert timestamp_warnings(caplog) == []


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (1714564800, datetime(2024, 5, 1, 12, tzinfo=UTC)),
        (1714564800.25, datetime(2024, 5, 1, 12, 0, 0, 250000, tzinfo=UTC)),
        ("2024-05-01T14:00:00+02:00", datetime(2024, 5, 1, 12, tzinfo=UTC)),
        ("Wed, 01 May 2024 12:00:00 GMT", datetime(2024, 5, 1, 12, tzinfo=UTC)),
        ("0001-01-01T00:00:00Z", datetime(1, 1, 1, tzinfo=UTC)),
        ("9999-12-31T23:59:59Z", datetime(9999, 12, 31, 23, 59, 59, tzinfo=UTC)),
        (253402300799, datetime(9999, 12, 31, 23, 59, 59, tzinfo=UTC)),  # the last second
        (-1e9, datetime(1938, 4, 24, 22, 13, 20, tzinfo=UTC)),
    ],
)
def test_every_readable_form_still_reads_as_utc(
    client: TuningClient, sends: SendCounter, value: Any, expected: datetime
) -> None:
    answer(sends, tuning_job("Completed", HyperParameterTuningEndTime=value))
    moment = client.describe_hyper_parameter_tuning_job("tj").hyper_parameter_tuning_end_time
    assert moment == expected and moment.tzinfo is UTC


# Milliseconds of moments before 1978-01-11T21:31:40.800Z are numbers below 253 402 300 800,
# which are seconds of years up to 9999: those are read as seconds (the rule cannot tell).
@given(st.datetimes(min_value=datetime(1978, 1, 12), max_value=datetime(9999, 1, 1)))
def test_seconds_and_milliseconds_of_the_same_moment_agree(moment: datetime) -> None:
    moment = moment.replace(tzinfo=UTC, microsecond=moment.microsecond // 1000 * 1000)
    seconds = (moment - datetime(1970, 1, 1, tzinfo=UTC)) / timedelta(seconds=1)
    millis = (moment - datetime(1970, 1, 1, tzinfo=UTC)) // timedelta(milliseconds=1)
    from_seconds, from_millis = parse_utc_timestamp(seconds), parse_utc_timestamp(millis)
    assert from_seconds is not None and from_millis is not None
    # the integer milliseconds are exact; a float of seconds is as close as a float can be
    assert from_millis == moment
    assert abs(from_seconds - moment) <= timedelta(seconds=math.ulp(seconds), microseconds=1)


def test_the_millisecond_rule_starts_exactly_where_seconds_end() -> None:
    last_second = datetime(9999, 12, 31, 23, 59, 59, tzinfo=UTC)
    assert parse_utc_timestamp(253402300799) == last_second
    # one second later is no datetime as seconds: as milliseconds it is 1978-01-11
    assert parse_utc_timestamp(253402300800) == datetime(
        1978, 1, 11, 21, 31, 40, 800000, tzinfo=UTC
    )


def test_from_api_reads_responses_the_same_way() -> None:
    parsed = from_api(
        shapes.HyperParameterTrainingJobSummary,
        {**summary(1), "CreationTime": MILLIS, "TrainingEndTime": "nan"},
    )
    assert parsed.creation_time == MILLIS_AS_DATE
    assert parsed.training_end_time is None


def test_a_document_with_an_unreadable_timestamp_is_still_refused_strictly() -> None:
    # Documents users write keep strict checking: the value is reported at its path.
    with pytest.raises(ValidationError) as caught:
        from_api(
            shapes.HyperParameterTrainingJobSummary,
            {**summary(1), "TrainingEndTime": "nan"},
            strict=True,
        )
    assert [(v.path, v.message) for v in caught.value.violations] == [
        ("TrainingEndTime", "expected a datetime, got 'nan'")
    ]
