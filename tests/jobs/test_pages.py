"""The job pages with no script (plain form posts): building and saving a job, publishing
refused while an error finding stands, the public page and its JSON-LD, applying, the
applicants list, and withdrawing. The browser test (tests/browser/test_job_flows.py) covers
live linting."""

from __future__ import annotations

import json
import re
from html import unescape
from typing import Any

from job_site import Site

from onramp.jobs.model import JobState
from onramp.jobs.publish import schema_org

ESF = "urn:onramp:esf:ESF-02"


def _edit_form(csrf: str, **changes: Any) -> dict[str, Any]:
    form: dict[str, Any] = {
        "csrf_token": csrf,
        "title": "Store associate",
        "summary": "Help people find what they need. Keep the shelves full.",
        "duties": "Help people at the till\nFill the shelves",
        "pay_low": "17",
        "pay_high": "19.50",
        "pay_period": "hour",
        "schedule": "part_time",
        "workplace": "on_site",
        "location": "Dayton, OH",
        "career_level": "entry",
        "values": "Care: we check on each other; we ask for help",
        "req_count": "1",
        "req-0-label": "Customer service",
        "req-0-skill": ESF,
        "req-0-level": "2",
        "req-0-must": "1",
        "req-0-weeks": "2",
        "req-0-evidence": ["credential", "attestation"],
    }
    return form | changes


def _new_job(site: Site, title: str = "Store associate") -> str:
    answer = site.boss.post(
        f"/orgs/{site.org_id}/jobs/new",
        data={"csrf_token": site.boss_csrf, "title": title},
        follow_redirects=False,
    )
    assert answer.status_code == 303, answer.text
    found = re.search(r"/jobs/([0-9a-f-]+)/edit$", answer.headers["location"])
    assert found is not None
    return found.group(1)


def test_a_job_is_built_and_saved_with_plain_form_posts(site: Site) -> None:
    job_id = _new_job(site)
    url = f"/orgs/{site.org_id}/jobs/{job_id}/edit"
    saved = site.boss.post(url, data=_edit_form(site.boss_csrf), follow_redirects=False)
    assert saved.status_code == 303
    draft = site.stored(job_id).draft
    assert draft.pay is not None and (draft.pay.low, draft.pay.high) == (17, 19.5)
    assert draft.duties == ("Help people at the till", "Fill the shelves")
    assert draft.values[0].behaviours == ("we check on each other", "we ask for help")
    (req,) = draft.requirements
    assert (req.skill, req.level, req.must_have, req.learnable_weeks) == (ESF, 2, True, 2)
    assert [e.value for e in req.evidence] == ["credential", "attestation"]
    page = site.boss.get(url)
    assert page.status_code == 200
    assert 'name="req-0-skill" value="urn:onramp:esf:ESF-02"' in page.text
    # a new row is added, and the first is removed
    changes = {
        "req_count": "2",
        "req-0-known": "1",
        "req-0-remove": "1",
        "req-1-label": "Counting money",
        "req-1-skill": "urn:onramp:esf:ESF-05",
        "req-1-level": "1",
    }
    site.boss.post(url, data=_edit_form(site.boss_csrf, **changes))
    (req,) = site.stored(job_id).draft.requirements
    assert (req.label, req.level, req.must_have, req.evidence) == ("Counting money", 1, False, ())


def test_a_bad_form_is_shown_again_as_typed_and_nothing_is_lost(site: Site) -> None:
    job_id = _new_job(site)
    url = f"/orgs/{site.org_id}/jobs/{job_id}/edit"
    answer = site.boss.post(
        url, data=_edit_form(site.boss_csrf, pay_low="lots", summary="My own words here.")
    )
    assert answer.status_code == 422
    assert "“lots” is not an amount of money." in unescape(answer.text)
    assert "My own words here." in answer.text
    assert site.stored(job_id).draft.summary == ""  # the stored job did not change


def test_publishing_is_refused_inline_while_an_error_finding_stands(site: Site) -> None:
    job_id = _new_job(site)
    edit = f"/orgs/{site.org_id}/jobs/{job_id}/edit"
    summary = "You must be a digital native."
    site.boss.post(edit, data=_edit_form(site.boss_csrf, summary=summary))
    page = site.boss.get(edit)
    assert "Must fix" in page.text and "digital native" in page.text
    publish = {"csrf_token": site.boss_csrf, "state": "open", "back": "edit"}
    refused = site.boss.post(f"/orgs/{site.org_id}/jobs/{job_id}/state", data=publish)
    assert refused.status_code == 422
    assert 'role="alert" id="state-error"' in refused.text
    assert "Fix these before you publish" in unescape(refused.text)
    assert site.stored(job_id).state is JobState.DRAFT
    assert site.anon.get(f"/jobs/{job_id}").status_code == 404  # a draft is not public
    site.boss.post(edit, data=_edit_form(site.boss_csrf))
    done = site.boss.post(
        f"/orgs/{site.org_id}/jobs/{job_id}/state", data=publish, follow_redirects=False
    )
    assert done.status_code == 303
    assert site.stored(job_id).state is JobState.OPEN
    listed = site.anon.get("/jobs")
    assert f'href="/jobs/{job_id}"' in listed.text


def test_the_public_page_embeds_the_job_posting_safely(site: Site) -> None:
    title = "Cook </script><script>alert(1)</script> & helper"
    job_id = _new_job(site, title)
    site.boss.post(
        f"/orgs/{site.org_id}/jobs/{job_id}/edit", data=_edit_form(site.boss_csrf, title=title)
    )
    site.boss.post(
        f"/orgs/{site.org_id}/jobs/{job_id}/state",
        data={"csrf_token": site.boss_csrf, "state": "open"},
    )
    page = site.anon.get(f"/jobs/{job_id}")
    assert page.status_code == 200
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page.text, re.S)
    assert len(blocks) == 1
    assert "<script>alert" not in page.text
    job = site.jobs.public(job_id)
    assert json.loads(blocks[0]) == schema_org(job, f"http://testserver/jobs/{job_id}")
    assert "What you need" in page.text and "Pay" in page.text and "What we value" in page.text


def test_a_worker_applies_the_employer_sees_them_and_loses_them_on_withdrawal(
    site: Site,
) -> None:
    job_id = _new_job(site)
    site.boss.post(f"/orgs/{site.org_id}/jobs/{job_id}/edit", data=_edit_form(site.boss_csrf))
    site.boss.post(
        f"/orgs/{site.org_id}/jobs/{job_id}/state",
        data={"csrf_token": site.boss_csrf, "state": "open"},
    )
    form = site.worker.get(f"/me/applications/{job_id}")
    assert f'value="{site.item_id}"' in form.text
    sent = site.worker.post(
        f"/me/applications/{job_id}",
        data={"csrf_token": site.worker_csrf, "item_ids": site.item_id},
        follow_redirects=False,
    )
    assert sent.status_code == 303
    assert "You applied on" in site.worker.get(f"/me/applications/{job_id}").text
    assert "Store associate" in site.worker.get("/me/applications").text
    applicants = f"/orgs/{site.org_id}/jobs/{job_id}/applicants"
    listed = site.boss.get(applicants)
    worker_page = f"/orgs/{site.org_id}/workers/{site.worker_id}"
    # blind until a reveal (decisions/0023): the alias links to the candidate, no name or id
    assert "Wanda" not in listed.text and site.worker_id not in listed.text
    handles = site.app.state.matching.matching.handles
    candidate = f"/jobs/{job_id}/candidates/{handles.make(job_id, site.worker_id)}"
    assert handles.alias(job_id, site.worker_id) in listed.text and candidate in listed.text
    assert "/presentations/" not in listed.text  # what they shared would name them
    site.boss.post(f"{candidate}/reveal", data={"csrf_token": site.boss_csrf})
    listed = site.boss.get(applicants)
    assert "Wanda Worker" in listed.text and worker_page in listed.text
    assert "1 credential(s)" in listed.text and "/presentations/" in listed.text
    assert site.boss.get(worker_page).status_code == 200
    # both dashboards show the job: the employer with its count, the worker their application
    assert "1 applicant(s)" in site.boss.get("/dashboard").text
    assert f'href="/me/applications/{job_id}"' in site.worker.get("/dashboard").text
    site.worker.post(f"/me/applications/{job_id}/withdraw", data={"csrf_token": site.worker_csrf})
    assert "Wanda Worker" not in site.boss.get(applicants).text
    assert site.boss.get(worker_page).status_code == 403


def test_an_imported_posting_becomes_a_draft_to_review(site: Site) -> None:
    posting = (
        "Cashier\n\nRequirements:\n- Bachelor's degree required.\n"
        "- 3+ years of experience in customer service.\n- Count money and use a cash register.\n"
    )
    answer = site.boss.post(
        f"/orgs/{site.org_id}/jobs/import",
        data={"csrf_token": site.boss_csrf},
        files={"file": ("posting.txt", posting.encode(), "text/plain")},
    )
    assert answer.status_code == 200, answer.text[:500]
    text = unescape(answer.text)
    assert "We did not copy it as a requirement." in text  # the degree became a note
    (job,) = site.jobs.for_org(site.boss_principal, site.org_id)  # nothing published
    assert job.state is JobState.DRAFT and job.draft.title == "Cashier"
    pasted = site.boss.post(
        f"/orgs/{site.org_id}/jobs/import",
        data={"csrf_token": site.boss_csrf, "pasted": "Baker\n\nRequirements:\n- Bake bread."},
    )
    assert pasted.status_code == 200 and "We made a draft." in pasted.text
    assert len(site.jobs.for_org(site.boss_principal, site.org_id)) == 2
    empty = site.boss.post(f"/orgs/{site.org_id}/jobs/import", data={"csrf_token": site.boss_csrf})
    assert empty.status_code == 422
    assert "Paste the posting or choose a file." in empty.text
