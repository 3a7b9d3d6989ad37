"""1EdTech Comprehensive Learner Record 2.0: one provider's achievements for one learner.

Spec: CLR Standard v2.0 (1EdTech, https://www.imsglobal.org/spec/clr/v2p0/), context
https://purl.imsglobal.org/spec/clr/v2p0/context-2.0.1.json. A ClrCredential wraps the learner's
signed OpenBadgeCredentials (each keeps its own proof) and is itself signed by the provider.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from onramp.credentials.formats.ob3 import OB_CONTEXT
from onramp.credentials.rdf.contexts import CLR_V2P0_201, VC_V2
from onramp.errors import InvalidInputError

CLR_CONTEXT = CLR_V2P0_201  # the CLR 2.0 context Onramp issues with


def clr_credential(
    credentials: list[dict[str, Any]],
    issuer: dict[str, Any],
    learner_id: str,
    *,
    name: str = "Comprehensive Learner Record",
    valid_from: datetime | None = None,
) -> dict[str, Any]:
    """An unsigned ClrCredential bundling signed OB 3.0 credentials of one provider."""
    if not credentials:
        raise InvalidInputError("a CLR needs at least one credential")
    issuer_id = issuer.get("id")
    for credential in credentials:
        owner = credential.get("issuer", {})
        if (owner.get("id") if isinstance(owner, dict) else owner) != issuer_id:
            raise InvalidInputError("a CLR bundles credentials of one provider: its own")
        if "proof" not in credential:
            raise InvalidInputError("every credential in a CLR must be signed")
    moment = (valid_from or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
    return {
        "@context": [VC_V2, CLR_CONTEXT, OB_CONTEXT],
        "id": f"urn:uuid:{uuid.uuid4()}",
        "type": ["VerifiableCredential", "ClrCredential"],
        "issuer": {"type": ["Profile"], **issuer},
        "name": name,
        "validFrom": moment.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "credentialSubject": {
            "type": ["ClrSubject"],
            "id": learner_id,
            "verifiableCredential": credentials,
        },
    }
