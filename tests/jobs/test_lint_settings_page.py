"""The organization's "Job post checks" page (issue 13, item 4): an admin turns a rule off,
adds words to a rule and sets the must-have limit; each save goes through the audited use
case, and the builder (saved findings and live linting) follows the new settings. Other
members read the settings but cannot change them."""

from __future__ import annotations

from html import unescape

from job_site import PASSWORD, Site
from test_pages import _edit_form, _new_job

from onramp.jobs.lint import LintSettings, RuleId
from onramp.platform import AccountKind, Role, audit
from onramp.platform.audit_actions import AuditAction


def _choices(csrf: str, off: tuple[str, ...] = (), **extra: str) -> dict[str, object]:
    on = [r.value for r in RuleId if r.value not in off]
    return {"csrf_token": csrf, "on": on} | extra


def test_an_admin_changes_the_checks_and_the_builder_follows(site: Site) -> None:
    page = site.boss.get(f"/orgs/{site.org_id}/jobs")
    assert f'href="/orgs/{site.org_id}/lint-settings"' in page.text
    url = f"/orgs/{site.org_id}/lint-settings"
    shown = unescape(site.boss.get(url).text)
    for rule in RuleId:  # every rule, with its plain sentence, and on by default
        assert rule.label in shown
        assert f'id="rule-{rule.value}" name="on" value="{rule.value}" checked' in shown
    form = _choices(
        site.boss_csrf,
        off=("gender-coded",),
        **{"terms-exclusionary": "rock star\n  Rock   star \nhustler", "max_must_haves": "3"},
    )
    saved = site.boss.post(url, data=form, follow_redirects=False)
    assert saved.status_code == 303 and saved.headers["location"] == url + "?saved=1"
    settings = site.jobs.lint_settings(site.org_id)
    assert settings == LintSettings(
        disabled=frozenset({RuleId.GENDER}),
        extra_terms={RuleId.EXCLUSIONARY: ("rock star", "hustler")},
        max_must_haves=3,
    )
    (entry,) = [
        e
        for e in audit.for_org(site.app.state.engine, site.org_id)
        if e.action == AuditAction.JOB_LINT_SETTINGS.value
    ]
    assert entry.actor_id == site.boss_principal.user.id
    assert entry.details["after"]["max_must_haves"] == 3
    again = unescape(site.boss.get(url + "?saved=1").text)
    assert "Saved." in again and 'value="gender-coded" checked' not in again
    assert 'value="jargon" checked' in again
    assert 'value="3"' in again and "hustler" in again

    # the builder: the added words are found, the rule turned off stays off, saved and live
    job_id = _new_job(site)
    edit = f"/orgs/{site.org_id}/jobs/{job_id}/edit"
    summary = "We want a hustler who is competitive."  # "competitive" is gender-coded
    site.boss.post(edit, data=_edit_form(site.boss_csrf, summary=summary))
    rules = {f.finding.rule for f in site.jobs.findings(site.boss_principal, job_id)}
    assert RuleId.EXCLUSIONARY in rules and RuleId.GENDER not in rules
    live = site.boss.post(
        f"/api/v1/jobs/{job_id}/lint",
        json={"text": summary},
        headers={"X-CSRF-Token": site.boss_csrf},
    )
    assert live.status_code == 200, live.text
    assert {f["rule"] for f in live.json()} == {"exclusionary"}
    public = site.anon.post("/api/v1/jobs/lint", json={"text": summary}).json()
    assert "gender-coded" in {f["rule"] for f in public}  # the defaults, for anyone


def test_bad_choices_are_shown_again_and_nothing_changes(site: Site) -> None:
    url = f"/orgs/{site.org_id}/lint-settings"
    form = _choices(
        site.boss_csrf, off=("jargon",), **{"terms-jargon": "KPI", "max_must_haves": "99"}
    )
    answer = site.boss.post(url, data=form)
    assert answer.status_code == 422
    text = unescape(answer.text)
    assert "The most must-haves is a whole number from 1 to 50." in text
    assert "KPI" in text and 'value="99"' in text  # as typed
    assert site.jobs.lint_settings(site.org_id) == LintSettings()


def test_other_members_read_the_checks_but_cannot_change_them(site: Site) -> None:
    p = site.app.state.platform
    user = p.accounts.sign_up("rae@shop.example", PASSWORD, "Rae Recruiter", AccountKind.STAFF)
    p.orgs.add_member(site.org_id, user, Role.RECRUITER, site.boss_principal.user.id)
    from fastapi.testclient import TestClient

    rae = TestClient(site.app)
    csrf = rae.post(
        "/api/v1/auth/login", json={"email": "rae@shop.example", "password": PASSWORD}
    ).json()["csrf_token"]
    url = f"/orgs/{site.org_id}/lint-settings"
    page = unescape(rae.get(url).text)
    assert "Only an admin of Corner Shop can change these checks." in page
    assert 'name="on"' not in page and RuleId.DEGREE.label in page
    refused = rae.post(url, data=_choices(csrf, off=("degree-requirement",)))
    assert refused.status_code == 403
    assert site.jobs.lint_settings(site.org_id) == LintSettings()
    # a worker, who is no member, cannot even read them
    assert site.worker.get(url).status_code == 403
