"""The intermediate representation: plain frozen data that the emitter turns into Python.

Nothing here knows Python syntax beyond the identifiers that naming rules chose,
so stages can be tested with plain equality.
"""

from __future__ import annotations

from attrs import frozen


@frozen
class Constraints:
    """Bounds from the model: length for strings, lists and maps; value for numbers."""

    min: int | float | None = None
    max: int | float | None = None


@frozen
class Scalar:
    """A string, number, boolean or timestamp, with its constraints."""

    shape: str
    kind: str  # string | integer | long | float | double | boolean | timestamp
    constraints: Constraints = Constraints()
    pattern: str | None = None  # name of a Pattern
    enum: str | None = None  # name of an Enum


@frozen
class StructRef:
    shape: str


@frozen
class ListOf:
    shape: str
    member: TypeRef
    constraints: Constraints = Constraints()


@frozen
class MapOf:
    shape: str
    key: TypeRef
    value: TypeRef
    constraints: Constraints = Constraints()


TypeRef = Scalar | StructRef | ListOf | MapOf


@frozen
class Member:
    wire_name: str
    attr_name: str
    type: TypeRef
    required: bool
    documentation: str  # reStructuredText


@frozen
class Structure:
    name: str
    documentation: str
    members: tuple[Member, ...]
    is_error: bool = False
    #: Reachable from an operation's input (a request, or part of one).
    in_input: bool = False
    #: Reachable from an operation's output: a response may hold it, and the lenient parse
    #: fills its required members when the service leaves them out.
    in_output: bool = False


@frozen
class EnumMember:
    name: str
    value: str


@frozen
class Enum:
    name: str
    documentation: str
    members: tuple[EnumMember, ...]


@frozen
class Pattern:
    """A model pattern, and its translation to Python ``re`` syntax (matched in full)."""

    name: str
    source: str
    python: str


@frozen
class Operation:
    name: str
    method_name: str
    input: str | None
    output: str | None
    errors: tuple[str, ...]
    documentation: str
    #: The attribute of the input's one required string member (a job name), when the
    #: request is essentially that name: clients then accept the plain name.
    name_member: str | None = None
    #: True when the input has no required member: the request may be left out.
    input_optional: bool = False
    #: A composite (from a supplementary model): the wire operations that answer it. Empty
    #: for a wire operation.
    calls: tuple[str, ...] = ()
    #: The supplementary model a composite comes from.
    source: str | None = None


@frozen
class Paginator:
    operation: str
    input_token: str
    output_token: str
    limit_key: str | None
    result_key: str
    #: The client method that iterates the items: ``paginate_`` + the operation's name
    #: without its ``list_`` prefix.
    method_name: str = ""
    #: The structure each item of ``result_key`` is.
    item: str | None = None


@frozen
class Service:
    """Everything the emitter needs, in emission order."""

    service_id: str
    api_version: str
    target_prefix: str
    protocol: str
    source_version: str
    source_sha256: str
    unicode_version: str
    operations: tuple[Operation, ...]
    structures: tuple[Structure, ...]  # dependency order, alphabetical tie-breaks
    enums: tuple[Enum, ...]  # alphabetical
    patterns: tuple[Pattern, ...]  # alphabetical
    paginators: tuple[Paginator, ...]
    #: Composite operations of the supplementary models, alphabetical.
    composites: tuple[Operation, ...] = ()
    #: Each supplementary model's label and sha256.
    supplements: tuple[tuple[str, str], ...] = ()
    #: Required members of botocore's structures the supplements made optional (wire names).
    relaxed: tuple[tuple[str, tuple[str, ...]], ...] = ()
