"""Deeply nested credentials are refused plainly before anything parses them: in the verifier
(JSON, JWT payloads, baked images, embedded endorsements), the resolver, the API, the wallet
and the CLI. Before, 1,000 levels raised RecursionError (a 500, or a traceback)."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from test_baked import tiny_png

from onramp.api.app import create_app
from onramp.credentials.did.resolver import Resolver
from onramp.credentials.formats.baked import bake_png
from onramp.credentials.rdf.nesting import (
    MAX_NESTING,
    PLAIN,
    TooDeeplyNestedError,
    check_value,
    loads,
    text_depth,
)
from onramp.credentials.verify.report import Status
from onramp.credentials.verify.verifier import Verifier

from support import run_cli

PASSWORD = "correct horse battery"


def nested_json(levels: int) -> str:
    inner = '{"a":' * levels + "1" + "}" * levels
    return (
        '{"@context":["https://www.w3.org/ns/credentials/v2"],"type":["VerifiableCredential"],'
        f'"issuer":"did:example:x","credentialSubject":{inner}}}'
    )


def unsigned_jwt(payload: str) -> str:
    def part(text: str) -> str:
        return base64.urlsafe_b64encode(text.encode()).rstrip(b"=").decode()

    return f"{part(json.dumps({'alg': 'ES256', 'kid': 'did:example:x#1'}))}.{part(payload)}.c2ln"


def test_depth_is_measured_without_parsing() -> None:
    assert text_depth("{}") == 1
    assert text_depth('{"a":[1,{"b":2}]}') == 3
    assert text_depth('{"a":"[[[[{{{{ \\" [[[["}') == 1  # brackets in strings do not count
    assert text_depth("[" * 100_000 + "]" * 100_000) == 100_000
    assert text_depth(nested_json(MAX_NESTING - 1)) == MAX_NESTING  # the outer object is one
    with pytest.raises(TooDeeplyNestedError):
        loads("[" * 5000 + "]" * 5000)
    with pytest.raises(TooDeeplyNestedError):
        check_value(json.loads(nested_json(MAX_NESTING)))
    check_value(json.loads(nested_json(MAX_NESTING - 1)))


def _refused_for_nesting(report_json: dict[str, object]) -> bool:
    checks = report_json["checks"]
    assert isinstance(checks, list)
    return (
        report_json["verified"] is False
        and checks[0]["id"] == "parse"
        and checks[0]["status"] == "fail"
        and checks[0]["plain"] == PLAIN
        and "nested more than 64 levels" in checks[0]["message"]
    )


@pytest.mark.parametrize("levels", [100, 1_000, 100_000])
def test_the_verifier_refuses_deep_json_jwt_and_baked_images(levels: int) -> None:
    verifier = Verifier()
    text = nested_json(levels)
    assert _refused_for_nesting(verifier.verify(text).to_json())
    assert _refused_for_nesting(verifier.verify("[" * levels + "]" * levels).to_json())
    assert _refused_for_nesting(verifier.verify(unsigned_jwt(text)).to_json())
    assert _refused_for_nesting(verifier.verify(bake_png(tiny_png(), text)).to_json())


def test_a_deep_endorsement_jwt_inside_a_credential_is_reported_not_raised() -> None:
    credential = json.loads(nested_json(1))
    credential["type"] = ["VerifiableCredential", "OpenBadgeCredential"]
    credential["endorsementJwt"] = [unsigned_jwt(nested_json(5_000))]
    report = Verifier().verify(json.dumps(credential))  # no RecursionError
    assert not report.verified


def test_the_resolver_refuses_a_deep_document(tmp_path: Path) -> None:
    (tmp_path / "did.json").write_text("[" * 5000 + "]" * 5000)
    resolver = Resolver({"https://issuer.example/did.json": tmp_path / "did.json"})
    with pytest.raises(TooDeeplyNestedError):
        resolver.document("https://issuer.example/did.json")


def test_the_api_answers_4xx_or_a_plain_report(engine: Engine, tmp_path: Path) -> None:
    app = create_app(engine, secrets_dir=tmp_path / "s", public_url="https://onramp.test")
    client = TestClient(app, raise_server_exceptions=False)
    as_text = client.post("/api/v1/credentials/verify", json={"credential": nested_json(5_000)})
    assert as_text.status_code == 200 and _refused_for_nesting(as_text.json())
    body = '{"credential": ' + nested_json(5_000) + "}"
    as_object = client.post(
        "/api/v1/credentials/verify", content=body, headers={"content-type": "application/json"}
    )
    assert 400 <= as_object.status_code < 500
    shallow_enough_to_parse = '{"credential": ' + nested_json(900) + "}"
    parsed = client.post(
        "/api/v1/credentials/verify",
        content=shallow_enough_to_parse,
        headers={"content-type": "application/json"},
    )
    assert parsed.status_code == 200 and _refused_for_nesting(parsed.json())
    client.post(
        "/api/v1/auth/signup",
        json={"email": "w@mail.example", "password": PASSWORD, "name": "Wes"},
    )
    login = client.post(
        "/api/v1/auth/login", json={"email": "w@mail.example", "password": PASSWORD}
    ).json()
    added = client.post(
        "/api/v1/wallet",
        json={"credential": nested_json(5_000), "source": "paste"},
        headers={"x-csrf-token": login["csrf_token"]},
    )
    assert 400 <= added.status_code < 500, added.text
    assert "nested more than 64 levels" in added.text


def test_the_cli_says_why_instead_of_a_traceback(tmp_path: Path) -> None:
    deep = tmp_path / "deep.json"
    deep.write_text(nested_json(100_000))
    verified = run_cli(tmp_path, "credentials", "verify", "--json", str(deep), check=False)
    assert verified.returncode == 1, verified.stderr
    assert "Traceback" not in verified.stderr
    report = json.loads(verified.stdout)
    assert _refused_for_nesting(report)
    validated = run_cli(tmp_path, "ler", "validate", str(deep), check=False)
    assert validated.returncode == 2 and "Traceback" not in validated.stderr
    assert "nested more than 64 levels" in validated.stderr


def test_checks_other_than_parse_never_see_deep_input() -> None:
    report = Verifier().verify(nested_json(70))
    assert [c.id for c in report.checks] == ["parse"]
    assert report.checks[0].status is Status.FAIL
