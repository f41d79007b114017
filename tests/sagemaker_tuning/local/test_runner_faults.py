"""Faults of one training job, each read as SageMaker would report it (issue 19, item 9)."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import time
import tracemalloc
from pathlib import Path

import pytest
import runner_samples as rs

from sagemaker_tuning.local import LocalTrainer
from sagemaker_tuning.local import _runner as runner
from sagemaker_tuning.local._runner import FAILURE_REASON_MAX, MAX_LINE_BYTES


def test_crash_with_output_failure_reports_its_text(tmp_path: Path) -> None:
    code = (
        "import os, sys\n"
        "open(os.path.join(os.environ['SM_OUTPUT_DIR'], 'failure'), 'w').write('Out of data: train is empty\\n')\n"
        "sys.exit(3)\n"
    )
    outcome = rs.run(rs.spec(tmp_path, rs.python(code)))
    assert outcome.status == "Failed" and outcome.secondary_status == "Failed"
    assert outcome.failure_reason == "AlgorithmError: Out of data: train is empty"
    assert outcome.exit_code == 3
    assert outcome.model_artifacts is None


def test_crash_without_output_failure_reports_the_exit_code(tmp_path: Path) -> None:
    outcome = rs.run(rs.spec(tmp_path, rs.python("raise SystemExit(2)")))
    assert outcome.status == "Failed"
    assert outcome.failure_reason == "AlgorithmError: , exit code: 2"


def test_failure_reason_is_cut_to_the_model_bound(tmp_path: Path) -> None:
    code = "import os; open(os.environ['SM_OUTPUT_DIR'] + '/failure', 'w').write('x' * 5000); raise SystemExit(1)"
    outcome = rs.run(rs.spec(tmp_path, rs.python(code)))
    assert outcome.failure_reason is not None
    assert len(outcome.failure_reason) == FAILURE_REASON_MAX == 1024
    assert outcome.failure_reason.startswith("AlgorithmError: xxx")


def test_trainer_killed_by_a_signal_reports_128_plus_the_signal(tmp_path: Path) -> None:
    outcome = rs.run(
        rs.spec(tmp_path, rs.python("import os, signal; os.kill(os.getpid(), signal.SIGKILL)"))
    )
    assert outcome.status == "Failed"
    assert outcome.exit_code == 137
    assert outcome.failure_reason == "AlgorithmError: , exit code: 137"


def test_hang_is_stopped_at_max_runtime_as_max_runtime_exceeded(tmp_path: Path) -> None:
    # Ignores SIGTERM, so it also needs the SIGKILL after the grace period.
    code = "import signal, time\nsignal.signal(signal.SIGTERM, signal.SIG_IGN)\nprint('loss=0.5', flush=True)\ntime.sleep(60)"
    running = rs.started(rs.spec(tmp_path, rs.python(code), max_runtime=1, stop_grace=0.3))
    outcome = running.wait(10)
    assert outcome is not None
    assert (outcome.status, outcome.secondary_status) == ("Stopped", "MaxRuntimeExceeded")
    assert outcome.failure_reason is None
    assert 1.0 <= outcome.ended - outcome.started < 5.0
    assert outcome.exit_code == 137
    assert outcome.final_metrics == {"loss": 0.5}
    assert outcome.model_artifacts is not None
    assert running.pid is not None and rs.wait_gone(running.pid)


def test_stop_sends_sigterm_then_sigkill_after_the_grace(tmp_path: Path) -> None:
    code = textwrap.dedent(
        """
        import signal, sys, time
        def term(*_):
            print('got SIGTERM', flush=True)
        signal.signal(signal.SIGTERM, term)
        print('ready', flush=True)
        while True:
            time.sleep(0.05)
        """
    )
    running = rs.started(rs.spec(tmp_path, rs.python(code), stop_grace=0.4))
    deadline = time.monotonic() + 10
    while "ready" not in running.log_path.read_text() and time.monotonic() < deadline:
        time.sleep(0.02)
    began = time.monotonic()
    running.stop()
    outcome = running.wait(10)
    assert outcome is not None
    assert (outcome.status, outcome.secondary_status) == ("Stopped", "Stopped")
    assert time.monotonic() - began >= 0.4
    assert "got SIGTERM" in running.log_path.read_text()
    assert outcome.exit_code == 137
    assert running.pid is not None and rs.wait_gone(running.pid)


def test_stop_of_a_trainer_that_exits_on_sigterm_keeps_its_model(tmp_path: Path) -> None:
    code = textwrap.dedent(
        """
        import os, signal, sys, time
        def term(*_):
            open(os.environ['SM_MODEL_DIR'] + '/saved', 'w').write('ok')
            sys.exit(0)
        signal.signal(signal.SIGTERM, term)
        print('ready', flush=True)
        time.sleep(30)
        """
    )
    running = rs.started(rs.spec(tmp_path, rs.python(code), stop_grace=5))
    deadline = time.monotonic() + 10
    while "ready" not in running.log_path.read_text() and time.monotonic() < deadline:
        time.sleep(0.02)
    running.stop()
    outcome = running.wait(10)
    assert outcome is not None and outcome.status == "Stopped" and outcome.exit_code == 0
    assert outcome.ended - outcome.started < 5
    assert (tmp_path / "training-jobs/job-1/ml/model/saved").exists()
    assert outcome.model_artifacts is not None


def test_processes_a_trainer_leaves_behind_are_gone_when_it_ends(tmp_path: Path) -> None:
    code = (
        "import subprocess, sys\n"
        "p = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(30)'])\n"
        "print('child', p.pid, flush=True)\n"
    )
    outcome = rs.run(rs.spec(tmp_path, rs.python(code)))
    assert outcome.status == "Completed"
    child = int(outcome.log_path.read_text().split("child ")[1].split()[0])
    assert rs.wait_gone(child)


def test_log_flood_keeps_the_callers_memory_bounded(tmp_path: Path) -> None:
    # 8 MiB without a newline, then 50,000 metric lines: more than the bound below.
    code = (
        "import sys\n"
        "w = sys.stdout.write\n"
        "for _ in range(8): w('x' * (1 << 20))\n"
        "w('\\n')\n"
        "for i in range(50000): w(f'loss={i}\\n')\n"
    )
    tracemalloc.start()
    try:
        outcome = rs.run(rs.spec(tmp_path, rs.python(code), max_points=1000), timeout=60)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert outcome.status == "Completed"
    assert peak < 4 * MAX_LINE_BYTES + 2_000_000, peak
    assert outcome.final_metrics == {"loss": 49999.0}
    with open(outcome.log_path, "rb") as log:
        lengths = [len(line) for line in log]
    assert max(lengths) == MAX_LINE_BYTES + 1
    assert len(lengths) == 8 * (1 << 20) // MAX_LINE_BYTES + 1 + 50000


def test_flood_keeps_at_most_max_points(tmp_path: Path) -> None:
    running = rs.started(
        rs.spec(tmp_path, rs.python("for i in range(5000): print(f'loss={i}')"), max_points=100)
    )
    outcome = running.wait(20)
    assert outcome is not None and outcome.final_metrics == {"loss": 4999.0}
    assert len(running.metrics()) == 100


def test_nan_and_garbage_do_not_become_metrics(tmp_path: Path) -> None:
    code = "for v in ['nan', 'inf', 'oops', '0.5', '-Infinity', '']: print(f'loss={v}')"
    running = rs.started(rs.spec(tmp_path, rs.python(code)))
    outcome = running.wait(20)
    assert outcome is not None and outcome.status == "Completed"
    assert [p.value for p in running.metrics()] == [0.5]
    assert outcome.objective == 0.5


def test_undecodable_output_does_not_break_the_job(tmp_path: Path) -> None:
    code = "import sys; sys.stdout.buffer.write(b'\\xff\\xfe loss=0.5\\n')"
    outcome = rs.run(rs.spec(tmp_path, rs.python(code)))
    assert outcome.status == "Completed" and outcome.objective == 0.5


def test_missing_program_fails_the_job_with_a_clear_reason(tmp_path: Path) -> None:
    outcome = rs.run(rs.spec(tmp_path, LocalTrainer.command(["no-such-trainer-xyz", "--x"])))
    assert outcome.status == "Failed"
    assert outcome.failure_reason is not None
    assert outcome.failure_reason.startswith("ClientError: ")
    assert "'no-such-trainer-xyz' was not found" in outcome.failure_reason
    assert outcome.exit_code is None
    assert "no-such-trainer-xyz" in outcome.log_path.read_text()


def test_missing_channel_data_fails_as_the_service_client_error(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    outcome = rs.run(
        rs.spec(
            tmp_path / "root",
            rs.python("print('never runs')"),
            channels={"train": "s3://bucket/train/"},
            data={"s3://bucket/": empty},
        )
    )
    assert outcome.status == "Failed"
    assert outcome.failure_reason is not None
    assert outcome.failure_reason.startswith(
        'ClientError: No S3 objects found under S3 URL "s3://bucket/train/" given in input data source.'
    )
    assert "never runs" not in outcome.log_path.read_text()


def test_channel_without_any_data_mapping_says_so(tmp_path: Path) -> None:
    outcome = rs.run(rs.spec(tmp_path, rs.python("pass"), channels={"train": "s3://bucket/train/"}))
    assert (
        outcome.failure_reason is not None
        and "no data= mapping was given" in outcome.failure_reason
    )


def test_shell_metacharacters_in_hyperparameters_pass_literally(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    value = f"$(touch {marker}); `touch {marker}` | && > ' \" *"
    code = "import sys; print(repr(sys.argv[1:]))"
    outcome = rs.run(rs.spec(tmp_path / "root", rs.python(code), hyperparameters={"evil": value}))
    assert outcome.status == "Completed"
    assert outcome.log_path.read_text().strip() == repr(["--evil", value])
    assert not marker.exists()


def test_trainer_writing_into_its_channel_leaves_the_users_data_unchanged(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "x.csv").write_text("original")
    code = "import os; open(os.environ['SM_CHANNEL_TRAIN'] + '/x.csv', 'w').write('changed')"
    outcome = rs.run(
        rs.spec(
            tmp_path / "root",
            rs.python(code),
            channels={"train": "s3://b/"},
            data={"s3://b/": data},
        )
    )
    assert outcome.status == "Completed"
    assert (data / "x.csv").read_text() == "original"


def test_runner_writes_nothing_outside_root_and_points_home_and_tmp_inside(tmp_path: Path) -> None:
    root = tmp_path / "root"
    code = (
        "import os, pathlib, tempfile\n"
        "pathlib.Path('~/note').expanduser().write_text('home')\n"
        "fd, path = tempfile.mkstemp(); os.close(fd); print(path)\n"
    )
    outcome = rs.run(rs.spec(root, rs.python(code)))
    assert outcome.status == "Completed", outcome.failure_reason
    temp = Path(outcome.log_path.read_text().strip())
    assert root in temp.parents
    assert (root / "training-jobs/job-1/home/note").read_text() == "home"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["root"]


def test_memory_limit_fails_a_command_that_allocates_past_it(tmp_path: Path) -> None:
    code = "b = bytearray(1 << 30)\nprint('allocated')"
    outcome = rs.run(rs.spec(tmp_path, rs.python(code), memory_limit_bytes=512 << 20))
    assert outcome.status == "Failed"
    assert "MemoryError" in outcome.log_path.read_text()
    assert "allocated" not in outcome.log_path.read_text()


def test_memory_limit_applies_to_function_trainers(tmp_path: Path) -> None:
    trainer = LocalTrainer.function(rs.allocate_a_gigabyte)
    outcome = rs.run(rs.spec(tmp_path, trainer, memory_limit_bytes=512 << 20))
    assert outcome.status == "Failed"
    assert outcome.failure_reason == "AlgorithmError: MemoryError"


def test_trainers_are_stopped_when_the_caller_exits(tmp_path: Path) -> None:
    script = textwrap.dedent(
        f"""
        import sys, time
        sys.path.insert(0, {str(Path(__file__).parent)!r})
        import runner_samples as rs
        from pathlib import Path
        code = "import time; print('up', flush=True); time.sleep(60)"
        running = rs.started(rs.spec(Path({str(tmp_path)!r}), rs.python(code), stop_grace=0.3))
        while 'up' not in running.log_path.read_text():
            time.sleep(0.02)
        print(running.pid, flush=True)
        raise KeyboardInterrupt
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        timeout=30,
        env=dict(os.environ),
    )
    assert "KeyboardInterrupt" in done.stderr
    pid = int(done.stdout.split()[0])
    assert rs.wait_gone(pid)


def test_memory_limit_without_prlimit_goes_through_the_exec_wrapper(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(runner, "_HAS_PRLIMIT", False)
    code = "import resource, sys; print('limit', resource.getrlimit(resource.RLIMIT_AS)[0]); print(sys.argv[1:])"
    outcome = rs.run(
        rs.spec(
            tmp_path, rs.python(code), memory_limit_bytes=768 << 20, hyperparameters={"a": "b c"}
        )
    )
    assert outcome.status == "Completed", outcome.failure_reason
    assert outcome.log_path.read_text().splitlines() == [f"limit {768 << 20}", "['-a', 'b c']"]


def test_command_gets_the_memory_limit_through_prlimit(tmp_path: Path) -> None:
    code = "import resource; print(resource.getrlimit(resource.RLIMIT_AS)[0])"
    outcome = rs.run(rs.spec(tmp_path, rs.python(code), memory_limit_bytes=640 << 20))
    assert outcome.log_path.read_text().strip() == str(640 << 20)


def test_channel_named_dot_dot_is_refused(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "x").write_text("x")
    outcome = rs.run(
        rs.spec(
            tmp_path / "root", rs.python("pass"), channels={"..": "s3://b/"}, data={"s3://b/": data}
        )
    )
    assert outcome.status == "Failed"
    assert outcome.failure_reason is not None and "channel name '..'" in outcome.failure_reason
    assert not (tmp_path / "root/training-jobs/job-1/ml/input/x").exists()


def test_model_that_cannot_be_written_fails_the_job_instead_of_hanging(tmp_path: Path) -> None:
    blocker = tmp_path / "outputs"
    blocker.write_text("a file where the output directory should be")
    outcome = rs.run(
        rs.spec(tmp_path / "root", rs.python("print('loss=1')"), data={"s3://bucket/": blocker})
    )
    assert outcome.status == "Failed"
    assert outcome.failure_reason is not None
    assert outcome.failure_reason.startswith(
        "ClientError: the model artifacts could not be written"
    )
    assert outcome.objective == 1.0
