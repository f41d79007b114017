"""Type-check the typing test files with mypy --strict and pyright.

good.py must pass both; each line of bad.py marked ``# error:`` must be reported by both.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).parent


def mypy(path: Path) -> tuple[int, str]:
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--no-incremental",
            "--hide-error-context",
            str(path),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    return proc.returncode, proc.stdout


def pyright(path: Path) -> set[int] | None:
    """Lines pyright reports errors on, or None where pyright is not installed."""
    exe = shutil.which("pyright", path=str(Path(sys.executable).parent))
    if exe is None:
        return None
    proc = subprocess.run(
        [exe, "--outputjson", "--pythonpath", sys.executable, str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    report = json.loads(proc.stdout)
    return {
        d["range"]["start"]["line"] + 1
        for d in report["generalDiagnostics"]
        if d["severity"] == "error"
    }


def main() -> int:
    code, out = mypy(HERE / "good.py")
    if code != 0:
        print(f"good.py must type-check cleanly:\n{out}")
        return 1
    bad = HERE / "bad.py"
    expected = {
        i
        for i, line in enumerate(bad.read_text().splitlines(), 1)
        if line.split("  # ", 1)[-1].startswith("error:")
    }
    _, out = mypy(bad)
    reported = {int(m.group(1)) for m in re.finditer(r"bad\.py:(\d+): error", out)}
    missing, unexpected = expected - reported, reported - expected
    if missing or unexpected:
        print(
            f"bad.py: lines not caught {sorted(missing)}, unexpected errors on {sorted(unexpected)}\n{out}"
        )
        return 1
    good_lines, bad_lines = pyright(HERE / "good.py"), pyright(bad)
    if good_lines is None or bad_lines is None:
        print("pyright is not installed (pip install -e '.[dev]')")
        return 1
    if good_lines or bad_lines != expected:
        print(f"pyright: good.py errors on {sorted(good_lines)}; bad.py caught {sorted(bad_lines)}")
        return 1
    print(
        f"typing: good.py clean; all {len(expected)} misuses in bad.py caught by mypy and pyright"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
