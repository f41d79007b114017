"""The argument parser: global options, argument types and every command's arguments."""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, NoReturn

from sagemaker_tuning.cli.console import _EXIT_CODES, PROG, Console
from sagemaker_tuning.cli.demo import DEMO_NAME, cmd_demo
from sagemaker_tuning.cli.export import add_arguments as add_export_arguments
from sagemaker_tuning.cli.export import cmd_export
from sagemaker_tuning.cli.jobs import (
    cmd_best,
    cmd_create,
    cmd_delete,
    cmd_describe,
    cmd_list,
    cmd_stop,
    cmd_training_jobs,
    cmd_validate,
    cmd_wait,
)
from sagemaker_tuning.cli.metrics import cmd_metrics
from sagemaker_tuning.cli.report import cmd_report
from sagemaker_tuning.cli.run import add_arguments as add_run_arguments
from sagemaker_tuning.cli.run import cmd_run
from sagemaker_tuning.cli.serve import cmd_serve, rate_limit
from sagemaker_tuning.cli.workflow import (
    INIT_EPILOG,
    INIT_NAME,
    STRATEGIES,
    WARM_START_KINDS,
    cmd_clone,
    cmd_init,
    cmd_training_job,
)

if TYPE_CHECKING:
    from datetime import datetime


def _choice(values: Sequence[str], aliases: dict[str, str] | None = None) -> Callable[[str], str]:
    """An argparse type accepting API values case-insensitively (and a few aliases)."""
    table = {v.lower(): v for v in values}
    table.update({k.lower(): v for k, v in (aliases or {}).items()})

    def convert(text: str) -> str:
        try:
            return table[text.lower()]
        except KeyError:
            raise argparse.ArgumentTypeError(
                f"invalid choice: {text!r} (choose from {', '.join(values)})"
            ) from None

    convert.__name__ = "value"
    return convert


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a number >= 1, got {value}")
    return value


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected seconds, got {text!r}") from None
    if not value > 0 or value == float("inf"):
        raise argparse.ArgumentTypeError(f"expected a positive number of seconds, got {text!r}")
    return value


def _pause(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected seconds, got {text!r}") from None
    if not 0 <= value < float("inf"):  # NaN fails too
        raise argparse.ArgumentTypeError(f"expected a number of seconds >= 0, got {text!r}")
    return value


def _port(text: str) -> int:
    if not (text.isascii() and text.isdigit()) or int(text) > 65535:
        raise argparse.ArgumentTypeError(f"expected a port number from 0 to 65535, got {text!r}")
    return int(text)


def _timestamp(text: str) -> datetime:
    """An ISO 8601 date or date and time; UTC unless it gives an offset."""
    from datetime import datetime, timezone

    stripped = text.strip()
    if stripped[-1:] in ("Z", "z"):  # Python 3.10's fromisoformat does not read the "Z" suffix
        stripped = stripped[:-1] + "+00:00"
    try:
        value = datetime.fromisoformat(stripped)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"expected an ISO 8601 date or time such as 2026-12-01 or 2026-12-01T08:30:00Z, "
            f"got {text!r}"
        ) from None
    return value.replace(tzinfo=timezone.utc) if value.tzinfo is None else value


class UsageError(Exception):
    """A command line argparse refused: ``usage`` text and the one-line ``message``."""

    def __init__(self, usage: str, message: str) -> None:
        super().__init__(message)
        self.usage = usage
        self.message = message


class _Parser(argparse.ArgumentParser):
    """An ``ArgumentParser`` that raises :class:`UsageError` instead of printing and exiting,
    so that the entry point can answer ``--json`` callers in JSON."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(self.format_usage(), message)


def _add_globals(parser: argparse.ArgumentParser, *, suppress: bool) -> None:
    """The global options; on subcommands they default to SUPPRESS so either position works."""

    def default(value: Any) -> Any:
        return argparse.SUPPRESS if suppress else value

    group = parser.add_argument_group("global options")
    group.add_argument("--region", default=default(None), help="AWS region (default: configured)")
    group.add_argument("--profile", default=default(None), help="AWS profile to use")
    group.add_argument(
        "--endpoint-url", default=default(None), metavar="URL", help="send requests to this URL"
    )
    group.add_argument(
        "--local",
        action="store_true",
        default=default(False),
        help="use an in-process local service (its jobs last as long as the command)",
    )
    group.add_argument(
        "--json",
        action="store_true",
        default=default(False),
        help="machine-readable JSON on stdout, nothing else there",
    )
    group.add_argument(
        "--progress",
        dest="progress",
        action="store_true",
        default=default(None),
        help="show progress on stderr even when it is not a terminal",
    )
    group.add_argument(
        "--debug",
        action="store_true",
        default=default(False),
        help="log what the SDK and botocore do to stderr (credentials redacted)",
    )
    group.add_argument(
        "--no-progress",
        dest="progress",
        action="store_false",
        default=default(None),
        help="never show progress",
    )


def _add_wait_options(parser: argparse.ArgumentParser, *, wait: str | None = None) -> None:
    """How long and how often to poll; with ``wait`` (its help), ``--wait`` itself first, for the
    commands that wait only when asked."""
    if wait is not None:
        parser.add_argument("--wait", action="store_true", help=wait)
    parser.add_argument(
        "--timeout", type=_seconds, metavar="S", help="give up waiting after S seconds"
    )
    parser.add_argument(
        "--min-delay", type=_seconds, metavar="S", help="shortest pause between polls"
    )
    parser.add_argument(
        "--max-delay", type=_seconds, metavar="S", help="longest pause between polls"
    )


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``sagemaker-tuning`` command."""
    from sagemaker_tuning import __version__

    # Enum values are spelled out here rather than imported: the parser must stay cheap.
    sort_by = ("Name", "CreationTime", "Status", "FinalObjectiveMetricValue")
    orders = ("Ascending", "Descending")
    statuses = ("InProgress", "Completed", "Failed", "Stopping", "Stopped", "Deleting")

    common = _Parser(add_help=False)
    _add_globals(common, suppress=True)
    parser = _Parser(
        prog=PROG,
        description="Validate, start, watch and inspect SageMaker hyperparameter-tuning jobs.",
        epilog=_EXIT_CODES + "\n\nStart with: sagemaker-tuning demo",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _add_globals(parser, suppress=False)
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    def command(
        name: str, handler: Callable[[argparse.Namespace, Console], int], help: str
    ) -> argparse.ArgumentParser:
        p = sub.add_parser(name, parents=[common], help=help, description=help)
        p.set_defaults(handler=handler)
        return p

    def job_command(
        name: str, handler: Callable[[argparse.Namespace, Console], int], help: str
    ) -> argparse.ArgumentParser:
        """A command about one tuning job, named by its first argument."""
        p = command(name, handler, help)
        p.add_argument("name", metavar="NAME", help="the tuning job's name")
        return p

    p = command("validate", cmd_validate, "check a request file offline; exit 2 if invalid")
    p.add_argument("file", metavar="FILE", help="CreateHyperParameterTuningJob JSON, or -")

    p = command("create", cmd_create, "validate a request file and start the tuning job")
    p.add_argument("file", metavar="FILE", help="CreateHyperParameterTuningJob JSON, or -")
    p.add_argument("--name", help="use this tuning job name instead of the file's")
    _add_wait_options(p, wait="wait until the job finishes")

    p = job_command("describe", cmd_describe, "show a tuning job's state")
    p.add_argument(
        "--view",
        choices=("hyper-parameter-tuning-job", "tuning-job"),
        default="hyper-parameter-tuning-job",
        help="what --json prints: the DescribeHyperParameterTuningJob answer (default) or "
        "the preview describe_tuning_job view",
    )
    p.add_argument(
        "--exact",
        action="store_true",
        help="count ended training jobs' compute hours by their billable time "
        "(one DescribeTrainingJob each)",
    )

    p = job_command("training-jobs", cmd_training_jobs, "list a tuning job's training jobs")
    p.add_argument(
        "--sort-by",
        metavar="FIELD",
        type=_choice(sort_by, {"objective": "FinalObjectiveMetricValue"}),
        help=f"{', '.join(sort_by)} (or objective: best first)",
    )
    p.add_argument(
        "--order",
        type=_choice(orders, {"asc": "Ascending", "desc": "Descending"}),
        help="Ascending or Descending",
    )
    p.add_argument("--status", type=_choice(statuses), help=f"only {', '.join(statuses)}")
    p.add_argument("--max-items", type=_positive_int, metavar="N", help="at most N rows")
    p.add_argument("--csv", action="store_true", help="CSV on stdout")
    p.add_argument(
        "--describe",
        action="store_true",
        help="describe each training job for every final metric (one call per row)",
    )

    p = job_command("best", cmd_best, "show the best training job and its hyperparameters")

    p = job_command("wait", cmd_wait, "wait until a tuning job completes or stops")
    _add_wait_options(p)

    p = job_command("stop", cmd_stop, "stop a tuning job")
    _add_wait_options(p, wait="wait until it is Stopped")

    tuning_statuses = (*statuses, "DeleteFailed")
    tuning_sorts = ("Name", "Status", "CreationTime")
    p = command("list", cmd_list, "list the account's tuning jobs (newest first)")
    p.add_argument(
        "--status", type=_choice(tuning_statuses), help=f"only {', '.join(tuning_statuses)}"
    )
    p.add_argument("--name-contains", metavar="TEXT", help="only names containing TEXT")
    p.add_argument(
        "--sort-by",
        metavar="FIELD",
        type=_choice(tuning_sorts),
        help=f"{', '.join(tuning_sorts)} (default CreationTime, newest first)",
    )
    p.add_argument(
        "--order",
        type=_choice(orders, {"asc": "Ascending", "desc": "Descending"}),
        help="Ascending or Descending",
    )
    p.add_argument(
        "--created-after",
        type=_timestamp,
        metavar="TIME",
        help="only jobs created after TIME (ISO 8601, e.g. 2026-12-01 or 2026-12-01T08:00Z; UTC "
        "unless it gives an offset)",
    )
    p.add_argument(
        "--created-before", type=_timestamp, metavar="TIME", help="only jobs created before TIME"
    )
    p.add_argument("--max-items", type=_positive_int, metavar="N", help="at most N rows")

    p = job_command(
        "delete",
        cmd_delete,
        "delete a tuning job that has ended (Completed, Failed or Stopped); its training jobs stay",
    )
    p.add_argument("--wait", action="store_true", help="wait until the job is gone")
    p.add_argument("--timeout", type=_seconds, metavar="S", help="give up waiting after S seconds")

    p = command(
        "serve",
        cmd_serve,
        "run the local tuning service over HTTP until Ctrl-C; prints its endpoint URL",
    )
    p.add_argument(
        "--host",
        default="127.0.0.1",
        help="interface to listen on (default 127.0.0.1: this machine only; the service has "
        "no authentication)",
    )
    p.add_argument("--port", type=_port, default=0, help="port (default 0: a free one)")
    p.add_argument(
        "--speed",
        type=_seconds,
        default=1.0,
        metavar="X",
        help="how much faster than real time jobs run (default 1)",
    )
    p.add_argument("--seed", type=int, default=0, help="seed of the emulation (default 0)")
    p.add_argument(
        "--rate-limit",
        type=rate_limit,
        action="append",
        default=[],
        metavar="OPERATION=RATE",
        help="throttle OPERATION (e.g. DescribeHyperParameterTuningJob) beyond RATE requests "
        "per second of the service's clock: ThrottlingException (repeatable)",
    )

    p = job_command("report", cmd_report, "write a tuning job's self-contained HTML report")
    p.add_argument(
        "-o", "--output", metavar="FILE", help="the HTML file to write (default: NAME.html)"
    )
    p.add_argument(
        "--top", type=_positive_int, default=10, metavar="N", help="jobs in the table (default 10)"
    )

    p = job_command(
        "export",
        cmd_export,
        "write a tuning job into an optuna study or MLflow runs (again: update, never duplicate)",
    )
    add_export_arguments(p)

    # -- from a tuning job back to work (cli/workflow.py) --
    p = command("init", cmd_init, "print a complete, valid starting request as JSON")
    p.epilog = INIT_EPILOG
    p.formatter_class = argparse.RawDescriptionHelpFormatter
    p.add_argument(
        "--strategy",
        type=_choice(STRATEGIES),
        default="Bayesian",
        help=f"{', '.join(STRATEGIES)} (default Bayesian)",
    )
    p.add_argument("--name", default=INIT_NAME, help=f"the job's name (default {INIT_NAME})")
    p.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help="write the request to FILE, replacing it at once (default: stdout)",
    )

    p = command(
        "clone",
        cmd_clone,
        "start a tuning job like NAME, without what the service added to NAME's description",
    )
    p.add_argument("name", metavar="NAME", help="the tuning job to copy")
    p.add_argument("new_name", metavar="NEW-NAME", help="the new tuning job's name")
    p.add_argument(
        "--warm-start",
        metavar="KIND",
        type=_choice(
            WARM_START_KINDS,
            {"transfer": "TransferLearning", "identical": "IdenticalDataAndAlgorithm"},
        ),
        help="warm start from NAME: TransferLearning or IdenticalDataAndAlgorithm",
    )
    p.add_argument(
        "--parent",
        action="append",
        metavar="PARENT",
        help="another warm-start parent besides NAME (repeat for more; at most 5 in all)",
    )
    p.add_argument("--max-jobs", type=_positive_int, metavar="N", help="MaxNumberOfTrainingJobs")
    p.add_argument(
        "--max-parallel", type=_positive_int, metavar="N", help="MaxParallelTrainingJobs"
    )
    p.add_argument(
        "--file-only",
        action="store_true",
        help="print the new request as JSON instead of creating it (exit 2 if it has errors)",
    )
    _add_wait_options(p, wait="wait until the new job finishes")

    p = command(
        "training-job",
        cmd_training_job,
        "show one training job: status, times, billable seconds, metrics, model artifacts",
    )
    p.add_argument("training_job_name", metavar="NAME", help="the training job's name")

    # -- running training locally (cli/metrics.py, cli/run.py) --
    p = command(
        "metrics",
        cmd_metrics,
        "show which MetricDefinition matches which line of a training log, and the value; "
        "exit 1 if the objective never does",
    )
    p.add_argument("request", metavar="REQUEST", help="CreateHyperParameterTuningJob JSON, or -")
    p.add_argument("log", metavar="LOGFILE", help="a training job's log (stdout and stderr)")

    p = command(
        "run",
        cmd_run,
        "train a tuning job for real on this machine: each TrainingImage runs a local command",
    )
    add_run_arguments(p)

    p = command(
        "demo",
        cmd_demo,
        "run a whole tuning job locally: validate, create, train (for real, or --simulated), "
        "report",
    )
    p.add_argument(
        "--simulated",
        action="store_true",
        help="the instant simulated XGBoost-style job on virtual time (no training, no extra)",
    )
    p.add_argument("--root", metavar="DIR", help="where the real demo's jobs, logs and models go")
    p.add_argument(
        "--name", help=f"tuning job name (default {DEMO_NAME}, with a random suffix on a server)"
    )
    p.add_argument("--seed", type=int, default=0, help="seed of the embedded service (default 0)")
    p.add_argument("--max-jobs", type=_positive_int, default=20, metavar="N", help="default 20")
    p.add_argument(
        "--parallel", type=_positive_int, metavar="N", help="default 2 (4 with --simulated)"
    )
    p.add_argument("--top", type=_positive_int, default=5, metavar="N", help="rows in the table")
    p.add_argument("--report", metavar="FILE", help="also write the job's HTML report to FILE")
    p.add_argument("--pace", type=_pause, default=0.05, help=argparse.SUPPRESS)
    _add_wait_options(p)
    return parser
