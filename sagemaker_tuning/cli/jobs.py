"""The commands on tuning jobs: validate, create, describe, training-jobs, best, wait, stop, list,
delete."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from sagemaker_tuning.cli.check import (
    _counts,
    _read_json,
    _report_violations,
    _violation_dict,
    _violation_line,
    check_request,
)
from sagemaker_tuning.cli.connection import Connection, _wait, connect
from sagemaker_tuning.cli.console import (
    EXIT_OK,
    EXIT_SERVICE,
    EXIT_USAGE,
    CommandError,
    Console,
    _columns,
    _fields,
    _plural,
    _when,
)

if TYPE_CHECKING:
    from sagemaker_tuning.core.shapes import (
        CreateHyperParameterTuningJobRequest,
        DescribeHyperParameterTuningJobResponse,
        HyperParameterTrainingJobSummary,
    )


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


def checked_request(
    source: str, name: str | None, console: Console, *, refused: str
) -> CreateHyperParameterTuningJobRequest:
    """The Create request in file ``source`` (``-``: stdin), renamed to ``name`` if given, with
    its violations printed; a request with errors is refused (``refused``: what did not
    happen, e.g. "nothing was sent")."""
    label, data = _read_json(source, sys.stdin)
    if name is not None and isinstance(data, dict):
        data = {**data, "HyperParameterTuningJobName": name}
    request, found = check_request(data)
    errors = _report_violations(found, console)
    if request is None or errors:
        raise CommandError(
            f"{label}: invalid: {_plural(errors, 'error')}; {refused}",
            EXIT_USAGE,
            violations=[_violation_dict(v) for v in found],
        )
    return request


def cmd_create(args: argparse.Namespace, console: Console) -> int:
    """``create FILE``: validate, then start the tuning job; ``--wait`` follows it to the end."""
    request = checked_request(args.file, args.name, console, refused="nothing was sent")
    return _create_and_follow(connect(args), request, args, console)


def _create_and_follow(
    conn: Connection,
    request: CreateHyperParameterTuningJobRequest,
    args: argparse.Namespace,
    console: Console,
) -> int:
    """Send a checked request (``create``, ``clone``): print the new job's ARN (the response
    with ``--json``), or with ``--wait`` follow the job to its end and report that."""
    response = conn.client.create_hyper_parameter_tuning_job(request)
    if conn.client.last_create_note is not None:
        console.warn(conn.client.last_create_note)
    if not args.wait:
        if console.json:
            from sagemaker_tuning.core import serde

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
        from sagemaker_tuning.core import serde

        console.emit_json(serde.to_api(response))
    else:
        console.print(str(conn.progress(response)))


def _hms(seconds: float) -> str:
    s = max(0, int(seconds))
    return f"{s // 3600}:{s // 60 % 60:02d}:{s % 60:02d}"


def cmd_describe(args: argparse.Namespace, console: Console) -> int:
    """``describe NAME``: the tuning job's state, configuration, compute hours and best job.

    ``--json`` prints the ``DescribeHyperParameterTuningJob`` answer (one call);
    ``--json --view tuning-job`` the preview ``describe_tuning_job`` view instead. The text
    form shows both (1 + ceil(N / 100) + 1 calls for N training jobs).
    """
    from sagemaker_tuning.core import serde

    view_name = getattr(args, "view", None) or "hyper-parameter-tuning-job"
    exact = bool(getattr(args, "exact", False))
    if console.json and view_name == "hyper-parameter-tuning-job":
        if exact:
            raise CommandError("--exact applies to --view tuning-job or the text form", EXIT_USAGE)
        conn = connect(args)
        console.emit_json(serde.to_api(conn.client.describe_hyper_parameter_tuning_job(args.name)))
        return EXIT_OK
    from sagemaker_tuning.workflows import tuning_view

    conn = connect(args)
    view = tuning_view.describe_tuning_job(conn.client, args.name, exact=exact, now=conn.now())
    if console.json:
        console.emit_json(serde.to_api(view.response))
        return EXIT_OK
    response = view.description
    p = conn.progress(response)
    config = response.hyper_parameter_tuning_job_config
    limit = "?" if p.max_training_jobs is None else str(p.max_training_jobs)
    parallel = p.max_parallel_training_jobs
    consumed = view.response.resources_stats.consumed_resources
    jobs = consumed.jobs if consumed is not None else None
    limits = consumed.resource_limits if consumed is not None else None
    clock_limit = limits.max_clock_time_in_hours if limits is not None else None
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
            "Clock-time limit",
            f"{clock_limit} h" if clock_limit is not None else "",
        ),
        (
            "Training jobs",
            f"{p.finished}/{limit} finished: {p.completed} completed, {p.failed} failed, "
            f"{p.stopped} stopped; {p.in_progress} running"
            + (f" (max {parallel} parallel)" if parallel else ""),
        ),
        (
            "In progress",
            f"{jobs.running or 0} training, {jobs.pending or 0} pending (not training yet)"
            if jobs is not None
            else "",
        ),
        (
            "Compute hours",
            f"{view.finished_instance_seconds / 3600:.2f} finished, "
            f"{view.in_flight_instance_seconds / 3600:.2f} in flight (instance-hours"
            + (", billable" if exact else "")
            + ")",
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
    from sagemaker_tuning.workflows.progress import TuningJobProgress

    kind = TuningJobProgress.from_response(response).objective_type
    return "Ascending" if kind == "Minimize" else "Descending"


def cmd_training_jobs(args: argparse.Namespace, console: Console) -> int:
    """``training-jobs NAME``: the training jobs as a table, CSV or JSON."""
    from sagemaker_tuning.workflows.table import collect_training_jobs

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
        from sagemaker_tuning.redact import redact

        # A failure reason is service text that may quote a credential: redacted, as in errors.
        records = table.records(typed=False)
        for record in records:
            if record["FailureReason"] is not None:
                record["FailureReason"] = redact(record["FailureReason"])
        console.emit_json(records)
    elif args.csv:
        console.data(table.to_csv())
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


def _best_lines(best: HyperParameterTrainingJobSummary, artifacts: str = "") -> list[str]:
    from sagemaker_tuning.core.validation import said
    from sagemaker_tuning.workflows.progress import format_number

    metric = best.final_hyper_parameter_tuning_job_objective_metric
    objective = ""
    if metric is not None:
        # The service may leave the value out: the stand-in the parse filled in is no result.
        value = said(metric, "value")
        value = "?" if value is None else format_number(value)
        objective = f"{metric.metric_name or 'objective'} = {value}"
        if metric.type is not None:
            objective += f" ({metric.type})"
    rows = [
        ("Best training job", best.training_job_name),
        ("Status", str(best.training_job_status)),
        ("Objective", objective),
        ("Model artifacts", artifacts),
    ]
    params = {str(k): v for k, v in (best.tuned_hyper_parameters or {}).items()}
    width = max((len(k) for k in params), default=0)
    lines = [_fields(rows), "Hyperparameters"]
    lines += [f"  {k.ljust(width)}  {v}" for k, v in sorted(params.items())]
    return lines


def cmd_best(args: argparse.Namespace, console: Console) -> int:
    """``best NAME``: the best training job so far, its hyperparameters and model artifacts."""
    conn = connect(args)
    best = _best_job(args.name, conn.client.describe_hyper_parameter_tuning_job(args.name))
    # The model to deploy is only in the training job's own description: one more call.
    job = conn.client.describe_training_job(best.training_job_name)
    artifacts = job.model_artifacts.s3_model_artifacts if job.model_artifacts else None
    if console.json:
        from sagemaker_tuning.core import serde

        console.emit_json({**serde.to_api(best), "ModelArtifacts": {"S3ModelArtifacts": artifacts}})
    else:
        console.print("\n".join(_best_lines(best, artifacts or "")))
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


def cmd_list(args: argparse.Namespace, console: Console) -> int:
    """``list``: the account's tuning jobs (ListHyperParameterTuningJobs), newest first by default."""
    from sagemaker_tuning.core import serde
    from sagemaker_tuning.core.shapes import ListHyperParameterTuningJobsRequest

    if args.created_after and args.created_before and args.created_after >= args.created_before:
        raise CommandError(
            f"--created-after {args.created_after.isoformat()} is not before --created-before "
            f"{args.created_before.isoformat()}: no job could match",
            EXIT_USAGE,
        )
    conn = connect(args)
    sort_by = args.sort_by or "CreationTime"
    order = args.order or ("Descending" if sort_by == "CreationTime" else "Ascending")
    request = ListHyperParameterTuningJobsRequest(
        name_contains=args.name_contains,
        status_equals=args.status,
        creation_time_after=args.created_after,
        creation_time_before=args.created_before,
        sort_by=sort_by,
        sort_order=order,
    )
    jobs = list(conn.client.paginate_hyper_parameter_tuning_jobs(request, max_items=args.max_items))
    if console.json:
        console.emit_json([serde.to_api(job) for job in jobs])
        return EXIT_OK
    if not jobs:
        console.note("no tuning jobs match the filters")
        return EXIT_OK
    rows = []
    for job in jobs:
        counters = job.training_job_status_counters
        limits = job.resource_limits
        total = limits.max_number_of_training_jobs if limits is not None else None
        done = (
            f"{counters.completed or 0}/{total if total is not None else '?'}"
            if counters is not None
            else ""
        )
        failed = (
            (counters.non_retryable_error or 0) + (counters.retryable_error or 0)
            if counters is not None
            else 0
        )
        rows.append(
            [
                job.hyper_parameter_tuning_job_name,
                str(job.hyper_parameter_tuning_job_status),
                str(job.strategy),
                _when(job.creation_time),
                done,
                str(counters.in_progress or 0) if counters is not None else "",
                str(failed),
            ]
        )
    header = ["Name", "Status", "Strategy", "Created", "Completed", "Running", "Failed"]
    console.print(_columns(header, rows))
    return EXIT_OK


def cmd_delete(args: argparse.Namespace, console: Console) -> int:
    """``delete NAME``: delete a tuning job that has ended; ``--wait`` until it is gone.

    SageMaker refuses a job that has not ended (a ``ValidationException``, exit 1): stop it and
    wait first (``stop NAME --wait``). The training jobs stay.
    """
    conn = connect(args)
    conn.client.delete_hyper_parameter_tuning_job(args.name)
    if args.wait:
        _wait_until_gone(conn, args.name, timeout=args.timeout or 600.0)
    if console.json:
        console.emit_json({"HyperParameterTuningJobName": args.name, "Deleted": bool(args.wait)})
    else:
        console.print(f"{'deleted' if args.wait else 'deleting'} tuning job {args.name}")
    return EXIT_OK


def _wait_until_gone(conn: Connection, name: str, *, timeout: float, pause: float = 5.0) -> None:
    """Describe the job until the service says it does not exist (it is ``Deleting`` first)."""
    import time

    from sagemaker_tuning.core.errors import ResourceNotFound

    deadline = time.monotonic() + timeout
    while True:
        try:
            response = conn.client.describe_hyper_parameter_tuning_job(name)
        except ResourceNotFound:
            return
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise CommandError(
                f"gave up waiting after {timeout:g} s; tuning job {name} is still "
                f"{response.hyper_parameter_tuning_job_status}",
                EXIT_SERVICE,
            )
        time.sleep(min(pause, remaining))
