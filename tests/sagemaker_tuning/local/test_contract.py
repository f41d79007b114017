"""SageMaker's training contract, locally (sagemaker_tuning.local._contract)."""

from __future__ import annotations

from pathlib import Path

import pytest

from sagemaker_tuning.local._contract import (
    cmd_args,
    decoded_hyperparameters,
    job_dir,
    local_path,
)


def test_longest_data_prefix_wins(tmp_path: Path) -> None:
    data = {"s3://b/": tmp_path / "all", "s3://b/data/": tmp_path / "data"}
    assert (
        local_path("s3://b/data/train/x.csv", root=tmp_path, data=data)
        == tmp_path / "data/train/x.csv"
    )
    assert local_path("s3://b/other/y", root=tmp_path, data=data) == tmp_path / "all/other/y"


def test_prefix_is_a_string_prefix_as_in_s3(tmp_path: Path) -> None:
    data = {"s3://b/data/tr": tmp_path / "tr"}
    assert local_path("s3://b/data/train", root=tmp_path, data=data) == tmp_path / "tr/ain"


def test_file_uri_is_the_path_it_names(tmp_path: Path) -> None:
    assert local_path(f"file://{tmp_path}/a%20b", root=tmp_path, data={}) == tmp_path / "a b"


def test_uri_no_prefix_covers_lives_under_root(tmp_path: Path) -> None:
    assert (
        local_path("s3://bucket/out/job", root=tmp_path, data={}) == tmp_path / "s3/bucket/out/job"
    )


def test_dot_dot_keys_and_other_schemes_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=r"'\.\.' segments"):
        local_path("s3://b/../../etc/passwd", root=tmp_path, data={})
    with pytest.raises(ValueError, match=r"expected an s3://"):
        local_path("ftp://b/x", root=tmp_path, data={})


def test_job_name_that_is_not_a_training_job_name_is_refused(tmp_path: Path) -> None:
    assert job_dir(tmp_path, "job-1") == tmp_path / "training-jobs/job-1"
    for bad in ("../x", "a/b", "", "-a", "a" * 64):
        with pytest.raises(ValueError, match=r"training job name"):
            job_dir(tmp_path, bad)


def test_hyperparameters_are_decoded_as_the_toolkit_does() -> None:
    decoded = decoded_hyperparameters(
        {
            "lr": "0.1",
            "epochs": "10",
            "flag": "true",
            "name": "resnet",
            "layers": "[1, 2]",
            "_tuning_objective_metric": "loss",
            "sagemaker_program": "train.py",
        }
    )
    assert decoded == {"lr": 0.1, "epochs": 10, "flag": True, "name": "resnet", "layers": [1, 2]}


def test_script_mode_arguments_follow_mapping_to_cmd_args() -> None:
    args = cmd_args({"lr": 0.1, "b": 2, "flag": True, "opts": {"y": 1, "x": "a"}, "name": "a b"})
    assert args == [
        "-b",
        "2",
        "--flag",
        "True",
        "--lr",
        "0.1",
        "--name",
        "a b",
        "--opts",
        "x=a,y=1",
    ]
