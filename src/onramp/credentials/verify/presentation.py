"""Verifiable Presentations (W3C VC Data Model 2.0, §4.13: https://www.w3.org/TR/vc-data-model-2.0/)
bound to a challenge and a domain, signed by the holder with Data Integrity eddsa-rdfc-2022
(https://www.w3.org/TR/vc-di-eddsa/) under the `authentication` proof purpose.

The challenge is a one-time random value and the domain names the organization the
presentation is for, so a presentation copied to another verifier, or replayed, fails. JSON
credentials are embedded as they are; a VC-JWT travels as an EnvelopedVerifiableCredential
(`data:application/vc+jwt,<token>`).
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from onramp.credentials.did import did_key
from onramp.credentials.proofs import data_integrity
from onramp.credentials.proofs.multikey import multibase_decode, multibase_encode
from onramp.credentials.rdf.contexts import VC_V2
from onramp.credentials.rdf.values import as_list
from onramp.credentials.verify.binding import HolderIdentity, add_holder_check
from onramp.credentials.verify.report import Report
from onramp.errors import InvalidInputError

if TYPE_CHECKING:
    from onramp.credentials.verify.verifier import Verifier

ENVELOPE_PREFIX = "data:application/vc+jwt,"
PURPOSE = "authentication"


def build_presentation(credentials: list[dict[str, Any] | str], holder: str) -> dict[str, Any]:
    """An unsigned presentation of JSON credentials and compact VC-JWTs."""
    if not credentials:
        raise InvalidInputError("a presentation needs at least one credential")
    embedded: list[dict[str, Any]] = []
    for credential in credentials:
        if isinstance(credential, str):
            embedded.append(
                {
                    "@context": [VC_V2],
                    "id": ENVELOPE_PREFIX + credential,
                    "type": "EnvelopedVerifiableCredential",
                }
            )
        else:
            embedded.append(credential)
    return {
        "@context": [VC_V2],
        "id": f"urn:uuid:{uuid.uuid4()}",
        "type": ["VerifiablePresentation"],
        "holder": holder,
        "verifiableCredential": embedded,
    }


def sign_presentation(
    presentation: dict[str, Any],
    seed: bytes,
    verification_method: str,
    *,
    challenge: str,
    domain: str,
    created: datetime | None = None,
) -> dict[str, Any]:
    proof = data_integrity.proof_options(
        data_integrity.CRYPTOSUITE,
        verification_method,
        PURPOSE,
        created,
        challenge=challenge,
        domain=domain,
    )
    data = data_integrity.hash_data(presentation, proof)
    proof["proofValue"] = multibase_encode(Ed25519PrivateKey.from_private_bytes(seed).sign(data))
    return {**{k: v for k, v in presentation.items() if k != "proof"}, "proof": proof}


@dataclass(slots=True)
class PresentationCheck:
    """The presentation's own proof, and the credentials it carries (JSON, or JWT text)."""

    problems: list[str] = field(default_factory=list)
    holder: str = ""
    credentials: list[dict[str, Any] | str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def check_presentation(
    presentation: dict[str, Any], *, challenge: str, domain: str
) -> PresentationCheck:
    """Check the holder's proof, the challenge and the domain. The holder must be a did:key
    (Onramp wallets use one), and the signing key must be listed for authentication."""
    result = PresentationCheck(holder=str(presentation.get("holder", "")))
    if "VerifiablePresentation" not in as_list(presentation.get("type")):
        result.problems.append("not a VerifiablePresentation")
    try:
        proof = data_integrity.single_proof(presentation)
    except InvalidInputError as error:
        result.problems.append(str(error))
        return result
    if proof.get("proofPurpose") != PURPOSE:
        result.problems.append("the proof is not for authentication")
    if proof.get("challenge") != challenge:
        result.problems.append("the challenge does not match: this is not the presentation made")
    if proof.get("domain") != domain:
        result.problems.append("the domain does not match: it was made for someone else")
    method = str(proof.get("verificationMethod", ""))
    if not method.startswith(did_key.PREFIX) or method.split("#")[0] != result.holder:
        result.problems.append("the proof was not made with the holder's did:key")
        return result
    try:
        bound = did_key.bound_key(did_key.resolve_did_key(result.holder), method, PURPOSE)
        signature = multibase_decode(str(proof.get("proofValue", "")))
        data = data_integrity.hash_data(presentation, proof)
        Ed25519PublicKey.from_public_bytes(bound.public_key).verify(signature, data)
    except InvalidInputError as error:
        result.problems.append(f"the holder's proof cannot be checked ({error})")
    except (InvalidSignature, ValueError):
        result.problems.append("the holder's signature does not match: it was changed")
    for item in as_list(presentation.get("verifiableCredential")):
        if isinstance(item, dict) and str(item.get("id", "")).startswith(ENVELOPE_PREFIX):
            result.credentials.append(str(item["id"])[len(ENVELOPE_PREFIX) :])
        elif isinstance(item, dict):
            result.credentials.append(item)
        else:
            result.problems.append("the presentation holds something that is not a credential")
    return result


@dataclass(slots=True)
class PresentationResult:
    """The presentation's own check, and one report per credential it carries, each with a
    `holder` check: is the credential about the person who signed the presentation?"""

    check: PresentationCheck
    reports: list[Report]


def verify_presentation(
    presentation: dict[str, Any],
    verifier: Verifier,
    *,
    challenge: str,
    domain: str,
    holder_emails: Iterable[str] = (),
) -> PresentationResult:
    """Check the holder's proof, then verify each credential and bind it to the holder (VC Data
    Model 2.0, section 4.13 and appendix A 'Validation'). A credential counts as the holder's
    only when its subject is the holder's DID, or names an email address the holder confirmed
    (`holder_emails`, vouched for by the caller). When the presentation's own proof fails, the
    holder is unknown and no credential is bound to anyone."""
    checked = check_presentation(presentation, challenge=challenge, domain=domain)
    identity = (
        HolderIdentity.of([checked.holder], holder_emails) if checked.ok else HolderIdentity()
    )
    reports = []
    for credential in checked.credentials:
        report = verifier.verify(
            credential if isinstance(credential, str) else json.dumps(credential), "shared"
        )
        add_holder_check(report, identity, for_holder=False)
        reports.append(report)
    return PresentationResult(checked, reports)
