"""SageMaker's training contract, locally: the ``/opt/ml`` tree, the toolkit's environment, arguments.

Each training job gets ``ROOT/training-jobs/<TrainingJobName>/`` holding ``ml/`` (shaped like
``/opt/ml``), ``home/`` (its ``HOME``) and ``training.log``. ``/opt/ml`` itself is neither
writable nor shared by parallel jobs on a laptop, so the paths reach the trainer through the
environment: code that reads ``SM_MODEL_DIR``, ``SM_CHANNEL_TRAIN``, ... (or uses the
training toolkit, which honours ``SAGEMAKER_BASE_DIR``) runs unchanged; code that hard-codes
``/opt/ml`` must read ``os.environ.get("SM_MODEL_DIR", "/opt/ml/model")`` instead.

.. list-table::
   :header-rows: 1

   * - Item
     - Locally
     - Source
   * - ``input/config/hyperparameters.json``
     - static + tuned + the service's own (``_tuning_objective_metric``), every value a JSON string
     - developer guide "How Amazon SageMaker Provides Training Information"
   * - ``input/config/inputdataconfig.json``
     - one entry per channel: ``TrainingInputMode``, ``S3DistributionType``, ``RecordWrapperType``,
       ``ContentType`` when given
     - same page (its example)
   * - ``input/config/resourceconfig.json``
     - ``current_host`` ``algo-1``, ``hosts`` ``["algo-1"]``, ``network_interface_name`` ``eth0``,
       ``current_instance_type``, ``current_group_name`` ``homogeneousCluster``,
       ``instance_groups``. One host always: a laptop runs one process per job
     - same page; toolkit ``environment.py`` reads ``current_instance_type``,
       ``current_group_name``
   * - ``input/data/<channel>/``
     - a *copy* of the channel's data (``data=`` maps an S3 prefix to a directory, the longest
       prefix wins; or a ``file://`` URI)
     - same page ("File" mode copies the data to the volume); copying, not a symlink, so that a
       trainer writing to its input never changes the user's data set for the next job
   * - ``model/`` -> ``model.tar.gz``
     - tarred after the process ends, written to the local directory of
       ``S3OutputPath/<job>/output/``
     - API reference ``ModelArtifacts``; developer guide "your-algorithms-training-algo-output"
   * - ``output/failure``
     - its text (truncated to 1024 characters) becomes ``FailureReason``
     - same; FailureReason's model bound (length 0 to 1024)
   * - ``output/data/``
     - kept beside the job
     - toolkit ``SM_OUTPUT_DATA_DIR``
   * - ``SM_*`` variables
     - the toolkit's ``Environment.to_env_vars``: ``SM_HOSTS``, ``SM_NETWORK_INTERFACE_NAME``,
       ``SM_HPS``, ``SM_RESOURCE_CONFIG``, ``SM_INPUT_DATA_CONFIG``, ``SM_OUTPUT_DATA_DIR``,
       ``SM_CHANNELS``, ``SM_CURRENT_HOST``, ``SM_CURRENT_INSTANCE_TYPE``, ``SM_INPUT_DIR``,
       ``SM_INPUT_CONFIG_DIR``, ``SM_OUTPUT_DIR``, ``SM_NUM_CPUS``, ``SM_NUM_GPUS``,
       ``SM_MODEL_DIR``, ``SM_TRAINING_ENV``, ``SM_USER_ARGS``, ``SM_CHANNEL_<NAME>``,
       ``SM_HP_<NAME>``, ... ; plus ``TRAINING_JOB_NAME``, ``SAGEMAKER_BASE_DIR``
     - aws/sagemaker-training-toolkit ``ENVIRONMENT_VARIABLES.md``,
       ``src/sagemaker_training/environment.py`` and ``mapping.to_env_vars``
   * - Hyperparameters in ``SM_HPS`` and arguments
     - each value JSON-decoded when it parses (``"0.1"`` -> ``0.1``, ``"true"`` -> ``True``), else
       kept; ``sagemaker_*`` and ``_tuning_objective_metric`` left out
     - toolkit ``environment.read_hyperparameters`` and ``split_by_criteria``: the service's keys
       are not the user's
   * - Script mode arguments
     - ``--name value`` per hyperparameter, names sorted, ``-n`` for a one-letter name, value
       ``str()`` of the decoded value, dicts as ``k=v,k=v``; appended to the command, passed as
       separate ``argv`` items (never a shell)
     - toolkit ``mapping.to_cmd_args``
   * - The rest of the environment
     - ``PATH``, ``LANG``/``LC_ALL`` when set, ``HOME`` (the job's), ``TMPDIR`` (the job's),
       ``PYTHONUNBUFFERED=1`` (as SageMaker's framework images set it), ``PYTHONPATH`` for function
       trainers only, then the definition's ``Environment``, then ``LocalTrainer``'s ``env``
     - local choice: the caller's credentials never reach a trainer unless passed in
       ``LocalTrainer.command(env=...)``

Not emulated: several hosts (``InstanceCount`` > 1 runs one process, ``hosts`` lists one), Pipe
input mode (delivered as files, and the job log says so), manifest data types (the job fails
with a ``ClientError`` naming the type), GPUs (``SM_NUM_GPUS`` is 0).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from sagemaker_tuning.core import shapes

__all__ = [
    "HOST",
    "ChannelError",
    "JobTree",
    "cmd_args",
    "decoded_hyperparameters",
    "environment",
    "job_dir",
    "local_path",
    "stage_channels",
    "write_config",
]

HOST = "algo-1"
_GROUP = "homogeneousCluster"

# The training toolkit's own hyperparameters (params.SAGEMAKER_HYPERPARAMETERS and the
# "sagemaker_" prefix): left out of SM_HPS, SM_HP_* and the script's arguments.
_SERVICE_KEYS = frozenset(
    {
        "sagemaker_program",
        "sagemaker_submit_directory",
        "sagemaker_enable_cloudwatch_metrics",
        "sagemaker_region",
        "sagemaker_container_log_level",
        "sagemaker_job_name",
        "default_user_module_name",
        "_tuning_objective_metric",
        "sagemaker_s3_output",
    }
)

# TrainingJobName's pattern (API reference CreateTrainingJob): it also keeps a name from
# naming a path outside ROOT.
_JOB_NAME = re.compile(r"[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}")


class ChannelError(Exception):
    """A channel's data cannot be staged; the message is the job's ``FailureReason``."""


class JobTree:
    """The paths of one job's directory."""

    def __init__(self, root: Path, name: str) -> None:
        self.base = job_dir(root, name)
        self.ml = self.base / "ml"
        self.home = self.base / "home"
        self.tmp = self.base / "tmp"
        self.log = self.base / "training.log"
        self.input = self.ml / "input"
        self.config = self.input / "config"
        self.data = self.input / "data"
        self.model = self.ml / "model"
        self.output = self.ml / "output"
        self.output_data = self.output / "data"
        self.intermediate = self.output / "intermediate"
        self.failure = self.output / "failure"

    def create(self) -> None:
        """A fresh tree (a retried job starts from nothing; its log is kept and appended to)."""
        if self.ml.exists():
            shutil.rmtree(self.ml)
        for path in (
            self.config,
            self.data,
            self.model,
            self.output_data,
            self.intermediate,
            self.home,
            self.tmp,
        ):
            path.mkdir(parents=True, exist_ok=True)

    def channel(self, name: str) -> Path:
        return self.data / name


def job_dir(root: Path, name: str) -> Path:
    """``ROOT/training-jobs/<name>``; a name that is not a TrainingJobName is refused."""
    if _JOB_NAME.fullmatch(name) is None:
        raise ValueError(
            f"training job name {name!r}: expected 1 to 63 letters, digits and hyphens, "
            "starting and ending with a letter or digit"
        )
    return Path(root) / "training-jobs" / name


def local_path(uri: str, *, root: Path, data: Mapping[str, Path]) -> Path:
    """Where an ``s3://`` (or ``https://``) or ``file://`` URI lives on this machine.

    ``file://`` URIs are the path they name. Other URIs go through ``data`` (S3 prefix ->
    local directory): the longest prefix the URI starts with wins -- a string prefix, as S3
    prefixes are -- and the rest of the URI is a path under that directory. A URI no prefix
    covers lives under ``ROOT/s3/<bucket>/<key>`` (where outputs land when ``data`` does not
    name their bucket).
    """
    parts = urlsplit(uri)
    if parts.scheme == "file":
        if parts.netloc not in ("", "localhost"):
            raise ValueError(f"{uri!r}: a file:// URI names a local path (file:///abs/path)")
        return Path(unquote(parts.path))
    if parts.scheme not in ("s3", "https"):
        raise ValueError(f"{uri!r}: expected an s3://, https:// or file:// URI")
    best = max((prefix for prefix in data if uri.startswith(prefix)), key=len, default=None)
    if best is None:
        base, rest = Path(root) / "s3" / parts.netloc, parts.path
    else:
        base, rest = Path(data[best]), uri[len(best) :]
    pieces = [piece for piece in rest.split("/") if piece]
    if any(piece in (".", "..") for piece in pieces):
        raise ValueError(f"{uri!r}: a key with '.' or '..' segments cannot be mapped to a path")
    return base.joinpath(*pieces)


def _entries(uri: str, *, root: Path, data: Mapping[str, Path]) -> tuple[Path, list[Path]]:
    # S3Prefix semantics: every key that starts with the prefix. A prefix ending in "/" is a
    # directory's contents; "s3://b/data/train" takes data/train.csv and data/train/... alike,
    # each delivered under the channel with its path after the prefix's last "/" (the
    # developer guide's example delivers s3://bucket/path/file.csv as <channel>/file.csv).
    target = local_path(uri, root=root, data=data)
    if uri.startswith("file://"):
        # A file:// URI names one path: a directory delivers its contents, a file itself.
        if target.is_dir():
            return target, sorted(target.iterdir())
        return target.parent, [target] if target.is_file() else []
    if uri.endswith("/"):
        return target, sorted(target.iterdir()) if target.is_dir() else []
    parent, stem = target.parent, target.name
    if not parent.is_dir():
        return parent, []
    return parent, sorted(p for p in parent.iterdir() if p.name.startswith(stem))


def stage_channels(
    channels: tuple[shapes.Channel, ...], tree: JobTree, *, root: Path, data: Mapping[str, Path]
) -> list[str]:
    """Copy each channel's data into ``input/data/<channel>``; notes for the log.

    Raises :class:`ChannelError` with the service's wording when a channel's data is missing.
    """
    notes: list[str] = []
    for channel in channels:
        if channel.channel_name in (".", ".."):
            # ChannelName's pattern allows them, but they name no directory of its own.
            raise ChannelError(
                f"ClientError: channel name {channel.channel_name!r} cannot name a directory "
                "under input/data"
            )
        destination = tree.channel(channel.channel_name)
        destination.mkdir(parents=True, exist_ok=True)
        source = channel.data_source.s3_data_source
        if source is None:
            # FileSystemDataSource (EFS/FSx) and DatasetSource have no local counterpart.
            raise ChannelError(
                f"ClientError: channel {channel.channel_name!r}: only S3DataSource channels can "
                "run locally (map the S3 URI to a directory with data=)"
            )
        if source.s3_data_type != "S3Prefix":
            raise ChannelError(
                f"ClientError: channel {channel.channel_name!r}: S3DataType "
                f"{source.s3_data_type!r} is not supported locally; use S3Prefix"
            )
        mode = channel.input_mode
        if mode == "Pipe":
            notes.append(
                f"channel {channel.channel_name!r}: Pipe input mode is delivered as files locally"
            )
        _, entries = _entries(source.s3_uri, root=root, data=data)
        if not entries:
            # The service's wording (aws/amazon-sagemaker-examples #2267, #2489: "No S3
            # objects found under S3 URL "s3://..." given in input data source. Please ensure
            # that the bucket exists ..."). SageMaker says it when creating the training job;
            # inside a tuning job that training job fails, which is what happens here.
            hint = "" if data else " (no data= mapping was given)"
            raise ChannelError(
                f'ClientError: No S3 objects found under S3 URL "{source.s3_uri}" given in input '
                f"data source{hint}. Please ensure that data= maps a prefix of it to a local "
                "directory and that objects exist under that S3 prefix."
            )
        for entry in entries:
            if entry.is_dir():
                shutil.copytree(entry, destination / entry.name, dirs_exist_ok=True)
            else:
                shutil.copy2(entry, destination / entry.name)
    return notes


def _input_data_config(channels: tuple[shapes.Channel, ...], default_mode: str) -> dict[str, Any]:
    # The developer guide's inputdataconfig.json example: TrainingInputMode,
    # S3DistributionType, RecordWrapperType, and ContentType when the channel has one.
    config: dict[str, Any] = {}
    for channel in channels:
        entry: dict[str, Any] = {}
        if channel.content_type:
            entry["ContentType"] = channel.content_type
        entry["TrainingInputMode"] = str(channel.input_mode or default_mode)
        source = channel.data_source.s3_data_source
        entry["S3DistributionType"] = str(
            (source.s3_data_distribution_type if source else None) or "FullyReplicated"
        )
        entry["RecordWrapperType"] = str(channel.record_wrapper_type or "None")
        config[channel.channel_name] = entry
    return config


def instance_type(definition: shapes.HyperParameterTrainingJobDefinition) -> str:
    """The instance type the job would run on (``local`` when the request names none)."""
    if definition.resource_config and definition.resource_config.instance_type:
        return str(definition.resource_config.instance_type)
    tuning = definition.hyper_parameter_tuning_resource_config
    if tuning is not None:
        if tuning.instance_type:
            return str(tuning.instance_type)
        if tuning.instance_configs:
            return str(tuning.instance_configs[0].instance_type)
    return "local"


def _resource_config(definition: shapes.HyperParameterTrainingJobDefinition) -> dict[str, Any]:
    kind = instance_type(definition)
    return {
        "current_host": HOST,
        "current_instance_type": kind,
        "current_group_name": _GROUP,
        "hosts": [HOST],
        "instance_groups": [
            {"instance_group_name": _GROUP, "instance_type": kind, "hosts": [HOST]}
        ],
        "network_interface_name": "eth0",
    }


def write_config(
    tree: JobTree,
    definition: shapes.HyperParameterTrainingJobDefinition,
    hyperparameters: Mapping[str, str],
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Write the three config files; return (inputdataconfig, resourceconfig)."""
    channels = definition.input_data_config or ()
    mode = str(definition.algorithm_specification.training_input_mode or "File")
    data_config = _input_data_config(channels, mode)
    resource = _resource_config(definition)
    for name, content in (
        ("hyperparameters.json", dict(hyperparameters)),
        ("inputdataconfig.json", data_config),
        ("resourceconfig.json", resource),
    ):
        (tree.config / name).write_text(json.dumps(content, indent=2), encoding="utf-8")
    return data_config, resource


def decoded_hyperparameters(hyperparameters: Mapping[str, str]) -> dict[str, object]:
    """The user's hyperparameters as the toolkit decodes them (``read_hyperparameters``)."""
    decoded: dict[str, object] = {}
    for key, value in hyperparameters.items():
        if key in _SERVICE_KEYS or key.startswith("sagemaker_"):
            continue
        try:
            decoded[key] = json.loads(value)
        except ValueError:
            decoded[key] = value
    return decoded


def cmd_args(decoded: Mapping[str, object]) -> list[str]:
    """Script mode's arguments (toolkit ``mapping.to_cmd_args``)."""
    args: list[str] = []
    for key in sorted(decoded):
        value = decoded[key]
        args.append(f"--{key}" if len(key) > 1 else f"-{key}")
        if isinstance(value, Mapping):
            args.append(",".join(f"{k}={v}" for k, v in sorted(value.items())))
        else:
            args.append("" if value is None else str(value))
    return args


def _env_value(value: object) -> str:
    # mapping.to_env_vars: strings as they are, everything else compact sorted JSON.
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=True)


def environment(
    *,
    name: str,
    tree: JobTree,
    definition: shapes.HyperParameterTrainingJobDefinition,
    hyperparameters: Mapping[str, str],
    data_config: Mapping[str, Any],
    resource: Mapping[str, Any],
    extra: Mapping[str, str],
    pythonpath: str | None,
) -> dict[str, str]:
    """The trainer's whole environment: clean base, ``SM_*``, the definition's, the trainer's."""
    decoded = decoded_hyperparameters(hyperparameters)
    channels = {channel: str(tree.channel(channel)) for channel in data_config}
    training_env: dict[str, Any] = {
        "channel_input_dirs": channels,
        "current_host": HOST,
        "current_instance_group": _GROUP,
        "current_instance_type": resource["current_instance_type"],
        "framework_module": None,
        "hosts": [HOST],
        "hyperparameters": decoded,
        "input_config_dir": str(tree.config),
        "input_data_config": dict(data_config),
        "input_dir": str(tree.input),
        "is_master": True,
        "job_name": name,
        "log_level": 20,
        "model_dir": str(tree.model),
        "network_interface_name": "eth0",
        "num_cpus": os.cpu_count() or 1,
        "num_gpus": 0,
        "output_data_dir": str(tree.output_data),
        "output_dir": str(tree.output),
        "output_intermediate_dir": str(tree.intermediate),
        "resource_config": dict(resource),
    }
    fields: dict[str, object] = {
        "hosts": [HOST],
        "network_interface_name": "eth0",
        "hps": decoded,
        "framework_params": {},
        "resource_config": dict(resource),
        "input_data_config": dict(data_config),
        "output_data_dir": str(tree.output_data),
        "channels": sorted(channels),
        "current_host": HOST,
        "current_instance_type": resource["current_instance_type"],
        "current_instance_group": _GROUP,
        "current_instance_group_hosts": [HOST],
        "instance_groups": [_GROUP],
        "is_hetero": False,
        "log_level": 20,
        "input_dir": str(tree.input),
        "input_config_dir": str(tree.config),
        "output_dir": str(tree.output),
        "num_cpus": os.cpu_count() or 1,
        "num_gpus": 0,
        "num_neurons": 0,
        "model_dir": str(tree.model),
        "training_env": training_env,
        "user_args": cmd_args(decoded),
        "output_intermediate_dir": str(tree.intermediate),
    }
    for channel, path in channels.items():
        fields[f"channel_{channel}"] = path
    for key, value in decoded.items():
        fields[f"hp_{key}"] = value
    env: dict[str, str] = {"PATH": os.environ.get("PATH", os.defpath)}
    for key in ("LANG", "LC_ALL", "LC_CTYPE", "TZ"):
        if key in os.environ:
            env[key] = os.environ[key]
    env["HOME"] = str(tree.home)
    env["TMPDIR"] = str(tree.tmp)
    # SageMaker's framework images set PYTHONUNBUFFERED (their Dockerfiles), so a Python
    # trainer's lines reach the log, and the metric extractor, as they are printed.
    env["PYTHONUNBUFFERED"] = "1"
    if pythonpath is not None:
        env["PYTHONPATH"] = pythonpath
    env.update({f"SM_{key.upper()}": _env_value(value) for key, value in fields.items()})
    env["TRAINING_JOB_NAME"] = name
    env["CURRENT_HOST"] = HOST
    # The toolkit's root outside SageMaker (environment.BASE_PATH_ENV).
    env["SAGEMAKER_BASE_DIR"] = str(tree.ml)
    env.update(definition.environment or {})
    env.update(extra)
    return env


def function_pythonpath() -> str:
    """The caller's import path, so a function trainer imports what the caller imports."""
    return os.pathsep.join(entry or os.getcwd() for entry in sys.path)
