"""Rate limits of the local service: ThrottlingException beyond a rate, counted, retried.

``LocalSageMaker(rate_limits=...)``, ``LocalSageMakerServer(rate_limits=...)`` and the
``--rate-limit`` option of both commands (sagemaker_tuning.testing._rates).
"""

from __future__ import annotations

import math
import signal
import subprocess
import sys
from typing import Any

import botocore.session
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

from sagemaker_tuning.cli.parser import UsageError, build_parser
from sagemaker_tuning.errors import ServiceError
from sagemaker_tuning.testing import LocalSageMaker, LocalSageMakerServer, sample_request
from sagemaker_tuning.testing._rates import RateLimits, parse_rate_limit
from sagemaker_tuning.testing.server import main as server_main

DESCRIBE = "DescribeHyperParameterTuningJob"
NO_RETRIES = Config(retries={"total_max_attempts": 1})
STANDARD = Config(retries={"mode": "standard", "total_max_attempts": 5})


def with_job(service: LocalSageMaker) -> None:
    service.client().create_hyper_parameter_tuning_job(sample_request("rated", max_jobs=2))


def test_calls_beyond_the_rate_are_throttled_as_the_service_throttles() -> None:
    service = LocalSageMaker(rate_limits={DESCRIBE: 1.0})
    with_job(service)
    client = service.client(NO_RETRIES)
    client.describe_hyper_parameter_tuning_job("rated")
    with pytest.raises(ServiceError) as info:
        client.describe_hyper_parameter_tuning_job("rated")
    assert (info.value.code, info.value.message, info.value.http_status) == (
        "ThrottlingException",
        "Rate exceeded",
        400,
    )
    assert service.throttled == {DESCRIBE: 1}
    # Other operations have no limit; rate-limited calls are no injected faults.
    client.list_training_jobs_for_hyper_parameter_tuning_job("rated")
    assert service.throttled.total() == 1 and service.fault_log == []


def test_the_bucket_holds_a_seconds_worth_and_refills_on_the_services_clock() -> None:
    service = LocalSageMaker(rate_limits={DESCRIBE: 4.0})
    with_job(service)
    client = service.client(NO_RETRIES)

    def admitted(calls: int) -> int:
        passed = 0
        for _ in range(calls):
            try:
                client.describe_hyper_parameter_tuning_job("rated")
                passed += 1
            except ServiceError as error:
                assert error.code == "ThrottlingException"
        return passed

    assert admitted(6) == 4  # a burst of one second's worth
    service.clock.sleep(0.5)  # half a second: two more tokens
    assert admitted(3) == 2
    assert service.throttled[DESCRIBE] == 3


def test_botocore_standard_retries_answer_the_throttling_on_the_services_clock() -> None:
    service = LocalSageMaker(rate_limits={DESCRIBE: 1.0})
    with_job(service)
    client = service.client(STANDARD)
    before = service.clock.time()
    for _ in range(3):
        described = client.describe_hyper_parameter_tuning_job("rated")
        assert described.hyper_parameter_tuning_job_name == "rated"
    throttled = service.throttled[DESCRIBE]
    assert throttled >= 1
    # The retries waited on the virtual clock (nothing else moved it): at 1 call a second,
    # three calls need at least two seconds of it.
    assert service.clock.time() - before >= 2.0


def test_a_throttled_call_is_no_call_for_scripted_faults() -> None:
    # on_calls counts the calls the service serves: the throttled second call does not count,
    # so the scripted fault meets the next call that gets through.
    from sagemaker_tuning.testing import Faults

    service = LocalSageMaker(
        rate_limits={DESCRIBE: 1.0}, faults=Faults(on_calls={(DESCRIBE, 2): "server-error"})
    )
    with_job(service)
    client = service.client(NO_RETRIES)
    client.describe_hyper_parameter_tuning_job("rated")
    codes = []
    for _ in range(2):
        try:
            client.describe_hyper_parameter_tuning_job("rated")
        except ServiceError as error:
            codes.append(error.code)
        service.clock.sleep(1.0)
    assert codes == ["ThrottlingException", "InternalFailure"]


@pytest.mark.parametrize(
    ("limits", "message"),
    [
        ({"DescribeTuningJob": 1.0}, "unknown operation 'DescribeTuningJob'"),
        ({DESCRIBE: 0}, f"rate_limits['{DESCRIBE}']: expected a finite number"),
        ({DESCRIBE: -1.0}, "> 0, got -1.0"),
        ({DESCRIBE: math.nan}, "got nan"),
        ({DESCRIBE: math.inf}, "got inf"),
        ({DESCRIBE: True}, "got True"),
        ({DESCRIBE: "10"}, "got '10'"),
    ],
)
def test_bad_rate_limits_are_refused_naming_the_entry(limits: Any, message: str) -> None:
    with pytest.raises(ValueError, match=message.replace("[", r"\[").replace("]", r"\]")):
        LocalSageMaker(rate_limits=limits)


def test_rate_limits_must_be_a_mapping() -> None:
    with pytest.raises(ValueError, match="expected a mapping"):
        RateLimits([(DESCRIBE, 1.0)])  # type: ignore[arg-type]


def test_the_server_throttles_its_http_clients() -> None:
    # 0.001 calls a second: the bucket's one token takes 1000 s of the real clock to refill.
    with LocalSageMakerServer(rate_limits={DESCRIBE: 0.001}) as server:
        boto = botocore.session.get_session().create_client(
            "sagemaker", region_name="us-east-1", endpoint_url=server.url, config=NO_RETRIES
        )
        codes = []
        for _ in range(2):
            try:
                boto.describe_hyper_parameter_tuning_job(HyperParameterTuningJobName="none")
            except ClientError as error:
                codes.append(error.response["Error"]["Code"])
    assert codes == ["ResourceNotFound", "ThrottlingException"]
    assert server.service.throttled == {DESCRIBE: 1}


def test_a_server_of_a_given_service_takes_no_rate_limits_of_its_own() -> None:
    with pytest.raises(ValueError, match="pass them to the LocalSageMaker"):
        LocalSageMakerServer(LocalSageMaker(), rate_limits={DESCRIBE: 1.0})


def test_rate_limit_options_read_operation_equals_rate() -> None:
    assert parse_rate_limit("DescribeTrainingJob=2.5") == ("DescribeTrainingJob", 2.5)
    for text, message in [
        ("DescribeTrainingJob", "expected OPERATION=REQUESTS_PER_SECOND"),
        ("DescribeTrainingJob=fast", "'fast' is not a number"),
        ("Nope=1", "--rate-limit: unknown operation 'Nope'"),
        ("DescribeTrainingJob=0", "> 0, got 0.0"),
    ]:
        with pytest.raises(ValueError, match=message):
            parse_rate_limit(text)


def test_serve_takes_repeated_rate_limits() -> None:
    args = build_parser().parse_args(
        ["serve", "--rate-limit", f"{DESCRIBE}=10", "--rate-limit", "DescribeTrainingJob=2"]
    )
    assert dict(args.rate_limit) == {DESCRIBE: 10.0, "DescribeTrainingJob": 2.0}
    assert build_parser().parse_args(["serve"]).rate_limit == []


def test_bad_rate_limit_options_exit_with_usage(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        server_main(["--rate-limit", "Nope=1"])
    assert info.value.code == 2
    assert "--rate-limit: unknown operation 'Nope'" in capsys.readouterr().err
    with pytest.raises(UsageError, match="--rate-limit: expected OPERATION=.*'x' is not a number"):
        build_parser().parse_args(["serve", "--rate-limit", "DescribeTrainingJob=x"])


def test_sagemaker_tuning_serve_throttles_at_the_rate_it_is_given() -> None:
    command = [sys.executable, "-m", "sagemaker_tuning", "serve", "--port", "0"]
    command += ["--rate-limit", f"{DESCRIBE}=0.001"]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert process.stdout is not None
        url = process.stdout.readline().strip()
        assert url.startswith("http://127.0.0.1:"), url
        boto = botocore.session.get_session().create_client(
            "sagemaker", region_name="us-east-1", endpoint_url=url, config=NO_RETRIES
        )
        codes = []
        for _ in range(2):
            try:
                boto.describe_hyper_parameter_tuning_job(HyperParameterTuningJobName="none")
            except ClientError as error:
                codes.append(error.response["Error"]["Code"])
        assert codes == ["ResourceNotFound", "ThrottlingException"]
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            _, err = process.communicate(timeout=30)
        finally:
            if process.poll() is None:
                process.kill()
                process.wait()
    assert process.returncode == 0, err
    assert f"rate limits (beyond them: ThrottlingException): {DESCRIBE} 0.001/s" in err
