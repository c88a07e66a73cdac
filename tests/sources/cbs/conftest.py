"""Fixtures of the CBS tests: a fake CBS host on 127.0.0.1 and a scratch project root."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from avk_analysis.sources.cbs.client import CbsClient
from avk_analysis.vocabulary import config, paths

from .fakecbs import FakeCbs


@pytest.fixture
def fake_cbs(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeCbs]:
    """Serve canned CBS answers locally and point AVK_CBS_BASE_URL at them."""
    fake = FakeCbs().start()
    monkeypatch.setenv(config.CBS_BASE_URL_ENV, fake.base_url)
    try:
        yield fake
    finally:
        fake.stop()


@pytest.fixture
def client(fake_cbs: FakeCbs) -> CbsClient:
    """A client for the fake host with quick retries (no backoff) and short timeouts."""
    return CbsClient(connect_timeout=2.0, read_timeout=2.0, retries=2, backoff=0.0)


@pytest.fixture
def avk_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A scratch project root (AVK_ROOT) with the reference data copied in."""
    root = tmp_path / "root"
    source = paths.reference_dir()
    shutil.copytree(source, root / "data" / "raw" / "reference")
    monkeypatch.setenv("AVK_ROOT", str(root))
    monkeypatch.delenv(config.OFFLINE_ENV, raising=False)
    return root
