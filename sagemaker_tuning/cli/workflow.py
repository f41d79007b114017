"""The commands from a tuning job back to work: init (a starting request), clone, training-job."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from sagemaker_tuning.cli.check import _report_violations
from sagemaker_tuning.cli.connection import connect
from sagemaker_tuning.cli.console import (
    EXIT_OK,
    EXIT_USAGE,
    CommandError,
    Console,
    _fields,
    _plural,
    _when,
)
from sagemaker_tuning.cli.jobs import _create_and_follow

if TYPE_CHECKING:
    from sagemaker_tuning.core.shapes import (
        CreateHyperParameterTuningJobRequest,
        DescribeTrainingJobResponse,
    )

STRATEGIES = ("Bayesian", "Random", "Hyperband", "Grid")
WARM_START_KINDS = ("TransferLearning", "IdenticalDataAndAlgorithm")
INIT_NAME = "my-tuning-job"

# Shown by `init --help`: the file itself stays plain JSON, so the explanations live here.
INIT_EPILOG = """\
The request is complete and valid as printed (`validate` accepts it); its account, role,
image and S3 locations are placeholders. Replace them, then:
  sagemaker-tuning validate request.json && sagemaker-tuning create request.json

What to change:
  HyperParameterTuningJobName   1-32 letters, digits and hyphens, unique in the region
  RoleArn                       an IAM role SageMaker can assume to read the data and
                                write the model (placeholder account 123456789012)
  TrainingImage                 your training image in ECR; for a built-in algorithm use
                                its image and delete MetricDefinitions (the service
                                supplies them and refuses your own)
  MetricDefinitions             a regex that finds each metric in the training log; the
                                objective metric must be one of them
  HyperParameterTuningJobObjective
                                the metric to optimise and whether to Maximize or Minimize
  InputDataConfig               your S3 data, one channel per name your image reads
  OutputDataConfig              where each training job's model.tar.gz goes
  ResourceConfig                instance type, count and volume size of each training job
  StoppingCondition             the longest a training job may run, in seconds
  StaticHyperParameters         hyperparameters every training job gets unchanged (strings)
  ParameterRanges               the hyperparameters to tune: Continuous and Integer ranges
                                (with ScalingType), Categorical values
  ResourceLimits                training jobs in all, and at once
  Tags                          key/value pairs for cost allocation (optional)

Strategies:
  Bayesian   (default) learns from finished jobs which values to try next
  Random     independent random values; runs many jobs in parallel well
  Hyperband  stops weak jobs early; needs HyperbandStrategyConfig (MinResource/MaxResource,
             in epochs) and TrainingJobEarlyStoppingType Off
  Grid       every combination of categorical values once; categorical ranges only"""


def starting_request(
    strategy: str = "Bayesian", name: str = INIT_NAME
) -> CreateHyperParameterTuningJobRequest:
    """A complete request to start from: one training job definition with a custom image.

    Every value is a placeholder that breaks no model constraint and no service rule, so the
    document passes ``validate`` as printed.
    """
    from sagemaker_tuning import ranges as rg
    from sagemaker_tuning.core import shapes as sh

    account = "123456789012"
    if strategy == "Grid":
        # Grid takes categorical ranges only, one training job per combination (3 x 3 = 9).
        tuned = rg.parameter_ranges(
            rg.categorical("learning_rate", ["0.001", "0.01", "0.1"]),
            rg.categorical("optimizer", ["adam", "sgd", "rmsprop"]),
        )
        limits = sh.ResourceLimits(max_number_of_training_jobs=9, max_parallel_training_jobs=3)
    else:
        tuned = rg.parameter_ranges(
            rg.continuous("learning_rate", 0.0001, 0.1, scaling="Logarithmic"),
            rg.integer("batch_size", 16, 256, scaling="Linear"),
            rg.categorical("optimizer", ["adam", "sgd"]),
        )
        limits = sh.ResourceLimits(max_number_of_training_jobs=20, max_parallel_training_jobs=2)
    strategy_config = None
    if strategy == "Hyperband":
        strategy_config = sh.HyperParameterTuningJobStrategyConfig(
            hyperband_strategy_config=sh.HyperbandStrategyConfig(min_resource=1, max_resource=10)
        )
    channel = "s3://my-bucket/my-data/{}/"
    return sh.CreateHyperParameterTuningJobRequest(
        hyper_parameter_tuning_job_name=name,
        hyper_parameter_tuning_job_config=sh.HyperParameterTuningJobConfig(
            strategy=strategy,
            strategy_config=strategy_config,
            hyper_parameter_tuning_job_objective=sh.HyperParameterTuningJobObjective(
                type="Minimize", metric_name="validation:loss"
            ),
            resource_limits=limits,
            parameter_ranges=tuned,
            training_job_early_stopping_type="Off",
        ),
        training_job_definition=sh.HyperParameterTrainingJobDefinition(
            algorithm_specification=sh.HyperParameterAlgorithmSpecification(
                training_image=f"{account}.dkr.ecr.us-east-1.amazonaws.com/my-training-image:latest",
                training_input_mode="File",
                metric_definitions=(
                    sh.MetricDefinition(
                        name="validation:loss", regex=r"val_loss=([0-9]+\.?[0-9]*)"
                    ),
                    sh.MetricDefinition(name="train:loss", regex=r"train_loss=([0-9]+\.?[0-9]*)"),
                ),
            ),
            role_arn=f"arn:aws:iam::{account}:role/SageMakerTrainingRole",
            static_hyper_parameters={"epochs": "10"},
            input_data_config=tuple(
                sh.Channel(
                    channel_name=channel_name,
                    data_source=sh.DataSource(
                        s3_data_source=sh.S3DataSource(
                            s3_data_type="S3Prefix",
                            s3_uri=channel.format(channel_name),
                            s3_data_distribution_type="FullyReplicated",
                        )
                    ),
                    content_type="text/csv",
                )
                for channel_name in ("train", "validation")
            ),
            output_data_config=sh.OutputDataConfig(s3_output_path="s3://my-bucket/tuning-output/"),
            resource_config=sh.ResourceConfig(
                instance_type="ml.m5.xlarge", instance_count=1, volume_size_in_gb=30
            ),
            stopping_condition=sh.StoppingCondition(max_runtime_in_seconds=3600),
        ),
        tags=(sh.Tag(key="project", value="my-project"),),
    )


def cmd_init(args: argparse.Namespace, console: Console) -> int:
    """``init``: a complete, valid starting request as JSON on stdout (JSON with or without ``--json``)."""
    from sagemaker_tuning.core import serde

    request = serde.to_api(starting_request(args.strategy, args.name))
    if args.output is None:
        console.emit_json(request)
        return EXIT_OK
    from sagemaker_tuning._files import write_atomic
    from sagemaker_tuning.cli.console import to_json

    # A shell's `> FILE` empties FILE before the command runs; -o replaces it only when done.
    try:
        write_atomic(args.output, to_json(request) + "\n")
    except OSError as error:
        raise CommandError(
            f"cannot write {args.output}: {error.strerror or error}", EXIT_USAGE
        ) from None
    console.note(f"wrote the starting request to {args.output}")
    return EXIT_OK


def cmd_clone(args: argparse.Namespace, console: Console) -> int:
    """``clone NAME NEW-NAME``: a new job like NAME (optionally warm started from it)."""
    from sagemaker_tuning import rules
    from sagemaker_tuning.core import serde
    from sagemaker_tuning.core.shapes import DescribeHyperParameterTuningJobRequest
    from sagemaker_tuning.workflows import requests

    DescribeHyperParameterTuningJobRequest(hyper_parameter_tuning_job_name=args.new_name)
    if args.parent and args.warm_start is None:
        raise CommandError("--parent needs --warm-start", EXIT_USAGE)
    conn = connect(args)
    described = conn.client.describe_hyper_parameter_tuning_job(args.name)
    warm = None
    if args.warm_start is not None:
        others = [p for p in args.parent or () if p.lower() != args.name.lower()]
        warm = requests.warm_start([args.name, *others], args.warm_start)
    request = requests.from_description(
        described,
        name=args.new_name,
        warm_start=warm,
        max_jobs=args.max_jobs,
        max_parallel=args.max_parallel,
    )
    found = rules.check(request) + requests.check_warm_start(request, conn.client)
    errors = _report_violations(found, console)
    if args.file_only:
        console.emit_json(serde.to_api(request))
        return EXIT_USAGE if errors else EXIT_OK
    if errors:
        raise CommandError(
            f"clone of {args.name}: invalid: {_plural(errors, 'error')}; nothing was sent "
            "(--file-only prints the request to edit)",
            EXIT_USAGE,
        )
    return _create_and_follow(conn, request, args, console)


def _seconds(value: int | None) -> str:
    return f"{value} s" if value is not None else ""


def training_job_lines(job: DescribeTrainingJobResponse) -> list[str]:
    """The human view of one training job: its state, times, cost, metrics and model."""
    status = str(job.training_job_status)
    if job.secondary_status is not None and str(job.secondary_status) != status:
        status += f" ({job.secondary_status})"
    resources = job.resource_config
    instance = ""
    if resources is not None and resources.instance_type is not None:
        instance = f"{resources.instance_count or 1} x {resources.instance_type}"
    artifacts = job.model_artifacts.s3_model_artifacts if job.model_artifacts is not None else ""
    rows = [
        ("Training job", job.training_job_name),
        ("ARN", job.training_job_arn),
        ("Tuning job ARN", job.tuning_job_arn or ""),
        ("Status", status),
        ("Failure reason", " ".join((job.failure_reason or "").split())),
        ("Created", _when(job.creation_time)),
        ("Started", _when(job.training_start_time)),
        ("Ended", _when(job.training_end_time)),
        ("Training time", _seconds(job.training_time_in_seconds)),
        ("Billable time", _seconds(job.billable_time_in_seconds)),
        ("Instances", instance),
        ("Model artifacts", artifacts),
    ]
    lines = [_fields(rows)]
    metrics = job.final_metric_data_list or ()
    if metrics:
        width = max(len(m.metric_name or "") for m in metrics)
        lines.append("Final metrics")
        lines += [
            f"  {(m.metric_name or '').ljust(width)}  {m.value:.6g}"
            for m in metrics
            if m.value is not None
        ]
    params = job.hyper_parameters or {}
    if params:
        width = max(len(k) for k in params)
        lines.append("Hyperparameters")
        lines += [f"  {k.ljust(width)}  {v}" for k, v in sorted(params.items())]
    return lines


def cmd_training_job(args: argparse.Namespace, console: Console) -> int:
    """``training-job NAME``: one training job's state, times, metrics and model artifacts."""
    from sagemaker_tuning.core import serde
    from sagemaker_tuning.core.shapes import DescribeTrainingJobRequest

    DescribeTrainingJobRequest(training_job_name=args.training_job_name)
    conn = connect(args)
    job = conn.client.describe_training_job(args.training_job_name)
    if console.json:
        console.emit_json(serde.to_api(job))
    else:
        console.print("\n".join(training_job_lines(job)))
    return EXIT_OK
