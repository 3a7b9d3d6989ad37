"""The labour market: wages (BLS OEWS) and employment projections (BLS EP)."""

from onramp.market.model import MarketRelease, Projection, Wage
from onramp.market.oews import read_oews
from onramp.market.projections import read_bls_projections

__all__ = ["MarketRelease", "Projection", "Wage", "read_bls_projections", "read_oews"]
