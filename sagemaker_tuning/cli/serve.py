"""The ``serve`` command: the local tuning service over HTTP, until Ctrl-C."""

from __future__ import annotations

import argparse

from sagemaker_tuning.cli.console import EXIT_OK, EXIT_USAGE, CommandError, Console


def cmd_serve(args: argparse.Namespace, console: Console) -> int:
    """``serve [--host H] [--port N] [--rate-limit OP=RATE]...``: print the URL, serve until interrupted.

    The URL is the first line of stdout (``--json``: ``{"endpoint_url": ...}``), so a script can
    read it and pass it to ``--endpoint-url``; Ctrl-C or SIGTERM stops the server and exits 0.
    """
    import warnings

    from sagemaker_tuning.testing import LocalSageMaker, LocalSageMakerServer, RealClock
    from sagemaker_tuning.testing.server import serve_until_interrupted

    if args.local or args.endpoint_url:
        raise CommandError("serve takes neither --local nor --endpoint-url", EXIT_USAGE)
    try:
        service = LocalSageMaker(
            seed=args.seed, clock=RealClock(args.speed), rate_limits=dict(args.rate_limit)
        )
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            server = LocalSageMakerServer(service, host=args.host, port=args.port)
    except (OSError, ValueError) as error:
        reason = error.strerror if isinstance(error, OSError) and error.strerror else error
        raise CommandError(
            f"cannot listen on {args.host} port {args.port}: {reason}", EXIT_USAGE
        ) from None
    for warning in caught:  # a host other hosts can reach: the emulation has no authentication
        console.note(f"warning: {warning.message}")

    def started() -> None:
        if console.json:
            console.emit_json({"endpoint_url": server.url})
        else:
            console.print(server.url)
        console.out.flush()
        console.note(
            f"serving the local SageMaker tuning service on {server.url} "
            f"(clock {args.speed:g}x real time); use --endpoint-url {server.url}; Ctrl-C stops it"
        )

    limits = ", ".join(f"{op} {rate:g}/s" for op, rate in service.rate_limits.items())
    if limits:
        console.note(f"rate limits (beyond them: ThrottlingException): {limits}")
    serve_until_interrupted(server, started)
    console.note("stopped")
    return EXIT_OK


def rate_limit(text: str) -> tuple[str, float]:
    """The ``--rate-limit OPERATION=RATE`` type: ``("DescribeTrainingJob", 5.0)``."""
    from sagemaker_tuning.testing._rates import parse_rate_limit

    try:
        return parse_rate_limit(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None
