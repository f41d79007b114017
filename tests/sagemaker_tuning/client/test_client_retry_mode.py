"""TuningClient.create: botocore's standard retries unless the caller configured a mode.

Checked on every supported botocore: before 1.44 botocore's own default mode is "legacy", and
asking it for the configured mode answers that default when nothing is configured.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from client_samples import REGION

from sagemaker_tuning.client import TuningClient


def test_nothing_configured_means_standard(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("AWS_RETRY_MODE", raising=False)
    made = TuningClient.create(region_name=REGION)
    assert made.boto_client.meta.config.retries["mode"] == "standard"


def test_a_retry_mode_in_the_profile_is_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = tmp_path / "config"
    config.write_text("[profile tuned]\nretry_mode = adaptive\n")
    monkeypatch.setenv("AWS_CONFIG_FILE", str(config))
    monkeypatch.delenv("AWS_RETRY_MODE", raising=False)
    made = TuningClient.create(region_name=REGION, profile_name="tuned")
    assert made.boto_client.meta.config.retries["mode"] == "adaptive"
