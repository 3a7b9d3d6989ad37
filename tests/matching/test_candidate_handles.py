"""Opaque candidate handles (decisions/0023): every blind surface names a candidate by a handle
for one job, never by the worker's account id, which the organization sees next to the
worker's name wherever the worker shared with it. A handle from another job, a changed one or
a made-up one is a 404, never a 500 and never another worker; the applicants list is blind
until a reveal, like the candidate list."""

from __future__ import annotations

import secrets
import sys
import uuid
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "jobs"))

from job_site import Site  # noqa: E402
from job_site import site as site  # noqa: E402,F401  (the fixture)

from onramp.errors import NotFoundError  # noqa: E402
from onramp.jobs.model import JobDraft, JobState, Requirement  # noqa: E402
from onramp.matching.blind import EmployerView  # noqa: E402
from onramp.matching.handles import CandidateHandles  # noqa: E402
from onramp.matching.scoring import Contribution, Evidence  # noqa: E402
from onramp.matching.scoring.evidence import EvidenceKind  # noqa: E402

SERVICE = "urn:onramp:esf:ESF-02"


def _handles() -> CandidateHandles:
    return CandidateHandles.from_kek(secrets.token_bytes(32))


def _flip(handle: str, at: int) -> str:
    """The handle with one character changed to another base64url character."""
    swapped = "B" if handle[at] == "A" else "A"
    return handle[:at] + swapped + handle[at + 1 :]


def test_a_handle_is_stable_for_its_job_and_reads_back_to_its_worker() -> None:
    handles = _handles()
    worker = str(uuid.uuid4())
    first = handles.make("job-a", worker)
    assert first == handles.make("job-a", worker)  # the same link every time
    assert handles.resolve("job-a", first) == worker
    assert worker not in first and worker.replace("-", "") not in first
    assert handles.resolve("job-a", handles.make("job-a", "not-a-uuid")) == "not-a-uuid"


def test_a_handle_for_one_job_is_unrelated_to_and_useless_for_another() -> None:
    handles = _handles()
    worker = str(uuid.uuid4())
    for_a, for_b = handles.make("job-a", worker), handles.make("job-b", worker)
    assert for_a != for_b and for_a[:8] != for_b[:8]
    with pytest.raises(NotFoundError):
        handles.resolve("job-b", for_a)


def test_a_changed_or_made_up_handle_names_no_one() -> None:
    handles = _handles()
    good = handles.make("job-a", str(uuid.uuid4()))
    bad = [
        *(_flip(good, at) for at in (0, len(good) // 2, len(good) - 2)),
        good + "A",
        good[:-1],
        good + "=",  # another spelling of the same bytes is refused too
        "",
        "not a handle",
        "A" * 5000,
        str(uuid.uuid4()),  # an account id is not a handle
    ]
    for given in bad:
        with pytest.raises(NotFoundError):
            handles.resolve("job-a", given)
    with pytest.raises(NotFoundError):  # a handle made under another key
        _handles().resolve("job-a", good)


def test_an_alias_cannot_be_worked_out_from_a_worker_id() -> None:
    """The alias comes from the keyed handle: knowing the job and the worker's id (as the
    organization does) is not enough to tell which alias is whose."""
    workers = [str(uuid.uuid4()) for _ in range(6)]
    one, other = _handles(), _handles()
    assert [one.alias("job-a", w) for w in workers] != [other.alias("job-a", w) for w in workers]
    assert all(one.alias("job-a", w).startswith("Candidate ") for w in workers)


def _applied_job(site: Site, title: str = "Store associate") -> str:
    draft = JobDraft(
        title=title,
        summary="Help people find what they need and keep the shelves full.",
        requirements=[Requirement(skill=SERVICE, label="Serving customers", level=3)],
    )
    job = site.jobs.create(site.boss_principal, site.org_id, draft)
    site.jobs.move(site.boss_principal, job.id, JobState.OPEN)
    p = site.app.state.platform
    wanda = p.accounts.principal(p.accounts.user_by_email("wanda@mail.example"))
    site.jobs.apply(wanda, job.id, [site.item_id])
    return job.id


def test_blind_api_and_pages_carry_handles_and_refuse_foreign_or_changed_ones(
    site: Site,
) -> None:
    job_a, job_b = _applied_job(site), _applied_job(site, "Stock clerk")
    handles = site.app.state.matching.matching.handles
    mine = handles.make(job_a, site.worker_id)
    listed = site.boss.get(f"/api/v1/jobs/{job_a}/candidates")
    assert listed.json()["candidates"][0]["handle"] == mine
    assert site.worker_id not in listed.text and "Wanda" not in listed.text
    detail = site.boss.get(f"/api/v1/jobs/{job_a}/candidates/{mine}")
    assert detail.status_code == 200 and site.worker_id not in detail.text
    page = site.boss.get(f"/jobs/{job_a}/candidates")
    assert f"/jobs/{job_a}/candidates/{mine}" in page.text and site.worker_id not in page.text
    # job A's handle names no one for job B, though Wanda applied to both; nor does an id
    for path in (f"/jobs/{job_b}/candidates/{mine}", f"/jobs/{job_a}/candidates/{site.worker_id}"):
        for url in (f"/api/v1{path}", path, f"{path}/plan", f"/api/v1{path}/plan"):
            assert site.boss.get(url).status_code == 404, url
        shown = site.boss.post(f"/api/v1{path}/reveal", headers={"x-csrf-token": site.boss_csrf})
        assert shown.status_code == 404 and "no such candidate" in shown.text.lower()
    changed = _flip(mine, len(mine) // 2)
    assert site.boss.get(f"/api/v1/jobs/{job_a}/candidates/{changed}").status_code == 404
    made = site.boss.post(
        f"/jobs/{job_a}/candidates/{changed}/plan", data={"csrf_token": site.boss_csrf}
    )
    assert made.status_code == 404  # no plan for no one
    assert site.app.state.matching.plans.get(site.boss_principal, job_a, site.worker_id) is None
    # nothing was revealed by any of it
    assert not site.boss.get(f"/api/v1/jobs/{job_a}/candidates/{mine}").json()["revealed"]


def test_the_applicants_page_is_blind_until_a_reveal_for_that_job(site: Site) -> None:
    job_a, job_b = _applied_job(site), _applied_job(site, "Stock clerk")
    handles = site.app.state.matching.matching.handles
    page_a = f"/orgs/{site.org_id}/jobs/{job_a}/applicants"
    before = site.boss.get(page_a)
    assert before.status_code == 200
    assert handles.alias(job_a, site.worker_id) in before.text
    assert f"/jobs/{job_a}/candidates/{handles.make(job_a, site.worker_id)}" in before.text
    assert "Wanda" not in before.text and site.worker_id not in before.text
    assert "/presentations/" not in before.text and "/workers/" not in before.text
    assert before.text.count("Hidden until you reveal them") == 2  # the name, and when

    mine = handles.make(job_a, site.worker_id)
    site.boss.post(f"/jobs/{job_a}/candidates/{mine}/reveal", data={"csrf_token": site.boss_csrf})
    after = site.boss.get(page_a)
    assert "Wanda Worker" in after.text and "Hidden until you reveal them" not in after.text
    assert f"/orgs/{site.org_id}/workers/{site.worker_id}" in after.text
    # a reveal is for one job: the other job's applicants stay blind
    other = site.boss.get(f"/orgs/{site.org_id}/jobs/{job_b}/applicants")
    assert "Wanda" not in other.text and site.worker_id not in other.text


def test_the_organizations_activity_log_names_a_candidate_only_after_a_reveal(
    site: Site,
) -> None:
    """Opening a blind candidate and starting their plan are logged; the organization's log
    must not name them then, or its newest line would join the alias to a name."""
    job_id = _applied_job(site)
    mine = site.app.state.matching.matching.handles.make(job_id, site.worker_id)
    base = f"/jobs/{job_id}/candidates/{mine}"
    assert site.boss.get(base).status_code == 200
    site.boss.post(f"{base}/plan", data={"csrf_token": site.boss_csrf})
    log = site.boss.get(f"/orgs/{site.org_id}/audit").text
    assert "looked at the proof of skills a candidate shared" in log
    assert "a plan to help a candidate learn a new job" in log
    # that she applied and shares is hers to tell the organization; what it did to which alias
    # is not, until a reveal
    assert "proof of skills Wanda" not in log and "help Wanda" not in log
    site.boss.post(f"{base}/reveal", data={"csrf_token": site.boss_csrf})
    log = site.boss.get(f"/orgs/{site.org_id}/audit").text
    assert "saw the name and details of Wanda Worker" in log
    assert "a plan to help Wanda Worker learn a new job" in log  # revealed for this job now


def test_a_blind_view_gives_each_piece_of_evidence_a_keyed_id() -> None:
    """A piece's own id hashes what it is (skill, level, kind, date, and a source such as a
    wallet item id the organization saw shared by a named worker): shown blind, it could be
    worked out and matched. Before a reveal it is keyed per job and candidate instead."""
    piece = Contribution(
        Evidence(SERVICE, 3, EvidenceKind.CREDENTIAL, True, source="wallet:item-1"), 0.8, {}
    )
    handles = _handles()
    blind = EmployerView(
        lambda _i, _s: False, False, lambda own: handles.evidence_id("job-a", "w", own)
    )
    shown = blind.evidence_json(piece)["id"]
    assert shown != piece.evidence.id
    assert shown == handles.evidence_id("job-a", "w", piece.evidence.id)
    assert shown != handles.evidence_id("job-b", "w", piece.evidence.id)  # unlinkable by job
    assert shown != _handles().evidence_id("job-a", "w", piece.evidence.id)  # keyed
    assert EmployerView(lambda _i, _s: False).evidence_json(piece)["id"] is None  # fail closed
    revealed = EmployerView(lambda _i, _s: False, True).evidence_json(piece)
    assert revealed["id"] == piece.evidence.id


def test_no_candidate_route_takes_an_account_id(site: Site) -> None:
    """Every employer route about a job's candidate names them by handle (decisions/0023)."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "platform"))
    from test_isolation_matrix import app_routes

    paths = {path for _method, path in app_routes(site.app)}
    about_candidates = [p for p in paths if "/candidates/" in p]
    assert about_candidates and all("{handle}" in p for p in about_candidates), about_candidates
    assert not [p for p in about_candidates if "worker" in p]
