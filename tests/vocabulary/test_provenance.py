"""Provenance sidecars and immutability checks."""

from __future__ import annotations

import pytest

from avk_analysis.vocabulary import provenance as pv


def _prov(status: str = pv.STATUS_REAL) -> pv.Provenance:
    return pv.Provenance(
        source="CBS",
        title="t",
        url="https://example.invalid",
        retrieved="2026-01-01T00:00:00Z",
        licence=pv.CBS_LICENCE,
        status=status,
    )


def test_roundtrip_and_verify(tmp_path) -> None:
    (tmp_path / "a.json").write_text("{}")
    pv.write_provenance(tmp_path, _prov())
    back = pv.verify(tmp_path)
    assert back.files == {"a.json": pv.sha256_file(tmp_path / "a.json")}
    assert back.status == "echt"


def test_changed_file_is_detected(tmp_path) -> None:
    (tmp_path / "a.json").write_text("{}")
    pv.write_provenance(tmp_path, _prov())
    (tmp_path / "a.json").write_text('{"x": 1}')
    with pytest.raises(pv.ProvenanceError, match="checksum"):
        pv.verify(tmp_path)


def test_missing_sidecar_and_bad_status(tmp_path) -> None:
    with pytest.raises(pv.ProvenanceError, match="ontbreekt"):
        pv.read_provenance(tmp_path)
    with pytest.raises(ValueError, match="status"):
        pv.write_provenance(tmp_path, _prov(status="fake"))


def test_reference_data_sidecar_is_valid() -> None:
    from avk_analysis.vocabulary import paths

    prov = pv.verify(paths.reference_dir())
    assert "gemeenten.csv" in prov.files and "herindelingen.csv" in prov.files
