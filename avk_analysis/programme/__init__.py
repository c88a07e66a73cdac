"""Programme data of the Alliantie van Kracht: one Excel workbook per programme year.

- ``contract``: sheets, columns, vocabularies (single source for template, checks, dictionary)
- ``template.write_template``: the empty workbook with drop-down lists and instructions
- ``validate.validate_file``: all problems of a workbook as findings (for the CLI)
- ``load.load_workbook``: the checked data (internal; includes free text)
- ``published``: the publishable, disclosure-controlled tables for notebooks and reports
- ``example``: seeded example workbook (``python -m avk_analysis.programme.example``)
"""
