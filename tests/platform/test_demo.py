"""Demo data on both stores: what it creates, that it runs once, and where work histories come
from (a real O*NET release, an O*NET release without job zones, ESCO, or nothing at all)."""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

import pytest
import textstat
from argon2 import PasswordHasher
from sqlalchemy import Engine, func, select

from onramp.errors import PermissionDeniedError
from onramp.platform import AccountKind, OrgKind, Platform, Role
from onramp.platform import secrets as platform_secrets
from onramp.platform.demo import (
    CURRENT_YEAR,
    DEMO_PASSWORD,
    DemoSeed,
    format_logins,
    seed_demo,
)
from onramp.store import make_engine, schema, upgrade
from onramp.store import platform_tables as t
from onramp.store.releases import write_release
from onramp.taxonomy import import_onet
from onramp.taxonomy.model import Framework, Occupation, Origin, Task

from support import shared

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "taxonomy"))
from onet_files import KEEP, write_mini_onet  # noqa: E402

COUNTED = (
    t.users,
    t.organizations,
    t.memberships,
    t.worker_profiles,
    t.consent_grants,
    t.audit_log,
)
PLAIN_TITLES = {
    "Cashier",
    "Retail Sales Associate",
    "Warehouse Worker",
    "Forklift Operator",
    "Shipping and Receiving Clerk",
    "Nursing Assistant",
    "Personal Care Aide",
    "Licensed Practical Nurse",
    "Line Cook",
    "Food Prep Worker",
    "Customer Service Representative",
    "Administrative Assistant",
    "Truck Driver",
    "Construction Laborer",
    "Maintenance Technician",
    "Janitor",
}


@pytest.fixture(autouse=True)
def fast_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Cheap argon2id parameters: seeding signs up 58 accounts, and with the real parameters
    (~0.1-0.25 s a hash) that alone takes 6-15 s a store."""
    cheap = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    monkeypatch.setattr(platform_secrets, "_hasher", cheap)


def _with_mini_onet(engine: Engine, folder: Path) -> Engine:
    import_onet(engine, write_mini_onet(shared("onet", "29.3"), folder))
    return engine


def _counts(engine: Engine) -> dict[str, int]:
    with engine.connect() as conn:
        return {
            table.name: conn.execute(select(func.count()).select_from(table)).scalar_one()
            for table in COUNTED
        }


def _workers(engine: Engine) -> list[Any]:
    u, w = t.users, t.worker_profiles
    with engine.connect() as conn:
        return list(
            conn.execute(
                select(u.c.id, u.c.email, u.c.name, u.c.is_demo, w)
                .join(w, w.c.user_id == u.c.id)
                .order_by(u.c.email)
            ).all()
        )


def _org_id(engine: Engine, kind: OrgKind) -> str:
    with engine.connect() as conn:
        return str(
            conn.execute(
                select(t.organizations.c.id).where(t.organizations.c.kind == str(kind))
            ).scalar_one()
        )


def _grants(engine: Engine, org_id: str) -> list[Any]:
    with engine.connect() as conn:
        return list(
            conn.execute(select(t.consent_grants).where(t.consent_grants.c.org_id == org_id)).all()
        )


def _check_history(jobs: list[dict[str, str]]) -> None:
    assert 1 <= len(jobs) <= 4
    later_start = CURRENT_YEAR + 1
    for index, job in enumerate(jobs):
        assert job["title"] and job["employer"]
        start = int(job["start"])
        end = int(job["end"]) if job["end"] else CURRENT_YEAR
        assert job["end"] or index == 0, "only the most recent job can be ongoing"
        assert start <= end <= CURRENT_YEAR and end <= later_start
        later_start = start


def _codes(engine: Engine, key: str) -> set[str]:
    f, o = schema.frameworks, schema.occupations
    with engine.connect() as conn:
        return set(
            conn.execute(
                select(o.c.code).join(f, f.c.id == o.c.framework_id).where(f.c.key == key)
            ).scalars()
        )


def test_demo_data(engine: Engine, tmp_path: Path) -> None:
    _with_mini_onet(engine, tmp_path / "onet")
    platform = Platform(engine)
    seed = seed_demo(platform)
    assert seed.created and seed.password == DEMO_PASSWORD

    with engine.connect() as conn:
        orgs = conn.execute(select(t.organizations)).all()
        users = conn.execute(select(t.users)).all()
        roles = conn.execute(
            select(t.organizations.c.kind, t.memberships.c.role, func.count())
            .join(t.organizations, t.organizations.c.id == t.memberships.c.org_id)
            .group_by(t.organizations.c.kind, t.memberships.c.role)
        ).all()
    assert len(orgs) == 4 and {o.kind for o in orgs} == {str(k) for k in OrgKind}
    assert all(o.is_demo and o.name.startswith("Demo ") for o in orgs)
    assert all(u.is_demo and u.email.endswith("@demo.onramp.test") for u in users)
    kinds = [u.kind for u in users]
    assert kinds.count(str(AccountKind.WORKER)) == 50 and kinds.count(str(AccountKind.STAFF)) == 9
    assert [u.email for u in users if u.is_platform_admin] == ["admin@demo.onramp.test"]
    assert {(kind, role): n for kind, role, n in roles} == {
        ("employer", "org_admin"): 1,
        ("employer", "hr_admin"): 1,
        ("employer", "recruiter"): 1,
        ("employer", "hiring_manager"): 1,
        ("employer", "mentor"): 1,
        ("training_provider", "org_admin"): 1,
        ("training_provider", "provider_admin"): 1,
        ("community_org", "org_admin"): 1,
        ("community_org", "navigator"): 2,
        ("workforce_board", "org_admin"): 1,
        ("workforce_board", "board_analyst"): 1,
    }

    onet_codes = _codes(engine, "onet")
    assert onet_codes == set(KEEP)
    workers = _workers(engine)
    assert [w.email for w in workers][:2] == [f"worker0{i}@demo.onramp.test" for i in (1, 2)]
    for worker in workers:
        assert worker.headline and worker.location and worker.summary
        _check_history(worker.work_history)
        assert {job["occupation_code"] for job in worker.work_history} <= onet_codes
        assert all(job["description"] for job in worker.work_history), "mini O*NET has tasks"
        for sentence in re.split(r"(?<=[.!?])\s+", worker.summary):
            assert textstat.flesch_kincaid_grade(sentence) <= 8, sentence

    community = _org_id(engine, OrgKind.COMMUNITY_ORG)
    employer = _org_id(engine, OrgKind.EMPLOYER)
    caseload = _grants(engine, community)
    applications = _grants(engine, employer)
    assert 10 <= len(caseload) <= 20 and 5 <= len(applications) <= 10
    assert all(g.scope["parts"] == ["profile", "work_history"] for g in caseload)
    assert all(g.purpose_kind == "navigator_support" for g in caseload)
    assert all(g.scope["parts"] == ["contact", "profile", "work_history"] for g in applications)
    assert all(g.purpose_kind == "job_application" for g in applications)

    navigator = platform.accounts.authenticate("navigator2@demo.onramp.test", DEMO_PASSWORD)
    principal = platform.accounts.principal(navigator)
    assert principal.roles_in(community) == {Role.NAVIGATOR}
    shared_id = caseload[0].worker_id
    view = platform.consents.worker_view(principal, community, shared_id)
    assert view["work_history"] and "email" not in view
    not_shared = next(w.id for w in workers if w.id not in {g.worker_id for g in caseload})
    with pytest.raises(PermissionDeniedError):
        platform.consents.worker_view(principal, community, not_shared)
    hr = platform.accounts.principal(platform.accounts.user_by_email("hr.admin@demo.onramp.test"))
    assert platform.consents.worker_view(hr, employer, applications[0].worker_id)["email"]

    before = _counts(engine)
    again = seed_demo(platform)
    assert not again.created and again.logins == seed.logins
    assert _counts(engine) == before

    text = format_logins(seed)
    assert DEMO_PASSWORD in text and "demo data" in text and "--no-demo" in text
    for role in (
        "Platform admin",
        "HR admin",
        "Recruiter",
        "Hiring manager",
        "Provider admin",
        "Navigator",
        "Board analyst",
        "Worker",
    ):
        assert role in text
    for login in seed.logins:
        assert login.email in text and login.org in text
    assert len(seed.logins) == 1 + 8 + 3
    assert "already in the store" in format_logins(again)


def _people(engine: Engine) -> list[tuple[str, ...]]:
    return [(w.email, w.name, w.location, w.headline, w.summary) for w in _workers(engine)]


def test_same_seed_same_demo_on_a_fresh_store(engine: Engine, tmp_path: Path) -> None:
    _with_mini_onet(engine, tmp_path / "onet")
    seed_demo(Platform(engine))
    other = make_engine(f"sqlite:///{tmp_path / 'other.db'}")
    upgrade(other)
    try:
        _with_mini_onet(other, tmp_path / "onet2")
        seed_demo(Platform(other))
        assert _people(other) == _people(engine)
        histories = [w.work_history for w in _workers(engine)]
        assert [w.work_history for w in _workers(other)] == histories
    finally:
        other.dispose()
    third = make_engine(f"sqlite:///{tmp_path / 'third.db'}")
    upgrade(third)
    try:
        seed_demo(Platform(third), rng_seed=8)
        assert [p[1] for p in _people(third)] != [p[1] for p in _people(engine)]
    finally:
        third.dispose()


def test_an_empty_store_gets_plain_titles(engine: Engine) -> None:
    seed = seed_demo(Platform(engine))
    assert isinstance(seed, DemoSeed) and seed.created
    workers = _workers(engine)
    assert len(workers) == 50
    for worker in workers:
        _check_history(worker.work_history)
        for job in worker.work_history:
            assert job["occupation_code"] == "" and job["description"] == ""
            assert job["title"] in PLAIN_TITLES
    assert _grants(engine, _org_id(engine, OrgKind.COMMUNITY_ORG))


def _framework(key: str) -> Framework:
    return Framework(
        key=key,
        version="1.0",
        name=f"Test {key}",
        publisher="Onramp tests",
        source="written by the test",
        license="",
        attribution="",
        origin=Origin.EMBEDDED,
    )


def test_onet_without_job_zones_uses_common_jobs(engine: Engine) -> None:
    """Like the embedded default: no job zones, so only the hand-picked common jobs are used;
    a job's description is its first task statements."""
    cook = "35-2014.00"
    occupations = [
        Occupation("11-1011.00", "", "Chief Executives"),
        Occupation("41-2011.00", "", "Cashiers"),
        Occupation(cook, "", "Cooks, Restaurant"),
    ]
    tasks = [
        Task(cook, "E10", "Plan menus."),
        Task(cook, "E2", "Wash pots and pans."),
        Task(cook, "E1", "Cook food to order."),
    ]
    write_release(engine, _framework("onet"), {"occupations": occupations, "tasks": tasks})
    seed_demo(Platform(engine))
    jobs = [job for w in _workers(engine) for job in w.work_history]
    assert {job["occupation_code"] for job in jobs} == {"41-2011.00", cook}
    assert {job["title"] for job in jobs} == {"Cashier", "Line Cook"}
    for job in jobs:
        if job["occupation_code"] == cook:
            first, both = "Cook food to order.", "Cook food to order. Wash pots and pans."
            assert job["description"] in {first, both}
        else:
            assert job["description"] == ""


def test_esco_occupations_by_title_when_there_is_no_onet(engine: Engine) -> None:
    base = "http://data.europa.eu/esco/occupation/"
    occupations = [
        Occupation(f"{base}cashier", f"{base}cashier", "cashier"),
        Occupation(f"{base}cook", f"{base}cook", "cook"),
        Occupation(f"{base}astronaut", f"{base}astronaut", "astronaut"),
        Occupation(f"{base}group", f"{base}group", "cook", kind="isco_group"),
    ]
    write_release(engine, _framework("esco"), {"occupations": occupations})
    seed_demo(Platform(engine))
    jobs = [job for w in _workers(engine) for job in w.work_history]
    assert {job["occupation_code"] for job in jobs} == {f"{base}cashier", f"{base}cook"}
    assert {job["title"] for job in jobs} == {"Cashier", "Cook"}


def test_every_demo_login_reaches_its_dashboard(engine: Engine) -> None:
    """What the README promises: each printed demo log-in works and shows real data."""
    from fastapi.testclient import TestClient

    from onramp.api.app import create_app

    app = create_app(engine)
    seed = seed_demo(app.state.platform)
    assert seed.logins
    for login in seed.logins:
        client = TestClient(app)
        form = client.get("/login")
        token = re.search(r'name="form_token" value="([^"]+)"', form.text).group(1)  # type: ignore[union-attr]
        done = client.post(
            "/login",
            data={"email": login.email, "password": seed.password, "form_token": token},
            follow_redirects=False,
        )
        assert done.status_code == 303, (login.email, done.text[:300])
        dashboard = client.get("/dashboard")
        assert dashboard.status_code == 200, login.email
        if login.org:
            assert login.org in dashboard.text, (login.email, login.org)
        else:
            assert "Hello," in dashboard.text
