"""Developer tools that write the bundled raw data; not part of the runtime package.

Run them from the project root, e.g. ``.venv/bin/python -m tools.demo_snapshot``:

- ``demo_snapshot``: the offline CBS snapshot with synthetic figures (``data/raw/snapshot/``)
- ``example_workbook``: the seeded example programme workbook (``data/raw/programma/voorbeeld/``)
- ``convert_published``: published figures → planning-office delivery (``data/raw/planbureaus/``)
- ``bench``: the benchmark of the yearly run and of a 250-page family (``make bench``)

The package ``avk_analysis`` never imports from here.
"""
