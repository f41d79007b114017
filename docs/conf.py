"""Sphinx configuration: MyST pages, furo theme, API reference from docstrings, doctests run.

Build (warnings are errors):

    python -m sphinx -W --keep-going -b html docs docs/_build/html
    python -m sphinx -W --keep-going -b doctest docs docs/_build/doctest
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "docs" / "_ext"))

# Examples run offline: fake credentials and a fixed region, never a shared config file.
for _name in ("AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN"):
    os.environ.pop(_name, None)
os.environ.update(
    {
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_DEFAULT_REGION": "us-east-1",
        "AWS_CONFIG_FILE": os.devnull,
        "AWS_SHARED_CREDENTIALS_FILE": os.devnull,
        "AWS_EC2_METADATA_DISABLED": "true",
    }
)

from sagemaker_tuning import __version__  # noqa: E402  (after the path and environment set-up)

project = "sagemaker-tuning"
author = "sagemaker-tuning contributors"
copyright = "the sagemaker-tuning contributors"
release = version = __version__

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.doctest",
    "sphinx.ext.intersphinx",
    "sphinx.ext.viewcode",
    "tuning_docs",
]
source_suffix = {".md": "markdown", ".rst": "restructuredtext"}
root_doc = "index"
exclude_patterns = ["_build", "Thumbs.db", ".DS_Store"]

myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3

html_theme = "furo"
html_static_path = ["_static"]
html_css_files = ["tables.css"]
html_title = f"sagemaker-tuning {release}"

# Every cross-reference must resolve; the warnings-as-errors build fails otherwise.
nitpicky = True
nitpick_ignore_regex = [
    # Third-party and standard-library names: the build is offline, so there is no intersphinx
    # inventory to link them to.
    (
        r"py:.*",
        r"(botocore|boto3|aiobotocore|pandas|hypothesis|attrs|cattrs|pytest|_pytest|optuna"
        r"|mlflow)(\..*)?",
    ),
    (r"py:class", r"BaseStorage"),
    (
        r"py:.*",
        r"(argparse|asyncio|collections|contextlib|datetime|decimal|enum|io|json|os|pathlib|re"
        r"|time|types"
        r"|typing)(\..*)?",
    ),
    (r"py:class", r"(Any|Callable|Iterable|Iterator|Mapping|Sequence|TextIO|IO|NoReturn)"),
    # Type variables and aliases in signatures, and private base classes.
    (r"py:(class|obj)", r"(sagemaker_tuning(\.\w+)+\.)?[A-Z]"),
    (r"py:(class|obj)", r"(sagemaker_tuning(\.\w+)+\.)?(PollCallback|ErrorCallback)"),
    (r"py:(class|obj)", r"(sagemaker_tuning(\.\w+)+\.)?(PageT|ItemT|Req|Resp)"),
    (r"py:(class|mod)", r"sagemaker_tuning(\.\w+)*\._\w+(\.\w+)*"),
    # Names the type checkers alone see (TypedDicts of keyword options, defined under
    # TYPE_CHECKING in sagemaker_tuning.transport._engine); the docstrings name the options.
    (
        r"py:class",
        r"(PageOptions|WaitOptions|TuningWaitOptions|CreateOptions|HandleListOptions|ScheduleName)",
    ),
    # LocalSageMaker's trainers= annotation (sagemaker_tuning.local, imported lazily).
    (r"py:class", r"LocalTrainer"),
]

autodoc_member_order = "bysource"
autodoc_typehints = "description"
autodoc_typehints_format = "short"
autodoc_default_options = {"members": True, "show-inheritance": True}
autodoc_preserve_defaults = True

# No network during the build: intersphinx would fetch inventories.
intersphinx_mapping: dict[str, tuple[str, str | None]] = {}

doctest_global_setup = """
import logging
# Examples parse deliberately incomplete responses; the lenient parser's warnings about them
# would only clutter the build log.
logging.getLogger("sagemaker_tuning.serde").setLevel(logging.ERROR)
# The examples' hypothesis tests run on shared, busy machines: no deadline, no slowness check.
from hypothesis import HealthCheck as _HealthCheck, settings as _settings
_settings.register_profile(
    "docs", deadline=None, suppress_health_check=[_HealthCheck.too_slow, _HealthCheck.data_too_large]
)
_settings.load_profile("docs")
"""
