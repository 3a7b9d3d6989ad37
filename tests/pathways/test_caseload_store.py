"""The caseload over a real store, SQLite and PostgreSQL (issue 15, item 5): who is in it,
revocation on the next request, other organizations kept out, outcome history, audit entries,
daily reminders that are sent once, and the worker's own view and export."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from sqlalchemy import Engine, func, select

from onramp.errors import InvalidInputError, NotFoundError, PermissionDeniedError
from onramp.pathways.caseload import Caseload
from onramp.pathways.caseload_json import today
from onramp.pathways.caseload_model import CaseloadFilter, Due, Outcome, ReferralKind, Service
from onramp.pathways.caseload_reminders import Reminders
from onramp.pathways.plan_glance import PlanGlance
from onramp.platform import AccountKind, OrgKind, Platform, Principal, PurposeKind, Role
from onramp.platform import secrets as platform_secrets
from onramp.platform.audit import for_org
from onramp.platform.mail import MailKind
from onramp.store import caseload_tables as c

PASSWORD = "correct horse battery"


@pytest.fixture(autouse=True)
def _cheap_passwords(monkeypatch: pytest.MonkeyPatch) -> None:
    cheap = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    monkeypatch.setattr(platform_secrets, "_hasher", cheap)


@dataclass
class World:
    platform: Platform
    cases: Caseload
    org: str
    other_org: str
    employer: str
    maria: Principal
    jordan: Principal
    outsider: Principal  # a navigator of another career center
    recruiter: Principal  # an employer the same worker also shares with
    ana: Principal  # shares her profile with the career center and the employer
    bo: Principal  # shares only work history: no name
    cy: Principal  # shares with nobody

    def fresh(self, who: Principal) -> Principal:
        return self.platform.accounts.principal(who.user)


def _glances(seen: list[list[str]]) -> object:
    def glances(_who: Principal, _org: str, ids: list[str]) -> dict[str, PlanGlance]:
        seen.append(list(ids))
        return {
            i: PlanGlance(i, "p-" + i, "prepare", "active", "Nurse", ("Find a class",), (), _now())
            for i in ids
        }

    return glances


def _now() -> object:
    from onramp.platform.secrets import now

    return now()


@pytest.fixture
def world(engine: Engine, tmp_path: Path) -> World:
    p = Platform(engine, secrets_dir=tmp_path, public_url="https://onramp.test")
    acc = p.accounts

    def staff(email: str) -> Principal:
        return acc.principal(
            acc.sign_up(email, PASSWORD, email.split("@")[0].title(), AccountKind.STAFF)
        )

    def worker(email: str, name: str) -> Principal:
        return acc.principal(acc.sign_up(email, PASSWORD, name))

    maria, jordan, outsider, recruiter = (
        staff(e) for e in ("maria@c.example", "jordan@c.example", "olga@o.example", "rex@e.example")
    )
    org = p.orgs.create(maria, "Northside", OrgKind.COMMUNITY_ORG).id
    p.orgs.add_member(org, jordan.user, Role.NAVIGATOR, maria.user.id)
    other = p.orgs.create(outsider, "Southside", OrgKind.COMMUNITY_ORG).id
    employer = p.orgs.create(recruiter, "Acme", OrgKind.EMPLOYER).id
    ana, bo, cy = (
        worker("ana@w.example", "Ana Diaz"),
        worker("bo@w.example", "Bo Tran"),
        worker("cy@w.example", "Cy Park"),
    )
    p.consents.grant(ana, org, ["profile"], PurposeKind.NAVIGATOR_SUPPORT, "Career help")
    p.consents.grant(ana, employer, ["profile"], PurposeKind.JOB_APPLICATION, "A job")
    p.consents.grant(bo, org, ["work_history"], PurposeKind.NAVIGATOR_SUPPORT, "Career help")
    seen: list[list[str]] = []
    cases = Caseload(engine, p.consents, _glances(seen))  # type: ignore[arg-type]
    w = World(p, cases, org, other, employer, maria, jordan, outsider, recruiter, ana, bo, cy)
    w.maria, w.jordan = w.fresh(maria), w.fresh(jordan)
    w.outsider, w.recruiter = w.fresh(outsider), w.fresh(recruiter)
    return w


def test_the_caseload_is_exactly_the_workers_sharing_now(world: World) -> None:
    view = world.cases.view(world.maria, world.org)
    assert {r.worker_id for r in view.page.items} == {world.ana.user.id, world.bo.user.id}
    names = {r.worker_id: r.name for r in view.page.items}
    assert names[world.ana.user.id] == "Ana Diaz"
    assert names[world.bo.user.id] == ""  # Bo shared no name
    assert all(r.glance is not None and r.glance.stage == "prepare" for r in view.page.items)


def test_without_plan_glances_every_row_says_no_plan_is_shared(world: World) -> None:
    bare = Caseload(world.platform.engine, world.platform.consents)
    rows = bare.view(world.maria, world.org).page.items
    assert rows and all(r.glance is None for r in rows)


def test_a_revocation_hides_the_row_and_closes_the_record_on_the_next_request(
    world: World,
) -> None:
    cases, ana = world.cases, world.ana.user.id
    made = cases.refer(world.maria, world.org, ana, ReferralKind.SERVICE, service=Service.HOUSING)
    planned = cases.schedule(world.maria, world.org, ana, today(), "Call about housing")
    grant = next(g for g in world.platform.consents.of_worker(world.ana) if g.org_id == world.org)
    world.platform.consents.revoke(world.ana, grant.id)

    view = cases.view(world.maria, world.org)
    assert ana not in {r.worker_id for r in view.page.items}
    assert all(i.follow_up.worker_id != ana for i in view.due_now)
    for attempt in (
        lambda: cases.worker(world.maria, world.org, ana),
        lambda: cases.refer(world.maria, world.org, ana, ReferralKind.EMPLOYER, target_text="X"),
        lambda: cases.schedule(world.maria, world.org, ana, today(), "Call"),
        lambda: cases.set_outcome(world.maria, world.org, made.id, Outcome.STARTED),
        lambda: cases.change_follow_up(world.maria, world.org, planned.id, done=True),
    ):
        with pytest.raises(PermissionDeniedError, match="does not share"):
            attempt()
    # the rows are kept for the organization's records, hidden (decisions/0025)
    with world.platform.engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(c.caseload_referrals)).scalar() == 1
    # and the worker still sees the referral made for them
    assert [r.id for _org, r in cases.for_worker(world.ana)] == [made.id]


def test_other_organizations_and_the_workers_other_grants_see_nothing(world: World) -> None:
    cases, ana = world.cases, world.ana.user.id
    cases.refer(world.maria, world.org, ana, ReferralKind.TRAINING, target_text="CNA class")
    with pytest.raises(PermissionDeniedError):
        cases.view(world.outsider, world.org)
    with pytest.raises(PermissionDeniedError):
        cases.worker(world.outsider, world.org, ana)
    assert cases.view(world.outsider, world.other_org).page.total == 0  # Ana does not share
    with pytest.raises(PermissionDeniedError, match="does not share"):
        cases.worker(world.outsider, world.other_org, ana)
    # Ana shares with the employer too: that gives the employer no caseload, of its own or ours
    for org in (world.employer, world.org):
        with pytest.raises(PermissionDeniedError):
            cases.view(world.recruiter, org)
        with pytest.raises(PermissionDeniedError):
            cases.worker(world.recruiter, org, ana)
    with pytest.raises(PermissionDeniedError):
        cases.for_worker(world.maria)  # staff have no "made for me"


def test_outcomes_are_a_history_never_an_overwrite(world: World) -> None:
    cases, ana = world.cases, world.ana.user.id
    made = cases.refer(world.maria, world.org, ana, ReferralKind.TRAINING, target_text="CNA")
    assert [h.outcome for h in made.history] == [Outcome.PENDING]
    cases.set_outcome(world.maria, world.org, made.id, Outcome.STARTED, note="First class")
    last = cases.set_outcome(world.jordan, world.org, made.id, Outcome.COMPLETED)
    assert [h.outcome for h in last.history] == [
        Outcome.PENDING,
        Outcome.STARTED,
        Outcome.COMPLETED,
    ]
    assert last.history[1].note == "First class" and last.outcome is Outcome.COMPLETED
    with world.platform.engine.connect() as conn:
        rows = conn.execute(select(func.count()).select_from(c.caseload_referral_outcomes))
        assert rows.scalar() == 3
    with pytest.raises(InvalidInputError, match="future"):
        cases.set_outcome(world.maria, world.org, made.id, Outcome.HIRED, on=today() + timedelta(1))
    with pytest.raises(NotFoundError):
        cases.set_outcome(world.outsider, world.other_org, made.id, Outcome.HIRED)


def test_referral_targets_are_checked(world: World) -> None:
    cases, ana = world.cases, world.ana.user.id
    with pytest.raises(InvalidInputError, match="kind of help"):
        cases.refer(world.maria, world.org, ana, ReferralKind.SERVICE)
    with pytest.raises(InvalidInputError, match="Name the program"):
        cases.refer(world.maria, world.org, ana, ReferralKind.TRAINING)
    with pytest.raises(InvalidInputError, match="not an employer"):
        cases.refer(world.maria, world.org, ana, ReferralKind.EMPLOYER, target_org_id=world.org)
    found = cases.refer(
        world.maria, world.org, ana, ReferralKind.EMPLOYER, target_org_id=world.employer
    )
    assert found.target_text == "Acme" and found.target_org_id == world.employer
    with pytest.raises(InvalidInputError, match="not one a training provider"):
        cases.refer(world.maria, world.org, ana, ReferralKind.TRAINING, target_ref="nope")


def test_follow_ups_are_due_assigned_and_done(world: World) -> None:
    cases, ana, bo, day = world.cases, world.ana.user.id, world.bo.user.id, today()
    soon = cases.schedule(world.maria, world.org, ana, day + timedelta(days=2), "Check the form")
    later = cases.schedule(
        world.maria, world.org, bo, day + timedelta(days=20), "Mock interview",
        assigned_to=world.jordan.user.id,
    )  # fmt: skip
    assert soon.assigned_to == world.maria.user.id and later.assigned_name == "Jordan"
    with pytest.raises(InvalidInputError, match="navigator"):
        cases.schedule(world.maria, world.org, ana, day, "Call", assigned_to=world.outsider.user.id)
    with pytest.raises(InvalidInputError, match="today or a later day"):
        cases.schedule(world.maria, world.org, ana, day - timedelta(days=1), "Call")
    # seen 15 days on, the first is past due and the second due within the week
    ahead = day + timedelta(days=15)
    view = cases.view(world.maria, world.org, CaseloadFilter(due=Due.OVERDUE), today=ahead)
    assert [r.worker_id for r in view.page.items] == [ana]
    view = cases.view(world.maria, world.org, CaseloadFilter(due=Due.THIS_WEEK), today=ahead)
    assert [r.worker_id for r in view.page.items] == [bo]
    mine = CaseloadFilter(navigator=world.jordan.user.id)
    assert [r.worker_id for r in cases.view(world.maria, world.org, mine).page.items] == [bo]
    cases.change_follow_up(world.maria, world.org, soon.id, done=True)
    view = cases.view(world.maria, world.org, CaseloadFilter(due=Due.OVERDUE), today=ahead)
    assert view.page.total == 0 and [i.follow_up.id for i in view.due_now] == [later.id]


def test_filters_and_pages_over_the_store(world: World) -> None:
    cases, ana = world.cases, world.ana.user.id
    made = cases.refer(world.maria, world.org, ana, ReferralKind.EMPLOYER, target_text="Acme")
    cases.set_outcome(world.maria, world.org, made.id, Outcome.HIRED)
    hired = cases.view(world.maria, world.org, CaseloadFilter(outcome=Outcome.HIRED))
    assert [r.worker_id for r in hired.page.items] == [ana]
    assert cases.view(world.maria, world.org, CaseloadFilter(text="diaz")).page.total == 1
    assert cases.view(world.maria, world.org, CaseloadFilter(stage="grow")).page.total == 0
    first = cases.view(world.maria, world.org, page=1, size=1)
    second = cases.view(world.maria, world.org, page=2, size=1)
    assert first.page.total == 2 and first.page.has_next and not second.page.has_next
    assert first.page.items[0].worker_id != second.page.items[0].worker_id


def test_every_read_and_write_is_audited_and_the_worker_sees_it(world: World) -> None:
    cases, ana = world.cases, world.ana.user.id
    cases.view(world.maria, world.org)
    cases.worker(world.maria, world.org, ana)
    made = cases.refer(world.maria, world.org, ana, ReferralKind.SERVICE, service=Service.TRANSPORT)
    cases.set_outcome(world.maria, world.org, made.id, Outcome.STARTED)
    planned = cases.schedule(world.maria, world.org, ana, today(), "Call")
    cases.change_follow_up(world.maria, world.org, planned.id, done=True)
    actions = [e.action for e in for_org(world.platform.engine, world.org)]
    for action in (
        "caseload.list",
        "caseload.view",
        "referral.create",
        "referral.outcome",
        "follow_up.create",
        "follow_up.update",
    ):
        assert action in actions, action
    from onramp.platform.activity import my_activity

    said = " ".join(line.text for line in my_activity(world.platform.engine, world.ana))
    assert "looked at the notes Northside keeps on you" in said
    assert "sent you to a program, a service or an employer for Northside" in said


def test_the_export_carries_referrals_and_follow_ups(world: World) -> None:
    from onramp.pathways.caseload_services import follow_platform

    follow_platform(world.platform, world.cases)
    ana = world.ana.user.id
    world.cases.refer(world.maria, world.org, ana, ReferralKind.TRAINING, target_text="CNA")
    world.cases.schedule(world.maria, world.org, ana, today(), "Call")
    exported = world.platform.privacy.export(world.ana)["caseload"]
    assert [r["target_text"] for r in exported["referrals"]] == ["CNA"]
    assert exported["referrals"][0]["organization"] == "Northside"
    assert [f["about"] for f in exported["follow_ups"]] == ["Call"]


def test_reminders_go_once_a_day_to_each_navigator_with_check_ins_due(world: World) -> None:
    cases, day = world.cases, today()
    cases.schedule(world.maria, world.org, world.ana.user.id, day, "Call Ana")
    cases.schedule(world.maria, world.org, world.bo.user.id, day + timedelta(days=3), "Call Bo")
    cases.schedule(
        world.maria, world.org, world.bo.user.id, day + timedelta(days=30), "Later",
        assigned_to=world.jordan.user.id,
    )  # fmt: skip
    mailer = world.platform.mailer
    reminders = Reminders(world.platform.engine, mailer, world.platform.links)
    first = reminders.send_due(day)
    assert [(r.navigator_id, r.follow_ups, r.sent) for r in first] == [
        (world.maria.user.id, 2, True)
    ]
    waiting = [m for m in mailer.pending() if m.kind is MailKind.FOLLOW_UP_REMINDER]  # type: ignore[attr-defined]
    assert len(waiting) == 1 and waiting[0].to == "maria@c.example"
    assert "Call Ana (with Ana Diaz)" in waiting[0].body
    assert "a worker who did not share their name" in waiting[0].body  # Bo shared no name
    assert "https://onramp.test/orgs/" in waiting[0].body
    again = reminders.send_due(day)  # the same day: nothing new
    assert [r.sent for r in again] == [False]
    assert len([m for m in mailer.pending() if m.kind is MailKind.FOLLOW_UP_REMINDER]) == 1  # type: ignore[attr-defined]
    # the next day, Jordan's is still not due; Maria gets a new digest
    assert [r.sent for r in reminders.send_due(day + timedelta(days=1))] == [True]
    assert "caseload.remind" in [e.action for e in for_org(world.platform.engine, world.org)]


def test_reminders_leave_out_workers_who_stopped_sharing(world: World) -> None:
    day = today()
    world.cases.schedule(world.maria, world.org, world.ana.user.id, day, "Call Ana")
    grant = next(g for g in world.platform.consents.of_worker(world.ana) if g.org_id == world.org)
    world.platform.consents.revoke(world.ana, grant.id)
    reminders = Reminders(world.platform.engine, world.platform.mailer, world.platform.links)
    assert reminders.send_due(day) == []


def test_only_navigators_of_a_community_organization_have_a_caseload(world: World) -> None:
    with pytest.raises(PermissionDeniedError, match="community organization"):
        world.cases.view(world.recruiter, world.employer)
