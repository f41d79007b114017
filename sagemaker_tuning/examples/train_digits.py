"""A SageMaker training script: a small neural network on handwritten digits, in numpy.

It is the demo's training job (``sagemaker-tuning demo``) and an example of what a script
needs to run unchanged on SageMaker and on :class:`~sagemaker_tuning.testing.LocalSageMaker`:

- **hyperparameters** as SageMaker gives them: ``input/config/hyperparameters.json`` (every
  value a string), then script mode's ``--name value`` arguments, which win;
- **data** from the ``train`` channel (``SM_CHANNEL_TRAIN``): a CSV of 64 pixel values and the
  label per row, gzipped or not. Run by hand without a channel, it reads scikit-learn's copy
  of the UCI digits (``sklearn/datasets/data/digits.csv.gz``, found without importing
  scikit-learn, so nothing is downloaded);
- **metrics** printed once per epoch, one line each, for ``MetricDefinitions`` to match::

      epoch=3 train_loss=0.412 validation_loss=0.351 validation_accuracy=0.911

- **the model** in ``SM_MODEL_DIR`` (``model.npz``), which SageMaker tars to ``model.tar.gz``;
- **a failure** as one line in ``output/failure`` (SageMaker's ``FailureReason``) and exit 1.

Only the standard library and numpy: a job takes well under a second.
"""

from __future__ import annotations

import argparse
import gzip
import importlib.util
import json
import os
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

Array = NDArray[np.float64]

#: Every hyperparameter the script reads, with its default.
DEFAULTS: dict[str, Any] = {
    "learning_rate": 0.1,
    "l2": 1e-4,
    "hidden_units": 32,
    "activation": "relu",
    "batch_size": 64,
    "epochs": 12,
    "seed": 0,
}

#: ``MetricDefinitions`` that match what :func:`train` prints (SageMaker's ``Name``/``Regex``).
METRIC_DEFINITIONS = (
    {"Name": "train:loss", "Regex": r"train_loss=([0-9.eE+-]+)"},
    {"Name": "validation:loss", "Regex": r"validation_loss=([0-9.eE+-]+)"},
    {"Name": "validation:accuracy", "Regex": r"validation_accuracy=([0-9.]+)"},
)


def _opt_ml(variable: str, default: str) -> Path:
    """A directory of the training contract: its ``SM_*`` variable, else SageMaker's path."""
    return Path(os.environ.get(variable, default))


def hyperparameters(argv: Sequence[str]) -> argparse.Namespace:
    """``hyperparameters.json`` (strings) under script mode's arguments, typed by :data:`DEFAULTS`."""
    config = _opt_ml("SM_INPUT_CONFIG_DIR", "/opt/ml/input/config") / "hyperparameters.json"
    given: dict[str, str] = json.loads(config.read_text("utf-8")) if config.is_file() else {}
    parser = argparse.ArgumentParser(description="Train the digits network (SageMaker script).")
    for name, default in DEFAULTS.items():
        kind = type(default)
        parser.add_argument(f"--{name}", type=kind, default=kind(given.get(name, default)))
    # Unknown arguments (other hyperparameters of the request) are SageMaker's business.
    known, _ = parser.parse_known_args(list(argv))
    return known


def bundled_digits() -> Path:
    """scikit-learn's copy of the UCI digits, found without importing scikit-learn."""
    spec = importlib.util.find_spec("sklearn")
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError(
            "no train channel and no scikit-learn to take the digits from: pass a channel "
            "or pip install scikit-learn"
        )
    return Path(next(iter(spec.submodule_search_locations))) / "datasets/data/digits.csv.gz"


def data_file() -> Path:
    """The ``train`` channel's CSV, or the bundled digits when there is no channel."""
    channel = os.environ.get("SM_CHANNEL_TRAIN")
    if channel is None:
        return bundled_digits()
    found = sorted(p for p in Path(channel).iterdir() if p.name.endswith((".csv", ".csv.gz")))
    if not found:
        raise FileNotFoundError(f"the train channel ({channel}) holds no .csv or .csv.gz file")
    return found[0]


def load(path: Path) -> tuple[Array, NDArray[np.int64]]:
    """Pixels scaled to [0, 1] and labels, from rows of 64 values and a label."""
    with gzip.open(path, "rt") if path.suffix == ".gz" else open(path) as stream:
        table = np.loadtxt(stream, delimiter=",")
    if table.ndim != 2 or table.shape[1] != 65:
        raise ValueError(f"{path.name}: expected rows of 64 pixels and a label")
    return table[:, :64] / 16.0, table[:, 64].astype(np.int64)


def _softmax_loss(logits: Array, labels: NDArray[np.int64]) -> tuple[float, Array]:
    """Mean cross-entropy and its gradient with respect to the logits."""
    shifted = logits - logits.max(axis=1, keepdims=True)
    probabilities = np.exp(shifted)
    probabilities /= probabilities.sum(axis=1, keepdims=True)
    rows = np.arange(len(labels))
    loss = float(-np.log(probabilities[rows, labels] + 1e-12).mean())
    probabilities[rows, labels] -= 1.0
    return loss, probabilities / len(labels)


def train(hp: argparse.Namespace, features: Array, labels: NDArray[np.int64]) -> dict[str, Array]:
    """Mini-batch SGD on a one-hidden-layer network; prints the metric line of every epoch."""
    if hp.activation not in ("relu", "tanh"):
        raise ValueError(f"activation must be relu or tanh, got {hp.activation!r}")
    if hp.hidden_units < 1 or hp.batch_size < 1 or hp.epochs < 1:
        raise ValueError("hidden_units, batch_size and epochs must be at least 1")
    rng = np.random.default_rng(hp.seed)
    order = np.random.default_rng(0).permutation(len(labels))  # the same split for every job
    cut = int(0.8 * len(order))
    train_rows, valid_rows = order[:cut], order[cut:]
    classes = int(labels.max()) + 1
    w1 = rng.normal(0.0, np.sqrt(2.0 / 64), (64, hp.hidden_units))
    b1 = np.zeros(hp.hidden_units)
    w2 = rng.normal(0.0, np.sqrt(1.0 / hp.hidden_units), (hp.hidden_units, classes))
    b2 = np.zeros(classes)

    def forward(x: Array) -> tuple[Array, Array]:
        pre = x @ w1 + b1
        hidden = np.maximum(pre, 0.0) if hp.activation == "relu" else np.tanh(pre)
        return pre, hidden

    for epoch in range(1, hp.epochs + 1):
        shuffled = rng.permutation(train_rows)
        losses = []
        for start in range(0, len(shuffled), hp.batch_size):
            rows = shuffled[start : start + hp.batch_size]
            x, y = features[rows], labels[rows]
            pre, hidden = forward(x)
            loss, grad = _softmax_loss(hidden @ w2 + b2, y)
            losses.append(loss)
            grad_hidden = grad @ w2.T
            grad_pre = (
                grad_hidden * (pre > 0)
                if hp.activation == "relu"
                else grad_hidden * (1.0 - hidden**2)
            )
            w2 -= hp.learning_rate * (hidden.T @ grad + hp.l2 * w2)
            b2 -= hp.learning_rate * grad.sum(axis=0)
            w1 -= hp.learning_rate * (x.T @ grad_pre + hp.l2 * w1)
            b1 -= hp.learning_rate * grad_pre.sum(axis=0)
        _, hidden = forward(features[valid_rows])
        logits = hidden @ w2 + b2
        valid_loss, _ = _softmax_loss(logits, labels[valid_rows])
        accuracy = float((logits.argmax(axis=1) == labels[valid_rows]).mean())
        train_loss = float(np.mean(losses))
        if not np.isfinite(train_loss) or not np.isfinite(valid_loss):
            raise FloatingPointError(
                f"training diverged at epoch {epoch} (learning_rate {hp.learning_rate} is too high)"
            )
        print(
            f"epoch={epoch} train_loss={train_loss:.5f} validation_loss={valid_loss:.5f} "
            f"validation_accuracy={accuracy:.4f}",
            flush=True,
        )
    return {"w1": w1, "b1": b1, "w2": w2, "b2": b2}


def main(argv: Sequence[str] | None = None) -> int:
    """Train, save the model; on an error write ``output/failure`` and return 1."""
    try:
        hp = hyperparameters(sys.argv[1:] if argv is None else argv)
        print(f"hyperparameters: {json.dumps(vars(hp), sort_keys=True)}", flush=True)
        features, labels = load(data_file())
        weights = train(hp, features, labels)
        model_dir = _opt_ml("SM_MODEL_DIR", "/opt/ml/model")
        model_dir.mkdir(parents=True, exist_ok=True)
        np.savez(
            model_dir / "model.npz",
            w1=weights["w1"],
            b1=weights["b1"],
            w2=weights["w2"],
            b2=weights["b2"],
        )
    except Exception as error:
        traceback.print_exc()
        output = _opt_ml("SM_OUTPUT_DIR", "/opt/ml/output")
        output.mkdir(parents=True, exist_ok=True)
        (output / "failure").write_text(f"{type(error).__name__}: {error}", "utf-8")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
