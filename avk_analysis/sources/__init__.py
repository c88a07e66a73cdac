"""Sources: the readers of raw inputs, each turning one kind of file under ``data/raw/`` into rows.

CBS StatLine tables (``cbs``), PDOK boundaries (``pdok``, ``boundaries``), the planning offices'
deliveries (``planning``), the programme workbooks (``programme``) and the CBS microdata exports
with their Remote Access kit (``microdata``). Sources read raw files and download into
``data/raw/``; they never read ``data/processed/`` nor write it. A source module may import the
vocabulary and other sources, nothing from the build, the loader, indicators, presentation or
the report.
"""
