"""An employer's blind view names no issuer before a reveal (issue 14, item 4).

A credential's issuer can be a school or a college, which the blind view must not show until a
person in the organization reveals the candidate. Wanda holds a credential from Springfield
Community College (its DID carries the name too), a degree from it, and a class she entered
with the college's name: before the reveal, the employer's JSON (API) and pages say only
whether each issuer is on its trusted list; after it, the names may show. Scores never change,
and the worker still sees her own records with their issuers' names.
"""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "jobs"))

from job_site import PASSWORD, Site  # noqa: E402
from job_site import site as site  # noqa: E402,F401  (the fixture)

from onramp.credentials.issuing import Recipient  # noqa: E402
from onramp.jobs.model import JobDraft, JobState, Requirement  # noqa: E402
from onramp.matching.scoring.evidence import EvidenceKind  # noqa: E402
from onramp.matching.service import EntryDraft  # noqa: E402
from onramp.platform import AccountKind, OrgKind  # noqa: E402
from onramp.platform.model import Principal  # noqa: E402

SERVICE = "urn:onramp:esf:ESF-02"
TEAMWORK = "urn:onramp:esf:ESF-05"
COLLEGE = "Springfield Community College"
DEGREE = "Associate of Applied Science"


def _wanda(site: Site) -> Principal:
    p = site.app.state.platform
    return p.accounts.principal(p.accounts.user_by_email("wanda@mail.example"))


def _college_credentials(site: Site, wanda: Principal) -> tuple[str, list[str]]:
    """A skills credential and a degree from Springfield Community College, in Wanda's wallet:
    (the college's DID, the wallet item ids)."""
    p, credentials = site.app.state.platform, site.app.state.credentials
    dean = p.accounts.principal(
        p.accounts.sign_up("dean@springfield.example", PASSWORD, "Dean", AccountKind.STAFF)
    )
    college = p.orgs.create(dean, COLLEGE, OrgKind.TRAINING_PROVIDER)
    dean = p.accounts.principal(dean.user)
    holder = credentials.wallet.holder_did(wanda)
    badge = credentials.issuing.define(
        dean, college.id, name="Customer care", criteria="Passed the course", skills=[SERVICE]
    )
    degree = credentials.issuing.define(
        dean, college.id, name=DEGREE, criteria="Finished", achievement_type="AssociateDegree"
    )
    for achievement in (badge, degree):
        credentials.issue(dean, college.id, achievement.id, [Recipient(did=holder)])
    items = [i.id for i in credentials.wallet.items(wanda) if i.id != site.item_id]
    did = credentials.wallet.hosting.site.org_did(college.slug)
    return did, items


def _applied(site: Site) -> tuple[str, Principal, str]:
    draft = JobDraft(
        title="Store associate",
        summary="Help people find what they need.",
        requirements=[
            Requirement(skill=SERVICE, label="Serving customers", level=2, must_have=True),
            Requirement(skill=TEAMWORK, label="Working with others", level=2),
        ],
    )
    job = site.jobs.create(site.boss_principal, site.org_id, draft)
    site.jobs.move(site.boss_principal, job.id, JobState.OPEN)
    wanda = _wanda(site)
    did, items = _college_credentials(site, wanda)
    site.app.state.matching.evidence.add(
        wanda,
        EntryDraft(
            EvidenceKind.TRAINING, "Team class", [(TEAMWORK, 2)], issuer=COLLEGE,
            ended_on=date.today(),
        ),
    )  # fmt: skip
    site.jobs.apply(wanda, job.id, items)
    return job.id, wanda, did


def _names_the_college(text: str) -> bool:
    lowered = text.lower()
    return "springfield" in lowered or DEGREE.lower() in lowered


def _pieces(detail: dict[str, Any]) -> list[dict[str, Any]]:
    return [e for r in detail["match"]["requirements"] for e in r["evidence"]]


def test_the_blind_view_says_only_whether_an_issuer_is_trusted_until_a_reveal(
    site: Site,
) -> None:
    job_id, wanda, did = _applied(site)
    api = f"/api/v1/jobs/{job_id}/candidates"
    handle = site.app.state.matching.matching.handles.make(job_id, wanda.user.id)
    page = f"/jobs/{job_id}/candidates/{handle}"

    listed = site.boss.get(api).json()
    detail = site.boss.get(f"{api}/{handle}").json()
    shown = site.boss.get(page).text
    for said in (json.dumps(listed), json.dumps(detail), shown):
        assert not _names_the_college(said)
    assert listed["candidates"][0]["revealed"] is False and detail["revealed"] is False
    pieces = _pieces(detail)
    assert {p["kind"] for p in pieces} == {"credential", "training"}
    assert all(p["issuer"] is None and p["issuer_trusted"] is False for p in pieces)
    assert {p["issuer_words"] for p in pieces} == {"from an issuer not on your trusted list"}
    assert "Customer care" not in shown  # a record's name: only trusted or not is shown
    assert "from an issuer not on your trusted list" in shown
    assert detail["left_out"] == []  # the degree is left out, and holding one is hidden too

    # once the shop trusts the college for the skill, the blind view says so, and no more
    site.app.state.credentials.trust.add(site.boss_principal, site.org_id, did, skills=[SERVICE])
    trusted = site.boss.get(f"{api}/{handle}").json()
    credential = next(p for p in _pieces(trusted) if p["kind"] == "credential")
    assert credential["issuer_trusted"] is True and credential["issuer"] is None
    assert credential["issuer_words"] == "from an issuer you trust"
    assert not _names_the_college(json.dumps(trusted) + site.boss.get(page).text)

    # a person in the organization reveals the candidate: the names may show from then on
    assert site.boss.post(f"{page}/reveal", data={"csrf_token": site.boss_csrf}).status_code == 200
    after = site.boss.get(f"{api}/{handle}").json()
    assert after["revealed"] is True
    assert {p["issuer"] for p in _pieces(after)} == {did, COLLEGE}
    assert any(DEGREE in why for why in after["left_out"])
    again = site.boss.get(page).text
    assert f"from {COLLEGE}, an issuer not on your trusted list" in again
    assert f"from {did}, an issuer you trust" in again
    assert site.boss.get(api).json()["candidates"][0]["revealed"] is True
    assert after["match"]["score"] == trusted["match"]["score"]  # a reveal changes no score
    assert after["match"]["raw"] == trusted["match"]["raw"]


def test_the_worker_still_sees_who_issued_her_own_records(site: Site) -> None:
    job_id, _wanda_p, did = _applied(site)
    skills = site.worker.get("/me/skills").text
    assert COLLEGE in skills
    fits = site.worker.get("/api/v1/me/matches").json()["jobs"]
    mine = next(f for f in fits if f["job_id"] == job_id)
    issuers = {e["issuer"] for r in mine["requirements"] for e in r["evidence"]}
    assert issuers == {did, COLLEGE}
