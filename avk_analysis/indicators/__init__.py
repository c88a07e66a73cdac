"""Indicators of the monitor, computed from the tidy table."""
