"""Who a credential is about, and whether that is the person holding it.

A signature proves who issued a credential, not who hands it over. VC Data Model 2.0 (W3C
Recommendation, 2025) leaves the subject-holder relationship to the verifier ("Validation",
appendix A, and section 4.13 on `holder`): a verifier that accepts a credential as the
presenter's own must check that the subject is the presenter. Onramp binds a credential to a
person when a subject of it
- has an `id` that is one of the person's DIDs (their wallet's did:key), or
- has an OB 3.0 IdentityObject (`identifier`, identityType `emailAddress`, plain or
  `sha256$` hashed with its salt; OB 3.0 section B.1.11) naming an address the person has
  confirmed (see `onramp.platform.emails`).
Anything else is not theirs: it names someone else, an address they have not confirmed, or
nobody at all. Such a credential may sit in a wallet, marked, but is never shown to an
organization as the worker's.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from onramp.credentials.rdf.values import as_list
from onramp.credentials.verify.report import CheckId, Outcome, Report, Status
from onramp.vocabulary import LabeledEnum


class SubjectMatch(LabeledEnum):
    """How a credential's subject relates to a person (sentences for the person themselves)."""

    DID = "did", "It names your wallet ID."
    EMAIL = "email", "It names an email address you have confirmed."
    UNCONFIRMED_EMAIL = (
        "unconfirmed_email",
        "It names an email address you have not confirmed yet. Confirm it to use this as yours.",
    )
    OTHER = "other", "It names someone else, not you."
    NOBODY = "nobody", "It does not say who it is about, so it cannot count as yours."

    @property
    def bound(self) -> bool:
        return self in (SubjectMatch.DID, SubjectMatch.EMAIL)


@dataclass(frozen=True, slots=True)
class HolderIdentity:
    """What identifies one person: their DIDs and the email addresses they confirmed."""

    dids: frozenset[str] = field(default_factory=frozenset)
    emails: frozenset[str] = field(default_factory=frozenset)

    @classmethod
    def of(cls, dids: Iterable[str], emails: Iterable[str]) -> HolderIdentity:
        return cls(
            frozenset(d for d in dids if d),
            frozenset(e.strip().lower() for e in emails if e and "@" in e),
        )


@dataclass(frozen=True, slots=True)
class SubjectBinding:
    match: SubjectMatch
    detail: str
    emails_named: tuple[str, ...] = ()  # plain (unhashed) addresses the credential names


def _subjects(credential: dict[str, Any]) -> list[dict[str, Any]]:
    return [s for s in as_list(credential.get("credentialSubject")) if isinstance(s, dict)]


def _identity_objects(subject: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        i
        for i in as_list(subject.get("identifier"))
        if isinstance(i, dict)
        and i.get("identityType") == "emailAddress"
        and isinstance(i.get("identityHash"), str)
    ]


def _names_email(identity: dict[str, Any], email: str) -> bool:
    """Whether an emailAddress IdentityObject names `email` (compared lower-cased, as
    addresses are case-blind in practice; the hash is tried on the lower-cased address)."""
    value = str(identity["identityHash"]).strip()
    if identity.get("hashed") is True or value.lower().startswith("sha256$"):
        digest = value.split("$", 1)[1] if "$" in value else value
        salt = identity.get("salt")
        salt = salt if isinstance(salt, str) else ""
        expected = hashlib.sha256((email + salt).encode()).hexdigest()
        return hmac.compare_digest(digest.lower(), expected)
    return value.lower() == email


def subject_binding(credential: dict[str, Any], holder: HolderIdentity) -> SubjectBinding:
    """Whether any subject of `credential` is the person `holder` describes."""
    subjects = _subjects(credential)
    ids = [str(s["id"]) for s in subjects if isinstance(s.get("id"), str) and s.get("id")]
    for found in ids:
        if found in holder.dids:
            return SubjectBinding(SubjectMatch.DID, f"the subject id {found} is the holder's")
    identities = [i for s in subjects for i in _identity_objects(s)]
    for identity in identities:
        for email in sorted(holder.emails):
            if _names_email(identity, email):
                return SubjectBinding(
                    SubjectMatch.EMAIL, "the subject's email identifier is a confirmed address"
                )
    plain = tuple(
        str(i["identityHash"]).strip().lower()
        for i in identities
        if i.get("hashed") is not True and "@" in str(i["identityHash"])
    )
    if identities:
        return SubjectBinding(
            SubjectMatch.UNCONFIRMED_EMAIL,
            "the subject's email identifier matches no address the holder has confirmed",
            plain,
        )
    if ids:
        return SubjectBinding(
            SubjectMatch.OTHER, f"the subject id {ids[0]} is not one of the holder's DIDs"
        )
    return SubjectBinding(SubjectMatch.NOBODY, "no subject id or email identifier")


def match_of(message: str) -> SubjectMatch:
    """The SubjectMatch a `holder` check's message starts with (as `add_holder_check` writes
    it), for reports kept as JSON."""
    try:
        return SubjectMatch(message.split(":", 1)[0])
    except ValueError:
        return SubjectMatch.NOBODY


def add_holder_check(report: Report, holder: HolderIdentity, *, for_holder: bool) -> SubjectBinding:
    """Add the `holder` check to a report: a pass when the credential is about the holder, a
    failure otherwise (it is then not verified as theirs). `for_holder` picks the sentences:
    the worker's own ("It names your wallet ID.") or the organization's."""
    if report.credential is None:
        binding = SubjectBinding(SubjectMatch.NOBODY, "the credential could not be read")
    else:
        binding = subject_binding(report.credential, holder)
    if binding.match.bound:
        report.add(
            CheckId.HOLDER,
            Status.PASS,
            f"{binding.match}: {binding.detail}",
            binding.match.label if for_holder else Outcome.ABOUT_HOLDER.label,
            Outcome.ABOUT_HOLDER,
        )
    else:
        report.add(
            CheckId.HOLDER,
            Status.FAIL,
            f"{binding.match}: {binding.detail}",
            binding.match.label if for_holder else Outcome.NOT_ABOUT_HOLDER.label,
            Outcome.NOT_ABOUT_HOLDER,
        )
    return binding
