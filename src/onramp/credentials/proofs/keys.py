"""Issuer keys: generated per organization, encrypted at rest, rotated without breaking old
credentials.

Private keys are encrypted with AES-256-GCM under a key-encryption key (KEK) kept in the secrets
directory (`kek.bin`, created on first use with owner-only permissions), with the key's id as
associated data, so a ciphertext cannot be moved to another key row. Rotation retires the old key
but keeps it in the organization's DID document, so credentials signed with it stay verifiable.
"""

from __future__ import annotations

import base64
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa
from jwt.algorithms import ECAlgorithm, RSAAlgorithm
from sqlalchemy import Engine, insert, select, update

from onramp.credentials.proofs.multikey import multikey_from_ed25519_public
from onramp.credentials.rdf.contexts import DID_V1, JWK_V1, MULTIKEY_V1
from onramp.errors import InvalidInputError, NotFoundError
from onramp.platform import Principal, audit, policy, secrets
from onramp.platform.audit_actions import AuditAction
from onramp.platform.secrets import KEK_FILE, now
from onramp.store import platform_tables as t

ALGORITHMS = ("Ed25519", "ES256", "RS256")
__all__ = ["ALGORITHMS", "KEK_FILE", "IssuerKey", "KeyVault", "seal", "unseal"]


@dataclass(slots=True)
class IssuerKey:
    id: str
    org_id: str
    algorithm: str
    public_multibase: str
    public_jwk: dict[str, Any]
    created_at: datetime
    retired_at: datetime | None


def _public_jwk(private: Any, algorithm: str) -> dict[str, Any]:
    public = private.public_key()
    if algorithm == "Ed25519":
        raw = public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
        x = base64.urlsafe_b64encode(raw).rstrip(b"=").decode()
        return {"kty": "OKP", "crv": "Ed25519", "x": x}
    jwk = (
        ECAlgorithm.to_jwk(public, as_dict=True)
        if algorithm == "ES256"
        else (RSAAlgorithm.to_jwk(public, as_dict=True))
    )
    return dict(jwk)


def _generate(algorithm: str) -> Any:
    if algorithm == "Ed25519":
        return ed25519.Ed25519PrivateKey.generate()
    if algorithm == "ES256":
        return ec.generate_private_key(ec.SECP256R1())
    if algorithm == "RS256":
        return rsa.generate_private_key(public_exponent=65537, key_size=3072)
    raise InvalidInputError(f"key algorithm must be one of {', '.join(ALGORITHMS)}")


def seal(kek: bytes, private: Any, key_id: str) -> str:
    """The private key as AES-256-GCM ciphertext bound to its id (base64 of nonce + sealed)."""
    der = private.private_bytes(
        serialization.Encoding.DER,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    return secrets.seal(kek, der, key_id)


def unseal(kek: bytes, sealed_text: str, key_id: str) -> Any:
    return serialization.load_der_private_key(secrets.unseal(kek, sealed_text, key_id), None)


class KeyVault:
    def __init__(self, engine: Engine, secrets_dir: Path) -> None:
        self.engine = engine
        self.secrets_dir = Path(secrets_dir)

    def kek(self) -> bytes:
        return secrets.load_kek(self.secrets_dir)

    def create(self, principal: Principal, org_id: str, algorithm: str = "Ed25519") -> IssuerKey:
        policy.require_org_admin(principal, org_id)
        return self._create(org_id, algorithm, principal.user.id)

    def create_for_service(self, org_id: str, algorithm: str = "Ed25519") -> IssuerKey:
        """A first key made by Onramp itself, when an organization issues or hosts a status
        list before an admin made one; recorded in the audit log without an actor."""
        return self._create(org_id, algorithm, None)

    def _create(self, org_id: str, algorithm: str, actor_id: str | None) -> IssuerKey:
        private = _generate(algorithm)
        key_id = str(uuid.uuid4())
        sealed = seal(self.kek(), private, key_id)
        multibase = ""
        if algorithm == "Ed25519":
            multibase = multikey_from_ed25519_public(
                private.public_key().public_bytes(
                    serialization.Encoding.Raw, serialization.PublicFormat.Raw
                )
            )
        with self.engine.begin() as conn:
            conn.execute(
                insert(t.issuer_keys).values(
                    id=key_id,
                    org_id=org_id,
                    algorithm=algorithm,
                    public_multibase=multibase,
                    public_jwk=_public_jwk(private, algorithm),
                    encrypted_private=sealed,
                    created_at=now(),
                )
            )
            audit.record(
                conn,
                AuditAction.KEY_CREATE,
                actor_id=actor_id,
                org_id=org_id,
                target_type="issuer_key",
                target_id=key_id,
                details={"algorithm": algorithm},
            )
        return self.get(key_id)

    def rotate(self, principal: Principal, org_id: str, algorithm: str = "Ed25519") -> IssuerKey:
        """A new active key; the old one is retired but stays published for verification."""
        policy.require_org_admin(principal, org_id)
        with self.engine.begin() as conn:
            conn.execute(
                update(t.issuer_keys)
                .where(
                    t.issuer_keys.c.org_id == org_id,
                    t.issuer_keys.c.algorithm == algorithm,
                    t.issuer_keys.c.retired_at.is_(None),
                )
                .values(retired_at=now())
            )
        return self.create(principal, org_id, algorithm)

    def get(self, key_id: str) -> IssuerKey:
        with self.engine.connect() as conn:
            row = conn.execute(select(t.issuer_keys).where(t.issuer_keys.c.id == key_id)).first()
        if row is None:
            raise NotFoundError("no such key")
        return IssuerKey(
            row.id,
            row.org_id,
            row.algorithm,
            row.public_multibase,
            dict(row.public_jwk),
            row.created_at,
            row.retired_at,
        )

    def keys(self, org_id: str) -> list[IssuerKey]:
        with self.engine.connect() as conn:
            ids: Sequence[str] = (
                conn.execute(
                    select(t.issuer_keys.c.id)
                    .where(t.issuer_keys.c.org_id == org_id)
                    .order_by(t.issuer_keys.c.created_at)
                )
                .scalars()
                .all()
            )
        return [self.get(key_id) for key_id in ids]

    def public_keys(self, principal: Principal, org_id: str) -> list[IssuerKey]:
        """The organization's keys, public parts only, for its members and platform admins."""
        policy.require_member(principal, org_id)
        return self.keys(org_id)

    def active(self, org_id: str, algorithm: str = "Ed25519") -> IssuerKey:
        found = [k for k in self.keys(org_id) if k.algorithm == algorithm and not k.retired_at]
        if not found:
            raise NotFoundError(f"the organization has no active {algorithm} key")
        return found[-1]

    def private_key(self, principal: Principal, key_id: str) -> Any:
        """The private key, decrypted for signing by a member with the admin scope."""
        key = self.get(key_id)
        policy.require_member(principal, key.org_id, admin_may=False)
        return self.service_private_key(key_id)

    def service_private_key(self, key_id: str) -> Any:
        """The private key for Onramp's own signing on an issuer's behalf (its hosted status
        lists); callers acting for a person use `private_key`, which checks who asks."""
        with self.engine.connect() as conn:
            sealed: str = conn.execute(
                select(t.issuer_keys.c.encrypted_private).where(t.issuer_keys.c.id == key_id)
            ).scalar_one()
        return unseal(self.kek(), sealed, key_id)

    def did_document(self, org_id: str, did: str) -> dict[str, Any]:
        """The organization's DID document: every key, active or retired, as an assertion
        method, so credentials signed before a rotation still verify."""
        methods, assertion = [], []
        for key in self.keys(org_id):
            method_id = f"{did}#{key.id}"
            entry: dict[str, Any] = {"id": method_id, "controller": did}
            if key.public_multibase:
                entry |= {"type": "Multikey", "publicKeyMultibase": key.public_multibase}
            else:
                entry |= {"type": "JsonWebKey", "publicKeyJwk": key.public_jwk}
            methods.append(entry)
            assertion.append(method_id)
        return {
            "@context": [
                DID_V1,
                MULTIKEY_V1,
                JWK_V1,
            ],
            "id": did,
            "verificationMethod": methods,
            "assertionMethod": assertion,
        }
