"""Extraction does work in proportion to the document (issue 11, item 10): merging evidence,
looking up sections and roles, proficiency cues and the dense proposals used to compare every
match or unit with every other one, so a long document of repeated sentences ran for minutes.

No timing: the work is counted as the lines of Python the extractor runs, which grow about
four times when the document grows four times (they grew sixteen times before). Merging is
also checked not to depend on the order the matches come in.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from types import FrameType
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

import onramp.nlp
from onramp.nlp.documents import read_document
from onramp.nlp.extract import Extractor, Match
from onramp.nlp.sections import detect_sections, sentences

sys.path.insert(0, str(Path(__file__).resolve().parent))
from test_extract import SKILLS, lexicon  # noqa: E402

PACKAGE = str(Path(onramp.nlp.__file__).parent)


class _NoDense:
    """A dense linker that finds nothing: the proposals are still made and counted."""

    def rank(self, texts: list[str], *, top: int) -> list[list[tuple[str, str, float]]]:
        return [[] for _ in texts]


def lines_run(work: Callable[[], Any]) -> int:
    """How many lines of onramp.nlp code `work` runs."""
    count = 0

    def trace(frame: FrameType, event: str, _arg: Any) -> Any:
        nonlocal count
        if not frame.f_code.co_filename.startswith(PACKAGE):
            return None
        if event == "line":
            count += 1
        return trace

    sys.settrace(trace)
    try:
        work()
    finally:
        sys.settrace(None)
    return count


def growth(make_text: Callable[[int], str], size: int) -> float:
    extractor = Extractor(lexicon(), _NoDense())
    small, large = (
        lines_run(lambda n=n: extractor.extract_bytes(make_text(n), "posting", format="text"))
        for n in (size, 4 * size)
    )
    return large / small


def test_one_long_sentence_of_repeated_skills_costs_its_length() -> None:
    # one skill found over and over in one sentence, each time after a proficiency cue
    ratio = growth(lambda n: "Requirements\n" + "strong Python, " * n + "and SQL.", 300)
    assert ratio < 5, ratio


def test_many_sentences_cost_their_number() -> None:
    line = "Requirements: strong Python, SQL and customer service; lead a team.\n"
    ratio = growth(lambda n: line * n, 150)
    assert ratio < 5, ratio


POSTING = (
    "Requirements\n- Strong Python and SQL; performance testing.\n"
    "Nice to have\n- customer service, lead a team\n"
)
KINDS = ["preferred", "alternative", "hidden", "name", "word", "near", "dense"]


@st.composite
def matches(draw: st.DrawFn) -> list[Match]:
    found = []
    for _ in range(draw(st.integers(0, 25))):
        start = draw(st.integers(0, len(POSTING) - 1))
        end = draw(st.integers(start + 1, min(len(POSTING), start + 12)))
        uri = draw(st.sampled_from([uri for uri, *_ in SKILLS]))
        kind = draw(st.sampled_from(KINDS))
        score = draw(st.floats(0.6, 1.0)) if kind == "dense" else None
        found.append(Match(start, end, uri, kind, draw(st.integers(1, 3)), score))
    return found


@given(matches(), st.randoms(use_true_random=False))
@settings(max_examples=300, deadline=None)
def test_merging_does_not_depend_on_the_order_of_matches(found: list[Match], rng: Any) -> None:
    extractor = Extractor(lexicon())
    document = read_document(POSTING, format="text")
    found_sections = detect_sections(document, "posting")
    spans = sentences(document)

    def merged(order: list[Match]) -> list[dict[str, Any]]:
        skills = extractor._merge(document, "posting", found_sections, spans, order)
        return [item.to_dict() for item in skills]

    shuffled = list(found)
    rng.shuffle(shuffled)
    assert merged(shuffled) == merged(found)
    for item in merged(found):  # one piece of evidence per span and skill
        spans_seen = [tuple(e["span"]) for e in item["evidence"]]
        assert len(spans_seen) == len(set(spans_seen))
