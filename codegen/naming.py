"""Python names for model names: attributes, methods, enum members, pattern constants."""

from __future__ import annotations

import keyword
import re

# A copy of botocore's ``xform_name`` (botocore/__init__.py) without its cache of
# special cases, so that generation does not depend on the installed botocore.
# tests/codegen/test_naming.py checks it against botocore for every model name.
_FIRST_CAP = re.compile("(.)([A-Z][a-z]+)")
_END_CAP = re.compile("([a-z0-9])([A-Z])")
_PLURAL_ACRONYM = re.compile("[A-Z]{2,}s$")


def xform_name(name: str) -> str:
    """``HyperParameterTuningJobName`` -> ``hyper_parameter_tuning_job_name``."""
    if "_" in name:
        return name
    special = _PLURAL_ACRONYM.search(name)
    if special is not None:
        matched = special.group()
        name = f"{name[: -len(matched)]}_{matched.lower()}"
    first = _FIRST_CAP.sub(r"\1_\2", name)
    return _END_CAP.sub(r"\1_\2", first).lower()


def attribute_name(member: str) -> str:
    """The attribute for a structure member: ``xform_name``, ``_`` appended to keywords."""
    name = xform_name(member)
    if keyword.iskeyword(name) or keyword.issoftkeyword(name):
        name += "_"
    return name


def constant_name(value: str) -> str:
    """An UPPER_SNAKE identifier for an enum value or shape name (``ml.m5.large`` -> ``ML_M5_LARGE``)."""
    words = re.sub(r"[^0-9A-Za-z]+", "_", value)
    name = xform_name(words) if "_" not in words else words
    name = re.sub(r"_+", "_", name).strip("_").upper()
    if not name:
        name = "EMPTY"
    if name[0].isdigit():
        name = "V_" + name
    return name
