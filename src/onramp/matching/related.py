"""Related skills for partial credit, from the taxonomy (issue 14, item 3).

`scoring.Relatedness` asks "how close is a skill the worker holds to one the job requires, and
why?". `TaxonomyRelatedness` answers from a table built once per job, for the job's requirement
skills only (`for_job`), from what the store holds for the current releases:

- the skill hierarchy (ESCO broader/narrower; ESF groups): a narrower skill is one kind of the
  required one, a broader one is the family it belongs to, a sibling shares its group;
- skill-to-skill relations (essential, optional);
- the skill crosswalk (ESF to ESCO and O*NET): the same skill in two skill lists;
- stored skill vectors (`onramp skills embed`): skills described in similar words.

A pair linked several ways keeps its closest link. Similarities are in `SIMILARITY`; scoring
then gives a related skill at most `MatchRules.related_share` of its credit. Optional: with no
store or no vectors, matching works on exact skills alone.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import numpy as np
from sqlalchemy import Connection, Engine, and_, or_, select

from onramp.errors import NotAvailableError, NotFoundError
from onramp.matching.scoring.match import Relation
from onramp.store import schema
from onramp.vocabulary import LabeledEnum

MAX_SIBLINGS = 200  # of one requirement, so a large ESCO group stays cheap
VECTOR_NEIGHBOURS = 25  # most similar skills by vectors, per requirement
MIN_COSINE = 0.75  # below this, label vectors are not a reason to call skills related
VECTOR_SHARE = 0.7  # a vector neighbour counts for cosine x this


class Link(LabeledEnum):
    """How a held skill relates to a required one; the label is the reason a person reads."""

    SAME = "same", "{held} is the same skill as {required} in another skill list."
    NARROWER = "narrower", "{held} is one kind of {required}."
    BROADER = "broader", "{required} is one kind of {held}."
    SIBLING = "sibling", "{held} and {required} are in the same group of skills."
    ESSENTIAL = "essential", "{held} and {required} often go together."
    OPTIONAL = "optional", "{held} sometimes goes with {required}."
    SIMILAR = "similar", "{held} and {required} are described in similar words."


SIMILARITY: Mapping[Link, float] = {
    Link.SAME: 0.9,
    Link.NARROWER: 0.8,
    Link.BROADER: 0.6,
    Link.SIBLING: 0.5,
    Link.ESSENTIAL: 0.5,
    Link.OPTIONAL: 0.35,
}


@dataclass(frozen=True, slots=True)
class SkillLink:
    required: str  # URI
    held: str  # URI
    link: Link
    similarity: float


class TaxonomyRelatedness:
    """`scoring.Relatedness` over a precomputed table: required URI -> held URI -> Relation."""

    def __init__(self, links: Iterable[SkillLink], labels: Mapping[str, str]) -> None:
        table: dict[str, dict[str, Relation]] = {}
        for found in links:
            if found.required == found.held:
                continue
            row = table.setdefault(found.required, {})
            held = row.get(found.held)
            if held is None or found.similarity > held.similarity:
                reason = _cap(
                    found.link.label.format(
                        held=labels.get(found.held, found.held),
                        required=labels.get(found.required, found.required),
                    )
                )
                row[found.held] = Relation(round(found.similarity, 4), reason)
        self.table = table

    def relate(self, required: str, held: str) -> Relation | None:
        return self.table.get(required, {}).get(held)

    def neighbours(self, required: str) -> Mapping[str, Relation]:
        return self.table.get(required, {})


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def for_job(
    engine: Engine, required: Iterable[str], *, vectors: bool = True
) -> TaxonomyRelatedness:
    """The related skills of a job's requirement skills (URIs), from the current releases."""
    wanted = sorted(set(required))
    with engine.connect() as conn:
        frameworks = {
            row.id: row.key
            for row in conn.execute(
                select(schema.frameworks.c.id, schema.frameworks.c.key).where(
                    schema.frameworks.c.is_current.is_(True), schema.frameworks.c.owner == ""
                )
            )
        }
        skills = schema.skills
        current = skills.c.framework_id.in_(list(frameworks))
        rows = conn.execute(
            select(skills.c.framework_id, skills.c.code, skills.c.uri).where(
                current, skills.c.uri.in_(wanted)
            )
        ).all()
        at = {(r.framework_id, r.code): r.uri for r in rows}
        pairs: list[tuple[str, tuple[int, str], Link]] = []
        _hierarchy(conn, at, pairs)
        _relations(conn, at, pairs)
        links = _resolve(conn, at, pairs)
        links += _crosswalk(conn, frameworks, at)
    if vectors:
        links += _vector_links(engine, wanted, sorted(set(frameworks.values())))
    uris = {u for link in links for u in (link.required, link.held)}
    return TaxonomyRelatedness(links, _labels(engine, uris, list(frameworks)))


_Pending = list[tuple[str, tuple[int, str], Link]]  # required URI, (framework, code), link


def _hierarchy(conn: Connection, at: dict[tuple[int, str], str], out: _Pending) -> None:
    edges = schema.skill_broader
    for (framework, code), uri in at.items():
        here = edges.c.framework_id == framework
        parents: list[str] = list(
            conn.scalars(select(edges.c.broader_code).where(here, edges.c.code == code))
        )
        children: Iterable[str] = conn.scalars(
            select(edges.c.code).where(here, edges.c.broader_code == code)
        )
        out.extend((uri, (framework, p), Link.BROADER) for p in parents)
        out.extend((uri, (framework, c), Link.NARROWER) for c in children)
        if parents:
            siblings: Iterable[str] = conn.scalars(
                select(edges.c.code)
                .where(here, edges.c.broader_code.in_(parents), edges.c.code != code)
                .distinct()
                .order_by(edges.c.code)
                .limit(MAX_SIBLINGS)
            )
            out.extend((uri, (framework, c), Link.SIBLING) for c in siblings)


def _relations(conn: Connection, at: dict[tuple[int, str], str], out: _Pending) -> None:
    table = schema.skill_relations
    for (framework, code), uri in at.items():
        rows = conn.execute(
            select(table.c.skill_code, table.c.related_code, table.c.relation_type).where(
                table.c.framework_id == framework,
                or_(table.c.skill_code == code, table.c.related_code == code),
            )
        )
        for row in rows:
            other = row.related_code if row.skill_code == code else row.skill_code
            link = Link.ESSENTIAL if row.relation_type == "essential" else Link.OPTIONAL
            out.append((uri, (framework, other), link))


def _resolve(
    conn: Connection, at: dict[tuple[int, str], str], pending: _Pending
) -> list[SkillLink]:
    """Codes to URIs, one query per framework."""
    skills = schema.skills
    by_framework: dict[int, set[str]] = {}
    for _, (framework, code), _ in pending:
        by_framework.setdefault(framework, set()).add(code)
    uri_of: dict[tuple[int, str], str] = {}
    for framework, codes in by_framework.items():
        for chunk in _chunks(sorted(codes)):
            rows = conn.execute(
                select(skills.c.code, skills.c.uri).where(
                    skills.c.framework_id == framework, skills.c.code.in_(chunk)
                )
            )
            uri_of.update({(framework, r.code): r.uri for r in rows})
    return [
        SkillLink(required, uri_of[key], link, SIMILARITY[link])
        for required, key, link in pending
        if key in uri_of
    ]


def _crosswalk(
    conn: Connection, frameworks: Mapping[int, str], at: dict[tuple[int, str], str]
) -> list[SkillLink]:
    """Skill crosswalk links (ESF to ESCO URIs and O*NET element ids), both ways."""
    walk, skills = schema.crosswalk, schema.skills
    keys = {framework: key for framework, key in frameworks.items()}
    found: list[SkillLink] = []
    for (framework, code), uri in at.items():
        key = keys.get(framework, "")
        rows = conn.execute(
            select(walk.c.from_scheme, walk.c.from_code, walk.c.to_scheme, walk.c.to_code).where(
                walk.c.concept == "skill",
                or_(
                    and_(walk.c.from_scheme == key, walk.c.from_code == code),
                    walk.c.to_code.in_([code, uri]),
                ),
            )
        )
        others: set[tuple[str, str]] = set()
        for row in rows:
            if row.from_scheme == key and row.from_code == code:
                others.add((row.to_scheme, row.to_code))
            else:
                others.add((row.from_scheme, row.from_code))
        for scheme, other in sorted(others):
            wanted = [fid for fid, k in keys.items() if k == scheme]
            if not wanted:
                continue
            hits: Iterable[str] = conn.scalars(
                select(skills.c.uri).where(
                    skills.c.framework_id.in_(wanted),
                    or_(skills.c.code == other, skills.c.uri == other),
                )
            )
            found.extend(SkillLink(uri, hit, Link.SAME, SIMILARITY[Link.SAME]) for hit in hits)
    return found


def _vector_links(engine: Engine, wanted: list[str], keys: list[str]) -> list[SkillLink]:
    """Nearest skills by their preferred-label vectors, in each current release that has
    them; none where a release has no vectors yet."""
    from onramp.nlp import embedding, vectors  # the vector store is optional

    found: list[SkillLink] = []
    for key in keys:
        try:
            framework = vectors.current_framework(engine, key)
            matrix = vectors.skill_matrix(engine, framework, embedding.MODEL_ID)
        except (NotAvailableError, NotFoundError):
            continue
        preferred = matrix.kinds == vectors.KINDS.index("preferred")
        rows = np.flatnonzero(preferred)
        owners = matrix.skill_of[rows]
        row_of = {
            matrix.uris[int(owner)]: int(row) for owner, row in zip(owners, rows, strict=True)
        }
        mine = [u for u in wanted if u in row_of]
        if not mine:
            continue
        table = matrix.vectors[rows].astype(np.float32)
        table /= np.maximum(np.linalg.norm(table, axis=1, keepdims=True), 1e-12)
        position = {int(row): n for n, row in enumerate(rows)}
        queries = table[[position[row_of[uri]] for uri in mine]]
        cosines = queries @ table.T  # one product for all the job's skills
        for uri, row in zip(mine, cosines, strict=True):
            for n in np.argsort(-row)[: VECTOR_NEIGHBOURS + 1]:
                held = matrix.uris[int(owners[n])]
                if row[n] >= MIN_COSINE and held != uri:
                    found.append(SkillLink(uri, held, Link.SIMILAR, float(row[n]) * VECTOR_SHARE))
    return found


def _labels(engine: Engine, uris: set[str], frameworks: list[int]) -> dict[str, str]:
    skills = schema.skills
    labels: dict[str, str] = {}
    with engine.connect() as conn:
        for chunk in _chunks(sorted(uris)):
            rows = conn.execute(
                select(skills.c.uri, skills.c.preferred_label).where(
                    skills.c.framework_id.in_(frameworks), skills.c.uri.in_(chunk)
                )
            )
            labels.update({r.uri: r.preferred_label for r in rows})
    return labels


def _chunks(items: list[str], size: int = 500) -> Iterable[list[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
