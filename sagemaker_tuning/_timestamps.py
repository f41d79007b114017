"""Reading a response's timestamps leniently: one rule for botocore's parser hook and for serde.

SageMaker sends epoch seconds (``1.7e9``); other AWS answers, fakes and recordings carry ISO
8601 text, RFC 822 dates and sometimes epoch *milliseconds*. :func:`read` turns each into an
aware UTC ``datetime`` and anything it cannot read into ``None``, with one logged warning, so a
strange timestamp never fails a call and a typed ``datetime`` member never holds anything else.

Milliseconds: a number too large to be epoch seconds that a ``datetime`` can hold (from
253 402 300 800, the start of year 10000) but below 1 000 times that is read as epoch
milliseconds. No SageMaker answer is known to do this, but several AWS services have sent
milliseconds where their model says seconds, and botocore then failed the whole call: S3
(``year 55226 is out of range``, boto/botocore#2902), DMS ``DescribeTableStatistics``
(``FullLoadStartTime: 1.583858732537405E12``, boto/boto3#2337) and DevOps Agent ``list-chats``
(``createdAt: 1775836321122``, aws/aws-cli#10222). Every such value is a plausible date in
milliseconds and an impossible one in seconds (year 10 000 or later), so the reading is
unambiguous: the two ranges do not overlap. The price: milliseconds of a moment before
1978-01-11T21:31:40.800Z are small enough to be seconds and are read as such (no service
answer about a tuning job is that old).
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any, Final

from sagemaker_tuning import _logs

__all__ = ["convert", "read"]

_log = _logs.get("sagemaker_tuning.timestamps")
_UTC: Final = timezone.utc
_EPOCH: Final = datetime(1970, 1, 1, tzinfo=_UTC)
#: The epoch seconds a datetime can hold: from 0001-01-01 (inclusive) to 10000-01-01
#: (exclusive). Integers: a float of seconds with microseconds has too few digits up there.
_START: Final = -62_135_596_800
_END: Final = 253_402_300_800
#: Text longer than this is no timestamp (the longest ISO 8601 form with nanoseconds and an
#: offset is 35 characters); refusing it keeps dateutil from scanning megabytes.
_MAX_TEXT: Final = 100
#: Distinct unreadable values already warned about (bounded: cleared when full).
_warned: set[str] = set()
_MAX_WARNED: Final = 1024


def read(value: Any) -> datetime | None:
    """``value`` as an aware UTC datetime; ``None`` (and a warning) if it is not a timestamp."""
    cls = value.__class__
    if (cls is float or cls is int) and _START <= value < _END:
        # The fast path for what SageMaker sends (epoch seconds): a list page has hundreds.
        try:
            return datetime.fromtimestamp(value, _UTC)
        except (OverflowError, OSError, ValueError):
            pass
    result = convert(value)
    if result is None:
        _unreadable(value)
    return result


def convert(value: Any) -> datetime | None:
    """``value`` as an aware UTC datetime, or ``None`` if it is not a timestamp; no warning."""
    if isinstance(value, datetime):
        return _to_utc(value)
    if isinstance(value, bool):
        return None  # an int only by accident
    if isinstance(value, (int, float)):
        return _from_epoch(value)
    if not isinstance(value, str) or len(value) > _MAX_TEXT:
        return None  # None, lists, objects: no timestamp
    try:
        number = float(value)
    except ValueError:
        pass
    else:
        return _from_epoch(number)
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return _from_botocore(value)
    return _to_utc(parsed)


def _from_epoch(value: float) -> datetime | None:
    # Plain comparisons only: math.isnan() of a 400-digit int raises OverflowError.
    if value != value:  # NaN
        return None
    if _END <= value < _END * 1000:
        # Epoch milliseconds (see the module docstring). timedelta keeps integer milliseconds
        # exact; value / 1000 as a float would be a microsecond off now and then.
        return _EPOCH + timedelta(milliseconds=value)
    if not _START <= value < _END:
        return None
    try:
        return datetime.fromtimestamp(value, _UTC)
    except (OverflowError, OSError, ValueError):
        # Platforms whose C localtime() stops at 1970 or 2038 (botocore PR #2972 does the same),
        # and a float just below _END that rounds up into year 10000.
        try:
            return _EPOCH + timedelta(seconds=value)
        except OverflowError:
            return None


def _to_utc(moment: datetime) -> datetime | None:
    if moment.tzinfo is None:
        return moment.replace(tzinfo=_UTC)
    if moment.tzinfo is _UTC:
        return moment
    try:
        return moment.astimezone(_UTC)
    except (OverflowError, ValueError):  # 9999-12-31T23:00-05:00 is past the last datetime
        return None


def _from_botocore(text: str) -> datetime | None:
    """The formats only botocore's parser reads (RFC 822 and dateutil's others)."""
    from botocore.utils import parse_timestamp

    try:
        parsed: datetime = parse_timestamp(text)
    except Exception:  # ValueError, OverflowError, RuntimeError...: whatever it is, unreadable
        return None
    return _to_utc(parsed)


def _shown(value: Any) -> str:
    """A short description of ``value`` that never fails (repr of a huge int would)."""
    if value.__class__ is int and value.bit_length() > 256:
        return f"an integer of {value.bit_length()} bits"
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _unreadable(value: Any) -> None:
    shown = _shown(value)
    if shown in _warned:
        return
    if len(_warned) >= _MAX_WARNED:
        _warned.clear()
    _warned.add(shown)
    _log.warning("unreadable timestamp %s in a response; it is read as missing", shown)
