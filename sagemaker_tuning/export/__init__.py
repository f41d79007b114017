"""A tuning job where HPO users look at results: an optuna study, or MLflow runs.

:func:`to_optuna` (the ``optuna`` extra) writes one trial per training job into an optuna
study, which ``optuna.visualization`` and optuna-dashboard show; :func:`to_mlflow` (the
``mlflow`` extra, the skinny client) writes a parent run for the tuning job and a nested run
per training job. Both can run again and again on the same job: they update what they
wrote before and add what is new, never duplicate. Importing this module imports neither
optuna nor MLflow; see docs/export.md.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import optuna
    from optuna.storages import BaseStorage

    from sagemaker_tuning.client import TuningClient

__all__ = ["to_mlflow", "to_optuna"]


def to_optuna(
    client: TuningClient,
    name: str,
    *,
    study: str | None = None,
    storage: str | BaseStorage | None = None,
) -> optuna.Study:
    """Export tuning job ``name`` to an optuna study and return the study.

    ``study`` names it (default: the tuning job's name); ``storage`` is an optuna storage
    URL (``sqlite:///tuning.db``, what optuna-dashboard opens) or storage object, default a
    new in-memory storage. The study is created, or loaded when it exists; its direction is
    the objective's ``Type``.

    One trial per training job: distributions from the job's ``ParameterRanges``
    (``Logarithmic`` → ``log=True``; ``Auto`` and ``ReverseLogarithmic``, which optuna
    lacks, become linear, noted in the study's user attribute ``scaling``), the value from
    the final objective metric, the state from the training job's status (``Completed`` →
    ``COMPLETE``, ``Failed`` → ``FAIL``, ``Stopped`` → ``PRUNED``, ``InProgress`` and
    ``Stopping`` → ``RUNNING``), start and completion from the job's times, and user
    attributes ``training_job_name``, ``training_job_arn``, ``training_job_status``,
    ``failure_reason``, ``objective_status`` and ``training_end_time`` (UTC text). No intermediate values: none of the
    operations reports them (docs/export.md).

    Exporting again adds the training jobs that are new and finishes the ``RUNNING`` trials
    whose jobs ended; a finished trial is never changed or added twice (trials are found by
    ``training_job_name``). Calls: one ``DescribeHyperParameterTuningJob`` and one
    ``ListTrainingJobsForHyperParameterTuningJob`` per 100 training jobs.

    Raises ``ImportError`` without the ``optuna`` extra, ``ValueError`` when the study exists
    with the opposite direction, and the client's errors
    (:class:`~sagemaker_tuning.errors.ResourceNotFound` for an unknown job).
    """
    from sagemaker_tuning.export import _optuna

    return _optuna.export(client, name, study=study, storage=storage)[0]


def to_mlflow(
    client: TuningClient,
    name: str,
    *,
    tracking_uri: str | None = None,
    experiment: str | None = None,
) -> str:
    """Export tuning job ``name`` to MLflow; return the parent run's ID.

    ``tracking_uri`` is any URI the MLflow client takes (``sqlite:///mlflow.db``,
    ``file:///path/mlruns``, ``http://host:5000``, a SageMaker managed tracking server's ARN
    with the ``sagemaker-mlflow`` plugin installed); default MLflow's own
    (``MLFLOW_TRACKING_URI``, else ``sqlite:///mlflow.db``). ``experiment`` names the
    experiment (default: the tuning job's name), created when missing.

    The parent run holds the tuning job: params strategy, limits, objective and ranges;
    metrics the best objective value and training jobs by status; tags its name, ARN and
    status. Each training job is a nested run: params its hyperparameters, metrics its final
    metrics, tags its name, ARN, status, failure reason and the model artifacts' S3 URI;
    status ``FINISHED``, ``FAILED``, ``KILLED`` or ``RUNNING`` and start and end times from
    the job's.

    Exporting again updates the runs (found by tag) and adds the new training jobs, never a
    second run for one job. Calls: one ``DescribeHyperParameterTuningJob``, one
    ``ListTrainingJobsForHyperParameterTuningJob`` per 100 training jobs, and one
    ``DescribeTrainingJob`` per training job the first time it is exported ended (for its
    final metrics and model artifacts, which the summaries lack).

    Raises ``ImportError`` without the ``mlflow`` extra, MLflow's ``MlflowException`` from
    the tracking store, and the client's errors.
    """
    from sagemaker_tuning.export import _mlflow

    return _mlflow.export(client, name, tracking_uri=tracking_uri, experiment=experiment)[0]
