"""Stage 2: the IR is plain data, built from a raw model; problems are collected, never partial."""

from __future__ import annotations

from typing import Any

import pytest

from codegen import ir
from codegen.build import build
from codegen.errors import GenerationError
from codegen.loader import RawModel

UNICODE = {"L": [[65, 90]], "N": [[48, 57]], "Z": [[32, 32]]}


def raw(
    shapes: dict[str, Any],
    operations: dict[str, Any] | None = None,
    paginators: dict[str, Any] | None = None,
) -> RawModel:
    return RawModel(
        source={"botocore_version": "9.9.9", "sha256": "ab" * 32},
        metadata={
            "serviceId": "S",
            "apiVersion": "2020-01-01",
            "targetPrefix": "S",
            "protocol": "json",
        },
        operations=operations or {"Op": {"input": {"shape": "Req"}}},
        shapes=shapes,
        paginators=paginators or {},
        unicode_version="0.0",
        unicode_categories=UNICODE,
    )


def test_structure_members_become_plain_ir_data() -> None:
    service = build(
        raw(
            {
                "Req": {
                    "type": "structure",
                    "required": ["Name"],
                    "members": {
                        "Name": {"shape": "Name", "documentation": "<p>The name.</p>"},
                        "Kind": {"shape": "Kind"},
                    },
                },
                "Name": {"type": "string", "min": 1, "max": 8, "pattern": "[a-z]+"},
                "Kind": {"type": "string", "enum": ["A", "b-c"]},
            }
        )
    )
    (req,) = service.structures
    assert req == ir.Structure(
        name="Req",
        documentation="",
        members=(
            ir.Member(
                wire_name="Name",
                attr_name="name",
                type=ir.Scalar(
                    shape="Name", kind="string", constraints=ir.Constraints(1, 8), pattern="NAME"
                ),
                required=True,
                documentation="The name.",
            ),
            ir.Member(
                wire_name="Kind",
                attr_name="kind",
                type=ir.Scalar(shape="Kind", kind="string", enum="Kind"),
                required=False,
                documentation="",
            ),
        ),
        in_input=True,  # the operation's input; no output reaches it
    )
    assert service.enums == (
        ir.Enum(
            name="Kind",
            documentation="",
            members=(ir.EnumMember("A", "A"), ir.EnumMember("B_C", "b-c")),
        ),
    )
    assert service.patterns == (ir.Pattern(name="NAME", source="[a-z]+", python="[a-z]+"),)
    assert service.operations == (
        ir.Operation(
            name="Op",
            method_name="op",
            input="Req",
            output=None,
            errors=(),
            documentation="",
            name_member="name",  # the one required member is a string named ...Name
        ),
    )


def test_structures_come_in_dependency_order_with_alphabetical_ties() -> None:
    shapes = {
        "Req": {"type": "structure", "members": {"B": {"shape": "B"}, "A": {"shape": "AList"}}},
        "AList": {"type": "list", "member": {"shape": "A"}},
        "A": {"type": "structure", "members": {"C": {"shape": "C"}}},
        "B": {"type": "structure", "members": {}},
        "C": {"type": "structure", "members": {}},
    }
    assert [s.name for s in build(raw(shapes)).structures] == ["B", "C", "A", "Req"]


def test_shared_patterns_are_named_after_the_first_shape_using_them() -> None:
    shapes = {
        "Req": {"type": "structure", "members": {"Z": {"shape": "Zed"}, "Y": {"shape": "Alpha"}}},
        "Zed": {"type": "string", "pattern": ".*"},
        "Alpha": {"type": "string", "pattern": ".*"},
    }
    service = build(raw(shapes))
    assert [p.name for p in service.patterns] == ["ALPHA"]
    assert {
        m.type.pattern for m in service.structures[0].members if isinstance(m.type, ir.Scalar)
    } == {"ALPHA"}


def test_every_problem_is_reported_at_once() -> None:
    shapes = {
        "Req": {
            "type": "structure",
            "required": ["Ghost"],
            "members": {
                "Blob": {"shape": "Blob"},
                "Name": {"shape": "Name"},
                "Missing": {"shape": "Nowhere"},
                "Abc": {"shape": "Name"},
                "ABC": {"shape": "Name"},
            },
        },
        "Blob": {"type": "blob"},
        "Name": {"type": "string", "pattern": "\\P{L}", "streaming": True},
        "Loop": {"type": "structure", "members": {"Next": {"shape": "Loop"}}},
    }
    with pytest.raises(GenerationError) as caught:
        build(
            raw(
                shapes,
                paginators={"Op": {"input_token": "T", "output_token": "T", "result_key": "R"}},
            )
        )
    text = "\n".join(caught.value.problems)
    for expected in (
        "unknown construct: type 'blob'",
        "untranslatable pattern",
        "unknown construct: key(s) streaming",
        "referenced but not in the model",
        "both become 'abc'",
        "required member Ghost is not a member",
        "recursive structure",
        "input_token T is not an input member",
    ):
        assert expected in text, expected
    assert len(caught.value.problems) >= 8


def test_enum_values_that_collide_as_names_are_a_problem() -> None:
    shapes = {
        "Req": {"type": "structure", "members": {"K": {"shape": "Kind"}}},
        "Kind": {"type": "string", "enum": ["a-b", "a.b"]},
    }
    with pytest.raises(GenerationError, match="both name A_B"):
        build(raw(shapes))


def test_structures_know_whether_requests_responses_or_both_reach_them() -> None:
    leaf = {"type": "structure", "members": {"N": {"shape": "Str"}}}
    service = build(
        raw(
            {
                "In": {"type": "structure", "members": {"Both": {"shape": "Both"}}},
                "Out": {
                    "type": "structure",
                    "members": {
                        "Items": {"shape": "OnlyOutList"},
                        "Both": {"shape": "Both"},
                    },
                },
                "OnlyOutList": {"type": "list", "member": {"shape": "OnlyOut"}},
                "OnlyOut": leaf,
                "Both": leaf,
                "Str": {"type": "string"},
            },
            operations={"Op": {"input": {"shape": "In"}, "output": {"shape": "Out"}}},
        )
    )
    roles = {s.name: (s.in_input, s.in_output) for s in service.structures}
    assert roles == {
        "In": (True, False),
        "Out": (False, True),
        "OnlyOut": (False, True),
        "Both": (True, True),
    }


@pytest.mark.parametrize(
    ("shape", "construct"),
    [
        ({"type": "list", "member": {"shape": "Inner"}}, "list of lists"),
        ({"type": "map", "key": {"shape": "Str"}, "value": {"shape": "Inner"}}, "map of lists"),
    ],
)
def test_lists_inside_collections_are_reported(shape: dict[str, Any], construct: str) -> None:
    # Constructors convert a list member to a tuple one level deep (a generated converter);
    # a nested list would stay a list inside an immutable shape, so it is refused loudly.
    model = raw(
        {
            "Req": {"type": "structure", "members": {"Outer": {"shape": "Outer"}}},
            "Outer": shape,
            "Inner": {"type": "list", "member": {"shape": "Str"}},
            "Str": {"type": "string"},
        }
    )
    with pytest.raises(GenerationError, match=f"shape Outer: unknown construct: {construct}"):
        build(model)
