"""Glances for the navigator caseload, as a property over random sharing (issue 15, items 4
and 5): whatever grants the workers give an organization (the plan or not, revoked or not),
its navigator gets a glance for exactly the asked workers who have a plan and share it now."""

from __future__ import annotations

import itertools

import pytest
from argon2 import PasswordHasher
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from onramp.pathways.plans import CareerPlans
from onramp.platform import AccountKind, OrgKind, Platform, PurposeKind, Role
from onramp.platform import secrets as platform_secrets
from onramp.store import make_engine, upgrade

PASSWORD = "correct horse battery"
WORKERS = 5
ORGS = itertools.count(1)  # each example shares with a new organization
STARTED = {0, 1, 2}  # workers 3 and 4 never start a plan
GRANT = st.tuples(st.sampled_from([["plan"], ["profile"], ["plan", "profile"]]), st.booleans())


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(
            platform_secrets,
            "_hasher",
            PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1),
        )
        folder = tmp_path_factory.mktemp("glances")
        engine = make_engine(f"sqlite:///{folder / 'g.db'}")
        upgrade(engine)
        platform = Platform(engine, secrets_dir=folder / "s", public_url="https://onramp.test")
        plans = CareerPlans(engine, platform.consents)
        workers = []
        for n in range(WORKERS):
            user = platform.accounts.sign_up(f"w{n}@w.example", PASSWORD, f"Worker {n}")
            workers.append(platform.accounts.principal(user))
            if n in STARTED:
                plans.start(workers[-1])
        boss = platform.accounts.principal(
            platform.accounts.sign_up("boss@n.example", PASSWORD, "Boss", AccountKind.STAFF)
        )
        nav = platform.accounts.sign_up("nav@n.example", PASSWORD, "Nav", AccountKind.STAFF)
        return {"platform": platform, "plans": plans, "workers": workers, "boss": boss, "nav": nav}


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    grants=st.lists(st.tuples(st.integers(0, WORKERS - 1), GRANT), max_size=8),
    asked=st.sets(st.integers(0, WORKERS - 1)),
)
def test_glances_are_exactly_the_asked_workers_who_share_a_plan(
    world: dict[str, object], grants: list[tuple[int, tuple[list[str], bool]]], asked: set[int]
) -> None:
    platform: Platform = world["platform"]  # type: ignore[assignment]
    plans: CareerPlans = world["plans"]  # type: ignore[assignment]
    workers = world["workers"]
    org = platform.orgs.create(world["boss"], f"Northside {next(ORGS)}", OrgKind.COMMUNITY_ORG)  # type: ignore[arg-type]
    platform.orgs.add_member(org.id, world["nav"], Role.NAVIGATOR, None)  # type: ignore[arg-type]
    navigator = platform.accounts.principal(world["nav"])  # type: ignore[arg-type]
    sharing = set()
    for n, (parts, revoked) in grants:
        grant = platform.consents.grant(
            workers[n],
            org.id,
            parts,
            PurposeKind.NAVIGATOR_SUPPORT,
            "Plan help",  # type: ignore[index]
        )
        if revoked:
            platform.consents.revoke(workers[n], grant.id)  # type: ignore[index]
        elif "plan" in parts:
            sharing.add(n)
    ids = [workers[n].user.id for n in sorted(asked)]  # type: ignore[index]
    found = plans.glances(navigator, org.id, ids)
    expected = {workers[n].user.id for n in asked & sharing & STARTED}  # type: ignore[index]
    assert set(found) == expected
