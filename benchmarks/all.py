"""Every row of the performance table (issue 23), each against its anchor measured in this run.

Run: ``.venv/bin/python benchmarks/all.py`` (several minutes; ``--quick`` for a smoke run that
CI makes once, asserting no timing; ``--rows 3,4`` for some rows only: 4 and 6 are one measure).

The machine may be shared: times are CPU time where one process is measured and medians of
interleaved rounds everywhere, so that background load falls on a measure and its anchor
alike; the ratios are what to compare between runs.

1. Time to a first client: ``TuningClient.create()`` against ``boto3.client("sagemaker")``,
   each in fresh interpreters (CPU time from before the first import to the client).
2. ``import sagemaker_tuning.shapes`` in an interpreter that already imported attrs and
   cattrs, beside ``import attrs, cattrs`` itself, and the same with a first class used (the
   classes are built then, PEP 562); and the generated module's own body.
3. The lenient ``from_api`` of a ~6 KB DescribeHyperParameterTuningJob, from botocore's parse
   and from the wire document (``json.loads``), against botocore's parse of the same bytes; and
   a typed call's whole parse of those bytes (the wire document read by ``from_api`` in one pass).
4. A typed describe wrapping a user's boto3 client, against the raw call (HTTP faked).
5. 10 000 summaries through the typed paginator wrapping a user's client, against botocore's.
6. A typed describe via ``TuningClient.create()``, against the raw call.
7. The waiter on jobs under 30 minutes: calls and mean lateness of the default schedule
   against the Smithy schedule (every request counted, the forecast's list calls too).
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import client as client_bench  # noqa: E402
import foundation  # noqa: E402
import waiter_schedule  # noqa: E402
from botocore.parsers import create_parser  # noqa: E402

from sagemaker_tuning import _parsing, shapes  # noqa: E402
from sagemaker_tuning.serde import from_api  # noqa: E402

QUICK = "--quick" in sys.argv
_ENV = os.environ | {
    "AWS_ACCESS_KEY_ID": "benchmark",
    "AWS_SECRET_ACCESS_KEY": "benchmark",
    "AWS_DEFAULT_REGION": "us-east-1",
    "AWS_CONFIG_FILE": os.devnull,
    "AWS_SHARED_CREDENTIALS_FILE": os.devnull,
    "AWS_EC2_METADATA_DISABLED": "true",
}
_ENV.pop("AWS_PROFILE", None)


def _cpu_of(setup: str, statement: str) -> float:
    """CPU seconds ``statement`` takes in a fresh interpreter, after ``setup``."""
    code = f"import time\n{setup}\nt = time.process_time()\n{statement}\nprint(time.process_time() - t)"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=_ENV
    )
    return float(out.stdout)


def interleaved(cases: dict[str, tuple[str, str]], runs: int) -> dict[str, list[float]]:
    """Samples of each (setup, statement), fresh interpreters taking turns."""
    samples: dict[str, list[float]] = {name: [] for name in cases}
    for _ in range(runs):
        for name, (setup, statement) in cases.items():
            samples[name].append(_cpu_of(setup, statement))
    return samples


def _ms(values: list[float]) -> str:
    return f"median {statistics.median(values) * 1e3:6.1f} ms, min {min(values) * 1e3:6.1f} ms"


def row_cold_start(runs: int) -> None:
    samples = interleaved(
        {
            "boto3": ("", "import boto3\nboto3.client('sagemaker')"),
            "create": (
                "",
                "from sagemaker_tuning import TuningClient\nTuningClient.create()",
            ),
        },
        runs,
    )
    boto, ours = samples["boto3"], samples["create"]
    delta = statistics.median(ours) - statistics.median(boto)
    print(f"1. time to a first client ({runs} fresh interpreters each, CPU time)")
    print(f"   boto3.client('sagemaker')          {_ms(boto)}")
    print(f"   TuningClient.create()              {_ms(ours)}")
    print(
        f"   => create() over boto3.client: {delta * 1e3:+.1f} ms (medians), "
        f"{(min(ours) - min(boto)) * 1e3:+.1f} ms (minima)   goal <= +30 ms"
    )


def row_import(runs: int) -> None:
    samples = interleaved(
        {
            "attrs": ("", "import attrs, cattrs"),
            "shapes": ("import attrs, cattrs", "import sagemaker_tuning.shapes"),
            "first use": (
                "import attrs, cattrs",
                "import sagemaker_tuning.shapes\nsagemaker_tuning.shapes.ResourceLimits",
            ),
            "body": (
                "import attrs, cattrs, sagemaker_tuning._generated.enums, "
                "sagemaker_tuning._generated.patterns, sagemaker_tuning.validation",
                "import sagemaker_tuning._generated.shapes",
            ),
        },
        runs,
    )
    print(f"2. import sagemaker_tuning.shapes ({runs} fresh interpreters each, CPU time)")
    print(f"   import attrs, cattrs (the anchor)  {_ms(samples['attrs'])}")
    print(
        f"   import sagemaker_tuning.shapes, beyond attrs and cattrs: {_ms(samples['shapes'])}"
        "   goal <= 40 ms"
    )
    print(f"   the same and a first class (which builds them all): {_ms(samples['first use'])}")
    print(f"   (the generated module's own body, building the classes: {_ms(samples['body'])})")


def row_parse() -> None:
    model = foundation.botocore.session.get_session().get_service_model("sagemaker")
    output = model.operation_model("DescribeHyperParameterTuningJob").output_shape
    body = json.dumps(client_bench.describe_body()).encode()
    response = {"body": body, "headers": {}, "status_code": 200}
    parser = create_parser("json")
    parsed = parser.parse(response, output)
    wire = json.loads(body)
    cls = shapes.DescribeHyperParameterTuningJobResponse
    # What a typed call runs on the answer: the JSON object with botocore's metadata, read by
    # from_api in one pass (sagemaker_tuning._parsing.typed_method).
    one_pass = _parsing._WireParserFactory(_parsing.TolerantParserFactory()).create_parser("json")
    assert from_api(cls, wire) == from_api(cls, parsed)
    assert from_api(cls, one_pass.parse(response, output)) == from_api(cls, parsed)
    t_json, t_parse, t_parsed, t_wire, t_typed = foundation.compare(
        lambda: json.loads(body),
        lambda: parser.parse(response, output),
        lambda: from_api(cls, parsed),
        lambda: from_api(cls, wire),
        lambda: from_api(cls, one_pass.parse(response, output)),
    )
    print(f"3. lenient from_api of a {len(body):,}-byte DescribeHyperParameterTuningJob")
    print(f"   botocore's parse (the anchor)      {t_parse * 1e6:7.1f} us")
    print(f"   json.loads                         {t_json * 1e6:7.1f} us   {t_json / t_parse:.3f}x")
    print(
        f"   from_api of botocore's parse       {t_parsed * 1e6:7.1f} us   "
        f"{t_parsed / t_parse:.3f}x   goal <= 0.12x"
    )
    print(
        f"   from_api of the wire document      {t_wire * 1e6:7.1f} us   "
        f"{t_wire / t_parse:.3f}x   (json.loads + this: {(t_json + t_wire) / t_parse:.3f}x)"
    )
    print(
        f"   a typed call's whole parse (one pass)  "
        f"{t_typed * 1e6:7.1f} us   {t_typed / t_parse:.3f}x"
    )


def rows_describe() -> None:
    size, times = client_bench.describe_times(200 if QUICK else 3000)
    raw = times["raw"]
    print(f"4./6. typed describe, {size:,}-byte body, HTTP faked (median per call)")
    print(f"   raw boto3 call (the anchor)        {raw * 1e6:7.0f} us")
    print(
        f"   4. wrapping a user's boto3 client  {times['wrapped'] * 1e6:7.0f} us   "
        f"{times['wrapped'] / raw:.3f}x   goal <= 1.05x"
    )
    print(
        f"   6. via TuningClient.create()       {times['typed'] * 1e6:7.0f} us   "
        f"{times['typed'] / raw:.3f}x   goal <= 0.90x"
    )


def row_paginator() -> None:
    pages = 10 if QUICK else 100
    pager = client_bench.paginator_times(pages, 3 if QUICK else 11)
    print(f"5. {pages * 100:,} summaries ({pages} pages of 100), median per iteration")
    print(f"   botocore paginator (the anchor)    {pager['raw'] * 1e3:7.1f} ms")
    print(
        f"   wrapping a user's boto3 client     {pager['wrapped'] * 1e3:7.1f} ms   "
        f"{pager['wrapped'] / pager['raw']:.3f}x   goal <= 1.05x"
    )
    print(
        f"   via TuningClient.create()          {pager['typed'] * 1e3:7.1f} ms   "
        f"{pager['typed'] / pager['raw']:.3f}x"
    )


def row_waiter() -> None:
    cases = waiter_schedule.corpus()  # a third of it with --quick
    began = time.perf_counter()
    results, _ = waiter_schedule.run_all(cases, ["progress", "smithy"])
    row = waiter_schedule.bucket(results, 0, 1800)
    (new_calls, new_late, new_p95), (old_calls, old_late, old_p95) = row["progress"], row["smithy"]
    jobs = sum(1 for o in results["smithy"] if o.length < 1800)
    print(
        f"7. waiting for the {jobs} jobs under 30 min of {len(cases)} simulated "
        f"({time.perf_counter() - began:.0f} s wall)"
    )
    print(
        f"   Smithy schedule (the anchor)       {old_calls} calls, mean late {old_late:.1f} s, "
        f"p95 {old_p95:.1f} s"
    )
    print(
        f"   default (progress) schedule        {new_calls} calls, mean late {new_late:.1f} s, "
        f"p95 {new_p95:.1f} s"
    )
    print(
        f"   => calls {new_calls / old_calls:.2f}x, lateness {new_late / old_late:.2f}x   "
        "goal <= 1.00x at <= 0.5x lateness"
    )


def _rows() -> set[str]:
    """The rows ``--rows 3,4`` names (every row without it)."""
    if "--rows" not in sys.argv:
        return set("1234567")
    at = sys.argv.index("--rows") + 1
    named = set(sys.argv[at].split(",")) if at < len(sys.argv) else set()
    if not named or not named <= set("1234567"):
        raise SystemExit("--rows takes row numbers 1 to 7, comma-separated: --rows 3,4")
    return named


def main() -> None:
    rows = _rows()
    runs = 3 if QUICK else 15
    print(
        f"Python {sys.version.split()[0]}" + (", quick run (no figure to trust)" if QUICK else "")
    )
    if "1" in rows:
        row_cold_start(runs)
    if "2" in rows:
        row_import(runs)
    if "3" in rows:
        row_parse()
    if rows & {"4", "6"}:
        rows_describe()
    if "5" in rows:
        row_paginator()
    if "7" in rows:
        row_waiter()


if __name__ == "__main__":
    main()
