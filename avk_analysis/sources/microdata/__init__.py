"""Generational poverty from CBS microdata: the Remote Access kit and the export it delivers."""
