"""botocore's JSON response parser, made to survive a body of the wrong JSON types.

botocore's own parser walks a response with the model's shapes and assumes each value has the
JSON type its shape names: a string where a structure belongs (``"ConsumedResources": "x"``)
raises ``AttributeError: 'str' object has no attribute 'get'`` inside botocore, before this
library sees the answer, and a JSON list as the whole body does the same. A service answer
must never crash the client, so :meth:`TuningClient.create <sagemaker_tuning.TuningClient.create>`
builds its client with :class:`TolerantParserFactory`. Its parser lets botocore parse every
answer first; only an answer that makes botocore raise is parsed a second time, with a
structure, list or map of the wrong JSON type read as ``None`` (and a body that is no JSON
object as ``{}``), which the lenient parse of :mod:`sagemaker_tuning.serde` then treats as a
missing member. A well-formed answer costs exactly what it costs botocore.

The override touches botocore's parser methods ``_do_parse``, ``_do_error_parse``,
``_handle_structure``, ``_handle_list``, ``_handle_map`` and ``_parse_body_as_json``; they
have kept their signatures for years, and ``tests/sagemaker_tuning/client/test_parsing.py``
runs against the lowest botocore this package allows in CI.
"""

from __future__ import annotations

from typing import Any

from botocore import parsers

__all__ = ["TolerantJSONParser", "TolerantParserFactory"]


class _WrongTypesAsMissing(parsers.JSONParser):  # type: ignore[misc]  # botocore is untyped
    """botocore's ``JSONParser``; a value of the wrong JSON type for its shape reads as ``None``."""

    def _parse_body_as_json(self, body_contents: bytes) -> Any:
        parsed = super()._parse_body_as_json(body_contents)
        return parsed if isinstance(parsed, dict) else {}

    def _handle_structure(self, shape: Any, value: Any) -> Any:
        if value is not None and not isinstance(value, dict) and not shape.is_document_type:
            return None
        return super()._handle_structure(shape, value)

    def _handle_list(self, shape: Any, node: Any) -> Any:
        if not isinstance(node, list):
            return None
        return super()._handle_list(shape, node)

    def _handle_map(self, shape: Any, value: Any) -> Any:
        if not isinstance(value, dict):
            return None
        return super()._handle_map(shape, value)


class TolerantJSONParser(parsers.JSONParser):  # type: ignore[misc]  # botocore is untyped
    """botocore's ``JSONParser``; an answer it cannot walk is parsed again, wrong types as ``None``.

    Every answer goes through botocore's own code first, so a well-formed one costs exactly
    what it costs botocore; only one that makes it raise ``AttributeError`` or ``TypeError``
    (a string where an object belongs, a number where a list does) takes the second pass.
    """

    def __init__(self, **defaults: Any) -> None:
        super().__init__(**defaults)
        self._defaults = defaults
        self._fallback: _WrongTypesAsMissing | None = None

    def _tolerant(self) -> _WrongTypesAsMissing:
        if self._fallback is None:
            self._fallback = _WrongTypesAsMissing(**self._defaults)
        return self._fallback

    def _do_parse(self, response: Any, shape: Any) -> Any:
        try:
            parsed = super()._do_parse(response, shape)
        except (AttributeError, TypeError):
            return self._tolerant()._do_parse(response, shape)
        if not isinstance(parsed, dict):  # a body of `null`: botocore's parse() would raise
            return self._tolerant()._do_parse(response, shape)
        return parsed

    def _do_error_parse(self, response: Any, shape: Any) -> Any:
        try:
            return super()._do_error_parse(response, shape)
        except (AttributeError, TypeError):
            return self._tolerant()._do_error_parse(response, shape)


class TolerantParserFactory(parsers.ResponseParserFactory):  # type: ignore[misc]
    """botocore's ``ResponseParserFactory``, giving :class:`TolerantJSONParser` for JSON."""

    def create_parser(self, protocol_name: str) -> Any:
        if protocol_name == "json":
            return TolerantJSONParser(**self._defaults)
        return super().create_parser(protocol_name)
