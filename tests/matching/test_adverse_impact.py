"""The adverse-impact audit's arithmetic, suppression and plain notes."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy.stats import fisher_exact

from onramp.matching.adverse_impact import audit_ranking


def _ranking(pattern: str) -> tuple[list[str], dict[str, str | None]]:
    """'AABx' -> ids c0.. with groups A, A, B and undeclared (x)."""
    ids = [f"c{i}" for i in range(len(pattern))]
    groups: dict[str, str | None] = {
        i: (None if p == "x" else p) for i, p in zip(ids, pattern, strict=True)
    }
    return ids, groups


def test_four_fifths_and_fisher_on_a_known_table() -> None:
    # top 10: 8 of group A's 10, 2 of group B's 10
    ids, groups = _ranking("AAAAAAAABB" + "AABBBBBBBB")
    result = audit_ranking(ids, 10, groups)
    by = {g.group: g for g in result.groups}
    assert result.reference == "A"
    assert by["A"].rate == pytest.approx(0.8) and by["B"].rate == pytest.approx(0.2)
    assert by["B"].impact_ratio == pytest.approx(0.25)
    assert by["B"].flagged and not by["A"].flagged
    assert by["B"].p_value == pytest.approx(fisher_exact([[2, 8], [8, 2]]).pvalue)
    assert result.lowest_ratio == pytest.approx(0.25)


def test_small_groups_are_suppressed_and_undeclared_left_out() -> None:
    ids, groups = _ranking("AAAAABBBBBCCxx")
    result = audit_ranking(ids, 6, groups)
    assert [g.group for g in result.groups] == ["A", "B"]
    assert result.suppressed == 1 and result.undeclared == 2
    assert "C" not in str(result.contract())
    assert any("fewer than 5" in n for n in result.notes)


def test_one_group_says_nothing_can_be_said() -> None:
    ids, groups = _ranking("AAAAAA")
    result = audit_ranking(ids, 3, groups)
    assert result.lowest_ratio is None
    assert any("not enough people" in n for n in result.notes)


def test_bad_input_is_refused() -> None:
    with pytest.raises(ValueError):
        audit_ranking(["a", "a"], 1, {})
    with pytest.raises(ValueError):
        audit_ranking(["a"], 0, {})


@given(st.text(alphabet="ABx", min_size=1, max_size=60), st.integers(1, 60))
def test_ratios_are_between_zero_and_one(pattern: str, k: int) -> None:
    ids, groups = _ranking(pattern)
    result = audit_ranking(ids, k, groups, min_group=1)
    for g in result.groups:
        assert 0 <= g.rate <= 1
        assert g.impact_ratio is None or 0 <= g.impact_ratio <= 1
        assert g.p_value is None or 0 <= g.p_value <= 1
    assert sum(g.selected for g in result.groups) <= min(k, len(ids))
