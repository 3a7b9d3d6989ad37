"""The caseload as plain JSON, for the API, the export and the CLI (issue 15, item 5)."""

from __future__ import annotations

from datetime import date
from typing import Any

from onramp.pathways.caseload_model import NO_PLAN, CaseloadRow, FollowUp, Referral
from onramp.platform.secrets import now


def today() -> date:
    """Today in UTC, the day every due date is measured from."""
    return now().date()


def referral_json(referral: Referral, org_name: str = "") -> dict[str, Any]:
    return {
        "id": referral.id,
        "organization": org_name,
        "kind": str(referral.kind),
        "kind_words": referral.kind.label,
        "service": str(referral.service) if referral.service else None,
        "target_org_id": referral.target_org_id,
        "target_ref": referral.target_ref,
        "target_text": referral.target_text,
        "what": referral.what,
        "note": referral.note,
        "made_at": referral.made_at.isoformat(),
        "outcome": str(referral.outcome),
        "outcome_words": referral.outcome.label,
        "history": [
            {
                "outcome": str(h.outcome),
                "outcome_words": h.outcome.label,
                "on": h.on.isoformat(),
                "note": h.note,
            }
            for h in referral.history
        ],
    }


def follow_up_json(follow_up: FollowUp, today: date) -> dict[str, Any]:
    state = follow_up.due_state(today)
    return {
        "id": follow_up.id,
        "worker_id": follow_up.worker_id,
        "due": follow_up.due.isoformat(),
        "about": follow_up.about,
        "assigned_to": follow_up.assigned_to,
        "assigned_name": follow_up.assigned_name,
        "done": follow_up.done_at is not None,
        "state": str(state),
        "state_words": state.label,
    }


def row_json(row: CaseloadRow, today: date) -> dict[str, Any]:
    glance = row.glance
    return {
        "worker_id": row.worker_id,
        "name": row.name,
        "plan": None
        if glance is None
        else {
            "plan_id": glance.plan_id,
            "stage": glance.stage,
            "status": glance.status,
            "target": glance.target,
            "next_actions": list(glance.next_actions),
            "milestones_due": [
                {"stage": m.stage, "text": m.text, "due": m.due.isoformat() if m.due else None}
                for m in glance.milestones_due
            ],
        },
        "plan_words": "" if glance else NO_PLAN,
        "next_action": row.next_action,
        "follow_ups": [follow_up_json(f, today) for f in row.follow_ups],
        "referrals": [referral_json(r) for r in row.referrals],
        "open_referrals": len(row.open_referrals),
    }
