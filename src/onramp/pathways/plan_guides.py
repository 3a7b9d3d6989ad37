"""An organization's own version of the plan guide (issue 15, item 4): an org admin of a
community organization, training provider or workforce board adds to or replaces the questions
of a stage, and may replace its help text. Workers who share their plan with the organization
may pick its version (`CareerPlans.guide_for`).

Adapted text is read for grade level on save (`guide.check_adaptation`): above grade 8 the
admin is warned line by line; above grade 10 nothing is saved.
"""

from __future__ import annotations

from sqlalchemy import Engine, delete, insert, select, update

from onramp.errors import InvalidInputError, PermissionDeniedError
from onramp.pathways.guide import (
    AdaptMode,
    Guide,
    Stage,
    StageAdaptation,
    adapt,
    adaptation_of,
    check_adaptation,
    clean_lines,
    default_guide,
)
from onramp.platform import audit, policy
from onramp.platform.audit_actions import AuditAction
from onramp.platform.model import OrgKind, Principal
from onramp.platform.secrets import now
from onramp.store import pathway_tables as pt
from onramp.store.engine import write_transaction

# Organizations that guide job seekers; an employer does not rewrite a worker's questions.
ADAPTING_KINDS = frozenset(
    {OrgKind.COMMUNITY_ORG, OrgKind.TRAINING_PROVIDER, OrgKind.WORKFORCE_BOARD}
)


class PlanGuides:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def changes(self, org_id: str) -> list[StageAdaptation]:
        """The organization's changes, stage by stage (none when it made none)."""
        with self.engine.connect() as conn:
            stored = conn.execute(
                select(pt.plan_guides.c.stages).where(pt.plan_guides.c.org_id == org_id)
            ).scalar()
        data = dict(stored or {})
        return [adaptation_of(s, data[s.value]) for s in Stage if s.value in data]

    def _check(self, principal: Principal, org_id: str) -> str:
        policy.require_member(principal, org_id, admin_may=False)
        org = next(m for m in principal.memberships if m.org_id == org_id)
        if org.org_kind not in ADAPTING_KINDS:
            raise PermissionDeniedError(
                "Only a community group, training provider or workforce board can change "
                "the plan questions."
            )
        return org.org_name

    def of_org(self, principal: Principal, org_id: str) -> tuple[Guide, list[StageAdaptation]]:
        """The organization's version of the guide and its changes, for its members."""
        name = self._check(principal, org_id)
        changes = self.changes(org_id)
        return adapt(default_guide(), org_id, name, changes), changes

    def save(
        self,
        principal: Principal,
        org_id: str,
        stage: Stage,
        mode: AdaptMode,
        self_questions: list[str],
        employer_questions: list[str],
        help_text: str = "",
    ) -> list[str]:
        """Save one stage's change (an empty "add" removes it); the plain warnings about
        lines above grade 8. Refused, with nothing saved, above grade 10."""
        policy.require_org_admin(principal, org_id, admin_may=False)
        self._check(principal, org_id)
        change = StageAdaptation(
            stage,
            mode,
            clean_lines(self_questions),
            clean_lines(employer_questions),
            " ".join(help_text.split()),
        )
        warnings = check_adaptation(change)
        empty = mode is AdaptMode.ADD and not (
            change.self_questions or change.employer_questions or change.help
        )
        with write_transaction(self.engine, f"plan_guide:{org_id}") as conn:
            stored = conn.execute(
                select(pt.plan_guides.c.stages).where(pt.plan_guides.c.org_id == org_id)
            ).first()
            stages = dict(stored[0]) if stored else {}
            if empty:
                stages.pop(stage.value, None)
            else:
                stages[stage.value] = change.contract()
            values = {"stages": stages, "updated_by": principal.user.id, "updated_at": now()}
            if stored is None:
                conn.execute(insert(pt.plan_guides).values(org_id=org_id, **values))
            elif stages:
                conn.execute(
                    update(pt.plan_guides).where(pt.plan_guides.c.org_id == org_id).values(**values)
                )
            else:
                conn.execute(delete(pt.plan_guides).where(pt.plan_guides.c.org_id == org_id))
            audit.record(
                conn,
                AuditAction.PLAN_GUIDE_UPDATE,
                actor_id=principal.user.id,
                org_id=org_id,
                target_type="plan_guide",
                target_id=stage.value,
                details={"mode": mode.value},
            )
        return warnings


def split_lines(text: str) -> list[str]:
    """Questions typed one per line in a text box."""
    lines = [line.strip() for line in text.splitlines()]
    if sum(1 for line in lines if line) > 100:
        raise InvalidInputError("That is too many lines.")
    return [line for line in lines if line]
