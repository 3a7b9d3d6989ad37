"""Web pages for credentials: the worker's wallet (add, check, share, export), an
organization's issuing desk (achievements, issue, revoke, trust registry, what workers shared),
and a public page to check any credential."""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, Response
from starlette.concurrency import run_in_threadpool

from onramp.api.deps import OptionalPrincipalDep, PlatformDep, PrincipalDep, ServiceDep
from onramp.credentials.issuing import ProofFormat, Recipient, parse_recipients_csv
from onramp.credentials.verify.binding import SubjectMatch
from onramp.credentials.verify.limits import MAX_RECIPIENTS_CSV_BYTES
from onramp.credentials.verify.report import Verdict
from onramp.errors import InvalidInputError, NotFoundError
from onramp.platform import PurposeKind, Role, Scope, policy
from onramp.platform.directory import organization_names
from onramp.taxonomy import Catalog
from onramp.taxonomy.skill_choices import chosen_skills, skill_choices
from onramp.web.common import page as _page  # short local names: page and redirect
from onramp.web.common import read_upload
from onramp.web.common import redirect as _to

router = APIRouter(include_in_schema=False)

# what an organization sees named, for each part a worker can share (platform.consent.PARTS)
SHARED_PART_LABELS = {
    "profile": "Profile",
    "contact": "Email address",
    "work_history": "Work history",
    "records": "Credentials",
    "plan": "Career plan",
    "skills": "Skills",
}
# an issued credential's state, and what the desk says after each change
STATE_WORDS = {"active": "Active", "suspended": "Paused", "revoked": "Revoked"}
CHANGE_WORDS = {
    "revoke": "The credential is revoked.",
    "suspend": "The credential is paused. You can turn it back on.",
    "reinstate": "The credential is turned back on.",
    "define": "The achievement is saved. You can issue it now.",
}
STATUS_WORDS = {"pass": "OK", "fail": "Problem", "warn": "Note", "skip": "Not needed"}
# the wallet table's one or two words per verdict (the item page gives the whole sentence)
VERDICT_WORDS = {
    Verdict.VERIFIED: "Checked: OK",
    Verdict.REVOKED: "Revoked",
    Verdict.SUSPENDED: "Suspended",
    Verdict.STATUS_UNCONFIRMED: "Could not confirm",
    Verdict.EXPIRED: "Expired",
    Verdict.NOT_YET_VALID: "Not valid yet",
    Verdict.NOT_ABOUT_HOLDER: "Not about you",
    Verdict.KEY_UNAVAILABLE: "Could not check",
    Verdict.TAMPERED: "Seal does not match",
    Verdict.UNREADABLE: "Cannot read",
    Verdict.NOT_VERIFIED: "Has a problem",
}


# -- the worker's wallet ---------------------------------------------------------------------
def _wallet_page(
    request: Request, principal: Any, p: Any, s: Any, status: int = 200, **extra: Any
) -> HTMLResponse:
    return _page(
        request,
        "wallet.html",
        status,
        items=s.wallet.items(principal, fresh=True),
        verdict_words=VERDICT_WORDS,
        did=s.wallet.holder_did(principal),
        shared=s.wallet.shared_by(principal),
        orgs=organization_names(p.engine),
        **extra,
    )


@router.get("/wallet", response_class=HTMLResponse)
def wallet(request: Request, principal: PrincipalDep, p: PlatformDep, s: ServiceDep) -> Response:
    policy.require_worker(principal)
    return _wallet_page(request, principal, p, s)


@router.post("/wallet/add", response_class=HTMLResponse)
async def wallet_add(
    request: Request, principal: PrincipalDep, p: PlatformDep, s: ServiceDep
) -> Response:
    form = await request.form()
    data = await read_upload(form, "file")
    pasted = str(form.get("pasted", "")).strip()
    url = str(form.get("url", "")).strip()

    def add() -> Response:  # verifying and storing run off the event loop
        try:
            if data:
                is_image = data[:4] == b"\x89PNG" or b"<svg" in data[:2048]
                item = s.wallet.add(principal, data, "image" if is_image else "file")
            elif pasted:
                item = s.wallet.add(principal, pasted, "paste")
            elif url:
                item = s.wallet.add_from_url(principal, url)
            else:
                raise InvalidInputError(
                    "Choose a file, paste a credential, or give its web address."
                )
        except (InvalidInputError, NotFoundError) as error:
            return _wallet_page(request, principal, p, s, 422, error=str(error))
        return _to(f"/wallet/{item.id}")

    return await run_in_threadpool(add)


@router.get("/wallet/claim", response_class=HTMLResponse)
def claim_form(request: Request, principal: PrincipalDep, token: str = "") -> Response:
    policy.require_worker(principal)
    return _page(request, "claim.html", token=token)


@router.post("/wallet/claim", response_class=HTMLResponse)
def claim(
    request: Request,
    principal: PrincipalDep,
    s: ServiceDep,
    token: Annotated[str, Form(max_length=200)],
) -> Response:
    try:
        item = s.wallet.claim(principal, token)
    except (InvalidInputError, NotFoundError) as error:
        return _page(request, "claim.html", 422, token=token, error=str(error))
    return _to(f"/wallet/{item.id}")


@router.get("/wallet/export")
def wallet_export(principal: PrincipalDep, s: ServiceDep) -> Response:
    data = json.dumps(s.wallet.export(principal), indent=2, ensure_ascii=False)
    return Response(
        data,
        media_type="application/json",
        headers={"Content-Disposition": 'attachment; filename="onramp-wallet.json"'},
    )


@router.get("/wallet/resume")
def wallet_resume(principal: PrincipalDep, p: PlatformDep, s: ServiceDep) -> Response:
    data = json.dumps(s.wallet.resume(principal, p.workers.profile(principal)), indent=2)
    return Response(
        data,
        media_type="application/json",
        headers={"Content-Disposition": 'attachment; filename="onramp-resume-ler-rs.json"'},
    )


@router.post("/wallet/share", response_class=HTMLResponse)
async def wallet_share(
    request: Request, principal: PrincipalDep, p: PlatformDep, s: ServiceDep
) -> Response:
    form = await request.form()

    def share() -> Response:  # checking and signing run off the event loop
        try:
            s.wallet.share(
                principal,
                str(form.get("org_id", "")),
                [str(v) for v in form.getlist("item_ids")],
                str(form.get("purpose_text", "")),
                purpose_kind=PurposeKind.JOB_APPLICATION,
                days=int(str(form.get("days", "90")) or 90),
            )
        except (InvalidInputError, NotFoundError, ValueError) as error:
            return _wallet_page(request, principal, p, s, 422, share_error=str(error))
        return _to("/wallet?shared=1")

    return await run_in_threadpool(share)


@router.get("/wallet/{item_id}", response_class=HTMLResponse)
def wallet_item(
    request: Request, item_id: str, principal: PrincipalDep, s: ServiceDep, sent: str = ""
) -> Response:
    item = s.wallet.view(principal, item_id)  # checked each time it is viewed
    return _page(
        request,
        "wallet_item.html",
        item=item,
        words=STATUS_WORDS,
        unconfirmed=item.subject_match is SubjectMatch.UNCONFIRMED_EMAIL,
        suggested=s.wallet.emails_named(item) or [principal.user.email],
        sent=sent[:320],
    )


@router.post("/wallet/{item_id}/recheck")
def wallet_recheck(item_id: str, principal: PrincipalDep, s: ServiceDep) -> Response:
    s.wallet.recheck(principal, item_id)
    return _to(f"/wallet/{item_id}")


@router.post("/wallet/{item_id}/remove")
def wallet_remove(item_id: str, principal: PrincipalDep, s: ServiceDep) -> Response:
    s.wallet.remove(principal, item_id)
    return _to("/wallet")


# -- an organization's issuing desk ----------------------------------------------------------
def _desk(
    request: Request, org_id: str, principal: Any, p: Any, s: Any, status: int = 200, **extra: Any
) -> HTMLResponse:
    org = p.orgs.get(principal, org_id)
    roles = principal.roles_in(org_id)
    return _page(
        request,
        "org_credentials.html",
        status,
        org=org,
        can_issue=bool(roles & policy.ISSUER_ROLES),
        is_admin=Role.ORG_ADMIN in roles,
        achievements=s.issuing.achievements(principal, org_id),
        issued=s.issuing.issued(principal, org_id, limit=200),
        trusted=s.trust.of_org(principal, org_id),
        shared=s.wallet.shared_with(principal, org_id),
        did=s.site.org_did(org.slug),
        proof_formats=list(ProofFormat),
        state_words=STATE_WORDS,
        change_words=CHANGE_WORDS,
        **extra,
    )


@router.get("/orgs/{org_id}/credentials", response_class=HTMLResponse)
def desk(
    request: Request, org_id: str, principal: PrincipalDep, p: PlatformDep, s: ServiceDep
) -> Response:
    return _desk(request, org_id, principal, p, s)


@router.post("/orgs/{org_id}/achievements", response_class=HTMLResponse)
async def desk_define(
    request: Request, org_id: str, principal: PrincipalDep, p: PlatformDep, s: ServiceDep
) -> Response:
    """Save an achievement, or (the "Find skills" button, which works without a script) show
    skills matching the search words, keeping everything typed so far."""
    form = await request.form()
    typed = {k: str(form.get(k, "")) for k in ("name", "description", "criteria", "levels")}
    levels = [
        (line.split(":", 1)[0], line.split(":", 1)[1] if ":" in line else "")
        for line in typed["levels"].splitlines()
        if line.strip()
    ]
    picked = [str(v) for v in form.getlist("skills")]
    codes = str(form.get("skill_codes", ""))
    skills = picked + [x for x in codes.replace(",", "\n").splitlines() if x.strip()]
    query = str(form.get("skill_q", ""))[:200]

    def draft(**more: Any) -> dict[str, Any]:
        """What the registrar typed and picked, to show the form again as they left it."""
        chosen = chosen_skills(Catalog(p.engine), picked)
        return {**typed, "skill_q": query, "skill_codes": codes, "picked": chosen, **more}

    def define() -> Response:
        policy.require_issuer(principal, org_id)
        if "find_skills" in form:
            found = skill_choices(Catalog(p.engine), query, 10)
            return _desk(request, org_id, principal, p, s, draft=draft(choices=found))
        try:
            s.issuing.define(
                principal,
                org_id,
                name=typed["name"],
                criteria=typed["criteria"],
                description=typed["description"],
                skills=skills,
                levels=levels,
            )
        except (InvalidInputError, NotFoundError) as error:
            return _desk(
                request, org_id, principal, p, s, 422, define_error=str(error), draft=draft()
            )
        return _to(f"/orgs/{org_id}/credentials?changed=define")

    return await run_in_threadpool(define)


@router.post("/orgs/{org_id}/issue", response_class=HTMLResponse)
async def desk_issue(
    request: Request, org_id: str, principal: PrincipalDep, p: PlatformDep, s: ServiceDep
) -> Response:
    policy.require_issuer(principal, org_id)  # before reading the upload
    form = await request.form()
    data = await read_upload(form, "csv", MAX_RECIPIENTS_CSV_BYTES)

    def issue() -> Response:  # signing and storing run off the event loop
        try:
            if data:
                recipients = parse_recipients_csv(data.decode("utf-8", "replace"))
            else:
                to = str(form.get("recipient", "")).strip()
                level = str(form.get("level", "")).strip()
                recipients = [
                    Recipient(did=to, level_id=level)
                    if to.startswith("did:")
                    else Recipient(to, "", level)
                ]
            issued = s.issue(
                principal,
                org_id,
                str(form.get("achievement_id", "")),
                recipients,
                str(form.get("format", "ldp")),
            )
        except (InvalidInputError, NotFoundError) as error:
            return _desk(request, org_id, principal, p, s, 422, issue_error=str(error))
        return _to(f"/orgs/{org_id}/credentials?issued={len(issued)}")

    return await run_in_threadpool(issue)


@router.get("/orgs/{org_id}/credentials/{credential_id}/revoke", response_class=HTMLResponse)
def desk_revoke_confirm(
    request: Request, org_id: str, credential_id: str, principal: PrincipalDep, s: ServiceDep
) -> Response:
    """Revoking is final, so the list's Revoke button leads here first (no script needed)."""
    policy.require_issuer(principal, org_id)
    credential = s.issuing.get_issued(principal, org_id, credential_id)
    return _page(request, "revoke_confirm.html", org_id=org_id, credential=credential)


@router.post("/orgs/{org_id}/credentials/{credential_id}/{action}")
async def desk_change(
    request: Request,
    org_id: str,
    credential_id: str,
    action: str,
    principal: PrincipalDep,
    s: ServiceDep,
) -> Response:
    form = await request.form()
    if action == "revoke" and form.get("confirmed") != "yes":
        policy.require_issuer(principal, org_id)
        policy.require_scope(principal, Scope.WRITE)
        # a revoke that did not come through the confirm page goes there first
        return _to(f"/orgs/{org_id}/credentials/{credential_id}/revoke")
    await run_in_threadpool(s.issuing.change_state, principal, org_id, credential_id, action)
    return _to(f"/orgs/{org_id}/credentials?changed={action}")


@router.post("/orgs/{org_id}/trust", response_class=HTMLResponse)
async def desk_trust(
    request: Request, org_id: str, principal: PrincipalDep, p: PlatformDep, s: ServiceDep
) -> Response:
    form = await request.form()
    skills = [x for x in str(form.get("skills", "")).replace(",", "\n").splitlines() if x.strip()]

    def trust() -> Response:
        try:
            s.trust.add(
                principal, org_id, str(form.get("issuer_id", "")), str(form.get("name", "")), skills
            )
        except (InvalidInputError, NotFoundError) as error:
            return _desk(request, org_id, principal, p, s, 422, trust_error=str(error))
        return _to(f"/orgs/{org_id}/credentials")

    return await run_in_threadpool(trust)


@router.post("/orgs/{org_id}/trust/{entry_id}/remove")
def desk_untrust(org_id: str, entry_id: str, principal: PrincipalDep, s: ServiceDep) -> Response:
    s.trust.remove(principal, org_id, entry_id)
    return _to(f"/orgs/{org_id}/credentials")


@router.get("/orgs/{org_id}/workers/{worker_id}", response_class=HTMLResponse)
def worker_page(
    request: Request,
    org_id: str,
    worker_id: str,
    principal: PrincipalDep,
    p: PlatformDep,
    s: ServiceDep,
) -> HTMLResponse:
    """What one worker shares with the organization now: the parts of their profile and the
    credentials, whichever they chose."""
    view = p.consents.worker_view(principal, org_id, worker_id)
    return _page(
        request,
        "worker.html",
        view=view,
        org=p.orgs.get(principal, org_id),
        part_labels=SHARED_PART_LABELS,
        presentations=s.wallet.shared_with(principal, org_id, worker_id),
    )


@router.get("/orgs/{org_id}/presentations/{presentation_id}", response_class=HTMLResponse)
def desk_presentation(
    request: Request, org_id: str, presentation_id: str, principal: PrincipalDep, s: ServiceDep
) -> Response:
    opened = s.wallet.open_shared(principal, org_id, presentation_id)
    return _page(request, "presentation.html", shared=opened, org_id=org_id, words=STATUS_WORDS)


# -- anyone: check a credential --------------------------------------------------------------
@router.get("/verify", response_class=HTMLResponse)
def verify_form(request: Request, principal: OptionalPrincipalDep) -> Response:
    return _page(request, "verify.html")


@router.post("/verify", response_class=HTMLResponse)
async def verify(request: Request, principal: OptionalPrincipalDep, s: ServiceDep) -> Response:
    form = await request.form()
    try:
        data = await read_upload(form, "file") or str(form.get("pasted", "")).strip().encode()
        if not data:
            raise InvalidInputError("Choose a file or paste a credential to check.")
    except (InvalidInputError, NotFoundError) as error:
        return _page(request, "verify.html", 422, error=str(error))

    def check() -> Response:  # verification runs off the event loop, within its time budget
        try:
            report = s.verifier().verify(data, "your credential")
        except InvalidInputError as error:  # too large to read
            return _page(request, "verify.html", 422, error=str(error))
        return _page(request, "verify.html", report=report.to_json(), words=STATUS_WORDS)

    return await run_in_threadpool(check)
