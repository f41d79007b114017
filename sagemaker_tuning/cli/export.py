"""The ``export`` command: a tuning job into an optuna study or MLflow runs (docs/export.md)."""

from __future__ import annotations

import argparse
import logging
from typing import TYPE_CHECKING

from sagemaker_tuning.cli.connection import connect
from sagemaker_tuning.cli.console import EXIT_OK, EXIT_USAGE, CommandError, Console, _plural

if TYPE_CHECKING:
    from sagemaker_tuning.client import TuningClient
    from sagemaker_tuning.export._source import ExportSummary, Progress

TARGETS = ("optuna", "mlflow")
#: Where ``--to optuna`` writes without ``--storage``: a file that outlives the command and
#: that optuna-dashboard opens (``optuna-dashboard sqlite:///optuna.db``).
DEFAULT_STORAGE = "sqlite:///optuna.db"

_OPTIONS = {"optuna": ("storage", "study"), "mlflow": ("tracking_uri", "experiment")}
_FLAGS = {
    "storage": "--storage",
    "study": "--study",
    "tracking_uri": "--tracking-uri",
    "experiment": "--experiment",
}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The ``export`` command's own arguments (after ``NAME``)."""
    parser.add_argument("--to", required=True, choices=TARGETS, help="optuna or mlflow")
    parser.add_argument(
        "--storage",
        metavar="URL",
        help=f"optuna storage URL (default {DEFAULT_STORAGE}, in the current directory)",
    )
    parser.add_argument("--study", metavar="NAME", help="optuna study (default: the job's name)")
    parser.add_argument(
        "--tracking-uri",
        metavar="URI",
        help="MLflow tracking URI, or a SageMaker MLflow tracking server's ARN with the "
        "sagemaker-mlflow plugin (default: MLflow's, MLFLOW_TRACKING_URI or sqlite:///mlflow.db)",
    )
    parser.add_argument(
        "--experiment", metavar="NAME", help="MLflow experiment (default: the job's name)"
    )


def cmd_export(args: argparse.Namespace, console: Console) -> int:
    """``export NAME --to optuna|mlflow``: write the job where HPO users look; print a summary."""
    target: str = args.to
    for option, flag in _FLAGS.items():
        if getattr(args, option) is not None and option not in _OPTIONS[target]:
            raise CommandError(
                f"{flag} goes with --to {_other(target)}, not --to {target}", EXIT_USAGE
            )
    from sagemaker_tuning.export._source import require

    try:
        require(target, target)
    except ImportError as error:
        raise CommandError(str(error).partition(" (")[0], EXIT_USAGE) from None
    conn = connect(args)
    progress = console.note if console.progress else None
    from sagemaker_tuning.core.errors import ValidationError

    try:
        summary = _export(target, conn.client, args, progress)
    except ValidationError:
        raise
    except Exception as error:
        code = _store_error(error)
        if code is None:
            raise
        raise CommandError(f"{target}: {' '.join(str(error).split())}", code) from None
    if console.json:
        console.emit_json(summary.to_dict())
        return EXIT_OK
    where = ", ".join(f"{k} {v}" for k, v in summary.destination.items())
    console.print(
        f"exported {summary.tuning_job_name} ({summary.tuning_job_status}) to {target}: {where}"
    )
    console.print(
        f"{_plural(summary.training_jobs, 'training job')}: {summary.added} added, "
        f"{summary.updated} updated, {summary.unchanged} unchanged; "
        f"{_plural(sum(summary.calls.values()), 'service call')}"
    )
    if target == "optuna":
        console.note(f"look at it with: optuna-dashboard {summary.destination['storage']}")
    return EXIT_OK


def _export(
    target: str, client: TuningClient, args: argparse.Namespace, progress: Progress | None
) -> ExportSummary:
    if target == "optuna":
        from sagemaker_tuning.export import _optuna

        # optuna logs each study it creates or loads on stderr at INFO.
        logging.getLogger("optuna").setLevel(logging.WARNING)
        return _optuna.export(
            client,
            args.name,
            study=args.study,
            storage=args.storage or DEFAULT_STORAGE,
            progress=progress,
        )[1]
    from sagemaker_tuning.export import _mlflow

    # MLflow and alembic log creating a store's tables on stderr at INFO.
    for logger in ("mlflow", "alembic"):
        logging.getLogger(logger).setLevel(logging.WARNING)
    return _mlflow.export(
        client,
        args.name,
        tracking_uri=args.tracking_uri,
        experiment=args.experiment,
        progress=progress,
    )[1]


def _store_error(error: Exception) -> int | None:
    """The exit code of an error of the target's own (a storage URL it cannot open, a study
    of the other direction, a tracking store that refuses): 2; ``None`` for anything else."""
    module = type(error).__module__.partition(".")[0]
    if module in ("optuna", "mlflow", "sqlalchemy") or type(error) is ValueError:
        return EXIT_USAGE
    return None


def _other(target: str) -> str:
    return next(t for t in TARGETS if t != target)
