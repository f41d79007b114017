"""A read-only, hashable mapping for map members, so that shapes stay immutable and hashable.

Public as :class:`sagemaker_tuning.shapes.FrozenMap`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

K = TypeVar("K")
V = TypeVar("V")


class FrozenMap(dict[K, V]):
    """A ``dict`` that refuses changes and hashes by content.

    It subclasses ``dict`` so that botocore, ``json`` and anything else that
    expects a plain mapping accept it unchanged, and so that building one from
    a parsed response is a single C-level copy.
    """

    __slots__ = ()

    def _readonly(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise TypeError(f"{type(self).__name__} is read-only; build a new shape with attrs.evolve")

    if not TYPE_CHECKING:  # fields are typed as read-only Mapping; this is the runtime guard
        __setitem__ = __delitem__ = __ior__ = _readonly
        clear = pop = popitem = setdefault = update = _readonly

    def __hash__(self) -> int:  # type: ignore[override]
        return hash(frozenset(self.items()))

    def __repr__(self) -> str:
        return f"FrozenMap({dict.__repr__(self)})"

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (dict(self),))


# Documented, shown and pickled under its public path (this module is private).
FrozenMap.__module__ = "sagemaker_tuning.shapes"
