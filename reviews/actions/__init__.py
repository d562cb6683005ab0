"""Recommendations and multi-agency action plans."""
