"""The job builder (issue 13, item 2): a draft job proposed from an occupation profile.

Everything comes from the current releases, through the occupation profile the catalog
assembles, never from lists in code:

- O*NET skills and knowledge rated important (importance 3 or more on its 1-5 scale), at the
  level O*NET rates them (0-7, mapped to the 1-5 scale by `proficiency_from_onet`); those
  rated 3.5 or more, and always the three most important, are proposed as must-haves;
- ESCO essential skills (must-haves) and optional skills (nice to have), from the occupation
  itself or through its crosswalk links, when there are no O*NET ratings (the embedded
  default), at a level set by the job zone, and said so;
- O*NET technology marked hot or in demand, as nice-to-haves;
- Essential Skills Framework skills whose O*NET elements or ESCO skills the occupation rates;
- O*NET core tasks as the duties.

The most important must-haves are kept within the linter's limit; the rest are proposed as
nice to have. The employer edits everything before anything is published.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from onramp.jobs.lint.data import rule_data
from onramp.jobs.lint.findings import RuleId
from onramp.jobs.model import (
    CareerLevel,
    EvidenceKind,
    JobDraft,
    Requirement,
    proficiency_from_onet,
)
from onramp.taxonomy.esf.view import EsfView
from onramp.taxonomy.onet import technology_uri
from onramp.taxonomy.profile import OccupationProfile, RatedSkill

MIN_IMPORTANCE = 3.0  # O*NET "important" and above
MUST_IMPORTANCE = 3.5
MIN_MUST_HAVES = 3  # the most important few are must-haves even in a job rated low overall
MAX_DUTIES = 8
MAX_TECHNOLOGY = 6
MAX_ESCO_OPTIONAL = 6
SKILL_EVIDENCE = (EvidenceKind.WORK_HISTORY, EvidenceKind.ASSESSMENT, EvidenceKind.ATTESTATION)
KNOWLEDGE_EVIDENCE = (EvidenceKind.CREDENTIAL, EvidenceKind.ASSESSMENT)
TECH_EVIDENCE = (EvidenceKind.PORTFOLIO, EvidenceKind.WORK_HISTORY, EvidenceKind.ASSESSMENT)
# the level an unrated (ESCO) skill is proposed at, by job zone
LEVEL_BY_JOB_ZONE = {1: 2, 2: 2, 3: 3, 4: 3, 5: 4}
CAREER_BY_JOB_ZONE = {
    1: CareerLevel.ENTRY,
    2: CareerLevel.ENTRY,
    3: CareerLevel.DEVELOPING,
    4: CareerLevel.PROFICIENT,
    5: CareerLevel.PROFICIENT,
}


@dataclass(slots=True)
class Proposal:
    """A draft and what the builder could not do, in plain words."""

    draft: JobDraft
    job_zone: int | None
    sources: list[str] = field(default_factory=list)  # "onet 29.3", "esco 1.1.1 (embedded)"
    lacks: list[str] = field(default_factory=list)


def propose(
    profile: OccupationProfile, esf: EsfView | None = None, max_must_haves: int | None = None
) -> Proposal:
    limit = max_must_haves or rule_data().setting(RuleId.MUST_HAVE_INFLATION, "max_must_haves")
    source = f"{profile.framework.key} {profile.framework.version}"
    requirements: list[Requirement] = []
    lacks: list[str] = []
    sources = [source]
    rated = [
        s
        for s in [*profile.skills, *profile.knowledge]
        if s.importance is not None
        and s.importance >= MIN_IMPORTANCE
        and s.level is not None
        and not s.level_not_relevant
    ]
    rated.sort(key=lambda s: (-(s.importance or 0), -(s.level or 0), s.label))
    for rank, skill in enumerate(rated):
        importance = skill.importance or 0.0
        requirements.append(
            Requirement(
                skill=skill.uri,
                label=skill.label,
                level=proficiency_from_onet(skill.level or 0),
                must_have=importance >= MUST_IMPORTANCE or rank < MIN_MUST_HAVES,
                evidence=KNOWLEDGE_EVIDENCE if skill.skill_type == "knowledge" else SKILL_EVIDENCE,
                importance=round(importance, 2),
                source=source,
            )
        )
    if not rated:
        lacks.append(
            "There are no skill ratings for this job here, so we can't suggest how important "
            "each skill is or at what level. Set the levels yourself."
        )
        requirements.extend(_esco(profile, sources))
    if not requirements:
        lacks.append("We found no skills for this job. Add the skills it needs yourself.")
    requirements.extend(_technology(profile, source, {r.skill for r in requirements}))
    if esf is not None:
        requirements.extend(_essential(profile, esf, rated, {r.skill for r in requirements}))
    elif profile.skills:
        lacks.append("The Essential Skills Framework is not installed, so none are suggested.")
    requirements = _keep_within(requirements, limit)
    duties = [t.statement for t in profile.tasks if t.task_type.lower() == "core"] or [
        t.statement for t in profile.tasks
    ]
    if not duties:
        lacks.append("There are no task lists for this job here. Write what the person will do.")
    codes = [profile.code]
    if profile.onet_soc and profile.onet_soc != profile.code:
        codes.append(profile.onet_soc)
    codes.extend(link.code for link in profile.crosswalk if link.code not in codes)
    zone = profile.job_zone
    draft = JobDraft(
        title=profile.title[:200],
        occupations=tuple(codes[:6]),
        career_level=CAREER_BY_JOB_ZONE.get(zone or 0, CareerLevel.ENTRY),
        summary=profile.description[:2000],
        duties=tuple(duties[:MAX_DUTIES]),
        requirements=tuple(requirements),
    )
    return Proposal(draft, zone, sources, lacks)


def _esco(profile: OccupationProfile, sources: list[str]) -> list[Requirement]:
    """ESCO essential and optional skills: the occupation's own, or through its links."""
    level = LEVEL_BY_JOB_ZONE.get(profile.job_zone or 3, 3)
    own = [(s, profile.framework.key, profile.framework.version) for s in profile.other_skills]
    linked = [(s, link.framework, "") for link in profile.crosswalk for s in link.essential_skills]
    out: list[Requirement] = []
    seen: set[str] = set()
    optional = 0
    for skill, key, version in [*own, *linked]:
        if skill.uri in seen or skill.relation not in ("essential", "optional"):
            continue
        essential = skill.relation == "essential"
        if not essential:
            optional += 1
            if optional > MAX_ESCO_OPTIONAL:
                continue
        seen.add(skill.uri)
        source = f"{key} {version}".strip()
        if source not in sources:
            sources.append(source)
        out.append(
            Requirement(
                skill=skill.uri,
                label=skill.label,
                level=level,
                must_have=essential,
                evidence=SKILL_EVIDENCE,
                source=source,
            )
        )
    return out


def _technology(profile: OccupationProfile, source: str, taken: set[str]) -> list[Requirement]:
    chosen = [t for t in profile.technology if t.hot or t.in_demand][:MAX_TECHNOLOGY]
    out = []
    for tech in chosen:
        uri = technology_uri(tech.example)
        if uri in taken:
            continue
        taken.add(uri)
        out.append(
            Requirement(
                skill=uri,
                label=tech.example,
                level=2,
                must_have=False,
                learnable_weeks=4,
                evidence=TECH_EVIDENCE,
                source=source,
            )
        )
    return out


def _essential(
    profile: OccupationProfile, esf: EsfView, rated: list[RatedSkill], taken: set[str]
) -> list[Requirement]:
    """Essential skills linked to what the occupation rates important (or ESCO lists)."""
    by_element = {s.code: s for s in rated}
    esco = {s.uri for s in profile.other_skills} | {
        s.uri for link in profile.crosswalk for s in link.essential_skills
    }
    out = []
    for group in esf.groups:
        for skill in group.skills:
            linked = [by_element[e] for e in skill.onet if e in by_element]
            if skill.uri in taken or not (linked or esco & set(skill.esco)):
                continue
            level = (
                max(proficiency_from_onet(s.level or 0) for s in linked)
                if linked
                else LEVEL_BY_JOB_ZONE.get(profile.job_zone or 3, 3)
            )
            out.append(
                Requirement(
                    skill=skill.uri,
                    label=skill.name,
                    level=level,
                    must_have=False,
                    evidence=SKILL_EVIDENCE,
                    source=f"onramp-esf {esf.version}",
                )
            )
    return out


def _keep_within(requirements: list[Requirement], limit: int) -> list[Requirement]:
    """At most `limit` must-haves: the first (most important) stay, the rest become nice to
    have, so the builder never proposes what the linter would flag."""
    out, musts = [], 0
    for requirement in requirements:
        if requirement.must_have:
            musts += 1
            if musts > limit:
                requirement = requirement.model_copy(update={"must_have": False})
        out.append(requirement)
    return out
