"""The Essential Skills Framework as people read it: groups, skills, levels and examples."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import Engine, select

from onramp.errors import NotFoundError
from onramp.store import schema
from onramp.store.rows import tuples_of
from onramp.taxonomy.esf.loader import ESF_KEY


@dataclass(slots=True)
class LevelView:
    level: int
    name: str
    description: str
    examples: dict[str, str]


@dataclass(slots=True)
class SkillView:
    code: str
    uri: str
    name: str
    definition: str
    levels: list[LevelView] = field(default_factory=list)
    esco: list[str] = field(default_factory=list)
    onet: list[str] = field(default_factory=list)


@dataclass(slots=True)
class GroupView:
    code: str
    name: str
    description: str
    skills: list[SkillView] = field(default_factory=list)


@dataclass(slots=True)
class EsfView:
    version: str
    name: str
    owner: str
    groups: list[GroupView]


def essential_skills(engine: Engine, owner: str = "", version: str | None = None) -> EsfView:
    """The current (or named) version; an organization's own version when it has one."""
    f = schema.frameworks
    with engine.connect() as conn:
        query = select(f).where(f.c.key == ESF_KEY)
        rows = conn.execute(query).all()
        if version:
            chosen = [r for r in rows if r.version == version and r.owner in (owner, "")]
        else:  # an organization without its own version reads the platform's
            chosen = [r for r in rows if r.is_current and r.owner == owner] or [
                r for r in rows if r.is_current and r.owner == ""
            ]
        if not chosen:
            raise NotFoundError(
                f"Essential Skills Framework version {version} is not installed"
                if version
                else "the Essential Skills Framework is not installed: run `onramp esf install`"
            )
        release = chosen[0]
        skills = conn.execute(
            select(schema.skills)
            .where(schema.skills.c.framework_id == release.id)
            .order_by(schema.skills.c.code)
        ).all()
        parents: dict[str, str] = dict(
            tuples_of(
                conn.execute(
                    select(schema.skill_broader.c.code, schema.skill_broader.c.broader_code).where(
                        schema.skill_broader.c.framework_id == release.id
                    )
                ).all()
            )
        )
        levels = conn.execute(
            select(schema.proficiency_levels)
            .where(schema.proficiency_levels.c.framework_id == release.id)
            .order_by(schema.proficiency_levels.c.skill_code, schema.proficiency_levels.c.level)
        ).all()
        links = conn.execute(
            select(schema.crosswalk).where(schema.crosswalk.c.framework_id == release.id)
        ).all()
    groups = {
        s.code: GroupView(s.code, s.preferred_label, s.description)
        for s in skills
        if s.skill_type == "group"
    }
    views = {
        s.code: SkillView(s.code, s.uri, s.preferred_label, s.description)
        for s in skills
        if s.skill_type != "group"
    }
    for level in levels:
        views[level.skill_code].levels.append(
            LevelView(level.level, level.name, level.description, dict(level.examples))
        )
    for link in links:
        view = views.get(link.from_code)
        if view is not None:
            (view.esco if link.to_scheme == "esco" else view.onet).append(link.to_code)
    for code, view in views.items():
        groups[parents[code]].skills.append(view)
    return EsfView(release.version, release.name, release.owner, list(groups.values()))
