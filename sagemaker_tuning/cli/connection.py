"""Connecting to SageMaker (or the local service) from the global options, and waiting."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from sagemaker_tuning.cli.console import EXIT_USAGE, PROG, CommandError, Console, _Interrupted
from sagemaker_tuning.cli.display import ProgressDisplay

if TYPE_CHECKING:
    from datetime import datetime

    from sagemaker_tuning.client import TuningClient
    from sagemaker_tuning.core.shapes import (
        DescribeHyperParameterTuningJobResponse,
    )
    from sagemaker_tuning.workflows.progress import TuningJobProgress


class Connection:
    """A client, and the clock of the service it talks to (for elapsed times)."""

    def __init__(self, client: TuningClient, now: Callable[[], datetime] | None = None) -> None:
        self.client = client
        self._now = now

    def now(self) -> datetime | None:
        """The service's current time: the in-process local service's clock, else what the
        service's latest answer said (:meth:`~sagemaker_tuning.TuningClient.service_now`), else ``None``."""
        if self._now is not None:
            return self._now()
        return self.client.service_now()

    def progress(self, response: DescribeHyperParameterTuningJobResponse) -> TuningJobProgress:
        """The progress summary of a response, timed by the service's clock."""
        from sagemaker_tuning.workflows.progress import TuningJobProgress

        return TuningJobProgress.from_response(response, now=self.now())


def connect(
    args: argparse.Namespace, *, local_by_default: bool = False, seed: int = 0
) -> Connection:
    """The client the global options ask for: AWS, ``--endpoint-url``, or the local service.

    A ``NAME`` argument is validated first, so a malformed one fails before any set-up.
    """
    name = getattr(args, "name", None)
    if name is not None:
        from sagemaker_tuning.core.shapes import DescribeHyperParameterTuningJobRequest

        DescribeHyperParameterTuningJobRequest(hyper_parameter_tuning_job_name=name)
    if args.local and args.endpoint_url:
        raise CommandError("--local and --endpoint-url exclude each other", EXIT_USAGE)
    if args.endpoint_url and not args.local:
        _check_endpoint(args.endpoint_url)
    if args.local or (local_by_default and not args.endpoint_url):
        from sagemaker_tuning.testing import LocalSageMaker

        try:
            service = LocalSageMaker(seed=seed, region=args.region or "us-east-1")
            return Connection(service.client(), service.now)
        except ValueError as error:  # botocore's InvalidRegionError, as on AWS below
            raise CommandError(str(error), EXIT_USAGE) from None
    from sagemaker_tuning.client import TuningClient

    config = None
    if local_by_default:
        # The demo never needs an AWS account: against an endpoint of your own (such as
        # `python -m sagemaker_tuning.testing.server`) it sends unsigned requests.
        from botocore import UNSIGNED
        from botocore.config import Config

        config = Config(signature_version=UNSIGNED)
    region = args.region or ("us-east-1" if local_by_default else None)
    session = None
    if args.endpoint_url and is_loopback_url(args.endpoint_url):
        session = _local_session(args.profile)
        # An emulator on this machine (the local server, moto, LocalStack) answers for any
        # region; one is only needed to build the client.
        region = region or session.get_config_variable("region") or "us-east-1"
    try:
        client = TuningClient.create(
            region_name=region,
            profile_name=args.profile,
            endpoint_url=args.endpoint_url,
            config=config,
            session=session,
        )
    except ValueError as error:  # botocore: "Invalid endpoint: ..."
        raise CommandError(str(error), EXIT_USAGE) from None
    return Connection(client)


#: What a request to an endpoint on this machine is signed with when no credentials are
#: configured: emulators check that a request is signed, not by whom.
LOCAL_CREDENTIALS = ("local", "local")


def is_loopback_url(url: str) -> bool:
    """Whether ``url``'s host is this machine: ``localhost``, 127.0.0.0/8 or ``[::1]``."""
    import ipaddress
    from urllib.parse import urlsplit

    try:
        host = urlsplit(url if "://" in url else f"http://{url}").hostname
    except ValueError:
        return False
    if host is None:
        return False
    if host.lower().rstrip(".") == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.partition("%")[0]).is_loopback
    except ValueError:
        return False  # a host name: it may resolve anywhere, so it gets no stand-in credentials


def _local_session(profile: str | None) -> Any:
    """A botocore session for an endpoint on this machine: the configured credentials if any,
    else :data:`LOCAL_CREDENTIALS` (never sent anywhere but to that endpoint)."""
    import botocore.session
    from botocore import exceptions as bx

    session = botocore.session.Session(profile=profile)
    try:
        credentials = session.get_credentials()
    except bx.BotoCoreError:
        credentials = None  # an unusable profile: the client's own calls report it
    if credentials is None:
        session.set_credentials(*LOCAL_CREDENTIALS)
    return session


def _check_endpoint(url: str) -> None:
    """Refuse a URL scheme botocore cannot send to, before any call: exit 2, like every other
    configuration mistake (botocore accepts ``ftp://`` here and fails only when it sends, as
    a connection error; what is no URL at all it refuses itself, below)."""
    scheme = url.partition("://")[0].lower() if "://" in url else None
    if scheme is not None and scheme not in ("http", "https"):
        raise CommandError(
            f"invalid --endpoint-url {url!r}: expected an http:// or https:// URL", EXIT_USAGE
        )


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
    """Wait for the job with a progress display; Ctrl-C stops the waiting, not the job.

    The display redraws every second between polls and shows the expected end that the
    waiter's :class:`~sagemaker_tuning.progress.ProgressSchedule` forecasts.
    """
    from sagemaker_tuning.workflows.progress import ProgressSchedule

    client = conn.client
    options = {**(defaults or {}), **_wait_options(args)}
    schedule = None
    if not stopped:
        schedule = ProgressSchedule(
            client, name, min_delay=options.get("min_delay"), max_delay=options.get("max_delay")
        )
    display = ProgressDisplay(
        console,
        progress=conn.progress,
        pace=pace,
        now=conn.now,
        forecast=(lambda: schedule.forecast) if schedule is not None else None,
    )
    failures: list[BaseException] = []

    def on_error(error: BaseException) -> None:
        # Said as it happens: an unreachable endpoint must not look like a job still running.
        failures.append(error)
        display.close()
        console.warn(f"poll failed, polling again: {_error_text(error)}")
        display.start()

    display.start()
    try:
        if schedule is not None:
            return client.wait_for_hyper_parameter_tuning_job(
                name, on_poll=display.on_poll, schedule=schedule, on_error=on_error, **options
            )
        return client.wait_for_hyper_parameter_tuning_job_stopped(
            name, on_poll=display.on_poll, on_error=on_error, **options
        )
    except KeyboardInterrupt:
        display.close()
        if display.polls == 0:
            # Nothing ever answered: whether the job exists, let alone runs, is unknown.
            last = f" (last error: {_error_text(failures[-1])})" if failures else ""
            raise _Interrupted(
                f"interrupted: stopped waiting; no answer from the service yet{last}, "
                f"so nothing is known about tuning job {name}"
            ) from None
        raise _Interrupted(
            f"interrupted: stopped waiting; tuning job {name} keeps running "
            f"(stop it with: {PROG} stop {name})"
        ) from None
    finally:
        display.close()


def _error_text(error: BaseException) -> str:
    """An error as one short line: its type and what it says (the line is redacted on output)."""
    text = " ".join(str(error).split())
    return f"{type(error).__name__}: {text}" if text else type(error).__name__
