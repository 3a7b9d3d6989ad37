"""Coverage-guided fuzzing (atheris) of the credential parsers. Run outside CI:

    .venv/bin/pip install atheris
    .venv/bin/python bench/fuzz_credentials.py -max_total_time=120

Targets: N-Quads parsing and RDFC-1.0 canonicalization (with a small budget), status-list
decoding, compact JWT decoding and the verification report on arbitrary bytes. Any exception
other than Onramp's own InvalidInputError family is a finding.
"""

from __future__ import annotations

import sys

import atheris

with atheris.instrument_imports():
    from onramp.credentials.jose import decode_jwt
    from onramp.credentials.rdfc import Budget, canonicalize
    from onramp.credentials.status_list import Bitstring
    from onramp.credentials.verify import Verifier
    from onramp.errors import InvalidInputError

BUDGET = Budget(max_n_degree_calls=200, max_seconds=0.5)
VERIFIER = Verifier()


def one_input(data: bytes) -> None:
    provider = atheris.FuzzedDataProvider(data)
    choice = provider.ConsumeIntInRange(0, 3)
    text = provider.ConsumeUnicodeNoSurrogates(4096)
    try:
        if choice == 0:
            canonicalize(text, budget=BUDGET)
        elif choice == 1:
            Bitstring.decode(text)
        elif choice == 2:
            decode_jwt(text, b"not-a-key")
        else:
            VERIFIER.verify(text.encode(), "fuzz")
    except InvalidInputError:
        pass


def main() -> None:
    atheris.Setup(sys.argv, one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
