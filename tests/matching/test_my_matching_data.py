"""A worker's account export carries their matching data, and deleting the account deletes it
(SQLite and PostgreSQL): their evidence entries, the details a blind view hides, the
demographic answers they volunteered, the onboarding plans made for them, who revealed them,
and their profile vector."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlalchemy import Engine, select

from matching.corner_shop import PASSWORD, SERVICE, corner_shop, login
from onramp.matching.personal import Schooling
from onramp.store import matching_tables as m


def test_the_export_carries_matching_data_and_deletion_removes_it(
    engine: Engine, tmp_path: Path
) -> None:
    scene = corner_shop(engine, tmp_path)
    app, boss, shop, job, worker = scene.app, scene.boss, scene.shop, scene.job, scene.worker
    services = app.state.matching
    services.personal.update_details(
        worker, birth_year=1990, education=[Schooling("Dayton High", "Diploma", 2008)]
    )
    services.personal.give_demographics(worker, {"veteran": ["no"]}, consent=True)
    services.personal.reveal(boss, job.id, worker.user.id)
    services.plans.create(boss, job.id, worker.user.id, date(2027, 1, 4))

    client, headers = login(app, "wanda@mail.example")
    exported = client.get("/api/v1/users/me/export").json()
    mine = exported["matching"]
    assert [e["title"] for e in mine["evidence"]] == ["Till check"]
    assert mine["evidence"][0]["skills"][0]["skill"] == SERVICE
    assert mine["personal_details"]["birth_year"] == 1990
    assert mine["personal_details"]["education"][0]["school"] == "Dayton High"
    assert mine["demographics"]["answers"] == {"veteran": ["no"]}
    assert [plan["job_id"] for plan in mine["onboarding_plans"]] == [job.id]
    (reveal,) = mine["reveals"]
    assert reveal["by"] == boss.user.id and reveal["job_id"] == job.id
    assert reveal["org_id"] == shop.id and "Bo saw the name and details of you" in reveal["text"]
    # the page export is the same use case
    page = client.get("/me/export")
    assert page.status_code == 200 and '"reveals"' in page.text
    # a staff account has no matching data of its own
    hr, _ = login(app, "bo@shop.example")
    assert hr.get("/api/v1/users/me/export").json()["matching"] == {}

    services.vectors.refresh()  # a profile vector exists for the worker now
    with engine.connect() as conn:
        assert conn.execute(select(m.profile_vectors)).first() is not None
    gone = client.request(
        "DELETE", "/api/v1/users/me", json={"password": PASSWORD}, headers=headers
    )
    assert gone.status_code == 204
    with engine.connect() as conn:
        for table in (
            m.evidence_entries,
            m.evidence_skills,
            m.onboarding_plans,
            m.profile_vectors,
        ):
            assert conn.execute(select(table)).first() is None, table.name
