"""Credentials as JWTs: VC-JOSE-COSE and the older VC-JWT, signed with EdDSA, ES256 or RS256.

Specs: Securing Verifiable Credentials using JOSE and COSE (W3C Recommendation, 2025,
https://www.w3.org/TR/vc-jose-cose/): the payload is the credential itself, `typ` "vc+jwt".
VC Data Model 1.1 section 6.3.1 (https://www.w3.org/TR/vc-data-model-1.1/#jwt-encoding): the
credential sits in a `vc` claim, with iss, nbf, exp, jti and sub standing for its properties;
1EdTech OB 3.0 and CLR 2.0 use this form and accept only RS256 and ES256.

Only the three asymmetric algorithms are accepted, so "none" and HMAC-with-a-public-key tricks
fail. A key taken from the token's own `jwk` header proves only that the token was not changed;
who that key belongs to is a separate check (key binding), reported by the caller.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import jwt
from jwt import PyJWK

from onramp.credentials.formats.vcdm import parse_datetime
from onramp.credentials.rdf.nesting import check_compact_jws
from onramp.errors import InvalidInputError

ALGORITHMS = ("EdDSA", "ES256", "RS256")
LEEWAY_SECONDS = 60


class JwtError(InvalidInputError):
    code = "jwt_invalid"


@dataclass(slots=True)
class DecodedJwt:
    header: dict[str, Any]
    payload: dict[str, Any]
    credential: dict[str, Any]
    key_source: str  # "given" | "header-jwk"
    legacy: bool  # VC-JWT with a `vc` claim


def sign_jwt(
    credential: dict[str, Any],
    private_key: Any,
    algorithm: str,
    *,
    kid: str | None = None,
    legacy: bool = False,
) -> str:
    """Sign a credential. `legacy` writes the VC-JWT form that 1EdTech validators expect."""
    if algorithm not in ALGORITHMS:
        raise JwtError(f"use one of {', '.join(ALGORITHMS)} to sign")
    headers: dict[str, Any] = {"typ": "JWT" if legacy else "vc+jwt"}
    if kid:
        headers["kid"] = kid
    payload = _legacy_claims(credential) if legacy else dict(credential)
    return jwt.encode(payload, private_key, algorithm=algorithm, headers=headers)


def _legacy_claims(credential: dict[str, Any]) -> dict[str, Any]:
    claims: dict[str, Any] = {"vc": credential}
    issuer = credential.get("issuer")
    claims["iss"] = issuer.get("id") if isinstance(issuer, dict) else issuer
    if credential.get("id"):
        claims["jti"] = credential["id"]
    subject = credential.get("credentialSubject")
    if isinstance(subject, dict) and subject.get("id"):
        claims["sub"] = subject["id"]
    for field, claim in (
        ("validFrom", "nbf"),
        ("issuanceDate", "nbf"),
        ("validUntil", "exp"),
        ("expirationDate", "exp"),
    ):
        if field in credential and claim not in claims:
            claims[claim] = int(_instant(credential[field]).timestamp())
    return {k: v for k, v in claims.items() if v is not None}


def _instant(value: Any) -> datetime:
    moment = parse_datetime(value)
    if moment is None:
        raise JwtError(f"'{value}' is not a date and time")
    return moment


def decode_jwt(token: str, key: Any = None, *, allow_header_jwk: bool = True) -> DecodedJwt:
    """Check the signature and the time claims, and return the credential inside."""
    token = token.strip()
    check_compact_jws(token)  # before PyJWT parses it: deep JSON would raise RecursionError
    try:
        header = jwt.get_unverified_header(token)
    except jwt.PyJWTError as error:
        raise JwtError(f"not a compact JWS/JWT ({error})") from None
    algorithm = header.get("alg")
    if algorithm not in ALGORITHMS:
        raise JwtError(f"the algorithm {algorithm!r} is not accepted; use {', '.join(ALGORITHMS)}")
    source = "given"
    if key is None:
        if not (allow_header_jwk and isinstance(header.get("jwk"), dict)):
            raise JwtError("no key to check this JWT with: it names no kid or jwk Onramp can use")
        if "d" in header["jwk"]:
            raise JwtError("the JWT header carries a private key; refusing it")
        try:
            key = PyJWK(header["jwk"], algorithm).key
        except jwt.PyJWTError as error:
            raise JwtError(f"the header's jwk is not a usable public key ({error})") from None
        source = "header-jwk"
    try:
        payload = jwt.decode(
            token,
            key,
            algorithms=[algorithm],
            leeway=LEEWAY_SECONDS,
            options={"verify_aud": False, "require": []},
        )
    except jwt.ExpiredSignatureError:
        raise JwtError("this credential has expired") from None
    except jwt.ImmatureSignatureError:
        raise JwtError("this credential is not valid yet") from None
    except jwt.InvalidSignatureError:
        raise JwtError(
            "the signature does not match: the JWT was changed or signed by another key"
        ) from None
    except jwt.PyJWTError as error:
        raise JwtError(f"the JWT is not valid ({error})") from None
    legacy = isinstance(payload.get("vc"), dict)
    credential = _from_legacy(payload) if legacy else payload
    return DecodedJwt(header, payload, credential, source, legacy)


def _from_legacy(payload: dict[str, Any]) -> dict[str, Any]:
    """VC-JWT claims that disagree with the credential inside are an error, not a choice."""
    credential = json.loads(json.dumps(payload["vc"]))
    issuer = credential.get("issuer")
    issuer_id = issuer.get("id") if isinstance(issuer, dict) else issuer
    if "iss" in payload:
        if issuer_id and issuer_id != payload["iss"]:
            raise JwtError("the JWT's iss does not match the credential's issuer")
        if not issuer_id:
            credential["issuer"] = payload["iss"]
    if "jti" in payload and credential.get("id") not in (None, payload["jti"]):
        raise JwtError("the JWT's jti does not match the credential's id")
    subject = credential.get("credentialSubject")
    if (
        "sub" in payload
        and isinstance(subject, dict)
        and subject.get("id") not in (None, payload["sub"])
    ):
        raise JwtError("the JWT's sub does not match the credential subject's id")
    return credential
