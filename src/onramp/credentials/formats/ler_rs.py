"""HR Open LER-RS resumes: a worker's resume as HR Open JSON, and as a VC 2.0 credential.

Standard: HR Open Standards 4.5, Learning and Employment Record - Resume Standard (LER-RS),
https://hropenstandards.org/ ; the JSON Schema root is `recruiting/json/LER-RSType.json`, whose
`type` must be the URL in `LER_RS_TYPE` (the 4.5 package still names it 4.4). Check a built
document with `onramp.credentials.formats.hropen.validate_ler_rs` once the schemas are imported.

Credential: W3C VC Data Model 2.0 (https://www.w3.org/TR/vc-data-model-2.0/). The resume becomes
the credentialSubject of a `LerRsCredential`. HR Open publishes JSON Schemas, not a JSON-LD
context, so Onramp writes one (`onramp_contexts/ler-rs-v1.jsonld`, URL `LER_RS_CONTEXT`,
ADR 0006). It defines every term used here, is protected and has no @vocab, so safe mode still
refuses an undefined term. Attached credentials (for example Open Badges 3.0) go in
`otherW3CVerifiableCredential`, a graph container, so each keeps its own context and proof.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from onramp.credentials.rdf.contexts import LER_RS_V1, VC_V2
from onramp.errors import InvalidInputError

LER_RS_CONTEXT = LER_RS_V1
LER_RS_TYPE = "http://schema.hropenstandards.org/4.4/recruiting/json/ler-rs/LER-RSType.json"
CREDENTIAL_TYPE = "LerRsCredential"
SKILL_SCHEMES = {
    "http://data.europa.eu/esco/": "http://data.europa.eu/esco/",
    "https://www.onetonline.org/": "https://www.onetcenter.org/",
    "urn:onramp:esf:": "urn:onramp:esf",
}
DEGREE_STATUSES = ("Granted", "InProgress", "Postponed", "NotGranted")

When = date | datetime | str


@dataclass(slots=True)
class Contact:
    emails: list[str] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)
    city: str = ""
    postal_code: str = ""
    country_code: str = ""
    web: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Person:
    given: str
    family: str = ""
    formatted_name: str = ""
    contact: Contact = field(default_factory=Contact)


@dataclass(slots=True)
class Narrative:
    name: str
    lines: list[str]


@dataclass(slots=True)
class Employment:
    employer: str
    title: str
    start: When | None = None
    end: When | None = None
    current: bool = False
    descriptions: list[str] = field(default_factory=list)
    credentials: list[dict[str, Any]] = field(default_factory=list)


@dataclass(slots=True)
class Education:
    institution: str
    programs: list[str] = field(default_factory=list)
    degree: str = ""
    degree_status: str = ""
    start: When | None = None
    end: When | None = None
    descriptions: list[str] = field(default_factory=list)
    credentials: list[dict[str, Any]] = field(default_factory=list)


@dataclass(slots=True)
class Certification:
    name: str
    issuer: str
    issued: When | None = None
    expires: When | None = None
    descriptions: list[str] = field(default_factory=list)
    credentials: list[dict[str, Any]] = field(default_factory=list)


@dataclass(slots=True)
class Skill:
    name: str
    description: str = ""
    uri: str = ""
    years: int | None = None
    credentials: list[dict[str, Any]] = field(default_factory=list)


@dataclass(slots=True)
class Resume:
    person: Person
    narratives: list[Narrative] = field(default_factory=list)
    employment: list[Employment] = field(default_factory=list)
    education: list[Education] = field(default_factory=list)
    certifications: list[Certification] = field(default_factory=list)
    licenses: list[Certification] = field(default_factory=list)
    skills: list[Skill] = field(default_factory=list)
    document_id: str = ""


def _when(value: When | None, what: str) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        moment = value if value.tzinfo else value.replace(tzinfo=UTC)
        return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    if isinstance(value, date):
        return value.isoformat()
    text = value.strip()
    parts = text.split("-")
    ok = (
        len(parts) in (1, 2, 3)
        and all(part.isdigit() for part in parts)
        and len(parts[0]) == 4
        and all(len(part) == 2 for part in parts[1:])
    )
    if not ok:
        raise InvalidInputError(f"{what} must be a date like 2024, 2024-05 or 2024-05-31")
    return text


def _put(target: dict[str, Any], key: str, value: Any) -> None:
    """Set a field only when it has a value: HR Open leaves out what is unknown."""
    if value not in (None, "", [], {}):
        target[key] = value


def _verified(credentials: list[dict[str, Any]]) -> dict[str, Any]:
    """HR Open's Verifiable*Type: a list of verifications, here whole credentials."""
    return {"verifications": [{"otherW3CVerifiableCredential": vc} for vc in credentials]}


def _check_credentials(credentials: list[dict[str, Any]], where: str) -> None:
    for credential in credentials:
        if not isinstance(credential, dict) or "@context" not in credential:
            raise InvalidInputError(f"{where}: an attached credential must be a JSON-LD object")


def _contact(contact: Contact) -> dict[str, Any]:
    for email in contact.emails:
        if "@" not in email.strip(" @"):
            raise InvalidInputError(f"the email address {email!r} is not valid")
    for url in contact.web:
        if not url.startswith(("https://", "http://")):
            raise InvalidInputError(f"the web link {url!r} must start with https://")
    out: dict[str, Any] = {}
    _put(out, "email", [{"address": email} for email in contact.emails])
    _put(out, "phone", [{"formattedNumber": phone} for phone in contact.phones])
    place: dict[str, Any] = {}
    _put(place, "city", contact.city)
    _put(place, "postalCode", contact.postal_code)
    _put(place, "countryCode", contact.country_code.upper())
    _put(out, "address", [place] if place else [])
    _put(out, "web", [{"url": url} for url in contact.web])
    return out


def _employment(job: Employment, index: int) -> dict[str, Any]:
    where = f"employment {index + 1}"
    if job.credentials:
        _check_credentials(job.credentials, where)
        return _verified(job.credentials)
    position: dict[str, Any] = {"title": job.title}
    _put(position, "start", _when(job.start, f"{where} start"))
    _put(position, "end", _when(job.end, f"{where} end"))
    if job.current:
        position["current"] = True
    _put(position, "descriptions", list(job.descriptions))
    return {"organization": {"name": job.employer}, "positionHistories": [position]}


def _education(item: Education, index: int) -> dict[str, Any]:
    where = f"education {index + 1}"
    if item.credentials:
        _check_credentials(item.credentials, where)
        return _verified(item.credentials)
    out: dict[str, Any] = {"institution": {"name": item.institution}}
    _put(out, "programs", list(item.programs))
    _put(out, "start", _when(item.start, f"{where} start"))
    _put(out, "end", _when(item.end, f"{where} end"))
    if item.degree:
        degree: dict[str, Any] = {"name": item.degree}
        if item.degree_status:
            if item.degree_status not in DEGREE_STATUSES:
                raise InvalidInputError(
                    f"{where}: degree status must be one of {', '.join(DEGREE_STATUSES)}"
                )
            degree["degreeGrantedStatus"] = item.degree_status
        out["educationDegrees"] = [degree]
    _put(out, "descriptions", list(item.descriptions))
    return out


def _certification(item: Certification, where: str) -> dict[str, Any]:
    if item.credentials:
        _check_credentials(item.credentials, where)
        return _verified(item.credentials)
    out: dict[str, Any] = {"name": item.name, "issuingAuthority": {"name": item.issuer}}
    _put(out, "issued", _when(item.issued, f"{where} issued"))
    expires = _when(item.expires, f"{where} expires")
    if expires:
        out["effectiveTimePeriod"] = {"validTo": expires}
    _put(out, "descriptions", list(item.descriptions))
    return out


def skill_scheme(uri: str) -> str:
    """The framework a skill URI belongs to (ESCO, O*NET or the Essential Skills Framework)."""
    for prefix, scheme in SKILL_SCHEMES.items():
        if uri.startswith(prefix):
            return scheme
    return ""


def _skill(skill: Skill, index: int) -> dict[str, Any]:
    where = f"skill {index + 1}"
    out: dict[str, Any] = {"name": skill.name}
    _put(out, "description", skill.description)
    if skill.years is not None:
        if skill.years < 0:
            raise InvalidInputError(f"{where}: years of experience cannot be negative")
        out["yearsOfExperience"] = skill.years
    if skill.uri:
        if ":" not in skill.uri:
            raise InvalidInputError(f"{where}: the skill link must be a full URI")
        reference = {"reference": skill.uri}
        _put(reference, "scheme", skill_scheme(skill.uri))
        out["schemeReference"] = reference
    if skill.credentials:
        _check_credentials(skill.credentials, where)
        out["verifications"] = [
            {"Verification": {"otherW3CVerifiableCredential": vc}} for vc in skill.credentials
        ]
    return out


def build_ler_rs(resume: Resume) -> dict[str, Any]:
    """The HR Open LER-RS JSON document for a resume."""
    person = resume.person
    if not person.given.strip():
        raise InvalidInputError("the person's given name is required")
    name: dict[str, Any] = {"given": person.given}
    _put(name, "family", person.family)
    full = person.formatted_name or " ".join(p for p in (person.given, person.family) if p)
    name["formattedName"] = full
    document: dict[str, Any] = {
        "type": LER_RS_TYPE,
        "documentId": {"value": resume.document_id or f"urn:uuid:{uuid.uuid4()}"},
        "person": {"name": name},
    }
    _put(document, "communication", _contact(person.contact))
    _put(
        document,
        "narratives",
        [{"name": n.name, "texts": [{"lines": list(n.lines)}]} for n in resume.narratives],
    )
    _put(
        document,
        "employmentHistories",
        [_employment(j, i) for i, j in enumerate(resume.employment)],
    )
    _put(
        document,
        "educationAndLearnings",
        [_education(e, i) for i, e in enumerate(resume.education)],
    )
    _put(
        document,
        "certifications",
        [_certification(c, f"certification {i + 1}") for i, c in enumerate(resume.certifications)],
    )
    _put(
        document,
        "licenses",
        [_certification(c, f"license {i + 1}") for i, c in enumerate(resume.licenses)],
    )
    _put(document, "skills", [_skill(s, i) for i, s in enumerate(resume.skills)])
    return document


def as_credential(
    ler_document: dict[str, Any],
    issuer_id: str,
    subject_id: str,
    valid_from: datetime | None = None,
    *,
    credential_id: str | None = None,
) -> dict[str, Any]:
    """An unsigned VC 2.0 credential whose subject is the LER-RS document.

    Sign it with `data_integrity.sign`; the context is pinned locally, so this works offline.
    """
    if not isinstance(ler_document, dict) or ler_document.get("type") != LER_RS_TYPE:
        raise InvalidInputError(f"the LER-RS document must have type {LER_RS_TYPE}")
    for value, what in ((issuer_id, "issuer"), (subject_id, "subject")):
        if ":" not in value:
            raise InvalidInputError(f"the {what} id must be a full URI such as a DID")
    moment = (valid_from or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
    name = ler_document.get("person", {}).get("name", {}).get("formattedName", "")
    credential: dict[str, Any] = {
        "@context": [VC_V2, LER_RS_CONTEXT],
        "id": credential_id or f"urn:uuid:{uuid.uuid4()}",
        "type": ["VerifiableCredential", CREDENTIAL_TYPE],
        "name": f"Resume of {name}" if name else "Resume",
        "issuer": issuer_id,
        "validFrom": moment.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "credentialSubject": {"id": subject_id, **ler_document},
    }
    return credential


def ler_document_of(credential: dict[str, Any]) -> dict[str, Any]:
    """The LER-RS document inside an LER-RS credential (its subject without the id)."""
    types = credential.get("type")
    names = [types] if isinstance(types, str) else types if isinstance(types, list) else []
    subject = credential.get("credentialSubject")
    if CREDENTIAL_TYPE not in names or not isinstance(subject, dict):
        raise InvalidInputError(f"this is not a {CREDENTIAL_TYPE}")
    return {key: value for key, value in subject.items() if key != "id"}
