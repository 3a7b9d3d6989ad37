"""Document extraction: the skills a posting, resume or course description evidences.

Pipeline: read (`nlp.documents`) -> sections and units (`nlp.sections`) -> link -> merge.

- **Lexical linking** (`Lexicon`): every preferred, alternative and hidden label of the current
  skills (ESCO skills and knowledge, O*NET technology examples, any other framework) is matched
  in the text as a token sequence (case-insensitive, light stemming; labels of three letters or
  fewer, such as "R" or "Go", only in their own case). The longest label at a position wins.
  A "near" match is a label of two or three content words found, in any order, inside one clause
  within a short window ("performance and security testing" -> "performance testing").
- **Dense linking** (optional, any `Linker`; the product uses the default skill linker, the
  dense cosine plus 0.5 x label containment squared): clauses outside company and benefits
  text are ranked against all skills (at most `max_dense_units` per document); the best skill
  is kept when its score reaches `dense_threshold` (0.7: best F1 on the train postings).
  Lexical matches keep their precise offsets; dense ones point at the whole clause.
- **Confidence** of one piece of evidence is the precision measured for its kind of match in
  the requirement sections of the SkillSpan-derived postings (train split; bench/extract.py
  prints the table and a reliability check on dev): exact preferred or alternative label of two
  or more words, one-word labels split by whether the word names something (capitals, digits,
  + or #), near matches, hidden labels. It is scaled by the measured precision of the part of
  the posting it sits in (nice-to-have 1.4x, company and benefits text 0.45x), capped at 0.95;
  a label shared by k skills of one framework is divided by sqrt(k). Dense evidence maps the
  linker's score to the precision measured for it (DENSE_* below). A skill with several spans
  gets the noisy-or of its evidence (capped at 0.99).
- **Merging**: one entry per skill URI with every span; its section is the strongest role
  among its spans (posting: requirement before nice-to-have before other). Merging is linear
  in the number of matches and does not depend on their order: a span found twice for one
  skill keeps its lexical match before a near one before a dense one.
- **Requirement flags** (rules in `nlp.sections`): degree and years-of-experience
  requirements with their span, and a proficiency level for posting skills when a cue ("expert
  in", "basic knowledge of", "3+ years") precedes them in the same sentence.
"""

from __future__ import annotations

import math
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from sqlalchemy import Engine, Integer, func, select

from onramp.nlp.calibration import (
    CONFIDENCE,
    DENSE_AT_THRESHOLD,
    DENSE_CAP,
    DENSE_SLOPE,
    DENSE_THRESHOLD,
    ROLE_FACTOR,
)
from onramp.nlp.cues import CueIndex
from onramp.nlp.documents import TextDocument, check_document, read_document
from onramp.nlp.results import Evidence, ExtractedSkill, Extraction, SkillInfo
from onramp.nlp.sections import (
    Section,
    Token,
    Unit,
    check_kind,
    detect_sections,
    proper_label,
    requirement_flags,
    role,
    section_index,
    sentences,
    tokenize,
    units,
)
from onramp.store import schema
from onramp.store.release_cache import ReleaseCache
from onramp.store.rows import tuples_of
from onramp.taxonomy.model import FrameworkRelease, Origin, SkillType

MAX_LABEL_TOKENS = 8
_STOP = frozenset([
    "a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "in", "into", "is", "it",
    "of", "on", "or", "the", "to", "with", "without", "your", "our", "their", "its", "this",
    "that", "these", "those", "we", "you",
])  # fmt: skip
_ROLE_ORDER = {
    "posting": ("requirement", "nice_to_have", "other"),
    "resume": ("experience", "education", "skills", "summary", "other"),
    "course": ("learning_outcome", "description", "prerequisites", "assessment", "other"),
}


class LinkLike(Protocol):
    @property
    def uri(self) -> str: ...
    @property
    def label(self) -> str: ...
    @property
    def score(self) -> float: ...


Hit = tuple[str, str, float] | LinkLike


class Linker(Protocol):
    """Ranks texts against the skills of a framework: per text, best first, (uri, label, score)
    triples or objects with those attributes (`onramp.nlp.linking.Link`)."""

    def rank(self, texts: list[str], *, top: int) -> Sequence[Sequence[Hit]]: ...


def hit_triple(hit: Hit) -> tuple[str, str, float]:
    return hit if isinstance(hit, tuple) else (hit.uri, hit.label, float(hit.score))


@dataclass
class Lexicon:
    """Skill labels as token sequences, for exact and near matching with offsets."""

    skills: dict[str, SkillInfo] = field(default_factory=dict)
    exact: dict[tuple[str, ...], list[tuple[str, str, str | None]]] = field(default_factory=dict)
    prefixes: set[tuple[str, ...]] = field(default_factory=set)
    near: dict[str, list[tuple[frozenset[str], str, str]]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    common: set[str] = field(default_factory=set)  # words used inside other labels

    def add(self, uri: str, label: str, kind: str, cased: bool = False) -> None:
        """Index one label. `cased`: capitals in this framework's labels mark proper names."""
        words = tokenize(label)
        if not words or len(words) > MAX_LABEL_TOKENS:
            return
        label = label.strip()
        form = label if len(label) <= 3 else None
        if form is not None and form.islower():  # "re", "it": too ambiguous to match alone
            return
        if len(words) == 1:
            key: tuple[str, ...] = ("=" + words[0].plain,)
            if kind != "hidden":
                kind = "name" if proper_label(label, cased) else "word"
        else:
            key = tuple(w.key for w in words)
        slot = self.exact.setdefault(key, [])
        if any(entry[0] == uri for entry in slot):
            return
        slot.append((uri, kind, form))
        for size in range(1, len(key)):
            self.prefixes.add(key[:size])
        if len(words) > 1:
            self.common.update(w.plain for w in words if w.raw.islower())
        content = frozenset(k for k in key if k not in _STOP)
        if kind != "hidden" and 2 <= len(content) <= 3 and len(content) == len(key):
            self.near.setdefault(min(content), []).append((content, uri, kind))

    @classmethod
    def build(
        cls,
        skills: Iterable[SkillInfo],
        labels: Iterable[tuple[str, str, str]],
        notes: Sequence[str] = (),
    ) -> Lexicon:
        """`labels` are (uri, label, kind) with kind preferred, alternative or hidden."""
        lexicon = cls(notes=list(notes))
        listed = list(skills)
        lower: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        for skill in listed:
            lower[skill.framework][0] += skill.label[:1].islower()
            lower[skill.framework][1] += 1
        cased = {key: low * 2 > total for key, (low, total) in lower.items()}
        for skill in listed:
            lexicon.skills[skill.uri] = skill
            proper = cased[skill.framework] or skill.skill_type == "technology"
            lexicon.add(skill.uri, skill.label, "preferred", proper)
        for uri, label, kind in labels:
            known = lexicon.skills.get(uri)
            if known is not None:
                proper = cased[known.framework] or known.skill_type == "technology"
                lexicon.add(uri, label, kind, proper)
        return lexicon

    @classmethod
    def from_releases(cls, releases: Iterable[FrameworkRelease]) -> Lexicon:
        infos: list[SkillInfo] = []
        labels: list[tuple[str, str, str]] = []
        has_flags = False
        has_onet = False
        for release in releases:
            key = release.framework.key
            flags: dict[str, tuple[bool, bool]] = {}
            for tech in release.technology_skills:
                was_hot, was_demand = flags.get(tech.skill_code, (False, False))
                flags[tech.skill_code] = (was_hot or tech.hot, was_demand or tech.in_demand)
            official = release.framework.origin is Origin.OFFICIAL
            has_onet = has_onet or key == "onet"
            has_flags = has_flags or (key == "onet" and official)
            by_code = {}
            for skill in release.skills:
                if skill.skill_type is SkillType.GROUP:
                    continue
                hot: bool | None = None
                demand: bool | None = None
                if skill.skill_type is SkillType.TECHNOLOGY and official:
                    hot, demand = flags.get(skill.code, (False, False))
                by_code[skill.code] = skill.uri
                infos.append(
                    SkillInfo(
                        skill.uri, skill.preferred_label, key, str(skill.skill_type), hot, demand
                    )
                )
            labels.extend(
                (by_code[item.skill_code], item.label, item.kind)
                for item in release.skill_labels
                if item.skill_code in by_code
            )
        return cls.build(infos, labels, _flag_notes(has_onet, has_flags))

    @classmethod
    def from_store(cls, engine: Engine, frameworks: Sequence[str] | None = None) -> Lexicon:
        """The lexicon of the current releases (cached until any release changes)."""
        table = schema.frameworks
        with engine.connect() as conn:
            rows = conn.execute(
                select(table.c.id, table.c.key, table.c.origin, table.c.imported_at).where(
                    table.c.is_current.is_(True), table.c.owner == ""
                )
            ).all()
        chosen = [r for r in rows if frameworks is None or r.key in frameworks]
        revision = tuple(sorted((r.id, str(r.imported_at)) for r in rows))
        return _LEXICONS.current(
            engine, tuple(sorted(frameworks or ())), lambda: _load(engine, chosen), revision
        )

    # -- matching ----------------------------------------------------------------------------
    def matches(self, text: str, tokens: list[Token] | None = None) -> list[Match]:
        """Exact label matches, longest first at each position, not overlapping."""
        words = tokens if tokens is not None else tokenize(text)
        found: list[Match] = []
        position = 0
        while position < len(words):
            best: tuple[int, list[tuple[str, str, str | None]]] | None = None
            limit = min(MAX_LABEL_TOKENS, len(words) - position)
            for size in range(1, limit + 1):
                span = words[position : position + size]
                key = ("=" + span[0].plain,) if size == 1 else tuple(w.key for w in span)
                surface = " ".join(w.raw for w in span)
                hits = [h for h in self.exact.get(key, ()) if h[2] is None or h[2] == surface]
                if size == 1 and span[0].raw.islower() and span[0].plain in self.common:
                    hits = [h for h in hits if h[1] != "name"]  # "sources" is not "Source"
                if hits:
                    best = (size, hits)
                if size > 1 and key not in self.prefixes:
                    break
                if size == 1 and (words[position].key,) not in self.prefixes:
                    break
            if best is None:
                position += 1
                continue
            size, hits = best
            start, end = words[position].start, words[position + size - 1].end
            per_framework: dict[str, int] = defaultdict(int)
            for uri, _kind, _form in hits:
                per_framework[self.skills[uri].framework] += 1
            for uri, kind, _form in hits:
                ambiguity = per_framework[self.skills[uri].framework]
                found.append(Match(start, end, uri, kind, ambiguity))
            position += size
        return found

    def near_matches(self, words: list[Token], taken: set[int]) -> list[Match]:
        """Labels of 2-3 content words inside `words` (one chunk), in any order, close by."""
        present: dict[str, list[int]] = defaultdict(list)
        for index, word in enumerate(words):
            if index not in taken:
                present[word.key].append(index)
        found: list[Match] = []
        for key in list(present):
            for content, uri, _kind in self.near.get(key, ()):
                if not content <= present.keys():
                    continue
                positions = [present[k][0] for k in content]
                first, last = min(positions), max(positions)
                if last - first + 1 > len(content) + 2:
                    continue
                found.append(Match(words[first].start, words[last].end, uri, "near", 1))
        return found


@dataclass(frozen=True, slots=True)
class Match:
    start: int
    end: int
    uri: str
    kind: str  # preferred | alternative | hidden | name | word | near | dense
    ambiguity: int = 1
    score: float | None = None

    def confidence(self) -> float:
        if self.kind == "dense":
            value = DENSE_AT_THRESHOLD + DENSE_SLOPE * ((self.score or 0.0) - DENSE_THRESHOLD)
            return round(min(DENSE_CAP, max(0.05, value)), 3)
        return round(CONFIDENCE[self.kind] / math.sqrt(self.ambiguity), 3)


_SOURCE_RANK = {"near": 1, "dense": 2}  # lexical kinds 0: a span found twice keeps this order


def _merge_order(m: Match) -> tuple[int, int, str, int, float, str, float, int]:
    """Text order, then which of two matches of one span and skill is kept: the lexical one,
    else the surer one. A total order, so the result never depends on the order of matches."""
    rank = _SOURCE_RANK.get(m.kind, 0)
    return (m.start, m.end, m.uri, rank, -m.confidence(), m.kind, -(m.score or 0.0), m.ambiguity)


_LEXICONS: ReleaseCache[Lexicon] = ReleaseCache()


def _flag_notes(has_onet: bool, has_flags: bool) -> list[str]:
    why = "the current O*NET release is the embedded default, which lacks them"
    why = why if has_onet else "no O*NET release is imported"
    return [] if has_flags else [
        f"Hot Technology and In Demand flags are not known: {why}; import the official O*NET "
        "database (onramp taxonomy import onet) to get them."
    ]  # fmt: skip


def _load(engine: Engine, chosen: Sequence[Any]) -> Lexicon:
    ids = {r.id: r for r in chosen}
    skills, labels, tech = schema.skills, schema.skill_labels, schema.technology_skills
    infos: list[SkillInfo] = []
    pairs: list[tuple[str, str, str]] = []
    official_onet = [r.id for r in chosen if r.key == "onet" and r.origin == Origin.OFFICIAL]
    with engine.connect() as conn:
        flags: dict[tuple[int, str], tuple[bool, bool]] = {}
        if official_onet:
            for fid, code, any_hot, any_demand in tuples_of(
                conn.execute(
                    select(
                        tech.c.framework_id,
                        tech.c.skill_code,
                        func.max(tech.c.hot.cast(Integer)),
                        func.max(tech.c.in_demand.cast(Integer)),
                    )
                    .where(tech.c.framework_id.in_(official_onet))
                    .group_by(tech.c.framework_id, tech.c.skill_code)
                )
            ):
                flags[(fid, code)] = (bool(any_hot), bool(any_demand))
        uris: dict[tuple[int, str], str] = {}
        for fid, code, uri, label, kind in tuples_of(
            conn.execute(
                select(
                    skills.c.framework_id,
                    skills.c.code,
                    skills.c.uri,
                    skills.c.preferred_label,
                    skills.c.skill_type,
                ).where(skills.c.framework_id.in_(list(ids)), skills.c.skill_type != "group")
            )
        ):
            uris[(fid, code)] = uri
            hot: bool | None = None
            demand: bool | None = None
            if fid in official_onet and kind == "technology":
                hot, demand = flags.get((fid, code), (False, False))
            infos.append(SkillInfo(uri, label, ids[fid].key, kind, hot, demand))
        for fid, code, label, kind in tuples_of(
            conn.execute(
                select(
                    labels.c.framework_id, labels.c.skill_code, labels.c.label, labels.c.kind
                ).where(labels.c.framework_id.in_(list(ids)))
            )
        ):
            uri = uris.get((fid, code))
            if uri is not None:
                pairs.append((uri, label, "hidden" if kind == "hidden" else "alternative"))
    has_onet = any(r.key == "onet" for r in chosen)
    return Lexicon.build(infos, pairs, _flag_notes(has_onet, bool(official_onet)))


class LexicalLinker:
    """The `Linker` protocol over a lexicon: a text's skills are the labels found in it, scored
    by match confidence and by how much of the text the label covers."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon

    def rank(self, texts: list[str], *, top: int = 10) -> list[list[tuple[str, str, float]]]:
        out: list[list[tuple[str, str, float]]] = []
        for text in texts:
            words = tokenize(text)
            matches = self.lexicon.matches(text, words)
            matches += self.lexicon.near_matches(words, set())
            scores: dict[str, float] = {}
            covered = max(1, sum(len(w.raw) for w in words))
            for m in matches:
                share = min(1.0, (m.end - m.start) / covered)
                value = round(m.confidence() * (0.5 + 0.5 * share), 4)
                scores[m.uri] = max(scores.get(m.uri, 0.0), value)
            ranked = sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))[:top]
            out.append([(uri, self.lexicon.skills[uri].label, score) for uri, score in ranked])
        return out


# -- extraction ------------------------------------------------------------------------------
class Extractor:
    """Extracts skills from documents against one lexicon and, optionally, a dense linker."""

    def __init__(
        self,
        lexicon: Lexicon,
        linker: Linker | None = None,
        *,
        dense_threshold: float = DENSE_THRESHOLD,
        min_confidence: float = 0.15,
        max_dense_units: int = 200,
        no_dense_reason: str = "no dense linker was available",
    ) -> None:
        """`no_dense_reason` goes into the result's note when there is no linker."""
        self.lexicon = lexicon
        self.linker = linker
        self.no_dense_reason = no_dense_reason
        self.dense_threshold = dense_threshold
        self.min_confidence = min_confidence
        self.max_dense_units = max_dense_units

    def extract_bytes(
        self, data: bytes | str, kind: str, *, name: str | None = None, format: str | None = None
    ) -> Extraction:
        return self.extract(read_document(data, name=name, format=format), kind)

    def extract(self, document: TextDocument, kind: str) -> Extraction:
        """Raises TooLargeError for a document past the limits of `nlp.limits`, before any
        analysis."""
        check_kind(kind)
        check_document(document)
        text = document.text
        found_sections = detect_sections(document, kind)
        sentence_spans = sentences(document)
        tokens = tokenize(text)
        matches = self.lexicon.matches(text, tokens)
        found_units = units(document)
        matches += self._near(found_units, tokens, matches)
        if self.linker is not None:
            matches += self._dense(document, kind, found_sections, found_units)
        skills = self._merge(document, kind, found_sections, sentence_spans, matches)
        flags = requirement_flags(text, sentence_spans, found_sections, kind)
        if kind == "posting":
            cues = CueIndex(text, sentence_spans)
            for item in skills:
                item.level = cues.level([(e.start, e.end) for e in item.evidence])
        notes = list(self.lexicon.notes)
        if self.linker is None:
            notes.append(f"Dense linking: {self.no_dense_reason}.")
        return Extraction(kind, document, found_sections, skills, flags, notes)

    def _near(
        self, found_units: list[Unit], tokens: list[Token], exact: list[Match]
    ) -> list[Match]:
        taken_offsets = {o for m in exact for o in range(m.start, m.end)}
        starts = [t.start for t in tokens]
        out: list[Match] = []
        seen: set[tuple[int, int, str]] = set()
        for unit in found_units:
            if unit.kind != "clause":
                continue
            first = bisect_left(starts, unit.start)
            words = []
            for token in tokens[first:]:
                if token.start >= unit.end:
                    break
                words.append(token)
            taken = {i for i, w in enumerate(words) if w.start in taken_offsets}
            for m in self.lexicon.near_matches(words, taken):
                if (m.start, m.end, m.uri) not in seen:
                    seen.add((m.start, m.end, m.uri))
                    out.append(m)
        return out

    def _dense(
        self, document: TextDocument, kind: str, found: list[Section], found_units: list[Unit]
    ) -> list[Match]:
        """Clauses (sentences that are one clause too) of 2 to 25 words, outside company and
        benefits text, ranked by the linker; at most `max_dense_units` per document."""
        assert self.linker is not None
        text = document.text
        spans = []
        clauses = [(u.start, u.end) for u in found_units if u.kind == "clause"]  # by start
        clause_starts = [start for start, _ in clauses]
        first_end = [len(text) + 1] * (len(clauses) + 1)  # least end of clauses[i:]
        for at in range(len(clauses) - 1, -1, -1):
            first_end[at] = min(clauses[at][1], first_end[at + 1])
        for unit in found_units:
            if unit.kind == "chunk" or not 2 <= len(text[unit.start : unit.end].split()) <= 25:
                continue
            if (
                unit.kind == "sentence"
                and first_end[bisect_left(clause_starts, unit.start)] <= unit.end
            ):
                continue  # a clause lies inside it: its clauses stand for it
            section = found[section_index(found, unit.start)]
            if role(kind, section, text[unit.start : unit.end]) == "other":
                continue
            spans.append((unit.start, unit.end))
        spans = spans[: self.max_dense_units]
        if not spans:
            return []
        ranked = self.linker.rank([text[s:e] for s, e in spans], top=1)
        out: list[Match] = []
        for (start, end), hits in zip(spans, ranked, strict=True):
            if not hits:
                continue
            uri, _label, score = hit_triple(hits[0])
            if score >= self.dense_threshold and uri in self.lexicon.skills:
                out.append(Match(start, end, uri, "dense", 1, score))
        return out

    def _merge(
        self,
        document: TextDocument,
        kind: str,
        found_sections: list[Section],
        sentence_spans: list[tuple[int, int]],
        matches: list[Match],
    ) -> list[ExtractedSkill]:
        text = document.text
        sentence_starts = [s for s, _ in sentence_spans]
        by_uri: dict[str, ExtractedSkill] = {}
        seen: set[tuple[str, int, int]] = set()  # (uri, start, end) already kept
        parts: dict[tuple[int, int], str] = {}  # role per (sentence, section), found once
        for m in sorted(matches, key=_merge_order):
            index = max(0, bisect_left(sentence_starts, m.start + 1) - 1)
            section = section_index(found_sections, m.start)
            part = parts.get((index, section))
            if part is None:
                s_start, s_end = sentence_spans[index] if sentence_spans else (0, len(text))
                sentence = text[s_start:s_end]
                part = parts[(index, section)] = role(kind, found_sections[section], sentence)
            confidence = m.confidence()
            confidence = round(min(0.95, confidence * ROLE_FACTOR.get((kind, part), 1.0)), 3)
            if confidence < self.min_confidence or (m.uri, m.start, m.end) in seen:
                continue
            seen.add((m.uri, m.start, m.end))
            item = by_uri.setdefault(m.uri, ExtractedSkill(self.lexicon.skills[m.uri], []))
            item.evidence.append(
                Evidence(m.start, m.end, text[m.start : m.end], part, m.kind, confidence)
            )
        order = _ROLE_ORDER[kind]
        for item in by_uri.values():
            missing = 1.0
            for evidence in item.evidence:
                missing *= 1 - evidence.confidence
            item.confidence = round(min(0.99, 1 - missing), 3)
            roles = {e.section for e in item.evidence}
            item.section = min(roles, key=lambda r: order.index(r) if r in order else len(order))
        return sorted(by_uri.values(), key=lambda s: (-s.confidence, s.evidence[0].start))
