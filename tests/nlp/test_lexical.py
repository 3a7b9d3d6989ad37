"""Lexical containment: the share of a skill's best label that a text contains."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from onramp.nlp.lexical import ALTERNATIVE_FACTOR, LabelContainment, label_words

SKILLS = LabelContainment(
    owners=[0, 0, 1, 2, 2],
    labels=["JavaScript", "ECMAScript", "Java (computer programming)", "cook meat", "roast meat"],
    preferred=[True, False, True, True, False],
)


def test_whole_labels_score_one_and_qualifiers_are_left_out() -> None:
    rows = SKILLS.scores(["javascript reactjs java", "ECMAScript only", "we roast meat daily"])
    assert rows.shape == (3, 3) and rows.dtype == np.float32
    assert rows[0][0] == pytest.approx(1.0) and rows[0][1] == pytest.approx(1.0)
    assert rows[1][0] == pytest.approx(ALTERNATIVE_FACTOR)  # alternative labels count a bit less
    assert rows[2][2] == pytest.approx(ALTERNATIVE_FACTOR)
    assert 0 < SKILLS.scores(["meat"])[0][2] < ALTERNATIVE_FACTOR  # part of a label
    assert label_words("Java (computer programming)") == ["java"]


def test_rarer_words_carry_more_of_a_label() -> None:
    skills = LabelContainment(
        [0, 1, 2, 3], ["manage staff", "manage budgets", "manage risks", "train staff"], [True] * 4
    )
    staff, manage = skills.scores(["staff", "manage"])
    assert staff[0] > manage[0]  # "manage" is in three labels, "staff" in two


def test_labels_must_be_grouped_by_owner_without_gaps() -> None:
    with pytest.raises(ValueError, match="grouped"):
        LabelContainment([0, 2], ["a", "b"], [True, True])
    with pytest.raises(ValueError, match="grouped"):
        LabelContainment([1, 0], ["a", "b"], [True, True])
    with pytest.raises(ValueError, match="one owner"):
        LabelContainment([0], ["a", "b"], [True])
    assert LabelContainment([], [], []).scores(["anything"]).shape == (1, 0)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(max_size=60), min_size=1, max_size=8))
def test_scores_stay_between_zero_and_one(texts: list[str]) -> None:
    rows = SKILLS.scores(texts)
    assert rows.shape == (len(texts), 3)
    assert np.all(rows >= 0.0) and np.all(rows <= 1.0 + 1e-6)
