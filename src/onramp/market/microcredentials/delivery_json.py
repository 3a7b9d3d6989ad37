"""JSON for microcredential delivery, written once for the API and the CLI (issue 16, item 5).
Outcome figures carry medians only; no learner's wage leaves through them."""

from __future__ import annotations

from typing import Any

from onramp.market.microcredentials.delivery import Delivery, LearnerView, OutcomesView
from onramp.market.microcredentials.delivery_model import (
    Enrollment,
    OutcomeStatus,
    Placement,
    Result,
)
from onramp.market.microcredentials.model import Design
from onramp.market.microcredentials.outcomes import CommitmentFigures, OutcomeFigures
from onramp.platform.model import AccountKind, Principal


def enrollment_json(e: Enrollment) -> dict[str, Any]:
    return {
        "id": e.id,
        "design_id": e.design_id,
        "design_name": e.design_name,
        "learner": {"id": e.learner_id, "name": e.learner_name, "email": e.learner_email},
        "state": e.state.value,
        "state_words": e.state.label,
        "wage_before": e.wage_before,
        "consent": e.consent,
        "enrolled_at": e.enrolled_at.isoformat(),
        "completed_at": e.completed_at.isoformat() if e.completed_at else None,
        "withdrawn_at": e.withdrawn_at.isoformat() if e.withdrawn_at else None,
        "credential_id": e.credential_id,
        "tuition": (
            {"commitment_id": e.tuition_commitment_id, "amount": e.tuition_amount}
            if e.tuition_commitment_id
            else None
        ),
    }


def status_json(s: OutcomeStatus) -> dict[str, Any]:
    return {
        "outcome_id": s.outcome_id,
        "label": s.label,
        "level_needed": s.needed,
        "level_reached": s.reached,
        "progress": s.progress.value,
        "progress_words": s.progress.label,
        "assessments_done": s.assessments_done,
        "assessments": s.assessments,
    }


def result_json(r: Result) -> dict[str, Any]:
    return {
        "id": r.id,
        "enrollment_id": r.enrollment_id,
        "assessment_id": r.assessment_id,
        "outcome_id": r.outcome_id,
        "level": r.level,
        "note": r.note,
        "recorded_at": r.recorded_at.isoformat(),
    }


def placement_json(p: Placement) -> dict[str, Any]:
    return {
        "id": p.id,
        "enrollment_id": p.enrollment_id,
        "hired": p.hired,
        "interviewed": p.interviewed,
        "employer": {"org_id": p.employer_org_id, "name": p.employer_name},
        "occupation": p.occupation,
        "wage": p.wage,
        "placed_on": p.placed_on.isoformat() if p.placed_on else None,
        "commitment_id": p.commitment_id,
        "note": p.note,
        "recorded_at": p.recorded_at.isoformat(),
    }


def learner_json(view: LearnerView) -> dict[str, Any]:
    return {
        **enrollment_json(view.enrollment),
        "outcomes": [status_json(s) for s in view.outcomes],
        "results": [result_json(r) for r in view.results],
        "placements": [placement_json(p) for p in view.placements],
    }


def design_json(design: Design) -> dict[str, Any]:
    return {
        "id": design.id,
        "name": design.parts.name,
        "state": design.state.value,
        "achievement_id": design.achievement_id,
    }


def commitment_json(c: CommitmentFigures, employer: str = "") -> dict[str, Any]:
    return {
        "commitment_id": c.commitment_id,
        "design_id": c.design_id,
        "design_name": c.design_name,
        "kind": c.kind.value,
        "kind_words": c.kind.label,
        "employer": {"org_id": c.employer_org_id, "name": employer},
        "starts": c.starts.isoformat(),
        "ends": c.ends.isoformat(),
        "promised": c.promised,
        "done": c.done,
        "state": c.state.value,
        "state_words": c.state.label,
    }


def figures_json(f: OutcomeFigures, names: dict[str, str] | None = None) -> dict[str, Any]:
    names = names or {}
    return {
        "enrolled": f.enrolled,
        "completed": f.completed,
        "withdrawn": f.withdrawn,
        "placed": f.placed,
        "completion_rate": f.completion_rate,
        "placement_rate": f.placement_rate,
        "wages": {
            "learners": f.wage_learners,
            "median_before": f.median_wage_before,
            "median_after": f.median_wage_after,
            "median_change": f.median_wage_change,
        },
        "commitments": [
            commitment_json(c, names.get(c.employer_org_id, "")) for c in f.commitments
        ],
    }


def outcomes_json(view: OutcomesView) -> dict[str, Any]:
    return {
        "title": view.title,
        "org_id": view.org_id,
        "designs": [design_json(d) for d in view.designs],
        **figures_json(view.figures, view.employer_names),
    }


def export_of(delivery: Delivery, principal: Principal) -> dict[str, Any]:
    """A worker's microcredentials, with every result, for their account export."""
    if principal.user.kind is not AccountKind.WORKER:
        return {"enrollments": []}
    found = delivery.mine(principal)
    return {
        "enrollments": [
            {**learner_json(view), "wallet_item_id": view.wallet_item_id} for _d, view in found
        ]
    }
