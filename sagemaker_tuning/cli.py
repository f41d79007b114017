"""The ``sagemaker-tuning`` command: validate, start, watch and inspect tuning jobs from a terminal.

Also ``python -m sagemaker_tuning``. Results go to stdout (tables, or JSON with ``--json``);
progress and notes go to stderr, progress only when stderr is a terminal or ``--progress`` is
given. Expected errors print one line without a traceback. Exit codes:

- 0: success;
- 1: the service or the job said no: a service error (not found, throttled, access denied, ...),
  a connection failure, a failed tuning job, a wait that timed out, no best job yet;
- 2: the command could not be sent as given: bad arguments, an unreadable or invalid request
  file, a request that breaks the model or a service rule, missing credentials, region or profile;
- 130: interrupted (Ctrl-C). Interrupting ``wait`` stops waiting, never the tuning job.

Everything heavier than ``argparse`` is imported when a command runs, so ``--help`` is instant.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
from collections.abc import Callable, Sequence
from typing import IO, TYPE_CHECKING, Any

if TYPE_CHECKING:
    from datetime import datetime

    from sagemaker_tuning.client import TuningClient
    from sagemaker_tuning.progress import TuningJobProgress
    from sagemaker_tuning.shapes import (
        CreateHyperParameterTuningJobRequest,
        DescribeHyperParameterTuningJobResponse,
        HyperParameterTrainingJobSummary,
    )
    from sagemaker_tuning.validation import Violation

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
]

PROG = "sagemaker-tuning"
EXIT_OK = 0
"""Success."""
EXIT_SERVICE = 1
"""The service, the connection or the job failed (or there is nothing to report)."""
EXIT_USAGE = 2
"""Usage, configuration or validation error: nothing was sent, or could be."""
EXIT_INTERRUPTED = 130
"""Interrupted by Ctrl-C (128 + SIGINT), as shells report it."""

_EXIT_CODES = """exit codes:
  0    success
  1    service error, connection failure, failed job, wait timed out
  2    usage, configuration or validation error (nothing was sent)
  130  interrupted (Ctrl-C); interrupting a wait never stops the job"""


class CommandError(Exception):
    """An expected failure: printed as one line (``sagemaker-tuning: error: ...``), then exit ``code``."""

    def __init__(self, message: str, code: int = EXIT_SERVICE) -> None:
        super().__init__(message)
        self.code = code


class _Interrupted(Exception):
    """Ctrl-C arrived; ``message`` says what was and was not affected."""


# --------------------------------------------------------------------------------------------
# Output


class Console:
    """Where a command writes: results to ``out``, notes and progress to ``err``."""

    def __init__(self, args: argparse.Namespace, out: IO[str], err: IO[str]) -> None:
        self.out = out
        self.err = err
        self.json: bool = args.json
        tty = _isatty(err)
        self.progress: bool = args.progress if args.progress is not None else tty
        self.live: bool = self.progress and tty

    def print(self, text: str = "") -> None:
        """A line of human output on stdout (never used in ``--json`` mode)."""
        self.out.write(text + "\n")

    def note(self, text: str) -> None:
        """A line for the person watching, on stderr; silent in ``--json`` mode unless ``--progress``."""
        if not self.json or self.progress:
            self.err.write(text + "\n")
            self.err.flush()

    def warn(self, text: str) -> None:
        """A warning on stderr, always."""
        self.err.write(f"{PROG}: warning: {text}\n")
        self.err.flush()

    def emit_json(self, value: Any) -> None:
        """The command's whole result as JSON on stdout."""
        json.dump(value, self.out, indent=2, default=_json_default, ensure_ascii=False)
        self.out.write("\n")


def _isatty(stream: IO[str]) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def _json_default(value: Any) -> Any:
    import datetime
    import enum

    if isinstance(value, (datetime.datetime, datetime.date)):
        return value.isoformat()
    if isinstance(value, datetime.timedelta):
        return value.total_seconds()
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, (set, frozenset, tuple)):
        return list(value)
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def _fields(rows: Sequence[tuple[str, str]]) -> str:
    """Two aligned columns, label and value; empty values are left out."""
    shown = [(k, v) for k, v in rows if v]
    width = max((len(k) for k, _ in shown), default=0)
    return "\n".join(f"{k.ljust(width)}  {v}" for k, v in shown)


def _when(value: Any) -> str:
    return value.isoformat(sep=" ", timespec="seconds") if value is not None else ""


class ProgressDisplay:
    """Progress of a tuning job on stderr.

    On a terminal, one line redrawn in place; with ``--progress`` elsewhere, a plain line each
    time a counter, the status or the best objective changes (log-friendly); else nothing.
    """

    _BAR = 24

    def __init__(
        self,
        console: Console,
        *,
        progress: Callable[[DescribeHyperParameterTuningJobResponse], TuningJobProgress]
        | None = None,
        pace: float = 0.0,
    ) -> None:
        self.console = console
        self._progress = progress
        self._pace = pace
        self._drawn = False
        self._last_key: tuple[Any, ...] | None = None
        self.polls = 0

    def on_poll(self, response: DescribeHyperParameterTuningJobResponse) -> None:
        """The waiter's ``on_poll`` hook."""
        self.polls += 1
        if self._progress is not None:
            progress = self._progress(response)
        else:
            from sagemaker_tuning.progress import TuningJobProgress

            progress = TuningJobProgress.from_response(response)
        self.show(progress)
        if self._pace and self.console.live:
            import time

            # Virtual-time runs finish in microseconds; a short real pause per poll lets a
            # person watching the demo actually see the display move.
            time.sleep(self._pace)

    def show(self, progress: TuningJobProgress) -> None:
        """Draw one progress state."""
        if not self.console.progress:
            return
        line = self.line(progress)
        err = self.console.err
        if self.console.live:
            err.write("\r\x1b[2K" + line)
            err.flush()
            self._drawn = True
            return
        key = (
            str(progress.status),
            progress.completed,
            progress.in_progress,
            progress.failed,
            progress.stopped,
            progress.best_objective_value,
        )
        if key != self._last_key:
            self._last_key = key
            err.write(line + "\n")
            err.flush()

    def line(self, progress: TuningJobProgress) -> str:
        """``[####------]  7/20 finished  3 running  best auc=0.93  0:12:34  InProgress``."""
        parts: list[str] = []
        if progress.max_training_jobs:
            done = round(self._BAR * (progress.fraction_finished or 0.0))
            parts.append("[" + "#" * done + "-" * (self._BAR - done) + "]")
            parts.append(f"{progress.finished}/{progress.max_training_jobs} finished")
        else:
            parts.append(f"{progress.finished} finished")
        parts.append(f"{progress.in_progress} running")
        if progress.failed:
            parts.append(f"{progress.failed} failed")
        if progress.best_objective_value is not None:
            metric = progress.objective_metric or "objective"
            parts.append(f"best {metric}={progress.best_objective_value:.6g}")
        if progress.elapsed is not None:
            seconds = int(progress.elapsed.total_seconds())
            parts.append(f"{seconds // 3600}:{seconds // 60 % 60:02d}:{seconds % 60:02d}")
        parts.append(str(progress.status))
        return "  ".join(parts)

    def close(self) -> None:
        """End the live line so that what follows starts on a fresh line."""
        if self._drawn:
            self.console.err.write("\n")
            self.console.err.flush()
            self._drawn = False


# --------------------------------------------------------------------------------------------
# Inputs


def _read_json(path: str, stdin: IO[str]) -> tuple[str, Any]:
    """``(label, document)`` from a file name, ``file://name`` (as the AWS CLI takes it) or ``-``."""
    if path.startswith("file://"):
        path = path[len("file://") :]
    if path == "-":
        label, text = "<stdin>", stdin.read()
    else:
        label = path
        try:
            with open(path, encoding="utf-8") as handle:
                text = handle.read()
        except OSError as error:
            raise CommandError(f"cannot read {path}: {error.strerror}", EXIT_USAGE) from None
        except UnicodeDecodeError:
            raise CommandError(f"cannot read {path}: not UTF-8 text", EXIT_USAGE) from None
    try:
        return label, json.loads(text)
    except json.JSONDecodeError as error:
        raise CommandError(
            f"{label}: not valid JSON: {error.msg} (line {error.lineno}, column {error.colno})",
            EXIT_USAGE,
        ) from None


def check_request(
    data: Any,
) -> tuple[CreateHyperParameterTuningJobRequest | None, list[Violation]]:
    """Parse a CreateHyperParameterTuningJob request strictly and apply the service rules.

    Returns the request (``None`` if it breaks the model) and every violation found: the model's
    (all of them, unknown members included), then the service rules' (errors and warnings).
    When the document breaks the model, the rules still run on its lenient reading, so one run
    reports everything (the rules accept malformed values by contract).
    """
    import logging

    from sagemaker_tuning import rules, serde
    from sagemaker_tuning.shapes import CreateHyperParameterTuningJobRequest
    from sagemaker_tuning.validation import ValidationError

    cls = CreateHyperParameterTuningJobRequest
    try:
        request = serde.from_api(cls, data, strict=True)
    except ValidationError as error:
        found = list(error.violations)
        if not isinstance(data, dict):
            return None, found
        # The lenient reader logs missing required members, as it should for responses; here
        # they are already reported as violations.
        log = logging.getLogger(serde.__name__)
        disabled, log.disabled = log.disabled, True
        try:
            lenient = serde.from_api(cls, data)
        finally:
            log.disabled = disabled
        seen = {(v.path, v.rule) for v in found}
        found += [v for v in rules.check(lenient) if (v.path, v.rule) not in seen]
        return None, found
    return request, rules.check(request)


def _violation_line(v: Violation) -> str:
    return f"{v.severity}: {v.path or '<request>'}: {v.message} [{v.rule}]"


def _violation_dict(v: Violation) -> dict[str, str]:
    return {"path": v.path, "message": v.message, "rule": v.rule, "severity": v.severity}


def _counts(found: Sequence[Violation]) -> tuple[int, int]:
    errors = sum(1 for v in found if v.severity == "error")
    return errors, len(found) - errors


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


# --------------------------------------------------------------------------------------------
# Clients


class Connection:
    """A client, and the clock of the service it talks to (for elapsed times)."""

    def __init__(self, client: TuningClient, now: Callable[[], datetime] | None = None) -> None:
        self.client = client
        self._now = now

    def now(self) -> datetime | None:
        """The service's current time when it keeps its own (the local service), else ``None``."""
        return self._now() if self._now is not None else None

    def progress(self, response: DescribeHyperParameterTuningJobResponse) -> TuningJobProgress:
        """The progress summary of a response, timed by the service's clock."""
        from sagemaker_tuning.progress import TuningJobProgress

        return TuningJobProgress.from_response(response, now=self.now())


def connect(
    args: argparse.Namespace, *, local_by_default: bool = False, seed: int = 0
) -> Connection:
    """The client the global options ask for: AWS, ``--endpoint-url``, or the local service.

    A ``NAME`` argument is validated first, so a malformed one fails before any set-up.
    """
    name = getattr(args, "name", None)
    if name is not None:
        from sagemaker_tuning.shapes import DescribeHyperParameterTuningJobRequest

        DescribeHyperParameterTuningJobRequest(hyper_parameter_tuning_job_name=name)
    if args.local and args.endpoint_url:
        raise CommandError("--local and --endpoint-url exclude each other", EXIT_USAGE)
    if args.local or (local_by_default and not args.endpoint_url):
        from sagemaker_tuning.testing import LocalSageMaker

        service = LocalSageMaker(seed=seed, region=args.region or "us-east-1")
        return Connection(service.client(), service.now)
    from sagemaker_tuning.client import TuningClient

    config = None
    if local_by_default:
        # The demo never needs an AWS account: against an endpoint of your own (such as
        # `python -m sagemaker_tuning.testing.server`) it sends unsigned requests.
        from botocore import UNSIGNED
        from botocore.config import Config

        config = Config(signature_version=UNSIGNED)
    try:
        client = TuningClient.create(
            region_name=args.region or ("us-east-1" if local_by_default else None),
            profile_name=args.profile,
            endpoint_url=args.endpoint_url,
            config=config,
        )
    except ValueError as error:  # botocore: "Invalid endpoint: ..."
        raise CommandError(str(error), EXIT_USAGE) from None
    return Connection(client)


def _wait_options(args: argparse.Namespace) -> dict[str, float]:
    options: dict[str, float] = {}
    if getattr(args, "timeout", None) is not None:
        options["max_wait"] = args.timeout
    if getattr(args, "min_delay", None) is not None:
        options["min_delay"] = args.min_delay
    if getattr(args, "max_delay", None) is not None:
        options["max_delay"] = args.max_delay
    return options


def _wait(
    conn: Connection,
    name: str,
    args: argparse.Namespace,
    console: Console,
    *,
    stopped: bool = False,
    pace: float = 0.0,
    defaults: dict[str, float] | None = None,
) -> DescribeHyperParameterTuningJobResponse:
    """Wait for the job with a progress display; Ctrl-C stops the waiting, not the job."""
    display = ProgressDisplay(console, progress=conn.progress, pace=pace)
    client = conn.client
    wait = (
        client.wait_for_hyper_parameter_tuning_job_stopped
        if stopped
        else client.wait_for_hyper_parameter_tuning_job
    )
    try:
        return wait(name, on_poll=display.on_poll, **{**(defaults or {}), **_wait_options(args)})
    except KeyboardInterrupt:
        display.close()
        raise _Interrupted(
            f"interrupted: stopped waiting; tuning job {name} keeps running "
            f"(stop it with: {PROG} stop {name})"
        ) from None
    finally:
        display.close()


# --------------------------------------------------------------------------------------------
# Commands


def cmd_validate(args: argparse.Namespace, console: Console) -> int:
    """``validate FILE``: report every violation of a request file, offline."""
    label, data = _read_json(args.file, sys.stdin)
    _request, found = check_request(data)
    errors, warnings = _counts(found)
    if console.json:
        console.emit_json(
            {
                "file": label,
                "valid": errors == 0,
                "errors": errors,
                "warnings": warnings,
                "violations": [_violation_dict(v) for v in found],
            }
        )
    else:
        for v in found:
            console.print(_violation_line(v))
        if errors:
            summary = f"{label}: invalid: {_plural(errors, 'error')}"
            if warnings:
                summary += f", {_plural(warnings, 'warning')}"
        else:
            summary = f"{label}: valid" + (f", {_plural(warnings, 'warning')}" if warnings else "")
        console.print(summary)
    return EXIT_USAGE if errors else EXIT_OK


def cmd_create(args: argparse.Namespace, console: Console) -> int:
    """``create FILE``: validate, then start the tuning job; ``--wait`` follows it to the end."""
    label, data = _read_json(args.file, sys.stdin)
    if args.name is not None and isinstance(data, dict):
        data = {**data, "HyperParameterTuningJobName": args.name}
    request, found = check_request(data)
    errors, _warnings = _counts(found)
    for v in found:
        if v.severity == "error":
            console.err.write(_violation_line(v) + "\n")
        else:
            console.warn(f"{v.path}: {v.message} [{v.rule}]")
    if request is None or errors:
        raise CommandError(
            f"{label}: invalid: {_plural(errors, 'error')}; nothing was sent", EXIT_USAGE
        )
    conn = connect(args)
    response = conn.client.create_hyper_parameter_tuning_job(request)
    if not args.wait:
        if console.json:
            from sagemaker_tuning import serde

            console.emit_json(serde.to_api(response))
        else:
            console.print(response.hyper_parameter_tuning_job_arn)
        return EXIT_OK
    console.note(f"created {response.hyper_parameter_tuning_job_arn}")
    final = _wait(conn, request.hyper_parameter_tuning_job_name, args, console)
    _report_final(final, console, conn)
    return EXIT_OK


def _report_final(
    response: DescribeHyperParameterTuningJobResponse, console: Console, conn: Connection
) -> None:
    """A waited-for job's final state: the whole response with ``--json``, else one line."""
    if console.json:
        from sagemaker_tuning import serde

        console.emit_json(serde.to_api(response))
    else:
        console.print(str(conn.progress(response)))


def _hms(seconds: float) -> str:
    s = max(0, int(seconds))
    return f"{s // 3600}:{s // 60 % 60:02d}:{s % 60:02d}"


def cmd_describe(args: argparse.Namespace, console: Console) -> int:
    """``describe NAME``: the tuning job's state, configuration and best job."""
    conn = connect(args)
    response = conn.client.describe_hyper_parameter_tuning_job(args.name)
    if console.json:
        from sagemaker_tuning import serde

        console.emit_json(serde.to_api(response))
        return EXIT_OK
    p = conn.progress(response)
    config = response.hyper_parameter_tuning_job_config
    limit = "?" if p.max_training_jobs is None else str(p.max_training_jobs)
    parallel = p.max_parallel_training_jobs
    rows = [
        ("Tuning job", p.name),
        ("ARN", response.hyper_parameter_tuning_job_arn),
        ("Status", str(p.status)),
        ("Failure reason", " ".join((p.failure_reason or "").split())),
        ("Strategy", str(config.strategy) if config is not None else ""),
        ("Objective", f"{p.objective_type} {p.objective_metric}" if p.objective_metric else ""),
        ("Created", _when(p.created)),
        ("Ended", _when(p.ended)),
        ("Elapsed", _hms(p.elapsed.total_seconds()) if p.elapsed is not None else ""),
        (
            "Training jobs",
            f"{p.finished}/{limit} finished: {p.completed} completed, {p.failed} failed, "
            f"{p.stopped} stopped; {p.in_progress} running"
            + (f" (max {parallel} parallel)" if parallel else ""),
        ),
        (
            "Objective status",
            f"{p.objective_succeeded} succeeded, {p.objective_pending} pending, "
            f"{p.objective_failed} failed",
        ),
        (
            "Consumed runtime",
            _hms(p.consumed_runtime.total_seconds()) if p.consumed_runtime is not None else "",
        ),
        ("Best training job", p.best_summary() or "none yet"),
    ]
    console.print(_fields(rows))
    return EXIT_OK


def _objective_order(response: DescribeHyperParameterTuningJobResponse) -> str:
    """The sort order that lists the best objective values first."""
    from sagemaker_tuning.progress import TuningJobProgress

    kind = TuningJobProgress.from_response(response).objective_type
    return "Ascending" if kind == "Minimize" else "Descending"


def cmd_training_jobs(args: argparse.Namespace, console: Console) -> int:
    """``training-jobs NAME``: the training jobs as a table, CSV or JSON."""
    from sagemaker_tuning.table import collect_training_jobs

    if args.csv and console.json:
        raise CommandError("--csv and --json exclude each other", EXIT_USAGE)
    conn = connect(args)
    order = args.order
    if order is None and args.sort_by == "FinalObjectiveMetricValue":
        # "Sort by objective" means best first; that direction depends on the objective.
        order = _objective_order(conn.client.describe_hyper_parameter_tuning_job(args.name))
    table = collect_training_jobs(
        conn.client,
        args.name,
        sort_by=args.sort_by,
        sort_order=order,
        status=args.status,
        max_items=args.max_items,
        describe=args.describe,
    )
    if console.json:
        console.emit_json(table.records(typed=False))
    elif args.csv:
        table.to_csv(console.out)
    elif len(table) == 0:
        console.note(f"tuning job {args.name} has no training jobs matching the filters")
    else:
        console.print(table.to_text())
    return EXIT_OK


def _best_job(
    name: str, response: DescribeHyperParameterTuningJobResponse
) -> HyperParameterTrainingJobSummary:
    best = response.best_training_job
    if best is None:
        raise CommandError(
            f"tuning job {name} has no best training job yet "
            "(no training job has reported the objective metric)",
            EXIT_SERVICE,
        )
    return best


def _best_lines(best: HyperParameterTrainingJobSummary) -> list[str]:
    metric = best.final_hyper_parameter_tuning_job_objective_metric
    objective = ""
    if metric is not None:
        objective = f"{metric.metric_name} = {metric.value:.6g}"
        if metric.type is not None:
            objective += f" ({metric.type})"
    rows = [
        ("Best training job", best.training_job_name),
        ("Status", str(best.training_job_status)),
        ("Objective", objective),
    ]
    params = best.tuned_hyper_parameters or {}
    width = max((len(k) for k in params), default=0)
    lines = [_fields(rows), "Hyperparameters"]
    lines += [f"  {k.ljust(width)}  {v}" for k, v in sorted(params.items())]
    return lines


def cmd_best(args: argparse.Namespace, console: Console) -> int:
    """``best NAME``: the best training job so far and its hyperparameters."""
    conn = connect(args)
    best = _best_job(args.name, conn.client.describe_hyper_parameter_tuning_job(args.name))
    if console.json:
        from sagemaker_tuning import serde

        console.emit_json(serde.to_api(best))
    else:
        console.print("\n".join(_best_lines(best)))
    return EXIT_OK


def cmd_wait(args: argparse.Namespace, console: Console) -> int:
    """``wait NAME``: wait until the job completes or stops; exit 1 if it fails or time runs out."""
    conn = connect(args)
    final = _wait(conn, args.name, args, console)
    _report_final(final, console, conn)
    return EXIT_OK


def cmd_stop(args: argparse.Namespace, console: Console) -> int:
    """``stop NAME``: ask SageMaker to stop the job; ``--wait`` until it is ``Stopped``."""
    conn = connect(args)
    conn.client.stop_hyper_parameter_tuning_job(args.name)
    if not args.wait:
        if console.json:
            console.emit_json({"HyperParameterTuningJobName": args.name, "Stopping": True})
        else:
            console.print(f"stopping tuning job {args.name}")
        return EXIT_OK
    console.note(f"stopping tuning job {args.name}")
    final = _wait(conn, args.name, args, console, stopped=True)
    _report_final(final, console, conn)
    return EXIT_OK


# The demo

DEMO_NAME = "demo-xgboost"


def demo_request(
    name: str, *, max_jobs: int, parallel: int
) -> CreateHyperParameterTuningJobRequest:
    """The demo's tuning job: an XGBoost-style search over four hyperparameters, built typed."""
    from sagemaker_tuning import ranges
    from sagemaker_tuning.shapes import (
        CreateHyperParameterTuningJobRequest,
        HyperParameterAlgorithmSpecification,
        HyperParameterTrainingJobDefinition,
        HyperParameterTuningJobConfig,
        HyperParameterTuningJobObjective,
        OutputDataConfig,
        ResourceConfig,
        ResourceLimits,
        StoppingCondition,
    )

    account = "123456789012"
    return CreateHyperParameterTuningJobRequest(
        hyper_parameter_tuning_job_name=name,
        hyper_parameter_tuning_job_config=HyperParameterTuningJobConfig(
            strategy="Bayesian",
            hyper_parameter_tuning_job_objective=HyperParameterTuningJobObjective(
                type="Maximize", metric_name="validation:auc"
            ),
            resource_limits=ResourceLimits(
                max_number_of_training_jobs=max_jobs, max_parallel_training_jobs=parallel
            ),
            parameter_ranges=ranges.parameter_ranges(
                ranges.continuous("eta", 0.01, 0.5, scaling="Logarithmic"),
                ranges.continuous("subsample", 0.5, 1.0),
                ranges.integer("max_depth", 2, 10),
                ranges.categorical("booster", ["gbtree", "dart"]),
            ),
            training_job_early_stopping_type="Off",
        ),
        training_job_definition=HyperParameterTrainingJobDefinition(
            algorithm_specification=HyperParameterAlgorithmSpecification(
                training_image=f"{account}.dkr.ecr.us-east-1.amazonaws.com/xgboost:1.7-1",
                training_input_mode="File",
            ),
            role_arn=f"arn:aws:iam::{account}:role/SageMakerTuningDemo",
            static_hyper_parameters={"objective": "binary:logistic", "num_round": "100"},
            output_data_config=OutputDataConfig(s3_output_path="s3://demo-bucket/tuning/"),
            resource_config=ResourceConfig(
                instance_type="ml.m5.xlarge", instance_count=1, volume_size_in_gb=10
            ),
            stopping_condition=StoppingCondition(max_runtime_in_seconds=3600),
        ),
    )


def cmd_demo(args: argparse.Namespace, console: Console) -> int:
    """``demo``: the whole flow on the embedded local service, in seconds, with no AWS account."""
    from sagemaker_tuning import rules, serde
    from sagemaker_tuning.table import collect_training_jobs
    from sagemaker_tuning.validation import violations

    remote = args.endpoint_url is not None and not args.local
    name = args.name
    if name is None:
        # A server outlives one demo; a fresh name keeps a second run from ResourceInUse.
        name = f"{DEMO_NAME}-{os.urandom(3).hex()}" if remote else DEMO_NAME
    args.name = name
    if remote:
        console.note(f"demo: on {args.endpoint_url}")
    else:
        console.note(
            "demo: on the embedded local SageMaker (no AWS account, no cost, virtual time)"
        )

    request = demo_request(name, max_jobs=args.max_jobs, parallel=args.parallel)
    config = request.hyper_parameter_tuning_job_config
    searched = (
        ", ".join(
            r.name
            for kind in (
                config.parameter_ranges.continuous_parameter_ranges,
                config.parameter_ranges.integer_parameter_ranges,
                config.parameter_ranges.categorical_parameter_ranges,
            )
            if kind
            for r in kind
        )
        if config.parameter_ranges is not None
        else ""
    )
    console.note(
        f"1/5 built a typed CreateHyperParameterTuningJobRequest: {config.strategy} search over "
        f"{searched}; {args.max_jobs} training jobs, {args.parallel} at a time"
    )
    found = violations(request) + rules.check(request)
    errors, warnings = _counts(found)
    if errors:  # the demo's own request: an error here is a bug in this package
        raise CommandError(f"the demo request is invalid: {found}", EXIT_USAGE)
    console.note(
        f"2/5 validated it offline against the model and {len(rules.RULES)} service rules: "
        f"0 errors, {_plural(warnings, 'warning')}"
    )
    conn = connect(args, local_by_default=True, seed=args.seed)
    created = conn.client.create_hyper_parameter_tuning_job(request)
    console.note(f"3/5 created {created.hyper_parameter_tuning_job_arn}")
    console.note("4/5 waiting for it to finish")
    # Polls a few times a minute of the job's time: on virtual time that costs nothing and
    # gives the display something to show; over HTTP the server's --speed sets the pace.
    defaults = (
        {"min_delay": 0.2, "max_delay": 1.0} if remote else {"min_delay": 10.0, "max_delay": 30.0}
    )
    final = _wait(conn, name, args, console, pace=args.pace, defaults=defaults)
    table = collect_training_jobs(
        conn.client,
        name,
        sort_by="FinalObjectiveMetricValue",
        sort_order=_objective_order(final),
        max_items=args.top,
        parameter_ranges=config.parameter_ranges,
    )
    best = _best_job(name, final)
    console.note(f"5/5 listed the top {len(table)} training jobs by objective")
    if console.json:
        console.emit_json(
            {
                "tuning_job": serde.to_api(final),
                "top_training_jobs": table.records(typed=False),
                "best_training_job": serde.to_api(best),
            }
        )
        return EXIT_OK
    _report_final(final, console, conn)
    console.print()
    metric = config.hyper_parameter_tuning_job_objective
    label = metric.metric_name if metric is not None else "objective"
    console.print(f"Top {len(table)} training jobs by {label}")
    console.print(table.to_text(objective_label=label))
    console.print()
    console.print("\n".join(_best_lines(best)))
    return EXIT_OK


# --------------------------------------------------------------------------------------------
# Parser


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
        "--no-progress",
        dest="progress",
        action="store_false",
        default=default(None),
        help="never show progress",
    )


def _add_wait_options(parser: argparse.ArgumentParser) -> None:
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

    common = argparse.ArgumentParser(add_help=False)
    _add_globals(common, suppress=True)
    parser = argparse.ArgumentParser(
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

    p = command("validate", cmd_validate, "check a request file offline; exit 2 if invalid")
    p.add_argument("file", metavar="FILE", help="CreateHyperParameterTuningJob JSON, or -")

    p = command("create", cmd_create, "validate a request file and start the tuning job")
    p.add_argument("file", metavar="FILE", help="CreateHyperParameterTuningJob JSON, or -")
    p.add_argument("--name", help="use this tuning job name instead of the file's")
    p.add_argument("--wait", action="store_true", help="wait until the job finishes")
    _add_wait_options(p)

    p = command("describe", cmd_describe, "show a tuning job's state")
    p.add_argument("name", metavar="NAME", help="the tuning job's name")

    p = command("training-jobs", cmd_training_jobs, "list a tuning job's training jobs")
    p.add_argument("name", metavar="NAME", help="the tuning job's name")
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

    p = command("best", cmd_best, "show the best training job and its hyperparameters")
    p.add_argument("name", metavar="NAME", help="the tuning job's name")

    p = command("wait", cmd_wait, "wait until a tuning job completes or stops")
    p.add_argument("name", metavar="NAME", help="the tuning job's name")
    _add_wait_options(p)

    p = command("stop", cmd_stop, "stop a tuning job")
    p.add_argument("name", metavar="NAME", help="the tuning job's name")
    p.add_argument("--wait", action="store_true", help="wait until it is Stopped")
    _add_wait_options(p)

    p = command(
        "demo",
        cmd_demo,
        "run a whole tuning job on the embedded local service: validate, create, wait, report",
    )
    p.add_argument(
        "--name", help=f"tuning job name (default {DEMO_NAME}, with a random suffix on a server)"
    )
    p.add_argument("--seed", type=int, default=0, help="seed of the embedded service (default 0)")
    p.add_argument("--max-jobs", type=_positive_int, default=20, metavar="N", help="default 20")
    p.add_argument("--parallel", type=_positive_int, default=4, metavar="N", help="default 4")
    p.add_argument("--top", type=_positive_int, default=5, metavar="N", help="rows in the table")
    p.add_argument("--pace", type=float, default=0.05, help=argparse.SUPPRESS)
    _add_wait_options(p)
    return parser


# --------------------------------------------------------------------------------------------
# Errors and entry point


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


if __name__ == "__main__":  # pragma: no cover - `python -m sagemaker_tuning.cli`
    raise SystemExit(main())
