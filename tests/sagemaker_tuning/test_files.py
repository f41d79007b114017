"""``write_atomic``: a file is replaced at once, and a failed write leaves the old one as it was.

Also the three writes that use it: ``report -o``, ``demo --report`` (both through
``TuningReport.write``) and ``init -o``.
"""

from __future__ import annotations

import errno
import io
import os
import stat
import sys
import threading
from pathlib import Path

import pytest

from sagemaker_tuning._files import write_atomic
from sagemaker_tuning.cli import EXIT_OK, EXIT_USAGE, main
from sagemaker_tuning.testing import LocalSageMaker

POSIX = pytest.mark.skipif(sys.platform == "win32", reason="POSIX permission bits and FIFOs")


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _no_disk_space(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every fsync fails as on a full disk (after the new data was handed to the file)."""

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", full)


def test_write_atomic_writes_text_as_utf8_and_bytes_as_they_are(tmp_path: Path) -> None:
    write_atomic(tmp_path / "a.txt", "caf\u00e9 \u202e")
    write_atomic(str(tmp_path / "b.bin"), b"\x00\xff")
    assert (tmp_path / "a.txt").read_bytes() == "caf\u00e9 \u202e".encode()
    assert (tmp_path / "b.bin").read_bytes() == b"\x00\xff"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt", "b.bin"]


@POSIX
def test_a_new_file_gets_the_permission_bits_open_would_give(tmp_path: Path) -> None:
    with open(tmp_path / "by-open", "w"):
        pass
    write_atomic(tmp_path / "new", "x")
    assert _mode(tmp_path / "new") == _mode(tmp_path / "by-open")


@POSIX
def test_an_existing_file_is_replaced_and_keeps_its_permission_bits(tmp_path: Path) -> None:
    target = tmp_path / "report.html"
    target.write_text("old")
    target.chmod(0o640)
    write_atomic(target, "new")
    assert target.read_text() == "new"
    assert _mode(target) == 0o640


def test_a_failed_write_leaves_the_old_file_and_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "report.html"
    target.write_text("the old page")
    _no_disk_space(monkeypatch)
    with pytest.raises(OSError) as info:
        write_atomic(target, "the new page " * 1000)
    assert info.value.errno == errno.ENOSPC
    assert target.read_text() == "the old page"
    assert [p.name for p in tmp_path.iterdir()] == ["report.html"]


def test_text_that_cannot_be_encoded_changes_nothing(tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    target.write_text("old")
    with pytest.raises(UnicodeEncodeError):
        write_atomic(target, "lone \ud800 surrogate")
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]


@POSIX
def test_a_symbolic_link_is_written_through(tmp_path: Path) -> None:
    real = tmp_path / "real.html"
    real.write_text("old")
    link = tmp_path / "link.html"
    link.symlink_to(real)
    write_atomic(link, "new")
    assert link.is_symlink() and real.read_text() == "new"


@POSIX
def test_what_is_no_regular_file_is_written_in_place(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()), daemon=True)
    reader.start()
    write_atomic(fifo, "through the pipe")
    reader.join(timeout=10)
    assert received == [b"through the pipe"]
    assert stat.S_ISFIFO(fifo.stat().st_mode)  # still the pipe, not a file put in its place


# -- the writes of the command line


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def test_init_output_writes_the_request_that_init_prints(tmp_path: Path) -> None:
    target = tmp_path / "request.json"
    code, printed, _ = run("init", "--strategy", "Random")
    assert code == EXIT_OK
    code, out, err = run("init", "--strategy", "Random", "-o", str(target))
    assert (code, out) == (EXIT_OK, "")
    assert target.read_text(encoding="utf-8") == printed
    assert f"wrote the starting request to {target}" in err


@pytest.mark.parametrize(
    "command",
    [
        pytest.param(["init", "-o", "{target}"], id="init -o"),
        pytest.param(["--local", "report", "shared-job", "-o", "{target}"], id="report -o"),
        pytest.param(["demo", "--max-jobs", "4", "--report", "{target}"], id="demo --report"),
    ],
)
def test_a_failed_write_of_the_command_line_leaves_the_old_file(
    command: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if "report" in command:
        shared = LocalSageMaker(seed=3)
        monkeypatch.setattr("sagemaker_tuning.testing.LocalSageMaker", lambda **_: shared)
        done = run("demo", "--max-jobs", "4", "--name", "shared-job")
        assert done[0] == EXIT_OK, done[2]
    target = tmp_path / "file"
    target.write_text("the old content")
    _no_disk_space(monkeypatch)
    code, _, err = run(*(arg.format(target=target) for arg in command))
    assert code == EXIT_USAGE, err
    assert f"cannot write {target}" in err
    assert target.read_text() == "the old content"
    assert [p.name for p in tmp_path.iterdir()] == ["file"]
