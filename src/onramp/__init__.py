"""Onramp: skills-first hiring and career advancement on verifiable learning and work records."""

__version__ = "0.1.0"
