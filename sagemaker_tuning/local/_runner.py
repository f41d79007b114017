"""One training job, run for real: the process, its bounds, its log, its metrics and artifacts.

``start(spec)`` builds the job's tree and environment (:mod:`._contract`), starts the trainer
and returns a :class:`RunningTraining` at once; one supervising thread per job streams the
merged stdout and stderr line by line into ``training.log`` and the
:class:`~._metrics.MetricExtractor`, enforces the limits, and writes the outcome.

.. list-table::
   :header-rows: 1

   * - Promise
     - How
     - Source
   * - ``StoppingCondition.MaxRuntimeInSeconds``
     - at the limit: SIGTERM to the process group, SIGKILL after ``stop_grace``; the job ends
       ``Stopped`` with SecondaryStatus ``MaxRuntimeExceeded``
     - API reference ``StoppingCondition`` (default 1 day; "SageMaker ends the job");
       ``SecondaryStatusTransition``: "Stopped - MaxRuntimeExceeded - The job stopped because it
       exceeded the maximum allowed runtime"
   * - ``stop()``
     - SIGTERM to the group, SIGKILL after the grace; ``Stopped``/``Stopped``; model/ is still
       tarred
     - StoppingCondition: "SageMaker sends the algorithm the SIGTERM signal, which delays job
       termination for 120 seconds ... so the results of training are not lost"; the local default
       grace is shorter (see ``DEFAULT_STOP_GRACE``)
   * - Exit code 0
     - ``Completed``; model/ -> ``model.tar.gz``, output/data/ -> ``output.tar.gz``
     - developer guide "your-algorithms-training-algo-output"
   * - Exit code N != 0, ``output/failure``
     - ``Failed``, ``FailureReason`` = ``"AlgorithmError: " + <file>``, cut to 1024 characters
     - aws/amazon-sagemaker-examples #1740 ("Reason: AlgorithmError: framework error: ..." where
       the toolkit wrote "framework error: ..." to the file); FailureReason length 0-1024
   * - Exit code N != 0, no ``output/failure``
     - ``"AlgorithmError: , exit code: N"``
     - aws-samples/amazon-sagemaker-ml-pipeline-deploy-with-terraform #12 (2024):
       ``"FailureReason": "AlgorithmError: , exit code: 1"``
   * - Killed by signal S
     - exit code ``128 + S`` (137 for SIGKILL)
     - the container convention (kubeflow/trainer #1749: OOM "exit code 137")
   * - Program not found
     - ``Failed``, ``ClientError: ...`` naming argv[0]
     - local (no process is started)
   * - Channel data missing
     - ``Failed``, ``ClientError: No S3 objects found under S3 URL "..." given in input data
       source.``
     - the service's message, quoted in aws/amazon-sagemaker-examples #2267, #2489
   * - Memory
     - ``RLIMIT_AS`` = ``memory_limit_bytes`` (default: the machine's physical memory): a command
       gets it through ``resource.prlimit`` the moment it is exec'd (Linux; elsewhere the
       ``_limits.py`` exec wrapper sets it first)
     - local choice, never ``preexec_fn`` (unsafe with threads); a function trainer's ``_child``
       sets it before importing anything
   * - Log flood
     - lines cut at ``MAX_LINE_BYTES``; at most ``max_points`` metric points kept
     - CloudWatch Logs' 256 KiB event bound; memory bounded whatever the log's size
   * - No orphans
     - own session/process group; the group is killed when the main process ends, on ``stop()`` and
       at interpreter exit (``atexit``)
     - local
   * - Environment
     - clean: no caller variables (no AWS credentials) unless passed in
       ``LocalTrainer.command(env=)``
     - local; see :mod:`._contract`

What is not promised: the trainer is **not sandboxed**. It runs as the caller's user and can
write anywhere that user can (the runner only points it at its own directories through the
environment, ``HOME`` and ``TMPDIR``). The runner itself writes nothing outside ``root``
except ``model.tar.gz``/``output.tar.gz`` where ``data=`` maps the output path.
A process that leaves the group (``setsid``) escapes the group kill. A caller killed by a
signal Python does not turn into an exit (SIGKILL; SIGTERM without a handler) runs no
``atexit`` handler, so its trainers keep running: a command-line tool should turn SIGTERM into
``SystemExit`` (``signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))``).
"""

from __future__ import annotations

import atexit
import math
import os
import resource
import selectors
import shutil
import signal
import subprocess
import sys
import tarfile
import threading
import time
import weakref
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import IO, Literal

import attrs

from sagemaker_tuning.core import shapes
from sagemaker_tuning.local import _contract
from sagemaker_tuning.local._contract import local_path
from sagemaker_tuning.local._metrics import MetricExtractor, MetricPoint
from sagemaker_tuning.local._trainer import LocalTrainer

__all__ = [
    "DEFAULT_MAX_RUNTIME",
    "DEFAULT_STOP_GRACE",
    "MAX_LINE_BYTES",
    "MetricPoint",
    "RunningTraining",
    "TrainingOutcome",
    "TrainingSpec",
    "default_memory_limit",
    "local_path",
    "log_path",
    "start",
]

#: StoppingCondition.MaxRuntimeInSeconds when the request has none: the API reference's
#: default ("The default value is 1 day").
DEFAULT_MAX_RUNTIME = 86_400

#: Seconds between SIGTERM and SIGKILL. SageMaker waits 120 s (StoppingCondition's
#: documentation); locally a stop should not hold a laptop for two minutes, and 10 s lets a
#: trainer save its model. ``TrainingSpec.stop_grace`` and ``stop(grace=)`` change it.
DEFAULT_STOP_GRACE = 10.0

#: A longer line is cut into pieces of this size (CloudWatch Logs' event bound is 256 KiB).
MAX_LINE_BYTES = 256 * 1024

#: FailureReason's bound in the API model ("length 0 to 1024").
FAILURE_REASON_MAX = 1024

_READ_CHUNK = 65_536
_HAS_PRLIMIT = hasattr(resource, "prlimit")
# How often a job whose main process ended but whose pipe is still held is checked.
_POLL = 0.2


def default_memory_limit() -> int | None:
    """The address-space bound a job gets by default: the machine's physical memory."""
    try:
        return os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (ValueError, OSError, AttributeError):
        return None


@attrs.frozen(kw_only=True)
class TrainingSpec:
    """Everything one training job needs."""

    name: str
    """The TrainingJobName (also its directory's name)."""
    trainer: LocalTrainer
    definition: shapes.HyperParameterTrainingJobDefinition
    """Channels, output path, resources, metric definitions, stopping condition."""
    hyperparameters: Mapping[str, str]
    """Static + tuned + the service's own (``_tuning_objective_metric``), all str."""
    objective_metric: str | None
    root: Path
    data: Mapping[str, Path]
    memory_limit_bytes: int | None = attrs.field(factory=default_memory_limit)
    """``RLIMIT_AS`` of the trainer; ``None`` or 0: no limit."""
    stop_grace: float = DEFAULT_STOP_GRACE
    """Seconds between SIGTERM and SIGKILL when the job is stopped or runs out of time."""
    max_points: int = 100_000
    """Metric points kept in memory (``final_metrics`` stays exact past it)."""


@attrs.frozen(kw_only=True)
class TrainingOutcome:
    """How a job ended, as DescribeTrainingJob would say it."""

    status: Literal["Completed", "Failed", "Stopped"]
    failure_reason: str | None
    secondary_status: str
    final_metrics: Mapping[str, float]
    """``FinalMetricDataList``: each metric's last value."""
    objective: float | None
    """The objective metric's final value; ``None`` when it never matched."""
    started: float
    ended: float
    model_artifacts: str | None
    """``S3ModelArtifacts`` as the service reports it; the file is at ``local_path`` of it."""
    log_path: Path
    exit_code: int | None


def log_path(root: Path, training_job_name: str) -> Path:
    """Where a job's log lives (``ROOT/training-jobs/<name>/training.log``)."""
    return _contract.JobTree(root, training_job_name).log


_RUNNING: weakref.WeakSet[RunningTraining] = weakref.WeakSet()
_RUNNING_LOCK = threading.Lock()


def _kill_all() -> None:
    with _RUNNING_LOCK:
        running = list(_RUNNING)
    for job in running:
        job.stop(grace=1.0)
    for job in running:
        job.wait(timeout=3.0)


atexit.register(_kill_all)


def _definitions(spec: TrainingSpec) -> tuple[shapes.MetricDefinition, ...]:
    algorithm = spec.definition.algorithm_specification
    if algorithm.metric_definitions:
        return algorithm.metric_definitions
    # A built-in algorithm emits its own metrics and the service supplies the definitions
    # (developer guide "Define metrics"); a local stand-in for its image gets the same ones.
    from sagemaker_tuning.testing._service_defaults import builtin_algorithm

    builtin = builtin_algorithm(algorithm.training_image)
    if not builtin:
        return ()
    return tuple(shapes.MetricDefinition(name=n, regex=r) for n, r in builtin)


class RunningTraining:
    """A started job; every method is thread-safe."""

    def __init__(self, spec: TrainingSpec, tree: _contract.JobTree) -> None:
        self.name = spec.name
        self.log_path = tree.log
        self._spec = spec
        self._tree = tree
        self._lock = threading.Lock()
        self._done = threading.Event()
        self._outcome: TrainingOutcome | None = None
        self._extractor = MetricExtractor(_definitions(spec), max_points=spec.max_points)
        self._process: subprocess.Popen[bytes] | None = None
        self._stop_reason: str | None = None
        self._kill_at: float | None = None
        self._line_number = 0
        self.started = time.time()

    # -- public ---------------------------------------------------------------------------

    def poll(self) -> TrainingOutcome | None:
        """The outcome, or ``None`` while the job runs."""
        with self._lock:
            return self._outcome

    def metrics(self, start: int = 0) -> Sequence[MetricPoint]:
        """Every metric value extracted so far, in log order (at most ``max_points``).

        ``start`` skips the points a poller has already seen (``metrics(len(seen))``).
        """
        with self._lock:
            return self._extractor.points(start)

    def stop(self, grace: float | None = None) -> None:
        """SIGTERM to the process group now, SIGKILL after ``grace`` seconds; ends ``Stopped``."""
        self._terminate("Stopped", self._spec.stop_grace if grace is None else grace)

    def wait(self, timeout: float | None = None) -> TrainingOutcome | None:
        """Block until the job ends (or ``timeout``); its outcome, or ``None`` on timeout."""
        self._done.wait(timeout)
        return self.poll()

    @property
    def pid(self) -> int | None:
        """The trainer's process id (its process group's too), once started."""
        process = self._process
        return None if process is None else process.pid

    # -- supervision ----------------------------------------------------------------------

    def _terminate(self, reason: str, grace: float) -> None:
        with self._lock:
            if self._outcome is not None:
                return
            if self._stop_reason is None:
                self._stop_reason = reason
            kill_at = time.monotonic() + max(grace, 0.0)
            self._kill_at = kill_at if self._kill_at is None else min(self._kill_at, kill_at)
            process = self._process
            # Under the lock: the supervisor reaps under it too, so the group id cannot have
            # been freed (and reused) between the check in _signal and the kill.
            if process is not None:
                self._signal(process, signal.SIGTERM)
                if grace <= 0:
                    self._signal(process, signal.SIGKILL)

    @staticmethod
    def _signal(process: subprocess.Popen[bytes], sig: signal.Signals) -> None:
        # The group id is the main process's pid, which cannot be reused before we reap it.
        if process.returncode is not None:
            return
        try:
            os.killpg(process.pid, sig)
        except (ProcessLookupError, PermissionError):
            pass

    def _launch(self, argv: list[str], cwd: str | None, env: dict[str, str], limit: int) -> None:
        self._process = subprocess.Popen(
            argv,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            cwd=cwd,
            env=env,
            start_new_session=True,
            close_fds=True,
        )
        if limit:
            # Linux: bound the running child from here (no second interpreter to start;
            # Popen returns once the program is exec'd, so only its first instants run
            # unbounded). _command wraps the program in _limits.py where prlimit is missing.
            _, hard = resource.getrlimit(resource.RLIMIT_AS)
            soft = limit if hard == resource.RLIM_INFINITY else min(limit, hard)
            try:
                resource.prlimit(self._process.pid, resource.RLIMIT_AS, (soft, hard))
            except (ProcessLookupError, PermissionError):
                pass  # it has already ended (or is not ours to bound)

    def _run(self, log: IO[bytes]) -> int:
        process = self._process
        assert process is not None and process.stdout is not None
        stream = process.stdout
        max_runtime = (
            self._spec.definition.stopping_condition.max_runtime_in_seconds or DEFAULT_MAX_RUNTIME
        )
        deadline = time.monotonic() + max_runtime
        selector = selectors.DefaultSelector()
        selector.register(stream, selectors.EVENT_READ, "pipe")
        # A pidfd wakes the loop the moment the main process ends, even while something it
        # started still holds the pipe (Linux 5.3+); elsewhere the loop looks every _POLL s.
        pidfd = _pidfd(process.pid)
        if pidfd is not None:
            selector.register(pidfd, selectors.EVENT_READ, "exit")
        pending = b""
        open_pipe = True
        exited = False
        try:
            while open_pipe or not exited:
                now = time.monotonic()
                if now >= deadline:
                    self._terminate("MaxRuntimeExceeded", self._spec.stop_grace)
                    deadline = math.inf
                with self._lock:
                    kill_at = self._kill_at if self._kill_at is not None else math.inf
                if now >= kill_at:
                    self._signal(process, signal.SIGKILL)
                    with self._lock:
                        self._kill_at = None
                    kill_at = math.inf
                if not exited and _exited(process.pid):
                    exited = True
                    # The main process ended: SageMaker ends the container, so whatever it
                    # left running goes too (and releases the pipe).
                    self._signal(process, signal.SIGKILL)
                    if pidfd is not None:
                        selector.unregister(pidfd)
                    continue
                timeout = min(deadline - now, kill_at - now, _POLL if pidfd is None else 1.0)
                if not open_pipe and pidfd is None:
                    time.sleep(max(min(timeout, 0.02), 0.0))
                    continue
                ready = {key.data for key, _ in selector.select(max(timeout, 0.0))}
                if "pipe" not in ready:
                    continue
                chunk = os.read(stream.fileno(), _READ_CHUNK)
                if not chunk:
                    open_pipe = False
                    selector.unregister(stream)
                    if pending:
                        self._emit([pending], log)
                        pending = b""
                    continue
                lines, pending = _split(pending + chunk)
                if lines:
                    self._emit(lines, log)
        finally:
            selector.close()
            stream.close()
            if pidfd is not None:
                os.close(pidfd)
        with self._lock:
            code = process.wait()  # already ended (the loop saw it): does not block
        return 128 - code if code < 0 else code

    def _emit(self, lines: list[bytes], log: IO[bytes]) -> None:
        log.write(b"\n".join(lines) + b"\n")
        log.flush()
        now = time.time()
        with self._lock:
            number = self._line_number
            feed = self._extractor.feed
            for raw in lines:
                number += 1
                text = raw.decode("utf-8", errors="replace")
                feed(text[:-1] if text.endswith("\r") else text, line_number=number, timestamp=now)
            self._line_number = number

    def _finish(
        self,
        *,
        status: Literal["Completed", "Failed", "Stopped"],
        secondary: str,
        failure: str | None,
        exit_code: int | None,
    ) -> None:
        artifacts: str | None = None
        if status != "Failed":
            try:
                artifacts = self._archive()
            except (OSError, ValueError, tarfile.TarError) as error:
                # On SageMaker a model that cannot be uploaded fails the job (its wording for
                # an S3 write refused is not recorded here; the reason names the local cause).
                status, secondary, artifacts = "Failed", "Failed", None
                failure = f"ClientError: the model artifacts could not be written locally: {error}"
        with self._lock:
            final = self._extractor.final()
            objective = self._spec.objective_metric
            self._outcome = TrainingOutcome(
                status=status,
                failure_reason=None if failure is None else failure[:FAILURE_REASON_MAX],
                secondary_status=secondary,
                final_metrics=final,
                objective=final.get(objective) if objective else None,
                started=self.started,
                ended=time.time(),
                model_artifacts=artifacts,
                log_path=self.log_path,
                exit_code=exit_code,
            )
        self._done.set()
        with _RUNNING_LOCK:
            _RUNNING.discard(self)

    def _archive(self) -> str:
        spec = self._spec
        output_uri = spec.definition.output_data_config.s3_output_path.rstrip("/")
        prefix = f"{output_uri}/{spec.name}/output"
        local = local_path(prefix, root=spec.root, data=spec.data)
        local.mkdir(parents=True, exist_ok=True)
        for source, archive in (
            (self._tree.model, "model.tar.gz"),
            (self._tree.output_data, "output.tar.gz"),
        ):
            with tarfile.open(local / archive, "w:gz") as tar:
                # Symbolic links stay links: nothing outside the job's tree is read.
                for entry in sorted(source.iterdir()) if source.is_dir() else ():
                    tar.add(entry, arcname=entry.name, recursive=True)
        # S3ModelArtifacts as DescribeTrainingJob reports it: S3OutputPath/<job>/output/
        # model.tar.gz (API reference ModelArtifacts; the model's pattern (https|s3)://...).
        return f"{prefix}/model.tar.gz"

    def _failure_reason(self, exit_code: int) -> str:
        try:
            with open(self._tree.failure, "rb") as stream:
                text = stream.read(FAILURE_REASON_MAX * 4).decode("utf-8", errors="replace")
        except OSError:
            return f"AlgorithmError: , exit code: {exit_code}"
        return f"AlgorithmError: {text.rstrip()}"

    def _supervise(self) -> None:
        with open(self.log_path, "ab") as log:
            try:
                exit_code = self._run(log)
            except BaseException as error:  # never leave a job without an outcome
                process = self._process
                if process is not None:
                    self._signal(process, signal.SIGKILL)
                    process.wait()
                self._finish(
                    status="Failed",
                    secondary="Failed",
                    failure=f"InternalServerError: the local runner failed: {error!r}",
                    exit_code=None,
                )
                return
        with self._lock:
            reason = self._stop_reason
        if reason is not None:
            self._finish(status="Stopped", secondary=reason, failure=None, exit_code=exit_code)
        elif exit_code == 0:
            self._finish(status="Completed", secondary="Completed", failure=None, exit_code=0)
        else:
            self._finish(
                status="Failed",
                secondary="Failed",
                failure=self._failure_reason(exit_code),
                exit_code=exit_code,
            )


def _split(buffer: bytes) -> tuple[list[bytes], bytes]:
    """Complete lines (none longer than MAX_LINE_BYTES) and the unfinished rest."""
    lines = buffer.split(b"\n")
    rest = lines.pop()
    if len(rest) >= MAX_LINE_BYTES or any(len(line) > MAX_LINE_BYTES for line in lines):
        cut: list[bytes] = []
        for line in lines:
            cut.extend(
                line[i : i + MAX_LINE_BYTES] for i in range(0, max(len(line), 1), MAX_LINE_BYTES)
            )
        while len(rest) >= MAX_LINE_BYTES:
            cut.append(rest[:MAX_LINE_BYTES])
            rest = rest[MAX_LINE_BYTES:]
        lines = cut
    return lines, rest


def _pidfd(pid: int) -> int | None:
    opener = getattr(os, "pidfd_open", None)
    if opener is None:
        return None
    try:
        fd: int = opener(pid)
    except OSError:
        return None
    return fd


def _exited(pid: int) -> bool:
    # WNOWAIT: look without reaping, so the pid (our group id) stays ours until wait().
    try:
        found = os.waitid(os.P_PID, pid, os.WEXITED | os.WNOHANG | os.WNOWAIT)
    except ChildProcessError:
        return True
    return found is not None


def _command(spec: TrainingSpec, args: list[str]) -> tuple[list[str], str | None, str | None]:
    """(argv, cwd, error): the resolved command line, or why it cannot run."""
    trainer = spec.trainer
    limit = str(spec.memory_limit_bytes or 0)
    wrapper = [sys.executable, "-I", "-S", str(Path(__file__).with_name("_limits.py")), limit]
    if trainer.kind == "function":
        argv = [
            sys.executable,
            "-m",
            "sagemaker_tuning.local._child",
            limit,
            trainer.target,
            trainer.main_path or "",
            "1" if trainer.takes_environment else "0",
        ]
        return argv, None, None
    cwd = trainer.cwd
    program = trainer.argv[0]
    search = dict(trainer.env).get("PATH", os.environ.get("PATH", os.defpath))
    if os.sep in program and cwd is not None and not os.path.isabs(program):
        program = os.path.join(cwd, program)
    found = shutil.which(program, path=search)
    if found is None:
        return (
            [],
            None,
            f"ClientError: the local trainer's program {trainer.argv[0]!r} was not found "
            "(LocalTrainer.command argv[0]: expected an executable on PATH or a path to one)",
        )
    argv = [os.path.abspath(found), *trainer.argv[1:], *args]
    if not spec.memory_limit_bytes or _HAS_PRLIMIT:
        return argv, cwd, None
    return [*wrapper, *argv], cwd, None


def start(spec: TrainingSpec) -> RunningTraining:
    """Start one training job; returns at once (the job runs in the background)."""
    tree = _contract.JobTree(spec.root, spec.name)
    tree.base.mkdir(parents=True, exist_ok=True)
    tree.create()
    running = RunningTraining(spec, tree)
    with _RUNNING_LOCK:
        _RUNNING.add(running)

    def fail(reason: str) -> RunningTraining:
        with open(tree.log, "ab") as log:
            log.write(reason.encode("utf-8") + b"\n")
        running._finish(status="Failed", secondary="Failed", failure=reason, exit_code=None)
        return running

    definition = spec.definition
    try:
        data_config, resource = _contract.write_config(tree, definition, spec.hyperparameters)
        notes = _contract.stage_channels(
            definition.input_data_config or (), tree, root=spec.root, data=spec.data
        )
    except _contract.ChannelError as error:
        return fail(str(error))
    except (OSError, ValueError) as error:
        return fail(f"ClientError: the job's input could not be prepared locally: {error}")
    decoded = _contract.decoded_hyperparameters(spec.hyperparameters)
    argv, cwd, problem = _command(spec, _contract.cmd_args(decoded))
    if problem is not None:
        return fail(problem)
    env = _contract.environment(
        name=spec.name,
        tree=tree,
        definition=definition,
        hyperparameters=spec.hyperparameters,
        data_config=data_config,
        resource=resource,
        extra=dict(spec.trainer.env),
        pythonpath=_contract.function_pythonpath() if spec.trainer.kind == "function" else None,
    )
    if spec.trainer.kind == "function":
        cwd = str(tree.ml)
    with open(tree.log, "ab") as log:
        for note in notes:
            log.write(f"[sagemaker-tuning local] {note}\n".encode())
    try:
        limit = spec.memory_limit_bytes or 0
        running._launch(
            argv, cwd, env, limit if spec.trainer.kind == "command" and _HAS_PRLIMIT else 0
        )
    except OSError as error:
        return fail(f"ClientError: the local trainer could not be started: {error}")
    with running._lock:
        pending = running._stop_reason
    if pending is not None:
        running.stop(0)
    thread = threading.Thread(target=running._supervise, name=f"training:{spec.name}", daemon=True)
    thread.start()
    return running
