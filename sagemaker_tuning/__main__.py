"""``python -m sagemaker_tuning``: the ``sagemaker-tuning`` command."""

from sagemaker_tuning.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
