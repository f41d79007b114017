"""Local trainers: what LocalTrainer.command and LocalTrainer.function accept and refuse."""

from __future__ import annotations

import pytest
import runner_samples as rs

from sagemaker_tuning.local import LocalTrainer


def test_command_keeps_argv_cwd_and_env() -> None:
    trainer = LocalTrainer.command(["python", "train.py"], cwd="/tmp", env={"B": "2", "A": "1"})
    assert trainer.argv == ("python", "train.py")
    assert trainer.cwd == "/tmp"
    assert dict(trainer.env) == {"A": "1", "B": "2"}


def test_trainer_is_hashable_and_its_repr_is_readable() -> None:
    one = LocalTrainer.command(["python", "train.py"], env={"A": "1"})
    two = LocalTrainer.command(["python", "train.py"], env={"A": "1"})
    assert one == two and hash(one) == hash(two)
    assert "train.py" in repr(one)
    assert {LocalTrainer.function(rs.train_without_arguments): 1}


def test_command_refuses_a_shell_string() -> None:
    with pytest.raises(TypeError, match=r"no shell"):
        LocalTrainer.command("python train.py")


def test_command_refuses_an_empty_argv_and_non_strings() -> None:
    with pytest.raises(ValueError, match=r"argv is empty"):
        LocalTrainer.command([])
    with pytest.raises(TypeError, match=r"argv\[1\]"):
        LocalTrainer.command(["python", 3])  # type: ignore[list-item]
    with pytest.raises(TypeError, match=r"must be a str"):
        LocalTrainer.command(["python"], env={"A": 1})  # type: ignore[dict-item]


def test_function_names_a_module_level_function() -> None:
    trainer = LocalTrainer.function(rs.train_with_environment)
    assert trainer.target == "runner_samples:train_with_environment"
    assert trainer.takes_environment is True
    assert LocalTrainer.function(rs.train_without_arguments).takes_environment is False


def test_function_refuses_a_lambda() -> None:
    with pytest.raises(TypeError, match=r"lambda or a nested function"):
        LocalTrainer.function(lambda: None)


def test_function_refuses_a_nested_function() -> None:
    def inner() -> None:
        pass

    with pytest.raises(TypeError, match=r"def at module level"):
        LocalTrainer.function(inner)


def test_function_refuses_a_bound_method() -> None:
    with pytest.raises(TypeError, match=r"module-level function"):
        LocalTrainer.function(rs.Holder().method)


def test_function_refuses_more_than_one_parameter() -> None:
    with pytest.raises(TypeError, match=r"no parameter or one"):
        LocalTrainer.function(rs.train_needing_two)


def test_function_refuses_what_is_not_callable() -> None:
    with pytest.raises(TypeError, match=r"expected a function"):
        LocalTrainer.function("train")  # type: ignore[arg-type]
