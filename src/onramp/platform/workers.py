"""A worker's own basic profile: what they say about themselves and their work history.

Richer, evidence-weighted skill profiles come with the matching capability; this is the part a
worker writes and shares through consent. The work history is the one place a worker's past
jobs are kept: matching follows it (`follow_work_history`) and counts each job as evidence.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import Connection, Engine, select, update

from onramp.errors import InvalidInputError
from onramp.platform import audit, policy
from onramp.platform.audit_actions import AuditAction
from onramp.platform.model import Principal, Scope
from onramp.platform.secrets import now
from onramp.store import platform_tables as t
from onramp.store.engine import write_transaction

HISTORY_FIELDS = ("title", "employer", "start", "end", "occupation_code", "description")

# A capability above the platform that keeps something from a worker's work history (matching:
# each past job as evidence). Called with (worker id, the jobs as they will be saved) before the
# profile is written, so slow work (coding titles) holds no lock; what it returns runs inside the
# profile's transaction, so the profile and what follows it are saved together or not at all.
WorkHistoryFollower = Callable[[str, list[dict[str, str]]], Callable[[Connection], None]]


def profile_lock(user_id: str) -> str:
    """The write lock of one worker's profile and of what follows its work history."""
    return f"profile:{user_id}"


class Workers:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.followers: list[WorkHistoryFollower] = []

    def follow_work_history(self, follower: WorkHistoryFollower) -> None:
        """Tell `follower` of every change to a work history from now on (once, however often
        it is registered)."""
        if follower not in self.followers:
            self.followers.append(follower)

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
        follow = []
        if work_history is not None:
            follow = [f(principal.user.id, values["work_history"]) for f in self.followers]
        # one save of a worker's profile at a time: what follows it reads, then replaces
        with write_transaction(self.engine, profile_lock(principal.user.id)) as conn:
            conn.execute(
                update(t.worker_profiles)
                .where(t.worker_profiles.c.user_id == principal.user.id)
                .values(**values)
            )
            for write in follow:
                write(conn)
            audit.record(
                conn,
                AuditAction.PROFILE_UPDATE,
                actor_id=principal.user.id,
                subject_id=principal.user.id,
                target_type="profile",
                target_id=principal.user.id,
            )
        return self.profile(principal)
