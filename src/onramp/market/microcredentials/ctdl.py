"""A published microcredential as CTDL JSON-LD, ready for Credential Engine's Credential Registry
(issue 16, item 4).

CTDL: Credential Transparency Description Language, `ceterms:` terms (https://credreg.net/ctdl/
terms). The class is `ceterms:MicroCredential`, the CTDL credential type for a short credential
that certifies a small set of competencies (docs/decisions/0031). Each outcome becomes a
`ceterms:CredentialAlignmentObject` in the `ceterms:targetCompetency` of one
`ceterms:ConditionProfile` under `ceterms:requires`: the skill URI as `targetNode`, its name as
`targetNodeName`, and the level in words as `targetNodeDescription` and as a `weight` (the level
over 5). The document is pure data; `check_ctdl` validates it against the JSON Schema Onramp
wrote from the CTDL terms (`ctdl_credential.schema.json`), so publish never stores a document
the Registry's minimum data would refuse.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from importlib import resources
from typing import Any
from urllib.parse import urlsplit

from jsonschema import Draft202012Validator

from onramp.credentials.rdf.contexts import CTDL_JSON
from onramp.market.microcredentials.model import (
    AssessmentMethod,
    Design,
    ModuleFormat,
    TargetKind,
)
from onramp.taxonomy.proficiency import Proficiency

REGISTRY_RESOURCES = "https://credentialengineregistry.org/resources/"
SCHEMA_FILE = "ctdl_credential.schema.json"
CREDENTIAL_CLASS = "ceterms:MicroCredential"
STATUS_FRAMEWORK = "https://credreg.net/ctdl/terms/CredentialStatus"
ACTIVE = "credentialStat:Active"
DEPRECATED = "credentialStat:Deprecated"
SOC_FRAMEWORK = "https://www.bls.gov/soc/2018/"
ONET_SUMMARY = "https://www.onetonline.org/link/summary/"

# CTDL assessMethod: concepts (ceterms:AssessmentMethod scheme) for each way mastery is shown
ASSESS_METHOD: dict[AssessmentMethod, str] = {
    AssessmentMethod.PERFORMANCE_TASK: "assessMethod:Performance",
    AssessmentMethod.OBSERVATION: "assessMethod:Performance",
    AssessmentMethod.PROJECT: "assessMethod:Artifact",
    AssessmentMethod.WORK_SAMPLE: "assessMethod:Artifact",
    AssessmentMethod.PORTFOLIO: "assessMethod:Artifact",
    AssessmentMethod.WRITTEN_TEST: "assessMethod:Exam",
}
# CTDL deliveryType: concepts (ceterms:Delivery scheme); work-based learning happens in person
ONLINE = "deliveryType:OnlineOnly"
IN_PERSON = "deliveryType:InPerson"
BLENDED = "deliveryType:BlendedDelivery"


@dataclass(frozen=True, slots=True)
class OrgRef:
    """An organization as CTDL references it: its Onramp DID (a URI that names it), its name,
    and its web page when one is known."""

    uri: str
    name: str
    webpage: str = ""


def _text(language: str, value: str) -> dict[str, str]:
    """A CTDL language map: {"en": "..."}."""
    return {language: value}


def _org(ref: OrgRef, language: str) -> dict[str, Any]:
    org: dict[str, Any] = {
        "@id": ref.uri,
        "@type": "ceterms:CredentialOrganization",
        "ceterms:name": _text(language, ref.name),
    }
    if ref.webpage:
        org["ceterms:subjectWebpage"] = ref.webpage
    return org


def _concept(node: str, name: str, language: str, framework: str = "") -> dict[str, Any]:
    concept: dict[str, Any] = {
        "@type": "ceterms:CredentialAlignmentObject",
        "ceterms:targetNode": node,
        "ceterms:targetNodeName": _text(language, name),
    }
    if framework:
        concept["ceterms:framework"] = framework
    return concept


def iso_hours(hours: float) -> str:
    """An ISO 8601 duration of whole minutes: 32.5 -> "PT32H30M"."""
    minutes = round(hours * 60)
    whole, rest = divmod(minutes, 60)
    return f"PT{whole}H{rest}M" if rest else f"PT{whole}H"


def site_of(webpage: str) -> str:
    """The home page of the site a page is on: https://college.example/x -> .../."""
    parts = urlsplit(webpage)
    return f"{parts.scheme}://{parts.netloc}/" if parts.scheme and parts.netloc else ""


def ctdl_credential(
    design: Design,
    provider: OrgRef,
    partners: Sequence[OrgRef] = (),
    effective: date | None = None,
    *,
    retired: bool = False,
) -> dict[str, Any]:
    """The CTDL JSON-LD of `design`: a `ceterms:MicroCredential` owned and offered by
    `provider`, recognized by the employer `partners` that signed off its outcomes. A retired
    design's status is `credentialStat:Deprecated`."""
    parts, lang = design.parts, design.parts.language
    competencies = []
    for outcome in parts.outcomes:
        level = Proficiency(str(outcome.level))
        competency = _concept(outcome.skill, outcome.label, lang)
        competency["ceterms:targetNodeDescription"] = _text(
            lang, f"Level {outcome.level} of 5. {level.label}"
        )
        competency["ceterms:weight"] = round(outcome.level / 5, 2)
        competencies.append(competency)
    assessments = [
        {
            "@type": "ceterms:AssessmentProfile",
            "ceterms:name": _text(lang, a.name),
            "ceterms:description": _text(lang, a.description or a.method.label),
            "ceterms:assessmentMethodType": [
                _concept(ASSESS_METHOD[a.method], a.method.label, lang)
            ],
        }
        for a in parts.assessments
    ]
    condition: dict[str, Any] = {
        "@type": "ceterms:ConditionProfile",
        "ceterms:description": _text(
            lang, "Show each skill at the level named, in the assessments listed."
        ),
        "ceterms:targetCompetency": competencies,
    }
    if assessments:
        condition["ceterms:targetAssessment"] = assessments
    owner = _org(provider, lang)
    document: dict[str, Any] = {
        "@context": CTDL_JSON,
        "@id": f"{REGISTRY_RESOURCES}{design.ctid}",
        "@type": CREDENTIAL_CLASS,
        "ceterms:ctid": design.ctid,
        "ceterms:name": _text(lang, parts.name),
        "ceterms:description": _text(lang, parts.description),
        "ceterms:subjectWebpage": parts.subject_webpage,
        "ceterms:inLanguage": [lang],
        "ceterms:ownedBy": [owner],
        "ceterms:offeredBy": [owner],
        "ceterms:credentialStatusType": (
            _concept(DEPRECATED, "Deprecated", lang, STATUS_FRAMEWORK)
            if retired
            else _concept(ACTIVE, "Active", lang, STATUS_FRAMEWORK)
        ),
        "ceterms:requires": [condition],
    }
    occupations = [t for t in parts.targets if t.kind is TargetKind.OCCUPATION]
    if occupations:
        document["ceterms:occupationType"] = [
            {
                **_concept(f"{ONET_SUMMARY}{t.ref}", t.label, lang, SOC_FRAMEWORK),
                "ceterms:codedNotation": t.ref,
            }
            for t in occupations
        ]
    if parts.modules:
        document["ceterms:estimatedDuration"] = [
            {
                "@type": "ceterms:DurationProfile",
                "ceterms:exactDuration": iso_hours(parts.total_hours),
            }
        ]
        document["ceterms:learningDeliveryType"] = [
            _concept(node, name, lang) for node, name in _delivery(parts.modules)
        ]
    if partners:
        document["ceterms:recognizedBy"] = [_org(p, lang) for p in partners]
    if effective:
        document["ceterms:dateEffective"] = effective.isoformat()
    return document


def _delivery(modules: Sequence[Any]) -> list[tuple[str, str]]:
    formats = {m.format for m in modules}
    online = ModuleFormat.ONLINE in formats
    in_person = bool(formats - {ModuleFormat.ONLINE})
    if online and in_person:
        return [(BLENDED, "Blended delivery")]
    return [(ONLINE, "Online only")] if online else [(IN_PERSON, "In person")]


@lru_cache(maxsize=1)
def ctdl_schema() -> dict[str, Any]:
    """The JSON Schema of what Onramp's CTDL credential must hold (shipped in this package)."""
    text = resources.files(__package__).joinpath(SCHEMA_FILE).read_text(encoding="utf-8")
    schema: dict[str, Any] = json.loads(text)
    Draft202012Validator.check_schema(schema)
    return schema


def check_ctdl(document: dict[str, Any]) -> list[str]:
    """What makes `document` fail the CTDL credential schema, in words; [] when it passes."""
    validator = Draft202012Validator(ctdl_schema())
    problems = []
    for error in sorted(validator.iter_errors(document), key=lambda e: list(map(str, e.path))):
        where = "/".join(str(part) for part in error.absolute_path) or "the document"
        if error.validator == "anyOf" and not error.absolute_path:
            message = "names no owner: give ceterms:ownedBy or ceterms:offeredBy"
        else:
            message = error.message if len(error.message) <= 200 else f"fails {error.validator}"
        problems.append(f"{where}: {message}")
    return problems
