"""A fuzz test of the command line: any file contents, stdin bytes and arguments.

Whatever it is given, the command exits 0, 1 or 2, never with a traceback, and with ``--json``
its stdout is one strict JSON document (the result, or the error). Every command runs against
the in-process local service (``--local``) or fails before any client exists, so nothing
reaches a network. ``--help`` and ``--version`` are left out: they print text by design.
Fast in CI; ``HYPOTHESIS_PROFILE=thorough`` runs 500 examples.
"""

from __future__ import annotations

import io
import json
import sys
import tempfile
from pathlib import Path
from typing import Any
from unittest import mock

from hypothesis import given
from hypothesis import strategies as st

from sagemaker_tuning import shapes
from sagemaker_tuning.cli import main
from sagemaker_tuning.testing import strategies as sts

REQUEST = shapes.CreateHyperParameterTuningJobRequest

# Option values: plausible ones, wrong ones, and odd text.
_TEXT = st.text(max_size=12).filter(lambda t: not t.startswith("-"))
_NUMBERS = st.sampled_from(["0", "1", "2", "-1", "1e309", "nan", "inf", "0.001", "10" * 20, "x"])
_VALUES: dict[str, st.SearchStrategy[str]] = {
    "--region": st.sampled_from(["us-east-1", "eu-west-1", "b@d", "", "bad"]) | _TEXT,
    "--profile": _TEXT,
    "--endpoint-url": st.sampled_from(["ftp://x", "not a url", "http://[x", "file:///etc"]),
    "--name": st.sampled_from(["job-1", "bad_name", "x" * 40, ""]) | _TEXT,
    "--timeout": _NUMBERS,
    "--min-delay": _NUMBERS,
    "--max-delay": _NUMBERS,
    "--sort-by": st.sampled_from(["objective", "Name", "Status", "nope"]) | _TEXT,
    "--order": st.sampled_from(["asc", "Descending", "sideways"]),
    "--status": st.sampled_from(["Completed", "failed", "Unknown"]) | _TEXT,
    "--max-items": _NUMBERS,
    "--name-contains": _TEXT,
    "--top": _NUMBERS,
    "--seed": _NUMBERS,
    "--max-jobs": st.sampled_from(["1", "2", "0", "-3", "x"]),
    "--parallel": st.sampled_from(["1", "2", "0", "x"]),
    "--pace": _NUMBERS,
}
_FLAGS = ["--json", "--progress", "--no-progress", "--csv", "--describe", "--wait", "--local"]
_COMMANDS = [
    "validate",
    "create",
    "describe",
    "training-jobs",
    "best",
    "wait",
    "stop",
    "list",
    "report",
    "demo",
]
_NAMED = {"describe", "training-jobs", "best", "wait", "stop", "report"}


@st.composite
def command_lines(draw: st.DrawFn) -> list[str]:
    command = draw(st.sampled_from(_COMMANDS))
    argv = [command]
    if command in ("validate", "create"):
        argv.append(draw(st.sampled_from(["-", "{file}", "file://{file}", "missing.json"])))
    elif command in _NAMED:
        argv.append(draw(st.sampled_from(["job-1", "bad_name", "a" * 64]) | _TEXT))
    if command == "demo":
        argv += [
            "--simulated",
            "--max-jobs",
            "2",
            "--parallel",
            "1",
        ]  # small enough to run every time
    for _ in range(draw(st.integers(0, 4))):
        option = draw(st.sampled_from([*_VALUES, *_FLAGS]))
        if option == "--wait" and command == "create":
            continue  # a valid request would run a whole tuning job; wait is fuzzed alone
        argv.append(option)
        if option in _VALUES:
            argv.append(draw(_VALUES[option]))
    if draw(st.booleans()):
        argv.append(draw(_TEXT))  # a stray argument
    if command not in ("validate", "demo"):
        argv.append("--local")  # never AWS
    return argv


_JSON_SCALARS = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8)
_JSON = st.recursive(
    _JSON_SCALARS,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3)
    ),
    max_leaves=10,
)
contents = st.one_of(
    st.binary(max_size=200),
    _JSON.map(lambda v: json.dumps(v).encode()),
    sts.violations(REQUEST).map(lambda case: json.dumps(case[0], default=str).encode()),
    sts.documents(REQUEST).map(lambda doc: json.dumps(doc, default=str).encode()),
    st.sampled_from(
        [
            b'{"HyperParameterTuningJobName": ' + b"9" * 5000 + b"}",
            b"[" * 5000 + b"]" * 5000,
            b'{"a": 1, "a": 2}',
            b'{"X\\ud800": 1}',
            b"\xef\xbb\xbf{}",
            b'{"a": "\xff"}',
        ]
    ),
)


def _strict_json(text: str) -> Any:
    def refuse(constant: str) -> Any:
        raise ValueError(f"{constant} is not JSON")

    return json.loads(text, parse_constant=refuse)


@given(argv=command_lines(), content=contents)
def test_the_command_line_never_shows_a_traceback_and_json_always_parses(
    argv: list[str], content: bytes
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder, "request.json")
        path.write_bytes(content)
        argv = [arg.replace("{file}", str(path)) for arg in argv]
        stdin = io.TextIOWrapper(io.BytesIO(content), encoding="utf-8", errors="surrogateescape")
        out, err = io.StringIO(), io.StringIO()
        with mock.patch.object(sys, "stdin", stdin):
            code = main(argv, stdout=out, stderr=err)
    assert code in (0, 1, 2), (argv, err.getvalue())
    assert "Traceback" not in err.getvalue()
    (out.getvalue() + err.getvalue()).encode("utf-8")  # writable to any terminal
    if "--json" in argv[: argv.index("--") if "--" in argv else None]:
        _strict_json(out.getvalue())
