r"""What counts as an AWS credential in text, and the one rule that keeps credentials out of messages.

Two readings of the same patterns:

- :func:`credential_kinds` is the strict reading the service rules (:mod:`sagemaker_tuning.rules`)
  refuse a request by: it must not call an ordinary value a credential.
- :func:`redact` is the loose reading every message goes through before anyone sees it:
  violation messages and paths (values as ``sagemaker_tuning.validation.show`` quotes them,
  map keys in paths), rule findings, the command line's text and JSON, and the local service's
  ``ValidationException`` messages. Hiding a value that was not a secret costs a less
  helpful message; showing one that was costs a leaked credential, so here doubt hides.

What looks like a credential (AWS's published formats; see docs/errors.md):

- an access key ID: ``AKIA``, ``ASIA``, ``ABIA``, ``ACCA`` or ``A3T?`` and 16 more
  uppercase letters or digits (20 in all);
- a secret access key: a run of exactly 40 characters of ``[A-Za-z0-9/+]`` (base64 of 30
  random bytes). The strict reading also wants mixed case, a digit, some entropy and no
  path segment; the loose one only leaves out runs that are plainly paths (lowercase
  letters and slashes) or SHA-1 hex digests;
- a session token: base64 of 40 and more characters opening like STS tokens
  (``FwoGZXIvYXdz``, ``FQoGZXIvYXdz``, ``IQoJb3JpZ2lu``);
- the value after a credential-like name in ``NAME=value`` or ``NAME: value`` form
  (``--aws-secret-access-key=...``, ``export AWS_SECRET_ACCESS_KEY=...``), and the value of
  a map entry whose key is such a name.

A run counts only when nothing of its alphabet touches it on either side. An escape
sequence as ``repr`` writes it (``\n``, ``\x0b``, ``\u2028``) counts as a boundary too, so
text quoted with ``repr`` reads like the raw text.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from typing import Any, Final

__all__ = [
    "REDACTED",
    "credential_kinds",
    "credential_name",
    "has_credential",
    "path_key",
    "redact",
]

#: What a redacted credential (or a map key holding one) is shown as.
REDACTED: Final = "<redacted>"

# An escape sequence as repr() writes it; blanked before the loose reading, so that what
# follows "\n" or "\x01" starts a new run as it does in the raw text.
_ESCAPE: Final = re.compile(r"\\(?:[abfnrtv]|x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8})")
_ACCESS_KEY_ID: Final = re.compile(
    r"(?<![A-Z0-9])(?:AKIA|ASIA|ABIA|ACCA|A3T[A-Z0-9])[A-Z0-9]{16}(?![A-Z0-9])"
)
# "=" is no part of the run: it separates NAME=secret and a trailing "=" (base64 of exactly
# 40 characters carries no padding), so "KEY=<secret>" and "<secret>=" are caught.
_SECRET_KEY: Final = re.compile(r"(?<![A-Za-z0-9/+])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+])")
# STS session tokens are long base64 strings with these recognisable openings.
_SESSION_TOKEN: Final = re.compile(r"(?:FwoGZXIvYXdz|FQoGZXIvYXdz|IQoJb3JpZ2lu)[A-Za-z0-9/+=]{40,}")
# NAME=value, NAME: value, "NAME": "value"; --name value. Only the name is consumed (the
# value sits in a lookahead), so "x=AWS_SECRET_ACCESS_KEY=..." still finds the second name.
_VALUE = r"(?P<value>\"[^\"\n]*\"|'[^'\n]*'|[^\s\"'\\,;&]+)"
_NAMED_VALUE: Final = re.compile(
    r"(?<![A-Za-z0-9_.-])(?P<name>-{0,2}[A-Za-z][A-Za-z0-9_.-]*)"
    rf"(?=[\"']?(?P<sep>\s*[=:]\s*){_VALUE}|\s+{_VALUE.replace('value', 'flag')})"
)
_PATH_SEGMENT: Final = re.compile(r"(?:^|/)[a-z]{3,}(?:/|$)")
_PATH_ONLY: Final = re.compile(r"[a-z/]+")
_HEX_ONLY: Final = re.compile(r"[0-9a-fA-F]+")
_NAMES: Final = {
    "awsaccesskeyid": "access-key-id",
    "accesskeyid": "access-key-id",
    "awssecretaccesskey": "secret-key",
    "secretaccesskey": "secret-key",
    "awssecretkey": "secret-key",
    "awssessiontoken": "session-token",
    "sessiontoken": "session-token",
    "awssecuritytoken": "session-token",
    "securitytoken": "session-token",
}


def credential_name(name: object) -> str | None:
    """The credential kind a name stands for (``AWS_SECRET_ACCESS_KEY``, ``--aws-session-token``,
    ``accessKeyId``, ...): ``access-key-id``, ``secret-key``, ``session-token``; else ``None``."""
    if not isinstance(name, str) or len(name) > 64:
        return None
    return _NAMES.get(re.sub(r"[^a-z0-9]", "", name.lower()))


def _entropy(text: str) -> float:
    counts = Counter(text)
    return -sum(c / len(text) * math.log2(c / len(text)) for c in counts.values())


def _strict_secret_key(token: str) -> bool:
    """A 40-character run random enough to be refused as a secret access key, not a path."""
    return (
        any(c.islower() for c in token)
        and any(c.isupper() for c in token)
        and any(c.isdigit() for c in token)
        and _entropy(token) >= 4.0
        and not _PATH_SEGMENT.search(token)
    )


def _loose_secret_key(token: str) -> bool:
    """A 40-character run that could be a secret access key: anything but a plain path or digest."""
    return not _PATH_ONLY.fullmatch(token) and not _HEX_ONLY.fullmatch(token)


def _named_values(text: str) -> list[tuple[str, int, int]]:
    """(kind, start, end) of each non-empty value after a credential-like name in ``text``."""
    found: list[tuple[str, int, int]] = []
    if "=" not in text and ":" not in text and "-" not in text:
        return found  # the common case, cheaply
    for match in _NAMED_VALUE.finditer(text):
        name = match.group("name")
        group = "value" if match.group("value") is not None else "flag"
        # "--name value" and "--name=value" for command-line flags ("--name= x" sets
        # nothing); "NAME=value", "NAME = value" (~/.aws/credentials), "NAME: value" else.
        if name.startswith("-"):
            if group == "value" and match.group("sep") != "=":
                continue
        elif group == "flag":
            continue
        # A dotted name is a path ("Config.AWS_SECRET_ACCESS_KEY=..." in a message): its
        # last segment names the value too.
        kind = credential_name(name) or credential_name(name.rsplit(".", 1)[-1])
        if kind is not None and match.group(group).strip("\"'").strip():
            start, end = match.span(group)
            found.append((kind, start, end))
    return found


def credential_kinds(name: str, value: str) -> set[str]:
    """Which kinds of AWS credential (``access-key-id``, ``secret-key``, ``session-token``)
    the entry ``name=value`` looks like it carries; empty when none.

    The strict reading the service rules refuse by: key IDs and session tokens by their
    shape; secret keys by a random-looking 40-character run; any kind by a credential-like
    ``name`` with a non-empty value, or by ``NAME=value`` text inside ``value``
    (``--aws-secret-access-key=...``, ``export AWS_SESSION_TOKEN=...``).
    """
    kinds: set[str] = set()
    if _ACCESS_KEY_ID.search(value):
        kinds.add("access-key-id")
    if _SESSION_TOKEN.search(value):
        kinds.add("session-token")
    if any(_strict_secret_key(m.group()) for m in _SECRET_KEY.finditer(value)):
        kinds.add("secret-key")
    kinds.update(kind for kind, _, _ in _named_values(value))
    named = credential_name(name)
    if named is not None and value.strip():
        kinds.add(named)
    return kinds


def _spans(text: str) -> list[tuple[int, int]]:
    """The spans of ``text`` to hide, merged and in order (the loose reading)."""
    if "\\" in text:
        text = _ESCAPE.sub(lambda m: " " * len(m.group()), text)  # same length, same spans
    spans = [m.span() for m in _ACCESS_KEY_ID.finditer(text)]
    spans += [m.span() for m in _SESSION_TOKEN.finditer(text)]
    spans += [m.span() for m in _SECRET_KEY.finditer(text) if _loose_secret_key(m.group())]
    spans += [(start, end) for _, start, end in _named_values(text)]
    if not spans:
        return spans
    spans.sort()
    merged = [spans[0]]
    for start, end in spans[1:]:
        last_start, last_end = merged[-1]
        if start <= last_end:
            merged[-1] = (last_start, max(end, last_end))
        else:
            merged.append((start, end))
    return merged


def has_credential(text: object) -> bool:
    """Whether :func:`redact` would hide anything in ``text`` (a string; anything else: no)."""
    return isinstance(text, str) and bool(_spans(text))


def redact(text: str) -> str:
    """``text`` with everything that looks like a credential replaced by ``<redacted>``.

    >>> from sagemaker_tuning.redact import redact
    >>> redact("export AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")
    'export AWS_SECRET_ACCESS_KEY=<redacted>'
    >>> redact("key AKIAIOSFODNN7EXAMPLE, path s3://bucket/train")
    'key <redacted>, path s3://bucket/train'
    """
    spans = _spans(text)
    if not spans:
        return text
    parts: list[str] = []
    position = 0
    for start, end in spans:
        parts += [text[position:start], REDACTED]
        position = end
    parts.append(text[position:])
    return "".join(parts)


def path_key(key: Any) -> str:
    """A map key as a violation path shows it (``Environment[KEY]``): whole, or ``<redacted>``
    when it holds anything that looks like a credential."""
    text = key if isinstance(key, str) else str(key)
    return REDACTED if _spans(text) else text
