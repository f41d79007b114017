"""The demo's training script, runnable by hand: ``python examples/train_digits.py --learning_rate 0.3``.

The script itself lives in the package (``sagemaker_tuning/examples/train_digits.py``) so that
an installed ``sagemaker-tuning demo`` finds it; this file runs it. Copy that file into your
training image's source directory to run it on SageMaker: it needs only numpy.
"""

import runpy

runpy.run_module("sagemaker_tuning.examples.train_digits", run_name="__main__", alter_sys=True)
