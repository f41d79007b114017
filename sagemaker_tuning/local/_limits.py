"""Set a memory limit, then become the trainer: ``python -I -S _limits.py BYTES PROGRAM ARG...``.

Run by file path with ``-I -S`` (no ``site``, no package import: a few milliseconds), so the
limit is set in the child before the trainer's first instruction, without ``preexec_fn``
(unsafe in a caller with threads: Python's ``subprocess`` documentation). ``RLIMIT_AS`` bounds
the address space, so an allocation past it fails in the trainer (Python: ``MemoryError``)
instead of swapping the machine. This file imports nothing of ``sagemaker_tuning``.
"""

import os
import resource
import sys


def main(argv: list[str]) -> None:
    limit = int(argv[1])
    if limit > 0:
        _, hard = resource.getrlimit(resource.RLIMIT_AS)
        if hard != resource.RLIM_INFINITY:
            limit = min(limit, hard)
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    program = argv[2]
    try:
        os.execv(program, argv[2:])
    except OSError as error:
        # The runner resolved the program; this is a race with its removal, or no permission.
        sys.stderr.write(f"cannot execute {program!r}: {error}\n")
        os._exit(127)


if __name__ == "__main__":
    main(sys.argv)
