"""Worker pathways over a real store (issue 15, item 2): a worker's own proof and past job, pay
where they live, training providers' programs for their gaps, a navigator under consent (audited),
the REST routes and `onramp pathways for-worker`. SQLite and PostgreSQL."""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, update

from onramp.api.app import create_app
from onramp.errors import BusyError, NotFoundError, PermissionDeniedError
from onramp.market import read_oews
from onramp.matching.scoring.evidence import EvidenceKind
from onramp.matching.service import EntryDraft
from onramp.pathways.worker import GapWay
from onramp.pathways.worker_service import matrix_and_index
from onramp.platform import AccountKind, OrgKind, Principal, PurposeKind, Role, audit
from onramp.platform.audit_actions import AuditAction
from onramp.store import credential_tables
from onramp.taxonomy import import_onet, run_import

from support import run_cli, shared

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "taxonomy"))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "market"))
from market_files import write_package_db  # noqa: E402

from onet_files import write_mini_onet  # noqa: E402

PASSWORD = "correct horse battery"
LABORERS, NURSES = "53-7062.00", "29-1141.00"
CODES = (LABORERS, NURSES, "41-2011.00", "31-1131.00", "29-2061.00", "35-9021.00")


@dataclass
class World:
    app: Any
    worker: Principal
    college: str  # the training provider's org id
    provider: Principal


def _world(engine: Engine, folder: Path) -> World:
    import_onet(engine, write_mini_onet(shared("onet", "29.3"), folder / "onet", False, CODES))
    package = write_package_db(folder / "oews.sqlite")
    run_import(engine, lambda step: read_oews([package], None, step))
    app = create_app(engine, secrets_dir=folder / "secrets", public_url="https://onramp.test")
    p = app.state.platform
    worker = p.accounts.principal(p.accounts.sign_up("wes@mail.example", PASSWORD, "Wes"))
    job = {"title": "Warehouse worker", "start": "2020", "occupation_code": LABORERS}
    p.workers.update(worker, location="Los Angeles", work_history=[job])
    staff = p.accounts.sign_up("pat@college.example", PASSWORD, "Pat", AccountKind.STAFF)
    provider = p.accounts.principal(staff)
    college = p.orgs.create(provider, "Northside College", OrgKind.TRAINING_PROVIDER)
    matrix_and_index(engine)  # as `onramp serve` does before anyone asks
    return World(app, worker, college.id, p.accounts.principal(staff))


def test_a_worker_sees_next_steps_and_pathways_with_local_pay_and_programs(
    engine: Engine, tmp_path: Path
) -> None:
    world = _world(engine, tmp_path)
    pathways = world.app.state.pathways
    view = pathways.mine(world.worker, target=NURSES)
    assert view.start_known and view.starts[0][0] == LABORERS
    assert view.skills_counted > 0  # the past job's occupation skills, inferred
    assert view.pay_note == "" and view.pay_now is not None
    # the test wages have no Los Angeles figure for laborers: national, and it says so
    assert view.pay_now.where == "the whole country" and not view.pay_now.local
    # the test wages know only laborers' and nurses' pay, and nursing is a bigger move: no
    # other job is known to pay as much, so none is offered as a next step
    assert view.next_steps == ()
    assert [s.code for s in view.stretch] == [NURSES]
    assert view.target == (NURSES, "Registered Nurses")
    assert 1 <= len(view.pathways) <= 3
    last = view.pathways[0].steps[-1]
    assert last.code == NURSES and last.pay is not None and last.pay.local
    assert last.pay.where == "Los Angeles-Long Beach-Anaheim, CA"
    assert last.pay_change is not None and last.gap_count > 0
    assert not last.outlook.known  # no BLS projections imported: said, not guessed
    gap = last.gaps[0]
    assert GapWay.NO_PROGRAM in gap.ways and GapWay.WORK_BASED in gap.ways

    # a training provider's program aligned to that skill shows; archived ones and other
    # organizations' achievements do not
    issuing = world.app.state.credentials.issuing
    made = issuing.define(
        world.provider, world.college, name="Nursing basics", criteria="Pass", skills=[gap.uri]
    )
    old = issuing.define(
        world.provider, world.college, name="Old course", criteria="Pass", skills=[gap.uri]
    )
    with engine.begin() as conn:
        conn.execute(
            update(credential_tables.achievements)
            .where(credential_tables.achievements.c.id == old.id)
            .values(archived_at=date(2025, 1, 1))
        )
    again = pathways.mine(world.worker, target=NURSES).pathways[0].steps[-1].gaps[0]
    assert again.uri == gap.uri and GapWay.PROGRAM in again.ways
    [(org, name, url)] = again.programs
    assert (org, name) == ("Northside College", "Nursing basics")
    assert url.startswith("https://onramp.test/orgs/") and url.endswith(made.id)

    # proof of that skill at the level needed closes the gap
    world.app.state.matching.evidence.add(
        world.worker,
        EntryDraft(EvidenceKind.TRAINING, "Care", [(gap.uri, gap.needed)], ended_on=date.today()),
    )
    more = pathways.mine(world.worker, target=NURSES)
    step = next(s for p in more.pathways for s in p.steps if s.code == NURSES)
    assert step.gap_count == last.gap_count - 1 and step.fit > last.fit
    assert gap.uri not in {g.uri for g in step.gaps}

    with pytest.raises(NotFoundError):
        pathways.mine(world.worker, target="11-1011.00")  # not in this release


def test_a_navigator_sees_pathways_only_under_a_grant_that_shares_the_profile(
    engine: Engine, tmp_path: Path
) -> None:
    world = _world(engine, tmp_path)
    p = world.app.state.platform
    head = p.accounts.principal(
        p.accounts.sign_up("nia@help.example", PASSWORD, "Nia", AccountKind.STAFF)
    )
    help_org = p.orgs.create(head, "Helping Hands", OrgKind.COMMUNITY_ORG)
    navigator_user = p.accounts.sign_up("ned@help.example", PASSWORD, "Ned", AccountKind.STAFF)
    p.orgs.add_member(help_org.id, navigator_user, Role.NAVIGATOR, None)
    navigator = p.accounts.principal(navigator_user)
    pathways = world.app.state.pathways
    worker_id = world.worker.user.id
    with pytest.raises(PermissionDeniedError):  # no grant yet
        pathways.for_navigator(navigator, help_org.id, worker_id)
    p.consents.grant(world.worker, help_org.id, ["contact"], PurposeKind.NAVIGATOR_SUPPORT, "Help")
    with pytest.raises(PermissionDeniedError):  # a grant that does not share skills
        pathways.for_navigator(navigator, help_org.id, worker_id)
    p.consents.grant(world.worker, help_org.id, ["profile"], PurposeKind.NAVIGATOR_SUPPORT, "Help")
    view = pathways.for_navigator(navigator, help_org.id, worker_id, target=NURSES)
    assert view.starts[0][0] == LABORERS and view.pathways
    assert view.pay_now is not None and not view.pay_now.local  # not where the worker lives
    with pytest.raises(PermissionDeniedError):  # the provider is no member of this org
        pathways.for_navigator(world.provider, help_org.id, worker_id)
    seen = audit.about_worker(engine, worker_id, action=AuditAction.PATHWAYS_VIEW)
    assert len(seen) == 1 and seen[0].actor_id == navigator.user.id


def test_a_request_never_waits_for_the_matrix(engine: Engine, tmp_path: Path) -> None:
    """The app's use case does not build the matrix in a request: it starts the build in the
    background and answers "come back soon" (503 with Retry-After over REST)."""
    import_onet(engine, write_mini_onet(shared("onet", "29.3"), tmp_path / "onet", False, CODES))
    app = create_app(engine, secrets_dir=tmp_path / "secrets")
    p = app.state.platform
    worker = p.accounts.principal(p.accounts.sign_up("wes@mail.example", PASSWORD, "Wes"))
    with pytest.raises(BusyError):
        app.state.pathways.mine(worker)
    client = TestClient(app)
    client.post("/api/v1/auth/login", json={"email": "wes@mail.example", "password": PASSWORD})
    matrix_and_index(engine)  # waits for the background build
    assert client.get("/api/v1/pathways/me").status_code == 200
    assert app.state.pathways.mine(worker).next_steps


def test_the_rest_routes(engine: Engine, tmp_path: Path) -> None:
    world = _world(engine, tmp_path)
    client = TestClient(world.app)
    client.post("/api/v1/auth/login", json={"email": "wes@mail.example", "password": PASSWORD})
    mine = client.get("/api/v1/pathways/me", params={"target": NURSES, "top": 3})
    assert mine.status_code == 200, mine.text
    body = mine.json()
    assert body["target"] == {"code": NURSES, "title": "Registered Nurses"}
    assert len(body["next_steps"]) <= 3 and body["pathways"]
    step = body["pathways"][0]["steps"][-1]
    assert set(step) >= {"code", "pay", "pay_change", "gaps", "gap_count", "growth_percent"}
    assert client.get("/api/v1/pathways/me", params={"target": "11-1011.00"}).status_code == 404
    assert client.get("/api/v1/pathways/me", params={"top": 0}).status_code == 422
    found = client.get("/api/v1/pathways/targets", params={"q": "nurses"}).json()
    assert {"code": NURSES, "title": "Registered Nurses"} in found


def test_the_for_worker_command(tmp_path: Path) -> None:
    """SQLite only: the command runs on the store under its home folder."""
    from onramp.store.engine import make_engine, upgrade

    home = tmp_path / "home"
    home.mkdir()
    store = make_engine(f"sqlite:///{home / 'onramp.db'}")
    upgrade(store)
    _world(store, tmp_path)
    store.dispose()
    done = run_cli(home, "pathways", "for-worker", "wes@mail.example", "--target", NURSES, "--json")
    body = json.loads(done.stdout)
    assert body["starts"][0]["code"] == LABORERS and body["pathways"]
    shown = run_cli(home, "pathways", "for-worker", "wes@mail.example", "--target", NURSES)
    assert "Pathways to Registered Nurses" in shown.stdout and "Next steps" in shown.stdout
    for args, why in (
        (("nobody@mail.example",), "no worker account"),
        (("pat@college.example",), "no worker account"),
        (("wes@mail.example", "--target", "11-1011.00"), "11-1011.00"),
    ):
        failed = run_cli(home, "pathways", "for-worker", *args, check=False)
        assert failed.returncode == 2, (args, failed.stderr)
        assert why in failed.stderr + failed.stdout
