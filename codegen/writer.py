"""Stage 4: format the emitted modules with the pinned formatter, then write them or diff them."""

from __future__ import annotations

import difflib
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

from codegen.emitter import LINE_LENGTH
from codegen.errors import GenerationError

#: The formatter version the committed output was made with; any other could format differently.
RUFF_VERSION = "0.17.6"
_MARKER = "- DO NOT EDIT."
_ISOLATED = ["--isolated", "--line-length", str(LINE_LENGTH), "--target-version", "py310"]


def _ruff(args: list[str], source: str, name: str) -> str:
    proc = subprocess.run(
        [sys.executable, "-m", "ruff", *args, "--stdin-filename", name, "-"],
        input=source,
        capture_output=True,
        text=True,
        check=False,
    )
    if proc.returncode != 0:
        raise GenerationError([f"{name}: ruff {args[0]} failed: {proc.stderr.strip()}"])
    return proc.stdout


def check_formatter() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "ruff", "--version"], capture_output=True, text=True, check=False
    )
    found = proc.stdout.strip().removeprefix("ruff ")
    if proc.returncode != 0 or found != RUFF_VERSION:
        raise GenerationError(
            [
                f"the generator formats with ruff=={RUFF_VERSION} (pip install -e '.[dev]'); found {found or 'none'}"
            ]
        )


def format_module(source: str, name: str) -> str:
    """Sort imports and format exactly as the pinned ruff does, ignoring any local configuration."""
    first_party = "lint.isort.known-first-party=['sagemaker_tuning']"
    sorted_imports = _ruff(
        ["check", *_ISOLATED, "--config", first_party, "--select", "I", "--fix", "--quiet"],
        source,
        name,
    )
    return _ruff(["format", *_ISOLATED], sorted_imports, name)


def format_all(modules: Mapping[str, str]) -> dict[str, str]:
    check_formatter()
    return {name: format_module(text, name) for name, text in sorted(modules.items())}


def generated_files(package_dir: Path) -> set[str]:
    """Files in the package that carry the generated header (stale ones included)."""
    found = set()
    for path in package_dir.rglob("*.py"):
        with path.open(encoding="utf-8") as handle:
            if _MARKER in handle.readline():
                found.add(path.relative_to(package_dir).as_posix())
    return found


def diff(modules: Mapping[str, str], package_dir: Path) -> str:
    """A unified diff from the files on disk to ``modules``; stale generated files diff to nothing."""
    chunks: list[str] = []
    for name in sorted(set(modules) | generated_files(package_dir)):
        path = package_dir / name
        old = path.read_text(encoding="utf-8") if path.exists() else ""
        new = modules.get(name, "")
        if old != new:
            chunks.extend(
                difflib.unified_diff(
                    old.splitlines(keepends=True),
                    new.splitlines(keepends=True),
                    fromfile=f"a/{name}" if path.exists() else "/dev/null",
                    tofile=f"b/{name}" if name in modules else "/dev/null",
                )
            )
    return "".join(chunks)


def write(modules: Mapping[str, str], package_dir: Path) -> list[str]:
    """Write ``modules`` and delete stale generated files; return what changed."""
    changed = []
    for name in sorted(generated_files(package_dir) - set(modules)):
        (package_dir / name).unlink()
        changed.append(f"deleted {name}")
    for name, text in sorted(modules.items()):
        path = package_dir / name
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8", newline="\n")
            changed.append(f"wrote {name}")
    return changed
