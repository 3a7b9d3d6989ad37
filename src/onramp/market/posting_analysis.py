"""What ingest learns about a posting through the skill-intelligence use cases: the skills it
asks for (`onramp.nlp.service.extract_document`), the occupation its title codes to (the
occupation coder, O*NET first because OEWS wages and projections are by SOC code, then ESCO,
kept only at or above the floor measured for it, as for a worker's past jobs), and the OEWS
area its location means (`onramp.market.areas`)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine

from onramp.errors import InvalidInputError, NotAvailableError, NotFoundError
from onramp.market.areas import STATES, Area, match_areas
from onramp.market.posting_model import RawPosting

_CACHED = 20_000  # titles and places remembered per run; cleared past this, so memory stays flat
_BY_NAME = {name.lower(): abbreviation for abbreviation, name in STATES.items()}


@dataclass(frozen=True, slots=True)
class Coded:
    scheme: str
    code: str
    title: str
    score: float


@dataclass(frozen=True, slots=True)
class Place:
    area_code: str | None
    state: str | None


class PostingAnalyser:
    """Skills, occupation and area for postings, over the current releases."""

    def __init__(self, engine: Engine, *, dense: bool = False) -> None:
        from onramp.market.wage_areas import wage_areas
        from onramp.nlp.extract import Lexicon
        from onramp.taxonomy.catalog import Catalog

        self.engine = engine
        self.dense = dense
        if not Lexicon.from_store(engine).skills:
            raise NotAvailableError(
                "no skills to find in postings: run `onramp data bootstrap` or import a "
                "framework first"
            )
        current = {f.key for f in Catalog(engine).frameworks() if f.is_current and not f.owner}
        self.schemes = [scheme for scheme in ("onet", "esco") if scheme in current]
        try:
            self.areas = [Area(a["code"], a["name"], a["type"]) for a in wage_areas(engine)]
        except NotAvailableError:
            self.areas = []
        self._titles: dict[str, Coded | None] = {}
        self._places: dict[str, Place] = {}

    def skills(self, posting: RawPosting) -> list[dict[str, Any]]:
        """The skills found in the description, one per skill URI. InvalidInputError when the
        text cannot be read as a document (the caller reports the row)."""
        from onramp.nlp.documents import read_document
        from onramp.nlp.service import extract_document

        document = read_document(posting.description, format="text")
        found = extract_document(self.engine, document, "posting", dense=self.dense)
        return [
            {
                "skill_uri": skill.skill.uri[:300],
                "label": skill.skill.label[:300],
                "framework": skill.skill.framework[:40],
                "skill_type": str(skill.skill.skill_type)[:20],
                "confidence": round(float(skill.confidence), 4),
                "section": (skill.section or "other")[:20],
                "hot": skill.skill.hot,
            }
            for skill in found.skills
        ]

    def occupations(self, titles: Sequence[str]) -> list[Coded | None]:
        """The occupation each title codes to, or None below the measured floor."""
        from onramp.nlp.occupations import TitleQuery
        from onramp.nlp.service import MEANING_FLOORS, coder

        missing = sorted({t for t in titles if t not in self._titles})
        if len(self._titles) + len(missing) > _CACHED:
            self._titles.clear()
        answers: dict[str, Coded | None] = dict.fromkeys(missing)
        pending = list(missing)
        for scheme in self.schemes:
            if not pending:
                break
            try:
                ranked = coder(self.engine, scheme)
                found = ranked.code_many([TitleQuery(t, t) for t in pending], 1)
            except (NotFoundError, NotAvailableError, InvalidInputError):
                continue
            floor = MEANING_FLOORS.get(("occupations", scheme, ranked.method), 0.0)
            still = []
            for title, best in zip(pending, found, strict=True):
                if best and best[0].score >= floor:
                    answers[title] = Coded(scheme, best[0].code, best[0].title, best[0].score)
                else:
                    still.append(title)
            pending = still
        self._titles.update(answers)
        return [self._titles.get(t, answers.get(t)) for t in titles]

    def place(self, location: str) -> Place:
        """The OEWS area (when wages are imported) and the state a location names."""
        if location in self._places:
            return self._places[location]
        if len(self._places) > _CACHED:
            self._places.clear()
        found = place_for(location, self.areas)
        self._places[location] = found
        return found


def place_for(location: str, areas: Sequence[Area]) -> Place:
    """The OEWS area among `areas` and the state a location names (postings and, for supply,
    workers' profiles are placed the same way)."""
    area = next(iter(match_areas(location, areas)), None) if location else None
    state = None
    if area is not None and len(area.states) == 1:
        state = next(iter(area.states))
    if state is None:
        state = state_named(location)
    return Place(area.code if area and area.kind != "national" else None, state)


def state_named(location: str) -> str | None:
    """The state a location ends with ("Dayton, OH", "Austin Texas"), if any."""
    words = re.sub(r"[^a-z ]+", " ", location.lower()).split()
    for size in (3, 2, 1):
        tail = " ".join(words[-size:]) if len(words) >= size else ""
        if tail in _BY_NAME:
            return _BY_NAME[tail]
    if words and words[-1].upper() in STATES and (len(words) > 1 or len(location.strip()) == 2):
        return words[-1].upper()
    return None
