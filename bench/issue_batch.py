"""Benchmark: batch-issue OB 3.0 credentials with eddsa-rdfc-2022 proofs.

Onramp's issuing (build the credential, canonicalize under the budget with pinned contexts,
sign) against a naive signer measured in the same run: plain pyld normalize (URDNA2015) with a
local loader, then `cryptography` Ed25519. The naive side signs a tenth as many (it is the same
work per credential), and rates are compared per second.

    taskset -c 0 .venv/bin/python bench/issue_batch.py [--count 10000]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ed25519

from onramp.credentials.did.did_key import did_key_from_public
from onramp.credentials.formats.ob3 import Achievement, Alignment, achievement_credential
from onramp.credentials.proofs.data_integrity import sign
from onramp.credentials.proofs.multikey import multibase_encode
from onramp.credentials.rdf.context_cache import clear_caches
from onramp.credentials.rdf.contexts import load_context

ROOT = Path(__file__).resolve().parents[1]
ACHIEVEMENT = Achievement(
    id="https://onramp.example/achievements/forklift-safety",
    name="Forklift Safety",
    description="Operates a forklift safely in a warehouse.",
    criteria="Passed a practical test observed by a certified trainer.",
    alignments=[
        Alignment(
            "http://data.europa.eu/esco/skill/28cb374e-6261-4133-8371-f9a5470145da",
            "operate forklift",
        )
    ],
)


def naive_sign(document: dict[str, Any], secret: ed25519.Ed25519PrivateKey, method: str) -> None:
    from pyld import jsonld

    def loader(url: str, _options: Any = None) -> dict[str, Any]:
        return {"contextUrl": None, "documentUrl": url, "document": load_context(url)}

    options = {"algorithm": "URDNA2015", "format": "application/n-quads", "documentLoader": loader}
    proof = {
        "type": "DataIntegrityProof",
        "cryptosuite": "eddsa-rdfc-2022",
        "created": "2026-01-01T00:00:00Z",
        "verificationMethod": method,
        "proofPurpose": "assertionMethod",
        "@context": document["@context"],
    }
    data = hashlib.sha256(jsonld.normalize(proof, options).encode()).digest()
    data += hashlib.sha256(jsonld.normalize(document, options).encode()).digest()
    multibase_encode(secret.sign(data))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=10_000)
    args = parser.parse_args()
    secret = ed25519.Ed25519PrivateKey.generate()
    public = secret.public_key().public_bytes(
        serialization.Encoding.Raw, serialization.PublicFormat.Raw
    )
    seed = secret.private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )
    did = did_key_from_public(public)
    method = f"{did}#{did[8:]}"
    issuer = {"id": did, "name": "Valley Community College"}
    from pyld import jsonld

    jsonld._resolved_context_cache.clear()
    naive_count = max(args.count // 10, 1)
    started = time.perf_counter()
    for number in range(naive_count):
        naive_sign(
            achievement_credential(ACHIEVEMENT, issuer, recipient_did=f"did:example:{number}"),
            secret,
            method,
        )
    naive_rate = naive_count / (time.perf_counter() - started)
    # both sides start cold: pyld's process-wide cache and Onramp's processed-context cache
    jsonld._resolved_context_cache.clear()
    clear_caches()
    started = time.perf_counter()
    for number in range(args.count):
        sign(
            achievement_credential(ACHIEVEMENT, issuer, recipient_did=f"did:example:{number}"),
            seed,
            method,
        )
    seconds = time.perf_counter() - started
    result = {
        "benchmark": "batch issue of OB 3.0 credentials (eddsa-rdfc-2022)",
        "count": args.count,
        "onramp_seconds": round(seconds, 1),
        "onramp_per_second": round(args.count / seconds, 1),
        "naive_per_second": round(naive_rate, 1),
        "ratio_onramp_to_naive": round(args.count / seconds / naive_rate, 2),
    }
    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / "issue_batch.json").write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
