"""The ``report`` command (and ``demo --report``): a tuning job's self-contained HTML report."""

from __future__ import annotations

import argparse

from sagemaker_tuning.cli.connection import Connection, connect
from sagemaker_tuning.cli.console import EXIT_OK, EXIT_USAGE, CommandError, Console


def require_report_extra() -> None:
    """Refuse at once, before any call, when the ``report`` extra (matplotlib) is missing."""
    from sagemaker_tuning.workflows.report import require_matplotlib

    try:
        require_matplotlib()
    except ImportError as error:
        raise CommandError(str(error), EXIT_USAGE) from None


def write_report(conn: Connection, name: str, path: str, console: Console, *, top: int) -> None:
    """Build the report of tuning job ``name`` and write it to ``path``."""
    from sagemaker_tuning.workflows.report import TuningReport

    report = TuningReport.build(conn.client, name, top=top, now=conn.now())
    try:
        report.write(path)
    except OSError as error:
        raise CommandError(f"cannot write {path}: {error.strerror or error}", EXIT_USAGE) from None
    console.note(f"wrote the report of {name} to {path}")


def cmd_report(args: argparse.Namespace, console: Console) -> int:
    """``report NAME [-o FILE]``: the HTML report (default ``NAME.html``); ``--json``: the data
    behind its charts."""
    if console.json:
        from sagemaker_tuning.workflows.report import TuningReport

        conn = connect(args)
        console.emit_json(
            TuningReport.build(conn.client, args.name, top=args.top, now=conn.now()).data()
        )
        return EXIT_OK
    # -o is optional for real: without it the report goes to NAME.html here (a job name is
    # letters, digits and hyphens, so it is always a plain file name).
    output = args.output if args.output is not None else f"{args.name}.html"
    require_report_extra()
    write_report(connect(args), args.name, output, console, top=args.top)
    return EXIT_OK
