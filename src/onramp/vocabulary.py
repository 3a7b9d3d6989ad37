"""Vocabularies that carry their plain sentence.

A member of a `LabeledEnum` is a string (what is stored and sent over the API) and has a
`label`: the sentence a person reads, at grade 8 or below. Keeping the two together means no
edge can show a code without its words, and a test checks that every member of every
vocabulary has one.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any, TypeVar


class LabeledEnum(StrEnum):
    """A string enum whose members are declared as `NAME = "value", "Plain sentence."`."""

    label: str

    def __new__(cls, value: str, label: str = "") -> Any:
        member = str.__new__(cls, value)
        member._value_ = value
        member.label = label
        return member


_OFFICIAL: set[type[LabeledEnum]] = set()
E = TypeVar("E", bound=type[LabeledEnum])


def official_terms(vocabulary: E) -> E:
    """Mark a vocabulary whose labels are the names an official form uses (the race and
    ethnicity categories of the federal standard, school levels): they are shown exactly as
    the form words them, so the reading-grade check does not apply; they still need a label."""
    _OFFICIAL.add(vocabulary)
    return vocabulary


def is_official(vocabulary: type[LabeledEnum]) -> bool:
    return vocabulary in _OFFICIAL


def vocabularies() -> list[type[LabeledEnum]]:
    """Every LabeledEnum subclass defined so far (import the packages first)."""
    found: list[type[LabeledEnum]] = []
    pending: list[type[LabeledEnum]] = list(LabeledEnum.__subclasses__())
    while pending:
        kind = pending.pop()
        found.append(kind)
        pending.extend(kind.__subclasses__())
    return found
