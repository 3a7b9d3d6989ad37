"""Outcome figures of microcredentials (issue 16, item 5): exact on a hand-checked fixture, read
the same from the store, and (property) rates stay within 0..1 and medians within the input."""

from __future__ import annotations

import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from onramp.market.microcredentials.delivery_model import (
    Enrollment,
    EnrollmentState,
    Placement,
    PlacementDraft,
)
from onramp.market.microcredentials.model import Commitment, CommitmentKind
from onramp.market.microcredentials.outcomes import CommitmentState, DesignRows, outcome_figures

sys.path.insert(0, str(Path(__file__).resolve().parent))
from delivery_world import World, world  # noqa: E402, F401
from microcredential_world import complete_parts  # noqa: E402

T0 = datetime(2027, 1, 10, tzinfo=UTC)
PARTNER = "p-1"


def parts_with_tuition():  # noqa: ANN201
    parts = complete_parts(PARTNER)
    tuition = Commitment(
        id="c-tuition",
        org_id=PARTNER,
        kind=CommitmentKind.TUITION_SUPPORT,
        amount=1000,
        starts=date(2027, 1, 1),
        ends=date(2027, 12, 31),
    )
    return parts.model_copy(update={"commitments": (*parts.commitments, tuition)})


def enrollment(
    n: int, state: EnrollmentState, wage: float | None, tuition: float | None = None
) -> Enrollment:
    return Enrollment(
        id=f"e{n}",
        design_id="d",
        org_id="college",
        learner_id=f"u{n}",
        state=state,
        wage_before=wage,
        consent="",
        enrolled_at=T0,
        tuition_commitment_id="c-tuition" if tuition else None,
        tuition_amount=tuition,
    )


def placement(
    n: int,
    at: int,
    *,
    hired: bool,
    wage: float | None = None,
    commitment: str | None = None,
    employer: str | None = PARTNER,
    name: str = "",
) -> Placement:
    return Placement(
        id=f"p{n}-{at}",
        enrollment_id=f"e{n}",
        hired=hired,
        interviewed=True,
        employer_org_id=employer,
        employer_name=name,
        occupation="43-9021.00",
        wage=wage,
        placed_on=date(2027, 2, 1),
        commitment_id=commitment,
        note="",
        recorded_at=T0 + timedelta(days=at),
    )


COMPLETED, ENROLLED, WITHDRAWN = (
    EnrollmentState.COMPLETED,
    EnrollmentState.ENROLLED,
    EnrollmentState.WITHDRAWN,
)
ENROLLMENTS = [
    enrollment(1, COMPLETED, 14.0, tuition=600),
    enrollment(2, COMPLETED, 16.0, tuition=400),
    enrollment(3, COMPLETED, None),
    enrollment(4, COMPLETED, 15.0),
    enrollment(5, ENROLLED, 12.0),
    enrollment(6, WITHDRAWN, None),
    enrollment(7, COMPLETED, 13.0),
]
PLACEMENTS = [
    placement(1, 1, hired=True, wage=20.0, commitment="c-hire"),
    placement(2, 1, hired=False, commitment="c-interview"),
    placement(2, 2, hired=True, wage=18.0, commitment="c-hire"),  # hired after the interview
    placement(3, 1, hired=True, wage=17.0, employer=None, name="Big Box"),
    placement(4, 1, hired=False, commitment="c-interview"),
    placement(7, 1, hired=True, wage=22.0, commitment="c-hire"),
    placement(7, 2, hired=True, wage=21.0, commitment="c-hire"),  # a correction: 21, not 22
]


def test_figures_are_exact_on_a_hand_checked_fixture() -> None:
    rows = DesignRows("d", "Data Clerk Basics", parts_with_tuition(), ENROLLMENTS, PLACEMENTS)
    figures = outcome_figures([rows], date(2027, 6, 1))
    assert (figures.enrolled, figures.completed, figures.withdrawn) == (7, 5, 1)
    assert figures.completion_rate == pytest.approx(5 / 7)
    assert figures.placed == 4  # e1, e2, e3, e7; e4 was only interviewed
    assert figures.placement_rate == pytest.approx(4 / 5)
    # wages: e1 14 -> 20, e2 16 -> 18, e7 13 -> 21; e3 gave no wage before, e4 was not hired
    assert figures.wage_learners == 3
    assert figures.median_wage_before == 14.0
    assert figures.median_wage_after == 20.0
    assert figures.median_wage_change == 6.0
    kept = {c.commitment_id: c for c in figures.commitments}
    interview, hire, tuition = kept["c-interview"], kept["c-hire"], kept["c-tuition"]
    assert (interview.done, interview.promised, interview.state) == (2, 5, CommitmentState.OPEN)
    assert (hire.done, hire.promised, hire.state) == (3, 5, CommitmentState.OPEN)
    assert (tuition.done, tuition.promised, tuition.state) == (1000, 1000, CommitmentState.KEPT)
    later = outcome_figures([rows], date(2028, 1, 5))
    assert {c.commitment_id: c.state for c in later.commitments} == {
        "c-interview": CommitmentState.MISSED,
        "c-hire": CommitmentState.MISSED,
        "c-tuition": CommitmentState.KEPT,
    }


def test_no_learners_means_no_rates() -> None:
    rows = DesignRows("d", "Empty", complete_parts(PARTNER), [], [])
    figures = outcome_figures([rows], date(2027, 6, 1))
    assert figures.completion_rate is None and figures.placement_rate is None
    assert figures.median_wage_change is None
    assert all(c.state is CommitmentState.OPEN for c in figures.commitments)


WAGES = st.one_of(st.none(), st.floats(min_value=7.25, max_value=80, allow_nan=False))


@st.composite
def learners(draw: st.DrawFn) -> tuple[list[Enrollment], list[Placement]]:
    count = draw(st.integers(min_value=0, max_value=12))
    enrollments, placements = [], []
    for n in range(count):
        state = draw(st.sampled_from(list(EnrollmentState)))
        enrollments.append(enrollment(n, state, draw(WAGES)))
        for at in range(draw(st.integers(min_value=0, max_value=3))):
            hired = draw(st.booleans())
            placements.append(
                placement(
                    n,
                    at,
                    hired=hired,
                    wage=draw(WAGES) if hired else None,
                    employer=draw(st.sampled_from([PARTNER, None])),
                    name="Other",
                    commitment=draw(st.sampled_from([None, "c-hire", "c-interview"])),
                )
            )
    return enrollments, placements


@settings(max_examples=150, deadline=None)
@given(learners())
def test_rates_stay_within_0_and_1_and_medians_within_the_inputs(
    drawn: tuple[list[Enrollment], list[Placement]],
) -> None:
    enrollments, placements = drawn
    rows = DesignRows("d", "Any", complete_parts(PARTNER), enrollments, placements)
    figures = outcome_figures([rows], date(2027, 6, 1))
    for rate in (figures.completion_rate, figures.placement_rate):
        assert rate is None or 0 <= rate <= 1
    assert figures.placed <= figures.completed <= figures.enrolled == len(enrollments)
    befores = [e.wage_before for e in enrollments if e.wage_before is not None]
    afters = [p.wage for p in placements if p.wage is not None]
    if figures.median_wage_before is not None:
        assert min(befores) - 0.01 <= figures.median_wage_before <= max(befores) + 0.01
    if figures.median_wage_after is not None:
        assert min(afters) - 0.01 <= figures.median_wage_after <= max(afters) + 0.01
    if figures.median_wage_change is not None:
        low, high = min(afters) - max(befores), max(afters) - min(befores)
        assert low - 0.01 <= figures.median_wage_change <= high + 0.01
    assert figures.wage_learners <= figures.completed


def test_the_store_reader_gives_the_same_figures(world: World) -> None:  # noqa: F811
    """Through the use cases: two completers, one hired under the hiring target at 20 after 14,
    one still learning."""
    w = world
    accounts = w.platform.accounts
    third = accounts.principal(accounts.sign_up("tess@mail.example", "correct horse battery", "T"))
    ids = []
    for who, wage in ((w.learner, 14.0), (w.other_worker, 16.0), (third, None)):
        ids.append(w.delivery.enroll_self(who, w.design_id, agreed=True, wage_before=wage).id)
    for enrollment_id in ids[:2]:
        w.delivery.record_result(
            w.teacher, enrollment_id, assessment_id="a-sql", outcome_id="o-sql", level=3
        )
        w.delivery.record_result(
            w.teacher, enrollment_id, assessment_id="a-excel", outcome_id="o-excel", level=3
        )
    w.delivery.record_placement(
        w.teacher,
        ids[0],
        PlacementDraft(
            hired=True,
            placed_on=date(2027, 2, 1),
            employer_org_id=w.partner_id,
            wage=20.0,
            commitment_id="c-hire",
        ),
    )
    view = w.delivery.design_outcomes(w.teacher, w.design_id)
    figures = view.figures
    assert (figures.enrolled, figures.completed, figures.placed) == (3, 2, 1)
    assert figures.placement_rate == 0.5 and figures.median_wage_change == 6.0
    hire = next(c for c in figures.commitments if c.commitment_id == "c-hire")
    assert (hire.done, hire.promised) == (1, 5)
    assert view.employer_names[w.partner_id] == "Corner Shop"
    assert w.delivery.provider_outcomes(w.admin, w.provider_id).figures == figures
