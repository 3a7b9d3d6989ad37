"""Open Badges 2.0 assertions, read as legacy records.

Spec: IMS Global Open Badges v2.0, Final Release (2018),
https://www.imsglobal.org/sites/default/files/Badges/OBv2p0Final/index.html . An Assertion
(@context https://w3id.org/openbadges/v2, type Assertion) names a recipient (an identity, maybe
hashed with a salt), a badge (a BadgeClass, embedded or by URL, with its issuer Profile), and a
verification method: "hosted" (the assertion must be fetched again from its own id URL on the
issuer's domain) or "signed" (a JWS over the assertion, keyed by the issuer's CryptographicKey).

Onramp reads these so a worker can keep them, but never reports them as verified: hosted
verification cannot be done offline, and signed OB 2.0 (JWS with keys fetched from the issuer) is
not checked. The report says so plainly with a failing `legacy` check.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from onramp.credentials.rdf.contexts import OB_V2
from onramp.credentials.rdf.values import as_list
from onramp.credentials.verify.report import Report, Status

OB2_CONTEXT = OB_V2
OB2_CONTEXTS = (OB2_CONTEXT, "https://openbadgespec.org/v2/context.json")


@dataclass(frozen=True, slots=True)
class Assertion:
    id: str
    recipient_type: str
    recipient_identity: str
    recipient_hashed: bool
    badge_id: str
    badge_name: str
    issuer_id: str
    issuer_name: str
    verification: str  # "hosted", "signed", or what the assertion says
    issued_on: str
    expires: str
    revoked: bool


def is_ob2(document: dict[str, Any]) -> bool:
    """An OB 2.0 Assertion: its @context names OB 2.0 and its type is Assertion."""
    contexts = as_list(document.get("@context"))
    types = as_list(document.get("type"))
    return any(c in OB2_CONTEXTS for c in contexts) and "Assertion" in types


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def read_assertion(document: dict[str, Any], signed: bool = False) -> Assertion:
    recipient = document.get("recipient")
    recipient = recipient if isinstance(recipient, dict) else {}
    badge = document.get("badge")
    badge_obj = badge if isinstance(badge, dict) else {}
    issuer = badge_obj.get("issuer")
    issuer_obj = issuer if isinstance(issuer, dict) else {}
    verification = document.get("verification")
    verification = verification if isinstance(verification, dict) else {}
    kind = _text(verification.get("type")).lower() or ("signed" if signed else "")
    if kind in ("hostedbadge",):
        kind = "hosted"
    if kind in ("signedbadge",):
        kind = "signed"
    return Assertion(
        id=_text(document.get("id")),
        recipient_type=_text(recipient.get("type")),
        recipient_identity=_text(recipient.get("identity")),
        recipient_hashed=recipient.get("hashed") is True,
        badge_id=_text(badge) or _text(badge_obj.get("id")),
        badge_name=_text(badge_obj.get("name")),
        issuer_id=_text(issuer) or _text(issuer_obj.get("id")),
        issuer_name=_text(issuer_obj.get("name")),
        verification=kind,
        issued_on=_text(document.get("issuedOn")),
        expires=_text(document.get("expires")),
        revoked=document.get("revoked") is True,
    )


def _problems(assertion: Assertion) -> list[str]:
    problems = []
    if not assertion.id:
        problems.append("id is required")
    if not assertion.recipient_identity or not assertion.recipient_type:
        problems.append("recipient needs a type and an identity")
    if not assertion.badge_id and not assertion.badge_name:
        problems.append("badge is required")
    if not assertion.verification:
        problems.append("verification is required")
    if not assertion.issued_on:
        problems.append("issuedOn is required")
    return problems


def legacy_report(document: dict[str, Any], name: str, signed: bool = False) -> Report:
    """A report that reads the assertion and says plainly that it is not verified."""
    assertion = read_assertion(document, signed)
    report = Report(name, "ob2", credential=document)
    report.add("parse", Status.PASS, "read as an Open Badges 2.0 assertion", "We could read it.")
    report.add("contexts", Status.PASS, f"Open Badges 2.0 context {OB2_CONTEXT}", "It is a badge.")
    report.add("types", Status.PASS, "type Assertion", "It is a badge.")
    problems = _problems(assertion)
    if problems:
        report.add(
            "structure", Status.FAIL, "; ".join(problems), "Some parts of this badge are missing."
        )
    else:
        recipient = "a hashed identity" if assertion.recipient_hashed else "a plain identity"
        report.add(
            "structure",
            Status.PASS,
            f"badge {assertion.badge_name or assertion.badge_id} by issuer "
            f"{assertion.issuer_name or assertion.issuer_id or 'unknown'}, for {recipient} "
            f"({assertion.recipient_type}), issued {assertion.issued_on}",
            "It says who gave the badge and who got it.",
        )
    if assertion.verification == "hosted":
        why = (
            "hosted verification needs the issuer's server at the assertion's own URL, "
            "which cannot be checked offline"
        )
    elif assertion.verification == "signed":
        why = (
            "signed Open Badges 2.0 verification (JWS with the issuer's hosted key) is not checked"
        )
    else:
        why = f"verification type '{assertion.verification or 'missing'}' is not one Onramp checks"
    report.add(
        "legacy",
        Status.FAIL,
        f"Open Badges 2.0 is a legacy format; this assertion is unverified: {why}",
        "This is an older kind of badge. We can read it, but we cannot confirm it is real.",
    )
    if assertion.revoked:
        report.add(
            "status", Status.FAIL, "the assertion says it is revoked", "This badge was taken back."
        )
    return report
