"""Faults of the machine in Dutch: a full disk, too little memory, file rights."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from avk_analysis.vocabulary import faults


@pytest.mark.parametrize(
    "error",
    [
        OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), "reports/2025/rapport.html"),
        OSError(errno.EDQUOT, os.strerror(errno.EDQUOT)),
        OSError("[Errno 28] Error writing bytes to file. Detail: No space left on device"),
        RuntimeError("Kernel died: OSError: [Errno 28] No space left on device"),
    ],
)
def test_a_full_disk_is_called_a_full_disk_in_dutch(error: BaseException) -> None:
    text = faults.describe(error)
    assert faults.is_disk_full(error)
    assert ("schijf is vol" in text or "schijfquotum" in text) and "No space" not in text


def test_running_out_of_memory_is_called_so() -> None:
    assert "werkgeheugen" in faults.describe(MemoryError())
    assert faults.describe_output("MemoryError", "") == faults.MEMORY
    assert (
        faults.describe_output("OSError", "[Errno 28] No space left on device") == faults.DISK_FULL
    )
    assert faults.describe_output("KeyError", "'GM9999'") == "KeyError: 'GM9999'"


def test_an_unknown_errno_is_named_without_english_text() -> None:
    text = faults.describe(OSError(errno.ELOOP, os.strerror(errno.ELOOP), "data/raw/x"))
    assert "ELOOP" in text and os.strerror(errno.ELOOP) not in text and "data/raw/x" in text


def test_low_space_names_the_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert (
        faults.low_space([tmp_path]) == "" or faults.free_bytes(tmp_path) < faults.LOW_SPACE_BYTES
    )
    monkeypatch.setattr(faults, "free_bytes", lambda _p: 3 * 1024 * 1024)
    assert faults.low_space([tmp_path / "nog" / "niet"]).startswith(
        "de schijf is (bijna) vol: nog 3 MB vrij bij"
    )
