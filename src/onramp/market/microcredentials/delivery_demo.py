"""Demo delivery (demo data only): learners at every stage of one published microcredential,
so the provider's delivery page, its outcomes dashboard and a learner's page show something
real: one just enrolled, one part way, completers with their credential in the wallet, one
hired by the employer partner under its hiring target, one interviewed under its guaranteed
interviews, and one who left.

Everything goes through the `Delivery` use cases as the provider admin would, so each step is
in the audit log and each credential is issued and verified like any other. The demo workers
have confirmed their email addresses, so their credentials land straight in their wallets.
It adds nothing a second time.
"""

from __future__ import annotations

from datetime import date

from onramp.market.microcredentials.delivery import Delivery
from onramp.market.microcredentials.delivery_model import PlacementDraft
from onramp.market.microcredentials.model import Commitment, CommitmentKind, Design
from onramp.platform import Platform
from onramp.platform.demo import demo_email, worker_email
from onramp.platform.secrets import now

# (learner, hourly pay before) at each stage, in order: enrolled, part way, completed,
# completed and hired, completed and interviewed, left.
STAGES = ("enrolled", "part_way", "completed", "hired", "interviewed", "left")
WAGES_BEFORE = (13.5, 14.0, 15.25, 14.5, 16.0, None)
HIRED_WAGE = 19.75
LEARNERS = tuple(worker_email(n) for n in range(31, 31 + len(STAGES)))


def _on(commitment: Commitment | None, today: date) -> date:
    """A date inside the commitment (today when it runs now)."""
    if commitment is None:
        return today
    return min(max(today, commitment.starts), commitment.ends)


def _commitment(design: Design, kind: CommitmentKind) -> Commitment | None:
    return next((c for c in design.parts.commitments if c.kind is kind), None)


def seed_delivery_demo(
    delivery: Delivery,
    platform: Platform,
    design_id: str,
    *,
    staff_email: str = demo_email("provider.admin"),
    learner_emails: tuple[str, ...] = LEARNERS,
) -> int:
    """Enroll learners in the published design `design_id` at different stages; how many were
    enrolled now (0 when the staff or learners are missing, or when it ran before)."""
    accounts = platform.accounts
    staff_user = accounts.user_by_email(staff_email)
    learners = [accounts.user_by_email(email) for email in learner_emails[: len(STAGES)]]
    if staff_user is None or len(learners) < len(STAGES) or None in learners:
        return 0
    staff = accounts.principal(staff_user)
    view = delivery.delivery(staff, design_id)
    if view.learners:
        return 0
    design, today = view.design, now().date()
    hiring = _commitment(design, CommitmentKind.HIRING_TARGET)
    interview = _commitment(design, CommitmentKind.GUARANTEED_INTERVIEW)
    tuition = _commitment(design, CommitmentKind.TUITION_SUPPORT)

    def results(enrollment_id: str, *, finish: bool) -> None:
        outcomes = design.parts.outcomes if finish else design.parts.outcomes[:1]
        for outcome in outcomes:
            for assessment in design.parts.assessments:
                if outcome.id not in assessment.outcome_ids:
                    continue
                # part way on a one-outcome design: a step short of the level needed
                short = not finish and len(design.parts.outcomes) == 1
                level = max(1, outcome.level - 1) if short else outcome.level
                if assessment.rubric_level(level) is None:
                    continue
                delivery.record_result(
                    staff,
                    enrollment_id,
                    assessment_id=assessment.id,
                    outcome_id=outcome.id,
                    level=level,
                    note="Shown in class." if finish else "A good start.",
                )

    for stage, user, wage in zip(STAGES, learners, WAGES_BEFORE, strict=True):
        assert user is not None
        enrollment = delivery.enroll_by_email(staff, design.id, user.email, wage)
        if stage == "left":
            delivery.withdraw(staff, enrollment.id)
            continue
        if stage == "enrolled":
            continue
        results(enrollment.id, finish=stage != "part_way")
        if stage == "hired" and hiring is not None:
            delivery.record_placement(
                staff,
                enrollment.id,
                PlacementDraft(
                    hired=True,
                    placed_on=_on(hiring, today),
                    employer_org_id=hiring.org_id,
                    occupation=next(
                        (t.ref for t in design.parts.targets if t.kind.value == "occupation"), ""
                    ),
                    wage=HIRED_WAGE,
                    commitment_id=hiring.id,
                    note="Started on the day shift.",
                ),
            )
        if stage == "interviewed" and interview is not None:
            delivery.record_placement(
                staff,
                enrollment.id,
                PlacementDraft(
                    hired=False,
                    interviewed=True,
                    placed_on=_on(interview, today),
                    employer_org_id=interview.org_id,
                    commitment_id=interview.id,
                ),
            )
        if stage == "completed" and tuition is not None and tuition.amount:
            delivery.record_tuition(staff, enrollment.id, tuition.id, min(tuition.amount, 500.0))
    return len(STAGES)
