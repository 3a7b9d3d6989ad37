"""LER-RS resumes: HR Open JSON, wrapped as a VC 2.0 credential, signed, verified, tampered."""

from __future__ import annotations

import copy
import json
from datetime import UTC, date, datetime
from typing import Any

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ed25519

from onramp.credentials.did.did_key import did_key_from_public
from onramp.credentials.formats import ler_rs, schema
from onramp.credentials.formats.ob3 import Achievement, Alignment, achievement_credential
from onramp.credentials.proofs.data_integrity import sign
from onramp.credentials.rdf.contexts import load_context
from onramp.credentials.rdf.jsonld import UnsafeJsonLdError
from onramp.credentials.verify.verifier import Verifier
from onramp.errors import InvalidInputError

ESCO_FORKLIFT = "http://data.europa.eu/esco/skill/28cb374e-6261-4133-8371-f9a5470145da"
WANDA = "did:example:wanda"


@pytest.fixture(scope="module")
def issuer() -> tuple[str, bytes, str]:
    secret = ed25519.Ed25519PrivateKey.generate()
    public = secret.public_key().public_bytes(
        serialization.Encoding.Raw, serialization.PublicFormat.Raw
    )
    seed = secret.private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )
    did = did_key_from_public(public)
    return did, seed, f"{did}#{did[8:]}"


@pytest.fixture(scope="module")
def badge(issuer: tuple[str, bytes, str]) -> dict[str, Any]:
    did, seed, method = issuer
    achievement = Achievement(
        id="https://onramp.example/achievements/forklift",
        name="Forklift Safety",
        description="Drives a forklift safely in a warehouse.",
        criteria="Passed a practical test.",
        alignments=[Alignment(ESCO_FORKLIFT, "operate forklift")],
    )
    credential = achievement_credential(
        achievement, {"id": did, "name": "Valley College"}, recipient_did=WANDA
    )
    return sign(credential, seed, method)


def sample_resume(badge: dict[str, Any] | None = None) -> ler_rs.Resume:
    attached = [badge] if badge else []
    return ler_rs.Resume(
        person=ler_rs.Person(
            "Wanda",
            "Reyes",
            contact=ler_rs.Contact(
                emails=["wanda@example.org"],
                phones=["+1 555 0100"],
                city="Dayton",
                country_code="us",
                web=["https://example.org/wanda"],
            ),
        ),
        narratives=[ler_rs.Narrative("Objective", ["I want to lead a warehouse team."])],
        employment=[
            ler_rs.Employment(
                "Acme Logistics",
                "Warehouse Associate",
                start="2021-03",
                current=True,
                descriptions=["Loaded trucks.", "Trained two new hires."],
            ),
            ler_rs.Employment("Acme Logistics", "Forklift driver", credentials=[*attached]),
        ],
        education=[
            ler_rs.Education(
                "Valley College",
                programs=["Logistics"],
                degree="Certificate",
                degree_status="Granted",
                start="2019",
                end=date(2020, 5, 1),
            )
        ],
        certifications=[
            ler_rs.Certification("OSHA 10", "OSHA", issued="2020-06-01", expires="2025-06-01"),
            ler_rs.Certification("Forklift Safety", "Valley College", credentials=[*attached]),
        ],
        licenses=[ler_rs.Certification("CDL Class B", "Ohio BMV", issued=date(2022, 1, 5))],
        skills=[
            ler_rs.Skill("operate forklift", "Moves pallets safely", ESCO_FORKLIFT, 3, [*attached]),
            ler_rs.Skill("Working safely", uri="urn:onramp:esf:ESF-05"),
            ler_rs.Skill("Load trucks", uri="https://www.onetonline.org/link/summary/53-7062.00"),
        ],
        document_id="urn:uuid:4a1c7d7e-5f53-4c57-9d5a-0b5c1f6f3a10",
    )


def test_build_gives_hr_open_shape(badge: dict[str, Any]) -> None:
    document = ler_rs.build_ler_rs(sample_resume(badge))
    assert document["type"] == ler_rs.LER_RS_TYPE
    assert document["person"]["name"] == {
        "given": "Wanda",
        "family": "Reyes",
        "formattedName": "Wanda Reyes",
    }
    assert document["communication"]["address"] == [{"city": "Dayton", "countryCode": "US"}]
    job = document["employmentHistories"][0]
    assert job["organization"] == {"name": "Acme Logistics"}
    assert job["positionHistories"][0]["title"] == "Warehouse Associate"
    assert job["positionHistories"][0]["start"] == "2021-03"
    assert document["employmentHistories"][1] == {
        "verifications": [{"otherW3CVerifiableCredential": badge}]
    }
    assert document["educationAndLearnings"][0]["end"] == "2020-05-01"
    assert document["certifications"][0]["effectiveTimePeriod"] == {"validTo": "2025-06-01"}
    assert document["licenses"][0]["issuingAuthority"] == {"name": "Ohio BMV"}
    schemes = [skill["schemeReference"]["scheme"] for skill in document["skills"]]
    assert schemes == [
        "http://data.europa.eu/esco/",
        "urn:onramp:esf",
        "https://www.onetcenter.org/",
    ]
    assert document["skills"][0]["verifications"][0]["Verification"] == {
        "otherW3CVerifiableCredential": badge
    }


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda r: setattr(r.employment[0], "start", "May 2020"), "employment 1 start"),
        (lambda r: setattr(r.education[0], "degree_status", "Done"), "degree status"),
        (lambda r: setattr(r.skills[0], "years", -1), "cannot be negative"),
        (lambda r: setattr(r.skills[1], "uri", "esf-05"), "full URI"),
        (lambda r: setattr(r.person, "given", " "), "given name"),
        (lambda r: r.person.contact.emails.append("wanda.example.org"), "email address"),
        (lambda r: r.person.contact.web.append("example.org/wanda"), "web link"),
        (lambda r: r.certifications[1].credentials.append({"id": 1}), "certification 2"),
    ],
)
def test_bad_resume_input_is_named(change: Any, message: str) -> None:
    resume = sample_resume()
    change(resume)
    with pytest.raises(InvalidInputError, match=message):
        ler_rs.build_ler_rs(resume)


def test_credential_wrapper() -> None:
    document = ler_rs.build_ler_rs(sample_resume())
    moment = datetime(2025, 1, 2, 3, 4, 5, tzinfo=UTC)
    credential = ler_rs.as_credential(document, "did:example:college", WANDA, moment)
    assert credential["@context"] == [ler_rs.VC_V2, ler_rs.LER_RS_CONTEXT]
    assert credential["type"] == ["VerifiableCredential", "LerRsCredential"]
    assert credential["validFrom"] == "2025-01-02T03:04:05Z"
    assert credential["name"] == "Resume of Wanda Reyes"
    assert credential["credentialSubject"]["id"] == WANDA
    assert ler_rs.ler_document_of(credential) == document
    assert schema.check(credential) == []
    with pytest.raises(InvalidInputError, match="type"):
        ler_rs.as_credential({"person": {}}, "did:example:college", WANDA)
    with pytest.raises(InvalidInputError, match="issuer id"):
        ler_rs.as_credential(document, "college", WANDA)
    with pytest.raises(InvalidInputError, match="not a LerRsCredential"):
        ler_rs.ler_document_of({"type": ["VerifiableCredential"], "credentialSubject": {}})


def _keys(node: Any) -> set[str]:
    """Every property name, not looking inside attached credentials (they bring their own)."""
    found: set[str] = set()
    if isinstance(node, dict):
        for key, value in node.items():
            found.add(key)
            if key != "otherW3CVerifiableCredential":
                found |= _keys(value)
    elif isinstance(node, list):
        for item in node:
            found |= _keys(item)
    return found


def test_context_defines_every_term_and_is_protected(badge: dict[str, Any]) -> None:
    context = load_context(ler_rs.LER_RS_CONTEXT)["@context"]
    assert context["@protected"] is True
    assert "@vocab" not in context
    vc_terms = set(load_context(ler_rs.VC_V2)["@context"])
    credential = ler_rs.as_credential(
        ler_rs.build_ler_rs(sample_resume(badge)), "did:example:college", WANDA
    )
    undefined = _keys(credential["credentialSubject"]) - set(context) - vc_terms
    assert undefined == set()
    assert context["otherW3CVerifiableCredential"]["@context"] is None


def test_sign_verify_and_tamper(issuer: tuple[str, bytes, str], badge: dict[str, Any]) -> None:
    did, seed, method = issuer
    document = ler_rs.build_ler_rs(sample_resume(badge))
    credential = ler_rs.as_credential(document, did, WANDA, datetime(2025, 1, 1, tzinfo=UTC))
    signed = sign(credential, seed, method)
    verifier = Verifier()
    report = verifier.verify(json.dumps(signed))
    assert report.verified, report.to_json()
    statuses = {check.id: check.status for check in report.checks}
    assert statuses["proof"] == "pass" and statuses["key_binding"] == "pass"

    tampered = copy.deepcopy(signed)
    tampered["credentialSubject"]["employmentHistories"][0]["positionHistories"][0]["title"] = (
        "Warehouse Manager"
    )
    assert not verifier.verify(json.dumps(tampered)).verified

    inner = copy.deepcopy(signed)
    attached = inner["credentialSubject"]["skills"][0]["verifications"][0]["Verification"]
    attached["otherW3CVerifiableCredential"]["credentialSubject"]["achievement"]["name"] = "Crane"
    assert not verifier.verify(json.dumps(inner)).verified

    # The attached badge still verifies on its own, with its own issuer and proof.
    alone = signed["credentialSubject"]["employmentHistories"][1]["verifications"][0]
    assert verifier.verify(json.dumps(alone["otherW3CVerifiableCredential"])).verified


def test_safe_mode_refuses_undefined_terms(issuer: tuple[str, bytes, str]) -> None:
    did, seed, method = issuer
    credential = ler_rs.as_credential(ler_rs.build_ler_rs(sample_resume()), did, WANDA)
    credential["credentialSubject"]["favoriteColor"] = "blue"
    with pytest.raises(UnsafeJsonLdError, match="favoriteColor"):
        sign(credential, seed, method)
