"""What ingest learns about a posting through the skill-intelligence use cases: the skills it
asks for (`onramp.nlp.service.extract_document`), the occupation its title codes to (the
occupation coder, O*NET first because OEWS wages and projections are by SOC code, then ESCO,
kept only at or above the floor measured for it, as for a worker's past jobs), and the OEWS
area its location means (`onramp.market.areas`).

`PostingAnalyser` reads the current releases from the store as it goes (the in-process
engine). `ShippedAnalyser` is the same analysis detached from the store: the lexicon, the
lexical title coders and the areas in one picklable value, built once from the store and
sent to the executors of a Spark job (`onramp.market.spark_ingest`). Both answer through the
same functions below, so both engines store the same rows (decisions/0030)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from sqlalchemy import Engine

from onramp.errors import InvalidInputError, NotAvailableError, NotFoundError
from onramp.market.areas import STATES, Area, match_areas
from onramp.market.posting_model import RawPosting

if TYPE_CHECKING:
    from onramp.nlp.extract import Lexicon
    from onramp.nlp.occupations import OccupationCoder
    from onramp.nlp.results import Extraction

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


@dataclass(frozen=True, slots=True)
class Analysis:
    """What ingest stores for one first posting: its skills (rows of `posting_skills` without
    the posting id), the occupation its title codes to, and its place."""

    skills: list[dict[str, Any]]
    occupation: Coded | None
    place: Place


class Analyses(Protocol):
    """What an ingest engine asks of its analyser."""

    def analyse(self, postings: Sequence[RawPosting]) -> list[Analysis | str]:
        """Per posting, in order: its analysis, or why its description cannot be read."""
        ...

    def place(self, location: str) -> Place: ...


def skill_rows(found: Extraction) -> list[dict[str, Any]]:
    """An extraction as `posting_skills` rows (without the posting id), one per skill URI."""
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


def code_with(
    coder: OccupationCoder, floor: float, pending: list[str], answers: dict[str, Coded | None]
) -> list[str]:
    """Code `pending` titles with one scheme's coder into `answers`, keeping a code at or
    above `floor`; the titles left for the next scheme."""
    from onramp.nlp.occupations import TitleQuery

    found = coder.code_many([TitleQuery(t, t) for t in pending], 1)
    still = []
    for title, best in zip(pending, found, strict=True):
        if best and best[0].score >= floor:
            answers[title] = Coded(coder.scheme, best[0].code, best[0].title, best[0].score)
        else:
            still.append(title)
    return still


class _Analyser:
    """What both analysers share: titles and places remembered per run (cleared past
    `_CACHED`, so memory stays flat), and one posting after another."""

    areas: list[Area]

    def __init__(self) -> None:
        self._titles: dict[str, Coded | None] = {}
        self._places: dict[str, Place] = {}

    def skills(self, posting: RawPosting) -> list[dict[str, Any]]:
        raise NotImplementedError

    def _code(self, pending: list[str], answers: dict[str, Coded | None]) -> None:
        raise NotImplementedError

    def occupations(self, titles: Sequence[str]) -> list[Coded | None]:
        """The occupation each title codes to, or None below the measured floor."""
        missing = sorted({t for t in titles if t not in self._titles})
        if len(self._titles) + len(missing) > _CACHED:
            self._titles.clear()
        answers: dict[str, Coded | None] = dict.fromkeys(missing)
        self._code(list(missing), answers)
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

    def analyse(self, postings: Sequence[RawPosting]) -> list[Analysis | str]:
        """Occupations for every title at once, then skills and place per posting; for a
        description the extractor cannot read, the reason instead (the caller reports it)."""
        coded = self.occupations([p.title for p in postings])
        out: list[Analysis | str] = []
        for posting, occupation in zip(postings, coded, strict=True):
            try:
                skills = self.skills(posting)
            except InvalidInputError as error:
                out.append(str(error))
                continue
            out.append(Analysis(skills, occupation, self.place(posting.location)))
        return out


class PostingAnalyser(_Analyser):
    """Skills, occupation and area for postings, over the current releases."""

    def __init__(self, engine: Engine, *, dense: bool = False) -> None:
        from onramp.market.wage_areas import wage_areas
        from onramp.nlp.extract import Lexicon
        from onramp.taxonomy.catalog import Catalog

        super().__init__()
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

    def skills(self, posting: RawPosting) -> list[dict[str, Any]]:
        """The skills found in the description, one per skill URI. InvalidInputError when the
        text cannot be read as a document (the caller reports the row)."""
        from onramp.nlp.documents import read_document
        from onramp.nlp.service import extract_document

        document = read_document(posting.description, format="text")
        return skill_rows(extract_document(self.engine, document, "posting", dense=self.dense))

    def _code(self, pending: list[str], answers: dict[str, Coded | None]) -> None:
        from onramp.nlp.service import MEANING_FLOORS, coder

        for scheme in self.schemes:
            if not pending:
                break
            try:
                ranked = coder(self.engine, scheme)
                floor = MEANING_FLOORS.get(("occupations", scheme, ranked.method), 0.0)
                pending = code_with(ranked, floor, pending, answers)
            except (NotFoundError, NotAvailableError, InvalidInputError):
                continue

    def shipped(self) -> ShippedAnalyser:
        """The same analysis as one picklable value that needs no store: label matching and
        lexical title coding, what ingest runs without --dense."""
        from onramp.nlp.extract import Lexicon
        from onramp.nlp.occupations import OccupationCoder
        from onramp.nlp.service import MEANING_FLOORS

        if self.dense:
            raise InvalidInputError("ranking skills by meaning (--dense) runs in process only")
        coders = []
        for scheme in self.schemes:
            try:
                ranked = OccupationCoder(self.engine, scheme, "lexical")
                floor = MEANING_FLOORS.get(("occupations", scheme, "lexical"), 0.0)
                coders.append((ranked.detached(), floor))
            except (NotFoundError, NotAvailableError, InvalidInputError):
                continue
        return ShippedAnalyser(Lexicon.from_store(self.engine), coders, list(self.areas))


class ShippedAnalyser(_Analyser):
    """`PostingAnalyser` without the store (label matching, lexical title coding): built by
    `PostingAnalyser.shipped`, pickled once and sent to each executor of a Spark job."""

    def __init__(
        self, lexicon: Lexicon, coders: list[tuple[OccupationCoder, float]], areas: list[Area]
    ) -> None:
        from onramp.nlp.extract import Extractor

        super().__init__()
        self.lexicon = lexicon
        self.coders = coders
        self.areas = areas
        self.extractor = Extractor(lexicon, no_dense_reason="turned off")

    def __getstate__(self) -> dict[str, Any]:
        return {"lexicon": self.lexicon, "coders": self.coders, "areas": self.areas}

    def __setstate__(self, state: dict[str, Any]) -> None:
        ShippedAnalyser.__init__(self, state["lexicon"], state["coders"], state["areas"])

    def skills(self, posting: RawPosting) -> list[dict[str, Any]]:
        from onramp.nlp.documents import read_document

        document = read_document(posting.description, format="text")
        return skill_rows(self.extractor.extract(document, "posting"))

    def _code(self, pending: list[str], answers: dict[str, Coded | None]) -> None:
        for ranked, floor in self.coders:
            if not pending:
                break
            try:
                pending = code_with(ranked, floor, pending, answers)
            except (NotFoundError, NotAvailableError, InvalidInputError):
                continue


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
