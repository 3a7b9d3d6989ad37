"""The verdict rules (docs/verification.md; issue 11, items 2-6 and 9), on credentials signed
here with a did:key, so every case is a genuine signature and only the rule under test varies.

- `verified` is authentic and current: a status that cannot be confirmed is a failure with its
  own code, never a pass; a short status list is read, with a warning.
- Shape deviations other verifiers accept are conformance warnings; `verified` stays true.
- Endorsements are reported on themselves, as warnings.
- Any W3C VC is verified for authenticity and status; the badge checks say "not an Open Badge".
"""

from __future__ import annotations

import copy
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from onramp.credentials.did.did_key import did_key_from_public
from onramp.credentials.proofs import data_integrity
from onramp.credentials.status.status_list import Bitstring
from onramp.credentials.verify.report import Outcome, Report, Status, Verdict
from onramp.credentials.verify.verifier import Resolver, Verifier

SEED = bytes(range(7, 39))
NOW = datetime(2026, 6, 1, tzinfo=UTC)
VC_V1 = "https://www.w3.org/2018/credentials/v1"
VC_V2 = "https://www.w3.org/ns/credentials/v2"
OB = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
DI_V2 = "https://w3id.org/security/data-integrity/v2"
LIST_URL = "https://status.example/lists/1"
INDEX = 4242


def _did() -> tuple[str, str]:
    public = Ed25519PrivateKey.from_private_bytes(SEED).public_key()
    did = did_key_from_public(public.public_bytes(Encoding.Raw, PublicFormat.Raw))
    return did, f"{did}#{did.removeprefix('did:key:')}"


def _sign(document: dict[str, Any]) -> dict[str, Any]:
    return data_integrity.sign(document, SEED, _did()[1], created=NOW - timedelta(days=30))


def _status(purpose: str = "revocation", url: str = LIST_URL) -> dict[str, Any]:
    return {
        "id": f"{url}#{INDEX}",
        "type": "BitstringStatusListEntry",
        "statusPurpose": purpose,
        "statusListIndex": str(INDEX),
        "statusListCredential": url,
    }


def _badge(**changes: Any) -> dict[str, Any]:
    did = _did()[0]
    badge: dict[str, Any] = {
        "@context": [VC_V2, OB],
        "id": "urn:uuid:6c0b1a8e-3e1f-4f0a-9a55-7d2b7f6f1c01",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {"id": did, "type": ["Profile"], "name": "Valley College"},
        "validFrom": "2026-01-01T00:00:00Z",
        "name": "Forklift Safety",
        "credentialSubject": {
            "id": "did:example:learner",
            "type": ["AchievementSubject"],
            "achievement": {
                "id": "https://valley.example/achievements/forklift",
                "type": ["Achievement"],
                "name": "Forklift Safety",
                "description": "Drives a forklift safely.",
                "criteria": {"narrative": "Passed the practical test."},
                "achievementType": "Certificate",
            },
        },
        "credentialStatus": _status(),
    }
    for key, value in changes.items():
        if value is None:
            badge.pop(key, None)
        else:
            badge[key] = value
    return badge


def _list(bits: Bitstring, purpose: str = "revocation", **changes: Any) -> dict[str, Any]:
    listed: dict[str, Any] = {
        "@context": [VC_V2],
        "id": LIST_URL,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": _did()[0],
        "validFrom": "2026-05-01T00:00:00Z",
        "validUntil": "2026-07-01T00:00:00Z",
        "credentialSubject": {
            "id": f"{LIST_URL}#list",
            "type": "BitstringStatusList",
            "statusPurpose": purpose,
            "encodedList": bits.encode(),
        },
    }
    listed.update(changes)
    return _sign(listed)


def _verify(credential: dict[str, Any] | str, tmp_path: Path, **documents: Any) -> Report:
    offline = {}
    for n, (url, document) in enumerate(documents.get("served", {}).items()):
        path = tmp_path / f"doc-{n}.json"
        path.write_text(json.dumps(document))
        offline[url] = path
    verifier = Verifier(Resolver(offline), now=lambda: NOW)
    text = credential if isinstance(credential, str) else json.dumps(credential)
    return verifier.verify(text, "test")


def _codes(report: Report, check_id: str) -> list[str]:
    return [c.code for c in report.checks if c.id == check_id]


def _bits(value: int = 0, entries: int = 131_072) -> Bitstring:
    bits = Bitstring(bytearray(entries // 8))
    bits.set(INDEX, value)
    return bits


# -- status that cannot be confirmed is not a pass (item 2) -------------------------------------
def test_a_readable_signed_current_list_confirms_the_status(tmp_path: Path) -> None:
    report = _verify(_sign(_badge()), tmp_path, served={LIST_URL: _list(_bits())})
    assert report.verified and report.verdict is Verdict.VERIFIED, report.to_json()
    assert _codes(report, "status") == [Outcome.NOT_REVOKED]


@pytest.mark.parametrize(
    ("case", "served", "fragment"),
    [
        ("list cannot be fetched", {}, "cannot retrieve"),
        ("list proof fails", "tampered", "proof fails"),
        ("list expired", {"validUntil": "2026-05-15T00:00:00Z"}, "expired on"),
        ("list not valid yet", {"validFrom": "2026-12-01T00:00:00Z"}, "not valid yet"),
        ("list of the wrong type", {"type": ["VerifiableCredential"]}, "wrong type"),
        ("list for another purpose", "suspension", "the entry for revocation"),
        ("index outside the list", "tiny", "outside the list"),
    ],
)
def test_status_that_cannot_be_confirmed_fails_with_its_own_code(
    case: str, served: Any, fragment: str, tmp_path: Path
) -> None:
    if served == {}:
        documents: dict[str, Any] = {}
    elif served == "tampered":
        listed = _list(_bits())
        listed["credentialSubject"]["encodedList"] = _bits(1).encode()  # says: revoked? no
        documents = {LIST_URL: listed}
    elif served == "suspension":
        documents = {LIST_URL: _list(_bits(), "suspension")}
    elif served == "tiny":
        documents = {LIST_URL: _list(Bitstring(bytearray(16)))}
    else:
        documents = {LIST_URL: _list(_bits(), **served)}
    report = _verify(_sign(_badge()), tmp_path, served=documents)
    assert not report.verified, case
    assert report.verdict is Verdict.STATUS_UNCONFIRMED, report.to_json()
    [status] = [c for c in report.checks if c.id == "status"]
    assert status.status is Status.FAIL and status.code == Outcome.STATUS_UNCONFIRMED
    assert status.plain == "We could not confirm that this credential is still valid."
    assert fragment in status.message, status.message
    # callers can tell it from a revocation
    assert report.to_json()["verdict"] == "status_unconfirmed" != "revoked"


def test_an_unknown_kind_of_status_fails_closed(tmp_path: Path) -> None:
    odd = {"id": "https://x.example/s/1", "type": "RevocationList2099Status"}
    contexts = [VC_V2, OB, {"RevocationList2099Status": "https://x.example/RevocationList2099"}]
    report = _verify(_sign(_badge(credentialStatus=odd, **{"@context": contexts})), tmp_path)
    assert report.verdict is Verdict.STATUS_UNCONFIRMED
    assert "not one Onramp can check" in report.failures()


def test_a_status_note_that_cannot_be_read_is_only_a_warning(tmp_path: Path) -> None:
    entries = [_status(), _status("message", "https://status.example/lists/notes")]
    report = _verify(
        _sign(_badge(credentialStatus=entries)), tmp_path, served={LIST_URL: _list(_bits())}
    )
    assert report.verified, report.to_json()
    assert [c.status for c in report.checks if c.id == "status"] == [Status.PASS, Status.WARN]


# -- short lists are read (item 3) ------------------------------------------------------------
@pytest.mark.parametrize("value", [0, 1])
def test_a_list_shorter_than_the_minimum_is_read_and_never_hides_a_revocation(
    value: int, tmp_path: Path
) -> None:
    served = {LIST_URL: _list(_bits(value, entries=100_000))}
    report = _verify(_sign(_badge()), tmp_path, served=served)
    codes = _codes(report, "status")
    assert Outcome.STATUS_LIST_SHORT in codes
    if value:
        assert report.verdict is Verdict.REVOKED and Outcome.REVOKED in codes
    else:
        assert report.verified and Outcome.NOT_REVOKED in codes


def test_revoked_and_suspended_each_have_their_own_sentence(tmp_path: Path) -> None:
    suspension_url = "https://status.example/lists/2"
    credential = _sign(_badge(credentialStatus=[_status(), _status("suspension", suspension_url)]))
    suspended = _list(_bits(1), "suspension", id=suspension_url)
    report = _verify(
        credential, tmp_path, served={LIST_URL: _list(_bits()), suspension_url: suspended}
    )
    assert report.verdict is Verdict.SUSPENDED
    plain = [c.plain for c in report.checks if c.id == "status"]
    assert plain == [
        "The issuer has not taken this credential back.",
        "The issuer has put this credential on hold.",
    ]


# -- conformance versus authenticity (item 4) -------------------------------------------------
def test_shape_deviations_other_verifiers_accept_are_warnings(tmp_path: Path) -> None:
    badge = _badge()
    badge["issuer"]["image"] = "https://valley.example/logo.png"  # not an Image object
    badge["credentialSubject"]["achievement"]["achievementType"] = "Bootcamp"  # no ext:
    report = _verify(_sign(badge), tmp_path, served={LIST_URL: _list(_bits())})
    assert report.verified and report.verdict is Verdict.VERIFIED, report.to_json()
    assert report.conforms is False
    schema = report.get("schema")
    assert schema is not None and schema.status is Status.WARN
    assert "issuer.image" in schema.message and "achievementType" in schema.message
    assert "does not make it fake" in schema.plain
    body = report.to_json()
    assert body["verified"] is True and body["conforms"] is False
    assert any(w.startswith("schema:") for w in body["warnings"]) and body["errors"] == []


def test_a_conformant_badge_conforms(tmp_path: Path) -> None:
    report = _verify(_sign(_badge()), tmp_path, served={LIST_URL: _list(_bits())})
    assert report.conforms is True


def test_a_changed_badge_still_fails_however_well_it_is_shaped(tmp_path: Path) -> None:
    signed = _sign(_badge())
    signed["name"] = "Forklift Master"
    report = _verify(signed, tmp_path, served={LIST_URL: _list(_bits())})
    assert not report.verified and report.verdict is Verdict.TAMPERED


# -- any W3C VC, not only Open Badges (item 6) ------------------------------------------------
def test_a_vc_2_that_borrows_the_ob_context_is_verified_without_the_badge_checks(
    tmp_path: Path,
) -> None:
    plain_vc = _badge(
        type=["VerifiableCredential", "EmploymentCredential"],
        **{"@context": [VC_V2, OB, {"EmploymentCredential": "https://hr.example/Employment"}]},
    )
    plain_vc["credentialSubject"] = {
        "id": "did:example:learner",
        "type": ["AchievementSubject"],
        "achievement": copy.deepcopy(_badge()["credentialSubject"]["achievement"]),
    }
    report = _verify(_sign(plain_vc), tmp_path, served={LIST_URL: _list(_bits())})
    assert report.verified, report.to_json()
    assert report.conforms is None
    for check_id in ("ob_types", "schema"):
        check = report.get(check_id)
        assert check is not None and check.status is Status.SKIP
        assert check.code == Outcome.NOT_AN_OPEN_BADGE
        assert check.plain == "This is not an Open Badge, so the badge checks do not apply."
    assert _codes(report, "status") == [Outcome.NOT_REVOKED]


def test_a_vc_1_1_credential_is_verified_for_authenticity(tmp_path: Path) -> None:
    did = _did()[0]
    credential = {
        "@context": [VC_V1, DI_V2, {"@vocab": "https://example.org/terms#"}],
        "id": "urn:uuid:0b7c5b25-1f7e-4d2f-8b2e-1d1c0f1a2b3c",
        "type": ["VerifiableCredential", "MembershipCredential"],
        "issuer": did,
        "issuanceDate": "2026-01-01T00:00:00Z",
        "credentialSubject": {"id": "did:example:member", "memberOf": "Local 12"},
    }
    report = _verify(_sign(credential), tmp_path)
    assert report.verified, report.to_json()
    assert report.get("ob_types").code == Outcome.NOT_AN_OPEN_BADGE  # type: ignore[union-attr]
    tampered = _sign(credential)
    tampered["credentialSubject"]["memberOf"] = "Local 99"
    assert _verify(tampered, tmp_path).verdict is Verdict.TAMPERED
