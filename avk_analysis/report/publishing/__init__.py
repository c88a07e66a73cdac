"""Publishing: executed notebooks to self-contained, offline HTML pages, and the edition around.

``publish`` (notebook to page, the nbconvert template in ``templates/``, PDFs), ``landing``
(the index page), ``edition_figures`` (every figure of an edition in one CSV) and
``consistency`` (one fact, one value across pages and CSV). Publishing may import every layer
below the report and the chapters; it never imports the runner.
"""
