"""The search of a real tuning job: the request's strategy, scaling and seed through optuna."""

from __future__ import annotations

import math

import pytest

from sagemaker_tuning.local._search import Search
from sagemaker_tuning.testing._simulation import ParameterRange

X = ParameterRange(name="x", kind="continuous", low=0.0, high=1.0, scaling="Linear")
LR = ParameterRange(name="lr", kind="continuous", low=1e-5, high=1.0, scaling="Logarithmic")
MOMENTUM = ParameterRange(
    name="momentum", kind="continuous", low=0.0, high=0.999, scaling="ReverseLogarithmic"
)
DEPTH = ParameterRange(name="depth", kind="integer", low=1, high=1000, scaling="Logarithmic")
LAYERS = ParameterRange(name="layers", kind="integer", low=2, high=5, scaling="Auto")
BOOSTER = ParameterRange(name="booster", kind="categorical", values=("gbtree", "dart", "linear"))
OPT = ParameterRange(name="opt", kind="categorical", values=("sgd", "adam"))


def search(
    strategy: str = "Random",
    *ranges: ParameterRange,
    seed: int = 7,
    maximize: bool = True,
    early_stopping: bool = False,
    hyperband: tuple[int, int] | None = None,
) -> Search:
    return Search(
        strategy=strategy,
        ranges=[list(ranges) or [X]],
        maximize=maximize,
        seed=seed,
        early_stopping=early_stopping,
        hyperband=hyperband,
    )


def proposals(s: Search, n: int, value: float = 0.5) -> list[dict[str, str]]:
    found = []
    for _ in range(n):
        p = s.ask()
        found.append(dict(p.hyperparameters))
        s.tell(p.number, value)
    return found


def test_random_seed_gives_the_same_sequence() -> None:
    ranges = (X, LR, LAYERS, BOOSTER)
    assert proposals(search("Random", *ranges, seed=3), 8) == proposals(
        search("Random", *ranges, seed=3), 8
    )
    assert proposals(search("Random", *ranges, seed=3), 8) != proposals(
        search("Random", *ranges, seed=4), 8
    )


def test_bayesian_with_the_same_seed_and_results_repeats() -> None:
    def run(seed: int) -> list[dict[str, str]]:
        s = search("Bayesian", X, LAYERS, seed=seed)
        found = []
        for _ in range(14):  # past TPE's 10 random start-up trials
            p = s.ask()
            found.append(dict(p.hyperparameters))
            s.tell(p.number, -((float(p.hyperparameters["x"]) - 0.3) ** 2))
        return found

    assert run(5) == run(5)


def test_values_are_strings_within_their_ranges() -> None:
    for hp in proposals(search("Random", X, LR, MOMENTUM, DEPTH, LAYERS, BOOSTER), 40):
        assert all(isinstance(v, str) for v in hp.values())
        assert 0.0 <= float(hp["x"]) <= 1.0
        assert 1e-5 <= float(hp["lr"]) <= 1.0
        assert 0.0 <= float(hp["momentum"]) <= 0.999
        assert 1 <= int(hp["depth"]) <= 1000
        assert 2 <= int(hp["layers"]) <= 5
        assert hp["booster"] in BOOSTER.values


def test_logarithmic_scaling_samples_each_decade_alike() -> None:
    values = [float(hp["lr"]) for hp in proposals(search("Random", LR), 400)]
    below = sum(v < 1e-3 for v in values)  # 2 of the 5 decades: 40% on a log scale
    assert 0.3 < below / len(values) < 0.5


def test_reverse_logarithmic_scaling_crowds_values_near_one() -> None:
    values = [float(hp["momentum"]) for hp in proposals(search("Random", MOMENTUM), 400)]
    near_one = sum(v > 0.9 for v in values)  # 2 of 3 decades of 1 - x: about two thirds
    assert 0.55 < near_one / len(values) < 0.8


def test_integer_values_are_written_as_integers() -> None:
    assert all(
        hp["layers"].isdigit() and hp["depth"].isdigit()
        for hp in proposals(search("Random", LAYERS, DEPTH), 20)
    )


def test_grid_proposes_every_combination_once() -> None:
    s = search("Grid", BOOSTER, OPT)
    assert s.grid_size == 6
    seen = {tuple(sorted(hp.items())) for hp in proposals(s, 6)}
    assert len(seen) == 6
    assert {dict(c)["booster"] for c in seen} == set(BOOSTER.values)


def test_grid_walks_every_definition_in_turn() -> None:
    s = Search(strategy="Grid", ranges=[[BOOSTER], [OPT]], maximize=True, seed=1)
    assert s.grid_size == 5
    found = []
    for _ in range(5):
        p = s.ask()
        found.append((p.definition, tuple(p.hyperparameters.items())))
        s.tell(p.number, 1.0)
    assert len(set(found)) == 5
    assert {d for d, _ in found} == {0, 1}


def test_several_definitions_each_get_their_own_ranges() -> None:
    s = Search(strategy="Random", ranges=[[X], [BOOSTER]], maximize=True, seed=2)
    seen = set()
    for _ in range(20):
        p = s.ask()
        assert set(p.hyperparameters) == ({"x"} if p.definition == 0 else {"booster"})
        seen.add(p.definition)
        s.tell(p.number, 0.1)
    assert seen == {0, 1}


def test_hyperband_stops_the_worse_configurations_at_a_rung() -> None:
    s = search("Hyperband", X, hyperband=(1, 9), seed=0)
    stopped = 0
    for trial in range(12):
        p = s.ask()
        pruned = False
        for step in range(9):
            # Later trials are worse at every step.
            if s.report(p.number, 1.0 - trial / 10 + step / 100):
                pruned = True
                break
        s.tell(p.number, None if pruned else 1.0 - trial / 10, pruned=pruned)
        stopped += pruned
    assert stopped > 0


def test_early_stopping_stops_a_job_worse_than_the_median_of_running_averages() -> None:
    s = search("Random", X, early_stopping=True, maximize=True)
    for _ in range(3):
        p = s.ask()
        for value in (0.5, 0.6, 0.7):
            assert not s.report(p.number, value)
        s.tell(p.number, 0.7)
    worse = s.ask()
    assert s.report(worse.number, 0.2)  # 0.2 < median of the running averages at step 1 (0.5)


def test_early_stopping_keeps_a_job_better_than_the_median() -> None:
    s = search("Random", X, early_stopping=True, maximize=False)
    first = s.ask()
    for value in (0.5, 0.4):
        s.report(first.number, value)
    s.tell(first.number, 0.4)
    better = s.ask()
    assert not s.report(better.number, 0.3)
    assert not s.report(better.number, 0.2)


def test_no_pruning_without_early_stopping() -> None:
    s = search("Random", X)
    s.tell(s.ask().number, 1.0)
    p = s.ask()
    assert not any(s.report(p.number, -100.0) for _ in range(5))


def test_warm_start_results_become_finished_trials() -> None:
    s = search("Bayesian", X, BOOSTER)
    assert s.seed(0, {"x": "0.25", "booster": "dart"}, 0.9)
    trials = s._study.trials
    assert len(trials) == 1 and trials[0].value == 0.9
    assert trials[0].params == {"x": 0.25, "booster": "dart"}


def test_warm_start_values_outside_the_ranges_are_left_out() -> None:
    s = search("Random", X, BOOSTER)
    assert s.seed(0, {"x": "7.5", "booster": "dart"}, 0.9)
    assert s._study.trials[0].params == {"booster": "dart"}
    assert not s.seed(0, {"x": "7.5", "booster": "other"}, 0.9)
    assert not s.seed(0, {"x": "0.5"}, math.nan)


def test_grid_is_not_seeded() -> None:
    s = search("Grid", BOOSTER)
    assert not s.seed(0, {"booster": "dart"}, 1.0)
    assert len(proposals(s, 3)) == 3


@pytest.mark.parametrize("value", [None, math.nan, math.inf])
def test_a_job_without_a_finite_objective_is_a_failed_trial(value: float | None) -> None:
    s = search("Random", X)
    p = s.ask()
    s.tell(p.number, value)
    assert s._study.trials[0].state.name == "FAIL"
