"""Pipeline: the build from ``data/raw/`` to ``data/processed/``, the only writer of the latter.

``build`` runs every source into the one tidy indicator table; its steps live beside it:
``harmonise`` (current gemeenten, regional aggregates), ``references`` (figures quoted by others,
kept apart), ``programme_tables`` and ``disclosure`` (the programme's published tables, small
counts protected), ``processed`` (the files of ``data/processed/`` and their integrity record)
and ``code_fingerprint`` (which package files shape that data). A pipeline module may import the
vocabulary, the sources and other pipeline modules; never the loader, indicators, presentation
or the report. (The folder is not called ``build/``: tools skip folders of that name as output.)
"""
