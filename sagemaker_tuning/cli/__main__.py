"""``python -m sagemaker_tuning.cli``: the ``sagemaker-tuning`` command."""

from sagemaker_tuning.cli.app import main

raise SystemExit(main())
