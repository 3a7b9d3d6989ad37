"""Who may read demand and gap reports (issue 16, item 2), and the reports themselves.

The reports are aggregates: counts of postings, and counts of workers by skill withheld under
`SUPPRESS_BELOW`. No worker or posting is named. So any signed-in staff member of a workforce
board, training provider or employer may read them (the organizations that plan training and
hiring); workers and community organizations' staff do not need them, and a platform admin
without such a membership is refused like anyone else. An API token needs the read scope.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine

from onramp.errors import PermissionDeniedError
from onramp.market.demand import DemandBy
from onramp.market.demand_store import demand_report, gap_report
from onramp.platform import policy
from onramp.platform.model import OrgKind, Principal, Scope

READER_KINDS = frozenset({OrgKind.WORKFORCE_BOARD, OrgKind.TRAINING_PROVIDER, OrgKind.EMPLOYER})
NOT_A_READER = (
    "Market reports are for the staff of workforce boards, training providers and employers."
)


def require_market_reader(principal: Principal) -> None:
    policy.require_scope(principal, Scope.READ)
    if not any(m.org_kind in READER_KINDS for m in principal.memberships):
        raise PermissionDeniedError(NOT_A_READER)


class MarketDemand:
    """Demand and gap reports for the people allowed to read them."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def demand(
        self,
        principal: Principal,
        by: DemandBy = DemandBy.SKILL,
        area: str | None = None,
        first: str | None = None,
        last: str | None = None,
        top: int = 20,
        occupation: str | None = None,
    ) -> dict[str, Any]:
        require_market_reader(principal)
        return demand_report(self.engine, by, area, first, last, top, occupation)

    def gaps(
        self,
        principal: Principal,
        area: str | None = None,
        top: int = 20,
        first: str | None = None,
        last: str | None = None,
    ) -> dict[str, Any]:
        require_market_reader(principal)
        return gap_report(self.engine, area, top, first, last)
