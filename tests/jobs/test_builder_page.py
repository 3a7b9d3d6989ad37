"""The builder page with no script: a new draft is made once (Post/Redirect/Get, so a reload
makes no second draft) and keeps its notes across the redirect; the job's history shows each
change of state with its date and who made it; and each finding is shown once, beside the part
it is about (the list static/jobs.js replaces in place)."""

from __future__ import annotations

import re
import sys
from html import unescape
from pathlib import Path

import pytest
from job_site import Site
from sqlalchemy import Engine
from test_pages import _edit_form, _new_job

from onramp.taxonomy import import_onet

from support import shared

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "taxonomy"))
from onet_files import write_mini_onet  # noqa: E402

POSTING = "Cashier\n\nRequirements:\n- Bachelor's degree required.\n- Count money.\n"


def _job_of(location: str) -> str:
    found = re.fullmatch(r"/orgs/[0-9a-f-]+/jobs/([0-9a-f-]+)/edit\?created=1", location)
    assert found is not None, location
    return found.group(1)


def test_an_imported_posting_redirects_and_a_reload_makes_no_second_draft(site: Site) -> None:
    sent = site.boss.post(
        f"/orgs/{site.org_id}/jobs/import",
        data={"csrf_token": site.boss_csrf, "pasted": POSTING},
        follow_redirects=False,
    )
    assert sent.status_code == 303, sent.text[:300]
    builder = sent.headers["location"]
    job_id = _job_of(builder)
    for _reload in range(2):
        page = site.boss.get(builder)
        assert page.status_code == 200
        text = unescape(page.text)
        assert "We made a draft." in text
        # the importer's note came across the redirect, stored with the draft
        assert "The posting asked for “Bachelor's degree”" in text, text[text.find("<h1") :][:1500]
    (job,) = site.jobs.for_org(site.boss_principal, site.org_id)
    assert job.id == job_id


def test_a_draft_from_an_occupation_redirects_with_its_notes(
    site: Site, engine: Engine, tmp_path: Path
) -> None:
    onet = write_mini_onet(
        shared("onet", "29.3"), tmp_path / "onet", with_optional=False, keep=("35-9021.00",)
    )
    import_onet(engine, onet)
    sent = site.boss.post(
        f"/orgs/{site.org_id}/jobs/new",
        data={"csrf_token": site.boss_csrf, "occupation": "35-9021.00"},
        follow_redirects=False,
    )
    assert sent.status_code == 303, sent.text[:300]
    job_id = _job_of(sent.headers["location"])
    page = site.boss.get(sent.headers["location"])
    assert "Proposed from" in page.text and "Dishwashers" in page.text
    assert [j.id for j in site.jobs.for_org(site.boss_principal, site.org_id)] == [job_id]
    # the notes are for the draft's review: once it is published they are no longer shown
    edit = f"/orgs/{site.org_id}/jobs/{job_id}/edit"
    site.boss.post(edit, data=_edit_form(site.boss_csrf, title="Dishwasher"))
    site.boss.post(
        f"/orgs/{site.org_id}/jobs/{job_id}/state",
        data={"csrf_token": site.boss_csrf, "state": "open"},
    )
    assert "Proposed from" not in site.boss.get(edit).text


def test_the_history_shows_each_change_its_date_and_who_made_it(site: Site) -> None:
    job_id = _new_job(site)
    edit = f"/orgs/{site.org_id}/jobs/{job_id}/edit"
    site.boss.post(edit, data=_edit_form(site.boss_csrf))
    for state in ("open", "paused"):
        moved = site.boss.post(
            f"/orgs/{site.org_id}/jobs/{job_id}/state",
            data={"csrf_token": site.boss_csrf, "state": state, "back": "edit"},
            follow_redirects=False,
        )
        assert moved.status_code == 303
    page = site.boss.get(edit).text
    table = page.split('id="history-h"', 1)[1].split("</table>", 1)[0]
    rows = re.findall(
        r"<tr><td><time datetime=\"([^\"]+)\">.*?</td>\s*<td>(.*?)</td>\s*<td>(.*?)</td>",
        table,
        re.S,
    )
    history = site.stored(job_id).history
    assert [(at, what, who) for at, what, who in rows] == [
        (history[0].at.isoformat(), "Made as a draft", "Bo"),
        (history[1].at.isoformat(), "Became open", "Bo"),
        (history[2].at.isoformat(), "Became paused", "Bo"),
    ]


@pytest.mark.parametrize("reload", [False, True])
def test_each_finding_is_shown_once_beside_its_part(site: Site, reload: bool) -> None:
    job_id = _new_job(site)
    edit = f"/orgs/{site.org_id}/jobs/{job_id}/edit"
    form = _edit_form(
        site.boss_csrf, summary="You must be a digital native.", pay_low="", pay_high=""
    )
    answer = site.boss.post(edit, data=form)
    page = site.boss.get(edit).text if reload else answer.text

    def box(name: str) -> str:
        found = re.search(
            rf'<div class="lint-findings" id="job-{name}-lint"[^>]*>(.*?)</div>', page, re.S
        )
        assert found is not None, name
        return found.group(1)

    summary, pay = box("summary"), box("pay")
    assert 'data-rule="exclusionary"' in summary and "digital native" in summary
    assert 'data-rule="missing-information"' in pay
    assert box("title") == ""  # empty, so the style hides it
    # one list: every finding appears once on the page, beside its part
    assert page.count('data-rule="exclusionary"') == 1
    assert 'id="checks-h"' not in page
