"""The lowest allowed versions of the package's direct dependencies, from pyproject.toml.

``python .ci/lowest.py`` prints pip constraints pinning each ``name>=X`` of
``[project].dependencies`` to ``name==X``; ``python .ci/lowest.py --check`` exits 1 unless the
running environment has exactly those versions installed. ``.ci/run`` uses both for its
lowest-versions test run, so every lower bound is a version the suite has passed on.

``--extra NAME`` adds the extra's requirements at their lower bounds (``aiobotocore==3.9.2`` for
``async``). A pinned package of the extra may require more of a direct dependency than our bound
(aiobotocore pins botocore to a few patch releases); the direct dependency is then pinned to the
lowest version both allow, read from the pinned package's published metadata (``pip download
--no-deps``, the wheel's ``Requires-Dist``).
"""

from __future__ import annotations

import re
import subprocess
import sys
import tempfile
import zipfile
from importlib import metadata
from pathlib import Path

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib  # type: ignore[no-redef]

PYPROJECT = Path(__file__).resolve().parent.parent / "pyproject.toml"
_BOUND = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)\s*>=\s*([0-9][^,;\s]*)$")


def _pins(requirements: list[str], where: str) -> dict[str, str]:
    found: dict[str, str] = {}
    for requirement in requirements:
        match = _BOUND.match(requirement.strip())
        if match is None:
            raise SystemExit(f"{requirement!r} ({where}): needs a plain '>=' bound")
        found[match.group(1)] = match.group(2)
    return found


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _requires(name: str, version: str) -> list[str]:
    """``Requires-Dist`` of ``name==version``'s wheel on the package index (no extras' lines)."""
    with tempfile.TemporaryDirectory() as folder:
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps"]
            + ["--only-binary=:all:", "--dest", folder, f"{name}=={version}"],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        (wheel,) = Path(folder).glob("*.whl")
        with zipfile.ZipFile(wheel) as archive:
            (path,) = [n for n in archive.namelist() if n.endswith(".dist-info/METADATA")]
            text = archive.read(path).decode()
    return [
        line.split(":", 1)[1].strip()
        for line in text.splitlines()
        if line.startswith("Requires-Dist:") and "extra ==" not in line
    ]


def lowest(extra: str | None = None) -> dict[str, str]:
    """``{name: lowest version}`` of every direct dependency (and of ``extra``'s requirements)."""
    project = tomllib.loads(PYPROJECT.read_text())["project"]
    found = _pins(project["dependencies"], "[project].dependencies")
    if extra is None:
        return found
    extras = project.get("optional-dependencies", {})
    if extra not in extras:
        raise SystemExit(f"no extra {extra!r} in pyproject.toml; extras: {', '.join(extras)}")
    pinned = _pins(extras[extra], f"the {extra!r} extra")
    from packaging.requirements import Requirement
    from packaging.version import Version

    direct = {_normal(name): name for name in found}
    for name, version in pinned.items():
        for text in _requires(name, version):
            requirement = Requirement(text)
            ours = direct.get(_normal(requirement.name))
            if ours is None or requirement.specifier.contains(found[ours]):
                continue
            # The lowest version both allow: the requirement's own lower bound.
            floors = [Version(s.version) for s in requirement.specifier if s.operator == ">="]
            if not floors or max(floors) < Version(found[ours]):
                raise SystemExit(
                    f"{name} {version} requires {text}: no lower bound to pin {ours} to"
                )
            found[ours] = str(max(floors))
    return {**found, **pinned}


def main(argv: list[str]) -> int:
    extra = None
    if "--extra" in argv:
        at = argv.index("--extra")
        if at + 1 >= len(argv):
            raise SystemExit("--extra needs the name of an extra")
        extra = argv[at + 1]
    bounds = lowest(extra)
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
