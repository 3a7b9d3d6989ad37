"""Delivering a microcredential (issue 16, item 5): who may enroll and record what, result
validation against the rubrics, completion issuing the OB 3.0 credential exactly once with one
Result per outcome that verifies, placements checked against the design's commitments, and the
audit log."""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path

import pytest

from onramp.credentials.formats import schema
from onramp.errors import ConflictError, InvalidInputError, NotFoundError, PermissionDeniedError
from onramp.market.microcredentials.delivery_model import CONSENT, EnrollmentState, PlacementDraft
from onramp.market.microcredentials.model import DesignState
from onramp.platform import MailKind

sys.path.insert(0, str(Path(__file__).resolve().parent))
from delivery_world import World, audit_actions, world  # noqa: E402, F401
from microcredential_world import expected_results, set_state  # noqa: E402


def enroll(w: World, wage: float | None = 14.0) -> str:
    return w.delivery.enroll_self(w.learner, w.design_id, agreed=True, wage_before=wage).id


def finish(w: World, enrollment_id: str):  # noqa: ANN201
    w.delivery.record_result(
        w.teacher, enrollment_id, assessment_id="a-sql", outcome_id="o-sql", level=4
    )
    return w.delivery.record_result(
        w.teacher, enrollment_id, assessment_id="a-excel", outcome_id="o-excel", level=2
    )


# -- enrolling --------------------------------------------------------------------------------
def test_a_worker_enrolls_after_agreeing_and_the_consent_is_stored(world: World) -> None:  # noqa: F811
    w = world
    with pytest.raises(InvalidInputError, match="agree"):
        w.delivery.enroll_self(w.learner, w.design_id, agreed=False, wage_before=None)
    enrollment = w.delivery.enroll_self(w.learner, w.design_id, agreed=True, wage_before=14.5)
    assert enrollment.state is EnrollmentState.ENROLLED
    assert enrollment.consent == CONSENT.format(provider="River College")
    assert "name, your email address and the results" in enrollment.consent
    assert enrollment.wage_before == 14.5
    with pytest.raises(ConflictError):
        w.delivery.enroll_self(w.learner, w.design_id, agreed=True, wage_before=None)
    assert "microcredential.enroll" in audit_actions(w.engine)


def test_no_enrollment_in_a_draft_or_retired_design(world: World) -> None:  # noqa: F811
    w = world
    set_state(w.engine, w.design_id, DesignState.DRAFT)
    with pytest.raises(NotFoundError):
        enroll(w)
    set_state(w.engine, w.design_id, DesignState.RETIRED)
    with pytest.raises(InvalidInputError, match="no longer takes new learners"):
        enroll(w)
    with pytest.raises(InvalidInputError, match="no longer"):
        w.delivery.enroll_by_email(w.teacher, w.design_id, "wanda@mail.example")


def test_a_bad_wage_is_refused(world: World) -> None:  # noqa: F811
    for wage in (0.0, -3.0, 5000.0, float("nan")):
        with pytest.raises(InvalidInputError, match="hourly"):
            enroll(world, wage)


def test_staff_enroll_a_worker_by_email_and_the_worker_is_told(world: World) -> None:  # noqa: F811
    w = world
    enrollment = w.delivery.enroll_by_email(w.teacher, w.design_id, "Wanda@Mail.example")
    assert enrollment.learner_id == w.learner.user.id and enrollment.consent == ""
    (mail,) = w.platform.mailer.pending("wanda@mail.example")  # type: ignore[attr-defined]
    assert mail.kind is MailKind.NOTICE and "Data Clerk Basics" in mail.body
    assert "/me/microcredentials" in mail.body and "results" in mail.body
    with pytest.raises(InvalidInputError, match="No worker"):
        w.delivery.enroll_by_email(w.teacher, w.design_id, "bo@shop.example")  # staff
    with pytest.raises(InvalidInputError, match="No worker"):
        w.delivery.enroll_by_email(w.teacher, w.design_id, "nobody@mail.example")


@pytest.mark.parametrize("who", ["partner", "outsider", "learner"])
def test_only_the_providers_staff_enroll_others(world: World, who: str) -> None:  # noqa: F811
    w = world
    with pytest.raises((NotFoundError, PermissionDeniedError)) as refused:
        w.delivery.enroll_by_email(getattr(w, who), w.design_id, "will@mail.example")
    if who != "learner":
        assert refused.type is NotFoundError  # another organization: nothing to see


def test_a_learner_leaves_and_may_come_back(world: World) -> None:  # noqa: F811
    w = world
    enrollment_id = enroll(w)
    with pytest.raises(NotFoundError):
        w.delivery.withdraw(w.other_worker, enrollment_id)
    with pytest.raises(NotFoundError):
        w.delivery.withdraw(w.outsider, enrollment_id)
    left = w.delivery.withdraw(w.learner, enrollment_id)
    assert left.state is EnrollmentState.WITHDRAWN
    with pytest.raises(InvalidInputError):
        w.delivery.record_result(
            w.teacher, enrollment_id, assessment_id="a-sql", outcome_id="o-sql", level=3
        )
    back = w.delivery.enroll_self(w.learner, w.design_id, agreed=True, wage_before=None)
    assert back.id == enrollment_id and back.state is EnrollmentState.ENROLLED
    assert "microcredential.withdraw" in audit_actions(w.engine)


# -- results ----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("assessment", "outcome", "level", "message"),
    [
        ("a-nope", "o-sql", 3, "no such assessment"),
        ("a-sql", "o-excel", 3, "does not assess that outcome"),
        ("a-excel", "o-excel", 4, "has no level 4. Its levels are 1, 2, 3"),
        ("a-sql", "o-sql", 0, "has no level 0"),
    ],
)
def test_a_result_must_fit_the_rubric(
    world: World,  # noqa: F811
    assessment: str,
    outcome: str,
    level: int,
    message: str,
) -> None:
    w = world
    enrollment_id = enroll(w)
    with pytest.raises(InvalidInputError, match=message):
        w.delivery.record_result(
            w.teacher, enrollment_id, assessment_id=assessment, outcome_id=outcome, level=level
        )
    assert "microcredential.result" not in audit_actions(w.engine)


@pytest.mark.parametrize("who", ["partner", "outsider", "learner", "other_worker"])
def test_only_the_providers_staff_record_results(world: World, who: str) -> None:  # noqa: F811
    w = world
    enrollment_id = enroll(w)
    with pytest.raises(NotFoundError):
        w.delivery.record_result(
            getattr(w, who), enrollment_id, assessment_id="a-sql", outcome_id="o-sql", level=3
        )


def test_the_latest_result_counts(world: World) -> None:  # noqa: F811
    w = world
    enrollment_id = enroll(w)
    record = w.delivery.record_result
    record(w.teacher, enrollment_id, assessment_id="a-sql", outcome_id="o-sql", level=4)
    corrected = record(
        w.teacher, enrollment_id, assessment_id="a-sql", outcome_id="o-sql", level=2, note="Oops"
    )
    sql = next(s for s in corrected.outcomes if s.outcome_id == "o-sql")
    assert sql.reached == 2 and sql.progress.value == "working"
    done = record(w.admin, enrollment_id, assessment_id="a-excel", outcome_id="o-excel", level=3)
    assert not done.completed  # SQL is still below its level 3
    view = w.delivery.delivery(w.teacher, w.design_id)
    (learner,) = view.learners
    assert len(learner.results) == 3  # every row kept


# -- completion -------------------------------------------------------------------------------
def test_completion_issues_one_credential_with_a_result_per_outcome(world: World) -> None:  # noqa: F811
    w = world
    enrollment_id = enroll(w)
    first = w.delivery.record_result(
        w.teacher, enrollment_id, assessment_id="a-sql", outcome_id="o-sql", level=4
    )
    assert not first.completed and first.credential is None
    done = w.delivery.record_result(
        w.teacher, enrollment_id, assessment_id="a-excel", outcome_id="o-excel", level=2
    )
    assert done.completed and done.credential is not None
    credential = json.loads(done.credential.document)
    subject = credential["credentialSubject"]
    assert subject["result"] == expected_results(w.achievement_id, {"o-sql": 4, "o-excel": 2})
    assert schema.check(credential) == []
    report = w.service.verifier().verify(done.credential.document)
    assert report.verified, report.to_json()
    checks = report.to_json()["checks"]
    warned = [c for c in checks if c["status"] in ("fail", "warn") and c["aspect"] != "advice"]
    assert not warned, warned
    # it landed in the wallet of the learner, who confirmed their email
    (item,) = w.service.wallet.items(w.learner)
    assert item.verified and "Data Clerk Basics" in item.name
    (mine,) = w.delivery.mine(w.learner)
    assert mine[1].enrollment.state is EnrollmentState.COMPLETED
    assert mine[1].wallet_item_id == item.id
    # never twice
    assert w.delivery.complete(w.teacher, enrollment_id) is None
    with pytest.raises(InvalidInputError, match="already completed"):
        w.delivery.record_result(
            w.teacher, enrollment_id, assessment_id="a-sql", outcome_id="o-sql", level=4
        )
    issued = w.service.issuing.issued(w.admin, w.provider_id)
    assert len(issued) == 1 and issued[0].id == done.credential.id
    actions = audit_actions(w.engine)
    assert actions.count("microcredential.complete") == 1
    assert actions.count("credential.issue") <= 1


def test_a_failed_issue_leaves_the_learner_enrolled_to_try_again(world: World) -> None:  # noqa: F811
    w = world
    enrollment_id = enroll(w)
    real = w.service.issue

    def broken(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        raise RuntimeError("the signing key is not available")

    w.service.issue = broken  # type: ignore[method-assign]
    with pytest.raises(RuntimeError):
        finish(w, enrollment_id)
    (learner,) = w.delivery.delivery(w.teacher, w.design_id).learners
    assert learner.enrollment.state is EnrollmentState.ENROLLED
    assert learner.enrollment.credential_id is None
    w.service.issue = real  # type: ignore[method-assign]
    issued = w.delivery.complete(w.teacher, enrollment_id)
    assert issued is not None
    assert w.delivery.complete(w.teacher, enrollment_id) is None


def test_results_must_name_the_achievements_result_descriptions() -> None:
    """When an Achievement describes its results, a Result naming another one is refused."""
    from onramp.credentials.formats.ob3 import Achievement, RubricLevel, achievement_credential

    achievement = Achievement(
        "https://x.example/a", "A", "d", "c", levels=[RubricLevel("urn:l:1", "One")]
    )
    issuer = {"id": "did:web:x.example", "name": "X"}
    made = achievement_credential(
        achievement,
        issuer,
        recipient_did="did:example:1",
        results=[("https://x.example/a#result", "urn:l:1")],
    )
    assert made["credentialSubject"]["result"][0]["achievedLevel"] == "urn:l:1"
    with pytest.raises(InvalidInputError, match="describes no result"):
        achievement_credential(
            achievement, issuer, recipient_did="did:example:1", results=[("urn:other", "urn:l:1")]
        )


# -- placements -------------------------------------------------------------------------------
def placement(w: World, **changes: object) -> PlacementDraft:
    values: dict[str, object] = {
        "hired": True,
        "placed_on": date(2027, 3, 1),
        "employer_org_id": w.partner_id,
        "occupation": "43-9021.00",
        "wage": 18.5,
        "commitment_id": "c-hire",
    }
    values.update(changes)
    return PlacementDraft(**values)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"commitment_id": "c-nope"}, "not a commitment of this microcredential"),
        ({"employer_org_id": None, "employer_name": "Other Co"}, "another employer"),
        ({"placed_on": date(2026, 12, 31)}, "runs from 2027-01-01 to 2027-12-31"),
        ({"hired": False, "wage": None}, "Only a hire counts"),
        ({"occupation": "clerk"}, "O\\*NET-SOC"),
        ({"hired": False}, "only for a learner who was hired"),
        ({"employer_org_id": None, "commitment_id": None}, "Say who the employer is"),
        ({"wage": 0.0}, "hourly"),
    ],
)
def test_a_placement_must_fit_the_designs_commitments(
    world: World,  # noqa: F811
    changes: dict[str, object],
    message: str,
) -> None:
    w = world
    enrollment_id = enroll(w)
    with pytest.raises(InvalidInputError, match=message):
        w.delivery.record_placement(w.teacher, enrollment_id, placement(w, **changes))


def test_placements_are_appended_and_audited(world: World) -> None:  # noqa: F811
    w = world
    enrollment_id = enroll(w)
    interview = placement(w, hired=False, interviewed=True, wage=None, commitment_id=None)
    first = w.delivery.record_placement(w.teacher, enrollment_id, interview)
    assert first.employer_name == "Corner Shop" and not first.hired and first.interviewed
    second = w.delivery.record_placement(w.teacher, enrollment_id, placement(w))
    assert second.hired and second.interviewed and second.wage == 18.5
    (learner,) = w.delivery.delivery(w.teacher, w.design_id).learners
    assert [p.id for p in learner.placements] == [first.id, second.id]
    assert audit_actions(w.engine).count("microcredential.placement") == 2
    named = w.delivery.record_placement(
        w.teacher,
        enrollment_id,
        placement(w, employer_org_id=None, employer_name=" Big  Box ", commitment_id=None),
    )
    assert named.employer_name == "Big Box" and named.employer_org_id is None


@pytest.mark.parametrize("who", ["partner", "outsider", "learner"])
def test_only_the_providers_staff_record_placements(world: World, who: str) -> None:  # noqa: F811
    w = world
    enrollment_id = enroll(w)
    with pytest.raises(NotFoundError):
        w.delivery.record_placement(getattr(w, who), enrollment_id, placement(w))


def test_tuition_support_is_recorded_against_its_commitment(world: World) -> None:  # noqa: F811
    w = world
    enrollment_id = enroll(w)
    with pytest.raises(InvalidInputError, match="not a tuition support commitment"):
        w.delivery.record_tuition(w.teacher, enrollment_id, "c-hire", 300)


# -- reading ----------------------------------------------------------------------------------
def test_who_reads_the_delivery_page_and_the_outcomes(world: World) -> None:  # noqa: F811
    w = world
    enroll(w)
    assert len(w.delivery.delivery(w.teacher, w.design_id).learners) == 1
    for who in ("partner", "outsider", "learner"):
        with pytest.raises(NotFoundError):
            w.delivery.delivery(getattr(w, who), w.design_id)
    # the partner reads the figures (medians, commitments), never the learners
    assert w.delivery.design_outcomes(w.partner, w.design_id).figures.enrolled == 1
    for who in ("outsider", "learner"):
        with pytest.raises(NotFoundError):
            w.delivery.design_outcomes(getattr(w, who), w.design_id)
    assert w.delivery.provider_outcomes(w.teacher, w.provider_id).figures.enrolled == 1
    for who in ("partner", "outsider"):
        with pytest.raises(NotFoundError):
            w.delivery.provider_outcomes(getattr(w, who), w.provider_id)
    assert w.delivery.mine(w.other_worker) == []
    with pytest.raises(PermissionDeniedError):
        w.delivery.mine(w.teacher)


def test_an_api_token_needs_its_scope(world: World) -> None:  # noqa: F811
    from onramp.platform.model import Scope

    w = world
    enrollment_id = enroll(w)
    read_only = w.platform.accounts.principal(w.teacher.user)
    read_only.scopes = frozenset({Scope.READ})
    read_only.via_token = True
    with pytest.raises(PermissionDeniedError, match="lacks the 'write' scope"):
        w.delivery.record_result(
            read_only, enrollment_id, assessment_id="a-sql", outcome_id="o-sql", level=3
        )


# -- demo data --------------------------------------------------------------------------------
def test_the_demo_seeds_learners_at_every_stage_once(world: World) -> None:  # noqa: F811
    from onramp.market.microcredentials.delivery_demo import STAGES, seed_delivery_demo
    from onramp.platform.emails import Proof, record_confirmed

    w = world
    emails = tuple(f"learner{n}@mail.example" for n in range(len(STAGES)))
    for n, email in enumerate(emails):
        user = w.platform.accounts.sign_up(email, "correct horse battery", f"Learner {n}")
        with w.engine.begin() as conn:
            record_confirmed(conn, user.id, email, Proof.LINK)
    seeded = seed_delivery_demo(
        w.delivery,
        w.platform,
        w.design_id,
        staff_email="ted@college.example",
        learner_emails=emails,
    )
    assert seeded == len(STAGES)
    view = w.delivery.delivery(w.teacher, w.design_id)
    by_email = {v.enrollment.learner_email: v for v in view.learners}
    stage = dict(zip(STAGES, emails, strict=True))
    assert by_email[stage["enrolled"]].results == []
    part_way = by_email[stage["part_way"]]
    assert part_way.enrollment.state is EnrollmentState.ENROLLED and part_way.results
    for done in ("completed", "hired", "interviewed"):
        assert by_email[stage[done]].enrollment.credential_id is not None
    assert by_email[stage["left"]].enrollment.state is EnrollmentState.WITHDRAWN
    (hire,) = by_email[stage["hired"]].placements
    assert hire.hired and hire.commitment_id == "c-hire" and hire.wage == 19.75
    figures = w.delivery.design_outcomes(w.teacher, w.design_id).figures
    assert (figures.enrolled, figures.completed, figures.placed) == (6, 3, 1)
    assert figures.median_wage_change == round(19.75 - 14.5, 2)
    assert len(w.service.wallet.items(w.platform.accounts.principal(
        w.platform.accounts.user_by_email(stage["hired"])))) == 1  # fmt: skip
    again = seed_delivery_demo(
        w.delivery,
        w.platform,
        w.design_id,
        staff_email="ted@college.example",
        learner_emails=emails,
    )
    assert again == 0


def test_tuition_support_counts_toward_its_commitment(world: World) -> None:  # noqa: F811
    from datetime import date as day

    from microcredential_world import complete_parts, publish_directly

    from onramp.market.microcredentials.model import Commitment, CommitmentKind

    w = world
    parts = complete_parts(w.partner_id)
    tuition = Commitment(
        id="c-tuition",
        org_id=w.partner_id,
        kind=CommitmentKind.TUITION_SUPPORT,
        amount=500,
        starts=day(2027, 1, 1),
        ends=day(2027, 12, 31),
    )
    parts = parts.model_copy(update={"commitments": (*parts.commitments, tuition)})
    design_id = publish_directly(w.engine, w.service.issuing, w.admin, w.provider_id, parts)
    enrollment_id = w.delivery.enroll_self(w.learner, design_id, agreed=True, wage_before=None).id
    with pytest.raises(InvalidInputError, match="dollars"):
        w.delivery.record_tuition(w.teacher, enrollment_id, "c-tuition", 0)
    paid = w.delivery.record_tuition(w.teacher, enrollment_id, "c-tuition", 500)
    assert (paid.tuition_commitment_id, paid.tuition_amount) == ("c-tuition", 500)
    figures = w.delivery.design_outcomes(w.teacher, design_id).figures
    kept = next(c for c in figures.commitments if c.commitment_id == "c-tuition")
    assert (kept.done, kept.promised, kept.state.value) == (500, 500, "kept")
    assert "microcredential.tuition" in audit_actions(w.engine)
    with pytest.raises(InvalidInputError, match="Tuition support is not a job"):
        w.delivery.record_placement(
            w.teacher,
            enrollment_id,
            PlacementDraft(
                hired=True,
                placed_on=day(2027, 3, 1),
                employer_org_id=w.partner_id,
                commitment_id="c-tuition",
            ),
        )


def test_two_completions_at_once_issue_one_credential(world: World) -> None:  # noqa: F811
    """Two staff press "complete" at the same moment: one conditional update wins, so one
    credential is issued and the other call issues nothing."""
    import threading

    w = world
    enrollment_id = enroll(w)
    real = w.service.issue
    w.service.issue = lambda *a, **k: (_ for _ in ()).throw(RuntimeError("key away"))  # type: ignore[method-assign]
    with pytest.raises(RuntimeError):
        finish(w, enrollment_id)  # every outcome met, nothing issued yet
    w.service.issue = real  # type: ignore[method-assign]
    start = threading.Barrier(2)
    issued: list[object] = []

    def press(who):  # noqa: ANN001, ANN202
        start.wait()
        issued.append(w.delivery.complete(who, enrollment_id))

    threads = [threading.Thread(target=press, args=(p,)) for p in (w.teacher, w.admin)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(1 for i in issued if i is not None) == 1
    assert len(w.service.issuing.issued(w.admin, w.provider_id)) == 1
    assert audit_actions(w.engine).count("microcredential.complete") == 1
