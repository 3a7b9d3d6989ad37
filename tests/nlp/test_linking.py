"""Skill linking and the link-batch input contract, on hand-made vectors (no model needed)."""

from __future__ import annotations

import json

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from onramp.errors import InvalidInputError
from onramp.nlp.batch import MAX_TEXT, Item, output_line, parse_lines
from onramp.nlp.lexical import LabelContainment
from onramp.nlp.linking import Linker, Weights
from onramp.nlp.vectors import KINDS, SkillMatrix
from onramp.taxonomy.model import Framework

FRAMEWORK = Framework("esco", "test", "ESCO", "", "", "", "", id=1)


def _unit(values: list[float]) -> list[float]:
    vector = np.asarray(values, dtype=np.float32)
    return list(vector / np.linalg.norm(vector))


def _matrix(rows: list[tuple[int, str, list[float]]], size: int) -> SkillMatrix:
    """rows: (skill position, kind, vector), grouped by skill in order."""
    return SkillMatrix(
        framework=FRAMEWORK,
        model="test",
        codes=[f"s{n}" for n in range(size)],
        uris=[f"urn:test:s{n}" for n in range(size)],
        labels=[f"skill {n}" for n in range(size)],
        vectors=np.asarray([_unit(v) for _, _, v in rows], dtype=np.float32),
        skill_of=np.asarray([s for s, _, _ in rows], dtype=np.int64),
        kinds=np.asarray([KINDS.index(k) for _, k, _ in rows], dtype=np.int8),
        texts=[f"text {n}" for n in range(len(rows))],
    )


AXES = {"x": [1.0, 0.0, 0.0], "y": [0.0, 1.0, 0.0], "z": [0.0, 0.0, 1.0]}


def _encode(texts: list[str]) -> np.ndarray:
    return np.asarray([_unit(AXES[t]) for t in texts], dtype=np.float32)


MATRIX = _matrix(
    [
        (0, "alternative", [0.0, 1.0, 0.0]),
        (0, "preferred", [1.0, 0.0, 0.0]),
        (1, "description", [0.0, 0.0, 1.0]),
        (1, "preferred", [0.0, 0.8, 0.6]),
        (2, "preferred", [0.0, 0.0, 1.0]),
    ],
    3,
)


def test_max_over_labels_finds_a_skill_by_its_alternative_label() -> None:
    linker = Linker(MATRIX, encode=_encode)
    [links] = linker.rank(["y"], top=3)
    assert [link.code for link in links] == ["s0", "s1", "s2"]
    assert links[0].score == pytest.approx(1.0)
    assert links[1].score == pytest.approx(0.8)
    assert links[0].uri == "urn:test:s0" and links[0].label == "skill 0"


def test_description_weight_adds_the_description_similarity() -> None:
    plain = Linker(MATRIX, encode=_encode).rank(["z"], top=3)[0]
    assert [link.code for link in plain] == ["s2", "s1", "s0"]
    described = Linker(MATRIX, encode=_encode, weights=Weights(description=0.5))
    links = described.rank(["z"], top=3)[0]
    assert [link.code for link in links] == ["s1", "s2", "s0"]
    assert links[0].score == pytest.approx(0.6 + 0.5)


def test_top_is_capped_by_the_number_of_skills_and_must_be_positive() -> None:
    linker = Linker(MATRIX, encode=_encode)
    assert len(linker.rank(["x"], top=100)[0]) == 3
    assert len(linker.rank(["x"], top=1)[0]) == 1
    with pytest.raises(ValueError):
        linker.rank(["x"], top=0)


def test_every_skill_needs_a_label_vector() -> None:
    broken = _matrix([(0, "preferred", [1.0, 0, 0]), (1, "description", [0, 1.0, 0])], 2)
    with pytest.raises(ValueError, match="label vector"):
        Linker(broken, encode=_encode)


@settings(max_examples=60, deadline=None)
@given(
    skills=st.lists(
        st.lists(
            st.lists(st.floats(-1, 1, allow_nan=False), min_size=3, max_size=3).filter(
                lambda v: float(np.linalg.norm(v)) > 1e-3
            ),
            min_size=1,
            max_size=3,
        ),
        min_size=1,
        max_size=12,
    ),
    query=st.sampled_from(sorted(AXES)),
    top=st.integers(1, 15),
    batch=st.integers(1, 4),
)
def test_scores_are_best_first_and_equal_the_best_label_cosine(
    skills: list[list[list[float]]], query: str, top: int, batch: int
) -> None:
    rows = [
        (n, "preferred" if i == 0 else "alternative", v)
        for n, vectors in enumerate(skills)
        for i, v in enumerate(vectors)
    ]
    linker = Linker(_matrix(rows, len(skills)), encode=_encode)
    results = list(linker.rank_batches([query] * 3, top=top, batch=batch))
    assert [position for position, _ in results] == [0, 1, 2]
    links = results[0][1]
    assert len(links) == min(top, len(skills))
    scores = [link.score for link in links]
    assert scores == sorted(scores, reverse=True)
    q = np.asarray(_unit(AXES[query]))
    expected = {
        f"s{n}": max(float(q @ np.asarray(_unit(v))) for v in vectors)
        for n, vectors in enumerate(skills)
    }
    for link in links:
        assert link.score == pytest.approx(expected[link.code], abs=1e-5)
    # nothing left out scores higher than the last one kept
    kept = {link.code for link in links}
    assert all(expected[c] <= scores[-1] + 1e-5 for c in expected if c not in kept)


# -- the input contract -----------------------------------------------------------------------
def test_parse_lines_reads_items_and_skips_blank_lines() -> None:
    lines = ['{"id": "a", "text": "Java"}\n', "\n", '{"id": "b", "text": "cook", "x": 1}\n']
    assert parse_lines(lines) == [Item("a", "Java"), Item("b", "cook")]


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("{not json", "not valid JSON"),
        ('["a", "b"]', "expected an object"),
        ('{"text": "x"}', "'id' must be a non-empty string"),
        ('{"id": 3, "text": "x"}', "'id' must be a non-empty string"),
        ('{"id": "a"}', "'text' must be a non-empty string"),
        ('{"id": "a", "text": "   "}', "'text' must be a non-empty string"),
        (json.dumps({"id": "a", "text": "x" * (MAX_TEXT + 1)}), "longer than"),
    ],
)
def test_bad_lines_are_named(line: str, message: str) -> None:
    lines = ['{"id": "ok", "text": "fine"}', "", line]
    with pytest.raises(InvalidInputError, match=f"in.jsonl, line 3: .*{message}"):
        parse_lines(lines, "in.jsonl")


def test_duplicate_ids_are_refused() -> None:
    with pytest.raises(InvalidInputError, match="line 2: the id 'a' appears twice"):
        parse_lines(['{"id": "a", "text": "x"}', '{"id": "a", "text": "y"}'])


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.tuples(st.text(min_size=1, max_size=20), st.text(max_size=40)),
        max_size=8,
        unique_by=lambda pair: pair[0],
    )
)
def test_parser_round_trips_or_names_the_line(pairs: list[tuple[str, str]]) -> None:
    lines = [json.dumps({"id": i, "text": t}) for i, t in pairs]
    bad = [n for n, (_, t) in enumerate(pairs, 1) if not t.strip()]
    if bad:
        with pytest.raises(InvalidInputError, match=f"line {bad[0]}:"):
            parse_lines(lines)
    else:
        assert parse_lines(lines) == [Item(i, t) for i, t in pairs]


@given(st.text(min_size=1), st.floats(-1, 2, allow_nan=False))
def test_output_line_is_one_json_line(identifier: str, score: float) -> None:
    line = output_line(identifier, [{"uri": "u", "label": "l", "score": score}])
    assert line.endswith("\n") and "\n" not in line[:-1]
    assert json.loads(line) == {
        "id": identifier,
        "skills": [{"uri": "u", "label": "l", "score": score}],
    }


def test_lexical_weight_adds_containment_raised_to_its_power() -> None:
    # skill 0 "data analysis", skill 1 "analysis" (alternative "statistics"), skill 2 "cook"
    lexical = LabelContainment(
        [0, 1, 1, 2], ["data analysis", "analysis", "statistics", "cook"], [True, True, False, True]
    )
    weights = Weights(lexical=0.5, lexical_power=2.0)
    linker = Linker(
        MATRIX, encode=lambda texts: _encode(["x"] * len(texts)), weights=weights, lexical=lexical
    )
    row = linker.scores_for(["we need analysis of statistics"])[0]
    dense = linker.scores(_encode(["x"]))[0]
    contained = lexical.scores(["we need analysis of statistics"])[0]
    assert contained[1] == pytest.approx(1.0) and contained[2] == 0.0
    assert 0.0 < contained[0] < 1.0  # "analysis" is only part of "data analysis"
    assert row == pytest.approx(dense + 0.5 * contained**2)
    with pytest.raises(ValueError, match="lexical scorer"):
        Linker(MATRIX, encode=_encode, weights=Weights(lexical=0.5))
    other = LabelContainment([0, 1], ["a", "b"], [True, True])
    with pytest.raises(ValueError, match="other skills"):
        Linker(MATRIX, encode=_encode, weights=weights, lexical=other).scores_for(["x"])
