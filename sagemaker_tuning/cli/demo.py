"""The ``demo`` command: a whole tuning job, trained for real on this machine or simulated.

``demo`` tunes a small neural network on handwritten digits
(``sagemaker_tuning.examples.train_digits``): a Bayesian search of 20 training jobs, 2 at a
time, each a real process on a :class:`~sagemaker_tuning.testing.LocalSageMaker` with a
trainer for the request's image (needs the ``demo`` extra: optuna, numpy, scikit-learn's
copy of the data). ``demo --simulated`` runs the instant XGBoost-style job on virtual time,
with no extra and no training.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import TYPE_CHECKING

from sagemaker_tuning.cli.check import _counts
from sagemaker_tuning.cli.connection import _wait, connect
from sagemaker_tuning.cli.console import EXIT_OK, EXIT_USAGE, CommandError, Console, _plural
from sagemaker_tuning.cli.jobs import _best_job, _best_lines, _objective_order

if TYPE_CHECKING:
    from sagemaker_tuning.core.shapes import (
        CreateHyperParameterTuningJobRequest,
    )


# The demo

DEMO_NAME = "demo-xgboost"
DIGITS_NAME = "demo-digits"
#: The image the real demo's request names; its trainer is the example script.
DIGITS_IMAGE = "123456789012.dkr.ecr.us-east-1.amazonaws.com/digits-mlp:latest"
#: Where the request's train channel points; ``data=`` maps it to a local copy of the digits.
DIGITS_DATA = "s3://sagemaker-tuning-demo/digits/"


def demo_request(
    name: str, *, max_jobs: int, parallel: int
) -> CreateHyperParameterTuningJobRequest:
    """The demo's tuning job: :func:`sagemaker_tuning.testing.sample_request` (kept here for
    code that imported it from the CLI)."""
    from sagemaker_tuning.testing.samples import sample_request

    return sample_request(name, max_jobs=max_jobs, parallel=parallel)


def digits_request(
    name: str, *, max_jobs: int, parallel: int, seed: int
) -> CreateHyperParameterTuningJobRequest:
    """The real demo's tuning job: a Bayesian search over the digits network's hyperparameters."""
    from sagemaker_tuning import ranges
    from sagemaker_tuning.core.shapes import (
        Channel,
        CreateHyperParameterTuningJobRequest,
        DataSource,
        HyperParameterAlgorithmSpecification,
        HyperParameterTrainingJobDefinition,
        HyperParameterTuningJobConfig,
        HyperParameterTuningJobObjective,
        MetricDefinition,
        OutputDataConfig,
        ResourceConfig,
        ResourceLimits,
        S3DataSource,
        StoppingCondition,
    )
    from sagemaker_tuning.examples.train_digits import METRIC_DEFINITIONS

    return CreateHyperParameterTuningJobRequest(
        hyper_parameter_tuning_job_name=name,
        hyper_parameter_tuning_job_config=HyperParameterTuningJobConfig(
            strategy="Bayesian",
            hyper_parameter_tuning_job_objective=HyperParameterTuningJobObjective(
                type="Minimize", metric_name="validation:loss"
            ),
            resource_limits=ResourceLimits(
                max_number_of_training_jobs=max_jobs, max_parallel_training_jobs=parallel
            ),
            parameter_ranges=ranges.parameter_ranges(
                ranges.continuous("learning_rate", 0.001, 1.0, scaling="Logarithmic"),
                ranges.continuous("l2", 1e-6, 0.1, scaling="Logarithmic"),
                ranges.integer("hidden_units", 4, 96, scaling="Logarithmic"),
                ranges.categorical("activation", ["relu", "tanh"]),
            ),
            training_job_early_stopping_type="Off",
            random_seed=seed,
        ),
        training_job_definition=HyperParameterTrainingJobDefinition(
            algorithm_specification=HyperParameterAlgorithmSpecification(
                training_image=DIGITS_IMAGE,
                training_input_mode="File",
                metric_definitions=tuple(
                    MetricDefinition(name=m["Name"], regex=m["Regex"]) for m in METRIC_DEFINITIONS
                ),
            ),
            role_arn="arn:aws:iam::123456789012:role/SageMakerTuningDemo",
            static_hyper_parameters={"epochs": "12", "batch_size": "64"},
            input_data_config=(
                Channel(
                    channel_name="train",
                    data_source=DataSource(
                        s3_data_source=S3DataSource(s3_data_type="S3Prefix", s3_uri=DIGITS_DATA)
                    ),
                    content_type="text/csv",
                ),
            ),
            output_data_config=OutputDataConfig(
                s3_output_path="s3://sagemaker-tuning-demo/output/"
            ),
            resource_config=ResourceConfig(
                instance_type="ml.m5.large", instance_count=1, volume_size_in_gb=1
            ),
            stopping_condition=StoppingCondition(max_runtime_in_seconds=120),
        ),
    )


def _require_demo_extra() -> None:
    """Refuse at once, naming the extra, when what the real demo needs is missing."""
    import importlib.util

    missing = [m for m in ("optuna", "numpy", "sklearn") if importlib.util.find_spec(m) is None]
    if missing:
        raise CommandError(
            f"the demo trains a real model and needs {', '.join(missing)}: "
            "pip install 'sagemaker-tuning[demo]' (or run the instant simulated demo: "
            "sagemaker-tuning demo --simulated)",
            EXIT_USAGE,
        )


def _real_demo(args: argparse.Namespace, console: Console) -> int:
    """``demo``: tune the digits network for real, 20 processes, 2 at a time, in seconds."""
    import shutil
    import sys

    from sagemaker_tuning import rules
    from sagemaker_tuning.cli.run import new_root, run_locally
    from sagemaker_tuning.core.validation import violations
    from sagemaker_tuning.local import LocalTrainer

    if args.endpoint_url is not None and not args.local:
        raise CommandError(
            "the demo trains on this machine, in-process; against an endpoint run "
            "sagemaker-tuning demo --simulated --endpoint-url URL",
            EXIT_USAGE,
        )
    _require_demo_extra()
    from sagemaker_tuning.examples import train_digits  # numpy: only once it is known present

    if args.report is not None:
        from sagemaker_tuning.cli.report import require_report_extra

        require_report_extra()
    name = args.name or DIGITS_NAME
    max_jobs, parallel = args.max_jobs, args.parallel or 2
    request = digits_request(name, max_jobs=max_jobs, parallel=parallel, seed=args.seed)
    console.note(
        "demo: a real tuning job on this machine: each training job is a process running "
        f"{train_digits.__file__}"
    )
    console.note(
        "1/4 built a typed CreateHyperParameterTuningJobRequest: Bayesian search over "
        f"learning_rate, l2, hidden_units, activation; {max_jobs} training jobs, "
        f"{parallel} at a time, objective validation:loss (Minimize)"
    )
    found = violations(request) + rules.check(request)
    errors, warnings = _counts(found)
    if errors:  # the demo's own request: an error here is a bug in this package
        raise CommandError(f"the demo request is invalid: {found}", EXIT_USAGE)
    console.note(
        f"2/4 validated it offline against the model and {len(rules.RULES)} service rules: "
        f"0 errors, {_plural(warnings, 'warning')}"
    )
    root = Path(args.root).resolve() if args.root is not None else new_root(name)
    data = root / "data"
    data.mkdir(parents=True, exist_ok=True)
    # The channel's S3 prefix reads from here (LocalSageMaker data=); nothing is downloaded.
    shutil.copy(train_digits.bundled_digits(), data / "digits.csv.gz")
    # One BLAS thread per job: the jobs themselves are the parallelism.
    threads = {"OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
    trainer = LocalTrainer.command([sys.executable, train_digits.__file__], env=threads)
    console.note(f"3/4 training: {DIGITS_IMAGE} -> {sys.executable} {train_digits.__file__}")
    code = run_locally(
        request,
        trainers={DIGITS_IMAGE: trainer},
        data={DIGITS_DATA: data},
        root=root,
        args=args,
        console=console,
        top=args.top,
        seed=args.seed,
    )
    console.note(
        f"4/4 done; the same request goes to SageMaker with TuningClient.create() once "
        f"{DIGITS_IMAGE} holds the script"
    )
    return code


def cmd_demo(args: argparse.Namespace, console: Console) -> int:
    """``demo``: the whole flow on the embedded local service, in seconds, with no AWS account."""
    if not args.simulated:
        return _real_demo(args, console)
    from sagemaker_tuning import rules
    from sagemaker_tuning.core import serde
    from sagemaker_tuning.core.validation import violations
    from sagemaker_tuning.workflows.table import collect_training_jobs

    if args.report is not None:
        from sagemaker_tuning.cli.report import require_report_extra

        require_report_extra()  # before the job runs, not after
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

    parallel = args.parallel or 4
    request = demo_request(name, max_jobs=args.max_jobs, parallel=parallel)
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
        f"{searched}; {args.max_jobs} training jobs, {parallel} at a time"
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
    if args.report is not None:
        from sagemaker_tuning.cli.report import write_report

        write_report(conn, name, args.report, console, top=max(args.top, 10))
    if console.json:
        console.emit_json(
            {
                "tuning_job": serde.to_api(final),
                "top_training_jobs": table.records(typed=False),
                "best_training_job": serde.to_api(best),
            }
        )
        return EXIT_OK
    from sagemaker_tuning.cli.run import print_top

    print_top(conn, final, table, config, console)
    console.print("\n".join(_best_lines(best)))
    return EXIT_OK
