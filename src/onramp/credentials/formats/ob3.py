"""1EdTech Open Badges 3.0: Achievements and AchievementCredentials.

Spec: Open Badges Specification v3.0 (1EdTech, https://www.imsglobal.org/spec/ob/v3p0/), with the
context https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json on top of VC 2.0. An
Achievement says what was achieved (criteria, result descriptions, alignments to skills); an
AchievementCredential says who achieved it, when, and with what result. Recipients can be a DID
or an email, hashed (IdentityObject) so the email is not published.
"""

from __future__ import annotations

import hashlib
import secrets
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from onramp.credentials.rdf.contexts import OB_V3P0_303, VC_V2
from onramp.errors import InvalidInputError

OB_CONTEXT = OB_V3P0_303  # the OB 3.0 context Onramp issues with
FRAMEWORK_NAMES = {
    "http://data.europa.eu/esco/": "ESCO",
    "https://www.onetonline.org/": "O*NET",
    "urn:onramp:esf:": "Onramp Essential Skills Framework",
}


@dataclass(slots=True)
class Alignment:
    target_url: str
    target_name: str
    target_code: str = ""
    target_framework: str = ""

    def framework(self) -> str:
        if self.target_framework:
            return self.target_framework
        for prefix, name in FRAMEWORK_NAMES.items():
            if self.target_url.startswith(prefix):
                return name
        return ""


@dataclass(slots=True)
class RubricLevel:
    id: str
    name: str
    description: str = ""


@dataclass(slots=True)
class ResultDescription:
    """One more result an Achievement describes (OB 3.0 ResultDescription, resultType
    RubricCriterionLevel): a skill, the rubric levels a learner can reach in it, and the level
    needed to earn the achievement. A microcredential has one per outcome."""

    id: str
    name: str
    levels: list[RubricLevel]
    required_level: str = ""  # the id of one of `levels`
    alignments: list[Alignment] = field(default_factory=list)
    # "Status" (a Result says Completed) or "Result" (a Result gives a value, such as hours)
    # describe what a work-based learning credential records (issue 17); they have no levels
    result_type: str = "RubricCriterionLevel"
    required_value: str = ""


@dataclass(frozen=True, slots=True)
class ResultValue:
    """A Result that gives a value or a status rather than a rubric level (OB 3.0 §B.1.19
    Result.value and Result.status): hours worked, or a competency completed."""

    description_id: str
    value: str = ""
    status: str = ""  # one of the ResultStatusType terms, such as "Completed"

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"type": ["Result"], "resultDescription": self.description_id}
        if self.value:
            data["value"] = self.value
        if self.status:
            data["status"] = self.status
        return data


def _alignment(a: Alignment) -> dict[str, Any]:
    return {
        "type": ["Alignment"],
        "targetUrl": a.target_url,
        "targetName": a.target_name,
        "targetType": "ceasn:Competency",
        **({"targetFramework": a.framework()} if a.framework() else {}),
        **({"targetCode": a.target_code} if a.target_code else {}),
    }


def _rubric(levels: list[RubricLevel]) -> list[dict[str, Any]]:
    return [
        {
            "id": level.id,
            "type": ["RubricCriterionLevel"],
            "name": level.name,
            "description": level.description,
        }
        for level in levels
    ]


@dataclass(slots=True)
class Achievement:
    id: str
    name: str
    description: str
    criteria: str
    achievement_type: str = "Competency"
    alignments: list[Alignment] = field(default_factory=list)
    levels: list[RubricLevel] = field(default_factory=list)  # the one "Level" result, if any
    results: list[ResultDescription] = field(default_factory=list)  # more, each its own

    def to_json(self) -> dict[str, Any]:
        if not self.name.strip() or not self.criteria.strip():
            raise InvalidInputError("an achievement needs a name and criteria")
        data: dict[str, Any] = {
            "id": self.id,
            "type": ["Achievement"],
            "achievementType": self.achievement_type,
            "name": self.name,
            "description": self.description,
            "criteria": {"narrative": self.criteria},
        }
        if self.alignments:
            data["alignment"] = [_alignment(a) for a in self.alignments]
        described: list[dict[str, Any]] = []
        if self.levels:
            described.append(
                {
                    "id": f"{self.id}#result",
                    "type": ["ResultDescription"],
                    "name": "Level",
                    "resultType": "RubricCriterionLevel",
                    "rubricCriterionLevel": _rubric(self.levels),
                }
            )
        for result in self.results:
            one: dict[str, Any] = {
                "id": result.id,
                "type": ["ResultDescription"],
                "name": result.name,
                "resultType": result.result_type,
            }
            if result.levels:
                one["rubricCriterionLevel"] = _rubric(result.levels)
            if result.required_level:
                one["requiredLevel"] = result.required_level
            if result.required_value:
                one["requiredValue"] = result.required_value
            if result.alignments:
                one["alignment"] = [_alignment(a) for a in result.alignments]
            described.append(one)
        if described:
            data["resultDescription"] = described
        return data


def _described_levels(achievement: Achievement) -> dict[str, set[str]]:
    """ResultDescription id -> the ids of its rubric levels, as the Achievement publishes them.
    Empty when the Achievement describes no results; a Result then names its description by id
    alone (the microcredential's ids are fixed by `result_ids`, issue 16)."""
    found: dict[str, set[str]] = {}
    for description in achievement.to_json().get("resultDescription", []):
        levels = description.get("rubricCriterionLevel", [])
        found[str(description["id"])] = {str(level["id"]) for level in levels}
    return found


def hashed_email(email: str, salt: str | None = None) -> dict[str, Any]:
    """An IdentityObject that proves the email without publishing it."""
    salt = salt or secrets.token_hex(8)
    digest = hashlib.sha256((email.strip().lower() + salt).encode()).hexdigest()
    return {
        "type": "IdentityObject",
        "identityHash": f"sha256${digest}",
        "identityType": "emailAddress",
        "hashed": True,
        "salt": salt,
    }


def achievement_credential(
    achievement: Achievement,
    issuer: dict[str, Any],
    *,
    recipient_did: str | None = None,
    recipient_email: str | None = None,
    level_id: str | None = None,
    valid_from: datetime | None = None,
    credential_id: str | None = None,
    status: dict[str, Any] | list[dict[str, Any]] | None = None,
    evidence: list[str] | None = None,
    results: list[tuple[str, str]] | None = None,
    values: list[ResultValue] | None = None,
) -> dict[str, Any]:
    """An unsigned OpenBadgeCredential for one person. `level_id` is the level reached on the
    achievement's one rubric; `results` are (ResultDescription id, RubricCriterionLevel id)
    pairs, one Result each (OB 3.0 §B.1.19 Result), for achievements that describe several
    results, such as a microcredential with one per outcome; `values` are Results with a value
    or a status (hours, competencies completed), each naming a result the achievement
    describes."""
    if not (recipient_did or recipient_email):
        raise InvalidInputError("a credential needs a recipient: a DID or an email")
    if not issuer.get("id"):
        raise InvalidInputError("the issuer needs an id")
    subject: dict[str, Any] = {"type": ["AchievementSubject"], "achievement": achievement.to_json()}
    if recipient_did:
        subject["id"] = recipient_did
    else:
        subject["identifier"] = [hashed_email(str(recipient_email))]
    if level_id:
        if level_id not in {level.id for level in achievement.levels}:
            raise InvalidInputError(f"the achievement has no level {level_id}")
        subject["result"] = [
            {
                "type": ["Result"],
                "resultDescription": f"{achievement.id}#result",
                "achievedLevel": level_id,
            }
        ]
    if results:
        described = _described_levels(achievement)
        for description_id, achieved in results:
            if described and achieved not in described.get(description_id, set()):
                raise InvalidInputError(
                    f"the achievement describes no result {description_id} with level {achieved}"
                )
        subject.setdefault("result", []).extend(
            {"type": ["Result"], "resultDescription": description_id, "achievedLevel": achieved}
            for description_id, achieved in results
        )
    if values:
        described = _described_levels(achievement)
        unknown = [v.description_id for v in values if v.description_id not in described]
        if unknown:
            raise InvalidInputError(f"the achievement describes no result {unknown[0]}")
        subject.setdefault("result", []).extend(v.to_json() for v in values)
    moment = (valid_from or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
    credential: dict[str, Any] = {
        "@context": [VC_V2, OB_CONTEXT],
        "id": credential_id or f"urn:uuid:{uuid.uuid4()}",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {"type": ["Profile"], **issuer},
        "validFrom": moment.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "name": achievement.name,
        "credentialSubject": subject,
    }
    if status:
        credential["credentialStatus"] = status
    if evidence:
        credential["evidence"] = [
            {"id": url, "type": ["Evidence"], "name": "Evidence of the work"} for url in evidence
        ]
    return credential


def endorsement_credential(
    issuer: dict[str, Any],
    subject_id: str,
    comment: str,
    *,
    name: str = "Endorsement",
    valid_from: datetime | None = None,
) -> dict[str, Any]:
    """An unsigned EndorsementCredential: the issuer vouches for an Achievement, a Profile or a
    credential named by `subject_id`, in its own words."""
    if ":" not in subject_id:
        raise InvalidInputError("say what is endorsed with its full id (a URL, DID or urn)")
    comment = " ".join(comment.split())
    if not comment:
        raise InvalidInputError("an endorsement needs a comment")
    moment = (valid_from or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
    return {
        "@context": [VC_V2, OB_CONTEXT],
        "id": f"urn:uuid:{uuid.uuid4()}",
        "type": ["VerifiableCredential", "EndorsementCredential"],
        "issuer": {"type": ["Profile"], **issuer},
        "name": name,
        "validFrom": moment.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "credentialSubject": {
            "id": subject_id,
            "type": ["EndorsementSubject"],
            "endorsementComment": comment,
        },
    }
