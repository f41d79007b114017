"""Nothing the lenient parse accepts crashes anything downstream.

``strategies.responses(cls, extreme=True)`` draws what a broken or hostile service could send
(nulls in lists and maps, missing members, integers past 64 bits, NaN and infinities, timestamps
no datetime holds, text with ANSI escapes and lone surrogates). Those answers go through the
paginator, :class:`TuningJobProgress`, :class:`TrainingJobTable` and every command of the
command line that renders an answer, over botocore's own JSON parser (a ``before-send`` hook
answers). Nothing may raise; the command line exits 0, 1 or 2 and its ``--json`` output parses
as strict JSON; no raw escape character reaches a terminal.
"""

from __future__ import annotations

import io
import json
import math
import tempfile
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from botocore.awsrequest import AWSResponse
from hypothesis import given
from hypothesis import strategies as st

from sagemaker_tuning import errors, serde, shapes, to_api
from sagemaker_tuning.cli import Console, ProgressDisplay, demo_request, main
from sagemaker_tuning.client import TuningClient
from sagemaker_tuning.paginator import Paginator, TrainingJobPaginator
from sagemaker_tuning.progress import TuningJobProgress, format_number
from sagemaker_tuning.table import TrainingJobTable
from sagemaker_tuning.testing import strategies as sts

DESCRIBE = shapes.DescribeHyperParameterTuningJobResponse
PAGE = shapes.ListTrainingJobsForHyperParameterTuningJobResponse
TRAINING = shapes.DescribeTrainingJobResponse
JOBS_PAGE = shapes.ListHyperParameterTuningJobsResponse
CREATED = shapes.CreateHyperParameterTuningJobResponse


def hostile(cls: type[Any]) -> st.SearchStrategy[dict[str, Any]]:
    return sts.responses(cls, extreme=True)


# -- the library


@given(
    pages=st.lists(hostile(PAGE), min_size=1, max_size=4), max_items=st.none() | st.integers(1, 5)
)
def test_the_paginator_survives_any_page(
    pages: list[dict[str, Any]], max_items: int | None
) -> None:
    def call(params: dict[str, Any]) -> dict[str, Any]:
        token = params.get("NextToken")
        index = 0 if token is None else int(token.removeprefix("page-"))
        page = dict(pages[index])
        page.pop("NextToken", None)
        if index + 1 < len(pages):
            page["NextToken"] = f"page-{index + 1}"
        return page

    paginator = TrainingJobPaginator(
        call, {"HyperParameterTuningJobName": "tj"}, max_items=max_items
    )
    items = list(paginator)
    assert all(isinstance(item, shapes.HyperParameterTrainingJobSummary) for item in items)
    assert sum(len(p.training_job_summaries or ()) for p in paginator.pages()) == len(items)
    if paginator.resume_token is not None:
        resumed = TrainingJobPaginator(
            call, {"HyperParameterTuningJobName": "tj"}, starting_token=paginator.resume_token
        )
        list(resumed)


@given(page=hostile(JOBS_PAGE))
def test_the_generic_paginator_survives_any_page(page: dict[str, Any]) -> None:
    page = {k: v for k, v in page.items() if k != "NextToken"}
    paginator: Paginator[Any, Any] = Paginator(
        lambda params: page, {}, operation="ListHyperParameterTuningJobs"
    )
    assert all(isinstance(job, shapes.HyperParameterTuningJobSummary) for job in paginator)


class _Stream(io.StringIO):
    def isatty(self) -> bool:
        return True


@given(data=hostile(DESCRIBE))
def test_progress_and_its_display_survive_any_description(data: dict[str, Any]) -> None:
    response = serde.from_api(DESCRIBE, data)
    progress = TuningJobProgress.from_response(response, now=datetime(2030, 1, 1).astimezone())
    assert isinstance(str(progress), str)
    json.dumps(progress.to_dict())
    progress.best_summary()
    fraction = progress.fraction_finished
    assert fraction is None or 0.0 <= fraction <= 1.0
    assert (progress.launched, progress.is_terminal) is not None
    args = mock.Mock(json=False, progress=True)
    err = _Stream()
    display = ProgressDisplay(Console(args, io.StringIO(), err), progress=lambda r: progress)
    display.on_poll(response)
    display.close()
    assert "\x1b" not in err.getvalue().replace("\r\x1b[2K", "")  # only the display's own


@given(pages=st.lists(hostile(PAGE), max_size=3), description=hostile(DESCRIBE))
def test_the_table_survives_any_summaries_and_ranges(
    pages: list[dict[str, Any]], description: dict[str, Any]
) -> None:
    summaries = [s for p in pages for s in serde.from_api(PAGE, p).training_job_summaries or ()]
    config = serde.from_api(DESCRIBE, description).hyper_parameter_tuning_job_config
    table = TrainingJobTable.from_summaries(
        summaries,
        tuning_job_name="tj",
        parameter_ranges=config.parameter_ranges if config is not None else None,
    )
    assert len(table) == len(summaries)
    for typed in (True, False):
        records = table.records(typed=typed)
        assert all(list(r) == list(table.columns) for r in records)
    json.dumps(table.records(typed=False))
    table.to_csv(io.StringIO())
    table.to_text()
    table.to_text(limit=1, objective_label="objective")


# -- the command line, answering with hostile responses over botocore's JSON parser


def _wire(value: Any) -> Any:
    """Timestamps as epoch seconds, as SageMaker sends them (the rest json writes as is)."""
    if isinstance(value, datetime):
        return value.timestamp()
    raise TypeError(f"cannot send {value!r}")


class _Answers:
    """A ``before-send`` hook answering each operation with the body queued for it."""

    def __init__(self) -> None:
        self.bodies: dict[str, dict[str, Any]] = {}

    def __call__(self, request: Any, **_: Any) -> AWSResponse:
        target = request.headers.get("X-Amz-Target", b"")
        operation = (target.decode() if isinstance(target, bytes) else target).split(".")[-1]
        body = json.dumps(self.bodies.get(operation, {}), default=_wire).encode()
        return AWSResponse(request.url, 200, {}, _Raw(body))


class _Raw:
    def __init__(self, payload: bytes) -> None:
        self.payload = payload

    def stream(self, **_: Any) -> Iterator[bytes]:
        yield self.payload


class _Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def time(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.now += seconds


_ANSWERS = _Answers()
_BOTO: list[Any] = []
_CREATE = TuningClient.create  # the real one, before the tests patch it


def _client(**_: Any) -> TuningClient:
    """What ``TuningClient.create`` gives during these tests: one botocore client built the
    usual way (UTC timestamp parser), answered by the hook, on virtual time."""
    if not _BOTO:
        boto = _CREATE(region_name="us-east-1").boto_client
        boto.meta.events.register("before-send.sagemaker", _ANSWERS, unique_id="hostile-answers")
        _BOTO.append(boto)
    clock = _Clock()
    return TuningClient(_BOTO[0], clock=clock.time, sleep=clock.sleep)


def _strict_json(text: str) -> Any:
    def refuse(constant: str) -> Any:
        raise ValueError(f"{constant} is not JSON")

    return json.loads(text, parse_constant=refuse)


COMMANDS = [
    ["describe", "tj"],
    ["best", "tj"],
    ["training-jobs", "tj"],
    ["training-jobs", "tj", "--csv"],
    ["training-jobs", "tj", "--describe"],
    ["training-jobs", "tj", "--sort-by", "objective"],
    ["wait", "tj", "--timeout", "600"],
    ["stop", "tj", "--wait", "--timeout", "600", "--progress"],
    ["list"],
    ["report", "tj"],
    ["create", "{request}", "--wait", "--timeout", "600", "--progress"],
]


@given(
    describe=hostile(DESCRIBE),
    page=hostile(PAGE),
    training=hostile(TRAINING),
    jobs=hostile(JOBS_PAGE),
    created=hostile(CREATED),
)
def test_every_command_renders_any_answer(
    describe: dict[str, Any],
    page: dict[str, Any],
    training: dict[str, Any],
    jobs: dict[str, Any],
    created: dict[str, Any],
) -> None:
    _ANSWERS.bodies = {
        "DescribeHyperParameterTuningJob": describe,
        "ListTrainingJobsForHyperParameterTuningJob": page,
        "DescribeTrainingJob": training,
        "ListHyperParameterTuningJobs": jobs,
        "CreateHyperParameterTuningJob": created,
        "StopHyperParameterTuningJob": {},
    }
    with (
        tempfile.TemporaryDirectory() as folder,
        mock.patch.object(TuningClient, "create", _client),
    ):
        request = Path(folder, "request.json")
        request.write_text(json.dumps(to_api(demo_request("tj", max_jobs=4, parallel=2))))
        for command in COMMANDS:
            argv = [arg.format(request=request) for arg in command]
            for json_mode in (False, True):
                if json_mode and "--csv" in argv:
                    continue
                if not json_mode and argv[0] == "report":
                    continue  # the HTML page is the report tests' business; --json is its data
                out, err = io.StringIO(), io.StringIO()
                code = main(["--json", *argv] if json_mode else argv, stdout=out, stderr=err)
                assert code in (0, 1, 2), (argv, err.getvalue())
                text = out.getvalue() + err.getvalue()
                text.encode("utf-8")  # no lone surrogate: every terminal can take it
                if "--csv" not in argv:  # CSV into a pipe is data, kept exact (a tty escapes)
                    assert "\x1b[3" not in text and "\x9b" not in text, argv
                if json_mode:
                    _strict_json(out.getvalue())


# -- the examples the issue names (each crashed before)


def test_best_with_a_metric_lacking_its_value_renders(build: Any) -> None:
    best = build.summary_wire(3, value=0.5)
    del best["FinalHyperParameterTuningJobObjectiveMetric"]["Value"]
    _ANSWERS.bodies = {"DescribeHyperParameterTuningJob": build.describe_wire(BestTrainingJob=best)}
    with mock.patch.object(TuningClient, "create", _client):
        out, err = io.StringIO(), io.StringIO()
        assert main(["best", "tj"], stdout=out, stderr=err) == 0, err.getvalue()
    assert "Objective          validation:auc = ? (Maximize)" in out.getvalue()


def test_training_jobs_with_a_summary_lacking_its_name_renders(build: Any) -> None:
    nameless = build.summary_wire(1, value=0.5)
    del nameless["TrainingJobName"]
    _ANSWERS.bodies = {
        "ListTrainingJobsForHyperParameterTuningJob": {
            "TrainingJobSummaries": [build.summary_wire(0, value=0.4), nameless, None]
        },
        "DescribeTrainingJob": {},
    }
    with mock.patch.object(TuningClient, "create", _client):
        for extra in ([], ["--describe"], ["--csv"]):
            out, err = io.StringIO(), io.StringIO()
            assert main(["training-jobs", "tj", *extra], stdout=out, stderr=err) == 0
            assert len(out.getvalue().splitlines()) == (3 if extra == ["--csv"] else 4)


@pytest.mark.parametrize("runtime", [1e30, math.inf, 10**400])
@pytest.mark.parametrize("command", [["describe", "tj"], ["wait", "tj"]])
def test_describe_and_wait_with_a_runtime_no_timedelta_holds(
    build: Any, runtime: float, command: list[str]
) -> None:
    describe = build.describe_wire(
        ConsumedResources={"RuntimeInSeconds": runtime}, HyperParameterTuningJobStatus="Completed"
    )
    _ANSWERS.bodies = {"DescribeHyperParameterTuningJob": describe}
    with mock.patch.object(TuningClient, "create", _client):
        out, err = io.StringIO(), io.StringIO()
        assert main(command, stdout=out, stderr=err) == 0, err.getvalue()
    progress = TuningJobProgress.from_response(serde.from_api(DESCRIBE, describe))
    assert progress.consumed_runtime is None


def test_service_text_with_escape_sequences_is_shown_escaped(build: Any) -> None:
    describe = build.describe_wire(
        HyperParameterTuningJobStatus="Failed", FailureReason="\x1b[2J\x1b]0;pwned\x07oops\u202e"
    )
    _ANSWERS.bodies = {"DescribeHyperParameterTuningJob": describe}
    with mock.patch.object(TuningClient, "create", _client):
        for command in (["describe", "tj"], ["wait", "tj"]):
            out, err = io.StringIO(), io.StringIO()
            main(command, stdout=out, stderr=err)
            text = out.getvalue() + err.getvalue()
            assert "\x1b" not in text and "\u202e" not in text and "\x07" not in text
            assert "\\x1b[2J\\x1b]0;pwned\\x07oops\\u202e" in text


def test_a_huge_integer_objective_reads_as_infinity_and_renders(build: Any) -> None:
    best = build.summary_wire(3, value=0.5)
    best["FinalHyperParameterTuningJobObjectiveMetric"]["Value"] = 10**400
    response = serde.from_api(DESCRIBE, build.describe_wire(BestTrainingJob=best))
    progress = TuningJobProgress.from_response(response)
    assert "validation:auc=inf by" in (progress.best_summary() or "")


def test_a_huge_integer_is_shown_in_exponent_form() -> None:
    # An int past a double in an integer member (or anywhere a number is shown) stays exact.
    assert format_number(10**400) == "1.00000e+400"


def test_a_waiter_error_is_still_an_error_with_hostile_answers(build: Any) -> None:
    _ANSWERS.bodies = {"DescribeHyperParameterTuningJob": {"HyperParameterTuningJobStatus": None}}
    with mock.patch.object(TuningClient, "create", _client):
        client = TuningClient.create()
        with pytest.raises(errors.WaiterTimeout):
            client.wait_for_hyper_parameter_tuning_job("tj", max_wait=30)
