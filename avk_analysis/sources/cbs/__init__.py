"""CBS StatLine ingestion: OData v3 client, table registry, raw downloads, parsing.

Flow: ``download.download_table``/``download.refresh`` store the API's responses verbatim under
``data/raw/cbs/<table>/<date>/`` (``tools/demo_snapshot.py`` writes the same layout with
synthetic figures under ``data/raw/snapshot/cbs/``); ``parse.parse_table_dir``/``parse.load_all``
turn those directories into the tidy indicator table. Column keys and category keys are resolved
at run time from the table metadata (``metadata``) using the measure stems declared in ``tables``.
"""
