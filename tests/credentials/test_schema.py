"""The OB 3.0 / CLR 2.0 shape checks, against 1EdTech fixtures and 1EdTech's own JSON Schema."""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from hypothesis import given, settings
from hypothesis import strategies as st
from jsonschema import Draft201909Validator

from onramp.credentials.formats import schema
from onramp.credentials.formats.clr import clr_credential
from onramp.credentials.formats.ob3 import (
    Achievement,
    Alignment,
    RubricLevel,
    achievement_credential,
)
from onramp.credentials.proofs.data_integrity import sign

from support import shared


def _load(*parts: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(shared("vc", *parts).read_text())
    return data


EXPECTED = {
    "simple-err-credential-subject-achievement-result-description-type.json": (
        "credentialSubject.achievement.resultDescription[2].type must include ResultDescription"
    ),
    "simple-err-credential-subject-identifier-type.json": (
        "credentialSubject.identifier[0].type must include IdentityObject"
    ),
    "simple-err-credential-subject-profile-type.json": (
        "credentialSubject.source.type must include Profile"
    ),
    "simple-err-credential-subject-result-type.json": (
        "credentialSubject.result[1].type must include Result"
    ),
    "simple-err-credential-subject-type.json": (
        "credentialSubject.type must include AchievementSubject"
    ),
    "simple-err-evidence-type.json": "evidence[1].type must include Evidence",
    "simple-err-issuer-otheridentifier-type.json": (
        "issuer.otherIdentifier[1].type must include IdentifierEntry"
    ),
    "simple-err-issuer-parentorg-type.json": "issuer.parentOrg.type must include Profile",
    "simple-err-issuer-type.json": "issuer.type must include Profile",
    "simple-err-issuer.json": "issuer is required",
    "simple-err-type.json": "type must include AchievementCredential or OpenBadgeCredential",
}


def test_every_type_error_fixture_is_covered() -> None:
    folder = shared("vc", "1edtech-validator", "ob30")
    names = {path.name for path in folder.glob("simple-err-*-type.json")}
    assert names <= set(EXPECTED)
    assert len(names) == 9


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_validator_error_fixtures_give_the_expected_problem(name: str) -> None:
    problems = schema.check(_load("1edtech-validator", "ob30", name))
    assert EXPECTED[name] in problems


VALID = [
    ("1edtech-validator", "ob30", "simple.json"),
    ("1edtech-validator", "ob30", "complete.json"),
    ("1edtech-validator", "ob30", "endorsement-valid.json"),
    ("1edtech-validator", "ob30", "simple_v1.json"),
    ("1edtech-validator", "clr20", "simple.json"),
    ("1edtech-ob3", "ldp-vector-ob", "signed.json"),
    ("1edtech-ob3", "ldp-vector-clr", "signed.json"),
]


@pytest.mark.parametrize("parts", VALID, ids=lambda parts: "/".join(parts))
def test_valid_fixtures_pass(parts: tuple[str, ...]) -> None:
    document = _load(*parts)
    assert schema.kind(document) is not None
    assert schema.check(document) == []


def _examples() -> list[Path]:
    return sorted(shared("vc", "1edtech-ob3", "examples").glob("*.json"))


def test_unsigned_spec_examples_pass() -> None:
    examples = _examples()
    assert len(examples) == 7
    for path in examples:
        document = json.loads(path.read_text())
        assert schema.kind(document) is not None, path.name
        assert schema.check(document) == [], path.name


def test_plain_credentials_are_not_checked() -> None:
    plain = {
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "type": ["VerifiableCredential"],
        "issuer": "did:example:1",
        "credentialSubject": {"id": "did:example:2"},
    }
    assert schema.check(plain) == []
    assert schema.check({}) == []


def test_clr_problems_reach_inside_embedded_credentials() -> None:
    clr = _load("1edtech-validator", "clr20", "simple.json")
    inner = clr["credentialSubject"]["verifiableCredential"][0]
    inner["credentialSubject"]["achievement"]["type"] = ["Badge"]
    del clr["credentialSubject"]["type"]
    problems = schema.check(clr)
    assert (
        "credentialSubject.verifiableCredential[0].credentialSubject.achievement.type"
        " must include Achievement" in problems
    )
    assert "credentialSubject.type is required" in problems
    clr["credentialSubject"] = {"type": "ClrSubject", "verifiableCredential": []}
    problems = schema.check(clr)
    assert "credentialSubject.verifiableCredential must have at least 1 item(s)" in problems


def test_types_dates_and_status_are_checked() -> None:
    badge = _load("1edtech-validator", "ob30", "simple.json")
    badge["validFrom"] = "yesterday"
    badge["credentialStatus"] = {"type": "BitstringStatusListEntry"}
    badge["credentialSchema"] = [{"id": "https://example.com/schema.json"}]
    badge["credentialSubject"]["achievement"]["name"] = 7
    problems = schema.check(badge)
    assert "validFrom must be a date and time such as 2024-01-31T09:00:00Z" in problems
    assert "credentialStatus.id is required" in problems
    assert "credentialSchema[0].type is required" in problems
    assert "credentialSubject.achievement.name must be a string" in problems


def test_vc_1_1_needs_issuance_date() -> None:
    badge = _load("1edtech-validator", "ob30", "simple_v1.json")
    del badge["issuanceDate"]
    assert "issuanceDate is required" in schema.check(badge)


# 1EdTech's JSON Schema (json-ld variant, annotation-stripped), used here as an oracle only.


@pytest.fixture(scope="module")
def oracle() -> Draft201909Validator:
    path = shared(
        "vc",
        "1edtech-ob3",
        "schemas",
        "ob_v3p0_achievementcredential_schema.jsonld-variant.stripped.json",
    )
    return Draft201909Validator(json.loads(path.read_text()))


# The oracle wants every `type` and `proof` as a list, and only VC 2.0. JSON-LD also allows
# one value in place of a list of one, and 1EdTech's validator accepts that, so we do too.
ORACLE_BASES = [
    ("1edtech-validator", "ob30", "simple.json"),
    ("1edtech-validator", "ob30", "complete.json"),
    ("1edtech-ob3", "examples", "fullOpenBadge-1.json"),
    ("1edtech-ob3", "examples", "skillAssertionCase-1.json"),
    ("1edtech-ob3", "examples", "achievementAlignmentCe-1.json"),
]


def test_oracle_agrees_on_the_fixtures(oracle: Draft201909Validator) -> None:
    folder = shared("vc", "1edtech-validator", "ob30")
    agreed = 0
    for path in sorted(folder.glob("simple*.json")) + [folder / "complete.json"]:
        document = json.loads(path.read_text())
        if schema.kind(document) != "AchievementCredential":
            continue
        if "v1" in document["@context"][0]:
            continue
        if isinstance(document.get("proof"), dict):
            document["proof"] = [document["proof"]]
        theirs = not list(oracle.iter_errors(document))
        assert theirs == (schema.check(document) == []), path.name
        agreed += 1
    assert agreed >= 20


def _paths(node: Any, prefix: tuple[str | int, ...] = ()) -> Iterator[tuple[str | int, ...]]:
    if isinstance(node, dict):
        for key, value in node.items():
            yield (*prefix, key)
            yield from _paths(value, (*prefix, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _paths(value, (*prefix, index))


def _mutated(document: dict[str, Any], path: tuple[str | int, ...], how: str) -> dict[str, Any]:
    copied = copy.deepcopy(document)
    parent: Any = copied
    for part in path[:-1]:
        parent = parent[part]
    if how == "delete":
        del parent[path[-1]]
    elif how == "number":
        parent[path[-1]] = 12345
    elif how == "text":
        parent[path[-1]] = "zz"
    else:
        parent[path[-1]] = ["WrongClass"]
    return copied


@pytest.mark.parametrize("parts", ORACLE_BASES, ids=lambda parts: parts[-1])
def test_oracle_agrees_on_every_single_mutation(
    oracle: Draft201909Validator, parts: tuple[str, ...]
) -> None:
    """Delete each field, set each value to a number, and rename each class: both must agree."""
    document = _load(*parts)
    assert not list(oracle.iter_errors(document))
    compared = 0
    for path in _paths(document):
        if "proof" in path:
            continue
        for how in ("delete", "number", "class") if path[-1] == "type" else ("delete", "number"):
            mutant = _mutated(document, path, how)
            theirs = not list(oracle.iter_errors(mutant))
            assert theirs == (schema.check(mutant) == []), (how, path)
            compared += 1
    assert compared > 30


# Without the optional rfc3339-validator package the oracle cannot check date-time formats.
DATES = {"validFrom", "validUntil", "activityStartDate", "activityEndDate", "awardedDate"}


def _strings(node: Any, prefix: tuple[str | int, ...] = ()) -> Iterator[tuple[str | int, ...]]:
    if isinstance(node, str):
        yield prefix
    elif isinstance(node, dict):
        for key, value in node.items():
            yield from _strings(value, (*prefix, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _strings(value, (*prefix, index))


@pytest.mark.parametrize("parts", ORACLE_BASES, ids=lambda parts: parts[-1])
def test_oracle_agrees_when_any_text_value_changes(
    oracle: Draft201909Validator, parts: tuple[str, ...]
) -> None:
    """Set each string to "zz": enums, class names and contexts must fail in both or neither."""
    document = _load(*parts)
    compared = 0
    for path in _strings(document):
        if "proof" in path or DATES & set(map(str, path)):
            continue
        mutant = _mutated(document, path, "text")
        theirs = not list(oracle.iter_errors(mutant))
        assert theirs == (schema.check(mutant) == []), path
        compared += 1
    assert compared > 10


def _enum(definition: dict[str, Any]) -> set[str]:
    options = definition.get("oneOf", [definition])
    return {value for option in options for value in option.get("enum", [])}


def test_enumerations_match_the_oracle(oracle: Draft201909Validator) -> None:
    defs = oracle.schema["$defs"]
    pairs = [
        (schema.ACHIEVEMENT_TYPES, defs["Achievement"]["properties"]["achievementType"]),
        (schema.ALIGNMENT_TARGET_TYPES, defs["Alignment"]["properties"]["targetType"]),
        (schema.RESULT_TYPES, defs["ResultDescription"]["properties"]["resultType"]),
        (schema.RESULT_STATUSES, defs["Result"]["properties"]["status"]),
    ]
    for ours, theirs in pairs:
        assert set(ours) == _enum(theirs)


def test_onramp_issued_credentials_pass() -> None:
    achievement = Achievement(
        id="https://onramp.example/achievements/forklift",
        name="Forklift Safety",
        description="Drives a forklift safely.",
        criteria="Passed a practical test.",
        alignments=[Alignment("urn:onramp:esf:ESF-05", "Working safely")],
        levels=[RubricLevel("urn:level:1", "Starting"), RubricLevel("urn:level:2", "Skilled")],
    )
    issuer = {"id": "did:example:college", "name": "Valley College"}
    badge = achievement_credential(
        achievement, issuer, recipient_email="wanda@example.org", level_id="urn:level:2"
    )
    assert schema.check(badge) == []
    seed = Ed25519PrivateKey.generate().private_bytes_raw()
    signed = sign(badge, seed, "did:example:college#key-1")
    assert schema.check(clr_credential([signed], issuer, "did:example:wanda")) == []


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=30,
)
KEYS = st.sampled_from(
    ["type", "@context", "issuer", "credentialSubject", "achievement", "result", "validFrom"]
)
CLASSES = st.sampled_from(
    ["VerifiableCredential", "OpenBadgeCredential", "ClrCredential", "EndorsementCredential"]
)


@settings(max_examples=300, deadline=None)
@given(
    st.dictionaries(KEYS, JSON, max_size=7),
    st.lists(CLASSES, max_size=3),
)
def test_random_json_never_raises(document: dict[str, Any], classes: list[str]) -> None:
    if classes:
        document["type"] = classes
    problems = schema.check(document)
    assert isinstance(problems, list)
    assert all(isinstance(problem, str) and problem for problem in problems)
    if "OpenBadgeCredential" in classes and "ClrCredential" not in classes:
        assert problems


@settings(max_examples=100, deadline=None)
@given(JSON)
def test_any_json_value_never_raises(value: Any) -> None:
    assert isinstance(schema.check(value), list)
