"""Publishing: executed notebooks to offline HTML report pages."""
