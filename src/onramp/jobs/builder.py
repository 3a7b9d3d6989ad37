"""The job builder (issue 13, item 2): a draft job proposed from an occupation profile.

Everything comes from the current releases, through the occupation profile the catalog
assembles and the occupation's skills (`onramp.nlp.occupation_skills`, the use case matching
and pathways share), never from lists in code:

- O*NET skills and knowledge rated important (importance 3 or more on its 1-5 scale), at the
  level O*NET rates them (0-7, mapped to the 1-5 scale by `proficiency_from_onet`); those
  rated 3.5 or more, and always the three most important, are proposed as must-haves;
- ESCO essential skills (must-haves) and optional skills (nice to have), from the occupation
  itself or through its crosswalk links, when there are no O*NET ratings, at a level set by
  the job zone, and said so;
- when the releases neither rate nor list the occupation's skills (the embedded default),
  skills guessed from its description and task statements: only ever nice to have, each
  with a source ending "(guessed from the job's tasks)", and `lacks` says so, since a
  must-have bars people and a guess should not;
- O*NET technology marked hot or in demand, as nice-to-haves;
- Essential Skills Framework skills linked to the O*NET elements or ESCO skills above
  (marked guessed when only guessed skills link them);
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
)
from onramp.nlp.occupation_skills import (
    OccupationSkill,
    OccupationSkills,
    SkillBasis,
    framework_skills,
)
from onramp.taxonomy.esf.view import EsfView
from onramp.taxonomy.onet import technology_uri
from onramp.taxonomy.proficiency import level_for_job_zone
from onramp.taxonomy.profile import OccupationProfile

MIN_IMPORTANCE = 3.0  # O*NET "important" and above
MUST_IMPORTANCE = 3.5
MIN_MUST_HAVES = 3  # the most important few are must-haves even in a job rated low overall
MAX_DUTIES = 8
MAX_TECHNOLOGY = 6
MAX_ESCO_OPTIONAL = 6
MAX_GUESSED = 10  # skills guessed from the job's tasks, all proposed as nice to have
GUESSED = "(guessed from the job's tasks)"  # ends the source of every guessed requirement
GUESSED_NOTE = (
    "We guessed the skills from what this job's tasks say, so they are all marked nice to "
    "have. Check each one, remove those that don't fit, and choose the must-haves yourself."
)
SKILL_EVIDENCE = (EvidenceKind.WORK_HISTORY, EvidenceKind.ASSESSMENT, EvidenceKind.ATTESTATION)
KNOWLEDGE_EVIDENCE = (EvidenceKind.CREDENTIAL, EvidenceKind.ASSESSMENT)
TECH_EVIDENCE = (EvidenceKind.PORTFOLIO, EvidenceKind.WORK_HISTORY, EvidenceKind.ASSESSMENT)
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
    profile: OccupationProfile,
    esf: EsfView | None = None,
    max_must_haves: int | None = None,
    skills: OccupationSkills | None = None,
) -> Proposal:
    """A draft from the profile and the occupation's skills (`occupation_skills`; without
    them, only what the profile rates or lists is proposed, and nothing is guessed)."""
    limit = max_must_haves or rule_data().setting(RuleId.MUST_HAVE_INFLATION, "max_must_haves")
    source = f"{profile.framework.key} {profile.framework.version}"
    found = list(skills.skills) if skills is not None else framework_skills(profile)
    requirements: list[Requirement] = []
    lacks: list[str] = []
    sources = [source]
    rated = [
        s for s in found if s.basis is SkillBasis.RATED and (s.importance or 0.0) >= MIN_IMPORTANCE
    ]
    for rank, skill in enumerate(rated):
        importance = skill.importance or 0.0
        requirements.append(
            Requirement(
                skill=skill.uri,
                label=skill.label,
                level=skill.level,
                must_have=importance >= MUST_IMPORTANCE or rank < MIN_MUST_HAVES,
                evidence=_evidence(skill),
                importance=importance,
                source=skill.source,
            )
        )
    guessed: list[OccupationSkill] = []
    if not rated:
        lacks.append(
            "There are no skill ratings for this job here, so we can't suggest how important "
            "each skill is or at what level. Set the levels yourself."
        )
        requirements.extend(_listed(found, sources))
        if not requirements:
            guessed = [s for s in found if s.basis is SkillBasis.INFERRED][:MAX_GUESSED]
            requirements.extend(_guessed(guessed, sources))
    if guessed and skills is not None:
        lacks.append(GUESSED_NOTE)
        lacks.extend(n for n in skills.notes if n != SkillBasis.INFERRED.label)
    if not requirements:
        lacks.append("We found no skills for this job. Add the skills it needs yourself.")
    requirements.extend(_technology(profile, source, {r.skill for r in requirements}))
    if esf is not None:
        requirements.extend(_essential(profile, esf, found, {r.skill for r in requirements}))
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
    if zone is None and profile.framework.key == "onet":
        lacks.append(
            "We don't know how much training this job takes, so we set the career level to "
            "entry. Change it if that is wrong."
        )
    draft = JobDraft(
        title=profile.title[:200],
        occupations=tuple(codes[:6]),
        career_level=CAREER_BY_JOB_ZONE.get(zone or 0, CareerLevel.ENTRY),
        summary=profile.description[:2000],
        duties=tuple(duties[:MAX_DUTIES]),
        requirements=tuple(requirements),
    )
    return Proposal(draft, zone, sources, lacks)


def _evidence(skill: OccupationSkill) -> tuple[EvidenceKind, ...]:
    return KNOWLEDGE_EVIDENCE if skill.skill_type == "knowledge" else SKILL_EVIDENCE


def _listed(found: list[OccupationSkill], sources: list[str]) -> list[Requirement]:
    """ESCO essential skills (must-haves) and the first optional ones (nice to have)."""
    listed = [s for s in found if s.basis in (SkillBasis.ESSENTIAL, SkillBasis.OPTIONAL)]
    optional = [s for s in listed if s.basis is SkillBasis.OPTIONAL][:MAX_ESCO_OPTIONAL]
    out = []
    for skill in listed:
        essential = skill.basis is SkillBasis.ESSENTIAL
        if not essential and skill not in optional:
            continue
        if skill.source not in sources:
            sources.append(skill.source)
        out.append(
            Requirement(
                skill=skill.uri,
                label=skill.label,
                level=skill.level,
                must_have=essential,
                evidence=_evidence(skill),
                source=skill.source,
            )
        )
    return out


def _guessed(guessed: list[OccupationSkill], sources: list[str]) -> list[Requirement]:
    """Skills guessed from the job's own text: never must-haves, and their source says so."""
    out = []
    for skill in guessed:
        source = f"{skill.source} {GUESSED}".strip()
        if source not in sources:
            sources.append(source)
        out.append(
            Requirement(
                skill=skill.uri,
                label=skill.label,
                level=skill.level,
                must_have=False,
                evidence=_evidence(skill),
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
    profile: OccupationProfile, esf: EsfView, found: list[OccupationSkill], taken: set[str]
) -> list[Requirement]:
    """Essential skills linked to what the occupation rates important, lists, or (marked
    guessed) what was guessed from its tasks."""
    by_element = {
        s.code: s
        for s in found
        if s.basis is SkillBasis.RATED and (s.importance or 0.0) >= MIN_IMPORTANCE
    }
    listed = {s.uri for s in found if s.basis in (SkillBasis.ESSENTIAL, SkillBasis.OPTIONAL)}
    guessed = {s.uri for s in found if s.basis is SkillBasis.INFERRED}
    out = []
    for group in esf.groups:
        for skill in group.skills:
            linked = [by_element[e] for e in skill.onet if e in by_element]
            esco = set(skill.esco)
            if skill.uri in taken or not (linked or esco & (listed | guessed)):
                continue
            level = max(s.level for s in linked) if linked else level_for_job_zone(profile.job_zone)
            only_guessed = not linked and not esco & listed
            source = f"onramp-esf {esf.version}" + (f" {GUESSED}" if only_guessed else "")
            out.append(
                Requirement(
                    skill=skill.uri,
                    label=skill.name,
                    level=level,
                    must_have=False,
                    evidence=SKILL_EVIDENCE,
                    source=source,
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
