"""The ``run`` command: a tuning job trained for real on this machine, from a request file.

``run REQUEST --trainer IMAGE=COMMAND --data S3URI=DIR`` starts an in-process
:class:`~sagemaker_tuning.testing.LocalSageMaker` whose trainers stand in for the request's
training images (COMMAND split as a shell would, with :func:`shlex.split`, and run without
one), follows the job with the live progress line, and prints the best training job with the
paths of the training logs. Everything a job wrote (``/opt/ml``-shaped tree, ``training.log``,
``model.tar.gz``) stays under ``--root`` (default: a new directory, named on stderr). Ctrl-C
stops the running trainers.
"""

from __future__ import annotations

import argparse
import os
import shlex
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from sagemaker_tuning.cli.connection import Connection, _wait
from sagemaker_tuning.cli.console import (
    EXIT_OK,
    EXIT_USAGE,
    PROG,
    CommandError,
    Console,
    _Interrupted,
    _plural,
)

if TYPE_CHECKING:
    from sagemaker_tuning.core.shapes import (
        CreateHyperParameterTuningJobRequest,
        DescribeHyperParameterTuningJobResponse,
        HyperParameterTuningJobConfig,
    )
    from sagemaker_tuning.local import LocalTrainer
    from sagemaker_tuning.testing import LocalSageMaker
    from sagemaker_tuning.workflows.table import TrainingJobTable

# Polls of a job that runs in wall time: often enough for the progress line, cheap in-process.
WAIT_DEFAULTS = {"min_delay": 0.5, "max_delay": 2.0}


def parse_trainer(text: str) -> tuple[str, list[str]]:
    """``IMAGE=COMMAND`` -> (image, argv); COMMAND is split with :func:`shlex.split`."""
    image, sep, command = text.partition("=")
    if not sep or not image.strip():
        raise argparse.ArgumentTypeError(
            f"expected IMAGE=COMMAND such as 'my-image:latest=python train.py', got {text!r}"
        )
    try:
        argv = shlex.split(command)
    except ValueError as error:  # an unclosed quote
        raise argparse.ArgumentTypeError(f"cannot split the command {command!r}: {error}") from None
    if not argv:
        raise argparse.ArgumentTypeError(f"{image}: the command after '=' is empty")
    return image.strip(), argv


def parse_data(text: str) -> tuple[str, str]:
    """``S3URI=DIR`` -> (prefix, directory); the split is at the ``=`` after which an existing
    directory follows (an S3 prefix may hold ``=``, as in ``s3://bucket/date=2024-01-01/``)."""
    if not text.startswith("s3://"):
        raise argparse.ArgumentTypeError(
            f"expected S3URI=DIR such as 's3://bucket/train/=./data', got {text!r}"
        )
    cuts = [i for i, char in enumerate(text) if char == "="]
    for cut in reversed(cuts):
        directory = text[cut + 1 :]
        if directory and os.path.isdir(directory):
            return text[:cut], directory
    if not cuts:
        raise argparse.ArgumentTypeError(f"expected S3URI=DIR, got {text!r} (no '=')")
    raise argparse.ArgumentTypeError(f"{text!r}: no existing directory after an '='")


def _images(request: CreateHyperParameterTuningJobRequest) -> list[tuple[str, str | None]]:
    """(path, TrainingImage) of every training job definition."""
    found: list[tuple[str, str | None]] = []
    if request.training_job_definition is not None:
        spec = request.training_job_definition.algorithm_specification
        found.append(("TrainingJobDefinition", spec.training_image))
    for i, d in enumerate(request.training_job_definitions or ()):
        found.append((f"TrainingJobDefinitions[{i}]", d.algorithm_specification.training_image))
    return found


def _check_trainers(
    request: CreateHyperParameterTuningJobRequest, trainers: Mapping[str, object], console: Console
) -> None:
    """Every definition's image has a trainer (else the job would be simulated, not run)."""
    for path, image in _images(request):
        if image is None or image not in trainers:
            given = ", ".join(sorted(trainers)) or "none"
            raise CommandError(
                f"{path}.AlgorithmSpecification.TrainingImage {image!r} has no trainer: pass "
                f"--trainer '{image}=COMMAND' (trainers given: {given})",
                EXIT_USAGE,
            )
    used = {image for _path, image in _images(request)}
    for image in sorted(set(trainers) - used):
        console.warn(f"--trainer {image}: no training job definition uses this image")


def run_locally(
    request: CreateHyperParameterTuningJobRequest,
    *,
    trainers: Mapping[str, LocalTrainer],
    data: Mapping[str, str | os.PathLike[str]],
    root: Path,
    args: argparse.Namespace,
    console: Console,
    top: int,
    seed: int = 0,
) -> int:
    """Create the tuning job on a LocalSageMaker with trainers, follow it, show the result.

    Used by ``run`` and by the real ``demo``. Ctrl-C (or anything else ending the command)
    closes the service, which stops every trainer and waits until its process is gone.
    """
    from sagemaker_tuning.testing import LocalSageMaker

    name = request.hyper_parameter_tuning_job_name
    try:
        service = LocalSageMaker(
            seed=seed, trainers=trainers, data=data, root=root, region=args.region or "us-east-1"
        )
    except ImportError as error:  # the `local` extra (optuna) is missing
        raise CommandError(str(error), EXIT_USAGE) from None
    try:
        conn = Connection(service.client(), service.now)
        created = conn.client.create_hyper_parameter_tuning_job(request)
        console.note(f"created {created.hyper_parameter_tuning_job_arn}")
        console.note(f"training logs and models go to {root}")
        from sagemaker_tuning.core.errors import TuningJobFailed

        try:
            final = _wait(conn, name, args, console, defaults=WAIT_DEFAULTS)
        except TuningJobFailed as failed:
            # Every training job failed: their reasons and logs are what the user needs
            # (then exit 1 with the service's reason; --json gets only the error document).
            if not console.json:
                _show(conn, service, request, failed.last_response, args, console, top=top)
            raise
        _show(conn, service, request, final, args, console, top=top)
    except (KeyboardInterrupt, _Interrupted):
        running = _running(service, name)
        service.close()
        raise _Interrupted(
            f"interrupted: stopped tuning job {name} and its "
            f"{_plural(running, 'running training job')} (their logs are under {root})"
        ) from None
    finally:
        service.close()
    return EXIT_OK


def _running(service: LocalSageMaker, name: str) -> int:
    try:
        counters = service.client().describe_hyper_parameter_tuning_job(name)
    except Exception:  # noqa: BLE001 - the job may not exist yet; the count is only for the message
        return 0
    status = counters.training_job_status_counters
    return int(status.in_progress or 0) if status is not None else 0


def _show(
    conn: Connection,
    service: LocalSageMaker,
    request: CreateHyperParameterTuningJobRequest,
    final: DescribeHyperParameterTuningJobResponse,
    args: argparse.Namespace,
    console: Console,
    *,
    top: int,
) -> None:
    """The finished job: top training jobs, the best one, and where every log is."""
    from sagemaker_tuning.cli.jobs import _best_lines, _objective_order
    from sagemaker_tuning.core import serde
    from sagemaker_tuning.local._runner import log_path
    from sagemaker_tuning.workflows.table import collect_training_jobs

    name = request.hyper_parameter_tuning_job_name
    config = request.hyper_parameter_tuning_job_config
    table = collect_training_jobs(
        conn.client,
        name,
        sort_by="FinalObjectiveMetricValue",
        sort_order=_objective_order(final),
        max_items=top,
        parameter_ranges=config.parameter_ranges,
    )
    if getattr(args, "report", None) is not None:
        from sagemaker_tuning.cli.report import write_report

        write_report(conn, name, args.report, console, top=max(top, 10))
    jobs = list(conn.client.paginate_training_jobs_for_hyper_parameter_tuning_job(name))
    logs = {j.training_job_name: str(log_path(service.root, j.training_job_name)) for j in jobs}
    best = final.best_training_job
    artifacts = ""
    if best is not None:
        described = conn.client.describe_training_job(best.training_job_name)
        if described.model_artifacts is not None:
            artifacts = described.model_artifacts.s3_model_artifacts
    if console.json:
        console.emit_json(
            {
                "tuning_job": serde.to_api(final),
                "top_training_jobs": table.records(typed=False),
                "best_training_job": serde.to_api(best) if best is not None else None,
                "root": str(service.root),
                "logs": logs,
            }
        )
        return
    print_top(conn, final, table, config, console)
    if best is None:
        console.print("No training job reported the objective metric.")
        console.print(f"Check the regexes against a log: {PROG} metrics REQUEST LOGFILE")
    else:
        console.print("\n".join(_best_lines(best, artifacts)))
        console.print(f"Log                {logs.get(best.training_job_name, '')}")
        if artifacts:
            from sagemaker_tuning.local._runner import local_path

            model = local_path(artifacts, root=Path(service.root), data=service.data)
            console.print(f"Model file         {model}")
    failed = [j for j in jobs if j.training_job_status == "Failed"]
    for job in failed[:3]:
        console.print(f"Failed: {job.training_job_name}: {job.failure_reason or ''}")
        console.print(f"  log: {logs[job.training_job_name]}")
    if len(failed) > 3:
        console.print(f"  ... {len(failed) - 3} more failed; their logs are beside these")
    console.print(
        f"Every training job's log: {Path(service.root) / 'training-jobs'}/NAME/training.log"
    )


def print_top(
    conn: Connection,
    final: DescribeHyperParameterTuningJobResponse,
    table: TrainingJobTable,
    config: HyperParameterTuningJobConfig,
    console: Console,
) -> None:
    """The final state's line, then the table of the top training jobs by objective."""
    from sagemaker_tuning.cli.jobs import _report_final

    _report_final(final, console, conn)
    console.print()
    metric = config.hyper_parameter_tuning_job_objective
    label = metric.metric_name if metric is not None else "objective"
    console.print(f"Top {len(table)} training jobs by {label}")
    console.print(table.to_text(objective_label=label))
    console.print()


def new_root(name: str) -> Path:
    """A fresh directory for one run's jobs (kept: the logs and models are the point)."""
    import tempfile

    return Path(tempfile.mkdtemp(prefix=f"{PROG}-{name}-"))


def cmd_run(args: argparse.Namespace, console: Console) -> int:
    """``run REQUEST --trainer IMAGE=COMMAND --data S3URI=DIR``: train the tuning job here."""
    from sagemaker_tuning.cli.jobs import checked_request
    from sagemaker_tuning.local import LocalTrainer

    request = checked_request(args.request, args.name, console, refused="nothing was run")
    trainers: dict[str, LocalTrainer] = {}
    for image, argv in args.trainer or ():
        if image in trainers:
            raise CommandError(f"--trainer {image}: given twice", EXIT_USAGE)
        trainers[image] = LocalTrainer.command(argv)
    _check_trainers(request, trainers, console)
    data: dict[str, str] = {}
    for prefix, directory in args.data or ():
        if prefix in data:
            raise CommandError(f"--data {prefix}: given twice", EXIT_USAGE)
        data[prefix] = directory
    root = (
        Path(args.root).resolve()
        if args.root is not None
        else new_root(request.hyper_parameter_tuning_job_name)
    )
    root.mkdir(parents=True, exist_ok=True)
    if args.report is not None:
        from sagemaker_tuning.cli.report import require_report_extra

        require_report_extra()  # before the job runs, not after
    return run_locally(
        request,
        trainers=trainers,
        data=data,
        root=root,
        args=args,
        console=console,
        top=args.top,
    )


def add_arguments(p: argparse.ArgumentParser) -> None:
    """The ``run`` command's arguments (parser.py registers the command)."""
    from sagemaker_tuning.cli.parser import _positive_int

    p.add_argument("request", metavar="REQUEST", help="CreateHyperParameterTuningJob JSON, or -")
    p.add_argument(
        "--trainer",
        action="append",
        type=parse_trainer,
        metavar="IMAGE=COMMAND",
        help="run COMMAND (split like a shell line, run without a shell) for every training "
        "job of TrainingImage IMAGE; repeat for each image",
    )
    p.add_argument(
        "--data",
        action="append",
        type=parse_data,
        metavar="S3URI=DIR",
        help="read channels under the S3 prefix S3URI from the local directory DIR (repeat)",
    )
    p.add_argument(
        "--root", metavar="DIR", help="where jobs, logs and models go (default: a new directory)"
    )
    p.add_argument("--name", help="use this tuning job name instead of the file's")
    p.add_argument(
        "--top", type=_positive_int, default=5, metavar="N", help="rows in the table (default 5)"
    )
    p.add_argument("--report", metavar="FILE", help="also write the job's HTML report to FILE")
