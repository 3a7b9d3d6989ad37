"""Evidence a worker (or an organization, for them) entered, read into `Evidence` (pure).

Kinds and what they give:
- an attestation or LER, an assessment result, a training completion, a portfolio item: one
  piece per skill it names, at the level given; verified only when an organization recorded it
  itself (a worker's own entry is their word);
- self-ratings against the Essential Skills Framework: unverified SELF evidence, the ESF's four
  levels read as the first four steps of the 1-5 scale (`ESF_LEVEL`: Starting is Aware,
  Building is Basic, Skilled is Working, Leading is Advanced, by their anchor sentences);
- a past job coded to an occupation: the skills people in that occupation use, from the
  occupation's profile, marked `inferred` (the scoring core gives them less weight), plus any
  skills the worker named for that job;
- a resume: each skill the extractor found, as an unverified claim at `RESUME_LEVEL`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Protocol

from onramp.jobs.importing import DEFAULT_LEVEL as RESUME_LEVEL
from onramp.jobs.importing import LEVEL_OF_CUE
from onramp.matching.scoring.evidence import Evidence, EvidenceKind, EvidenceStatus
from onramp.matching.sources.credentials import LeftOut

ESF_LEVEL = {1: 1, 2: 2, 3: 3, 4: 4}  # Essential Skills Framework level -> 1-5 proficiency
ENTERED_KINDS = (
    EvidenceKind.ATTESTATION,
    EvidenceKind.ASSESSMENT,
    EvidenceKind.TRAINING,
    EvidenceKind.PORTFOLIO,
)
ORG_KINDS = (EvidenceKind.ATTESTATION, EvidenceKind.ASSESSMENT, EvidenceKind.TRAINING)


class OccupationSkills(Protocol):
    """The skills people in an occupation use, each with its 1-5 level: (skill URI, level).
    Empty when the occupation is unknown or its profile lists none."""

    def __call__(self, occupation_code: str) -> Iterable[tuple[str, int]]: ...


# A title (and what the worker did) coded to an occupation: (code, title), or None.
TitleCoder = Callable[[str, str], tuple[str, str] | None]


@dataclass(frozen=True, slots=True)
class SkillClaim:
    skill: str  # a URI
    level: int  # 1-5
    label: str = ""


@dataclass(slots=True)
class Entry:
    """One thing the worker (or an organization) entered that shows skills."""

    id: str
    worker_id: str
    kind: EvidenceKind
    title: str
    issuer: str
    org_id: str | None
    verified: bool
    started_on: date | None
    ended_on: date | None
    occupation_code: str
    details: dict[str, Any]
    created_at: datetime
    skills: list[SkillClaim] = field(default_factory=list)

    @property
    def dated(self) -> date:
        return self.ended_on or self.started_on or self.created_at.date()


FROM_PROFILE = "profile"  # `details["source"]` of a past job kept from the worker's profile
SAME_JOB = "The same job is also on your skills page, so we count it once."


def is_from_profile(entry: Entry) -> bool:
    return entry.kind is EvidenceKind.WORK_HISTORY and entry.details.get("source") == FROM_PROFILE


def _plain(text: object) -> str:
    return " ".join(str(text or "").split()).casefold()


def same_job(a: Entry, b: Entry) -> bool:
    """The same past job said twice: the same title and employer (ignoring case and spaces),
    started the same year, or with no start given on one of them."""
    years = (a.started_on and a.started_on.year, b.started_on and b.started_on.year)
    return (
        _plain(a.title) == _plain(b.title)
        and _plain(a.details.get("employer")) == _plain(b.details.get("employer"))
        and (None in years or years[0] == years[1])
    )


def counted_once(entries: Iterable[Entry]) -> tuple[list[Entry], list[LeftOut]]:
    """The entries to count, and why any was left out: a past job from the worker's profile
    that they also added on the skills page counts once, as the one they added there (it may
    name skills and the occupation they chose)."""
    every = list(entries)
    added = [e for e in every if e.kind is EvidenceKind.WORK_HISTORY and not is_from_profile(e)]
    kept: list[Entry] = []
    left_out: list[LeftOut] = []
    for entry in every:
        if is_from_profile(entry) and any(same_job(entry, other) for other in added):
            left_out.append(LeftOut(entry.title, SAME_JOB))
        else:
            kept.append(entry)
    return kept, left_out


def profile_date(text: str, *, end: bool = False) -> date | None:
    """A date a worker typed in their profile ("2019", "2019-05" or "2019-05-14"): the first day
    of a year or month for a start, the last for an end; None for anything else ("now")."""
    parts = text.strip().split("-")
    if not all(p.isdigit() for p in parts) or len(parts) > 3 or len(parts[0]) != 4:
        return None
    year = int(parts[0])
    try:
        if len(parts) == 1:
            return date(year, 12, 31) if end else date(year, 1, 1)
        month = int(parts[1])
        if len(parts) == 3:
            return date(year, month, int(parts[2]))
        if not end:
            return date(year, month, 1)
        following = date(year + month // 12, month % 12 + 1, 1)
        return date.fromordinal(following.toordinal() - 1)
    except ValueError:
        return None


def resume_level(skill: dict[str, Any]) -> int:
    """The level of a skill the extractor found: its cue's ("expert in" is 5), else
    RESUME_LEVEL, the default the posting importer uses too."""
    level = skill.get("level")
    cue = level.get("level") if isinstance(level, dict) else None
    return LEVEL_OF_CUE.get(str(cue or ""), RESUME_LEVEL)


def _note(entry: Entry, claim: SkillClaim) -> str:
    name = claim.label or claim.skill
    match entry.kind:
        case EvidenceKind.SELF:
            return f"You rated yourself at level {claim.level} in {name}."
        case EvidenceKind.RESUME:
            return f"Your resume mentions {name}."
        case EvidenceKind.WORK_HISTORY:
            return f"You said you used {name} in a past job."
        case _:
            issuer = entry.details.get("issuer_name") or entry.issuer
            by = f", from {issuer}" if issuer else ""
            checked = " An organization recorded it." if entry.verified else ""
            return f"{entry.kind.label} {entry.title}{by}: {name}, level {claim.level}.{checked}"


def _source(entry: Entry) -> str:
    if entry.kind is EvidenceKind.RESUME and entry.details.get("sha256"):
        return f"resume:{entry.details['sha256']}"
    return f"entry:{entry.id}"


def entry_evidence(entry: Entry, occupation_skills: OccupationSkills | None) -> list[Evidence]:
    """The evidence one entry gives (see the module docstring for each kind)."""
    out = [
        Evidence(
            skill=claim.skill,
            level=claim.level,
            kind=entry.kind,
            verified=entry.verified and entry.kind in ORG_KINDS,
            status=EvidenceStatus.ACTIVE,
            date=entry.dated,
            issuer=entry.issuer or None,
            source=_source(entry),
            note=_note(entry, claim),
        )
        for claim in entry.skills
    ]
    if entry.kind is EvidenceKind.WORK_HISTORY and entry.occupation_code and occupation_skills:
        named = {claim.skill for claim in entry.skills}
        occupation = entry.details.get("occupation_title") or entry.occupation_code
        for skill, level in occupation_skills(entry.occupation_code):
            if skill in named:
                continue
            out.append(
                Evidence(
                    skill=skill,
                    level=level,
                    kind=EvidenceKind.WORK_HISTORY,
                    verified=False,
                    date=entry.dated,
                    source=_source(entry),
                    note=f"A past job as {occupation}: people in that job use this skill.",
                    inferred=True,
                )
            )
    return out
