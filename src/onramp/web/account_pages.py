"""Web pages for accounts, organizations, consent and privacy.

Forms are plain HTML posts. Logged-in forms carry the session's CSRF token; the log-in, sign-up
and reset forms use a double-submit token (a cookie and a hidden field that must match).
"""

from __future__ import annotations

import json
import secrets
from typing import Annotated, Any
from urllib.parse import urlparse

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, Response
from starlette.concurrency import run_in_threadpool

from onramp.api.auth import (
    SESSION_COOKIE,
    OptionalPrincipalDep,
    PlatformDep,
    PrincipalDep,
    clear_session_cookie,
    client_address,
    set_session_cookie,
)
from onramp.api.deps import jobs_service
from onramp.errors import InvalidInputError, OnrampError, PermissionDeniedError
from onramp.metrics.monitoring import reads_fairness
from onramp.platform import AccountKind, OrgKind, PurposeKind, Role, policy
from onramp.platform.activity import my_activity, org_activity
from onramp.platform.consent import PARTS
from onramp.platform.directory import organization_names
from onramp.platform.model import Page
from onramp.web import job_dashboard
from onramp.web.common import page as _page  # short local names: page and redirect
from onramp.web.common import redirect as _to
from onramp.web.metrics_monitor_pages import dashboard_alerts

router = APIRouter(include_in_schema=False)
FORM_COOKIE = "onramp_form"

ROLE_LABELS = {r: r.value.replace("_", " ") for r in Role}
DASHBOARD_ROWS = 10  # workers listed on a dashboard or organization page before "See all"
KIND_LABELS = {
    OrgKind.EMPLOYER: "Employer",
    OrgKind.TRAINING_PROVIDER: "Training provider or college",
    OrgKind.COMMUNITY_ORG: "Community organization (career navigators)",
    OrgKind.WORKFORCE_BOARD: "Workforce board",
}
PART_LABELS = {
    "profile": "My name, headline and summary",
    "contact": "My email address",
    "work_history": "My work history",
    "records": "My records (credentials)",
    "plan": "My career plan",
}


def _form_page(request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
    """An anonymous form with a fresh double-submit token."""
    token = secrets.token_urlsafe(24)
    response = _page(request, template, status, form_token=token, **context)
    response.set_cookie(FORM_COOKIE, token, httponly=True, samesite="strict", path="/")
    return response


def _check_form(request: Request, given: str) -> None:
    expected = request.cookies.get(FORM_COOKIE, "")
    if not expected or not secrets.compare_digest(expected, given):
        raise PermissionDeniedError("This form has expired. Reload the page and try again.")


def _safe_next(target: str) -> str:
    parsed = urlparse(target)
    if parsed.scheme or parsed.netloc or not target.startswith("/") or target.startswith("//"):
        return "/dashboard"
    return target


# -- sign-up, log-in, log-out, reset ----------------------------------------------------------
@router.get("/signup", response_class=HTMLResponse)
def signup_form(request: Request) -> HTMLResponse:
    return _form_page(request, "signup.html")


@router.post("/signup", response_class=HTMLResponse)
def signup(
    request: Request,
    p: PlatformDep,
    name: Annotated[str, Form(max_length=200)],
    email: Annotated[str, Form(max_length=320)],
    password: Annotated[str, Form(max_length=256)],
    form_token: Annotated[str, Form(max_length=100)],
    account_type: Annotated[str, Form(max_length=10)] = "worker",
) -> Response:
    _check_form(request, form_token)
    kind = AccountKind.STAFF if account_type == "staff" else AccountKind.WORKER
    try:
        user = p.accounts.sign_up(email, password, name, kind)
    except OnrampError as error:
        return _form_page(request, "signup.html", 422, error=str(error), name=name, email=email)
    token, _csrf = p.accounts.start_session(user)
    response = _to("/dashboard")
    set_session_cookie(request, response, token)
    return response


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request, next: str = "/dashboard") -> HTMLResponse:  # noqa: A002
    return _form_page(request, "login.html", next=_safe_next(next))


@router.post("/login", response_class=HTMLResponse)
def login(
    request: Request,
    p: PlatformDep,
    email: Annotated[str, Form(max_length=320)],
    password: Annotated[str, Form(max_length=256)],
    form_token: Annotated[str, Form(max_length=100)],
    next: Annotated[str, Form(max_length=500)] = "/dashboard",  # noqa: A002
) -> Response:
    _check_form(request, form_token)
    try:
        user = p.accounts.authenticate(email, password, client_address(request))
    except OnrampError as error:
        status = 429 if error.code == "rate_limited" else 401
        return _form_page(
            request, "login.html", status, error=str(error), email=email, next=_safe_next(next)
        )
    token, _csrf = p.accounts.start_session(user)
    response = _to(_safe_next(next))
    set_session_cookie(request, response, token)
    return response


@router.post("/logout")
def logout(request: Request, principal: PrincipalDep, p: PlatformDep) -> Response:
    p.accounts.log_out(principal, request.cookies.get(SESSION_COOKIE))
    response = _to("/")
    clear_session_cookie(response)
    return response


@router.get("/password-reset", response_class=HTMLResponse)
def reset_request_form(request: Request) -> HTMLResponse:
    return _form_page(request, "reset_request.html")


@router.post("/password-reset", response_class=HTMLResponse)
def reset_request(
    request: Request,
    p: PlatformDep,
    email: Annotated[str, Form(max_length=320)],
    form_token: Annotated[str, Form(max_length=100)],
) -> HTMLResponse:
    _check_form(request, form_token)
    p.accounts.request_reset(email)
    return _page(
        request,
        "message.html",
        title="Check your email",
        message="If an account uses that email, we sent it a link. It works for one hour.",
    )


@router.get("/reset-password", response_class=HTMLResponse)
def reset_form(request: Request, token: str = "") -> HTMLResponse:
    return _form_page(request, "reset.html", token=token)


@router.post("/reset-password", response_class=HTMLResponse)
def reset(
    request: Request,
    p: PlatformDep,
    token: Annotated[str, Form(max_length=200)],
    password: Annotated[str, Form(max_length=256)],
    form_token: Annotated[str, Form(max_length=100)],
) -> Response:
    _check_form(request, form_token)
    try:
        p.accounts.reset_password(token, password)
    except OnrampError as error:
        return _form_page(request, "reset.html", 422, error=str(error), token=token)
    return _to("/login")


# -- dashboard ----------------------------------------------------------------------------------
@router.get("/dashboard", response_class=HTMLResponse)
def dashboard(request: Request, principal: PrincipalDep, p: PlatformDep) -> HTMLResponse:
    context: dict[str, Any] = {"kind_labels": KIND_LABELS, "role_labels": ROLE_LABELS}
    if principal.user.kind is AccountKind.WORKER:
        grants = p.consents.of_worker(principal)
        context |= {
            "profile": p.workers.profile(principal),
            "active_grants": [g for g in grants if g.revoked_at is None],
            "activity": my_activity(p.engine, principal, 5),
            **job_dashboard.worker_jobs(jobs_service(request), principal),
        }
    else:
        orgs = []
        for org in p.orgs.mine(principal):
            roles = principal.roles_in(org.id)
            entry: dict[str, Any] = {"org": org, "roles": sorted(r.value for r in roles)}
            if roles:
                entry["people"] = p.orgs.people(principal, org.id)
                entry["sharing"] = _sharing(p, principal, org.id, 1, DASHBOARD_ROWS)
                entry["jobs"] = job_dashboard.org_jobs(jobs_service(request), principal, org)
                entry["fairness"] = org.kind is OrgKind.EMPLOYER and reads_fairness(
                    principal, org.id
                )
                if entry["fairness"]:
                    entry["fairness_alerts"] = dashboard_alerts(request, principal, org.id)
            orgs.append(entry)
        context["orgs"] = orgs
    return _page(request, "dashboard.html", **context)


# -- organizations ------------------------------------------------------------------------------
@router.get("/orgs/new", response_class=HTMLResponse)
def new_org_form(request: Request, principal: PrincipalDep) -> HTMLResponse:
    policy.require_staff(principal)
    return _page(request, "org_new.html", kind_labels=KIND_LABELS)


@router.post("/orgs/new", response_class=HTMLResponse)
def new_org(
    request: Request,
    principal: PrincipalDep,
    p: PlatformDep,
    name: Annotated[str, Form(max_length=200)],
    kind: Annotated[OrgKind, Form()],
) -> Response:
    try:
        org = p.orgs.create(principal, name, kind)
    except OnrampError as error:
        return _page(
            request, "org_new.html", 422, error=str(error), kind_labels=KIND_LABELS, name=name
        )
    return _to(f"/orgs/{org.id}")


@router.get("/orgs/{org_id}", response_class=HTMLResponse)
def org_page(
    request: Request,
    org_id: str,
    principal: PrincipalDep,
    p: PlatformDep,
    sent: str = "",
    revoked: str = "",
) -> HTMLResponse:
    return _org_page(request, principal, p, org_id, sent=sent, revoked=bool(revoked))


def _org_page(
    request: Request, principal: Any, p: Any, org_id: str, status: int = 200, **context: Any
) -> HTMLResponse:
    org = p.orgs.get(principal, org_id)
    is_admin = Role.ORG_ADMIN in principal.roles_in(org_id)
    return _page(
        request,
        "org.html",
        status,
        org=org,
        people=p.orgs.people(principal, org_id),
        sharing=_sharing(p, principal, org_id, 1, DASHBOARD_ROWS),
        is_admin=is_admin,
        invitations=p.orgs.pending_invitations(principal, org_id) if is_admin else [],
        roles=sorted(policy.roles_for(org.kind), key=lambda r: r.value),
        role_labels=ROLE_LABELS,
        kind_labels=KIND_LABELS,
        **context,
    )


def _sharing(p: Any, principal: Any, org_id: str, page: int, size: int) -> Page[Any] | None:
    """One page of the workers who share with the organization, or none for a caller the
    policy keeps from them (a platform admin overseeing the organization)."""
    try:
        return p.consents.workers_sharing(principal, org_id, page=page, size=size)
    except PermissionDeniedError:
        return None


@router.get("/orgs/{org_id}/workers", response_class=HTMLResponse)
def org_workers(
    request: Request,
    org_id: str,
    principal: PrincipalDep,
    p: PlatformDep,
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
) -> HTMLResponse:
    """Every worker who shares with the organization, a page at a time."""
    sharing = p.consents.workers_sharing(principal, org_id, page=page)
    return _page(request, "org_workers.html", org=p.orgs.get(principal, org_id), sharing=sharing)


@router.post("/orgs/{org_id}/invite", response_class=HTMLResponse)
def org_invite(
    request: Request,
    org_id: str,
    principal: PrincipalDep,
    p: PlatformDep,
    email: Annotated[str, Form(max_length=320)],
    role: Annotated[Role, Form()],
) -> Response:
    try:
        p.orgs.invite(principal, org_id, email, role)
    except InvalidInputError as error:  # a mistyped address: say so beside the form
        return _org_page(
            request, principal, p, org_id, 422, error=str(error), email=email, chosen=role
        )
    return _to(f"/orgs/{org_id}?sent={email}")


@router.post("/orgs/{org_id}/invitations/{invitation_id}/revoke")
def invitation_revoke(
    org_id: str, invitation_id: str, principal: PrincipalDep, p: PlatformDep
) -> Response:
    p.orgs.revoke_invitation(principal, org_id, invitation_id)
    return _to(f"/orgs/{org_id}?revoked=1")


@router.post("/orgs/{org_id}/invitations/{invitation_id}/resend")
def invitation_resend(
    org_id: str, invitation_id: str, principal: PrincipalDep, p: PlatformDep
) -> Response:
    email = p.orgs.resend_invitation(principal, org_id, invitation_id)
    return _to(f"/orgs/{org_id}?sent={email}")


@router.get("/orgs/{org_id}/audit", response_class=HTMLResponse)
def org_audit(request: Request, org_id: str, principal: PrincipalDep, p: PlatformDep) -> Response:
    entries = org_activity(p.engine, principal, org_id)
    org = p.orgs.get(principal, org_id)
    return _page(request, "activity.html", entries=entries, org=org)


@router.get("/invitations/accept", response_class=HTMLResponse)
def invitation_page(
    request: Request, p: PlatformDep, principal: OptionalPrincipalDep, token: str = ""
) -> HTMLResponse:
    invitation = p.orgs.invitation(token)
    return _page(
        request,
        "invitation.html",
        invitation=invitation,
        token=token,
        role_labels=ROLE_LABELS,
        next=f"/invitations/accept?token={token}",
    )


@router.post("/invitations/accept", response_class=HTMLResponse)
def invitation_accept(
    request: Request,
    principal: PrincipalDep,
    p: PlatformDep,
    token: Annotated[str, Form(max_length=200)],
) -> Response:
    org = p.orgs.accept(principal, token)
    return _to(f"/orgs/{org.id}")


# -- a worker's sharing, activity and privacy ------------------------------------------------------
@router.get("/me/sharing", response_class=HTMLResponse)
def sharing(request: Request, principal: PrincipalDep, p: PlatformDep) -> HTMLResponse:
    policy.require_worker(principal)
    return _page(
        request,
        "sharing.html",
        grants=p.consents.of_worker(principal),
        orgs=_org_choices(p),
        parts=PARTS,
        part_labels=PART_LABELS,
    )


def _org_choices(p: Any) -> list[Any]:
    """Organizations a worker can choose to share with (names only, no member data)."""
    return organization_names(p.engine)


@router.post("/me/sharing", response_class=HTMLResponse)
async def share(request: Request, principal: PrincipalDep, p: PlatformDep) -> Response:
    form = await request.form()

    def work() -> Response:  # the store is written off the event loop
        parts = [str(v) for v in form.getlist("parts")]
        try:
            p.consents.grant(
                principal,
                str(form.get("org_id", "")),
                parts,
                PurposeKind.OTHER,
                str(form.get("purpose_text", "")),
                int(str(form.get("days", "90")) or 90),
            )
        except (OnrampError, ValueError) as error:
            return _page(
                request,
                "sharing.html",
                422,
                error=str(error),
                grants=p.consents.of_worker(principal),
                orgs=_org_choices(p),
                parts=PARTS,
                part_labels=PART_LABELS,
            )
        return _to("/me/sharing")

    return await run_in_threadpool(work)


@router.post("/me/sharing/{grant_id}/revoke")
def stop_sharing(grant_id: str, principal: PrincipalDep, p: PlatformDep) -> Response:
    p.consents.revoke(principal, grant_id)
    return _to("/me/sharing")


@router.get("/me/activity", response_class=HTMLResponse)
def activity(request: Request, principal: PrincipalDep, p: PlatformDep) -> HTMLResponse:
    entries = my_activity(p.engine, principal)
    return _page(request, "activity.html", entries=entries, org=None)


@router.get("/me/export")
def export(principal: PrincipalDep, p: PlatformDep) -> Response:
    data = json.dumps(p.privacy.export(principal), indent=2, ensure_ascii=False)
    return Response(
        data,
        media_type="application/json",
        headers={"Content-Disposition": 'attachment; filename="onramp-my-data.json"'},
    )


@router.get("/me/delete", response_class=HTMLResponse)
def delete_form(request: Request, principal: PrincipalDep) -> HTMLResponse:
    return _page(request, "delete.html")


@router.post("/me/delete", response_class=HTMLResponse)
def delete(
    request: Request,
    principal: PrincipalDep,
    p: PlatformDep,
    password: Annotated[str, Form(max_length=256)],
) -> Response:
    try:
        p.privacy.delete_account(principal, password)
    except OnrampError as error:
        return _page(request, "delete.html", 422, error=str(error))
    response = _page(
        request,
        "message.html",
        title="Your account is deleted",
        message="We erased your personal data. Thank you for using Onramp.",
        principal=None,
    )
    clear_session_cookie(response)
    return response


@router.get("/me/profile", response_class=HTMLResponse)
def profile_form(request: Request, principal: PrincipalDep, p: PlatformDep) -> HTMLResponse:
    return _page(request, "profile.html", profile=p.workers.profile(principal))


@router.post("/me/profile", response_class=HTMLResponse)
async def profile_save(request: Request, principal: PrincipalDep, p: PlatformDep) -> Response:
    form = await request.form()

    def work() -> Response:  # the store is written off the event loop
        current = p.workers.profile(principal)
        history = list(current["work_history"])
        keep = {str(v) for v in form.getlist("keep_job")}
        history = [job for index, job in enumerate(history) if str(index) in keep]
        if str(form.get("new_title", "")).strip():
            history.insert(
                0,
                {
                    "title": str(form.get("new_title", "")),
                    "employer": str(form.get("new_employer", "")),
                    "start": str(form.get("new_start", "")),
                    "end": str(form.get("new_end", "")),
                },
            )
        try:
            p.workers.update(
                principal,
                headline=str(form.get("headline", "")),
                location=str(form.get("location", "")),
                summary=str(form.get("summary", "")),
                work_history=history,
            )
        except OnrampError as error:
            return _page(request, "profile.html", 422, error=str(error), profile=current)
        return _to("/dashboard")

    return await run_in_threadpool(work)


@router.get("/me/tokens", response_class=HTMLResponse)
def tokens_page(request: Request, principal: PrincipalDep, p: PlatformDep) -> HTMLResponse:
    return _page(request, "tokens.html", tokens=p.accounts.tokens(principal.user.id))


@router.post("/me/tokens", response_class=HTMLResponse)
async def tokens_create(request: Request, principal: PrincipalDep, p: PlatformDep) -> Response:
    form = await request.form()

    def work() -> Response:  # the store is written off the event loop
        scopes = [str(v) for v in form.getlist("scopes")] or ["read"]
        try:
            secret, _token = p.accounts.make_token(
                principal, str(form.get("name", "")), scopes, int(str(form.get("days", 90)))
            )
        except (OnrampError, ValueError) as error:
            return _page(
                request,
                "tokens.html",
                422,
                error=str(error),
                tokens=p.accounts.tokens(principal.user.id),
            )
        return _page(
            request, "tokens.html", secret=secret, tokens=p.accounts.tokens(principal.user.id)
        )

    return await run_in_threadpool(work)


@router.post("/me/tokens/{token_id}/revoke")
def tokens_revoke(token_id: str, principal: PrincipalDep, p: PlatformDep) -> Response:
    p.accounts.revoke_token(principal, token_id)
    return _to("/me/tokens")
