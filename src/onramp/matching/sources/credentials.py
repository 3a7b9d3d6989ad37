"""A credential read into evidence: one piece per skill it aligns to (pure; no store).

Open Badges 3.0 (1EdTech, https://www.imsglobal.org/spec/ob/v3p0/): an AchievementCredential's
`credentialSubject.achievement.alignment[]` names the skills (`targetUrl`, or a URI in
`targetCode`) and `credentialSubject.result[]`, read against the achievement's
`resultDescription[]`, says how well. CLR 2.0 (https://www.imsglobal.org/spec/clr/v2p0/): each
AchievementCredential inside `credentialSubject.verifiableCredential[]` is read on its own, with
its own issuer.

Rules, each a trust decision that fails closed:
- Where the credential stands comes from its verification report, made just now (`Standing`):
  revoked, suspended or expired evidence is kept with that status and never counts; a report
  that fails for any other reason (a status that could not be confirmed, a broken seal, a key
  that could not be fetched) makes the evidence unverified, and its note says why.
- A credential that is not about the worker gives no evidence at all (`Standing.about_worker`).
- Degrees and diplomas give no evidence: schools and degrees are never inputs to a score
  (issue 14, item 4). Their skills can still be shown by other evidence.
- Only alignments to competencies count (`targetType` absent, `ceasn:Competency` or `CFItem`);
  an alignment to a credential, a course catalogue entry or a rubric is not a skill.

Level (the one 1-5 scale of `onramp.jobs.model.Proficiency`): from a result where one exists
(a rubric level's words, else its points or place among the levels; a grade's place among the
allowed values; a score between its bounds), else `DEFAULT_LEVEL` for the achievement type.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from onramp.credentials.formats.vcdm import parse_datetime
from onramp.credentials.rdf.values import as_list
from onramp.matching.scoring.evidence import (
    MAX_LEVEL,
    MIN_LEVEL,
    Evidence,
    EvidenceKind,
    EvidenceStatus,
)

SKILL_TARGET_TYPES = frozenset({"", "ceasn:Competency", "CFItem"})
# Achievement types that stand for schooling, not a skill shown (OB 3.0 AchievementType).
SCHOOLING_TYPES = frozenset(
    {
        "AssociateDegree",
        "BachelorDegree",
        "Degree",
        "Diploma",
        "DoctoralDegree",
        "GeneralEducationDevelopment",
        "MasterDegree",
        "ProfessionalDoctorate",
        "ResearchDoctorate",
        "SecondarySchoolDiploma",
    }
)
SCHOOLING_LEFT_OUT = (
    "A degree or diploma. Onramp looks at skills you have shown, not at schooling, so it does "
    "not use this."
)
# The level a credential shows when no result says: what earning it usually takes.
DEFAULT_LEVEL: Mapping[str, int] = {
    # a trade's higher ranks: working on your own, then leading and teaching
    "JourneymanCertificate": 4,
    "MasterCertificate": 5,
    # shown against a standard: everyday work on your own
    "ApprenticeshipCertificate": 3,
    "Assessment": 3,
    "Certification": 3,
    "Competency": 3,
    "License": 3,
    "MicroCredential": 3,
    # took part or finished: simple tasks
    "Achievement": 2,
    "Assignment": 2,
    "Award": 2,
    "Badge": 2,
    "Certificate": 2,
    "CertificateOfCompletion": 2,
    "CoCurricular": 2,
    "CommunityService": 2,
    "Course": 2,
    "Fieldwork": 2,
    "LearningProgram": 2,
    "QualityAssuranceCredential": 2,
    # belonging says little about doing
    "Membership": 1,
}
UNKNOWN_TYPE_LEVEL = 2
# Words rubric levels use, read onto the 1-5 scale (first match wins, so "not proficient"
# is read before "proficient").
_LEVEL_WORDS: tuple[tuple[re.Pattern[str], int], ...] = tuple(
    (re.compile(rf"\b(?:{words})\b", re.IGNORECASE), level)
    for words, level in (
        (r"not (?:yet )?(?:proficient|competent|met)|does not meet|below", 1),
        (r"expert|master(?:y|ed)?|exemplary|distinguished|leads?", 5),
        (r"advanced|exceeds|accomplished|leading|highly proficient", 4),
        (r"proficient|competent|meets|skilled|intermediate|working|independent", 3),
        (r"basic|developing|building|approaching|partial(?:ly)?|emerging", 2),
        (r"aware(?:ness)?|beginn(?:ing|er)|novice|starting|introductory|foundational", 1),
    )
)
_GRADE_POINT_TOP = 4.0  # a GradePointAverage with no stated maximum is on the common 0-4 scale


@dataclass(frozen=True, slots=True)
class Standing:
    """Where a credential stands after the check just made."""

    status: EvidenceStatus
    verified: bool
    about_worker: bool
    why: str = ""  # when not verified: the plain reason


def standing_of(report: Mapping[str, Any]) -> Standing:
    """A verification report's JSON form (`Report.to_json`) read for matching. Revocation wins
    over suspension, which wins over expiry; anything else that failed makes it unverified."""
    failed = {
        str(c.get("code", "")): str(c.get("plain", ""))
        for c in report.get("checks", [])
        if c.get("status") == "fail"
    }
    about = any(
        c.get("id") == "holder" and c.get("status") == "pass" for c in report.get("checks", [])
    )
    for code, status in (
        ("revoked", EvidenceStatus.REVOKED),
        ("suspended", EvidenceStatus.SUSPENDED),
        ("expired", EvidenceStatus.EXPIRED),
    ):
        if code in failed:
            return Standing(status, False, about, failed[code] or status.label)
    verified = bool(report.get("verified"))
    why = "" if verified else str(report.get("verdict_plain") or "It did not pass every check.")
    return Standing(EvidenceStatus.ACTIVE, verified, about, why)


@dataclass(frozen=True, slots=True)
class LeftOut:
    """A record that gave no evidence: its name and why, in plain words. The name is the
    record's own (it may name a school or a degree), so an employer's blind view shows only
    the reason, and nothing of schooling (`onramp.matching.blind`)."""

    name: str
    why: str
    schooling: bool = False  # a degree or diploma: holding one is itself hidden until a reveal

    def __str__(self) -> str:
        return f"{self.name}: {self.why}"


@dataclass(slots=True)
class Read:
    """What a credential gave: evidence, and what was left out with the reason."""

    evidence: list[Evidence] = field(default_factory=list)
    left_out: list[LeftOut] = field(default_factory=list)


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _subject(credential: Mapping[str, Any]) -> dict[str, Any]:
    subjects = [s for s in as_list(credential.get("credentialSubject")) if isinstance(s, dict)]
    return subjects[0] if subjects else {}


def _types(value: Any) -> set[str]:
    return {str(t) for t in as_list(value)}


def _issuer(credential: Mapping[str, Any]) -> tuple[str, str]:
    """(id, name) of the issuer."""
    issuer = credential.get("issuer")
    if isinstance(issuer, dict):
        return str(issuer.get("id", "")), str(issuer.get("name", "") or issuer.get("id", ""))
    return str(issuer or ""), str(issuer or "")


def _when(credential: Mapping[str, Any], fallback: date | None) -> date | None:
    for name in ("awardedDate", "validFrom", "issuanceDate"):
        moment = parse_datetime(credential.get(name))
        if moment is not None:
            return moment.date()
    return fallback


def _is_uri(value: Any) -> bool:
    return (
        isinstance(value, str)
        and 3 <= len(value) <= 500
        and ":" in value
        and not any(c.isspace() for c in value)
    )


def skills_of(alignments: Any) -> dict[str, str]:
    """{skill URI: name} of the alignments that name a competency."""
    found: dict[str, str] = {}
    for alignment in as_list(alignments):
        if not isinstance(alignment, dict):
            continue
        if str(alignment.get("targetType", "")) not in SKILL_TARGET_TYPES:
            continue
        url, code = alignment.get("targetUrl"), alignment.get("targetCode")
        uri = url if _is_uri(url) else code if _is_uri(code) else None
        if uri is not None:
            found.setdefault(str(uri), str(alignment.get("targetName", "")).strip())
    return found


def _step(fraction: float) -> int:
    """A share of the way from lowest to highest (0-1) on the 1-5 scale."""
    fraction = min(1.0, max(0.0, fraction))
    return MIN_LEVEL + round(fraction * (MAX_LEVEL - MIN_LEVEL))


def level_from_words(*texts: Any) -> int | None:
    for text in texts:
        if not isinstance(text, str) or not text.strip():
            continue
        for pattern, level in _LEVEL_WORDS:
            if pattern.search(text):
                return level
    return None


def _number(value: Any) -> float | None:
    try:
        return float(str(value).strip().rstrip("%"))
    except ValueError:
        return None


def _rubric_level(described: Mapping[str, Any], achieved: str) -> tuple[int, str] | None:
    levels = [_dict(lv) for lv in as_list(described.get("rubricCriterionLevel"))]
    chosen = next((lv for lv in levels if lv.get("id") == achieved), None)
    if chosen is None:
        return None
    name = str(chosen.get("name") or chosen.get("level") or "a rubric level")
    by_words = level_from_words(chosen.get("level"), chosen.get("name"))
    if by_words is not None:
        return by_words, f"rubric level “{name}”"
    points = [_number(lv.get("points")) for lv in levels]
    mine, top = _number(chosen.get("points")), max((p for p in points if p is not None), default=0)
    if mine is not None and top > 0 and len({p for p in points if p is not None}) > 1:
        return _step(mine / top), f"rubric level “{name}” ({mine:g} of {top:g} points)"
    if len(levels) > 1:
        return _step(levels.index(chosen) / (len(levels) - 1)), f"rubric level “{name}”"
    return None


def _value_level(described: Mapping[str, Any], value: Any) -> tuple[int, str] | None:
    kind = str(described.get("resultType", ""))
    allowed = [str(v) for v in as_list(described.get("allowedValue"))]
    if allowed and str(value) in allowed and len(allowed) > 1:
        return _step(allowed.index(str(value)) / (len(allowed) - 1)), f"result “{value}”"
    number = _number(value)
    if number is None:
        return None
    low, high = _number(described.get("valueMin")), _number(described.get("valueMax"))
    if kind == "Percent" and high is None:
        low, high = 0.0, 100.0
    if kind == "GradePointAverage" and high is None:
        low, high = 0.0, _GRADE_POINT_TOP
    if low is not None and high is not None and high > low:
        return _step((number - low) / (high - low)), f"result {value} of {high:g}"
    return None


def _result_levels(
    subject: Mapping[str, Any], achievement: Mapping[str, Any]
) -> Iterator[tuple[int, str, dict[str, str]]]:
    """(level, why, skills the result is aligned to itself) for each result that says how
    well."""
    descriptions = {
        str(d.get("id")): d
        for d in (_dict(x) for x in as_list(achievement.get("resultDescription")))
    }
    for result in (_dict(r) for r in as_list(subject.get("result"))):
        described = descriptions.get(str(result.get("resultDescription")), {})
        found = None
        if result.get("achievedLevel"):
            found = _rubric_level(described, str(result["achievedLevel"]))
        if found is None and result.get("value") is not None:
            found = _value_level(described, result["value"])
        if found is not None:
            own = skills_of(result.get("alignment")) or skills_of(described.get("alignment"))
            yield found[0], found[1], own


def read_achievement_credential(
    credential: Mapping[str, Any],
    standing: Standing,
    *,
    source: str,
    added: date | None = None,
    skill_name: Callable[[str], str] | None = None,
) -> Read:
    """Evidence from one AchievementCredential (OB 3.0), under `standing`."""
    out = Read()
    subject = _subject(credential)
    achievement = _dict(subject.get("achievement"))
    name = str(credential.get("name") or achievement.get("name") or "A credential").strip()
    kind = str(achievement.get("achievementType", ""))
    if kind in SCHOOLING_TYPES:
        out.left_out.append(LeftOut(name, SCHOOLING_LEFT_OUT, schooling=True))
        return out
    issuer, issuer_name = _issuer(credential)
    when = _when(credential, added)
    skills = skills_of(achievement.get("alignment"))
    overall: list[tuple[int, str]] = []
    per_skill: dict[str, tuple[int, str]] = {}
    for level, why, own in _result_levels(subject, achievement):
        if own:
            for uri in own:
                per_skill[uri] = min(per_skill.get(uri, (level, why)), (level, why))
                skills.setdefault(uri, own[uri])
        else:
            overall.append((level, why))
    if not skills:
        out.left_out.append(LeftOut(name, "It does not name any skills."))
        return out
    default = DEFAULT_LEVEL.get(kind, UNKNOWN_TYPE_LEVEL)
    for uri, label in sorted(skills.items()):
        level, why = per_skill.get(uri) or (min(overall) if overall else (default, ""))
        if not why:
            why = f"the usual level for a {kind.lower() or 'credential'}"
        shown = label or (skill_name(uri) if skill_name else "") or uri
        note = f"{name}, from {issuer_name or 'an unnamed issuer'}: {shown}, level {level} ({why})."
        if standing.status is not EvidenceStatus.ACTIVE or not standing.verified:
            note += f" {standing.why}"
        out.evidence.append(
            Evidence(
                skill=uri,
                level=level,
                kind=EvidenceKind.CREDENTIAL,
                verified=standing.verified and standing.status is EvidenceStatus.ACTIVE,
                status=standing.status,
                date=when,
                issuer=issuer or None,
                source=source,
                note=note,
            )
        )
    return out


def entries_of(credential: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The AchievementCredentials a CLR 2.0 carries (each read on its own), or the credential
    itself when it is not a CLR."""
    if "ClrCredential" not in _types(credential.get("type")):
        return [dict(credential)]
    return [
        nested
        for nested in as_list(_subject(credential).get("verifiableCredential"))
        if isinstance(nested, dict)
    ]


def is_clr(credential: Mapping[str, Any]) -> bool:
    return "ClrCredential" in _types(credential.get("type"))


def worse(first: Standing, second: Standing) -> Standing:
    """The weaker of two standings: a CLR entry is no better than the CLR that carries it."""
    order = [
        EvidenceStatus.REVOKED,
        EvidenceStatus.SUSPENDED,
        EvidenceStatus.EXPIRED,
        EvidenceStatus.ACTIVE,
    ]
    status = min(first.status, second.status, key=order.index)
    why = (first if first.status is status and first.why else second).why
    verified = first.verified and second.verified and status is EvidenceStatus.ACTIVE
    if not verified and not why:
        why = first.why or second.why
    return Standing(status, verified, first.about_worker and second.about_worker, why)
