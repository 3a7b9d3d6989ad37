"""Spelling correction before search by meaning (issue 12, item 15): the vocabulary is the
taxonomy's own label words."""

from __future__ import annotations

import pytest

from onramp.taxonomy.spelling import Speller

LABELS = [
    "customer service",
    "customer service representative",
    "supervise staff",
    "forklift operator",
    "forklift driver",
    "drive vehicles",
    "registered nurse",
    "register patients",
    "register patients at the front desk",
    "electrician",
    "electrical engineer",
    "security guard",
    "first aid",
    "phlebotomist",
    "receptionist",
    "SQL",
]
SPELLER = Speller.from_labels(LABELS)


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("custmer servise", "customer service"),  # not "customer supervise"
        ("forklift drivr", "forklift driver"),
        ("registerd nurse", "registered nurse"),  # not "register": the typo dropped a letter
        ("electrican", "electrician"),
        ("Securty gaurd", "security guard"),  # a swap of two letters is one edit
        ("frist aid", "first aid"),
        ("flebotomist", "phlebotomist"),  # two edits in a long word
        ("recepshonist", "receptionist"),
    ],
)
def test_typos_become_the_words_the_labels_use(typed: str, meant: str) -> None:
    assert SPELLER.correct(typed).lower() == meant


@pytest.mark.parametrize("typed", ["sql", "SQL", "cpr", "qwxz plorb", "Dayton", "first aid"])
def test_known_short_and_far_words_are_kept(typed: str) -> None:
    assert SPELLER.correct(typed) == typed


def test_spacing_and_punctuation_are_kept() -> None:
    assert SPELLER.correct("custmer servise, 3 yrs!") == "customer service, 3 yrs!"


def test_everyday_words_and_plurals_are_never_corrected() -> None:
    """A small vocabulary ("cage", "script") must not turn "web page scripts" into "web cage
    script": words most readers know, words of the descriptions and plurals stay as typed."""
    speller = Speller.from_labels(["cage cleaning", "script writing"], ["An uber driver."])
    assert speller.correct("writing web page scripts") == "writing web page scripts"
    assert speller.correct("uber") == "uber"
    assert speller.correct("scriptt") == "script"
