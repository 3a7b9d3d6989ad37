"""Coverage-guided fuzzing (atheris) of the credential parsers. Run outside CI:

    .venv/bin/pip install atheris
    .venv/bin/python bench/fuzz_credentials.py -max_total_time=120

Targets: N-Quads parsing and RDFC-1.0 canonicalization (with a small budget), status-list
decoding, compact JWT decoding, the verification report on arbitrary bytes (JSON, JWT, PNG and
SVG), baked-badge extraction, safe-mode JSON-LD to canonical N-Quads on arbitrary JSON (the
direct quad builder and the context caches included), the OB 3.0/CLR schema check and JCS
canonicalization. Any exception other than Onramp's own InvalidInputError family is a finding.
"""

from __future__ import annotations

import sys

import atheris

with atheris.instrument_imports():
    import json

    from onramp.credentials.formats import schema
    from onramp.credentials.formats.baked import unbake
    from onramp.credentials.proofs.eddsa_jcs import canonicalize as jcs
    from onramp.credentials.proofs.jose import decode_jwt
    from onramp.credentials.rdf.jsonld import canonical_nquads
    from onramp.credentials.rdf.rdfc import Budget, canonicalize
    from onramp.credentials.status.status_list import Bitstring
    from onramp.credentials.verify.verifier import Verifier
    from onramp.errors import InvalidInputError

BUDGET = Budget(max_n_degree_calls=200, max_seconds=0.5)
CONTEXTS = [
    "https://www.w3.org/ns/credentials/v2",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
]
VERIFIER = Verifier()


def one_input(data: bytes) -> None:
    provider = atheris.FuzzedDataProvider(data)
    choice = provider.ConsumeIntInRange(0, 7)
    if choice in (3, 4):
        raw = provider.ConsumeBytes(8192)
        prefix = (b"\x89PNG\r\n\x1a\n", b"<svg ", b"{", b"")[provider.ConsumeIntInRange(0, 3)]
        raw = prefix + raw
    text = provider.ConsumeUnicodeNoSurrogates(4096)
    try:
        if choice == 0:
            canonicalize(text, budget=BUDGET)
        elif choice == 1:
            Bitstring.decode(text)
        elif choice == 2:
            decode_jwt(text, b"not-a-key")
        elif choice == 3:
            VERIFIER.verify(raw, "fuzz")
        elif choice == 4:
            unbake(raw)
        else:
            try:
                document = json.loads(text)
            except ValueError:
                return
            if choice == 5 and isinstance(document, dict):
                # under the real, pinned OB 3.0 contexts, so the fuzzer reaches the expander
                canonical_nquads({"@context": CONTEXTS, **document}, budget=BUDGET)
            elif choice == 6 and isinstance(document, dict):
                schema.check(document)
            elif choice == 7:
                jcs(document)
    except InvalidInputError:
        pass


def main() -> None:
    atheris.Setup(sys.argv, one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
