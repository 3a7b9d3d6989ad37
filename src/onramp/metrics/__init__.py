"""Metrics and equity (C9), issue 18."""
