"""Vocabulary: the words, places and rules every layer shares; it holds no figures of its own.

Here live the regions and wijken of the monitor, the CBS symbols, Dutch numbers, the indicator
catalogue and the data files shipped in ``avk_analysis/data/``, the validation findings every
input check reports, provenance sidecars, the disclosure rule, the schema of the one tidy
indicator table, personal-data checks, machine faults, run-time settings, project paths and
phase timers. A vocabulary module imports only other vocabulary modules (and libraries):
every layer below may import it, it imports no layer.
"""
