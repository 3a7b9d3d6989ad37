"""The verification report on 1EdTech validator fixtures, each by name, for the right reason."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from onramp.credentials.verify.verifier import Resolver, Status, Verifier

from support import shared

ISSUER = "https://1edtech.edu/issuers/565049"
KEY = "z6MkjZRZv3aez3r18pB1RBFJR1kwUVJ5jHt92JmQwXbd5hwi"
LIST_URL = (
    "https://raw.githubusercontent.com/1EdTech/digital-credentials-public-validator/refs/heads/"
    "main/inspector-vc/src/test/resources/ob30/bit-string-list/testlist"
)


def fixture(*parts: str) -> Path:
    return shared("vc", "1edtech-validator", *parts)


def check(report: object, check_id: str) -> object:
    return next(c for c in report.checks if c.id == check_id)  # type: ignore[attr-defined]


@pytest.fixture
def issuer_map(tmp_path: Path) -> Path:
    """The issuer's controller document, supplied offline as a verifier would pin it."""
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
    mapping = {ISSUER: "issuer.json", LIST_URL: str(fixture("ob30", "bit-string-list", "testlist"))}
    path = tmp_path / "map.json"
    path.write_text(json.dumps(mapping))
    return path


def test_did_key_credential_verifies_with_plain_warnings() -> None:
    report = Verifier().verify(fixture("ob30", "simple-did-key-method.json").read_bytes())
    assert report.verified, report.to_json()
    assert check(report, "proof").status is Status.PASS  # type: ignore[attr-defined]
    assert check(report, "key_binding").status is Status.WARN  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("name", "check_id", "reason"),
    [
        ("simple-err-expired.json", "validity", "expired"),
        ("simple-err-issued.json", "validity", "not valid until"),
        ("simple-err-context.json", "contexts", "first @context"),
        ("simple-noproof.json", "proof", "no proof"),
        ("simple-err-proof-method-no-scheme.json", "proof", "cannot get the key"),
        ("simple-err-proof-method-unknown-did-method.json", "proof", "cannot get the key"),
        ("simple-err-proof-method-unknown-scheme.json", "proof", "cannot get the key"),
        ("sd/derivedcredential.json", "proof", "unsupported cryptosuite ecdsa-sd-2023"),
        ("simple.jwt", "proof", "no key to check this JWT"),
    ],
)
def test_invalid_fixtures_fail_for_the_right_reason(name: str, check_id: str, reason: str) -> None:
    report = Verifier().verify(fixture("ob30", *name.split("/")).read_bytes(), name)
    assert not report.verified
    found = check(report, check_id)
    assert found.status is Status.FAIL and reason in found.message  # type: ignore[attr-defined]


def test_clr_jwt_verifies_and_says_the_key_is_unbound() -> None:
    report = Verifier().verify(fixture("clr20", "simple.jwt").read_bytes())
    assert report.format == "jwt-clr"
    assert check(report, "proof").status is Status.PASS  # type: ignore[attr-defined]
    # the key rides in the token's own header and the issuer is a web address: anyone could
    # have signed it in that issuer's name, so it is refused
    assert check(report, "key_binding").status is Status.FAIL  # type: ignore[attr-defined]
    assert report.verdict == "tampered" and not report.verified
    # its payload uses the draft CLR context: a conformance warning, not a failure
    schema = check(report, "schema")
    assert schema.status is Status.WARN and "CLR 2.0 context" in schema.message  # type: ignore[attr-defined]
    assert report.conforms is False


def test_revoked_credential_fails_on_status(issuer_map: Path) -> None:
    verifier = Verifier(Resolver.from_map_file(issuer_map))
    report = verifier.verify(
        fixture("ob30", "bit-string-list", "credential-status-revoked.json").read_bytes()
    )
    status = check(report, "status")
    assert status.status is Status.FAIL and status.code == "revoked"  # type: ignore[attr-defined]
    assert report.verdict == "revoked"
    assert check(report, "proof").status is Status.PASS  # type: ignore[attr-defined]


def test_a_status_list_that_cannot_be_read_fails_closed_with_its_own_code(
    issuer_map: Path, tmp_path: Path
) -> None:
    # the issuer's key is there, the status list is not
    mapping = json.loads(issuer_map.read_text())
    mapping = {k: str(issuer_map.parent / v) for k, v in mapping.items() if "testlist" not in k}
    (tmp_path / "map.json").write_text(json.dumps(mapping))
    verifier = Verifier(Resolver.from_map_file(tmp_path / "map.json"))
    report = verifier.verify(
        fixture("ob30", "bit-string-list", "credential-status-revoked.json").read_bytes()
    )
    assert check(report, "proof").status is Status.PASS, report.to_json()  # type: ignore[attr-defined]
    status = check(report, "status")
    assert status.status is Status.FAIL and status.code == "status_unconfirmed"  # type: ignore[attr-defined]
    assert status.plain == "We could not confirm that this credential is still valid."  # type: ignore[attr-defined]
    assert not report.verified and report.verdict == "status_unconfirmed"


def test_cli_json_shape_and_exit_code(tmp_path: Path) -> None:
    good = fixture("ob30", "simple-did-key-method.json")
    bad = fixture("ob30", "simple-err-expired.json")

    def run(*files: Path) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "onramp", "credentials", "verify", "--json", *map(str, files)],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
            env={"ONRAMP_HOME": str(tmp_path), "PATH": "/usr/bin:/bin"},
        )

    ok = run(good)
    assert ok.returncode == 0, ok.stderr
    body = json.loads(ok.stdout)
    assert set(body) >= {"file", "verified", "conforms", "verdict", "format", "checks"}
    assert set(body) >= {"errors", "warnings"}
    assert body["verdict"] == "verified" and body["conforms"] is True
    assert all(set(c) >= {"id", "status", "code", "aspect", "message"} for c in body["checks"])
    assert [c["id"] for c in body["checks"]][:7] == [
        "parse",
        "contexts",
        "types",
        "ob_types",
        "schema",
        "structure",
        "proof",
    ]
    mixed = run(good, bad)
    assert mixed.returncode == 1
    assert mixed.stdout.count('"file"') == 2


def test_cli_reads_baked_png_and_svg_and_a_trust_registry(tmp_path: Path) -> None:
    from test_baked import SVG, tiny_png

    from onramp.credentials.formats.baked import bake

    good = fixture("ob30", "simple-did-key-method.json").read_text()
    issuer = json.loads(good)["issuer"]["id"]
    png = tmp_path / "badge.png"
    png.write_bytes(bake(tiny_png(), good))
    svg = tmp_path / "badge.svg"
    svg.write_bytes(bake(SVG, good))
    registry = tmp_path / "trust.json"
    registry.write_text(json.dumps({issuer: "*"}))
    done = subprocess.run(
        [sys.executable, "-m", "onramp", "credentials", "verify", "--json", "--trust"]
        + [str(registry), str(png), str(svg)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={"ONRAMP_HOME": str(tmp_path), "PATH": "/usr/bin:/bin"},
    )
    assert done.returncode == 0, done.stdout + done.stderr
    decoder, text, bodies = json.JSONDecoder(), done.stdout.strip(), []
    while text:
        body, end = decoder.raw_decode(text)
        bodies.append(body)
        text = text[end:].strip()
    assert [b["format"] for b in bodies] == ["png-ob3", "svg-ob3"]
    trust = next(c for c in bodies[0]["checks"] if c["id"] == "issuer_trust")
    assert trust["status"] == "pass"


def test_credential_proof_must_be_for_assertions() -> None:
    document = json.loads(fixture("ob30", "simple-did-key-method.json").read_text())
    proofs = document["proof"] if isinstance(document["proof"], list) else [document["proof"]]
    proofs[0]["proofPurpose"] = "authentication"
    report = Verifier().verify(json.dumps(document))
    proof = check(report, "proof")
    assert proof.status is Status.FAIL and "assertionMethod" in proof.message  # type: ignore[attr-defined]


def test_proof_sets_pass_only_when_no_supported_proof_fails(contexts: dict[str, object]) -> None:
    folder = shared("vc", "w3c-vc-di-eddsa", "TestVectors", "proof-set-chain")
    signed = json.loads((folder / "signedProofSet2.json").read_text())
    verifier = Verifier(extra_contexts=contexts)  # type: ignore[arg-type]
    assert check(verifier.verify(json.dumps(signed)), "proof").status is Status.PASS  # type: ignore[attr-defined]
    signed["proof"][1]["proofValue"] = signed["proof"][0]["proofValue"]
    proof = check(verifier.verify(json.dumps(signed)), "proof")
    assert proof.status is Status.FAIL and "proof 2 of 2" in proof.message  # type: ignore[attr-defined]
    chain = json.loads((folder / "signedProofChain2.json").read_text())
    assert check(verifier.verify(json.dumps(chain)), "proof").status is Status.PASS  # type: ignore[attr-defined]
    chain["proof"][-1]["previousProof"] = "urn:uuid:not-here"
    proof = check(verifier.verify(json.dumps(chain)), "proof")
    assert proof.status is Status.FAIL and "previousProof" in proof.message  # type: ignore[attr-defined]


def test_unsupported_extra_proof_is_named_in_a_warning(issuer_map: Path) -> None:
    simple = json.loads(fixture("ob30", "simple.json").read_text())
    document = {**simple, "issuer": {**simple["issuer"], "id": ISSUER}}
    document["proof"] = [{"type": "SomeProofType", "proofPurpose": "assertionMethod"}]
    report = Verifier(Resolver.from_map_file(issuer_map)).verify(json.dumps(document))
    proof = check(report, "proof")
    assert proof.status is Status.FAIL and "unsupported proof type SomeProofType" in proof.message  # type: ignore[attr-defined]
    multiple = fixture("ob30", "simple-multiple-proofs.json").read_bytes()
    report = Verifier(Resolver.from_map_file(issuer_map)).verify(multiple)
    warned = check(report, "proof_unsupported")
    assert warned.status is Status.WARN and "SomeProofType" in warned.message  # type: ignore[attr-defined]


def test_a_key_that_cannot_be_fetched_is_not_called_tampering() -> None:
    report = Verifier().verify(
        fixture("ob30", "bit-string-list", "credential-status-revoked.json").read_bytes()
    )
    assert report.verdict == "key_unavailable" and not report.verified


@pytest.mark.parametrize(
    "url",
    [
        "did:web:127.0.0.1%3A8000:orgs:river-college",
        "http://127.0.0.1:8000/status/abc",
        "https://localhost/status/abc",
        "https://10.1.2.3/status/abc",
    ],
)
def test_online_says_exactly_why_a_development_address_is_not_fetched(url: str) -> None:
    from onramp.credentials.did.fetch import SafeFetcher
    from onramp.errors import InvalidInputError

    with pytest.raises(InvalidInputError) as raised:
        Resolver(None, SafeFetcher()).document(url)
    message = str(raised.value)
    assert "is not fetched: it is a development address" in message
    assert "ONRAMP_HOME or ONRAMP_DATABASE_URL" in message
