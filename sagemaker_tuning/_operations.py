"""The descriptors of the generated operation table (:mod:`sagemaker_tuning._generated.model`).

An operation is one unit of data: its request and response shapes, the member a
plain name stands for, its paginator and its modeled errors. The client, the
stubber and the local service are driven by these records, so adding an
operation adds data, not wiring. A :class:`CompositeModel` is a client method that
no wire operation answers alone (from a supplementary model, not botocore's): it
lists the operations it is made of, and only the client knows it.
"""

from __future__ import annotations

from typing import Any


def _shape(name: str | None) -> type[Any] | None:
    """The class of :mod:`sagemaker_tuning.shapes` called ``name``: looked up when first read,
    so that importing the table (and building a client) builds no shape class."""
    if name is None:
        return None
    from sagemaker_tuning.core import shapes

    found: type[Any] = getattr(shapes, name)
    return found


class PaginatorModel:
    """botocore's paginator entry for one operation, with the item shape and client method."""

    __slots__ = (
        "_item",
        "input_token",
        "item_name",
        "limit_key",
        "method_name",
        "operation",
        "output_token",
        "result_key",
    )

    def __init__(
        self,
        *,
        operation: str,
        method_name: str,
        input_token: str,
        output_token: str,
        limit_key: str | None,
        result_key: str,
        item: str,
    ) -> None:
        self.operation, self.method_name = operation, method_name
        self.input_token, self.output_token = input_token, output_token
        self.limit_key, self.result_key, self.item_name = limit_key, result_key, item
        self._item: type[Any] | None = None

    @property
    def item(self) -> type[Any]:
        """The shape of one item of a page."""
        if self._item is None:
            self._item = _shape(self.item_name)
        assert self._item is not None
        return self._item

    def __repr__(self) -> str:
        return f"PaginatorModel({self.operation!r})"


class OperationModel:
    """One operation of the model.

    ``name_member`` is the request attribute a plain name stands for (``None`` when a
    request is more than a name); ``input_optional`` says the request has no required
    member and may be left out; ``errors`` are the modeled error codes.
    """

    __slots__ = (
        "_input",
        "_output",
        "errors",
        "input_name",
        "input_optional",
        "method_name",
        "name",
        "name_member",
        "output_name",
        "paginator",
    )

    def __init__(
        self,
        *,
        name: str,
        method_name: str,
        input: str | None,
        output: str | None,
        errors: tuple[str, ...],
        name_member: str | None = None,
        input_optional: bool = False,
        paginator: PaginatorModel | None = None,
    ) -> None:
        self.name, self.method_name = name, method_name
        self.input_name, self.output_name, self.errors = input, output, errors
        self._input: type[Any] | None = None
        self._output: type[Any] | None = None
        self.name_member, self.input_optional, self.paginator = (
            name_member,
            input_optional,
            paginator,
        )

    @property
    def input(self) -> type[Any] | None:
        """The request shape (``None``: the operation takes none)."""
        if self._input is None:
            self._input = _shape(self.input_name)
        return self._input

    @property
    def output(self) -> type[Any] | None:
        """The response shape (``None``: the operation answers nothing)."""
        if self._output is None:
            self._output = _shape(self.output_name)
        return self._output

    def __repr__(self) -> str:
        return f"OperationModel({self.name!r})"


class CompositeModel:
    """A client method made of several wire operations (a supplementary model's operation).

    ``calls`` are the operations of :data:`~sagemaker_tuning._generated.model.OPERATIONS`
    that answer it; ``source`` names the supplementary model file that defines it. It has
    no wire name of its own, so the stubber and the local service never see it.
    """

    __slots__ = (
        "calls",
        "errors",
        "input_name",
        "method_name",
        "name",
        "name_member",
        "output_name",
        "source",
    )

    def __init__(
        self,
        *,
        name: str,
        method_name: str,
        input: str,
        output: str,
        errors: tuple[str, ...],
        name_member: str | None,
        calls: tuple[str, ...],
        source: str,
    ) -> None:
        self.name, self.method_name = name, method_name
        self.input_name, self.output_name = input, output
        self.errors, self.name_member, self.calls, self.source = errors, name_member, calls, source

    @property
    def input(self) -> type[Any]:
        """The request shape."""
        found = _shape(self.input_name)
        assert found is not None
        return found

    @property
    def output(self) -> type[Any]:
        """The response shape."""
        found = _shape(self.output_name)
        assert found is not None
        return found

    def __repr__(self) -> str:
        return f"CompositeModel({self.name!r})"
