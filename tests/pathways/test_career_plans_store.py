"""Career advancement plans in a real store, on SQLite and PostgreSQL (issue 15, item 4): the
worker's own plan, all-or-nothing edits, the pathway saved from the pathway page (codes checked
against the taxonomy catalog), sharing under consent with a navigator (every look audited; a
revoke ends it on the next request), navigator additions, glances for the caseload, and an
organization's version of the guide."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine

from onramp.errors import InvalidInputError, NotFoundError, PermissionDeniedError
from onramp.pathways.guide import AdaptMode, Stage
from onramp.pathways.plan_model import Author, Edit, EditKind, PlanStatus
from onramp.pathways.plans import CareerPlans
from onramp.platform import AccountKind, OrgKind, Platform, PurposeKind, Role, audit
from onramp.platform.audit_actions import AuditAction
from onramp.platform.model import Principal
from onramp.taxonomy import import_onet

from support import shared

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "taxonomy"))
from onet_files import write_mini_onet  # noqa: E402

PASSWORD = "correct horse battery"
CNA, LPN, RN = "31-1131.00", "29-2061.00", "29-1141.00"


@dataclass
class World:
    platform: Platform
    plans: CareerPlans
    worker: Principal
    other: Principal
    navigator: Principal
    employer_admin: Principal
    org_id: str
    employer_id: str


def _world(engine: Engine, tmp_path: Path) -> World:
    p = Platform(engine, secrets_dir=tmp_path / "secrets", public_url="https://onramp.test")
    boss = p.accounts.principal(
        p.accounts.sign_up("boss@n.example", PASSWORD, "Nia Boss", AccountKind.STAFF)
    )
    org = p.orgs.create(boss, "Northside", OrgKind.COMMUNITY_ORG)
    nav_user = p.accounts.sign_up("nav@n.example", PASSWORD, "Maria Lopez", AccountKind.STAFF)
    p.orgs.add_member(org.id, nav_user, Role.NAVIGATOR, None)
    hr = p.accounts.principal(
        p.accounts.sign_up("hr@e.example", PASSWORD, "Hal", AccountKind.STAFF)
    )
    employer = p.orgs.create(hr, "Shop", OrgKind.EMPLOYER)
    worker = p.accounts.principal(p.accounts.sign_up("ana@w.example", PASSWORD, "Ana Diaz"))
    other = p.accounts.principal(p.accounts.sign_up("ben@w.example", PASSWORD, "Ben Ode"))
    plans = CareerPlans(
        engine, p.consents, occupation_title={CNA: "Nursing Assistants"}.__getitem__
    )
    return World(
        p,
        plans,
        worker,
        other,
        p.accounts.principal(nav_user),
        p.accounts.principal(hr.user),
        org.id,
        employer.id,
    )


def _share(w: World, who: Principal, parts: list[str]) -> str:
    grant = w.platform.consents.grant(
        who, w.org_id, parts, PurposeKind.NAVIGATOR_SUPPORT, "Help with my plan"
    )
    return grant.id


def _actions(w: World, who: Principal) -> list[str]:
    return [e.action for e in audit.about_worker(w.platform.engine, who.user.id)]


def test_a_worker_starts_and_fills_a_plan_all_or_nothing(engine: Engine, tmp_path: Path) -> None:
    w = _world(engine, tmp_path)
    assert w.plans.mine(w.worker) is None
    plan = w.plans.start(w.worker)
    assert w.plans.start(w.worker).id == plan.id  # a second start is the same plan
    plan = w.plans.edit(
        w.worker,
        [
            Edit(EditKind.ADD_GOAL, Stage.EXPLORE, "Talk to two nurses"),
            Edit(EditKind.ADD_MILESTONE, Stage.EXPLORE, "Visit the clinic", due=date(2027, 1, 9)),
            Edit(EditKind.SET_STAGE, Stage.PREPARE),
        ],
    )
    assert plan.stage is Stage.PREPARE
    goal = plan.part(Stage.EXPLORE).goals[0].id
    with pytest.raises(InvalidInputError):  # the second edit is bad: the first is not saved
        w.plans.edit(
            w.worker,
            [
                Edit(EditKind.TICK_GOAL, item_id=goal, done=True),
                Edit(EditKind.SET_STATUS, status=None),
            ],
        )
    again = w.plans.mine(w.worker)
    assert again is not None and again == plan
    assert not again.part(Stage.EXPLORE).goals[0].done
    assert again.part(Stage.EXPLORE).milestones[0].due == date(2027, 1, 9)
    with pytest.raises(NotFoundError):
        w.plans.edit(w.other, [Edit(EditKind.ADD_NOTE, Stage.GROW, "Hi")])
    with pytest.raises(PermissionDeniedError):
        w.plans.mine(w.navigator)  # staff have no plan of their own
    assert AuditAction.PLAN_CREATE in _actions(w, w.worker)


def test_a_pathway_is_saved_with_titles_from_the_catalog(engine: Engine, tmp_path: Path) -> None:
    w = _world(engine, tmp_path)
    import_onet(
        engine, write_mini_onet(shared("onet", "29.3"), tmp_path / "onet", False, (CNA, LPN, RN))
    )
    plans = CareerPlans(engine, w.platform.consents)  # titles from the taxonomy catalog
    plan = plans.set_pathway(w.worker, RN, [LPN, RN])
    assert plan.target is not None and plan.target.code == RN
    assert plan.target.title == "Registered Nurses"
    assert [s.code for s in plan.steps] == [LPN, RN]
    assert plan.steps[0].title.startswith("Licensed Practical")
    for target, steps, message in [
        ("99-9999.00", [], "does not know the job code 99-9999.00"),
        (RN, ["nurse"], "looks like 29-1141.00"),
        ("", [], "Choose the job"),
        (RN, [CNA, LPN, RN, RN], "at most 3 steps"),
    ]:
        with pytest.raises(InvalidInputError, match=message):
            plans.set_pathway(w.worker, target, steps)
    kept = plans.mine(w.worker)
    assert kept is not None and kept.target == plan.target and kept.steps == plan.steps


def test_a_navigator_sees_a_shared_plan_until_the_worker_revokes(
    engine: Engine, tmp_path: Path
) -> None:
    w = _world(engine, tmp_path)
    w.plans.start(w.worker)
    _share(w, w.worker, ["work_history"])  # shared, but not the plan
    with pytest.raises(PermissionDeniedError):
        w.plans.shared(w.navigator, w.org_id, w.worker.user.id)
    grant = _share(w, w.worker, ["plan"])
    seen = w.plans.shared(w.navigator, w.org_id, w.worker.user.id)
    assert seen.plan is not None and seen.worker_name == ""  # the plan alone does not name them
    _share(w, w.worker, ["profile"])
    assert w.plans.shared(w.navigator, w.org_id, w.worker.user.id).worker_name == "Ana Diaz"
    entries = [
        e for e in audit.about_worker(engine, w.worker.user.id) if e.action == AuditAction.PLAN_VIEW
    ]
    assert len(entries) == 2 and entries[0].actor_id == w.navigator.user.id
    # a navigator adds a note, marked as theirs; they cannot change the stage
    w.plans.add_as_navigator(
        w.navigator,
        w.org_id,
        w.worker.user.id,
        Edit(EditKind.ADD_NOTE, Stage.EXPLORE, "Call Friday"),
    )
    note = w.plans.mine(w.worker).part(Stage.EXPLORE).notes[0]  # type: ignore[union-attr]
    assert note.author is Author.NAVIGATOR and note.author_name == "Maria Lopez, Northside"
    with pytest.raises(InvalidInputError):
        w.plans.add_as_navigator(
            w.navigator, w.org_id, w.worker.user.id, Edit(EditKind.SET_STAGE, Stage.GROW)
        )
    assert AuditAction.PLAN_NAVIGATOR_ADD in _actions(w, w.worker)
    # other organizations and workers see nothing
    with pytest.raises(PermissionDeniedError):
        w.plans.shared(w.employer_admin, w.org_id, w.worker.user.id)
    with pytest.raises(PermissionDeniedError):
        w.plans.shared(w.employer_admin, w.employer_id, w.worker.user.id)
    # the revoke takes effect on the next request
    w.platform.consents.revoke(w.worker, grant)
    with pytest.raises(PermissionDeniedError):
        w.plans.shared(w.navigator, w.org_id, w.worker.user.id)
    with pytest.raises(PermissionDeniedError):
        w.plans.add_as_navigator(
            w.navigator, w.org_id, w.worker.user.id, Edit(EditKind.ADD_NOTE, Stage.EXPLORE, "x")
        )
    assert w.plans.glances(w.navigator, w.org_id, [w.worker.user.id]) == {}


def test_glances_only_for_workers_who_share_their_plan(engine: Engine, tmp_path: Path) -> None:
    w = _world(engine, tmp_path)
    third = w.platform.accounts.principal(
        w.platform.accounts.sign_up("cy@w.example", PASSWORD, "Cy")
    )
    for who in (w.worker, w.other, third):
        w.plans.start(who)
    w.plans.edit(
        w.worker,
        [
            Edit(EditKind.ADD_GOAL, Stage.EXPLORE, "Talk to two nurses"),
            Edit(EditKind.ADD_MILESTONE, Stage.PREPARE, "Class starts", due=date(2027, 3, 1)),
            Edit(EditKind.ADD_MILESTONE, Stage.EXPLORE, "Visit", due=date(2027, 1, 9)),
            Edit(EditKind.SET_STATUS, status=PlanStatus.PAUSED),
        ],
    )
    _share(w, w.worker, ["plan", "profile"])
    _share(w, w.other, ["profile"])  # shares, but not the plan
    asked = [w.worker.user.id, w.other.user.id, third.user.id, "nobody"]
    glances = w.plans.glances(w.navigator, w.org_id, asked)
    assert set(glances) == {w.worker.user.id}
    glance = glances[w.worker.user.id]
    assert glance.status == "paused" and glance.stage == "explore"
    assert glance.next_actions == ("Talk to two nurses",)
    assert [m.text for m in glance.milestones_due] == ["Visit", "Class starts"]
    assert AuditAction.PLAN_GLANCE in _actions(w, w.worker)
    assert AuditAction.PLAN_GLANCE not in _actions(w, w.other)
    with pytest.raises(PermissionDeniedError):
        w.plans.glances(w.employer_admin, w.org_id, asked)


def test_an_organization_adapts_the_guide_and_a_sharing_worker_picks_it(
    engine: Engine, tmp_path: Path
) -> None:
    w = _world(engine, tmp_path)
    boss = w.platform.accounts.principal(w.platform.accounts.user_by_email("boss@n.example"))  # type: ignore[arg-type]
    guides = w.plans.guides
    with pytest.raises(PermissionDeniedError):  # a navigator is not an org admin
        guides.save(w.navigator, w.org_id, Stage.PREPARE, AdaptMode.ADD, ["Did you visit?"], [])
    with pytest.raises(PermissionDeniedError):  # an employer does not rewrite the guide
        guides.save(w.employer_admin, w.employer_id, Stage.PREPARE, AdaptMode.ADD, ["Why?"], [])
    with pytest.raises(InvalidInputError):  # too hard: nothing saved
        guides.save(
            boss,
            w.org_id,
            Stage.PREPARE,
            AdaptMode.ADD,
            [
                "Notwithstanding organizational considerations, what institutional accreditation "
                "requirements necessitate comprehensive documentation?"
            ],
            [],
        )
    assert guides.changes(w.org_id) == []
    assert (
        guides.save(
            boss, w.org_id, Stage.PREPARE, AdaptMode.ADD, ["Did you visit our job club?"], []
        )
        == []
    )
    w.plans.start(w.worker)
    assert w.plans.guide_choices(w.worker) == []  # not shared with them yet
    with pytest.raises(InvalidInputError, match="only while you share"):
        w.plans.edit(w.worker, [Edit(EditKind.SET_GUIDE, guide_org_id=w.org_id)])
    grant = _share(w, w.worker, ["plan"])
    assert w.plans.guide_choices(w.worker) == [(w.org_id, "Northside")]
    plan = w.plans.edit(w.worker, [Edit(EditKind.SET_GUIDE, guide_org_id=w.org_id)])
    guide = w.plans.guide_for(plan)
    assert guide.source == "Northside"
    assert guide.of(Stage.PREPARE).self_questions[-1] == "Did you visit our job club?"
    w.platform.consents.revoke(w.worker, grant)  # no longer shared: Onramp's guide again
    assert w.plans.guide_for(w.plans.mine(w.worker)).source == "Onramp"
    # an empty "add" removes the stage's change
    guides.save(boss, w.org_id, Stage.PREPARE, AdaptMode.ADD, [], [])
    assert guides.changes(w.org_id) == []
    assert AuditAction.PLAN_GUIDE_UPDATE in [e.action for e in audit.for_org(engine, w.org_id)]
