"""Work-based learning on the store (issue 17, items 1-4): opening a program defines its
credentials; an apprentice joins under consent; mentors within the ratio; who reads what;
hours approved by the mentor; sign-offs that are never changed, only reversed; the interim
credential and the completion certificate issued into the wallet, verified; pay steps due."""

from __future__ import annotations

import sys
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import delete

from onramp.errors import InvalidInputError, NotFoundError, PermissionDeniedError
from onramp.platform.model import PurposeKind
from onramp.store import platform_tables as t
from onramp.wbl.model import FindingKind
from onramp.wbl.programs import COMPLETION, StandardsIncompleteError
from onramp.wbl.progress_records import Evidence
from onramp.wbl.records import EnrollmentState, ExitReason, HoursState
from onramp.wbl.rows import ProgramState

sys.path.insert(0, str(Path(__file__).resolve().parent))
from wbl_world import (  # noqa: E402
    START,
    World,
    audit_actions,
    joined,
    open_program,
    registration,
    standards,
    world,  # noqa: F401
)

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def test_a_program_opens_only_when_complete_and_defines_its_credentials(world: World) -> None:  # noqa: F811
    w = world
    draft = w.programs.create(w.sponsor, w.sponsor_id, standards(w.college_id, courses=()))
    assert draft.program.state is ProgramState.DRAFT and draft.may_edit
    assert [f.kind for f in draft.findings] == [FindingKind.NO_INSTRUCTION]
    with pytest.raises(StandardsIncompleteError, match="Add the classes"):
        w.programs.activate(w.sponsor, draft.program.id)
    with pytest.raises(NotFoundError):  # a draft is the sponsor's own business
        w.programs.view(w.teacher, draft.program.id)
    with pytest.raises(NotFoundError):
        w.programs.view(w.outsider, draft.program.id)
    with pytest.raises(PermissionDeniedError):
        w.programs.edit(w.mentor, draft.program.id, standards(w.college_id))
    fixed = w.programs.edit(
        w.sponsor, draft.program.id, standards(w.college_id), board_org_id=w.board_id
    )
    with pytest.raises(NotFoundError):  # the college it names reads it once it opens
        w.programs.view(w.teacher, draft.program.id)
    opened = w.programs.activate(w.sponsor, fixed.program.id)
    assert opened.program.state is ProgramState.ACTIVE
    achievements = w.programs.achievements(opened.program.id)
    assert set(achievements) == {"i1", COMPLETION}
    done = w.service.issuing.achievement(w.sponsor, w.sponsor_id, achievements[COMPLETION])
    assert done.achievement_type == "ApprenticeshipCertificate"
    assert [a.target_url for a in done.alignments] == [
        "urn:onramp:esf:ESF-G6",
        "urn:onramp:esf:ESF-02",
        "urn:onramp:esf:ESF-05",
    ]
    kinds = [r.result_type for r in done.results]
    assert kinds == ["Status", "Status", "Status", "Result", "Result"]
    interim = w.service.issuing.achievement(w.sponsor, w.sponsor_id, achievements["i1"])
    assert interim.achievement_type == "Certificate" and interim.name == "Conduit basics"
    # the college that teaches it and the board it names now read it
    assert w.programs.view(w.teacher, opened.program.id).may_edit is False
    assert w.programs.view(w.board, opened.program.id).program.board_name
    with pytest.raises(InvalidInputError, match="open"):
        w.programs.edit(w.sponsor, opened.program.id, standards(w.college_id))
    assert "wbl.program_activate" in audit_actions(w.engine)


def test_an_apprentice_joins_under_consent_with_registration_facts(world: World) -> None:  # noqa: F811
    w = world
    program_id = open_program(w)
    invited = w.apprentices.invite(
        w.sponsor, program_id, "ana@mail.example", start_date=START, wage_at_entry=19.0
    )
    assert invited.state is EnrollmentState.INVITED
    mail = w.platform.mailer.pending("ana@mail.example")  # type: ignore[attr-defined]
    assert any("/me/apprenticeship/" in m.body for m in mail)
    with pytest.raises(NotFoundError):  # nobody else reads Ana's invitation
        w.apprentices.invitation(w.ben, invited.id)
    with pytest.raises(NotFoundError):  # not even the college, before she says yes
        w.apprentices.view(w.teacher, invited.id)
    _p, _e, sentence = w.apprentices.invitation(w.ana, invited.id)
    assert "Volt Electric will see your Onramp profile" in sentence and "Metro College" in sentence
    with pytest.raises(InvalidInputError, match="agree"):
        w.apprentices.join(w.ana, invited.id, registration(), agreed=False)
    too_young = registration(date_of_birth=START - timedelta(days=365 * 15))
    with pytest.raises(InvalidInputError, match="at least 16"):
        w.apprentices.join(w.ana, invited.id, too_young, agreed=True)
    joined_ = w.apprentices.join(w.ana, invited.id, registration(), agreed=True, share_board=False)
    assert joined_.state is EnrollmentState.ACTIVE and not joined_.share_board
    grants = w.platform.consents.of_worker(w.ana)
    assert {g.org_id for g in grants} == {w.sponsor_id, w.college_id}  # no board: she said no
    assert all(
        g.purpose_kind is PurposeKind.PROGRAM and g.purpose_ref == invited.id for g in grants
    )
    with pytest.raises(NotFoundError):
        w.apprentices.view(w.board, invited.id)
    with pytest.raises(InvalidInputError, match="already"):
        w.apprentices.join(w.ana, invited.id, registration(), agreed=True)


def test_a_worker_may_say_no_to_an_invitation(world: World) -> None:  # noqa: F811
    w = world
    program_id = open_program(w)
    invited = w.apprentices.invite(w.sponsor, program_id, "ben@mail.example", start_date=START)
    with pytest.raises(NotFoundError):
        w.apprentices.decline(w.ana, invited.id)
    w.apprentices.decline(w.ben, invited.id)
    assert w.apprentices.mine(w.ben) == []
    assert w.apprentices.roster(w.sponsor, program_id) == []
    again = w.apprentices.invite(w.sponsor, program_id, "ben@mail.example", start_date=START)
    w.apprentices.join(w.ben, again.id, registration(), agreed=True)
    with pytest.raises(InvalidInputError, match="already"):
        w.apprentices.decline(w.ben, again.id)
    assert "wbl.decline" in audit_actions(w.engine)


def test_the_board_reads_an_apprentice_only_when_they_agreed(world: World) -> None:  # noqa: F811
    w = world
    program_id = open_program(w)
    ana = joined(w, program_id, w.ana, board=True)
    ben = joined(w, program_id, w.ben, board=False)
    assert w.apprentices.view(w.board, ana).enrollment.share_board
    with pytest.raises(NotFoundError):
        w.apprentices.view(w.board, ben)
    assert [v.enrollment.id for v in w.apprentices.roster(w.board, program_id)] == [ana]
    assert len(w.apprentices.roster(w.teacher, program_id)) == 2
    assert len(w.apprentices.roster(w.sponsor, program_id)) == 2
    assert w.apprentices.roster(w.recruiter, program_id) == []  # a member, but not their business
    with pytest.raises(NotFoundError):
        w.apprentices.roster(w.outsider, program_id)


def test_registration_facts_are_for_the_sponsors_admins_only(world: World) -> None:  # noqa: F811
    w = world
    program_id = open_program(w)
    ana = joined(w, program_id, w.ana, board=True)
    w.apprentices.assign_mentor(w.sponsor, ana, "max@volt.example")
    assert w.apprentices.registration(w.sponsor, ana) == registration()
    for who in (w.again(w.mentor), w.teacher, w.board):
        with pytest.raises(PermissionDeniedError):
            w.apprentices.registration(who, ana)
    for who in (w.ana, w.recruiter, w.outsider):
        with pytest.raises((NotFoundError, PermissionDeniedError)):
            w.apprentices.registration(who, ana)
    assert "wbl.registration_view" in audit_actions(w.engine)


def test_a_mentor_is_a_mentor_of_the_sponsor_within_the_ratio(world: World) -> None:  # noqa: F811
    w = world
    program_id = open_program(w)
    ana, ben = joined(w, program_id, w.ana), joined(w, program_id, w.ben)
    with pytest.raises(InvalidInputError, match="not a mentor"):
        w.apprentices.assign_mentor(w.sponsor, ana, "rex@volt.example")
    with pytest.raises(InvalidInputError, match="not a mentor"):
        w.apprentices.assign_mentor(w.sponsor, ana, "tom@college.example")
    with pytest.raises(NotFoundError):  # not her mentor yet, so not his business
        w.apprentices.assign_mentor(w.mentor, ana, "max@volt.example")
    assert (
        w.apprentices.assign_mentor(w.sponsor, ana, "max@volt.example").mentor_name == "Max Mentor"
    )
    with pytest.raises(InvalidInputError, match="allows 1 for each mentor"):
        w.apprentices.assign_mentor(w.sponsor, ben, "max@volt.example")
    w.apprentices.assign_mentor(w.sponsor, ben, "mia@volt.example")
    assert [v.enrollment.id for v in w.apprentices.mentees(w.mentor)] == [ana]


def test_hours_are_logged_by_the_apprentice_and_approved_by_their_mentor(world: World) -> None:  # noqa: F811
    w = world
    program_id = open_program(w)
    ana = joined(w, program_id, w.ana)
    w.apprentices.assign_mentor(w.sponsor, ana, "max@volt.example")
    day = date.today() - timedelta(days=1)
    entry = w.records.log_hours(w.ana, ana, day=day, hours=8, competency_id="Install conduit")
    assert entry.state is HoursState.PENDING and entry.competency_id == "c1"
    with pytest.raises(InvalidInputError, match="24 hours"):
        w.records.log_hours(w.ana, ana, day=day, hours=17, competency_id="c1")
    with pytest.raises(InvalidInputError, match="start date and today"):
        w.records.log_hours(
            w.ana, ana, day=date.today() + timedelta(days=1), hours=1, competency_id="c1"
        )
    with pytest.raises(PermissionDeniedError):  # an apprentice never approves their own
        w.records.decide_hours(w.ana, ana, [entry.id], approve=True)
    with pytest.raises(NotFoundError):  # another mentor does not even see Ana
        w.records.decide_hours(w.mentor2, ana, [entry.id], approve=True)
    with pytest.raises(InvalidInputError, match="why"):
        w.records.decide_hours(w.mentor, ana, [entry.id], approve=False)
    w.records.decide_hours(w.mentor, ana, [entry.id], approve=True)
    view = w.apprentices.view(w.ana, ana)
    assert view.progress.ojl_hours == 8 and view.pending_hours == []
    with pytest.raises(InvalidInputError, match="already decided"):
        w.records.decide_hours(w.mentor, ana, [entry.id], approve=False, reason="oops")


def test_sign_offs_issue_the_interim_and_the_completion_credentials(world: World) -> None:  # noqa: F811
    w = world
    program_id = open_program(w)
    ana = joined(w, program_id, w.ana)
    w.apprentices.assign_mentor(w.sponsor, ana, "max@volt.example")
    with pytest.raises(PermissionDeniedError):
        w.records.sign_off(w.sponsor, ana, "c1", note="Looks fine")  # admins do not sign off
    with pytest.raises(InvalidInputError, match="what you saw"):
        w.records.sign_off(w.mentor, ana, "c1", note="  ")
    with pytest.raises(InvalidInputError, match="photo"):
        w.records.sign_off(
            w.mentor, ana, "c1", note="ok", evidence=Evidence("x.exe", "application/x", b"MZ")
        )
    first = w.records.sign_off(
        w.mentor,
        ana,
        "c1",
        note="Bent and set 40 ft of conduit.",
        evidence=Evidence("conduit.png", "image/png", PNG),
    )
    assert first.award.issued == ["Conduit basics"] and not first.award.completed
    view = w.apprentices.view(w.ana, ana)
    assert view.progress.step is not None and view.progress.step.share == 0.6
    assert view.progress.step_due  # paid 50%, the step reached pays 60%
    (item,) = w.service.wallet.items(w.ana)
    assert item.verified and item.name == "Conduit basics"
    assert view.wallet_items == {view.awards[0].credential_id: item.id}
    sign = view.sign_offs[0]
    assert w.records.evidence(w.ana, sign.id).data == PNG
    with pytest.raises(NotFoundError):
        w.records.evidence(w.outsider, sign.id)
    # a sign-off is never changed: a reversal, with a reason, is a new record
    with pytest.raises(InvalidInputError, match="why"):
        w.records.reverse_sign_off(w.mentor, ana, "c1", reason="")
    w.records.reverse_sign_off(w.mentor, ana, "c1", reason="Signed the wrong apprentice.")
    again = w.apprentices.view(w.ana, ana)
    assert [s.reversed for s in again.sign_offs] == [False, True]
    assert again.progress.signed_off == frozenset()
    assert w.records.sign_off(w.mentor, ana, "c1", note="Shown again.").award.issued == []
    w.records.sign_off(w.mentor, ana, "c2", note="Wired a panel.")
    last = w.records.sign_off(w.mentor, ana, "c3", note="Found the faults.")
    assert not last.award.completed  # the classes are not done yet
    # the college records the classes, and that completes the program
    with pytest.raises(PermissionDeniedError):
        w.records.record_instruction(w.mentor, ana, "k1", hours=432, grade="A")
    with pytest.raises(InvalidInputError, match="at most 432"):
        w.records.record_instruction(w.teacher, ana, "k1", hours=500, grade="A")
    w.records.record_instruction(w.teacher, ana, "k1", hours=432, grade="A")
    done = w.apprentices.view(w.ana, ana)
    assert done.enrollment.state is EnrollmentState.COMPLETED
    assert done.enrollment.completion_credential_id
    items = {i.name: i for i in w.service.wallet.items(w.ana)}
    assert set(items) == {"Conduit basics", "Electrician Apprenticeship"}
    report = w.service.verifier().verify(items["Electrician Apprenticeship"].document)
    assert report.verified, report.to_json()
    for action in ("wbl.sign_off", "wbl.sign_off_reverse", "wbl.award", "wbl.instruction"):
        assert action in audit_actions(w.engine)


def test_issuing_waits_when_no_admin_of_the_sponsor_can_sign(world: World) -> None:  # noqa: F811
    w = world
    program_id = open_program(w)
    ana = joined(w, program_id, w.ana)
    w.apprentices.assign_mentor(w.sponsor, ana, "max@volt.example")
    with w.engine.begin() as conn:  # the admin who opened the program has left the company
        conn.execute(delete(t.memberships).where(t.memberships.c.user_id == w.sponsor.user.id))
    outcome = w.records.sign_off(w.mentor, ana, "c1", note="Bent conduit.").award
    assert outcome.issued == [] and "no admin of the sponsor can sign" in outcome.waiting
    assert w.service.wallet.items(w.ana) == []


def test_pay_raises_and_the_end_of_an_apprenticeship(world: World) -> None:  # noqa: F811
    w = world
    program_id = open_program(w)
    ana = joined(w, program_id, w.ana)
    w.apprentices.assign_mentor(w.sponsor, ana, "max@volt.example")
    w.records.sign_off(w.mentor, ana, "c1", note="Bent conduit.")
    raised = w.records.record_wage_change(
        w.sponsor, ana, share=0.6, wage=22.8, effective_on=date.today()
    )
    assert raised.paid_share == 0.6 and raised.wage_now == 22.8
    assert not w.apprentices.view(w.sponsor, ana).progress.step_due
    with pytest.raises(PermissionDeniedError):
        w.records.record_wage_change(w.mentor, ana, share=0.7, wage=None, effective_on=date.today())
    with pytest.raises(InvalidInputError, match="between the start date and today"):
        w.apprentices.end(w.sponsor, ana, ExitReason.OTHER_JOB, ended_on=START - timedelta(days=1))
    ended = w.apprentices.end(w.sponsor, ana, ExitReason.OTHER_JOB, ended_on=date.today())
    assert ended.state is EnrollmentState.CANCELLED and ended.exit_reason is ExitReason.OTHER_JOB
    with pytest.raises(InvalidInputError, match="not in the program"):
        w.records.sign_off(w.mentor, ana, "c2", note="Too late.")
    follow = w.apprentices.record_follow_up(w.sponsor, ana, 6, employed=False)
    assert follow.months == 6 and not follow.employed
    with pytest.raises(InvalidInputError, match="6 or 12"):
        w.apprentices.record_follow_up(w.sponsor, ana, 3, employed=True)
