"""The report: the chapters' helpers, the publishing of pages and the yearly run that drives both.

``chapters`` holds what report and factsheet notebooks call (their context, trend charts, the
programme view, the Verantwoording); ``publishing`` turns executed notebooks into offline HTML
pages, the landing page and the edition's figure table; ``runner`` plans and runs the notebooks
in parallel kernels and publishes ``reports/<jaar>/``. The report may import every layer below
it; inside it, chapters < publishing < runner: a chapter imports no publishing or runner
module, publishing imports no runner module.
"""
