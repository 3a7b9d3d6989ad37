"""A worker's matching data, for their account export (the right to a copy of one's data).

Everything matching keeps about the worker, as plain JSON: the evidence entries they (or an
organization, for them) entered, the details a blind view hides (photo, birth year, address,
schooling), the demographic answers they volunteered (theirs, so theirs to take, although
scoring never reads them), the onboarding plans made for them, and every time someone at an
organization revealed their name and details for a job. The platform's `Privacy.export` adds
this part (`matching.services.matching_services` hands it over through `MatchingServices`).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine

from onramp.matching.personal import Personal
from onramp.matching.plans import OnboardingPlans
from onramp.matching.service import WorkerEvidence
from onramp.platform import AccountKind, Principal, audit
from onramp.platform.activity import describe
from onramp.platform.audit_actions import AuditAction
from onramp.serialize import to_plain

MAX_REVEALS = 100_000  # reveals listed in one export


class MyMatchingData:
    def __init__(
        self,
        engine: Engine,
        evidence: WorkerEvidence,
        personal: Personal,
        plans: OnboardingPlans,
    ) -> None:
        self.engine = engine
        self.evidence = evidence
        self.personal = personal
        self.plans = plans

    def export(self, principal: Principal) -> dict[str, Any]:
        """The caller's own matching data; nothing for a staff account (it has none)."""
        if principal.user.kind is not AccountKind.WORKER:
            return {}
        demographics = self.personal.demographics(principal)
        return {
            "evidence": to_plain(self.evidence.entries(principal)),
            "personal_details": self.personal.details(principal).to_json(),
            "demographics": None if demographics is None else demographics.to_json(),
            "onboarding_plans": [plan.as_json() for plan in self.plans.mine(principal)],
            "reveals": self._reveals(principal.user.id),
        }

    def _reveals(self, worker_id: str) -> list[dict[str, Any]]:
        """Each time a person at an organization saw the worker's name and details, and why."""
        entries = audit.about_worker(
            self.engine, worker_id, MAX_REVEALS, action=AuditAction.CANDIDATE_REVEAL
        )
        lines = describe(self.engine, entries, worker_id)
        return [
            {
                "at": entry.at.isoformat(),
                "by": entry.actor_id,
                "org_id": entry.org_id,
                "job_id": entry.target_id,
                "text": line.text,
            }
            for entry, line in zip(entries, lines, strict=True)
            if entry.subject_id == worker_id
        ]
