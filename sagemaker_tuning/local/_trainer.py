"""Local trainers: what runs in place of a training image, and what a trainer is given.

A trainer is either a command (``LocalTrainer.command``: a program and its arguments, run
without a shell) or a Python function (``LocalTrainer.function``: imported by name in a fresh
interpreter). Either way it runs in its own process group with a clean environment, the
``SM_*`` variables of SageMaker's training toolkit and a per-job tree shaped like ``/opt/ml``
(see :mod:`sagemaker_tuning.local._contract` for the table and its sources).

What a function trainer receives: nothing, or -- when it takes one parameter -- a
:class:`TrainingEnvironment` (the job's hyperparameters, channels and directories, read from
that same environment). Its return value is ignored; it reports metrics by printing them, as
on SageMaker. An exception fails the job: its type and message become ``output/failure``
(unless the function wrote that file itself), so ``FailureReason`` reads
``AlgorithmError: ValueError: ...``.
"""

from __future__ import annotations

import importlib
import inspect
import json
import os
import sys
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Literal

import attrs

__all__ = ["LocalTrainer", "TrainingEnvironment"]


def _pairs(env: Mapping[str, str] | None) -> tuple[tuple[str, str], ...]:
    if env is None:
        return ()
    pairs: list[tuple[str, str]] = []
    for key, value in env.items():
        if not isinstance(key, str) or not isinstance(value, str):
            raise TypeError(
                f"LocalTrainer.command(env=...): every key and value must be a str, got "
                f"{key!r}: {value!r}"
            )
        pairs.append((key, value))
    return tuple(sorted(pairs))


@attrs.frozen(kw_only=True)
class LocalTrainer:
    """What trains in place of a ``TrainingImage``; build one with :meth:`command` or :meth:`function`."""

    kind: Literal["command", "function"]
    argv: tuple[str, ...] = ()
    """The command and its arguments (``kind == "command"``)."""
    cwd: str | None = None
    """The command's working directory; ``None``: the caller's."""
    env: tuple[tuple[str, str], ...] = ()
    """Variables added to the clean environment (sorted pairs, so the trainer stays hashable)."""
    target: str = ""
    """``module:qualname`` of the function (``kind == "function"``)."""
    main_path: str | None = None
    """The script file when the function lives in ``__main__`` (loaded as ``multiprocessing``'s
    spawn loads it: ``runpy.run_path(path, run_name="__mp_main__")``)."""
    takes_environment: bool = False
    """Whether the function is called with a :class:`TrainingEnvironment`."""

    @classmethod
    def command(
        cls,
        argv: Sequence[str],
        *,
        cwd: str | os.PathLike[str] | None = None,
        env: Mapping[str, str] | None = None,
    ) -> LocalTrainer:
        """A program run without a shell: ``argv[0]`` is looked up on ``PATH`` (``shutil.which``).

        Script mode's ``--name value`` arguments are appended to ``argv`` for every
        hyperparameter, as the SageMaker training toolkit passes them to a script.
        ``env`` is added to the clean environment the runner builds; the caller's own
        environment (and its AWS credentials) is never inherited.
        """
        if isinstance(argv, str) or not isinstance(argv, Sequence):
            raise TypeError(
                "LocalTrainer.command(argv): expected a sequence of str such as "
                f"['python', 'train.py'] (no shell is used), got {argv!r}"
            )
        items = tuple(argv)
        if not items:
            raise ValueError(
                "LocalTrainer.command(argv): argv is empty; expected the program first"
            )
        for index, item in enumerate(items):
            if not isinstance(item, str):
                raise TypeError(
                    f"LocalTrainer.command(argv[{index}]): expected a str, got {item!r}"
                )
        return cls(
            kind="command",
            argv=items,
            cwd=None if cwd is None else os.fspath(cwd),
            env=_pairs(env),
        )

    @classmethod
    def function(cls, fn: Callable[..., object]) -> LocalTrainer:
        """A module-level function, imported by name and called in a child process.

        The child is a fresh interpreter (``python -m sagemaker_tuning.local._child``), never
        a fork of the caller, so the caller's threads and state do not leak into it. ``fn``
        takes no parameter or one (a :class:`TrainingEnvironment`). A lambda, a nested
        function or a bound method cannot be imported by name and is refused here.
        """
        if not callable(fn):
            raise TypeError(f"LocalTrainer.function(fn): expected a function, got {fn!r}")
        if inspect.ismethod(fn) or not inspect.isfunction(fn):
            raise TypeError(
                f"LocalTrainer.function(fn): expected a module-level function (importable by "
                f"name in a child process), got {fn!r}; wrap it in a def at module level"
            )
        module, qualname = fn.__module__, fn.__qualname__
        if "<" in qualname:
            raise TypeError(
                f"LocalTrainer.function(fn): {qualname!r} is a lambda or a nested function, "
                "which a child process cannot import by name; expected a def at module level"
            )
        main_path: str | None = None
        if module == "__main__":
            main_file = getattr(sys.modules["__main__"], "__file__", None)
            if not main_file:
                raise TypeError(
                    f"LocalTrainer.function(fn): {qualname!r} is defined in an interactive "
                    "session (no file to import it from); expected a function in a module or a "
                    "script file"
                )
            main_path = os.path.abspath(main_file)
        elif _resolve(module, qualname) is not fn:
            raise TypeError(
                f"LocalTrainer.function(fn): {module}:{qualname} does not name this function "
                "when imported; expected a module-level def"
            )
        required = [
            p
            for p in inspect.signature(fn).parameters.values()
            if p.default is p.empty and p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)
        ]
        if len(required) > 1 or any(
            p.kind is p.KEYWORD_ONLY and p.default is p.empty
            for p in inspect.signature(fn).parameters.values()
        ):
            raise TypeError(
                f"LocalTrainer.function(fn): {qualname} must take no parameter or one (a "
                "TrainingEnvironment); its hyperparameters are in env.hyperparameters"
            )
        return cls(
            kind="function",
            target=f"{module}:{qualname}",
            main_path=main_path,
            takes_environment=len(required) == 1,
        )


def _resolve(module: str, qualname: str) -> object:
    try:
        found: object = importlib.import_module(module)
        for part in qualname.split("."):
            found = getattr(found, part)
    except (ImportError, AttributeError):
        return None
    return found


@attrs.frozen(kw_only=True)
class TrainingEnvironment:
    """The job as a training script sees it, read from the ``SM_*`` environment.

    ``TrainingEnvironment.from_environ()`` works in any trainer (a command too) and on
    SageMaker itself, where the training toolkit sets the same variables.
    """

    job_name: str
    hyperparameters: Mapping[str, str]
    """As ``hyperparameters.json`` has them: every value a string (the service's own
    ``_tuning_objective_metric`` included)."""
    channels: Mapping[str, Path]
    """Channel name -> its directory (``SM_CHANNEL_<NAME>``)."""
    model_dir: Path
    """Write the model here; it becomes ``model.tar.gz`` (``SM_MODEL_DIR``)."""
    output_data_dir: Path
    """Other artifacts (``SM_OUTPUT_DATA_DIR``)."""
    output_dir: Path
    """Holds ``failure``: its text becomes ``FailureReason`` (``SM_OUTPUT_DIR``)."""
    input_dir: Path
    current_host: str
    hosts: tuple[str, ...]
    num_cpus: int
    num_gpus: int

    @classmethod
    def from_environ(cls, environ: Mapping[str, str] | None = None) -> TrainingEnvironment:
        """Read the environment a trainer was started with."""
        env = os.environ if environ is None else environ
        config_dir = Path(env["SM_INPUT_CONFIG_DIR"])
        with open(config_dir / "hyperparameters.json", encoding="utf-8") as stream:
            hyperparameters: dict[str, str] = json.load(stream)
        names: list[str] = json.loads(env.get("SM_CHANNELS", "[]"))
        return cls(
            job_name=env.get("TRAINING_JOB_NAME", ""),
            hyperparameters=hyperparameters,
            channels={name: Path(env[f"SM_CHANNEL_{name.upper()}"]) for name in names},
            model_dir=Path(env["SM_MODEL_DIR"]),
            output_data_dir=Path(env["SM_OUTPUT_DATA_DIR"]),
            output_dir=Path(env["SM_OUTPUT_DIR"]),
            input_dir=Path(env["SM_INPUT_DIR"]),
            current_host=env.get("SM_CURRENT_HOST", "algo-1"),
            hosts=tuple(json.loads(env.get("SM_HOSTS", '["algo-1"]'))),
            num_cpus=int(env.get("SM_NUM_CPUS", "1")),
            num_gpus=int(env.get("SM_NUM_GPUS", "0")),
        )
