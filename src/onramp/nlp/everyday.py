"""Everyday queries: what people type into the search pages, and what they should find.

Each query in the set (JSONL, one object a line) names what it searches (`occupations` or
`skills`), the text as typed (typos included), a split (`calibrate` or `report`) and the codes
that count as a right answer per scheme (`onet`, `esco`). A query with no expected codes is
nonsense: nothing should be listed as close in meaning to it.

A query *hits* a scheme the store holds when one of its expected codes of that scheme is among
the first 5 word matches, or among the first 5 close-in-meaning results of that scheme (the
search page shows both); rates count query and scheme pairs. `evaluate` runs the same use
cases as the pages (`Catalog.search_*` and `service.by_meaning`); `calibrate_floor` picks the
lowest meaning score still worth showing.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from onramp.errors import InvalidInputError, NotAvailableError, NotFoundError

TOP = 5
WHAT = ("occupations", "skills")
SPLITS = ("calibrate", "report")
KEPT_SHARE = 0.95  # the floor keeps at least this share of the calibration split's right answers
JUNK_MARGIN = 0.01  # the floor sits this far above the best score of a nonsense query


@dataclass(frozen=True, slots=True)
class EverydayQuery:
    id: str
    what: str
    query: str
    split: str
    expected: dict[str, tuple[str, ...]]

    @property
    def nonsense(self) -> bool:
        return not any(self.expected.values())


@dataclass(slots=True)
class QueryOutcome:
    query: EverydayQuery
    words: list[str]  # codes of the first word matches
    meaning: list[tuple[str, str, float]]  # (scheme, code, score), as ranked, before any floor
    shown: list[tuple[str, str, float]]  # what the page lists (above the floor)
    expected: dict[str, set[str]] = field(default_factory=dict)  # schemes the store holds

    def word_hit(self, scheme: str) -> bool:
        return bool(self.expected[scheme] & set(self.words[:TOP]))

    def meaning_hit(self, scheme: str) -> bool:
        listed = [code for s, code, _score in self.shown if s == scheme][:TOP]
        return bool(self.expected[scheme] & set(listed))

    def hit(self, scheme: str) -> bool:
        return self.word_hit(scheme) or self.meaning_hit(scheme)


def read_queries(path: Path) -> list[EverydayQuery]:
    """The query set; a malformed line is named by its number."""
    queries = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
            query = EverydayQuery(
                str(item["id"]),
                str(item["what"]),
                str(item["query"]),
                str(item["split"]),
                {k: tuple(v) for k, v in dict(item.get("expected", {})).items()},
            )
        except (ValueError, KeyError, TypeError) as error:
            raise InvalidInputError(f"{path}:{number}: not an everyday query ({error})") from error
        if query.what not in WHAT or query.split not in SPLITS:
            raise InvalidInputError(f"{path}:{number}: what must be one of {WHAT}, split {SPLITS}")
        queries.append(query)
    return queries


def evaluate(engine: Engine, queries: Sequence[EverydayQuery]) -> list[QueryOutcome]:
    """Run every query through the search pages' use cases."""
    from onramp.nlp.service import by_meaning_scored
    from onramp.taxonomy.catalog import Catalog

    catalog = Catalog(engine)
    present = {f.key for f in catalog.frameworks() if f.is_current}
    outcomes = []
    for query in queries:
        if query.what == "occupations":
            hits = catalog.search_occupations(query.query, limit=TOP)
        else:
            hits = catalog.search_skills(query.query, limit=TOP)
        try:
            listed, shown = by_meaning_scored(engine, query.query, query.what)
        except (NotAvailableError, NotFoundError):
            listed, shown = [], []
        expected = {
            scheme: set(codes)
            for scheme, codes in query.expected.items()
            if scheme in present and codes
        }
        outcomes.append(
            QueryOutcome(
                query,
                [hit.key for hit in hits],
                [(h.framework, h.code, h.score) for h in listed],
                [(h.framework, h.code, h.score) for h in shown],
                expected,
            )
        )
    return outcomes


def rates(outcomes: Sequence[QueryOutcome], split: str | None = None) -> dict[str, Any]:
    """Hit rates (percent) over the query and scheme pairs this store can answer, and the
    share of nonsense queries that list nothing close in meaning."""
    chosen = [o for o in outcomes if split is None or o.query.split == split]
    pairs = [(o, scheme) for o in chosen for scheme in sorted(o.expected)]
    nonsense = [o for o in chosen if o.query.nonsense]

    def percent(count: int, total: int) -> float:
        return round(100 * count / total, 1) if total else 0.0

    return {
        "split": split or "all",
        "pairs": len(pairs),
        "hit@5": percent(sum(o.hit(s) for o, s in pairs), len(pairs)),
        "words@5": percent(sum(o.word_hit(s) for o, s in pairs), len(pairs)),
        "meaning@5": percent(sum(o.meaning_hit(s) for o, s in pairs), len(pairs)),
        "nonsense": len(nonsense),
        "nonsense_quiet": percent(sum(not o.shown for o in nonsense), len(nonsense)),
        "misses": [f"{o.query.query} ({s})" for o, s in pairs if not o.hit(s)],
    }


def calibrate_floor(outcomes: Sequence[QueryOutcome], what: str, scheme: str) -> float | None:
    """The lowest meaning score worth listing, learnt from the calibration split: just above
    the best score any nonsense query reached, but never above the score that keeps
    `KEPT_SHARE` of the right answers (None when there is nothing to learn from)."""
    chosen = [o for o in outcomes if o.query.split == "calibrate" and o.query.what == what]
    right = sorted(
        score
        for o in chosen
        for s, code, score in o.meaning
        if s == scheme and code in o.expected.get(scheme, set())
    )
    if not right:
        return None
    keeps = right[int((1 - KEPT_SHARE) * len(right))]
    junk = [score for o in chosen if o.query.nonsense for s, _c, score in o.meaning if s == scheme]
    return round(min(keeps, max(junk) + JUNK_MARGIN) if junk else keeps, 3)
