"""A read-only, hashable mapping for map members, so that shapes stay immutable and hashable.

Public as :class:`sagemaker_tuning.shapes.FrozenMap`.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any, Final, NoReturn, TypeVar

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


# -- stand-ins ---------------------------------------------------------------------------------
# The lenient parse fills a required member a response lacked with its zero value (Smithy's
# client error correction). The value itself says so: it is an instance of a marker subclass
# of its type (a str that is a str, a tuple that is a tuple...), so the mark travels with it
# through pickle, copy, deepcopy and attrs.evolve, and nothing keyed by id() can lose it.


class StandIn:
    """Mixin of every stand-in value: a zero value the service never said (see ``filled_in``)."""

    __slots__ = ()


class StandInStr(str, StandIn):
    __slots__ = ()


class StandInInt(int, StandIn):
    __slots__ = ()


class StandInFloat(float, StandIn):
    __slots__ = ()


class StandInTuple(tuple, StandIn):  # type: ignore[type-arg]  # only ever empty
    __slots__ = ()


class StandInMap(FrozenMap, StandIn):  # type: ignore[type-arg]  # only ever empty
    __slots__ = ()


class StandInDatetime(datetime, StandIn):
    __slots__ = ()

    def __repr__(self) -> str:
        # Shown as the datetime it stands for, as the other stand-ins are.
        plain = datetime(*self.timetuple()[:6], self.microsecond, tzinfo=self.tzinfo)
        return repr(plain)


#: The epoch as a stand-in timestamp.
STAND_IN_EPOCH: Final = StandInDatetime(1970, 1, 1, tzinfo=timezone.utc)

#: Every class whose instances are stand-ins: the six above, and the stand-in class of each
#: shape that has been filled in whole (:func:`stand_in_class`). A set, so that the check of a
#: required member is one lookup of its class.
STAND_IN_CLASSES: Final[set[type[Any]]] = {
    StandInStr,
    StandInInt,
    StandInFloat,
    StandInTuple,
    StandInMap,
    StandInDatetime,
}

_MARKED: dict[tuple[type[Any], frozenset[str] | None], type[Any]] = {}


def _rebuild(base: type[Any], bools: frozenset[str] | None, state: Any) -> Any:
    """Unpickle (copy) an instance of a marked shape class: the same mark, the same values."""
    obj = object.__new__(marked_class(base, bools))
    obj.__setstate__(state)
    return obj


def _reduce(self: Any, protocol: int) -> tuple[Any, ...]:
    cls = type(self)
    return (_rebuild, (cls.__stand_in_base__, cls.__stand_in_bools__, self.__getstate__()))


def _unmarked(cls: type[Any]) -> type[Any]:
    found: type[Any] = getattr(cls, "__stand_in_base__", cls)
    return found


def _eq(self: Any, other: Any) -> Any:
    # Equal to an object of the same shape holding the same values, marked or not, as a
    # stand-in '' equals '' (attrs' own __eq__ wants the very same class).
    base = type(self).__stand_in_base__
    if _unmarked(type(other)) is not base:
        return NotImplemented
    return all(getattr(self, a.name) == getattr(other, a.name) for a in base.__attrs_attrs__)


def _ne(self: Any, other: Any) -> Any:
    equal = _eq(self, other)
    return equal if equal is NotImplemented else not equal


def marked_class(base: type[Any], bools: frozenset[str] | None) -> type[Any]:
    """The subclass of shape class ``base`` marking what a lenient parse filled in.

    ``bools=None``: the whole object is a stand-in (a required structure the response lacked).
    Otherwise the attribute names of its required booleans that were filled with ``False``
    (``bool`` cannot be subclassed, so that mark is the object's class). Cached; pickled,
    copied and evolved as the same marked class (``_reduce``), and shown, documented and
    compared by its fields as ``base`` is (an attrs class compares equal only to its own class).
    """
    key = (base, bools)
    marked = _MARKED.get(key)
    if marked is None:
        marked = type(
            base.__name__,
            (base,),
            {
                "__slots__": (),
                "__module__": base.__module__,
                "__qualname__": base.__qualname__,
                "__doc__": base.__doc__,
                "__reduce_ex__": _reduce,
                "__eq__": _eq,
                "__ne__": _ne,
                "__hash__": base.__hash__,
                "__stand_in_base__": base,
                "__stand_in_bools__": bools,
            },
        )
        _MARKED[key] = marked
        if bools is None:
            STAND_IN_CLASSES.add(marked)
    return marked


def stand_in_bools(obj: Any) -> frozenset[str]:
    """The required booleans of ``obj`` that a lenient parse filled in (usually none)."""
    found: frozenset[str] | None = getattr(type(obj), "__stand_in_bools__", None)
    return found or frozenset()


_BUILDERS: dict[type[Any], type[Any]] = {}


def builder_class(cls: type[Any]) -> type[Any]:
    """The subclass of frozen shape class ``cls`` that :mod:`sagemaker_tuning.serde` builds in.

    A structure function makes an instance of it, stores each member with ``o.member = v``
    and then gives the finished object its class: ``o.__class__ = cls``, allowed between a
    class and a subclass that adds no slots. CPython specializes such a store to a direct slot
    write, where the only other way past attrs' frozen ``__setattr__``, calling the slot's
    ``__set__``, builds an argument tuple per member (issue 23, row 3). ``__delattr__`` is
    reset too: it shares the type slot with ``__setattr__``, and attrs' Python one there
    would send every store through a lookup. Nothing outside a structure function holds an
    instance of it. Cached; the class being built is its ``__built_as__``.
    """
    builder = _BUILDERS.get(cls)
    if builder is None:
        builder = _BUILDERS[cls] = type(
            cls.__name__,
            (cls,),
            {
                "__slots__": (),
                "__module__": cls.__module__,
                "__qualname__": cls.__qualname__,
                "__setattr__": object.__setattr__,
                "__delattr__": object.__delattr__,
                "__built_as__": cls,
            },
        )
    return builder
