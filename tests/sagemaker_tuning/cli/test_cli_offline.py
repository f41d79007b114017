"""The command line without any service: parsing, validate, error lines, exit codes, lazy imports."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from sagemaker_tuning import errors, to_api
from sagemaker_tuning.cli import (
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_SERVICE,
    EXIT_USAGE,
    Console,
    ProgressDisplay,
    build_parser,
    demo_request,
    main,
)
from sagemaker_tuning.progress import TuningJobProgress


def run(*argv: str, stdin: str | None = None, monkeypatch: Any = None) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    if stdin is not None:
        monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    code = main(list(argv), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def request_doc() -> dict[str, Any]:
    """A valid CreateHyperParameterTuningJob request as --cli-input-json takes it."""
    return to_api(demo_request("nightly-xgb", max_jobs=20, parallel=4))


def write(tmp_path: Path, doc: Any, name: str = "request.json") -> str:
    path = tmp_path / name
    path.write_text(json.dumps(doc), encoding="utf-8")
    return str(path)


# -- validate


def test_validate_a_valid_file_exits_0(tmp_path: Path, request_doc: dict[str, Any]) -> None:
    path = write(tmp_path, request_doc)
    assert run("validate", path) == (EXIT_OK, f"{path}: valid\n", "")


def test_validate_reports_every_violation_with_its_path_and_exits_2(
    tmp_path: Path, request_doc: dict[str, Any]
) -> None:
    request_doc["HyperParameterTuningJobName"] = "bad_name"
    limits = request_doc["HyperParameterTuningJobConfig"]["ResourceLimits"]
    limits["MaxParallelTrainingJob"] = 3  # a typo: unknown member
    request_doc["TrainingJobDefinition"]["StaticHyperParameters"]["key"] = "AKIAIOSFODNN7EXAMPLE"
    path = write(tmp_path, request_doc)
    code, out, err = run("validate", path)
    assert code == EXIT_USAGE
    assert err == ""
    lines = out.splitlines()
    assert lines[0] == (
        "error: HyperParameterTuningJobConfig.ResourceLimits.MaxParallelTrainingJob: unknown member"
        " of ResourceLimits; did you mean 'MaxParallelTrainingJobs'? [unknown-member]"
    )
    assert lines[1].startswith(
        "error: HyperParameterTuningJobName: expected letters, digits and hyphens;"
    )
    assert "Got 'bad_name': '_' is not allowed" in lines[1]
    assert lines[1].endswith("{0,31}') [pattern]")
    # The service rules still run on a document that breaks the model, and never echo a secret.
    assert lines[2].startswith("error: TrainingJobDefinition.StaticHyperParameters[key]: ")
    assert lines[2].endswith("[credentials-access-key-id]")
    assert "AKIAIOSFODNN7EXAMPLE" not in out
    assert lines[-1] == f"{path}: invalid: 3 errors"


def test_validate_warnings_alone_exit_0(tmp_path: Path, request_doc: dict[str, Any]) -> None:
    request_doc["HyperParameterTuningJobConfig"]["ResourceLimits"]["MaxParallelTrainingJobs"] = 30
    path = write(tmp_path, request_doc)
    code, out, _ = run("validate", path)
    assert code == EXIT_OK
    assert out.splitlines()[0].startswith(
        "warning: HyperParameterTuningJobConfig.ResourceLimits.MaxParallelTrainingJobs: "
    )
    assert out.splitlines()[-1] == f"{path}: valid, 1 warning"


def test_validate_json_output_is_only_json(tmp_path: Path, request_doc: dict[str, Any]) -> None:
    del request_doc["HyperParameterTuningJobName"]
    path = write(tmp_path, request_doc)
    code, out, err = run("validate", path, "--json")
    assert (code, err) == (EXIT_USAGE, "")
    assert json.loads(out) == {
        "file": path,
        "valid": False,
        "errors": 1,
        "warnings": 0,
        "violations": [
            {
                "path": "HyperParameterTuningJobName",
                "message": "required member is missing",
                "rule": "required",
                "severity": "error",
            }
        ],
    }


def test_validate_reads_stdin_and_file_urls(
    tmp_path: Path, request_doc: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, out, _ = run("validate", "-", stdin=json.dumps(request_doc), monkeypatch=monkeypatch)
    assert (code, out) == (EXIT_OK, "<stdin>: valid\n")
    path = write(tmp_path, request_doc)
    assert run("validate", f"file://{path}")[:2] == (EXIT_OK, f"{path}: valid\n")


@pytest.mark.parametrize(
    ("doc", "first"),
    [
        ("[1, 2]", "error: <request>: expected an object for CreateHyperParameterTuningJobRequest"),
        ("{}", "error: HyperParameterTuningJobConfig: required member is missing [required]"),
        (
            '{"HyperParameterTuningJobConfig": 5, "TrainingJobDefinitions": "x"}',
            "error: HyperParameterTuningJobConfig: expected a HyperParameterTuningJobConfig, got 5",
        ),
    ],
)
def test_validate_survives_documents_of_any_shape(tmp_path: Path, doc: str, first: str) -> None:
    path = tmp_path / "odd.json"
    path.write_text(doc, encoding="utf-8")
    code, out, err = run("validate", str(path))
    assert code == EXIT_USAGE
    assert out.splitlines()[0].startswith(first)
    assert err == ""  # no log noise about "responses" lacking members


def test_unreadable_and_malformed_files_are_one_line_usage_errors(tmp_path: Path) -> None:
    missing = tmp_path / "missing.json"
    assert run("validate", str(missing)) == (
        EXIT_USAGE,
        "",
        f"sagemaker-tuning: error: cannot read {missing}: No such file or directory\n",
    )
    broken = tmp_path / "broken.json"
    broken.write_text('{"a": 1,\n}', encoding="utf-8")
    code, out, err = run("validate", str(broken))
    assert (code, out) == (EXIT_USAGE, "")
    assert err == (
        f"sagemaker-tuning: error: {broken}: not valid JSON: Expecting property name enclosed in "
        "double quotes (line 2, column 1)\n"
    )


def test_create_refuses_an_invalid_file_without_any_client(
    tmp_path: Path, request_doc: dict[str, Any]
) -> None:
    request_doc["HyperParameterTuningJobConfig"]["ResourceLimits"]["MaxParallelTrainingJobs"] = 0
    # --endpoint-url points nowhere: reaching for a client would fail differently.
    code, out, err = run(
        "create", write(tmp_path, request_doc), "--endpoint-url", "http://127.0.0.1:9"
    )
    assert (code, out) == (EXIT_USAGE, "")
    lines = err.splitlines()
    assert lines[0].startswith(
        "error: HyperParameterTuningJobConfig.ResourceLimits.MaxParallelTrainingJobs: "
    )
    assert lines[-1].endswith("invalid: 1 error; nothing was sent")


# -- parsing


def test_help_lists_every_command_and_the_exit_codes() -> None:
    code, out, _ = run("--help")
    assert code == EXIT_OK
    for command in ("validate", "create", "describe", "training-jobs", "best", "wait", "stop"):
        assert command in out
    assert "demo" in out
    assert "130  interrupted" in out


def test_global_options_work_before_and_after_the_command() -> None:
    parser = build_parser()
    before = parser.parse_args(["--json", "--region", "eu-west-1", "describe", "job"])
    after = parser.parse_args(["describe", "job", "--json", "--region", "eu-west-1"])
    for args in (before, after):
        assert (args.json, args.region, args.name, args.progress) == (
            True,
            "eu-west-1",
            "job",
            None,
        )
    assert parser.parse_args(["describe", "job", "--no-progress"]).progress is False
    assert parser.parse_args(["--progress", "describe", "job"]).progress is True


def test_choices_accept_any_case_and_aliases() -> None:
    args = build_parser().parse_args(
        ["training-jobs", "j", "--sort-by", "objective", "--order", "desc", "--status", "completed"]
    )
    assert (args.sort_by, args.order, args.status) == (
        "FinalObjectiveMetricValue",
        "Descending",
        "Completed",
    )


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["training-jobs", "j", "--sort-by", "speed"], "invalid choice: 'speed'"),
        (["training-jobs", "j", "--max-items", "0"], "expected a number >= 1, got 0"),
        (["wait", "j", "--timeout", "soon"], "expected seconds, got 'soon'"),
        (["wait", "j", "--timeout", "-1"], "expected a positive number of seconds"),
        (["frobnicate"], "invalid choice: 'frobnicate'"),
        (["--region", "us-east-1"], "the following arguments are required: COMMAND"),
    ],
)
def test_usage_errors_exit_2(argv: list[str], message: str) -> None:
    code, out, err = run(*argv)
    assert (code, out) == (EXIT_USAGE, "")
    assert message in err
    assert err.startswith("usage: sagemaker-tuning")


def test_local_and_endpoint_url_exclude_each_other() -> None:
    code, _, err = run("describe", "job", "--local", "--endpoint-url", "http://127.0.0.1:9")
    assert code == EXIT_USAGE
    assert err == "sagemaker-tuning: error: --local and --endpoint-url exclude each other\n"


def test_invalid_name_is_caught_before_anything_is_sent() -> None:
    code, out, err = run("describe", "no_underscores", "--endpoint-url", "http://127.0.0.1:9")
    assert (code, out) == (EXIT_USAGE, "")
    assert err.startswith("sagemaker-tuning: error: invalid request: HyperParameterTuningJobName: ")
    assert err.count("\n") == 1


def test_csv_and_json_exclude_each_other() -> None:
    code, _, err = run("training-jobs", "job", "--csv", "--json")
    assert code == EXIT_USAGE
    assert err == "sagemaker-tuning: error: --csv and --json exclude each other\n"


# -- expected errors: one line, the documented exit code


def test_missing_region_is_a_configuration_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("AWS_DEFAULT_REGION", raising=False)
    monkeypatch.delenv("AWS_REGION", raising=False)
    code, _, err = run("describe", "job")
    assert code == EXIT_USAGE
    assert (
        err == "sagemaker-tuning: error: no AWS region: pass --region or set AWS_DEFAULT_REGION\n"
    )


def test_missing_credentials_is_a_configuration_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("AWS_ACCESS_KEY_ID")
    monkeypatch.delenv("AWS_SECRET_ACCESS_KEY")
    # Not this machine (TEST-NET-1, RFC 5737; nothing is sent): a loopback endpoint would get
    # stand-in credentials (tests/sagemaker_tuning/cli/test_cli_serve.py).
    code, _, err = run("describe", "job", "--endpoint-url", "http://192.0.2.1:9")
    assert code == EXIT_USAGE
    assert err.startswith("sagemaker-tuning: error: no AWS credentials found: ")
    assert err.count("\n") == 1


def test_unknown_profile_is_a_configuration_error() -> None:
    code, _, err = run("describe", "job", "--profile", "nobody")
    assert code == EXIT_USAGE
    assert err == "sagemaker-tuning: error: The config profile (nobody) could not be found\n"


def test_unreachable_endpoint_is_a_one_line_service_error() -> None:
    # Port 9 (discard) on 127.0.0.1: nothing listens, the connection is refused at once.
    code, _, err = run(
        "describe", "job", "--endpoint-url", "http://127.0.0.1:9", "--region", "us-east-1"
    )
    assert code == EXIT_SERVICE
    assert err.startswith(
        'sagemaker-tuning: error: Could not connect to the endpoint URL: "http://127.0.0.1:9/"'
    )
    assert err.count("\n") == 1


def test_malformed_endpoint_is_a_usage_error() -> None:
    code, _, err = run("describe", "job", "--endpoint-url", "not a url")
    assert code == EXIT_USAGE
    assert err.startswith("sagemaker-tuning: error: Invalid endpoint: not a url")


# -- the progress display


class _Stream(io.StringIO):
    def __init__(self, tty: bool) -> None:
        super().__init__()
        self._tty = tty

    def isatty(self) -> bool:
        return self._tty


def _err(console: Console) -> str:
    """What a console made by :func:`_console` wrote to stderr."""
    assert isinstance(console.err, _Stream)
    return console.err.getvalue()


def _console(*argv: str, tty: bool) -> Console:
    args = build_parser().parse_args([*argv, "describe", "job"])
    return Console(args, io.StringIO(), _Stream(tty))


def test_progress_shows_on_a_terminal_and_not_elsewhere_unless_asked() -> None:
    assert _console(tty=True).progress and _console(tty=True).live
    assert not _console(tty=False).progress
    forced = _console("--progress", tty=False)
    assert forced.progress and not forced.live
    assert not _console("--no-progress", tty=True).progress


def test_live_progress_redraws_one_line_and_ends_it(build: Any) -> None:
    console = _console(tty=True)
    display = ProgressDisplay(
        console, progress=lambda r: TuningJobProgress.from_response(r, now=build.T0)
    )
    display.on_poll(build.describe())
    display.on_poll(build.describe())
    display.close()
    text = _err(console)
    assert text.count("\r\x1b[2K") == 2
    assert text.endswith("\n") and text.count("\n") == 1
    assert display.polls == 2


def test_logged_progress_prints_a_line_only_when_something_changes(build: Any) -> None:
    console = _console("--progress", tty=False)
    display = ProgressDisplay(
        console, progress=lambda r: TuningJobProgress.from_response(r, now=build.T0)
    )
    display.on_poll(build.describe())
    display.on_poll(build.describe())  # same counters: no new line
    display.on_poll(build.describe(HyperParameterTuningJobStatus="Completed"))
    display.close()
    lines = console.err.getvalue().splitlines()  # type: ignore[attr-defined]
    assert len(lines) == 2
    assert "\r" not in _err(console)
    assert lines[1].endswith("Completed")


def test_progress_line_shows_bar_counts_best_and_elapsed(build: Any) -> None:
    from datetime import timedelta

    progress = TuningJobProgress.from_response(
        build.describe(), now=build.T0 + timedelta(minutes=12, seconds=34)
    )
    line = ProgressDisplay(_console(tty=True)).line(progress)
    assert line == (
        "[##############----------]  12/20 finished  3 running  2 failed  "
        "best validation:auc=0.9412  0:12:34  InProgress"
    )


def test_no_progress_at_all_when_disabled(build: Any) -> None:
    console = _console("--no-progress", tty=True)
    display = ProgressDisplay(console)
    display.on_poll(build.describe())
    display.close()
    assert console.err.getvalue() == ""  # type: ignore[attr-defined]


# -- error lines for the waiter's outcomes


def test_failed_job_and_timeout_are_one_line_service_errors(
    build: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    failed = build.describe(
        HyperParameterTuningJobStatus="Failed", FailureReason="All training jobs failed.\nSee logs."
    )
    cases = [
        (
            errors.TuningJobFailed("failed", waiter="w", last_response=failed),
            "tuning job tune-xgb ended Failed: All training jobs failed. See logs.",
        ),
        (
            errors.WaiterTimeout(
                "late", waiter="w", last_response=build.describe(), attempts=3, elapsed=60.2
            ),
            "gave up waiting after 60 s (3 polls); tuning job tune-xgb is still InProgress",
        ),
        (
            errors.ResourceNotFound(
                "Amazon SageMaker can't find a tuning job called x. Type another name.",
                code="ResourceNotFound",
                operation="DescribeHyperParameterTuningJob",
            ),
            "ResourceNotFound in DescribeHyperParameterTuningJob: Amazon SageMaker can't find a "
            "tuning job called x. Type another name.",
        ),
    ]
    for error, line in cases:

        def boom(*args: Any, _error: BaseException = error) -> int:
            raise _error

        monkeypatch.setattr(
            "sagemaker_tuning.cli.app.build_parser", _parser_with_handler("describe", boom)
        )
        assert run("describe", "tune-xgb") == (
            EXIT_SERVICE,
            "",
            f"sagemaker-tuning: error: {line}\n",
        )


def test_ctrl_c_outside_wait_exits_130(monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupted(*args: Any) -> int:
        raise KeyboardInterrupt

    monkeypatch.setattr(
        "sagemaker_tuning.cli.app.build_parser", _parser_with_handler("describe", interrupted)
    )
    assert run("describe", "job") == (EXIT_INTERRUPTED, "", "\nsagemaker-tuning: interrupted\n")


def test_unexpected_errors_are_not_hidden(monkeypatch: pytest.MonkeyPatch) -> None:
    def bug(*args: Any) -> int:
        raise ZeroDivisionError("a bug")

    monkeypatch.setattr(
        "sagemaker_tuning.cli.app.build_parser", _parser_with_handler("describe", bug)
    )
    with pytest.raises(ZeroDivisionError):
        run("describe", "job")


_real_build_parser = build_parser


def _parser_with_handler(command: str, handler: Any) -> Any:
    def build() -> Any:
        parser = _real_build_parser()
        subparsers = next(a for a in parser._actions if a.dest == "command")
        getattr(subparsers, "choices")[command].set_defaults(handler=handler)  # noqa: B009
        return parser

    return build


# -- start-up cost


def test_importing_the_cli_and_asking_for_help_import_no_botocore() -> None:
    code = (
        "import sys, io, contextlib\n"
        "import sagemaker_tuning.cli as cli\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    cli.main(['--help'])\n"
        "heavy = sorted(m for m in ('botocore', 'attrs', 'cattrs', 'sagemaker_tuning.core.shapes') "
        "if m in sys.modules)\n"
        "print(heavy)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert result.stdout == "[]\n"


def test_python_dash_m_runs_the_same_command() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "sagemaker_tuning", "--version"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0
    assert result.stdout.startswith("sagemaker-tuning ")


def test_output_piped_into_a_closed_reader_is_not_an_error() -> None:
    # `sagemaker-tuning ... | head -1`: the reader goes away before the output is written.
    proc = subprocess.Popen(
        [sys.executable, "-m", "sagemaker_tuning", "demo", "--simulated", "--max-jobs", "8"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    proc.stdout.close()
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == EXIT_OK
    assert "Traceback" not in err and "BrokenPipeError" not in err
