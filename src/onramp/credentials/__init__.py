"""Learning and Employment Records (C3): canonicalization, proofs, formats, wallet.

Built so far: N-Quads and RDFC-1.0 canonicalization with a work budget.
"""

from onramp.credentials.rdfc import (
    Budget,
    Canonical,
    CanonicalizationBudgetError,
    canonicalize,
    canonicalize_quads,
)

__all__ = [
    "Budget",
    "Canonical",
    "CanonicalizationBudgetError",
    "canonicalize",
    "canonicalize_quads",
]
