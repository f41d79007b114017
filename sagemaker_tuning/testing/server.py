"""Serve :class:`~sagemaker_tuning.testing.LocalSageMaker` over HTTP, for clients in other processes.

``python -m sagemaker_tuning.testing.server --port 0`` binds 127.0.0.1 (never
another interface unless ``--host`` says so), prints its URL on the first line
of standard output and serves until interrupted; point any SageMaker client at
it with ``--endpoint-url`` (AWS CLI) or ``endpoint_url=`` (botocore, boto3, aiobotocore).
Time runs on the wall clock, ``--speed`` times faster; ``--rate-limit
DescribeHyperParameterTuningJob=10`` (repeatable) throttles an operation beyond a rate.

In a test, :class:`LocalSageMakerServer` does the same in a background thread::

    with LocalSageMakerServer() as server:
        subprocess.run(["aws", "sagemaker", "...", "--endpoint-url", server.url], check=True)

The server holds up against clients that misbehave, as a web server facing the open network
would: a connection waits at most ``idle_timeout`` seconds for its next request and a request
(headers and body) must arrive within ``read_timeout`` seconds of its first byte, so stalled and
trickling connections free their threads; at most ``max_connections`` are served at once (more
get ``503``); bodies over ``max_body`` bytes get ``413`` before anything is read; a
``Content-Length`` that is not a number gets ``400``; a ``Host`` header that names another
server gets ``421``, which stops a web page from reaching it through DNS rebinding; clients
that disconnect are logged in one quiet line, never with a traceback.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import ipaddress
import json
import math
import signal
import socket
import socketserver
import sys
import threading
import time
import warnings
from collections.abc import AsyncIterator, Callable, Iterable, Mapping, Sequence
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import FrameType
from typing import TYPE_CHECKING, Any, Final, NoReturn, cast

from sagemaker_tuning import _logs
from sagemaker_tuning.testing._rates import parse_rate_limit
from sagemaker_tuning.testing._simulation import Timing
from sagemaker_tuning.testing.local import (
    LocalSageMaker,
    RealClock,
    _aio_session,
    _session,
    sleep_async,
)

if TYPE_CHECKING:
    from _typeshed import WriteableBuffer

    from sagemaker_tuning.aio import AsyncTuningClient
    from sagemaker_tuning.client import TuningClient

__all__ = [
    "IDLE_TIMEOUT",
    "MAX_BODY",
    "MAX_CONNECTIONS",
    "READ_TIMEOUT",
    "LocalSageMakerServer",
    "host_allowed",
    "main",
    "serve_until_interrupted",
]

_log = _logs.get(__name__)

#: Seconds a connection may wait for its next request before it is closed. botocore's
#: connection pool notices a closed idle connection and opens a new one, so closing early
#: costs a client nothing; Apache's default keep-alive timeout is 5 s, nginx's 75 s.
IDLE_TIMEOUT: Final = 15.0
#: Seconds to receive a whole request (headers and body) from its first byte, and to send
#: the answer. A local client sends a request in one go; only a stalled one takes longer.
READ_TIMEOUT: Final = 10.0
#: Largest request body, in bytes. The demo's Create request is 1.2 KB; the model's largest
#: parts (10 definitions, each with 100 static hyperparameters of up to 256 + 2 500
#: characters and 30 categorical ranges of 30 values of 256) come to about 5 MB of ASCII.
MAX_BODY: Final = 16 * 1024 * 1024
#: Connections served at once; each takes a thread. Beyond it a connection gets ``503``
#: (botocore retries that) instead of a thread.
MAX_CONNECTIONS: Final = 64
#: ``speed`` must lie in this range: faster, and a day of wall time passes the year 9999 of
#: the emulated clock; slower, and a waiter's sleep of minutes overflows ``time.sleep``.
SPEED_RANGE: Final = (1e-6, 1e6)

_JSON: Final = "application/x-amz-json-1.1"


class _RequestReader(io.RawIOBase):
    """The read side of a connection, under a deadline rather than a per-``recv`` timeout.

    A socket timeout bounds each ``recv``, so a client sending one byte every few seconds
    would hold its thread forever. Here, between requests the deadline is ``idle`` seconds
    away; from the first byte of a request, ``read`` seconds, for all of it.
    """

    def __init__(self, connection: socket.socket, idle: float, read: float) -> None:
        super().__init__()
        self._connection, self._idle, self._read = connection, idle, read
        self._deadline = 0.0
        self._between = True

    def readable(self) -> bool:
        return True

    def await_request(self) -> None:
        """Start waiting for the next request."""
        self._between = True
        self._deadline = time.monotonic() + self._idle

    def readinto(self, buffer: WriteableBuffer) -> int:
        left = self._deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError("the connection's deadline passed")
        self._connection.settimeout(left)
        count = self._connection.recv_into(buffer)
        if count and self._between:
            self._between = False
            self._deadline = time.monotonic() + self._read
        return count


class _Refused(Exception):
    """A request the server answers with an error status and then closes the connection."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


class _Handler(BaseHTTPRequestHandler):
    """One connection: AWS JSON 1.1 requests, POST / with ``X-Amz-Target``."""

    protocol_version = "HTTP/1.1"  # keep-alive, as botocore's connection pool expects
    # Headers and body go out in two writes; with Nagle's algorithm the second waits for
    # the client's delayed ACK, 40 ms per request.
    disable_nagle_algorithm = True
    _reader: _RequestReader
    _length = 0
    _admitted = False

    @property
    def _server(self) -> _Server:
        # Handlers are only ever built by _Server.
        return cast(_Server, self.server)

    @property
    def _service(self) -> LocalSageMaker:
        return self._server.service

    def setup(self) -> None:
        super().setup()
        server = self._server
        server.opened(self.connection)
        self.rfile.close()  # the plain socket file: replaced by one under a deadline
        self._reader = _RequestReader(self.connection, server.idle_timeout, server.read_timeout)
        self.rfile = io.BufferedReader(self._reader)

    def finish(self) -> None:
        try:
            super().finish()
        finally:
            self._server.closed(self.connection)

    def handle(self) -> None:
        try:
            super().handle()
        except OSError as error:  # reset, broken pipe, timeout: the client went away
            self._gone(error)

    def handle_one_request(self) -> None:
        self._reader.await_request()
        self._admitted = False
        super().handle_one_request()

    def _gone(self, error: OSError) -> None:
        self.close_connection = True
        _log.debug("client %s disconnected: %s", self.client_address[0], error)
        if self._server.verbose:
            self.log_message("client disconnected: %s", error)

    # -- admission: Host and Content-Length, before any of the body is read ----------------

    def parse_request(self) -> bool:
        if not super().parse_request():  # may call handle_expect_100, which admits
            return False
        return self._admitted or self._admit()

    def handle_expect_100(self) -> bool:
        # Refuse before inviting the body: "100 Continue" for a request about to get 413
        # would have the client send gigabytes for nothing.
        return self._admit() and super().handle_expect_100()

    def _admit(self) -> bool:
        self._admitted = True
        try:
            self._server.check_host(self.headers.get_all("Host") or [])
            self._length = self._content_length()
        except _Refused as refusal:
            self._refuse(refusal)
            return False
        return True

    def _content_length(self) -> int:
        if self.headers.get("Transfer-Encoding") is not None:
            raise _Refused(411, "LengthRequired", "send the body with a Content-Length")
        texts = {v.strip() for v in self.headers.get_all("Content-Length") or []}
        if not texts:
            return 0
        if len(texts) > 1:
            raise _Refused(400, "BadRequest", "conflicting Content-Length headers")
        text = texts.pop()
        if not (text.isascii() and text.isdigit()):
            shown = text if len(text) <= 40 else text[:37] + "..."
            raise _Refused(
                400, "BadRequest", f"Content-Length must be a number of bytes, got {shown!r}"
            )
        limit = self._server.max_body
        # Compare lengths first: int() of a very long digit string is slow.
        if len(text.lstrip("0")) > len(str(limit)) or int(text) > limit:
            raise _Refused(413, "RequestEntityTooLarge", f"the body may be at most {limit} bytes")
        return int(text)

    # -- answers -------------------------------------------------------------------------

    def end_headers(self) -> None:
        # Writing the answer gets the read timeout too: a client that stops reading must not
        # hold the thread (the socket still carries the reader's last, possibly tiny, one).
        self.connection.settimeout(self._server.read_timeout)
        super().end_headers()

    def _send(self, status: int, headers: dict[str, str], payload: bytes) -> None:
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(payload)

    def _refuse(self, refusal: _Refused) -> None:
        """Answer with an error in the service's own form and close the connection."""
        self.close_connection = True
        payload = json.dumps({"__type": refusal.code, "message": refusal.message}).encode()
        headers = {"Content-Type": _JSON, "Content-Length": str(len(payload))}
        self._send(refusal.status, headers, payload)

    def do_POST(self) -> None:
        length = self._length
        try:
            body = self.rfile.read(length) if length else b""
        except TimeoutError:
            seconds = self._server.read_timeout
            self._refuse(
                _Refused(
                    400,
                    "IncompleteBody",
                    f"the body did not arrive within {seconds:g} s (Content-Length {length})",
                )
            )
            return
        if len(body) < length:  # the client stopped sending: no more requests on this one
            self._refuse(
                _Refused(
                    400,
                    "IncompleteBody",
                    f"the body ended after {len(body)} of its {length} bytes (Content-Length)",
                )
            )
            return
        target = self.headers.get("X-Amz-Target") or ""
        try:
            status, headers, payload = self._service.handle(target, body)
        except Exception as error:  # a bug in the emulation: answer as the service would
            payload = json.dumps(
                {"__type": "InternalFailure", "message": f"{type(error).__name__}: {error}"}
            ).encode()
            status, headers = 500, {"Content-Type": _JSON}
            headers["Content-Length"] = str(len(payload))
        self._send(status, headers, payload)

    def do_GET(self) -> None:
        if self._length:  # a body this server never reads: the connection cannot go on
            self.close_connection = True
        payload = b'{"__type":"UnknownOperationException","message":"POST AWS JSON 1.1 requests"}'
        self._send(404, {"Content-Type": _JSON, "Content-Length": str(len(payload))}, payload)

    def log_message(self, format: str, *args: Any) -> None:
        if self._server.verbose:
            super().log_message(format, *args)


def _split_host(header: str) -> tuple[str, int] | None:
    """``(host, port)`` of a Host header (port 80 if absent); ``None`` if it is malformed."""
    text = header.strip().lower()
    if text.startswith("["):
        end = text.find("]")
        if end < 0:
            return None
        host, rest = text[1:end], text[end + 1 :]
        if rest and not rest.startswith(":"):
            return None
        port = rest[1:] if rest else "80"
    elif text.count(":") == 1:
        host, port = text.split(":")
    elif ":" not in text:
        host, port = text, "80"
    else:
        return None  # an IPv6 address must be in brackets
    if not (port.isascii() and port.isdigit() and len(port) <= 5):
        return None
    return host, int(port)


def host_allowed(header: str, bound: str, port: int, names: Iterable[str] = ()) -> bool:
    """Whether a ``Host`` header names a server bound to address ``bound``, port ``port``.

    Accepted: the bound address itself (``127.0.0.1:PORT``, ``[::1]:PORT``); ``localhost``
    when the address is loopback; any IP literal when it is a wildcard (``0.0.0.0``, ``::``);
    and the extra ``names``. A DNS rebinding attack always sends its own domain name, which
    none of these is.
    """
    split = _split_host(header)
    if split is None or split[1] != port:
        return False
    host = split[0]
    server = ipaddress.ip_address(bound.partition("%")[0])  # "%": an IPv6 zone
    if host == "localhost":
        return server.is_loopback or server.is_unspecified
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return host in {n.lower() for n in names}
    return address == server or server.is_unspecified


def _is_ipv6(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).version == 6
    except ValueError:
        return False  # a name: resolved as IPv4, as the server always did


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    # The listen backlog: the default of 5 drops connection bursts (SYN retries, 1 s each).
    request_queue_size = 128

    def __init__(
        self,
        address: tuple[str, int],
        service: LocalSageMaker,
        *,
        verbose: bool,
        idle_timeout: float,
        read_timeout: float,
        max_body: int,
        max_connections: int,
        allowed_hosts: Sequence[str],
    ) -> None:
        self.service = service
        self.verbose = verbose
        self.idle_timeout, self.read_timeout = idle_timeout, read_timeout
        self.max_body, self.max_connections = max_body, max_connections
        self.allowed_hosts = tuple(allowed_hosts)
        self._slots = threading.BoundedSemaphore(max_connections)
        self._lock = threading.Lock()
        self._open: set[socket.socket] = set()
        if _is_ipv6(address[0]):
            self.address_family = socket.AF_INET6
        super().__init__(address, _Handler)

    def server_bind(self) -> None:
        # HTTPServer.server_bind also asks DNS for the host's full name (socket.getfqdn),
        # which can stall start-up for seconds; nothing here uses it.
        socketserver.TCPServer.server_bind(self)
        host, port = self.server_address[:2]
        self.server_name = host.decode() if isinstance(host, bytes) else str(host)
        self.server_port = int(port)

    def check_host(self, values: list[str]) -> None:
        """Raise :class:`_Refused` unless there is one Host header and it names this server."""
        if len(values) != 1:
            raise _Refused(400, "BadRequest", "a request needs exactly one Host header")
        if not host_allowed(values[0], self.server_name, self.server_port, self.allowed_hosts):
            shown = values[0] if len(values[0]) <= 60 else values[0][:57] + "..."
            raise _Refused(
                421,
                "MisdirectedRequest",
                f"Host {shown!r} does not name this server ({self.server_name} port "
                f"{self.server_port}); add it to allowed_hosts (--allow-host) if it should",
            )

    # -- bounded threads ---------------------------------------------------------------

    def process_request(self, request: Any, client_address: Any) -> None:
        if not self._slots.acquire(blocking=False):
            self._turn_away(request)
            return
        try:
            super().process_request(request, client_address)
        except BaseException:  # no thread started: its slot is free again
            self._slots.release()
            raise

    def process_request_thread(self, request: Any, client_address: Any) -> None:
        try:
            super().process_request_thread(request, client_address)
        finally:
            self._slots.release()

    def _turn_away(self, request: socket.socket) -> None:
        """Answer ``503`` from the accepting thread, without blocking it, and close."""
        payload = json.dumps(
            {
                "__type": "ServiceUnavailable",
                "message": f"{self.max_connections} connections are open; try again",
            }
        ).encode()
        head = (
            f"HTTP/1.1 503 {HTTPStatus(503).phrase}\r\nContent-Type: {_JSON}\r\n"
            f"Content-Length: {len(payload)}\r\nRetry-After: 1\r\nConnection: close\r\n\r\n"
        )
        try:
            request.setblocking(False)
            request.send(head.encode() + payload)
        except OSError:
            pass  # its send buffer is full or it is gone: closing is all that is left
        _log.debug("turned a connection away: %d are open", self.max_connections)
        self.shutdown_request(request)

    def opened(self, connection: socket.socket) -> None:
        with self._lock:
            self._open.add(connection)

    def closed(self, connection: socket.socket) -> None:
        with self._lock:
            self._open.discard(connection)

    def close_connections(self) -> None:
        """End every open connection: their threads see end-of-file and finish."""
        with self._lock:
            open_now = list(self._open)
        for connection in open_now:
            try:
                connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass  # already closed

    def handle_error(self, request: Any, client_address: Any) -> None:
        error = sys.exc_info()[1]
        if isinstance(error, OSError):  # the connection failed, not the server
            _log.debug("connection from %s failed: %s", client_address, error)
            return
        super().handle_error(request, client_address)


def _is_loopback(address: str) -> bool:
    return ipaddress.ip_address(address.partition("%")[0]).is_loopback


def _positive(name: str, value: object) -> float:
    if (
        isinstance(value, bool)
        or not isinstance(value, (int, float))
        or not math.isfinite(value)
        or value <= 0
    ):
        raise ValueError(f"{name} must be a finite number of seconds > 0, got {value!r}")
    return float(value)


def _check_speed(speed: object) -> float:
    low, high = SPEED_RANGE
    if (
        isinstance(speed, bool)
        or not isinstance(speed, (int, float))
        or not low <= speed <= high  # also refuses NaN
    ):
        raise ValueError(f"speed must be a number from {low:g} to {high:g}, got {speed!r}")
    return float(speed)


def _count(name: str, value: object, low: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < low:
        raise ValueError(f"{name} must be an integer >= {low}, got {value!r}")
    return value


class LocalSageMakerServer:
    """A :class:`~sagemaker_tuning.testing.LocalSageMaker` served over HTTP.

    ``service`` defaults to one on a :class:`~sagemaker_tuning.testing.RealClock`
    running ``speed`` times faster than real time (from 1e-6 to 1e6), with
    ``rate_limits`` (see :class:`~sagemaker_tuning.testing.LocalSageMaker`; a service you
    pass brings its own). ``port=0`` picks
    a free port. Use it as a context manager, or :meth:`start` and :meth:`stop`.

    ``host`` is the interface, 127.0.0.1 by default; an IPv6 address (``::1``) binds
    IPv6. Binding an address that is not loopback warns (``RuntimeWarning``): the
    emulation has no authentication. The limits (see the module docstring) are
    ``idle_timeout``, ``read_timeout``, ``max_body`` and ``max_connections``;
    ``allowed_hosts`` adds host names the ``Host`` header may carry besides the bound
    address and ``localhost``.
    """

    def __init__(
        self,
        service: LocalSageMaker | None = None,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        speed: float = 1.0,
        verbose: bool = False,
        idle_timeout: float = IDLE_TIMEOUT,
        read_timeout: float = READ_TIMEOUT,
        max_body: int = MAX_BODY,
        max_connections: int = MAX_CONNECTIONS,
        allowed_hosts: Sequence[str] = (),
        rate_limits: Mapping[str, float] | None = None,
    ) -> None:
        if not isinstance(host, str) or not host:
            raise ValueError(f"host must be an interface name or address, got {host!r}")
        if _count("port", port, 0) > 65535:
            raise ValueError(f"port must be from 0 to 65535, got {port!r}")
        if isinstance(allowed_hosts, str):
            raise ValueError("allowed_hosts must be a sequence of host names, not one string")
        if service is None:
            service = LocalSageMaker(clock=RealClock(_check_speed(speed)), rate_limits=rate_limits)
        elif rate_limits is not None:
            raise ValueError(
                "rate_limits: pass them to the LocalSageMaker you serve "
                "(LocalSageMaker(rate_limits=...)); the server has none of its own"
            )
        self.service = service
        self._httpd = _Server(
            (host.removeprefix("[").removesuffix("]"), port),
            self.service,
            verbose=verbose,
            idle_timeout=_positive("idle_timeout", idle_timeout),
            read_timeout=_positive("read_timeout", read_timeout),
            max_body=_count("max_body", max_body, 0),
            max_connections=_count("max_connections", max_connections, 1),
            allowed_hosts=allowed_hosts,
        )
        self._thread: threading.Thread | None = None
        if not _is_loopback(self._httpd.server_name):
            warnings.warn(
                f"LocalSageMakerServer is listening on {self.url}, which other hosts can "
                "reach; the emulation has no authentication",
                RuntimeWarning,
                stacklevel=2,
            )

    @property
    def url(self) -> str:
        """The endpoint URL, e.g. ``http://127.0.0.1:49152``."""
        host, port = self._httpd.server_name, self._httpd.server_port
        shown = f"[{host}]" if ":" in host else host
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
        """Stop serving, end the open connections and close the socket."""
        if self._thread is not None:
            self._httpd.shutdown()
            self._thread.join()
            self._thread = None
        self._httpd.close_connections()
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

    def aio_botocore_client(
        self, config: Any = None
    ) -> contextlib.AbstractAsyncContextManager[Any]:
        """An aiobotocore SageMaker client pointed at this server (the ``async`` extra).

        ``async with server.aio_botocore_client() as boto: ...``; fake credentials,
        ``config`` an ``AioConfig``. Any aiobotocore client with ``endpoint_url=server.url``
        works the same.
        """
        return self._aio_botocore_client(config)

    @contextlib.asynccontextmanager
    async def _aio_botocore_client(self, config: Any) -> AsyncIterator[Any]:
        async with _aio_session().create_client(
            "sagemaker",
            region_name=self.service.region,
            endpoint_url=self.url,
            aws_access_key_id="local",
            aws_secret_access_key="local",
            config=config,
        ) as client:
            yield client

    def aio_client(
        self, config: Any = None
    ) -> contextlib.AbstractAsyncContextManager[AsyncTuningClient]:
        """An :class:`~sagemaker_tuning.aio.AsyncTuningClient` over HTTP; it waits on the service clock."""
        return self._aio_client(config)

    @contextlib.asynccontextmanager
    async def _aio_client(self, config: Any) -> AsyncIterator[AsyncTuningClient]:
        from sagemaker_tuning.aio import AsyncTuningClient

        clock = self.service.clock
        async with self.aio_botocore_client(config) as boto:
            yield AsyncTuningClient(boto, clock=clock.time, sleep=sleep_async(clock))

    def __repr__(self) -> str:
        return f"LocalSageMakerServer({self.url})"


# -- the command line ------------------------------------------------------------------


class _Parser(argparse.ArgumentParser):
    """argparse with one-line errors: ``prog: error: what was wrong`` and exit 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message} (see --help)\n")


def _arg(convert: Any) -> Any:
    """An argparse ``type`` from a checking function: its ValueError becomes a usage error."""

    def parse(text: str) -> Any:
        try:
            return convert(text)
        except ValueError as error:
            raise argparse.ArgumentTypeError(str(error)) from None

    parse.__name__ = getattr(convert, "__name__", "value")
    return parse


def _port(text: str) -> int:
    if not (text.isascii() and text.isdigit()) or int(text) > 65535:
        raise ValueError(f"expected a port number from 0 to 65535, got {text!r}")
    return int(text)


def _number(text: str) -> float:
    try:
        return float(text)
    except ValueError:
        raise ValueError(f"expected a number, got {text!r}") from None


def _speed(text: str) -> float:
    return _check_speed(_number(text))


def _seconds(text: str) -> float:
    value = _number(text)
    if not (math.isfinite(value) and value >= 0):
        raise ValueError(f"expected a finite number of seconds >= 0, got {text!r}")
    return value


def _timeout(text: str) -> float:
    return _positive("the timeout", _number(text))


def _size(text: str) -> int:
    if not (text.isascii() and text.isdigit()) or len(text) > 18:
        raise ValueError(f"expected a number of bytes, got {text!r}")
    return int(text)


def _connections(text: str) -> int:
    if not (text.isascii() and text.isdigit()) or len(text) > 9 or int(text) < 1:
        raise ValueError(f"expected a number of connections >= 1, got {text!r}")
    return int(text)


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="python -m sagemaker_tuning.testing.server",
        description="Serve an emulated SageMaker tuning API over HTTP (AWS JSON 1.1).",
    )
    parser.add_argument(
        "--host", default="127.0.0.1", help="interface, IPv4 or IPv6 (default 127.0.0.1)"
    )
    parser.add_argument("--port", type=_arg(_port), default=0, help="port (default 0: a free one)")
    parser.add_argument(
        "--speed",
        type=_arg(_speed),
        default=1.0,
        help="how much faster than real time jobs run (1e-6 to 1e6)",
    )
    parser.add_argument("--seed", type=int, default=0, help="seed of the emulation")
    parser.add_argument(
        "--rate-limit",
        type=_arg(parse_rate_limit),
        action="append",
        default=[],
        metavar="OPERATION=RATE",
        help="throttle OPERATION (a wire name, e.g. DescribeHyperParameterTuningJob) beyond "
        "RATE requests per second of the service's clock (repeatable)",
    )
    parser.add_argument(
        "--failure-rate", type=_arg(_number), default=0.1, help="chance a training job fails"
    )
    parser.add_argument(
        "--training-seconds",
        type=_arg(_seconds),
        nargs=2,
        metavar=("MIN", "MAX"),
        default=None,
        help="range of a training job's run time, in emulated seconds",
    )
    limits = parser.add_argument_group("limits")
    limits.add_argument(
        "--idle-timeout",
        type=_arg(_timeout),
        default=IDLE_TIMEOUT,
        metavar="S",
        help=f"close a connection idle this long (default {IDLE_TIMEOUT:g} s)",
    )
    limits.add_argument(
        "--read-timeout",
        type=_arg(_timeout),
        default=READ_TIMEOUT,
        metavar="S",
        help=f"time to receive a request or send an answer (default {READ_TIMEOUT:g} s)",
    )
    limits.add_argument(
        "--max-body",
        type=_arg(_size),
        default=MAX_BODY,
        metavar="BYTES",
        help=f"largest request body; larger ones get 413 (default {MAX_BODY})",
    )
    limits.add_argument(
        "--max-connections",
        type=_arg(_connections),
        default=MAX_CONNECTIONS,
        metavar="N",
        help=f"connections served at once; more get 503 (default {MAX_CONNECTIONS})",
    )
    limits.add_argument(
        "--allow-host",
        action="append",
        default=[],
        metavar="NAME",
        help="a host name the Host header may carry besides the address and localhost",
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
            rate_limits=dict(args.rate_limit),
        )
    except ValueError as error:
        parser.error(str(error))
    where = f"[{args.host}]" if ":" in args.host and not args.host.startswith("[") else args.host
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            server = LocalSageMakerServer(
                service,
                host=args.host,
                port=args.port,
                verbose=args.verbose,
                idle_timeout=args.idle_timeout,
                read_timeout=args.read_timeout,
                max_body=args.max_body,
                max_connections=args.max_connections,
                allowed_hosts=args.allow_host,
            )
    except (OSError, ValueError) as error:
        reason = error.strerror if isinstance(error, OSError) and error.strerror else error
        parser.exit(2, f"{parser.prog}: error: cannot listen on {where}:{args.port}: {reason}\n")
    for warning in caught:
        print(f"warning: {warning.message}", file=sys.stderr)
    serve_until_interrupted(server, lambda: print(server.url, flush=True))
    return 0


def serve_until_interrupted(server: LocalSageMakerServer, started: Callable[[], None]) -> None:
    """Serve in this (the main) thread until SIGINT or SIGTERM, then stop the server.

    ``started`` runs once the signal handler is in place, before the first request is served
    (to announce the URL).
    """

    def interrupt(signum: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        started()
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
        signal.signal(signal.SIGTERM, previous)


if __name__ == "__main__":
    sys.exit(main())
