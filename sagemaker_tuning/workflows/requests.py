"""New requests from old jobs: clone a described tuning job, warm start it, check the warm start.

:func:`from_description` turns a ``DescribeHyperParameterTuningJob`` answer back into the
``CreateHyperParameterTuningJobRequest`` that would re-create the job, without what the service
added to it; :func:`warm_start` builds the ``WarmStartConfig`` that makes the new job learn from
old ones; :func:`check_warm_start` (with a client) and :func:`warm_start_violations` (with the
parents' descriptions) check the developer guide's warm-start restrictions, which depend on other
jobs and so are not rules of :mod:`sagemaker_tuning.rules`.

What the service adds to a description, and what :func:`from_description` does with it (each
line names its evidence; "lossless" means that keeping the value would not change the job):

.. list-table::
   :header-rows: 1
   :widths: 30 14 56

   * - Added by the service
     - Done
     - Why
   * - ``_tuning_objective_metric`` in ``StaticHyperParameters``
     - removed
     - Not lossless to keep: SageMaker sets it to the objective metric's name on every
       training job ("Hyperparameter tuning sends an additional hyperparameter,
       ``_tuning_objective_metric``", developer guide, automatic-model-tuning-define-metrics),
       so a kept copy goes stale when the objective changes and counts against the limit of
       100 hyperparameters (rule ``hyperparameter-limit-objective``). The SageMaker Python
       SDK deletes it when it attaches to a job (``tuner.py``,
       ``_prepare_estimator_from_job_description``: "Remove hyperparameter reserved by
       SageMaker for tuning jobs").
   * - ``MetricDefinitions`` of a built-in algorithm (a ``TrainingImage`` in a built-in
       algorithm's repository) or of an ``AlgorithmName`` resource
     - removed
     - Not lossless to keep: the service refuses them — "You can't override the metric
       definitions for Amazon SageMaker algorithms. Please retry the request without
       specifying metric definitions." (awslabs/mlspace, which retries without them; the
       same for script mode on the ``sagemaker-xgboost`` image). A real XGBoost job's
       description carries 35 of them that its request never had (calvinfeng/MLE).
       terraform-provider-aws strips them for algorithm-backed definitions ("SageMaker ...
       may inject metric definitions"). Pass ``keep_metric_definitions`` to decide yourself.
   * - ``TrainingImage`` beside ``AlgorithmName``
     - removed
     - Not lossless to keep: the two exclude each other (rule
       ``algorithm-name-or-image``); terraform-provider-aws drops the image the service
       reports for algorithm-backed definitions.
   * - ``AlgorithmName`` as an ARN
     - kept
     - Lossless: ``AlgorithmName`` accepts a name or an ARN (the model's pattern), and the
       ARN names the same algorithm (terraform-provider-aws shortens it only for display).
   * - ``ScalingType: "Auto"`` on every integer and continuous range
     - removed
     - Lossless either way: the service records ``Auto`` when a range has none
       (calvinfeng/MLE), so no ``ScalingType`` and ``Auto`` mean the same. Removed so the
       clone reads like the request; ``keep_defaults=True`` keeps it.
   * - ``EnableNetworkIsolation``, ``EnableInterContainerTrafficEncryption``,
       ``EnableManagedSpotTraining`` as ``false``
     - removed
     - Lossless either way: the service reports ``false`` for a flag the request left out
       (calvinfeng/MLE). Removed when ``false``; ``true`` is always kept;
       ``keep_defaults=True`` keeps ``false`` too.

A description carries no ``Tags`` (API_DescribeHyperParameterTuningJob has none): pass
``tags=`` to give the new job some. A warm-started job's ``WarmStartConfig`` is kept unless
``warm_start=`` replaces it (``attrs.evolve(request, warm_start_config=None)`` drops it).

Built-in algorithms are recognised by their image's repository (the developer guide's
``sagemaker-algo-docker-registry-paths``; the SageMaker Python SDK's tuner recognises them the
same way): an image of your own in a repository named like one is taken for a built-in one --
pass ``keep_metric_definitions=True`` then.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Final

from sagemaker_tuning import rules
from sagemaker_tuning.core import serde
from sagemaker_tuning.core.errors import ResourceNotFound
from sagemaker_tuning.core.shapes import (
    CreateHyperParameterTuningJobRequest,
    DescribeHyperParameterTuningJobResponse,
    HyperParameterTuningJobWarmStartConfig,
    ParameterRanges,
    ParentHyperParameterTuningJob,
    Tag,
)
from sagemaker_tuning.core.validation import Violation

if TYPE_CHECKING:
    from sagemaker_tuning.client import TuningClient
    from sagemaker_tuning.enums import (
        HyperParameterTuningJobStrategyType,
        HyperParameterTuningJobWarmStartType,
    )

__all__ = [
    "BUILT_IN_ALGORITHM_REPOSITORIES",
    "WARM_START_RULES",
    "check_warm_start",
    "from_description",
    "is_built_in_image",
    "warm_start",
    "warm_start_violations",
]

_GUIDE = "https://docs.aws.amazon.com/sagemaker/latest/dg/"
_WARM_START_GUIDE = f"{_GUIDE}automatic-model-tuning-warm-start.html"
_LIMITS_GUIDE = f"{_GUIDE}automatic-model-tuning-limits.html"

#: The reserved static hyperparameter SageMaker adds to every training job of a tuning job.
TUNING_OBJECTIVE_METRIC: Final = "_tuning_objective_metric"

BUILT_IN_ALGORITHM_REPOSITORIES: Final = frozenset(
    {
        "blazingtext",
        "factorization-machines",
        "forecasting-deepar",
        "image-classification",
        "ipinsights",
        "kmeans",
        "knn",
        "lda",
        "linear-learner",
        "ntm",
        "object-detection",
        "object2vec",
        "pca",
        "randomcutforest",
        "sagemaker-xgboost",
        "semantic-segmentation",
        "seq2seq",
        "xgboost",
    }
)
"""ECR repositories of SageMaker's built-in algorithms (developer guide,
sagemaker-algo-docker-registry-paths), whose metric definitions the service supplies itself."""

# <account>.dkr.ecr.<region>.amazonaws.com[.cn]/<repository>[:tag | @digest]
_ECR_IMAGE = re.compile(
    r"[0-9]{12}\.dkr\.ecr\.[a-z0-9-]+\.amazonaws\.com(?:\.cn)?/(?P<repository>[^:@]+)(?:[:@].*)?"
)

_ENABLE_FLAGS: Final = (
    "EnableNetworkIsolation",
    "EnableInterContainerTrafficEncryption",
    "EnableManagedSpotTraining",
)
_TERMINAL: Final = frozenset({"Completed", "Stopped", "Failed"})
_MAX_PARENTS: Final = 5
_MAX_CHANGES: Final = 10


def is_built_in_image(image: str) -> bool:
    """Whether ``image`` is an ECR image in a built-in algorithm's repository.

    >>> from sagemaker_tuning.requests import is_built_in_image
    >>> is_built_in_image("246618743249.dkr.ecr.us-west-2.amazonaws.com/sagemaker-xgboost:1.7-1")
    True
    >>> is_built_in_image("123456789012.dkr.ecr.us-east-1.amazonaws.com/my-trainer:latest")
    False
    """
    match = _ECR_IMAGE.fullmatch(image)
    return match is not None and match["repository"] in BUILT_IN_ALGORITHM_REPOSITORIES


# ---------------------------------------------------------------------------------------------
# Warm start


def warm_start(
    parents: str | Iterable[str],
    kind: HyperParameterTuningJobWarmStartType | str = "TransferLearning",
) -> HyperParameterTuningJobWarmStartConfig:
    """The ``WarmStartConfig`` of a job that starts from ``parents`` (one name or several).

    ``kind`` is ``"TransferLearning"`` (new data, image or ranges allowed) or
    ``"IdenticalDataAndAlgorithm"`` (same data and image; the description then carries the
    ``OverallBestTrainingJob`` across parents and child). The model allows 1 to 5 parents and
    checks the names; an invalid argument raises :class:`~sagemaker_tuning.ValidationError`.

    >>> from sagemaker_tuning.requests import warm_start
    >>> warm_start("nightly-xgb", "IdenticalDataAndAlgorithm").warm_start_type
    <HyperParameterTuningJobWarmStartType.IDENTICAL_DATA_AND_ALGORITHM: 'IdenticalDataAndAlgorithm'>
    """
    names = [parents] if isinstance(parents, str) else list(parents)
    return HyperParameterTuningJobWarmStartConfig(
        parent_hyper_parameter_tuning_jobs=tuple(
            ParentHyperParameterTuningJob(hyper_parameter_tuning_job_name=n) for n in names
        ),
        warm_start_type=kind,
    )


# ---------------------------------------------------------------------------------------------
# From a description to a request

# The members a Create request shares with a Describe answer (everything else is state).
_REQUEST_MEMBERS: Final = (
    "HyperParameterTuningJobConfig",
    "TrainingJobDefinition",
    "TrainingJobDefinitions",
    "WarmStartConfig",
    "Autotune",
)


def from_description(
    response: DescribeHyperParameterTuningJobResponse,
    *,
    name: str,
    warm_start: HyperParameterTuningJobWarmStartConfig | None = None,
    max_jobs: int | None = None,
    max_parallel: int | None = None,
    ranges: ParameterRanges | None = None,
    strategy: HyperParameterTuningJobStrategyType | str | None = None,
    tags: Sequence[Tag] | None = None,
    keep_defaults: bool = False,
    keep_metric_definitions: bool | None = None,
) -> CreateHyperParameterTuningJobRequest:
    """The request that would re-create the described tuning job, named ``name``.

    What the service added to the description is removed as the module's table says
    (``keep_defaults`` keeps the lossless defaults, ``keep_metric_definitions`` decides about
    metric definitions instead of the built-in-algorithm test). The keywords change the common
    things: ``warm_start`` (see :func:`warm_start`) replaces the description's
    ``WarmStartConfig``; ``max_jobs`` and ``max_parallel`` the ``ResourceLimits``; ``ranges``
    the tuning job's ``ParameterRanges`` (definitions with ranges of their own keep them);
    ``strategy`` the ``Strategy`` (a ``HyperbandStrategyConfig`` is dropped when the new
    strategy is not ``Hyperband``, as the service refuses it then); ``tags`` become the new
    job's ``Tags``.

    The result satisfies every constraint of the model. A description that lacks what a
    request needs (no ``HyperParameterTuningJobConfig``, values the model does not allow)
    raises :class:`~sagemaker_tuning.ValidationError` listing every violation by its member
    path in the request. Service rules are not applied: check them with
    :func:`sagemaker_tuning.rules.check` and, for a warm start, :func:`check_warm_start`.
    """
    wire = serde.to_api(response)
    data: dict[str, Any] = {"HyperParameterTuningJobName": name}
    data.update((k, wire[k]) for k in _REQUEST_MEMBERS if k in wire)
    for definition in _wire_definitions(data):
        _clean_definition(
            definition, keep_defaults=keep_defaults, keep_metric_definitions=keep_metric_definitions
        )
    config = data.get("HyperParameterTuningJobConfig")
    if isinstance(config, dict):
        _override_config(config, max_jobs, max_parallel, ranges, strategy)
        if not keep_defaults:
            _drop_auto_scaling(config.get("ParameterRanges"))
    if warm_start is not None:
        data["WarmStartConfig"] = serde.to_api(warm_start)
    if tags is not None:
        data["Tags"] = [serde.to_api(tag) for tag in tags]
    return serde.from_api(CreateHyperParameterTuningJobRequest, data, strict=True)


def _wire_definitions(data: Mapping[str, Any]) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    single = data.get("TrainingJobDefinition")
    if isinstance(single, dict):
        found.append(single)
    several = data.get("TrainingJobDefinitions")
    if isinstance(several, list):
        found += [d for d in several if isinstance(d, dict)]
    return found


def _clean_definition(
    definition: dict[str, Any], *, keep_defaults: bool, keep_metric_definitions: bool | None
) -> None:
    statics = definition.get("StaticHyperParameters")
    if isinstance(statics, dict) and TUNING_OBJECTIVE_METRIC in statics:
        statics = {k: v for k, v in statics.items() if k != TUNING_OBJECTIVE_METRIC}
        if statics:
            definition["StaticHyperParameters"] = statics
        else:
            del definition["StaticHyperParameters"]
    algorithm = definition.get("AlgorithmSpecification")
    if isinstance(algorithm, dict):
        by_name = algorithm.get("AlgorithmName") is not None
        if by_name:
            algorithm.pop("TrainingImage", None)
        image = algorithm.get("TrainingImage")
        built_in = by_name or (isinstance(image, str) and is_built_in_image(image))
        drop = not keep_metric_definitions if keep_metric_definitions is not None else built_in
        if drop:
            algorithm.pop("MetricDefinitions", None)
    if not keep_defaults:
        for flag in _ENABLE_FLAGS:
            if definition.get(flag) is False:
                del definition[flag]
        _drop_auto_scaling(definition.get("HyperParameterRanges"))


def _drop_auto_scaling(ranges: Any) -> None:
    if not isinstance(ranges, dict):
        return
    for member in ("IntegerParameterRanges", "ContinuousParameterRanges"):
        for item in ranges.get(member) or ():
            if isinstance(item, dict) and item.get("ScalingType") == "Auto":
                del item["ScalingType"]


def _override_config(
    config: dict[str, Any],
    max_jobs: int | None,
    max_parallel: int | None,
    ranges: ParameterRanges | None,
    strategy: Any,
) -> None:
    if max_jobs is not None or max_parallel is not None:
        limits = config.get("ResourceLimits")
        limits = dict(limits) if isinstance(limits, dict) else {}
        if max_jobs is not None:
            limits["MaxNumberOfTrainingJobs"] = max_jobs
        if max_parallel is not None:
            limits["MaxParallelTrainingJobs"] = max_parallel
        config["ResourceLimits"] = limits
    if ranges is not None:
        config["ParameterRanges"] = serde.to_api(ranges)
    if strategy is not None:
        value = getattr(strategy, "value", strategy)
        config["Strategy"] = value
        strategy_config = config.get("StrategyConfig")
        if value != "Hyperband" and isinstance(strategy_config, dict):
            # Rule strategy-config-hyperband: the service refuses a Hyperband configuration
            # with any other strategy, so it cannot survive the change.
            strategy_config.pop("HyperbandStrategyConfig", None)
            if not strategy_config:
                del config["StrategyConfig"]


# ---------------------------------------------------------------------------------------------
# Warm-start restrictions


def _warm_rule(rule_id: str, severity: Any, summary: str, source: str = _WARM_START_GUIDE) -> None:
    WARM_START_RULES[rule_id] = rules.Rule(rule_id, severity, (source,), summary)


WARM_START_RULES: dict[str, rules.Rule] = {}
"""The warm-start restrictions :func:`warm_start_violations` checks, by rule id.

Every ``error`` is stated by the developer guide (automatic-model-tuning-warm-start, "Warm
Start Tuning Restrictions" and "Types of Warm Start Tuning Jobs"); ``warning`` marks what no
source states as a refusal.
"""

_warm_rule(
    "warm-start-parent-count",
    "error",
    'At most 5 parent jobs ("A tuning job can have a maximum of 5 parent jobs"; the model '
    "limits ParentHyperParameterTuningJobs to 5 as well).",
)
_warm_rule(
    "warm-start-parent-exists",
    "error",
    "Every parent is a tuning job that exists in this account and region.",
)
_warm_rule(
    "warm-start-parent-terminal",
    "error",
    'Every parent has finished: "all parent jobs must be in a terminal state (Completed, '
    'Stopped, or Failed) before you start the new tuning job".',
)
_warm_rule(
    "warm-start-parent-duplicate",
    "warning",
    "Each parent is named once (a repeated parent adds nothing; no source says the service "
    "refuses it).",
)
_warm_rule(
    "warm-start-objective",
    "error",
    'The same objective metric as every parent: "The objective metric used in the new tuning '
    'job must be the same as the objective metric used in the parent jobs".',
)
_warm_rule(
    "warm-start-objective-type",
    "warning",
    "The same objective direction (Maximize/Minimize) as every parent: the guide requires the "
    "same metric; comparing results across directions makes no sense, but no source states "
    "a refusal.",
)
_warm_rule(
    "warm-start-hyperparameter-count",
    "error",
    'As many hyperparameters, static plus tunable, as every parent: "The total number of '
    "static plus tunable hyperparameters must remain the same between parent jobs and the new "
    'tuning job" (_tuning_objective_metric, which SageMaker adds, is not counted).',
)
_warm_rule(
    "warm-start-hyperparameter-type",
    "error",
    'A hyperparameter tuned in a parent and in the new job keeps its kind: "The type of each '
    'hyperparameter (continuous, integer, categorical) must not change".',
)
_warm_rule(
    "warm-start-changes",
    "error",
    'At most 10 changes per parent: "The number of total changes from tunable hyperparameters '
    "in the parent jobs to static hyperparameters in the new tuning job, plus the number of "
    'changes in the values of static hyperparameters cannot be more than 10"; each value of a '
    "categorical range made static counts, and a changed static value counts 2 (the guide's "
    "examples); an integer or continuous range made static counts 1 (the guide gives no "
    "example).",
)
_warm_rule(
    "warm-start-identical-data",
    "error",
    "IdenticalDataAndAlgorithm keeps every parent's input data: the new job \"uses the same "
    'input data and training image as the parent tuning jobs".',
)
_warm_rule(
    "warm-start-identical-algorithm",
    "error",
    "IdenticalDataAndAlgorithm keeps every parent's training image or algorithm (\"You cannot "
    'use a new version of the training algorithm", unless the new version does not change '
    "the algorithm itself, which no request shows).",
)
_warm_rule(
    "warm-start-identical-statics",
    "warning",
    "IdenticalDataAndAlgorithm and changed static hyperparameter values: the guide lists what "
    "this kind may change (ranges, the number of training jobs, tunable to static and back) "
    "and static values are not among them, but its general restrictions count such changes "
    "against the 10 allowed.",
)
_warm_rule(
    "warm-start-training-jobs",
    "warning",
    "The parents' training jobs plus MaxNumberOfTrainingJobs stay within the training jobs "
    'allowed per tuning job: "The training jobs launched by every parent job in a warm start '
    'tuning job count against the ... maximum training jobs for a tuning job" (500 in the '
    "guide's text, 750 or 10000 in its limits table, hence a warning).",
)


def _violation(rule_id: str, path: str, message: str) -> Violation:
    return Violation(path, message, rule_id, WARM_START_RULES[rule_id].severity)


def _objective(config: Any, definition: Any) -> tuple[str | None, str | None]:
    objective = getattr(definition, "tuning_objective", None) or getattr(
        config, "hyper_parameter_tuning_job_objective", None
    )
    if objective is None:
        return None, None
    kind = getattr(objective, "type", None)
    return getattr(objective, "metric_name", None), (str(kind) if kind is not None else None)


def _only_definition(obj: Any) -> tuple[str, Any] | None:
    """(path, definition) of a request's or description's one training job definition."""
    single = getattr(obj, "training_job_definition", None)
    several: Sequence[Any] = getattr(obj, "training_job_definitions", None) or ()
    if single is not None and not several:
        return "TrainingJobDefinition", single
    if single is None and len(several) == 1:
        return "TrainingJobDefinitions[0]", several[0]
    return None  # several definitions: no warm start at all (rule multi-algorithm-single-only)


def _statics(definition: Any) -> dict[str, str]:
    values = getattr(definition, "static_hyper_parameters", None) or {}
    return {k: v for k, v in values.items() if k != TUNING_OBJECTIVE_METRIC}


_KINDS: Final = (
    ("integer_parameter_ranges", "integer"),
    ("continuous_parameter_ranges", "continuous"),
    ("categorical_parameter_ranges", "categorical"),
)


def _tunable(config: Any, definition: Any) -> dict[str, tuple[str, int]]:
    """Name -> (kind, how many changes making it static costs) of the tuned hyperparameters."""
    ranges = getattr(definition, "hyper_parameter_ranges", None) or getattr(
        config, "parameter_ranges", None
    )
    found: dict[str, tuple[str, int]] = {}
    if ranges is None:
        return found
    for attr, kind in _KINDS:
        for r in getattr(ranges, attr, None) or ():
            name = getattr(r, "name", None)
            if isinstance(name, str):
                cost = len(getattr(r, "values", None) or ()) if kind == "categorical" else 1
                found[name] = (kind, max(cost, 1))
    for auto in getattr(ranges, "auto_parameters", None) or ():
        name = getattr(auto, "name", None)
        if isinstance(name, str):
            found.setdefault(name, ("auto", 1))
    return found


def _algorithm(definition: Any) -> str | None:
    spec = getattr(definition, "algorithm_specification", None)
    if spec is None:
        return None
    name = getattr(spec, "algorithm_name", None)
    if isinstance(name, str):
        # The service reports an algorithm resource by its ARN; a request may name it.
        return "algorithm " + name.rsplit("/", 1)[-1]
    image = getattr(spec, "training_image", None)
    return f"image {image}" if isinstance(image, str) else None


def _launched(response: DescribeHyperParameterTuningJobResponse) -> int:
    counters = response.training_job_status_counters
    if counters is None:
        return 0
    return sum(
        n or 0
        for n in (
            counters.completed,
            counters.in_progress,
            counters.retryable_error,
            counters.non_retryable_error,
            counters.stopped,
        )
    )


def _lookup(
    parents: Mapping[str, DescribeHyperParameterTuningJobResponse | None], name: str
) -> DescribeHyperParameterTuningJobResponse | None:
    if name in parents:
        return parents[name]
    lowered = name.lower()  # tuning job names are unique ignoring case
    for key, value in parents.items():
        if key.lower() == lowered:
            return value
    return None


def warm_start_violations(
    request: CreateHyperParameterTuningJobRequest,
    parents: Mapping[str, DescribeHyperParameterTuningJobResponse | None],
) -> list[Violation]:
    """Every broken warm-start restriction of ``request`` against its parents' descriptions.

    ``parents`` maps each parent's name to its ``DescribeHyperParameterTuningJob`` answer, or to
    ``None`` when the service does not know it (a name missing from the mapping counts as
    unknown). Paths are API member paths in ``request``; rule ids are the keys of
    :data:`WARM_START_RULES`, where their severity and source are. A request without
    ``WarmStartConfig`` has nothing to break.
    """
    config = request.warm_start_config
    if config is None:
        return []
    found: list[Violation] = []
    listed = list(config.parent_hyper_parameter_tuning_jobs or ())
    where = "WarmStartConfig.ParentHyperParameterTuningJobs"
    if len(listed) > _MAX_PARENTS:
        found.append(
            _violation(
                "warm-start-parent-count",
                where,
                f"expected at most {_MAX_PARENTS} parent jobs, got {len(listed)}",
            )
        )
    mine = _only_definition(request)
    job_config = request.hyper_parameter_tuning_job_config
    seen: set[str] = set()
    identical = str(config.warm_start_type) == "IdenticalDataAndAlgorithm"
    limits = getattr(job_config, "resource_limits", None)
    total = getattr(limits, "max_number_of_training_jobs", None) or 0
    for i, parent in enumerate(listed):
        name = parent.hyper_parameter_tuning_job_name or ""  # optional in the model
        path = f"{where}[{i}]"
        if name.lower() in seen:
            found.append(
                _violation(
                    "warm-start-parent-duplicate", path, f"parent {name} is listed more than once"
                )
            )
            continue
        seen.add(name.lower())
        described = _lookup(parents, name)
        if described is None:
            found.append(
                _violation(
                    "warm-start-parent-exists", path, f"there is no tuning job named {name!r}"
                )
            )
            continue
        status = str(described.hyper_parameter_tuning_job_status)
        if status not in _TERMINAL:
            found.append(
                _violation(
                    "warm-start-parent-terminal",
                    path,
                    f"parent {name} is {status}; wait until it is Completed, Stopped or Failed",
                )
            )
        total += _launched(described)
        theirs = _only_definition(described)
        if mine is None or theirs is None:
            continue  # several definitions: rule multi-algorithm-single-only speaks for it
        found += _compare(
            name,
            mine,
            theirs[1],
            job_config,
            described.hyper_parameter_tuning_job_config,
            identical=identical,
        )
    strategy = str(getattr(job_config, "strategy", ""))
    ceiling = rules._MAX_TRAINING_JOBS.get(strategy, rules._DEFAULT_MAX_TRAINING_JOBS)
    if total > ceiling and listed:
        found.append(
            _violation(
                "warm-start-training-jobs",
                "HyperParameterTuningJobConfig.ResourceLimits.MaxNumberOfTrainingJobs",
                f"the parents' training jobs and this job's maximum add up to {total}, more than "
                f"the {ceiling} training jobs a {strategy} tuning job may have",
            )
        )
    return found


def _compare(
    parent: str,
    mine: tuple[str, Any],
    theirs: Any,
    my_config: Any,
    their_config: Any,
    *,
    identical: bool,
) -> list[Violation]:
    """The restrictions that compare the new job's definition with one parent's."""
    path, definition = mine
    found: list[Violation] = []
    metric, kind = _objective(my_config, definition)
    their_metric, their_kind = _objective(their_config, theirs)
    objective_path = (
        f"{path}.TuningObjective"
        if getattr(definition, "tuning_objective", None) is not None
        else "HyperParameterTuningJobConfig.HyperParameterTuningJobObjective"
    )
    if metric != their_metric:
        found.append(
            _violation(
                "warm-start-objective",
                f"{objective_path}.MetricName",
                f"the objective metric is {metric!r}, parent {parent}'s is {their_metric!r}",
            )
        )
    elif kind != their_kind and kind is not None and their_kind is not None:
        found.append(
            _violation(
                "warm-start-objective-type",
                f"{objective_path}.Type",
                f"the objective is to {kind} {metric}, parent {parent}'s to {their_kind} it",
            )
        )
    statics, their_statics = _statics(definition), _statics(theirs)
    tuned, their_tuned = _tunable(my_config, definition), _tunable(their_config, theirs)
    count, their_count = len(set(statics) | set(tuned)), len(set(their_statics) | set(their_tuned))
    if count != their_count:
        found.append(
            _violation(
                "warm-start-hyperparameter-count",
                f"{path}.StaticHyperParameters",
                f"{count} hyperparameters (static plus tunable), parent {parent} has "
                f"{their_count}; move hyperparameters between static and tunable instead of "
                "adding or removing them",
            )
        )
    for name, (their_kind_of, _cost) in sorted(their_tuned.items()):
        now = tuned.get(name)
        if now is not None and now[0] != their_kind_of:
            found.append(
                _violation(
                    "warm-start-hyperparameter-type",
                    "HyperParameterTuningJobConfig.ParameterRanges",
                    f"hyperparameter {name!r} is {now[0]} here and {their_kind_of} in "
                    f"parent {parent}",
                )
            )
    made_static = sum(cost for n, (_k, cost) in their_tuned.items() if n in statics)
    changed = sorted(n for n, v in statics.items() if n in their_statics and their_statics[n] != v)
    changes = made_static + 2 * len(changed)
    if changes > _MAX_CHANGES:
        found.append(
            _violation(
                "warm-start-changes",
                f"{path}.StaticHyperParameters",
                f"{changes} changes from parent {parent} ({made_static} for tunable "
                f"hyperparameters made static, {2 * len(changed)} for {len(changed)} changed "
                f"static values); at most {_MAX_CHANGES} are allowed",
            )
        )
    if identical:
        mine_data = _wire(getattr(definition, "input_data_config", None))
        their_data = _wire(getattr(theirs, "input_data_config", None))
        if mine_data != their_data:
            found.append(
                _violation(
                    "warm-start-identical-data",
                    f"{path}.InputDataConfig",
                    f"IdenticalDataAndAlgorithm needs parent {parent}'s input data; it differs",
                )
            )
        algorithm, their_algorithm = _algorithm(definition), _algorithm(theirs)
        if algorithm != their_algorithm:
            found.append(
                _violation(
                    "warm-start-identical-algorithm",
                    f"{path}.AlgorithmSpecification",
                    f"IdenticalDataAndAlgorithm needs parent {parent}'s {their_algorithm}, "
                    f"got {algorithm}",
                )
            )
        if changed:
            found.append(
                _violation(
                    "warm-start-identical-statics",
                    f"{path}.StaticHyperParameters",
                    f"static values differ from parent {parent}'s ({', '.join(changed)}), "
                    "which IdenticalDataAndAlgorithm may refuse; TransferLearning allows it",
                )
            )
    return found


def _wire(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, tuple):
        return [_wire(v) for v in value]
    return serde.to_api(value)


def check_warm_start(
    request: CreateHyperParameterTuningJobRequest, client: TuningClient
) -> list[Violation]:
    """:func:`warm_start_violations` against the parents as ``client`` describes them now.

    One ``DescribeHyperParameterTuningJob`` call per distinct parent; a parent the service does
    not know (``ResourceNotFound``) is reported as ``warm-start-parent-exists``. Other service
    errors propagate. Nothing is called without a ``WarmStartConfig``.
    """
    config = request.warm_start_config
    if config is None:
        return []
    described: dict[str, DescribeHyperParameterTuningJobResponse | None] = {}
    asked: set[str] = set()
    for parent in config.parent_hyper_parameter_tuning_jobs or ():
        name = parent.hyper_parameter_tuning_job_name
        if not name or name.lower() in asked:  # names are unique ignoring case: one call each
            continue
        asked.add(name.lower())
        try:
            described[name] = client.describe_hyper_parameter_tuning_job(name)
        except ResourceNotFound:
            described[name] = None
    return warm_start_violations(request, described)
