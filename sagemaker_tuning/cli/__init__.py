"""The ``sagemaker-tuning`` command: validate, start, watch and inspect tuning jobs from a terminal.

Also ``python -m sagemaker_tuning``. Results go to stdout (tables, or JSON with ``--json``);
progress and notes go to stderr, progress only when stderr is a terminal or ``--progress`` is
given. Expected errors print one line without a traceback (with ``--json``, also a JSON
error document on stdout); control characters from the service or a file are printed escaped,
and no credential is printed in an error. Exit codes:

- 0: success;
- 1: the service or the job said no: a service error (not found, throttled, access denied, ...),
  a connection failure, a failed tuning job, a wait that timed out, no best job yet;
- 2: the command could not be sent as given: bad arguments, an unreadable or invalid request
  file, a request that breaks the model or a service rule, missing credentials, region or profile;
- 130: interrupted (Ctrl-C). Interrupting ``wait`` stops waiting, never the tuning job.

Everything heavier than ``argparse`` is imported when a command runs, so ``--help`` is instant.

One module per concern: :mod:`~sagemaker_tuning.cli.app` (entry point and error mapping),
:mod:`~sagemaker_tuning.cli.parser` (arguments), :mod:`~sagemaker_tuning.cli.console`
(output and exit codes), :mod:`~sagemaker_tuning.cli.check` (request files),
:mod:`~sagemaker_tuning.cli.connection` (clients and waiting),
:mod:`~sagemaker_tuning.cli.display` (the progress line), :mod:`~sagemaker_tuning.cli.jobs`
(the commands on jobs), :mod:`~sagemaker_tuning.cli.workflow` (init, clone, training-job) and
:mod:`~sagemaker_tuning.cli.demo` (the demo).
"""

from __future__ import annotations

from sagemaker_tuning.cli.app import main
from sagemaker_tuning.cli.check import check_request
from sagemaker_tuning.cli.connection import Connection, connect
from sagemaker_tuning.cli.console import (
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_SERVICE,
    EXIT_USAGE,
    CommandError,
    Console,
)
from sagemaker_tuning.cli.demo import demo_request
from sagemaker_tuning.cli.display import ProgressDisplay
from sagemaker_tuning.cli.parser import build_parser
from sagemaker_tuning.cli.workflow import starting_request

__all__ = [
    "EXIT_INTERRUPTED",
    "EXIT_OK",
    "EXIT_SERVICE",
    "EXIT_USAGE",
    "CommandError",
    "Connection",
    "Console",
    "ProgressDisplay",
    "build_parser",
    "check_request",
    "connect",
    "demo_request",
    "main",
    "starting_request",
]
