"""/api/v1/metrics/monitor: the adverse-impact monitor of an employer's candidate lists
(issue 18, item 3), for its org admins and HR admins. Each route calls one use case of
`onramp.metrics.monitoring.FairnessMonitor`; what it returns holds group names, rates and
ratios, counts only where they are safe, and never a person."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from pydantic import BaseModel, Field

from onramp.api.deps import PrincipalDep
from onramp.metrics.monitor_json import view_json
from onramp.metrics.monitoring import MAX_NOTE, FairnessMonitor

router = APIRouter(prefix="/api/v1/metrics", tags=["metrics"])


def fairness_monitor(request: Request) -> FairnessMonitor:
    found: FairnessMonitor = request.app.state.fairness
    return found


class ClosingNote(BaseModel):
    note: str = Field(max_length=MAX_NOTE, description="What was done about the warning")


@router.get("/monitor/{org_id}", summary="The fair hiring checks of an employer")
def monitor_view(org_id: str, principal: PrincipalDep, request: Request) -> dict[str, Any]:
    return view_json(fairness_monitor(request).view(principal, org_id))


@router.post(
    "/monitor/{org_id}/alerts/{alert_id}/close", summary="Close a warning, saying what was done"
)
def close_alert(
    org_id: str, alert_id: str, body: ClosingNote, principal: PrincipalDep, request: Request
) -> dict[str, Any]:
    return fairness_monitor(request).close(principal, org_id, alert_id, body.note).as_json()
