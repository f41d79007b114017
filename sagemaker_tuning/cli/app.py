"""The entry point: parse, run the command, turn expected errors into one line and an exit code."""

from __future__ import annotations

import contextlib
import io
import os
import sys
import warnings
from collections.abc import Iterator, Sequence
from typing import IO

from sagemaker_tuning.cli.check import _violation_dict
from sagemaker_tuning.cli.console import (
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_SERVICE,
    EXIT_USAGE,
    PROG,
    CommandError,
    Console,
    OutputFailed,
    _Interrupted,
    _plural,
    escape,
    to_json,
)
from sagemaker_tuning.cli.parser import UsageError, build_parser


def _describe_error(error: BaseException) -> tuple[str, int] | None:
    """``(one line, exit code)`` for an expected error; ``None`` for a bug (shown in full)."""
    from sagemaker_tuning.core.validation import ValidationError

    if isinstance(error, CommandError):
        return str(error), error.code
    if isinstance(error, ValidationError):
        return "invalid request: " + "; ".join(str(v) for v in error.violations), EXIT_USAGE

    from sagemaker_tuning.core import errors

    if isinstance(error, errors.TuningJobFailed):
        response = error.last_response
        name = getattr(response, "hyper_parameter_tuning_job_name", "")
        status = getattr(response, "hyper_parameter_tuning_job_status", "Failed")
        reason = " ".join((error.failure_reason or "no reason given").split())
        return f"tuning job {name} ended {status}: {reason}", EXIT_SERVICE
    if isinstance(error, errors.WaiterTimeout):
        status = getattr(error.last_response, "hyper_parameter_tuning_job_status", None)
        name = getattr(error.last_response, "hyper_parameter_tuning_job_name", "")
        where = f"; tuning job {name} is still {status}" if status is not None else ""
        if error.last_error is not None:
            from sagemaker_tuning.cli.connection import _error_text

            where += f"; last error: {_error_text(error.last_error)}"
        return (
            f"gave up waiting after {error.elapsed:.0f} s ({_plural(error.attempts, 'poll')}){where}",
            EXIT_SERVICE,
        )
    if isinstance(error, errors.SageMakerTuningError):
        return str(error), EXIT_SERVICE

    from botocore import exceptions as bx

    if isinstance(error, bx.NoCredentialsError):
        return (
            "no AWS credentials found: configure them (aws configure, AWS_ACCESS_KEY_ID and "
            "AWS_SECRET_ACCESS_KEY, or --profile), or use --local",
            EXIT_USAGE,
        )
    if isinstance(error, bx.NoRegionError):
        return "no AWS region: pass --region or set AWS_DEFAULT_REGION", EXIT_USAGE
    if isinstance(error, (bx.ProfileNotFound, bx.PartialCredentialsError)):
        return str(error), EXIT_USAGE
    if isinstance(error, (bx.EndpointConnectionError, bx.ConnectionClosedError)):
        return str(error), EXIT_SERVICE
    if isinstance(error, bx.BotoCoreError):
        return str(error), EXIT_SERVICE
    return None


def _one_line(text: str) -> str:
    """An error line as printed: no credential, no control character, no line break."""
    from sagemaker_tuning.redact import redact

    return escape(redact(text))


@contextlib.contextmanager
def _debug_logging(stream: IO[str], *, enabled: bool) -> Iterator[None]:
    """``--debug``: every logger (the SDK's, botocore's) at DEBUG on ``stream``, for one
    command, with every credential a line mentions redacted."""
    if not enabled:
        yield
        return
    import logging  # only with --debug: the CLI's start stays cheap

    from sagemaker_tuning.redact import redact

    class Redacting(logging.Formatter):
        def format(self, record: logging.LogRecord) -> str:
            return redact(super().format(record))

    handler = logging.StreamHandler(stream)
    handler.setFormatter(Redacting("%(asctime)s %(name)s %(levelname)s: %(message)s"))
    root = logging.getLogger()
    level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    try:
        yield
    finally:
        root.removeHandler(handler)
        root.setLevel(level)


def _json_asked(argv: Sequence[str]) -> bool:
    """Whether ``--json`` is among the options (argparse may have refused the rest)."""
    for arg in argv:
        if arg == "--":
            return False
        if arg == "--json":
            return True
    return False


def _silence(stream: IO[str]) -> None:
    """Point a failed stream's descriptor at devnull: the interpreter's final flush of what
    is still buffered would fail again, print a traceback of its own and exit 120."""
    try:
        fd = stream.fileno()
    except (OSError, ValueError, AttributeError):
        return  # not a real file (a StringIO), or already closed
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, fd)
    except OSError:
        pass  # the descriptor is gone: nothing will be flushed to it
    finally:
        os.close(devnull)


def _write(stream: IO[str] | None, text: str) -> None:
    """Write to stderr, or nowhere when that fails too: an error report never raises."""
    if stream is None:
        return
    try:
        stream.write(text)
        stream.flush()
    except (OSError, ValueError):
        _silence(stream)


def _fail(
    message: str,
    code: int,
    *,
    out: IO[str] | None,
    err: IO[str] | None,
    json_out: bool,
    violations: Sequence[object] = (),
    prefix: str = "error: ",
) -> int:
    """Report a failure: one line on stderr, and with ``--json`` an error document on stdout."""
    line = _one_line(message)
    _write(err, f"{PROG}: {prefix}{line}\n")
    if json_out and out is not None:
        document: dict[str, object] = {"error": line, "exit_code": code}
        if violations:
            document["violations"] = list(violations)
        try:
            out.write(to_json(document) + "\n")
            out.flush()
        except (OSError, ValueError):
            _silence(out)
    return code


def main(
    argv: Sequence[str] | None = None,
    *,
    stdout: IO[str] | None = None,
    stderr: IO[str] | None = None,
) -> int:
    """Run the command line with ``argv`` (default: ``sys.argv[1:]``); return the exit code."""
    argv = list(sys.argv[1:] if argv is None else argv)
    out = stdout if stdout is not None else sys.stdout
    # Started with stderr closed (`2>&-`): notes and errors go nowhere, the result still out.
    err = stderr if stderr is not None else sys.stderr or io.StringIO()
    json_out = _json_asked(argv)
    if out is None:  # started with stdout closed (`>&-`): nothing could report a result
        return _fail(
            "stdout is closed; nothing was done", EXIT_USAGE, out=None, err=err, json_out=False
        )
    parser = build_parser()
    if not argv:  # the command alone: say what it can do (exit 0), not that a command is missing
        _write(out, parser.format_help())
        return EXIT_OK
    try:
        # argparse writes help and version to sys.stdout itself.
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            args = parser.parse_args(argv)
    except SystemExit as exit_:  # --help and --version
        return exit_.code if isinstance(exit_.code, int) else EXIT_USAGE
    except UsageError as error:
        _write(err, error.usage)
        return _fail(error.message, EXIT_USAGE, out=out, err=err, json_out=json_out)
    console = Console(args, out, err)
    try:
        with _debug_logging(err, enabled=getattr(args, "debug", False)), warnings.catch_warnings():
            # The commands print every rule warning themselves (validate, create, clone).
            from sagemaker_tuning.core.errors import RuleWarning

            warnings.simplefilter("ignore", RuleWarning)
            code: int = args.handler(args, console)
        try:
            out.flush()
        except BrokenPipeError:
            raise
        except (OSError, ValueError) as error:
            raise OutputFailed(error) from None
        return code
    except _Interrupted as stop:
        _write(err, "\n")
        return _fail(str(stop), EXIT_INTERRUPTED, out=out, err=err, json_out=json_out, prefix="")
    except KeyboardInterrupt:
        _write(err, "\n")
        return _fail(
            "interrupted", EXIT_INTERRUPTED, out=out, err=err, json_out=json_out, prefix=""
        )
    except BrokenPipeError:
        # Output piped into `head` and the like: not an error. Point stdout at devnull so the
        # interpreter's final flush does not complain.
        _silence(out)
        return EXIT_OK
    except OutputFailed as error:
        _silence(out)
        return _fail(str(error), EXIT_USAGE, out=None, err=err, json_out=False)
    except Exception as error:
        described = _describe_error(error)
        if described is None:
            raise
        message, code = described
        from sagemaker_tuning.core.validation import ValidationError

        violations: Sequence[object] = ()
        if isinstance(error, CommandError):
            violations = error.violations
        elif isinstance(error, ValidationError):
            violations = [_violation_dict(v) for v in error.violations]
        return _fail(message, code, out=out, err=err, json_out=json_out, violations=violations)
