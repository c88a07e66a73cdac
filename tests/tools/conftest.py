"""Fixtures of the tool tests: the programme fixtures (scratch root, example workbook)."""

from __future__ import annotations

from tests.sources.programme.conftest import avk_root, example_book

__all__ = ["avk_root", "example_book"]
