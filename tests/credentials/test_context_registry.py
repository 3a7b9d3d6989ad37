"""Operator-pinned JSON-LD contexts: a platform admin stores a document and its SHA-256 (audited),
every verifier the service builds then knows it, and nothing is ever fetched. On SQLite and
PostgreSQL, and from the command line."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import Engine, select, update

from onramp.credentials.did.did_key import did_key_from_public
from onramp.credentials.proofs import data_integrity
from onramp.credentials.rdf.contexts import STATUS_V1, VC_V2, load_context
from onramp.credentials.service import CredentialService
from onramp.credentials.verify.report import Status
from onramp.errors import (
    ConflictError,
    InvalidInputError,
    NotFoundError,
    PermissionDeniedError,
    StoreError,
)
from onramp.platform import AccountKind, Platform, Principal
from onramp.store import credential_tables as c
from onramp.store import make_engine, upgrade
from onramp.store import platform_tables as t

from support import run_cli

PASSWORD = "correct horse battery"
URL = "https://contexts.example/skills-passport/v1"
SEED = bytes(range(7, 39))
CONTEXT = {
    "@context": {
        "@protected": True,
        "SkillsPassport": "https://vocab.example/passport#SkillsPassport",
        "hoursLogged": {
            "@id": "https://vocab.example/passport#hoursLogged",
            "@type": "http://www.w3.org/2001/XMLSchema#integer",
        },
    }
}


def _credential() -> str:
    public = Ed25519PrivateKey.from_private_bytes(SEED).public_key().public_bytes_raw()
    did = did_key_from_public(public)
    document = {
        "@context": [VC_V2, URL],
        "id": "urn:uuid:2f1d3c7e-4b8a-4f0e-9c1d-6a5b4e3d2c1b",
        "type": ["VerifiableCredential", "SkillsPassport"],
        "issuer": did,
        "validFrom": "2025-01-01T00:00:00Z",
        "credentialSubject": {"id": "did:example:learner", "hoursLogged": 120},
    }
    extra = {URL: CONTEXT}
    method = f"{did}#{did.removeprefix('did:key:')}"
    created = datetime(2025, 1, 1, tzinfo=UTC)
    signed = data_integrity.sign(document, SEED, method, created=created, contexts=extra)
    return json.dumps(signed)


def _service(engine: Engine, tmp_path: Path) -> tuple[CredentialService, Principal, Principal]:
    platform = Platform(engine)
    service = CredentialService(
        engine,
        platform.mailer,
        platform.consents,
        secrets_dir=tmp_path / "secrets",
        public_url="https://onramp.test",
    )
    sign_up = platform.accounts.sign_up
    root = sign_up("root@onramp.test", PASSWORD, "Root", AccountKind.STAFF, is_platform_admin=True)
    staff = sign_up("ada@college.example", PASSWORD, "Ada", AccountKind.STAFF)
    return service, platform.accounts.principal(root), platform.accounts.principal(staff)


def _bytes(document: Any) -> bytes:
    return json.dumps(document, indent=2).encode()


def test_a_pinned_context_lets_credentials_that_name_it_verify(
    engine: Engine, tmp_path: Path
) -> None:
    service, root, _staff = _service(engine, tmp_path)
    credential = _credential()
    before = service.verifier().verify(credential)
    contexts_check = before.get("contexts")
    assert not before.verified and contexts_check is not None
    assert contexts_check.status is Status.FAIL and URL in contexts_check.message

    entry = service.contexts.add(root, URL, _bytes(CONTEXT))
    assert entry.url == URL and len(entry.sha256) == 64 and entry.added_by == root.user.id
    after = service.verifier().verify(credential)
    assert after.verified, after.to_json()
    assert service.contexts.entries(root) == [entry]
    assert service.contexts.add(root, URL, _bytes(CONTEXT)) == entry  # the same bytes: no change

    service.contexts.remove(root, URL)
    assert not service.verifier().verify(credential).verified
    with engine.connect() as conn:
        actions = conn.execute(
            select(t.audit_log.c.action, t.audit_log.c.actor_id, t.audit_log.c.target_id).where(
                t.audit_log.c.target_type == "json_ld_context"
            )
        ).all()
    assert [tuple(a) for a in actions] == [
        ("contexts.pin", root.user.id, URL),
        ("contexts.unpin", root.user.id, URL),
    ]


def test_only_platform_admins_pin_contexts(engine: Engine, tmp_path: Path) -> None:
    service, _root, staff = _service(engine, tmp_path)
    with pytest.raises(PermissionDeniedError):
        service.contexts.add(staff, URL, _bytes(CONTEXT))
    with pytest.raises(PermissionDeniedError):
        service.contexts.entries(staff)


BAD: list[tuple[str, bytes, type[Exception], str]] = [
    ("ftp://contexts.example/v1", _bytes(CONTEXT), InvalidInputError, "web address"),
    ("https://contexts.example/v1#part", _bytes(CONTEXT), InvalidInputError, "web address"),
    ("contexts.example/v1", _bytes(CONTEXT), InvalidInputError, "web address"),
    (URL, b"\xff\xfe", InvalidInputError, "UTF-8"),
    (URL, b"{not json", InvalidInputError, "not JSON"),
    (URL, b'{"terms": {}}', InvalidInputError, '"@context"'),
    (URL, b"[" * 100 + b"]" * 100, InvalidInputError, "nested"),
    (URL, _bytes({"@context": {"x": "a" * 300_000}}), InvalidInputError, "bytes"),
    (URL, _bytes({"@context": {"@version": 2}}), InvalidInputError, "cannot use"),
    (URL, _bytes({"@context": "https://unknown.example/ctx"}), InvalidInputError, "cannot"),
    (VC_V2, _bytes(CONTEXT), InvalidInputError, "cannot replace it"),
]


def test_bad_contexts_are_refused_plainly(engine: Engine, tmp_path: Path) -> None:
    service, root, _staff = _service(engine, tmp_path)
    for url, data, error, fragment in BAD:
        with pytest.raises(error, match=fragment):
            service.contexts.add(root, url, data)
    assert service.contexts.entries(root) == []


def test_built_in_bytes_and_changed_bytes_are_conflicts(engine: Engine, tmp_path: Path) -> None:
    from importlib import resources

    service, root, _staff = _service(engine, tmp_path)
    shipped = (
        resources.files("onramp.credentials") / "onramp_contexts/credentials-status-v1.jsonld"
    ).read_bytes()
    assert json.loads(shipped) == load_context(STATUS_V1)
    with pytest.raises(ConflictError, match="already ships"):
        service.contexts.add(root, STATUS_V1, shipped)
    service.contexts.add(root, URL, _bytes(CONTEXT))
    with pytest.raises(ConflictError, match="remove it first"):
        service.contexts.add(root, URL, _bytes({"@context": {"other": "https://x.example/o"}}))
    with pytest.raises(NotFoundError):
        service.contexts.remove(root, "https://contexts.example/never-pinned")


def test_a_stored_context_that_no_longer_matches_its_hash_fails_closed(
    engine: Engine, tmp_path: Path
) -> None:
    service, root, _staff = _service(engine, tmp_path)
    service.contexts.add(root, URL, _bytes(CONTEXT))
    changed = json.dumps({"@context": {"hoursLogged": "https://evil.example/hours"}})
    with engine.begin() as conn:
        conn.execute(update(c.pinned_contexts).values(document=changed))
    with pytest.raises(StoreError, match="no longer matches"):
        service.verifier()


def test_contexts_from_the_command_line(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'onramp.db'}")
    upgrade(engine)
    platform = Platform(engine)
    platform.accounts.sign_up(
        "root@onramp.test", PASSWORD, "Root", AccountKind.STAFF, is_platform_admin=True
    )
    platform.accounts.sign_up("ada@college.example", PASSWORD, "Ada", AccountKind.STAFF)
    engine.dispose()
    context_file = tmp_path / "passport.jsonld"
    context_file.write_bytes(_bytes(CONTEXT))
    credential_file = tmp_path / "credential.json"
    credential_file.write_text(_credential())
    as_root = ["--as", "root@onramp.test"]

    added = run_cli(
        tmp_path, "credentials", "contexts", "add", str(context_file), "--url", URL, *as_root,
        "--json",
    )  # fmt: skip
    assert json.loads(added.stdout)["url"] == URL
    listed = json.loads(
        run_cli(tmp_path, "credentials", "contexts", "list", *as_root, "--json").stdout
    )
    assert [e["url"] for e in listed] == [URL]
    verified = run_cli(tmp_path, "credentials", "verify", "--json", str(credential_file))
    assert json.loads(verified.stdout)["verified"] is True

    not_admin = run_cli(
        tmp_path, "credentials", "contexts", "list", "--as", "ada@college.example", check=False
    )
    assert not_admin.returncode == 9 and "Traceback" not in not_admin.stderr
    bad_url = run_cli(
        tmp_path, "credentials", "contexts", "add", str(context_file), "--url", "file:///etc",
        *as_root, check=False,
    )  # fmt: skip
    assert bad_url.returncode == 2 and "web address" in bad_url.stderr
    run_cli(tmp_path, "credentials", "contexts", "remove", URL, *as_root)
