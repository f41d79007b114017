"""The compiled validity predicates agree with the explaining walk on every shape."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sagemaker_tuning import shapes
from sagemaker_tuning.serde import from_api
from sagemaker_tuning.testing import strategies as sts
from sagemaker_tuning.validation import check_fields, fields_valid

ALL_SHAPES = [getattr(shapes, name) for name in shapes.__all__]


def agree(obj: Any) -> None:
    for deep in (False, True):
        assert fields_valid(obj, deep=deep) == (not list(check_fields(obj, deep=deep)))


@pytest.mark.parametrize("cls", ALL_SHAPES, ids=lambda c: c.__name__)
def test_predicates_agree_with_the_walk_on_anything_a_response_may_hold(cls: type[Any]) -> None:
    @settings(max_examples=max(5, settings.default.max_examples // 3))
    @given(st.one_of(sts.responses(cls), sts.violations(cls).map(lambda case: case[0])))
    def check(data: dict[str, Any]) -> None:
        agree(from_api(cls, data))

    check()


def test_enum_members_also_obey_length_and_pattern_checks() -> None:
    from sagemaker_tuning import _spec as s
    from sagemaker_tuning.enums import SortOrder
    from sagemaker_tuning.validation import check_value, predicate

    spec = s.String(max=5, enum=SortOrder)
    for value in ("Ascending", "Descending", "Nope", 3):
        assert predicate(spec, deep=True)(value) == (
            not list(check_value(spec, value, "", deep=True))
        )
