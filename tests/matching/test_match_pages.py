"""The matching pages through the real app, with plain form posts: the employer's blind
candidate list and one candidate explained, a reveal that is audited and never kept, the
onboarding plan made and edited item by item (bad input loses nothing), and the worker's
"jobs for me" and plans. The browser test (tests/browser/test_match_flows.py) runs the same
flow with axe-core."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "jobs"))

from job_site import PASSWORD, Site  # noqa: E402
from job_site import site as site  # noqa: E402,F401  (the fixture)

from onramp.jobs.model import JobDraft, JobState, Requirement  # noqa: E402
from onramp.matching.candidates import alias  # noqa: E402
from onramp.matching.personal import Schooling  # noqa: E402
from onramp.matching.scoring.evidence import EvidenceKind  # noqa: E402
from onramp.matching.scoring.words import Fit  # noqa: E402
from onramp.matching.service import EntryDraft  # noqa: E402
from onramp.platform import audit  # noqa: E402
from onramp.platform.audit_actions import AuditAction  # noqa: E402
from onramp.platform.model import Principal  # noqa: E402

SERVICE = "urn:onramp:esf:ESF-02"
TEAMWORK = "urn:onramp:esf:ESF-05"


def _job(site: Site) -> str:
    draft = JobDraft(
        title="Store associate",
        summary="Help people find what they need and keep the shelves full.",
        requirements=[
            Requirement(skill=SERVICE, label="Serving customers", level=3, must_have=True),
            Requirement(
                skill=TEAMWORK,
                label="Working with others",
                level=2,
                must_have=False,
                learnable_weeks=4,
            ),
        ],
    )
    job = site.jobs.create(site.boss_principal, site.org_id, draft)
    site.jobs.move(site.boss_principal, job.id, JobState.OPEN)
    return job.id


def _wanda(site: Site) -> Principal:
    p = site.app.state.platform
    return p.accounts.principal(p.accounts.user_by_email("wanda@mail.example"))


def _applied(site: Site) -> tuple[str, Principal, Principal]:
    """A job; Wanda with a skills test the shop recorded, Sam with only his own word; both
    applied."""
    job_id = _job(site)
    books = site.app.state.matching.evidence
    wanda = _wanda(site)
    p = site.app.state.platform
    sam = p.accounts.principal(p.accounts.sign_up("sam@mail.example", PASSWORD, "Sam Claimer"))
    books.rate_essential_skills(sam, {SERVICE: 4, TEAMWORK: 4})
    site.jobs.apply(wanda, job_id, [])
    site.jobs.apply(sam, job_id, [])
    books.record(
        site.boss_principal,
        site.org_id,
        wanda.user.id,
        EntryDraft(EvidenceKind.ASSESSMENT, "Service check", [(SERVICE, 3)], ended_on=date.today()),
    )
    return job_id, wanda, sam


def test_the_employer_sees_candidates_blind_and_a_reveal_is_audited_each_time(
    site: Site,
) -> None:
    job_id, wanda, sam = _applied(site)
    site.app.state.matching.personal.update_details(
        wanda,
        birth_year=1990,
        address="12 Elm Street, Dayton",
        education=[Schooling("Lakeside High School", "Diploma", 2008)],
    )
    hidden = ("Wanda", "Sam Claimer", "wanda@mail.example", "Elm Street", "Lakeside", "Diploma")
    listed = site.boss.get(f"/jobs/{job_id}/candidates")
    assert listed.status_code == 200
    for who in (wanda, sam):
        assert alias(job_id, who.user.id) in listed.text
    for name in hidden:
        assert name not in listed.text
    assert "out of 100" in listed.text and "Must-haves met: 0 of 1." in listed.text
    first = listed.text.index("#1")
    assert listed.text.index(alias(job_id, wanda.user.id)) < first < listed.text.index("#2")
    assert "Working with others (level 2)" in listed.text  # a top gap
    # the org's jobs list and the dashboard lead to the blind list first
    assert f'href="/jobs/{job_id}/candidates"' in site.boss.get(f"/orgs/{site.org_id}/jobs").text
    assert f'href="/jobs/{job_id}/candidates"' in site.boss.get("/dashboard").text
    builder = site.boss.get(f"/orgs/{site.org_id}/jobs/{job_id}/edit").text
    assert f'href="/jobs/{job_id}/candidates"' in builder

    url = f"/jobs/{job_id}/candidates/{wanda.user.id}"
    detail = site.boss.get(url)
    assert detail.status_code == 200
    assert not [name for name in hidden if name in detail.text]
    # what the employer itself recorded counts as from a trusted issuer: met at level 3
    assert "Met: the proof shows this skill at the level the job asks for." in detail.text
    assert "Skills test at level 3: checked" in detail.text and "from did:web:" in detail.text
    assert "Learnable on the job" in detail.text
    assert "You said this can be learned on the job in about 4 weeks." in detail.text

    refused = site.boss.post(f"{url}/reveal", data={})  # no CSRF token: refused
    assert refused.status_code == 403
    shown = site.boss.post(f"{url}/reveal", data={"csrf_token": site.boss_csrf})
    assert shown.status_code == 200
    assert "Wanda Worker" in shown.text and "This reveal was logged." in shown.text
    assert (
        "12 Elm Street, Dayton" in shown.text
        and "Lakeside High School, Diploma (2008)" in shown.text
    )
    assert "Wanda" not in site.boss.get(url).text  # never kept: another look is another reveal
    site.boss.post(f"{url}/reveal", data={"csrf_token": site.boss_csrf})
    reveals = [
        e
        for e in audit.about_worker(site.app.state.engine, wanda.user.id)
        if e.action == AuditAction.CANDIDATE_REVEAL
    ]
    assert len(reveals) == 2

    # a worker, and an anonymous caller, cannot see the list
    assert site.worker.get(f"/jobs/{job_id}/candidates").status_code == 403
    assert (
        site.worker.post(f"{url}/reveal", data={"csrf_token": site.worker_csrf}).status_code == 403
    )
    anon = site.anon.get(
        f"/jobs/{job_id}/candidates", headers={"accept": "text/html"}, follow_redirects=False
    )
    assert anon.status_code == 303 and anon.headers["location"].startswith("/login")


def test_an_onboarding_plan_is_made_and_edited_item_by_item(site: Site) -> None:
    job_id, wanda, _sam = _applied(site)
    base = f"/jobs/{job_id}/candidates/{wanda.user.id}"
    made = site.boss.post(
        f"{base}/plan", data={"csrf_token": site.boss_csrf}, follow_redirects=False
    )
    assert made.status_code == 303 and made.headers["location"] == f"{base}/plan"
    again = site.boss.post(
        f"{base}/plan", data={"csrf_token": site.boss_csrf}, follow_redirects=False
    )
    assert again.status_code == 303  # a second click leads to the same plan
    page = site.boss.get(f"{base}/plan")
    assert page.status_code == 200 and "Working with others" in page.text
    assert 'value="on_the_job" selected' in page.text  # learnable on the job: an on-the-job task
    assert "See the onboarding plan" in site.boss.get(base).text

    form = {
        "csrf_token": site.boss_csrf,
        "skill": TEAMWORK,
        "activity": "mentor",
        "weeks": "lots",
        "state": "started",
        "note": "Pair with Lee on Mondays.",
    }
    bad = site.boss.post(f"{base}/plan/items", data=form)
    assert bad.status_code == 422
    assert "whole number" in bad.text and "Pair with Lee on Mondays." in bad.text
    assert 'value="lots"' in bad.text  # what was typed is still there
    plans = site.app.state.matching.plans
    stored = plans.get(site.boss_principal, job_id, wanda.user.id)
    assert stored is not None
    item = next(i for i in stored.plan.items if i.skill == TEAMWORK)
    assert (item.weeks, item.note) == (4, "")  # nothing saved from the bad form
    too_long = site.boss.post(f"{base}/plan/items", data=form | {"weeks": "500"})
    assert too_long.status_code == 422 and "2 to 104 weeks" in too_long.text

    saved = site.boss.post(f"{base}/plan/items", data=form | {"weeks": "6"}, follow_redirects=False)
    assert saved.status_code == 303
    stored = plans.get(site.boss_principal, job_id, wanda.user.id)
    assert stored is not None
    item = next(i for i in stored.plan.items if i.skill == TEAMWORK)
    assert (item.activity.value, item.weeks, item.state.value) == ("mentor", 6, "started")
    assert item.note == "Pair with Lee on Mondays."

    # the worker reads it, with no form to change it; another worker cannot reach it
    mine = site.worker.get("/me/plans")
    assert mine.status_code == 200
    assert "Store associate" in mine.text and "Pair with Lee on Mondays." in mine.text
    assert "<form" not in mine.text.split("<main", 1)[1]
    assert site.worker.get(f"{base}/plan").status_code == 403
    assert 'href="/me/plans"' in site.worker.get("/dashboard").text


def test_jobs_for_me_say_why_and_what_is_missing(site: Site) -> None:
    job_id = _job(site)
    empty = site.worker.get("/me/jobs-for-me")  # Wanda's badge names no skill yet
    assert empty.status_code == 200
    assert "You have not added proof of your skills yet" in empty.text
    assert 'href="/me/skills"' in empty.text
    assert 'href="/me/jobs-for-me"' in site.worker.get("/dashboard").text

    site.app.state.matching.evidence.add(
        _wanda(site),
        EntryDraft(EvidenceKind.TRAINING, "Service class", [(SERVICE, 3)], issuer="River College"),
    )
    page = site.worker.get("/me/jobs-for-me")
    assert page.status_code == 200
    assert "Store associate" in page.text and "Why it fits" in page.text
    assert "What is missing" in page.text and "you can learn this on the job" in page.text
    assert "when it uses more of your skills" in page.text  # how the list is ordered
    assert "This job asks for the one skill you have proof of." in page.text
    assert f'href="/me/applications/{job_id}"' in page.text
    assert f'href="/jobs/{job_id}"' in page.text
    # an employer has no "jobs for me"
    assert site.boss.get("/me/jobs-for-me").status_code == 403


def test_a_score_in_words_rises_with_the_score() -> None:
    scores = [0.0, 0.29, 0.3, 0.59, 0.6, 0.79, 0.8, 1.0]
    said = [Fit.of(s) for s in scores]
    assert said == [
        Fit.WEAK,
        Fit.WEAK,
        Fit.SOME,
        Fit.SOME,
        Fit.GOOD,
        Fit.GOOD,
        Fit.STRONG,
        Fit.STRONG,
    ]
