"""Serve :class:`~sagemaker_tuning.testing.LocalSageMaker` over HTTP, for clients in other processes.

``python -m sagemaker_tuning.testing.server --port 0`` binds 127.0.0.1 (never
another interface unless ``--host`` says so), prints its URL on the first line
of standard output and serves until interrupted; point any SageMaker client at
it with ``--endpoint-url`` (AWS CLI) or ``endpoint_url=`` (botocore, boto3).
Time runs on the wall clock, ``--speed`` times faster.

In a test, :class:`LocalSageMakerServer` does the same in a background thread::

    with LocalSageMakerServer() as server:
        subprocess.run(["aws", "sagemaker", "...", "--endpoint-url", server.url], check=True)
"""

from __future__ import annotations

import argparse
import json
import signal
import sys
import threading
from collections.abc import Sequence
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import FrameType
from typing import TYPE_CHECKING, Any, cast

from sagemaker_tuning.testing._simulation import Timing
from sagemaker_tuning.testing.local import LocalSageMaker, RealClock, _session

if TYPE_CHECKING:
    from sagemaker_tuning.client import TuningClient

__all__ = ["LocalSageMakerServer", "main"]

_LOOPBACK = ("127.0.0.1", "localhost", "::1")


class _Handler(BaseHTTPRequestHandler):
    """One AWS JSON 1.1 request: POST / with ``X-Amz-Target``."""

    protocol_version = "HTTP/1.1"  # keep-alive, as botocore's connection pool expects
    # Headers and body go out in two writes; with Nagle's algorithm the second waits for
    # the client's delayed ACK, 40 ms per request.
    disable_nagle_algorithm = True

    @property
    def _service(self) -> LocalSageMaker:
        # Handlers are only ever built by _Server, which carries the service.
        return cast(_Server, self.server).service

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        target = self.headers.get("X-Amz-Target") or ""
        try:
            status, headers, payload = self._service.handle(target, body)
        except Exception as error:  # a bug in the emulation: answer as the service would
            payload = json.dumps(
                {"__type": "InternalFailure", "message": f"{type(error).__name__}: {error}"}
            ).encode()
            status, headers = 500, {"Content-Type": "application/x-amz-json-1.1"}
            headers["Content-Length"] = str(len(payload))
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(payload)

    def do_GET(self) -> None:
        payload = b'{"__type":"UnknownOperationException","message":"POST AWS JSON 1.1 requests"}'
        self.send_response(404)
        self.send_header("Content-Type", "application/x-amz-json-1.1")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, format: str, *args: Any) -> None:
        if getattr(self.server, "verbose", False):
            super().log_message(format, *args)


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, address: tuple[str, int], service: LocalSageMaker, verbose: bool) -> None:
        self.service = service
        self.verbose = verbose
        super().__init__(address, _Handler)


class LocalSageMakerServer:
    """A :class:`~sagemaker_tuning.testing.LocalSageMaker` served over HTTP.

    ``service`` defaults to one on a :class:`~sagemaker_tuning.testing.RealClock`
    running ``speed`` times faster than real time. ``port=0`` picks a free
    port. Use it as a context manager, or :meth:`start` and :meth:`stop`.
    """

    def __init__(
        self,
        service: LocalSageMaker | None = None,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        speed: float = 1.0,
        verbose: bool = False,
    ) -> None:
        self.service = service if service is not None else LocalSageMaker(clock=RealClock(speed))
        self._httpd = _Server((host, port), self.service, verbose)
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        """The endpoint URL, e.g. ``http://127.0.0.1:49152``."""
        host, port = self._httpd.server_address[:2]
        text = host.decode() if isinstance(host, bytes) else str(host)
        shown = f"[{text}]" if ":" in text else text
        return f"http://{shown}:{port}"

    def start(self) -> LocalSageMakerServer:
        """Serve in a background (daemon) thread; returns the server."""
        if self._thread is None:
            self._thread = threading.Thread(
                target=self.serve_forever, name="LocalSageMakerServer", daemon=True
            )
            self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and close the socket."""
        if self._thread is not None:
            self._httpd.shutdown()
            self._thread.join()
            self._thread = None
        self._httpd.server_close()

    def serve_forever(self) -> None:
        """Serve in the calling thread until :meth:`stop` is called from another."""
        # A short poll interval: stop() waits for the loop to notice, up to this long.
        self._httpd.serve_forever(poll_interval=0.05)

    def __enter__(self) -> LocalSageMakerServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def botocore_client(self) -> Any:
        """A botocore SageMaker client pointed at this server (fake credentials)."""
        return _session().create_client(
            "sagemaker",
            region_name=self.service.region,
            endpoint_url=self.url,
            aws_access_key_id="local",
            aws_secret_access_key="local",
        )

    def client(self) -> TuningClient:
        """A :class:`~sagemaker_tuning.TuningClient` over HTTP; its waiters use the service clock."""
        from sagemaker_tuning.client import TuningClient

        clock = self.service.clock
        return TuningClient(self.botocore_client(), clock=clock.time, sleep=clock.sleep)

    def __repr__(self) -> str:
        return f"LocalSageMakerServer({self.url})"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m sagemaker_tuning.testing.server",
        description="Serve an emulated SageMaker tuning API over HTTP (AWS JSON 1.1).",
    )
    parser.add_argument("--host", default="127.0.0.1", help="interface (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=0, help="port (default 0: a free one)")
    parser.add_argument(
        "--speed", type=float, default=1.0, help="how much faster than real time jobs run"
    )
    parser.add_argument("--seed", type=int, default=0, help="seed of the emulation")
    parser.add_argument(
        "--failure-rate", type=float, default=0.1, help="chance a training job fails"
    )
    parser.add_argument(
        "--training-seconds",
        type=float,
        nargs=2,
        metavar=("MIN", "MAX"),
        default=None,
        help="range of a training job's run time, in emulated seconds",
    )
    parser.add_argument("--verbose", action="store_true", help="log every request to stderr")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the server until SIGINT or SIGTERM; print its URL first."""
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        training = args.training_seconds
        timing = Timing() if training is None else Timing(training=(training[0], training[1]))
        service = LocalSageMaker(
            seed=args.seed,
            clock=RealClock(args.speed),
            failure_rate=args.failure_rate,
            timing=timing,
        )
    except ValueError as error:
        parser.error(str(error))
    server = LocalSageMakerServer(service, host=args.host, port=args.port, verbose=args.verbose)
    if args.host not in _LOOPBACK:
        print(f"warning: serving on {args.host}, reachable from other hosts", file=sys.stderr)

    def interrupt(signum: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, interrupt)
    print(server.url, flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
