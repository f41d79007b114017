"""``to_optuna``: a tuning job of the local service as an optuna study, in memory and in SQLite."""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path
from typing import Any
from wsgiref.util import setup_testing_defaults

import optuna
import pytest
from export_samples import NAME, Jobs
from optuna.distributions import CategoricalDistribution, FloatDistribution, IntDistribution
from optuna.trial import TrialState

from sagemaker_tuning import ranges
from sagemaker_tuning.export import to_optuna

optuna.logging.set_verbosity(optuna.logging.WARNING)

STATES = {
    "Completed": TrialState.COMPLETE,
    "Failed": TrialState.FAIL,
    "Stopped": TrialState.PRUNED,
    "InProgress": TrialState.RUNNING,
}


def by_job(study: optuna.Study) -> dict[str, optuna.trial.FrozenTrial]:
    return {t.user_attrs["training_job_name"]: t for t in study.trials}


def local(moment: Any) -> Any:
    return moment.astimezone().replace(tzinfo=None)


def test_one_trial_per_training_job_with_params_typed_by_the_ranges(stopped: Jobs) -> None:
    study = to_optuna(stopped.client, NAME)
    summaries = stopped.summaries()
    trials = by_job(study)
    assert sorted(trials) == sorted(summaries) and len(study.trials) == len(summaries)
    described = stopped.client.describe_hyper_parameter_tuning_job(NAME)
    for name, trial in trials.items():
        assert trial.params == ranges.tuned_values(summaries[name], described)
    assert study.study_name == NAME


def test_distributions_map_the_scaling_and_say_where_optuna_has_none(stopped: Jobs) -> None:
    study = to_optuna(stopped.client, NAME)
    distributions = study.trials[0].distributions
    assert distributions == {
        "eta": FloatDistribution(0.001, 0.5, log=True),
        "subsample": FloatDistribution(0.5, 0.99, log=False),
        "num_round": IntDistribution(10, 1000, log=True),
        "max_depth": IntDistribution(2, 10, log=False),
        "booster": CategoricalDistribution(("gbtree", "dart")),
    }
    scaling = study.user_attrs["scaling"]
    assert scaling["eta"] == {"sagemaker": "Logarithmic", "optuna": "log"}
    assert scaling["subsample"]["sagemaker"] == "ReverseLogarithmic"
    assert "no reverse-logarithmic scale" in scaling["subsample"]["note"]
    # The service answers a range sent without a scale as Auto: SageMaker's choice.
    assert scaling["max_depth"]["sagemaker"] == "Auto" and "note" in scaling["max_depth"]
    assert scaling["booster"] == {"sagemaker": "Categorical", "optuna": "categorical"}


def test_states_and_values_come_from_each_training_job(stopped: Jobs) -> None:
    trials = by_job(to_optuna(stopped.client, NAME))
    seen = set()
    for name, summary in stopped.summaries().items():
        trial, status = trials[name], str(summary.training_job_status)
        seen.add(status)
        assert trial.state == STATES[status], name
        metric = summary.final_hyper_parameter_tuning_job_objective_metric
        if status == "Completed":
            assert metric is not None and trial.value == metric.value
        elif status == "Failed":
            assert trial.value is None
            assert trial.user_attrs["failure_reason"] == summary.failure_reason
    assert seen == {"Completed", "Failed", "Stopped"}


def test_direction_follows_the_objective_type_and_the_best_trial_is_the_best_job() -> None:
    for objective, direction in (
        ("Maximize", optuna.study.StudyDirection.MAXIMIZE),
        ("Minimize", optuna.study.StudyDirection.MINIMIZE),
    ):
        jobs = Jobs(jobs=6, parallel=3, objective=objective)
        jobs.finish()
        study = to_optuna(jobs.client, NAME)
        assert study.direction == direction
        best = jobs.client.describe_hyper_parameter_tuning_job(NAME).best_training_job
        assert best is not None
        assert study.best_trial.user_attrs["training_job_name"] == best.training_job_name


def test_user_attributes_and_times_come_from_the_summaries(stopped: Jobs) -> None:
    trials = by_job(to_optuna(stopped.client, NAME))
    for name, summary in stopped.summaries().items():
        trial = trials[name]
        assert trial.user_attrs["training_job_arn"] == summary.training_job_arn
        assert trial.user_attrs["training_job_status"] == summary.training_job_status
        assert summary.training_start_time is not None and summary.training_end_time is not None
        assert trial.user_attrs["training_end_time"] == summary.training_end_time.isoformat()
        # optuna keeps naive local times (its own datetime.now()).
        assert trial.datetime_start == local(summary.training_start_time)
        assert trial.datetime_complete == local(summary.training_end_time)


def test_exporting_again_into_sqlite_updates_and_never_duplicates(
    stopped: Jobs, tmp_path: Path
) -> None:
    url = f"sqlite:///{tmp_path / 'optuna.db'}"
    first = to_optuna(stopped.client, NAME, storage=url, study="xgb")
    again = to_optuna(stopped.client, NAME, storage=url, study="xgb")
    assert len(again.trials) == len(first.trials) == len(stopped.summaries())
    assert [(t.number, t.state, t.value, t.params) for t in again.trials] == [
        (t.number, t.state, t.value, t.params) for t in first.trials
    ]
    reloaded = optuna.load_study(study_name="xgb", storage=url)
    assert len(reloaded.trials) == len(first.trials)


def test_a_running_job_exports_what_exists_and_a_later_export_adds_the_rest(
    running: Jobs,
) -> None:
    storage = optuna.storages.InMemoryStorage()
    early = by_job(to_optuna(running.client, NAME, storage=storage))
    assert {t.state for t in early.values()} >= {TrialState.RUNNING, TrialState.COMPLETE}
    still = [n for n, t in early.items() if t.state == TrialState.RUNNING]
    running.finish()
    study = to_optuna(running.client, NAME, storage=storage)
    final = by_job(study)
    summaries = running.summaries()
    assert sorted(final) == sorted(summaries) and len(study.trials) == len(summaries) > len(early)
    for name in still:  # the trials written RUNNING were finished, not added again
        assert final[name].number == early[name].number
        assert final[name].state == STATES[str(summaries[name].training_job_status)]
        assert final[name].user_attrs["training_job_status"] != "InProgress"
    assert not any(t.state == TrialState.RUNNING for t in study.trials)


def test_the_export_reads_summaries_only_one_list_call_per_100_jobs(stopped: Jobs) -> None:
    to_optuna(stopped.client, NAME)
    assert stopped.calls() == {
        "DescribeHyperParameterTuningJob": 1,
        "ListTrainingJobsForHyperParameterTuningJob": 1,
    }


def test_visualization_and_importance_work_on_the_result() -> None:
    import matplotlib

    matplotlib.use("Agg")
    from optuna.visualization import matplotlib as plots

    jobs = Jobs(jobs=12, parallel=4)
    jobs.finish()
    study = to_optuna(jobs.client, NAME)
    assert any(t.state == TrialState.COMPLETE for t in study.trials)
    with pytest.warns(optuna.exceptions.ExperimentalWarning):
        history = plots.plot_optimization_history(study)
    values = [t.value for t in study.trials if t.state == TrialState.COMPLETE]
    assert len(history.lines[0].get_xdata()) >= len(values)
    importances = optuna.importance.get_param_importances(study)
    assert set(importances) <= set(study.trials[0].distributions) and importances
    assert math.isclose(sum(importances.values()), 1.0)


def test_optuna_dashboard_shows_the_sqlite_study(stopped: Jobs, tmp_path: Path) -> None:
    from optuna_dashboard import wsgi

    url = f"sqlite:///{tmp_path / 'optuna.db'}"
    to_optuna(stopped.client, NAME, storage=url)
    app = wsgi(optuna.storages.get_storage(url))

    def get(path: str) -> Any:
        environ: dict[str, Any] = {}
        setup_testing_defaults(environ)
        environ["PATH_INFO"] = path
        status: list[str] = []
        body = b"".join(app(environ, lambda s, h, e=None: status.append(s)))
        assert status == ["200 OK"], body[:500]
        return json.loads(body)

    (listed,) = get("/api/studies")["study_summaries"]
    assert listed["study_name"] == NAME and listed["directions"] == ["maximize"]
    shown = get(f"/api/studies/{listed['study_id']}")
    states = {t["state"] for t in shown["trials"]}
    assert states == {"Complete", "Fail", "Pruned"}
    assert {p["name"] for p in shown["union_search_space"]} == set(
        stopped.summaries()[next(iter(stopped.summaries()))].tuned_hyper_parameters
    )


def test_a_study_of_the_other_direction_is_refused(stopped: Jobs) -> None:
    storage = optuna.storages.InMemoryStorage()
    optuna.create_study(storage=storage, study_name=NAME, direction="minimize")
    with pytest.raises(ValueError, match="minimize study; tuning job export-xgb maximizes"):
        to_optuna(stopped.client, NAME, storage=storage)


def test_without_the_extra_the_error_names_it(
    stopped: Jobs, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "optuna", None)
    with pytest.raises(ImportError, match=r"pip install 'sagemaker-tuning\[optuna\]'"):
        to_optuna(stopped.client, NAME)
    assert stopped.calls() == {}  # refused before any call
