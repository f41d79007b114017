"""The lowest allowed versions of the package's direct dependencies, from pyproject.toml.

``python .ci/lowest.py`` prints pip constraints pinning each ``name>=X`` of
``[project].dependencies`` to ``name==X``; ``python .ci/lowest.py --check`` exits 1 unless the
running environment has exactly those versions installed. ``.ci/run`` uses both for its second
test run, so every lower bound is a version the suite has passed on.
"""

from __future__ import annotations

import re
import sys
from importlib import metadata
from pathlib import Path

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib  # type: ignore[no-redef]

PYPROJECT = Path(__file__).resolve().parent.parent / "pyproject.toml"
_BOUND = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)\s*>=\s*([0-9][^,;\s]*)$")


def lowest() -> dict[str, str]:
    """``{name: lowest version}`` of every direct dependency; each must have a ``>=`` bound."""
    dependencies = tomllib.loads(PYPROJECT.read_text())["project"]["dependencies"]
    found: dict[str, str] = {}
    for requirement in dependencies:
        match = _BOUND.match(requirement.strip())
        if match is None:
            raise SystemExit(f"{requirement!r}: a direct dependency needs a plain '>=' bound")
        found[match.group(1)] = match.group(2)
    return found


def main(argv: list[str]) -> int:
    bounds = lowest()
    if "--check" not in argv:
        for name, version in bounds.items():
            print(f"{name}=={version}")
        return 0
    wrong = {
        name: metadata.version(name)
        for name, version in bounds.items()
        if metadata.version(name) != version
    }
    for name, installed in wrong.items():
        print(f"{name}: {installed} installed, the lower bound is {bounds[name]}", file=sys.stderr)
    if not wrong:
        print("lowest versions installed: " + ", ".join(f"{n} {v}" for n, v in bounds.items()))
    return 1 if wrong else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
