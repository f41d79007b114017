"""``demo --simulated``: today's instant run on virtual time, unchanged by the real demo."""

from __future__ import annotations

import json

from cli_samples import run

from sagemaker_tuning.cli import EXIT_OK


def test_demo_runs_the_whole_flow_and_prints_tables() -> None:
    code, out, err = run("demo", "--simulated")
    assert code == EXIT_OK
    notes = err.splitlines()
    assert notes[0].startswith("demo: on the embedded local SageMaker")
    assert [n[:3] for n in notes[1:]] == ["1/5", "2/5", "3/5", "4/5", "5/5"]
    assert "0 errors" in notes[2]
    assert notes[3].endswith("hyper-parameter-tuning-job/demo-xgboost")
    assert "[###" not in err  # stderr is not a terminal and --progress was not given
    lines = out.splitlines()
    assert lines[0].startswith("demo-xgboost: Completed, 20/20 training jobs finished")
    assert lines[2] == "Top 5 training jobs by validation:auc"
    assert lines[3].split() == [
        "TrainingJobName",
        "Status",
        "validation:auc",
        "booster",
        "eta",
        "max_depth",
        "subsample",
        "Duration",
    ]
    rows = [line.split() for line in lines[5:10]]
    values = [float(row[2]) for row in rows]
    assert values == sorted(values, reverse=True)  # best first for a Maximize objective
    best = lines[11:]
    assert best[0].split() == ["Best", "training", "job", rows[0][0]]
    assert best[2].split()[1:4] == ["validation:auc", "=", rows[0][2]]
    assert best[3] == "Hyperparameters"
    assert [b.split()[0] for b in best[4:]] == ["booster", "eta", "max_depth", "subsample"]
    assert [b.split()[1] for b in best[4:]] == rows[0][3:7]


def test_demo_json_is_one_document_on_stdout() -> None:
    code, out, err = run(
        "--json", "demo", "--simulated", "--max-jobs", "6", "--parallel", "2", "--top", "3"
    )
    assert code == EXIT_OK
    assert err == ""  # --json without --progress: nothing but the result anywhere
    doc = json.loads(out)
    assert set(doc) == {"tuning_job", "top_training_jobs", "best_training_job"}
    assert doc["tuning_job"]["HyperParameterTuningJobStatus"] == "Completed"
    assert len(doc["top_training_jobs"]) == 3
    assert (
        doc["top_training_jobs"][0]["TrainingJobName"]
        == (doc["best_training_job"]["TrainingJobName"])
    )


def test_demo_progress_when_asked_is_logged_line_by_line() -> None:
    code, _, err = run("--progress", "demo", "--simulated", "--max-jobs", "4", "--parallel", "2")
    assert code == EXIT_OK
    bars = [line for line in err.splitlines() if line.startswith("[")]
    assert len(bars) >= 3
    assert bars[0].startswith("[------------------------]  0/4 finished")
    assert bars[-1].startswith("[########################]  4/4 finished")
    assert bars[-1].endswith("Completed")
    assert "\r" not in err


def test_demo_is_reproducible_for_a_seed() -> None:
    first, second, other = (
        run("--json", "demo", "--simulated", "--seed", seed, "--max-jobs", "4")[1]
        for seed in ("5", "5", "6")
    )
    assert json.loads(first) == json.loads(second)
    assert json.loads(first)["top_training_jobs"] != json.loads(other)["top_training_jobs"]
