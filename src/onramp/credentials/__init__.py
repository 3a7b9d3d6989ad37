"""Learning and Employment Records (C3): verify and issue W3C VC 2.0, Open Badges 3.0, CLR 2.0
and HR Open LER-RS credentials, and keep them in workers' wallets.

One module per standard (each cites its spec and version), in subpackages that depend on each
other in one direction only (ADR 0016):

- `rdf`: JSON-LD to RDF in safe mode, RDFC-1.0, N-Quads, the pinned contexts, the time budget;
- `formats`: VC 2.0 rules, OB 3.0, CLR 2.0, LER-RS and HR Open, shape checks, baked badges;
- `proofs`: Data Integrity, eddsa-jcs-2022, VC-JOSE/VC-JWT, Multikey, sealed issuer keys;
- `did`: did:key, did:jwk, the resolver, and `fetch` (the one SSRF-safe network path);
- `status`: Bitstring Status List and StatusList2021;
- `verify`: the `Verifier` and its ordered checks, holder binding, presentations,
  endorsements, trust, legacy OB 2.0 and the input limits.

The store-backed use cases sit here at the top (`service`, `issuing`, `batch_store`,
`hosting`, `wallet`, `wallet_items`, `trust_store`, `demo`), bundled in `CredentialService`.
Other capabilities use the names below.
"""

from onramp.credentials.did.did_key import bound_key, did_key_from_public, resolve_did_key
from onramp.credentials.formats.baked import BakedBadgeError, bake, unbake
from onramp.credentials.issuing import AchievementRecord, IssuedCredential, Recipient
from onramp.credentials.proofs.data_integrity import sign as sign_data_integrity
from onramp.credentials.proofs.data_integrity import verify as verify_data_integrity
from onramp.credentials.proofs.jose import DecodedJwt, decode_jwt, sign_jwt
from onramp.credentials.rdf.jsonld import canonical_nquads
from onramp.credentials.rdf.rdfc import (
    Budget,
    Canonical,
    CanonicalizationBudgetError,
    canonicalize,
    canonicalize_quads,
)
from onramp.credentials.service import CredentialService
from onramp.credentials.status.status_list import Bitstring, HostedList, entries_of, status_in
from onramp.credentials.verify.trust import TrustDecision, TrustRegistry, claimed_skills
from onramp.credentials.verify.verifier import Check, Report, Resolver, Status, Verifier
from onramp.credentials.wallet import Presentation, WalletItem, summarize

__all__ = [
    "AchievementRecord",
    "BakedBadgeError",
    "Bitstring",
    "Budget",
    "Canonical",
    "CanonicalizationBudgetError",
    "Check",
    "CredentialService",
    "DecodedJwt",
    "HostedList",
    "IssuedCredential",
    "Presentation",
    "Recipient",
    "Report",
    "Resolver",
    "Status",
    "TrustDecision",
    "TrustRegistry",
    "Verifier",
    "WalletItem",
    "bake",
    "bound_key",
    "canonical_nquads",
    "canonicalize",
    "canonicalize_quads",
    "claimed_skills",
    "decode_jwt",
    "did_key_from_public",
    "entries_of",
    "resolve_did_key",
    "sign_data_integrity",
    "sign_jwt",
    "status_in",
    "summarize",
    "unbake",
    "verify_data_integrity",
]
