"""Fixtures of the build tests: the programme workbooks the source tests also use."""

from tests.sources.programme.conftest import example_book, example_data

__all__ = ["example_book", "example_data"]
