"""Benchmark: credential verification rates, against a naive verifier measured in the same run.

- Data Integrity: the 1EdTech OB 3.0 `eddsa-rdfc-2022` vector (`ldp-vector-ob/signed.json`).
  Onramp's verifier (pinned contexts, safe mode, own RDFC-1.0 with a budget) against a naive one:
  plain `pyld` normalize (URDNA2015) with a local loader, then `cryptography` Ed25519.
  Each side verifies a different credential on every call: N variants of the vector (another
  name, subject id and issuance date), signed beforehand with the vector's key and checked by
  both verifiers, are cycled through, so no result can be cached per document.
- VC-JWT: RS256 verification of a signed OB 3.0 credential.

    .venv/bin/python bench/credentials.py [--rounds 5] [--seconds 2] [--variants 256]

Run on one core (taskset -c 0) for the figures in docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import statistics
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from onramp.credentials import decode_jwt, sign_jwt, verify_data_integrity
from onramp.credentials.proofs.data_integrity import sign
from onramp.credentials.proofs.multikey import multibase_decode
from onramp.credentials.rdf.context_cache import clear_caches
from onramp.credentials.rdf.contexts import load_context

ROOT = Path(__file__).resolve().parents[1]


def rate(action: Callable[[], object], seconds: float) -> float:
    done, started = 0, time.perf_counter()
    while time.perf_counter() - started < seconds:
        action()
        done += 1
    return done / (time.perf_counter() - started)


def cycling(items: list[Any], check: Callable[[Any], bool]) -> Callable[[], bool]:
    """An action that checks the next item each call (round robin), failing loudly."""
    position = [0]

    def action() -> bool:
        item = items[position[0] % len(items)]
        position[0] += 1
        if not check(item):
            raise AssertionError("a valid credential did not verify")
        return True

    return action


def variants(signed: dict[str, Any], seed: bytes, count: int) -> list[dict[str, Any]]:
    """`count` re-signed copies of the vector, each with its own name, subject and dates."""
    method = signed["proof"]["verificationMethod"]
    start = datetime(2024, 1, 1, tzinfo=UTC)
    out = []
    for number in range(count):
        document = json.loads(json.dumps({k: v for k, v in signed.items() if k != "proof"}))
        document["name"] = f"Teamwork Badge #{number}"
        document["validFrom"] = (start + timedelta(days=number)).strftime("%Y-%m-%dT%H:%M:%SZ")
        document["credentialSubject"]["id"] = f"did:example:learner-{number:05d}"
        created = start + timedelta(days=number, hours=1)
        out.append(sign(document, seed, method, created=created))
    return out


def naive_loader(url: str, _options: Any = None) -> dict[str, Any]:
    """What a plain local loader looks like: the document, and nothing more."""
    return {"contextUrl": None, "documentUrl": url, "document": load_context(url)}


def naive_verify(document: dict[str, Any], public: bytes) -> bool:
    from pyld import jsonld

    options = {
        "algorithm": "URDNA2015",
        "format": "application/n-quads",
        "documentLoader": naive_loader,
    }
    proof = document["proof"]
    unsecured = {k: v for k, v in document.items() if k != "proof"}
    config = {k: v for k, v in proof.items() if k != "proofValue"}
    config["@context"] = unsecured["@context"]
    data = hashlib.sha256(jsonld.normalize(config, options).encode()).digest()
    data += hashlib.sha256(jsonld.normalize(unsecured, options).encode()).digest()
    Ed25519PublicKey.from_public_bytes(public).verify(multibase_decode(proof["proofValue"]), data)
    return True


def profile(documents: list[dict[str, Any]], public: bytes) -> None:
    """Where a warm verification spends its time: cumulative cProfile entries, top 30."""
    import cProfile
    import pstats

    for document in documents:  # warm
        verify_data_integrity(document, public)
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(2):
        for document in documents:
            verify_data_integrity(document, public)
    profiler.disable()
    pstats.Stats(profiler).sort_stats("cumulative").print_stats(30)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--seconds", type=float, default=2.0)
    parser.add_argument("--variants", type=int, default=256)
    parser.add_argument(
        "--profile", action="store_true", help="profile Onramp's verifier instead (cProfile)"
    )
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    args = parser.parse_args()
    folder = args.data / "vc" / "1edtech-ob3" / "ldp-vector-ob"
    if not folder.exists():
        print(f"reference data not found under {args.data}", file=sys.stderr)
        return 2
    signed = json.loads((folder / "signed.json").read_text())
    keypair = json.loads((folder / "keypair.json").read_text())
    public = bytes.fromhex(keypair["publicKeyHex"])
    seed = bytes.fromhex(keypair["privateKeyHex(seed||pub)"])[:32]
    assert verify_data_integrity(signed, public) and naive_verify(signed, public)
    documents = variants(signed, seed, args.variants)
    for document in documents:
        assert verify_data_integrity(document, public) and naive_verify(document, public)
    tampered = json.loads(json.dumps(documents[0]))
    tampered["name"] = "Tampered"
    assert not verify_data_integrity(tampered, public)
    if args.profile:
        profile(documents, public)
        return 0
    rsa_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    unsecured = {k: v for k, v in signed.items() if k != "proof"}
    token = sign_jwt(unsecured, rsa_key, "RS256", legacy=True)
    rsa_public = rsa_key.public_key()
    rates: dict[str, list[float]] = {"onramp_di": [], "naive_di": [], "onramp_rs256_jwt": []}
    from pyld import jsonld

    for number in range(1, args.rounds + 1):
        # pyld's context cache is process-wide and so is Onramp's processed-context cache: start
        # each side from empty ones (warming up is part of the measured time)
        jsonld._resolved_context_cache.clear()
        clear_caches()
        naive = cycling(documents, lambda document: naive_verify(document, public))
        rates["naive_di"].append(rate(naive, args.seconds))
        jsonld._resolved_context_cache.clear()
        clear_caches()
        onramp = cycling(documents, lambda document: verify_data_integrity(document, public))
        rates["onramp_di"].append(rate(onramp, args.seconds))
        rates["onramp_rs256_jwt"].append(rate(lambda: decode_jwt(token, rsa_public), args.seconds))
        print(f"round {number}: " + ", ".join(f"{k} {v[-1]:.0f}/s" for k, v in rates.items()))
    median = {k: round(statistics.median(v), 1) for k, v in rates.items()}
    result = {
        "benchmark": "credential verification",
        "rounds": args.rounds,
        "seconds_per_measure": args.seconds,
        "distinct_credentials": len(documents),
        "median_per_second": median,
        "ratio_di_onramp_to_naive": round(median["onramp_di"] / median["naive_di"], 2),
        "goals": {"di_ratio": 3.0, "rs256_jwt_per_second": 3000},
    }
    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / "credentials.json").write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
