"""/api/v1 matching as an HR system and a worker use it: blind candidates, explain, reveal
(audited), an onboarding plan, the adverse-impact audit, and jobs for me."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine

from matching.corner_shop import SERVICE, corner_shop, login
from onramp.platform import audit


def test_an_employer_ranks_blind_reveals_and_plans_and_a_worker_sees_fits(
    engine: Engine, tmp_path: Path
) -> None:
    scene = corner_shop(engine, tmp_path)
    app, job, worker = scene.app, scene.job, scene.worker
    hr, headers = login(app, "bo@shop.example")
    listed = hr.get(f"/api/v1/jobs/{job.id}/candidates").json()
    assert listed["considered"] == 1
    row = listed["candidates"][0]
    assert row["alias"].startswith("Candidate ") and "Wanda" not in str(listed)
    assert worker.user.id not in str(listed) and row["worker_id"] is None  # a handle instead
    assert row["gaps"][0]["skill"] == SERVICE  # level 2 shown, 3 asked
    detail = hr.get(f"/api/v1/jobs/{job.id}/candidates/{row['handle']}").json()
    assert detail["match"]["requirements"][0]["status"] != "unknown"  # it has evidence
    assert worker.user.id not in str(detail) and detail["handle"] == row["handle"]
    revealed = hr.post(f"/api/v1/jobs/{job.id}/candidates/{row['handle']}/reveal", headers=headers)
    assert revealed.status_code == 200 and revealed.json()["name"] == "Wanda Q"
    assert any(e.action == "candidate.reveal" for e in audit.about_worker(engine, worker.user.id))
    made = hr.post(
        f"/api/v1/jobs/{job.id}/candidates/{row['handle']}/plan",
        json={"start": "2027-01-04"},
        headers=headers,
    )
    assert made.status_code == 201 and made.json()["items"][0]["skill"] == SERVICE
    assert made.json()["handle"] == row["handle"] and worker.user.id not in made.text
    plan = hr.get(f"/api/v1/jobs/{job.id}/candidates/{row['handle']}/plan")
    assert plan.json()["plan"]["handle"] == row["handle"] and worker.user.id not in plan.text
    changed = hr.patch(
        f"/api/v1/jobs/{job.id}/candidates/{row['handle']}/plan",
        json={"skill": SERVICE, "weeks": 3, "activity": "program"},
        headers=headers,
    )
    assert changed.json()["items"][0]["check_in"] == "2027-01-25"
    assert worker.user.id not in changed.text
    bad = hr.patch(
        f"/api/v1/jobs/{job.id}/candidates/{row['handle']}/plan",
        json={"skill": SERVICE, "weeks": 0},
        headers=headers,
    )
    assert bad.status_code == 422
    impact = hr.get(f"/api/v1/jobs/{job.id}/adverse-impact?top=1&question=sex").json()
    assert impact["candidates"] == 1 and impact["groups"] == []  # too few to show

    me, _ = login(app, "wanda@mail.example")
    fits = me.get("/api/v1/me/matches").json()["jobs"]
    assert fits[0]["job_id"] == job.id and fits[0]["gaps"]
    assert me.get(f"/api/v1/me/matches/{job.id}").json()["score"] == fits[0]["score"]
    # the worker's order: the score and how much of their skill the job uses (fit)
    assert 0 < fits[0]["fit"] <= 1 and 0 < fits[0]["uses"]["share"] <= 1
    assert fits[0]["uses"]["skills_used"] >= 1 and "proof of" in fits[0]["uses"]["sentence"]
    assert me.get("/api/v1/me/plans").json()["plans"][0]["items"][0]["activity"] == "program"
    # the worker cannot see the candidate list
    assert me.get(f"/api/v1/jobs/{job.id}/candidates").status_code == 403
