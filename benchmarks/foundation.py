"""Foundation benchmark: parse, import and request-building costs, as ratios measured in one run.

Run: python benchmarks/foundation.py [--quick]

Prints medians and the ratios the foundation issue sets targets for:
- from_api of a botocore-parsed DescribeHyperParameterTuningJob response vs
  botocore's own parse of the same bytes (target <= 0.15x);
- the import cost of sagemaker_tuning over ``import botocore.session`` (target <= 30 ms);
- building and validating a full CreateHyperParameterTuningJob request and
  calling to_api, beside botocore's validation and serialization of the same dict.
"""

from __future__ import annotations

import gc
import json
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

import _payloads  # noqa: E402
import botocore.session  # noqa: E402
from botocore.parsers import create_parser  # noqa: E402
from botocore.serialize import create_serializer  # noqa: E402
from botocore.validate import ParamValidator  # noqa: E402

from sagemaker_tuning import shapes  # noqa: E402
from sagemaker_tuning.serde import from_api, to_api  # noqa: E402

QUICK = "--quick" in sys.argv
# CPU time of this thread, not wall time: on a shared 2-core machine other
# processes' load stretches wall time unevenly, while CPU time stays comparable.
clock = time.thread_time


def _loop_size(fn: Callable[[], Any], target_seconds: float = 0.02) -> int:
    """Calls per timed loop: enough for ``target_seconds``, after a warm-up (first-call compiles)."""
    for _ in range(20):
        fn()
    n = 16
    while True:
        start = clock()
        for _ in range(n):
            fn()
        if clock() - start > target_seconds:
            return n
        n *= 2


def compare(*fns: Callable[[], Any], rounds: int = 21) -> list[float]:
    """Median seconds per call of each function, measured in interleaved rounds.

    Interleaving puts every function under the same background load, so the
    ratios hold on a busy machine even when the absolute times drift.
    """
    sizes = [_loop_size(fn) for fn in fns]
    samples: list[list[float]] = [[] for _ in fns]
    for _ in range(rounds if not QUICK else 5):
        for fn, n, out in zip(fns, sizes, samples, strict=True):
            # As timeit does: no cyclic GC inside a timed loop, whose pauses would
            # land on whichever function happens to run when a threshold trips.
            gc.collect()
            gc.disable()
            start = clock()
            for _ in range(n):
                fn()
            out.append((clock() - start) / n)
            gc.enable()
    return [statistics.median(out) for out in samples]


def import_cost(statement: str, runs: int) -> float:
    """Median CPU seconds ``statement`` adds in a fresh interpreter that already imported botocore.session."""
    code = f"import botocore.session, time; t = time.process_time(); {statement}; print(time.process_time() - t)"
    samples = []
    for _ in range(runs):
        out = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        )
        samples.append(float(out.stdout))
    return statistics.median(samples)


def main() -> None:
    model = botocore.session.get_session().get_service_model("sagemaker")
    describe = model.operation_model("DescribeHyperParameterTuningJob")
    create = model.operation_model("CreateHyperParameterTuningJob")
    body = _payloads.describe_tuning_job_body()
    response = {"body": body, "headers": {}, "status_code": 200}
    parser = create_parser("json")
    parsed = parser.parse(response, describe.output_shape)
    cls = shapes.DescribeHyperParameterTuningJobResponse

    t_json, t_parse, t_from = compare(
        lambda: json.loads(body),
        lambda: parser.parse(response, describe.output_shape),
        lambda: from_api(cls, parsed),
    )
    print(f"DescribeHyperParameterTuningJob response body: {len(body)} bytes of JSON")
    print(
        f"  json.loads                       {t_json * 1e6:8.1f} us  ({t_json / t_parse:.2f}x botocore parse)"
    )
    print(f"  botocore parse                   {t_parse * 1e6:8.1f} us  (1.00x)")
    print(
        f"  from_api (lenient) of the parse  {t_from * 1e6:8.1f} us  ({t_from / t_parse:.2f}x botocore parse; target <= 0.15x)"
    )

    document = _payloads.create_request()
    strict = from_api(shapes.CreateHyperParameterTuningJobRequest, document, strict=True)
    serializer = create_serializer("json")

    def build_typed() -> None:
        config = strict.hyper_parameter_tuning_job_config
        definition = strict.training_job_definition
        assert definition is not None
        request = shapes.CreateHyperParameterTuningJobRequest(
            hyper_parameter_tuning_job_name=strict.hyper_parameter_tuning_job_name,
            hyper_parameter_tuning_job_config=shapes.HyperParameterTuningJobConfig(
                strategy=config.strategy,
                hyper_parameter_tuning_job_objective=config.hyper_parameter_tuning_job_objective,
                resource_limits=config.resource_limits,
                parameter_ranges=shapes.ParameterRanges(
                    integer_parameter_ranges=tuple(
                        shapes.IntegerParameterRange(
                            name=r.name,
                            min_value=r.min_value,
                            max_value=r.max_value,
                            scaling_type=r.scaling_type,
                        )
                        for r in (config.parameter_ranges.integer_parameter_ranges or ())  # type: ignore[union-attr]
                    ),
                    continuous_parameter_ranges=config.parameter_ranges.continuous_parameter_ranges,  # type: ignore[union-attr]
                    categorical_parameter_ranges=config.parameter_ranges.categorical_parameter_ranges,  # type: ignore[union-attr]
                ),
                training_job_early_stopping_type=config.training_job_early_stopping_type,
                random_seed=config.random_seed,
                tuning_job_completion_criteria=config.tuning_job_completion_criteria,
            ),
            training_job_definition=shapes.HyperParameterTrainingJobDefinition(
                algorithm_specification=definition.algorithm_specification,
                role_arn=definition.role_arn,
                input_data_config=definition.input_data_config,
                output_data_config=definition.output_data_config,
                resource_config=definition.resource_config,
                stopping_condition=definition.stopping_condition,
                static_hyper_parameters=dict(definition.static_hyper_parameters or {}),
                enable_managed_spot_training=True,
                checkpoint_config=definition.checkpoint_config,
                vpc_config=definition.vpc_config,
                environment=dict(definition.environment or {}),
            ),
            tags=strict.tags,
        )
        to_api(request)

    def from_document() -> None:
        to_api(from_api(shapes.CreateHyperParameterTuningJobRequest, document, strict=True))

    def botocore_validate_serialize() -> None:
        report = ParamValidator().validate(document, create.input_shape)
        assert not report.has_errors()
        serializer.serialize_to_request(document, create)

    t_boto, t_typed, t_doc = compare(botocore_validate_serialize, build_typed, from_document)
    print("Full CreateHyperParameterTuningJob request")
    print(
        f"  botocore validate + serialize    {t_boto * 1e6:8.1f} us  (1.00x; checks required/type/min only)"
    )
    print(
        f"  typed build (top levels) + to_api{t_typed * 1e6:8.1f} us  ({t_typed / t_boto:.2f}x; every constraint)"
    )
    print(
        f"  from_api(strict) + to_api        {t_doc * 1e6:8.1f} us  ({t_doc / t_boto:.2f}x; whole document)"
    )

    runs = 5 if QUICK else 15
    print(f"Import cost over `import botocore.session` (median of {runs} fresh interpreters)")
    for statement in (
        "import sagemaker_tuning",
        "import sagemaker_tuning.shapes",
        "import sagemaker_tuning.shapes, sagemaker_tuning.serde",
    ):
        cost = import_cost(statement, runs)
        note = "  (target <= 30 ms)" if statement == "import sagemaker_tuning" else ""
        print(f"  {statement:55s} {cost * 1e3:7.1f} ms{note}")


if __name__ == "__main__":
    main()
