"""Presentation: what a reader sees of the figures, in words, numbers, charts and maps.

``formatting`` (Dutch numbers, CBS symbols, suppression labels, HTML escaping), ``narrative``
(the sentences and display tables), ``charts`` (house style, matplotlib/seaborn) and ``maps``
(choropleths of gemeenten and wijken). Presentation may import the vocabulary, the loader
(``avk_analysis.load``), the indicators and the build's record of ``data/processed/``; it never
imports the report, nor a source to read raw data.
"""
