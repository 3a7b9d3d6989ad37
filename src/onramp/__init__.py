"""Onramp: skills-first hiring and career advancement on verifiable Learning and Employment Records."""

__version__ = "0.1.0"
