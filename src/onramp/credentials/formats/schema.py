"""Structural checks for Open Badges 3.0 and CLR 2.0 credentials, written as JSON Schema.

Specs: 1EdTech Open Badges Specification v3.0 (https://www.imsglobal.org/spec/ob/v3p0/), data
model section, for AchievementCredential (also called OpenBadgeCredential) and
EndorsementCredential; 1EdTech Comprehensive Learner Record Standard v2.0
(https://www.imsglobal.org/spec/clr/v2p0/) for ClrCredential. Both sit on W3C VC Data Model 2.0
(https://www.w3.org/TR/vc-data-model-2.0/) and still accept VC 1.1 documents.

The schema below is Onramp's own JSON Schema (draft 2020-12) written from the spec's data model
tables: required fields, JSON types, and the class name each object's `type` must include, which
is what the 1EdTech validator's type probes look at. JSON-LD lets one value stand for a list of one,
so `type` may be a string or a list and most repeated fields may be one object or a list. Three
keywords of our own keep the messages short and path-qualified:

- `includes`: the value (a string or a list of strings) must contain one of the given names;
- `oneOrMany`: apply a schema to a value, or to each item when the value is a list;
- `dateTime`: an RFC 3339 date and time.

`check(credential)` returns a list of problems such as
"credentialSubject.achievement.resultDescription[0].type must include ResultDescription";
an empty list means the credential has the required shape. Credentials of other types get `[]`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import Any

from jsonschema import Draft202012Validator, ValidationError, validators

from onramp.credentials.rdf.contexts import VC_V1, VC_V2

OB_CONTEXT = re.compile(r"^https://purl\.imsglobal\.org/spec/ob/v3p0/context(-3\.\d\.\d)?\.json$")
CLR_CONTEXT = re.compile(r"^https://purl\.imsglobal\.org/spec/clr/v2p0/context(-2\.\d\.\d)?\.json$")
OB_TYPES = ("AchievementCredential", "OpenBadgeCredential")
_DATE_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$")

_TYPE_WORDS = {
    "string": "a string",
    "number": "a number",
    "integer": "a whole number",
    "boolean": "true or false",
    "object": "an object",
    "array": "a list",
}


def _ref(name: str) -> dict[str, Any]:
    return {"$ref": f"#/$defs/{name}"}


def _many(name: str) -> dict[str, Any]:
    return {"oneOrMany": _ref(name)}


def _list_of(schema: dict[str, Any]) -> dict[str, Any]:
    return {"type": "array", "items": schema}


_STRING: dict[str, Any] = {"type": "string"}
_NUMBER: dict[str, Any] = {"type": "number"}
_DATE: dict[str, Any] = {"dateTime": True}
_STRINGS = {"oneOrMany": _STRING}


def _typed(names: str | list[str], required: list[str], **properties: Any) -> dict[str, Any]:
    """An object whose `type` includes one of `names`; `type` is always required."""
    return {
        "type": "object",
        "required": ["type", *required],
        "properties": {"type": {"includes": names}, **properties},
    }


def _credential(
    names: list[str], subject: str, context: str, *, required: list[str], **properties: Any
) -> dict[str, Any]:
    """A verifiable credential: VC 2.0 needs validFrom, VC 1.1 needs issuanceDate."""
    schema = _typed(names, ["@context", "id", "issuer", "credentialSubject", *required])
    schema["allOf"] = [
        {"properties": {"type": {"includes": "VerifiableCredential"}}},
        {"properties": {"@context": {"includesContext": context}}},
    ]
    schema["properties"].update(
        {
            "@context": _ref("Context"),
            "id": _STRING,
            "name": _STRING,
            "description": _STRING,
            "issuer": _ref("ProfileRef"),
            "credentialSubject": _many(subject),
            "validFrom": _DATE,
            "validUntil": _DATE,
            "issuanceDate": _DATE,
            "expirationDate": _DATE,
            "awardedDate": _DATE,
            "image": _ref("Image"),
            "endorsement": _many("EndorsementCredential"),
            "endorsementJwt": _STRINGS,
            "evidence": _many("Evidence"),
            "credentialSchema": _many("CredentialSchema"),
            "credentialStatus": _many("CredentialStatus"),
            "refreshService": _many("RefreshService"),
            "termsOfUse": _many("TermsOfUse"),
            **properties,
        }
    )
    first_context = {
        "properties": {"@context": {"type": "array", "prefixItems": [{"const": VC_V1}]}}
    }
    schema["if"] = first_context
    schema["then"] = {"required": ["issuanceDate"]}
    schema["else"] = {"required": ["validFrom"]}
    return schema


_IDENTIFIER_TYPES = [
    "name",
    "sourcedId",
    "systemId",
    "productId",
    "userName",
    "accountId",
    "emailAddress",
    "nationalIdentityNumber",
    "isbn",
    "issn",
    "lisSourcedId",
    "oneRosterSourcedId",
    "sisSourcedId",
    "ltiContextId",
    "ltiDeploymentId",
    "ltiToolId",
    "ltiPlatformId",
    "ltiUserId",
    "identifier",
]
_EXTENSIBLE = "^ext:[A-Za-z0-9.\\-_]+$"
# The spec's enumerations (OB 3.0 section "Derived Types" / "Enumerations"); each also allows
# an extension value that starts with "ext:".
ACHIEVEMENT_TYPES = [
    "Achievement",
    "ApprenticeshipCertificate",
    "Assessment",
    "Assignment",
    "AssociateDegree",
    "Award",
    "Badge",
    "BachelorDegree",
    "Certificate",
    "CertificateOfCompletion",
    "Certification",
    "CommunityService",
    "Competency",
    "Course",
    "CoCurricular",
    "Degree",
    "Diploma",
    "DoctoralDegree",
    "Fieldwork",
    "GeneralEducationDevelopment",
    "JourneymanCertificate",
    "LearningProgram",
    "License",
    "Membership",
    "ProfessionalDoctorate",
    "QualityAssuranceCredential",
    "MasterCertificate",
    "MasterDegree",
    "MicroCredential",
    "ResearchDoctorate",
    "SecondarySchoolDiploma",
]
ALIGNMENT_TARGET_TYPES = [
    "ceasn:Competency",
    "ceterms:Credential",
    "CFItem",
    "CFRubric",
    "CFRubricCriterion",
    "CFRubricCriterionLevel",
    "CTDL",
]
RESULT_TYPES = [
    "GradePointAverage",
    "LetterGrade",
    "Percent",
    "PerformanceLevel",
    "PredictedScore",
    "RawScore",
    "Result",
    "RubricCriterion",
    "RubricCriterionLevel",
    "RubricScore",
    "ScaledScore",
    "Status",
]
RESULT_STATUSES = [
    "Completed",
    "Enrolled",
    "Failed",
    "InProgress",
    "OnHold",
    "Provisional",
    "Withdrew",
]


def _enum_or_ext(values: list[str]) -> dict[str, Any]:
    return {
        "type": "string",
        "if": {"pattern": _EXTENSIBLE},
        "else": {"enum": values},
    }


DEFS: dict[str, Any] = {
    "Context": {
        "type": "array",
        "minItems": 1,
        "prefixItems": [{"enum": [VC_V2, VC_V1]}],
        "items": {"type": ["string", "object"]},
    },
    "ProfileRef": {"if": {"type": "object"}, "then": _ref("Profile"), "else": _STRING},
    "Profile": _typed(
        "Profile",
        ["id"],
        id=_STRING,
        name=_STRING,
        url=_STRING,
        phone=_STRING,
        description=_STRING,
        email=_STRING,
        official=_STRING,
        image=_ref("Image"),
        address=_ref("Address"),
        otherIdentifier=_many("IdentifierEntry"),
        parentOrg=_ref("Profile"),
        endorsement=_many("EndorsementCredential"),
        endorsementJwt=_STRINGS,
        familyName=_STRING,
        givenName=_STRING,
        additionalName=_STRING,
        patronymicName=_STRING,
        honorificPrefix=_STRING,
        honorificSuffix=_STRING,
        familyNamePrefix=_STRING,
        dateOfBirth=_STRING,
    ),
    "Image": {
        "type": "object",
        "required": ["id", "type"],
        "properties": {"id": _STRING, "type": {"includes": "Image"}, "caption": _STRING},
        "additionalProperties": False,
    },
    "Address": _typed(
        "Address",
        [],
        addressCountry=_STRING,
        addressCountryCode=_STRING,
        addressRegion=_STRING,
        addressLocality=_STRING,
        streetAddress=_STRING,
        postOfficeBoxNumber=_STRING,
        postalCode=_STRING,
        geo=_typed(
            "GeoCoordinates", ["latitude", "longitude"], latitude=_NUMBER, longitude=_NUMBER
        ),
    ),
    "IdentifierEntry": {
        **_typed(
            "IdentifierEntry",
            ["identifier", "identifierType"],
            identifier=_STRING,
            identifierType=_enum_or_ext(_IDENTIFIER_TYPES),
        ),
        "additionalProperties": False,
    },
    "IdentityObject": {
        **_typed(
            "IdentityObject",
            ["hashed", "identityHash", "identityType"],
            hashed={"type": "boolean"},
            identityHash=_STRING,
            identityType=_enum_or_ext(_IDENTIFIER_TYPES),
            salt=_STRING,
        ),
        "additionalProperties": False,
    },
    "AchievementSubject": _typed(
        "AchievementSubject",
        ["achievement"],
        id=_STRING,
        activityStartDate=_DATE,
        activityEndDate=_DATE,
        creditsEarned=_NUMBER,
        achievement=_ref("Achievement"),
        identifier=_many("IdentityObject"),
        image=_ref("Image"),
        licenseNumber=_STRING,
        narrative=_STRING,
        result=_many("Result"),
        role=_STRING,
        source=_ref("Profile"),
        term=_STRING,
    ),
    "Achievement": _typed(
        "Achievement",
        ["id", "criteria", "description", "name"],
        id=_STRING,
        alignment=_many("Alignment"),
        achievementType=_enum_or_ext(ACHIEVEMENT_TYPES),
        creator=_ref("Profile"),
        creditsAvailable=_NUMBER,
        criteria={
            "type": "object",
            "properties": {"id": _STRING, "narrative": _STRING},
        },
        description=_STRING,
        endorsement=_many("EndorsementCredential"),
        endorsementJwt=_STRINGS,
        fieldOfStudy=_STRING,
        humanCode=_STRING,
        image=_ref("Image"),
        inLanguage=_STRING,
        name=_STRING,
        otherIdentifier=_many("IdentifierEntry"),
        related=_many("Related"),
        resultDescription=_many("ResultDescription"),
        specialization=_STRING,
        tag=_STRINGS,
        version=_STRING,
    ),
    "Alignment": _typed(
        "Alignment",
        ["targetName", "targetUrl"],
        targetCode=_STRING,
        targetDescription=_STRING,
        targetName=_STRING,
        targetFramework=_STRING,
        targetType=_enum_or_ext(ALIGNMENT_TARGET_TYPES),
        targetUrl=_STRING,
    ),
    "Related": _typed("Related", ["id"], id=_STRING, inLanguage=_STRING, version=_STRING),
    "ResultDescription": _typed(
        "ResultDescription",
        ["id", "name", "resultType"],
        id=_STRING,
        alignment=_many("Alignment"),
        allowedValue=_STRINGS,
        name=_STRING,
        requiredLevel=_STRING,
        requiredValue=_STRING,
        resultType=_enum_or_ext(RESULT_TYPES),
        rubricCriterionLevel=_many("RubricCriterionLevel"),
        valueMax=_STRING,
        valueMin=_STRING,
    ),
    "RubricCriterionLevel": _typed(
        "RubricCriterionLevel",
        ["id", "name"],
        id=_STRING,
        alignment=_many("Alignment"),
        description=_STRING,
        level=_STRING,
        name=_STRING,
        points=_STRING,
    ),
    "Result": _typed(
        "Result",
        [],
        achievedLevel=_STRING,
        alignment=_many("Alignment"),
        resultDescription=_STRING,
        status={"type": "string", "enum": RESULT_STATUSES},
        value=_STRING,
    ),
    "Evidence": _typed(
        "Evidence",
        [],
        id=_STRING,
        narrative=_STRING,
        name=_STRING,
        description=_STRING,
        genre=_STRING,
        audience=_STRING,
    ),
    "CredentialSchema": {
        "type": "object",
        "required": ["id", "type"],
        "properties": {"id": _STRING, "type": _STRING},
    },
    "CredentialStatus": {
        "type": "object",
        "required": ["id", "type"],
        "properties": {"id": _STRING, "type": _STRING},
    },
    "RefreshService": {
        "type": "object",
        "required": ["id", "type"],
        "properties": {"id": _STRING, "type": _STRING},
    },
    "TermsOfUse": {"type": "object", "required": ["type"], "properties": {"type": _STRING}},
    "EndorsementSubject": _typed(
        "EndorsementSubject", ["id"], id=_STRING, endorsementComment=_STRING
    ),
    "AchievementCredential": _credential(
        ["AchievementCredential", "OpenBadgeCredential"], "AchievementSubject", "ob", required=[]
    ),
    "EndorsementCredential": _credential(
        ["EndorsementCredential"], "EndorsementSubject", "ob", required=["name"]
    ),
    "ClrCredential": _credential(
        ["ClrCredential"], "ClrSubject", "clr", required=["name"], partial={"type": "boolean"}
    ),
    "ClrSubject": _typed(
        "ClrSubject",
        ["verifiableCredential"],
        id=_STRING,
        identifier=_many("IdentityObject"),
        achievement=_many("Achievement"),
        verifiableCredential={"type": "array", "minItems": 1, "items": _ref("EmbeddedCredential")},
        association=_many("Association"),
    ),
    "Association": _typed(
        "Association",
        ["associationType", "sourceId", "targetId"],
        associationType=_STRING,
        sourceId=_STRING,
        targetId=_STRING,
    ),
    # CLR bundles any verifiable credential; the OB 3.0 ones get the full check.
    "EmbeddedCredential": {
        "type": "object",
        "required": ["@context", "type", "issuer", "credentialSubject"],
        "properties": {"type": {"includes": "VerifiableCredential"}},
        "if": {"properties": {"type": {"includes": list(OB_TYPES)}}},
        "then": _ref("AchievementCredential"),
    },
}


def _schema(root: str) -> dict[str, Any]:
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "$defs": DEFS, **_ref(root)}


def _names(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [item for item in value if isinstance(item, str)]
    return []


def _includes(
    validator: Any, names: str | list[str], instance: Any, schema: Any
) -> Iterator[ValidationError]:
    wanted = [names] if isinstance(names, str) else names
    if not (isinstance(instance, str) or isinstance(instance, list) and instance):
        yield ValidationError("must be a class name or a list of class names")
    elif not set(wanted) & set(_names(instance)):
        yield ValidationError("must include " + " or ".join(wanted))


_CONTEXTS = {
    "ob": (OB_CONTEXT, "the Open Badges 3.0 context"),
    "clr": (CLR_CONTEXT, "the CLR 2.0 context"),
}


def _includes_context(
    validator: Any, which: str, instance: Any, schema: Any
) -> Iterator[ValidationError]:
    pattern, name = _CONTEXTS[which]
    if isinstance(instance, list) and not any(
        isinstance(url, str) and pattern.match(url) for url in instance
    ):
        yield ValidationError(f"must include {name}")


def _one_or_many(
    validator: Any, subschema: Any, instance: Any, schema: Any
) -> Iterator[ValidationError]:
    if isinstance(instance, list):
        for index, item in enumerate(instance):
            yield from validator.descend(item, subschema, path=index)
    else:
        yield from validator.descend(instance, subschema)


def _date_time(
    validator: Any, wanted: Any, instance: Any, schema: Any
) -> Iterator[ValidationError]:
    if wanted and not (isinstance(instance, str) and _DATE_TIME.match(instance)):
        yield ValidationError("must be a date and time such as 2024-01-31T09:00:00Z")


def _required(
    validator: Any, fields: list[str], instance: Any, schema: Any
) -> Iterator[ValidationError]:
    if isinstance(instance, dict):
        for name in fields:
            if name not in instance:
                yield ValidationError("is required", path=[name])


def _type(validator: Any, types: Any, instance: Any, schema: Any) -> Iterator[ValidationError]:
    wanted = [types] if isinstance(types, str) else list(types)
    if not any(validator.is_type(instance, kind) for kind in wanted):
        yield ValidationError("must be " + " or ".join(_TYPE_WORDS[kind] for kind in wanted))


def _additional(
    validator: Any, allowed: Any, instance: Any, schema: Any
) -> Iterator[ValidationError]:
    if allowed is False and isinstance(instance, dict):
        known = schema.get("properties", {})
        for name in instance:
            if name not in known:
                yield ValidationError("is not a field this class allows", path=[name])


_Validator = validators.extend(
    Draft202012Validator,
    {
        "includes": _includes,
        "includesContext": _includes_context,
        "oneOrMany": _one_or_many,
        "dateTime": _date_time,
        "required": _required,
        "type": _type,
        "additionalProperties": _additional,
    },
)
_VALIDATORS = {name: _Validator(_schema(name)) for name in DEFS if name.endswith("Credential")}


def path_text(path: Sequence[str | int]) -> str:
    """credentialSubject.result[0].type style text for a JSON path."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _message(error: ValidationError) -> str:
    where = path_text(list(error.absolute_path)) or "the credential"
    if error.validator in ("const", "enum"):
        allowed = error.validator_value if error.validator == "enum" else [error.validator_value]
        return f"{where} must be one of: {', '.join(str(value) for value in allowed)}"
    if error.validator == "minItems":
        return f"{where} must have at least {error.validator_value} item(s)"
    if error.validator in ("includes", "includesContext", "dateTime", "required", "type"):
        return f"{where} {error.message}"
    if error.validator == "additionalProperties":
        return f"{where} {error.message}"
    return f"{where} is not valid ({error.validator})"


def kind(credential: dict[str, Any]) -> str | None:
    """Which 1EdTech class the credential claims to be, or None for other credentials."""
    names = set(_names(credential.get("type")))
    if "ClrCredential" in names:
        return "ClrCredential"
    if "EndorsementCredential" in names:
        return "EndorsementCredential"
    if names & set(OB_TYPES):
        return "AchievementCredential"
    contexts = _names(credential.get("@context"))
    subject = credential.get("credentialSubject")
    subject_types = _names(subject.get("type")) if isinstance(subject, dict) else []
    if any(OB_CONTEXT.match(url) for url in contexts) and "AchievementSubject" in subject_types:
        return "AchievementCredential"
    return None


def check(credential: dict[str, Any]) -> list[str]:
    """Problems with the shape of an OB 3.0, Endorsement or CLR 2.0 credential; [] when fine."""
    if not isinstance(credential, dict):
        return ["the credential must be a JSON object"]
    root = kind(credential)
    if root is None:
        return []
    problems: list[str] = []
    errors = sorted(
        _VALIDATORS[root].iter_errors(credential),
        key=lambda error: [str(part) for part in error.absolute_path],
    )
    for error in errors:
        text = _message(error)
        if text not in problems:
            problems.append(text)
    return problems
