"""A worker's own basic profile: what they say about themselves and their work history.

Richer, evidence-weighted skill profiles come with the matching capability; this is the part a
worker writes and shares through consent.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, select, update

from onramp.errors import InvalidInputError
from onramp.platform import audit, policy
from onramp.platform.audit_actions import AuditAction
from onramp.platform.model import Principal, Scope
from onramp.platform.secrets import now
from onramp.store import platform_tables as t

HISTORY_FIELDS = ("title", "employer", "start", "end", "occupation_code", "description")


class Workers:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def profile(self, principal: Principal) -> dict[str, Any]:
        policy.require_worker(principal)
        with self.engine.connect() as conn:
            row = conn.execute(
                select(t.worker_profiles).where(t.worker_profiles.c.user_id == principal.user.id)
            ).one()
        return {
            "headline": row.headline,
            "summary": row.summary,
            "location": row.location,
            "work_history": list(row.work_history),
        }

    def update(
        self,
        principal: Principal,
        *,
        headline: str | None = None,
        summary: str | None = None,
        location: str | None = None,
        work_history: list[dict[str, str]] | None = None,
    ) -> dict[str, Any]:
        policy.require_worker(principal)
        policy.require_scope(principal, Scope.WRITE)
        values: dict[str, Any] = {"updated_at": now()}
        for name, value, limit in (
            ("headline", headline, 200),
            ("summary", summary, 4000),
            ("location", location, 200),
        ):
            if value is not None:
                if len(value) > limit:
                    raise InvalidInputError(f"Keep the {name} under {limit} characters.")
                values[name] = value.strip()
        if work_history is not None:
            cleaned = []
            for item in work_history[:50]:
                if not str(item.get("title", "")).strip():
                    raise InvalidInputError("Each job in your work history needs a title.")
                cleaned.append({k: str(item.get(k, "")).strip()[:500] for k in HISTORY_FIELDS})
            values["work_history"] = cleaned
        with self.engine.begin() as conn:
            conn.execute(
                update(t.worker_profiles)
                .where(t.worker_profiles.c.user_id == principal.user.id)
                .values(**values)
            )
            audit.record(
                conn,
                AuditAction.PROFILE_UPDATE,
                actor_id=principal.user.id,
                subject_id=principal.user.id,
                target_type="profile",
                target_id=principal.user.id,
            )
        return self.profile(principal)
