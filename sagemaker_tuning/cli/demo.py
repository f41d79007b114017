"""The ``demo`` command: a whole tuning job on the embedded local service."""

from __future__ import annotations

import argparse
import os
from typing import TYPE_CHECKING

from sagemaker_tuning.cli.check import _counts
from sagemaker_tuning.cli.connection import _wait, connect
from sagemaker_tuning.cli.console import EXIT_OK, EXIT_USAGE, CommandError, Console, _plural
from sagemaker_tuning.cli.jobs import _best_job, _best_lines, _objective_order, _report_final

if TYPE_CHECKING:
    from sagemaker_tuning.shapes import (
        CreateHyperParameterTuningJobRequest,
    )


# The demo

DEMO_NAME = "demo-xgboost"


def demo_request(
    name: str, *, max_jobs: int, parallel: int
) -> CreateHyperParameterTuningJobRequest:
    """The demo's tuning job: :func:`sagemaker_tuning.testing.sample_request` (kept here for
    code that imported it from the CLI)."""
    from sagemaker_tuning.testing.samples import sample_request

    return sample_request(name, max_jobs=max_jobs, parallel=parallel)


def cmd_demo(args: argparse.Namespace, console: Console) -> int:
    """``demo``: the whole flow on the embedded local service, in seconds, with no AWS account."""
    from sagemaker_tuning import rules, serde
    from sagemaker_tuning.table import collect_training_jobs
    from sagemaker_tuning.validation import violations

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
    _report_final(final, console, conn)
    console.print()
    metric = config.hyper_parameter_tuning_job_objective
    label = metric.metric_name if metric is not None else "objective"
    console.print(f"Top {len(table)} training jobs by {label}")
    console.print(table.to_text(objective_label=label))
    console.print()
    console.print("\n".join(_best_lines(best)))
    return EXIT_OK
