"""The old import path of ``sagemaker_tuning.core.validation``, kept working: the same module object.

At run time this module replaces itself in ``sys.modules`` by ``sagemaker_tuning.core.validation``
(:func:`sagemaker_tuning._aliases.alias`); the type checkers see every name of that module here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sagemaker_tuning.core.validation import *  # noqa: F403
    from sagemaker_tuning.core.validation import (
        _ARN as _ARN,
    )
    from sagemaker_tuning.core.validation import (
        _FIELD_NORMALIZERS as _FIELD_NORMALIZERS,
    )
    from sagemaker_tuning.core.validation import (
        _FIELDS as _FIELDS,
    )
    from sagemaker_tuning.core.validation import (
        _HELP_BY_SOURCE as _HELP_BY_SOURCE,
    )
    from sagemaker_tuning.core.validation import (
        _LISTED_VALUES as _LISTED_VALUES,
    )
    from sagemaker_tuning.core.validation import (
        _MAX_SHOWN as _MAX_SHOWN,
    )
    from sagemaker_tuning.core.validation import (
        _NAME as _NAME,
    )
    from sagemaker_tuning.core.validation import (
        _NORMALIZERS as _NORMALIZERS,
    )
    from sagemaker_tuning.core.validation import (
        _PREDICATES as _PREDICATES,
    )
    from sagemaker_tuning.core.validation import (
        _REDACT_WINDOW as _REDACT_WINDOW,
    )
    from sagemaker_tuning.core.validation import (
        _SUGGESTIONS as _SUGGESTIONS,
    )
    from sagemaker_tuning.core.validation import (
        FieldSpec as FieldSpec,
    )
    from sagemaker_tuning.core.validation import (
        Normalizer as Normalizer,
    )
    from sagemaker_tuning.core.validation import (
        Predicate as Predicate,
    )
    from sagemaker_tuning.core.validation import (
        Severity as Severity,
    )
    from sagemaker_tuning.core.validation import (
        _bounds_message as _bounds_message,
    )
    from sagemaker_tuning.core.validation import (
        _Explain as _Explain,
    )
    from sagemaker_tuning.core.validation import (
        _field_normalizers as _field_normalizers,
    )
    from sagemaker_tuning.core.validation import (
        _finite as _finite,
    )
    from sagemaker_tuning.core.validation import (
        _is_stand_in as _is_stand_in,
    )
    from sagemaker_tuning.core.validation import (
        _Normalizers as _Normalizers,
    )
    from sagemaker_tuning.core.validation import (
        _out_of as _out_of,
    )
    from sagemaker_tuning.core.validation import (
        _pattern_help as _pattern_help,
    )
    from sagemaker_tuning.core.validation import (
        _Predicates as _Predicates,
    )
    from sagemaker_tuning.core.validation import (
        _quoted_list as _quoted_list,
    )
    from sagemaker_tuning.core.validation import (
        _within as _within,
    )
    from sagemaker_tuning.core.validation import (
        check_fields as check_fields,
    )
    from sagemaker_tuning.core.validation import (
        check_on_init as check_on_init,
    )
    from sagemaker_tuning.core.validation import (
        check_value as check_value,
    )
    from sagemaker_tuning.core.validation import (
        close_values as close_values,
    )
    from sagemaker_tuning.core.validation import (
        enum_message as enum_message,
    )
    from sagemaker_tuning.core.validation import (
        field_specs as field_specs,
    )
    from sagemaker_tuning.core.validation import (
        fields_valid as fields_valid,
    )
    from sagemaker_tuning.core.validation import (
        is_filled as is_filled,
    )
    from sagemaker_tuning.core.validation import (
        join as join,
    )
    from sagemaker_tuning.core.validation import (
        normalize as normalize,
    )
    from sagemaker_tuning.core.validation import (
        pattern_message as pattern_message,
    )
    from sagemaker_tuning.core.validation import (
        predicate as predicate,
    )
    from sagemaker_tuning.core.validation import (
        show as show,
    )
    from sagemaker_tuning.core.validation import (
        stand_in as stand_in,
    )
else:
    from sagemaker_tuning import _aliases

    _aliases.alias(__name__, "sagemaker_tuning.core.validation")
