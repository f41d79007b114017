"""Writing a file all at once: a reader (or a failed write) sees the old file or the new, never part.

Used wherever the package writes a file a person asked for (``TuningReport.write``, hence
``report -o`` and ``demo --report``; ``init -o``).
"""

from __future__ import annotations

import contextlib
import os
import secrets
import stat

__all__ = ["write_atomic"]

_ATTEMPTS = 16  # random temporary names that may already exist before giving up


def write_atomic(
    path: str | os.PathLike[str], data: str | bytes, *, encoding: str = "utf-8"
) -> None:
    """Write ``data`` (text is encoded with ``encoding``) to ``path``, replacing it at once.

    The data goes to a new file beside ``path``, is flushed to disk (``fsync``), and then takes
    ``path``'s place in one ``os.replace``. If anything fails on the way the old file is as it
    was and the temporary file is removed. An existing file keeps its permission bits; a new one
    gets the usual ones (``0o666`` less the umask, as ``open`` gives). A symbolic link is written
    through (the file it names is replaced; the link stays). What is no regular file (a FIFO,
    ``/dev/stdout``) cannot be replaced and is written in place.
    """
    payload = data.encode(encoding) if isinstance(data, str) else data
    target = os.path.realpath(path)
    try:
        mode: int | None = os.stat(target).st_mode
    except FileNotFoundError:
        mode = None
    if mode is not None and not stat.S_ISREG(mode):
        with open(target, "wb") as handle:
            handle.write(payload)
        return
    directory, name = os.path.split(target)
    temporary, fd = _create_beside(directory, name)
    try:
        with os.fdopen(fd, "wb") as handle:
            if mode is not None:
                os.chmod(temporary, stat.S_IMODE(mode))
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    _sync_directory(directory)


def _create_beside(directory: str, name: str) -> tuple[str, int]:
    """A new, empty file in ``directory`` (hidden, named after ``name``) and its descriptor.

    ``os.open`` with mode ``0o666`` lets the kernel apply the umask, as for any new file
    (``tempfile.mkstemp`` would give ``0o600``).
    """
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    for _ in range(_ATTEMPTS):
        temporary = os.path.join(directory, f".{name}.{secrets.token_hex(6)}.tmp")
        try:
            return temporary, os.open(temporary, flags, 0o666)
        except FileExistsError:
            continue
    raise FileExistsError(f"no free temporary name beside {os.path.join(directory, name)}")


def _sync_directory(directory: str) -> None:
    """Make the rename itself durable where the platform can (POSIX); harmless elsewhere."""
    if not hasattr(os, "O_DIRECTORY"):
        return
    with contextlib.suppress(OSError):
        fd = os.open(directory, os.O_RDONLY | os.O_DIRECTORY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
