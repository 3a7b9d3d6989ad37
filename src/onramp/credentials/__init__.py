"""Learning and Employment Records (C3).

Built so far (the issue is in progress): N-Quads and RDFC-1.0 canonicalization under a work
budget; hash-pinned local JSON-LD contexts and a safe-mode JSON-LD to RDF step; Data Integrity
`eddsa-rdfc-2022` sign and verify; did:key with key binding; VC-JOSE and VC-JWT (EdDSA, ES256,
RS256); Bitstring Status List encoding, checking and random index allocation; the verification
report and `onramp credentials verify`; the VC 2.0 data-model rules; SSRF-safe fetching for
did:web; and issuer keys encrypted
at rest with rotation. Not built yet: did:jwk, OB 3.0/CLR/LER-RS models and schemas, issuing,
the wallet, the API and pages.
"""

from onramp.credentials.data_integrity import sign as sign_data_integrity
from onramp.credentials.data_integrity import verify as verify_data_integrity
from onramp.credentials.did_key import bound_key, did_key_from_public, resolve_did_key
from onramp.credentials.jose import DecodedJwt, decode_jwt, sign_jwt
from onramp.credentials.jsonld import canonical_nquads
from onramp.credentials.rdfc import (
    Budget,
    Canonical,
    CanonicalizationBudgetError,
    canonicalize,
    canonicalize_quads,
)
from onramp.credentials.status_list import Bitstring, HostedList, entries_of, status_in

__all__ = [
    "Bitstring",
    "Budget",
    "Canonical",
    "CanonicalizationBudgetError",
    "DecodedJwt",
    "HostedList",
    "bound_key",
    "canonical_nquads",
    "canonicalize",
    "canonicalize_quads",
    "decode_jwt",
    "did_key_from_public",
    "entries_of",
    "resolve_did_key",
    "sign_data_integrity",
    "sign_jwt",
    "status_in",
    "verify_data_integrity",
]
