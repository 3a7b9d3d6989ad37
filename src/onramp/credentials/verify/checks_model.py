"""The data-model checks of the report: contexts, types, schema and structure.

The types check applies the VC rule (`VerifiableCredential`) and, for Open Badges 3.0 and
CLR 2.0 credentials (1EdTech OB 3.0, https://www.imsglobal.org/spec/ob/v3p0/ , and CLR 2.0,
https://www.imsglobal.org/spec/clr/v2p0/), the required `type` of each typed OB object:
Profile, AchievementSubject, Achievement, Result, ResultDescription, IdentityObject,
IdentifierEntry, Evidence and Alignment.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from onramp.credentials.formats import schema, vcdm
from onramp.credentials.rdf.contexts import VC_V1, VC_V2, known_urls
from onramp.credentials.rdf.values import as_list
from onramp.credentials.verify.checks_proof import issuer_id
from onramp.credentials.verify.report import CheckId, Outcome, Report, Status

MAX_SCHEMA_PROBLEMS = 10


def _types(value: Any) -> list[str]:
    return [str(t) for t in as_list(value.get("type"))] if isinstance(value, dict) else []


def contexts_check(
    report: Report, credential: dict[str, Any], extra: Iterable[str], checked: bool = True
) -> None:
    listed = as_list(credential.get("@context"))
    known = set(known_urls()) | set(extra)
    if not listed or listed[0] not in (VC_V1, VC_V2):
        report.add(
            "contexts",
            Status.FAIL,
            "the first @context is not the VC v1 or v2 context",
            "This is not a standard credential.",
        )
        return
    unknown = [c for c in listed if isinstance(c, str) and c not in known]
    if unknown and checked:
        report.add(
            "contexts",
            Status.FAIL,
            f"unknown JSON-LD context(s), never fetched: {', '.join(unknown)}",
            "This credential uses a format Onramp does not know.",
        )
    elif unknown:
        report.add(
            "contexts",
            Status.WARN,
            f"contexts not checked for a JWT: {', '.join(unknown)}",
            "The credential uses formats we did not check.",
        )
    elif listed[0] == VC_V1:
        report.add(
            "contexts",
            Status.WARN,
            "uses the older VC Data Model 1.1 context; 2.0 is current",
            "The credential uses an older but known format.",
        )
    else:
        report.add(
            "contexts", Status.PASS, "all contexts are known", "The credential uses known formats."
        )


OPEN_BADGE_TYPES = {
    "ClrCredential": "ClrCredential",
    "EndorsementCredential": "EndorsementCredential",
    "OpenBadgeCredential": "AchievementCredential",
    "AchievementCredential": "AchievementCredential",
}


def open_badge_kind(credential: dict[str, Any]) -> str | None:
    """The 1EdTech class a credential's own `type` claims (the schema to hold it to), or None.
    Only the type decides here: any other W3C VC, even one that uses the OB context, is
    verified for authenticity and status and the badge checks are skipped."""
    types = _types(credential)
    for name, kind in OPEN_BADGE_TYPES.items():
        if name in types:
            return kind
    return None


def ob_type_problems(credential: dict[str, Any]) -> list[str]:
    """Where an OB 3.0 / CLR 2.0 credential's typed objects lack their required type."""
    kind = open_badge_kind(credential)
    if kind is None:
        return []
    problems: list[str] = []

    def need(value: Any, type_name: str, where: str) -> None:
        for i, item in enumerate(as_list(value)):
            if isinstance(item, dict) and type_name not in _types(item):
                at = where if not isinstance(value, list) else f"{where}[{i}]"
                problems.append(f"{at}.type must include {type_name}")

    def alignments(value: Any, where: str) -> None:
        if isinstance(value, dict):
            need(value.get("alignment"), "Alignment", f"{where}.alignment")

    issuer = credential.get("issuer")
    if isinstance(issuer, dict):
        need(issuer, "Profile", "issuer")
        need(issuer.get("parentOrg"), "Profile", "issuer.parentOrg")
        need(issuer.get("otherIdentifier"), "IdentifierEntry", "issuer.otherIdentifier")
    need(credential.get("evidence"), "Evidence", "evidence")
    if kind == "ClrCredential":
        need(credential.get("credentialSubject"), "ClrSubject", "credentialSubject")
        return problems
    subject_type = "EndorsementSubject" if kind == "EndorsementCredential" else "AchievementSubject"
    for subject in as_list(credential.get("credentialSubject")):
        if not isinstance(subject, dict):
            continue
        need(subject, subject_type, "credentialSubject")
        need(subject.get("source"), "Profile", "credentialSubject.source")
        need(subject.get("identifier"), "IdentityObject", "credentialSubject.identifier")
        for i, result in enumerate(as_list(subject.get("result"))):
            need(result, "Result", f"credentialSubject.result[{i}]")
            alignments(result, f"credentialSubject.result[{i}]")
        achievement = subject.get("achievement")
        if isinstance(achievement, dict):
            need(achievement, "Achievement", "credentialSubject.achievement")
            alignments(achievement, "credentialSubject.achievement")
            where = "credentialSubject.achievement.resultDescription"
            for i, described in enumerate(as_list(achievement.get("resultDescription"))):
                need(described, "ResultDescription", f"{where}[{i}]")
                alignments(described, f"{where}[{i}]")
    return problems


def _not_an_open_badge(report: Report, check_id: CheckId) -> None:
    report.add_outcome(
        check_id,
        Status.SKIP,
        "the type names no Open Badges 3.0 or CLR 2.0 credential; those checks do not apply",
        Outcome.NOT_AN_OPEN_BADGE,
    )


def types_check(report: Report, credential: dict[str, Any]) -> None:
    """The VC rule (authenticity: it must be a VerifiableCredential at all), then the OB 3.0 /
    CLR 2.0 object types (conformance: a deviation is a warning)."""
    types = _types(credential)
    if "VerifiableCredential" not in types:
        report.add(
            CheckId.TYPES,
            Status.FAIL,
            "type lacks VerifiableCredential",
            "This is not a standard credential.",
        )
        return
    report.add(
        CheckId.TYPES, Status.PASS, f"types: {', '.join(types)}", "It is a standard credential."
    )
    if open_badge_kind(credential) is None:
        _not_an_open_badge(report, CheckId.OB_TYPES)
        return
    problems = ob_type_problems(credential)
    if problems:
        report.add(
            CheckId.OB_TYPES,
            Status.WARN,
            "; ".join(problems),
            "Some parts of this badge do not say what kind of thing they are. "
            "This does not make it fake.",
            Outcome.CONFORMANCE_WARNING,
        )
    else:
        report.add(
            CheckId.OB_TYPES,
            Status.PASS,
            "every Open Badges object has its required type",
            "Each part of the badge is the right kind of thing.",
        )


def schema_check(report: Report, credential: dict[str, Any]) -> None:
    """The OB 3.0 / Endorsement / CLR 2.0 shape, from `onramp.credentials.formats.schema`. Other
    verifiers accept many deviations, so a problem is a warning, never a failure."""
    kind = open_badge_kind(credential)
    if kind is None:
        _not_an_open_badge(report, CheckId.SCHEMA)
        return
    problems = schema.check(credential)
    if problems:
        shown = "; ".join(problems[:MAX_SCHEMA_PROBLEMS])
        more = len(problems) - MAX_SCHEMA_PROBLEMS
        report.add(
            CheckId.SCHEMA,
            Status.WARN,
            shown + (f"; and {more} more" if more > 0 else ""),
            "Some parts of this credential are not in the exact form the standard asks. "
            "This does not make it fake.",
            Outcome.CONFORMANCE_WARNING,
        )
    else:
        report.add(
            CheckId.SCHEMA,
            Status.PASS,
            f"matches the {kind} schema",
            "All the parts of this credential are in the right form.",
        )


def structure_check(report: Report, credential: dict[str, Any]) -> None:
    listed = as_list(credential.get("@context"))
    if listed and listed[0] == VC_V2:
        problems = vcdm.check_credential(credential, jsonld=False)
    else:
        problems = [
            f"{f} is required" for f in ("issuer", "credentialSubject") if not credential.get(f)
        ]
        if credential.get("issuer") and not issuer_id(credential):
            problems.append("issuer must have an id")
    if problems:
        report.add(
            "structure",
            Status.FAIL,
            "; ".join(problems),
            "This credential does not follow the standard.",
        )
    else:
        report.add(
            "structure",
            Status.PASS,
            "meets the data model's rules",
            "It says who issued it and who it is about.",
        )
