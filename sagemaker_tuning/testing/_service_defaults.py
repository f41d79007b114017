"""What SageMaker adds to a tuning job's description that the request never had, as data.

:class:`~sagemaker_tuning.testing.LocalSageMaker` answers Describe with these
additions so that code tested locally sees what production sends. Every table
and function names the recorded answer or document it follows; where the
evidence is thin the comment says so. The recorded answers themselves live in
``tests/fidelity/recordings`` (``tests/fidelity/SOURCES.md`` names each source).

Sources used here:

- **MLE-2020**: calvinfeng/MLE, ``machine_learning_in_production/
  boston_housing_xgboost_hyperparameter_tuning_low_level_api.md`` -- the request
  and the DescribeHyperParameterTuningJob answer of one XGBoost 0.90-1 job (us-west-2,
  March 2020).
- **C7N-2024**: cloud-custodian/cloud-custodian, ``tests/data/placebo/
  test_sagemaker_hyperparameter_tuning_job_*`` -- recorded DescribeHyperParameterTuningJob
  answers (XGBoost 1.3-1 and k-means, us-east-1, April 2024).
- **C7N-2018**: the same repository, ``tests/data/placebo/test_sagemaker_training_job_*`` --
  recorded DescribeTrainingJob answers (k-means, January 2018).
- **CLI-2025**: an AWS CLI session stored in a public repository (see SOURCES.md) -- the
  DescribeTrainingJob answer of an XGBoost 1.5-1 training job (May 2025).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

import attrs

from sagemaker_tuning.core import shapes as sh

__all__ = [
    "OBJECTIVE_METRIC_KEY",
    "TRAINING_JOBS_PER_TUNING_JOB",
    "builtin_algorithm",
    "builtin_algorithm_metrics",
    "described_config",
    "described_definition",
    "training_algorithm",
    "training_input",
    "training_output",
]

#: The static hyperparameter the service adds: the objective metric's name (MLE-2020,
#: C7N-2024: present in every recorded definition that has an objective).
OBJECTIVE_METRIC_KEY = "_tuning_objective_metric"

#: The highest number of training jobs one tuning job may launch, parents' jobs of a warm
#: start included (API_HyperParameterTuningJobWarmStartConfig: "All training jobs launched
#: by parent hyperparameter tuning jobs and the new hyperparameter tuning jobs count against
#: the limit of training jobs for the tuning job"). The figures are the developer guide's
#: automatic-model-tuning-limits table, as in ``rules.training_jobs_within_quota``.
TRAINING_JOBS_PER_TUNING_JOB: Mapping[str, int] = {"Random": 10000}
TRAINING_JOBS_PER_TUNING_JOB_DEFAULT = 750

# -- built-in algorithms' metric definitions ------------------------------------------------

# Every recorded XGBoost definition has this one form: the container logs
# "[<round>]#011<channel>-<metric>:<value>" and the metric is named "<channel>:<metric>".
_XGBOOST_REGEX = (
    r".*\[[0-9]+\].*#011{channel}-{metric}:([-+]?[0-9]*\.?[0-9]+(?:[eE][-+]?[0-9]+)?).*"
)

# XGBoost 0.90-1, in the order recorded (MLE-2020: 34 metrics, then ObjectiveMetric).
_XGBOOST_090 = (
    "train:mae validation:aucpr train:merror train:gamma-nloglik validation:mae "
    "validation:logloss train:mlogloss validation:f1 train:accuracy train:mse "
    "validation:poisson-nloglik train:tweedie-nloglik train:error train:ndcg validation:map "
    "validation:auc validation:gamma-deviance train:auc validation:error validation:merror "
    "train:poisson-nloglik train:rmse train:logloss validation:accuracy train:aucpr "
    "validation:tweedie-nloglik validation:rmse train:gamma-deviance validation:mse "
    "validation:ndcg train:f1 validation:mlogloss train:map validation:gamma-nloglik"
).split()

# XGBoost 1.3-1, in the order recorded (C7N-2024: 29 metrics, then ObjectiveMetric). Used
# for every version from 1.0 on: no recording of a tuning job of another 1.x version was
# found (CLI-2025 shows a 1.5-1 *training* job with a different list of 27, which may
# depend on the objective; it is not used).
_XGBOOST_13 = (
    "train:mae validation:aucpr validation:f1_binary validation:mae validation:logloss "
    "validation:f1 train:accuracy train:mse validation:recall validation:poisson-nloglik "
    "validation:precision train:error train:ndcg validation:map train:f1_binary validation:auc "
    "train:auc validation:error train:poisson-nloglik train:rmse train:logloss "
    "validation:accuracy train:aucpr validation:balanced_accuracy validation:rmse "
    "validation:mse validation:ndcg train:f1 train:map"
).split()

# k-means, as recorded (C7N-2024, image kmeans:1: 5 metrics, then ObjectiveMetric).
_KMEANS = (
    ("train:progress", r"#progress_metric: host=\S+, completed (\S+) %"),
    ("test:msd", r"#quality_metric: host=\S+, test msd <loss>=(\S+)"),
    ("train:msd", r"#quality_metric: host=\S+, train msd <loss>=(\S+)"),
    ("train:throughput", r"#throughput_metric: host=\S+, train throughput=(\S+) records/second"),
    ("test:ssd", r"#quality_metric: host=\S+, test ssd <loss>=(\S+)"),
)

# The repository part of an ECR image URI: ".../<repository>:<tag>" or "...@sha256:...".
_IMAGE = re.compile(r"(?:.*/)?(?P<repository>[^/:@]+)(?::(?P<tag>[^/@]+))?(?:@.*)?")


def _xgboost(names: Sequence[str]) -> tuple[tuple[str, str], ...]:
    found = []
    for name in names:
        channel, metric = name.split(":", 1)
        found.append((name, _XGBOOST_REGEX.format(channel=channel, metric=metric)))
    return tuple(found)


def builtin_algorithm(image: str | None) -> tuple[tuple[str, str], ...] | None:
    """The metric definitions (name, regex) the service gives a built-in algorithm's image.

    ``None`` for an image this table does not know as built-in. XGBoost is recognised
    by the repository names the brief and the recordings use (``sagemaker-xgboost`` and
    ``xgboost``), k-means by ``kmeans``; the registry account is not checked (the
    service's own list of algorithm registries is not public).
    """
    if not image:
        return None
    match = _IMAGE.fullmatch(image)
    if match is None:
        return None
    repository, tag = match["repository"], match["tag"] or ""
    if repository in ("sagemaker-xgboost", "xgboost"):
        return _xgboost(_XGBOOST_090 if tag.startswith("0.") else _XGBOOST_13)
    if repository == "kmeans":
        return _KMEANS
    return None


# -- the tuning job's description -----------------------------------------------------------


def _auto(r: Any) -> Any:
    # MLE-2020: every integer and continuous range the request sent without ScalingType is
    # described with "Auto" (the model's documented default). Categorical ranges have none.
    return r if r.scaling_type is not None else attrs.evolve(r, scaling_type="Auto")


def _ranges(ranges: sh.ParameterRanges | None) -> sh.ParameterRanges | None:
    if ranges is None:
        return None
    return attrs.evolve(
        ranges,
        integer_parameter_ranges=(
            tuple(_auto(r) for r in ranges.integer_parameter_ranges)
            if ranges.integer_parameter_ranges is not None
            else None
        ),
        continuous_parameter_ranges=(
            tuple(_auto(r) for r in ranges.continuous_parameter_ranges)
            if ranges.continuous_parameter_ranges is not None
            else None
        ),
    )


def described_config(config: sh.HyperParameterTuningJobConfig) -> sh.HyperParameterTuningJobConfig:
    """``HyperParameterTuningJobConfig`` as Describe returns it: ranges with their scaling."""
    return attrs.evolve(config, parameter_ranges=_ranges(config.parameter_ranges))


def _with_objective(
    definitions: tuple[sh.MetricDefinition, ...], builtin: Sequence[tuple[str, str]], objective: str
) -> tuple[sh.MetricDefinition, ...]:
    # MLE-2020 and C7N-2024 end the built-in list with "ObjectiveMetric", a copy of the
    # objective's own regex. An objective the algorithm does not emit gets no copy.
    regex = dict(builtin).get(objective)
    if regex is None:
        return definitions
    return (*definitions, sh.MetricDefinition(name="ObjectiveMetric", regex=regex))


def _metric_definitions(
    algorithm: sh.HyperParameterAlgorithmSpecification, objective: str | None
) -> tuple[sh.MetricDefinition, ...] | None:
    if algorithm.metric_definitions:
        # The service refuses custom metric definitions for its own algorithms ("You can't
        # override the metric definitions for Amazon SageMaker algorithms", a refusal for
        # rules.py); whatever a request was let through with is described as sent.
        return algorithm.metric_definitions
    builtin = builtin_algorithm(algorithm.training_image)
    if builtin is None:
        return algorithm.metric_definitions
    found = tuple(sh.MetricDefinition(name=n, regex=r) for n, r in builtin)
    return _with_objective(found, builtin, objective) if objective else found


def described_definition(
    definition: sh.HyperParameterTrainingJobDefinition, objective: str | None
) -> sh.HyperParameterTrainingJobDefinition:
    """One training job definition as Describe returns it, given its objective metric's name.

    Adds what MLE-2020 and C7N-2024 show the service adding: ScalingType ``Auto`` on
    ranges without one, ``_tuning_objective_metric`` among the static hyperparameters, a
    built-in algorithm's metric definitions, and the three ``Enable*`` flags as ``false``.
    """
    statics = dict(definition.static_hyper_parameters or {})
    if objective is not None and len(statics) < 100:  # the map holds at most 100 entries
        statics[OBJECTIVE_METRIC_KEY] = objective
    algorithm = definition.algorithm_specification
    return attrs.evolve(
        definition,
        hyper_parameter_ranges=_ranges(definition.hyper_parameter_ranges),
        static_hyper_parameters=statics if statics or definition.static_hyper_parameters else None,
        algorithm_specification=attrs.evolve(
            algorithm, metric_definitions=_metric_definitions(algorithm, objective)
        ),
        enable_network_isolation=bool(definition.enable_network_isolation),
        enable_inter_container_traffic_encryption=bool(
            definition.enable_inter_container_traffic_encryption
        ),
        enable_managed_spot_training=bool(definition.enable_managed_spot_training),
    )


# -- a training job's description -----------------------------------------------------------


def training_algorithm(
    described: sh.HyperParameterTrainingJobDefinition,
) -> sh.AlgorithmSpecification:
    """The training job's ``AlgorithmSpecification``, from its described definition.

    The definition's metric definitions (built-in ones included) carry over. CLI-2025
    shows ``EnableSageMakerMetricsTimeSeries: false`` on a job that did not ask for it.
    """
    algorithm = described.algorithm_specification
    return sh.AlgorithmSpecification(
        training_image=algorithm.training_image,
        algorithm_name=algorithm.algorithm_name,
        training_input_mode=algorithm.training_input_mode,
        metric_definitions=algorithm.metric_definitions,
        enable_sage_maker_metrics_time_series=False,
    )


def training_input(channels: tuple[sh.Channel, ...] | None) -> tuple[sh.Channel, ...] | None:
    """Channels as DescribeTrainingJob returns them: ``CompressionType`` and
    ``RecordWrapperType`` ``None`` when not given (C7N-2018 and CLI-2025: both recorded
    training jobs show them; the SageMaker Python SDK that created them sends neither).
    The tuning job's own description keeps the channels as sent (MLE-2020 has no
    ``RecordWrapperType``).
    """
    if channels is None:
        return None
    return tuple(
        attrs.evolve(
            c,
            compression_type=c.compression_type or "None",
            record_wrapper_type=c.record_wrapper_type or "None",
        )
        for c in channels
    )


def training_output(output: sh.OutputDataConfig) -> sh.OutputDataConfig:
    """``OutputDataConfig`` as DescribeTrainingJob returns it: ``KmsKeyId`` ``""`` when not
    given (C7N-2018, CLI-2025) and ``CompressionType`` ``GZIP`` (CLI-2025; the member is
    newer than C7N-2018).
    """
    return attrs.evolve(
        output,
        kms_key_id=output.kms_key_id if output.kms_key_id is not None else "",
        compression_type=output.compression_type or "GZIP",
    )


def builtin_algorithm_metrics(names: Sequence[str]) -> bool:
    """Whether metric names are one of this table's built-in lists (ObjectiveMetric aside)."""
    listed = set(names)
    return any(
        listed == set(_names)
        for _names in (_XGBOOST_090, _XGBOOST_13, tuple(n for n, _ in _KMEANS))
    )
