"""The local HTTP server holds up against misbehaving clients (issue 14, item 7).

Raw sockets to 127.0.0.1 only; every loop is bounded in count and time, and every socket has a
timeout, so a regression fails a test instead of hanging the suite.
"""

from __future__ import annotations

import contextlib
import json
import logging
import re
import signal
import socket
import struct
import subprocess
import sys
import threading
import time
import warnings
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from sagemaker_tuning.testing import LocalSageMaker, LocalSageMakerServer
from sagemaker_tuning.testing import server as server_module
from sagemaker_tuning.testing.server import host_allowed, main

SOCKET_TIMEOUT = 10.0  # no single read in these tests may wait longer
TARGET = "SageMaker.DescribeTrainingJob"
BODY = b'{"TrainingJobName": "nothing-here"}'
# SageMaker answers a DescribeTrainingJob for an unknown name with a ValidationException
# ("Requested resource not found."), as the local service does: the service's own answer.
NOT_FOUND = "ValidationException"


@contextlib.contextmanager
def serving(**limits: Any) -> Iterator[LocalSageMakerServer]:
    with LocalSageMakerServer(LocalSageMaker(seed=1), **limits) as running:
        yield running


def port_of(server: LocalSageMakerServer) -> int:
    return int(server.url.rsplit(":", 1)[1])


def connect(server: LocalSageMakerServer) -> socket.socket:
    return socket.create_connection(("127.0.0.1", port_of(server)), timeout=SOCKET_TIMEOUT)


def request(
    server: LocalSageMakerServer,
    *,
    host: str | None = "{default}",
    body: bytes = BODY,
    headers: dict[str, str] | None = None,
    length: str | None = None,
) -> bytes:
    """The bytes of a POST; ``{default}`` in ``host`` is the server's own ``127.0.0.1:PORT``."""
    lines = ["POST / HTTP/1.1"]
    if host is not None:
        lines.append("Host: " + host.replace("{default}", f"127.0.0.1:{port_of(server)}"))
    lines += [
        "Content-Type: application/x-amz-json-1.1",
        f"X-Amz-Target: {TARGET}",
        f"Content-Length: {len(body) if length is None else length}",
    ]
    lines += [f"{k}: {v}" for k, v in (headers or {}).items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body


def read_response(sock: socket.socket) -> tuple[int, dict[str, str], bytes]:
    """One response: status, headers (lower-case names) and body; bounded reads."""
    data = b""
    for _ in range(1000):
        head, sep, rest = data.partition(b"\r\n\r\n")
        if sep:
            status_line, *header_lines = head.decode("latin-1").split("\r\n")
            headers = {
                k.strip().lower(): v.strip()
                for k, _, v in (line.partition(":") for line in header_lines)
            }
            if len(rest) >= int(headers.get("content-length", "0")):
                return int(status_line.split()[1]), headers, rest
        chunk = sock.recv(65536)
        if not chunk:
            raise AssertionError(f"connection closed before a whole response: {data!r}")
        data += chunk
    raise AssertionError("no complete response after 1000 reads")


def exchange(server: LocalSageMakerServer, data: bytes) -> tuple[int, dict[str, str], Any]:
    with connect(server) as sock:
        sock.sendall(data)
        status, headers, body = read_response(sock)
    return status, headers, json.loads(body) if body else None


def closed_by_server(sock: socket.socket) -> bool:
    """Whether the server closed the connection (end-of-file or reset within SOCKET_TIMEOUT)."""
    try:
        return sock.recv(65536) == b""
    except ConnectionResetError:
        return True


# -- Host header: stops DNS rebinding ----------------------------------------------------


@pytest.mark.parametrize(
    "host",
    [
        "evil.example:{port}",
        "localhost.evil.example:{port}",
        "127.0.0.1:{other}",
        "127.0.0.2:{port}",
        "[::1]:{port}",
        "127.0.0.1",
        "127.0.0.1:{port}:{port}",
    ],
)
def test_a_host_header_naming_another_server_gets_421(host: str) -> None:
    with serving() as server:
        port = port_of(server)
        text = host.format(port=port, other=port + 1 if port < 65535 else port - 1)
        status, headers, body = exchange(server, request(server, host=text))
    assert status == 421
    assert body["__type"] == "MisdirectedRequest"
    assert headers["connection"] == "close"


@pytest.mark.parametrize("host", ["{default}", "localhost:{port}", "LocalHost:{port}"])
def test_the_bound_address_and_localhost_are_accepted_as_host(host: str) -> None:
    with serving() as server:
        text = host.replace("{port}", str(port_of(server)))
        status, _, body = exchange(server, request(server, host=text))
    assert (status, body["__type"]) == (400, NOT_FOUND)


def test_a_request_without_exactly_one_host_header_gets_400() -> None:
    with serving() as server:
        missing = exchange(server, request(server, host=None))
        twice = exchange(server, request(server, headers={"Host": "localhost"}))
    assert [missing[0], twice[0]] == [400, 400]
    assert missing[2]["message"] == twice[2]["message"] == "a request needs exactly one Host header"


def test_allowed_hosts_adds_names_the_host_header_may_carry() -> None:
    with serving(allowed_hosts=["sagemaker.test"]) as server:
        text = f"sagemaker.test:{port_of(server)}"
        status, _, body = exchange(server, request(server, host=text))
    assert (status, body["__type"]) == (400, NOT_FOUND)


@pytest.mark.parametrize(
    ("header", "bound", "expected"),
    [
        ("[::1]:8080", "::1", True),
        ("localhost:8080", "::1", True),
        ("127.0.0.1:8080", "::1", False),
        ("[::1]", "::1", False),  # port 80 implied
        ("::1:8080", "::1", False),  # IPv6 needs brackets
        ("127.0.0.2:8080", "127.0.0.2", True),
        ("192.0.2.7:8080", "0.0.0.0", True),  # a wildcard bind: any address literal
        ("localhost:8080", "0.0.0.0", True),
        ("evil.example:8080", "0.0.0.0", False),
        ("localhost:8080", "192.0.2.7", False),  # not loopback: localhost is another machine
        ("[::1]:8080", "::", True),
        ("[::1]:99999", "::1", False),
        ("", "127.0.0.1", False),
    ],
)
def test_host_allowed_fits_the_bound_address(header: str, bound: str, expected: bool) -> None:
    assert host_allowed(header, bound, 8080) is expected


# -- Content-Length: bounded, numeric, never waited on forever -------------------------------


@pytest.mark.parametrize(
    ("limits", "length"),
    [({"max_body": 1000}, "1001"), ({}, str(10**12)), ({}, "9" * 5000)],
    ids=["over max_body", "a terabyte", "5000 digits"],
)
def test_a_body_over_the_limit_gets_413_before_any_of_it_is_read(
    limits: dict[str, int], length: str
) -> None:
    with serving(**limits) as server:
        # no body is sent at all: an answer proves the server did not wait for it
        status, headers, body = exchange(server, request(server, body=b"", length=length))
    assert status == 413
    assert body["__type"] == "RequestEntityTooLarge"
    assert headers["connection"] == "close"


def test_a_body_at_the_limit_is_served() -> None:
    with serving(max_body=len(BODY)) as server:
        status, _, body = exchange(server, request(server))
    assert (status, body["__type"]) == (400, NOT_FOUND)


def test_expect_100_continue_is_refused_before_the_body_is_invited() -> None:
    with serving(max_body=10) as server:
        data = request(server, body=b"", length="11", headers={"Expect": "100-continue"})
        status, _, body = exchange(server, data)
    assert (status, body["__type"]) == (413, "RequestEntityTooLarge")  # not "100 Continue"


@pytest.mark.parametrize("length", ["-1", "abc", "1e3", "0x10", "+5", "", "١٢", "3, 3"])
def test_a_content_length_that_is_not_a_number_gets_400(length: str) -> None:
    with serving() as server:
        status, headers, body = exchange(server, request(server, length=length))
    assert status == 400
    assert body["message"].startswith("Content-Length must be a number of bytes")
    assert headers["connection"] == "close"


def test_conflicting_content_lengths_get_400_and_chunked_bodies_411() -> None:
    with serving() as server:
        twice = exchange(server, request(server, headers={"Content-Length": "1"}))
        chunked = exchange(server, request(server, headers={"Transfer-Encoding": "chunked"}))
    assert (twice[0], twice[2]["message"]) == (400, "conflicting Content-Length headers")
    assert (chunked[0], chunked[2]["__type"]) == (411, "LengthRequired")


def test_a_body_shorter_than_its_content_length_gets_400_at_the_read_timeout() -> None:
    with serving(read_timeout=0.3) as server, connect(server) as sock:
        sock.sendall(request(server, body=BODY[:10], length=str(len(BODY))))
        status, headers, body = read_response(sock)  # the client keeps the connection open
        assert closed_by_server(sock)
    assert (status, body and json.loads(body)["__type"]) == (400, "IncompleteBody")
    assert headers["connection"] == "close"


def test_a_body_cut_short_by_the_client_gets_400_at_once() -> None:
    with serving() as server, connect(server) as sock:  # default read timeout: 10 s
        sock.sendall(request(server, body=BODY[:10], length=str(len(BODY))))
        sock.shutdown(socket.SHUT_WR)
        status, _, body = read_response(sock)
    assert status == 400
    assert (
        json.loads(body)["message"]
        == f"the body ended after 10 of its {len(BODY)} bytes (Content-Length)"
    )


# -- timeouts free connections and threads -----------------------------------------------


def test_an_idle_connection_is_closed_after_the_idle_timeout() -> None:
    with serving(idle_timeout=0.3) as server, connect(server) as sock:
        assert closed_by_server(sock)  # within SOCKET_TIMEOUT, not never


def test_keep_alive_serves_several_requests_then_closes_when_idle() -> None:
    with serving(idle_timeout=0.3) as server, connect(server) as sock:
        for _ in range(3):
            sock.sendall(request(server))
            status, headers, _ = read_response(sock)
            assert status == 400 and "connection" not in headers
        assert closed_by_server(sock)


def test_a_client_trickling_a_request_is_cut_off_at_the_read_deadline() -> None:
    # Each byte arrives well within any per-read timeout; the deadline covers the request.
    line = b"POST / HTTP/1.1\r\nX-Padding: " + b"x" * 1000
    with serving(read_timeout=0.3, idle_timeout=5) as server, connect(server) as sock:
        sock.settimeout(0.05)
        cut_off = False
        for byte in line[:200]:  # at most 200 x 50 ms = 10 s; the deadline is 0.3 s
            try:
                sock.sendall(bytes([byte]))
                cut_off = sock.recv(1) == b""
            except TimeoutError:
                continue
            except (BrokenPipeError, ConnectionResetError):
                cut_off = True
            if cut_off:
                break
    assert cut_off


def test_half_open_connections_never_hold_more_than_max_connections_threads() -> None:
    # 300 connections that never finish a request: half silent, half stuck mid-headers.
    # Timeouts long enough that no held connection ends before all 300 are open, even on a
    # loaded machine (2 s was not, in a full run on 2 busy cores), and shorter than the
    # clients' own socket timeout.
    limits = {"max_connections": 16, "idle_timeout": 6.0, "read_timeout": 6.0}
    with serving(**limits) as server:
        baseline = threading.active_count()
        sockets = [connect(server) for _ in range(300)]
        try:
            for sock in sockets[::2]:
                with contextlib.suppress(OSError):  # one turned away may be gone already
                    sock.sendall(b"POST / HTTP/1.1\r\nHost: 127.0.0.1\r\n")
            assert threading.active_count() - baseline <= 16
            turned_away = 0
            for sock in sockets:  # every one is answered 503 or closed by a timeout
                data = b""
                with contextlib.suppress(ConnectionResetError):
                    for _ in range(100):
                        chunk = sock.recv(65536)
                        if not chunk:
                            break
                        data += chunk
                turned_away += data.startswith(b"HTTP/1.1 503")
        finally:
            for sock in sockets:
                sock.close()
        assert turned_away >= 300 - 16  # only max_connections of them got a thread
        for _ in range(200):  # the threads end: at most 200 x 50 ms
            if threading.active_count() <= baseline:
                break
            time.sleep(0.05)
        assert threading.active_count() <= baseline
        status, _, body = exchange(server, request(server))  # and the server still serves
    assert (status, body["__type"]) == (400, NOT_FOUND)


def test_a_connection_turned_away_gets_503_that_botocore_retries() -> None:
    with serving(max_connections=1, idle_timeout=5) as server, connect(server) as holder:
        holder.sendall(request(server))
        read_response(holder)  # the one slot is taken by a kept-alive connection
        status, headers, body = exchange(server, request(server))
    assert (status, body["__type"], headers["retry-after"]) == (503, "ServiceUnavailable", "1")


def test_stop_ends_open_connections() -> None:
    server = LocalSageMakerServer(LocalSageMaker(seed=1)).start()  # idle timeout: 15 s
    with connect(server) as sock:
        sock.sendall(request(server))
        read_response(sock)
        server.stop()
        sock.settimeout(5.0)  # shorter than the idle timeout: only stop() can close it
        assert closed_by_server(sock)


# -- disconnects are quiet ---------------------------------------------------------------


def test_client_disconnects_are_logged_quietly_without_tracebacks(
    capfd: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="sagemaker_tuning.testing.server")
    with serving() as server:
        for _ in range(30):  # reset right after the request: the answer meets a dead socket
            sock = connect(server)
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            sock.sendall(request(server) * 20)
            sock.close()
        for _ in range(200):  # the handler threads notice: at most 200 x 50 ms
            if any("disconnected" in r.getMessage() for r in caplog.records):
                break
            time.sleep(0.05)
        status, _, _ = exchange(server, request(server))
    assert status == 400  # still serving
    err = capfd.readouterr().err
    assert "Traceback" not in err and "Exception occurred" not in err
    assert any("disconnected" in r.getMessage() for r in caplog.records)
    assert all(r.levelno <= logging.DEBUG for r in caplog.records if "disconnect" in r.getMessage())


# -- binding: loopback by default, a warning otherwise ------------------------------------


def test_binding_127_0_0_2_is_loopback_and_does_not_warn() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        server = LocalSageMakerServer(LocalSageMaker(), host="127.0.0.2")
    try:
        assert server.url.startswith("http://127.0.0.2:")
    finally:
        server.stop()


def test_binding_ipv6_loopback_gives_a_bracketed_url_and_no_warning() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        server = LocalSageMakerServer(LocalSageMaker(), host="::1")  # bound, never connected to
    try:
        assert server.url.startswith("http://[::1]:")
    finally:
        server.stop()


@pytest.fixture
def pretend_non_loopback(monkeypatch: pytest.MonkeyPatch) -> Callable[[str], None]:
    """Make the server believe it bound ``address`` while it really binds 127.0.0.1.

    Tests never open a port beyond loopback; what is under test is the decision to warn.
    """

    def pretend(address: str) -> None:
        real_bind = server_module._Server.server_bind

        def bind(self: Any) -> None:
            self.server_address = ("::1" if ":" in address else "127.0.0.1", 0)
            real_bind(self)
            self.server_name = address

        monkeypatch.setattr(server_module._Server, "server_bind", bind)

    return pretend


@pytest.mark.parametrize("address", ["0.0.0.0", "192.0.2.7", "::"])
def test_binding_a_non_loopback_address_warns(
    pretend_non_loopback: Callable[[str], None], address: str
) -> None:
    pretend_non_loopback(address)
    with pytest.warns(RuntimeWarning, match="other hosts can reach"):
        server = LocalSageMakerServer(LocalSageMaker(), host=address)
    server.stop()


def test_the_command_line_warns_only_for_non_loopback_addresses(
    pretend_non_loopback: Callable[[str], None],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setattr(LocalSageMakerServer, "serve_forever", lambda self: None)
    assert main(["--host", "127.0.0.2"]) == 0
    quiet = capsys.readouterr()
    pretend_non_loopback("0.0.0.0")
    assert main(["--host", "0.0.0.0"]) == 0
    loud = capsys.readouterr()
    assert quiet.out.startswith("http://127.0.0.2:") and quiet.err == ""
    assert loud.err.count("\n") == 1 and loud.err.startswith("warning: LocalSageMakerServer")


# -- the command line: one-line errors, exit 2 --------------------------------------------


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["--port", "70000"], "expected a port number from 0 to 65535, got '70000'"),
        (["--port", "-1"], "expected a port number"),
        (["--speed", "inf"], "speed must be a number from 1e-06 to 1e+06, got inf"),
        (["--speed", "nan"], "got nan"),
        (["--speed", "-2"], "got -2.0"),
        (["--speed", "0"], "got 0.0"),
        (["--training-seconds", "1", "inf"], "expected a finite number of seconds"),
        (["--failure-rate", "nan"], "failure_rate must be between 0 and 1"),
        (["--idle-timeout", "0"], "must be a finite number of seconds > 0"),
        (["--max-connections", "0"], "expected a number of connections >= 1"),
        # a documentation address (RFC 5737) no interface has: bind fails, nothing is sent
        (["--host", "192.0.2.1"], "cannot listen on 192.0.2.1:0: Cannot assign requested"),
    ],
)
def test_bad_command_lines_exit_2_with_one_line(
    argv: list[str], expected: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as info:
        main(argv)
    err = capsys.readouterr().err
    assert info.value.code == 2
    assert err.count("\n") == 1 and "Traceback" not in err
    assert err.startswith("python -m sagemaker_tuning.testing.server: error: ")
    assert expected in err


def test_a_port_in_use_exits_2_with_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(SystemExit) as info:
            main(["--port", str(port)])
    err = capsys.readouterr().err
    assert info.value.code == 2
    assert err == (
        f"python -m sagemaker_tuning.testing.server: error: cannot listen on 127.0.0.1:{port}: "
        "Address already in use\n"
    )


def test_the_module_serves_on_ipv6_loopback() -> None:
    command = [sys.executable, "-m", "sagemaker_tuning.testing.server", "--host", "::1"]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert process.stdout is not None
        url = process.stdout.readline().strip()
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            _, err = process.communicate(timeout=10)
        finally:
            if process.poll() is None:
                process.kill()
                process.wait()
    assert url.startswith("http://[::1]:"), err
    assert (process.returncode, err) == (0, "")


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({"port": 70000}, "port must be from 0 to 65535"),
        ({"port": True}, "port must be an integer"),
        ({"speed": float("inf")}, "speed must be a number from 1e-06 to 1e+06"),
        ({"idle_timeout": 0}, "idle_timeout must be a finite number of seconds > 0"),
        ({"read_timeout": float("nan")}, "read_timeout must be a finite number"),
        ({"max_body": -1}, "max_body must be an integer >= 0"),
        ({"max_connections": 0}, "max_connections must be an integer >= 1"),
        ({"allowed_hosts": "sagemaker.test"}, "allowed_hosts must be a sequence"),
    ],
)
def test_bad_limits_are_refused_before_binding(kwargs: dict[str, Any], expected: str) -> None:
    with pytest.raises(ValueError, match=re.escape(expected)):
        LocalSageMakerServer(**kwargs)
