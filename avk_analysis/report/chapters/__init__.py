"""Chapters: the helpers report and factsheet notebooks call, one module per part of a page.

``context`` (what every notebook starts with), ``at_a_glance`` ('In het kort'), ``trends``,
``who_is_poor``, ``microdata_view``, ``programme_view``, ``wijken`` and ``verantwoording``
(the appendix). A chapter module may import the vocabulary, sources' constants, the build's
record, the loader, indicators, presentation and other chapters; never publishing or the runner.
"""
