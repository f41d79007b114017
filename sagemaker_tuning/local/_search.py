"""A tuning job's search through optuna's ask-and-tell interface: which hyperparameters next.

The request's strategy maps onto optuna's pieces (optuna is imported only here, and only
when a tuning job trains for real; it is the ``local`` extra):

=================  ===============================================  ==============================
Request            optuna                                           Source / note
=================  ===============================================  ==============================
``Random``         ``RandomSampler(seed)``                          developer guide,
                                                                    automatic-model-tuning-how-it-
                                                                    works ("Random search")
``Grid``           ``GridSampler`` over every combination of the    same page: "Only categorical
                   categorical ranges (each definition's in turn)   parameters are supported";
                                                                    one job per combination
``Bayesian``       ``TPESampler(seed)``                             the service fits a Gaussian
                                                                    process; optuna's
                                                                    ``GPSampler`` needs torch, TPE
                                                                    needs nothing more (a
                                                                    Bayesian sampler too)
``Hyperband``      ``RandomSampler(seed)`` + ``HyperbandPruner``    API_HyperbandStrategyConfig;
                   (``min_resource=MinResource``,                   Hyperband samples configura-
                   ``max_resource=MaxResource``), one step per      tions at random (Li et al.);
                   objective value in the log                       reduction factor: optuna's 3
                                                                    (the service's is not public)
Early stop Auto    ``MedianPruner(n_startup_trials=1)`` fed the     "Stop Training Jobs Early";
                   running average of the objective at each step    see :class:`Search`
``Linear``         ``FloatDistribution`` / ``IntDistribution``      API_ContinuousParameterRange
``Logarithmic``    the same with ``log=True``
``ReverseLog...``  ``1 - x`` drawn with ``log=True`` over           values close to 1, for
                   ``[1 - MaxValue, 1 - MinValue]`` (continuous)    ``0 <= x < 1``
``Auto``           ``Linear`` (the service "chooses the best        its choice is not public;
                   scale"; the emulation keeps the plain one)       the simulation does the same
Categorical        ``CategoricalDistribution(Values)``
Warm start         each parent's job with an objective becomes a    automatic-model-tuning-warm-
                   trial (``create_trial`` + ``add_trial``)         start; see :meth:`Search.seed`
=================  ===============================================  ==============================

``RandomSeed`` seeds the sampler, so the same request and seed give the same sequence of
hyperparameters whenever the jobs' results come back in the same order (always with
``MaxParallelTrainingJobs`` 1; with Random at any parallelism, as it ignores results).
"""

from __future__ import annotations

import itertools
import math
import threading
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import attrs

from sagemaker_tuning.enums import HyperParameterScalingType as Scaling
from sagemaker_tuning.testing._simulation import ParameterRange

if TYPE_CHECKING:
    import optuna

__all__ = ["Proposal", "Search"]

#: The name of the optuna parameter choosing the definition when a request has several.
DEFINITION_PARAM = "__definition"
#: The name of the optuna parameter indexing the grid of a Grid search.
GRID_PARAM = "__combination"


@attrs.frozen(kw_only=True)
class Proposal:
    """One training job's hyperparameters, as the search proposed them."""

    #: The optuna trial's number (what :meth:`Search.report` and :meth:`Search.tell` take).
    number: int
    #: Which training job definition (index into the request's definitions).
    definition: int
    #: The tuned hyperparameters as the service writes them: every value a string.
    hyperparameters: Mapping[str, str]


def _format(kind: str, value: Any) -> str:
    """A value as the service writes a tuned hyperparameter (``str`` of the number)."""
    if kind == "integer":
        return str(int(value))
    if kind == "continuous":
        return repr(float(value))
    return str(value)


class Search:
    """The search of one tuning job (thread-safe: the engine's thread and requests share it).

    Early stopping (``TrainingJobEarlyStoppingType`` ``Auto``). The developer guide ("Stop
    Training Jobs Early") stops a job when its objective value at an epoch is worse than the
    median of the running averages of the objective of every previous training job up to
    that epoch. Here each reported value becomes its job's running average at that step and
    optuna's ``MedianPruner`` compares against the median of the other jobs' values at the
    same step, which are exactly those running averages. Two differences remain, both
    stopping a job no sooner than the guide would: optuna compares the job's *best* running
    average so far (not its current value), and it takes the median over jobs that
    completed (not the ones stopped early). ``n_startup_trials=1``: the guide needs no
    minimum number of previous jobs, only one to compare with.
    """

    def __init__(
        self,
        *,
        strategy: str,
        ranges: Sequence[Sequence[ParameterRange]],
        maximize: bool,
        seed: int,
        early_stopping: bool = False,
        hyperband: tuple[int, int] | None = None,
    ) -> None:
        """``ranges``: per training job definition, its tuned ranges; ``hyperband``: (min, max) resource."""
        import optuna

        # optuna logs every finished trial at INFO on stderr; the service's jobs are observed
        # through Describe and List instead. A user who wants the lines back raises it again.
        optuna.logging.set_verbosity(optuna.logging.WARNING)
        self._lock = threading.Lock()
        self._ranges = [list(r) for r in ranges] or [[]]
        self._strategy = strategy
        self._early_stopping = early_stopping and hyperband is None
        self._grid: list[tuple[int, dict[str, str]]] = []
        sampler: optuna.samplers.BaseSampler
        if strategy == "Grid":
            for index, definition in enumerate(self._ranges):
                names = [r.name for r in definition]
                for combination in itertools.product(*(r.values for r in definition)):
                    self._grid.append((index, dict(zip(names, combination, strict=True))))
            sampler = _grid_sampler({GRID_PARAM: list(range(len(self._grid)))}, seed)
        elif strategy == "Bayesian":
            sampler = optuna.samplers.TPESampler(seed=seed)
        else:  # Random, Hyperband, and any strategy the model learns later
            sampler = optuna.samplers.RandomSampler(seed=seed)
        pruner: optuna.pruners.BasePruner
        if hyperband is not None:
            low, high = hyperband
            pruner = optuna.pruners.HyperbandPruner(min_resource=low, max_resource=high)
        elif self._early_stopping:
            pruner = optuna.pruners.MedianPruner(n_startup_trials=1, n_warmup_steps=0)
        else:
            pruner = optuna.pruners.NopPruner()
        self._study = optuna.create_study(
            direction="maximize" if maximize else "minimize", sampler=sampler, pruner=pruner
        )
        self._trials: dict[int, optuna.trial.Trial] = {}
        self._values: dict[int, list[float]] = {}

    @property
    def grid_size(self) -> int | None:
        """How many combinations a Grid search has (``None`` for the other strategies)."""
        return len(self._grid) if self._strategy == "Grid" else None

    def _key(self, definition: int, name: str) -> str:
        return name if len(self._ranges) == 1 else f"{definition}/{name}"

    def _distribution(self, r: ParameterRange) -> Any:
        from optuna.distributions import (
            CategoricalDistribution,
            FloatDistribution,
            IntDistribution,
        )

        if r.kind == "categorical":
            return CategoricalDistribution(list(r.values))
        log = r.scaling == Scaling.LOGARITHMIC.value
        if r.kind == "integer":
            return IntDistribution(int(r.low), int(r.high), log=log)
        if r.scaling == Scaling.REVERSE_LOGARITHMIC.value:
            return FloatDistribution(1.0 - r.high, 1.0 - r.low, log=True)
        return FloatDistribution(r.low, r.high, log=log)

    @staticmethod
    def _value(r: ParameterRange, internal: Any) -> str:
        if r.kind == "continuous" and r.scaling == Scaling.REVERSE_LOGARITHMIC.value:
            return _format(r.kind, min(max(1.0 - float(internal), r.low), r.high))
        return _format(r.kind, internal)

    def ask(self) -> Proposal:
        """The next training job's definition and tuned hyperparameters."""
        with self._lock:
            trial = self._study.ask()
            if self._grid:
                index, values = self._grid[
                    int(trial.suggest_categorical(GRID_PARAM, list(range(len(self._grid)))))
                ]
                proposal = Proposal(number=trial.number, definition=index, hyperparameters=values)
            else:
                index = 0
                if len(self._ranges) > 1:
                    index = int(
                        trial.suggest_categorical(DEFINITION_PARAM, list(range(len(self._ranges))))
                    )
                tuned = {}
                for r in self._ranges[index]:
                    tuned[r.name] = self._value(r, _suggest(trial, self._key(index, r.name), r))
                proposal = Proposal(number=trial.number, definition=index, hyperparameters=tuned)
            self._trials[trial.number] = trial
            self._values[trial.number] = []
            return proposal

    def report(self, number: int, value: float) -> bool:
        """Feed a job's next objective value (one step); whether the pruner stops the job.

        Hyperband's resource is the number of values reported so far (API_HyperbandStrategy
        Config: "the minimum number of resources (such as epochs)"; the log gives one value per
        epoch); early stopping is fed the running average (see the class docstring).
        """
        with self._lock:
            trial = self._trials.get(number)
            if trial is None or not math.isfinite(value):
                return False
            seen = self._values[number]
            seen.append(value)
            step = len(seen)
            fed = sum(seen) / step if self._early_stopping else value
            trial.report(fed, step)
            return bool(trial.should_prune())

    def steps(self, number: int) -> int:
        """How many objective values a job has reported."""
        with self._lock:
            return len(self._values.get(number, ()))

    def tell(self, number: int, value: float | None, *, pruned: bool = False) -> None:
        """A job's end: its final objective (``None``: it failed or never reported one)."""
        import optuna

        with self._lock:
            trial = self._trials.pop(number, None)
            self._values.pop(number, None)
            if trial is None:
                return
            if value is not None and math.isfinite(value) and not pruned:
                self._study.tell(trial, value)
            elif pruned:
                self._study.tell(trial, state=optuna.trial.TrialState.PRUNED)
            else:
                self._study.tell(trial, state=optuna.trial.TrialState.FAIL)

    def seed(self, definition: int, hyperparameters: Mapping[str, str], value: float) -> bool:
        """Add a warm start parent's result as a finished trial; whether it was added.

        Developer guide (automatic-model-tuning-warm-start): the new tuning job uses its
        parents' evaluated configurations "as prior knowledge". Both warm start types seed
        alike here (which changes each allows is checked by the rules before the job
        starts). Values outside the child's ranges (``TransferLearning`` may change them)
        are left out; a parent job none of whose values fits adds nothing. A Grid search is
        not seeded: it runs every combination, as the request asked.
        """
        import optuna

        if self._grid or not math.isfinite(value) or definition >= len(self._ranges):
            return False
        params: dict[str, Any] = {}
        distributions: dict[str, Any] = {}
        if len(self._ranges) > 1:
            params[DEFINITION_PARAM] = definition
            distributions[DEFINITION_PARAM] = optuna.distributions.CategoricalDistribution(
                list(range(len(self._ranges)))
            )
        fitted = 0
        for r in self._ranges[definition]:
            text = hyperparameters.get(r.name)
            if text is None:
                continue
            internal = _internal(r, text)
            if internal is None:
                continue
            key = self._key(definition, r.name)
            params[key], distributions[key] = internal, self._distribution(r)
            fitted += 1
        if not fitted:
            return False
        with self._lock:
            self._study.add_trial(
                optuna.trial.create_trial(params=params, distributions=distributions, value=value)
            )
        return True


def _suggest(trial: optuna.trial.Trial, key: str, r: ParameterRange) -> Any:
    if r.kind == "categorical":
        return trial.suggest_categorical(key, list(r.values))
    log = r.scaling == Scaling.LOGARITHMIC.value
    if r.kind == "integer":
        return trial.suggest_int(key, int(r.low), int(r.high), log=log)
    if r.scaling == Scaling.REVERSE_LOGARITHMIC.value:
        return trial.suggest_float(key, 1.0 - r.high, 1.0 - r.low, log=True)
    return trial.suggest_float(key, r.low, r.high, log=log)


def _internal(r: ParameterRange, text: str) -> Any:
    """A written value in the search's own terms; ``None`` when unreadable or out of range."""
    if r.kind == "categorical":
        return text if text in r.values else None
    try:
        number = float(text)
    except ValueError:
        return None
    if not (math.isfinite(number) and r.low <= number <= r.high):
        return None
    if r.kind == "integer":
        return int(number) if number.is_integer() else None
    return 1.0 - number if r.scaling == Scaling.REVERSE_LOGARITHMIC.value else number


def _grid_sampler(search_space: Mapping[str, Sequence[Any]], seed: int) -> Any:
    """optuna's ``GridSampler`` without its stop at the last combination.

    ``GridSampler.after_trial`` calls ``Study.stop()``, which raises outside ``optimize``
    (optuna#4121, optuna#5141; documented in optuna PR #5153). The engine counts the
    combinations itself (one training job each), so the stop is not needed.
    """
    import optuna

    class AskTellGridSampler(optuna.samplers.GridSampler):
        def after_trial(
            self,
            study: optuna.Study,
            trial: optuna.trial.FrozenTrial,
            state: optuna.trial.TrialState,
            values: Sequence[float] | None,
        ) -> None:
            return None

    return AskTellGridSampler(dict(search_space), seed=seed)
