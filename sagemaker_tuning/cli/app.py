"""The entry point: parse, run the command, turn expected errors into one line and an exit code."""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Sequence
from typing import IO, TYPE_CHECKING

from sagemaker_tuning.cli.console import (
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_SERVICE,
    EXIT_USAGE,
    PROG,
    CommandError,
    Console,
    _Interrupted,
    _plural,
)
from sagemaker_tuning.cli.parser import build_parser

if TYPE_CHECKING:
    pass


def _describe_error(error: BaseException) -> tuple[str, int] | None:
    """``(one line, exit code)`` for an expected error; ``None`` for a bug (shown in full)."""
    from sagemaker_tuning.validation import ValidationError

    if isinstance(error, CommandError):
        return str(error), error.code
    if isinstance(error, ValidationError):
        return "invalid request: " + "; ".join(str(v) for v in error.violations), EXIT_USAGE

    from sagemaker_tuning import errors

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


def main(
    argv: Sequence[str] | None = None,
    *,
    stdout: IO[str] | None = None,
    stderr: IO[str] | None = None,
) -> int:
    """Run the command line with ``argv`` (default: ``sys.argv[1:]``); return the exit code."""
    out = stdout if stdout is not None else sys.stdout
    err = stderr if stderr is not None else sys.stderr
    parser = build_parser()
    try:
        # argparse writes help and usage errors to sys.stdout/sys.stderr itself.
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            args = parser.parse_args(argv)
    except SystemExit as exit_:  # --help, --version and usage errors
        return exit_.code if isinstance(exit_.code, int) else EXIT_USAGE
    console = Console(args, out, err)
    try:
        code: int = args.handler(args, console)
        out.flush()
        return code
    except _Interrupted as stop:
        err.write(f"\n{PROG}: {stop}\n")
        return EXIT_INTERRUPTED
    except KeyboardInterrupt:
        err.write(f"\n{PROG}: interrupted\n")
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # Output piped into `head` and the like: not an error. Point stdout at devnull so the
        # interpreter's final flush does not complain.
        devnull = os.open(os.devnull, os.O_WRONLY)
        try:
            os.dup2(devnull, out.fileno())
        except (OSError, ValueError, AttributeError):
            pass
        return EXIT_OK
    except Exception as error:
        described = _describe_error(error)
        if described is None:
            raise
        message, code = described
        err.write(f"{PROG}: error: {message}\n")
        return code
