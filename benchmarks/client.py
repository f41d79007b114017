"""Benchmark of the typed client against raw botocore, every ratio measured in this one run.

Run: ``.venv/bin/python benchmarks/client.py`` (a few minutes; ``--quick`` for a smoke run).

1. ``describe_hyper_parameter_tuning_job`` through the whole botocore stack, HTTP faked
   at the transport (a ``before-send`` hook answers with a realistic ~7 KB body):
   typed vs the raw boto3 call. Target <= 1.10x, moonshot <= 1.00x.
2. Iterating 10 000 training-job summaries (100 pages of 100) with the typed
   paginator vs botocore's paginator. Target <= 1.10x; peak memory must not
   grow with the total (measured at 10 and 100 pages).
3. The tuning-job waiter's Smithy schedule on a simulated 2-hour job (virtual clock, real
   jitter): Describe calls and how late completion is noticed. Target <= 80 calls, <= 60 s.
   ``benchmarks/waiter_schedule.py`` compares it with the progress-aware default.
"""

from __future__ import annotations

import gc
import json
import os
import random
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable
from datetime import datetime, timezone
from typing import Any

os.environ.setdefault("AWS_ACCESS_KEY_ID", "benchmark")
os.environ.setdefault("AWS_SECRET_ACCESS_KEY", "benchmark")
os.environ.setdefault("AWS_DEFAULT_REGION", "us-east-1")
os.environ.setdefault("AWS_EC2_METADATA_DISABLED", "true")

import boto3  # noqa: E402
from botocore.awsrequest import AWSResponse  # noqa: E402

from sagemaker_tuning.client import TuningClient  # noqa: E402

QUICK = "--quick" in sys.argv
REGION = "us-east-1"
ACCOUNT = "123456789012"
EPOCH = datetime(2024, 5, 1, 12, tzinfo=timezone.utc).timestamp()


# -- fake transport ------------------------------------------------------------------------------


class _Raw:
    def __init__(self, payload: bytes) -> None:
        self.payload = payload

    def stream(self, **_: Any) -> Any:
        yield self.payload


def answer(body_for: Callable[[dict[str, Any]], bytes]) -> Callable[..., AWSResponse]:
    """A ``before-send`` hook answering every request locally with ``body_for(request)``."""

    def hook(request: Any, **_: Any) -> AWSResponse:
        params = json.loads(request.body or b"{}")
        headers = {"Content-Type": "application/x-amz-json-1.1", "x-amzn-RequestId": "bench"}
        return AWSResponse(request.url, 200, headers, _Raw(body_for(params)))

    return hook


def fake(client: Any, body_for: Callable[[dict[str, Any]], bytes]) -> Any:
    client.meta.events.register("before-send.sagemaker", answer(body_for))
    return client


# -- realistic bodies ----------------------------------------------------------------------------


def summary(i: int) -> dict[str, Any]:
    name = f"tuning-2024-05-01-{i:03d}-{i * 7919 % 100000:05d}"
    return {
        "TrainingJobName": name,
        "TrainingJobArn": f"arn:aws:sagemaker:{REGION}:{ACCOUNT}:training-job/{name}",
        "TuningJobName": "tuning-2024-05-01",
        "CreationTime": EPOCH + i,
        "TrainingStartTime": EPOCH + i + 60.5,
        "TrainingEndTime": EPOCH + i + 960.25,
        "TrainingJobStatus": "Completed",
        "TunedHyperParameters": {
            "eta": f"0.{i % 97 + 1:03d}",
            "max_depth": str(i % 9 + 2),
            "subsample": f"0.{i % 50 + 50}",
            "min_child_weight": str(i % 5 + 1),
        },
        "FinalHyperParameterTuningJobObjectiveMetric": {
            "Type": "Maximize",
            "MetricName": "validation:auc",
            "Value": 0.5 + (i % 500) / 1000,
        },
        "ObjectiveStatus": "Succeeded",
    }


def describe_body() -> dict[str, Any]:
    """A DescribeHyperParameterTuningJob answer shaped like a real XGBoost tuning job."""
    metrics = [
        {
            "Name": f"{split}:{metric}",
            "Regex": f".*\\[[0-9]+\\].*#011{split}-{metric}:([-+]?[0-9]*\\.?[0-9]+).*",
        }
        for split in ("train", "validation")
        for metric in ("auc", "error", "logloss", "rmse", "mae", "aucpr")
    ]
    return {
        "HyperParameterTuningJobName": "tuning-2024-05-01",
        "HyperParameterTuningJobArn": (
            f"arn:aws:sagemaker:{REGION}:{ACCOUNT}:hyper-parameter-tuning-job/tuning-2024-05-01"
        ),
        "HyperParameterTuningJobConfig": {
            "Strategy": "Bayesian",
            "HyperParameterTuningJobObjective": {
                "Type": "Maximize",
                "MetricName": "validation:auc",
            },
            "ResourceLimits": {
                "MaxNumberOfTrainingJobs": 100,
                "MaxParallelTrainingJobs": 10,
                "MaxRuntimeInSeconds": 86400,
            },
            "ParameterRanges": {
                "IntegerParameterRanges": [
                    {"Name": n, "MinValue": "1", "MaxValue": "10", "ScalingType": "Auto"}
                    for n in ("max_depth", "min_child_weight", "num_round", "max_bin")
                ],
                "ContinuousParameterRanges": [
                    {"Name": n, "MinValue": "0.0001", "MaxValue": "1", "ScalingType": "Logarithmic"}
                    for n in ("eta", "alpha", "lambda", "gamma", "subsample", "colsample_bytree")
                ],
                "CategoricalParameterRanges": [
                    {"Name": "tree_method", "Values": ["auto", "exact", "approx", "hist"]},
                    {"Name": "grow_policy", "Values": ["depthwise", "lossguide"]},
                ],
            },
            "TrainingJobEarlyStoppingType": "Auto",
            "TuningJobCompletionCriteria": {
                "TargetObjectiveMetricValue": 0.99,
                "BestObjectiveNotImproving": {"MaxNumberOfTrainingJobsNotImproving": 10},
                "ConvergenceDetected": {"CompleteOnConvergence": "Enabled"},
            },
            "RandomSeed": 0,
        },
        "TrainingJobDefinition": {
            "StaticHyperParameters": {
                "objective": "binary:logistic",
                "eval_metric": "auc",
                "num_class": "2",
                "verbosity": "1",
                "scale_pos_weight": "3.5",
                "early_stopping_rounds": "20",
                "csv_weights": "0",
                "_tuning_objective_metric": "validation:auc",
            },
            "AlgorithmSpecification": {
                "TrainingImage": f"{ACCOUNT}.dkr.ecr.{REGION}.amazonaws.com/sagemaker-xgboost:1.7-1",
                "TrainingInputMode": "File",
                "MetricDefinitions": metrics,
            },
            "RoleArn": f"arn:aws:iam::{ACCOUNT}:role/service-role/AmazonSageMaker-ExecutionRole",
            "InputDataConfig": [
                {
                    "ChannelName": channel,
                    "DataSource": {
                        "S3DataSource": {
                            "S3DataType": "S3Prefix",
                            "S3Uri": f"s3://ml-bucket-{ACCOUNT}/churn/{channel}/",
                            "S3DataDistributionType": "FullyReplicated",
                        }
                    },
                    "ContentType": "text/csv",
                    "CompressionType": "None",
                    "RecordWrapperType": "None",
                }
                for channel in ("train", "validation")
            ],
            "VpcConfig": {
                "SecurityGroupIds": ["sg-0123456789abcdef0"],
                "Subnets": ["subnet-0123456789abcdef0", "subnet-0fedcba9876543210"],
            },
            "OutputDataConfig": {
                "S3OutputPath": f"s3://ml-bucket-{ACCOUNT}/churn/output/",
                "KmsKeyId": "",
            },
            "ResourceConfig": {
                "InstanceType": "ml.m5.2xlarge",
                "InstanceCount": 1,
                "VolumeSizeInGB": 30,
            },
            "StoppingCondition": {"MaxRuntimeInSeconds": 3600},
            "EnableNetworkIsolation": False,
            "EnableInterContainerTrafficEncryption": False,
            "EnableManagedSpotTraining": False,
            "CheckpointConfig": {"S3Uri": f"s3://ml-bucket-{ACCOUNT}/churn/checkpoints/"},
        },
        "HyperParameterTuningJobStatus": "Completed",
        "CreationTime": EPOCH,
        "HyperParameterTuningEndTime": EPOCH + 7200.5,
        "LastModifiedTime": EPOCH + 7200.5,
        "TrainingJobStatusCounters": {
            "Completed": 96,
            "InProgress": 0,
            "RetryableError": 1,
            "NonRetryableError": 3,
            "Stopped": 0,
        },
        "ObjectiveStatusCounters": {"Succeeded": 96, "Pending": 0, "Failed": 4},
        "BestTrainingJob": summary(42),
        "OverallBestTrainingJob": summary(42),
        "TuningJobCompletionDetails": {
            "NumberOfTrainingJobsObjectiveNotImproving": 10,
            "ConvergenceDetectedTime": EPOCH + 7000,
        },
        "ConsumedResources": {"RuntimeInSeconds": 7201},
    }


# -- timing --------------------------------------------------------------------------------------


def per_call(fns: dict[str, Callable[[], object]], calls: int) -> dict[str, float]:
    """Median seconds per call of each function, calls interleaved one by one.

    Each round calls every function once, in a shuffled order, so that load from
    other processes and garbage collections fall on all of them alike; the
    medians are then comparable even on a busy machine.
    """
    names = list(fns)
    samples: dict[str, list[float]] = {name: [] for name in names}
    for fn in fns.values():  # warm caches, hooks and compiled structure functions
        for _ in range(10):
            fn()
    order = random.Random(7)
    clock = time.perf_counter
    for _ in range(calls):
        order.shuffle(names)
        for name in names:
            fn = fns[name]
            start = clock()
            fn()
            samples[name].append(clock() - start)
    return {name: statistics.median(values) for name, values in samples.items()}


def verdict(ratio: float, target: float) -> str:
    return "within target" if ratio <= target else "OVER target"


# -- 1. describe ---------------------------------------------------------------------------------


def describe_times(calls: int) -> tuple[int, dict[str, float]]:
    """Body size and median seconds per describe call: raw boto3, typed via create(), typed wrapping."""
    payload = json.dumps(describe_body()).encode()
    raw = fake(boto3.client("sagemaker", region_name=REGION), lambda _: payload)
    created = TuningClient.create(region_name=REGION)
    fake(created.boto_client, lambda _: payload)
    wrapped = TuningClient(fake(boto3.client("sagemaker", region_name=REGION), lambda _: payload))
    typed = created.describe_hyper_parameter_tuning_job("tuning-2024-05-01")
    assert typed.best_training_job is not None and typed.creation_time.tzinfo is timezone.utc
    assert wrapped.describe_hyper_parameter_tuning_job("tuning-2024-05-01") == typed

    times = per_call(
        {
            "raw": lambda: raw.describe_hyper_parameter_tuning_job(
                HyperParameterTuningJobName="tuning-2024-05-01"
            ),
            "typed": lambda: created.describe_hyper_parameter_tuning_job("tuning-2024-05-01"),
            "wrapped": lambda: wrapped.describe_hyper_parameter_tuning_job("tuning-2024-05-01"),
        },
        calls=calls,
    )
    return len(payload), times


def bench_describe() -> None:
    size, times = describe_times(200 if QUICK else 3000)
    ratio = times["typed"] / times["raw"]
    wrapped_ratio = times["wrapped"] / times["raw"]
    print(f"1. describe_hyper_parameter_tuning_job, {size:,}-byte body, HTTP faked")
    print(f"   raw boto3 call                       {times['raw'] * 1e6:8.0f} us")
    print(
        f"   typed, TuningClient.create()         {times['typed'] * 1e6:8.0f} us   ratio {ratio:.2f}x"
        f"  (target <= 1.10x, moonshot <= 1.00x: {verdict(ratio, 1.10)})"
    )
    print(
        f"   typed, wrapping a default boto3 client {times['wrapped'] * 1e6:6.0f} us   ratio "
        f"{wrapped_ratio:.2f}x  (botocore's tzlocal parser left in place)"
    )


# -- 2. paginator --------------------------------------------------------------------------------


def page_bodies(pages: int, size: int = 100) -> dict[str | None, bytes]:
    bodies: dict[str | None, bytes] = {}
    for p in range(pages):
        body: dict[str, Any] = {
            "TrainingJobSummaries": [summary(p * size + i) for i in range(size)]
        }
        if p + 1 < pages:
            body["NextToken"] = f"token-{p + 1:04d}-" + "x" * 200
        bodies[None if p == 0 else f"token-{p:04d}-" + "x" * 200] = json.dumps(body).encode()
    return bodies


def paginator_times(pages: int, calls: int) -> dict[str, float]:
    """Median seconds to iterate ``pages`` pages of 100 summaries: raw, via create(), wrapping."""
    bodies = page_bodies(pages)
    serve = lambda params: bodies[params.get("NextToken")]  # noqa: E731
    raw = fake(boto3.client("sagemaker", region_name=REGION), serve)
    created = TuningClient.create(region_name=REGION)
    fake(created.boto_client, serve)
    wrapped = TuningClient(fake(boto3.client("sagemaker", region_name=REGION), serve))
    total = pages * 100

    def raw_all() -> int:
        count = 0
        paginator = raw.get_paginator("list_training_jobs_for_hyper_parameter_tuning_job")
        for page in paginator.paginate(
            HyperParameterTuningJobName="tuning-2024-05-01", PaginationConfig={"PageSize": 100}
        ):
            count += len(page["TrainingJobSummaries"])
        assert count == total
        return count

    def typed_all(client: TuningClient) -> Callable[[], int]:
        def run() -> int:
            count = 0
            for _ in client.paginate_training_jobs_for_hyper_parameter_tuning_job(
                "tuning-2024-05-01", page_size=100
            ):
                count += 1
            assert count == total
            return count

        return run

    return per_call(
        {"raw": raw_all, "typed": typed_all(created), "wrapped": typed_all(wrapped)}, calls=calls
    )


def bench_paginator() -> None:
    pages = 20 if QUICK else 100
    times = paginator_times(pages, 3 if QUICK else 15)
    total = pages * 100
    ratio = times["typed"] / times["raw"]
    print(f"2. iterating {total:,} summaries ({pages} pages of 100)")
    print(f"   botocore paginator (raw dicts)       {times['raw'] * 1e3:8.1f} ms")
    print(
        f"   typed, TuningClient.create()         {times['typed'] * 1e3:8.1f} ms   ratio {ratio:.2f}x"
        f"  (target <= 1.10x: {verdict(ratio, 1.10)})"
    )
    print(
        f"   typed, wrapping a default boto3 client {times['wrapped'] * 1e3:6.1f} ms   ratio "
        f"{times['wrapped'] / times['raw']:.2f}x"
    )

    def peak(n_pages: int) -> int:
        """Peak bytes allocated while iterating ``n_pages`` pages (bodies prepared beforehand)."""
        small = page_bodies(n_pages)
        client = TuningClient.create(region_name=REGION)
        fake(client.boto_client, lambda params: small[params.get("NextToken")])
        pager = client.paginate_training_jobs_for_hyper_parameter_tuning_job
        next(iter(pager("tuning-2024-05-01", page_size=100)))  # imports and caches warm
        gc.collect()
        tracemalloc.start()
        count = sum(1 for _ in pager("tuning-2024-05-01", page_size=100))
        top = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        assert count == n_pages * 100
        return top

    few, many = peak(10), peak(pages)
    print(
        f"   peak memory while iterating: {few / 1024:,.0f} KiB for 10 pages, "
        f"{many / 1024:,.0f} KiB for {pages} pages (ratio {many / few:.2f}: one page at a time)"
    )


# -- 3. waiter -----------------------------------------------------------------------------------


def bench_waiter() -> None:
    from sagemaker_tuning.waiters import definitions

    runs = 40 if QUICK else 400
    defaults = definitions()["HyperParameterTuningJobCompletedOrStopped"]
    running = json.dumps(describe_body() | {"HyperParameterTuningJobStatus": "InProgress"}).encode()
    done = json.dumps(describe_body()).encode()
    client = TuningClient.create(region_name=REGION)
    calls = 0
    now = 0.0
    end = 7200.0

    def serve(_: dict[str, Any]) -> bytes:
        nonlocal calls
        calls += 1
        return done if now >= end else running

    def sleep(seconds: float) -> None:
        nonlocal now
        now += seconds

    fake(client.boto_client, serve)
    waiting = TuningClient(client.boto_client, clock=lambda: now, sleep=sleep)
    counts: list[int] = []
    late: list[float] = []
    rng = random.Random(20261123)
    for _ in range(runs):
        calls, now = 0, 0.0
        # The job ends 2 hours in, give or take 5 minutes, so that runs differ in phase.
        end = 7200.0 + rng.uniform(-300, 300)
        # The Smithy schedule: the progress-aware default and the others are compared on a
        # corpus of jobs by benchmarks/waiter_schedule.py.
        waiting.wait_for_hyper_parameter_tuning_job("tuning-2024-05-01", schedule="smithy")
        counts.append(calls)
        late.append(now - end)

    def q(values: list[float], p: float) -> float:
        return sorted(values)[min(len(values) - 1, int(p * len(values)))]

    mean_calls, mean_late = statistics.mean(counts), statistics.mean(late)
    print(
        f"3. wait_for_hyper_parameter_tuning_job(schedule='smithy') on a simulated 2-hour job "
        f"({runs} runs, "
        f"defaults min_delay {defaults.min_delay:g} s, max_delay {defaults.max_delay:g} s)"
    )
    print(
        f"   Describe calls: mean {mean_calls:.1f}, p95 {q([float(c) for c in counts], 0.95):.0f}, "
        f"max {max(counts)}   (target <= 80: {'met on average' if mean_calls <= 80 else 'OVER'})"
    )
    print(
        f"   noticed late:   mean {mean_late:.1f} s, p95 {q(late, 0.95):.1f} s, max {max(late):.1f} s"
        f"   (target <= 60 s: {'met on average' if mean_late <= 60 else 'OVER'})"
    )
    print(
        "   botocore's TrainingJobCompletedOrStopped (fixed 120 s) would make 61 calls and be up "
        "to 120 s late; polling every 5 s, 1 441 calls."
    )
    print(
        "   (No schedule gives both <= 80 calls and <= 60 s late in the worst case: 80 polls in"
        " 7 200 s leave a mean gap of 90 s.)"
    )


def main() -> None:
    print(
        f"Python {sys.version.split()[0]}, boto3 {boto3.__version__}"
        + (", quick run" if QUICK else "")
    )
    bench_describe()
    bench_paginator()
    bench_waiter()


if __name__ == "__main__":
    main()
