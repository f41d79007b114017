"""Run a function trainer: ``python -m sagemaker_tuning.local._child BYTES TARGET MAIN_PATH WITH_ENV``.

A fresh interpreter imports ``TARGET`` (``module:qualname``; from ``MAIN_PATH`` when the
function lives in the caller's ``__main__``, as ``multiprocessing``'s spawn does), sets
``sys.argv`` to script mode's arguments (``SM_USER_ARGS``) so ``argparse`` works as in a
script, and calls it with nothing or a :class:`~sagemaker_tuning.local.TrainingEnvironment`.
An exception fails the job: the traceback goes to stderr (the job log) and
``"<Type>: <message>"`` to ``output/failure`` unless the function wrote that file itself.
"""

from __future__ import annotations

import json
import os
import resource
import runpy
import sys
import traceback
from pathlib import Path


def _load(target: str, main_path: str) -> object:
    module_name, qualname = target.split(":", 1)
    if main_path:
        found: object = runpy.run_path(main_path, run_name="__mp_main__")[qualname.split(".")[0]]
        rest = qualname.split(".")[1:]
    else:
        import importlib

        found = importlib.import_module(module_name)
        rest = qualname.split(".")
    for part in rest:
        found = getattr(found, part)
    return found


def main(argv: list[str]) -> int:
    limit, target, main_path, with_env = int(argv[1]), argv[2], argv[3], argv[4] == "1"
    if limit > 0:
        _, hard = resource.getrlimit(resource.RLIMIT_AS)
        resource.setrlimit(resource.RLIMIT_AS, (limit if hard < 0 else min(limit, hard), hard))
    failure = Path(os.environ["SM_OUTPUT_DIR"]) / "failure"
    try:
        fn = _load(target, main_path)
        if not callable(fn):
            raise TypeError(f"{target} is not callable")
        sys.argv = [target, *json.loads(os.environ.get("SM_USER_ARGS", "[]"))]
        if with_env:
            from sagemaker_tuning.local._trainer import TrainingEnvironment

            fn(TrainingEnvironment.from_environ())
        else:
            fn()
    except SystemExit:
        raise
    except BaseException as error:
        traceback.print_exc()
        if not failure.exists():
            message = str(error)
            text = f"{type(error).__name__}: {message}" if message else type(error).__name__
            failure.write_text(text, encoding="utf-8")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
