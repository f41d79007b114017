"""The old import path of ``sagemaker_tuning.core.serde``, kept working: the same module object.

At run time this module replaces itself in ``sys.modules`` by ``sagemaker_tuning.core.serde``
(:func:`sagemaker_tuning._aliases.alias`); the type checkers see every name of that module here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sagemaker_tuning.core.serde import *  # noqa: F403
    from sagemaker_tuning.core.serde import (
        _CLASSES as _CLASSES,
    )
    from sagemaker_tuning.core.serde import (
        _DROP as _DROP,
    )
    from sagemaker_tuning.core.serde import (
        _EPOCH as _EPOCH,
    )
    from sagemaker_tuning.core.serde import (
        _LENIENT as _LENIENT,
    )
    from sagemaker_tuning.core.serde import (
        _SHAPES as _SHAPES,
    )
    from sagemaker_tuning.core.serde import (
        _UNKNOWN_CHECKS as _UNKNOWN_CHECKS,
    )
    from sagemaker_tuning.core.serde import (
        _UNKNOWN_MEMBERS as _UNKNOWN_MEMBERS,
    )
    from sagemaker_tuning.core.serde import (
        _UTC as _UTC,
    )
    from sagemaker_tuning.core.serde import (
        Reader as Reader,
    )
    from sagemaker_tuning.core.serde import (
        T as T,
    )
    from sagemaker_tuning.core.serde import (
        _a as _a,
    )
    from sagemaker_tuning.core.serde import (
        _Codegen as _Codegen,
    )
    from sagemaker_tuning.core.serde import (
        _compile as _compile,
    )
    from sagemaker_tuning.core.serde import (
        _count as _count,
    )
    from sagemaker_tuning.core.serde import (
        _enum_value as _enum_value,
    )
    from sagemaker_tuning.core.serde import (
        _fixer as _fixer,
    )
    from sagemaker_tuning.core.serde import (
        _is_shape as _is_shape,
    )
    from sagemaker_tuning.core.serde import (
        _Lenient as _Lenient,
    )
    from sagemaker_tuning.core.serde import (
        _log as _log,
    )
    from sagemaker_tuning.core.serde import (
        _make_converter as _make_converter,
    )
    from sagemaker_tuning.core.serde import (
        _make_structure_fn as _make_structure_fn,
    )
    from sagemaker_tuning.core.serde import (
        _make_unstructure_fn as _make_unstructure_fn,
    )
    from sagemaker_tuning.core.serde import (
        _mark_bool as _mark_bool,
    )
    from sagemaker_tuning.core.serde import (
        _Readers as _Readers,
    )
    from sagemaker_tuning.core.serde import (
        _ReadExpr as _ReadExpr,
    )
    from sagemaker_tuning.core.serde import (
        _same as _same,
    )
    from sagemaker_tuning.core.serde import (
        _timestamp_or_drop as _timestamp_or_drop,
    )
    from sagemaker_tuning.core.serde import (
        _unknown_members as _unknown_members,
    )
    from sagemaker_tuning.core.serde import (
        _UnknownCheck as _UnknownCheck,
    )
    from sagemaker_tuning.core.serde import (
        _UnknownMembers as _UnknownMembers,
    )
    from sagemaker_tuning.core.serde import (
        _utc as _utc,
    )
    from sagemaker_tuning.core.serde import (
        _utc_strict as _utc_strict,
    )
    from sagemaker_tuning.core.serde import (
        _warn_once as _warn_once,
    )
    from sagemaker_tuning.core.serde import (
        _warned as _warned,
    )
    from sagemaker_tuning.core.serde import (
        _wire_kind as _wire_kind,
    )
    from sagemaker_tuning.core.serde import (
        _WriteFn as _WriteFn,
    )
    from sagemaker_tuning.core.serde import (
        _Zeros as _Zeros,
    )
    from sagemaker_tuning.core.serde import (
        converter as converter,
    )
    from sagemaker_tuning.core.serde import (
        strict_converter as strict_converter,
    )
else:
    from sagemaker_tuning import _aliases

    _aliases.alias(__name__, "sagemaker_tuning.core.serde")
