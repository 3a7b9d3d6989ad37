"""Credentials read into evidence, on real OB 3.0 and CLR 2.0 credentials from 1EdTech (pure)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from onramp.credentials.verify.binding import HolderIdentity, add_holder_check
from onramp.credentials.verify.verifier import Resolver, Verifier
from onramp.matching.scoring.evidence import EvidenceKind, EvidenceStatus
from onramp.matching.sources.credentials import (
    DEFAULT_LEVEL,
    Standing,
    entries_of,
    level_from_words,
    read_achievement_credential,
    standing_of,
)

from support import shared

ACTIVE = Standing(EvidenceStatus.ACTIVE, True, True)
SUBJECT = "did:example:ebfeb1f712ebc6f1c276e12ec21"
ISSUER = "https://1edtech.edu/issuers/565049"
KEY = "z6MkjZRZv3aez3r18pB1RBFJR1kwUVJ5jHt92JmQwXbd5hwi"
LIST_URL = (
    "https://raw.githubusercontent.com/1EdTech/digital-credentials-public-validator/refs/heads/"
    "main/inspector-vc/src/test/resources/ob30/bit-string-list/testlist"
)


def example(name: str) -> dict[str, Any]:
    return dict(json.loads(shared("vc", "1edtech-ob3", "examples", name).read_text()))


def validator(*parts: str) -> Path:
    return shared("vc", "1edtech-validator", *parts)


def test_a_skill_assertion_gives_one_credential_evidence_per_competency() -> None:
    read = read_achievement_credential(
        example("skillAssertionCase-1.json"), ACTIVE, source="wallet:1"
    )
    (found,) = read.evidence
    assert found.skill == "https://robotics-competencies.example.com/competencies/robot-programming"
    assert found.kind is EvidenceKind.CREDENTIAL and found.verified and found.counts
    assert found.issuer == ISSUER
    assert found.level == DEFAULT_LEVEL["Competency"] == 3
    assert found.date is not None and found.date.isoformat() == "2022-07-01"
    assert "Robot Programming" in found.note


def test_a_ctdl_competency_is_read_and_a_credential_alignment_is_not_a_skill() -> None:
    ctdl = read_achievement_credential(example("skillAssertionCtdl-1.json"), ACTIVE, source="w:2")
    assert [e.skill for e in ctdl.evidence] == [
        "https://credentialfinder.org/competency/ce-6369c51f-4d86-4592-a761-8b32ae70a045"
    ]
    course = read_achievement_credential(
        example("achievementAlignmentCe-1.json"), ACTIVE, source="w:3"
    )
    assert course.evidence == [] and "does not name any skills" in str(course.left_out[0])


def test_a_degree_gives_no_evidence_and_says_why() -> None:
    complete = json.loads(validator("ob30", "complete.json").read_text())
    read = read_achievement_credential(complete, ACTIVE, source="w:4")
    assert read.evidence == []
    why = str(read.left_out[0])
    assert "degree" in why and "schooling" in why and read.left_out[0].schooling


def test_results_set_the_level_rubric_words_first_then_a_grade_or_score() -> None:
    complete = json.loads(validator("ob30", "complete.json").read_text())
    complete["credentialSubject"]["achievement"]["achievementType"] = "Competency"
    read = read_achievement_credential(complete, ACTIVE, source="w:5")
    by_skill = {e.skill: e for e in read.evidence}
    # the results are aligned to the project: a letter grade "A" of D-A and "Mastered"
    project = by_skill["https://1edtech.edu/catalog/degree/project/result/1"]
    assert project.level == 5 and "result" in project.note
    # the achievement's own alignments have no result of their own: the type's default
    assert by_skill["https://1edtech.edu/catalog/degree"].level == 3
    subject = complete["credentialSubject"]
    subject["result"] = [
        {
            "type": ["Result"],
            "resultDescription": subject["result"][0]["resultDescription"],
            "value": "C",
        }
    ]
    graded = {
        e.skill: e.level
        for e in read_achievement_credential(complete, ACTIVE, source="w:6").evidence
    }
    # C of D, C, B, A is a third of the way up; the grade's own alignment is the project
    assert graded["https://1edtech.edu/catalog/degree/project"] == 2
    assert graded["https://1edtech.edu/catalog/degree"] == 3


@pytest.mark.parametrize(
    ("words", "level"),
    [
        ("Mastered", 5),
        ("Not yet proficient", 1),
        ("Proficient", 3),
        ("Developing", 2),
        ("Advanced", 4),
        ("Starting", 1),
        ("Gold", None),
    ],
)
def test_rubric_words_read_onto_the_scale(words: str, level: int | None) -> None:
    assert level_from_words(words) == level


def test_each_clr_entry_is_read_on_its_own_with_its_own_issuer() -> None:
    clr = json.loads(validator("clr20", "complex.json").read_text())
    entries = entries_of(clr)
    assert len(entries) == 6
    kinds = [e["credentialSubject"]["achievement"].get("achievementType") for e in entries]
    assert kinds[0] == "Diploma"
    entry = entries[1]  # a course
    entry["credentialSubject"]["achievement"]["alignment"] = [
        {"type": ["Alignment"], "targetUrl": "urn:onramp:esf:ESF-02", "targetName": "Serve"}
    ]
    read = read_achievement_credential(entry, ACTIVE, source="w:7#2")
    (found,) = read.evidence
    assert found.skill == "urn:onramp:esf:ESF-02" and found.issuer == entry["issuer"]["id"]
    # "A" among the course's allowed grades, or the course default when the grade has no scale
    assert found.level in (DEFAULT_LEVEL["Course"], 5)
    assert read_achievement_credential(entries[0], ACTIVE, source="w:7#1").evidence == []


def test_a_revoked_real_credential_reads_as_revoked_evidence_that_never_counts(
    tmp_path: Path,
) -> None:
    document = {
        "@context": ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1"],
        "id": ISSUER,
        "verificationMethod": [
            {
                "id": f"{ISSUER}#{KEY}",
                "type": "Multikey",
                "controller": ISSUER,
                "publicKeyMultibase": KEY,
            }
        ],
        "assertionMethod": [f"{ISSUER}#{KEY}"],
    }
    (tmp_path / "issuer.json").write_text(json.dumps(document))
    listed = str(validator("ob30", "bit-string-list", "testlist"))
    (tmp_path / "map.json").write_text(json.dumps({ISSUER: "issuer.json", LIST_URL: listed}))
    verifier = Verifier(Resolver.from_map_file(tmp_path / "map.json"))
    raw = validator("ob30", "bit-string-list", "credential-status-revoked.json").read_bytes()
    report = verifier.verify(raw)
    subject_id = report.credential["credentialSubject"]["id"]  # type: ignore[index]
    add_holder_check(report, HolderIdentity.of([subject_id], []), for_holder=True)
    standing = standing_of(report.to_json())
    assert standing.status is EvidenceStatus.REVOKED and not standing.verified
    assert standing.about_worker
    credential = dict(report.credential or {})
    credential["credentialSubject"]["achievement"]["alignment"] = [
        {"type": ["Alignment"], "targetUrl": "urn:onramp:esf:ESF-02", "targetName": "Serve"}
    ]
    read = read_achievement_credential(credential, standing, source="w:8")
    assert read.evidence and all(
        e.status is EvidenceStatus.REVOKED and not e.counts and not e.verified
        for e in read.evidence
    )
    assert "taken" in read.evidence[0].note  # the plain reason from the report


def test_a_report_about_someone_else_or_unconfirmed_fails_closed() -> None:
    report = Verifier().verify(validator("ob30", "simple-did-key-method.json").read_bytes())
    assert report.verified
    add_holder_check(report, HolderIdentity.of(["did:key:someone-else"], []), for_holder=True)
    assert not standing_of(report.to_json()).about_worker
    unconfirmed = {
        "verified": False,
        "verdict_plain": "We could not confirm that this credential is still valid.",
        "checks": [
            {"id": "status", "status": "fail", "code": "status_unconfirmed", "plain": "x"},
            {"id": "holder", "status": "pass", "code": "about_holder"},
        ],
    }
    standing = standing_of(unconfirmed)
    assert standing.status is EvidenceStatus.ACTIVE and not standing.verified
    assert "could not confirm" in standing.why
    expired = {"checks": [{"id": "validity", "status": "fail", "code": "expired", "plain": "Old."}]}
    assert standing_of(expired).status is EvidenceStatus.EXPIRED
    both = {
        "checks": [
            {"id": "status", "status": "fail", "code": "suspended"},
            {"id": "status", "status": "fail", "code": "revoked"},
        ]
    }
    assert standing_of(both).status is EvidenceStatus.REVOKED


def test_simple_subject_is_the_example_did() -> None:
    assert example("skillAssertionCase-1.json")["credentialSubject"]["id"] == SUBJECT
