"""Command line of the generator.

``python -m codegen``               regenerate the package's generated modules
``python -m codegen --check``       exit 1 with a unified diff if they are out of date
``python -m codegen update-model``  refresh the vendored model from the installed botocore
``python -m codegen lower-bound [WHEEL_OR_DIR ...]``  does a botocore (default: the installed
one) accept everything the vendored model accepts? (see :mod:`codegen.lower_bound`)
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from codegen import config
from codegen.build import build
from codegen.emitter import emit
from codegen.errors import GenerationError
from codegen.loader import load
from codegen.writer import diff, format_all, write


def generate(
    model_path: Path = config.MODEL_PATH,
    unicode_file: Path = config.UNICODE_FILE,
    supplements: Sequence[Path] | None = None,
) -> dict[str, str]:
    """Every generated module's final text, by path relative to the package; nothing is written.

    ``supplements`` default to :data:`codegen.config.SUPPLEMENTS` for the vendored model and
    to none for another model (a test fixture names its own).
    """
    if supplements is None:
        supplements = config.SUPPLEMENTS if model_path == config.MODEL_PATH else ()
    return format_all(emit(build(load(model_path, unicode_file, supplements=supplements))))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m codegen", description=(__doc__ or "").splitlines()[0]
    )
    parser.add_argument(
        "command",
        nargs="?",
        choices=["generate", "update-model", "lower-bound"],
        default="generate",
    )
    parser.add_argument(
        "candidates",
        nargs="*",
        type=Path,
        help="lower-bound: botocore wheels or folders to compare (default: the installed one)",
    )
    parser.add_argument(
        "--verbose", action="store_true", help="lower-bound: list informational differences too"
    )
    parser.add_argument(
        "--check", action="store_true", help="only report whether the output is current"
    )
    parser.add_argument(
        "--model",
        type=Path,
        default=config.MODEL_PATH,
        help="vendored botocore folder or reduced model",
    )
    parser.add_argument("--unicode", type=Path, default=config.UNICODE_FILE)
    parser.add_argument(
        "--supplement",
        type=Path,
        action="append",
        default=None,
        help="a supplementary model (repeatable; default: the configured ones for the vendored model)",
    )
    parser.add_argument("--out", type=Path, default=config.PACKAGE_DIR, help="package directory")
    args = parser.parse_intermixed_args(argv)
    try:
        if args.command == "lower-bound":
            from codegen import lower_bound

            return lower_bound.main(args.candidates, verbose=args.verbose)
        if args.command == "update-model":
            from codegen.update import update_model

            for path in update_model(args.unicode.parent):
                print(f"wrote {path}")
            print("now run: python -m codegen, and add a '### Model' entry to CHANGELOG.md")
            print(
                "then check botocore's lower bound in pyproject.toml still accepts the new model:\n"
                "  pip download --no-deps --dest /tmp/low 'botocore==LOWER_BOUND'\n"
                "  python -m codegen lower-bound /tmp/low/botocore-*.whl\n"
                "(the lowest-versions run of .ci/run fails when it does not)"
            )
            return 0
        modules = generate(args.model, args.unicode, args.supplement)
    except GenerationError as exc:
        print(f"codegen: {exc}", file=sys.stderr)
        return 2
    if args.check:
        text = diff(modules, args.out)
        if text:
            sys.stdout.write(text)
            print(
                "codegen: generated files are out of date; run: python -m codegen", file=sys.stderr
            )
            return 1
        print(f"codegen: {len(modules)} generated files are current")
        return 0
    for line in write(modules, args.out) or ["nothing to do"]:
        print(line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
