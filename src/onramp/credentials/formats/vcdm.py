"""W3C Verifiable Credentials Data Model v2.0 (Recommendation, 15 May 2025): the structural rules.

Spec: https://www.w3.org/TR/vc-data-model-2.0/ . These are the MUSTs a credential or presentation
has to meet before it is secured or trusted: the base context first, the required types, URLs
where URLs are required, a type on every typed object, claims in every subject, well-formed
dates, and (through JSON-LD processing in safe mode) every term and type mapped to an absolute
IRI with no protected term redefined.

`issuing=True` is the issuer's view: the issuer fills in `issuer` itself, so its absence is not a
problem there, while an explicit null still is.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from onramp.credentials.rdf.contexts import VC_V2, UnknownContextError
from onramp.credentials.rdf.jsonld import to_quads
from onramp.credentials.rdf.values import as_list
from onramp.errors import InvalidInputError

_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:[^\s]*$")
_DATETIME = re.compile(r"^-?\d{4,}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")
TYPED = (
    "credentialStatus",
    "credentialSchema",
    "evidence",
    "refreshService",
    "termsOfUse",
    "proof",
)

Contexts = Mapping[str, dict[str, Any]] | None


def parse_datetime(value: Any) -> datetime | None:
    """A credential date (XML Schema dateTime, 'Z' or an offset; no offset means UTC)."""
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def validity_window(document: Mapping[str, Any]) -> tuple[datetime | None, datetime | None]:
    """(start, end) of a credential: VC 2.0 validFrom/validUntil, or VC 1.1 names."""
    start = parse_datetime(document.get("validFrom") or document.get("issuanceDate"))
    end = parse_datetime(document.get("validUntil") or document.get("expirationDate"))
    return start, end


def _is_url(value: Any) -> bool:
    return isinstance(value, str) and bool(_URL.match(value))


def check_credential(
    document: Any, *, issuing: bool = False, contexts: Contexts = None, jsonld: bool = True
) -> list[str]:
    """The rules a credential breaks; empty when it conforms."""
    if not isinstance(document, dict):
        return ["a credential must be a JSON object"]
    problems = _check_contexts(document)
    if "VerifiableCredential" not in as_list(document.get("type")):
        problems.append("type must include VerifiableCredential")
    if "id" in document and not _is_url(document["id"]):
        problems.append("id must be a single URL")
    problems += _check_issuer(document, issuing)
    problems += _check_subjects(document)
    for field in TYPED:
        for item in as_list(document.get(field, [])):
            if field not in document:
                break
            if not isinstance(item, dict) or not as_list(item.get("type")):
                problems.append(f"every {field} entry needs a type")
            elif (
                field in ("credentialStatus", "credentialSchema")
                and "id" in item
                and not (_is_url(item["id"]))
            ):
                problems.append(f"the id of a {field} entry must be a single URL")
            elif field == "credentialSchema" and "id" not in item:
                problems.append("every credentialSchema entry needs an id")
    problems += _check_dates(document)
    problems += _check_language_values(document)
    if not problems and jsonld:
        problems += _check_jsonld(document, contexts)
    return problems


def check_presentation(document: Any, *, contexts: Contexts = None) -> list[str]:
    if not isinstance(document, dict):
        return ["a presentation must be a JSON object"]
    problems = _check_contexts(document)
    if "VerifiablePresentation" not in as_list(document.get("type")):
        problems.append("type must include VerifiablePresentation")
    if "holder" in document:
        holder = document["holder"]
        holder_id = holder.get("id") if isinstance(holder, dict) else holder
        if not _is_url(holder_id):
            problems.append("holder must be a URL, or an object whose id is a URL")
    for credential in as_list(document.get("verifiableCredential", [])):
        if "verifiableCredential" not in document:
            break
        if not isinstance(credential, dict):
            problems.append("each verifiableCredential must be an object")
        elif "EnvelopedVerifiableCredential" in as_list(credential.get("type")):
            if not str(credential.get("id", "")).startswith("data:"):
                problems.append("an enveloped credential's id must be a data: URL")
        elif not credential.get("type") and str(credential.get("id", "")).startswith("data:"):
            problems.append("an enveloped credential needs type EnvelopedVerifiableCredential")
        else:
            problems += [
                f"verifiableCredential: {p}"
                for p in check_credential(credential, contexts=contexts)
            ]
    if not problems:
        problems += _check_jsonld(document, contexts)
    return problems


def _check_contexts(document: dict[str, Any]) -> list[str]:
    listed = as_list(document.get("@context"))
    if not listed or listed[0] != VC_V2:
        return [f"the first @context must be {VC_V2}"]
    bad = [c for c in listed[1:] if not (isinstance(c, dict) or _is_url(c))]
    return ["every other @context must be a URL or an object"] if bad else []


def _check_issuer(document: dict[str, Any], issuing: bool) -> list[str]:
    if "issuer" not in document:
        return [] if issuing else ["issuer is required"]
    issuer = document["issuer"]
    if isinstance(issuer, dict):
        if "id" not in issuer:
            return [] if issuing else ["issuer must have an id"]
        issuer = issuer["id"]
    return [] if _is_url(issuer) else ["issuer must be a URL, or an object whose id is a URL"]


def _check_subjects(document: dict[str, Any]) -> list[str]:
    if "credentialSubject" not in document:
        return ["credentialSubject is required"]
    problems = []
    for subject in as_list(document["credentialSubject"]):
        if not isinstance(subject, dict) or not subject:
            problems.append("each credentialSubject must make at least one claim")
        elif "id" in subject and not _is_url(subject["id"]):
            problems.append("a credentialSubject id must be a single URL")
    return problems


def _check_dates(document: dict[str, Any]) -> list[str]:
    problems = []
    for field in ("validFrom", "validUntil"):
        value = document.get(field)
        if value is not None and not (isinstance(value, str) and _DATETIME.match(value)):
            problems.append(f"{field} must be an XML Schema dateTimeStamp")
    if not problems and "validFrom" in document and "validUntil" in document:
        start, end = parse_datetime(document["validFrom"]), parse_datetime(document["validUntil"])
        if start is None or end is None:
            problems.append("validFrom or validUntil is not a date Onramp can read")
        elif end < start:
            problems.append("validUntil is before validFrom")
    return problems


def _check_language_values(document: dict[str, Any]) -> list[str]:
    allowed = {"@value", "@language", "@direction"}
    for field in ("name", "description"):
        for value in as_list(document.get(field, [])):
            if isinstance(value, dict) and not set(value) <= allowed:
                return [f"a language value of {field} may only hold @value, @language, @direction"]
    return []


def _check_jsonld(document: dict[str, Any], contexts: Contexts) -> list[str]:
    """Safe-mode JSON-LD processing of everything but the proof, which its cryptosuite checks
    (a proof lives in its own graph and is not part of what it signs)."""
    unsecured = {k: v for k, v in document.items() if k != "proof"}
    try:
        to_quads(unsecured, safe=True, extra_contexts=contexts)
    except UnknownContextError as error:
        return [str(error)]
    except InvalidInputError as error:
        return [f"JSON-LD: {error}"]
    return []
