"""Learning and Employment Records (C3): verify and issue W3C VC 2.0, Open Badges 3.0, CLR 2.0
and HR Open LER-RS credentials, and keep them in workers' wallets.

One module per standard (each cites its spec and version): `rdfc` and `nquads` (RDFC-1.0 under
a work budget), `contexts` and `jsonld` (hash-pinned local contexts, safe mode), `data_integrity`
(eddsa-rdfc-2022, Ed25519Signature2020), `eddsa_jcs` (eddsa-jcs-2022), `jose` (VC-JOSE and
VC-JWT), `did_key`, `did_jwk`, `status_list` (Bitstring Status List, StatusList2021), `vcdm`
(VC 2.0 rules), `ob3`, `clr`, `ob2` (legacy reading), `ler_rs` and `hropen` (LER-RS and its
HR Open 4.5 schemas), `schema` (OB 3.0/CLR 2.0 shape checks), `baked` (PNG/SVG badges),
`presentation` (VPs bound to a challenge and domain).

The verification report is `Verifier` (ordered checks with plain sentences). The store-backed
use cases (keys, hosted did:web documents and status lists, issuing, the wallet, trust
registries) are bundled in `CredentialService`. Other capabilities use the names below.
"""

from onramp.credentials.baked import BakedBadgeError, bake, unbake
from onramp.credentials.data_integrity import sign as sign_data_integrity
from onramp.credentials.data_integrity import verify as verify_data_integrity
from onramp.credentials.did_key import bound_key, did_key_from_public, resolve_did_key
from onramp.credentials.issuing import AchievementRecord, IssuedCredential, Recipient
from onramp.credentials.jose import DecodedJwt, decode_jwt, sign_jwt
from onramp.credentials.jsonld import canonical_nquads
from onramp.credentials.rdfc import (
    Budget,
    Canonical,
    CanonicalizationBudgetError,
    canonicalize,
    canonicalize_quads,
)
from onramp.credentials.service import CredentialService
from onramp.credentials.status_list import Bitstring, HostedList, entries_of, status_in
from onramp.credentials.trust import TrustDecision, TrustRegistry, claimed_skills
from onramp.credentials.verify import Check, Report, Resolver, Status, Verifier
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
