"""Assembles the occupation profile from the current releases of every framework.

Joins the occupation with its rated or essential skills, tasks, technology, education ratings,
OEWS wages and BLS projections (by SOC 2018 code) and the crosswalk to the other framework.
"""

from __future__ import annotations

from typing import Any, Protocol

from sqlalchemy import Engine, and_, select

from onramp.market.areas import Area, match_areas
from onramp.store import schema
from onramp.taxonomy.model import Framework, Occupation
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


class Releases(Protocol):
    """What the builder reads through (the `Catalog`): it never imports the catalog, which
    builds profiles with it."""

    engine: Engine

    def current(self, key: str, owner: str = "") -> Framework | None: ...

    def find_occupation(self, code: str) -> tuple[Framework, Occupation]: ...


EDUCATION_ELEMENT = "2.D.1"
SAME_JOB = ("exactMatch", "closeMatch", "narrowMatch")  # links whose ESCO skills apply here
NATIONAL = "US"


class ProfileBuilder:
    def __init__(self, catalog: Releases) -> None:
        self.catalog = catalog
        self.engine = catalog.engine

    def build(self, code: str, area: str | None = None) -> OccupationProfile:
        framework, occupation = self.catalog.find_occupation(code)
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
            tools = schema.tools_used
            profile.tools = list(
                dict.fromkeys(
                    conn.execute(
                        select(tools.c.example)
                        .where(
                            tools.c.framework_id == fid, tools.c.occupation_code == occupation.code
                        )
                        .order_by(tools.c.example)
                    ).scalars()
                )
            )
            profile.education = _education(conn, fid, occupation.code)
            self._labour_market(conn, profile, occupation, area)
            self._crosswalk(conn, profile, framework, occupation)
        profile.missing = self._missing(profile, framework)
        profile.gaps = _gaps(profile, framework)
        return profile

    def _labour_market(
        self, conn: Any, profile: OccupationProfile, occupation: Occupation, area: str | None
    ) -> None:
        soc = occupation.soc2018
        if not soc:
            return
        oews = self.catalog.current("oews")
        if oews is not None:
            profile.national_wage = _wage(conn, oews, soc, NATIONAL)
            if area:
                self._area_wage(conn, profile, oews, soc, area)
        projections = self.catalog.current("bls-projections")
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

    def _area_wage(
        self, conn: Any, profile: OccupationProfile, oews: Framework, soc: str, area: str
    ) -> None:
        """Pay in the area a person typed, matched forgivingly; when no area matches, or the
        area has no figures for this job, the profile says so and keeps national pay."""
        profile.area_query = area
        matches = match_areas(area, _areas(conn, oews))
        for match in matches:
            profile.area_wage = _wage(conn, oews, soc, match.code)
            if profile.area_wage is not None:
                return
        if matches:
            profile.area_note = (
                f"We have no pay figures for this job in {matches[0].name}. "
                "The pay shown is for the whole country."
            )
        else:
            profile.area_note = (
                f"We could not find a place called “{area}”. Try a city, a state or a metro "
                "area, such as “Dayton, OH” or “Ohio”. The pay shown is for the whole country."
            )

    def _crosswalk(
        self, conn: Any, profile: OccupationProfile, framework: Framework, occupation: Occupation
    ) -> None:
        links = schema.crosswalk
        if framework.key == "onet":
            target = self.catalog.current("esco")
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
                linked = _occupation_skills(conn, target.id, found.code)
                skills = [s for s in linked if s.relation == "essential"]
                if row.match_type in SAME_JOB:
                    profile.linked_skills.extend(linked)
                profile.crosswalk.append(
                    LinkedOccupation(found.code, found.title, row.match_type, "esco", skills)
                )
            order = {"exactMatch": 0, "closeMatch": 1, "narrowMatch": 2, "broadMatch": 3}
            profile.crosswalk.sort(key=lambda o: (order.get(o.match_type, 4), o.title))
            unique = {s.code: s for s in sorted(profile.linked_skills, key=_essential_first)}
            profile.linked_skills = sorted(unique.values(), key=_essential_first)
        elif framework.key == "esco":
            target = self.catalog.current("onet")
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


def _essential_first(skill: RatedSkill) -> tuple[bool, str]:
    return skill.relation != "essential", skill.label.lower()


def _gaps(profile: OccupationProfile, framework: Framework) -> list[str]:
    """What the page cannot show yet, in plain words for anyone (the operator's details, with
    the import commands, are `missing` and the Data sources page)."""
    gaps = []
    if not (profile.skills or profile.other_skills or profile.linked_skills):
        gaps.append("the skills this job needs")
    if framework.key == "onet":
        if not profile.tools:
            gaps.append("the tools people use")
        if not profile.technology:
            gaps.append("the software people use")
        if not profile.education:
            gaps.append("the schooling people in this job have")
        if profile.job_zone is None:
            gaps.append("how much preparation the job takes")
        if profile.national_wage is None:
            gaps.append("pay")
        if profile.growth is None:
            gaps.append("how many jobs there will be")
    return gaps


def _ref(framework: Framework) -> FrameworkRef:
    return FrameworkRef(
        framework.key,
        framework.version,
        framework.name,
        str(framework.origin),
        framework.attribution,
        list(framework.limitations),
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


def _areas(conn: Any, release: Framework) -> list[Area]:
    """Every area of a wage release (a few hundred), from its rows."""
    wages = schema.wages
    rows = conn.execute(
        select(wages.c.area_code, wages.c.area_name, wages.c.area_type)
        .where(wages.c.framework_id == release.id)
        .distinct()
    )
    return [Area(code, name, kind) for code, name, kind in rows]


def _wage(conn: Any, release: Framework, soc: str, area: str) -> WageFigures | None:
    wages = schema.wages
    row = conn.execute(
        select(wages).where(
            wages.c.framework_id == release.id,
            wages.c.soc_code == soc,
            wages.c.area_code == area,
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
