"""The service's clock as a client last saw it, so that "now" means now on the service.

Elapsed times and the in-flight part of a running job are measured against the service's
time, never this machine's: the local service runs on a virtual or sped-up clock, and a
machine's own clock may be off. Every answer tells the time: the local service (in
process and over HTTP) sends its clock in the ``x-sagemaker-tuning-clock`` header
(``<epoch seconds>;speed=<service seconds per real second>``); AWS sends the HTTP
``Date`` header (one-second resolution, real time). :class:`ServiceClock` keeps the
latest reading and extrapolates from it at the reading's speed.

Responses remember the reading they came with (:func:`stamp`, :func:`reading_of`), so
:meth:`TuningJobProgress.from_response(response) <sagemaker_tuning.progress.TuningJobProgress.from_response>`
times a response by the clock of the service that sent it.
"""

from __future__ import annotations

import threading
import time as _time
import weakref
from collections import OrderedDict
from collections.abc import Callable, Mapping
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from typing import Any, Final

import attrs

__all__ = [
    "CLOCK_HEADER",
    "ClockReading",
    "ServiceClock",
    "header_value",
    "parse",
    "reading_of",
    "stamp",
]

#: The header in which the local service sends its clock (botocore lowercases header names).
CLOCK_HEADER: Final = "x-sagemaker-tuning-clock"
_UTC: Final = timezone.utc
#: A reading further from 1970 than this (about year 5138) is no service's clock: a header of
#: year 9999 would run past what a datetime holds a second later.
_SANE: Final = 1e11
#: What :meth:`ClockReading.now` keeps within, so that extrapolating never leaves datetime's
#: range (a day inside it, so that adding a time zone's offset cannot either).
_EARLIEST: Final = datetime(1, 1, 2, tzinfo=timezone.utc).timestamp()
_LATEST: Final = datetime(9999, 12, 30, tzinfo=timezone.utc).timestamp()


@attrs.frozen
class ClockReading:
    """The service's time when it answered, and how to carry it forward."""

    #: Epoch seconds on the service's clock when it answered.
    service_time: float
    #: ``time.monotonic()`` on this machine when the answer arrived.
    received: float
    #: Service seconds per real second: 1 for AWS, ``--speed`` for the local server, 0 for a
    #: virtual clock (it moves only when something sleeps on it, so it is not extrapolated).
    speed: float
    #: ``"header"`` (the local service's clock) or ``"date"`` (the HTTP ``Date`` header).
    source: str

    def time(self, monotonic: Callable[[], float] = _time.monotonic) -> float:
        """The service's time now, in epoch seconds, extrapolated from this reading."""
        return self.service_time + max(0.0, monotonic() - self.received) * self.speed

    def now(self, monotonic: Callable[[], float] = _time.monotonic) -> datetime:
        """The service's time now, as an aware UTC datetime (held within datetime's range)."""
        return datetime.fromtimestamp(min(max(self.time(monotonic), _EARLIEST), _LATEST), _UTC)


def header_value(seconds: float, speed: float | None) -> str:
    """The :data:`CLOCK_HEADER` value for a service whose clock reads ``seconds``.

    ``speed`` is ``None`` for a clock that moves only when something sleeps on it.
    """
    return f"{seconds:.3f};speed={0.0 if speed is None else float(speed):g}"


def parse(headers: Mapping[str, str], received: float) -> ClockReading | None:
    """The clock reading in a response's headers, or ``None`` when they carry none."""
    raw = headers.get(CLOCK_HEADER)
    if raw:
        value, _, rest = raw.partition(";")
        speed = 0.0
        for part in rest.split(";"):
            key, _, text = part.strip().partition("=")
            if key == "speed":
                try:
                    speed = float(text)
                except ValueError:
                    speed = 0.0
        try:
            seconds = float(value)
        except ValueError:
            seconds = float("nan")
        if seconds == seconds and abs(seconds) < _SANE and 0 <= speed < 1e9:  # finite, sane
            return ClockReading(seconds, received, speed, "header")
    date = headers.get("date")
    if date:
        try:
            when = parsedate_to_datetime(date)
            if when.tzinfo is None:
                when = when.replace(tzinfo=_UTC)
            seconds = when.timestamp()
        # A year past 9999 is a ValueError, one past a C long an OverflowError (found by the
        # issue 20 attack: "Mon, 01 Jan 99999999999999999999 00:00:00 GMT").
        except (TypeError, ValueError, IndexError, OverflowError):
            return None
        if abs(seconds) >= _SANE:
            return None
        # The second the answer was sent started up to 1 s before: the middle is closer.
        return ClockReading(seconds + 0.5, received, 1.0, "date")
    return None


class ServiceClock:
    """The latest clock reading a client received; thread-safe, parsed lazily.

    :meth:`record` costs a tuple assignment per call; the header is parsed when someone
    asks for the time.
    """

    def __init__(self, monotonic: Callable[[], float] = _time.monotonic) -> None:
        self._monotonic = monotonic
        self._raw: tuple[Mapping[str, str], float] | None = None
        self._reading: ClockReading | None = None
        self._lock = threading.Lock()

    def record(self, headers: Mapping[str, str] | None) -> None:
        """Note the headers of an answer that just arrived."""
        if headers:
            raw = (headers, self._monotonic())
            with self._lock:
                self._raw = raw

    def latest(self) -> tuple[Mapping[str, str], float] | ClockReading | None:
        """The latest answer's headers and arrival, unparsed (what :func:`stamp` keeps)."""
        with self._lock:
            return self._raw if self._raw is not None else self._reading

    def reading(self) -> ClockReading | None:
        """The latest reading, or ``None`` before any answer that told the time."""
        with self._lock:
            raw, self._raw = self._raw, None
            if raw is not None:
                parsed = parse(*raw)
                if parsed is not None:
                    self._reading = parsed
            return self._reading

    def time(self) -> float | None:
        """The service's time now in epoch seconds, or ``None`` when it is not known."""
        reading = self.reading()
        return None if reading is None else reading.time(self._monotonic)

    def now(self) -> datetime | None:
        """The service's time now, or ``None`` when it is not known."""
        reading = self.reading()
        return None if reading is None else reading.now(self._monotonic)


# -- which reading a response came with --------------------------------------------------------

_Stamp = tuple[Mapping[str, str], float] | ClockReading
_STAMPS: OrderedDict[int, tuple[weakref.ref[Any], _Stamp]] = OrderedDict()
_STAMPS_LOCK = threading.Lock()
#: Responses remembered; an older one falls back to the wall clock (it is not being watched).
_STAMPS_KEPT: Final = 256


def stamp(response: Any, reading: _Stamp | None) -> None:
    """Remember that ``response`` arrived with ``reading`` (for as long as it lives).

    ``reading`` may be :meth:`ServiceClock.latest`'s unparsed headers: they are parsed only
    if someone asks.
    """
    if reading is None:
        return
    try:
        ref = weakref.ref(response)
    except TypeError:  # not weak-referenceable: nothing to remember it by
        return
    key = id(response)
    with _STAMPS_LOCK:
        _STAMPS[key] = (ref, reading)
        _STAMPS.move_to_end(key)
        while len(_STAMPS) > _STAMPS_KEPT:
            _STAMPS.popitem(last=False)


def reading_of(response: Any) -> ClockReading | None:
    """The clock reading ``response`` arrived with, if a client in this process stamped it."""
    with _STAMPS_LOCK:
        found = _STAMPS.get(id(response))
    if found is None or found[0]() is not response:  # an id reused by another object
        return None
    kept = found[1]
    return kept if isinstance(kept, ClockReading) else parse(*kept)
