"""The page where an organization chooses how its job posts are checked (issue 13, item 4):
each linter rule with its plain sentence, on or off; the organization's own words for the
rules that take them; and the must-have limit.

Members may read the settings; only the organization's admins change them. Saving goes through
`Jobs.set_lint_settings`, which holds the policy and writes the audit record.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from starlette.concurrency import run_in_threadpool

from onramp.api.deps import PlatformDep, PrincipalDep, jobs_service
from onramp.api.errors import status_for
from onramp.errors import InvalidInputError
from onramp.jobs import policy as job_policy
from onramp.jobs.lint import LintSettings, RuleId
from onramp.jobs.lint.data import rule_data
from onramp.jobs.lint.settings import (
    MAX_MUST_HAVES_LIMIT,
    MAX_TERM_CHARS,
    TERM_RULES,
    settings_from_choices,
)
from onramp.web.common import page, redirect
from onramp.web.job_forms import SEVERITY_WORDS

router = APIRouter(include_in_schema=False)


def _rules(settings: LintSettings, typed: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    """One row a rule, as the page shows it (`typed`: what was sent, to show it again)."""
    data = rule_data()
    rows = []
    for rule in RuleId:
        if typed is not None:
            enabled, terms = rule.value in typed["on"], typed["terms"].get(rule.value, "")
        else:
            enabled = settings.enabled(rule)
            terms = "\n".join(settings.extra_terms.get(rule, ()))
        rows.append(
            {
                "id": rule.value,
                "sentence": rule.label,
                "severity": SEVERITY_WORDS[data.severity(rule).value],
                "enabled": enabled,
                "takes_terms": rule in TERM_RULES,
                "terms": terms,
                "is_limit": rule is RuleId.MUST_HAVE_INFLATION,
            }
        )
    return rows


def _settings_page(
    request: Request,
    principal: Any,
    p: Any,
    org_id: str,
    status: int = 200,
    typed: dict[str, Any] | None = None,
    **extra: Any,
) -> Response:
    settings = jobs_service(request).org_lint_settings(principal, org_id)  # members only
    limit = typed["limit"] if typed else str(settings.max_must_haves or "")
    default = rule_data().setting(RuleId.MUST_HAVE_INFLATION, "max_must_haves")
    return page(
        request,
        "lint_settings.html",
        status,
        org=p.orgs.get(principal, org_id),
        rules=_rules(settings, typed),
        limit=limit,
        default_limit=default,
        max_limit=MAX_MUST_HAVES_LIMIT,
        max_term_chars=MAX_TERM_CHARS,
        may_change=job_policy.may_change_lint(principal, org_id),
        **extra,
    )


@router.get("/orgs/{org_id}/lint-settings", response_class=HTMLResponse)
def lint_settings_page(
    request: Request, org_id: str, principal: PrincipalDep, p: PlatformDep, saved: str = ""
) -> Response:
    return _settings_page(request, principal, p, org_id, saved=bool(saved))


@router.post("/orgs/{org_id}/lint-settings", response_class=HTMLResponse)
async def save_lint_settings(
    request: Request, org_id: str, principal: PrincipalDep, p: PlatformDep
) -> Response:
    form = await request.form()
    on = {str(v) for v in form.getlist("on")}
    terms = {r.value: str(form.get(f"terms-{r.value}", "") or "") for r in TERM_RULES}
    limit = str(form.get("max_must_haves", "") or "")[:20]
    typed: dict[str, Any] = {"on": on, "terms": terms, "limit": limit}

    def work() -> Response:
        job_policy.require_lint_admin(principal, org_id)  # refused before the form is read
        off = [r.value for r in RuleId if r.value not in on]
        try:
            settings = settings_from_choices(off, terms, limit)
            jobs_service(request).set_lint_settings(principal, org_id, settings)
        except InvalidInputError as error:
            return _settings_page(
                request, principal, p, org_id, status_for(error), typed, error=str(error)
            )
        return redirect(f"/orgs/{org_id}/lint-settings?saved=1")

    return await run_in_threadpool(work)
