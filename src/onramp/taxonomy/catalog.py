"""Read side of the taxonomy: frameworks, counts, concepts, search and occupation profiles.

Queries always read the *current* release of each framework (see store.releases for how the
current release is chosen), unless a caller names a version.
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import Engine, and_, func, select

from onramp.errors import NotFoundError
from onramp.store import schema
from onramp.store.release_cache import ReleaseCache
from onramp.store.rows import tuples_of
from onramp.taxonomy.model import Framework, Occupation, Origin, Skill, SkillType
from onramp.taxonomy.profile import (
    OccupationProfile,
)
from onramp.taxonomy.search import Document, Hit, SearchIndex
from onramp.taxonomy.spelling import Speller

_ONET_CODE = re.compile(r"^\d{2}-\d{4}(\.\d{2})?$")

_INDEXES: ReleaseCache[SearchIndex] = ReleaseCache()
_SPELLERS: ReleaseCache[Speller] = ReleaseCache()


def _framework(row: Any) -> Framework:
    return Framework(
        key=row.key,
        version=row.version,
        name=row.name,
        publisher=row.publisher,
        source=row.source,
        license=row.license,
        attribution=row.attribution,
        origin=Origin(row.origin),
        owner=row.owner,
        content_sha256=row.content_sha256,
        limitations=list(row.limitations or []),
        stats=dict(row.stats or {}),
        imported_at=row.imported_at,
        is_current=bool(row.is_current),
        id=row.id,
    )


class Catalog:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    # -- frameworks -------------------------------------------------------------------------
    def frameworks(self) -> list[Framework]:
        table = schema.frameworks
        with self.engine.connect() as conn:
            rows = conn.execute(select(table).order_by(table.c.key, table.c.version)).all()
        return [_framework(r) for r in rows]

    def current(self, key: str, owner: str = "") -> Framework | None:
        table = schema.frameworks
        with self.engine.connect() as conn:
            row = conn.execute(
                select(table).where(
                    table.c.key == key, table.c.owner == owner, table.c.is_current.is_(True)
                )
            ).first()
        return _framework(row) if row else None

    def stats(self) -> list[dict[str, Any]]:
        """Counts per framework release and entity, counted in the store (not remembered)."""
        out: dict[int, dict[str, Any]] = {}
        for framework in self.frameworks():
            assert framework.id is not None
            out[framework.id] = {
                "key": framework.key,
                "version": framework.version,
                "owner": framework.owner,
                "origin": str(framework.origin),
                "current": framework.is_current,
                "counts": {},
            }
        with self.engine.connect() as conn:
            for name, table in schema.RELEASE_TABLES.items():
                query = select(table.c.framework_id, func.count()).group_by(table.c.framework_id)
                if name in ("skills", "occupations"):
                    kind = table.c.skill_type if name == "skills" else table.c.kind
                    query = select(table.c.framework_id, kind, func.count()).group_by(
                        table.c.framework_id, kind
                    )
                    for framework_id, kind_value, count in tuples_of(conn.execute(query)):
                        label = name if kind_value in ("occupation",) else f"{name}:{kind_value}"
                        counts = out[framework_id]["counts"]
                        counts[label] = count
                        if name == "skills" and kind_value != "group":
                            counts["skills"] = counts.get("skills", 0) + count
                    continue
                for framework_id, count in tuples_of(conn.execute(query)):
                    out[framework_id]["counts"][name] = count
            if any(f["key"] == "onet" for f in out.values()):
                zoned = (
                    select(schema.occupations.c.framework_id, func.count())
                    .where(schema.occupations.c.job_zone.is_not(None))
                    .group_by(schema.occupations.c.framework_id)
                )
                for framework_id, count in tuples_of(conn.execute(zoned)):
                    if count:
                        out[framework_id]["counts"]["occupations_with_job_zone"] = count
        return list(out.values())

    # -- concepts ---------------------------------------------------------------------------
    def find_occupation(self, code: str) -> tuple[Framework, Occupation]:
        """Resolve an O*NET-SOC code (29-1141.00 or 29-1141), an ESCO URI, or any stored code."""
        code = code.strip()
        candidates: list[str] = [code]
        if _ONET_CODE.match(code) and "." not in code:
            candidates = [f"{code}.00", code]
        table = schema.occupations
        frameworks = [f for f in self.frameworks() if f.is_current and not f.owner]
        with self.engine.connect() as conn:
            for framework in frameworks:
                for candidate in candidates:
                    row = conn.execute(
                        select(table).where(
                            table.c.framework_id == framework.id, table.c.code == candidate
                        )
                    ).first()
                    if row:
                        return framework, _occupation(row)
        raise NotFoundError(f"no occupation with code {code!r} in the current frameworks")

    def skill(self, code: str, framework_key: str | None = None) -> tuple[Framework, Skill]:
        table = schema.skills
        frameworks = [
            f
            for f in self.frameworks()
            if f.is_current and (framework_key is None or f.key == framework_key)
        ]
        with self.engine.connect() as conn:
            for framework in frameworks:
                row = conn.execute(
                    select(table).where(
                        table.c.framework_id == framework.id,
                        (table.c.code == code) | (table.c.uri == code),
                    )
                ).first()
                if row:
                    return framework, _skill(row)
        raise NotFoundError(f"no skill with code or URI {code!r} in the current frameworks")

    def skill_labels(self, framework_id: int, code: str) -> list[tuple[str, str]]:
        table = schema.skill_labels
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(table.c.label, table.c.kind).where(
                    table.c.framework_id == framework_id, table.c.skill_code == code
                )
            ).all()
        return [(r.label, r.kind) for r in rows]

    def skill_hierarchy(self, framework_id: int, code: str) -> dict[str, list[dict[str, str]]]:
        """Broader concepts (parents) and narrower ones (children) of a skill."""
        edges, skills = schema.skill_broader, schema.skills
        out: dict[str, list[dict[str, str]]] = {}
        with self.engine.connect() as conn:
            for direction, mine, other in (
                ("broader", edges.c.code, edges.c.broader_code),
                ("narrower", edges.c.broader_code, edges.c.code),
            ):
                rows = conn.execute(
                    select(skills.c.code, skills.c.preferred_label)
                    .join(
                        edges,
                        and_(edges.c.framework_id == skills.c.framework_id, other == skills.c.code),
                    )
                    .where(edges.c.framework_id == framework_id, mine == code)
                    .order_by(skills.c.preferred_label)
                ).all()
                out[direction] = [{"code": r.code, "label": r.preferred_label} for r in rows]
        return out

    # -- search -----------------------------------------------------------------------------
    def search_skills(
        self,
        query: str,
        *,
        frameworks: list[str] | None = None,
        kinds: list[str] | None = None,
        limit: int = 20,
    ) -> list[Hit]:
        return self._index("skills").search(query, limit=limit, frameworks=frameworks, kinds=kinds)

    def search_occupations(
        self, query: str, *, frameworks: list[str] | None = None, limit: int = 20
    ) -> list[Hit]:
        return self._index("occupations").search(
            query, limit=limit, frameworks=frameworks, kinds=["occupation"]
        )

    def _index(self, what: str) -> SearchIndex:
        """The index of current releases, rebuilt when any release changes."""
        return _INDEXES.current(self.engine, what, lambda: SearchIndex.build(self._documents(what)))

    def speller(self) -> Speller:
        """Spelling correction toward the words of the current skill and occupation labels;
        words of their descriptions count as spelt right. Rebuilt when a release changes."""
        return _SPELLERS.current(self.engine, "labels", self._build_speller)

    def _build_speller(self) -> Speller:
        current = [f.id for f in self.frameworks() if f.is_current]
        sources: tuple[tuple[Any, Any], ...] = (
            (schema.skills.c.preferred_label, schema.skills.c.framework_id),
            (schema.skill_labels.c.label, schema.skill_labels.c.framework_id),
            (schema.occupations.c.title, schema.occupations.c.framework_id),
            (schema.occupation_labels.c.label, schema.occupation_labels.c.framework_id),
        )
        with self.engine.connect() as conn:
            labels: list[str] = []
            for column, framework in sources:
                found = conn.execute(select(column).where(framework.in_(current)))
                values: list[Any] = list(found.scalars().all())
                labels.extend(map(str, values))
            prose: list[str] = []
            for column, framework in (
                (schema.skills.c.description, schema.skills.c.framework_id),
                (schema.occupations.c.description, schema.occupations.c.framework_id),
            ):
                found = conn.execute(select(column).where(framework.in_(current)))
                descriptions: list[Any] = list(found.scalars().all())
                prose.extend(str(v) for v in descriptions if v)
        return Speller.from_labels(labels, prose)

    def _documents(self, what: str) -> list[Document]:
        current = {f.id: f for f in self.frameworks() if f.is_current}
        if what == "skills":
            concepts, labels = schema.skills, schema.skill_labels
            title, kind, code_col = concepts.c.preferred_label, concepts.c.skill_type, "skill_code"
        else:
            concepts, labels = schema.occupations, schema.occupation_labels
            title, kind, code_col = concepts.c.title, concepts.c.kind, "occupation_code"
        docs: dict[tuple[int, str], Document] = {}
        with self.engine.connect() as conn:
            rows = tuples_of(
                conn.execute(
                    select(
                        concepts.c.framework_id,
                        concepts.c.code,
                        title,
                        kind,
                        concepts.c.description,
                    ).where(concepts.c.framework_id.in_(list(current)))
                )
            )
            for framework_id, code, label, kind_value, description in rows:
                docs[(framework_id, code)] = Document(
                    key=code,
                    title=label,
                    framework=current[framework_id].key,
                    kind=kind_value,
                    texts={"preferred": [label], "description": [description[:400]]},
                )
            label_rows = tuples_of(
                conn.execute(
                    select(
                        labels.c.framework_id, labels.c[code_col], labels.c.label, labels.c.kind
                    ).where(labels.c.framework_id.in_(list(current)))
                )
            )
            for framework_id, code, label, label_kind in label_rows:
                doc = docs.get((framework_id, code))
                if doc is None:
                    continue
                field_name = "hidden" if label_kind == "hidden" else "alternative"
                doc.texts.setdefault(field_name, []).append(label)
        return list(docs.values())

    # -- profile ----------------------------------------------------------------------------
    def profile(self, code: str, area: str | None = None) -> OccupationProfile:
        """The occupation profile, with wages for `area` (an OEWS area code or name) too."""
        from onramp.taxonomy.profile_builder import ProfileBuilder

        return ProfileBuilder(self).build(code, area)


def _occupation(row: Any) -> Occupation:
    return Occupation(
        code=row.code,
        uri=row.uri,
        title=row.title,
        description=row.description,
        kind=row.kind,
        onet_soc=row.onet_soc,
        soc2018=row.soc2018,
        isco08=row.isco08,
        esco_code=row.esco_code,
        job_zone=row.job_zone,
    )


def _skill(row: Any) -> Skill:
    return Skill(
        code=row.code,
        uri=row.uri,
        preferred_label=row.preferred_label,
        skill_type=SkillType(row.skill_type),
        description=row.description,
        reuse_level=row.reuse_level,
        status=row.status,
        extra=row.extra,
    )
