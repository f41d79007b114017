"""The command line under bad input: one line and exit 2, never a traceback; JSON for ``--json``.

Also: the same class of mistake gets the same exit code, duplicate keys are refused, and text
from the service or a file reaches the terminal with its escape sequences escaped.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from sagemaker_tuning import to_api
from sagemaker_tuning.cli import EXIT_SERVICE, EXIT_USAGE, Console, build_parser, demo_request, main


def run(*argv: str, stdin: Any = None, monkeypatch: Any = None) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    if stdin is not None:
        monkeypatch.setattr(sys, "stdin", stdin)
    code = main(list(argv), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def one_line_error(err: str) -> str:
    assert err.startswith("sagemaker-tuning: error: ") and err.count("\n") == 1, err
    assert "Traceback" not in err
    return err


def json_error(out: str, code: int) -> dict[str, Any]:
    document: dict[str, Any] = json.loads(out)
    assert document["exit_code"] == code and isinstance(document["error"], str)
    return document


def write(tmp_path: Path, text: str | bytes, name: str = "request.json") -> str:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return str(path)


def request_doc() -> dict[str, Any]:
    return to_api(demo_request("nightly-xgb", max_jobs=20, parallel=4))


# -- item 6: one line and exit 2, JSON with --json


BAD_FILES = {
    "a number of 5000 digits": ('{"HyperParameterTuningJobName": ' + "1" * 5000 + "}", "4300"),
    "JSON nested 100 000 deep": ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
    "JSON nested 500 deep": ('{"a": ' * 500 + "1" + "}" * 500, "nested too deeply"),
    "not JSON": ("{", "not valid JSON"),
}


@pytest.mark.parametrize(("text", "why"), BAD_FILES.values(), ids=list(BAD_FILES))
@pytest.mark.parametrize("command", ["validate", "create"])
def test_a_bad_request_file_is_one_line_and_exit_2(
    tmp_path: Path, text: str, why: str, command: str
) -> None:
    path = write(tmp_path, text)
    code, out, err = run(command, path)
    assert (code, out) == (EXIT_USAGE, "")
    assert why in one_line_error(err)
    code, out, err = run("--json", command, path)
    assert code == EXIT_USAGE
    assert why in json_error(out, EXIT_USAGE)["error"]


def test_an_unknown_member_named_with_a_lone_surrogate_is_shown_escaped(tmp_path: Path) -> None:
    doc = request_doc()
    path = write(tmp_path, json.dumps(doc)[:-1] + ', "X\\ud800\\u001b[31m": 1}')
    code, out, err = run("validate", path)
    assert code == EXIT_USAGE
    assert "error: X\\ud800\\x1b[31m: unknown member" in out
    out.encode("utf-8")  # writable to any UTF-8 terminal
    code, out, _ = run("--json", "validate", path)
    assert code == EXIT_USAGE
    out.encode("utf-8")
    paths = [v["path"] for v in json.loads(out)["violations"]]
    assert "X\ud800\x1b[31m" in paths  # JSON escapes carry the exact key


def test_invalid_utf8_on_stdin_is_one_line_and_exit_2(monkeypatch: pytest.MonkeyPatch) -> None:
    # A real stdin decodes with surrogateescape in some locales; the bytes are what count.
    stdin = io.TextIOWrapper(io.BytesIO(b'{"a": "\xff\xfe"}'), errors="surrogateescape")
    code, out, err = run("validate", "-", stdin=stdin, monkeypatch=monkeypatch)
    assert (code, out) == (EXIT_USAGE, "")
    assert "cannot read <stdin>: not UTF-8 text" in one_line_error(err)


def test_a_byte_order_mark_is_no_part_of_the_document(tmp_path: Path) -> None:
    path = write(tmp_path, b"\xef\xbb\xbf" + json.dumps(request_doc()).encode())
    assert run("validate", path)[0] == 0


@pytest.mark.parametrize(
    "argv",
    [
        ["demo", "--pace", "-1"],
        ["demo", "--pace", "nan"],
        ["wait", "job", "--timeout", "-5"],
        ["training-jobs", "job", "--max-items", "0"],
        ["nope"],
    ],
)
def test_a_bad_argument_is_usage_and_one_line_error_and_json_on_stdout(argv: list[str]) -> None:
    code, out, err = run(*argv)
    assert (code, out) == (EXIT_USAGE, "")
    assert err.startswith("usage: ")
    assert err.splitlines()[-1].startswith("sagemaker-tuning: error: ")
    code, out, _ = run("--json", *argv)
    assert code == EXIT_USAGE
    json_error(out, EXIT_USAGE)


def test_every_json_error_prints_json_on_stdout(tmp_path: Path) -> None:
    code, out, err = run("--json", "--local", "describe", "no-such-job")
    assert code == EXIT_SERVICE
    assert "ResourceNotFound" in json_error(out, EXIT_SERVICE)["error"]
    one_line_error(err)
    code, out, _ = run("--json", "--local", "describe", "bad_name")
    document = json_error(out, EXIT_USAGE)
    assert [v["path"] for v in document["violations"]] == ["HyperParameterTuningJobName"]
    doc = request_doc()
    doc["HyperParameterTuningJobName"] = "bad_name"
    code, out, _ = run("--json", "--local", "create", write(tmp_path, json.dumps(doc)))
    document = json_error(out, EXIT_USAGE)
    assert "nothing was sent" in document["error"]
    assert [v["rule"] for v in document["violations"]] == ["pattern"]


@pytest.mark.parametrize(
    "argv",
    [
        ["--local", "--region", "b@d"],
        ["--region", "b@d"],
        ["--region", "us-east-1", "--endpoint-url", "ftp://127.0.0.1"],
        ["--region", "us-east-1", "--endpoint-url", "http://[x"],
        ["--region", "us-east-1", "--endpoint-url", "not a url"],
        ["--local", "--endpoint-url", "http://127.0.0.1:9"],
    ],
)
def test_configuration_mistakes_all_exit_2_before_anything_is_sent(argv: list[str]) -> None:
    code, out, err = run(*argv, "describe", "job")
    assert (code, out) == (EXIT_USAGE, "")
    one_line_error(err)


# -- item 6, through the real entry point: stdout that fails, stdin that is not text


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs Linux's /dev/full")
def test_stdout_on_dev_full_is_one_line_and_exit_2(tmp_path: Path) -> None:
    path = write(tmp_path, json.dumps(request_doc()))
    with open("/dev/full", "w") as full:
        result = subprocess.run(
            [sys.executable, "-m", "sagemaker_tuning", "validate", path],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            timeout=120,
            check=False,
        )
    assert result.returncode == EXIT_USAGE
    assert (
        result.stderr
        == "sagemaker-tuning: error: cannot write to stdout: No space left on device\n"
    )


def test_a_closed_stdout_is_one_line_and_exit_2(tmp_path: Path) -> None:
    path = write(tmp_path, json.dumps(request_doc()))
    result = subprocess.run(
        [sys.executable, "-m", "sagemaker_tuning", "validate", path],
        stdin=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        timeout=120,
        check=False,
        preexec_fn=lambda: os.close(1),  # the child starts with fd 1 closed
    )
    assert result.returncode == EXIT_USAGE
    assert result.stderr == "sagemaker-tuning: error: stdout is closed; nothing was done\n"


def test_invalid_utf8_on_a_real_stdin_is_one_line_and_exit_2() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "sagemaker_tuning", "validate", "-"],
        input=b'{"a": "\xff\xfe"}',
        capture_output=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == EXIT_USAGE
    assert result.stderr == b"sagemaker-tuning: error: cannot read <stdin>: not UTF-8 text\n"


# -- item 9: duplicate keys, escapes


def test_duplicate_keys_are_refused_naming_each_key(tmp_path: Path) -> None:
    text = json.dumps(request_doc())
    text = text.replace(
        '"MaxParallelTrainingJobs": 4',
        '"MaxParallelTrainingJobs": 4, "MaxParallelTrainingJobs": 40',
    )
    text = text[:-1] + ', "HyperParameterTuningJobName": "other"}'
    code, out, err = run("validate", write(tmp_path, text))
    assert (code, out) == (EXIT_USAGE, "")
    assert one_line_error(err).endswith(
        "duplicate keys HyperParameterTuningJobConfig.ResourceLimits.MaxParallelTrainingJobs, "
        "HyperParameterTuningJobName: JSON would keep only the last value; remove the others\n"
    )


def test_a_violation_with_a_line_break_or_escape_in_a_key_stays_one_line(tmp_path: Path) -> None:
    doc = request_doc()
    doc["TrainingJobDefinition"]["StaticHyperParameters"]["bad\nkey\x1b[2J"] = "v\n"
    code, out, _ = run("validate", write(tmp_path, json.dumps(doc)))
    assert code == EXIT_USAGE
    lines = out.splitlines()
    assert lines[0].startswith(
        "error: TrainingJobDefinition.StaticHyperParameters[bad\\nkey\\x1b[2J]"
    )
    assert "\x1b" not in out


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_console_text_is_escaped_and_data_is_exact_unless_on_a_terminal() -> None:
    args = build_parser().parse_args(["describe", "job"])
    piped = io.StringIO()
    console = Console(args, piped, io.StringIO())
    console.print("a\x1b[31mb\nc\u202e")
    console.data("x,\x1b[31m\n")
    assert piped.getvalue() == "a\\x1b[31mb\nc\\u202e\nx,\x1b[31m\n"
    terminal = _Terminal()
    Console(args, terminal, io.StringIO()).data("x,\x1b[31m\ty\n")
    assert terminal.getvalue() == "x,\\x1b[31m\ty\n"
