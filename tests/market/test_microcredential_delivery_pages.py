"""The delivery pages (issue 16, item 5) through the app: a worker enrolls after reading what
the provider sees; staff record results with the rubric's words beside each level, which
completes the learner; the learner's page links to the credential in the wallet; the outcomes
dashboard shows medians, never one learner's pay."""

from __future__ import annotations

import sys
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import Engine

from onramp.api.app import create_app
from onramp.platform import AccountKind, OrgKind
from onramp.platform.emails import Proof, record_confirmed

sys.path.insert(0, str(Path(__file__).resolve().parent))
from microcredential_world import complete_parts, publish_directly  # noqa: E402

PASSWORD = "correct horse battery"


def login(app: object, email: str) -> tuple[TestClient, str]:
    client = TestClient(app)  # type: ignore[arg-type]
    body = client.post("/api/v1/auth/login", json={"email": email, "password": PASSWORD}).json()
    return client, body["csrf_token"]


def test_enroll_record_complete_and_read_the_outcomes(engine: Engine, tmp_path: Path) -> None:
    app = create_app(engine, secrets_dir=tmp_path / "secrets", public_url="https://onramp.test")
    p = app.state.platform
    admin = p.accounts.principal(
        p.accounts.sign_up("ada@college.example", PASSWORD, "Ada", AccountKind.STAFF)
    )
    college = p.orgs.create(admin, "River College", OrgKind.TRAINING_PROVIDER)
    boss = p.accounts.principal(
        p.accounts.sign_up("bo@shop.example", PASSWORD, "Bo", AccountKind.STAFF)
    )
    shop = p.orgs.create(boss, "Corner Shop", OrgKind.EMPLOYER)
    wanda = p.accounts.sign_up("wanda@mail.example", PASSWORD, "Wanda Diaz")
    with engine.begin() as conn:
        record_confirmed(conn, wanda.id, wanda.email, Proof.LINK)
    admin = p.accounts.principal(admin.user)
    design_id = publish_directly(
        engine, app.state.credentials.issuing, admin, college.id, complete_parts(shop.id)
    )
    public = TestClient(app).get(f"/microcredentials/{design_id}/enroll")
    assert public.status_code == 200
    assert "River College will see your name, your email address and the results" in public.text
    assert "Log in to enroll" in public.text

    worker, worker_csrf = login(app, "wanda@mail.example")
    refused = worker.post(
        f"/microcredentials/{design_id}/enroll",
        data={"csrf_token": worker_csrf, "wage_before": "14"},
    )
    assert refused.status_code == 422 and "agree" in refused.text
    joined = worker.post(
        f"/microcredentials/{design_id}/enroll",
        data={"csrf_token": worker_csrf, "wage_before": "$14.00", "agree": "yes"},
        follow_redirects=False,
    )
    assert joined.status_code == 303 and joined.headers["location"].startswith("/me/microcred")
    mine = worker.get("/me/microcredentials").text
    assert "Data Clerk Basics" in mine and "No checks done yet." in mine

    staff, staff_csrf = login(app, "ada@college.example")
    assert f"/orgs/{college.id}/microcredentials/outcomes" in staff.get("/dashboard").text
    learners = staff.get(f"/microcredentials/{design_id}/delivery").text
    assert "Wanda Diaz" in learners and "wanda@mail.example" in learners
    enrollment_id = learners.split("/microcredentials/enrollments/")[1].split('"')[0]
    record = staff.get(f"/microcredentials/enrollments/{enrollment_id}").text
    assert "Level 3: Work at step 3 of the scale." in record  # the rubric's words
    bad = staff.post(
        f"/microcredentials/enrollments/{enrollment_id}/result",
        data={"csrf_token": staff_csrf, "pair": "a-excel|o-excel", "level": "4"},
    )
    assert bad.status_code == 422 and "has no level 4" in bad.text
    for pair, level in (("a-sql|o-sql", "3"), ("a-excel|o-excel", "2")):
        done = staff.post(
            f"/microcredentials/enrollments/{enrollment_id}/result",
            data={"csrf_token": staff_csrf, "pair": pair, "level": level},
            follow_redirects=False,
        )
        assert done.status_code == 303
    assert done.headers["location"].endswith("saved=completed")
    placed = staff.post(
        f"/microcredentials/enrollments/{enrollment_id}/placement",
        data={
            "csrf_token": staff_csrf,
            "hired": "yes",
            "employer_org_id": shop.id,
            "placed_on": "2027-03-01",
            "wage": "20.00",
            "commitment_id": "c-hire",
        },
        follow_redirects=False,
    )
    assert placed.status_code == 303
    late = staff.post(
        f"/microcredentials/enrollments/{enrollment_id}/placement",
        data={
            "csrf_token": staff_csrf,
            "hired": "yes",
            "employer_org_id": shop.id,
            "placed_on": "2026-06-01",
            "commitment_id": "c-hire",
        },
    )
    assert late.status_code == 422 and "the date is outside it" in late.text

    mine = worker.get("/me/microcredentials").text
    assert "See your credential in your wallet" in mine
    item = mine.split('href="/wallet/')[1].split('"')[0]
    assert "Data Clerk Basics" in worker.get(f"/wallet/{item}").text

    outcomes = staff.get(f"/orgs/{college.id}/microcredentials/outcomes").text
    assert "100%" in outcomes and "$6.00" in outcomes  # median change: 20 - 14
    assert "$20.00" in outcomes  # the median after, of one learner: a median, labeled so
    assert "Wanda" not in outcomes and "wanda@" not in outcomes  # no one named
    assert "1 of 5 hires" in outcomes
    partner, _ = login(app, "bo@shop.example")
    assert partner.get(f"/microcredentials/{design_id}/outcomes").status_code == 200
    assert partner.get(f"/microcredentials/{design_id}/delivery").status_code == 404


def test_the_learners_export_holds_their_microcredentials(engine: Engine, tmp_path: Path) -> None:
    app = create_app(engine, secrets_dir=tmp_path / "secrets", public_url="https://onramp.test")
    p = app.state.platform
    admin = p.accounts.principal(
        p.accounts.sign_up("ada@college.example", PASSWORD, "Ada", AccountKind.STAFF)
    )
    college = p.orgs.create(admin, "River College", OrgKind.TRAINING_PROVIDER)
    admin = p.accounts.principal(admin.user)
    design_id = publish_directly(
        engine, app.state.credentials.issuing, admin, college.id, complete_parts(college.id)
    )
    wanda = p.accounts.principal(p.accounts.sign_up("wanda@mail.example", PASSWORD, "Wanda"))
    app.state.microcredential_delivery.enroll_self(wanda, design_id, agreed=True, wage_before=14)
    exported = p.privacy.export(wanda)["microcredentials"]["enrollments"]
    assert [e["design_name"] for e in exported] == ["Data Clerk Basics"]
    assert exported[0]["wage_before"] == 14 and "results" in exported[0]
    assert p.privacy.export(admin)["microcredentials"] == {"enrollments": []}


def test_staff_record_tuition_support_and_take_a_learner_out(
    engine: Engine, tmp_path: Path
) -> None:
    from datetime import date

    from onramp.market.microcredentials.model import Commitment, CommitmentKind

    app = create_app(engine, secrets_dir=tmp_path / "secrets", public_url="https://onramp.test")
    p = app.state.platform
    admin = p.accounts.principal(
        p.accounts.sign_up("ada@college.example", PASSWORD, "Ada", AccountKind.STAFF)
    )
    college = p.orgs.create(admin, "River College", OrgKind.TRAINING_PROVIDER)
    admin = p.accounts.principal(admin.user)
    parts = complete_parts(college.id)
    tuition = Commitment(
        id="c-tuition",
        org_id=college.id,
        kind=CommitmentKind.TUITION_SUPPORT,
        amount=900,
        starts=date(2027, 1, 1),
        ends=date(2027, 12, 31),
    )
    parts = parts.model_copy(update={"commitments": (*parts.commitments, tuition)})
    design_id = publish_directly(engine, app.state.credentials.issuing, admin, college.id, parts)
    wanda = p.accounts.principal(p.accounts.sign_up("wanda@mail.example", PASSWORD, "Wanda"))
    enrollment = app.state.microcredential_delivery.enroll_self(
        wanda, design_id, agreed=True, wage_before=None
    )
    staff, csrf = login(app, "ada@college.example")
    where = f"/microcredentials/enrollments/{enrollment.id}"
    bad = staff.post(f"{where}/tuition", data={"csrf_token": csrf, "commitment_id": "c-tuition"})
    assert bad.status_code == 422 and "Give the amount" in bad.text
    staff.post(
        f"{where}/tuition", data={"csrf_token": csrf, "commitment_id": "c-tuition", "amount": "300"}
    )
    page = staff.get(where).text
    assert "An employer paid $300.00" in page and page.count('id="tuition-h"') == 1
    out = staff.post(f"{where}/withdraw", data={"csrf_token": csrf}, follow_redirects=False)
    assert out.headers["location"] == f"/microcredentials/{design_id}/delivery?saved=left"
    assert "Left the course." in staff.get(where).text
