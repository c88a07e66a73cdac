"""Programme data of the Alliantie van Kracht: one Excel workbook per programme year.

- ``contract``: sheets, columns, vocabularies (single source for template, checks, dictionary)
- ``template.write_template``: the empty workbook with drop-down lists and instructions
- ``validate.validate_file``: all problems of a workbook as findings (for the CLI)
- ``workbook.load_workbook``: the checked data (internal; includes free text)

This package only reads and checks workbooks. The build turns them into disclosure-controlled
tables (``avk_analysis.pipeline.programme_tables``) in ``data/processed/programma/``; notebooks and
reports read those through ``avk_analysis.load.programma``.

The seeded example workbook is written by ``python -m tools.example_workbook`` (not runtime).
"""
