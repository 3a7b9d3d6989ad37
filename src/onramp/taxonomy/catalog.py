"""Read side of the taxonomy: frameworks, counts, concepts, search and occupation profiles.

Queries always read the *current* release of each framework (see store.releases for how the
current release is chosen), unless a caller names a version.
"""

from __future__ import annotations

import re
import threading
from typing import Any

from sqlalchemy import Engine, and_, func, select

from onramp.errors import NotFoundError
from onramp.store import schema
from onramp.taxonomy.model import Framework, Occupation, Origin, Skill, SkillType
from onramp.taxonomy.profile import (
    EducationShare,
    FrameworkRef,
    Growth,
    LinkedOccupation,
    OccupationProfile,
    ProfileTask,
    ProfileTechnology,
    RatedSkill,
    WageFigures,
    by_importance,
    technology_order,
)
from onramp.taxonomy.search import Document, Hit, SearchIndex

_ONET_CODE = re.compile(r"^\d{2}-\d{4}(\.\d{2})?$")
EDUCATION_ELEMENT = "2.D.1"
NATIONAL = "US"

_index_lock = threading.Lock()
_index_cache: dict[tuple[str, str], tuple[Any, SearchIndex]] = {}


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
                    for framework_id, kind_value, count in conn.execute(query):
                        label = name if kind_value in ("occupation",) else f"{name}:{kind_value}"
                        counts = out[framework_id]["counts"]
                        counts[label] = count
                        if name == "skills" and kind_value != "group":
                            counts["skills"] = counts.get("skills", 0) + count
                    continue
                for framework_id, count in conn.execute(query):
                    out[framework_id]["counts"][name] = count
            if any(f["key"] == "onet" for f in out.values()):
                zoned = (
                    select(schema.occupations.c.framework_id, func.count())
                    .where(schema.occupations.c.job_zone.is_not(None))
                    .group_by(schema.occupations.c.framework_id)
                )
                for framework_id, count in conn.execute(zoned):
                    if count:
                        out[framework_id]["counts"]["occupations_with_job_zone"] = count
        return list(out.values())

    def _current_id(self, key: str) -> int | None:
        framework = self.current(key)
        return framework.id if framework else None

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

    def _revision(self) -> Any:
        table = schema.frameworks
        with self.engine.connect() as conn:
            row = conn.execute(
                select(func.count(), func.max(table.c.imported_at), func.sum(table.c.id)).where(
                    table.c.is_current.is_(True)
                )
            ).one()
        return tuple(row)

    def _index(self, what: str) -> SearchIndex:
        """The index of current releases, rebuilt when any release changes."""
        revision = self._revision()
        cache_key = (str(self.engine.url), what)
        with _index_lock:
            cached = _index_cache.get(cache_key)
            if cached and cached[0] == revision:
                return cached[1]
            index = SearchIndex.build(self._documents(what))
            _index_cache[cache_key] = (revision, index)
            return index

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
            rows = conn.execute(
                select(
                    concepts.c.framework_id, concepts.c.code, title, kind, concepts.c.description
                ).where(concepts.c.framework_id.in_(list(current)))
            )
            for framework_id, code, label, kind_value, description in rows:
                docs[(framework_id, code)] = Document(
                    key=code,
                    title=label,
                    framework=current[framework_id].key,
                    kind=kind_value,
                    texts={"preferred": [label], "description": [description[:400]]},
                )
            label_rows = conn.execute(
                select(
                    labels.c.framework_id, labels.c[code_col], labels.c.label, labels.c.kind
                ).where(labels.c.framework_id.in_(list(current)))
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
        framework, occupation = self.find_occupation(code)
        assert framework.id is not None
        profile = OccupationProfile(
            code=occupation.code,
            uri=occupation.uri,
            title=occupation.title,
            description=occupation.description,
            framework=_ref(framework),
            onet_soc=occupation.onet_soc,
            soc2018=occupation.soc2018,
            isco08=occupation.isco08,
            job_zone=occupation.job_zone,
        )
        with self.engine.connect() as conn:
            fid = framework.id
            if occupation.job_zone is not None:
                zone = conn.execute(
                    select(schema.job_zones).where(
                        schema.job_zones.c.framework_id == fid,
                        schema.job_zones.c.job_zone == occupation.job_zone,
                    )
                ).first()
                if zone:
                    profile.job_zone_name, profile.job_zone_education = zone.name, zone.education
            labels = schema.occupation_labels
            profile.alternate_titles = list(
                conn.execute(
                    select(labels.c.label)
                    .where(
                        labels.c.framework_id == fid,
                        labels.c.occupation_code == occupation.code,
                        labels.c.kind.in_(["alternate", "alternative", "reported"]),
                    )
                    .order_by(labels.c.id)
                ).scalars()
            )[:25]
            rated = _occupation_skills(conn, fid, occupation.code)
            profile.skills = by_importance(
                [s for s in rated if s.relation == "rated" and s.skill_type == "skill"]
            )
            profile.knowledge = by_importance(
                [s for s in rated if s.relation == "rated" and s.skill_type == "knowledge"]
            )
            profile.other_skills = sorted(
                (s for s in rated if s.relation != "rated"),
                key=lambda s: (s.relation != "essential", s.label),
            )
            tasks = schema.tasks
            profile.tasks = [
                ProfileTask(r.task_id, r.statement, r.task_type)
                for r in conn.execute(
                    select(tasks)
                    .where(tasks.c.framework_id == fid, tasks.c.occupation_code == occupation.code)
                    .order_by(tasks.c.task_type, tasks.c.incumbents_responding.desc())
                )
            ]
            tech = schema.technology_skills
            seen: set[str] = set()
            items = []
            for r in conn.execute(
                select(tech).where(
                    tech.c.framework_id == fid, tech.c.occupation_code == occupation.code
                )
            ):
                if r.example not in seen:
                    seen.add(r.example)
                    items.append(
                        ProfileTechnology(r.example, r.commodity_title, r.hot, r.in_demand)
                    )
            profile.technology = technology_order(items)
            profile.education = _education(conn, fid, occupation.code)
            self._labour_market(conn, profile, occupation, area)
            self._crosswalk(conn, profile, framework, occupation)
        profile.missing = self._missing(profile, framework)
        return profile

    def _labour_market(
        self, conn: Any, profile: OccupationProfile, occupation: Occupation, area: str | None
    ) -> None:
        soc = occupation.soc2018
        if not soc:
            return
        oews = self.current("oews")
        if oews is not None:
            profile.national_wage = _wage(conn, oews, soc, NATIONAL)
            if area:
                profile.area_wage = _wage(conn, oews, soc, area)
                if profile.area_wage is None:
                    raise NotFoundError(
                        f"no OEWS wages for {soc} in area {area!r}; "
                        "use an area code or name from `onramp wages areas`"
                    )
        projections = self.current("bls-projections")
        if projections is not None:
            row = conn.execute(
                select(schema.projections).where(
                    schema.projections.c.framework_id == projections.id,
                    schema.projections.c.soc_code == soc,
                )
            ).first()
            if row:
                profile.growth = Growth(
                    projections.version,
                    row.base_year,
                    row.projected_year,
                    row.employment_base,
                    row.employment_projected,
                    row.change_percent,
                    row.annual_openings,
                    row.typical_education,
                    row.work_experience,
                    row.on_the_job_training,
                )

    def _crosswalk(
        self, conn: Any, profile: OccupationProfile, framework: Framework, occupation: Occupation
    ) -> None:
        links = schema.crosswalk
        if framework.key == "onet":
            target = self.current("esco")
            if target is None:
                return
            rows = conn.execute(
                select(links).where(
                    links.c.from_scheme == "onet", links.c.from_code == occupation.code
                )
            ).all()
            occ = schema.occupations
            for row in rows:
                condition = (
                    occ.c.esco_code == row.to_code
                    if row.to_scheme == "esco-code"
                    else occ.c.code == row.to_code
                )
                found = conn.execute(
                    select(occ).where(occ.c.framework_id == target.id, condition)
                ).first()
                if found is None:
                    continue
                skills = [
                    s
                    for s in _occupation_skills(conn, target.id, found.code)
                    if s.relation == "essential"
                ]
                profile.crosswalk.append(
                    LinkedOccupation(found.code, found.title, row.match_type, "esco", skills)
                )
            order = {"exactMatch": 0, "closeMatch": 1, "narrowMatch": 2, "broadMatch": 3}
            profile.crosswalk.sort(key=lambda o: (order.get(o.match_type, 4), o.title))
        elif framework.key == "esco":
            target = self.current("onet")
            if target is None:
                return
            rows = conn.execute(
                select(links).where(links.c.to_scheme == "esco", links.c.to_code == occupation.code)
            ).all()
            for row in rows:
                found = conn.execute(
                    select(schema.occupations).where(
                        schema.occupations.c.framework_id == target.id,
                        schema.occupations.c.code == row.from_code,
                    )
                ).first()
                if found is not None:
                    profile.crosswalk.append(
                        LinkedOccupation(found.code, found.title, row.match_type, "onet")
                    )

    def _missing(self, profile: OccupationProfile, framework: Framework) -> list[str]:
        missing = list(framework.limitations)
        if framework.key == "onet":
            if not profile.skills:
                missing.append(
                    "No importance or level ratings for skills. Import the official O*NET "
                    "database with `onramp taxonomy import onet PATH` to get them."
                )
            if profile.national_wage is None:
                missing.append(
                    "No wages: import OEWS data (`onramp data bootstrap` or "
                    "`onramp wages import PATH`)."
                )
            if profile.growth is None:
                missing.append(
                    "No growth outlook: import BLS Employment Projections with "
                    "`onramp taxonomy import bls-projections PATH`."
                )
            if not profile.crosswalk:
                missing.append(
                    "No linked ESCO occupations: import ESCO and the ESCO-O*NET "
                    "crosswalk (`onramp taxonomy import crosswalk PATH`)."
                )
        return missing


def _ref(framework: Framework) -> FrameworkRef:
    return FrameworkRef(
        framework.key,
        framework.version,
        framework.name,
        str(framework.origin),
        framework.attribution,
        list(framework.limitations),
    )


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


def _occupation_skills(conn: Any, framework_id: int | None, code: str) -> list[RatedSkill]:
    rel, sk = schema.occupation_skills, schema.skills
    rows = conn.execute(
        select(rel, sk.c.uri, sk.c.preferred_label, sk.c.skill_type)
        .join(sk, and_(sk.c.framework_id == rel.c.framework_id, sk.c.code == rel.c.skill_code))
        .where(rel.c.framework_id == framework_id, rel.c.occupation_code == code)
    )
    return [
        RatedSkill(
            r.skill_code,
            r.uri,
            r.preferred_label,
            r.skill_type,
            r.importance,
            r.level,
            r.level_not_relevant,
            r.relation,
        )
        for r in rows
    ]


def _education(conn: Any, framework_id: int, code: str) -> list[EducationShare]:
    ratings, categories = schema.ratings, schema.categories
    rows = conn.execute(
        select(
            ratings.c.category,
            ratings.c.value,
            categories.c.description,
            ratings.c.recommend_suppress,
        )
        .join(
            categories,
            and_(
                categories.c.framework_id == ratings.c.framework_id,
                categories.c.element_id == ratings.c.element_id,
                categories.c.scale_id == ratings.c.scale_id,
                categories.c.category == ratings.c.category,
            ),
        )
        .where(
            ratings.c.framework_id == framework_id,
            ratings.c.occupation_code == code,
            ratings.c.element_id == EDUCATION_ELEMENT,
            ratings.c.scale_id == "RL",
        )
        .order_by(ratings.c.category)
    )
    return [
        EducationShare(r.category, r.description, r.value, bool(r.recommend_suppress)) for r in rows
    ]


def _wage(conn: Any, release: Framework, soc: str, area: str) -> WageFigures | None:
    wages = schema.wages
    row = conn.execute(
        select(wages).where(
            wages.c.framework_id == release.id,
            wages.c.soc_code == soc,
            (wages.c.area_code == area) | (func.lower(wages.c.area_name) == area.lower()),
        )
    ).first()
    if row is None:
        return None
    return WageFigures(
        row.area_code,
        row.area_name,
        row.area_type,
        release.version,
        row.employment,
        row.annual_median,
        row.annual_p10,
        row.annual_p25,
        row.annual_p75,
        row.annual_p90,
        row.hourly_median,
        row.notes,
    )
