"""Issuer keys: encrypted at rest under the KEK, tenant-scoped, rotated without breaking old
credentials."""

from __future__ import annotations

import base64
import stat
from datetime import UTC, datetime
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from sqlalchemy import Engine, select

from onramp.credentials.did.did_key import bound_key
from onramp.credentials.proofs.data_integrity import sign, verify
from onramp.credentials.proofs.keys import KEK_FILE, KeyVault
from onramp.errors import PermissionDeniedError, StoreError
from onramp.platform import AccountKind, OrgKind, Platform
from onramp.store import platform_tables as t

DID = "did:web:onramp.example:orgs:acme"
CREDENTIAL = {
    "@context": ["https://www.w3.org/ns/credentials/v2"],
    "type": ["VerifiableCredential"],
    "issuer": DID,
    "validFrom": "2024-01-01T00:00:00Z",
    "credentialSubject": {"id": "did:example:wanda"},
}


@pytest.fixture
def setup(engine: Engine, tmp_path: Path) -> tuple[KeyVault, object, str, object]:
    platform = Platform(engine)
    admin = platform.accounts.principal(
        platform.accounts.sign_up(
            "admin@acme.example", "correct horse battery", "Ada", AccountKind.STAFF
        )
    )
    org = platform.orgs.create(admin, "Acme", OrgKind.EMPLOYER)
    other = platform.accounts.principal(
        platform.accounts.sign_up(
            "eve@other.example", "correct horse battery", "Eve", AccountKind.STAFF
        )
    )
    platform.orgs.create(other, "Other", OrgKind.EMPLOYER)
    return KeyVault(engine, tmp_path / "secrets"), admin, org.id, other


def test_private_keys_are_encrypted_and_the_kek_is_private(setup: tuple) -> None:
    vault, admin, org_id, _other = setup
    key = vault.create(admin, org_id)
    kek = vault.secrets_dir / KEK_FILE
    assert stat.S_IMODE(kek.stat().st_mode) == 0o600
    private = vault.private_key(admin, key.id)
    raw = private.private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )
    with vault.engine.connect() as conn:
        stored = conn.execute(select(t.issuer_keys.c.encrypted_private)).scalar_one()
    assert raw not in base64.b64decode(stored)
    kek.write_bytes(b"\x01" * 32)  # a different KEK cannot open it
    with pytest.raises(StoreError, match="cannot be decrypted"):
        vault.private_key(admin, key.id)


def test_other_tenants_cannot_make_or_use_keys(setup: tuple) -> None:
    vault, admin, org_id, other = setup
    key = vault.create(admin, org_id)
    with pytest.raises(PermissionDeniedError):
        vault.create(other, org_id)
    with pytest.raises(PermissionDeniedError):
        vault.private_key(other, key.id)


@pytest.mark.parametrize("algorithm", ["ES256", "RS256"])
def test_jwt_algorithms_get_jwk_keys(setup: tuple, algorithm: str) -> None:
    vault, admin, org_id, _other = setup
    key = vault.create(admin, org_id, algorithm)
    assert key.public_jwk["kty"] in ("EC", "RSA") and not key.public_multibase


def test_rotation_keeps_old_credentials_verifiable(setup: tuple) -> None:
    vault, admin, org_id, _other = setup
    old = vault.create(admin, org_id)
    old_private = vault.private_key(admin, old.id)
    seed = old_private.private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )
    signed = sign(CREDENTIAL, seed, f"{DID}#{old.id}", created=datetime(2024, 1, 1, tzinfo=UTC))
    new = vault.rotate(admin, org_id)
    assert vault.active(org_id).id == new.id and vault.get(old.id).retired_at is not None
    document = vault.did_document(org_id, DID)
    bound = bound_key(document, signed["proof"]["verificationMethod"], "assertionMethod")
    assert bound.controller == DID and verify(signed, bound.public_key)
