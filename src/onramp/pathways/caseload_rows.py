"""Reading the caseload tables into domain objects (issue 15, item 5). No policy here: the
use cases in `onramp.pathways.caseload` decide whose rows may be read, then call these."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from typing import Any

from sqlalchemy import Connection, select

from onramp.pathways.caseload_model import (
    FollowUp,
    Outcome,
    OutcomeChange,
    Referral,
    ReferralKind,
    Service,
)
from onramp.platform.secrets import aware
from onramp.store import caseload_tables as c
from onramp.store import platform_tables as t


def referrals_of(
    conn: Connection, *, org_id: str | None, worker_ids: Collection[str], ids: Collection[str] = ()
) -> list[Referral]:
    """Referrals about these workers (from one organization, or from any when `org_id` is
    None), each with its outcome history; newest first."""
    r, o = c.caseload_referrals, c.caseload_referral_outcomes
    query = select(r)
    if org_id is not None:
        query = query.where(r.c.org_id == org_id)
    if ids:
        query = query.where(r.c.id.in_(list(ids)))
    else:
        if not worker_ids:
            return []
        query = query.where(r.c.worker_id.in_(list(worker_ids)))
    rows = conn.execute(query.order_by(r.c.made_at.desc(), r.c.id)).all()
    if not rows:
        return []
    history: dict[str, list[OutcomeChange]] = defaultdict(list)
    changes = conn.execute(
        select(o)
        .where(o.c.referral_id.in_([row.id for row in rows]))
        .order_by(o.c.recorded_at, o.c.id)
    ).all()
    for change in changes:
        history[str(change.referral_id)].append(
            OutcomeChange(
                Outcome(change.outcome),
                change.on,
                change.note,
                change.recorded_by,
                aware(change.recorded_at),
            )
        )
    return [_referral(row, tuple(history[str(row.id)])) for row in rows]


def _referral(row: Any, history: tuple[OutcomeChange, ...]) -> Referral:
    return Referral(
        id=str(row.id),
        org_id=str(row.org_id),
        worker_id=str(row.worker_id),
        kind=ReferralKind(row.kind),
        service=Service(row.service) if row.service else None,
        target_org_id=row.target_org_id,
        target_ref=row.target_ref,
        target_text=row.target_text,
        note=row.note,
        made_by=row.made_by,
        made_at=aware(row.made_at),
        history=history,
    )


def follow_ups_of(
    conn: Connection,
    *,
    org_id: str | None,
    worker_ids: Collection[str],
    ids: Collection[str] = (),
    open_only: bool = False,
) -> list[FollowUp]:
    """Follow-ups about these workers (from one organization, or any), soonest first, each
    with the name of the navigator it is assigned to."""
    f = c.caseload_follow_ups
    query = select(f, t.users.c.name.label("assigned_name")).outerjoin(
        t.users, t.users.c.id == f.c.assigned_to
    )
    if org_id is not None:
        query = query.where(f.c.org_id == org_id)
    if ids:
        query = query.where(f.c.id.in_(list(ids)))
    else:
        if not worker_ids:
            return []
        query = query.where(f.c.worker_id.in_(list(worker_ids)))
    if open_only:
        query = query.where(f.c.done_at.is_(None))
    rows = conn.execute(query.order_by(f.c.due, f.c.created_at, f.c.id)).all()
    return [
        FollowUp(
            id=str(row.id),
            org_id=str(row.org_id),
            worker_id=str(row.worker_id),
            due=row.due,
            about=row.about,
            assigned_to=row.assigned_to,
            assigned_name=row.assigned_name or "",
            created_by=row.created_by,
            created_at=aware(row.created_at),
            done_at=aware(row.done_at) if row.done_at else None,
        )
        for row in rows
    ]
